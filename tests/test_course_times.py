"""Every notebook states its two times the same way, marks optional parts the same way, and
states the times the course list gives it (notebooks/course.toml, from which the README's
table, notebook 00's map and the website are made; issue: times that are true)."""

import re
from pathlib import Path

import nbformat
import pytest

from helpers.course import read_course

ROOT = Path(__file__).resolve().parent.parent
COURSE = {nb.file: nb for nb in read_course()}
NOTEBOOKS = [ROOT / "notebooks" / name for name in COURSE]  # tests/test_course_list.py: the same as on disk
TIME_LINE = re.compile(r"^\*\*Time\*\*: core path about (\d+) minutes, everything about (\d+) minutes\.", re.MULTILINE)
#: Ways of marking a part optional other than the one convention (a heading ending in " (optional)"):
#: a paragraph opening with "*(Optional.)*" or "*(Optional:)*", or a bold lead-in "**Something (optional)**".
#: Mentioning the convention itself ("their heading ends in *(optional)*") is fine.
OTHER_MARKINGS = re.compile(r"^\s*\*{1,2}\(optional|\(optional[.:]\)|\*\*[^*]*\(optional\)\*\*", re.IGNORECASE)


def stated_times(path):
    """(core, everything) in minutes, from the title cell's Time line."""
    title = nbformat.read(path, as_version=4).cells[0].source
    found = TIME_LINE.findall(title)
    assert len(found) == 1, f"{path.name}: the title cell needs one line '**Time**: core path about N minutes, " \
                            "everything about M minutes.'"
    return tuple(int(n) for n in found[0])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_each_notebook_states_core_and_whole_time(path):
    core, everything = stated_times(path)
    assert 0 < core <= everything
    if path.name[:2] not in ("00",):  # a class of 60-90 minutes: the core path (with its questions) fits
        assert 45 <= core <= 75, f"{path.name}: core path {core} minutes"  # in 75, leaving time to start and talk


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_optional_parts_are_marked_one_way(path):
    for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.startswith("#") and "(optional" in line.lower():
                assert line.rstrip().endswith(" (optional)"), f"{path.name} cell {i}: {line!r}"
            else:
                assert not OTHER_MARKINGS.search(line), f"{path.name} cell {i}: mark optional parts with a " \
                                                        f"heading ending in ' (optional)': {line!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_each_notebook_states_the_times_of_the_course_list(path):
    listed = COURSE[path.name]
    assert stated_times(path) == (listed.core_minutes, listed.all_minutes), \
        f"{path.name}: its Time line and notebooks/course.toml (core_minutes, all_minutes) should agree"
