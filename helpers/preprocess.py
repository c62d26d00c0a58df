"""Turn any picture of a digit into one MNIST-format input.

MNIST digits are 28x28 greyscale images, light ink on a dark background, the
digit scaled so that it fits a 20x20 box and then placed in the 28x28 frame so
that its centre of mass is in the middle.  :func:`image_to_mnist` (also
called :func:`png_to_mnist`) does the same to a PNG or a phone photo (JPEG) of
your own handwriting, whatever its size, colour mode or background.

Two paths:

- an image already about MNIST's size (both sides under
  :data:`PHOTO_MIN_SIDE` pixels, like the files in ``images/``) goes straight
  to :func:`to_mnist_format`, exactly as before;
- a larger picture is treated as a photo (:func:`photo_to_ink`): turned
  upright from its EXIF tag, shrunk early to :data:`WORK_SIDE` pixels, its
  lighting flattened (paper level from a morphological closing), ruled or
  squared lines and a drawn frame removed, and the one digit picked out among
  the ink blobs (blank page, several digits: a clear error). The ink it finds
  then goes through the same :func:`to_mnist_format` steps.

Polarity (dark ink on light paper, or light on dark) is decided in one place,
:func:`is_dark_on_light`, from the image's own contrast.

This module is the whole path in two functions (:func:`image_to_mnist`,
:func:`read_digit`); each step lives in a module of its own, and every name
is also importable from here:

- :mod:`helpers.reading`: a file (path or bytes) to a greyscale array;
- :mod:`helpers.polarity`: dark on light, or light on dark;
- :mod:`helpers.framing`: ink to MNIST's 28x28 frame;
- :mod:`helpers.photo_ink`: a photo of a page to the one digit's ink;
- :mod:`helpers.image_errors`: the errors, each with advice in its message.

Example
-------
>>> from helpers import image_to_mnist
>>> x = image_to_mnist("my_digit.jpg")        # doctest: +SKIP
>>> x.shape, x.dtype                          # doctest: +SKIP
((28, 28, 1), dtype('float32'))
"""

from __future__ import annotations

import numpy as np

from .framing import (INK_THRESHOLD, MNIST_BOX, MNIST_SIZE, SPECK_FRACTION, _drop_specks, _paper_level,
                      centre_in_frame, to_mnist_format)
from .image_errors import DigitImageError, NoDigitError, SeveralDigitsError, UnreadableImageError
from .photo_ink import (CLOSING_FRACTION, LINE_FRACTION, MIN_INK, MIN_RULINGS, PLATE_DARK_SHARE, PLATE_MIN_SIDE,
                        PLATE_SOLIDITY, SECOND_DIGIT_SHARE, photo_to_ink)
from .polarity import MIN_CONTRAST, MIN_SEPARATION, is_dark_on_light, light_on_dark
from .reading import read_image, read_png

__all__ = ["read_png", "read_image", "to_mnist_format", "is_dark_on_light", "light_on_dark", "centre_in_frame",
           "photo_to_ink", "image_to_mnist", "png_to_mnist", "read_digit",
           "DigitImageError", "UnreadableImageError", "NoDigitError", "SeveralDigitsError"]

#: Both sides under this many pixels: already a cropped digit (MNIST-sized, like
#: the files in images/), so no photo clean-up.
PHOTO_MIN_SIDE = 48
#: A photo's longer side is shrunk to this many pixels before anything else.
WORK_SIDE = 640


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
    :data:`helpers.pad.MIN_DIGIT_SHARE` (a speck on a photo is not a digit).

    Example
    -------
    >>> x, share = read_digit("../images/digit_7.png")   # doctest: +SKIP
    >>> x.shape, share > 0.5                             # doctest: +SKIP
    ((28, 28, 1), True)
    """
    grey = read_image(source, max_side=WORK_SIDE, name=name)
    if max(grey.shape) < PHOTO_MIN_SIDE:
        return to_mnist_format(grey, invert=invert), 1.0
    ink = photo_to_ink(grey, invert=invert)
    rows, cols = np.flatnonzero(ink.max(axis=1) > 0), np.flatnonzero(ink.max(axis=0) > 0)
    share = (max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1) / max(ink.shape) if rows.size else 0.0
    return to_mnist_format(ink, invert=False), float(share)


#: The first name of :func:`image_to_mnist`, kept so that older notebooks work.
png_to_mnist = image_to_mnist
