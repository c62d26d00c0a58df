"""The slides: each notebook's slide metadata (``tools/slides.py``), and the static decks of the
website (``docs/slides.py``, built by ``make site``) read in headless Chromium.

The metadata tests need nothing but nbformat. The deck tests share ``tests/test_site.py``'s
fixtures (the built site on a loopback server, Chromium; skipped without them, failed in CI). The
live slideshow in JupyterLab (jupyterlab-rise) is tested in ``tests/test_browser.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from test_site import _no_problems, _page, browser, server, site, site_build  # noqa: F401 -- shared fixtures
from docs.slides import source_hash
from tools import slides

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _types(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [cell.metadata.get("slideshow", {}).get("slide_type") for cell in nb.cells]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_slide_metadata_is_the_rules(path):
    """Every cell carries the slide type tools/slides.py gives it: no deck is edited by hand."""
    nb = nbformat.read(path, as_version=4)
    assert not slides.mark(nb), f"{path.name}: slide metadata is stale: run .venv/bin/python tools/slides.py"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_a_deck_has_a_slide_per_section_and_no_solution(path):
    nb = nbformat.read(path, as_version=4)
    types = _types(path)
    assert types[0] == "slide", "the title opens the deck"
    for cell, kind in zip(nb.cells, types):
        first = cell.source.lstrip().split("\n", 1)[0]
        if first.startswith("## ") and not first.startswith("## Setup"):
            assert kind == "slide", f"{path.name}: section {first!r} does not start a slide"
        if cell.metadata.get("jupyter", {}).get("source_hidden") or first.startswith("#### Solution"):
            assert kind == "skip", f"{path.name}: a solution is on the slides: {first[:60]!r}"
        if slides.has_figure(cell) and kind != "skip":
            assert kind == "subslide", f"{path.name}: a figure shares a slide: {first[:60]!r}"
    assert any("question" in c.metadata.get("nn4", {}) for c, k in zip(nb.cells, types) if k != "skip") \
        or path.name.startswith("00"), f"{path.name}: the questions are not on the slides"


def test_the_rule_breaks_a_long_run_of_cells_into_slides():
    """Cells that would overflow a slide start a subslide; short ones share it."""
    nb = nbformat.v4.new_notebook()
    words = "word " * 300  # about 16 lines of 95 characters
    nb.cells = [nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_markdown_cell("## 1. A section"),
                nbformat.v4.new_markdown_cell("short"), nbformat.v4.new_markdown_cell(words),
                nbformat.v4.new_markdown_cell(words), nbformat.v4.new_markdown_cell("short")]
    assert slides.slide_types(nb) == ["slide", "slide", "-", "-", "subslide", "-"]


# Before the deck tests: their module-scoped browser (test_site's) holds playwright's one sync session until
# the module ends, and this test starts its own.

def _frame(page, part: str, seconds: float = 60):
    """The page's frame whose address contains `part`. The iframe element gets its `src` before its
    frame has navigated there (on a slow day, seconds before), so wait for the frame, not the element."""
    for _ in range(int(seconds * 5)):
        found = [f for f in page.frames if part in f.url]
        if found:
            return found[0]
        page.wait_for_timeout(200)
    raise AssertionError(f"no frame at {part!r} after {seconds} s; frames: {[f.url for f in page.frames]}")


@pytest.mark.browser
def test_jupyterlab_renders_notebook_04_as_a_live_slideshow(jupyter_server, chromium, chromium_args, tmp_path):
    """JupyterLab with jupyterlab-rise (the course's environment): View → Render as Reveal Slideshow
    on notebook 04 shows its deck (one section per slide cell, the committed figures), and the
    space bar moves on. JupyterLab serves a copy: nothing here touches the working tree."""
    from playwright.sync_api import sync_playwright

    notebook = next(p for p in NOTEBOOKS if p.name.startswith("04"))
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / notebook.name).write_bytes(notebook.read_bytes())
    types = _types(notebook)
    server = jupyter_server(root_dir=tmp_path, config=None, startup_timeout=90,
                            args=["--LabApp.expose_app_in_browser=True"])
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=chromium_args)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{server.url}/lab?reset&token={server.token}")
            page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started !== undefined")
            page.evaluate("() => window.jupyterapp.started")
            page.evaluate("async path => { await window.jupyterapp.commands.execute('docmanager:open', {path}); }",
                          f"notebooks/{notebook.name}")
            page.wait_for_function("() => { const w = window.jupyterapp.shell.currentWidget;"
                                   " return w && w.context && w.context.isReady; }", timeout=60_000)
            labels = page.evaluate("() => window.jupyterapp.commands.label('RISE:preview')")
            assert labels == "Render as Reveal Slideshow", "the slideshow extension is not installed"
            page.evaluate("async () => { await window.jupyterapp.commands.execute('RISE:preview'); }")
            page.wait_for_function("() => [...document.querySelectorAll('iframe')].some(f => f.src.includes('/rise/'))",
                                   timeout=30_000)
            frame = _frame(page, "/rise/")
            frame.wait_for_selector(".reveal .slides > section", timeout=60_000)
            frame.wait_for_function("() => [...document.querySelectorAll('.reveal .slides img')].some(i => i.naturalWidth > 0)",
                                    timeout=60_000)
            top = frame.evaluate("document.querySelectorAll('.reveal .slides > section').length")
            leaves = frame.evaluate("document.querySelectorAll('.reveal .slides section:not(:has(section))').length")
            assert top == types.count("slide"), f"{top} slides, {types.count('slide')} slide cells"
            assert leaves == types.count("slide") + types.count("subslide")
            before = frame.url
            frame.locator(".reveal").first.click(position={"x": 5, "y": 5})
            for _ in range(3):
                page.keyboard.press("Space")
            frame.wait_for_function("start => location.href !== start", arg=before, timeout=10_000)
            assert not errors, errors[:3]
        finally:
            browser.close()


@pytest.fixture(scope="module")
def decks(site):  # noqa: F811 -- test_site's fixture: the built site, decks included
    return {path: site / "slides" / f"{path.stem}.html" for path in NOTEBOOKS}


def test_every_deck_is_made_from_the_notebook_as_it_is(decks):
    """A deck carries its notebook's SHA-256: a deck older than its notebook fails here."""
    for notebook, deck in decks.items():
        assert deck.is_file(), f"no deck for {notebook.name}: make site writes them"
        html = deck.read_text(encoding="utf-8")
        meta = re.search(r'<meta[^>]*name="nn4-source"[^>]*>', html)  # nbconvert may reorder attributes
        carried = meta and re.search(r'content="([0-9a-f]{64})"', meta.group(0))
        assert carried and carried.group(1) == source_hash(notebook), \
            f"{deck.name} is older than {notebook.name}: run make site"
        loads = re.findall(r'<(?:script|img|link|iframe|source)\b[^>]*?(?:src|href)="(https?://[^"]+)"', html)
        assert not loads, f"{deck.name} loads {loads[:3]} from the network"  # links (<a href>) are fine


def test_every_deck_opens_advances_to_its_last_slide_and_typesets_its_maths(decks, server, browser):  # noqa: F811
    """In Chromium: each deck lays out its slides (one per slide or subslide cell), the space bar
    walks to the last one, MathJax typesets every formula, and nothing leaves the site."""
    for notebook, deck in decks.items():
        types = _types(notebook)
        expected = types.count("slide") + types.count("subslide")
        nb = nbformat.read(notebook, as_version=4)
        has_maths = any(kind != "skip" and c.cell_type == "markdown" and re.search(r"\$[^$\s]", c.source)
                        for c, kind in zip(nb.cells, types))
        with _page(browser, server, {"width": 1280, "height": 800}) as (page, problems):
            page.goto(f"{server}slides/{deck.name}")
            page.wait_for_function("document.body.dataset.nn4Typeset === 'yes'", timeout=60_000)
            assert page.evaluate("Reveal.getTotalSlides()") == expected, f"{deck.name}: slides"
            for _ in range(expected + 2):
                if page.evaluate("Reveal.isLastSlide()"):
                    break
                page.keyboard.press("Space")
            assert page.evaluate("Reveal.isLastSlide()"), f"{deck.name}: the space bar did not reach the end"
            assert page.evaluate("Reveal.getSlidePastCount()") == expected - 1, f"{deck.name}: a slide was skipped"
            last = page.evaluate("Reveal.getCurrentSlide().innerText")
            assert last.strip(), f"{deck.name}: the last slide is empty"
            typeset = page.locator("mjx-container").count()
            assert (typeset > 0) == has_maths, f"{deck.name}: {typeset} formulas typeset"
            assert page.locator("mjx-merror").count() == 0, f"{deck.name}: MathJax could not read a formula"
            alts = page.eval_on_selector_all("img", "els => els.map(e => e.getAttribute('alt') || '')")
            assert all(a.strip() for a in alts), f"{deck.name}: a figure without alt text"
            _no_problems(problems)

