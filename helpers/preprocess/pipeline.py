"""Turn any picture of a digit into one MNIST-format input.

MNIST digits are 28x28 greyscale images, light ink on a dark background, the
digit scaled so that it fits a 20x20 box and then placed in the 28x28 frame so
that its centre of mass is in the middle.  :func:`image_to_mnist` does the same to a PNG or a
phone photo (JPEG) of your own handwriting, whatever its size, colour mode or background.

Two paths:

- a picture smaller than :data:`SMALL_WORK_SIDE` that shows a digit in a frame
  or on a plate (a thumbnail, a cut-out of a form; ``images/framed/``) is enlarged
  and goes through the photo path's frame and plate steps;
- else an image already about MNIST's size (both sides under
  :data:`PHOTO_MIN_SIDE` pixels, like the files in ``images/``) goes straight
  to :func:`to_mnist_format`;
- a larger picture is treated as a photo (:func:`photo_to_ink`; one smaller than
  :data:`SMALL_WORK_SIDE` is enlarged to about that size first): turned
  upright from its EXIF tag, shrunk early to :data:`WORK_SIDE` pixels, its
  lighting flattened (paper level from a morphological closing), ruled or
  squared lines and a drawn frame removed, and the one digit picked out among
  the ink blobs (blank page, several digits: a clear error). The ink it finds
  then goes through the same :func:`to_mnist_format` steps.

The path reads one way, a module a step, each step a function the next one
calls:

1. :mod:`~helpers.preprocess.read`: a file (path or bytes) to a greyscale array
   (:func:`read_image`);
2. find the ink: :mod:`~helpers.preprocess.polarity` (dark on light, or light
   on dark), :mod:`~helpers.preprocess.ink` (a photo of a page: lighting,
   ruled lines, frames, plates, the one digit; :func:`photo_to_ink`), and
   :mod:`~helpers.preprocess.paper` (the paper's brightness taken away, the
   ink stretched to 0..1; :func:`ink_on_paper`);
3. :mod:`~helpers.preprocess.mnist_format`: crop, scale into 20x20, centre in
   28x28 (:func:`ink_to_mnist`).

The errors each step raises, with advice in their messages, are in
:mod:`~helpers.preprocess.errors`. This module holds the whole path:
:func:`image_to_mnist` (a file), :func:`to_mnist_format` (an array already
in memory) and :func:`read_digit` (also how large the digit is).

Example
-------
>>> from helpers import image_to_mnist
>>> x = image_to_mnist("my_digit.jpg")        # doctest: +SKIP
>>> x.shape, x.dtype                          # doctest: +SKIP
((28, 28, 1), dtype('float32'))
"""

from __future__ import annotations

import numpy as np

from .errors import DigitImageError, NoDigitError
from .ink import photo_to_ink
from .mnist_format import ink_to_mnist
from .paper import ink_on_paper
from .read import read_image

__all__ = ["image_to_mnist", "to_mnist_format", "read_digit", "PHOTO_MIN_SIDE", "WORK_SIDE", "SMALL_WORK_SIDE"]

#: Both sides under this many pixels: already a cropped digit (MNIST-sized, like
#: the files in images/), so no photo clean-up.
PHOTO_MIN_SIDE = 48
#: A photo's longer side is shrunk to this many pixels before anything else.
WORK_SIDE = 640
#: A picture smaller than this (longer side) is enlarged to about this size before the photo clean-up,
#: whose steps (a pen's width, a frame's thickness, a blur) are sized for photos: a small picture of a
#: digit in a frame or on a plate, or one between MNIST's size and a photo's.
SMALL_WORK_SIDE = 256


def image_to_mnist(source, invert: bool | str = "auto", name: str | None = None) -> np.ndarray:
    """Read a picture of one handwritten digit and return one MNIST-format
    input of shape (28, 28, 1), float32 in [0, 1]: light digit on black,
    fitted into a 20x20 box, centred by its centre of mass.

    Any PNG or JPEG: a phone photo (up to 4000x3000 and beyond, turned upright
    from its EXIF tag), blue, black or red ink, plain, ruled or squared paper,
    shadows, a dim photo, the table at the edge, the digit inside a drawn
    box, or light chalk on a dark board. An image already about MNIST's size
    (both sides under :data:`PHOTO_MIN_SIDE`) skips the photo clean-up
    (:func:`photo_to_ink`) and goes straight to :func:`to_mnist_format`.

    Add a batch axis before giving it to a model: ``model.predict(x[None])``.

    Parameters
    ----------
    source : path or bytes
    invert : "auto", True or False
        True when the picture is dark ink on light paper; "auto" lets
        :func:`is_dark_on_light` decide from the picture's own contrast.
    name : the file's name in messages (for bytes, such as an upload)

    Raises
    ------
    FileNotFoundError
        No file at that path.
    UnreadableImageError, NoDigitError, SeveralDigitsError (ValueErrors)
        A corrupt file, a blank page, more than one digit; the message says
        what to do.

    Example
    -------
    >>> x = image_to_mnist("../images/digit_7.png")   # doctest: +SKIP
    >>> x.shape                                        # doctest: +SKIP
    (28, 28, 1)
    >>> image_to_mnist("photo_of_a_3.jpg").shape       # doctest: +SKIP
    (28, 28, 1)
    """
    return read_digit(source, invert=invert, name=name)[0]


def read_digit(source, invert: bool | str = "auto", name: str | None = None) -> tuple[np.ndarray, float]:
    """:func:`image_to_mnist`, and how large the digit is in the picture: the
    longer side of the ink's box as a share of the picture's longer side
    (0..1). The draw-a-digit pad says "too small" below
    :data:`helpers.pad.answer.MIN_DIGIT_SHARE` (a speck on a photo is not a digit).

    Example
    -------
    >>> x, share = read_digit("../images/digit_7.png")   # doctest: +SKIP
    >>> x.shape, share > 0.5                             # doctest: +SKIP
    ((28, 28, 1), True)
    """
    grey = read_image(source, max_side=WORK_SIDE, name=name)
    framed = _framed_ink(grey, invert) if max(grey.shape) < SMALL_WORK_SIDE else None
    if framed is not None:
        ink = framed
    elif max(grey.shape) < PHOTO_MIN_SIDE:
        return to_mnist_format(grey, invert=invert), 1.0
    else:
        ink = photo_to_ink(_enlarged(grey), invert=invert)
    rows, cols = np.flatnonzero(ink.max(axis=1) > 0), np.flatnonzero(ink.max(axis=0) > 0)
    share = (max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1) / max(ink.shape) if rows.size else 0.0
    return to_mnist_format(ink, invert=False), float(share)


#: What a small picture of an empty frame or plate gets (never the frame read as a digit).
EMPTY_FRAME = ("No digit found inside the frame (or on the plate): the picture shows a frame, a box or a "
               "plate with nothing in it that looks like a digit. Write or photograph the digit inside it, "
               "large and dark, and retry.")


def _enlarged(grey: np.ndarray) -> np.ndarray:
    """``grey`` itself when its longer side is at least :data:`SMALL_WORK_SIDE`, else enlarged
    (bilinear) by the whole factor that brings it closest to that size."""
    from scipy import ndimage

    factor = int(round(SMALL_WORK_SIDE / max(grey.shape)))
    return grey if factor <= 1 else ndimage.zoom(grey, factor, order=1, mode="nearest", grid_mode=True)


def _framed_ink(grey: np.ndarray, invert: bool | str) -> np.ndarray | None:
    """For a small picture: the digit's ink when it sits in a frame or on a plate (the photo path,
    enlarged, without its search for ruled lines, found one and took it away), else None.
    A frame or a plate with no one digit inside raises the photo path's error (NoDigitError,
    SeveralDigitsError): the frame is never passed on as if it were the digit."""
    big = _enlarged(grey)
    # both readings of a tight crop: the polarity check would call a plate that fills the middle
    # of the picture the background
    for dark_on_light in ([True, False] if invert == "auto" else [bool(invert)]):
        found: dict = {}
        try:
            ink = photo_to_ink(big, invert=dark_on_light, found=found, rulings=False)
        except NoDigitError:
            if found.get("frame") or found.get("plate") or found.get("empty_plate"):
                raise NoDigitError(EMPTY_FRAME) from None
            continue
        except DigitImageError:
            if found.get("frame") or found.get("plate"):
                raise
            continue
        if found["frame"] or found["plate"]:
            return ink
        if found.get("empty_plate"):
            raise NoDigitError(EMPTY_FRAME)
    return None


def to_mnist_format(grey: np.ndarray, invert: bool | str = "auto") -> np.ndarray:
    """Turn a 2-D greyscale picture of one digit in [0, 1], already in memory
    and cropped about the digit, into one MNIST-format input: its ink
    (:func:`ink_on_paper`: light on dark, the paper taken away), framed as
    MNIST's digits were (:func:`ink_to_mnist`).

    Parameters
    ----------
    grey : array of shape (height, width), values in [0, 1]
    invert : "auto", True or False
        True when the picture is dark ink on light paper; "auto" lets
        :func:`is_dark_on_light` decide from the picture's own contrast.

    Returns
    -------
    float32 array of shape (28, 28, 1), values in [0, 1].

    Example
    -------
    >>> page = np.ones((100, 60)); page[20:80, 25:35] = 0.0   # a dark "1" on white
    >>> x = to_mnist_format(page)
    >>> x.shape, x.dtype, float(x[0, 0, 0])
    ((28, 28, 1), dtype('float32'), 0.0)
    """
    return ink_to_mnist(ink_on_paper(grey, invert=invert))
