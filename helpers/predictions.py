"""A model's predictions: on an array in memory, batch by batch; on the test digits, printed in the
course notes' words."""

from __future__ import annotations

import numpy as np

from .data.digits import NOT_A_DIGIT

__all__ = ["predict_in_batches", "report_predictions"]

#: The batch size of :func:`predict_in_batches` (the notebooks' ``model.predict(..., batch_size=256)``).
PREDICT_BATCH = 256


def predict_in_batches(model, images, batch_size: int = PREDICT_BATCH) -> np.ndarray:
    """``model.predict(images, batch_size=256)`` for images already in memory: the same outputs,
    computed with ``model.predict_on_batch`` one batch at a time.

    Why not ``model.predict``: for a NumPy array it first builds a ``tf.data`` pipeline over the
    whole array, and the kernel's peak memory grew by 60-90 MB the first time, against 7-30 MB
    this way (notebook 05's 10,000 test digits, measured on 2026-12-07 on a 2-CPU Linux machine).

    Parameters
    ----------
    model : a Keras model (anything with ``predict_on_batch``)
    images : array (n, ...) of inputs (n ≥ 1), or a batched ``tf.data`` pipeline of
        (images, labels), e.g. ``make_pipeline(val_raw)``: its batches as they come

    Example
    -------
    >>> class Doubler:
    ...     def predict_on_batch(self, x):
    ...         return 2 * x
    >>> predict_in_batches(Doubler(), np.arange(5.0).reshape(5, 1), batch_size=2).ravel()
    array([0., 2., 4., 6., 8.])
    """
    if hasattr(images, "element_spec"):  # a tf.data pipeline of (images, labels) batches
        return np.concatenate([np.asarray(model.predict_on_batch(batch[0])) for batch in images])
    images = np.asarray(images)
    if images.ndim == 0:
        raise ValueError("predict_in_batches needs an array of images (the first axis counts them), got a scalar.")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}.")
    if len(images) == 0:
        raise ValueError("There are no images to predict (the array is empty): check the selection that made it.")
    return np.concatenate([np.asarray(model.predict_on_batch(images[i:i + batch_size]))
                           for i in range(0, len(images), batch_size)])


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
