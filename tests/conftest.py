"""Fixtures shared by the unit tests: no plt.show() in helpers, Chromium for the
browser tests, a folder served over HTTP, a Jupyter server with the course's settings,
notebook 04's trained model."""

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")  # no screen in CI

IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false")
#: Chromium's options in every browser test: headless, in a container, no network chatter.
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking"]


#: Reasons for a skip that are documented platform differences (CONTRIBUTING.md, "Skips"): a skip
#: whose reason starts with one of these is allowed in CI. Today there is none: in CI every test runs.
DOCUMENTED_CI_SKIPS: tuple[str, ...] = ()
_skips: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        _skips.append(f"{report.nodeid}: {reason}")


pytest_collectreport = pytest_runtest_logreport  # a whole module skipped (allow_module_level)


def pytest_sessionfinish(session, exitstatus):
    """In CI (CI=true), a skipped test is a check that cannot fail: the run fails unless the skip is a
    documented platform difference (DOCUMENTED_CI_SKIPS)."""
    undocumented = [s for s in _skips if not s.split(": ", 1)[-1].removeprefix("Skipped: ")
                    .startswith(DOCUMENTED_CI_SKIPS or ("\0",))]
    if IN_CI and undocumented and session.exitstatus == 0:
        print("\n== CI=true and these tests were skipped (run them, or document the platform difference "
              "in tests/conftest.py's DOCUMENTED_CI_SKIPS and CONTRIBUTING.md):\n  " + "\n  ".join(undocumented))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def missing(reason: str):
    """Skip on a developer's machine; fail in CI, where .ci/run installs what is missing."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this test must run; .ci/run installs it)", pytrace=False)
    pytest.skip(reason)


def chromium_path() -> str:
    """Where Chromium is: ``$NN4_CHROMIUM``, else ``chromium`` on the PATH, else Debian's."""
    return os.environ.get("NN4_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def chromium() -> str:
    """Chromium's path, with playwright installed to drive it (``make test-browser`` and
    ``make site`` install it; no browser download): skipped without, failed in CI."""
    try:
        import playwright.sync_api  # noqa: F401 -- only whether it is installed
    except ImportError:
        missing("the playwright package is not installed: pip install -r tests/requirements-browser.txt")
    path = chromium_path()
    if not Path(path).is_file():
        missing(f"Chromium not found at {path}: apt-get install chromium (or set NN4_CHROMIUM)")
    return path


@pytest.fixture(scope="session")
def chromium_args() -> list:
    """Chromium's options in every browser test (:data:`CHROMIUM_ARGS`)."""
    return list(CHROMIUM_ARGS)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without a log line per request."""

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def served(folder: Path):
    """``folder`` served over HTTP on a free loopback port while the block runs; its base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def serve_folder():
    """``serve_folder(folder)`` -> the base URL of ``folder`` served over HTTP until the test ends."""
    with contextlib.ExitStack() as stack:
        yield lambda folder: stack.enter_context(served(folder))


@pytest.fixture(scope="module")
def serve_folder_for_module():
    """As :func:`serve_folder`, served until the test module ends (a site walked by several tests)."""
    with contextlib.ExitStack() as stack:
        yield lambda folder: stack.enter_context(served(folder))


@pytest.fixture
def jupyter_server():
    """``jupyter_server(**options)`` -> a started :class:`tools.jupyter_server.JupyterServer`
    (the course's settings, a free port, a token), stopped with its kernels when the test ends."""
    from tools.jupyter_server import JupyterServer

    with contextlib.ExitStack() as stack:
        yield lambda **options: stack.enter_context(JupyterServer(**options))


@pytest.fixture
def no_plt_show(monkeypatch):
    """Fail a test whose helper calls plt.show() (a helper returns its figure;
    the notebook shows it), and close every figure afterwards."""
    import matplotlib.pyplot as plt

    def fail(*args, **kwargs):
        raise AssertionError("a helper called plt.show()")

    monkeypatch.setattr(plt, "show", fail)
    yield
    plt.close("all")


ROOT = Path(__file__).resolve().parent.parent
#: The file notebook 04 leaves in notebooks/cache/ (seed 42, one epoch of 430 steps).
NOTEBOOK04_MODEL_GLOB = "mnist_cnn_plain_seed42_steps430_*.keras"


def _train_notebook04_model(path: Path) -> None:
    """Notebook 04's recipe, one epoch, seed 42, saved to ``path`` (about 30 s on 2 CPUs)."""
    code = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from helpers.mnist.data import load_mnist, make_pipeline
        from helpers.mnist.recipe import EPOCHS, build_cnn, compile_cnn, steps_per_epoch
        import keras
        keras.utils.set_random_seed(42)
        train_raw, _, _ = load_mnist()
        model = build_cnn()
        compile_cnn(model, total_steps=EPOCHS * steps_per_epoch())
        model.fit(make_pipeline(train_raw, shuffle_seed=42), epochs=EPOCHS, verbose=0, shuffle=False)
        model.save({str(path)!r})
    """)
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=600)


@pytest.fixture(scope="session")
def notebook04_model(notebook04_model_file):
    """Notebook 04's model (seed 42), loaded once for every test module that reads digits with it
    (about 5 s to load with TensorFlow)."""
    from helpers import import_tensorflow

    import_tensorflow()
    import keras

    import helpers.mnist.recipe  # noqa: F401  (registers the recipe's loss)

    return keras.models.load_model(notebook04_model_file)


@pytest.fixture(scope="session")
def notebook04_model_file(tmp_path_factory) -> Path:
    """Notebook 04's trained model: the file running notebook 04 left in notebooks/cache/ (CI runs
    the notebooks before the unit tests), else one trained here with the same recipe and seed
    (about 30 s), never a skip."""
    cached = sorted((ROOT / "notebooks" / "cache").glob(NOTEBOOK04_MODEL_GLOB), key=lambda p: p.stat().st_mtime)
    if cached:
        return cached[-1]
    path = tmp_path_factory.mktemp("model") / "mnist_cnn_plain.keras"
    start = time.perf_counter()
    _train_notebook04_model(path)
    print(f"\nno {NOTEBOOK04_MODEL_GLOB} in notebooks/cache/: trained one in {time.perf_counter() - start:.0f} s")
    return path
