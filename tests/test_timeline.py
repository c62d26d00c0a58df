"""The instructors' timelines (benchmarks/timeline.py, docs/instructors.md): every class has one,
it adds up to the notebook's Time line, it is what the tool writes from the notebooks and the
measured cell times, and those times are current (every code cell of every notebook measured)."""

import json
from pathlib import Path

import nbformat
import pytest

from benchmarks import timeline
from helpers.course import read_course

ROOT = Path(__file__).resolve().parent.parent
COURSE = read_course()


def test_the_page_holds_what_the_tool_writes():
    page = timeline.PAGE.read_text(encoding="utf-8")
    assert timeline.page_text(page) == page, "run `.venv/bin/python benchmarks/timeline.py` and commit docs/instructors.md"


@pytest.mark.parametrize("entry", COURSE, ids=lambda e: e.number)
def test_every_class_has_a_timeline_that_adds_up_to_its_time_line(entry):
    page = timeline.PAGE.read_text(encoding="utf-8")
    start, end = (m.format(number=entry.number) for m in timeline.MARKERS)
    assert start in page and end in page, f"docs/instructors.md has no timeline for {entry.number}"
    rows = timeline.minutes(nbformat.read(ROOT / entry.path, as_version=4), {})
    core = [r["read"] + r["run"] + r["practice"] for r in rows if not r["optional"]]
    assert sum(timeline._apportion(core, entry.core_minutes)) == entry.core_minutes
    # the written-down clock and the fresh readers' Time line agree within a third
    assert 0.67 <= timeline.core_total(entry.number) / entry.core_minutes <= 1.5, \
        f"{entry.number}: the clock says {timeline.core_total(entry.number):.0f} minutes, the Time line {entry.core_minutes}"


@pytest.mark.parametrize("entry", COURSE, ids=lambda e: e.number)
def test_every_code_cell_has_a_measured_run_time(entry):
    measured = json.loads(timeline.DATA.read_text(encoding="utf-8")).get(entry.file, {})
    nb = nbformat.read(ROOT / entry.path, as_version=4)
    missing = [c.id for c in nb.cells if c.cell_type == "code" and c.id not in measured]
    assert not missing, f"{entry.file}: cells without a run time {missing[:5]}: run benchmarks/timeline.py --measure"
