"""Practice copies, and running a notebook the way learners do.

``make practice`` writes ``practice/NN_*.ipynb`` from every notebook that has exercises: the
same prose, code and check calls, **no outputs**, and every solution (its heading and the folded
cells under it, ``tools/solutions.py``) taken out; an exercise without a ``check(...)`` cell gets
an empty *your answer* cell in its place. The copies are committed (Binder, Colab and the website
link to them) and ``tests/test_practice.py`` fails when one differs from what this tool writes.

Each notebook with exercises gets a *Where to work* cell after its title that points to its
practice copy (written by this tool too); in the copy, a *Practice copy* cell stands in its place.
A practice copy's setup cell moves into ``notebooks/`` (as the notebook's own Colab lines do),
so that the copy reads ``data/`` and shares ``cache/`` (notebook 04's trained model) with the
notebooks.

``--run`` executes notebooks top to bottom in a fresh kernel each and fails on any error; for a
practice copy also when a check says anything but "not yet" (its answer cells are empty).
``--twice`` runs every code cell twice in a row, as a learner does: the second run may give the
lesson again or stop with :class:`helpers.rerun.RunAgainFrom` (one sentence naming the cell to
re-run from), nothing else.

    .venv/bin/python tools/practice.py                      # write practice/ (make practice)
    .venv/bin/python tools/practice.py --check              # exit 1 if practice/ is not what it writes
    .venv/bin/python tools/practice.py --run --twice practice/*.ipynb notebooks/02_*.ipynb
    .venv/bin/python tools/practice.py --ci                 # what CI runs (ci_plan)
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools import solutions  # noqa: E402
from tools.notebooks import CELL_TIMEOUT_S  # noqa: E402

PRACTICE = ROOT / "practice"
NOTEBOOKS = ROOT / "notebooks"
EXERCISE = re.compile(r"^#{3,4} Exercise (\d+)\b", re.M)
CHECK_CALL = re.compile(r'^check\("(\d\d\.\d+)"', re.M)
FOLDED_HINT = re.compile(r"\*The solution is folded (just below|below that cell): open it once you have tried "
                         r"\(JupyterLab: click its first line or the ⋯; Colab: double-click it; website: click "
                         r"the toggle\)\. Try first\.\*")
PRACTICE_HINT = "*The solution is in the full notebook, `{file}`, folded under this exercise: open it there once you have tried.*"
#: The setup cell's anchor (tools/colab_cell.py) and the lines a practice copy adds just before it.
ANCHOR = "sys.path.insert(0, str(Path.cwd().parent))"
MOVE_IN = ('if Path.cwd().name == "practice":  # a practice copy works in notebooks/: its data/ and cache/\n'
           '    import os\n'
           '    os.chdir(Path.cwd().parent / "notebooks")\n')
#: The cell every notebook with exercises has right after its title (this tool writes it), and
#: the cell that stands in its place in the practice copy.
WHERE_ID = "where-to-work"
WHERE = """> **Where to work.** This notebook is the reference: every output is here, each exercise's
> solution is folded under it, and its answer cells show what an empty answer gets. To practise,
> work in its **practice copy**: the same notebook without outputs or solutions, where you run
> each cell yourself{feedback}. In JupyterLab it is `practice/{file}` (the folder next to
> `notebooks/`); on Binder, [open it there]({binder}); on Colab, [open it there]({colab})."""
#: What the cells above say about feedback, for a notebook with ``check(...)`` cells and without.
FEEDBACK = (" and `check(...)` says whether your answers are right",
            " and compare your answers with each exercise's *What a good answer mentions*")
BANNER = """> **Practice copy.** This is the copy to work in: no outputs and no solutions. Run the cells in
> order and write your answers in the empty cells; {feedback}. Name your own variables (`my_model`,
> `my_history`, ...): the cells after an exercise use the notebook's names, and reusing one changes
> what they show. The full notebook, with every output and each solution folded under its
> exercise, is `notebooks/{file}` (on Colab: [open it]({colab})): compare with it once you have
> tried. `make practice` rewrites this folder: to keep your work, save it under another name first."""
BANNER_FEEDBACK = ("where an exercise has a `check(...)` cell, fill it in and run it: it says \"✓ right\" or "
                   "\"not yet\" with a hint",
                   "each exercise has a folded *What a good answer mentions* to compare with")


def has_exercises(nb) -> bool:
    return any(c.cell_type == "markdown" and EXERCISE.search(c.source) for c in nb.cells)


def exercises(nb) -> list[tuple[int, str | None]]:
    """``(n, check id or None)`` for every exercise of a notebook, in order."""
    found, checks = [], {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            for exercise in CHECK_CALL.findall(cell.source):
                checks[int(exercise.split(".")[1])] = exercise
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found += [(int(n), None) for n in EXERCISE.findall(cell.source)]
    return [(n, checks.get(n)) for n, _ in found]


def _code(source: str, cell_id: str):
    import nbformat

    cell = nbformat.v4.new_code_cell(source)
    cell.id = cell_id
    return cell


def _markdown(source: str, cell_id: str):
    import nbformat

    cell = nbformat.v4.new_markdown_cell(source)
    cell.id = cell_id
    return cell


def where_to_work(nb, file: str) -> bool:
    """Write or update the notebook's "Where to work" cell (right after its title); True if it changed."""
    from helpers.course import binder_url, colab_url

    feedback = FEEDBACK[0] if any(exercise for _, exercise in exercises(nb)) else FEEDBACK[1]
    source = WHERE.format(file=file, feedback=feedback, colab=colab_url(file, "practice"),
                          binder=binder_url(file, "practice"))
    ids = [c.get("id") for c in nb.cells]
    if WHERE_ID in ids:
        cell = nb.cells[ids.index(WHERE_ID)]
        changed, cell.source = cell.source != source, source
        return changed
    nb.cells.insert(1, _markdown(source, WHERE_ID))
    return True


def practice_copy(nb, file: str):
    """The practice copy of the notebook ``nb`` (file name ``file``): a new notebook node."""
    nb = copy.deepcopy(nb)
    checked = {n for n, exercise in exercises(nb) if exercise}
    drop, replace = set(), {}
    for n, cells in solutions.solutions(nb):
        heading = max(i for i in range(cells[0]) if solutions.HEADING.match(nb.cells[i].source))
        drop.update([heading, *cells])
        if n not in checked:
            replace[heading] = _code(f"# Your answer to exercise {n}\n", f"practice-answer-{n}")
    cells = []
    for i, cell in enumerate(nb.cells):
        if cell.get("id") == WHERE_ID:
            continue
        if i in replace:
            cells.append(replace[i])
        if i in drop:
            continue
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            if ANCHOR in cell.source and MOVE_IN not in cell.source:
                cell.source = cell.source.replace(ANCHOR, MOVE_IN + "\n" + ANCHOR, 1)
        else:
            cell.source = FOLDED_HINT.sub(PRACTICE_HINT.format(file=f"notebooks/{file}"), cell.source)
        cells.append(cell)
    from helpers.course import colab_url

    feedback = BANNER_FEEDBACK[0] if checked else BANNER_FEEDBACK[1]
    cells.insert(1, _markdown(BANNER.format(file=file, feedback=feedback, colab=colab_url(file)), "practice-banner"))
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    return nb


def expected() -> dict[Path, str]:
    """Every practice copy, as text: path -> what ``make practice`` writes there."""
    import nbformat

    copies = {}
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if has_exercises(nb):
            copies[PRACTICE / path.name] = nbformat.writes(practice_copy(nb, path.name)) + "\n"
    return copies


def summary() -> str:
    """How many exercises have a check, per notebook and in all."""
    import nbformat

    lines, total, with_check = [], 0, 0
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        found = exercises(nbformat.read(path, as_version=4))
        if not found:
            continue
        checked = [n for n, exercise in found if exercise]
        total, with_check = total + len(found), with_check + len(checked)
        lines.append(f"  {path.name[:2]}: {len(found)} exercises, {len(checked)} with a check "
                     f"({', '.join(map(str, checked)) or 'none'})")
    return "\n".join([f"exercises: {total}, with a check: {with_check}, without: {total - with_check}", *lines])


# --------------------------------------------------------------------------- running as a learner


def _texts(outputs) -> list[str]:
    texts = []
    for output in outputs:
        if output.get("output_type") == "stream":
            texts.append(output.get("text", ""))
        elif output.get("output_type") in ("execute_result", "display_data"):
            texts.append(output.get("data", {}).get("text/plain", ""))
    return texts


def run(path: Path, twice: bool = False, timeout: int = CELL_TIMEOUT_S) -> list[str]:
    """Execute the notebook file ``path`` (not written back) from a fresh kernel in its folder; every
    code cell twice in a row with ``twice``. Returns the problems, one line each ([] when none)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    practice = path.parent.name == "practice"
    client = NotebookClient(nb, timeout=timeout, allow_errors=True, record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    problems: list[str] = []
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            for attempt in (1, 2) if twice else (1,):
                try:
                    client.execute_cell(cell, index)
                except Exception as exc:  # a timeout, a dead kernel: the run cannot go on
                    return problems + [f"cell {index}, run {attempt}: {type(exc).__name__}: {str(exc)[-200:]}"]
                for output in cell.outputs:
                    if output.get("output_type") != "error":
                        continue
                    if attempt == 2 and output.get("ename") == "RunAgainFrom":
                        continue
                    problems.append(f"cell {index}, run {attempt}: {output.get('ename')}: "
                                    f"{str(output.get('evalue', ''))[:200]}")
                if practice and CHECK_CALL.search(cell.source):
                    said = "".join(_texts(cell.outputs))
                    if not said.startswith("not yet"):
                        problems.append(f"cell {index}, run {attempt}: its check said {said[:120]!r}, not 'not yet'")
            if problems:
                return problems
    return problems


def ci_plan() -> list[tuple[Path, bool]]:
    """What CI runs (``--ci``), as ``(notebook, every cell twice?)``: the practice copy of every
    core notebook that has one, and every core notebook that has none (00), each cell twice; the
    practice copies of the optional notebooks once (06: every cell twice would retrain its four
    models a second time, about 4 minutes more on one CPU; ``make test-practice`` runs it twice)."""
    from helpers.course import read_course

    plan = []
    for nb in read_course():
        copy = PRACTICE / nb.file
        plan.append((copy if copy.exists() else ROOT / nb.path, not nb.optional))
    return plan


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if practice/ is not what this tool writes")
    parser.add_argument("--run", action="store_true", help="execute the notebooks given (or practice/*.ipynb)")
    parser.add_argument("--twice", action="store_true", help="with --run: every code cell twice in a row")
    parser.add_argument("--ci", action="store_true", help="run what CI runs (ci_plan(): core twice, optional once)")
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    if args.run or args.ci:
        status = 0
        plan = ci_plan() if args.ci else [(p, args.twice) for p in args.notebooks or sorted(PRACTICE.glob("*.ipynb"))]
        for path, twice in plan:
            start = time.perf_counter()
            problems = run(path.resolve(), twice=twice)
            took = time.perf_counter() - start
            print(f"{path.relative_to(ROOT) if path.is_absolute() else path}: {'ok' if not problems else 'FAILED'} "
                  f"({took:.0f} s, {'every cell twice' if twice else 'once'})", flush=True)
            for problem in problems:
                print(f"  {problem}")
                status = 1
        return status
    import nbformat

    if args.check:
        copies = expected()
        for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            if has_exercises(nb) and where_to_work(nb, path.name):
                print(f"{path.relative_to(ROOT)}: its 'Where to work' cell is missing or old: run `make practice`")
                copies[path] = None
        stale = sorted({*copies, *PRACTICE.glob("*.ipynb")} - {p for p in copies if p.is_file()
                                                                and p.read_text(encoding="utf-8") == copies[p]})
        for path in stale:
            print(f"{path.relative_to(ROOT)} is not what `make practice` writes: run it and commit practice/")
        return 1 if stale or None in copies.values() else 0
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if has_exercises(nb) and where_to_work(nb, path.name):
            path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
            print(f"wrote the 'Where to work' cell of {path.relative_to(ROOT)}")
    copies = expected()
    PRACTICE.mkdir(exist_ok=True)
    for path in PRACTICE.glob("*.ipynb"):
        if path not in copies:
            path.unlink()
    for path, text in copies.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    print(summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
