"""Where the course lives, and what it is: the repository's address, and the list of notebooks.

**The address.** Everything that names the repository is made from :data:`REPOSITORY` and
:data:`BRANCH`: the test images' download address, the website's Binder and Colab buttons
(``docs/conf.py``), and the Colab cell that fetches ``helpers/`` and ``images/``
(``tools/colab_cell.py`` writes it into every notebook). The README's Binder badge and the
notebooks' Colab cells are text, not code: ``tests/test_colab.py`` checks that they agree with
this module. To move the course, change these two lines, run ``python tools/colab_cell.py``,
and update the README's badge.

**The list.** ``notebooks/course.toml`` lists the notebooks: number, file, title, what you
learn, core or optional, the stated times, whether ``make seeds`` runs it, whether it uses the
CNN recipe, whose trained model it reuses. :func:`read_course` reads it; everything that needs
the list reads it through this module: the README's course table (:func:`readme_block`,
between ``<!-- course:start -->`` and ``<!-- course:end -->``), notebook 00's map
(:func:`course_map`), the website (``docs/build.py``), the benchmark's core/optional split
(``benchmarks/targets.py``), ``make seeds`` (``benchmarks/seeds.py``), the tests, and the
Makefile, through this file's command line::

    python -P helpers/course.py core         # notebooks/00_....ipynb ... (the core notebooks)
    python -P helpers/course.py uncached     # the order of CI's run without notebooks/cache/
    python -P helpers/course.py write        # rewrite the README's course table and notebook 00's map

(``-P``: Python 3.11's flag that keeps ``helpers/`` off ``sys.path``.) The module imports only
the standard library (``import helpers.course`` runs ``helpers/__init__.py`` first, which needs
NumPy and Matplotlib but not TensorFlow; the command line needs neither).

Example
-------
>>> from helpers.course import REPOSITORY, colab_url, read_course
>>> REPOSITORY
'nn4-course/nn4'
>>> colab_url("00_getting_started.ipynb")
'https://colab.research.google.com/github/nn4-course/nn4/blob/main/notebooks/00_getting_started.ipynb'
>>> course = read_course()
>>> [nb.number for nb in course if nb.optional], course[4].heading
(['06'], '04 · A CNN that reads handwritten digits')
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

__all__ = ["REPOSITORY", "BRANCH", "GITHUB_URL", "RAW_URL", "BINDER_URL", "colab_url", "binder_url", "github_url",
           "COURSE_FILE", "Notebook", "read_course", "parse_course", "LISTS", "uncached_order",
           "number_range", "course_table", "course_summary", "readme_block", "course_map",
           "replace_between_markers", "COURSE_START", "COURSE_END", "write_course_files"]

#: The course's GitHub repository, "owner/name".
REPOSITORY = "nn4-course/nn4"

#: The branch that learners, Binder and Colab use.
BRANCH = "main"

#: The repository's page; ``git clone`` takes it too.
GITHUB_URL = f"https://github.com/{REPOSITORY}"

#: The repository's files as they are on :data:`BRANCH` (add a path, e.g. ``"images/"``).
RAW_URL = f"https://raw.githubusercontent.com/{REPOSITORY}/{BRANCH}/"

#: Binder: the course's environment with JupyterLab open in ``notebooks/`` (the README's badge).
BINDER_URL = f"https://mybinder.org/v2/gh/{REPOSITORY}/{BRANCH}?urlpath=lab/tree/notebooks"


def colab_url(notebook: str, folder: str = "notebooks") -> str:
    """The address that opens one notebook of the course (or, with ``folder="practice"``, its
    practice copy) in Google Colab.

    Example
    -------
    >>> colab_url("04_mnist_cnn.ipynb").endswith("/blob/main/notebooks/04_mnist_cnn.ipynb")
    True
    >>> colab_url("04_mnist_cnn.ipynb", "practice").endswith("/blob/main/practice/04_mnist_cnn.ipynb")
    True
    """
    return f"https://colab.research.google.com/github/{REPOSITORY}/blob/{BRANCH}/{folder}/{notebook}"


def github_url(notebook: str, folder: str = "notebooks") -> str:
    """The address of one notebook (or practice copy) on GitHub, which shows it read-only.

    >>> github_url("04_mnist_cnn.ipynb", "practice")
    'https://github.com/nn4-course/nn4/blob/main/practice/04_mnist_cnn.ipynb'
    """
    return f"{GITHUB_URL}/blob/{BRANCH}/{folder}/{notebook}"


def binder_url(notebook: str | None = None, folder: str = "notebooks") -> str:
    """The Binder address that opens JupyterLab in ``notebooks/``, or on one notebook (of
    ``folder``: ``"practice"`` for a practice copy; ``binder_url(folder="practice")``: the folder).

    Example
    -------
    >>> binder_url("02_iris_keras.ipynb")
    'https://mybinder.org/v2/gh/nn4-course/nn4/main?urlpath=lab/tree/notebooks/02_iris_keras.ipynb'
    >>> binder_url("02_iris_keras.ipynb", "practice")
    'https://mybinder.org/v2/gh/nn4-course/nn4/main?urlpath=lab/tree/practice/02_iris_keras.ipynb'
    """
    folder_url = f"https://mybinder.org/v2/gh/{REPOSITORY}/{BRANCH}?urlpath=lab/tree/{folder}"
    return folder_url if notebook is None else f"{folder_url}/{notebook}"


# --------------------------------------------------------------------------
# The list of notebooks
# --------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
#: The course list, notebooks/course.toml.
#:
#: :meta hide-value:
COURSE_FILE = ROOT / "notebooks" / "course.toml"
#: The README's generated course table lies between these two lines.
COURSE_START, COURSE_END = "<!-- course:start -->", "<!-- course:end -->"


@dataclass(frozen=True)
class Notebook:
    """One ``[[notebook]]`` of ``notebooks/course.toml`` (its header comment says what each key means)."""
    number: str
    file: str
    title: str
    learn: str
    core_minutes: int
    all_minutes: int
    topic: str = ""
    needs: str = ""
    optional: bool = False
    seeds: bool = False
    seed_count: int = 5
    recipe: bool = False
    reuses_model_of: str | None = None

    @property
    def heading(self) -> str:
        """The notebook's first heading, e.g. ``'00 · Getting started'``."""
        return f"{self.number} · {self.title}"

    @property
    def path(self) -> str:
        """Its path from the repository's root, e.g. ``'notebooks/00_getting_started.ipynb'``."""
        return f"notebooks/{self.file}"


def parse_course(text: str) -> list[Notebook]:
    """The notebooks of a course list's TOML ``text``, checked: numbers in order, each file
    named after its number, no unknown key, the times in order, 00's map filled in, and each
    reused model from an earlier notebook that ``make seeds`` and the recipe follow-ups run too.

    >>> nbs = parse_course('''
    ... [[notebook]]
    ... number = "00"
    ... file = "00_a.ipynb"
    ... title = "A"
    ... learn = "a"
    ... core_minutes = 5
    ... all_minutes = 5
    ... ''')
    >>> nbs[0].path, nbs[0].optional
    ('notebooks/00_a.ipynb', False)
    >>> parse_course('[[notebook]]\\nnumber = "00"\\nfile = "00_a.ipynb"\\ntitel = "A"')
    Traceback (most recent call last):
    ...
    ValueError: course list, notebook 00: unknown key(s) titel
    """
    known = {f.name: f for f in fields(Notebook)}
    notebooks: list[Notebook] = []
    for entry in tomllib.loads(text).get("notebook", []):
        where = f"course list, notebook {entry.get('number', len(notebooks))}"
        unknown = sorted(set(entry) - set(known))
        if unknown:
            raise ValueError(f"{where}: unknown key(s) {', '.join(unknown)}")
        try:
            nb = Notebook(**entry)
        except TypeError as e:
            raise ValueError(f"{where}: {e}") from None
        for key, value in entry.items():
            kind = {"bool": bool, "int": int}.get(str(known[key].type), str)
            if not isinstance(value, kind):
                raise ValueError(f"{where}: {key} should be a {kind.__name__}: {value!r}")
        earlier = {n.number: n for n in notebooks}
        problems = [
            (not (len(nb.number) == 2 and nb.number.isdigit()), "number should be two digits"),
            (bool(notebooks) and nb.number <= notebooks[-1].number, "numbers should increase"),
            (not (nb.file.startswith(nb.number + "_") and nb.file.endswith(".ipynb")),
             f"file should be {nb.number}_<name>.ipynb"),
            (nb.optional != nb.title.endswith(" (optional)"),
             "an optional notebook's title ends in ' (optional)', no other's does"),
            (not 0 < nb.core_minutes <= nb.all_minutes, "0 < core_minutes <= all_minutes"),
            (nb.seed_count < 2, "seed_count: at least 2 seeds (a claim checked on one seed is one run's luck)"),
            (bool(notebooks) and not (nb.topic and nb.needs), "topic and needs (notebook 00's map)"),
            (nb.reuses_model_of is not None and nb.reuses_model_of not in earlier,
             "reuses_model_of should name an earlier notebook"),
        ]
        reused = earlier.get(nb.reuses_model_of)
        if reused:
            problems += [(nb.seeds and not reused.seeds, f"seeds = true needs {reused.number}'s seeds = true"),
                         (nb.seeds and nb.seed_count > reused.seed_count,
                          f"seed_count: at most {reused.number}'s, whose models it reuses"),
                         (reused.recipe and not nb.recipe, f"reuses recipe notebook {reused.number}: recipe = true")]
        for bad, what in problems:
            if bad:
                raise ValueError(f"{where}: {what}")
        notebooks.append(nb)
    if not notebooks:
        raise ValueError("course list: no [[notebook]]")
    return notebooks


def read_course(path: Path | str = COURSE_FILE) -> list[Notebook]:
    """The notebooks of ``notebooks/course.toml`` (or of the list at ``path``), in order."""
    return parse_course(Path(path).read_text(encoding="utf-8"))


def uncached_order(notebooks: list[Notebook]) -> list[Notebook]:
    """The order CI runs the notebooks in without ``notebooks/cache/``: each notebook that
    reuses another's model runs before that one (so each trains the model itself, as for a
    learner who opens it first), otherwise in course order.

    >>> nbs = [Notebook(f"0{i}", f"0{i}_x.ipynb", "x", "x", 1, 1) for i in range(4)]
    >>> nbs[2] = Notebook("02", "02_x.ipynb", "x", "x", 1, 1, reuses_model_of="01")
    >>> nbs[3] = Notebook("03", "03_x.ipynb", "x", "x", 1, 1, reuses_model_of="02")
    >>> [nb.number for nb in uncached_order(nbs)]
    ['00', '03', '02', '01']
    """
    left, order = list(notebooks), []
    while left:
        waiting = {nb.reuses_model_of for nb in left}  # their model's reuser has not run yet
        nb = next(nb for nb in left if nb.number not in waiting)
        order.append(nb)
        left.remove(nb)
    return order


#: The Makefile's lists (this file's command line): which notebooks, in which order.
LISTS = {
    "all": lambda nbs: nbs,
    "core": lambda nbs: [nb for nb in nbs if not nb.optional],
    "optional": lambda nbs: [nb for nb in nbs if nb.optional],
    "uncached": uncached_order,
    "seeds": lambda nbs: [nb for nb in nbs if nb.seeds],
    "recipe": lambda nbs: [nb for nb in nbs if nb.recipe],
}


def number_range(numbers) -> str:
    """``'00–05'`` for consecutive numbers, else the numbers (``'04, 06'``).

    >>> number_range(["00", "01", "02"]), number_range(["04", "06"]), number_range(["06"])
    ('00–02', '04, 06', '06')
    """
    numbers = sorted(numbers)
    if len(numbers) > 1 and int(numbers[-1]) - int(numbers[0]) == len(numbers) - 1:
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(numbers)


def _what(nb: Notebook, text: str) -> str:
    return f"*(optional)* {text}" if nb.optional else text


def course_table(notebooks: list[Notebook], link: bool = False) -> str:
    """The README's course table (the website's with ``link``: each notebook's title, linked).

    >>> print(course_table(read_course()).splitlines()[2])
    | 00 | `00_getting_started.ipynb` | check your setup; how the course is organised; the project's test digits | 12 / 15 min |
    >>> course_table(read_course(), link=True).splitlines()[-1].split(" | ")[1]
    '[06 · Going further with augmentation (optional)](notebooks/06_going_further.ipynb)'
    """
    rows = ["| | notebook | what you learn | time: core path / everything |", "| --- | --- | --- | --- |"]
    for nb in notebooks:
        name = f"[{nb.heading}]({nb.path})" if link else f"`{nb.file}`"
        rows.append(f"| {nb.number} | {name} | {_what(nb, nb.learn)} | {nb.core_minutes} / {nb.all_minutes} min |")
    return "\n".join(rows)


def course_summary(notebooks: list[Notebook]) -> str:
    """One sentence: which notebooks are the course, which go further.

    >>> course_summary(read_course())
    'Notebooks 00–05 are the course, one class each; 06 (optional) goes further, for another class or a project.'
    """
    core = number_range(nb.number for nb in LISTS["core"](notebooks))
    optional = [nb.number for nb in LISTS["optional"](notebooks)]
    text = f"Notebooks {core} are the course, one class each"
    if optional:
        text += f"; {number_range(optional)} (optional) " + ("goes" if len(optional) == 1 else "go") \
            + " further, for another class or a project"
    return text + "."


def readme_block(notebooks: list[Notebook]) -> str:
    """What the README holds between :data:`COURSE_START` and :data:`COURSE_END`."""
    return course_table(notebooks) + "\n\n" + course_summary(notebooks)


def course_map(notebooks: list[Notebook]) -> str:
    """Notebook 00's map of the course ("How the course is organised"): every later notebook.

    >>> print(course_map(read_course()).splitlines()[2])
    | 01 | neurons, layers, backpropagation: the maths, from scratch in NumPy, checked numerically | some linear algebra and derivatives |
    """
    rows = ["| notebook | topic | needs |", "| --- | --- | --- |"]
    rows += [f"| {nb.number} | {_what(nb, nb.topic)} | {nb.needs} |" for nb in notebooks[1:]]
    return "\n".join(rows)


def replace_between_markers(text: str, new: str, start: str, end: str) -> str:
    """``text`` with whatever lies between the lines ``start`` and ``end`` replaced by ``new``
    (markers kept, everything else untouched). Each marker must occur once, ``start`` first.

    >>> replace_between_markers("a\\n<!-- x -->\\nold\\n<!-- /x -->\\nb\\n", "new", "<!-- x -->", "<!-- /x -->")
    'a\\n<!-- x -->\\nnew\\n<!-- /x -->\\nb\\n'
    """
    if text.count(start) != 1 or text.count(end) != 1:
        raise ValueError(f"expected exactly one {start!r} and one {end!r}")
    i, j = text.index(start) + len(start), text.index(end)
    if j < i:
        raise ValueError(f"{end!r} comes before {start!r}")
    return text[:i] + "\n" + new.strip("\n") + "\n" + text[j:]


MAP_HEADER = "| notebook | topic | needs |"


def write_course_files(notebooks: list[Notebook], root: Path = ROOT) -> list[str]:
    """Rewrite, from the list, the README's course block and the map in the first notebook's
    Markdown (the table from its header :data:`MAP_HEADER` to its last row; nothing else of
    the notebook changes: its JSON is written back as nbformat writes it). Returns the files
    that changed."""
    changed = []
    readme = root / "README.md"
    old = readme.read_text(encoding="utf-8")
    new = replace_between_markers(old, readme_block(notebooks), COURSE_START, COURSE_END)
    if new != old:
        readme.write_text(new, encoding="utf-8")
        changed.append("README.md")
    path = root / notebooks[0].path
    old = path.read_text(encoding="utf-8")
    nb = json.loads(old)
    cells = [c for c in nb["cells"] if c["cell_type"] == "markdown" and MAP_HEADER in "".join(c["source"])]
    if len(cells) != 1:
        raise ValueError(f"{path.name}: expected one Markdown cell with {MAP_HEADER!r}, found {len(cells)}")
    lines = "".join(cells[0]["source"]).split("\n")
    start = lines.index(MAP_HEADER)
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))
    lines[start:end] = course_map(notebooks).split("\n")
    text = "\n".join(lines)
    cells[0]["source"] = text.splitlines(keepends=True)
    new = json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    if new != old:
        path.write_text(new, encoding="utf-8")
        changed.append(notebooks[0].path)
    return changed


def main(argv=None) -> int:
    """Command line: print a list of notebooks (for the Makefile), the README's course
    block or notebook 00's map; ``write`` rewrites both in place."""
    parser = argparse.ArgumentParser(description="The course list (notebooks/course.toml).")
    parser.add_argument("what", choices=[*LISTS, "readme", "map", "write"],
                        help="a list of notebooks (paths, in order, on one line), the README's "
                             "course block, notebook 00's map, or write: rewrite both")
    parser.add_argument("--numbers", action="store_true", help="the lists: numbers, not paths")
    args = parser.parse_args(argv)
    notebooks = read_course()
    if args.what in LISTS:
        print(" ".join(nb.number if args.numbers else nb.path for nb in LISTS[args.what](notebooks)))
    elif args.what == "map":
        print(course_map(notebooks))
    elif args.what == "write":
        print("rewritten:", ", ".join(write_course_files(notebooks)) or "nothing (already up to date)")
    else:
        print(readme_block(notebooks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
