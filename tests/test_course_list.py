"""One list of the course (notebooks/course.toml, read by helpers/course.py), and the maps of
the tree a newcomer reads first: every consumer of the list reads it or agrees with it, a new
notebook reaches all of them, and the README's and CONTRIBUTING's maps name what is there."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers.course import (COURSE_END, COURSE_START, course_map, parse_course, read_course,
                            readme_block)

ROOT = Path(__file__).resolve().parent.parent
COURSE = read_course()


# ---- the list and the notebooks ---------------------------------------------------

def test_the_list_names_every_notebook_and_only_those():
    on_disk = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert [nb.file for nb in COURSE] == on_disk, "notebooks/course.toml and notebooks/*.ipynb differ"


@pytest.mark.parametrize("nb", COURSE, ids=lambda nb: nb.number)
def test_each_notebook_has_the_title_of_the_list(nb):
    first = nbformat.read(ROOT / nb.path, as_version=4).cells[0].source.splitlines()[0]
    assert first == f"# {nb.heading}", f"{nb.file}: its title and course.toml's should agree"


def test_the_readme_course_table_is_the_lists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split(COURSE_START, 1)[1].split(COURSE_END, 1)[0]
    assert block.strip() == readme_block(COURSE), \
        "README's course table is out of date: run `.venv/bin/python -P helpers/course.py write`"


def test_notebook_00s_map_is_the_lists():
    cells = [c.source for c in nbformat.read(ROOT / COURSE[0].path, as_version=4).cells
             if c.cell_type == "markdown" and "| notebook | topic | needs |" in c.source]
    assert len(cells) == 1 and course_map(COURSE) in cells[0], \
        "notebook 00's map of the course is out of date: run `.venv/bin/python -P helpers/course.py write`"


def test_the_list_is_checked_when_read():
    entry = 'number = "00"\nfile = "00_a.ipynb"\ntitle = "A"\nlearn = "a"\ncore_minutes = 5\nall_minutes = 5\n'
    later = 'number = "01"\nfile = "01_b.ipynb"\ntitle = "B"\nlearn = "b"\ncore_minutes = 5\nall_minutes = 9\n'
    assert len(parse_course(f"[[notebook]]\n{entry}[[notebook]]\n{later}topic = 't'\nneeds = '00'\n")) == 2
    for bad, why in [
        (f"[[notebook]]\n{entry}[[notebook]]\n{later}", "topic and needs"),  # 00's map
        (f"[[notebook]]\n{entry}optional = true\n", "title ends in ' (optional)'"),
        (f"[[notebook]]\n{entry}seeds = 'yes'\n", "seeds should be a bool"),
        (f"[[notebook]]\n{later}topic = 't'\nneeds = '00'\n[[notebook]]\n{entry}", "numbers should increase"),
        (f"[[notebook]]\n{entry}reuses_model_of = '01'\n", "earlier notebook"),
        (f"[[notebook]]\n{entry}recipe = true\n[[notebook]]\n{later}topic = 't'\nneeds = '00'\n"
         "reuses_model_of = '00'\n", "recipe = true"),
    ]:
        with pytest.raises(ValueError, match=re.escape(why)):
            parse_course(bad)


# ---- a throwaway notebook 07 reaches every consumer ---------------------------------

THROWAWAY = """
[[notebook]]
number = "07"
file = "07_throwaway.ipynb"
title = "A throwaway notebook (optional)"
learn = "nothing: a test's notebook"
topic = "nothing"
needs = "06"
core_minutes = 45
all_minutes = 50
optional = true
seeds = true
recipe = true
reuses_model_of = "06"
"""

#: Run in the copy: what each Python consumer makes of the copy's list.
PROBE = """
import datetime, json, sys
sys.path[:0] = [".", "docs"]
import build
from benchmarks import readme, results, seeds, targets
from helpers import course

nbs = course.read_course()
runs = [results.NotebookRun(nb.file, 60.0, 10**9) for nb in nbs]
res = results.Results({"cpus_usable": 2, "cpu_model": "x"}, datetime.datetime(2026, 1, 1), True, runs, 0.0,
                      runs, 0.0, None, None, {"tensorflow": "x"}, None)
print(json.dumps({
    "course": course.__file__, "targets": targets.__file__, "build": build.__file__,
    "landing": build.landing_page(open("README.md", encoding="utf-8").read(), nbs),
    "optional": targets.OPTIONAL_NOTEBOOKS, "core_label": targets.core_label(nb.file for nb in nbs),
    "bench_lines": readme.readme_section(res), "seeds": seeds.DEFAULT_NOTEBOOKS,
}))
"""


@pytest.fixture(scope="module")
def tree_with_07(tmp_path_factory):
    """A copy of what the consumers need (of the notebooks only 00, which holds the map), with
    notebook 07 added to notebooks/ and to its course list."""
    copy = tmp_path_factory.mktemp("tree")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("helpers", "benchmarks", "tools"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=ignore)
    (copy / "docs").mkdir()
    (copy / "notebooks").mkdir()
    for name in ("README.md", "Makefile", "docs/build.py", COURSE[0].path):
        shutil.copy2(ROOT / name, copy / name)
    (copy / "notebooks" / "course.toml").write_text(
        (ROOT / "notebooks" / "course.toml").read_text(encoding="utf-8") + THROWAWAY, encoding="utf-8")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "# 07 · A throwaway notebook (optional)\n\n"
        "**Time**: core path about 45 minutes, everything about 50 minutes.")])
    nbformat.write(nb, copy / "notebooks" / "07_throwaway.ipynb")
    return copy


def _run(args, cwd) -> str:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{args}: {done.stderr}"
    return done.stdout


def test_the_copy_lists_07(tree_with_07):
    course = read_course(tree_with_07 / "notebooks" / "course.toml")
    assert course[-1].file == "07_throwaway.ipynb" and course[-1].optional
    assert course[-1].heading in (tree_with_07 / "notebooks" / "07_throwaway.ipynb").read_text(encoding="utf-8")


def test_07_reaches_the_readme_and_notebook_00s_map(tree_with_07):
    out = _run([sys.executable, "-P", "helpers/course.py", "write"], tree_with_07)
    assert out == f"rewritten: README.md, {COURSE[0].path}\n"
    readme = (tree_with_07 / "README.md").read_text(encoding="utf-8")
    assert "| 07 | `07_throwaway.ipynb` | *(optional)* nothing: a test's notebook | 45 / 50 min |" in readme
    assert "Notebooks 00–05 are the course, one class each; 06–07 (optional) go further" in readme
    # everything outside the markers is as it was
    before = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.split(COURSE_START)[0] == before.split(COURSE_START)[0]
    assert readme.split(COURSE_END)[1] == before.split(COURSE_END)[1]
    assert _run([sys.executable, "-P", "helpers/course.py", "map"], tree_with_07).splitlines()[-1] == \
        "| 07 | *(optional)* nothing | 06 |"
    # notebook 00: the map gained 07's row, and nothing else changed
    old = nbformat.read(ROOT / COURSE[0].path, as_version=4)
    new = nbformat.read(tree_with_07 / COURSE[0].path, as_version=4)
    changed = [i for i, (a, b) in enumerate(zip(old.cells, new.cells)) if a != b]
    assert len(old.cells) == len(new.cells) and len(changed) == 1, changed
    cell = new.cells[changed[0]]
    assert cell.cell_type == "markdown"
    assert course_map(read_course(tree_with_07 / "notebooks" / "course.toml")) + "\n" in cell.source

    def prose(text):
        return [line for line in text.splitlines() if not line.startswith("|")]
    assert prose(cell.source) == prose(old.cells[changed[0]].source)
    assert _run([sys.executable, "-P", "helpers/course.py", "write"], tree_with_07) == \
        "rewritten: nothing (already up to date)\n"


def test_07_reaches_the_makefile_lists(tree_with_07):
    out = _run(["make", "-s", "--no-print-directory", "--eval", "print-%: ; @echo $*=$($*)",
                "print-NB_ALL", "print-NB_CORE", "print-NB_UNCACHED", "print-NB_RECIPE",
                f"COURSE_PYTHON={sys.executable}"], tree_with_07)
    lists = {k: [p.removeprefix("notebooks/")[:2] for p in v.split()]
             for k, v in (line.split("=", 1) for line in out.splitlines())}
    assert lists["NB_ALL"] == ["00", "01", "02", "03", "04", "05", "06", "07"]
    assert lists["NB_CORE"] == ["00", "01", "02", "03", "04", "05"]  # the no-oneDNN run: not 07
    assert lists["NB_UNCACHED"] == ["00", "01", "02", "03", "07", "06", "05", "04"]  # 07 trains 06's model
    assert lists["NB_RECIPE"] == ["04", "05", "06", "07"]
    dry = _run(["make", "-n", "--no-print-directory", "refresh-results", f"COURSE_PYTHON={sys.executable}",
                "STAMP="], tree_with_07)  # STAMP: the copy has no environment to install
    assert "tools/notebooks.py notebooks/04_mnist_cnn.ipynb notebooks/05_data_augmentation.ipynb " \
           "notebooks/06_going_further.ipynb notebooks/07_throwaway.ipynb" in dry
    assert dry.index("tools/notebooks.py") < dry.index("benchmarks/seeds.py") < dry.index("benchmarks/run.py")


def test_07_reaches_the_site_the_benchmark_and_the_seeds(tree_with_07):
    got = json.loads(_run([sys.executable, "-c", PROBE], tree_with_07))
    for module in ("course", "targets", "build"):  # the copy's own modules, not the tree's
        assert Path(got[module]).is_relative_to(tree_with_07), got[module]
    landing = got["landing"]
    assert "| 07 | [07 · A throwaway notebook (optional)](notebooks/07_throwaway.ipynb) |" in landing
    toc = landing.split(":caption: Notebooks", 1)[1].split("```", 1)[0].split()
    assert toc == [f"notebooks/{nb.file.removesuffix('.ipynb')}" for nb in COURSE] + ["notebooks/07_throwaway"]
    assert got["optional"] == ["06", "07"] and got["core_label"] == "core 00–05"
    assert "the core 00–05 notebooks run in 6.0 min on 2 CPUs" in got["bench_lines"]  # 07 not in the core time
    assert "the optional 06, 07 in 2.0 and 2.0 min more" in got["bench_lines"]
    assert got["seeds"] == ["02", "04", "05", "06", "07"]


# ---- the maps of the tree -------------------------------------------------------------

def _tracked_top_level_folders() -> set[str]:
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return {line.split("/", 1)[0] for line in files.splitlines() if "/" in line}


def _helpers_subpackages() -> set[str]:
    return {p.parent.name for p in (ROOT / "helpers").glob("*/__init__.py")}


def _section(text: str, heading: str) -> str:
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_the_readme_is_short():
    size = len((ROOT / "README.md").read_bytes())
    assert size <= 8000, f"README.md is {size:,} bytes: the learner's first screen stays within 8,000"


def test_the_readme_names_every_top_level_folder():
    section = _section((ROOT / "README.md").read_text(encoding="utf-8"), "What is where")
    missing = sorted(f for f in _tracked_top_level_folders() if f"`{f}/`" not in section)
    assert not missing, f"README's 'What is where' does not name {missing}"


def test_contributings_map_matches_the_tree():
    """Every path CONTRIBUTING's "Where things live" names exists (a folder, a helpers
    subpackage, a file), and every top-level folder git tracks and every helpers subpackage
    is named there."""
    section = _section((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"), "Where things live")
    named = set(re.findall(r"`([^`\s]+/[^`\s]*)`", section))
    concrete = {p for p in named if not re.search(r"[<>*~]", p)}
    missing = sorted(p for p in concrete if not (ROOT / p).exists())
    missing += sorted(p for p in named if re.match(r"helpers/\w+/", p)
                      and not (ROOT / "helpers" / p.split("/")[1] / "__init__.py").is_file())
    assert not missing, f"CONTRIBUTING's map names what is not in the tree: {sorted(set(missing))}"
    unnamed = sorted(f"{f}/" for f in _tracked_top_level_folders() if not any(p.startswith(f"{f}/") for p in named))
    unnamed += sorted(f"helpers/{s}/" for s in _helpers_subpackages()
                      if not any(p.startswith(f"helpers/{s}/") for p in named))
    assert not unnamed, f"CONTRIBUTING's map does not name {unnamed}"


def test_the_makefile_header_names_every_target():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    header = makefile.split("\n\n", 1)[0]
    phony = re.search(r"^\.PHONY:((?:.*\\\n)*.*)$", makefile, re.M).group(1).replace("\\\n", " ").split()
    assert len(phony) > 10
    missing = [t for t in phony if not re.search(rf"^#\s+make {re.escape(t)}\b", header, re.M)]
    assert not missing, f"the Makefile's header comment does not describe {missing}"


def test_the_makefile_defines_each_variable_before_a_rule_names_it():
    """make expands a prerequisite list when it reads the rule: a variable defined later is empty
    there (the old `test-variants: $(STAMP) $(COLAB_STAMP)`)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    defined: set[str] = set()
    for line in makefile.splitlines():
        if m := re.match(r"^([A-Z_]+)\s*(?::=|\?=|=|\+=)", line):
            defined.add(m.group(1))
        elif re.match(r"^[^\t#=]+:(?!=)", line):  # a rule: its targets and prerequisites
            used = set(re.findall(r"\$\(([A-Z_]+)\)", line))
            assert used <= defined, f"{line!r} names {sorted(used - defined)} before they are defined"
