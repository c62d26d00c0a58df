"""What the draw-a-digit pad (:mod:`helpers.pad`) says about a drawing: the
model's ten probabilities, the verdict, and the "not sure" threshold.

"Not sure" is an answer: below a top probability of :data:`NOT_SURE_BELOW`
(chosen on MNIST's validation digits by :func:`choose_threshold`, the rule of
notebook 06; :func:`validation_threshold` applies it to a model), the pad
says "not sure: 4 or 9?" and greys its bars; a drawing too small to be a
digit (:func:`helpers.pad.strokes.drawing_too_small`), or a photo whose digit
spans less than :data:`MIN_DIGIT_SHARE` of it, gets "draw larger"
(:func:`verdict`). :func:`plot_pad_example` draws what the pad shows for one
drawing as a static figure.

No TensorFlow
(:func:`validation_threshold` imports it when called).

Example
-------
>>> from helpers.pad.answer import verdict
>>> p = np.full(10, 0.02); p[4], p[9] = 0.42, 0.40
>>> verdict(p)["text"], verdict(p, threshold=0.4)["text"]
('not sure: 4 or 9?', '4 (42 %)')
"""

from __future__ import annotations

import io

import numpy as np

from .strokes import CANVAS_SIZE, EXAMPLE_STROKES, PEN_WIDTH, drawing_too_small, strokes_to_image, strokes_to_mnist

__all__ = ["MIN_DIGIT_SHARE", "NOT_SURE_BELOW", "predict_probabilities", "choose_threshold", "validation_threshold",
           "verdict", "plot_pad_example"]

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
        or :func:`helpers.preprocess.pipeline.image_to_mnist` give it.

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
    (:func:`helpers.mnist.data.load_mnist`; imports TensorFlow, so about 10 s).
    For notebook 04's model it gives :data:`NOT_SURE_BELOW`.

    Example
    -------
    >>> validation_threshold(model)     # doctest: +SKIP
    0.5
    """
    from ..mnist.data import load_mnist

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
