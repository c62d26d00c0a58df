"""Slides from the notebooks themselves: each cell's ``slideshow`` metadata, by one rule.

JupyterLab's slideshow extension (jupyterlab-rise: *View ▸ Render as slideshow*, Alt-R) and
the static decks of ``make slides`` (``docs/slides.py``) both read the standard
``metadata.slideshow.slide_type`` of each cell. This tool writes it, so that no deck is edited
by hand and none drifts from its notebook; ``tests/test_slides.py`` fails when a notebook's
metadata is not what :func:`slide_types` gives.

The rule, in the notebook's order:

- the title cell (title, objectives, time) opens the deck: ``slide``;
- every ``## `` section starts a ``slide``; every ``### `` heading (an exercise, an optional
  part), every figure (a code cell with a picture in its outputs) and the first question of
  *Check your understanding* a ``subslide`` (reveal.js puts subslides below their slide);
- the *Setup* section, the *Where to work* note, and every solution (its ``#### Solution``
  heading and the folded cells under it) are ``skip``: slides are shown before the learners
  try, and the setup runs before the talk (Run All, then Render as slideshow);
- any other cell continues the slide (``-``), unless the slide would then be taller than
  about :data:`BUDGET` lines: then it starts a ``subslide``.

The notebook's ``rise`` metadata turns on scrolling for the odd slide that is still too tall
(a long title cell).

    .venv/bin/python tools/slides.py            # write the metadata into notebooks/*.ipynb
    .venv/bin/python tools/slides.py --check    # exit 1 if a notebook's metadata is stale
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

#: About how many lines of text fit on one 960×700 slide (JupyterLab's fonts, headings taller).
BUDGET = 24
#: Characters in one line of text on a slide.
LINE_CHARS = 95
#: What a figure takes, in lines of text.
FIGURE_LINES = 14
#: The notebook-level options of jupyterlab-rise.
RISE = {"scroll": True, "transition": "none"}
PICTURE = re.compile(r"^image/")


def cell_lines(cell) -> float:
    """About how many lines of text ``cell`` takes on a slide (a folded ``<details>`` block:
    its summary line only)."""
    if cell.cell_type == "markdown":
        text = re.sub(r"<details>.*?</summary>.*?</details>", "▸", cell.source, flags=re.S)
        return sum(math.ceil(len(line) / LINE_CHARS) if line.strip() else 0.5 for line in text.splitlines())
    lines = 0.8 * (len(cell.source.splitlines()) + 1)
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if any(PICTURE.match(kind) for kind in data):
            lines += FIGURE_LINES
        else:
            text = output.get("text") or data.get("text/plain") or ""
            text = "".join(text) if isinstance(text, list) else text
            lines += 0.8 * min(len(text.splitlines()), 20)
    return lines


def has_figure(cell) -> bool:
    return cell.cell_type == "code" and any(
        any(PICTURE.match(kind) for kind in output.get("data", {})) for output in cell.get("outputs", []))


def slide_types(nb) -> list[str]:
    """The ``slide_type`` of each cell of ``nb``, by the rule in this module's docstring."""
    types, height, in_setup, asked = [], 0.0, False, False
    for index, cell in enumerate(nb.cells):
        source = cell.source.lstrip()
        folded = cell.metadata.get("jupyter", {}).get("source_hidden", False)
        question = "question" in cell.metadata.get("nn4", {})
        if source.startswith("## "):
            in_setup = source.startswith("## Setup")
        if index == 0:
            kind = "slide"
        elif (in_setup or folded or cell.get("id") == "where-to-work"
              or source.startswith("#### Solution")):
            kind = "skip"
        elif source.startswith("## "):
            kind = "slide"
        elif source.startswith("### ") or has_figure(cell) or (question and not asked):
            kind = "subslide"
        elif height + cell_lines(cell) > BUDGET:
            kind = "subslide"
        else:
            kind = "-"
        asked = asked or question
        if kind in ("slide", "subslide"):
            height = cell_lines(cell)
        elif kind == "-":
            height += cell_lines(cell)
        types.append(kind)
    return types


def mark(nb) -> bool:
    """Write :func:`slide_types` and the ``rise`` options into ``nb``; True if anything changed."""
    changed = nb.metadata.get("rise") != RISE
    nb.metadata["rise"] = dict(RISE)
    for cell, kind in zip(nb.cells, slide_types(nb)):
        if cell.metadata.get("slideshow", {}).get("slide_type") != kind:
            cell.metadata["slideshow"] = {"slide_type": kind}
            changed = True
    return changed


def main(argv=None) -> int:
    import nbformat

    parser = argparse.ArgumentParser(description="Write (or --check) each notebook's slide metadata.")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook is stale")
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    args = parser.parse_args(argv)
    stale = []
    for path in args.notebooks or sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if mark(nb):
            stale.append(path.name)
            if not args.check:
                path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    if args.check and stale:
        print(f"slide metadata is stale in {', '.join(stale)}: run .venv/bin/python tools/slides.py")
        return 1
    print(f"{'stale' if args.check else 'updated'}: {', '.join(stale) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
