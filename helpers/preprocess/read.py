"""Reading a picture file (PNG, JPEG, ...; a path or bytes) as one greyscale array.

:func:`read_image` turns a phone photo upright from its EXIF tag, makes colour
luminance, composites transparency onto white and, with ``max_side``, shrinks
a large photo early (a JPEG is decoded at reduced size already).

Example
-------
>>> import io
>>> from PIL import Image
>>> buffer = io.BytesIO(); Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")
>>> grey = read_image(buffer.getvalue())
>>> grey.shape, grey.dtype, float(grey.max())
((30, 40), dtype('float32'), 1.0)
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np

from .errors import UnreadableImageError

__all__ = ["read_image", "read_png"]


def read_image(source, max_side: int | None = None, name: str | None = None) -> np.ndarray:
    """Read a picture (PNG, JPEG, ...; a path or bytes) as a 2-D float32
    greyscale array in [0, 1], upright.

    A phone stores its photo sideways with an EXIF "Orientation" tag; the
    picture is turned as that tag says (``PIL.ImageOps.exif_transpose``).
    Colour becomes luminance; transparency is composited onto white (as the
    picture would look on a page); 8-bit, 16-bit, palette and binary images
    are all accepted. ``name`` is the file's name in messages (for bytes, such as
    an upload). With ``max_side``, a larger picture is shrunk (area
    averaging) so that its longer side is ``max_side`` pixels; a JPEG is
    then decoded at 1/2, 1/4 or 1/8 of its size already (``Image.draft``),
    which makes a 12-megapixel photo quick to read.

    Raises
    ------
    FileNotFoundError
        If the path does not exist.
    UnreadableImageError (a ValueError)
        If the file is empty, corrupt or not an image.

    Example
    -------
    >>> grey = read_image("images/digit_3.png")         # doctest: +SKIP
    >>> grey.shape, grey.dtype                          # doctest: +SKIP
    ((28, 28), dtype('float32'))
    >>> read_image("photo.jpg", max_side=640).shape     # doctest: +SKIP
    (640, 480)
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    if isinstance(source, (bytes, bytearray, memoryview)):
        data, name = bytes(source), name or "the picture"
    else:
        path = Path(os.fspath(source))
        if not path.is_file():
            raise FileNotFoundError(
                f"No image file at '{path}'. Check the path (it is relative to the "
                f"folder the notebook runs in, usually notebooks/)."
            )
        data, name = path.read_bytes(), name or path.name
    if not data:
        raise UnreadableImageError(f"'{name}' is empty (0 bytes): save or copy the picture again and retry.")
    advice = ("Save it again as a PNG or JPEG (any size, colour or greyscale; a phone photo is fine) "
              "and retry.")
    try:
        with Image.open(io.BytesIO(data)) as img:
            if max_side and img.format == "JPEG":
                img.draft(None, (max_side, max_side))  # decode at 1/2, 1/4 or 1/8 size: both sides stay >= max_side
            img.load()
            try:
                upright = ImageOps.exif_transpose(img)
            except Exception:  # a broken EXIF block: the pixels are still good, keep them as stored
                upright = img
            grey = _to_grey(upright)
    except Image.DecompressionBombError as exc:
        raise UnreadableImageError(f"'{name}' is too large to read safely ({exc}). Shrink it and retry.") from None
    except UnidentifiedImageError:
        raise UnreadableImageError(f"'{name}' is not an image: no picture format (PNG, JPEG, ...) "
                                   f"matches its contents. {advice}") from None
    except (OSError, SyntaxError, ValueError):
        raise UnreadableImageError(f"'{name}' is not a readable image: the file is damaged or cut "
                                   f"short. {advice}") from None
    if max_side and max(grey.shape) > max_side:
        scale = max_side / max(grey.shape)
        size = (max(1, round(grey.shape[1] * scale)), max(1, round(grey.shape[0] * scale)))
        grey = np.asarray(Image.fromarray(grey).resize(size, Image.Resampling.BOX), dtype=np.float32)
        grey = np.clip(grey, 0.0, 1.0)
    return grey


def read_png(source) -> np.ndarray:
    """Read a PNG (path or bytes) as a 2-D float32 greyscale array in [0, 1].

    The same as :func:`read_image` at full size (it reads JPEG and other
    formats too, and turns a photo upright from its EXIF tag). Colour is
    converted to luminance; transparency is composited onto white (as the
    picture would look on a page); 8-bit, 16-bit, palette and binary PNGs
    are all accepted.

    Raises
    ------
    FileNotFoundError
        If the path does not exist.
    UnreadableImageError (a ValueError)
        If the file is empty or is not a readable image.

    Example
    -------
    >>> grey = read_png("images/digit_3.png")     # doctest: +SKIP
    >>> grey.shape, float(grey.min()) >= 0.0      # doctest: +SKIP
    ((28, 28), True)
    """
    return read_image(source)


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
