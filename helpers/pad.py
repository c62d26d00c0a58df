"""A draw-a-digit pad: draw with the mouse, a pen or a finger, and watch a
model read your digit as you draw.

The pad is a Jupyter widget built on `anywidget <https://anywidget.dev>`_:
the drawing happens in the browser (a ``<canvas>``, so the stroke follows the
pen at once); only the strokes, lists of ``(x, y)`` points in canvas pixels,
travel to Python, when the pen lifts and about seven times a second while it
moves. Python turns them into the model's input with the course's own
preprocessing (:func:`strokes_to_mnist`: the stroke rasterised, then
:func:`helpers.preprocess.to_mnist_format`: light digit on black, fitted into
20x20, centred by its centre of mass), asks the model, and sends back the
28x28 input and the ten probabilities, which the pad draws as a bar chart. A
photo of a digit on paper, uploaded next to the pad, takes the same path
through :func:`helpers.preprocess.image_to_mnist`.

This module imports no TensorFlow: the pad takes any function
``predict(images) -> probabilities`` or a Keras model that a notebook has
already built. Without a live Jupyter front-end (GitHub, the automated tests)
the widget cannot draw, so :func:`show_pad` also prints a note and shows a
static example: a digit drawn by a script (:data:`EXAMPLE_STROKES`), as the
pad would show it.

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

from .preprocess import DigitImageError, NoDigitError, image_to_mnist, to_mnist_format

__all__ = ["CANVAS_SIZE", "PEN_WIDTH", "EXAMPLE_STROKES", "PAD_NOTE", "strokes_to_image", "strokes_to_mnist",
           "predict_probabilities", "plot_pad_example", "DigitPad", "show_pad"]

#: The pad's canvas is this many pixels square: 10 times MNIST's 28.
CANVAS_SIZE = 280
#: The pen's width in canvas pixels. A digit drawn across most of the pad
#: becomes, once scaled into MNIST's 20x20 box, strokes about 2 pixels wide, as
#: in MNIST.
PEN_WIDTH = 22
#: What the pad's plain-text form says (shown where no widget can be drawn:
#: GitHub, a terminal, the notebook tests).
PAD_NOTE = ("[draw-a-digit pad: it appears here when the notebook runs in JupyterLab or "
            "Jupyter Notebook with a live kernel]")
#: Printed under the pad by :func:`show_pad`.
SHOW_NOTE = ("Draw one digit in the black square (mouse, pen or finger), large, or read a photo of a digit on "
             "paper. Below: a 7 drawn by a script, as the pad shows it.")


def _ellipse(cx: float, cy: float, rx: float, ry: float, n: int = 28) -> list:
    """A closed loop of n + 1 points (a "0" as one stroke, drawn from the top, anticlockwise)."""
    return [(round(cx - rx * math.sin(2 * math.pi * i / n), 1), round(cy - ry * math.cos(2 * math.pi * i / n), 1))
            for i in range(n + 1)]


#: Digits drawn by a script on a :data:`CANVAS_SIZE` canvas: the pad's static
#: example, the unit tests and the browser test draw these.
EXAMPLE_STROKES = {
    "1": [[(146, 50), (140, 140), (134, 232)]],
    "7": [[(76, 62), (140, 60), (206, 58), (175, 120), (146, 180), (122, 236)]],
    "0": [_ellipse(140, 142, 62, 88)],
}


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
        raise NoDigitError("Nothing drawn yet: draw one digit on the pad (large, across most of the square).")
    canvas = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(canvas)
    r = float(pen_width) / 2
    for points in clean:
        if len(points) > 1:
            draw.line(points, fill=255, width=max(1, round(float(pen_width))), joint="curve")
        for x, y in points:  # round ends and joints, as the browser draws them (lineCap = "round")
            draw.ellipse((x - r, y - r, x + r, y + r), fill=255)
    return np.asarray(canvas, dtype=np.float32) / 255.0


def strokes_to_mnist(strokes, size=CANVAS_SIZE, pen_width: float = PEN_WIDTH) -> np.ndarray:
    """The model's input for a drawing: the strokes rasterised
    (:func:`strokes_to_image`) and then prepared exactly like every other
    picture in the course (:func:`helpers.preprocess.to_mnist_format`):
    light digit on black, cropped, scaled to fit 20x20, centred by its
    centre of mass in a 28x28 frame.

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
    """
    image = strokes_to_image(strokes, size=size, pen_width=pen_width)
    return to_mnist_format(image, invert=False)


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


def _models(models) -> dict:
    """{name: predictor}: one model is called "model"; a dict keeps its names."""
    if isinstance(models, dict):
        if not models:
            raise ValueError("Give at least one model.")
        return {str(name): _predictor(m) for name, m in models.items()}
    return {"model": _predictor(models)}


def plot_pad_example(models, strokes=None, size=CANVAS_SIZE, pen_width: float = PEN_WIDTH,
                     title: str | None = None):
    """What the pad shows for one drawing, as a static figure: the strokes,
    the 28x28 input the model receives, and each model's ten probabilities.

    Made without pyplot (a :class:`matplotlib.figure.Figure`), so it never
    appears by itself; :func:`show_pad` displays it as a PNG.

    Parameters
    ----------
    models : a model or predict function, or a dict {name: model}
    strokes : default ``EXAMPLE_STROKES["7"]``
    title : the figure's title, if any

    Example
    -------
    >>> uniform = lambda images: np.full((len(images), 10), 0.1)
    >>> fig = plot_pad_example(uniform, EXAMPLE_STROKES["0"])
    >>> len(fig.axes)
    3
    """
    from matplotlib.figure import Figure

    strokes = EXAMPLE_STROKES["7"] if strokes is None else strokes
    predictors = _models(models)
    image = strokes_to_image(strokes, size=size, pen_width=pen_width)
    x = to_mnist_format(image, invert=False)
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
        best = int(p.argmax())
        bars = ax.bar(range(10), p, color="lightgrey")
        bars[best].set_color("tab:blue")
        ax.set_ylim(0, 1)
        ax.set_xticks(range(10))
        ax.tick_params(labelsize=7)
        ax.set_title(f"{name}: {best} ({p[best]:.0%})", fontsize=9)
    if title:
        fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------
# The widget. The browser side is a small ES module (no build step): anywidget
# loads it from the string below.

_ESM = r"""
const BAR_HEIGHT = 90;

function clone(value) { return JSON.parse(JSON.stringify(value)); }

function make(tag, className, parent, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  if (parent) parent.appendChild(node);
  return node;
}

function render({ model, el }) {
  const size = model.get("size");
  const root = make("div", "nn4-pad", el);

  const left = make("div", "nn4-pad-col", root);
  const canvas = make("canvas", "nn4-pad-canvas", left);
  canvas.width = size;
  canvas.height = size;
  const row = make("div", "nn4-pad-row", left);
  const clearButton = make("button", "nn4-pad-clear jupyter-button", row, "clear");
  make("span", "nn4-pad-hint", row, "one digit, large");

  const middle = make("div", "nn4-pad-col", root);
  const input = make("canvas", "nn4-pad-input", middle);
  input.width = 28;
  input.height = 28;
  make("div", "nn4-pad-caption", middle, "what the model receives (28×28)");

  const charts = make("div", "nn4-pad-charts", root);
  const message = make("div", "nn4-pad-message", el);

  const ctx = canvas.getContext("2d");
  let strokes = clone(model.get("strokes") || []);
  let drawing = false;
  let lastSync = 0;
  let timer = null;

  function paint() {
    const pen = model.get("pen_width");
    ctx.fillStyle = "#000";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.strokeStyle = "#fff";
    ctx.fillStyle = "#fff";
    ctx.lineWidth = pen;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    for (const stroke of strokes) {
      if (stroke.length === 1) {
        ctx.beginPath();
        ctx.arc(stroke[0][0], stroke[0][1], pen / 2, 0, 2 * Math.PI);
        ctx.fill();
        continue;
      }
      ctx.beginPath();
      ctx.moveTo(stroke[0][0], stroke[0][1]);
      for (const [x, y] of stroke.slice(1)) ctx.lineTo(x, y);
      ctx.stroke();
    }
  }

  function countPoints() { return strokes.reduce((n, stroke) => n + stroke.length, 0); }

  function sync() {
    if (timer) { clearTimeout(timer); timer = null; }
    lastSync = Date.now();
    root.dataset.drawnPoints = String(countPoints());
    model.set("strokes", clone(strokes));
    model.save_changes();
  }

  function syncSoon() {  // while the pen moves: at most about 7 updates a second
    const wait = 150 - (Date.now() - lastSync);
    if (wait <= 0) sync();
    else if (!timer) timer = setTimeout(() => { timer = null; if (drawing) sync(); }, wait);
  }

  function point(event) {
    const box = canvas.getBoundingClientRect();
    const x = (event.clientX - box.left) * canvas.width / box.width;
    const y = (event.clientY - box.top) * canvas.height / box.height;
    return [Math.round(x * 10) / 10, Math.round(y * 10) / 10];
  }

  function down(event) {
    if (event.pointerType === "mouse" && event.button !== 0) return;
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    drawing = true;
    strokes.push([point(event)]);
    paint();
  }

  function move(event) {
    if (!drawing) return;
    event.preventDefault();
    const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
    const stroke = strokes[strokes.length - 1];
    for (const e of (events.length ? events : [event])) stroke.push(point(e));
    paint();
    syncSoon();
  }

  function up() {
    if (!drawing) return;
    drawing = false;
    sync();
  }

  function clear() {
    strokes = [];
    drawing = false;
    paint();
    sync();
    model.send({ event: "clear" });  // also clears a photo's result (the strokes may be empty already)
  }

  canvas.addEventListener("pointerdown", down);
  canvas.addEventListener("pointermove", move);
  canvas.addEventListener("pointerup", up);
  canvas.addEventListener("pointercancel", up);
  canvas.addEventListener("lostpointercapture", up);
  clearButton.addEventListener("click", clear);

  function showInput() {
    const pixels = model.get("model_input") || [];
    const ictx = input.getContext("2d");
    const image = ictx.createImageData(28, 28);
    for (let i = 0; i < 28 * 28; i++) {
      const v = pixels.length ? pixels[i] : 0;
      image.data[4 * i] = image.data[4 * i + 1] = image.data[4 * i + 2] = v;
      image.data[4 * i + 3] = 255;
    }
    ictx.putImageData(image, 0, 0);
  }

  function showCharts() {
    const names = model.get("names") || [];
    const probabilities = model.get("probabilities") || [];
    charts.replaceChildren();
    names.forEach((name, m) => {
      const p = probabilities[m] || [];
      const chart = make("div", "nn4-pad-chart", charts);
      chart.dataset.model = name;
      const verdict = make("div", "nn4-pad-verdict", chart);
      if (p.length === 10) {
        const best = p.indexOf(Math.max(...p));
        verdict.dataset.digit = String(best);
        verdict.textContent = `${name}: ${best} (${Math.round(100 * p[best])} %)`;
      } else {
        verdict.dataset.digit = "";
        verdict.textContent = `${name}: –`;
      }
      const bars = make("div", "nn4-pad-bars", chart);
      const best = p.length === 10 ? p.indexOf(Math.max(...p)) : -1;
      for (let d = 0; d < 10; d++) {
        const column = make("div", "nn4-pad-bar", bars);
        const fill = make("div", "nn4-pad-fill" + (d === best ? " nn4-pad-best" : ""), column);
        fill.style.height = `${Math.round(BAR_HEIGHT * (p.length === 10 ? p[d] : 0))}px`;
        column.title = p.length === 10 ? `${d}: ${(100 * p[d]).toFixed(1)} %` : `${d}`;
        make("div", "nn4-pad-label", column, String(d));
      }
    });
  }

  function showMessage() {
    message.textContent = model.get("message") || "";
    message.classList.toggle("nn4-pad-error", !!model.get("message_is_error"));
  }

  function onStrokes() {
    if (drawing) return;  // the browser's own stroke is newer
    strokes = clone(model.get("strokes") || []);
    root.dataset.drawnPoints = String(countPoints());
    paint();
  }

  // How many points the shown result was computed from: equal to drawnPoints once Python has
  // read the whole drawing (a test waits for that).
  function showReadPoints() { root.dataset.readPoints = String(model.get("read_points")); }

  // Which drawing each synced value changes (registered now, removed when the view goes away).
  const handlers = [["change:strokes", onStrokes], ["change:model_input", showInput],
                    ["change:probabilities", showCharts], ["change:names", showCharts],
                    ["change:message", showMessage], ["change:message_is_error", showMessage],
                    ["change:read_points", showReadPoints]];
  for (const [event, handler] of handlers) model.on(event, handler);
  root.dataset.drawnPoints = String(countPoints());
  showReadPoints();
  paint();
  showInput();
  showCharts();
  showMessage();

  return () => {
    for (const [event, handler] of handlers) model.off(event, handler);
    if (timer) clearTimeout(timer);
  };
}

export default { render };
"""

_CSS = """
.nn4-pad { display: flex; gap: 18px; align-items: flex-start; flex-wrap: wrap; font-size: 13px; }
.nn4-pad-col { display: flex; flex-direction: column; gap: 6px; align-items: flex-start; }
.nn4-pad-canvas { width: 280px; height: 280px; background: #000; border: 1px solid #888;
                  cursor: crosshair; touch-action: none; user-select: none; }
.nn4-pad-input { width: 140px; height: 140px; image-rendering: pixelated; border: 1px solid #888; }
.nn4-pad-row { display: flex; gap: 10px; align-items: center; }
.nn4-pad-hint, .nn4-pad-caption { color: #666; }
.nn4-pad-charts { display: flex; flex-direction: column; gap: 10px; }
.nn4-pad-verdict { font-weight: bold; margin-bottom: 2px; }
.nn4-pad-bars { display: flex; gap: 3px; align-items: flex-end; height: 106px; }
.nn4-pad-bar { width: 18px; display: flex; flex-direction: column; justify-content: flex-end;
               align-items: center; height: 106px; }
.nn4-pad-fill { width: 16px; background: #bbb; }
.nn4-pad-fill.nn4-pad-best { background: #1f77b4; }
.nn4-pad-label { font-size: 11px; height: 14px; }
.nn4-pad-message { color: #666; min-height: 1.2em; margin-top: 4px; }
.nn4-pad-message.nn4-pad-error { color: #b22; }
"""

try:
    import anywidget as _anywidget
    import ipywidgets as _widgets
    import traitlets as _t
except ImportError as _exc:  # the pure functions above still work
    _IMPORT_ERROR: ImportError | None = _exc
else:
    _IMPORT_ERROR = None

    class _PadCanvas(_anywidget.AnyWidget):
        """The browser side of the pad: canvas, clear button, 28x28 input, bar charts."""

        _esm = _ESM
        _css = _CSS
        strokes = _t.List().tag(sync=True)
        size = _t.Int(CANVAS_SIZE).tag(sync=True)
        pen_width = _t.Float(PEN_WIDTH).tag(sync=True)
        names = _t.List(_t.Unicode()).tag(sync=True)
        probabilities = _t.List().tag(sync=True)  # one list of ten per model; [] when there is nothing to read
        model_input = _t.List().tag(sync=True)    # 784 grey levels 0..255, row by row; [] when none
        message = _t.Unicode("").tag(sync=True)
        message_is_error = _t.Bool(False).tag(sync=True)  # shown in red; a hint in grey
        read_points = _t.Int(0).tag(sync=True)  # how many stroke points the result shown was made from

        def __repr__(self):  # anywidget's own repr shows a memory address
            return "_PadCanvas()"


def _require_widgets():
    if _IMPORT_ERROR is not None:
        raise ImportError(
            f"The drawing pad needs the packages anywidget and ipywidgets ({_IMPORT_ERROR}). Install the "
            f"course's requirements: pip install -r requirements.txt (then restart the kernel)."
        )


def DigitPad(models, size: int = CANVAS_SIZE, pen_width: float = PEN_WIDTH):
    """Make a draw-a-digit pad for one model or several (a widget; display it
    as a notebook cell's last value, or use :func:`show_pad`).

    Parameters
    ----------
    models : a Keras model, or a function ``predict(images) -> probabilities``
        (batch (n, 28, 28, 1) in, (n, 10) out), or a dict ``{name: model}`` to
        compare several side by side.
    size : the canvas in pixels (square)
    pen_width : the pen's width in canvas pixels

    The widget also works from Python (no browser needed): ``pad.draw(strokes)``,
    ``pad.read_photo(path_or_bytes)``, ``pad.clear()``; ``pad.model_input``
    (28, 28, 1) or None, ``pad.probabilities`` {name: (10,)}, ``pad.predictions``
    {name: digit}, ``pad.message``.

    Example
    -------
    >>> uniform = lambda images: np.full((len(images), 10), 0.1)
    >>> pad = DigitPad(uniform)
    >>> pad.draw(EXAMPLE_STROKES["1"]).model_input.shape
    (28, 28, 1)
    """
    _require_widgets()
    return _DigitPad(models, size=size, pen_width=pen_width)


if _IMPORT_ERROR is None:

    class _DigitPad(_widgets.VBox):
        """See :func:`DigitPad`."""

        def __init__(self, models, size: int = CANVAS_SIZE, pen_width: float = PEN_WIDTH):
            predictors = _models(models)
            _canvas_shape(size)
            canvas = _PadCanvas(size=int(size), pen_width=float(pen_width), names=list(predictors))
            upload = _widgets.FileUpload(accept="image/*", multiple=False, description="read a photo",
                                         layout=_widgets.Layout(width="auto"))
            label = _widgets.Label("… or a photo of one digit on paper (PNG or JPEG):")
            super().__init__(children=[canvas, _widgets.HBox([label, upload])])
            self.canvas, self.upload, self._predictors = canvas, upload, predictors
            self._x = None
            self._p = {}
            self._quiet = False
            canvas.message = "Draw a digit."
            canvas.observe(self._on_strokes, names="strokes")
            canvas.on_msg(self._on_message)
            upload.observe(self._on_upload, names="value")

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
            """{model name: the digit it reads} for the current input ({} when none)."""
            return {name: int(p.argmax()) for name, p in self._p.items()}

        @property
        def message(self) -> str:
            """The line under the pad: what to do, or what went wrong."""
            return self.canvas.message

        def _show(self, x, message: str, error: bool = False, points: int = 0) -> None:
            if x is None:
                self._x, self._p = None, {}
            else:
                probs = {name: predict_probabilities(predict, x) for name, predict in self._predictors.items()}
                self._x, self._p = x, probs
            with self.canvas.hold_sync():
                self.canvas.model_input = ([] if x is None else
                                           np.round(np.asarray(x)[..., 0] * 255).astype(int).ravel().tolist())
                self.canvas.probabilities = [np.round(p, 4).tolist() for p in self._p.values()]
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
                x = strokes_to_mnist(strokes, size=self.canvas.size, pen_width=self.canvas.pen_width)
                self._show(x, "", points=points)
            except DigitImageError as exc:
                self._show(None, str(exc), error=True, points=points)
            except Exception as exc:  # shown on the pad: an observer's exception would vanish into a log
                self._show(None, f"{type(exc).__name__}: {exc}", error=True, points=points)

        def _on_message(self, _widget, content, _buffers=None) -> None:
            if isinstance(content, dict) and content.get("event") == "clear":
                self.clear()

        def _on_upload(self, change) -> None:
            files = change["new"]
            if not files:
                return
            item = files[-1] if isinstance(files, (list, tuple)) else list(files.values())[-1]
            self.read_photo(bytes(item["content"]), name=item.get("name", "photo"))
            self.upload.value = ()  # so that choosing the same file again reads it again

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
            what the model makes of it; returns the pad. A bad picture is reported on the pad."""
            self._quiet = True
            try:
                self.canvas.strokes = []
            finally:
                self._quiet = False
            if name:
                label = name
            elif isinstance(source, (bytes, bytearray, memoryview)):
                label = "photo"
            else:
                label = Path(source).name
            try:
                x = image_to_mnist(source)
            except (DigitImageError, FileNotFoundError) as exc:
                self._show(None, f"{label}: {exc}", error=True)
                return self
            except Exception as exc:
                self._show(None, f"{label}: {type(exc).__name__}: {exc}", error=True)
                return self
            self._show(x, f"read from the photo {label}")
            return self

        # -- how it looks where no widget can be drawn ------------------------------
        def __repr__(self):
            return PAD_NOTE

        def _repr_mimebundle_(self, **kwargs):
            data = super()._repr_mimebundle_(**kwargs)
            if isinstance(data, tuple):
                data = data[0]
            data = dict(data or {})
            data["text/plain"] = PAD_NOTE  # deterministic: nbval compares it (the widget's id is skipped)
            return data


def show_pad(models, size: int = CANVAS_SIZE, pen_width: float = PEN_WIDTH, example: str = "7"):
    """Display a draw-a-digit pad for one model or several, a one-line note,
    and a static example of what the pad shows (a digit drawn by a script,
    :data:`EXAMPLE_STROKES`), for readers without a live kernel; returns the
    pad (see :func:`DigitPad`).

    Use it as ``pad = show_pad(model)``, so that the cell does not display
    the pad a second time. Every text it puts in the cell's output is the
    same on every run: :data:`PAD_NOTE`, :data:`SHOW_NOTE` and the example's
    image (not compared by the notebook tests).

    Example
    -------
    >>> pad = show_pad(model)                                     # doctest: +SKIP
    >>> pad = show_pad({"plain": plain, "augmented": augmented})  # doctest: +SKIP
    """
    from IPython.display import Image, display

    pad = DigitPad(models, size=size, pen_width=pen_width)
    display(pad)
    print(SHOW_NOTE if example == "7" else SHOW_NOTE.replace("a 7", f"a {example}"))
    fig = plot_pad_example(models, EXAMPLE_STROKES[example], size=size, pen_width=pen_width,
                           title=f"example (a static picture): a {example} drawn by a script, as the pad shows it")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    display(Image(data=buf.getvalue(), format="png"))
    return pad
