"""Where a notebook's time and memory go: the tables of ``results.md`` that name its slowest cells
and the cells that raised its kernel's peak memory (measured in benchmarks/notebook_runs.py)."""

from __future__ import annotations

from benchmarks.results import NotebookRun
from benchmarks.stats import markdown_table, megabytes


def _code(line: str) -> str:
    """A cell's first line as inline code in a table cell (60 characters at most)."""
    return f"`{line[:60].replace('|', '/').replace('`', '')}`"


def profile_table(runs: list[NotebookRun]) -> str:
    """A row per notebook: its slowest cells (seconds and first line, slowest first) and the share
    of the notebook's wall time (kernel start to shutdown) they take.

    >>> print(profile_table([NotebookRun("04_x.ipynb", 80.0, None, None, [(40.0, "history = fit(...)")])]))
    | notebook | slowest cells | share of its time |
    | --- | ---: | ---: |
    | 04_x.ipynb | 40.0 s `history = fit(...)` | 50 % |
    """
    rows = []
    for r in runs:
        if not r.slowest:
            continue
        cells = "; ".join(f"{s:.1f} s {_code(line)}" for s, line in r.slowest)
        rows.append([r.name, cells, f"{100 * sum(s for s, _ in r.slowest) / r.seconds:.0f} %"])
    return markdown_table(["notebook", "slowest cells", "share of its time"], rows)


def memory_profile_table(runs: list[NotebookRun]) -> str:
    """A row per notebook: its peak, and the code cells that raised the kernel's peak memory most
    (how much, and first line, most first).

    >>> print(memory_profile_table([NotebookRun("05_x.ipynb", 40.0, 1_250_000_000, None, [],
    ...                                         [(560_000_000, "import sys"), (170_000_000, "x = f()")])]))
    | notebook | peak | cells that raised the peak most |
    | --- | ---: | ---: |
    | 05_x.ipynb | 1,250 MB | +560 MB `import sys`; +170 MB `x = f()` |
    """
    rows = []
    for r in runs:
        if r.peak_raisers:
            cells = "; ".join(f"+{megabytes(b)} {_code(line)}" for b, line in r.peak_raisers)
            rows.append([r.name, megabytes(r.peak_bytes), cells])
    return markdown_table(["notebook", "peak", "cells that raised the peak most"], rows)
