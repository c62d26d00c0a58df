"""What the figures share: the colour map for signed data, limits symmetric about 0,
matplotlib imported on first use (so that ``import helpers`` stays light), images as 2-D arrays.

Example
-------
>>> symmetric_limit([-3.0, 1.0]), as_2d([[[1], [2]]]).shape
(3.0, (1, 2))
"""

from __future__ import annotations

import numpy as np

__all__ = ["SIGNED_CMAP", "pyplot", "as_2d", "symmetric_limit", "signed_cmap"]

#: Colour map for signed data (edge responses, kernels, differences): blue below 0,
#: white at 0, red above 0. Always used with limits symmetric about 0.
SIGNED_CMAP = "RdBu_r"


def pyplot():
    """matplotlib.pyplot, imported on first use (keeps `import helpers` light)."""
    import matplotlib.pyplot as plt

    return plt


def as_2d(image) -> np.ndarray:
    """(h, w) or (h, w, 1) -> (h, w); (h, w, 3|4) is kept as colour."""
    image = np.asarray(image)
    if image.ndim == 3 and image.shape[-1] == 1:
        image = image[..., 0]
    if image.ndim not in (2, 3):
        raise ValueError(f"Expected one image of shape (h, w) or (h, w, c), got {image.shape}.")
    return image


def symmetric_limit(data, limit=None) -> float:
    """The colour-scale half-width for signed ``data``: ``limit`` when given,
    else the largest absolute value (1 for all-zero or all-NaN data)."""
    if limit is not None:
        return float(abs(limit))
    data = np.asarray(data, dtype=float)
    finite = np.abs(data[np.isfinite(data)])
    top = float(finite.max()) if finite.size else 0.0
    return top or 1.0


def signed_cmap():
    """:data:`~helpers.figures.style.SIGNED_CMAP` with missing values (NaN) drawn mid-grey, so that
    "no value here" never looks like the white of 0."""
    import matplotlib

    return matplotlib.colormaps[SIGNED_CMAP].with_extremes(bad="0.6")
