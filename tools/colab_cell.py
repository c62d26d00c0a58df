"""Write the Colab lines into every notebook's setup cell (idempotent).

Colab opens one notebook on its own, without the rest of the repository, so
``from helpers import ...`` would fail there. The lines this tool writes into
the setup cell, just before ``sys.path.insert(...)``, fetch the course once
with git (``helpers/``, ``images/``, ...) and move into its ``notebooks/``
folder, so that the rest of the notebook runs as it does in JupyterLab:

.. code-block:: python

    if not (Path.cwd().parent / "helpers").is_dir():
        if "google.colab" not in sys.modules:
            raise ModuleNotFoundError("This notebook needs the course's helpers/ folder ...")
        ...

Inside the course (JupyterLab, Binder, nbval) the condition is false: nothing
runs and nothing is printed, so the committed outputs stay valid. A notebook
downloaded alone (from the website, say) and opened outside Colab stops in its
setup cell with a sentence that says what to do, instead of "No module named
'helpers'".

The repository's address comes from ``helpers/course.py`` (``REPOSITORY``).

Usage, from the repository root::

    .venv/bin/python tools/colab_cell.py            # write or update the lines in notebooks/*.ipynb
    .venv/bin/python tools/colab_cell.py --check    # exit 1 if a notebook lacks them or has an old version
    .venv/bin/python tools/colab_cell.py some.ipynb # only these notebooks

Only the setup cell's source changes (no output, id or metadata), and a
notebook already up to date is not rewritten.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from helpers.course import REPOSITORY  # noqa: E402  (helpers/course.py imports nothing)

#: The setup cell is the first code cell with this line.
ANCHOR = "sys.path.insert(0, str(Path.cwd().parent))"
#: The first line of the block; the block is this line and the indented lines under it.
FIRST_LINE = 'if not (Path.cwd().parent / "helpers").is_dir():'
#: First lines of earlier versions of the block (replaced when the tool runs).
OLD_FIRST_LINES = ('if "google.colab" in sys.modules and not (Path.cwd().parent / "helpers").is_dir():',)
#: What a notebook opened alone, outside Colab, says instead of "No module named 'helpers'".
ALONE = ("This notebook needs the course's helpers/ folder next to its notebooks/ folder: get the whole "
         "course (git clone {url}, or Code > Download ZIP there) and open the notebook from its notebooks/ "
         "folder, or open it on Colab or Binder (the links are in the course's README).")
#: The environment variable that points the fetch at another copy of the repository (a fork; the tests).
URL_VARIABLE = "NN4_REPOSITORY_URL"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _raise_lines(message: str, width: int = 80) -> list[str]:
    """``raise ModuleNotFoundError(...)`` with ``message`` as adjacent string literals, one a line."""
    import textwrap

    parts = textwrap.wrap(message, width, drop_whitespace=False)
    head = "        raise ModuleNotFoundError("
    lines = [head + _quoted(parts[0])] + [" " * len(head) + _quoted(p) for p in parts[1:]]
    return lines[:-1] + [lines[-1] + ")"]


def colab_block(repository: str = REPOSITORY) -> str:
    """The lines written into each setup cell (without a trailing newline)."""
    name = repository.split("/")[1]
    url = f"https://github.com/{repository}"
    return "\n".join([
        FIRST_LINE,
        "    # This notebook was opened without the rest of the course (helpers/ sits next to notebooks/)",
        '    if "google.colab" not in sys.modules:',
        *_raise_lines(ALONE.format(url=url)),
        "    # On Colab: fetch the course (helpers/, images/) once, work in its notebooks/",
        "    import os, subprocess",
        f'    course = Path.cwd() / "{name}"',
        "    if not course.is_dir():",
        f'        url = os.environ.get("{URL_VARIABLE}", "{url}")',
        '        subprocess.run(["git", "clone", "--quiet", "--depth=1", url, str(course)], check=True)',
        '    os.chdir(course / "notebooks")',
    ])


def setup_cell(nb):
    """The notebook's setup cell: the first code cell that puts helpers/ on the path."""
    for cell in nb.cells:
        if cell.cell_type == "code" and ANCHOR in cell.source:
            return cell
    raise ValueError(f"no code cell contains {ANCHOR!r}")


def _split(source: str):
    """(lines before the Colab block, the block's lines or None, lines after it)."""
    lines = source.split("\n")
    firsts = [i for i, line in enumerate(lines) if line in (FIRST_LINE, *OLD_FIRST_LINES)]
    if not firsts:
        return lines, None, None
    start = firsts[0]
    end = start + 1
    while end < len(lines) and (lines[end].startswith((" ", "\t")) or lines[end] == ""):
        end += 1
    while end > start + 1 and lines[end - 1] == "":  # blank lines after the block belong to what follows
        end -= 1
    return lines[:start], lines[start:end], lines[end:]


def with_colab_block(source: str, repository: str = REPOSITORY) -> str:
    """``source`` (a setup cell) with the current Colab block just before the ``sys.path`` line."""
    block = colab_block(repository).split("\n")
    before, old, after = _split(source)
    if old is not None:
        return "\n".join(before + block + after)
    lines = source.split("\n")
    at = next(i for i, line in enumerate(lines) if ANCHOR in line)
    head = lines[:at]
    for needed in ("import sys", "from pathlib import Path"):
        if needed not in head:
            raise ValueError(f"the setup cell must have {needed!r} before {ANCHOR!r}")
    return "\n".join(head + block + [""] + lines[at:])


def has_current_block(nb, repository: str = REPOSITORY) -> bool:
    """True when the notebook's setup cell holds exactly the block :func:`colab_block` writes."""
    cell = setup_cell(nb)
    return with_colab_block(cell.source, repository) == cell.source and FIRST_LINE in cell.source


def update(path: Path, check: bool = False) -> bool:
    """Write the current block into ``path``; True when the file changed (or, with check, would)."""
    nb = nbformat.read(path, as_version=4)
    cell = setup_cell(nb)
    new = with_colab_block(cell.source)
    if new == cell.source:
        return False
    if not check:
        cell.source = new
        nbformat.write(nb, path)
    return True


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to update (default: notebooks/*.ipynb)")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if a notebook lacks the current block")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    stale = []
    for path in paths:
        changed = update(path, check=args.check)
        if changed:
            stale.append(path)
        state = ("needs the Colab block" if args.check else "updated") if changed else "up to date"
        print(f"{path.name}: {state}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
