"""Executing a notebook, one way for every runner: ``make notebooks`` (this
file's command line), the seed runner (benchmarks/seeds.py) and the benchmark
(benchmarks/notebook_runs.py). nbval (``make test``) takes the same timeout on
its command line (``--nbval-cell-timeout``): keep the Makefile's value equal to
:data:`CELL_TIMEOUT_S`.

    .venv/bin/python tools/notebooks.py notebooks/03_*.ipynb   # execute in place, fresh kernels
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CELL_TIMEOUT_S = 900  #: the longest one cell may run, in seconds, for every runner


def cell_error(index: int, exc: BaseException) -> str:
    """One line naming the failing cell and its error (at most 200 characters
    of it): the error the cell raised in the kernel, else (a timeout, a dead
    kernel) the error of the run.

    >>> cell_error(3, ValueError("bad\\nreally bad"))
    'cell 3: ValueError: really bad'
    """
    if getattr(exc, "ename", None):  # nbclient's CellExecutionError: the kernel's error
        return f"cell {index}: {exc.ename}: {str(exc.evalue)[:200]}"
    last_line = (str(exc).strip().splitlines() or [type(exc).__name__])[-1]
    return f"cell {index}: {type(exc).__name__}: {last_line[:200]}"


def output_errors(nb) -> list[str]:
    """``cell <i>: <name>: <value>`` for every error output of ``nb``'s cells.

    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell("1/0")
    >>> cell.outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero")]
    >>> output_errors(nbformat.v4.new_notebook(cells=[cell]))
    ['cell 0: ZeroDivisionError: division by zero']
    """
    return [f"cell {i}: {o.get('ename')}: {o.get('evalue', '')[:200]}"
            for i, c in enumerate(nb.cells) if c.cell_type == "code"
            for o in c.get("outputs", []) if o.get("output_type") == "error"]


def execute(nb, cwd: Path, *, km=None, kernel_name: str | None = None, allow_errors: bool = False,
            last_cells=(), timeout: int = CELL_TIMEOUT_S, record_timing: bool = False,
            after_cell=None) -> list[str]:
    """Execute the notebook ``nb`` (an nbformat node, changed in place: its
    outputs) top to bottom, in ``km``'s started kernel (left running) or else
    in a fresh kernel (``kernel_name``, default the notebook's) that is shut
    down at the end; the kernel's working directory is ``cwd``.

    Without ``allow_errors`` the run stops at the first failing cell; with it,
    every cell runs and errors stay in the outputs. ``last_cells`` (code cells
    not in ``nb``) are appended to it and run afterwards in the same kernel,
    even after a failure.
    With ``record_timing`` each code cell keeps nbclient's timestamps in its metadata
    (``execution``: the instructors' timelines, benchmarks/timeline.py).
    ``after_cell(cell)``, if given, is called after each cell of ``nb`` that ran without error
    (the benchmark reads the kernel's peak memory there).
    Returns the errors, one line each (:func:`cell_error`), an empty list if none.
    """
    from nbclient import NotebookClient

    kwargs = {"kernel_name": kernel_name} if kernel_name else {}
    client = NotebookClient(nb, km=km, timeout=timeout, allow_errors=allow_errors,
                            record_timing=record_timing, resources={"metadata": {"path": str(cwd)}}, **kwargs)
    errors: list[str] = []
    cells = list(nb.cells)
    nb.cells.extend(last_cells)  # nbclient writes each cell's outputs back into nb.cells
    try:
        with client.setup_kernel():
            info = client.wait_for_reply(client.kc.kernel_info())
            if info and "language_info" in info["content"]:
                nb.metadata["language_info"] = info["content"]["language_info"]
            for index, cell in enumerate(cells):
                try:
                    client.execute_cell(cell, index)
                except Exception as exc:  # CellExecutionError, DeadKernelError, timeouts
                    errors.append(cell_error(index, exc))
                    break
                if after_cell is not None:
                    after_cell(cell)
            if allow_errors:
                errors = output_errors(nb) + errors
            for index, cell in enumerate(last_cells, start=len(cells)):
                try:
                    client.execute_cell(cell, index)
                except Exception as exc:  # a dead kernel cannot answer
                    errors.append(cell_error(index, exc))
            if not errors:
                client.set_widgets_metadata()
    finally:
        if km is not None and getattr(client, "kc", None) is not None:
            client.kc.stop_channels()
    return errors


def cell_seconds(nb) -> dict[str, float]:
    """Each code cell's run time in seconds (by cell id), from the timestamps that
    :func:`execute` with ``record_timing`` leaves in its metadata; cells without them are left out.

    >>> import nbformat
    >>> cell = nbformat.v4.new_code_cell("x = 1", id="a")
    >>> cell.metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00.000Z",
    ...                               "shell.execute_reply": "2026-01-01T00:00:01.500Z"}
    >>> cell_seconds(nbformat.v4.new_notebook(cells=[cell]))
    {'a': 1.5}
    """
    from datetime import datetime

    seconds = {}
    for cell in nb.cells:
        timing = cell.metadata.get("execution", {})
        start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
        if cell.cell_type == "code" and start and end:
            t0, t1 = (datetime.fromisoformat(t.replace("Z", "+00:00")) for t in (start, end))
            seconds[cell.id] = round((t1 - t0).total_seconds(), 2)
    return seconds


def execute_in_place(path: Path, timeout: int = CELL_TIMEOUT_S) -> list[str]:
    """Execute the notebook file ``path`` from a fresh kernel in its own folder
    and write it back with its new outputs (as ``jupyter nbconvert --execute
    --inplace`` does); the file is left untouched when a cell fails."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    errors = execute(nb, path.parent, timeout=timeout)
    if not errors:
        nbformat.write(nb, path)
    return errors


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Execute notebooks in place, each from a fresh kernel.")
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for path in args.notebooks:
        print(f"executing {path} ...", flush=True)
        errors = execute_in_place(path)
        if errors:
            print(f"{path}: {errors[0]}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
