"""Static slide decks of the notebooks, in the course website (``make slides``).

One reveal.js deck per notebook, ``_site/html/slides/NN_name.html``, made by nbconvert's slides
exporter from the committed notebook (outputs as committed, nothing executed), as the website
shows it (:func:`docs.build.static_notebook`). Which cell starts a slide is each cell's
``slideshow`` metadata, written by ``tools/slides.py`` (the same that JupyterLab's *Render as
slideshow* reads).

The decks need no network: the template (``docs/slides_template/nn4-reveal/``) loads reveal.js
from the site's ``_static/reveal/`` (copied here from the sphinx-revealjs package, which ships
reveal.js 5.2 with its MIT licence) and MathJax 3 from the site's own ``_static/mathjax/``
(``make site``); pictures are embedded in the page. Each deck carries the SHA-256 of the
notebook it was made from (``<meta name="nn4-source">``), so a test can tell a stale deck.

Usage (after ``make site``)::

    .venv/bin/python docs/slides.py [--site _site/html]
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
TEMPLATES = DOCS / "slides_template"
#: What the decks use of reveal.js, relative to sphinx-revealjs' copy of it.
REVEAL_FILES = ["LICENSE", "dist/reveal.js", "dist/reveal.css", "dist/theme/white.css", "dist/theme/fonts",
                "plugin/notes/notes.js"]


def source_hash(path: Path) -> str:
    """The SHA-256 of a notebook file: what a deck made from it carries."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_reveal(static: Path) -> Path:
    """Copy reveal.js (the files in :data:`REVEAL_FILES`) into ``static/reveal``; return it."""
    import sphinx_revealjs

    source = Path(sphinx_revealjs.__file__).parent / "_static" / "revealjs"
    target = static / "reveal"
    for name in REVEAL_FILES:
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name, dirs_exist_ok=True)
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, target / name)
    return target


def deck(path: Path, title: str) -> str:
    """The HTML of ``path``'s deck, titled ``title`` (reveal.js and MathJax under ``../_static/``)."""
    import nbformat
    from nbconvert import SlidesExporter

    sys.path.insert(0, str(ROOT))
    from docs.build import static_notebook

    nb = nbformat.reads(static_notebook(path), as_version=4)
    exporter = SlidesExporter(extra_template_basedirs=[str(TEMPLATES)], template_name="nn4-reveal",
                              embed_images=True, exclude_input_prompt=True, exclude_output_prompt=True,
                              reveal_url_prefix="../_static/reveal", reveal_theme="white",
                              mathjax_url="../_static/mathjax/tex-chtml.js")
    resources = {"metadata": {"name": title}, "nn4_source": source_hash(path)}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


def build(site: Path) -> list[Path]:
    """Write every notebook's deck into ``site/slides/``; return the decks' paths."""
    from helpers.course import read_course

    if not (site / "_static" / "mathjax" / "tex-chtml.js").exists():
        raise SystemExit(f"{site} has no _static/mathjax/: build the website first (make site)")
    copy_reveal(site / "_static")
    out = site / "slides"
    out.mkdir(exist_ok=True)
    written = []
    for nb in read_course():
        target = out / f"{Path(nb.file).stem}.html"
        target.write_text(deck(ROOT / "notebooks" / nb.file, f"{nb.number} · {nb.title}"), encoding="utf-8")
        written.append(target)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Write a reveal.js deck of each notebook into the website.")
    parser.add_argument("--site", type=Path, default=ROOT / "_site" / "html", help="default: _site/html")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    decks = build(args.site.resolve())
    print(f"{len(decks)} slide decks in {args.site}/slides/ (open one in a browser; press ? for keys).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
