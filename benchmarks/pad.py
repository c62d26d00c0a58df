"""Part 5 of the benchmark: the draw-a-digit pad's wait, pen-up to verdict, with its kernel on one
CPU. Measured by the browser test itself (tests/test_browser.py, 20 drawings in Chromium), so the
bench and the test report one measurement made one way; the test writes it to a file named by
``NN4_PAD_LATENCY_OUT``."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.results import PadLatency
from benchmarks.stats import target_line
from benchmarks.targets import TARGET_PAD_P95_MS

ROOT = Path(__file__).resolve().parent.parent
TEST = "tests/test_browser.py::test_the_pad_answers_within_150_ms_on_one_cpu_and_the_newest_drawing_wins"


def summarise(waits_ms: list[float], drawings: int) -> PadLatency:
    """Median, 95th percentile (nearest rank, as the test) and slowest of the waits.

    >>> summarise([40, 50, 60, 200], 4)
    PadLatency(pen_ups=4, drawings=4, median_ms=60.0, p95_ms=200.0, max_ms=200.0, error=None)
    """
    waits = sorted(float(w) for w in waits_ms)
    if not waits:
        return PadLatency(0, drawings, None, None, None, "no pen-up was timed")
    return PadLatency(len(waits), drawings, waits[len(waits) // 2], waits[math.ceil(0.95 * len(waits)) - 1],
                      waits[-1])


def measure_pad_latency(timeout_s: int = 900) -> PadLatency:
    """Run the pad's latency test (pytest, in a child process) and read what it measured. When the
    test could not measure (no Chromium or playwright: it skips), the result says why in ``error``."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pad.json"
        env = dict(os.environ, NN4_PAD_LATENCY_OUT=str(out))
        env.pop("NN4_SKIP_BROWSER", None)
        print("[bench] the pad: 20 drawings in Chromium, kernel on one CPU ...", flush=True)
        try:
            done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", TEST],
                                  cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout_s)
        except subprocess.TimeoutExpired:
            return PadLatency(0, 0, None, None, None, f"the test ran over {timeout_s} s")
        if not out.exists():
            last = (done.stdout.strip().splitlines() or ["no output"])[-1]
            return PadLatency(0, 0, None, None, None, f"the test measured nothing ({last})")
        data = json.loads(out.read_text())
        result = summarise(data["waits_ms"], data["drawings"])
        if done.returncode != 0 and result.error is None:
            result.error = "the test failed after measuring (its last line: " \
                           f"{(done.stdout.strip().splitlines() or [''])[-1]})"
        return result


def pad_section(pad: PadLatency, targets: list[str]) -> list[str]:
    """The pad's wait, as the browser test measured it (benchmarks/pad.py)."""
    out = ["## The draw-a-digit pad", "",
           "Notebook 04's pad in JupyterLab in headless Chromium, its kernel on one CPU: the ten digits "
           "drawn twice (full size, then small in a corner), the wait from each pen-up to the verdict "
           "for the whole drawing (the browser test `test_the_pad_answers_within_150_ms_on_one_cpu_...` "
           "measures it; the benchmark runs that test).", ""]
    what = f"the pad's wait, pen-up to verdict, ≤ {TARGET_PAD_P95_MS} ms at the 95th percentile, kernel on one CPU"
    if pad.p95_ms is None:
        out += [f"Not measured: {pad.error}.", ""]
        targets.append(target_line(False, what, "nothing", pad.error or ""))
        return out
    out += [f"- {pad.pen_ups} pen-ups over {pad.drawings} drawings: median **{pad.median_ms:.0f} ms**, "
            f"95th percentile **{pad.p95_ms:.0f} ms**, slowest {pad.max_ms:.0f} ms"
            + (f" ({pad.error})" if pad.error else ""), ""]
    targets.append(target_line(pad.p95_ms <= TARGET_PAD_P95_MS and not pad.error, what, f"{pad.p95_ms:.0f} ms",
                               "The pad's reading runs in the kernel (helpers/pad/): profile it there."))
    return out
