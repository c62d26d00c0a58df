"""helpers.exercises.check: feedback on a learner's own answer. For each check: the notebook's own
solution passes; typical wrong answers get "not yet" with the hint that fits them; nonsense gets a
"not yet" sentence, never a traceback. And in the committed notebooks: every check has a
your-answer cell (which says "not yet" as committed, empty) and a solution that says "✓ right"."""

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from scipy.signal import convolve2d

from helpers.exercises import CHECKS, NOTES_KERNEL, check
from tools import solutions

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHECK_CALL = re.compile(r'check\("(\d\d\.\d+)"')

DIAGONAL = np.array([[0, 1, 1], [-1, 0, 1], [-1, -1, 0]], dtype=float)
COMBINED = convolve2d(np.full((3, 3), 1 / 9), np.array(NOTES_KERNEL), mode="full")

#: exercise -> (the solution's answer, [(a typical wrong answer, words its hint must contain)])
CASES = {
    "01.1": ({"z": 1.8, "y": 0.8581489350995123, "b_boundary": -1.7},
             [({"z": 1.7, "y": 0.85, "b_boundary": -1.7}, "adds its bias"),                # bias forgotten
              ({"z": 1.8, "y": 1.8, "b_boundary": -1.7}, "sigmoid(z)"),                     # no activation
              ({"z": 1.8, "y": 0.858, "b_boundary": 1.7}, "mind the sign")]),
    "03.1": ({"kernel": DIAGONAL},
             [({"kernel": np.array([[1, 0, -1]] * 3)}, "╱ edge your kernel gives"),     # the notes' vertical kernel
              ({"kernel": np.zeros((3, 3))}, "gives 0 on the ╲ edge too"),
              ({"kernel": np.fliplr(DIAGONAL)}, "not 0"),                                 # the other diagonal
              ({"kernel": np.ones((2, 2))}, "shape (3, 3)")]),
    "03.2": ({"sizes": (24, 12, 6)},
             [({"sizes": (23, 11, 5)}, "step 1"),                                          # off by one
              ({"sizes": (24, 12, 7)}, "step 3"),                                          # padding forgotten
              ({"sizes": (24, 11, 5)}, "step 2"),
              ({"sizes": (24, 12)}, "three numbers")]),
    "03.3": ({"combined": COMBINED},
             [({"combined": COMBINED[:, ::-1]}, "cross-correlation"),                      # correlate2d
              ({"combined": COMBINED * 9}, "scale"),
              ({"combined": np.ones((3, 3)) / 9}, "5x5 neighbourhood"),
              ({"combined": COMBINED.T}, "compare with the two steps")]),                  # transposed
    "04.1": ({"conv_32": 4640, "whole_model": 164_106},
             [({"conv_32": 4608, "whole_model": 164_106}, "bias"),
              ({"conv_32": 9248, "whole_model": 164_106}, "channels coming in"),
              ({"conv_32": 4640, "whole_model": 97_152}, "convolutions only"),
              ({"conv_32": 4640, "whole_model": 336_394}, "5x5 kernels")]),
}
NONSENSE = [None, ..., "seven", [1, "a"], {"x": 1}, np.nan, object(), float("inf"), -1, np.zeros((7, 7, 7))]


def _said(capsys, exercise, **answers) -> str:
    check(exercise, **answers)
    return capsys.readouterr().out


def test_every_check_is_tested():
    assert sorted(CASES) == sorted(CHECKS)


@pytest.mark.parametrize("exercise", sorted(CASES))
def test_the_solution_is_right(exercise, capsys):
    right, _ = CASES[exercise]
    assert _said(capsys, exercise, **right).startswith("✓ right: ")


@pytest.mark.parametrize("exercise", sorted(CASES))
def test_typical_wrong_answers_get_their_hint(exercise, capsys):
    _, wrong = CASES[exercise]
    assert len(wrong) >= 2
    for answers, hint in wrong:
        said = _said(capsys, exercise, **answers)
        assert said.startswith("not yet: ") and hint in said, (answers, said)


@pytest.mark.parametrize("exercise", sorted(CASES))
def test_nonsense_gets_a_sentence_not_a_traceback(exercise, capsys):
    right, _ = CASES[exercise]
    for name in right:
        for value in NONSENSE:
            said = _said(capsys, exercise, **{**right, name: value})
            assert said.startswith("not yet: ") and said.count("\n") == 1, (name, value, said)
            assert "Traceback" not in said and " at 0x" not in said, said
    assert _said(capsys, exercise).startswith("not yet: ")                       # nothing given
    assert "takes" in _said(capsys, exercise, answer=1)                           # a wrong name
    assert "no check is called" in _said(capsys, "99.9")


def test_the_notebooks_use_every_check_in_an_answer_cell_and_their_solution():
    """As committed: each check's your-answer cell (its answers still ...) says "not yet", and the
    solution's own call, inside its folded output, says "✓ right". Prints how many exercises have a
    check."""
    seen, counts = set(), []
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        in_solution = {i for _, cells in solutions.solutions(nb) for i in cells}
        posed = len(solutions.solutions(nb))
        checked = set()
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            for exercise in CHECK_CALL.findall(cell.source):
                text = "".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") for o in cell.outputs)
                if i in in_solution:
                    assert "✓ right" in text, f"{path.name} cell {i}: the solution's check says {text[-200:]!r}"
                else:
                    assert "= ..." in cell.source or "(..., " in cell.source, f"{path.name} cell {i}: not a stub"
                    assert text.startswith("not yet: "), f"{path.name} cell {i}: the empty answer says {text!r}"
                    checked.add(exercise)
                seen.add(exercise)
        counts.append(f"{path.name[:2]}: {len(checked)} of {posed} exercises with a check")
    assert seen == set(CHECKS), f"checks no notebook uses: {sorted(set(CHECKS) - seen)}"
    print("\n" + "; ".join(counts))
