"""Ink on paper: the digit's strokes light on black, the paper's brightness taken away.

:func:`ink_on_paper` is the "find the ink" step for a picture of one digit
(an image already cropped, or what :func:`helpers.preprocess.ink.photo_to_ink`
found in a photo): it makes the ink light on dark (:func:`is_dark_on_light`
decides for ``invert="auto"``), subtracts the paper's own brightness (a plane
fitted to the border, which follows light falling across a page), stretches
the ink to 0..1 and drops paper grain and specks. The next step,
:func:`helpers.preprocess.mnist_format.ink_to_mnist`, crops and scales it.

Example
-------
>>> import numpy as np
>>> page = np.ones((100, 60)); page[20:80, 25:35] = 0.0   # a dark "1" on white
>>> ink = ink_on_paper(page)
>>> float(ink[50, 30]), float(ink[0, 0])
(1.0, 0.0)
"""

from __future__ import annotations

import numpy as np

from .errors import NoDigitError
from .polarity import is_dark_on_light

__all__ = ["ink_on_paper", "INK_THRESHOLD", "SPECK_FRACTION"]

INK_THRESHOLD = 0.15  #: after stretching, fainter pixels are paper, not ink
SPECK_FRACTION = 0.1  #: ink blobs with less than this share of the largest blob's ink are specks


def ink_on_paper(grey: np.ndarray, invert: bool | str = "auto") -> np.ndarray:
    """The ink of a 2-D greyscale picture of one digit in [0, 1], light on
    black, stretched to a peak of 1: the paper's brightness taken away,
    pixels fainter than :data:`INK_THRESHOLD` and specks (blobs under
    :data:`SPECK_FRACTION` of the largest) set to 0.

    Parameters
    ----------
    grey : array of shape (height, width) (or (height, width, 1)), values in [0, 1]
    invert : "auto", True or False
        True when the picture is dark ink on light paper; "auto" lets
        :func:`is_dark_on_light` decide from the picture's own contrast.

    Raises
    ------
    ValueError
        Not a 2-D greyscale image in [0, 1], or smaller than 2x2 pixels.
    NoDigitError
        Nothing stands out from the paper (a blank or almost uniform picture).
    """
    grey = np.asarray(grey, dtype=np.float32)
    if grey.ndim == 3 and grey.shape[-1] == 1:
        grey = grey[..., 0]
    if grey.ndim != 2:
        raise ValueError(
            f"Expected a 2-D greyscale image, got an array of shape {grey.shape}. "
            f"Use image_to_mnist() for a picture file (any colour mode)."
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
    return _drop_specks(ink)


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
