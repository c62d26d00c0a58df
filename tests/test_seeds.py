"""The seed runner's pure parts (benchmarks/seeds.py) and its committed results
(benchmarks/seeds.md; notebooks/data/seeds.csv, which notebook 06 reads)."""

import csv
import re
import tempfile
from pathlib import Path

import nbformat
import pytest

from benchmarks import seeds
from helpers.course import read_course


def test_set_seed_keeps_the_lines_around_it():
    assert seeds.set_seed("SEED = 42\n\nx = SEED\n", 0) == "SEED = 0\n\nx = SEED\n"
    assert seeds.set_seed("SEED = 42  \n", 1) == "SEED = 1\n"


def test_the_seed_results_are_course_data_and_notebooks_read_only_course_files():
    """The ten-seed table notebook 06 shows comes from notebooks/data/seeds.csv, beside the
    notebooks (Colab and Binder have it; no developer folder is read)."""
    assert seeds.OUT_CSV == seeds.NOTEBOOKS / "data" / "seeds.csv" and seeds.OUT_CSV.is_file()
    sources = {path.name: "\n".join(c.source for c in nbformat.read(path, as_version=4).cells
                                    if c.cell_type == "code")
               for path in sorted(seeds.NOTEBOOKS.glob("*.ipynb"))}
    reads_benchmarks = re.compile(r'/ "benchmarks"|\.\./benchmarks/')  # a path into benchmarks/
    assert not [name for name, text in sources.items() if reads_benchmarks.search(text)]
    assert any('Path("data") / "seeds.csv"' in text for text in sources.values())


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
    """Every notebook after 00 (which trains nothing) has the one seed cell `make seeds` replaces;
    `make seeds` runs the ones notebooks/course.toml marks `seeds = true`."""
    course = read_course()
    assert seeds.DEFAULT_NOTEBOOKS == tuple(nb.number for nb in course if nb.seeds)
    for nb in course[1:]:
        seeds.inject_seed(nbformat.read(seeds.ROOT / nb.path, as_version=4), 0)


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


# ---- the committed report covers the committed notebooks ------------------------

#: The tag of a cell whose claims are about committed data that no seed changes (notebook 06's
#: seed table reads notebooks/data/seeds.csv itself): nbval checks them on every run, and a seed
#: run could not (it reads the file it is about to rewrite).
SEED_INDEPENDENT = seeds.SEED_INDEPENDENT


def printed_claims(path: Path) -> list[str]:
    """Every claim the committed notebook at ``path`` printed through
    helpers.check_claims: its stdout lines "✓ <claim>" (or "✗ <claim>"), in order, once each,
    except in cells tagged :data:`SEED_INDEPENDENT`."""
    claims = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code" or SEED_INDEPENDENT in cell.metadata.get("tags", []):
            continue
        text = "".join(o.get("text", "") for o in cell.get("outputs", [])
                       if o.get("output_type") == "stream" and o.get("name") == "stdout")
        claims += [line[2:] for line in text.splitlines() if line.startswith(("✓ ", "✗ "))]
    return list(dict.fromkeys(claims))


def test_printed_claims_reads_check_claims_lines():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("check_claims(...)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="acc 0.99\n✓ acc ≥ 0.98\n"),
                    nbformat.v4.new_output("stream", name="stdout", text="✓ it reads 7 of 10\n0 at 15%. ✓\n")]
    about_data = nbformat.v4.new_code_cell("check_claims(five_seed_table)")
    about_data.metadata["tags"] = [SEED_INDEPENDENT]
    about_data.outputs = [nbformat.v4.new_output("stream", name="stdout", text="✓ better in every seed\n")]
    nb.cells = [nbformat.v4.new_markdown_cell("✓ prose"), cell, about_data]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.ipynb"
        nbformat.write(nb, path)
        assert printed_claims(path) == ["acc ≥ 0.98", "it reads 7 of 10"]


@pytest.mark.parametrize("prefix", seeds.DEFAULT_NOTEBOOKS)
def test_every_committed_claim_held_for_every_seed_in_seeds_csv(prefix):
    """Each claim the committed notebook prints is a claim row of notebooks/data/seeds.csv
    with value 1 for every seed of the notebook (0 .. course.toml's seed_count - 1): `make seeds` was run on the notebooks as
    committed, and every claim held. (Changed a claim, a bound or a recipe? Run `make seeds`.)"""
    paths = sorted(seeds.NOTEBOOKS.glob(f"{prefix}*.ipynb"))
    assert len(paths) == 1, f"the seed runner's default list names {prefix}, but notebooks/ has {len(paths)} such notebooks"
    claims = printed_claims(paths[0])
    assert claims, f"{paths[0].name} prints no claim"
    with seeds.OUT_CSV.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["notebook"] == prefix and r["kind"] == "claim"]
    values: dict = {}
    for r in rows:
        values.setdefault((r["name"], int(r["seed"])), []).append(r["value"])
    missing, failed = {}, {}  # claim -> the seeds lacking a row / where it failed
    for claim in claims:
        for seed in range(seeds.SEED_COUNTS[prefix]):
            got = values.get((claim, seed))
            if not got:
                missing.setdefault(claim, []).append(seed)
            elif any(v != "1" for v in got):
                failed.setdefault(claim, []).append(seed)
    if missing or failed:
        lines = [f"{what} for seeds {', '.join(map(str, ss))}: {claim}"
                 for what, bad in (("no row", missing), ("failed", failed)) for claim, ss in bad.items()]
        pytest.fail(f"{paths[0].name}: of its {len(claims)} claims, {len(missing)} lack a row in seeds.csv "
                    f"for some seed and {len(failed)} failed for some seed (run `make seeds`):\n  "
                    + "\n  ".join(lines), pytrace=False)


def test_seeds_md_reports_no_failed_claim_for_the_default_notebooks():
    text = seeds.OUT_MD.read_text(encoding="utf-8")
    made_for = f"notebooks {', '.join(seeds.DEFAULT_NOTEBOOKS)} executed"
    assert made_for in text, f"seeds.md was not made for the default notebooks (no {made_for!r}): run `make seeds`"
    verdict = [line for line in text.splitlines() if line.startswith("**") and line.endswith("**")]
    assert verdict == [f"**{seeds.ALL_HELD}**"], f"seeds.md reports: {verdict}"
    assert "✗" not in text


def test_merge_keeps_other_runs_and_replaces_the_ones_run_again():
    old = [dict(notebook=nb, seed=s, kind="claim", name="x", value=0) for nb in ("05", "06") for s in (0, 1)]
    new = [dict(notebook="06", seed=1, kind="claim", name="x", value=1)]
    merged = seeds.merge_rows(old, new, {("06", 1)})
    assert [(r["notebook"], r["seed"], r["value"]) for r in merged] == [("05", 0, 0), ("05", 1, 0), ("06", 0, 0),
                                                                        ("06", 1, 1)]


def test_seed_independent_cells_are_not_run_under_other_seeds():
    nb = nbformat.v4.new_notebook()
    tagged = nbformat.v4.new_code_cell("check_claims(five_seed_table)")
    tagged.metadata["tags"] = [seeds.SEED_INDEPENDENT]
    nb.cells = [nbformat.v4.new_code_cell("SEED = 42"), tagged]
    assert seeds.skip_seed_independent(nb) == 1
    assert "check_claims" not in nb.cells[1].source and nb.cells[0].source == "SEED = 42"
