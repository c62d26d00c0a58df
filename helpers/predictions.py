"""A model's predictions on the test digits, printed in the course notes' words."""

from __future__ import annotations

import numpy as np

from .data.digits import NOT_A_DIGIT

__all__ = ["report_predictions"]


def report_predictions(probabilities, labels) -> int:
    """Print one line per image in the course notes' words; return how many
    digits were read correctly.

    ``"4 at 0.0%. CNN thinks it's a 5 (59.8%)"``: the true digit, the
    probability the model gave it, and the model's own answer when that is
    another digit; ``"7 at 99.1%. ✓"`` when right; and for the image whose
    label is :data:`NOT_A_DIGIT`, the digit the model names anyway.

    Parameters
    ----------
    probabilities : array (n, 10), softmax outputs
    labels : n integer labels (0..9, or NOT_A_DIGIT)

    Example
    -------
    >>> p = np.full((2, 10), 0.05); p[0, 3] = p[1, 8] = 0.55
    >>> report_predictions(p, [3, NOT_A_DIGIT])
    3 at 55.0%. ✓
    not a digit: CNN thinks it's a 8 (55.0%)
    1
    """
    probabilities = np.asarray(probabilities, dtype=float)
    labels = np.asarray(labels, dtype=int)
    if probabilities.ndim != 2 or probabilities.shape != (len(labels), 10):
        raise ValueError(f"Expected probabilities of shape ({len(labels)}, 10), got {probabilities.shape}.")
    right = 0
    for p, label in zip(probabilities, labels):
        guess = int(p.argmax())
        if label == NOT_A_DIGIT:
            print(f"not a digit: CNN thinks it's a {guess} ({p[guess]:.1%})")
        elif guess == label:
            right += 1
            print(f"{label} at {p[label]:.1%}. ✓")
        else:
            print(f"{label} at {p[label]:.1%}. CNN thinks it's a {guess} ({p[guess]:.1%})")
    return right
