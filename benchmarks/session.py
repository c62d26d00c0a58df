"""Part 2 of the benchmark: one JupyterLab session played through a Jupyter
server with the course's settings, its memory measured."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from benchmarks.notebook_runs import PROBE_SOURCE, notebook_kernel_name, parse_vmhwm
from benchmarks.results import KernelMemory, SessionResult
from benchmarks.stats import megabytes
from benchmarks.targets import ROOT, TARGET_SESSION_BYTES
from tools.jupyter_server import JupyterServer
from tools.notebooks import CELL_TIMEOUT_S
from tools.process_memory import tree_memory


class _Sampler(threading.Thread):
    """Sums the PSS of a changing set of process trees every ``interval`` s; keeps the highest."""

    def __init__(self, pids: list[int], interval: float = 1.0):
        super().__init__(daemon=True)
        self.pids, self.interval, self.peak = pids, interval, 0
        self._stop_event = threading.Event()

    def run(self):
        while not self._stop_event.wait(self.interval):
            try:
                self.peak = max(self.peak, sum(tree_memory(p)[0] for p in list(self.pids)))
            except Exception:  # a process ending mid-read; the next sample will do
                pass

    def stop(self):
        self._stop_event.set()
        self.join(timeout=10)


def execute_with_client(path: Path, connection_file: Path,
                        timeout: int = CELL_TIMEOUT_S) -> tuple[int | None, str | None]:
    """Execute the code cells of notebook ``path`` (read only) in the running
    kernel of ``connection_file``, as a browser tab would through the server;
    ``(peak memory, error)`` as :func:`benchmarks.notebook_runs.execute_in_kernel`."""
    import nbformat
    from jupyter_client import BlockingKernelClient

    kc = BlockingKernelClient(connection_file=str(connection_file))
    kc.load_connection_file()
    kc.start_channels()
    stdout: list[str] = []

    def hook(msg):
        if msg["msg_type"] == "stream" and msg["content"].get("name") == "stdout":
            stdout.append(msg["content"]["text"])

    error, peak = None, None
    try:
        kc.wait_for_ready(timeout=120)
        cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        for index, cell in enumerate(cells + [nbformat.v4.new_code_cell(PROBE_SOURCE)]):
            stdout.clear()
            try:
                reply = kc.execute_interactive(cell.source, timeout=timeout, output_hook=hook,
                                               allow_stdin=False)
            except Exception as exc:  # a kernel that died or a timeout
                error = error or f"code cell {index}: {type(exc).__name__}: {exc}"[:200]
                break
            content = reply["content"]
            if content["status"] != "ok":
                error = f"code cell {index}: {content.get('ename')}: {content.get('evalue')}"[:200]
                break
        else:
            peak = parse_vmhwm("".join(stdout))
    finally:
        kc.stop_channels()
    return peak, error


def run_session(paths, guard: bool = False, memory_limit: int = int(TARGET_SESSION_BYTES)
                ) -> SessionResult:
    """Play one JupyterLab session: start a Jupyter server with the course's
    ``jupyter_server_config.py`` (as ``make lab`` and Binder do), then for
    each notebook in ``paths`` start a kernel through the server (as opening
    the notebook does) and run every cell in it, leaving it running. With
    ``guard``, the memory guard of that file is on with ``MEM_LIMIT`` =
    ``memory_limit`` (Binder's 2 GB); without, it is off, so every kernel
    stays. The server's process tree (it and all its kernels) is sampled
    every second for its total PSS; each kernel's memory is measured after
    its notebook and once all have run. Every process started here is
    stopped at the end, also on error."""
    results: list[KernelMemory] = []
    ids: list[str] = []
    shut_down: list[str] = []
    args = [] if guard else ["--CourseKernelManager.guard_fraction=0"]
    env = {"MEM_LIMIT": str(memory_limit)} if guard else {}
    with JupyterServer(args=args, env=env) as server:
        time.sleep(2)  # let it settle after its first answer
        server_alone, _ = tree_memory(server.proc.pid)
        print(f"[bench] Jupyter server ({server.kind}) idle: PSS {megabytes(server_alone)}"
              + (f"; memory guard on, MEM_LIMIT {megabytes(memory_limit)}" if guard else
                 "; memory guard off"), flush=True)
        sampler = _Sampler([server.proc.pid])
        sampler.start()
        try:
            for path in paths:
                print(f"[bench] session: {path.name} in a new kernel, the others left running ...",
                      flush=True)
                kernel_id = server.start_kernel(notebook_kernel_name(path), str(path.parent.relative_to(ROOT)))
                ids.append(kernel_id)
                peak, error = execute_with_client(path, server.connection_file(kernel_id))
                running = server.kernel_ids()
                for name, other in zip([p.name for p in paths], ids):
                    gone = f"{name} (during {path.name})"
                    if other not in running and not any(g.startswith(name + " ") for g in shut_down):
                        shut_down.append(gone)
                        print(f"[bench]   the memory guard shut down the kernel of {gone}", flush=True)
                pss, uss = _kernel_memory(server.proc.pid, kernel_id)
                results.append(KernelMemory(path.name, pss, uss, peak_bytes=peak, error=error))
                print(f"[bench]   PSS {megabytes(pss)}, USS {megabytes(uss)}, peak RSS "
                      f"{megabytes(peak)}" + (f", ERROR {error}" if error else ""), flush=True)
            time.sleep(3)
            server_end = _server_only_memory(server.proc.pid)
            for kernel_id, k in zip(ids, results):
                k.pss_end = _kernel_memory(server.proc.pid, kernel_id)[0]
        finally:
            sampler.stop()
    return SessionResult(f"`python -m {server.kind}`", server_alone, server_end, results,
                         sampler.peak or None, guarded=guard, shut_down=shut_down)


def _kernel_process(server_pid: int, kernel_id: str):
    """The server's child process running kernel ``kernel_id`` (its command
    line names the connection file ``kernel-<id>.json``), or None."""
    import psutil

    try:
        for child in psutil.Process(server_pid).children():
            try:
                if any(f"kernel-{kernel_id}.json" in arg for arg in child.cmdline()):
                    return child
            except psutil.Error:
                continue
    except psutil.Error:
        pass
    return None


def _kernel_memory(server_pid: int, kernel_id: str) -> tuple[int, int]:
    """PSS and USS (bytes) of kernel ``kernel_id``'s process tree; 0, 0 once it is gone."""
    proc = _kernel_process(server_pid, kernel_id)
    return tree_memory(proc.pid) if proc else (0, 0)


def _server_only_memory(server_pid: int) -> int:
    """PSS of the server process alone (its kernels not counted)."""
    import psutil

    try:
        return psutil.Process(server_pid).memory_full_info().pss
    except psutil.Error:
        return 0
