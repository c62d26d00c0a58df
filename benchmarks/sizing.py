"""How big a shared JupyterHub a class needs, from what ``make bench`` measured.

Reads the notebook table and the idle server's memory from ``benchmarks/results.md`` (the
benchmark's own report) and writes, into the set-up page (``docs/setup.md``, between its
``sizing`` markers), for each notebook and a class of :data:`CLASS` students who all run it at
the same moment:

- memory: students × (the kernel's peak + the idle server), with every student's other kernels
  shut down (the memory guard does it; notebook 00 asks for it);
- CPU: the notebook's run time on one CPU (measured), and what it becomes when the class shares
  fewer cores: one-CPU time × students / cores. That is an **estimate**, not a measurement with
  many users: it assumes each run keeps one CPU busy all along, as training does;
- what a second CPU per kernel gains: the one-CPU time beside the two-CPU time (measured);
- one learner's whole session with the memory guard and Binder's 2 GB (measured).

    .venv/bin/python benchmarks/sizing.py            # write the table into docs/setup.md
    .venv/bin/python benchmarks/sizing.py --check    # exit 1 if the page's table is stale
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "benchmarks" / "results.md"
PAGE = ROOT / "docs" / "setup.md"
MARKERS = ("<!-- sizing start -->", "<!-- sizing end -->")
#: The class the table is for, and the shared machine's cores it compares.
CLASS = 40
CORES = (40, 16)
NOTEBOOK_ROW = re.compile(r"^\| (\d\d)_\w+\.ipynb[^|]*\| ([\d.]+) \| ([\d,]+) MB \| ([\d.]+) \| ([\d,]+) MB \| ok \|$",
                          re.M)
SERVER_ROW = re.compile(r"^\| Jupyter server \(idle[^|]*\| ([\d,]+) MB \|", re.M)
MADE = re.compile(r"^Made by `make bench` .*? on (\d{4}-\d\d-\d\d)", re.M)
MACHINE = re.compile(r"^- CPUs: (\d+) .*?, (.+?); ", re.M)
GUARDED = re.compile(r"^- Highest total \(server and all kernels, PSS\) sampled every second: \*\*([\d,]+) MB\*\*", re.M)


def _mb(text: str) -> int:
    return int(text.replace(",", ""))


def measured(results: str) -> dict:
    """What the table needs from a results.md: the date, the machine, the idle server's MB, and
    per notebook (number) its seconds and peak MB on all CPUs and on one CPU."""
    notebooks = {m[1]: {"seconds_all": float(m[2]), "peak_mb": max(_mb(m[3]), _mb(m[5])),
                        "seconds_one": float(m[4])} for m in NOTEBOOK_ROW.finditer(results)}
    server, made, machine = SERVER_ROW.search(results), MADE.search(results), MACHINE.search(results)
    guarded = GUARDED.search(results)
    if not notebooks or not server or not made or not machine or not guarded:
        raise SystemExit(f"{RESULTS.name} lacks the notebook table or the session's server line: run make bench")
    return {"date": made[1], "cpus": int(machine[1]), "cpu": machine[2], "server_mb": _mb(server[1]),
            "notebooks": notebooks, "guarded_session_mb": _mb(guarded[1])}


def table(data: dict) -> str:
    """The sizing table (Markdown) and the sentence that says where its numbers come from."""
    head = (f"| notebook | peak kernel memory | one run, 1 CPU | one run, {data['cpus']} CPUs | "
            f"{CLASS} students at once: memory | " + " | ".join(f"{CLASS} at once on {c} cores" for c in CORES) + " |")
    rows = [head, "| --- |" + " ---: |" * (4 + len(CORES))]
    for number, nb in sorted(data["notebooks"].items()):
        memory = CLASS * (nb["peak_mb"] + data["server_mb"]) / 1000
        waits = " | ".join(f"{nb['seconds_one'] * CLASS / cores / 60:.1f} min" for cores in CORES)
        rows.append(f"| {number} | {nb['peak_mb']:,} MB | {nb['seconds_one']:.0f} s | {nb['seconds_all']:.0f} s | "
                    f"{memory:.0f} GB | {waits} |")
    return ("\n".join(rows) + f"\n\nMeasured by `make bench` on {data['date']} ({data['cpus']} CPUs, {data['cpu']}): "
            f"each notebook from a fresh kernel, its peak resident memory, and an idle Jupyter server at "
            f"{data['server_mb']} MB. The last {len(CORES) + 1} columns are computed from those, not measured with "
            f"{CLASS} users: memory = {CLASS} × (kernel peak + server); time = one-CPU time × {CLASS} / cores "
            f"(every run keeps one CPU busy, as training does). With the memory guard on and a 2 GB limit "
            f"(as on Binder), one learner's whole session (every notebook in turn, no kernel shut down by "
            f"hand) peaked at {data['guarded_session_mb']:,} MB. `benchmarks/sizing.py` writes this table "
            f"from `benchmarks/results.md`.")


def page_text(page: str, results: str) -> str:
    from helpers.course import replace_between_markers

    return replace_between_markers(page, table(measured(results)), *MARKERS)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Write the JupyterHub sizing table of docs/setup.md.")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if the page is stale")
    args = parser.parse_args(argv)
    page = PAGE.read_text(encoding="utf-8")
    new = page_text(page, RESULTS.read_text(encoding="utf-8"))
    if args.check:
        if new != page:
            print(f"{PAGE.relative_to(ROOT)}: the sizing table is stale: run .venv/bin/python benchmarks/sizing.py")
            return 1
        return 0
    PAGE.write_text(new, encoding="utf-8")
    print(f"wrote the sizing table into {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
