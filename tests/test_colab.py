"""Open in Colab, without Colab.

Colab opens one notebook on its own. The Colab lines in its setup cell
(written by ``tools/colab_cell.py`` from ``helpers/course.py``) must then fetch
the course once, quietly, and the notebook must find ``helpers`` and the test
images; anywhere else they must do nothing and print nothing (nbval compares
every output).

The test copies one notebook alone into an empty folder, makes the kernel look
like Colab's (an IPython startup file puts ``google.colab`` into
``sys.modules``, as Colab's kernel has it), points the fetch at a local git
copy of this checkout (``file://``, through ``NN4_REPOSITORY_URL``), runs the
setup cell with nbclient and then uses ``helpers.load_test_digits()``. No
network: the test images' download address points at a closed loopback port,
so they must come from the fetched ``images/``. It takes about 25 s (a kernel
that imports TensorFlow); ``NN4_SKIP_SITE_TESTS=1`` skips it (it does not depend on the
CPU, and ``make test-variants`` runs only the notebooks).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from helpers.course import BINDER_URL, GITHUB_URL, REPOSITORY, binder_url, colab_url
from tools import colab_cell

ROOT = Path(__file__).resolve().parent.parent

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
#: The notebook a Colab learner starts with; its setup cell imports helpers, TensorFlow and TFDS.
NOTEBOOK = ROOT / "notebooks" / "00_getting_started.ipynb"


# --- the address lives in helpers/course.py --------------------------------------------------

def test_readme_badges_use_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    badges = re.findall(r"\]\((https://mybinder\.org/v2/gh/[^)]+)\)", readme)
    assert badges == [BINDER_URL, binder_url(folder="practice")], \
        "README's Binder badge must be helpers.course.BINDER_URL, its practice link binder_url(folder='practice')"
    colab = re.findall(r"\]\((https://colab\.research\.google\.com/github/[^)]+)\)", readme)
    assert colab and all(url in {colab_url(nb.name) for nb in NOTEBOOKS} for url in colab), colab
    named = set(re.findall(r"github(?:usercontent)?\.com/([\w.-]+/[\w.-]+)", readme))
    assert named <= {REPOSITORY}, f"README names another repository: {named - {REPOSITORY}}"


def test_test_images_are_downloaded_from_the_repository():
    """BASE_URL is built from helpers/course.py's constants; the truth it is checked against is
    written out independently: the repository CITATION.cff names, and the images/ folder."""
    from helpers.data.digits import BASE_URL, LOCAL_DIR, REGISTRY

    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    named = re.search(r'^repository-code: "https://github\.com/([\w.-]+/[\w.-]+)"$', cff, re.MULTILINE)
    assert named, "CITATION.cff names no repository-code"
    assert BASE_URL == f"https://raw.githubusercontent.com/{named.group(1)}/main/images/"
    assert BASE_URL.endswith("/" + LOCAL_DIR.name + "/") and LOCAL_DIR == ROOT / "images"
    assert all((LOCAL_DIR / name).is_file() for name in REGISTRY)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem[:2])
def test_every_notebook_has_the_current_colab_lines(path):
    nb = nbformat.read(path, as_version=4)
    assert colab_cell.has_current_block(nb), (
        f"{path.name}: the setup cell lacks the Colab lines or names another repository than "
        f"{REPOSITORY}: run `.venv/bin/python tools/colab_cell.py`, then `make notebooks NB=...`")


# --- the tool ---------------------------------------------------------------------------------

def test_tool_is_idempotent_and_changes_only_the_setup_cell(tmp_path):
    copy = tmp_path / NOTEBOOK.name
    shutil.copy(NOTEBOOK, copy)
    original = nbformat.read(NOTEBOOK, as_version=4)
    colab_cell.update(copy)
    once = copy.read_bytes()
    assert colab_cell.update(copy) is False and copy.read_bytes() == once  # a second run changes nothing
    nb = nbformat.read(copy, as_version=4)
    assert colab_cell.has_current_block(nb)
    setup = colab_cell.setup_cell(nb)
    assert setup.source.count(colab_cell.FIRST_LINE) == 1
    assert setup.source.index(colab_cell.FIRST_LINE) < setup.source.index(colab_cell.ANCHOR)
    for before, after in zip(original.cells, nb.cells, strict=True):
        if after is not setup:
            assert before == after
        else:
            assert before.outputs == after.outputs and before.metadata == after.metadata
    # another repository: the block is replaced, not added twice
    setup.source = colab_cell.with_colab_block(setup.source, "someone/fork")
    assert setup.source.count(colab_cell.FIRST_LINE) == 1 and "someone/fork" in setup.source
    assert not colab_cell.has_current_block(nb)
    setup.source = colab_cell.with_colab_block(setup.source)
    assert colab_cell.has_current_block(nb) and f"{GITHUB_URL}\"" in setup.source


def test_outside_colab_the_lines_do_nothing(tmp_path):
    """No google.colab, in the course (helpers/ next to notebooks/): nothing printed, nothing
    fetched, the working folder unchanged."""
    (tmp_path / "helpers").mkdir()
    (tmp_path / "notebooks").mkdir()
    code = "import sys\nfrom pathlib import Path\n" + colab_cell.colab_block() + "\nprint(Path.cwd())\n"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path / "notebooks", capture_output=True, text=True,
                         check=True, env={"PATH": "/usr/bin:/bin", "NN4_REPOSITORY_URL": "file:///nonexistent"})
    assert out.stdout.strip() == str(tmp_path / "notebooks") and out.stderr == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["helpers", "notebooks"]


def test_a_notebook_opened_alone_outside_colab_says_what_to_do(tmp_path):
    """Downloaded alone (from the website) and opened outside Colab: the setup cell stops with a
    sentence that says how to get the course, not with "No module named 'helpers'"."""
    code = "import sys\nfrom pathlib import Path\n" + colab_cell.colab_block() + "\nfrom helpers import check\n"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin"})
    assert out.returncode != 0 and list(tmp_path.iterdir()) == []
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith("ModuleNotFoundError: This notebook needs the course's helpers/ folder"), last
    assert f"git clone {GITHUB_URL}" in last and "Colab or Binder" in last


# --- Colab, faked -----------------------------------------------------------------------------

def _git(*args, cwd):
    subprocess.run(["git", "-c", "user.name=nn4 test", "-c", "user.email=test@localhost",
                    "-c", "init.defaultBranch=main", *args], cwd=cwd, check=True, capture_output=True)


def _local_repository(dest: Path) -> Path:
    """A git repository with what the notebooks need from this checkout (as it is now, uncommitted
    changes included): helpers/, images/, the requirements files, notebooks/."""
    dest.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "cache", ".ipynb_checkpoints")
    for folder in ("helpers", "images", "notebooks"):
        shutil.copytree(ROOT / folder, dest / folder, ignore=ignore)
    for name in ("requirements.txt", "constraints.txt"):
        shutil.copy(ROOT / name, dest / name)
    _git("init", "--quiet", cwd=dest)
    _git("add", "-A", cwd=dest)
    _git("commit", "--quiet", "-m", "course", cwd=dest)
    return dest


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed (Colab has it)")
@pytest.mark.skipif(bool(os.environ.get("NN4_SKIP_SITE_TESTS")),
                    reason="NN4_SKIP_SITE_TESTS is set (this does not depend on the CPU)")
def test_open_in_colab_fetches_the_course_once_and_quietly(tmp_path, monkeypatch):
    from nbclient import NotebookClient

    remote = _local_repository(tmp_path / "remote")
    content = tmp_path / "content"  # Colab's working folder: the notebook alone
    content.mkdir()
    nb = nbformat.read(NOTEBOOK, as_version=4)
    setup = colab_cell.setup_cell(nb)
    setup.source = colab_cell.with_colab_block(setup.source)  # as tools/colab_cell.py writes it
    check = nbformat.v4.new_code_cell(textwrap.dedent("""\
        import os
        import helpers
        images, labels, names = helpers.load_test_digits()
        print(images.shape, labels.tolist())
        print(Path(helpers.__file__).relative_to(Path.cwd().parent))
        print(Path.cwd().relative_to(Path(os.environ["NN4_TEST_CONTENT"])))
        print(sorted(p.name for p in Path(os.environ["NN4_TEST_CONTENT"]).iterdir()))
    """))
    # the cells up to the setup cell (Markdown and code), the setup cell again (a learner runs it twice), the check
    upto = nb.cells.index(setup)
    nb.cells = nb.cells[: upto + 1] + [nbformat.v4.new_code_cell(setup.source), check]
    path = content / NOTEBOOK.name
    nbformat.write(nb, path)

    ipython = tmp_path / "ipython" / "profile_default" / "startup"
    ipython.mkdir(parents=True)
    (ipython / "00-fake-colab.py").write_text(
        "import sys, types\nsys.modules['google.colab'] = types.ModuleType('google.colab')\n")
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("NN4_REPOSITORY_URL", remote.as_uri())
    monkeypatch.setenv("NN4_IMAGES_URL", "http://127.0.0.1:9/")  # nothing listens: no download possible
    monkeypatch.setenv("NN4_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("NN4_TEST_CONTENT", str(content))
    monkeypatch.delenv("PYTHONPATH", raising=False)  # helpers must come from the fetched copy

    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(content)}})
    client.execute()

    first, again = nb.cells[upto], nb.cells[upto + 1]
    assert first.outputs == [] and again.outputs == [], "the Colab lines must be quiet"
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    assert text.splitlines() == [
        "(11, 28, 28, 1) [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1]",
        "helpers/__init__.py",          # the fetched helpers, not this checkout's
        "nn4/notebooks",                # the notebook works in the fetched course's notebooks/
        f"['{path.name}', 'nn4']",      # fetched once, into one folder next to the notebook
    ], text
    assert (content / "nn4" / ".git" / "shallow").is_file()  # a shallow clone: --depth=1


@pytest.mark.parametrize("name", ["docs/instructors.md", "docs/setup.md", "CITATION.cff"])
def test_the_other_pages_name_only_the_repository(name):
    """A fork changes helpers.course.REPOSITORY (CONTRIBUTING.md, "Fork and adapt the course"): the
    pages that name the repository in text must follow, or this fails."""
    text = (ROOT / name).read_text(encoding="utf-8")
    named = set(re.findall(r"(?:github(?:usercontent)?\.com|mybinder\.org/v2/gh)/([\w.-]+/[\w.-]+)", text))
    assert named <= {REPOSITORY}, f"{name} names another repository: {named - {REPOSITORY}}"
