"""The instructors' material around the notebooks: every figure as a file with a readable name
(``docs/figures.py``), MNIST's credit wherever a figure shows MNIST digits, and the set-up page's
JupyterHub sizing table (``benchmarks/sizing.py``), which must be the one ``make bench``'s
results give. The site is built as ``tests/test_site.py`` builds it (its fixtures)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from benchmarks import sizing
from docs import figures
from test_site import _figure_alts, site, site_build  # noqa: F401 -- shared fixtures

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CREDIT = "MNIST digits: the MNIST database"


def _credited_cells(path: Path) -> list:
    return [c for c in nbformat.read(path, as_version=4).cells if figures.shows_mnist(c)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_every_figure_gets_a_readable_unique_name(path):
    found = figures.figures(path)
    assert [f["alt"] for f in found] == _figure_alts(path), "one file per figure, in order, with its alt text"
    names = [f["name"] for f in found]
    assert len(set(names)) == len(names)
    for name, figure in zip(names, found):
        assert re.fullmatch(rf"{path.name[:2]}-\d\d-[a-z0-9]+(-[a-z0-9]+)*\.png", name), name
        assert figure["png"].startswith(b"\x89PNG"), name


def test_the_figures_that_show_mnist_are_marked():
    """The notebooks that show MNIST digits mark those figures (nn4.credit), and only figures."""
    marked = {p.name[:2]: len(_credited_cells(p)) for p in NOTEBOOKS}
    assert all(marked[n] > 0 for n in ("00", "04", "05", "06")), marked
    for path in NOTEBOOKS:
        for cell in _credited_cells(path):
            assert any("image/png" in o.get("data", {}) or "<img " in o.get("data", {}).get("text/html", "")
                       for o in cell.outputs), f"{path.name}: a credited cell shows no figure"


def test_the_site_credits_mnist_under_each_such_figure_and_serves_every_file(site):  # noqa: F811
    for path in NOTEBOOKS:
        credited = len(_credited_cells(path))
        page = (site / "notebooks" / f"{path.stem}.html").read_text(encoding="utf-8")
        assert page.count(CREDIT) == credited, f"{path.name}: the page credits MNIST {page.count(CREDIT)} times"
        deck = (site / "slides" / f"{path.stem}.html").read_text(encoding="utf-8")
        nb = nbformat.read(path, as_version=4)
        on_slides = sum(figures.shows_mnist(c) and c.metadata.get("slideshow", {}).get("slide_type") != "skip"
                        for c in nb.cells)
        assert deck.count(CREDIT) == on_slides, f"{path.name}: the deck credits MNIST {deck.count(CREDIT)} times"
        for figure in figures.figures(path):
            assert (site / "figures" / path.stem / figure["name"]).read_bytes() == figure["png"]
    listing = (site / "figures.html").read_text(encoding="utf-8")
    assert listing.count(CREDIT) == sum(f["mnist"] for p in NOTEBOOKS for f in figures.figures(p))
    assert listing.count(" download>") == sum(len(figures.figures(p)) for p in NOTEBOOKS)
    assert (site / "setup.html").is_file()


def test_the_sizing_table_is_what_the_benchmark_measured():
    """docs/setup.md's table is benchmarks/sizing.py's from benchmarks/results.md (run it after make bench)."""
    page = sizing.PAGE.read_text(encoding="utf-8")
    assert sizing.page_text(page, sizing.RESULTS.read_text(encoding="utf-8")) == page, \
        "the sizing table is stale: run .venv/bin/python benchmarks/sizing.py"


def test_the_sizing_arithmetic():
    data = {"date": "2026-01-01", "cpus": 2, "cpu": "X", "server_mb": 100, "guarded_session_mb": 1500,
            "notebooks": {"04": {"seconds_all": 80.0, "seconds_one": 120.0, "peak_mb": 900}}}
    row = sizing.table(data).splitlines()[2]
    # 40 × (900 + 100) MB = 40 GB; 120 s × 40 / 40 cores = 2.0 min; / 16 cores = 5.0 min
    assert row == "| 04 | 900 MB | 120 s | 80 s | 40 GB | 2.0 min | 5.0 min |"
