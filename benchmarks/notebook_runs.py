"""Part 1 of the benchmark: every notebook executed from a fresh kernel, on
every CPU and on one, timed, with the kernel's peak memory."""

from __future__ import annotations

import os
import signal
import time
from contextlib import contextmanager
from pathlib import Path

from benchmarks.results import NotebookRun
from benchmarks.stats import megabytes
from tools.notebooks import CELL_TIMEOUT_S, cell_seconds, execute


#: Appended to the in-memory copy of each notebook: prints the kernel's
#: /proc/self/status, whose VmHWM line is the process's peak resident memory.
PROBE_SOURCE = """\
try:
    print(open("/proc/self/status").read())
except OSError:  # not Linux: ru_maxrss is the same peak (kB, bytes on macOS)
    import resource as _resource, sys as _sys
    _peak = _resource.getrusage(_resource.RUSAGE_SELF).ru_maxrss
    print(f"VmHWM: {_peak // 1024 if _sys.platform == 'darwin' else _peak} kB")
"""


def parse_vmhwm(status_text: str) -> int | None:
    """Peak resident memory in bytes from the text of ``/proc/<pid>/status``
    (its ``VmHWM:  123456 kB`` line), or None when the line is missing.

    >>> parse_vmhwm("Name:\\tpython\\nVmHWM:\\t  2048 kB\\nVmRSS:\\t 1024 kB\\n")
    2097152
    """
    for line in status_text.splitlines():
        if line.startswith("VmHWM:"):
            value, unit = line.split()[1:3]
            assert unit == "kB", line
            return int(value) * 1024
    return None


@contextmanager
def cpu_affinity(cpus):
    """Restrict this thread (and the processes it starts meanwhile) to
    ``cpus``; restore the previous affinity afterwards. ``None``: no change."""
    if cpus is None:
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, set(cpus))
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def start_kernel(cwd: Path, kernel_name: str = "python3", cpus=None):
    """A started ``AsyncKernelManager`` whose kernel runs in ``cwd``, on
    ``cpus`` (inherited: this thread is restricted while it starts it)."""
    from jupyter_client import AsyncKernelManager
    from jupyter_core.utils import run_sync

    km = AsyncKernelManager(kernel_name=kernel_name)
    with cpu_affinity(cpus):
        run_sync(km.start_kernel)(cwd=str(cwd))
    if cpus is not None:
        got = os.sched_getaffinity(kernel_pid(km))
        if got != set(cpus):
            stop_kernel(km, now=True)
            raise RuntimeError(f"the kernel runs on CPUs {sorted(got)}, not {sorted(cpus)}")
    return km


def kernel_pid(km) -> int:
    return km.provisioner.pid


def stop_kernel(km, now: bool = False) -> None:
    """Shut the kernel down (gracefully unless ``now``); never raises."""
    from jupyter_core.utils import run_sync

    try:
        pid = kernel_pid(km)
    except Exception:
        pid = None
    try:
        run_sync(km.shutdown_kernel)(now=now)
    except Exception as exc:
        print(f"[bench] could not shut kernel {pid} down: {exc}; killing it", flush=True)
        if pid:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


#: How many of a notebook's slowest cells the report names.
SLOWEST = 3


def slowest_cells(nb, top: int = SLOWEST) -> list[tuple[float, str]]:
    """The ``top`` slowest code cells of an executed ``nb`` (timed, :func:`tools.notebooks.cell_seconds`):
    (seconds, the cell's first line), slowest first."""
    seconds = cell_seconds(nb)
    first = {cell.id: first_line(cell) for cell in nb.cells}
    return sorted(((s, first[i]) for i, s in seconds.items() if i in first), reverse=True)[:top]


def first_line(cell) -> str:
    return (cell.source.strip().splitlines() or [""])[0]


def peak_raisers(peaks: list[tuple[int, str]], start: int = 0, top: int = SLOWEST) -> list[tuple[int, str]]:
    """From the kernel's peak memory after each code cell, in order ((bytes, first line); ``start``:
    the peak before the first), the ``top`` cells that raised it most: (bytes, first line), most first.

    >>> peak_raisers([(700, "import"), (700, "x = 1"), (900, "fit"), (950, "plot")], start=100, top=2)
    [(600, 'import'), (200, 'fit')]
    """
    raised, before = [], start
    for peak, line in peaks:
        if peak > before:
            raised.append((peak - before, line))
        before = max(before, peak)
    return sorted(raised, key=lambda r: -r[0])[:top]


def read_peak(pid: int) -> int | None:
    """The peak resident memory (VmHWM, bytes) of process ``pid``, read from outside it (Linux;
    None elsewhere or when it has gone)."""
    try:
        return parse_vmhwm(Path(f"/proc/{pid}/status").read_text())
    except OSError:
        return None


def execute_in_kernel(path: Path, km, timeout: int = CELL_TIMEOUT_S):
    """Execute a copy of notebook ``path`` (in memory; the file is not
    modified) in the started kernel of ``km``, leaving the kernel running;
    ``(peak memory, error, slowest cells, peak raisers)``: the kernel's VmHWM, read by
    :data:`PROBE_SOURCE` after the last cell (also after a failing cell,
    which ends the run), :func:`slowest_cells`, and :func:`peak_raisers` from the VmHWM
    that this process reads in ``/proc`` after each cell (nothing is added to the notebook for it)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    probe = nbformat.v4.new_code_cell(PROBE_SOURCE)
    pid = kernel_pid(km)
    start, peaks = read_peak(pid) or 0, []

    def after_cell(cell):
        peak = read_peak(pid)
        if cell.cell_type == "code" and peak is not None:
            peaks.append((peak, first_line(cell)))

    errors = execute(nb, path.parent, km=km, last_cells=[probe], timeout=timeout, record_timing=True,
                     after_cell=after_cell)
    text = "".join(o.get("text", "") for o in probe.get("outputs", []) if o.get("name") == "stdout")
    nb.cells.remove(probe)
    return parse_vmhwm(text), (errors[0] if errors else None), slowest_cells(nb), peak_raisers(peaks, start)


def notebook_kernel_name(path: Path) -> str:
    """The kernel notebook ``path`` asks for (``python3`` if it names none)."""
    import nbformat

    return nbformat.read(path, as_version=4).metadata.get("kernelspec", {}).get("name", "python3")


def run_notebook(path: Path, cpus=None, timeout: int = CELL_TIMEOUT_S) -> NotebookRun:
    """Execute notebook ``path`` in a fresh kernel (on ``cpus``; None: every
    CPU) whose working directory is the notebook's folder, then shut it down.
    The wall time covers kernel start, every cell and shutdown."""
    start = time.perf_counter()
    km = start_kernel(path.parent, notebook_kernel_name(path), cpus)
    try:
        peak, error, slowest, raisers = execute_in_kernel(path, km, timeout)
    finally:
        stop_kernel(km)
    return NotebookRun(path.name, time.perf_counter() - start, peak, error, slowest, raisers)


def run_notebooks(paths, cpus=None) -> list[NotebookRun]:
    """:func:`run_notebook` on each of ``paths`` in order, printing progress."""
    runs = []
    where = "every CPU" if cpus is None else f"CPU {', '.join(map(str, sorted(cpus)))}"
    for path in paths:
        print(f"[bench] executing {path.name} on {where} ...", flush=True)
        run = run_notebook(path, cpus)
        print(f"[bench]   {run.seconds:6.1f} s, peak kernel memory {megabytes(run.peak_bytes)}"
              + (f", ERROR {run.error}" if run.error else ""), flush=True)
        runs.append(run)
    return runs
