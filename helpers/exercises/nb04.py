"""The checks of notebook 04 (a CNN for MNIST): 04.1, 04.3 and 04.4.

04.3 and 04.4 depend on the model the learner trained, so their cells pass it (or its test
probabilities) from the notebook's own variables.

Example
-------
>>> check_04_1(conv_32=4640, whole_model=164_106)
'4,640 parameters in conv_32 and 164,106 in the model: only the convolutions shrink'
"""

from __future__ import annotations

from .answers import NotYet, array, labels_for, number, predictions, whole_number

__all__ = ["check_04_1", "check_04_3", "check_04_4"]


def check_04_1(conv_32=None, whole_model=None):
    """conv_32 and the whole model with 3x3 kernels: 4,640 and 164,106 parameters."""
    conv = number(conv_32, "conv_32")
    if conv == 3 * 3 * 16 * 32:
        raise NotYet("conv_32: each of its 32 filters also has a bias: (k·k·c + 1)·f")
    if conv == (3 * 3 * 32 + 1) * 32:
        raise NotYet("conv_32: c counts the channels coming in (conv_16's 16 filters), f the filters")
    if conv == (5 * 5 * 16 + 1) * 32:
        raise NotYet("conv_32: that is its count with 5x5 kernels, as in the summary; put k = 3 into the formula")
    if conv != (3 * 3 * 16 + 1) * 32:
        raise NotYet("conv_32: (k·k·c + 1)·f, with c the channels coming in (what does conv_16 give out?) "
                     "and f the filters of conv_32")
    whole = number(whole_model, "whole_model")
    convs = sum((3 * 3 * c + 1) * f for c, f in [(1, 16), (16, 32), (32, 64), (64, 128)])
    dense = (2 * 2 * 128 * 128 + 128) + (128 * 10 + 10)
    if whole == convs:
        raise NotYet("whole_model: that is the four convolutions only; the dense layers keep their "
                     "parameters (Flatten still gets 2·2·128 = 512 numbers)")
    if whole == convs - (16 + 32 + 64 + 128) + dense:
        raise NotYet("whole_model: every filter of each convolution has a bias too")
    if whole == 336_394:
        raise NotYet("whole_model: that is the model with 5x5 kernels, as built above")
    if whole != convs + dense:
        raise NotYet("whole_model: add the four convolutions with k = 3 to the dense part, which does not "
                     "depend on the kernel size")
    return "4,640 parameters in conv_32 and 164,106 in the model: only the convolutions shrink"



def check_04_3(index=None, probs=None, labels=None):
    """The index of the test image that the model misreads with the highest confidence (its
    largest probability), from ``probs`` (n, 10) and the true ``labels``; a tie counts as right."""
    import numpy as np

    if index is None or index is Ellipsis:
        raise NotYet("write the index of the test image in place of the ... above, then run the cell again")
    p = array(probs, "probs", ndim=2)
    truth = labels_for(labels, "labels", len(p))
    i = whole_number(index, "index", 0, len(p) - 1)
    pred, confidence = p.argmax(axis=1), p.max(axis=1)
    wrong = np.flatnonzero(pred != truth)
    if wrong.size == 0:
        raise NotYet("the model reads every image right with these probs and labels: pass test_probs and "
                     "test_labels")
    best = confidence[wrong].max()
    if pred[i] != truth[i]:
        if confidence[i] >= best - 1e-9:
            return (f"test image {i}, a {truth[i]} read as {pred[i]} with {confidence[i]:.1%}: now look at it: "
                    "would you have read it right?")
        if i < wrong.size and confidence[wrong[i]] >= best - 1e-9:
            raise NotYet(f"{i} is a position in the list of mistakes; the answer is the test image's own index, "
                         "the entry at that position")
        raise NotYet(f"test image {i} is a mistake, but made with {confidence[i]:.1%}: another mistake is made "
                     "with more confidence")
    if i < wrong.size and confidence[wrong[i]] >= best - 1e-9:
        raise NotYet(f"{i} is a position in the list of mistakes; the answer is the test image's own index, "
                     "the entry at that position")
    raise NotYet(f"test image {i} is read right (a {truth[i]}): look among the mistakes only, "
                 "np.flatnonzero(test_pred != test_labels)")


def check_04_4(n_right=None, model=None, digits=None, labels=None):
    """How many of our test digits ``model`` reads right after only inverting them (1 - digits);
    the image labelled -1 (not a digit) does not count."""
    got = whole_number(n_right, "n_right", 0)
    images = array(digits, "digits")
    if images.ndim != 4:
        raise NotYet(f"digits should be the images as load_test_digits gives them, (n, 28, 28, 1), "
                     f"not an array of shape {images.shape}")
    truth = labels_for(labels, "labels", len(images))
    is_digit = truth >= 0
    inverted = int((predictions(model, (1.0 - images).astype("float32")).argmax(axis=1) == truth)[is_digit].sum())
    if got == inverted:
        raw = int((predictions(model, images.astype("float32")).argmax(axis=1) == truth)[is_digit].sum())
        return (f"{inverted} of {is_digit.sum()} right after inverting only (raw: {raw}): compare with the full "
                "preprocessing: what did its other steps add, for these images?")
    if got > is_digit.sum():
        raise NotYet(f"there are only {is_digit.sum()} digits among the images (the one labelled -1 is not a "
                     "digit)")
    raw = int((predictions(model, images.astype("float32")).argmax(axis=1) == truth)[is_digit].sum())
    if got == raw:
        raise NotYet("that is the count for the raw images (section 7): predict the inverted images, 1 - digits")
    if got == is_digit.sum() - inverted:
        raise NotYet("that is how many are wrong: count the digits the model reads right")
    raise NotYet("predict 1 - digits with the model and count the digits whose most probable class is their "
                 "label: report_predictions returns that count")
