"""Run notebooks with other seeds, without editing them, and report every claim.

The notebooks invite learners to change ``SEED``. This script checks that
doing so is safe: it executes notebooks from a fresh kernel with the seed cell's
``SEED = 42`` replaced by another value (in memory; the files on disk are not
touched), lets every cell run even after a failed claim, and collects what
:func:`helpers.check_claims` recorded: each claim's outcome and the key
numbers behind it.

    make seeds                                  # the notebooks course.toml marks `seeds = true`
                                                # (02, 04, 05, 06) for seeds 0-4 -> benchmarks/seeds.md,
                                                # notebooks/data/seeds.csv
    .venv/bin/python benchmarks/seeds.py --seeds 3 --notebooks 04 --save /tmp/out
                                                # one notebook, one seed, keep the executed copy
    .venv/bin/python benchmarks/seeds.py --seeds 0 1 --notebooks 06 --merge
                                                # re-run only these (e.g. after a claim changed):
                                                # their rows replace the old ones in seeds.csv

Notebooks run in ``notebooks/`` (as in JupyterLab), in the order given, so 05
finds the plain model 04 trained with the same seed in ``notebooks/cache/``,
and 06 the "MNIST + inverted" model 05 trained with it.

It writes ``notebooks/data/seeds.csv`` (one row per notebook, seed and number or
claim: course data, since notebook 06 shows its ten-seed comparison from it) and
``benchmarks/seeds.md`` (every claim's outcome per seed; each number's mean,
standard deviation, minimum and maximum over the seeds).
The summarising functions at the top need no Jupyter and are unit-tested.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from helpers.course import read_course  # noqa: E402 -- the course list, notebooks/course.toml
from tools.notebooks import execute  # noqa: E402 -- one way to execute a notebook, one cell timeout

NOTEBOOKS = ROOT / "notebooks"
OUT_CSV = NOTEBOOKS / "data" / "seeds.csv"  #: read by notebook 06 (its ten-seed comparison)
OUT_MD = Path(__file__).resolve().parent / "seeds.md"

#: course.toml's ``seeds = true``, in course order: a notebook that reuses another's model comes after it
#: (05 reuses 04's, 06 reuses 05's), so it finds the model trained with the same seed
DEFAULT_NOTEBOOKS = tuple(nb.number for nb in read_course(NOTEBOOKS / "course.toml") if nb.seeds)
#: course.toml's ``seed_count``: each notebook runs for seeds 0 .. seed_count - 1 (10 where a run is cheap)
SEED_COUNTS = {nb.number: nb.seed_count for nb in read_course(NOTEBOOKS / "course.toml") if nb.seeds}
DEFAULT_SEEDS = (0, 1, 2, 3, 4)  #: the seeds every notebook that `make seeds` covers runs for, at least
#: seeds.md's verdict line when nothing failed (else "N failed claims or cell errors.").
ALL_HELD = "Every claim held and no cell raised."

#: The seed cell's assignment, as every notebook writes it (CONTRIBUTING.md).
SEED_LINE = re.compile(r"^SEED = \d+[ \t]*$", re.MULTILINE)  # [ \t]: not the newline


# --------------------------------------------------------------------------
# Pure helpers (no Jupyter)
# --------------------------------------------------------------------------

def set_seed(source: str, seed: int) -> str:
    """``source`` with its ``SEED = ...`` line set to ``seed``.

    >>> set_seed("x = 1\\nSEED = 42\\n\\nb = 2\\n", 3)
    'x = 1\\nSEED = 3\\n\\nb = 2\\n'
    """
    new, n = SEED_LINE.subn(f"SEED = {int(seed)}", source)
    if n != 1:
        raise ValueError(f"expected exactly one 'SEED = <number>' line, found {n}")
    return new


def inject_seed(nb, seed: int) -> int:
    """Set the seed in the notebook's seed cell (the only code cell with a
    ``SEED = <number>`` line); returns that cell's index."""
    hits = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and SEED_LINE.search(c.source)]
    if len(hits) != 1:
        raise ValueError(f"expected one seed cell, found {len(hits)}")
    nb.cells[hits[0]].source = set_seed(nb.cells[hits[0]].source, seed)
    return hits[0]


#: The tag of a cell whose claims are about committed data that no seed changes (notebook 06's
#: seed table reads notebooks/data/seeds.csv itself): the seed runner does not run it, nbval checks it.
SEED_INDEPENDENT = "seed-independent"


def skip_seed_independent(nb) -> int:
    """Blank the code of the cells tagged :data:`SEED_INDEPENDENT` (in memory); returns how many.

    Their claims are about committed data (the ten-seed table), not about this run: under
    another seed they would check the very file this runner is about to rewrite."""
    cells = [c for c in nb.cells if c.cell_type == "code" and SEED_INDEPENDENT in c.metadata.get("tags", [])]
    for cell in cells:
        cell.source = "# tagged seed-independent: not run by benchmarks/seeds.py"
    return len(cells)


def read_records(path: Path) -> list[dict]:
    """The JSON lines :func:`helpers.check_claims` appended to ``path``."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def rows_from_records(notebook: str, seed: int, records: list[dict], errors: list[str]) -> list[dict]:
    """Flatten one run's records into CSV rows (kind = claim, number or error)."""
    rows = []
    for rec in records:
        for claim, ok in rec["claims"].items():
            rows.append(dict(notebook=notebook, seed=seed, kind="claim", name=claim, value=int(ok)))
        for name, value in rec["numbers"].items():
            rows.append(dict(notebook=notebook, seed=seed, kind="number", name=name, value=value))
    for err in errors:
        rows.append(dict(notebook=notebook, seed=seed, kind="error", name=err, value=""))
    return rows


def merge_rows(old: list[dict], new: list[dict], ran: set) -> list[dict]:
    """``old`` rows without those of the (notebook, seed) pairs in ``ran``, then ``new``:
    the runs just made replace their earlier results, every other run's are kept.

    >>> old = [dict(notebook="06", seed=0, kind="claim", name="a", value=0),
    ...        dict(notebook="06", seed=1, kind="claim", name="a", value=1)]
    >>> new = [dict(notebook="06", seed=0, kind="claim", name="b", value=1)]
    >>> [(r["seed"], r["name"]) for r in merge_rows(old, new, {("06", 0)})]
    [(1, 'a'), (0, 'b')]
    """
    return [r for r in old if (str(r["notebook"]), int(r["seed"])) not in ran] + new


def seeds_text(rows: list[dict], notebooks: list[str]) -> str:
    """Which seeds each notebook ran for, grouped: ``'02 for seeds 0–9; 04, 05 for seeds 0–4'``.

    >>> seeds_text([dict(notebook="02", seed=s) for s in range(3)] + [dict(notebook="04", seed=0)], ["02", "04"])
    '02 for seeds 0–2; 04 for seed 0'
    """
    groups: dict[tuple, list[str]] = {}
    for nb in notebooks:
        ran = tuple(sorted({int(r["seed"]) for r in rows if r["notebook"] == nb}))
        groups.setdefault(ran, []).append(nb)
    parts = []
    for ran, nbs in groups.items():
        if len(ran) == 1:
            which = f"seed {ran[0]}"
        elif ran == tuple(range(ran[0], ran[-1] + 1)):
            which = f"seeds {ran[0]}–{ran[-1]}"
        else:
            which = "seeds " + ", ".join(map(str, ran))
        parts.append(f"{', '.join(nbs)} for {which}")
    return "; ".join(parts)


def summarise(rows: list[dict], seeds: list[int]) -> str:
    """Markdown: per notebook, each claim's outcome per seed and each number's
    mean, standard deviation and range over the seeds.

    >>> rows = [dict(notebook="04", seed=s, kind="number", name="acc", value=v)
    ...         for s, v in [(0, 0.99), (1, 0.993)]]
    >>> "| acc | 0.9915 | 0.0021 | 0.99 | 0.993 | 2 |" in summarise(rows, [0, 1])
    True
    """
    lines = []
    all_seeds = seeds
    for nb in sorted({r["notebook"] for r in rows}):
        mine = [r for r in rows if r["notebook"] == nb]
        seeds = [s for s in all_seeds if any(int(r["seed"]) == s for r in mine)]  # the seeds it ran for
        lines += [f"### Notebook {nb}", ""]
        errors = [r for r in mine if r["kind"] == "error"]
        claims = list(dict.fromkeys(r["name"] for r in mine if r["kind"] == "claim"))
        if claims:
            lines.append("| claim | " + " | ".join(f"seed {s}" for s in seeds) + " |")
            lines.append("| --- |" + " :---: |" * len(seeds))
            for claim in claims:
                marks = []
                for s in seeds:
                    got = [r["value"] for r in mine if r["kind"] == "claim" and r["name"] == claim and r["seed"] == s]
                    marks.append("–" if not got else ("✓" if all(int(v) for v in got) else "✗"))
                lines.append(f"| {claim} | " + " | ".join(marks) + " |")
            lines.append("")
        names = list(dict.fromkeys(r["name"] for r in mine if r["kind"] == "number"))
        if names:
            lines.append("| number | mean | std | min | max | seeds |")
            lines.append("| --- | ---: | ---: | ---: | ---: | ---: |")
            for name in names:
                vals = [float(r["value"]) for r in mine if r["kind"] == "number" and r["name"] == name]
                std = statistics.stdev(vals) if len(vals) > 1 else 0.0
                lines.append(f"| {name} | {statistics.mean(vals):.4g} | {std:.2g} | {min(vals):.4g} | "
                             f"{max(vals):.4g} | {len(vals)} |")
            lines.append("")
        if errors:
            lines.append("Cells that raised: " + "; ".join(f"seed {r['seed']}: {r['name']}" for r in errors))
            lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Running notebooks
# --------------------------------------------------------------------------

def tensorflow_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    for dist in ("tensorflow-cpu", "tensorflow"):
        try:
            return version(dist)
        except PackageNotFoundError:
            pass
    return "not installed"


def find_notebook(prefix: str) -> Path:
    hits = sorted(NOTEBOOKS.glob(f"{prefix}*.ipynb"))
    if len(hits) != 1:
        raise SystemExit(f"no single notebook matches {prefix!r} in {NOTEBOOKS}")
    return hits[0]


def run_notebook(path: Path, seed: int, save_dir: Path | None = None) -> tuple[list[dict], list[str], float]:
    """Execute ``path`` with ``SEED = seed``; returns (records, errors, seconds)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    inject_seed(nb, seed)
    skip_seed_independent(nb)
    with tempfile.TemporaryDirectory() as tmp:
        record = Path(tmp) / "claims.jsonl"
        os.environ["NN4_RECORD"] = str(record)
        os.environ["NN4_NOTEBOOK"] = path.stem
        try:
            start = time.perf_counter()
            errors = execute(nb, NOTEBOOKS, kernel_name="python3", allow_errors=True)
            seconds = time.perf_counter() - start
        finally:
            del os.environ["NN4_RECORD"], os.environ["NN4_NOTEBOOK"]
        records = read_records(record)
    if save_dir is not None:
        save_dir.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, save_dir / f"{path.stem}_seed{seed}.ipynb")
    return records, errors, seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+",
                        help="default: seeds 0 .. seed_count - 1 of each notebook (notebooks/course.toml)")
    parser.add_argument("--notebooks", nargs="+", default=list(DEFAULT_NOTEBOOKS),
                        help="notebook number prefixes, run in this order for each seed")
    parser.add_argument("--save", type=Path, help="also write each executed notebook into this folder")
    parser.add_argument("--no-write", action="store_true", help="print only; leave seeds.md/seeds.csv alone")
    parser.add_argument("--report-only", action="store_true",
                        help="run nothing: rewrite seeds.md from seeds.csv (after a change to the report's form)")
    parser.add_argument("--merge", action="store_true",
                        help="keep seeds.csv's rows of the notebooks and seeds not run now; the report covers all")
    args = parser.parse_args(argv)

    paths = [find_notebook(p) for p in args.notebooks]
    wanted = {path.name[:2]: list(args.seeds) if args.seeds else list(range(SEED_COUNTS.get(path.name[:2], 5)))
              for path in paths}
    rows = []
    if args.report_only:  # nothing run now: every row comes from seeds.csv, as with --merge
        wanted, args.merge = {nb: [] for nb in wanted}, True
    for seed in sorted({s for ss in wanted.values() for s in ss}):
        for path in paths:
            if seed not in wanted[path.name[:2]]:
                continue
            records, errors, seconds = run_notebook(path, seed, args.save)
            nb = path.name[:2]
            rows += rows_from_records(nb, seed, records, errors)
            failed = [c for r in records for c, ok in r["claims"].items() if not ok]
            print(f"seed {seed} notebook {nb}: {sum(len(r['claims']) for r in records)} claims, "
                  f"{len(failed)} failed, {len(errors)} cell errors, {seconds:.0f} s", flush=True)
            for e in errors:
                print("   ", e, flush=True)

    notebooks = [p[:2] for p in args.notebooks]
    seeds = sorted({s for ss in wanted.values() for s in ss})
    if args.merge and OUT_CSV.exists():
        with OUT_CSV.open(newline="", encoding="utf-8") as f:
            old = [dict(r, seed=int(r["seed"])) for r in csv.DictReader(f)]
        rows = merge_rows(old, rows, {(nb[:2], s) for nb in notebooks for s in wanted[nb[:2]]})
        notebooks = sorted({r["notebook"] for r in rows}, key=lambda nb: (nb not in DEFAULT_NOTEBOOKS,
                           DEFAULT_NOTEBOOKS.index(nb) if nb in DEFAULT_NOTEBOOKS else nb))
        seeds = sorted({int(r["seed"]) for r in rows})
        rows.sort(key=lambda r: (seeds.index(int(r["seed"])), notebooks.index(r["notebook"])))
    report = summarise(rows, seeds)
    bad = [r for r in rows if r["kind"] == "error" or (r["kind"] == "claim" and not int(r["value"]))]
    print(report)
    if not args.no_write:
        OUT_CSV.parent.mkdir(parents=True, exist_ok=True)
        with OUT_CSV.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=["notebook", "seed", "kind", "name", "value"])
            writer.writeheader()
            writer.writerows(rows)
        header = [
            "# Notebooks under other seeds",
            "",
            f"Made by `make seeds` (`benchmarks/seeds.py`) on {datetime.date.today().isoformat()}: "
            f"notebooks {', '.join(notebooks)} executed from a fresh kernel ({seeds_text(rows, notebooks)}), "
            f"with `SEED` replaced in memory"
            f"{' (some of them re-run later, with --merge)' if args.merge else ''}. "
            f"{os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}, "
            f"TensorFlow {tensorflow_version()}. Every claim a notebook checks with `check_claims`, "
            "per seed, and the key numbers behind them (raw rows: `notebooks/data/seeds.csv`).",
            "",
            f"**{ALL_HELD if not bad else f'{len(bad)} failed claims or cell errors.'}**",
            "",
        ]
        OUT_MD.write_text("\n".join(header) + "\n" + report + "\n", encoding="utf-8")
        print(f"wrote {OUT_MD.relative_to(ROOT)} and {OUT_CSV.relative_to(ROOT)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
