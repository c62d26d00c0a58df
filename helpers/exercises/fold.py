"""A solution's output stays folded until the learner opens it, on every platform.

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

__all__ = ["folded_output", "render", "FOLDED_KEY", "SUMMARY", "FIGURE_ALT"]

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
