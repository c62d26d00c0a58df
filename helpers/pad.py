"""A draw-a-digit pad: draw with the mouse, a pen or a finger, and watch a
model read your digit as you draw.

The pad is a Jupyter widget built on `anywidget <https://anywidget.dev>`_:
the drawing happens in the browser (a ``<canvas>``, ``helpers/pad.js`` and
``helpers/pad.css``, so the stroke follows the pen at once); only the
strokes, lists of ``(x, y)`` points in canvas pixels, travel to Python, when
the pen lifts and about seven times a second while it moves. Python turns
them into the model's input (:func:`strokes_to_mnist`), asks the model, and
sends back the 28x28 input, the ten probabilities (drawn as a bar chart) and
a verdict (:func:`verdict`).

Strokes, not pixels, are normalised: the strokes' coordinates are scaled and
centred so that the digit fits MNIST's 20x20 box, and then drawn at one
fixed pen width (:data:`MNIST_PEN_WIDTH`, about MNIST's own), so a small
digit in a corner gives the same input as a large one in the middle.

"Not sure" is an answer: below a top probability of :data:`NOT_SURE_BELOW`
(chosen on MNIST's validation digits by :func:`choose_threshold`), the pad
says "not sure: 4 or 9?" and greys its bars; a drawing too small to be a
digit (a dot, a short scratch: :func:`drawing_too_small`) gets "draw larger".
A photo of a digit on paper, read with the pad's "read a photo" button, takes
the path of :func:`helpers.preprocess.image_to_mnist` and the same rule.

This module imports no TensorFlow: the pad takes any function
``predict(images) -> probabilities`` or a Keras model that a notebook has
already built. Where no live Jupyter front-end draws the widget (GitHub, a
saved notebook opened untrusted, the automated tests) its output shows a
static example instead: a digit drawn by a script (:data:`EXAMPLE_STROKES`)
as the pad would read it, an image kept in the widget's own output, which a
live JupyterLab never shows (the live pad takes its place).

Example
-------
>>> from helpers.pad import show_pad, strokes_to_mnist, EXAMPLE_STROKES
>>> strokes_to_mnist(EXAMPLE_STROKES["1"]).shape
(28, 28, 1)
>>> pad = show_pad(model)                                  # doctest: +SKIP
>>> pad = show_pad({"plain": plain, "augmented": augmented})   # doctest: +SKIP
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import numpy as np

from .preprocess import (MNIST_BOX, MNIST_SIZE, DigitImageError, NoDigitError, centre_in_frame,
                         read_digit)

__all__ = ["CANVAS_SIZE", "PEN_WIDTH", "MNIST_PEN_WIDTH", "MIN_DRAWING_SHARE", "MIN_DIGIT_SHARE",
           "NOT_SURE_BELOW", "DIGIT_STROKES", "EXAMPLE_STROKES", "PAD_NOTE", "HELP", "strokes_to_image", "strokes_to_mnist",
           "drawing_too_small", "predict_probabilities", "choose_threshold", "validation_threshold", "verdict",
           "plot_pad_example", "DigitPad", "show_pad"]

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
#: A photo whose digit spans less than this share of the picture's longer side
#: is too small to read ("too small": a scratch, not a digit; the 70 phone photos
#: of images/photos/ span 0.13 or more).
MIN_DIGIT_SHARE = 0.05
#: Below this top probability the pad says "not sure". Chosen on MNIST's 5,000
#: validation digits with notebook 06's rule (:func:`choose_threshold`: the
#: highest multiple of 0.05 at which the model still accepts 99 % of them), for
#: notebook 04's model (seed 42); tests/test_pad.py checks it against the rule.
#: Seeds 0-4 give 0.45 or 0.50.
NOT_SURE_BELOW = 0.5
#: What the pad's plain-text form says (shown where no widget can be drawn:
#: GitHub, a terminal, the notebook tests).
PAD_NOTE = ("[draw-a-digit pad: it appears here when the notebook runs in JupyterLab or "
            "Jupyter Notebook with a live kernel]")
#: The help text under the pad.
HELP = ("Draw one digit in the black square (mouse, pen or finger), at any size, or read a photo of one "
        "digit on paper (PNG or JPEG). Below the threshold chosen on MNIST's validation digits the pad "
        "says \"not sure\"; a dot or a short scratch gets \"draw larger\".")


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


def _predictor(model):
    """``model`` as a function ``images -> probabilities``. A Keras model is
    called directly (``model(x, training=False)``): for one image that is
    much quicker than ``model.predict``."""
    if hasattr(model, "predict") and hasattr(model, "layers") and callable(model):
        return lambda images: model(images, training=False)
    if callable(model):
        return model
    raise TypeError(f"Expected a Keras model or a function predict(images) -> probabilities, got "
                    f"{type(model).__name__}.")


def predict_probabilities(model, x) -> np.ndarray:
    """The model's ten probabilities for one MNIST-format input.

    Parameters
    ----------
    model : a Keras model, or any function ``predict(images) -> probabilities``
        that takes a batch of shape (n, 28, 28, 1) and returns (n, 10).
    x : one input, shape (28, 28, 1) or (28, 28), as :func:`strokes_to_mnist`
        or :func:`helpers.preprocess.image_to_mnist` give it.

    Returns a float64 array of shape (10,).

    Raises
    ------
    ValueError
        If the model does not return ten probabilities (non-negative, summing
        to 1): a model that ends without a softmax returns scores instead.

    Example
    -------
    >>> uniform = lambda images: np.full((len(images), 10), 0.1)
    >>> predict_probabilities(uniform, strokes_to_mnist(EXAMPLE_STROKES["1"])).shape
    (10,)
    """
    x = np.asarray(x, dtype=np.float32)
    if x.shape == (28, 28):
        x = x[..., np.newaxis]
    if x.shape != (28, 28, 1):
        raise ValueError(f"Expected one input of shape (28, 28, 1), got {x.shape}.")
    out = np.asarray(_predictor(model)(x[np.newaxis]), dtype=np.float64)
    if out.shape != (1, 10):
        raise ValueError(f"The model returned an array of shape {out.shape} for one image; expected (1, 10): "
                         f"ten probabilities, one per digit.")
    p = out[0]
    if not np.all(np.isfinite(p)) or p.min() < 0 or abs(p.sum() - 1) > 1e-3:
        raise ValueError("The model's ten outputs are not probabilities (non-negative, summing to 1): "
                         "does its last layer have a softmax activation?")
    return p


def choose_threshold(confidence, accept: float = 0.99, step: float = 0.05) -> float:
    """The "not sure" threshold, chosen as notebook 06 does: the highest
    multiple of ``step`` (up to 0.95) at which a model still accepts (top
    probability at or above it) a share ``accept`` of validation digits.

    Parameters
    ----------
    confidence : the top probability for each validation digit
    accept : the share of validation digits that must stay accepted

    Example
    -------
    >>> choose_threshold(np.r_[np.full(99, 0.9), 0.3])   # 99 of 100 digits are at 0.9
    0.9
    >>> choose_threshold(np.r_[np.full(98, 0.9), 0.3, 0.6])
    0.6
    """
    confidence = np.asarray(confidence, dtype=np.float64).ravel()
    if confidence.size == 0:
        raise ValueError("No validation confidences given.")
    candidates = np.round(np.arange(1, round(1 / step)) * step, 4)
    accepted = [t for t in candidates if np.mean(confidence >= t - 1e-9) >= accept]
    return float(max(accepted)) if accepted else 0.0


def validation_threshold(model, accept: float = 0.99) -> float:
    """:func:`choose_threshold` for a model on MNIST's 5,000 validation digits
    (:func:`helpers.mnist.load_mnist`; imports TensorFlow, so about 10 s).
    For notebook 04's model it gives :data:`NOT_SURE_BELOW`.

    Example
    -------
    >>> validation_threshold(model)     # doctest: +SKIP
    0.5
    """
    from .mnist import load_mnist

    _, val, _ = load_mnist()
    images = np.stack([np.asarray(x) for x, _ in val.as_numpy_iterator()]).astype(np.float32) / 255.0
    predict = _predictor(model)
    confidence = np.concatenate([np.asarray(predict(images[i: i + 500])).max(axis=1)
                                 for i in range(0, len(images), 500)])
    return choose_threshold(confidence, accept=accept)


def verdict(p, threshold: float = NOT_SURE_BELOW, too_small: bool = False) -> dict:
    """What the pad says about ten probabilities: ``{"text", "digit", "state"}``.

    - ``state == "small"``: the drawing or the photo's digit is too small to be
      a digit; text ``"draw larger"``, digit ``"?"``;
    - ``"unsure"``: the top probability is below ``threshold``; text
      ``"not sure: 4 or 9?"`` (the two most probable digits), digit ``"?"``;
    - ``"sure"``: text ``"7 (93 %)"``, digit ``"7"``.

    Example
    -------
    >>> p = np.full(10, 0.02); p[7] = 0.82
    >>> verdict(p)["text"], verdict(p, threshold=0.9)["text"], verdict(p, too_small=True)["text"]
    ('7 (82 %)', 'not sure: 7 or 0?', 'draw larger')
    """
    p = np.asarray(p, dtype=np.float64)
    first, second = (int(d) for d in np.argsort(-p, kind="stable")[:2])
    if too_small:
        return {"text": "draw larger", "digit": "?", "state": "small"}
    if p[first] < threshold:
        return {"text": f"not sure: {first} or {second}?", "digit": "?", "state": "unsure"}
    return {"text": f"{first} ({round(100 * p[first])} %)", "digit": str(first), "state": "sure"}


def _models(models) -> dict:
    """{name: predictor}: one model is called "model"; a dict keeps its names."""
    if isinstance(models, dict):
        if not models:
            raise ValueError("Give at least one model.")
        return {str(name): _predictor(m) for name, m in models.items()}
    return {"model": _predictor(models)}


def plot_pad_example(models, strokes=None, size=CANVAS_SIZE, pen_width: float = PEN_WIDTH,
                     title: str | None = None, threshold: float = NOT_SURE_BELOW):
    """What the pad shows for one drawing, as a static figure: the strokes,
    the 28x28 input the model receives, and each model's ten probabilities
    with its verdict (:func:`verdict`).

    Made without pyplot (a :class:`matplotlib.figure.Figure`), so it never
    appears by itself; the pad's output keeps it as a PNG for readers
    without a live kernel.

    Parameters
    ----------
    models : a model or predict function, or a dict {name: model}
    strokes : default ``EXAMPLE_STROKES["7"]``
    pen_width : the pen on the pad, in canvas pixels (the left panel only)
    title : the figure's title, if any

    Example
    -------
    >>> uniform = lambda images: np.full((len(images), 10), 0.1)
    >>> fig = plot_pad_example(uniform, EXAMPLE_STROKES["0"])
    >>> len(fig.axes), fig.axes[2].get_title()
    (3, 'model: not sure: 0 or 1?')
    """
    from matplotlib.figure import Figure

    strokes = EXAMPLE_STROKES["7"] if strokes is None else strokes
    predictors = _models(models)
    image = strokes_to_image(strokes, size=size, pen_width=pen_width)
    x = strokes_to_mnist(strokes, size=size)
    small = drawing_too_small(strokes, size=size)
    n = len(predictors)
    fig = Figure(figsize=(2.2 + 1.7 + 2.6 * n, 2.4))
    axes = fig.subplots(1, 2 + n, gridspec_kw={"width_ratios": [1, 1] + [1.6] * n})
    axes[0].imshow(image, cmap="gray", vmin=0, vmax=1)
    axes[0].set_title("drawn on the pad", fontsize=9)
    axes[1].imshow(x[..., 0], cmap="gray", vmin=0, vmax=1)
    axes[1].set_title("the model's input, 28×28", fontsize=9)
    for ax in axes[:2]:
        ax.set_xticks([])
        ax.set_yticks([])
    for ax, (name, predict) in zip(axes[2:], predictors.items()):
        p = predict_probabilities(predict, x)
        said = verdict(p, threshold=threshold, too_small=small)
        best = int(p.argmax())
        bars = ax.bar(range(10), p, color="lightgrey")
        bars[best].set_color("tab:blue" if said["state"] == "sure" else "grey")
        ax.set_ylim(0, 1)
        ax.set_xticks(range(10))
        ax.tick_params(labelsize=7)
        ax.set_title(f"{name}: {said['text']}", fontsize=9)
    if title:
        fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    return fig


def _example_png(models, example: str, size, pen_width, threshold) -> bytes:
    fig = plot_pad_example(models, EXAMPLE_STROKES[example], size=size, pen_width=pen_width, threshold=threshold,
                           title=f"A static picture, not your drawing: a {example} drawn by a script, as the pad reads it.\n"
                                 f"The live pad appears here in JupyterLab with a running kernel.")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    return buf.getvalue()


# ---------------------------------------------------------------------------
# The widget: one anywidget; its browser side is helpers/pad.js and helpers/pad.css
# (plain files next to this one: no build step).

_HERE = Path(__file__).resolve().parent

try:
    import anywidget as _anywidget
    import ipywidgets as _widgets
    import traitlets as _t
except ImportError as _exc:  # the pure functions above still work
    _IMPORT_ERROR: ImportError | None = _exc
else:
    _IMPORT_ERROR = None


def _require_widgets():
    if _IMPORT_ERROR is not None:
        raise ImportError(
            f"The drawing pad needs the packages anywidget and ipywidgets ({_IMPORT_ERROR}). Install the "
            f"course's requirements: pip install -r requirements.txt (then restart the kernel)."
        )


def DigitPad(models, size: int = CANVAS_SIZE, pen_width: float = PEN_WIDTH, threshold: float = NOT_SURE_BELOW,
             example: str | None = "7"):
    """Make a draw-a-digit pad for one model or several (a widget; display it
    as a notebook cell's last value, or use :func:`show_pad`).

    Parameters
    ----------
    models : a Keras model, or a function ``predict(images) -> probabilities``
        (batch (n, 28, 28, 1) in, (n, 10) out), or a dict ``{name: model}`` to
        compare several side by side.
    size : the canvas in pixels (square)
    pen_width : the pen's width on the screen, in canvas pixels
    threshold : below this top probability the pad says "not sure"
        (default :data:`NOT_SURE_BELOW`, chosen for notebook 04's model)
    example : the digit of :data:`EXAMPLE_STROKES` whose static picture the
        pad's output keeps for readers without a live kernel (None: none)

    The widget also works from Python (no browser needed): ``pad.draw(strokes)``,
    ``pad.read_photo(path_or_bytes)``, ``pad.clear()``; ``pad.model_input``
    (28, 28, 1) or None, ``pad.probabilities`` {name: (10,)}, ``pad.predictions``
    {name: digit}, ``pad.verdicts`` {name: text}, ``pad.message``.

    Example
    -------
    >>> p = np.full((1, 10), 0.02); p[0, 1] = 0.82
    >>> pad = DigitPad(lambda images: p)
    >>> pad.draw(EXAMPLE_STROKES["1"]).model_input.shape, pad.verdicts
    ((28, 28, 1), {'model': '1 (82 %)'})
    >>> pad.draw([[(30, 30)]]).verdicts      # a dot
    {'model': 'draw larger'}
    """
    _require_widgets()
    return _DigitPad(models, size=size, pen_width=pen_width, threshold=threshold, example=example)


if _IMPORT_ERROR is None:

    class _PadCanvas(_anywidget.AnyWidget):
        """The browser side of the pad: canvas, buttons, 28x28 input, bar charts, messages."""

        _esm = _HERE / "pad.js"
        _css = _HERE / "pad.css"
        strokes = _t.List().tag(sync=True)
        size = _t.Int(CANVAS_SIZE).tag(sync=True)
        pen_width = _t.Float(PEN_WIDTH).tag(sync=True)
        help = _t.Unicode(HELP).tag(sync=True)
        names = _t.List(_t.Unicode()).tag(sync=True)
        probabilities = _t.List().tag(sync=True)  # one list of ten per model; [] when there is nothing to read
        verdicts = _t.List().tag(sync=True)       # one {text, digit, state} per model; [] when none
        model_input = _t.List().tag(sync=True)    # 784 grey levels 0..255, row by row; [] when none
        message = _t.Unicode("").tag(sync=True)
        message_is_error = _t.Bool(False).tag(sync=True)  # shown in red; a hint in grey
        read_points = _t.Int(0).tag(sync=True)  # how many stroke points the result shown was made from
        photo_name = _t.Unicode("").tag(sync=True)  # the last photo read (shown on its button)

        def __repr__(self):  # anywidget's own repr shows a memory address
            return "_PadCanvas()"

    class _DigitPad(_widgets.VBox):
        """See :func:`DigitPad`."""

        def __init__(self, models, size: int = CANVAS_SIZE, pen_width: float = PEN_WIDTH,
                     threshold: float = NOT_SURE_BELOW, example: str | None = "7"):
            predictors = _models(models)
            _canvas_shape(size)
            if example is not None and example not in EXAMPLE_STROKES:
                raise ValueError(f"example must be one of {sorted(EXAMPLE_STROKES)} or None, got {example!r}.")
            canvas = _PadCanvas(size=int(size), pen_width=float(pen_width), names=list(predictors),
                                message="Draw a digit.")
            super().__init__(children=[canvas])
            self.canvas, self._models_given, self._predictors = canvas, models, predictors
            self.threshold, self.example = float(threshold), example
            self._x, self._p, self._v = None, {}, {}
            self._quiet = False
            canvas.observe(self._on_strokes, names="strokes")
            canvas.on_msg(self._on_message)

        # -- what the pad shows --------------------------------------------------
        @property
        def model_input(self):
            """The (28, 28, 1) input the model last received, or None."""
            return self._x

        @property
        def probabilities(self) -> dict:
            """{model name: its ten probabilities} for the current input ({} when none)."""
            return dict(self._p)

        @property
        def predictions(self) -> dict:
            """{model name: the digit it reads} for the current input ({} when none), "not sure" or not."""
            return {name: int(p.argmax()) for name, p in self._p.items()}

        @property
        def verdicts(self) -> dict:
            """{model name: what the pad says}: "7 (93 %)", "not sure: 4 or 9?" or "draw larger"."""
            return {name: v["text"] for name, v in self._v.items()}

        @property
        def message(self) -> str:
            """The line under the pad: what to do, or what went wrong."""
            return self.canvas.message

        def _show(self, x, message: str, error: bool = False, points: int = 0, too_small: bool = False) -> None:
            if x is None:
                self._x, self._p, self._v = None, {}, {}
            else:
                probs = {name: predict_probabilities(predict, x) for name, predict in self._predictors.items()}
                said = {name: verdict(p, self.threshold, too_small) for name, p in probs.items()}
                self._x, self._p, self._v = x, probs, said
            with self.canvas.hold_sync():
                self.canvas.model_input = ([] if x is None else
                                           np.round(np.asarray(x)[..., 0] * 255).astype(int).ravel().tolist())
                self.canvas.probabilities = [np.round(p, 4).tolist() for p in self._p.values()]
                self.canvas.verdicts = [{**v, "text": f"{name}: {v['text']}"} for name, v in self._v.items()]
                self.canvas.message = message
                self.canvas.message_is_error = error
                self.canvas.read_points = points

        def _on_strokes(self, change) -> None:
            if self._quiet:
                return
            strokes = change["new"]
            points = sum(len(stroke) for stroke in strokes) if isinstance(strokes, (list, tuple)) else 0
            try:
                if not _clean_strokes(strokes):
                    self._show(None, "Draw a digit.", points=points)
                    return
                x = strokes_to_mnist(strokes, size=self.canvas.size)
                small = drawing_too_small(strokes, size=self.canvas.size)
                self._show(x, "Too small to be a digit: draw it larger." if small else "", points=points,
                           too_small=small)
            except DigitImageError as exc:
                self._show(None, str(exc), error=True, points=points)
            except Exception as exc:  # shown on the pad: an observer's exception would vanish into a log
                self._show(None, f"{type(exc).__name__}: {exc}", error=True, points=points)

        def _on_message(self, _widget, content, buffers=None) -> None:
            if not isinstance(content, dict):
                return
            if content.get("event") == "clear":
                self.clear()
            elif content.get("event") == "photo":
                name = str(content.get("name") or "photo")
                data = bytes(buffers[0]) if buffers else b""
                self.read_photo(data, name=name)

        # -- the same from Python ------------------------------------------------
        def draw(self, strokes):
            """Show a drawing as if it had been drawn on the pad (strokes in canvas pixels); returns the pad."""
            self.canvas.strokes = [[[float(x), float(y)] for x, y, *_ in stroke] for stroke in strokes]
            return self

        def clear(self):
            """Empty the pad, as its "clear" button does; returns the pad."""
            self._quiet = True
            try:
                self.canvas.strokes = []
            finally:
                self._quiet = False
            self._show(None, "Draw a digit.")
            return self

        def read_photo(self, source, name: str | None = None):
            """Read a photo (path or bytes) through :func:`helpers.preprocess.image_to_mnist` and show
            what the model makes of it; returns the pad. A bad picture is reported on the pad, naming
            the file."""
            self._quiet = True
            try:
                self.canvas.strokes = []
            finally:
                self._quiet = False
            if name:
                label = str(name)
            elif isinstance(source, (bytes, bytearray, memoryview)):
                label = "photo"
            else:
                label = Path(source).name
            self.canvas.photo_name = label
            try:
                x, share = read_digit(source, name=label)
            except (DigitImageError, FileNotFoundError) as exc:
                self._show(None, str(exc) if f"'{label}'" in str(exc) else f"{label}: {exc}", error=True)
                return self
            except Exception as exc:
                self._show(None, f"{label}: could not be read ({type(exc).__name__}).", error=True)
                return self
            small = share < MIN_DIGIT_SHARE
            self._show(x, f"read from the photo {label}" + (": the digit is too small in it; photograph it "
                                                              "closer" if small else ""), too_small=small)
            return self

        # -- how it looks where no widget can be drawn ------------------------------
        def __repr__(self):
            return PAD_NOTE

        def _repr_mimebundle_(self, **kwargs):
            data = super()._repr_mimebundle_(**kwargs)
            metadata = {}
            if isinstance(data, tuple):
                data, metadata = data
            data = dict(data or {})
            data["text/plain"] = PAD_NOTE  # deterministic: nbval compares it (the widget's id is skipped)
            if self.example is not None:
                # What a reader without a live kernel sees (GitHub, an untrusted notebook): JupyterLab
                # with a live kernel shows the widget instead, the richest of the output's forms.
                try:
                    data["image/png"] = _example_png(self._models_given, self.example, self.canvas.size,
                                                     self.canvas.pen_width, self.threshold)
                except Exception:  # a model that fails shows its error when the learner draws
                    pass
            return (data, metadata) if metadata else data


def show_pad(models, size: int = CANVAS_SIZE, pen_width: float = PEN_WIDTH, example: str | None = "7",
             threshold: float = NOT_SURE_BELOW):
    """Display a draw-a-digit pad for one model or several and return it (see
    :func:`DigitPad`).

    One output: the live pad in JupyterLab or Jupyter Notebook with a running
    kernel; elsewhere (GitHub, a saved notebook opened untrusted) a static
    example of what the pad shows (a digit drawn by a script,
    :data:`EXAMPLE_STROKES`) and the note :data:`PAD_NOTE`. Use it as
    ``pad = show_pad(model)``, so that the cell does not display the pad a
    second time. Its text is the same on every run.

    Example
    -------
    >>> pad = show_pad(model)                                     # doctest: +SKIP
    >>> pad = show_pad({"plain": plain, "augmented": augmented})  # doctest: +SKIP
    """
    from IPython.display import display

    pad = DigitPad(models, size=size, pen_width=pen_width, threshold=threshold, example=example)
    display(pad)
    return pad
