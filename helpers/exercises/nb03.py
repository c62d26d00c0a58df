"""The checks of notebook 03 (kernels and convolution): 03.1 to 03.3.

Example
-------
>>> check_03_2(sizes=(24, 12, 6))
'28 -> 24 -> 12 -> 6, as the Keras layers confirm'
"""

from __future__ import annotations

from .answers import NotYet, array, number

__all__ = ["check_03_1", "check_03_2", "check_03_3", "NOTES_KERNEL"]

#: The notes' edge kernel, as notebook 03 writes it (``K``): exercise 03.3 combines it with a blur.
NOTES_KERNEL = ((1.0, 0.0, -1.0), (1.0, 0.0, -1.0), (1.0, 0.0, -1.0))


def check_03_1(kernel=None):
    """A 3x3 kernel that answers a ╲ edge with one sign and a ╱ edge with exactly 0."""
    import numpy as np
    from scipy.signal import correlate2d

    w = array(kernel, "kernel", (3, 3))
    along = np.triu(np.ones((6, 6)))          # bright on and above the ╲ diagonal: a ╲ edge
    across = np.fliplr(along)                 # a ╱ edge
    g_along, g_across = correlate2d(along, w, mode="valid"), correlate2d(across, w, mode="valid")
    scale = max(float(np.abs(w).sum()), 1e-12)
    if np.abs(g_across).max() > 1e-9 * scale:
        raise NotYet(f"on a ╱ edge your kernel gives up to {np.abs(g_across).max():.3g}, not 0: the weights "
                     "on each ╱ line through the kernel (same dx + dy) must add up to 0")
    if np.abs(g_along).max() <= 1e-9 * scale:
        raise NotYet("your kernel gives 0 on the ╲ edge too: weigh the pixels on one side of the ╲ diagonal "
                     "against those on the other side")
    if g_along.min() < -1e-9 * scale and g_along.max() > 1e-9 * scale:
        raise NotYet("on the ╲ edge your kernel gives both signs: an edge detector should answer one edge "
                     "with one sign (one side of the diagonal minus the other)")
    sign = "positive" if g_along.max() > 0 else "negative"
    return f"it answers the ╲ edge (bright at the top right) with {sign} values and the ╱ edge with exactly 0"


def check_03_2(sizes=None):
    """The height (= width) after each of the three steps: 24, 12, 6."""
    if sizes is None or sizes is Ellipsis:
        raise NotYet("write your three sizes as sizes = (after step 1, after step 2, after step 3)")
    try:
        values = [number(v, "each size") for v in sizes]
    except TypeError:
        raise NotYet("sizes should be three numbers, e.g. sizes = (20, 10, 5)") from None
    if len(values) != 3:
        raise NotYet(f"sizes should be three numbers (one per step), not {len(values)}")
    hints = [(24, "step 1: without padding, a window of k pixels fits n - k + 1 times across n pixels"),
             (12, "step 2: pooling is a window of k = 2 moved by s = 2: floor((n - k) / s) + 1"),
             (6, "step 3: one pixel of padding on each side adds 2, then k = 3 and s = 2: "
                 "floor((n + 2p - k) / s) + 1")]
    for got, (want, hint) in zip(values, hints):
        if got != want:
            raise NotYet(hint)
    return "28 -> 24 -> 12 -> 6, as the Keras layers confirm"


def check_03_3(combined=None):
    """The 5x5 kernel that blurs with the 3x3 box and then applies the notes' kernel."""
    import numpy as np
    from scipy.signal import convolve2d, correlate2d

    if combined is not None and combined is not Ellipsis and np.shape(combined) == (3, 3):
        raise NotYet("two 3x3 kernels in a row see a 5x5 neighbourhood: the combined kernel is 5x5 "
                     '(mode="full")')
    w = array(combined, "combined kernel", (5, 5))
    box, notes = np.full((3, 3), 1 / 9), np.array(NOTES_KERNEL)
    want = convolve2d(box, notes, mode="full")
    if np.allclose(w, want, atol=1e-9):
        return "blurring and then applying the notes' kernel is one 5x5 convolution"
    if np.allclose(w, correlate2d(box, notes, mode="full"), atol=1e-9):
        raise NotYet("that is the two kernels' cross-correlation: the steps are convolutions, so convolve "
                     "the kernels (scipy.signal.convolve2d)")
    if np.allclose(w * 9, want, atol=1e-9) or np.allclose(w, want * 9, atol=1e-9):
        raise NotYet("the shape is right but the scale is not: the box blur's weights are 1/9, not 1")
    raise NotYet("apply your kernel to the photo and compare with the two steps: convolve the two kernels "
                 'with each other, scipy.signal.convolve2d(box3, K, mode="full")')
