"""The course's JupyterLab settings: jupyter_server_config.py (a few lines) and the memory
guard it applies (tools/memory_guard.py); postBuild copies the file to ~/.jupyter on Binder."""

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from traitlets.config import Config, PyFileConfigLoader

from tools import memory_guard
from tools.memory_guard import kernels_to_shut_down, session_memory_limit

ROOT = Path(__file__).resolve().parent.parent


def load_config(path: Path) -> Config:
    """The settings ``path`` gives, loaded as Jupyter loads a config file."""
    return PyFileConfigLoader(path.name, path=str(path.parent)).load_config()


def test_idle_kernels_are_culled_but_never_a_running_one():
    config = load_config(ROOT / "jupyter_server_config.py")
    kernels = config.MappingKernelManager
    assert kernels.cull_idle_timeout == 30 * 60
    assert kernels.cull_connected is True
    assert kernels.cull_busy is False
    assert 0 < kernels.cull_interval <= 60
    assert config.ServerApp.kernel_manager_class is memory_guard.CourseKernelManager


@pytest.mark.parametrize("where", ["binder", "NN4_ROOT"])
def test_the_settings_work_when_copied_to_dot_jupyter(tmp_path, monkeypatch, where):
    """As postBuild installs them: the file alone in ~/.jupyter finds the course
    from the folder the server starts in (Binder: the repository) or from $NN4_ROOT."""
    dot_jupyter = tmp_path / ".jupyter"
    dot_jupyter.mkdir()
    shutil.copy2(ROOT / "jupyter_server_config.py", dot_jupyter)
    monkeypatch.setenv("HOME", str(tmp_path))
    if where == "binder":
        monkeypatch.chdir(ROOT)
    else:
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("NN4_ROOT", str(ROOT))
    config = load_config(dot_jupyter / "jupyter_server_config.py")
    assert config.ServerApp.kernel_manager_class.__name__ == "CourseKernelManager"
    assert config.MappingKernelManager.cull_idle_timeout == 30 * 60


def test_without_the_course_the_settings_say_what_is_missing(tmp_path, monkeypatch):
    shutil.copy2(ROOT / "jupyter_server_config.py", tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("NN4_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ImportError, match="NN4_ROOT"):
        load_config(tmp_path / "jupyter_server_config.py")


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


def test_memory_guard_shuts_idle_kernels_least_recently_used_first():
    choose = kernels_to_shut_down
    kernels = [("a", 500, 1, False), ("b", 400, 2, False), ("c", 300, 3, True), ("d", 900, 4, False)]
    assert choose(kernels, total=2200, guard=2500) == []           # under the guard: nothing
    assert choose(kernels, total=2200, guard=1800) == ["a"]        # the oldest idle one is enough
    assert choose(kernels, total=2200, guard=1200) == ["a", "b"]   # c is busy, d the most recent
    assert choose(kernels, total=2200, guard=100) == ["a", "b"]    # never the busy or the latest
    assert choose(kernels, total=2200, guard=0) == []              # guard off
    assert choose([("only", 1900, 1, False)], total=2000, guard=1500) == []


def test_memory_limit_is_binders_mem_limit_or_this_machines_memory():
    limit = session_memory_limit
    assert limit({"MEM_LIMIT": "2147483648"}) == 2147483648
    physical = limit({})
    assert physical > 10**8
    assert limit({"MEM_LIMIT": "0"}) == physical == limit({"MEM_LIMIT": "2G"})


def test_the_server_uses_the_guard_and_shuts_an_idle_kernel_down(jupyter_server):
    """A real server with this configuration and a tiny memory limit: of two
    idle kernels, the older is shut down and the newer kept."""
    server = jupyter_server(args=["--CourseKernelManager.memory_limit=1000000"])
    older = server.start_kernel("python3", "notebooks")
    time.sleep(3)
    assert older in server.kernel_ids()  # the only kernel is never shut down
    newer = server.start_kernel("python3", "notebooks")
    deadline = time.monotonic() + 30
    while older in server.kernel_ids() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert server.kernel_ids() == {newer}, server.log_tail()
    assert "nn4 memory guard: the session uses" in server.log_tail(5000)
