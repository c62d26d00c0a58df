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

import contextlib
import importlib
import importlib.util
import os
import json
import re
import shutil
import time
from pathlib import Path
from urllib.parse import urljoin, urlparse

import nbformat
import pytest

from helpers.course import binder_url, colab_url, read_course

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


def _figure_alts(path: Path) -> list[str]:
    """The alt text of each figure in the notebook, in order: its cell's ``metadata.mystnb.image.alt``
    ("" where the cell has none), for every image output and every figure inside a solution's
    folded output (helpers/exercises/fold.py: an <img> in its HTML)."""
    nb = nbformat.read(path, as_version=4)
    alts = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
        for out in cell.outputs:
            data = out.get("data", {})
            if "image/png" in data:
                alts.append(alt)
            elif (out.get("metadata") or {}).get("nn4_folded"):
                alts += [alt] * data.get("text/html", "").count("<img ")
    return alts


def _image_outputs(path: Path) -> int:
    return len(_figure_alts(path))


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


def test_landing_page_is_made_from_the_course_list(site):
    """The landing page's table and table of contents are the course list's (notebooks/course.toml),
    its introduction the README's."""
    course = read_course()
    assert sorted(nb.file for nb in course) == [nb.name for nb in NOTEBOOKS]
    index = (site / "index.html").read_text(encoding="utf-8")
    for nb in course:
        assert f'href="notebooks/{Path(nb.file).stem}.html"' in index, nb.file
        time = f"{nb.core_minutes} / {nb.all_minutes} min"
        assert time in index, f"the landing page shows {nb.file}'s times ({time!r})"
    assert "MIT licence" in index and "CC BY 4.0" in index and "CITATION.cff" in index  # the licence, on the site too


@pytest.fixture(scope="module")
def server(site, serve_folder_for_module):
    """The site on a free loopback port (tests/conftest.py); stopped at the end of the module."""
    return serve_folder_for_module(site)


#: The two screens the site is read on: a laptop, and a phone held upright.
VIEWPORTS = {"1280x800": {"width": 1280, "height": 800}, "390x844": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def browser(server):
    """Headless Chromium, with scrollbars drawn as a desktop browser draws them (playwright hides
    them by default, which would hide whether a wide equation shows that it scrolls)."""
    _require("playwright")
    if not Path(CHROMIUM).is_file():
        _missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set NN4_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                    ignore_default_args=["--hide-scrollbars"])
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def _page(browser, server, viewport):
    """A fresh page; every request that leaves the loopback server is refused and recorded, and so
    are console errors and failed requests."""
    context = browser.new_context(viewport=viewport)
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
    # net::ERR_ABORTED: a load the next page.goto cancelled (MathJax's fonts, late); a missing file
    # is a 404 (below) and an external request is caught by the route above
    page.on("requestfailed", lambda r: "ERR_ABORTED" not in str(r.failure)
            and problems["failed"].append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and problems["failed"].append(f"{r.url}: HTTP {r.status}"))
    try:
        yield page, problems
    finally:
        context.close()


def _no_problems(problems) -> None:
    assert not problems["external"], f"the site asked the network for {problems['external'][:5]}"
    assert not problems["failed"], f"requests failed: {problems['failed'][:5]}"
    assert not problems["console"], f"console errors: {problems['console'][:5]}"


@pytest.fixture(scope="module")
def browser_page(browser, server):
    """One page at 1280x900 for the walk through the site."""
    with _page(browser, server, {"width": 1280, "height": 900}) as page_and_problems:
        yield page_and_problems


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
        # every figure has alt text, the one its cell's metadata gives (metadata.mystnb.image.alt)
        alts = page.eval_on_selector_all(".cell_output img", "els => els.map(e => e.getAttribute('alt') || '')")
        assert all(alt.strip() for alt in alts), f"{nb.name}: figures {[i for i, a in enumerate(alts) if not a.strip()]} have no alt text"
        assert alts == _figure_alts(nb), f"{nb.name}: the figures' alt text is not their cells' metadata.mystnb.image.alt"

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
    assert page.locator("dt[id='helpers.data.digits.load_test_digits']").count() == 1
    assert page.locator("dt[id='helpers.course.colab_url']").count() == 1
    _check_links(page, server, site)

    _no_problems(problems)
    print(f"browser walk over {len(NOTEBOOKS) + 2} pages: {time.perf_counter() - start:.1f} s")


# The primary navigation as the reader sees it now: the notebook pages linked from the sidebar (wide
# screens) or from the drawer it becomes (narrow screens), counting only links that are on screen.
_NAV_SHOWN = """() => {
  const shown = new Set();
  for (const a of document.querySelectorAll('#pst-primary-sidebar a[href], #pst-primary-sidebar-modal a[href]')) {
    const r = a.getBoundingClientRect();
    if (r.width > 0 && r.height > 0 && r.right > 0 && r.left < window.innerWidth
        && a.checkVisibility({opacityProperty: true, visibilityProperty: true}))
      shown.add(new URL(a.href).pathname);
  }
  return [...shown].sort();
}"""


def _nav_links(page, server) -> list[str]:
    root = urlparse(server).path
    return [path[len(root):] for path in page.evaluate(_NAV_SHOWN) if path.startswith(root + "notebooks/")]


def _wait_for_nav(page, server, shown: bool, what: str) -> list[str]:
    """Wait (up to 3 s: the sidebar slides) until the navigation is shown (or hidden); its notebook links."""
    try:
        page.wait_for_function(f"() => ({_NAV_SHOWN})().some(p => p.includes('/notebooks/')) === {json.dumps(shown)}",
                               timeout=3000)
    except Exception:
        pytest.fail(f"{what}: the navigation did not {'open' if shown else 'close'}", pytrace=False)
    return _nav_links(page, server)


def _toggle_nav(page, server, what: str) -> list[str]:
    """Click the visible "Toggle primary sidebar" button; the state must flip. Returns the links shown
    while the navigation is open."""
    toggle = page.locator("button.primary-toggle").filter(visible=True)
    assert toggle.count() == 1, f"{what}: {toggle.count()} visible primary-sidebar toggles"
    was_shown = bool(_nav_links(page, server))
    toggle.click()
    return _wait_for_nav(page, server, not was_shown, f"{what}, after clicking {toggle.get_attribute('title')!r}")


def _close_nav(page, server, what: str) -> None:
    """Close the navigation as a reader would: the drawer with Escape, the sidebar with its toggle."""
    if page.locator("#pst-primary-sidebar-modal[open]").count():
        page.keyboard.press("Escape")
    else:
        page.locator("button.primary-toggle").filter(visible=True).click()
    _wait_for_nav(page, server, False, f"{what}, closing it")


@pytest.mark.parametrize("viewport", list(VIEWPORTS), ids=list(VIEWPORTS))
def test_navigation_toggles(site, server, browser, viewport):
    """On a laptop and on a phone, on every notebook page: the sidebar toggle opens and closes the site
    navigation, which links to every notebook; the contents button shows the page's sections; and
    a link in the navigation leads to another notebook."""
    every = [f"notebooks/{nb.stem}.html" for nb in NOTEBOOKS]
    with _page(browser, server, VIEWPORTS[viewport]) as (page, problems):
        for nb in NOTEBOOKS:
            what = f"{nb.stem} at {viewport}"
            page.goto(server + f"notebooks/{nb.stem}.html")
            page.wait_for_load_state("load")
            before = _nav_links(page, server)
            # toggle twice: open then closed (phone: the drawer) or closed then open (laptop: the sidebar)
            after = _toggle_nav(page, server, what)
            links = after or before
            assert links == sorted(every), f"{what}: the navigation links to {links}, not to every notebook"
            if before:
                _toggle_nav(page, server, what)
            else:
                _close_nav(page, server, what)
            assert _nav_links(page, server) == before, f"{what}: the navigation did not return to its first state"

            # the page's contents: in the right-hand column, or behind the contents button
            contents = page.locator("#pst-secondary-sidebar nav a, #pst-secondary-sidebar-modal nav a")
            button = page.locator("button.secondary-toggle").filter(visible=True)
            if button.count():
                button.click()
                try:
                    page.wait_for_selector("#pst-secondary-sidebar-modal[open] nav a", state="visible", timeout=3000)
                except Exception:
                    pytest.fail(f"{what}: the contents button did not open the page's contents", pytrace=False)
                page.keyboard.press("Escape")
                page.wait_for_selector("#pst-secondary-sidebar-modal[open]", state="detached", timeout=3000)
                # a tap on a section in the drawer shows that section: the drawer closes (docs/_static/nn4.js)
                button.click()
                page.wait_for_selector("#pst-secondary-sidebar-modal[open] nav a", state="visible", timeout=3000)
                section = page.locator("#pst-secondary-sidebar-modal[open] nav a").nth(1)
                href = section.get_attribute("href")
                section.click()
                try:
                    page.wait_for_selector("#pst-secondary-sidebar-modal[open]", state="detached", timeout=3000)
                except Exception:
                    pytest.fail(f"{what}: the contents drawer stays open after a tap on {href!r}", pytrace=False)
            else:
                assert contents.first.is_visible(), f"{what}: no contents shown and no contents button"

        # from the first notebook, through the navigation, to the last one
        page.goto(server + every[0])
        page.wait_for_load_state("load")
        if not _nav_links(page, server):
            _toggle_nav(page, server, f"{NOTEBOOKS[0].stem} at {viewport}")
        page.locator("#pst-primary-sidebar a, #pst-primary-sidebar-modal a").filter(
            has_text=notebook_title_from(NOTEBOOKS[-1])).filter(visible=True).first.click()
        page.wait_for_url(urljoin(server, every[-1]) + "*", timeout=5000)
        _no_problems(problems)


def notebook_title_from(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return next(line[2:].strip() for cell in nb.cells if cell.cell_type == "markdown"
                for line in cell.source.splitlines() if line.startswith("# "))


# For each display equation, walking out from the maths to the article: the first box that the maths
# (or the box that scrolls it) sticks out of without scrolling (the maths is cut off there, or spills over
# the page); the box that scrolls it, with its scrollbar's height (0 where the browser draws none) and its
# background (the edge shadows of docs/_static/nn4.css); and the equation's own boxes (div.math and
# MathJax's mjx-container) that are narrower than their content but do not scroll.
_EQUATIONS = """() => Array.from(document.querySelectorAll('article div.math mjx-container')).map(m => {
  const name = e => `${e.tagName.toLowerCase()}.${e.className}`;
  const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
  let extent = m.querySelector('mjx-math').getBoundingClientRect(), cut = null, scroller = null;
  for (let e = m; e && !cut; e = e.tagName === 'ARTICLE' ? null : e.parentElement) {
    const r = e.getBoundingClientRect();
    if (extent.left >= r.left - 1 && extent.right <= r.right + 1) continue;
    if (scrolls(e) && !scroller) { scroller = e; extent = r; } else { cut = name(e); }
  }
  const unscrolled = [m, m.closest('div.math')].filter(e => e.scrollWidth > e.clientWidth + 1 && !scrolls(e)).map(name);
  return {text: m.textContent.slice(0, 40), cut: cut, unscrolled: unscrolled, scrolls: !!scroller,
          bar: scroller ? scroller.offsetHeight - scroller.clientHeight : 0,
          background: scroller ? getComputedStyle(scroller).backgroundImage : ''};
})"""


@pytest.mark.parametrize("viewport", list(VIEWPORTS), ids=list(VIEWPORTS))
def test_wide_equations_scroll_visibly(site, server, browser, viewport):
    """No display equation is cut off: one wider than the column scrolls sideways (scrollWidth >
    clientWidth only where overflow-x is auto or scroll), with a scrollbar where the browser draws
    one and a shadow on the edge that has more maths beyond it (phones draw no scrollbar)."""
    wide = 0
    with _page(browser, server, VIEWPORTS[viewport]) as (page, problems):
        for nb in NOTEBOOKS:
            page.goto(server + f"notebooks/{nb.stem}.html")
            _wait_for_maths(page)
            for eq in page.evaluate(_EQUATIONS):
                where = f"{nb.stem} at {viewport}: equation {eq['text']!r}"
                assert eq["cut"] is None, f"{where} sticks out of {eq['cut']}, which does not scroll"
                assert not eq["unscrolled"], f"{where}: {eq['unscrolled']} wider than shown but not scrolling"
                if eq["scrolls"]:
                    wide += 1
                    assert eq["bar"] > 0, f"{where} scrolls with no scrollbar"
                    assert "gradient" in eq["background"], f"{where} scrolls with no shadow on its edge"
        _no_problems(problems)
    print(f"{viewport}: {wide} display equations wider than the column, all scroll visibly")


@pytest.mark.parametrize("viewport", list(VIEWPORTS), ids=list(VIEWPORTS))
def test_solutions_are_folded_until_clicked(site, server, browser, viewport):
    """Every exercise's solution (tools/solutions.py: the `hide-cell` tag) shows neither its code nor
    its output until its toggle is clicked; after the click its code is visible; its explanation is
    a closed <details> block that one click opens."""
    from tools import solutions

    folded = 0
    with _page(browser, server, VIEWPORTS[viewport]) as (page, problems):
        for nb in NOTEBOOKS:
            expected = sum(nbformat.read(nb, as_version=4).cells[i].cell_type == "code"
                           for _, cells in solutions.solutions(nbformat.read(nb, as_version=4)) for i in cells)
            page.goto(server + f"notebooks/{nb.stem}.html")
            page.wait_for_load_state("load")
            cells = page.locator(".cell.tag_hide-cell")
            assert cells.count() == expected, f"{nb.stem}: {cells.count()} folded code cells, {expected} solutions' cells"
            for k in range(cells.count()):
                cell, where = cells.nth(k), f"{nb.stem} at {viewport}, solution cell {k}"
                code = cell.locator(".cell_input pre").first
                assert not code.is_visible(), f"{where}: its code shows before a click"
                assert not cell.locator(".cell_output").first.is_visible(), f"{where}: its output shows before a click"
                cell.locator("summary").first.click()
                assert code.is_visible(), f"{where}: its code does not show after a click"
                folded += 1
            explanations = page.locator("details:has(> summary:text-matches('Explanation of the solution'))")
            for k in range(explanations.count()):
                details = explanations.nth(k)
                body = details.locator("p").first
                assert not body.is_visible(), f"{nb.stem} at {viewport}: an explanation shows before a click"
                details.locator("summary").first.click()
                assert body.is_visible(), f"{nb.stem} at {viewport}: an explanation does not open"
        _no_problems(problems)
    assert folded > 0
    print(f"{viewport}: {folded} solution cells folded until clicked")


def test_no_machine_paths_in_the_site(site):
    """No page shows where the site was built (the reference once printed path constants' values
    and defaults such as PosixPath('<checkout>/notebooks/course.toml'))."""
    leaks = [str(p.relative_to(site)) for p in sorted(site.rglob("*.html"))
             if str(ROOT) in p.read_text(encoding="utf-8", errors="replace")]
    assert not leaks, f"pages that show the build machine's path {ROOT}: {leaks}"


def test_no_page_is_wider_than_a_phone(site, server, browser):
    """At 390 px no page slides sideways (long inline code wraps); a table wider than the column
    scrolls inside its own box, with a shadow on the edge that has more table beyond it."""
    pages = ["index.html", "api.html", "instructors.html"] + [f"notebooks/{nb.stem}.html" for nb in NOTEBOOKS]
    wide_tables = 0
    with _page(browser, server, VIEWPORTS["390x844"]) as (page, problems):
        for name in pages:
            page.goto(server + name)
            _wait_for_maths(page)
            width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], f"{name} is {width[0]} px wide on a {width[1]} px screen"
            for table in page.evaluate("""() => [...document.querySelectorAll('article table')].map(t => {
                  const box = t.closest('.pst-scrollable-table-container') || t.parentElement;
                  const style = getComputedStyle(box);
                  return {wide: t.scrollWidth > box.clientWidth, scrolls: ['auto', 'scroll'].includes(style.overflowX),
                          shadow: style.backgroundImage};
                })"""):
                if table["wide"]:
                    wide_tables += 1
                    assert table["scrolls"], f"{name}: a wide table does not scroll in its box"
                    assert "gradient" in table["shadow"], f"{name}: a wide table scrolls with no shadow on its edge"
        _no_problems(problems)
    print(f"390 px: {len(pages)} pages no wider than the screen; {wide_tables} wide tables scroll visibly")


def test_one_next_per_page(site, server, browser):
    """Every notebook page has one way on: the theme's "next" link (the last notebook's leads to the
    helpers page) and at most one "Next: ..." paragraph of the notebook's own (no doubled Next)."""
    with _page(browser, server, VIEWPORTS["1280x800"]) as (page, problems):
        for i, nb in enumerate(NOTEBOOKS):
            page.goto(server + f"notebooks/{nb.stem}.html")
            page.wait_for_load_state("load")
            links = page.locator("a.right-next").count()
            assert links == 1, f"{nb.stem}: {links} 'next' links"
            paragraphs = page.evaluate("() => Array.from(document.querySelectorAll('article p'))"
                                       ".map(p => p.textContent.trim()).filter(t => /^Next\\b/.test(t))")
            assert len(paragraphs) <= 1, f"{nb.stem}: {len(paragraphs)} 'Next' paragraphs: {paragraphs}"
        _no_problems(problems)


#: axe-core, from the package registry's copy (axe-playwright-python ships axe.min.js): no network.
AXE_IMPACTS = ("minor", "moderate", "serious", "critical")


@pytest.mark.parametrize("viewport", list(VIEWPORTS), ids=list(VIEWPORTS))
def test_every_page_passes_an_accessibility_check(site, server, browser, viewport):
    """axe-core on every page, on a laptop and on a phone: no serious or critical violation.
    Prints the count of every impact per page."""
    import axe_playwright_python

    axe = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    pages = ["index.html", "api.html", "instructors.html"] + [f"notebooks/{nb.stem}.html" for nb in NOTEBOOKS]
    report, bad = [], []
    with _page(browser, server, VIEWPORTS[viewport]) as (page, problems):
        for name in pages:
            page.goto(server + name)
            _wait_for_maths(page)
            page.add_script_tag(path=str(axe))
            violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations'], preload: false}))
                .violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                                       where: v.nodes[0].target.join(' ')}))""")
            counts = {impact: sum(v["nodes"] for v in violations if v["impact"] == impact) for impact in AXE_IMPACTS}
            report.append(f"{name}: " + ", ".join(f"{n} {impact}" for impact, n in counts.items()))
            bad += [f"{name}: {v['id']} ({v['impact']}, {v['nodes']} elements, e.g. {v['where']})"
                    for v in violations if v["impact"] in ("serious", "critical")]
        _no_problems(problems)
    print(f"\naxe-core at {viewport}:\n  " + "\n  ".join(report))
    assert not bad, "serious or critical accessibility violations:\n" + "\n".join(bad)
