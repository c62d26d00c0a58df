"""The course's JupyterLab settings and memory guard; ``jupyter_server_config.py``
(which ``make lab`` passes with --config, and Binder copies into ~/.jupyter,
see postBuild) applies them with :func:`configure`.

Binder gives a whole session 2 GB of memory. Each open notebook keeps its own
kernel, a Python process that holds 300 MB to 1 GB once TensorFlow is loaded,
and six of them do not fit: past the limit the system kills a process, often
the kernel the learner is working in. So:

- **memory guard**: when the session (this server and all its kernels, PSS:
  shared pages counted once) uses more than 75 % of its memory limit, idle
  kernels are shut down, the least recently used first, until it is below
  again. The limit is Binder's ``MEM_LIMIT`` (2 GB there), otherwise this
  machine's memory. Checked every second. Never shut down: a kernel that is
  running a cell, and the kernel used most recently (the notebook the learner
  is in);
- a kernel that has run nothing for 30 minutes is shut down, even while its
  notebook is open in a tab (cull_connected);
- memory in use is shown in the status bar (jupyter-resource-usage).

A kernel shut down either way leaves its notebook open, with its outputs on
screen; only the variables in memory are gone. JupyterLab may start a fresh,
empty kernel for it when it next reaches the notebook (seen after a page
reload). To go on in that notebook, restart its kernel (Kernel -> Restart
Kernel) and run its cells from the top.
The server log says which kernel was shut down and why. Notebook 00 asks
learners to shut a kernel down themselves when they move on.

:func:`kernels_to_shut_down` is the guard's decision, a pure function tested in
tests/test_jupyter_config.py; ``make bench`` (benchmarks/session.py) plays a
whole session with these settings and measures it.
"""

from __future__ import annotations

import os

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float, Integer

from tools.process_memory import tree_memory

GUARD_FRACTION = 0.75  #: shut idle kernels down above this share of the memory limit
CULL_IDLE_TIMEOUT_S = 30 * 60  #: a kernel that has run nothing this long is shut down
CULL_INTERVAL_S = 60  #: how often the culler looks


def session_memory_limit(environ=os.environ) -> int:
    """The session's memory limit in bytes: ``MEM_LIMIT`` (set by Binder, and
    read by jupyter-resource-usage too) when it is a positive integer,
    otherwise this machine's physical memory.

    >>> session_memory_limit({"MEM_LIMIT": "2147483648"})
    2147483648
    """
    try:
        limit = int(environ.get("MEM_LIMIT", "0"))
    except ValueError:
        limit = 0
    if limit > 0:
        return limit
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 0


def kernels_to_shut_down(kernels, total: int, guard: int) -> list:
    """Which kernels the memory guard shuts down, in order.

    ``kernels``: ``(kernel_id, memory_bytes, last_activity, busy)`` for every
    kernel; ``total``: the session's memory now (server and kernels);
    ``guard``: the level to get under. Idle kernels go first-used-first
    (oldest ``last_activity``) until ``total`` minus what they hold is at or
    below ``guard``. A busy kernel and the most recently active kernel are
    never chosen; none at all when ``total <= guard`` or ``guard <= 0``.

    >>> kernels_to_shut_down([("a", 500, 1, False), ("b", 400, 2, False),
    ...                       ("c", 900, 3, False)], total=1900, guard=1200)
    ['a', 'b']
    """
    if guard <= 0 or total <= guard or not kernels:
        return []
    by_age = sorted(kernels, key=lambda k: k[2])
    chosen = []
    for kernel_id, memory, _, busy in by_age[:-1]:  # never the most recent one
        if busy:
            continue
        chosen.append(kernel_id)
        total -= memory
        if total <= guard:
            break
    return chosen


class CourseKernelManager(AsyncMappingKernelManager):
    """The server's kernel manager with the memory guard described above."""

    guard_fraction = Float(GUARD_FRACTION, config=True,
                           help="Share of the memory limit above which idle kernels are shut "
                                "down (0 turns the guard off).")
    memory_limit = Integer(0, config=True,
                           help="The session's memory limit in bytes (0: MEM_LIMIT, else "
                                "this machine's memory).")
    guard_interval = Float(1.0, config=True, help="Seconds between two memory checks.")

    def initialize_culler(self):
        super().initialize_culler()
        if getattr(self, "_memory_guard", None) is not None or self.guard_fraction <= 0:
            return
        try:
            import psutil  # noqa: F401 -- installed with jupyter-resource-usage; only checked here
        except ImportError:
            self.log.warning("nn4 memory guard off: psutil is not installed")
            self._memory_guard = False
            return
        from tornado.ioloop import PeriodicCallback

        limit = self.memory_limit or session_memory_limit()
        self._guard_bytes = int(limit * self.guard_fraction)
        self._memory_guard = PeriodicCallback(self._guard_memory, 1000 * self.guard_interval)
        self._memory_guard.start()
        self.log.info("nn4 memory guard: idle kernels are shut down above %d MB (%.0f %% of %d MB)",
                      self._guard_bytes // 10**6, 100 * self.guard_fraction, limit // 10**6)

    async def _guard_memory(self):
        import psutil

        if getattr(self, "_guarding", False):
            return
        self._guarding = True
        try:
            total = tree_memory(psutil.Process())[0]
            if total <= self._guard_bytes:
                return
            kernels = []
            for kernel_id in list(self._kernels):
                kernel = self._kernels[kernel_id]
                pid = getattr(getattr(kernel, "provisioner", None), "pid", None)
                memory = tree_memory(pid)[0] if pid else 0
                kernels.append((kernel_id, memory, getattr(kernel, "last_activity", None),
                                getattr(kernel, "execution_state", None) == "busy"))
            if any(k[2] is None for k in kernels):
                return  # a kernel still starting: look again in a second
            for kernel_id in kernels_to_shut_down(kernels, total, self._guard_bytes):
                memory = next(k[1] for k in kernels if k[0] == kernel_id)
                self.log.warning(
                    "nn4 memory guard: the session uses %d MB, over %d MB; shutting down the idle "
                    "kernel %s (%d MB), the least recently used. Its notebook stays open: to go on "
                    "in it, restart its kernel and run its cells again.",
                    total // 10**6, self._guard_bytes // 10**6, kernel_id, memory // 10**6)
                await self.shutdown_kernel(kernel_id)
        except Exception:  # the guard must never take the server down
            self.log.exception("nn4 memory guard: check failed")
        finally:
            self._guarding = False


def configure(c) -> None:
    """Apply the course's settings to the Jupyter config object ``c``: the
    memory guard's kernel manager, and idle kernels culled after 30 minutes,
    also while their notebook is open, never while they run a cell."""
    c.ServerApp.kernel_manager_class = CourseKernelManager
    c.MappingKernelManager.cull_idle_timeout = CULL_IDLE_TIMEOUT_S  # seconds without any execution
    c.MappingKernelManager.cull_interval = CULL_INTERVAL_S          # how often to look
    c.MappingKernelManager.cull_connected = True                    # also kernels whose notebook is open
    c.MappingKernelManager.cull_busy = False                        # never a kernel that is running a cell
