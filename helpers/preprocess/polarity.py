"""Polarity: is a picture dark ink on light paper, or light ink on dark?

Decided in one place, :func:`is_dark_on_light`, from the image's own contrast
(Otsu's split of its pixels, and which side of it the border lies on);
:func:`light_on_dark` puts a whole batch into MNIST's polarity.

Example
-------
>>> import numpy as np
>>> page = np.ones((28, 28)); page[8:20, 12:16] = 0.0    # a dark "1" on white
>>> is_dark_on_light(page), is_dark_on_light(1.0 - page)
(True, False)
"""

from __future__ import annotations

import numpy as np

__all__ = ["is_dark_on_light", "light_on_dark", "otsu_split", "MIN_CONTRAST", "MIN_SEPARATION"]

#: Below this spread of brightness an image has no ink to tell polarity by.
MIN_CONTRAST = 0.05
#: Ink on paper: Otsu's two groups explain at least this share of the variance
#: (0.90 for the digits in images/, 0.81 or more for scikit-learn's; 0.61 for the cat).
MIN_SEPARATION = 0.75


def is_dark_on_light(grey: np.ndarray) -> bool:
    """Whether a 2-D greyscale image in [0, 1] is dark ink on light paper.

    Decided from the image's own contrast, not from a fixed brightness: Otsu's
    threshold splits the image's pixels into a dark and a light group (ink and
    paper, one way round or the other); the background is what the image's
    border shows (the median of its border pixels). Dark on light when the
    background lies on the light side of that split. So a dim photo whose
    paper is at 0.42 and ink at 0.1 is dark on light, and chalk at 0.5 on a
    board at 0.2 is light on dark.

    A picture that is not ink on a background has no such split: (almost) no
    contrast (values spread over less than :data:`MIN_CONTRAST`), or two
    groups that explain less than :data:`MIN_SEPARATION` of its variance
    (a photograph of a cat, a ramp of light). Then the border decides alone,
    median above 0.5 (the rule used before, which such pictures keep).

    The rule :func:`helpers.preprocess.paper.ink_on_paper` (and so
    :func:`image_to_mnist`) and :func:`light_on_dark` use for ``invert="auto"``.

    Example
    -------
    >>> page = np.ones((28, 28)); page[10:20, 12:16] = 0.0
    >>> is_dark_on_light(page), is_dark_on_light(1.0 - page)
    (True, False)
    >>> is_dark_on_light(0.42 * page + 0.1 * (1 - page))   # a dim photo: grey paper, dark ink
    True
    """
    grey = np.asarray(grey)
    if grey.ndim == 3 and grey.shape[-1] == 1:
        grey = grey[..., 0]
    if grey.ndim != 2:
        raise ValueError(f"Expected one 2-D greyscale image, got an array of shape {grey.shape}.")
    border = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    background = float(np.median(border))
    values = np.asarray(grey, dtype=np.float64).ravel()
    low, high = float(values.min()), float(values.max())
    if high - low >= MIN_CONTRAST:
        threshold, separation = otsu_split(values, low, high)
        if separation >= MIN_SEPARATION:
            return background > threshold
    return background > 0.5



def otsu_split(values: np.ndarray, low: float, high: float, bins: int = 256) -> tuple[float, float]:
    """Otsu's threshold of ``values`` (between ``low`` and ``high``): the
    level that best splits them into two groups (largest between-group
    variance), computed on a histogram of ``bins`` bins
    (``skimage.filters.threshold_otsu``, which names the last bin of the
    lower group: the threshold is that bin's upper edge); and the share of
    the variance that split explains (0..1, 1 for exactly two levels)."""
    from skimage.filters import threshold_otsu

    counts, edges = np.histogram(values, bins=bins, range=(low, high))
    centres = (edges[:-1] + edges[1:]) / 2
    best = int(np.searchsorted(centres, threshold_otsu(hist=(counts, centres))))
    n_low = int(counts[: best + 1].sum())
    n_high = len(values) - n_low
    mass = counts * centres
    mean_low = mass[: best + 1].sum() / max(n_low, 1)
    mean_high = mass[best + 1 :].sum() / max(n_high, 1)
    between = n_low * n_high * (mean_low - mean_high) ** 2
    total = float(np.var(values)) * len(values) ** 2
    return float(edges[best + 1]), float(between / total) if total > 0 else 0.0


def light_on_dark(images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Put every image of a batch (n, 28, 28, 1) in [0, 1] into MNIST's
    polarity, light ink on dark: those that :func:`is_dark_on_light` finds
    dark on light are inverted (``1 - x``), the others kept. Returns the new
    batch and the boolean mask of the images that were inverted.

    Example
    -------
    >>> batch = np.zeros((2, 28, 28, 1)); batch[1] = 1.0 - batch[1]
    >>> fixed, flipped = light_on_dark(batch)
    >>> flipped.tolist(), float(fixed.max())
    ([False, True], 0.0)
    """
    images = np.asarray(images, dtype=np.float32)
    if images.ndim != 4 or images.shape[-1] != 1:
        raise ValueError(f"Expected a batch of shape (n, height, width, 1), got {images.shape}.")
    flipped = np.array([is_dark_on_light(image) for image in images], dtype=bool)
    fixed = images.copy()
    # in place, without the two temporary copies that fixed[flipped] = 1.0 - fixed[flipped] makes
    # (10,000 MNIST images: 31 MB each)
    np.subtract(1.0, fixed, out=fixed, where=flipped[:, None, None, None])
    return fixed, flipped
