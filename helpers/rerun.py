"""A cell that cannot simply run twice says what to re-run, in one sentence: :class:`RunAgainFrom`.

Learners run a cell twice more often than anything else. Most cells give the same lesson again;
a few cannot (training a model that is trained already would go on training it, and the claims
after it would describe another model). Those cells raise :class:`RunAgainFrom`, which
JupyterLab and Colab show as its one sentence, without a traceback, and which the run-every-cell-
twice test (``tools/practice.py --twice``) accepts on a second run, and only there.

>>> raise RunAgainFrom("This model has trained 430 steps already.", "`train = make_pipeline(...)` in section 2")
Traceback (most recent call last):
...
helpers.rerun.RunAgainFrom: This model has trained 430 steps already. To run this cell again, first run every cell from `train = make_pipeline(...)` in section 2 down to it.
"""

from __future__ import annotations

__all__ = ["RunAgainFrom"]


class RunAgainFrom(Exception):
    """``what`` happened, so this cell would not repeat its lesson: run every cell from ``where``
    (the first cell whose state it needs afresh) down to it first."""

    def __init__(self, what: str, where: str):
        super().__init__(f"{what} To run this cell again, first run every cell from {where} down to it.")

    def _render_traceback_(self) -> list[str]:  # IPython shows these lines instead of a traceback
        return [f"{type(self).__name__}: {self}"]
