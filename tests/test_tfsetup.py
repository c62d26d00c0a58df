"""helpers.tfsetup: TensorFlow's import-time noise is dropped, nothing else is."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str, extra_path=None):
    env_path = f"{ROOT}:{extra_path}" if extra_path else str(ROOT)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"})


def test_only_the_known_lines_are_dropped(tmp_path):
    # A stand-in module that writes to file descriptor 2 from "C" (os.write),
    # as TensorFlow's C++ logging does, while it is imported.
    (tmp_path / "noisy.py").write_text(textwrap.dedent("""
        import os
        os.write(2, b"WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\\n")
        os.write(2, b"I0000 00:00:1795848543.069436    2391 port.cc:153] oneDNN custom operations are on. You may see...\\n")
        os.write(2, b"E0000 something real went wrong\\n")
        VALUE = 42
    """))
    out = _run("""
        from helpers.tfsetup import _import_filtered
        m = _import_filtered("noisy")
        print(m.VALUE)
        import sys; print("after", file=sys.stderr)
    """, extra_path=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "42"
    assert out.stderr.splitlines() == ["E0000 something real went wrong", "after"]


def test_import_tensorflow_is_quiet():
    out = _run("""
        from helpers import import_tensorflow
        import os
        tf = import_tensorflow()
        print(tf.__name__, os.environ["TF_CPP_MIN_LOG_LEVEL"])
    """)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "tensorflow 3"
    assert out.stderr == ""


def test_a_failing_import_still_shows_what_it_printed(tmp_path):
    (tmp_path / "broken.py").write_text(textwrap.dedent("""
        import os
        os.write(2, b"E0000 libcudart.so.12: cannot open shared object file\\n")
        raise ImportError("DLL load failed")
    """))
    out = _run("""
        from helpers.tfsetup import _import_filtered
        _import_filtered("broken")
    """, extra_path=tmp_path)
    assert out.returncode != 0
    assert "E0000 libcudart.so.12: cannot open shared object file" in out.stderr
    assert "ImportError: DLL load failed" in out.stderr
