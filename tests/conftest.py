"""Fixtures shared by the unit tests: no plt.show() in helpers, Chromium for the
browser tests, a folder served over HTTP, a Jupyter server with the course's settings."""

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")  # no screen in CI

IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false")
#: Chromium's options in every browser test: headless, in a container, no network chatter.
CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking"]


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
