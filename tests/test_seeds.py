"""The seed runner's pure parts (benchmarks/seeds.py)."""

import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import seeds  # noqa: E402


def test_set_seed_replaces_the_one_line():
    assert seeds.set_seed("a = 1\nSEED = 42\nb = SEED\n", 3) == "a = 1\nSEED = 3\nb = SEED\n"
    with pytest.raises(ValueError):
        seeds.set_seed("x = 1\n", 3)


def test_inject_seed_finds_the_seed_cell():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("SEED = 1 in prose"), nbformat.v4.new_code_cell("import x"),
                nbformat.v4.new_code_cell("SEED = 42\nseed_everything(SEED)")]
    assert seeds.inject_seed(nb, 4) == 2
    assert nb.cells[2].source == "SEED = 4\nseed_everything(SEED)"


def test_every_seeded_notebook_has_one_seed_cell():
    for path in sorted(seeds.NOTEBOOKS.glob("0[1-5]*.ipynb")):
        seeds.inject_seed(nbformat.read(path, as_version=4), 0)


def test_rows_and_summary():
    records = [{"claims": {"good": True, "bad": False}, "numbers": {"acc": 0.99}}]
    rows = seeds.rows_from_records("04", 0, records, ["cell 3: ValueError: x"])
    assert {(r["kind"], r["name"]) for r in rows} == {("claim", "good"), ("claim", "bad"), ("number", "acc"),
                                                      ("error", "cell 3: ValueError: x")}
    rows += seeds.rows_from_records("04", 1, [{"claims": {"good": True, "bad": True}, "numbers": {"acc": 0.98}}], [])
    text = seeds.summarise(rows, [0, 1])
    assert "| good | ✓ | ✓ |" in text
    assert "| bad | ✗ | ✓ |" in text
    assert "| acc | 0.985 | 0.0071 | 0.98 | 0.99 | 2 |" in text
    assert "seed 0: cell 3: ValueError: x" in text
