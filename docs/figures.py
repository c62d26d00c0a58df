"""Every figure of the notebooks as a PNG file with a readable name, for slides of your own.

``make site`` (``docs/build.py``) stages ``figures.md``, a page that lists each notebook's
figures (its alt text, and MNIST's credit where it shows MNIST digits), and copies the PNGs into
``_site/html/figures/NN_name/``, named ``NN-KK-first-words-of-the-alt-text.png`` (KK: the
figure's place in the notebook), not by hash. The pictures are the committed outputs; a figure
inside a folded solution is included too (decoded from its fold).

A figure shows MNIST digits when its cell's metadata says ``nn4.credit = "mnist"``; such a
figure is an adaptation of MNIST, under MNIST's licence (:data:`MNIST_CREDIT`), and the site's
pages, the slides and this page say so under it.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The credit under every figure that shows MNIST digits.
MNIST_CREDIT = ("MNIST digits: the MNIST database of Yann LeCun, Corinna Cortes and Christopher J. C. Burges, "
                "[CC BY-SA 3.0](https://creativecommons.org/licenses/by-sa/3.0/); this figure is under the same licence.")
EMBEDDED = re.compile(r'<img src="data:image/png;base64,([^"]+)"')


def shows_mnist(cell) -> bool:
    return cell.metadata.get("nn4", {}).get("credit") == "mnist"


def slug(text: str, words: int = 6) -> str:
    """A file-name-safe start of ``text``: its first ``words`` words, lower case, joined by hyphens.

    >>> slug("Confusion matrix of the test set, true digit in rows")
    'confusion-matrix-of-the-test-set'
    """
    parts = re.findall(r"[a-z0-9]+", text.lower())[:words]
    return "-".join(parts) or "figure"


def figures(path: Path) -> list[dict]:
    """The figures of notebook ``path``, in order: ``name`` (the file name), ``png`` (bytes),
    ``alt`` and ``mnist`` (whether it shows MNIST digits)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    number = path.name[:2]
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            pngs = [data["image/png"]] if "image/png" in data else EMBEDDED.findall(data.get("text/html", ""))
            for png in pngs:
                index = len(found) + 1
                found.append({"name": f"{number}-{index:02d}-{slug(alt)}.png", "png": base64.b64decode(png),
                              "alt": alt, "mnist": shows_mnist(cell)})
    return found


def page(course) -> str:
    """figures.md: per notebook, a link to each figure's file, its alt text, and the MNIST credit
    where it applies."""
    lines = ["# Figures for your slides", "",
             "Every figure of the notebooks as a PNG file, named after what it shows (right-click a name to "
             "save it). The figures are the notebooks' committed outputs and are under CC BY 4.0 "
             "(\"nn4 contributors\"), except those that show MNIST digits: they are under MNIST's CC BY-SA "
             "3.0, and each says so.", ""]
    for nb in course:
        stem = Path(nb.file).stem
        lines += [f"## {nb.number} · {nb.title}", ""]
        for figure in figures(ROOT / "notebooks" / nb.file):
            credit = f" *{MNIST_CREDIT}*" if figure["mnist"] else ""
            lines.append(f'- <a href="figures/{stem}/{figure["name"]}" download>{figure["name"]}</a>: '
                         f'{figure["alt"]}{credit}')
        lines.append("")
    return "\n".join(lines)


def write(html: Path, course) -> list[Path]:
    """Copy every notebook's figures into ``html/figures/NN_name/``; return the files."""
    written = []
    for nb in course:
        folder = html / "figures" / Path(nb.file).stem
        folder.mkdir(parents=True, exist_ok=True)
        for figure in figures(ROOT / "notebooks" / nb.file):
            target = folder / figure["name"]
            if not target.exists() or target.read_bytes() != figure["png"]:
                target.write_bytes(figure["png"])
            written.append(target)
    return written
