"""The machine the benchmark runs on: CPUs, memory, load, library versions, and
how busy the rest of the machine was while a part ran."""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path


class OtherLoad:
    """Measures how busy the rest of the machine was during a ``with`` block:
    the CPU time every other process used, as a fraction of the machine's
    capacity (wall time x CPUs). This process and its children (the notebook
    kernels) are not counted. Needs psutil; ``fraction`` is None without it.
    """

    def __enter__(self):
        try:
            import psutil
        except ImportError:
            self._psutil = None
            return self
        self._psutil = psutil
        self._start = (time.perf_counter(), self._busy_all(), self._busy_own())
        return self

    def _busy_all(self) -> float:
        t = self._psutil.cpu_times()._asdict()
        # guest time is already part of user time on Linux; idle and iowait are not busy
        return sum(v for k, v in t.items() if k not in ("idle", "iowait", "guest", "guest_nice"))

    def _busy_own(self) -> float:
        t = self._psutil.Process().cpu_times()
        return t.user + t.system + t.children_user + t.children_system

    def __exit__(self, *exc):
        self.fraction = None
        if self._psutil is not None:
            wall = time.perf_counter() - self._start[0]
            others = (self._busy_all() - self._start[1]) - (self._busy_own() - self._start[2])
            self.fraction = max(0.0, others / (wall * (os.cpu_count() or 1)))
        return False


def machine_description() -> dict:
    """CPU count, CPU model, memory and load of this machine."""
    info = {"cpus": os.cpu_count(),
            "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
            "cpu_model": platform.processor() or platform.machine(), "memory_bytes": None}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_bytes"] = int(line.split()[1]) * 1024
    except OSError:
        pass
    info["load"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    return info


def installed_versions() -> dict:
    """Versions of python, tensorflow, keras, numpy from the package metadata
    (without importing TensorFlow)."""
    from importlib import metadata

    versions = {"python": platform.python_version()}
    for name, dists in [("tensorflow", ("tensorflow", "tensorflow-cpu")), ("keras", ("keras",)),
                        ("numpy", ("numpy",))]:
        for dist in dists:
            try:
                versions[name] = metadata.version(dist)
                break
            except metadata.PackageNotFoundError:
                pass
    return versions
