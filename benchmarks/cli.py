"""The benchmark's command line (``make bench``; ``benchmarks/run.py --help``)."""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path

from benchmarks import __doc__ as DESCRIPTION
from benchmarks.machine import OtherLoad, installed_versions, machine_description
from benchmarks.notebook_runs import run_notebooks
from benchmarks.pad import measure_pad_latency
from benchmarks.race import run_training
from benchmarks.readme import readme_section
from benchmarks.report import report
from benchmarks.results import Results
from benchmarks.session import run_session
from benchmarks.targets import (DEFAULT_SEEDS, NOTEBOOKS, NOTES_MAX_EPOCHS, ONE_CPU, README, README_END,
                                README_START, RESULTS)
from helpers.course import replace_between_markers


def select_notebooks(patterns) -> list[Path]:
    """Sorted notebooks in ``notebooks/`` matching any of the glob ``patterns``
    (default: all)."""
    found = set()
    for pattern in patterns or ["*.ipynb"]:
        found.update(p for p in NOTEBOOKS.glob(pattern) if p.suffix == ".ipynb")
    return sorted(found)


def is_complete(args) -> bool:
    """Whether the options ask for the whole benchmark (only then are
    results.md and the README written)."""
    return not (args.notebooks or args.no_notebooks or args.no_one_cpu or args.no_session
                or args.no_training or args.no_pad or args.max_epochs
                or tuple(args.seeds) != DEFAULT_SEEDS)


def main(argv=None) -> int:
    """Command line: run the benchmark, write the report, print it."""
    parser = argparse.ArgumentParser(description=DESCRIPTION.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notebooks", nargs="*", metavar="GLOB",
                        help="only the notebooks matching these globs, e.g. '00_*' (default: all); "
                             "also for the session")
    parser.add_argument("--no-notebooks", action="store_true",
                        help="skip executing the notebooks one by one (on every CPU and on one)")
    parser.add_argument("--no-one-cpu", action="store_true",
                        help="skip the second pass over the notebooks on one CPU")
    parser.add_argument("--no-session", action="store_true", help="skip the JupyterLab session")
    parser.add_argument("--no-training", action="store_true", help="skip the recipe race")
    parser.add_argument("--no-pad", action="store_true", help="skip timing the draw-a-digit pad in Chromium")
    parser.add_argument("--seeds", type=int, nargs="+", default=list(DEFAULT_SEEDS),
                        help="seeds for the recipe race (default: 0 1 2 3 4)")
    parser.add_argument("--max-epochs", type=int, default=None,
                        help=f"cap both recipes at this many epochs (trial runs; default: "
                             f"{NOTES_MAX_EPOCHS} for the notes', EPOCHS for ours)")
    parser.add_argument("--output", type=Path, default=RESULTS,
                        help="where to write the report (default: benchmarks/results.md)")
    args = parser.parse_args(argv)

    complete = is_complete(args)
    if not complete and args.output.resolve() == RESULTS:
        parser.error("a partial run would overwrite benchmarks/results.md: give --output")
    one_cpu_possible = hasattr(os, "sched_setaffinity") and 0 in os.sched_getaffinity(0)
    if not args.no_notebooks and not args.no_one_cpu and not one_cpu_possible:
        parser.error("this system cannot restrict a kernel to CPU 0: give --no-one-cpu")
    paths = select_notebooks(args.notebooks)
    if not paths and not (args.no_notebooks and args.no_session):
        parser.error("no notebook matches")

    res = Results(machine_description(), datetime.datetime.now(datetime.timezone.utc), complete)
    if not args.no_notebooks:
        with OtherLoad() as load:
            res.notebooks = run_notebooks(paths)
        res.notebooks_other_load = load.fraction
        if not args.no_one_cpu:
            with OtherLoad() as load:
                res.one_cpu = run_notebooks(paths, cpus=ONE_CPU)
            res.one_cpu_other_load = load.fraction
    if not args.no_session:
        res.session = run_session(paths)
        res.guarded_session = run_session(paths, guard=True)
    if not args.no_pad:
        res.pad = measure_pad_latency()
    if not args.no_training:
        res.training = run_training(args.seeds, notes_max_epochs=args.max_epochs or NOTES_MAX_EPOCHS,
                                    our_max_epochs=args.max_epochs)
    res.versions = res.training.versions if res.training else installed_versions()

    text = report(res)
    args.output.write_text(text)
    print(text)
    print(f"[bench] written to {args.output}")
    if complete:
        README.write_text(replace_between_markers(README.read_text(), readme_section(res),
                                                  README_START, README_END))
        print("[bench] README.md: the generated lines of 'How long does it take?' rewritten")
    failed = any(r.error for r in (res.notebooks or []) + (res.one_cpu or []))
    failed = failed or any(k.error for ses in (res.session, res.guarded_session) if ses
                           for k in ses.kernels)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
