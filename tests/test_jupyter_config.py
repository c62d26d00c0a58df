"""The course's JupyterLab settings (jupyter_server_config.py, postBuild)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_idle_kernels_are_culled_but_never_a_running_one():
    from traitlets.config import Config

    config = Config()
    exec((ROOT / "jupyter_server_config.py").read_text(), {"get_config": lambda: config})
    kernels = config.MappingKernelManager
    assert kernels.cull_idle_timeout == 30 * 60
    assert kernels.cull_connected is True
    assert kernels.cull_busy is False
    assert 0 < kernels.cull_interval <= 60


def test_jupyter_lab_loads_the_settings_and_the_memory_display():
    jupyter = Path(sys.executable).parent / "jupyter"
    shown = subprocess.run([str(jupyter), "lab", "--config=jupyter_server_config.py", "--show-config",
                            "--allow-root"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert ".cull_idle_timeout = 1800" in shown.stdout, shown.stdout + shown.stderr
    extensions = subprocess.run([str(jupyter), "server", "extension", "list"], cwd=ROOT,
                                capture_output=True, text=True, timeout=120)
    assert "jupyter_resource_usage" in extensions.stdout + extensions.stderr


def test_binder_installs_the_settings():
    text = (ROOT / "postBuild").read_text()
    assert "jupyter_server_config.py" in text and ".jupyter" in text


def _config_namespace():
    from traitlets.config import Config

    namespace = {"get_config": lambda: Config()}
    exec(compile((ROOT / "jupyter_server_config.py").read_text(), "jupyter_server_config.py", "exec"),
         namespace)
    return namespace


def test_memory_guard_shuts_idle_kernels_least_recently_used_first():
    choose = _config_namespace()["kernels_to_shut_down"]
    kernels = [("a", 500, 1, False), ("b", 400, 2, False), ("c", 300, 3, True), ("d", 900, 4, False)]
    assert choose(kernels, total=2200, guard=2500) == []           # under the guard: nothing
    assert choose(kernels, total=2200, guard=1800) == ["a"]        # the oldest idle one is enough
    assert choose(kernels, total=2200, guard=1200) == ["a", "b"]   # c is busy, d the most recent
    assert choose(kernels, total=2200, guard=100) == ["a", "b"]    # never the busy or the latest
    assert choose(kernels, total=2200, guard=0) == []              # guard off
    assert choose([("only", 1900, 1, False)], total=2000, guard=1500) == []


def test_memory_limit_is_binders_mem_limit_or_this_machines_memory():
    limit = _config_namespace()["session_memory_limit"]
    assert limit({"MEM_LIMIT": "2147483648"}) == 2147483648
    physical = limit({})
    assert physical > 10**8
    assert limit({"MEM_LIMIT": "0"}) == physical == limit({"MEM_LIMIT": "2G"})


def test_the_server_uses_the_guard_and_shuts_an_idle_kernel_down():
    """A real server with this configuration and a tiny memory limit: of two
    idle kernels, the older is shut down and the newer kept."""
    import time

    from benchmarks import run as bench

    with bench.JupyterServer(args=["--CourseKernelManager.memory_limit=1000000"]) as server:
        older = server.start_kernel("python3", "notebooks")
        time.sleep(3)
        assert older in server.kernel_ids()  # the only kernel is never shut down
        newer = server.start_kernel("python3", "notebooks")
        deadline = time.monotonic() + 30
        while older in server.kernel_ids() and time.monotonic() < deadline:
            time.sleep(0.5)
        assert server.kernel_ids() == {newer}, server.log_tail()
        assert "nn4 memory guard: the session uses" in server.log_tail(5000)
