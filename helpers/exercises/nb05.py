"""The checks of notebook 05 (data augmentation): 05.1 and 05.2.

Both depend on the MNIST + inverted model the learner trained: their cells pass it. 05.2 loads
scikit-learn's digits both ways itself (once a session: :func:`_sklearn_digits`).

Example
-------
>>> from helpers.exercises.registry import check
>>> check("05.2", kept=85.3, stretched=0.81)
not yet: kept: write it as a fraction from 0 to 1 (0.9 for 90 %), as the accuracies above are
"""

from __future__ import annotations

import functools

from .answers import NotYet, array, fraction, kind_of, labels_for, predictions, whole_number

__all__ = ["check_05_1", "check_05_2"]


def check_05_1(hardest=None, read_as=None, model=None, images=None, labels=None):
    """The digit ``model`` reads worst among ``images`` (its accuracy the lowest), and the digit it
    most often reads that one as; a tie counts as right."""
    import numpy as np

    got = whole_number(hardest, "hardest", 0, 9)
    got_as = whole_number(read_as, "read_as", 0, 9)
    x = array(images, "images")
    if x.ndim != 4:
        raise NotYet(f"images should be scikit-learn's digits as loaded above, (n, 28, 28, 1), not an array of "
                     f"shape {x.shape}")
    truth = labels_for(labels, "labels", len(x))
    pred = predictions(model, x.astype("float32")).argmax(axis=1)
    per_digit = np.array([np.mean(pred[truth == d] == d) if np.any(truth == d) else np.inf for d in range(10)])
    if per_digit[got] > per_digit.min():
        if per_digit[got] == per_digit[np.isfinite(per_digit)].max():
            raise NotYet(f"hardest: the model reads {got} best of all ({per_digit[got]:.0%} right): the hardest "
                         "digit has the lowest accuracy")
        raise NotYet(f"hardest: {got} is read right {per_digit[got]:.0%} of the time, and another digit less "
                     "often: compute the accuracy of each digit d, np.mean(pred[labels == d] == d)")
    misread = pred[(truth == got) & (pred != got)]
    counts = np.bincount(misread, minlength=10)
    if got_as == got:
        raise NotYet(f"read_as: among the {got}s it gets wrong, which digit does it answer most often? "
                     f"(not {got} itself)")
    if counts[got_as] < counts.max():
        raise NotYet(f"read_as: it reads {counts[got_as]} of the misread {got}s as {got_as}: count its answers on "
                     "the misread ones, np.bincount(...), and take the most frequent")
    return (f"{got} is the hardest ({per_digit[got]:.0%} right), most often read as {got_as}: now look at a few "
            "of them: would you have read them right?")


@functools.lru_cache(maxsize=1)
def _sklearn_digits():
    """scikit-learn's digits made MNIST-shaped with the aspect ratio kept, then stretched; and the labels."""
    from ..data.digits import load_sklearn_digits

    kept, labels = load_sklearn_digits()
    stretched, _ = load_sklearn_digits(preserve_aspect=False)
    return kept, stretched, labels


def check_05_2(kept=None, stretched=None, model=None):
    """``model``'s accuracy on scikit-learn's digits with the aspect ratio kept and stretched
    (``load_sklearn_digits(preserve_aspect=False)``), each within 0.01 (a
    percentage from the table, 90.5 %, written as 0.9, 0.905 or 0.91)."""
    import numpy as np

    got_kept = fraction(kept, "kept")
    got_stretched = fraction(stretched, "stretched")
    if model is None or model is Ellipsis:
        raise NotYet("write your model (augmented_model, the MNIST + inverted model) in place of the ... above")
    if not (hasattr(model, "predict") or callable(model)):
        raise NotYet(f"model should be the MNIST + inverted model (augmented_model), not {kind_of(model)}")
    kept_images, stretched_images, labels = _sklearn_digits()
    want_kept = float(np.mean(predictions(model, kept_images).argmax(axis=1) == labels))
    want_stretched = float(np.mean(predictions(model, stretched_images).argmax(axis=1) == labels))
    tol = 0.01  # the table prints one decimal of a percentage: 0.90 and 0.91 both round it
    ok_kept, ok_stretched = abs(got_kept - want_kept) <= tol, abs(got_stretched - want_stretched) <= tol
    if ok_kept and ok_stretched:
        return (f"aspect ratio kept {want_kept:.1%}, stretched {want_stretched:.1%}: the same digits, prepared "
                "two ways, score differently")
    if abs(got_kept - want_stretched) <= tol and abs(got_stretched - want_kept) <= tol:
        raise NotYet("kept and stretched are swapped: preserve_aspect=False is the stretched version")
    for got, want, what in ((got_kept, want_kept, "kept"), (got_stretched, want_stretched, "stretched")):
        if abs(got - want) <= tol:
            continue
        if abs(got - (1 - want)) <= tol:
            raise NotYet(f"{what}: that looks like the share of mistakes; the accuracy is the share read right")
        if what == "kept":
            raise NotYet("kept: the model's accuracy on sk_images (load_sklearn_digits()), as in the table "
                         "above, for the MNIST + inverted model")
        raise NotYet("stretched: predict load_sklearn_digits(preserve_aspect=False)'s images with the same model "
                     "and compare the answers with sk_labels")
