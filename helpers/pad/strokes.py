"""The draw-a-digit pad's strokes (:mod:`helpers.pad`): how a drawing becomes
the model's 28x28 input.

A drawing is a list of strokes, each a list of ``(x, y)`` points in canvas
pixels, as the browser sends them. Strokes, not pixels, are normalised: the
strokes' coordinates are scaled and centred so that the digit fits MNIST's
20x20 box, and then drawn at one fixed pen width (:data:`MNIST_PEN_WIDTH`,
about MNIST's own), so a small digit in a corner gives the same input as a
large one in the middle (:func:`strokes_to_mnist`). :func:`strokes_to_image`
draws them as the pad shows them; :func:`drawing_too_small` tells a dot or a
short scratch from a digit. :data:`DIGIT_STROKES` are the ten digits drawn by
a script, for the tests and the pad's static example.

No TensorFlow.

Example
-------
>>> from helpers.pad.strokes import EXAMPLE_STROKES, drawing_too_small, strokes_to_mnist
>>> strokes_to_mnist(EXAMPLE_STROKES["1"]).shape
(28, 28, 1)
>>> drawing_too_small([[(50, 50)]])          # a dot
True
"""

from __future__ import annotations

import math

import numpy as np

from ..preprocess.errors import NoDigitError
from ..preprocess.mnist_format import MNIST_BOX, MNIST_SIZE, centre_in_frame

__all__ = ["CANVAS_SIZE", "PEN_WIDTH", "MNIST_PEN_WIDTH", "MIN_DRAWING_SHARE", "DIGIT_STROKES", "EXAMPLE_STROKES",
           "strokes_to_image", "strokes_to_mnist", "drawing_too_small"]

#: The pad's canvas is this many pixels square: 10 times MNIST's 28.
CANVAS_SIZE = 280
#: The pen's width on the screen, in canvas pixels (what the learner sees;
#: the model's input is drawn at :data:`MNIST_PEN_WIDTH` whatever the size).
PEN_WIDTH = 22
#: The pen's width in the model's input, in MNIST pixels: MNIST's strokes are
#: about 2 pixels wide in a digit 20 pixels tall (and a digit drawn across most
#: of the pad with :data:`PEN_WIDTH` gives this width too).
MNIST_PEN_WIDTH = 2.2
#: A drawing whose strokes span less than this share of the pad's side (both
#: ways) is too small to be a digit: a dot, a short scratch ("draw larger").
#: A digit drawn at 30 % of the pad is read like a large one.
MIN_DRAWING_SHARE = 0.12


def _arc(cx: float, cy: float, rx: float, ry: float, start: float, stop: float, n: int = 14) -> list:
    """n + 1 points along an ellipse, from angle ``start`` to ``stop`` (degrees, 0 = right, 90 = up)."""
    return [(round(cx + rx * math.cos(math.radians(start + (stop - start) * i / n)), 1),
             round(cy - ry * math.sin(math.radians(start + (stop - start) * i / n)), 1)) for i in range(n + 1)]


#: The ten digits drawn by a script on a :data:`CANVAS_SIZE` canvas, large and
#: centred, in one or two strokes: the unit tests and the browser test draw these.
DIGIT_STROKES = {
    "0": [_arc(140, 142, 62, 88, 90, 450, n=28)],
    "1": [[(146, 50), (140, 140), (134, 232)]],
    "2": [_arc(140, 100, 55, 45, 160, -30) + [(90, 235), (200, 235)]],
    "3": [_arc(135, 95, 50, 42, 150, -90) + _arc(135, 185, 58, 50, 90, -150)[1:]],
    "4": [[(165, 50), (85, 170), (205, 170)], [(170, 110), (170, 240)]],
    "5": [[(195, 55), (105, 55), (98, 135)] + _arc(140, 180, 58, 55, 130, -150)[1:]],
    "6": [[(185, 55), (140, 80), (105, 130)] + _arc(140, 185, 45, 48, 170, 530)[1:]],
    "7": [[(76, 62), (140, 60), (206, 58), (175, 120), (146, 180), (122, 236)]],
    "8": [_arc(140, 95, 45, 42, 270, -90) + _arc(140, 190, 55, 48, 90, 450)[1:]],
    "9": [_arc(140, 95, 50, 45, 0, 360) + [(188, 140), (175, 240)]],
}
#: Three of them, the pad's static example and notebook 04's check: a 1, a 7 and a 0.
EXAMPLE_STROKES = {digit: DIGIT_STROKES[digit] for digit in ("1", "7", "0")}


def _canvas_shape(size) -> tuple[int, int]:
    """(height, width) from an int (square) or a (width, height) pair."""
    if isinstance(size, (int, np.integer)):
        width = height = int(size)
    else:
        try:
            width, height = (int(v) for v in size)
        except (TypeError, ValueError):
            raise ValueError(f"size must be an int or a (width, height) pair, got {size!r}.") from None
    if width < 8 or height < 8:
        raise ValueError(f"The canvas must be at least 8x8 pixels, got {width}x{height}.")
    return height, width


def _clean_strokes(strokes) -> list[list[tuple[float, float]]]:
    """The strokes as lists of finite (x, y) floats; empty strokes dropped.
    A clear ValueError for anything that is not a list of lists of points."""
    if strokes is None:
        strokes = []
    if isinstance(strokes, np.ndarray) or not isinstance(strokes, (list, tuple)):
        raise ValueError(f"Expected a list of strokes (each a list of (x, y) points), got {type(strokes).__name__}.")
    clean = []
    for i, stroke in enumerate(strokes):
        try:
            points = [(float(p[0]), float(p[1])) for p in stroke]
        except (TypeError, ValueError, IndexError, KeyError):
            raise ValueError(f"Stroke {i} is not a list of (x, y) points: {str(stroke)[:60]}") from None
        if not all(math.isfinite(v) for point in points for v in point):
            raise ValueError(f"Stroke {i} has a point that is not a finite number.")
        if points:
            clean.append(points)
    return clean


def strokes_to_image(strokes, size=CANVAS_SIZE, pen_width: float = PEN_WIDTH) -> np.ndarray:
    """The strokes drawn as the pad draws them: a 2-D float32 image in
    [0, 1], light ink (1) on black (0), of the canvas's size.

    Each stroke is a list of ``(x, y)`` points in canvas pixels (``x`` to the
    right, ``y`` down, as the browser gives them), joined by straight lines
    ``pen_width`` pixels wide with round ends; a single point is a dot.

    Parameters
    ----------
    strokes : list of strokes, each a list of (x, y) points
    size : int, or (width, height); the canvas in pixels
    pen_width : the line's width in pixels

    Raises
    ------
    NoDigitError (a ValueError)
        If nothing is drawn (no stroke, or only empty ones).
    ValueError
        If ``strokes`` is not a list of lists of (x, y) points.

    Example
    -------
    >>> image = strokes_to_image([[(140, 50), (140, 230)]])   # a "1"
    >>> image.shape, float(image[140, 140]), float(image[140, 40])
    ((280, 280), 1.0, 0.0)
    """
    from PIL import Image, ImageDraw

    height, width = _canvas_shape(size)
    if not (isinstance(pen_width, (int, float, np.number)) and 0 < float(pen_width) <= max(width, height)):
        raise ValueError(f"pen_width must be a positive number of pixels, got {pen_width!r}.")
    clean = _clean_strokes(strokes)
    if not clean:
        raise NoDigitError("Nothing drawn yet: draw one digit on the pad.")
    canvas = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(canvas)
    r = float(pen_width) / 2
    for points in clean:
        if len(points) > 1:
            draw.line(points, fill=255, width=max(1, round(float(pen_width))), joint="curve")
        for x, y in points:  # round ends and joints, as the browser draws them (lineCap = "round")
            draw.ellipse((x - r, y - r, x + r, y + r), fill=255)
    return np.asarray(canvas, dtype=np.float32) / 255.0


def _extent(clean) -> tuple[np.ndarray, np.ndarray]:
    points = np.array([p for stroke in clean for p in stroke], dtype=np.float64)
    return points.min(axis=0), points.max(axis=0)


def drawing_too_small(strokes, size=CANVAS_SIZE) -> bool:
    """Whether a drawing is too small to be a digit: its strokes span less
    than :data:`MIN_DRAWING_SHARE` of the pad's side both ways (a dot, a short
    scratch). Nothing drawn is too small too.

    Example
    -------
    >>> drawing_too_small([[(50, 50)]]), drawing_too_small(EXAMPLE_STROKES["1"])
    (True, False)
    """
    clean = _clean_strokes(strokes)
    if not clean:
        return True
    height, width = _canvas_shape(size)
    low, high = _extent(clean)
    return bool(max(high - low) < MIN_DRAWING_SHARE * max(height, width))


#: strokes_to_mnist draws at this many times MNIST's resolution, then averages down.
_SUPERSAMPLE = 10


def strokes_to_mnist(strokes, size=CANVAS_SIZE, pen_width: float = MNIST_PEN_WIDTH) -> np.ndarray:
    """The model's input for a drawing, made from the strokes as vectors, as
    MNIST was made: the strokes' coordinates scaled (keeping the aspect ratio)
    and centred so that the digit, drawn ``pen_width`` MNIST pixels wide,
    fits a 20x20 box; drawn (anti-aliased) in a 28x28 frame; and shifted so
    that its centre of mass is in the middle.

    Where on the pad, and how large, the learner drew does not matter: the
    same digit drawn small in a corner or large in the middle gives the same
    input. Only a drawing smaller than :data:`MIN_DRAWING_SHARE` of the pad
    (a dot) is not blown up to full size: it stays a small mark.

    Parameters
    ----------
    strokes : list of strokes, each a list of (x, y) points in canvas pixels
    size : int, or (width, height); the pad in pixels
    pen_width : the line's width in the 28x28 input, in MNIST pixels

    Returns float32 of shape (28, 28, 1), values in [0, 1].

    Raises
    ------
    NoDigitError (a ValueError)
        If nothing is drawn.

    Example
    -------
    >>> x = strokes_to_mnist(EXAMPLE_STROKES["7"])
    >>> x.shape, x.dtype
    ((28, 28, 1), dtype('float32'))
    >>> small = [[(x / 4, y / 4) for x, y in s] for s in EXAMPLE_STROKES["7"]]   # a quarter of the size
    >>> bool(abs(strokes_to_mnist(small) - x).max() < 0.1)
    True
    """
    from PIL import Image, ImageDraw

    height, width = _canvas_shape(size)
    if not (isinstance(pen_width, (int, float, np.number)) and 0 < float(pen_width) < MNIST_BOX):
        raise ValueError(f"pen_width must be a positive number of MNIST pixels (under {MNIST_BOX}), "
                         f"got {pen_width!r}.")
    clean = _clean_strokes(strokes)
    if not clean:
        raise NoDigitError("Nothing drawn yet: draw one digit on the pad.")
    low, high = _extent(clean)
    extent = max(float(max(high - low)), MIN_DRAWING_SHARE * max(height, width))
    k = _SUPERSAMPLE
    # canvas pixels -> supersampled MNIST pixels: the ink (the skeleton plus the pen), anti-aliased at any
    # sub-pixel position, stays within 20 pixels
    scale = (MNIST_BOX - 1 - float(pen_width)) * k / extent
    centre = (low + high) / 2
    middle = MNIST_SIZE * k / 2
    frame = Image.new("L", (MNIST_SIZE * k, MNIST_SIZE * k), 0)
    draw = ImageDraw.Draw(frame)
    r = float(pen_width) * k / 2
    for stroke in clean:
        points = [tuple(float(v) for v in (np.array(p) - centre) * scale + middle) for p in stroke]
        if len(points) > 1:
            draw.line(points, fill=255, width=max(1, round(2 * r)), joint="curve")
        for x, y in points:  # round ends and joints
            draw.ellipse((x - r, y - r, x + r, y + r), fill=255)
    small = frame.resize((MNIST_SIZE, MNIST_SIZE), Image.Resampling.BOX)
    ink = np.asarray(small, dtype=np.float32) / 255.0
    rows, cols = np.flatnonzero(ink.max(axis=1) > 0), np.flatnonzero(ink.max(axis=0) > 0)
    return centre_in_frame(ink[rows[0]: rows[-1] + 1, cols[0]: cols[-1] + 1])[..., np.newaxis]
