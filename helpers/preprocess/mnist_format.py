"""MNIST's format: crop the ink, scale it into a 20x20 box, centre it by mass in 28x28.

The last step of the path (:mod:`helpers.preprocess.pipeline`):
:func:`ink_to_mnist` takes the ink that :func:`helpers.preprocess.paper.ink_on_paper`
found (light on black, paper 0) and frames it as MNIST's digits were made;
:func:`centre_in_frame` is its last step (the draw-a-digit pad uses it too).

Example
-------
>>> import numpy as np
>>> ink = np.zeros((100, 60), dtype=np.float32); ink[20:80, 25:35] = 1.0   # a light "1" on black
>>> x = ink_to_mnist(ink)
>>> x.shape, x.dtype, float(x[0, 0, 0])
((28, 28, 1), dtype('float32'), 0.0)
"""

from __future__ import annotations

import numpy as np

__all__ = ["ink_to_mnist", "centre_in_frame", "MNIST_SIZE", "MNIST_BOX"]

MNIST_SIZE = 28
MNIST_BOX = 20  # MNIST digits are scaled to fit a 20x20 box inside the 28x28 frame


def ink_to_mnist(ink: np.ndarray) -> np.ndarray:
    """Frame ink (a 2-D float32 array, light on black, some pixel above 0)
    as one MNIST input: crop to the ink, scale the longer side to 20 pixels
    (keeping the aspect ratio), paste into a 28x28 frame and shift so the
    ink's centre of mass is at the centre.

    Returns a float32 array of shape (28, 28, 1), values in [0, 1].
    """
    ink = np.asarray(ink, dtype=np.float32)
    rows = np.flatnonzero(ink.max(axis=1) > 0)
    cols = np.flatnonzero(ink.max(axis=0) > 0)
    ink = ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]

    h, w = ink.shape
    scale = MNIST_BOX / max(h, w)
    new_h, new_w = max(1, round(h * scale)), max(1, round(w * scale))
    from PIL import Image

    small = Image.fromarray((ink * 255).astype(np.uint8)).resize(
        (new_w, new_h), Image.Resampling.LANCZOS
    )
    small = np.asarray(small, dtype=np.float32) / 255.0

    return centre_in_frame(small)[..., np.newaxis]




def centre_in_frame(small: np.ndarray) -> np.ndarray:
    """Paste a (<= 28x28) ink image into a black 28x28 frame so that its centre
    of mass is at the centre (shifted by whole pixels, as MNIST was made).

    Example
    -------
    >>> centre_in_frame(np.ones((20, 10))).shape
    (28, 28)
    """
    from scipy import ndimage

    small = np.asarray(small, dtype=np.float32)
    h, w = small.shape
    if h > MNIST_SIZE or w > MNIST_SIZE:
        raise ValueError(f"Expected at most {MNIST_SIZE}x{MNIST_SIZE}, got {h}x{w}.")
    frame = np.zeros((MNIST_SIZE, MNIST_SIZE), dtype=np.float32)
    top, left = (MNIST_SIZE - h) // 2, (MNIST_SIZE - w) // 2
    frame[top : top + h, left : left + w] = small
    total = frame.sum()
    if total > 0:
        cy, cx = ndimage.center_of_mass(frame)
        dy, dx = round((MNIST_SIZE - 1) / 2 - cy), round((MNIST_SIZE - 1) / 2 - cx)
        # never shift ink out of the frame
        dy = int(np.clip(dy, -top, MNIST_SIZE - (top + h)))
        dx = int(np.clip(dx, -left, MNIST_SIZE - (left + w)))
        frame = np.roll(frame, (dy, dx), axis=(0, 1))
    return np.clip(frame, 0.0, 1.0)
