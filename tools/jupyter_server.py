"""A Jupyter server for tests and benchmarks: JupyterLab (or jupyter_server if
JupyterLab is missing) with the course's settings, on 127.0.0.1, a free port
and a random token, its runtime folder (connection files) a temporary one; a
context manager that always stops it, its kernels and its process group.

    with JupyterServer() as server:
        kernel_id = server.start_kernel("python3", "notebooks")
        ...

Used by ``make bench`` (benchmarks/session.py) and tests/test_jupyter_config.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "jupyter_server_config.py"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """In the server's process (Linux): get SIGTERM when its parent dies, so that
    even a parent killed before its clean-up leaves no server behind."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class JupyterServer:
    """An idle Jupyter server as a learner's ``make lab`` runs it.

    ``root_dir``: what it serves (default: the repository); ``config``: the
    settings file (default: the repository's ``jupyter_server_config.py``;
    None: none); ``args``: more command-line options; ``env``: more
    environment variables (a value None removes one); ``cwd``: where it
    starts (default ``root_dir``).
    Attributes once started: ``url``, ``token``, ``port``, ``proc``, ``kind``
    ("jupyterlab" or "jupyter_server"), ``runtime_dir``, ``log_path``.
    """

    def __init__(self, root_dir: Path = ROOT, config: Path | None = CONFIG, args=(), env=None,
                 cwd: Path | None = None, startup_timeout: float = 120):
        self.root_dir, self.config = Path(root_dir), config
        self.args, self.extra_env = list(args), dict(env or {})
        self.cwd = Path(cwd) if cwd else self.root_dir
        self.startup_timeout = startup_timeout
        self.proc = None
        self.kind = None
        self._tmp = None
        self._log = None

    def __enter__(self):
        import importlib.util

        self.kind = "jupyterlab" if importlib.util.find_spec("jupyterlab") else "jupyter_server"
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self._tmp = tempfile.TemporaryDirectory(prefix="nn4-jupyter-")
        self.runtime_dir = Path(self._tmp.name) / "runtime"
        self.log_path = Path(self._tmp.name) / "server.log"
        self._log = open(self.log_path, "w+b")
        env = {**os.environ, **self.extra_env, "JUPYTER_RUNTIME_DIR": str(self.runtime_dir)}
        env = {key: value for key, value in env.items() if value is not None}
        cmd = [sys.executable, "-m", self.kind, "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root_dir}",
               "--allow-root", *([f"--config={self.config}"] if self.config else []), *self.args]
        self.proc = subprocess.Popen(cmd, cwd=self.cwd, env=env, stdin=subprocess.DEVNULL,
                                     stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True, preexec_fn=_die_with_parent)
        try:
            self._wait_until_up()
        except BaseException:
            self.stop()
            raise
        return self

    def request(self, path: str, method: str = "GET", timeout: float = 5, body=None):
        """``(status, parsed JSON body or None)`` of one request to the server."""
        data = json.dumps(body).encode() if body is not None else (b"" if method == "POST" else None)
        req = urllib.request.Request(f"{self.url}{path}", method=method, data=data,
                                     headers={"Authorization": f"token {self.token}",
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=timeout) as response:
            text = response.read()
            return response.status, (json.loads(text) if text else None)

    def start_kernel(self, name: str, path: str) -> str:
        """Start a kernel through the server, as JupyterLab does when a
        notebook is opened (working directory: ``path`` under the root);
        its id."""
        _, model = self.request("/api/kernels", "POST", timeout=120, body={"name": name, "path": path})
        return model["id"]

    def kernel_ids(self) -> set[str]:
        """Ids of the kernels the server has running now."""
        return {k["id"] for k in self.request("/api/kernels")[1]}

    def connection_file(self, kernel_id: str) -> Path:
        return self.runtime_dir / f"kernel-{kernel_id}.json"

    def _wait_until_up(self):
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the Jupyter server exited ({self.proc.returncode}): "
                                   + self.log_tail(3000))
            try:
                if self.request("/api/status", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("the Jupyter server did not answer in time: " + self.log_tail(3000))

    def log_tail(self, n: int = 800) -> str:
        """The last ``n`` characters of the server's log."""
        try:
            self._log.flush()
            return self.log_path.read_text(errors="replace")[-n:]
        except (OSError, ValueError, AttributeError):
            return ""

    def stop(self):
        """POST /api/shutdown, then SIGTERM and SIGKILL to its process group if
        needed; then any kernel it left (found by its connection file in this
        server's runtime folder)."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(OSError):
                self.request("/api/shutdown", method="POST")
            for sig, wait in ((None, 20), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
                if sig is not None:
                    with contextlib.suppress(OSError):
                        os.killpg(self.proc.pid, sig)
                try:
                    self.proc.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if self._tmp is not None:
            self._kill_leftover_kernels()
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def _kill_leftover_kernels(self):
        try:
            import psutil
        except ImportError:
            return
        for proc in psutil.process_iter(["pid", "cmdline"]):
            if any(str(self.runtime_dir) in part for part in (proc.info["cmdline"] or [])):
                with contextlib.suppress(psutil.Error):
                    proc.kill()

    def __exit__(self, *exc):
        self.stop()
        return False
