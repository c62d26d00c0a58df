"""What a learner sees, tested in a real browser: JupyterLab from the project's
environment, driven in headless Chromium.

- every notebook in notebooks/ opens and renders (all its cells, its figures,
  no error dialog, no error output);
- notebook 03 runs, and changing the kernel playground's menus changes the
  figure it draws;
- the draw-a-digit pad (helpers/pad/): a 1, a 7 and a 0 drawn with mouse
  events are read as a 1, a 7 and a 0; a small 3 in a corner as a large 3; a
  dot gets "draw larger" and a big X "not sure"; a text file given to its
  "read a photo" button gets a message naming it, and a JPEG photo from the
  phone-photo set is read; its help text wraps;
- the pad's speed, with its kernel on one CPU: pen-up to verdict within 150 ms at
  the 95th percentile of 20 drawings, and three drawings made without waiting
  end on the last one (no queue of stale drawings).

JupyterLab runs on a temporary copy of the notebooks (so nothing it saves
touches the working tree), bound to 127.0.0.1 on a free port with a random
token. Every process the test starts (the server, its kernels, the browser)
is stopped at the end, also when a test fails. On failure a screenshot is
saved under pytest's temporary folder and its path printed.

Needs the ``playwright`` package (``tests/requirements-browser.txt``, which
``make test-browser`` installs) and Chromium (``/usr/bin/chromium``, Debian's
``chromium``; ``$NN4_CHROMIUM`` names another; no browser download). Without
them these tests are skipped, except in CI (``CI`` set), where they fail.
Marked ``browser``: ``pytest -m "not browser"`` leaves them out, and
``NN4_SKIP_BROWSER=1`` skips them (``make unit`` runs without them;
``make test-browser`` runs only them, once, in ``.ci/run``).

The pad needs a trained model: the newest
``notebooks/cache/mnist_cnn_plain_seed42_steps430_*.keras`` (which running
notebook 04 leaves), or else one trained here with notebook 04's recipe for
one epoch (about 30 s).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import shutil
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

from helpers.pad.strokes import CANVAS_SIZE, DIGIT_STROKES, EXAMPLE_STROKES
from benchmarks.targets import TARGET_PAD_P95_MS
from tools.jupyter_server import JupyterServer

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

if os.environ.get("NN4_SKIP_BROWSER"):
    pytest.skip("NN4_SKIP_BROWSER is set", allow_module_level=True)


# --------------------------------------------------------------------------- setup


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    """Where screenshots of failures go."""
    return tmp_path_factory.mktemp("browser-screenshots")


@contextlib.contextmanager
def screenshot_on_failure(page, shots: Path, name: str):
    try:
        yield
    except BaseException:
        path = shots / f"{name}.png"
        with contextlib.suppress(Exception):
            page.screenshot(path=str(path), full_page=True)
            print(f"\nscreenshot of the failure: {path}")
        raise


@pytest.fixture(scope="module")
def model_file(notebook04_model_file) -> Path:
    return notebook04_model_file


#: Run in the kernel after the model is loaded: every thread of the kernel (TensorFlow's pools
#: included; threads made later inherit it) on CPU 0 only, as a kernel on Binder's one CPU.
ONE_CPU = """import os
for _tid in os.listdir("/proc/self/task"):
    os.sched_setaffinity(int(_tid), {0})"""


def _pad_notebook(model_path: Path, one_cpu: bool = False) -> nbformat.NotebookNode:
    """A small notebook that loads a trained model and shows the pad, as notebook 04 does (with
    ``one_cpu``, its kernel then runs on one CPU)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# The draw-a-digit pad (written by tests/test_browser.py)"),
        nbformat.v4.new_code_cell(textwrap.dedent(f"""\
            import sys
            from pathlib import Path

            sys.path.insert(0, str(Path.cwd().parent))
            from helpers import import_tensorflow

            tf = import_tensorflow()
            import keras
            import helpers.mnist.recipe  # registers the recipe's loss, so that the saved model loads
            from helpers.pad.widget import show_pad

            model = keras.models.load_model({str(model_path)!r})""")),
        nbformat.v4.new_code_cell("pad = show_pad(model)"),
    ]
    if one_cpu:
        nb.cells.insert(2, nbformat.v4.new_code_cell(ONE_CPU))
    return nb


@pytest.fixture(scope="module")
def workspace(chromium, tmp_path_factory, model_file) -> Path:
    """A copy of what JupyterLab serves (notebooks, helpers, images, settings), plus the pad notebook:
    running notebooks in the browser must not change the working tree's files."""
    root = tmp_path_factory.mktemp("lab") / "nn4"
    (root / "notebooks").mkdir(parents=True)
    for nb in NOTEBOOKS:
        shutil.copy2(nb, root / "notebooks" / nb.name)
    shutil.copytree(ROOT / "helpers", root / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "tools", root / "tools", ignore=shutil.ignore_patterns("__pycache__"))  # the memory guard
    (root / "images").mkdir()
    for png in (ROOT / "images").glob("*.png"):
        shutil.copy2(png, root / "images" / png.name)
    shutil.copy2(ROOT / "jupyter_server_config.py", root / "jupyter_server_config.py")
    shutil.copytree(ROOT / "practice", root / "practice")
    nbformat.write(_pad_notebook(model_file), root / "notebooks" / "pad_check.ipynb")
    nbformat.write(_pad_notebook(model_file, one_cpu=True), root / "notebooks" / "pad_one_cpu.ipynb")
    return root


@pytest.fixture(scope="module")
def lab(workspace, chromium, tmp_path_factory):
    """JupyterLab on the workspace copy (tools/jupyter_server.py: a free port, a random token, its
    own runtime folder; stopped with its kernels at the end): (base URL, token)."""
    state = tmp_path_factory.mktemp("lab-state")
    settings = state / "settings"
    # A first-time learner's JupyterLab, without the news prompt, and no autosave.
    for plugin, values in {"@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                                           "checkForUpdates": False},
                           "@jupyterlab/docmanager-extension/plugin": {"autosave": False}}.items():
        package, name = plugin.rsplit("/", 1)
        (settings / package).mkdir(parents=True, exist_ok=True)
        (settings / package / f"{name}.jupyterlab-settings").write_text(json.dumps(values))
    env = {"MPLBACKEND": None,  # tests/conftest.py sets Agg; the kernels must draw inline
           "JUPYTERLAB_SETTINGS_DIR": str(settings), "JUPYTERLAB_WORKSPACES_DIR": str(state / "workspaces"),
           "PYTHONUNBUFFERED": "1"}
    with JupyterServer(root_dir=workspace, config=workspace / "jupyter_server_config.py", env=env,
                       args=["--LabApp.expose_app_in_browser=True", "--LabApp.default_url=/lab/tree/notebooks"],
                       startup_timeout=90) as server:
        yield server.url, server.token


@pytest.fixture(scope="module")
def page(lab, chromium, chromium_args):
    """One Chromium tab with JupyterLab loaded (a clean workspace, as a first-time learner sees it)."""
    from playwright.sync_api import sync_playwright

    base, token = lab
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=chromium_args)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            tab = context.new_page()
            tab.errors = []
            tab.on("pageerror", lambda e: tab.errors.append(str(e)))
            tab.goto(f"{base}/lab?reset&token={token}")
            tab.wait_for_function("() => window.jupyterapp && window.jupyterapp.started !== undefined")
            tab.evaluate("() => window.jupyterapp.started")
            tab.wait_for_selector(".jp-DirListing-item", timeout=60_000)
            yield tab
        finally:
            browser.close()


# --------------------------------------------------------------------------- driving JupyterLab


def _open(page, path: str):
    """Open a notebook as the file browser's double-click does; return its panel's locator."""
    page.evaluate("async path => { await window.jupyterapp.commands.execute('docmanager:open', {path}); }", path)
    panel = page.locator(f".jp-NotebookPanel[data-nn4-path='{path}']")
    page.wait_for_function(
        """path => {
             const shell = window.jupyterapp.shell, w = shell.currentWidget;
             if (!w || !w.context || w.context.path !== path || !w.context.isReady) return false;
             w.node.setAttribute('data-nn4-path', path);
             return w.content.widgets.length > 0;
           }""", arg=path, timeout=60_000)
    return panel


def _command(page, command: str) -> None:
    """Start a JupyterLab command (not awaited: a command that opens a dialog ends only when it is answered)."""
    page.evaluate("command => { window.jupyterapp.commands.execute(command); }", command)


def _close_all(page):
    """Close every tab, without "save your changes?" (the copies are thrown away)."""
    page.evaluate("""() => { for (const w of window.jupyterapp.shell.widgets('main'))
                               if (w.context && w.context.model) w.context.model.dirty = false; }""")
    _command(page, "application:close-all")
    page.wait_for_function("() => !document.querySelector('.jp-NotebookPanel')")


def _shut_down_and_close(page):
    """Shut the current notebook's kernel down (frees its memory), then close every tab."""
    page.evaluate("async () => { await window.jupyterapp.shell.currentWidget.sessionContext.shutdown(); }")
    _close_all(page)


#: JupyterLab's message when a tab closes before the kernel answered its subshell request.
CANCELLED_SUBSHELL = re.compile(r"^Error: Canceled future for create_subshell_request message before replies were done$")


def _wait_for_idle_kernel(page) -> None:
    """Wait until the current notebook's kernel has started and answered JupyterLab's first requests
    (closing the tab earlier cancels them, which JupyterLab reports as a JavaScript error)."""
    page.wait_for_function(
        """() => { const w = window.jupyterapp.shell.currentWidget;
                   const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
                   return kernel && kernel.status === 'idle'; }""", timeout=60_000)


def _run_all(page, panel, timeout_s: float = 180):
    """Kernel -> Restart Kernel and Run All Cells, accept the dialog, wait until every cell has run."""
    _wait_for_idle_kernel(page)
    # Saved outputs carry execution counts ([1], [2], ...) and the kernel is idle until the restart
    # takes effect: clear them first, so that "every prompt has a number" means "this run reached it".
    _command(page, "notebook:clear-all-cell-outputs")
    page.wait_for_function(
        """() => [...window.jupyterapp.shell.currentWidget.node.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
                   .every(p => !/\\[\\d+\\]/.test(p.textContent))""", timeout=10_000, polling=100)
    _command(page, "notebook:restart-run-all")
    page.locator(".jp-Dialog", has_text="Restart").locator(".jp-Dialog-button.jp-mod-accept").click()
    page.wait_for_function(
        """() => {
             const w = window.jupyterapp.shell.currentWidget;
             const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
             if (!kernel || kernel.status !== 'idle') return false;
             const prompts = [...w.node.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
             return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
           }""", timeout=timeout_s * 1000, polling=250)


def _errors_in(panel) -> list[str]:
    return panel.evaluate(
        """node => [...node.querySelectorAll(
              '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-RenderedText[data-mime-type="application/vnd.jupyter.error"]')]
              .map(e => e.textContent.slice(0, 300))""")


def _code_images(path: Path) -> int:
    """How many figures the notebook's saved outputs show (a cell whose outputs are collapsed shows none)."""
    nb = nbformat.read(path, as_version=4)
    return sum("image/png" in out.get("data", {}) and "application/vnd.jupyter.widget-view+json" not in out.get("data", {})
               for cell in nb.cells if cell.cell_type == "code"
               and not cell.metadata.get("jupyter", {}).get("outputs_hidden")
               for out in cell.outputs)


# --------------------------------------------------------------------------- the tests


def test_every_notebook_renders(page, shots):
    start = time.perf_counter()
    for nb in NOTEBOOKS:
        with screenshot_on_failure(page, shots, f"render-{nb.stem}"):
            panel = _open(page, f"notebooks/{nb.name}")
            expected = len(nbformat.read(nb, as_version=4).cells)
            cells = panel.locator(".jp-Cell")
            page.wait_for_function("([node, n]) => node.querySelectorAll('.jp-Cell').length === n",
                                   arg=[panel.element_handle(), expected], timeout=30_000)
            assert cells.count() == expected, f"{nb.name}: {cells.count()} cells shown, {expected} in the file"
            images = _code_images(nb)
            page.wait_for_function(
                """([node, n]) => [...node.querySelectorAll('.jp-OutputArea-output img')]
                                    .filter(i => i.complete && i.naturalWidth > 0).length >= n""",
                arg=[panel.element_handle(), images], timeout=30_000)
            assert page.locator(".jp-Dialog").count() == 0, f"{nb.name}: a dialog opened"
            assert not _errors_in(panel), f"{nb.name}: error output {_errors_in(panel)[:2]}"
            _wait_for_idle_kernel(page)
            _close_all(page)
    # Closing a tab while JupyterLab's own start-up request to the new kernel (a subshell) is still
    # pending makes JupyterLab log this cancellation; it is the test closing tabs within seconds,
    # not something a learner sees, and it comes and goes with the machine's load. Any other error fails.
    errors = [e for e in map(str, page.errors) if not CANCELLED_SUBSHELL.search(e)]
    assert not errors, f"JavaScript errors: {errors[:3]}"
    print(f"\n{len(NOTEBOOKS)} notebooks rendered in {time.perf_counter() - start:.1f} s")


def _solution_secrets(path: Path) -> dict[int, list[str]]:
    """For each cell of a folded solution (tools/solutions.py), text that must not show until the
    learner opens it: the explanation's first words after the fold's summary, the first line of
    the saved output's text (the code's folding is checked on the editor itself)."""
    from tools import solutions

    nb = nbformat.read(path, as_version=4)
    secrets = {}
    for _, cells in solutions.solutions(nb):
        for i in cells:
            cell, texts = nb.cells[i], []
            lines = [line.strip() for line in cell.source.splitlines()[1:] if line.strip()]
            if cell.cell_type == "code":
                for output in cell.outputs:
                    plain = output.get("data", {}).get("text/plain", "")
                    first = next((line.strip() for line in plain.splitlines() if len(line.strip()) > 8), "")
                    if first:
                        texts.append(first[:40])
            else:
                texts.append(lines[0][:40])
            secrets[i] = texts
    return secrets


def test_solutions_stay_folded_after_run_all(page, shots):
    """A learner's Run -> Restart Kernel and Run All Cells (what notebook 00 tells them to do) on
    notebook 03: no solution's code (beyond its title line), explanation or output is visible;
    one click on a fold's summary opens it."""
    (nb,) = [nb for nb in NOTEBOOKS if nb.name.startswith("03_")]
    secrets = _solution_secrets(nb)
    assert len(secrets) >= 3
    with screenshot_on_failure(page, shots, "solutions-03"):
        panel = _open(page, f"notebooks/{nb.name}")
        _run_all(page, panel)
        cells = panel.locator(".jp-Cell")
        for i, texts in secrets.items():
            cell = cells.nth(i)
            cell.scroll_into_view_if_needed()
            if "jp-CodeCell" in (cell.get_attribute("class") or ""):
                assert not cell.locator(".jp-InputArea-editor").first.is_visible(), \
                    f"{nb.name} cell {i}: its code shows after Run All"
                assert cell.locator(".jp-InputPlaceholder").first.is_visible(), f"{nb.name} cell {i}: no title line"
            for text in texts:
                hits = cell.get_by_text(text, exact=False)
                assert hits.count() > 0, f"{nb.name} cell {i}: {text!r} is not in the page at all"
                shown = [hits.nth(k).is_visible() for k in range(hits.count())]
                assert not any(shown), f"{nb.name} cell {i} shows {text!r} after Run All"
        # the first solution's output opens with one click on its summary
        first_code = next(i for i in secrets if "# @title" in nbformat.read(nb, as_version=4).cells[i].source)
        cell = cells.nth(first_code)
        cell.scroll_into_view_if_needed()
        cell.locator("summary").first.click()
        hits = cell.get_by_text(secrets[first_code][-1], exact=False)
        assert any(hits.nth(k).is_visible() for k in range(hits.count())), \
            f"{nb.name} cell {first_code}: one click on its summary does not show its output"
        _shut_down_and_close(page)


def _type_into(page, cell, text: str) -> str:
    """Replace a code cell's text by typing, as a learner does, run it (Shift+Enter) and return
    what its output says once it has run."""
    cell.scroll_into_view_if_needed()
    prompt = cell.locator(".jp-InputArea-prompt").first
    before = prompt.text_content()
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    page.keyboard.type(text)
    page.keyboard.press("Shift+Enter")
    page.wait_for_function("([node, before]) => { const t = node.textContent; return /\\[\\d+\\]/.test(t) && t !== before; }",
                           arg=[prompt.element_handle(), before], timeout=60_000)
    _wait_for_idle_kernel(page)
    return cell.locator(".jp-OutputArea").text_content().strip()


def test_a_learner_gets_feedback_in_the_practice_copy_of_03(page, shots):
    """The practice copy as a learner uses it: Run All (every check says "not yet"), then a wrong
    answer typed into exercise 2's cell gets the hint for its mistake, and the right one "✓ right"."""
    with screenshot_on_failure(page, shots, "practice-03"):
        panel = _open(page, "practice/03_kernels_convolution.ipynb")
        _run_all(page, panel)
        assert not _errors_in(panel), f"error output {_errors_in(panel)[:2]}"
        checks = panel.locator(".jp-CodeCell", has_text='check("03.')
        assert checks.count() == 3
        for k in range(3):
            checks.nth(k).scroll_into_view_if_needed()
            said = checks.nth(k).locator(".jp-OutputArea").text_content().strip()
            assert said.startswith("not yet: "), f"check {k + 1} says {said!r} before any answer"
        cell = panel.locator(".jp-CodeCell", has_text='check("03.2"')
        wrong = _type_into(page, cell, 'check("03.2", sizes=(24, 12, 7))')
        assert wrong.startswith("not yet: step 3"), wrong
        right = _type_into(page, cell, 'check("03.2", sizes=(24, 12, 6))')
        assert right.startswith("✓ right"), right
        print(f"\nwrong: {wrong}\nright: {right}")
        _shut_down_and_close(page)


def _figure(panel) -> str:
    """The playground's current figure (its data URL), '' when none."""
    return panel.evaluate(
        """node => { const area = [...node.querySelectorAll('.jupyter-widgets .jp-OutputArea-output img')];
                     return area.length ? area[area.length - 1].src : ''; }""")


def test_kernel_playground_in_notebook_03(page, shots):
    (nb,) = [nb for nb in NOTEBOOKS if nb.name.startswith("03_")]
    start = time.perf_counter()
    with screenshot_on_failure(page, shots, "playground-03"):
        panel = _open(page, f"notebooks/{nb.name}")
        _run_all(page, panel)
        assert not _errors_in(panel), f"errors while running notebook 03: {_errors_in(panel)[:2]}"
        menus = panel.locator(".jupyter-widgets select")
        menus.first.scroll_into_view_if_needed()
        kernel_menu = panel.locator(".widget-dropdown", has_text="kernel").locator("select")
        padding_menu = panel.locator(".widget-dropdown", has_text="padding").locator("select")
        assert kernel_menu.count() == 1 and padding_menu.count() == 1, "the playground's two menus"

        seen = [_figure(panel)]
        for action in [lambda: kernel_menu.select_option("box blur 5x5"),
                       lambda: padding_menu.select_option("valid"),
                       lambda: kernel_menu.select_option("Prewitt x")]:
            action()
            page.wait_for_function(
                """([node, before]) => { const imgs = [...node.querySelectorAll('.jupyter-widgets .jp-OutputArea-output img')];
                                          const src = imgs.length ? imgs[imgs.length - 1].src : '';
                                          return src && src !== before; }""",
                arg=[panel.element_handle(), seen[-1]], timeout=20_000)
            seen.append(_figure(panel))
        assert len(set(seen[1:])) == 3, "each change of the menus draws a new figure"
        assert "Prewitt x, valid padding: result" in panel.locator(".jupyter-widgets").first.text_content()
        _shut_down_and_close(page)
    print(f"\nnotebook 03 run and its playground changed three times in {time.perf_counter() - start:.1f} s")


def _draw(page, canvas, strokes) -> None:
    """Draw strokes (in the pad's canvas pixels) with the mouse."""
    box = canvas.bounding_box()
    scale_x, scale_y = box["width"] / CANVAS_SIZE, box["height"] / CANVAS_SIZE
    for stroke in strokes:
        points = [(box["x"] + x * scale_x, box["y"] + y * scale_y) for x, y in stroke]
        page.mouse.move(*points[0])
        page.mouse.down()
        for a, b in zip(points, points[1:]):
            page.mouse.move(*b, steps=max(2, int(abs(b[0] - a[0]) + abs(b[1] - a[1])) // 8))
        page.mouse.up()


def _verdict(panel) -> tuple[str, str, str]:
    """Once the pad has read the whole drawing (every point drawn has reached Python and come back
    as a result): (the digit shown, "?" when none; the verdict's text; its state: sure, unsure, small)."""
    panel.page.wait_for_function(
        """node => { const root = node.querySelector('.nn4-pad'), v = node.querySelector('.nn4-pad-verdict');
                     return root && v && v.dataset.digit !== '' && root.dataset.drawnPoints === root.dataset.readPoints; }""",
        arg=panel.element_handle(), timeout=20_000)
    verdict = panel.locator(".nn4-pad-verdict")
    return verdict.get_attribute("data-digit"), verdict.text_content(), verdict.get_attribute("data-state")


def _placed(strokes, share: float, corner: str):
    """The strokes scaled to span ``share`` of the pad, in its top-left ("tl") or bottom-right ("br") corner."""
    xs = [x for stroke in strokes for x, _ in stroke]
    ys = [y for stroke in strokes for _, y in stroke]
    k = share * CANVAS_SIZE / max(max(xs) - min(xs), max(ys) - min(ys))
    dx = 12 if corner == "tl" else CANVAS_SIZE - 12 - k * (max(xs) - min(xs))
    dy = 12 if corner == "tl" else CANVAS_SIZE - 12 - k * (max(ys) - min(ys))
    return [[((x - min(xs)) * k + dx, (y - min(ys)) * k + dy) for x, y in stroke] for stroke in strokes]


#: A photo from the generated phone-photo set (images/photos/, made by make_photos.py, never tuned on):
#: red ink on ruled paper, dim, the table in view, stored sideways with an EXIF rotation. The plain
#: models of seeds 0-4 and 42 all read it as a 1 through image_to_mnist.
PHOTO, PHOTO_DIGIT = "photo_031_digit_1.jpg", "1"
#: A big X: not a digit; the plain models of seeds 0-4 and 42 all give it under 50 % ("not sure").
CROSS = [[(60, 60), (220, 220)], [(220, 60), (60, 220)]]


def _start_pad(page, path: str):
    """Open a pad notebook, run it, and return (its panel, the pad's canvas, its "clear" button)."""
    panel = _open(page, path)
    _run_all(page, panel)
    assert not _errors_in(panel), f"errors in the pad notebook: {_errors_in(panel)[:2]}"
    canvas = panel.locator(".nn4-pad-canvas")
    canvas.wait_for(timeout=30_000)
    canvas.scroll_into_view_if_needed()
    return panel, canvas, panel.locator(".nn4-pad-clear")


def test_draw_a_digit_pad(page, shots, tmp_path):
    start = time.perf_counter()
    with screenshot_on_failure(page, shots, "pad"):
        panel, canvas, clear = _start_pad(page, "notebooks/pad_check.ipynb")
        assert panel.locator(".nn4-pad-message").text_content() == "Draw a digit."
        # the live pad replaces the static example its output keeps for readers without a kernel
        assert panel.locator(".jp-OutputArea-output img").count() == 0, "the static example shows under the live pad"
        # the help text wraps inside the output instead of being cut off
        help_box = panel.locator(".nn4-pad-help").evaluate(
            "n => ({scroll: n.scrollWidth, client: n.clientWidth, height: n.getBoundingClientRect().height})")
        assert help_box["scroll"] <= help_box["client"] + 1, f"the help text is cut off: {help_box}"
        read = {}

        def draw(name, strokes):
            clear.click()
            page.wait_for_function("node => node.querySelector('.nn4-pad-verdict').dataset.digit === ''",
                                   arg=panel.element_handle(), timeout=10_000)
            _draw(page, canvas, strokes)
            shown, text, state = _verdict(panel)
            read[name] = text
            panel.locator(".nn4-pad").screenshot(path=str(shots / f"pad-{name}.png"))  # for a reviewer's eyes
            return shown, state

        for digit in ["1", "7", "0"]:
            shown, state = draw(digit, EXAMPLE_STROKES[digit])
            assert (shown, state) == (digit, "sure"), f"drew a {digit}, the pad shows {read[digit]!r}"
            assert panel.locator(".nn4-pad-bar").count() == 10
            lit = panel.evaluate(
                """node => { const c = node.querySelector('.nn4-pad-input');
                             const d = c.getContext('2d').getImageData(0, 0, 28, 28).data;
                             let n = 0; for (let i = 0; i < d.length; i += 4) n += d[i] > 0; return n; }""")
            assert 20 < lit < 400, f"the 28x28 input shown for the {digit} has {lit} lit pixels"

        # a small digit in a corner is read as the same digit drawn large in the middle
        large, _ = draw("3 large", DIGIT_STROKES["3"])
        for corner in ["tl", "br"]:
            small, state = draw(f"3 small {corner}", _placed(DIGIT_STROKES["3"], 0.3, corner))
            assert (small, state) == (large, "sure") and large == "3", f"small 3 ({corner}): {read}"

        # a dot is too small to be a digit; a big X is not one either: the bars stay, greyed
        shown, state = draw("dot", [[(60, 60)]])
        assert (shown, state) == ("?", "small") and read["dot"].endswith("draw larger"), read["dot"]
        shown, state = draw("X", CROSS)
        assert (shown, state) == ("?", "unsure") and "not sure:" in read["X"], read["X"]
        assert panel.locator(".nn4-pad-chart.nn4-pad-unsure .nn4-pad-bar").count() == 10

        clear.click()
        page.wait_for_function("node => node.querySelector('.nn4-pad-message').textContent === 'Draw a digit.'",
                               arg=panel.element_handle(), timeout=10_000)

        def upload(path):
            with page.expect_file_chooser() as chooser:  # the learner clicks "read a photo" and picks a file
                panel.locator(".nn4-pad-photo").click()
            chooser.value.set_files(str(path))

        notes = tmp_path / "notes.png"  # a text file renamed .png
        notes.write_text("shopping: milk, bread\n")
        upload(notes)
        page.wait_for_function(
            "node => node.querySelector('.nn4-pad-message').textContent.includes('notes.png')",
            arg=panel.element_handle(), timeout=20_000)
        message = panel.locator(".nn4-pad-message").text_content()
        read["notes.png"] = message
        assert message.startswith("'notes.png' is not an image"), message
        assert "0x" not in message and "BytesIO" not in message and "Error" not in message, message

        from helpers import fetch_photo_digits

        photo = fetch_photo_digits()[PHOTO]
        upload(photo)
        page.wait_for_function(
            "node => node.querySelector('.nn4-pad-message').textContent.startsWith('read from the photo')",
            arg=panel.element_handle(), timeout=20_000)
        shown, read[PHOTO], _ = _verdict(panel)
        assert shown == PHOTO_DIGIT, f"{PHOTO}: the pad shows {read[PHOTO]!r}"
        assert panel.locator(".nn4-pad-message").text_content() == f"read from the photo {PHOTO}"
        # the canvas shows the picture it read (not an empty black pad), beside the 28x28 input
        lit = panel.evaluate(
            """node => { const c = node.querySelector('.nn4-pad-canvas');
                         const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                         let n = 0; for (let i = 0; i < d.length; i += 4) n += d[i] > 60; return n / (d.length / 4); }""")
        assert lit > 0.3, f"after reading a photo the canvas is {lit:.0%} lit: the photo is not shown"
        assert PHOTO in panel.locator(".nn4-pad-photo").text_content()  # the button names the file read
        _shut_down_and_close(page)
    print(f"\nthe pad read {read} in {time.perf_counter() - start:.1f} s (pictures: {shots})")


#: The pad's promise (issue 33): from pen-up to the verdict, at most this long at the 95th
#: percentile of the drawings below, with the kernel on one CPU.
PAD_P95_MS = TARGET_PAD_P95_MS  # benchmarks/targets.py: the bench judges the same measurement
#: When this environment variable names a file, the latency test writes its measurement there (JSON:
#: the waits in ms, in order, and the number of drawings): benchmarks/pad.py reads it.
PAD_LATENCY_OUT = "NN4_PAD_LATENCY_OUT"
#: The latency recorder, installed on the pad: at each pen-up (after the pad's own handler) the time,
#: and when the result for the whole drawing is shown (readPoints reaches drawnPoints) the wait.
LATENCY_PROBE = """node => {
  const root = node.querySelector('.nn4-pad'), canvas = node.querySelector('.nn4-pad-canvas');
  window.nn4Waits = []; window.nn4Up = null;
  const done = () => root.dataset.readPoints === root.dataset.drawnPoints;
  canvas.addEventListener('pointerup', () => {
    if (done()) window.nn4Waits.push(0); else window.nn4Up = performance.now(); });
  new MutationObserver(() => {
    if (window.nn4Up !== null && done()) { window.nn4Waits.push(performance.now() - window.nn4Up); window.nn4Up = null; }
  }).observe(root, {attributes: true, attributeFilter: ['data-read-points', 'data-drawn-points']});
}"""


def test_the_pad_answers_within_150_ms_on_one_cpu_and_the_newest_drawing_wins(page, shots):
    """20 drawings (the ten digits, twice, at two sizes) on a pad whose kernel runs on one CPU: the
    95th percentile of pen-up to verdict is at most PAD_P95_MS. Then a 1, a 7 and a 0 drawn one after
    another without waiting: the pad ends on the 0, with no queue of stale drawings to work through."""
    with screenshot_on_failure(page, shots, "pad-latency"):
        panel, canvas, clear = _start_pad(page, "notebooks/pad_one_cpu.ipynb")
        panel.evaluate(LATENCY_PROBE)
        drawings = [DIGIT_STROKES[d] for d in sorted(DIGIT_STROKES)]
        drawings += [_placed(DIGIT_STROKES[d], 0.5, "tl") for d in sorted(DIGIT_STROKES)]
        for strokes in drawings:
            clear.click()
            page.wait_for_function("node => node.querySelector('.nn4-pad-verdict').dataset.digit === ''",
                                   arg=panel.element_handle(), timeout=10_000)
            _draw(page, canvas, strokes)
            _verdict(panel)
        in_order = page.evaluate("window.nn4Waits")
        waits = sorted(in_order)
        assert len(waits) >= 20, f"{len(waits)} pen-ups timed (the pad has {len(drawings)} drawings)"
        p95 = waits[math.ceil(0.95 * len(waits)) - 1]
        print(f"\npen-up to verdict, kernel on one CPU, {len(waits)} pen-ups over {len(drawings)} drawings: median "
              f"{waits[len(waits) // 2]:.0f} ms, 95th percentile {p95:.0f} ms, slowest {waits[-1]:.0f} ms "
              f"(in order: {[round(w) for w in in_order]})")
        if os.environ.get(PAD_LATENCY_OUT):  # make bench reports the same measurement (benchmarks/pad.py)
            Path(os.environ[PAD_LATENCY_OUT]).write_text(json.dumps({"waits_ms": in_order, "drawings": len(drawings)}))
        assert p95 <= PAD_P95_MS, f"95th percentile {p95:.0f} ms > {PAD_P95_MS} ms: {[round(w) for w in in_order]}"
        assert waits[-1] <= 1000, f"a pen-up waited {waits[-1]:.0f} ms (in order: {[round(w) for w in in_order]})"

        clear.click()
        page.wait_for_function("node => node.querySelector('.nn4-pad-verdict').dataset.digit === ''",
                               arg=panel.element_handle(), timeout=10_000)
        for digit in ["1", "7", "0"]:  # no wait between them: each replaces the drawing before
            clear.click()
            _draw(page, canvas, EXAMPLE_STROKES[digit])
        start = time.perf_counter()
        shown, text, state = _verdict(panel)
        settled = time.perf_counter() - start
        assert (shown, state) == ("0", "sure"), f"after a 1, a 7 and a 0 the pad shows {text!r}"
        assert settled < 1.0, f"the last drawing's verdict took {settled:.1f} s: stale drawings were read first"
        _shut_down_and_close(page)
