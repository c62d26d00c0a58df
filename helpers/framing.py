"""Framing ink as MNIST does: crop, scale into a 20x20 box, centre by mass in 28x28.

:func:`to_mnist_format` takes a greyscale picture of one digit (already
cropped, or the ink :func:`helpers.photo_ink.photo_to_ink` found in a photo),
makes it light on dark, takes the paper's brightness away and frames it;
:func:`centre_in_frame` is its last step.

Example
-------
>>> import numpy as np
>>> page = np.ones((100, 60)); page[20:80, 25:35] = 0.0   # a dark "1" on white
>>> x = to_mnist_format(page)
>>> x.shape, x.dtype, float(x[0, 0, 0])
((28, 28, 1), dtype('float32'), 0.0)
"""

from __future__ import annotations

import numpy as np

from .image_errors import NoDigitError
from .polarity import is_dark_on_light

__all__ = ["to_mnist_format", "centre_in_frame", "MNIST_SIZE", "MNIST_BOX", "INK_THRESHOLD", "SPECK_FRACTION"]

MNIST_SIZE = 28
MNIST_BOX = 20  # MNIST digits are scaled to fit a 20x20 box inside the 28x28 frame

INK_THRESHOLD = 0.15  #: after stretching, fainter pixels are paper, not ink
SPECK_FRACTION = 0.1  #: ink blobs with less than this share of the largest blob's ink are specks


def to_mnist_format(grey: np.ndarray, invert: bool | str = "auto") -> np.ndarray:
    """Turn a 2-D greyscale image in [0, 1] into one MNIST-format input.

    Steps, as MNIST itself was made: make the ink light on a dark background,
    crop to the ink, scale the longer side to 20 pixels (keeping the aspect
    ratio), paste into a 28x28 frame and shift so the ink's centre of mass is
    at the centre.

    Parameters
    ----------
    grey : array of shape (height, width), values in [0, 1]
    invert : "auto", True or False
        "auto" inverts when the border of the image is lighter than its
        middle value, i.e. when the picture is dark ink on light paper.

    Returns
    -------
    float32 array of shape (28, 28, 1), values in [0, 1].

    Example
    -------
    >>> import numpy as np
    >>> page = np.ones((100, 60)); page[20:80, 25:35] = 0.0   # a dark "1" on white
    >>> to_mnist_format(page).shape
    (28, 28, 1)
    """
    grey = np.asarray(grey, dtype=np.float32)
    if grey.ndim == 3 and grey.shape[-1] == 1:
        grey = grey[..., 0]
    if grey.ndim != 2:
        raise ValueError(
            f"Expected a 2-D greyscale image, got an array of shape {grey.shape}. "
            f"Use read_png() or png_to_mnist() for colour images."
        )
    if min(grey.shape) < 2:
        raise ValueError(f"The image is too small ({grey.shape[0]}x{grey.shape[1]} pixels).")
    if not np.all(np.isfinite(grey)) or grey.min() < 0 or grey.max() > 1:
        raise ValueError("Pixel values must be finite and in [0, 1].")

    if invert == "auto":
        invert = is_dark_on_light(grey)
    ink = 1.0 - grey if invert else grey.copy()

    # Subtract the paper's brightness, so paper that is not quite white (a
    # photo, with light falling unevenly) becomes black, as in MNIST.
    ink = np.clip(ink - _paper_level(ink), 0.0, None)
    peak = float(ink.max())
    if peak < 0.1:
        spread = float(grey.max() - grey.min())
        raise NoDigitError(
            f"No digit found: after the paper's own brightness is taken away, nothing stands out "
            f"from it (the image's brightness spans only {spread:.2f} of the 0..1 range). "
            f"If there is a digit, it is too faint or too small: go over it with a darker, thicker "
            f"pen, let it fill more of the picture, and take the photo in even light."
        )
    ink /= peak
    ink[ink < INK_THRESHOLD] = 0.0  # paper grain and noise are not ink
    ink = _drop_specks(ink)

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


def _paper_level(ink: np.ndarray) -> np.ndarray:
    """The paper's brightness under every pixel: a plane a + b*x + c*y fitted
    (least squares) to the border pixels. A plane follows the smooth gradient
    of light falling across a page. Border pixels that are ink (a digit
    touching the edge) would lift the plane, so the fit is repeated without
    the pixels lying far above it."""
    h, w = ink.shape
    yy, xx = np.mgrid[0:h, 0:w]
    edge = np.zeros((h, w), dtype=bool)
    edge[0, :] = edge[-1, :] = edge[:, 0] = edge[:, -1] = True
    design = np.column_stack([np.ones(edge.sum()), xx[edge], yy[edge]])
    values = ink[edge]
    use = np.ones(len(values), dtype=bool)
    for _ in range(4):
        coef, *_ = np.linalg.lstsq(design[use], values[use], rcond=None)
        residual = values - design @ coef
        centre = np.median(residual[use])
        spread = np.median(np.abs(residual[use] - centre)) + 0.01
        new_use = residual <= centre + 3 * spread  # drop ink, keep paper
        if new_use.sum() < 3 or np.array_equal(new_use, use):
            break
        use = new_use
    return (coef[0] + coef[1] * xx + coef[2] * yy).astype(np.float32)


def _drop_specks(ink: np.ndarray) -> np.ndarray:
    """Remove small blobs of "ink" (dust, grain) far smaller than the digit's
    strokes, so they do not widen the crop around the digit."""
    from scipy import ndimage

    labels, n = ndimage.label(ink > 0, structure=np.ones((3, 3)))
    if n <= 1:
        return ink
    mass = ndimage.sum(ink, labels, index=np.arange(1, n + 1))
    keep = np.concatenate([[False], mass >= SPECK_FRACTION * mass.max()])
    return np.where(keep[labels], ink, 0.0).astype(np.float32)


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
