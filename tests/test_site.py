"""The course website (``make site``): built from the committed notebooks, then
read in a real browser (headless Chromium) from a local HTTP server, the way a
learner reads it.

Needs the site's packages (``docs/requirements.txt``: Sphinx, myst-nb, the
offline MathJax, playwright) and Chromium (``/usr/bin/chromium``, Debian's
``chromium``; ``$NN4_CHROMIUM`` names another). ``make site`` and CI
(``.ci/run``) install them; without them these tests are skipped, except in CI
(``CI`` set), where a missing piece fails. ``NN4_SKIP_SITE_TESTS=1`` skips them on
purpose (the site does not depend on the CPU; ``make test-variants`` runs only the notebooks, so CI
tests it once, in its default run).
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import http.server
import os
import re
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import urljoin, urlparse

import nbformat
import pytest

from helpers.course import binder_url, colab_url

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false")

if os.environ.get("NN4_SKIP_SITE_TESTS"):
    pytest.skip("NN4_SKIP_SITE_TESTS is set", allow_module_level=True)


CHROMIUM = os.environ.get("NN4_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def _missing(what: str):
    """Skip: a learner's `make test` needs no website tools. In CI, where .ci/run installs them, fail."""
    if IN_CI:
        pytest.fail(f"{what} (CI must have it: .ci/run runs make site and installs chromium)", pytrace=False)
    pytest.skip(what)


def _require(*modules: str):
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError:
            _missing(f"{module} is not installed (make site installs docs/requirements.txt)")


CHROMIUM_ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking"]


def _image_outputs(path: Path) -> int:
    nb = nbformat.read(path, as_version=4)
    return sum("image/png" in out.get("data", {}) for cell in nb.cells if cell.cell_type == "code"
               for out in cell.outputs)


@pytest.fixture(scope="module")
def site_build():
    """docs/build.py, imported by path."""
    _require("sphinx", "myst_nb")
    spec = importlib.util.spec_from_file_location("nn4_site_build", ROOT / "docs" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def site(site_build):
    """Build the site into _site/ (what make site does; incremental, seconds when fresh)."""
    start = time.perf_counter()
    html = site_build.build(ROOT / "_site")
    print(f"site built in {time.perf_counter() - start:.1f} s")
    return html


def test_make_site_builds_every_page(site):
    assert (site / "index.html").is_file()
    assert (site / "api.html").is_file()
    for nb in NOTEBOOKS:
        assert (site / "notebooks" / f"{nb.stem}.html").is_file(), nb.name
    # MathJax is part of the site, not fetched from a CDN
    assert (site / "_static" / "mathjax" / "tex-chtml.js").is_file()
    for page in site.rglob("*.html"):
        assert "cdn.jsdelivr.net" not in page.read_text(encoding="utf-8"), page


def test_landing_page_is_made_from_the_readme(site, site_build):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    _, _, rows, _ = site_build.readme_parts(readme)
    assert sorted(name for _, name, _, _ in rows) == [nb.name for nb in NOTEBOOKS]
    index = (site / "index.html").read_text(encoding="utf-8")
    for _, name, what, time in rows:
        assert f'href="notebooks/{Path(name).stem}.html"' in index, name
        assert time and time in index, f"the landing page shows {name}'s times ({time!r})"


@pytest.fixture(scope="module")
def server(site):
    """The site on a free loopback port; stopped at the end."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser_page(server):
    """One Chromium page; every request that leaves the loopback server is refused and recorded."""
    _require("playwright")
    if not Path(CHROMIUM).is_file():
        _missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set NN4_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        problems = {"external": [], "console": [], "failed": []}

        def route(r):
            if r.request.url.startswith(server):
                r.continue_()
            else:
                problems["external"].append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and problems["console"].append(m.text))
        page.on("pageerror", lambda e: problems["console"].append(str(e)))
        page.on("requestfailed", lambda r: problems["failed"].append(f"{r.url}: {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and problems["failed"].append(f"{r.url}: HTTP {r.status}"))
        try:
            yield page, problems
        finally:
            context.close()
            browser.close()


def _wait_for_maths(page):
    """Wait until MathJax has typeset the page (its script is deferred: it has run once "load" fired)."""
    page.wait_for_load_state("load")
    page.evaluate("async () => { if (window.MathJax && MathJax.startup && MathJax.startup.promise)"
                  " await MathJax.startup.promise; }")


def _check_links(page, base: str, site: Path) -> None:
    """Every link to another page of the site points at a file that exists."""
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    for href in hrefs:
        if not href.startswith(base):
            continue
        path = urlparse(href).path[len(urlparse(base).path):] or "index.html"
        target = site / path
        assert target.is_file() or (target / "index.html").is_file(), f"{page.url} links to missing {href}"


def test_site_in_a_browser(site, server, browser_page):
    page, problems = browser_page
    start = time.perf_counter()

    # The landing page lists the six notebooks, in order.
    page.goto(server + "index.html")
    links = page.eval_on_selector_all(
        "article a[href^='notebooks/']", "els => els.map(e => e.getAttribute('href'))")
    listed = list(dict.fromkeys(link.split("#")[0] for link in links))
    assert listed == [f"notebooks/{nb.stem}.html" for nb in NOTEBOOKS]
    _check_links(page, server, site)

    # Follow the first link, then each page's "next" link: every notebook page in turn.
    page.click(f"article a[href='notebooks/{NOTEBOOKS[0].stem}.html']")
    for i, nb in enumerate(NOTEBOOKS):
        page.wait_for_load_state("load")
        assert page.url.split("#")[0] == urljoin(server, f"notebooks/{nb.stem}.html")
        _wait_for_maths(page)

        # figures: every output image loaded, with a size
        images = page.eval_on_selector_all(
            ".cell_output img", "els => els.map(e => [e.complete, e.naturalWidth, e.naturalHeight, e.src])")
        assert len(images) == _image_outputs(nb), f"{nb.name}: {len(images)} figures on the page"
        for complete, width, height, src in images:
            assert complete and width > 0 and height > 0, f"{nb.name}: figure not loaded: {src}"

        # maths: every formula typeset by MathJax, none with an error, no $...$ left as text
        maths = page.eval_on_selector_all(
            "article .math", "els => els.map(e => [!!e.querySelector('mjx-container'), e.textContent.slice(0, 60)])")
        untypeset = [text for typeset, text in maths if not typeset]
        assert not untypeset, f"{nb.name}: maths left as text: {untypeset[:3]}"
        assert page.locator("mjx-merror").count() == 0, f"{nb.name}: MathJax could not read a formula"
        prose = page.evaluate(
            "() => { const a = document.querySelector('article').cloneNode(true);"
            " a.querySelectorAll('.cell_input, .cell_output, pre, code, mjx-container').forEach(e => e.remove());"
            " return a.textContent; }")
        raw = re.findall(r"\$\$|\$[^$\s][^$\n]{0,200}?\$", prose)
        assert not raw, f"{nb.name}: raw maths in the text: {raw[:3]}"

        # Binder and Colab buttons, pointing at this notebook in the course's repository
        # (in the theme's launch menu, and visible under the title)
        for url, what in [(colab_url(nb.name), "Open in Colab"), (binder_url(nb.name), "Binder")]:
            assert page.locator(f".dropdown-launch-buttons a[href='{url}']").count() == 1, f"{nb.name}: {what} menu"
            link = page.locator(f"article a[href='{url}']")
            assert link.count() == 1 and link.is_visible() and link.inner_text() == what, f"{nb.name}: {what} link"

        _check_links(page, server, site)
        if i + 1 < len(NOTEBOOKS):
            page.click("a.right-next")

    # The helpers API page, reached from the landing page.
    page.goto(server + "index.html")
    page.click("article a[href='api.html']")
    page.wait_for_load_state("load")
    assert page.locator("dt[id='helpers.digits.load_test_digits']").count() == 1
    assert page.locator("dt[id='helpers.course.colab_url']").count() == 1
    _check_links(page, server, site)

    assert not problems["external"], f"the site asked the network for {problems['external'][:5]}"
    assert not problems["failed"], f"requests failed: {problems['failed'][:5]}"
    assert not problems["console"], f"console errors: {problems['console'][:5]}"
    print(f"browser walk over {len(NOTEBOOKS) + 2} pages: {time.perf_counter() - start:.1f} s")
