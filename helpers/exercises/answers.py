"""Reading a learner's answer: a number, an array, a digit, a name, a model's predictions.

Each reader returns the answer in the form a check computes with, or raises :class:`NotYet` with
a sentence that names what was expected (``...`` still in place, a string where a number goes, the
wrong shape). A check raises :class:`NotYet` too, with its hint; :func:`~helpers.exercises.registry.check`
prints it as "not yet: <hint>". None of them imports TensorFlow: a model is anything with a
``predict`` method (a Keras model) or a function of the images.

Example
-------
>>> number(0.5, "y")
0.5
>>> try:
...     number(..., "y")
... except NotYet as hint:
...     print(hint)
write your answer for y in place of the ... above, then run the cell again
"""

from __future__ import annotations

__all__ = ["NotYet", "kind_of", "number", "whole_number", "fraction", "array", "name", "labels_for", "predictions"]


class NotYet(Exception):
    """A check's "not yet", with the hint to print."""


def kind_of(value) -> str:
    """What ``value`` is, with its article, for a hint: "an int", "a str".

    >>> kind_of(3), kind_of("x")
    ('an int', 'a str')
    """
    kind = type(value).__name__
    return f"{'an' if kind[:1].lower() in 'aeiou' else 'a'} {kind}"


def _missing(value) -> bool:
    return value is None or value is Ellipsis


def number(value, what: str) -> float:
    """``value`` as a finite float."""
    if _missing(value):
        raise NotYet(f"write your answer for {what} in place of the ... above, then run the cell again")
    if isinstance(value, bool):
        raise NotYet(f"{what} should be a number, not True or False")
    try:
        result = float(value)
    except (TypeError, ValueError):
        shown = f" {value[:40]!r}" if isinstance(value, str) else ""
        raise NotYet(f"{what} should be a number, not {kind_of(value)}{shown}") from None
    if result != result or result in (float("inf"), float("-inf")):
        raise NotYet(f"{what} should be a finite number, not {result}")
    return result


def whole_number(value, what: str, low: int = 0, high: int | None = None) -> int:
    """``value`` as an int (3.0 counts as 3), at least ``low`` and at most ``high`` where given.

    >>> whole_number(3.0, "a digit", 0, 9)
    3
    """
    result = number(value, what)
    if result != int(result):
        raise NotYet(f"{what} should be a whole number, not {result}")
    if high is not None and not low <= result <= high:
        raise NotYet(f"{what} should be a whole number from {low} to {high}, not {int(result)}")
    if low is not None and result < low:
        raise NotYet(f"{what} should be a whole number of at least {low}, not {int(result)}")
    return int(result)


def fraction(value, what: str) -> float:
    """An accuracy (or a probability): a number from 0 to 1; 85.3 is taken for a percentage."""
    result = number(value, what)
    if 1 < result <= 100:
        raise NotYet(f"{what}: write it as a fraction from 0 to 1 (0.9 for 90 %), as the accuracies above are")
    if not 0 <= result <= 1:
        raise NotYet(f"{what} should be a fraction from 0 to 1, not {result}")
    return result


def array(value, what: str, shape: tuple[int, ...] | None = None, ndim: int | None = None):
    """``value`` as a float array of finite numbers, with that ``shape`` (or that many dimensions)."""
    import numpy as np

    if _missing(value):
        raise NotYet(f"write your {what} in place of the ... above, then run the cell again")
    try:
        result = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise NotYet(f"{what} should be an array of numbers, like np.array([[...], ...])") from None
    if shape is not None and result.shape != shape:
        raise NotYet(f"{what} should have the shape {shape}, not {result.shape}")
    if ndim is not None and result.ndim != ndim:
        raise NotYet(f"{what} should be an array with {ndim} dimension{'s' * (ndim != 1)}, not {result.ndim}")
    if not np.all(np.isfinite(result)):
        raise NotYet(f"{what} should hold finite numbers only")
    return result


def name(value, what: str, names: tuple[str, ...]) -> str:
    """One of ``names`` (any case; a function counts by its name, so ``sigmoid`` is "sigmoid").

    >>> name("relu", "slowest", ("tanh", "ReLU", "sigmoid"))
    'ReLU'
    """
    if _missing(value):
        raise NotYet(f"write your answer for {what} in place of the ... above, then run the cell again")
    text = getattr(value, "__name__", value) if callable(value) else value
    choices = " or ".join(f'"{n}"' for n in names)
    if not isinstance(text, str):
        raise NotYet(f"{what} should be a name in quotes: {choices}")
    for candidate in names:
        if text.strip().lower() == candidate.lower():
            return candidate
    raise NotYet(f"{what} should be one of {choices}, not {text[:40]!r}")


def labels_for(value, what: str, n: int | None = None):
    """``value`` as a 1-D int array (of length ``n`` where given): class labels."""
    import numpy as np

    labels = array(value, what, ndim=1)
    if n is not None and len(labels) != n:
        raise NotYet(f"{what} should hold one label per image: {n}, not {len(labels)}")
    if not np.all(labels == np.round(labels)):
        raise NotYet(f"{what} should hold whole numbers (the classes)")
    return labels.astype(int)


def predictions(model, images, what: str = "model", classes: int = 10):
    """The class probabilities ``model`` gives ``images``: (n, classes).

    A Keras model is asked batch by batch (:func:`helpers.predictions.predict_in_batches`, batches
    of 256); another object with ``predict`` through it; any other callable is called on the
    images. What goes wrong becomes a :class:`NotYet` sentence.
    """
    import numpy as np

    from ..predictions import predict_in_batches

    if _missing(model):
        raise NotYet(f"write your {what} in place of the ... above, then run the cell again")
    if not (hasattr(model, "predict") or callable(model)):
        raise NotYet(f"{what} should be the trained Keras model, not {kind_of(model)}")
    try:
        if hasattr(model, "predict_on_batch"):  # a Keras model: as model.predict, with less memory
            probs = predict_in_batches(model, images)
        elif hasattr(model, "predict"):
            probs = model.predict(images, verbose=0, batch_size=256)
        else:
            probs = model(images)
        probs = np.asarray(probs, dtype=float)
    except Exception as exc:  # whatever the model says about input it cannot read
        raise NotYet(f"{what} could not read the images ({type(exc).__name__}): pass the model and the "
                     "images as the cell above names them") from None
    if probs.shape != (len(images), classes):
        raise NotYet(f"{what} should give {classes} probabilities per image, not an array of shape {probs.shape}")
    return probs
