"""helpers.exercises.registry.check: feedback on a learner's own answer. For each check: the notebook's own
solution passes; typical wrong answers get "not yet" with the hint that fits them; nonsense gets a
"not yet" sentence, never a traceback. And in the committed notebooks: every check has a
your-answer cell (which says "not yet" as committed, empty) and a solution that says "✓ right"."""

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from scipy.signal import convolve2d

from helpers.exercises.nb03 import NOTES_KERNEL
from helpers.exercises.nb05 import _sklearn_digits
from helpers.exercises.registry import CHECKS, check
from tools import solutions

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHECK_CALL = re.compile(r'check\("(\d\d\.\d+)"')

DIAGONAL = np.array([[0, 1, 1], [-1, 0, 1], [-1, -1, 0]], dtype=float)
COMBINED = convolve2d(np.full((3, 3), 1 / 9), np.array(NOTES_KERNEL), mode="full")


# ---- 01.2 and 01.3: the learner's functions and gradients, as the notebook's solution writes them

def central(f, z, h=1e-3):
    return (f(z + h) - f(z - h)) / (2 * h)


def _tanh_prime(z):
    return 1 - np.tanh(z) ** 2


def gradients3(params, X0, T, prime_at_z=True, mean=True, with_phi_prime_2=True):
    """The solution's gradients3 (tanh, tanh, softmax, mean cross-entropy), or one of its typical slips."""
    Z1 = params["W0"] @ X0 + params["b0"][:, None]
    X1 = np.tanh(Z1)
    Z2 = params["W1"] @ X1 + params["b1"][:, None]
    X2 = np.tanh(Z2)
    Z3 = params["W2"] @ X2 + params["b2"][:, None]
    Y = np.exp(Z3) / np.exp(Z3).sum(axis=0)
    N = X0.shape[1] if mean else 1
    D3 = Y - T
    D2 = (params["W2"].T @ D3) * (_tanh_prime(Z2 if prime_at_z else X2) if with_phi_prime_2 else 1)
    D1 = (params["W1"].T @ D2) * _tanh_prime(Z1)
    return {"W0": D1 @ X0.T / N, "b0": D1.sum(axis=1) / N, "W1": D2 @ X1.T / N, "b1": D2.sum(axis=1) / N,
            "W2": D3 @ X2.T / N, "b2": D3.sum(axis=1) / N}


RNG = np.random.default_rng(42)
PARAMS3 = {f"{kind}{l}": (RNG.normal(0, 1 / np.sqrt(n_in), (n_out, n_in)) if kind == "W" else np.zeros(n_out))
           for l, (n_in, n_out) in enumerate([(2, 8), (8, 8), (8, 2)]) for kind in "Wb"}
X0_CHECK = RNG.normal(size=(2, 20))
T_CHECK = np.eye(2)[RNG.integers(0, 2, 20)].T
GRADS3 = gradients3(PARAMS3, X0_CHECK, T_CHECK)
ON_CHECK = {"params": PARAMS3, "X0": X0_CHECK, "T": T_CHECK}


# ---- 02.1: a stand-in for a Keras model (its layers' class names, units, activation; count_params)

def _layer(kind, units=None, activation=None):
    act = None if activation is None else type("Activation", (), {"__name__": activation})()
    return type(kind, (), {"units": units, "activation": act})()


class StandInModel:
    def __init__(self, *layers, inputs=4):
        self.layers, self.inputs = list(layers), inputs

    def count_params(self):
        total, n_in = 0, self.inputs
        for layer in self.layers:
            if layer.units:
                total, n_in = total + layer.units * (n_in + 1), layer.units
        return total


DENSE_10, DROPOUT, OUTPUT = _layer("Dense", 10, "relu"), _layer("Dropout"), _layer("Dense", 3, "softmax")


# ---- 04.3, 04.4, 05.1, 05.2: probabilities and stand-in models with known answers

# 20 test images: the model misreads 5, 12 and 17 (with 60, 90 and 70 % confidence); 3 is its surest answer
LABELS_20 = np.arange(20) % 10
PROBS_20 = np.full((20, 10), 0.005)
for i, (guess, confidence) in enumerate(zip(LABELS_20, [0.95] * 20)):
    PROBS_20[i, guess] = confidence
PROBS_20[3, LABELS_20[3]] = 0.99
for i, confidence in [(5, 0.6), (12, 0.9), (17, 0.7)]:
    PROBS_20[i] = (1 - confidence) / 9
    PROBS_20[i, (LABELS_20[i] + 1) % 10] = confidence


def _one_hot(classes):
    return np.eye(10)[np.asarray(classes) % 10]


class InkReader:
    """Reads our digits (one row each, in order) right when light on dark, but never the 7; dark on
    light only the 0 and the 1."""

    def __init__(self, labels):
        self.labels = np.asarray(labels)

    def predict(self, x, **kwargs):
        light_on_dark = x.reshape(len(x), -1).mean(axis=1) < 0.5
        right = (light_on_dark & (self.labels != 7)) | np.isin(self.labels, (0, 1))
        return _one_hot(np.where(right, self.labels, self.labels + 1))


OUR_LABELS = np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1])
OUR_DIGITS = np.ones((11, 28, 28, 1), dtype="float32")
OUR_DIGITS[:, 10:18, 12:16] = 0.0                           # dark ink on light paper
ON_OURS = {"model": InkReader(OUR_LABELS), "digits": OUR_DIGITS, "labels": OUR_LABELS}


class Lookup:
    """Answers ``answers`` for the images, whatever they show."""

    def __init__(self, answers):
        self.answers = np.asarray(answers)

    def predict(self, x, **kwargs):
        assert len(x) == len(self.answers)
        return _one_hot(self.answers)


# 100 images, 10 of each digit: 8 is hardest (4 misread: three as 3, one as 1), then 5 (two as 3)
SK_LABELS = np.repeat(np.arange(10), 10)
SK_ANSWERS = SK_LABELS.copy()
SK_ANSWERS[80:84] = [3, 3, 1, 3]
SK_ANSWERS[50:52] = 3
ON_SK = {"model": Lookup(SK_ANSWERS), "images": np.zeros((100, 2, 2, 1)), "labels": SK_LABELS}


class SklearnOracle:
    """Misreads the first 100 of scikit-learn's digits with the aspect ratio kept, the first 500 stretched."""

    def predict(self, x, **kwargs):
        kept, stretched, labels = _sklearn_digits()
        wrong = 100 if np.array_equal(x, kept) else 500 if np.array_equal(x, stretched) else len(x)
        return _one_hot(np.where(np.arange(len(x)) < wrong, labels + 1, labels))


KEPT, STRETCHED = 1697 / 1797, 1297 / 1797

#: exercise -> (the solution's answer, [(a typical wrong answer, words its hint must contain)])
CASES = {
    "01.2": ({"numerical_derivative": central, "relu_disagrees_at": np.array([0.0])},
             [({"numerical_derivative": lambda f, z, h: (f(z + h) - f(z)) / h, "relu_disagrees_at": 0},
               "one-sided"),
              ({"numerical_derivative": lambda f, z, h: (f(z + h) - f(z - h)) / h, "relu_disagrees_at": 0}, "2h"),
              ({"numerical_derivative": central, "relu_disagrees_at": [-0.1, 0.0, 0.1]}, "keep only the z"),
              ({"numerical_derivative": central, "relu_disagrees_at": []}, "does disagree"),
              ({"numerical_derivative": np.sin, "relu_disagrees_at": 0}, "stopped with a")]),
    "01.3": ({"grads": GRADS3, **ON_CHECK},
             [({"grads": gradients3(PARAMS3, X0_CHECK, T_CHECK, mean=False), **ON_CHECK}, "divide by N"),
              ({"grads": {**GRADS3, "W1": GRADS3["W1"].T}, **ON_CHECK}, "transpose"),
              ({"grads": gradients3(PARAMS3, X0_CHECK, T_CHECK, prime_at_z=False), **ON_CHECK}, "pre-activation z2"),
              ({"grads": gradients3(PARAMS3, X0_CHECK, T_CHECK, with_phi_prime_2=False), **ON_CHECK},
               "δ2 = (W2ᵀ δ3) ⊙ φ'(z2)"),
              ({"grads": {**GRADS3, "b0": 2 * GRADS3["b0"]}, **ON_CHECK}, "bias's gradient"),
              ({"grads": GRADS3, **ON_CHECK, "X0": X0_CHECK.T}, "one example per column"),
              ({"grads": {k: v for k, v in GRADS3.items() if k[1] != "2"}, **ON_CHECK}, "W2")]),    # two layers
    "01.4": ({"slowest": "sigmoid"},
             [({"slowest": "tanh"}, "final training losses"),
              ({"slowest": "relu"}, "ReLU is not it"),
              ({"slowest": "softmax"}, '"tanh" or "ReLU" or "sigmoid"')]),
    "01.5": ({"fewest": 2, "accuracies": {1: 0.905, 2: 0.935, 3: 0.985, 4: 0.99, 8: 0.99}, "line_accuracy": 0.92},
             [({"fewest": 3, "accuracies": {1: 0.905, 2: 0.935, 3: 0.985, 4: 0.99, 8: 0.99}, "line_accuracy": 0.92},
               "fewer units than 3"),
              ({"fewest": 1, "accuracies": {1: 0.905, 2: 0.935, 3: 0.985, 4: 0.99, 8: 0.99}, "line_accuracy": 0.92},
               "does not beat the line"),
              ({"fewest": 2, "accuracies": {2: 0.935, 3: 0.985}, "line_accuracy": 0.92}, "one entry for each"),
              ({"fewest": 2, "accuracies": {1: 90.5, 2: 93.5, 3: 98.5, 4: 99, 8: 99}, "line_accuracy": 0.92},
               "fraction")]),
    "02.1": ({"params_by_hand": 193, "model": StandInModel(DENSE_10, DENSE_10, DROPOUT, OUTPUT)},
             [({"params_by_hand": 183, "model": StandInModel(DENSE_10, DENSE_10, DROPOUT, OUTPUT)}, "bias"),
              ({"params_by_hand": 110, "model": StandInModel(DENSE_10, DENSE_10, DROPOUT, OUTPUT)}, "alone"),
              ({"params_by_hand": 193, "model": StandInModel(DENSE_10, DROPOUT, DENSE_10, OUTPUT)},
               "between the first hidden layer and the dropout"),
              ({"params_by_hand": 193, "model": StandInModel(DENSE_10, DROPOUT, OUTPUT)}, "no second hidden layer"),
              ({"params_by_hand": 193, "model": StandInModel(DENSE_10, DENSE_10, DROPOUT, OUTPUT, inputs=3)},
               "Keras counts 183")]),
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
    "04.3": ({"index": 12, "probs": PROBS_20, "labels": LABELS_20},
             [({"index": 3, "probs": PROBS_20, "labels": LABELS_20}, "read right"),          # the surest answer
              ({"index": 1, "probs": PROBS_20, "labels": LABELS_20}, "position in the list of mistakes"),
              ({"index": 17, "probs": PROBS_20, "labels": LABELS_20}, "more confidence"),
              ({"index": 20, "probs": PROBS_20, "labels": LABELS_20}, "from 0 to 19")]),         # off by one
    "04.4": ({"n_right": 9, **ON_OURS},
             [({"n_right": 2, **ON_OURS}, "raw images"),
              ({"n_right": 1, **ON_OURS}, "how many are wrong"),
              ({"n_right": 11, **ON_OURS}, "only 10 digits"),
              ({"n_right": 5, **ON_OURS}, "predict 1 - digits")]),
    "05.1": ({"hardest": 8, "read_as": 3, **ON_SK},
             [({"hardest": 0, "read_as": 3, **ON_SK}, "best of all"),
              ({"hardest": 5, "read_as": 3, **ON_SK}, "another digit less often"),
              ({"hardest": 8, "read_as": 8, **ON_SK}, "not 8 itself"),
              ({"hardest": 8, "read_as": 1, **ON_SK}, "the most frequent"),
              ({"hardest": 8, "read_as": 3, **ON_SK, "images": np.zeros((100, 28, 28))}, "(n, 28, 28, 1)")]),
    "05.2": ({"kept": KEPT, "stretched": STRETCHED, "model": SklearnOracle()},
             [({"kept": STRETCHED, "stretched": KEPT, "model": SklearnOracle()}, "swapped"),
              ({"kept": 100 * KEPT, "stretched": 100 * STRETCHED, "model": SklearnOracle()}, "fraction"),
              ({"kept": KEPT, "stretched": 1 - STRETCHED, "model": SklearnOracle()}, "share of mistakes"),
              ({"kept": KEPT, "stretched": KEPT, "model": SklearnOracle()}, "preserve_aspect=False"),
              ({"kept": 0.9, "stretched": STRETCHED, "model": SklearnOracle()}, "kept: the model's accuracy")]),
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


def test_other_right_answers_count_too(capsys):
    """Finite differences for 01.3's gradients (right to about 1e-9), a function for 01.4's name,
    a number for 01.2's one z, a float that is a whole number for an index."""
    def loss(p):
        Z3 = p["W2"] @ np.tanh(p["W1"] @ np.tanh(p["W0"] @ X0_CHECK + p["b0"][:, None]) + p["b1"][:, None]) \
            + p["b2"][:, None]
        return -np.mean(np.sum(T_CHECK * (Z3 - np.log(np.exp(Z3).sum(axis=0))), axis=0))

    numerical, h = {}, 1e-4
    for name, value in PARAMS3.items():
        numerical[name] = np.zeros_like(value)
        for i in np.ndindex(value.shape):
            step = np.zeros_like(value)
            step[i] = h
            numerical[name][i] = (loss({**PARAMS3, name: value + step}) - loss({**PARAMS3, name: value - step})) / (2 * h)
    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    for exercise, answers in [("01.3", {"grads": numerical, **ON_CHECK}), ("01.4", {"slowest": sigmoid}),
                              ("01.4", {"slowest": " Sigmoid"}),
                              ("01.2", {"numerical_derivative": central, "relu_disagrees_at": 0}),
                              ("04.3", {"index": 12.0, "probs": PROBS_20, "labels": LABELS_20})]:
        assert _said(capsys, exercise, **answers).startswith("✓ right: "), (exercise, answers)


@pytest.mark.parametrize("module", ["fold", "answers", "registry", "nb01", "nb02", "nb03", "nb04", "nb05"])
def test_the_docstring_examples_of_helpers_exercises_run(module):
    """tests/test_doctests.py runs helpers/'s top-level modules; helpers/exercises/ is a subpackage."""
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"helpers.exercises.{module}"), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0, result


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
