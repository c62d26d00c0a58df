"""A class's timeline, section by section: how long a student spends in each section of a
notebook's core path (reading, running, the exercises and questions), for the instructors' page.

The clock is the one two fresh readers used to set the notebooks' **Time** lines (issue 31),
written down so that it can be re-applied whenever a notebook changes:

- prose (Markdown outside folds) at 200 words a minute; 30 s for each display formula;
- a code cell: 30 s to read and start it plus 3 s a line, and the time it runs, **measured**
  (``--measure`` executes every notebook once here, on all CPUs, and keeps each cell's seconds
  in ``docs/timelines.json``);
- 30 s for each figure a cell shows;
- an exercise on the core path: 7 minutes to try it; each check-your-understanding question:
  1.5 minutes (reading its answer included).

Solutions (folded, ``tools/solutions.py``) and the *What a good answer mentions* folds count in
the exercise's minutes, not as prose. A section is a ``##`` heading; a ``###`` heading that ends
in "(optional)" starts an optional part, reported apart.

    .venv/bin/python benchmarks/timeline.py --measure   # execute the notebooks, write docs/timelines.json
    .venv/bin/python benchmarks/timeline.py             # write the tables into docs/instructors.md

The clock's total differs from the fresh readers' (they read more slowly where the maths is
dense): each table shares the notebook's **Time** line (its core minutes, from
``notebooks/course.toml``) out over the sections in proportion to the clock's minutes, so
that a class plan adds up to the Time line; the clock's own minutes stand beside them.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools import solutions  # noqa: E402

DATA = ROOT / "docs" / "timelines.json"
PAGE = ROOT / "docs" / "instructors.md"
MARKERS = ("<!-- timeline {number} start -->", "<!-- timeline {number} end -->")
WORDS_PER_MINUTE = 200
FORMULA_S, CODE_CELL_S, CODE_LINE_S, FIGURE_S = 30, 30, 3, 30
EXERCISE_MIN, QUESTION_MIN = 7, 1.5
FOLD = re.compile(r"<details>.*?</details>", re.S)
DISPLAY = re.compile(r"\$\$.+?\$\$", re.S)
EXERCISE = re.compile(r"^#{3,4} Exercise \d+.*$", re.M)


def _words(markdown: str, folds: bool = False) -> int:
    text = DISPLAY.sub(" ", markdown if folds else FOLD.sub(" ", markdown))
    text = re.sub(r"</?(details|summary)>", " ", text)
    text = re.sub(r"\$[^$]*\$", " x ", text)            # inline maths: a word
    text = re.sub(r"\(https?://[^)]*\)|[|#*`>_-]", " ", text)  # link targets, table and emphasis marks
    return len(text.split())


def sections(nb) -> list[dict]:
    """The notebook's sections in order: ``{"title", "optional", "cells": [index, ...]}``. A ``##``
    heading starts one (optional if it ends in "(optional)"); inside it, a ``###`` heading that
    ends in "(optional)" starts an optional part, and the next ``###`` heading that does not
    returns to the section's own path. Folded solution cells are left out (the exercise's
    minutes count them)."""
    folded = {i for _, cells in solutions.solutions(nb) for i in cells}
    found = [{"title": "(title and setup)", "optional": False, "cells": []}]
    top = found[0]
    for i, cell in enumerate(nb.cells):
        first = cell.source.splitlines()[0].rstrip() if cell.cell_type == "markdown" and cell.source else ""
        if first.startswith("## "):
            top = {"title": first[3:].strip(), "optional": first.endswith("(optional)"), "cells": []}
            found.append(top)
        elif first.startswith("### ") and not top["optional"]:
            part_optional = first.endswith("(optional)")
            if part_optional or found[-1] is not top and found[-1]["optional"]:
                found.append({"title": f"{top['title']} › {first[4:].strip()}", "optional": part_optional,
                              "cells": []})
        if i not in folded:
            found[-1]["cells"].append(i)
    return [s for s in found if s["cells"]]


def minutes(nb, cell_seconds: dict[str, float]) -> list[dict]:
    """For every section, by the clock: reading, running and trying minutes (``cell_seconds``: a
    code cell's id -> the seconds it ran)."""
    rows = []
    for section in sections(nb):
        read = run = practice = 0.0
        for i in section["cells"]:
            cell = nb.cells[i]
            if cell.cell_type == "markdown":
                if cell.metadata.get("nn4", {}).get("question"):
                    practice += QUESTION_MIN
                    continue
                read += _words(cell.source) / WORDS_PER_MINUTE + len(DISPLAY.findall(cell.source)) * FORMULA_S / 60
                core_exercises = [h for h in EXERCISE.findall(cell.source) if not h.rstrip().endswith("(optional)")]
                practice += len(core_exercises) * EXERCISE_MIN * (not section["optional"])
            else:
                lines = [line for line in cell.source.splitlines() if line.strip() and not line.lstrip().startswith("#")]
                figures = sum("image/png" in o.get("data", {}) for o in cell.get("outputs", []))
                read += (CODE_CELL_S + CODE_LINE_S * len(lines) + FIGURE_S * figures) / 60
                run += cell_seconds.get(cell.get("id", ""), 0.0) / 60
        rows.append({"title": section["title"], "optional": section["optional"],
                     "read": read, "run": run, "practice": practice})
    return rows


def measure(paths) -> dict:
    """Execute each notebook once, here, from a fresh kernel (cwd notebooks/, in course order so
    that each finds the model the one before left in the cache): each code cell's seconds."""
    import nbformat

    from tools.notebooks import cell_seconds, execute

    measured = {}
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        errors = execute(nb, path.parent, record_timing=True)
        if errors:
            raise RuntimeError(f"{path.name}: {errors[0]}")
        seconds = cell_seconds(nb)
        measured[path.name] = seconds
        print(f"{path.name}: {sum(seconds.values()):.0f} s of cells", flush=True)
    return measured


def _apportion(weights: list[float], total: int) -> list[int]:
    """Whole minutes in proportion to ``weights`` that add up to ``total`` (largest remainders).

    >>> _apportion([1.0, 1.0, 2.0], 9)
    [2, 2, 5]
    """
    exact = [w * total / sum(weights) for w in weights]
    whole = [int(x) for x in exact]
    for i in sorted(range(len(exact)), key=lambda i: whole[i] - exact[i])[: total - sum(whole)]:
        whole[i] += 1
    return whole


def table(rows: list[dict], core_minutes: int) -> str:
    """A Markdown table of the core path's sections: the clock's minutes (read, run, try) and
    the class's minutes, the Time line's total shared out in proportion to the clock's; then one
    line for the optional parts."""
    core = [r for r in rows if not r["optional"]]
    clock = [r["read"] + r["run"] + r["practice"] for r in core]
    in_class = _apportion(clock, core_minutes)
    out = ["| section | read (clock) | run (measured) | try (clock) | minutes in class |",
           "| --- | ---: | ---: | ---: | ---: |"]
    for r, m in zip(core, in_class):
        out.append(f"| {r['title']} | {r['read']:.1f} | {60 * r['run']:.0f} s | {r['practice']:.1f} | **{m}** |")
    out.append(f"| **core path** | | | {sum(clock):.0f} by the clock | **{core_minutes}** |")
    optional = sum(r["read"] + r["run"] + r["practice"] for r in rows if r["optional"])
    out.append(f"\nOptional parts: {sum(r['optional'] for r in rows)}, about {optional:.0f} minutes by the clock "
               "(their exercises not counted).")
    return "\n".join(out)


def tables() -> dict[str, str]:
    """Notebook number -> its timeline table (from the notebooks and docs/timelines.json)."""
    import nbformat

    from helpers.course import read_course

    measured = json.loads(DATA.read_text(encoding="utf-8")) if DATA.exists() else {}
    found = {}
    for entry in read_course():
        nb = nbformat.read(ROOT / entry.path, as_version=4)
        found[entry.number] = table(minutes(nb, measured.get(entry.file, {})), entry.core_minutes)
    return found


def core_total(number: str) -> float:
    """The core path's minutes by this clock (tests compare it with the Time line)."""
    import nbformat

    from helpers.course import read_course

    measured = json.loads(DATA.read_text(encoding="utf-8")) if DATA.exists() else {}
    entry = next(e for e in read_course() if e.number == number)
    rows = minutes(nbformat.read(ROOT / entry.path, as_version=4), measured.get(entry.file, {}))
    return sum(r["read"] + r["run"] + r["practice"] for r in rows if not r["optional"])


def page_text(page: str) -> str:
    """``page`` (docs/instructors.md) with each notebook's table between its markers."""
    from helpers.course import replace_between_markers

    for number, text in tables().items():
        start, end = (m.format(number=number) for m in MARKERS)
        if start in page:
            page = replace_between_markers(page, text, start, end)
    return page


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--measure", action="store_true", help="execute the notebooks and write docs/timelines.json")
    args = parser.parse_args(argv)
    if args.measure:
        from helpers.course import read_course

        measured = measure([ROOT / e.path for e in read_course()])
        DATA.write_text(json.dumps(measured, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {DATA.relative_to(ROOT)}")
    text = page_text(PAGE.read_text(encoding="utf-8"))
    if text != PAGE.read_text(encoding="utf-8"):
        PAGE.write_text(text, encoding="utf-8")
        print(f"wrote the timelines into {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
