"""The markers that keep every exercise's solution folded until the learner opens it, on
JupyterLab, Colab and the website: written by this tool, checked by ``tests/test_solutions.py``.

A solution starts at a Markdown heading ``#### Solution to exercise N`` (a neutral heading,
left visible) and is every cell after it that is folded in JupyterLab, up to the first cell
that is not. Each such cell gets:

- code: ``jupyter.source_hidden`` and ``jupyter.outputs_hidden`` (JupyterLab folds the cell and
  shows its first line); ``"cellView": "form"`` and a first line ``# @title Solution to exercise
  N (double-click to show)`` (Colab folds only such form cells, and shows the title); the tag
  ``hide-cell`` (the website folds code and output under one toggle); and, when it shows
  anything, its body inside ``with folded_output():`` (``helpers/exercises/fold.py``), because
  JupyterLab unfolds the outputs of the cells it runs: so Run All keeps the output folded too;
- Markdown (the solution's explanation): ``jupyter.source_hidden``, and its text inside an
  HTML ``<details>`` block whose summary is neutral, because JupyterLab unfolds the Markdown
  cells that Run All renders, and Colab and the website ignore JupyterLab's fold.

    .venv/bin/python tools/solutions.py notebooks/*.ipynb          # write the markers in place
    .venv/bin/python tools/solutions.py --check notebooks/*.ipynb  # list what is missing (exit 1)
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HEADING = re.compile(r"^#### Solution to exercise (\d+)\b")
TITLE = "# @title Solution to exercise {n}{part} (double-click to show)"
TITLE_LINE = re.compile(r"^# @title Solution to exercise (\d+)(, part \d+)? \(double-click to show\)$")
WITH_LINE = "with folded_output():"
SITE_TAG = "hide-cell"
DETAILS_OPEN = "<details><summary>Explanation of the solution to exercise {n}{part} (click to open)</summary>"
DETAILS_LINE = re.compile(r"^<details><summary>Explanation of the solution to exercise (\d+)(, part \d+)? \(click to open\)</summary>$")


def solutions(nb):
    """``(n, [cell indices])`` for every solution of the notebook, in order.

    >>> import nbformat
    >>> md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    >>> fold = {"jupyter": {"source_hidden": True}}
    >>> nb = nbformat.v4.new_notebook(cells=[md("#### Solution to exercise 2"), code("x", metadata=fold),
    ...                                       md("ok", metadata=fold), code("y")])
    >>> solutions(nb)
    [(2, [1, 2])]
    """
    found = []
    for i, cell in enumerate(nb.cells):
        match = HEADING.match(cell.source) if cell.cell_type == "markdown" else None
        if not match:
            continue
        cells = []
        for j in range(i + 1, len(nb.cells)):
            if not nb.cells[j].metadata.get("jupyter", {}).get("source_hidden"):
                break
            cells.append(j)
        found.append((int(match.group(1)), cells))
    return found


def _indent(source: str) -> str:
    return "\n".join(("    " + line) if line.strip() else "" for line in source.splitlines())


def mark_code(cell, n: int, part: int) -> None:
    """Give a solution's code cell its markers (idempotent)."""
    lines = cell.source.splitlines()
    if lines and TITLE_LINE.match(lines[0]):
        lines = lines[1:]
    body = "\n".join(lines)
    shows_something = bool(cell.get("outputs"))
    if shows_something and not body.startswith(WITH_LINE):
        if '"""' in body or "'''" in body:
            raise ValueError(f"exercise {n}: a multi-line string would change when indented; fold this cell by hand")
        body = WITH_LINE + "\n" + _indent(body)
    title = TITLE.format(n=n, part=f", part {part}" if part > 1 else "")
    cell.source = title + "\n" + body
    cell.metadata.setdefault("jupyter", {}).update(source_hidden=True, outputs_hidden=True)
    cell.metadata["cellView"] = "form"
    tags = cell.metadata.setdefault("tags", [])
    if SITE_TAG not in tags:
        tags.append(SITE_TAG)


def mark_markdown(cell, n: int, part: int = 1) -> None:
    """Put a solution's explanation (its ``part``-th Markdown cell) inside a closed <details> block
    (idempotent); a second or later part says so in its summary."""
    lines = cell.source.splitlines()
    if lines and DETAILS_LINE.match(lines[0]):  # written before: take the text out of the old block
        body = "\n".join(lines[1:]).strip("\n")
        body = body[: -len("</details>")].strip("\n") if body.endswith("</details>") else body
    else:
        body = cell.source.strip("\n")
    opening = DETAILS_OPEN.format(n=n, part=f", part {part}" if part > 1 else "")
    cell.source = opening + "\n\n" + body + "\n\n</details>"
    cell.metadata.setdefault("jupyter", {})["source_hidden"] = True


def split_headings(nb) -> None:
    """A heading cell that also holds the solution's explanation becomes the heading alone (shown)
    and, right after it, a folded cell with the explanation."""
    import nbformat

    for i in range(len(nb.cells) - 1, -1, -1):
        cell = nb.cells[i]
        if cell.cell_type != "markdown" or not HEADING.match(cell.source):
            continue
        heading, _, rest = cell.source.partition("\n")
        if rest.strip():
            cell.source = heading
            nb.cells.insert(i + 1, nbformat.v4.new_markdown_cell(rest.strip("\n"),
                                                                 metadata={"jupyter": {"source_hidden": True}}))


def problems(nb) -> list[str]:
    """What is missing for every solution to stay folded on every platform ([] when nothing)."""
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and HEADING.match(cell.source) and len(cell.source.strip().splitlines()) > 1:
            found.append(f"cell {i}: a solution's heading is shown, so it holds the heading line alone")
    for n, cells in solutions(nb):
        if not cells:
            found.append(f"exercise {n}: no folded cell after its heading")
        code_cells = [i for i in cells if nb.cells[i].cell_type == "code"]
        for i in cells:
            cell, where = nb.cells[i], f"exercise {n}, cell {i}"
            lines = cell.source.splitlines() or [""]
            if cell.cell_type == "code":
                part = code_cells.index(i) + 1
                want = TITLE.format(n=n, part=f", part {part}" if part > 1 else "")
                if lines[0] != want:
                    found.append(f"{where}: first line should be {want!r}")
                if not cell.metadata.get("jupyter", {}).get("outputs_hidden"):
                    found.append(f"{where}: jupyter.outputs_hidden missing")
                if cell.metadata.get("cellView") != "form":
                    found.append(f"{where}: Colab's cellView 'form' missing")
                if SITE_TAG not in cell.metadata.get("tags", []):
                    found.append(f"{where}: the website's {SITE_TAG!r} tag missing")
                if cell.get("outputs") and (len(lines) < 2 or lines[1] != WITH_LINE):
                    found.append(f"{where}: it shows output, so its body belongs in {WITH_LINE!r}")
            else:
                part = [j for j in cells if nb.cells[j].cell_type == "markdown"].index(i) + 1
                want = DETAILS_OPEN.format(n=n, part=f", part {part}" if part > 1 else "")
                if lines[0] != want or not cell.source.rstrip().endswith("</details>"):
                    found.append(f"{where}: the explanation belongs in a closed <details> block opening {want!r}")
    return found


def main(argv=None) -> int:
    import nbformat

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only list what is missing (exit 1 if anything)")
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    status = 0
    for path in args.notebooks:
        nb = nbformat.read(path, as_version=4)
        if args.check:
            for problem in problems(nb):
                print(f"{path.name}: {problem}")
                status = 1
            continue
        split_headings(nb)
        for n, cells in solutions(nb):
            heading = next(c for c in reversed(nb.cells[: cells[0]]) if HEADING.match(c.source)) if cells else None
            if heading is not None:  # a neutral heading: shown, so the learner sees where the solution is
                heading.metadata.get("jupyter", {}).pop("source_hidden", None)
                if heading.metadata.get("jupyter") == {}:
                    del heading.metadata["jupyter"]
            part = text_part = 0
            for i in cells:
                if nb.cells[i].cell_type == "code":
                    part += 1
                    mark_code(nb.cells[i], n, part)
                else:
                    text_part += 1
                    mark_markdown(nb.cells[i], n, text_part)
        path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
