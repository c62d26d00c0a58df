"""Practice copies (tools/practice.py, ``make practice``) and the check-your-understanding
questions: practice/ is what the tool writes; a copy has no output and no solution, keeps every
check call and gives every other exercise an empty answer cell; each notebook 01-06 ends with
5-8 questions whose answers stay folded. Running the copies (every cell twice) is CI's
``make test-practice``; here, the runner itself is tested on small notebooks."""

import re
import sys
from pathlib import Path

import nbformat
import pytest

from helpers.course import binder_url, colab_url
from tools import practice, solutions

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
COPIES = sorted((ROOT / "practice").glob("*.ipynb"))
DETAILS = re.compile(r"<details><summary>Answer to question (\d+) \(click to open\)</summary>\n\n.+\n\n</details>$",
                     re.S)


def test_practice_copies_are_what_make_practice_writes():
    expected = practice.expected()
    assert sorted(expected) == COPIES, "run `make practice` and commit practice/"
    stale = [p.name for p in COPIES if p.read_text(encoding="utf-8") != expected[p]]
    assert not stale, f"{stale}: not what `make practice` writes; run it and commit practice/"


def test_every_notebook_with_exercises_has_a_copy_and_says_so_after_its_title():
    with_exercises = [p for p in NOTEBOOKS if practice.has_exercises(nbformat.read(p, as_version=4))]
    assert [p.name for p in COPIES] == [p.name for p in with_exercises]
    assert "00_getting_started.ipynb" not in [p.name for p in with_exercises]  # 00 has nothing to practise
    for path in with_exercises:
        where = nbformat.read(path, as_version=4).cells[1]
        assert where.get("id") == practice.WHERE_ID and f"`practice/{path.name}`" in where.source
        assert f"({colab_url(path.name, 'practice')})" in where.source
        assert f"({binder_url(path.name, 'practice')})" in where.source


@pytest.mark.parametrize("path", COPIES, ids=lambda p: p.name[:2])
def test_a_copy_has_no_output_and_no_solution(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        assert not cell.get("outputs") and cell.get("execution_count") is None if cell.cell_type == "code" else True
        assert not solutions.HEADING.match(cell.source), "a solution's heading is left"
        assert "# @title Solution" not in cell.source and "Explanation of the solution" not in cell.source
        assert not cell.metadata.get("jupyter", {}).get("source_hidden"), "a folded cell is left"
        assert "The solution is folded" not in cell.source, "a prompt still says the solution is just below"
    assert "widgets" not in nb.metadata
    assert nb.cells[1].source.startswith("> **Practice copy.**")
    setup = next(c for c in nb.cells if c.cell_type == "code" and practice.ANCHOR in c.source)
    assert practice.MOVE_IN + "\n" + practice.ANCHOR in setup.source


@pytest.mark.parametrize("path", COPIES, ids=lambda p: p.name[:2])
def test_a_copy_keeps_every_check_and_leaves_room_for_every_other_answer(path):
    original = nbformat.read(ROOT / "notebooks" / path.name, as_version=4)
    copy = nbformat.read(path, as_version=4)
    found = practice.exercises(original)
    assert practice.exercises(copy) == found
    sources = [c.source for c in copy.cells if c.cell_type == "code"]
    for n, exercise in found:
        if exercise:
            assert sum(f'check("{exercise}"' in s for s in sources) == 1, f"exercise {n}: its check call"
        else:
            assert f"# Your answer to exercise {n}\n" in sources, f"exercise {n}: an empty answer cell"
    # the prose is the notebook's, apart from the banner and the sentence that says where the solution is
    prose = [c.source for c in original.cells if c.cell_type == "markdown" and not solutions.HEADING.match(c.source)
             and not c.metadata.get("jupyter", {}).get("source_hidden") and c.get("id") != practice.WHERE_ID]
    hint = re.compile(r"\*The solution is in the full notebook, `notebooks/[^`]+`, folded under this exercise: open it "
                      r"there once you have tried\.\*")
    kept = [practice.FOLDED_HINT.sub("@", s) for s in prose]
    copied = [hint.sub("@", c.source) for i, c in enumerate(copy.cells) if c.cell_type == "markdown" and i != 1]
    assert copied == kept


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if not p.name.startswith("00")], ids=lambda p: p.name[:2])
def test_each_notebook_ends_with_questions_whose_answers_stay_folded(path):
    nb = nbformat.read(path, as_version=4)
    heads = [i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and c.source.startswith("## ")]
    start = next(i for i in heads if nb.cells[i].source.startswith("## Check your understanding"))
    key_points = next(i for i in heads if nb.cells[i].source.startswith("## Key points"))
    questions = nb.cells[start + 1:key_points]
    assert 5 <= len(questions) <= 8, "5 to 8 questions, just before the key points"
    kinds = set()
    for n, cell in enumerate(questions, 1):
        assert cell.source.startswith(f"**Question {n}.** "), cell.source[:60]
        answer = DETAILS.search(cell.source)
        assert answer and int(answer.group(1)) == n, f"question {n}: its answer belongs in a closed <details> block"
        assert "<details open" not in cell.source
        kinds.add(cell.metadata["nn4"]["question"])
    assert {"number", "misconception"} <= kinds, "at least one number read off an output and one misconception"


# --------------------------------------------------------------------------- the runner, on small notebooks


def _notebook(folder: Path, name: str, *sources: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / name
    nbformat.write(nb, path)
    return path


SETUP = f"import sys; sys.path.insert(0, {str(ROOT)!r})\nfrom helpers import check\nfrom helpers.rerun import RunAgainFrom"


def test_the_runner_accepts_run_again_from_on_a_second_run_only(tmp_path):
    guarded = ("if 'trained' in globals():\n"
               "    raise RunAgainFrom('This model has trained already.', 'the cell above')\n"
               "trained = True")
    assert practice.run(_notebook(tmp_path, "a.ipynb", SETUP, guarded), twice=True) == []
    assert practice.run(_notebook(tmp_path, "b.ipynb", SETUP, "trained = True", guarded))[0].startswith(
        "cell 2, run 1: RunAgainFrom")


def test_the_runner_fails_a_claim_that_a_second_run_breaks(tmp_path):
    counter = "n = globals().get('n', 0) + 1\nassert n == 1, 'the claim'"
    path = _notebook(tmp_path, "c.ipynb", counter)
    assert practice.run(path) == []
    assert practice.run(path, twice=True) == ["cell 0, run 2: AssertionError: the claim"]


def test_the_runner_wants_not_yet_from_every_check_of_a_practice_copy(tmp_path):
    folder = tmp_path / "practice"
    assert practice.run(_notebook(folder, "d.ipynb", SETUP, 'check("03.2", sizes=...)')) == []
    problems = practice.run(_notebook(folder, "e.ipynb", SETUP, 'check("03.2", sizes=(24, 12, 6))'))
    assert problems and "not 'not yet'" in problems[0]


def test_make_practice_prints_how_many_exercises_have_a_check(capsys):
    text = practice.summary()
    total = sum(len(practice.exercises(nbformat.read(p, as_version=4))) for p in NOTEBOOKS)
    assert text.startswith(f"exercises: {total}, with a check: ")
    print(text, file=sys.stderr)
