"""Exercises: a solution's output stays folded until the learner opens it, on every platform.

JupyterLab keeps a solution's *code* folded after **Run All** (``jupyter.source_hidden``), but
shows the *output* of every cell it runs, and so gives the answer away under the question.
A solution cell therefore runs inside :func:`folded_output`, which collects what the cell
prints and the figures it shows, in order, and displays them as one output: a folded HTML
``<details>`` block (JupyterLab, Colab and the website all fold it, closed until clicked),
with the same text as ``text/plain`` for a terminal and for nbval, which compares that text
(the root ``conftest.py`` skips the HTML copy, whose figures are bytes).

``tools/solutions.py`` writes the markers every solution cell carries (JupyterLab's fold,
Colab's form title, the website's ``hide-cell`` tag) and the ``with folded_output():`` line.

Example
-------
>>> with folded_output():                       # doctest: +SKIP
...     print("the answer")
"""

from __future__ import annotations

import base64
import contextlib
import html
import sys

__all__ = ["folded_output", "render", "check", "CHECKS", "NOTES_KERNEL", "FOLDED_KEY", "SUMMARY", "FIGURE_ALT"]

#: The output's metadata key that marks it folded (the root conftest.py skips its HTML copy).
FOLDED_KEY = "nn4_folded"
#: What the closed fold says.
SUMMARY = "Output of the solution (click to show)"
#: A figure's alt text in the fold (the website puts the cell's own, metadata.mystnb.image.alt).
FIGURE_ALT = "A figure of the solution"


class _Collector:
    """Stands in for sys.stdout and for IPython's display publisher: keeps the cell's text and
    displays in the order they came."""

    def __init__(self):
        self.parts: list[tuple[str, object]] = []

    # sys.stdout
    def write(self, text: str) -> int:
        if self.parts and self.parts[-1][0] == "text":
            self.parts[-1] = ("text", self.parts[-1][1] + text)
        else:
            self.parts.append(("text", text))
        return len(text)

    def flush(self) -> None:
        pass

    # IPython's DisplayPublisher
    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs) -> None:
        self.parts.append(("display", dict(data)))

    def clear_output(self, wait: bool = False) -> None:
        self.parts.clear()


def render(parts, summary: str = SUMMARY) -> dict:
    """The one output that stands for ``parts`` (("text", str) or ("display", mime bundle)):
    ``text/plain`` (the text, each figure as its plain repr) and ``text/html`` (the same in a
    closed ``<details>`` block, figures as images).

    >>> bundle = render([("text", "x = 1\\n"), ("display", {"text/plain": "<Figure>"})])
    >>> bundle["text/plain"]
    'x = 1\\n<Figure>'
    >>> bundle["text/html"].startswith("<details><summary>")
    True
    """
    plain, rich = [], []
    for kind, value in parts:
        if kind == "text":
            plain.append(value)
            rich.append(f"<pre>{html.escape(value)}</pre>")
        elif "image/png" in value:
            png = value["image/png"]
            png = png if isinstance(png, str) else base64.b64encode(png).decode("ascii")
            plain.append(str(value.get("text/plain", "<Figure>")) + "\n")
            rich.append(f'<img src="data:image/png;base64,{png}" alt="{FIGURE_ALT}">')
        elif "text/html" in value:
            plain.append(str(value.get("text/plain", "")))
            rich.append(str(value["text/html"]))
        else:
            text = str(value.get("text/plain", ""))
            plain.append(text)
            rich.append(f"<pre>{html.escape(text)}</pre>")
    return {"text/plain": "".join(plain).rstrip("\n"),
            "text/html": f"<details><summary>{html.escape(summary)}</summary>{''.join(rich)}</details>"}


@contextlib.contextmanager
def folded_output(summary: str = SUMMARY):
    """Run the body with its printed text and shown figures collected, then display them as one
    output folded under ``summary``. Outside IPython (a plain script) the body runs as usual.

    End a figure with ``plt.show()`` inside the block, so that it is collected in its place.
    An error inside the block shows what was collected so far, then the error.

    Example
    -------
    Outside a notebook the block just runs:

    >>> with folded_output():
    ...     print("the answer")
    the answer
    """
    try:
        from IPython import get_ipython
        from IPython.display import publish_display_data
    except ImportError:  # not in a notebook: nothing to fold
        yield
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_pub"):
        yield
        return
    collector = _Collector()
    stdout, publisher = sys.stdout, shell.display_pub
    sys.stdout, shell.display_pub = collector, collector
    try:
        yield
    finally:
        sys.stdout, shell.display_pub = stdout, publisher
        if collector.parts:
            publish_display_data(render(collector.parts, summary), metadata={FOLDED_KEY: True})


# --------------------------------------------------------------------------- feedback on your answer

#: The notes' edge kernel, as notebook 03 writes it (``K``): exercise 03.3 combines it with a blur.
NOTES_KERNEL = ((1.0, 0.0, -1.0), (1.0, 0.0, -1.0), (1.0, 0.0, -1.0))


class _NotYet(Exception):
    """A check's "not yet", with the hint to print."""


def _number(value, what: str) -> float:
    if value is None or value is Ellipsis:
        raise _NotYet(f"write your answer for {what} in place of the ... above, then run the cell again")
    try:
        number = float(value)
    except (TypeError, ValueError):
        shown = f" {value[:40]!r}" if isinstance(value, str) else ""
        raise _NotYet(f"{what} should be a number, not a {type(value).__name__}{shown}") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise _NotYet(f"{what} should be a finite number, not {number}")
    return number


def _array(value, what: str, shape: tuple[int, ...]):
    import numpy as np

    if value is None or value is Ellipsis:
        raise _NotYet(f"write your {what} in place of the ... above, then run the cell again")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise _NotYet(f"{what} should be an array of numbers, like np.array([[...], ...])") from None
    if array.shape != shape:
        raise _NotYet(f"{what} should have the shape {shape}, not {array.shape}")
    if not np.all(np.isfinite(array)):
        raise _NotYet(f"{what} should hold finite numbers only")
    return array


def _check_01_1(z=None, y=None, b_boundary=None):
    """Notebook 01's neuron (w = (0.5, -0.3, 0.8), b = 0.1) on x = (2, -1, 0.5): z = 1.8,
    y = sigmoid(1.8) = 0.858, and the bias that puts this x on the boundary: -1.7."""
    import math

    got_z = _number(z, "z")
    if abs(got_z - 1.7) < 1e-3:
        raise _NotYet("z: that is w·x; the neuron adds its bias b = 0.1")
    if abs(got_z + 1.8) < 1e-3 or abs(got_z - 1.8) > 1e-3:
        raise _NotYet("z: multiply each input by its weight, add the three products, then add b "
                      "(0.5·2 + (-0.3)·(-1) + 0.8·0.5 + 0.1)")
    got_y = _number(y, "y")
    if abs(got_y - got_z) < 1e-3:
        raise _NotYet("y: that is z itself; the neuron's output is sigmoid(z) = 1 / (1 + e^(-z))")
    if abs(got_y - 1 / (1 + math.exp(-1.8))) > 1e-3:
        raise _NotYet("y: sigmoid(z) = 1 / (1 + e^(-z)), with e^(-z) = exp(-z): a number between 0 and 1")
    got_b = _number(b_boundary, "b_boundary")
    if abs(got_b - 1.7) < 1e-3:
        raise _NotYet("b_boundary: on the boundary z = w·x + b = 0, so b = -(w·x): mind the sign")
    if abs(got_b + 1.7) > 1e-3:
        raise _NotYet("b_boundary: y = 0.5 exactly where z = 0, i.e. where w·x + b = 0")
    return "z = 1.8, y = 0.858, and with b = -1.7 this x sits on the line where y = 0.5"


def _check_03_1(kernel=None):
    """A 3x3 kernel that answers a ╲ edge with one sign and a ╱ edge with exactly 0."""
    import numpy as np
    from scipy.signal import correlate2d

    w = _array(kernel, "kernel", (3, 3))
    along = np.triu(np.ones((6, 6)))          # bright on and above the ╲ diagonal: a ╲ edge
    across = np.fliplr(along)                 # a ╱ edge
    g_along, g_across = correlate2d(along, w, mode="valid"), correlate2d(across, w, mode="valid")
    scale = max(float(np.abs(w).sum()), 1e-12)
    if np.abs(g_across).max() > 1e-9 * scale:
        raise _NotYet(f"on a ╱ edge your kernel gives up to {np.abs(g_across).max():.3g}, not 0: the weights "
                      "on each ╱ line through the kernel (same dx + dy) must add up to 0")
    if np.abs(g_along).max() <= 1e-9 * scale:
        raise _NotYet("your kernel gives 0 on the ╲ edge too: weigh the pixels on one side of the ╲ diagonal "
                      "against those on the other side")
    if g_along.min() < -1e-9 * scale and g_along.max() > 1e-9 * scale:
        raise _NotYet("on the ╲ edge your kernel gives both signs: an edge detector should answer one edge "
                      "with one sign (one side of the diagonal minus the other)")
    sign = "positive" if g_along.max() > 0 else "negative"
    return f"it answers the ╲ edge (bright at the top right) with {sign} values and the ╱ edge with exactly 0"


def _check_03_2(sizes=None):
    """The height (= width) after each of the three steps: 24, 12, 6."""
    if sizes is None or sizes is Ellipsis:
        raise _NotYet("write your three sizes as sizes = (after step 1, after step 2, after step 3)")
    try:
        values = [_number(v, "each size") for v in sizes]
    except TypeError:
        raise _NotYet("sizes should be three numbers, e.g. sizes = (20, 10, 5)") from None
    if len(values) != 3:
        raise _NotYet(f"sizes should be three numbers (one per step), not {len(values)}")
    hints = [(24, "step 1: a 5x5 window without padding fits 28 - 5 + 1 times across"),
             (12, "step 2: pooling is a window of k = 2 moved by s = 2: floor((n - k) / s) + 1"),
             (6, "step 3: one pixel of padding on each side adds 2, then k = 3 and s = 2: "
                 "floor((n + 2p - k) / s) + 1")]
    for got, (want, hint) in zip(values, hints):
        if got != want:
            raise _NotYet(hint)
    return "28 -> 24 -> 12 -> 6, as the Keras layers confirm"


def _check_03_3(combined=None):
    """The 5x5 kernel that blurs with the 3x3 box and then applies the notes' kernel."""
    import numpy as np
    from scipy.signal import convolve2d, correlate2d

    if combined is not None and combined is not Ellipsis and np.shape(combined) == (3, 3):
        raise _NotYet("two 3x3 kernels in a row see a 5x5 neighbourhood: the combined kernel is 5x5 "
                      '(mode="full")')
    w = _array(combined, "combined kernel", (5, 5))
    box, notes = np.full((3, 3), 1 / 9), np.array(NOTES_KERNEL)
    want = convolve2d(box, notes, mode="full")
    if np.allclose(w, want, atol=1e-9):
        return "blurring and then applying the notes' kernel is one 5x5 convolution"
    if np.allclose(w, correlate2d(box, notes, mode="full"), atol=1e-9):
        raise _NotYet("that is the two kernels' cross-correlation: the steps are convolutions, so convolve "
                      "the kernels (scipy.signal.convolve2d)")
    if np.allclose(w * 9, want, atol=1e-9) or np.allclose(w, want * 9, atol=1e-9):
        raise _NotYet("the shape is right but the scale is not: the box blur's weights are 1/9, not 1")
    raise _NotYet("apply your kernel to the photo and compare with the two steps: convolve the two kernels "
                  'with each other, scipy.signal.convolve2d(box3, K, mode="full")')


def _check_04_1(conv_32=None, whole_model=None):
    """conv_32 and the whole model with 3x3 kernels: 4,640 and 164,106 parameters."""
    conv = _number(conv_32, "conv_32")
    if conv == 3 * 3 * 16 * 32:
        raise _NotYet("conv_32: each of its 32 filters also has a bias: (k·k·c + 1)·f")
    if conv == (3 * 3 * 32 + 1) * 32:
        raise _NotYet("conv_32: c counts the channels coming in (conv_16's 16 filters), f the filters")
    if conv == (5 * 5 * 16 + 1) * 32:
        raise _NotYet("conv_32: that is its count with 5x5 kernels; with k = 3 it has (3·3·16 + 1)·32")
    if conv != (3 * 3 * 16 + 1) * 32:
        raise _NotYet("conv_32: (k·k·c + 1)·f with k = 3, c = 16 channels in, f = 32 filters")
    whole = _number(whole_model, "whole_model")
    convs = sum((3 * 3 * c + 1) * f for c, f in [(1, 16), (16, 32), (32, 64), (64, 128)])
    dense = (2 * 2 * 128 * 128 + 128) + (128 * 10 + 10)
    if whole == convs:
        raise _NotYet("whole_model: that is the four convolutions only; the dense layers keep their "
                      "parameters (Flatten still gets 2·2·128 = 512 numbers)")
    if whole == 336_394:
        raise _NotYet("whole_model: that is the model with 5x5 kernels, as built above")
    if whole != convs + dense:
        raise _NotYet("whole_model: add the four convolutions with k = 3 to the dense part, which does not "
                      "depend on the kernel size")
    return "4,640 parameters in conv_32 and 164,106 in the model: only the convolutions shrink"


#: Exercise id ("notebook.exercise") -> its check. Open-ended exercises have none: their text says
#: what a good answer mentions.
CHECKS = {"01.1": _check_01_1, "03.1": _check_03_1, "03.2": _check_03_2, "03.3": _check_03_3, "04.1": _check_04_1}


def check(exercise: str, **answers) -> None:
    """Say whether your answer to an exercise is right: prints "✓ right: ..." or "not yet: <a hint>".
    Never raises for a wrong, missing (``...``) or odd answer (it returns nothing, so a notebook
    cell that ends with it shows only the sentence).

    Example
    -------
    >>> check("03.2", sizes=(24, 12, 6))
    ✓ right: 28 -> 24 -> 12 -> 6, as the Keras layers confirm
    >>> check("03.2", sizes=(24, 12, 7))
    not yet: step 3: one pixel of padding on each side adds 2, then k = 3 and s = 2: floor((n + 2p - k) / s) + 1
    """
    checker = CHECKS.get(exercise)
    if checker is None:
        print(f"not yet: no check is called {exercise!r}; the checks are {', '.join(sorted(CHECKS))}")
        return
    import inspect

    expected = list(inspect.signature(checker).parameters)
    unknown = sorted(set(answers) - set(expected))
    if unknown:
        print(f"not yet: check({exercise!r}, ...) takes {', '.join(f'{n}=...' for n in expected)}, "
              f"not {', '.join(unknown)}")
        return
    try:
        praise = checker(**answers)
    except _NotYet as hint:
        print(f"not yet: {hint}")
        return
    except Exception as exc:  # an answer nobody foresaw: still a sentence, never a traceback
        print(f"not yet: your answer could not be checked ({type(exc).__name__}); "
              f"check({exercise!r}, ...) takes {', '.join(f'{n}=...' for n in expected)}")
        return
    print(f"✓ right: {praise}")
