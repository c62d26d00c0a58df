"""Build the course website from the committed, executed notebooks (``make site``).

Nothing is executed: the pages show the outputs that nbval checks. The
sources are staged in ``_site/src/`` (git-ignored) so that the pages mirror
the repository's layout (``notebooks/NN_name.ipynb``, which the Binder and
Colab buttons point at):

- ``notebooks/*.ipynb``: the course as committed, with a "Run this notebook: Binder,
  Open in Colab" line under each title (an ipywidgets view becomes a note: a web page
  has no kernel to drive it; a static picture the view carries stays);
- ``index.md``: the landing page: the README's first paragraph, the course table
  from the course list (``notebooks/course.toml``, each notebook linked by its
  title), the README's paragraph after that table, and the table of contents,
  in the list's order;
- ``api.md``: one section per module of ``helpers/``, from the docstrings;
- ``instructors.md``: ``docs/instructors.md`` as it is (its timelines are written into it by
  ``benchmarks/timeline.py``); ``setup.md``: ``docs/setup.md`` as it is (its sizing table by
  ``benchmarks/sizing.py``);
- ``figures.md``: every figure as a file with a readable name (``docs/figures.py``).

Then Sphinx (configured by ``docs/conf.py``) writes ``_site/html/``, and ``docs/slides.py``
a slide deck per notebook into ``_site/html/slides/``; open ``_site/html/index.html``. Warnings fail the build (broken links between
pages, a notebook missing from the table of contents).

Usage::

    .venv/bin/python docs/build.py [--out _site]
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def readme_parts(readme: str):
    """(title, first paragraph, the paragraph after the course table) from the README (the
    table itself is the course list's: :func:`helpers.course.course_table`)."""
    from helpers.course import COURSE_END

    lines = readme.splitlines()
    title = lines[0].lstrip("# ").strip()
    paragraphs = re.split(r"\n\s*\n", readme.split("\n## ")[0])
    intro = next(p for p in paragraphs[1:] if not p.lstrip().startswith(("[![", "#")))
    after = readme.split(COURSE_END, 1)[1].split("\n## ", 1)[0].strip()
    after = re.split(r"\n\s*\n", after)[0] if after else ""
    return title, " ".join(intro.split()), " ".join(after.split())


def landing_page(readme: str, course) -> str:
    """index.md: the README's introduction, the course list's table (``course``, from
    :func:`helpers.course.read_course`) with each notebook linked by its title, the README's
    paragraph after the table, and the table of contents in the list's order."""
    from helpers.course import BINDER_URL, GITHUB_URL, course_summary, course_table

    title, intro, after = readme_parts(readme)
    toctree = "\n".join(f"notebooks/{Path(nb.file).stem}" for nb in course)
    return f"""# {title}

{intro}

{course_table(course, link=True)}

{course_summary(course)}

{after}

Each notebook page shows the outputs of one clean run, exactly as committed. To
run a notebook yourself, use the buttons at the top of its page: **Binder**
opens it in JupyterLab with the course's environment, **Colab** in Google
Colab (the notebook's setup cell fetches the course's `helpers/` and `images/`
there). Or clone [the repository]({GITHUB_URL}) and run `make lab`
([Binder for the whole course]({BINDER_URL})).

The functions the notebooks share are described in [the helpers package](api.md).
Teaching the course: [for instructors](instructors.md) (a plan for each class, with timelines, and
the slides), [setting up a class](setup.md) and [the figures as files](figures.md).

Licence: the code is under the MIT licence; the notebooks' prose and figures and the
course's images are under CC BY 4.0 ([LICENSE]({GITHUB_URL}/blob/main/LICENSE)). To cite
the course: [CITATION.cff]({GITHUB_URL}/blob/main/CITATION.cff).

```{{toctree}}
:hidden:
:caption: Notebooks

{toctree}
```

```{{toctree}}
:hidden:
:caption: Teaching

instructors
setup
figures
```

```{{toctree}}
:hidden:
:caption: Reference

api
```
"""


def api_page() -> str:
    """api.md: one section per module of helpers/ (each module's docstring, then its members)."""
    sections = []
    helpers = ROOT / "helpers"
    modules = sorted(p.stem for p in helpers.glob("*.py") if not p.stem.startswith("_"))
    for name in modules:
        sections.append(f"## `helpers.{name}`\n\n```{{eval-rst}}\n.. automodule:: helpers.{name}\n```\n")
    for package in sorted(p.parent.name for p in helpers.glob("*/__init__.py")):
        sections.append(f"## `helpers.{package}`\n\n```{{eval-rst}}\n.. automodule:: helpers.{package}\n"
                        f"   :no-members:\n```\n")
        for module in sorted(p.stem for p in (helpers / package).glob("*.py") if not p.stem.startswith("_")):
            sections.append(f"### `helpers.{package}.{module}`\n\n```{{eval-rst}}\n"
                            f".. automodule:: helpers.{package}.{module}\n```\n")
    return ("# The helpers package\n\n"
            "`import helpers` gives the names the notebooks type (listed in its `__all__`); it does not "
            "import TensorFlow. Each name below is documented once, in the module that defines it. "
            "`helpers.mnist` (notebooks 04, 05 and 06) imports TensorFlow.\n\n" + "\n".join(sections))


def write_if_changed(path: Path, text: str) -> None:
    """Keep the file (and its time stamp, so Sphinx can skip it) when nothing changed."""
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = ("*Interactive controls (ipywidgets) appear here when the notebook runs: open it with "
               "the Binder or Colab button at the top of this page, or in JupyterLab.*")


def static_notebook(path: Path) -> str:
    """The notebook as the site shows it: outputs as committed, a line with its Binder and
    Colab links under the title, and each ipywidgets view replaced by a note (a web page
    has no kernel to drive the controls, and showing their saved state would load the
    widget library from a CDN: the site must work offline); a static picture that the
    view carries (``image/png`` in the same output) is kept, before the note."""
    import nbformat

    from docs.figures import MNIST_CREDIT, shows_mnist
    from helpers.course import binder_url, colab_url
    from helpers.exercises.fold import FIGURE_ALT, FOLDED_KEY

    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)
    title = nb.cells[0]
    if title.cell_type == "markdown" and title.source.startswith("# "):
        heading, _, rest = title.source.partition("\n")
        title.source = (f"{heading}\n\n**Run this notebook:** [Binder]({binder_url(path.name)}) (JupyterLab with "
                        f"the course's environment) · [Open in Colab]({colab_url(path.name)}) (Google's, "
                        f"TensorFlow included; sign-in needed)\n{rest}")
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.outputs:
            data = output.get("data", {})
            if WIDGET_VIEW in data:
                # A static picture that comes with the view (the draw-a-digit pad's) stays, with its
                # alt text from the cell's metadata; the controls become the note.
                if "image/png" in data:
                    outputs.append(nbformat.v4.new_output(
                        "display_data", data={"image/png": data["image/png"], "text/plain": data.get("text/plain", "")},
                        metadata=output.get("metadata", {})))
                output = nbformat.v4.new_output("display_data", data={"text/markdown": WIDGET_NOTE})
            elif (output.get("metadata") or {}).get(FOLDED_KEY) and "text/html" in data:
                # a solution's folded output: its figures get the alt text of the cell's metadata
                alt = html.escape(cell.metadata.get("mystnb", {}).get("image", {}).get("alt", ""), quote=True)
                if alt:
                    data["text/html"] = data["text/html"].replace(f'alt="{FIGURE_ALT}"', f'alt="{alt}"')
            outputs.append(output)
        if shows_mnist(cell) and outputs:  # the figure is an adaptation of MNIST: its credit under it
            outputs.append(nbformat.v4.new_output("display_data", data={"text/markdown": f"*{MNIST_CREDIT}*"}))
        cell.outputs = outputs
    return nbformat.writes(nb) + "\n"


def stage(src: Path) -> None:
    """Put the site's sources into ``src``: notebooks, index.md, api.md, instructors.md, setup.md,
    figures.md."""
    from docs import figures
    from helpers.course import read_course

    course = read_course()
    notebooks = {p.name: p for p in sorted((ROOT / "notebooks").glob("*.ipynb"))}
    if set(notebooks) != {nb.file for nb in course}:
        raise SystemExit(f"notebooks/ has {sorted(notebooks)}, notebooks/course.toml lists "
                         f"{[nb.file for nb in course]}: add or remove the list's entries")
    (src / "notebooks").mkdir(parents=True, exist_ok=True)
    for old in (src / "notebooks").glob("*.ipynb"):
        if old.name not in notebooks:
            old.unlink()
    for name, path in notebooks.items():
        write_if_changed(src / "notebooks" / name, static_notebook(path))
    write_if_changed(src / "index.md", landing_page((ROOT / "README.md").read_text(encoding="utf-8"), course))
    write_if_changed(src / "api.md", api_page())
    write_if_changed(src / "instructors.md", (DOCS / "instructors.md").read_text(encoding="utf-8"))
    write_if_changed(src / "setup.md", (DOCS / "setup.md").read_text(encoding="utf-8"))
    write_if_changed(src / "figures.md", figures.page(course))


def build(out: Path, quiet: bool = True) -> Path:
    """Stage the sources and run Sphinx; return the folder of the HTML site."""
    from sphinx.cmd.build import build_main

    sys.path.insert(0, str(ROOT))
    stage(out / "src")
    html = out / "html"
    args = ["-b", "html", "-c", str(DOCS), "-d", str(out / "doctrees"), "-W", "--keep-going",
            str(out / "src"), str(html)]
    if quiet:
        args.insert(0, "-q")
    status = build_main(args)
    if status != 0:
        raise SystemExit(f"Sphinx failed (exit status {status}); see the messages above.")
    from docs import figures, slides  # decks and figure files are part of the site (pages link them)
    from helpers.course import read_course

    slides.build(html)
    figures.write(html, read_course())
    return html


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Build the course website (no notebook is executed).")
    parser.add_argument("--out", type=Path, default=ROOT / "_site", help="output folder (default: _site)")
    parser.add_argument("--verbose", action="store_true", help="print Sphinx's progress")
    args = parser.parse_args(argv)
    html = build(args.out.resolve(), quiet=not args.verbose)
    print(f"The course website is in {html.relative_to(Path.cwd()) if html.is_relative_to(Path.cwd()) else html}/ "
          f"(open index.html).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
