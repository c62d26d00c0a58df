"""Turn any picture of a digit into one MNIST-format input.

MNIST digits are 28x28 greyscale images, light ink on a dark background, the
digit scaled so that it fits a 20x20 box and then placed in the 28x28 frame so
that its centre of mass is in the middle.  :func:`png_to_mnist` does the same to
a PNG of your own handwriting, whatever its size, colour mode or background.

Example
-------
>>> from helpers import png_to_mnist
>>> x = png_to_mnist("my_digit.png")          # doctest: +SKIP
>>> x.shape, x.dtype                          # doctest: +SKIP
((28, 28, 1), dtype('float32'))
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np

__all__ = ["read_png", "to_mnist_format", "is_dark_on_light", "light_on_dark", "centre_in_frame", "png_to_mnist"]

MNIST_SIZE = 28
MNIST_BOX = 20  # MNIST digits are scaled to fit a 20x20 box inside the 28x28 frame


def read_png(source) -> np.ndarray:
    """Read a PNG (path or bytes) as a 2-D float32 greyscale array in [0, 1].

    Colour is converted to luminance; transparency is composited onto white
    (as the picture would look on a page); 8-bit, 16-bit, palette and binary
    PNGs are all accepted.

    Raises
    ------
    FileNotFoundError
        If the path does not exist.
    ValueError
        If the file is empty or is not a readable image.

    Example
    -------
    >>> grey = read_png("images/digit_3.png")     # doctest: +SKIP
    >>> grey.shape, float(grey.min()) >= 0.0      # doctest: +SKIP
    ((28, 28), True)
    """
    from PIL import Image, UnidentifiedImageError

    if isinstance(source, (bytes, bytearray)):
        data, name = bytes(source), "<bytes>"
    else:
        path = Path(os.fspath(source))
        if not path.is_file():
            raise FileNotFoundError(
                f"No image file at '{path}'. Check the path (it is relative to the "
                f"folder the notebook runs in, usually notebooks/)."
            )
        data, name = path.read_bytes(), path.name
    if not data:
        raise ValueError(f"'{name}' is empty (0 bytes): save the image again as a PNG.")
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            return _to_grey(img)
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValueError(
            f"'{name}' is not a readable image ({exc}). Save it again as a PNG "
            f"(any size, colour or greyscale) and retry."
        ) from None


def _to_grey(img) -> np.ndarray:
    """A PIL image of any mode -> float32 luminance in [0, 1]."""
    from PIL import Image

    if img.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        arr = np.asarray(img, dtype=np.float64)
        top = 65535.0 if img.mode.startswith("I;16") or arr.max() > 255 else 255.0
        return np.clip(arr / top, 0.0, 1.0).astype(np.float32)
    if img.mode == "P":
        img = img.convert("RGBA")
    if img.mode in ("RGBA", "LA", "PA"):
        white = Image.new("RGBA", img.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, img.convert("RGBA"))
    grey = img.convert("L")
    return np.asarray(grey, dtype=np.float32) / 255.0


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
        raise ValueError(
            "No digit found: the image has (almost) one brightness everywhere. "
            "Write the digit with a dark pen on light paper (or light on dark)."
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


def is_dark_on_light(grey: np.ndarray) -> bool:
    """Whether a 2-D greyscale image in [0, 1] is dark ink on light paper:
    the median of its border pixels is above 0.5. The rule
    :func:`to_mnist_format` and :func:`png_to_mnist` use for ``invert="auto"``.

    Example
    -------
    >>> page = np.ones((28, 28)); page[10:20, 12:16] = 0.0
    >>> is_dark_on_light(page), is_dark_on_light(1.0 - page)
    (True, False)
    """
    grey = np.asarray(grey)
    if grey.ndim == 3 and grey.shape[-1] == 1:
        grey = grey[..., 0]
    if grey.ndim != 2:
        raise ValueError(f"Expected one 2-D greyscale image, got an array of shape {grey.shape}.")
    border = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    return bool(np.median(border) > 0.5)


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
    fixed[flipped] = 1.0 - fixed[flipped]
    return fixed, flipped


INK_THRESHOLD = 0.15  #: after stretching, fainter pixels are paper, not ink
SPECK_FRACTION = 0.1  #: ink blobs with less than this share of the largest blob's ink are specks


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
    small = np.asarray(small, dtype=np.float32)
    h, w = small.shape
    if h > MNIST_SIZE or w > MNIST_SIZE:
        raise ValueError(f"Expected at most {MNIST_SIZE}x{MNIST_SIZE}, got {h}x{w}.")
    frame = np.zeros((MNIST_SIZE, MNIST_SIZE), dtype=np.float32)
    top, left = (MNIST_SIZE - h) // 2, (MNIST_SIZE - w) // 2
    frame[top : top + h, left : left + w] = small
    total = frame.sum()
    if total > 0:
        yy, xx = np.indices(frame.shape)
        cy, cx = (yy * frame).sum() / total, (xx * frame).sum() / total
        dy, dx = round((MNIST_SIZE - 1) / 2 - cy), round((MNIST_SIZE - 1) / 2 - cx)
        # never shift ink out of the frame
        dy = int(np.clip(dy, -top, MNIST_SIZE - (top + h)))
        dx = int(np.clip(dx, -left, MNIST_SIZE - (left + w)))
        frame = np.roll(frame, (dy, dx), axis=(0, 1))
    return np.clip(frame, 0.0, 1.0)


def png_to_mnist(source, invert: bool | str = "auto") -> np.ndarray:
    """Read a PNG of a digit (any size, RGB or grey, light or dark background)
    and return one MNIST-format input of shape (28, 28, 1), float32 in [0, 1].

    Add a batch axis before giving it to a model: ``model.predict(x[None])``.

    Example
    -------
    >>> x = png_to_mnist("../images/digit_7.png")   # doctest: +SKIP
    >>> x.shape                                      # doctest: +SKIP
    (28, 28, 1)
    """
    return to_mnist_format(read_png(source), invert=invert)
