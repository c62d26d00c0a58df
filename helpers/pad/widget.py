"""A draw-a-digit pad: draw with the mouse, a pen or a finger, and watch a
model read your digit as you draw.

The pad is a Jupyter widget built on `anywidget <https://anywidget.dev>`_:
the drawing happens in the browser (a ``<canvas>``, ``pad.js`` and ``pad.css``
beside this module, so the stroke follows the pen at once); only the
strokes, lists of ``(x, y)`` points in canvas pixels, travel to Python, when
the pen lifts and about seven times a second while it moves. Python turns
them into the model's input (:func:`~helpers.pad.strokes.strokes_to_mnist`), asks the model, and
sends back the 28x28 input, the ten probabilities (drawn as a bar chart) and
a verdict (:func:`~helpers.pad.answer.verdict`).

Strokes, not pixels, are normalised: the strokes' coordinates are scaled and
centred so that the digit fits MNIST's 20x20 box, and then drawn at one
fixed pen width (:data:`~helpers.pad.strokes.MNIST_PEN_WIDTH`, about MNIST's own), so a small
digit in a corner gives the same input as a large one in the middle.

"Not sure" is an answer: below a top probability of
:data:`~helpers.pad.answer.NOT_SURE_BELOW` (chosen on MNIST's validation digits by
:func:`~helpers.pad.answer.choose_threshold`), the pad
says "not sure: 4 or 9?" and greys its bars; a drawing too small to be a
digit (a dot, a short scratch: :func:`~helpers.pad.strokes.drawing_too_small`) gets "draw larger".
A photo of a digit on paper, read with the pad's "read a photo" button, takes
the path of :func:`helpers.preprocess.pipeline.image_to_mnist` and the same rule.

This module imports no TensorFlow: the pad takes any function
``predict(images) -> probabilities`` or a Keras model that a notebook has
already built. Where no live Jupyter front-end draws the widget (GitHub, a
saved notebook opened untrusted, the automated tests) its output shows a
static example instead: a digit drawn by a script
(:data:`~helpers.pad.strokes.EXAMPLE_STROKES`)
as the pad would read it, an image kept in the widget's own output, which a
live JupyterLab never shows (the live pad takes its place).

This module holds the widget; the pad's other parts are
:mod:`helpers.pad.strokes` (the strokes' normalisation and drawing) and
:mod:`helpers.pad.answer` (the probabilities, the "not sure" rule and its
threshold, the static figure).

Example
-------
>>> from helpers.pad.widget import show_pad
>>> pad = show_pad(model)                                  # doctest: +SKIP
>>> pad = show_pad({"plain": plain, "augmented": augmented})   # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..preprocess.errors import DigitImageError
from ..preprocess.pipeline import read_digit
from .answer import MIN_DIGIT_SHARE, NOT_SURE_BELOW, _example_png, _models, predict_probabilities, verdict
from .strokes import CANVAS_SIZE, EXAMPLE_STROKES, PEN_WIDTH, _canvas_shape, _clean_strokes, drawing_too_small, \
    strokes_to_mnist

__all__ = ["PAD_NOTE", "HELP", "make_pad", "show_pad"]

#: What the pad's plain-text form says (shown where no widget can be drawn:
#: GitHub, a terminal, the notebook tests).
PAD_NOTE = ("[draw-a-digit pad: it appears here when the notebook runs in JupyterLab or "
            "Jupyter Notebook with a live kernel]")
#: The help text under the pad.
HELP = ("Draw one digit in the black square (mouse, pen or finger), at any size, or read a photo of one "
        "digit on paper (PNG or JPEG). Below the threshold chosen on MNIST's validation digits the pad "
        "says \"not sure\"; a dot or a short scratch gets \"draw larger\".")


# ---------------------------------------------------------------------------
# The widget: one anywidget; its browser side is pad.js and pad.css beside this file
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


def make_pad(models, size: int = CANVAS_SIZE, pen_width: float = PEN_WIDTH, threshold: float = NOT_SURE_BELOW,
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
    >>> pad = make_pad(lambda images: p)
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
        """See :func:`make_pad`."""

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
            """Read a photo (path or bytes) through :func:`helpers.preprocess.pipeline.image_to_mnist` and show
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
    :func:`make_pad`).

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

    pad = make_pad(models, size=size, pen_width=pen_width, threshold=threshold, example=example)
    display(pad)
    return pad
