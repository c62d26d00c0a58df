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
