"""nn4 benchmark: how long the course takes, how much memory it needs, and how
fast our MNIST recipe reaches 99 % compared with the notes' recipe.

Run it with ``make bench`` (or ``.venv/bin/python benchmarks/run.py``): more
than half an hour on 2 cores (the collection four times, then the race). It

1. executes every notebook in ``notebooks/`` (sorted, as CI does: 05 reuses
   the model 04 leaves in ``notebooks/cache/``, 06 the one 05 leaves) from a fresh kernel with
   nbclient, in memory -- the files on disk are not touched -- and records its
   wall time and the peak resident memory of the kernel process (``VmHWM``,
   read inside the kernel by one extra cell appended to the in-memory copy);
   twice: once on every CPU, once with each kernel restricted to CPU 0 (the
   kernel inherits the CPU affinity this process has while it starts it);
   the core collection (00-05) and the optional notebook 06 ("going
   further") are totalled and judged separately;
2. plays one JupyterLab session twice: a Jupyter server with the course's
   ``jupyter_server_config.py``, then the notebooks one after another, each
   in a kernel started through the server, *none shut down by the learner*;
   once with the memory guard off (after the last, the memory of the server
   and every kernel, PSS: shared pages counted once; and the alternative
   where each kernel is shut down before the next notebook: server + the
   largest kernel peak), once with the guard on and ``MEM_LIMIT`` = 2 GB as
   on Binder (the highest total sampled every second, which kernels the guard
   shut down, whether every notebook ran to its end);
3. races, for seeds 0-4, the notes' recipe (``build_cnn()``, ``compile`` with
   no optimizer, i.e. Keras' default RMSprop at learning rate 0.001, no
   schedule) against notebook 04's (``build_cnn()`` + ``compile_cnn`` with
   its planned ``EPOCHS`` budget), epoch by epoch, evaluating the validation
   and the test set after each epoch (untimed), and reports epochs and
   training time to 99.0 % on each (mean and spread over the seeds) and the
   ratio ours / notes;
4. reports training throughput in examples/s and in GFLOP/s, the latter as a
   fraction of a float32 matrix-multiply peak measured in the same run;
5. writes everything, with the CPU count and library versions, to
   ``benchmarks/results.md``, prints it, and rewrites the generated part of
   the README's "How long does it take?" section (between
   ``<!-- bench:start -->`` and ``<!-- bench:end -->``) from the same numbers.

``--help`` lists the options that run only a part (for trying it out); a
partial run writes neither ``results.md`` nor the README.
The functions at the top (FLOP counting, reading the epoch logs, statistics
over seeds, the report and the README section) are pure and unit-tested in
``tests/test_benchmark.py``; this module imports TensorFlow only inside the
functions that train.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
RESULTS = Path(__file__).resolve().parent / "results.md"
README = ROOT / "README.md"
README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"

DEFAULT_SEEDS = (0, 1, 2, 3, 4)  #: the seeds both recipes are raced with
TARGET_ACCURACY = 0.99  #: validation and test accuracy both recipes race to
NOTES_MAX_EPOCHS = 10  #: cap for the notes' recipe
TRAIN_EXAMPLES = 55_000  #: helpers.mnist.TRAIN_SIZE (repeated: report() needs no TensorFlow)
CELL_TIMEOUT_S = 900  #: as ``make test`` (nbval) and ``make notebooks``
ONE_CPU = frozenset({0})  #: the CPU the one-CPU run pins each kernel to

# The targets (for the 2-core CI machine).
OPTIONAL_NOTEBOOKS = ("06",)  #: number prefixes of the optional notebooks; every other one is core
TARGET_COLLECTION_S = 2.5 * 60  #: the core collection (00-05), on 2 cores
TARGET_COLLECTION_ONE_CPU_S = 5 * 60  #: the core collection (00-05), on one CPU
TARGET_OPTIONAL_S = 3 * 60  #: each optional notebook (06), on 2 cores
TARGET_PEAK_BYTES = 1.2e9  #: peak kernel memory (VmHWM) in every notebook (1.2 GB = 1,200 MB)
TARGET_SESSION_BYTES = 2.0e9  #: one JupyterLab session, server and kernels (Binder's 2 GB)
TARGET_RATIO = 1 / 3  #: our mean time to 99 % over the notes' mean time to 99 %
TARGET_ONE_EPOCH_MEAN = 0.99  #: our mean test accuracy after one epoch, over the seeds
TARGET_ONE_EPOCH_FLOOR = 0.988  #: ... and every seed's

#: Appended to the in-memory copy of each notebook: prints the kernel's
#: /proc/self/status, whose VmHWM line is the process's peak resident memory.
PROBE_SOURCE = """\
try:
    print(open("/proc/self/status").read())
except OSError:  # not Linux: ru_maxrss is the same peak (kB, bytes on macOS)
    import resource as _resource, sys as _sys
    _peak = _resource.getrusage(_resource.RUSAGE_SELF).ru_maxrss
    print(f"VmHWM: {_peak // 1024 if _sys.platform == 'darwin' else _peak} kB")
"""


# --------------------------------------------------------------------------
# Pure helpers (no TensorFlow, no Jupyter)
# --------------------------------------------------------------------------

def conv2d_macs(out_height: int, out_width: int, kernel_height: int, kernel_width: int,
                in_channels: int, out_channels: int) -> int:
    """Multiply-accumulates of one Conv2D forward pass on one example: each of
    the ``out_height * out_width * out_channels`` outputs is a dot product of
    length ``kernel_height * kernel_width * in_channels``.

    >>> conv2d_macs(28, 28, 5, 5, 1, 16)
    313600
    """
    return out_height * out_width * out_channels * kernel_height * kernel_width * in_channels


def dense_macs(in_features: int, out_features: int, positions: int = 1) -> int:
    """Multiply-accumulates of one Dense forward pass on one example
    (``positions`` > 1 when Dense is applied to every position of a sequence).

    >>> dense_macs(512, 128)
    65536
    """
    return positions * in_features * out_features


def layer_macs(layer) -> int:
    """Forward multiply-accumulates per example of a built Keras layer:
    Conv2D (channels last) and Dense are counted, every other layer (pooling,
    activations, dropout, flatten) as 0. Bias additions are left out too:
    they are 1 addition per output, against hundreds of MACs.
    """
    kind = type(layer).__name__
    if kind == "Conv2D":
        kernel_height, kernel_width, in_channels, out_channels = layer.kernel.shape
        _, out_height, out_width, _ = layer.output.shape
        return conv2d_macs(out_height, out_width, kernel_height, kernel_width,
                           in_channels, out_channels)
    if kind == "Dense":
        in_features, out_features = layer.kernel.shape
        positions = 1
        for size in layer.output.shape[1:-1]:
            positions *= size
        return dense_macs(in_features, out_features, positions)
    return 0


def forward_flops(model) -> int:
    """FLOPs of one forward pass on one example: 2 x the MACs of the model's
    Conv2D and Dense layers (:func:`layer_macs`)."""
    return 2 * sum(layer_macs(layer) for layer in model.layers)


def training_step_flops(forward: int, factor: int = 3) -> int:
    """FLOPs of one training step per example: the forward pass plus the
    backward pass, which costs about twice the forward pass (gradients with
    respect to the inputs and to the weights)."""
    return factor * forward


def first_epoch_reaching(accuracies, target: float = TARGET_ACCURACY) -> int | None:
    """1-based number of the first epoch whose accuracy is at least ``target``,
    or None.

    >>> first_epoch_reaching([0.985, 0.991, 0.989], 0.99)
    2
    """
    for epoch, accuracy in enumerate(accuracies, start=1):
        if accuracy >= target:
            return epoch
    return None


def time_to_target(epoch_seconds, accuracies, target: float = TARGET_ACCURACY) -> float | None:
    """Cumulative training time up to and including the first epoch that
    reaches ``target`` (None if none does).

    >>> time_to_target([10.0, 8.0, 8.0], [0.98, 0.992, 0.993])
    18.0
    """
    epoch = first_epoch_reaching(accuracies, target)
    return None if epoch is None else float(sum(epoch_seconds[:epoch]))


def both_reached(val_accuracies, test_accuracies, target: float = TARGET_ACCURACY) -> bool:
    """Whether validation and test accuracy have each reached ``target`` at
    some epoch (not necessarily the same one): when the notes' recipe stops.

    >>> both_reached([0.991, 0.989], [0.985, 0.990])
    True
    >>> both_reached([0.991], [0.985])
    False
    """
    return (first_epoch_reaching(val_accuracies, target) is not None
            and first_epoch_reaching(test_accuracies, target) is not None)


def steady_epoch_seconds(epoch_seconds) -> float:
    """Median epoch time leaving out the first epoch (which also traces the
    training function), or the first epoch's time if it is the only one."""
    steady = list(epoch_seconds[1:]) or list(epoch_seconds)
    return float(statistics.median(steady))


def throughput_epoch_seconds(epoch_logs) -> tuple[float, bool]:
    """Typical epoch time over several runs' epoch times (one list per seed):
    the median of every epoch after each run's first (the first also traces
    the training function). When no run has a second epoch, the median of the
    first epochs; the flag says so (True: tracing included).

    >>> throughput_epoch_seconds([[30.0, 10.0, 12.0], [29.0, 11.0]])
    (11.0, False)
    >>> throughput_epoch_seconds([[12.0], [14.0]])
    (13.0, True)
    """
    later = [s for log in epoch_logs for s in log[1:]]
    if later:
        return float(statistics.median(later)), False
    firsts = [log[0] for log in epoch_logs if log]
    return float(statistics.median(firsts)), True


@dataclass
class Spread:
    """Mean, sample standard deviation, minimum and maximum of the values
    that exist: ``reached`` of ``count`` (a seed whose recipe never reached
    99 % has no epochs or time to 99 %). All None when none exists."""
    count: int
    reached: int
    mean: float | None
    std: float | None
    min: float | None
    max: float | None

    @property
    def complete(self) -> bool:
        return self.count > 0 and self.reached == self.count


def spread(values) -> Spread:
    """:class:`Spread` of ``values``, leaving out the Nones.

    >>> spread([2, None, 4])
    Spread(count=3, reached=2, mean=3.0, std=1.4142135623730951, min=2.0, max=4.0)
    >>> spread([None]).mean is None
    True
    """
    values = list(values)
    got = [float(v) for v in values if v is not None]
    if not got:
        return Spread(len(values), 0, None, None, None, None)
    std = statistics.stdev(got) if len(got) > 1 else 0.0
    return Spread(len(values), len(got), statistics.fmean(got), std, min(got), max(got))


def format_spread(s: Spread, fmt: str = "{:.1f}", unit: str = "", scale: float = 1.0,
                  missing: str = "did not reach 99 %") -> str:
    """``mean ± std unit (min–max)``; the values are multiplied by ``scale``
    first (100 for percentages). Says how many seeds lack a value.

    >>> format_spread(spread([20.0, 22.0]), unit="s")
    '21.0 ± 1.4 s (20.0–22.0)'
    >>> format_spread(spread([2, None]), fmt="{:.0f}")
    '2 ± 0 (2–2); 1 of 2 seeds did not reach 99 %'
    >>> format_spread(spread([None, None]))
    'none of 2 seeds reached 99 %'
    """
    if s.reached == 0:
        return "n/a" if s.count == 0 else f"none of {s.count} seeds reached 99 %"
    f = lambda x: fmt.format(x * scale)  # noqa: E731
    text = f"{f(s.mean)} ± {f(s.std)}{' ' + unit if unit else ''} ({f(s.min)}–{f(s.max)})"
    if s.reached < s.count:
        text += f"; {s.count - s.reached} of {s.count} seeds {missing}"
    return text


def time_ratio(our_times, notes_times, notes_trained_seconds) -> tuple[float | None, bool]:
    """Ratio of the mean time to 99 % of our recipe over the notes' recipe's,
    over the same seeds; ``(ratio, exact)``.

    A seed where the notes' recipe never reached 99 % counts with its whole
    training time (``notes_trained_seconds``), a lower bound on its time to
    99 %: the ratio is then an upper bound (``exact`` False). A seed where
    ours never reached 99 % has no time at all: the ratio is None.

    >>> time_ratio([10.0, 12.0], [30.0, 36.0], [30.0, 36.0])
    (0.3333333333333333, True)
    >>> time_ratio([10.0, 12.0], [30.0, None], [30.0, 50.0])
    (0.275, False)
    >>> time_ratio([10.0, None], [30.0, 36.0], [30.0, 36.0])
    (None, False)
    """
    our_times, notes_times = list(our_times), list(notes_times)
    if not our_times or any(t is None for t in our_times) or not notes_times:
        return None, False
    notes_lower = [t if t is not None else float(b) for t, b in zip(notes_times, notes_trained_seconds)]
    notes_mean = statistics.fmean(notes_lower)
    if notes_mean <= 0:
        return None, False
    return statistics.fmean(our_times) / notes_mean, all(t is not None for t in notes_times)


def one_epoch_check(first_epoch_test_accuracy: dict,
                    mean_target: float = TARGET_ONE_EPOCH_MEAN,
                    floor: float = TARGET_ONE_EPOCH_FLOOR) -> tuple[bool, str]:
    """Whether our recipe's test accuracy after one epoch (``{seed: accuracy}``)
    is at least ``mean_target`` on average and ``floor`` for every seed;
    ``(met, what was measured)``.

    >>> one_epoch_check({0: 0.9912, 1: 0.9890})
    (True, 'mean 99.01 % over seeds 0, 1; lowest 98.90 % (seed 1)')
    """
    if not first_epoch_test_accuracy:
        return False, "no run"
    values = list(first_epoch_test_accuracy.values())
    mean = statistics.fmean(values)
    worst = min(first_epoch_test_accuracy, key=first_epoch_test_accuracy.get)
    met = mean >= mean_target and min(values) >= floor
    seeds = ", ".join(str(s) for s in first_epoch_test_accuracy)
    return met, (f"mean {mean:.2%} over seeds {seeds}; lowest "
                 f"{first_epoch_test_accuracy[worst]:.2%} (seed {worst})").replace("%", " %")


def session_totals(server_pss: int, kernel_pss: list[int], server_pss_alone: int,
                   kernel_peaks: list[int | None]) -> tuple[int, int | None]:
    """Memory of one JupyterLab session, in bytes: ``(all kernels left
    running, each kernel shut down before the next)``.

    - every kernel left running: the server's PSS plus every kernel's PSS,
      all measured at the same moment once the last notebook has run (PSS
      counts a page shared by n processes as 1/n in each, so the sum counts
      it once);
    - each kernel shut down when the learner moves on: at most the server
      alone (its PSS) plus the largest kernel peak (VmHWM, the kernel's
      resident high-water mark: an upper bound on its share). None when a
      kernel's peak is unknown.

    >>> session_totals(100, [300, 400], 120, [500, 700])
    (800, 820)
    """
    all_open = server_pss + sum(kernel_pss)
    if not kernel_peaks or any(p is None for p in kernel_peaks):
        return all_open, None
    return all_open, server_pss_alone + max(kernel_peaks)


def parse_vmhwm(status_text: str) -> int | None:
    """Peak resident memory in bytes from the text of ``/proc/<pid>/status``
    (its ``VmHWM:  123456 kB`` line), or None when the line is missing.

    >>> parse_vmhwm("Name:\\tpython\\nVmHWM:\\t  2048 kB\\nVmRSS:\\t 1024 kB\\n")
    2097152
    """
    for line in status_text.splitlines():
        if line.startswith("VmHWM:"):
            value, unit = line.split()[1:3]
            assert unit == "kB", line
            return int(value) * 1024
    return None


def markdown_table(header, rows) -> str:
    """A GitHub-flavoured Markdown table: first column left-aligned, the others
    (figures) right-aligned.

    >>> print(markdown_table(["a", "b"], [["x", 1]]))
    | a | b |
    | --- | ---: |
    | x | 1 |
    """
    lines = ["| " + " | ".join(header) + " |",
             "| " + " | ".join(["---"] + ["---:"] * (len(header) - 1)) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def megabytes(n_bytes) -> str:
    """``1234567890`` -> ``'1,235 MB'`` (decimal megabytes); ``'n/a'`` for None."""
    return "n/a" if n_bytes is None else f"{n_bytes / 1e6:,.0f} MB"


def notebook_label(name: str) -> str:
    """``'04_mnist_cnn.ipynb'`` -> ``'04 mnist cnn'`` (the README's first column).

    >>> notebook_label("00_getting_started.ipynb")
    '00 getting started'
    """
    return name.removesuffix(".ipynb").replace("_", " ")


def is_optional(name: str) -> bool:
    """Whether notebook ``name`` is optional ("going further"), not part of the core collection.

    >>> is_optional("06_going_further.ipynb"), is_optional("05_data_augmentation.ipynb")
    (True, False)
    """
    return name[:2] in OPTIONAL_NOTEBOOKS


def core_label(names) -> str:
    """How the report names the core notebooks among ``names``: their number
    range when it has no gap, else the numbers.

    >>> core_label(["00_a.ipynb", "01_b.ipynb", "02_c.ipynb", "06_z.ipynb"])
    'core 00–02'
    >>> core_label(["00_a.ipynb", "04_d.ipynb"])
    'core 00, 04'
    """
    numbers = sorted({n[:2] for n in names if not is_optional(n)})
    if len(numbers) > 1 and all(n.isdigit() for n in numbers) and \
            int(numbers[-1]) - int(numbers[0]) == len(numbers) - 1:
        return f"core {numbers[0]}–{numbers[-1]}"
    return "core " + ", ".join(numbers)


def optional_label(name: str) -> str:
    """``'06_going_further.ipynb'`` -> ``'06 (optional)'``."""
    return f"{name[:2]} (optional)"


def replace_between_markers(text: str, new: str, start: str = README_START,
                            end: str = README_END) -> str:
    """``text`` with whatever lies between the lines ``start`` and ``end``
    replaced by ``new`` (markers kept, everything else untouched). Each
    marker must occur exactly once, ``start`` first.

    >>> replace_between_markers("a\\n<!-- bench:start -->\\nold\\n<!-- bench:end -->\\nb\\n", "new")
    'a\\n<!-- bench:start -->\\nnew\\n<!-- bench:end -->\\nb\\n'
    """
    if text.count(start) != 1 or text.count(end) != 1:
        raise ValueError(f"expected exactly one {start!r} and one {end!r}")
    i, j = text.index(start) + len(start), text.index(end)
    if j < i:
        raise ValueError(f"{end!r} comes before {start!r}")
    return text[:i] + "\n" + new.strip("\n") + "\n" + text[j:]


class OtherLoad:
    """Measures how busy the rest of the machine was during a ``with`` block:
    the CPU time every other process used, as a fraction of the machine's
    capacity (wall time x CPUs). This process and its children (the notebook
    kernels) are not counted. Needs psutil; ``fraction`` is None without it.
    """

    def __enter__(self):
        try:
            import psutil
        except ImportError:
            self._psutil = None
            return self
        self._psutil = psutil
        self._start = (time.perf_counter(), self._busy_all(), self._busy_own())
        return self

    def _busy_all(self) -> float:
        t = self._psutil.cpu_times()._asdict()
        # guest time is already part of user time on Linux; idle and iowait are not busy
        return sum(v for k, v in t.items() if k not in ("idle", "iowait", "guest", "guest_nice"))

    def _busy_own(self) -> float:
        t = self._psutil.Process().cpu_times()
        return t.user + t.system + t.children_user + t.children_system

    def __exit__(self, *exc):
        self.fraction = None
        if self._psutil is not None:
            wall = time.perf_counter() - self._start[0]
            others = (self._busy_all() - self._start[1]) - (self._busy_own() - self._start[2])
            self.fraction = max(0.0, others / (wall * (os.cpu_count() or 1)))
        return False


# --------------------------------------------------------------------------
# Results (plain data; filled by the functions further down)
# --------------------------------------------------------------------------

@dataclass
class NotebookRun:
    """One notebook executed from a fresh kernel."""
    name: str
    seconds: float
    peak_bytes: int | None
    error: str | None = None


@dataclass
class KernelMemory:
    """One kernel of the JupyterLab session: its memory (bytes) right after
    its notebook ran, and again once every notebook has run."""
    name: str
    pss_after: int | None
    uss_after: int | None
    pss_end: int | None = None
    peak_bytes: int | None = None
    error: str | None = None


@dataclass
class SessionResult:
    """One JupyterLab session: the server, then one kernel per notebook, none shut down."""
    server: str  #: how the server was started
    server_pss_alone: int
    server_pss_end: int
    kernels: list[KernelMemory]
    peak_total_sampled: int | None = None  #: highest server + kernels PSS, sampled every second
    guarded: bool = False  #: played with jupyter_server_config.py's memory guard on
    shut_down: list[str] = field(default_factory=list)  #: "<notebook> (during <notebook>)", by the guard

    def totals(self) -> tuple[int, int | None]:
        """:func:`session_totals` of this session."""
        return session_totals(self.server_pss_end, [k.pss_end or 0 for k in self.kernels],
                              self.server_pss_alone, [k.peak_bytes for k in self.kernels])


@dataclass
class RecipeRun:
    """Epoch-by-epoch log of one recipe and seed: fit time, then validation
    and test accuracy after each epoch."""
    recipe: str  #: "notes" or "ours"
    seed: int
    max_epochs: int
    epoch_seconds: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)

    def accuracy(self, split: str) -> list[float]:
        return {"val": self.val_accuracy, "test": self.test_accuracy}[split]

    def epochs_to_target(self, split: str) -> int | None:
        return first_epoch_reaching(self.accuracy(split))

    def time_to_target(self, split: str) -> float | None:
        return time_to_target(self.epoch_seconds, self.accuracy(split))

    def final(self, split: str) -> float | None:
        values = self.accuracy(split)
        return values[-1] if values else None


@dataclass
class TrainingResults:
    runs: list[RecipeRun]
    seeds: list[int]
    descriptions: dict  #: recipe -> Markdown description
    planned_epochs: int  #: helpers.mnist.EPOCHS
    forward_flops: int
    matmul_gflops: list[float]
    versions: dict
    other_load: float | None = None

    def of(self, recipe: str) -> list[RecipeRun]:
        """This recipe's runs, in the order of ``seeds``."""
        by_seed = {r.seed: r for r in self.runs if r.recipe == recipe}
        return [by_seed[s] for s in self.seeds if s in by_seed]


@dataclass
class Results:
    """Everything one run of the benchmark measured (None: that part was not run)."""
    machine: dict
    started: datetime.datetime
    complete: bool = True
    notebooks: list[NotebookRun] | None = None
    notebooks_other_load: float | None = None
    one_cpu: list[NotebookRun] | None = None
    one_cpu_other_load: float | None = None
    session: SessionResult | None = None
    training: TrainingResults | None = None
    versions: dict = field(default_factory=dict)
    guarded_session: SessionResult | None = None  #: the same session with the memory guard on


RECIPE_LABELS = {"notes": "notes' recipe", "ours": "ours (notebook 04)"}
SPLIT_LABELS = {"val": "validation", "test": "test"}


def recipe_summary(runs: list[RecipeRun]) -> dict[str, Spread]:
    """Spreads over the seeds of one recipe's runs: epochs and time to 99 %
    on each split (``epochs_val``, ``time_val``, ``epochs_test``,
    ``time_test``), final accuracies (``final_val``, ``final_test``) and
    epochs trained (``epochs_trained``)."""
    out = {}
    for split in ("val", "test"):
        out[f"epochs_{split}"] = spread(r.epochs_to_target(split) for r in runs)
        out[f"time_{split}"] = spread(r.time_to_target(split) for r in runs)
    for split in ("val", "test"):
        out[f"final_{split}"] = spread(r.final(split) for r in runs)
    out["epochs_trained"] = spread(len(r.epoch_seconds) for r in runs)
    return out


def training_ratio(training: TrainingResults, split: str) -> tuple[float | None, bool]:
    """:func:`time_ratio` of the two recipes' times to 99 % on ``split``,
    over the seeds both ran."""
    notes = {r.seed: r for r in training.of("notes")}
    ours = [r for r in training.of("ours") if r.seed in notes]
    return time_ratio([r.time_to_target(split) for r in ours],
                      [notes[r.seed].time_to_target(split) for r in ours],
                      [sum(notes[r.seed].epoch_seconds) for r in ours])


def _ratio_text(ratio: float | None, exact: bool) -> str:
    if ratio is None:
        return "n/a (ours did not reach 99 % in every seed)"
    return f"{ratio:.2f}" + ("" if exact else " (upper bound: the notes' recipe did not reach "
                             "99 % in every seed, and counts there with its whole training time)")


def _pct(accuracy) -> str:
    return "n/a" if accuracy is None else f"{accuracy:.2%}".replace("%", " %")


def _seconds(s) -> str:
    return "n/a" if s is None else f"{s:,.1f} s"


def _minutes(s) -> str:
    return f"{s:,.0f} s ({s / 60:.1f} min)"


def _target_line(met: bool, what: str, measured: str, gap: str = "") -> str:
    return f"- **{'met' if met else 'MISSED'}**: {what}; measured {measured}." + (
        "" if met or not gap else f" {gap}")


def _other_load(fraction) -> str:
    return "n/a" if fraction is None else f"{fraction:.0%}"


def _max_peak(*runs) -> tuple[int | None, str | None]:
    """Largest VmHWM over the given lists of NotebookRun, and its notebook."""
    best = (None, None)
    for run_list in runs:
        for r in run_list or []:
            if r.peak_bytes is not None and (best[0] is None or r.peak_bytes > best[0]):
                best = (r.peak_bytes, r.name)
    return best


def collection_table(two_cores: list[NotebookRun] | None, one_cpu: list[NotebookRun] | None) -> str:
    """One table, a row per notebook: time and peak kernel memory on every
    CPU and on one CPU ("–" where that run did not happen), then the core
    notebooks' totals (an optional notebook's row says "(optional)" and is
    not in them)."""
    names = list(dict.fromkeys(r.name for r in (two_cores or []) + (one_cpu or [])))
    a = {r.name: r for r in two_cores or []}
    b = {r.name: r for r in one_cpu or []}
    rows = []
    for name in names:
        cells = [name + (" (optional)" if is_optional(name) else "")]
        for runs in (a, b):
            r = runs.get(name)
            cells += ["–", "–"] if r is None else [f"{r.seconds:,.1f}", megabytes(r.peak_bytes)]
        errors = [f"{label}: {runs[name].error}" for label, runs in (("all CPUs", a), ("one CPU", b))
                  if name in runs and runs[name].error]
        rows.append(cells + ["; ".join(errors) or "ok"])
    total = [f"**{core_label(names)}**"]
    for runs in (two_cores, one_cpu):
        runs = [r for r in runs or [] if not is_optional(r.name)]
        if runs:
            peak, _ = _max_peak(runs)
            total += [f"**{sum(r.seconds for r in runs):,.1f}**", f"**{megabytes(peak)}** (max)"]
        else:
            total += ["–", "–"]
    bad = any(r.error for r in (two_cores or []) + (one_cpu or []) if not is_optional(r.name))
    rows.append(total + ["errors" if bad else "ok"])
    return markdown_table(["notebook", "all CPUs: time (s)", "all CPUs: peak kernel memory",
                           "one CPU: time (s)", "one CPU: peak kernel memory", "status"], rows)


def _notebook_section(res: Results, targets: list[str]) -> list[str]:
    two, one = res.notebooks, res.one_cpu
    out = ["## Notebooks", "",
           "Each executed from a fresh kernel (nbclient, working directory `notebooks/`, "
           "sorted order as in CI, so 05 reuses the model 04 saved in `notebooks/cache/`, and "
           "06 the one 05 saved). "
           "Time: kernel start to shutdown. Memory: the kernel process's peak resident set "
           "(VmHWM). The collection runs twice: once with the kernels free to use every CPU "
           f"({res.machine.get('cpus_usable')} here; other processes used "
           f"{_other_load(res.notebooks_other_load)} of the machine's CPU time meanwhile), "
           "once with each kernel restricted to CPU 0 (its CPU affinity, inherited from this "
           "process while it starts the kernel, as `taskset -c 0` would; other processes used "
           f"{_other_load(res.one_cpu_other_load)} of the machine's CPU time meanwhile).", "",
           collection_table(two, one), ""]
    cpus_note = ("" if res.machine.get("cpus_usable") == 2
                 else f" (this machine: {res.machine.get('cpus_usable')} CPUs)")
    for runs, limit, where in ((two, TARGET_COLLECTION_S, "on 2 cores"),
                               (one, TARGET_COLLECTION_ONE_CPU_S, "on one CPU")):
        runs = [r for r in runs or [] if not is_optional(r.name)]
        if not runs:
            continue
        total = sum(r.seconds for r in runs)
        longest = sorted(runs, key=lambda r: -r.seconds)[:2]
        targets.append(_target_line(
            total <= limit and not any(r.error for r in runs),
            f"{core_label(r.name for r in runs)} ≤ {limit / 60:g} min {where}", _minutes(total)
            + ("" if where == "on one CPU" else cpus_note),
            "The longest: " + ", ".join(f"{r.name} ({r.seconds:.0f} s)" for r in longest)
            + ". To close the gap, train less there (fewer models, or a subset of MNIST in "
            "the exercises)."))
    for r in two or []:
        if is_optional(r.name):
            targets.append(_target_line(
                r.seconds <= TARGET_OPTIONAL_S and not r.error,
                f"{optional_label(r.name)} ≤ {TARGET_OPTIONAL_S / 60:g} min on 2 cores",
                _minutes(r.seconds) + cpus_note, "To close the gap, train less there."))
    runs = (two or []) + (one or [])
    if runs:
        peak, name = _max_peak(two, one)
        targets.append(_target_line(
            peak is not None and peak <= TARGET_PEAK_BYTES and all(r.peak_bytes for r in runs),
            "peak kernel memory ≤ 1.2 GB (1,200 MB) RSS (VmHWM) in every notebook",
            f"at most {megabytes(peak)} ({name})",
            "To close the gap, keep fewer copies of the data in NumPy arrays and cached "
            "pipelines in that notebook, and free models no longer needed "
            "(`del model; keras.backend.clear_session()`)."))
    return out


def _session_section(s: SessionResult, targets: list[str]) -> list[str]:
    all_open, one_at_a_time = s.totals()
    rows = [[f"Jupyter server (idle: {s.server})", megabytes(s.server_pss_alone), "–",
             megabytes(s.server_pss_end), "–", "ok"]]
    for k in s.kernels:
        rows.append([f"kernel of {k.name}", megabytes(k.pss_after), megabytes(k.uss_after),
                     megabytes(k.pss_end), megabytes(k.peak_bytes), k.error or "ok"])
    rows.append(["**total**", "", "", f"**{megabytes(all_open)}**", "", ""])
    worst = max(s.kernels, key=lambda k: k.peak_bytes or 0) if s.kernels else None
    out = ["## One JupyterLab session", "",
           "A learner opens the notebooks one after another in one JupyterLab session. Played "
           "here: a Jupyter server started as `make lab` starts it (on 127.0.0.1, idle: no "
           "browser), here with the memory guard off, then for each notebook (sorted order) a "
           "kernel started through the server, as opening the notebook does (working "
           "directory `notebooks/`), and every cell run in it; no kernel shut down. Memory is PSS "
           "(proportional set size: a page shared by n processes counts 1/n in each, so the "
           "sum counts shared pages, such as the libraries every kernel maps, once) of each "
           "process and its children, and USS (the pages only that process holds). The "
           "server's first figure is measured before any kernel started.", "",
           markdown_table(["process", "PSS after its notebook ran (server: alone)",
                           "USS after its notebook ran", "PSS once all have run",
                           "peak RSS (VmHWM)", "status"], rows), "",
           f"- **Every kernel left running** (a learner who never shuts a kernel down): "
           f"server + {len(s.kernels)} kernels once all have run = **{megabytes(all_open)}**"
           + ("" if s.peak_total_sampled is None else
              f"; the highest total sampled every second during the session: "
              f"{megabytes(s.peak_total_sampled)}") + ".",
           "- **Each kernel shut down before the next notebook** (as notebook 00 asks): at "
           "most the server alone + the largest kernel peak "
           f"({worst.name if worst else 'n/a'}) = **{megabytes(one_at_a_time)}** (a kernel's "
           "peak RSS is an upper bound on its share).", ""]
    targets.append(_target_line(
        all_open <= TARGET_SESSION_BYTES and not any(k.error for k in s.kernels),
        "one JupyterLab session with every kernel left running ≤ 2 GB (2,000 MB)",
        megabytes(all_open),
        "Notebook 00 tells learners to shut each kernel down before the next notebook; "
        f"then the session needs at most {megabytes(one_at_a_time)}."))
    targets.append(_target_line(
        one_at_a_time is not None and one_at_a_time <= TARGET_SESSION_BYTES,
        "one JupyterLab session, each kernel shut down before the next, ≤ 2 GB (2,000 MB)",
        megabytes(one_at_a_time)))
    return out


def _guarded_section(s: SessionResult, targets: list[str]) -> list[str]:
    rows = [[f"kernel of {k.name}", megabytes(k.pss_after), megabytes(k.peak_bytes),
             megabytes(k.pss_end) if k.pss_end else "shut down", k.error or "ok"]
            for k in s.kernels]
    ran = not any(k.error for k in s.kernels)
    peak = s.peak_total_sampled
    out = ["## The same session with the memory guard (as `make lab` and Binder run it)", "",
           "The same session again, with the memory guard of `jupyter_server_config.py` on and "
           "`MEM_LIMIT` set to 2 GB as on Binder: when the server and its kernels use more than "
           "75 % of it, idle kernels are shut down, the least recently used first, never a busy "
           "one nor the most recently used one. Still no kernel is shut down by the learner.", "",
           markdown_table(["process", "PSS after its notebook ran", "peak RSS (VmHWM)",
                           "PSS once all have run", "status"], rows), "",
           f"- Highest total (server and all kernels, PSS) sampled every second: "
           f"**{megabytes(peak)}**.",
           "- Kernels the guard shut down: "
           + (", ".join(s.shut_down) if s.shut_down else "none") + ".",
           "- Every notebook ran to its end in its kernel: " + ("yes." if ran else "**no**."), ""]
    span = f" {s.kernels[0].name[:2]} → {s.kernels[-1].name[:2]}" if s.kernels else ""
    targets.append(_target_line(
        ran and peak is not None and peak <= TARGET_SESSION_BYTES,
        f"one JupyterLab session{span} as the course's configuration runs it (memory guard, "
        "MEM_LIMIT 2 GB), no kernel shut down by hand, ≤ 2 GB (2,000 MB) and no running "
        "notebook interrupted", f"a peak of {megabytes(peak)}"
        + ("" if ran else ", and a notebook failed")))
    return out


def _training_section(t: TrainingResults, targets: list[str]) -> list[str]:
    notes, ours = t.of("notes"), t.of("ours")
    sn, so = recipe_summary(notes), recipe_summary(ours)
    seeds = ", ".join(str(s) for s in t.seeds)
    out = ["## Race to 99 % validation and test accuracy", "",
           f"Seeds {seeds}. For each seed, both recipes: the notes' CNN (`build_cnn()` after "
           "`keras.utils.set_random_seed(seed)`, so both start from the same weights), batch "
           "128, the same pipeline (`make_pipeline(train, shuffle_seed=seed)`, its cache "
           "filled before timing), op determinism on as in notebook 04; even seeds run the "
           "notes' recipe first, odd seeds ours; before the first seed, a few untimed training "
           "steps of a throwaway model compiled each way (so neither pays this process's "
           "start-up costs). Time: cumulative wall time of the `fit` epochs; the validation "
           "and test evaluations after each epoch are not counted. Other processes used "
           f"{_other_load(t.other_load)} of the machine's CPU time meanwhile.", "",
           f"- **notes' recipe**: {t.descriptions.get('notes', '')}.",
           f"- **ours (notebook 04)**: {t.descriptions.get('ours', '')}.", ""]

    def row(label, key, **kw):
        return [label, format_spread(sn[key], **kw), format_spread(so[key], **kw)]

    acc = dict(fmt="{:.2f}", unit="%", scale=100, missing="n/a")
    out += ["Mean ± standard deviation over the seeds (minimum–maximum):", "",
            markdown_table(["", RECIPE_LABELS["notes"], RECIPE_LABELS["ours"]], [
                row("epochs to 99 % validation accuracy", "epochs_val"),
                row("time to 99 % validation accuracy", "time_val", unit="s"),
                row("epochs to 99 % test accuracy", "epochs_test"),
                row("time to 99 % test accuracy", "time_test", unit="s"),
                row("final validation accuracy", "final_val", **acc),
                row("final test accuracy", "final_test", **acc),
                row("epochs trained", "epochs_trained", missing="n/a")]), ""]
    for split in ("val", "test"):
        ratio, exact = training_ratio(t, split)
        met = ratio is not None and ratio <= TARGET_RATIO
        out.append(f"- Ratio ours / notes of the mean time to 99 % {SPLIT_LABELS[split]} "
                   f"accuracy: **{_ratio_text(ratio, exact)}**; target ≤ 1/3 (0.33): "
                   f"**{'met' if met else 'MISSED'}**.")
        gap = ("Both recipes train the same network, so an epoch costs about the same and the "
               "ratio is close to the ratio of epochs to 99 %: the notes' recipe would have to "
               "need three times as many epochs as ours.")
        if ratio is None:
            gap = "Our recipe did not reach 99 % in every seed within its planned epochs."
        targets.append(_target_line(met, "notebook 04's recipe reaches 99.0 % "
                                    f"{SPLIT_LABELS[split]} accuracy in ≤ 1/3 of the notes' "
                                    "recipe's mean time", f"ratio {_ratio_text(ratio, exact)}", gap))
    firsts = {r.seed: r.test_accuracy[0] for r in ours if r.test_accuracy}
    met, measured = one_epoch_check(firsts)
    targets.append(_target_line(
        met, "notebook 04's recipe reaches ≥ 99.0 % MNIST test accuracy in one epoch (mean over "
        f"seeds {seeds}; every seed ≥ 98.8 %)", measured))
    out += [""]
    rows = []
    for seed in t.seeds:
        for r in (x for x in t.runs if x.seed == seed):
            rows.append([seed, RECIPE_LABELS[r.recipe], len(r.epoch_seconds),
                         r.epochs_to_target("val") or "–", _seconds(r.time_to_target("val")),
                         r.epochs_to_target("test") or "–", _seconds(r.time_to_target("test")),
                         _pct(r.final("val")), _pct(r.final("test"))])
    out += ["Per seed (– : did not reach 99 % within the epochs trained):", "",
            markdown_table(["seed", "recipe", "epochs trained", "epochs to 99 % val",
                            "time to 99 % val", "epochs to 99 % test", "time to 99 % test",
                            "final val accuracy", "final test accuracy"], rows), ""]

    step = training_step_flops(t.forward_flops)
    peak = max(t.matmul_gflops)
    rows = []
    for recipe, runs in (("notes", notes), ("ours", ours)):
        if not runs:
            continue
        epoch_s, first_only = throughput_epoch_seconds([r.epoch_seconds for r in runs])
        per_s = TRAIN_EXAMPLES / epoch_s
        gflops = per_s * step / 1e9
        rows.append([RECIPE_LABELS[recipe] + (" (first epochs: tracing included)" if first_only else ""),
                     f"{epoch_s:.1f}", f"{per_s:,.0f}", f"{gflops:.1f}", f"{gflops / peak:.1%}"])
    out += ["## Training throughput", "",
            f"FLOPs counted analytically (2 x multiply-accumulates of the Conv2D and Dense "
            f"layers; pooling, activations and biases left out): forward pass "
            f"{t.forward_flops / 1e6:.2f} MFLOP per example, training step ≈ 3 x forward = "
            f"{step / 1e6:.2f} MFLOP per example. Epoch time: median over the seeds of the "
            f"epochs after each run's first (the first also traces the training function; a "
            f"recipe trained for one epoch only has first epochs); {TRAIN_EXAMPLES:,d} examples "
            "per epoch.", "",
            "Matrix-multiply peak on this machine (float32 2048 x 2048 `tf.linalg.matmul`, "
            "best of 10), measured before the first seed and after each: "
            + ", ".join(f"{g:.1f}" for g in t.matmul_gflops)
            + f" GFLOP/s; the highest, **{peak:.1f} GFLOP/s**, is the reference.", "",
            markdown_table(["recipe", "epoch time (s)", "examples/s", "GFLOP/s",
                            "fraction of matmul peak"], rows), ""]
    return out


def report(res: Results) -> str:
    """The Markdown text of ``results.md`` from everything one run measured."""
    machine = res.machine
    out = ["# nn4 benchmark results", "",
           f"Made by `make bench` (`benchmarks/run.py`) on {res.started:%Y-%m-%d %H:%M} UTC.", ""]
    if not res.complete:
        out += ["**A partial run** (only some parts, notebooks or seeds, or lower epoch caps): "
                "not the committed figures.", ""]
    mem = megabytes(machine.get("memory_bytes")).replace(" MB", " MB RAM")
    load = ("n/a" if machine.get("load") is None
            else ", ".join(f"{x:.2f}" for x in machine["load"]))
    out += ["## Machine", "",
            f"- CPUs: {machine.get('cpus')} (usable by this process: {machine.get('cpus_usable')}), "
            f"{machine.get('cpu_model')}; {mem}",
            f"- load average (1, 5, 15 min) when the run started: {load} "
            "(the machine is shared: other work may have run at the same time; the share "
            "of the machine's CPU time that other processes used is given for each part below)",
            "- " + ", ".join(f"{k} {v}" for k, v in res.versions.items()), ""]
    targets: list[str] = []
    if res.notebooks or res.one_cpu:
        out += _notebook_section(res, targets)
    if res.session:
        out += _session_section(res.session, targets)
    if res.guarded_session:
        out += _guarded_section(res.guarded_session, targets)
    if res.training:
        out += _training_section(res.training, targets)
    if targets:
        out += ["## Targets", "", *targets, ""]
    return "\n".join(out)


def readme_section(res: Results) -> str:
    """The generated part of the README's "How long does it take?" section
    (what lies between its markers), from the same numbers as :func:`report`."""
    m, v = res.machine, res.versions
    loads = [x for x in (res.notebooks_other_load, res.one_cpu_other_load,
                         res.training.other_load if res.training else None) if x is not None]
    quiet = (f"other processes used at most {max(loads):.0%} of its CPU time meanwhile"
             if loads else "the load of other work was not measured")
    out = [f"Measured by `make bench` on {res.started:%Y-%m-%d} on a machine with "
           f"{m.get('cpus_usable')} CPUs ({m.get('cpu_model')}; Python {v.get('python', '?')}, "
           f"TensorFlow {v.get('tensorflow', '?')}); {quiet}. Every figure, and how it was "
           "measured, is in `benchmarks/results.md`; this part of the README is written from "
           "the same run.", ""]
    two, one = res.notebooks or [], res.one_cpu or []
    if two or one:
        a, b = {r.name: r for r in two}, {r.name: r for r in one}
        rows = []
        for name in dict.fromkeys(r.name for r in two + one):
            peaks = [r.peak_bytes for r in (a.get(name), b.get(name)) if r and r.peak_bytes]
            rows.append([notebook_label(name) + (" (optional)" if is_optional(name) else ""),
                         f"{a[name].seconds:,.0f} s" if name in a else "–",
                         f"{b[name].seconds:,.0f} s" if name in b else "–",
                         megabytes(max(peaks) if peaks else None)])
        core_two = [r for r in two if not is_optional(r.name)]
        core_one = [r for r in one if not is_optional(r.name)]
        core = core_label(r.name for r in two + one)
        rows.append([f"**{core}**",
                     f"**{sum(r.seconds for r in core_two) / 60:.1f} min**" if core_two else "–",
                     f"**{sum(r.seconds for r in core_one) / 60:.1f} min**" if core_one else "–", ""])
        out += [markdown_table(["notebook", f"time, {m.get('cpus_usable')} CPUs",
                                "time, one CPU", "peak kernel memory"], rows), ""]
        verdicts = []
        for runs, limit, where in ((core_two, TARGET_COLLECTION_S, "2 CPUs"),
                                   (core_one, TARGET_COLLECTION_ONE_CPU_S, "one CPU")):
            if runs:
                met = sum(r.seconds for r in runs) <= limit and not any(r.error for r in runs)
                verdicts.append(f"{core} ≤ {limit / 60:g} min on {where}: {'met' if met else 'missed'}")
        for r in two:
            if is_optional(r.name):
                met = r.seconds <= TARGET_OPTIONAL_S and not r.error
                verdicts.append(f"{optional_label(r.name)} ≤ {TARGET_OPTIONAL_S / 60:g} min on "
                                f"2 CPUs: {'met' if met else 'missed'}")
        if verdicts:
            out += ["Time targets (the core collection and the optional notebook apart): "
                    + "; ".join(verdicts) + ".", ""]
        peak, name = _max_peak(two, one)
        text = (f"Every notebook's kernel peaks at {megabytes(peak)} or less ({name}; target "
                "1.2 GB).")
        if res.session:
            all_open, one_at_a_time = res.session.totals()
            text += (f" A whole JupyterLab session, the notebooks opened one after another, "
                     f"takes {megabytes(all_open)} if no kernel is ever shut down "
                     f"({'within' if all_open <= TARGET_SESSION_BYTES else 'over'} Binder's "
                     f"2 GB), and at most {megabytes(one_at_a_time)} if each kernel is shut "
                     "down before the next notebook, as notebook 00 asks.")
        if res.guarded_session:
            g = res.guarded_session
            text += (f" With the course's memory guard (`jupyter_server_config.py`, used by "
                     f"`make lab` and Binder) and no kernel shut down by hand, the session peaks "
                     f"at {megabytes(g.peak_total_sampled)}: the guard shut down "
                     f"{len(g.shut_down)} idle kernel{'s' if len(g.shut_down) != 1 else ''} "
                     "and every notebook ran to its end"
                     + ("" if not any(k.error for k in g.kernels) else " (**except one**)") + ".")
        text += (" (Notebook 05 reuses the model notebook 04 leaves in `notebooks/cache/`, and "
                 "06 the one 05 leaves; run on its own, each also trains that model first.)")
        out += [text, ""]
    t = res.training
    if t and t.of("ours") and t.of("notes"):
        sn, so = recipe_summary(t.of("notes")), recipe_summary(t.of("ours"))
        seeds = ", ".join(str(s) for s in t.seeds)
        firsts = {r.seed: r.test_accuracy[0] for r in t.of("ours") if r.test_accuracy}
        met, _ = one_epoch_check(firsts)
        ratios = {split: training_ratio(t, split) for split in ("val", "test")}
        verdicts = ", ".join(f"{SPLIT_LABELS[s]} " + ("met" if r is not None and r <= TARGET_RATIO
                                                      else "missed")
                             for s, (r, _) in ratios.items())
        epochs = f"{t.planned_epochs} epoch" + ("s" if t.planned_epochs != 1 else "")
        notes_time = _seconds(sn["time_test"].mean) + (
            "" if sn["epochs_test"].mean is None
            else f" ({sn['epochs_test'].mean:.1f} epochs on average)")
        step = training_step_flops(t.forward_flops)
        epoch_s, _ = throughput_epoch_seconds([r.epoch_seconds for r in t.of("notes")])
        per_s = TRAIN_EXAMPLES / epoch_s
        gflops = per_s * step / 1e9
        share = f"{gflops / max(t.matmul_gflops):.0%}".replace("%", " %")
        out += [f"After one epoch, notebook 04's recipe (Adam with warm-up and cosine decay over "
                f"{epochs}, label smoothing) reaches {_pct(statistics.fmean(firsts.values()))} test "
                f"accuracy on average over seeds {seeds}, and at least {_pct(min(firsts.values()))} "
                f"(target: a mean of at least 99.0 % and every seed at least 98.8 %: "
                f"{'met' if met else 'missed'}). Mean training time to 99.0 % test accuracy: "
                f"{_seconds(so['time_test'].mean)} for ours, {notes_time} for the notes' recipe "
                "(`compile` without an optimizer, i.e. RMSprop at 0.001, no schedule): a ratio "
                f"of {_ratio_text(*ratios['test'])}; the same ratio to 99.0 % validation "
                f"accuracy: {_ratio_text(*ratios['val'])}. The target is 1/3 or less: "
                f"{verdicts}. Training ran at about {per_s:,.0f} images/s, {gflops:,.0f} "
                f"GFLOP/s, {share} of the matrix-multiply peak measured in the same run.", ""]
    return "\n".join(out).strip("\n")


# --------------------------------------------------------------------------
# 1. Notebooks, on every CPU and on one
# --------------------------------------------------------------------------

@contextmanager
def cpu_affinity(cpus):
    """Restrict this thread (and the processes it starts meanwhile) to
    ``cpus``; restore the previous affinity afterwards. ``None``: no change."""
    if cpus is None:
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, set(cpus))
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def start_kernel(cwd: Path, kernel_name: str = "python3", cpus=None):
    """A started ``AsyncKernelManager`` whose kernel runs in ``cwd``, on
    ``cpus`` (inherited: this thread is restricted while it starts it)."""
    from jupyter_client import AsyncKernelManager
    from jupyter_core.utils import run_sync

    km = AsyncKernelManager(kernel_name=kernel_name)
    with cpu_affinity(cpus):
        run_sync(km.start_kernel)(cwd=str(cwd))
    if cpus is not None:
        got = os.sched_getaffinity(kernel_pid(km))
        if got != set(cpus):
            stop_kernel(km, now=True)
            raise RuntimeError(f"the kernel runs on CPUs {sorted(got)}, not {sorted(cpus)}")
    return km


def kernel_pid(km) -> int:
    return km.provisioner.pid


def stop_kernel(km, now: bool = False) -> None:
    """Shut the kernel down (gracefully unless ``now``); never raises."""
    from jupyter_core.utils import run_sync

    try:
        pid = kernel_pid(km)
    except Exception:
        pid = None
    try:
        run_sync(km.shutdown_kernel)(now=now)
    except Exception as exc:
        print(f"[bench] could not shut kernel {pid} down: {exc}; killing it", flush=True)
        if pid:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def execute_in_kernel(path: Path, km, timeout: int = CELL_TIMEOUT_S) -> tuple[int | None, str | None]:
    """Execute a copy of notebook ``path`` (in memory; the file is not
    modified) in the started kernel of ``km``, leaving the kernel running;
    ``(peak memory, error)``: the kernel's VmHWM, read by
    :data:`PROBE_SOURCE` after the last cell (also after a failing cell,
    which ends the run)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    cells = list(nb.cells)
    probe = nbformat.v4.new_code_cell(PROBE_SOURCE)
    nb.cells.append(probe)
    client = NotebookClient(nb, km=km, timeout=timeout,
                            resources={"metadata": {"path": str(path.parent)}})
    error, peak = None, None
    try:
        with client.setup_kernel():
            for index, cell in enumerate(cells):
                try:
                    client.execute_cell(cell, index)
                except Exception as exc:  # CellExecutionError, DeadKernelError, timeouts
                    first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[-1]
                    error = f"cell {index}: {type(exc).__name__}: {first_line[:200]}"
                    break
            try:
                client.execute_cell(probe, len(cells))
                text = "".join(o.get("text", "") for o in probe.outputs if o.get("name") == "stdout")
                peak = parse_vmhwm(text)
            except Exception as exc:  # a dead kernel cannot answer
                error = error or f"memory probe failed: {type(exc).__name__}"
    finally:
        if getattr(client, "kc", None) is not None:
            client.kc.stop_channels()
    return peak, error


def _kernel_name(path: Path) -> str:
    import nbformat

    return nbformat.read(path, as_version=4).metadata.get("kernelspec", {}).get("name", "python3")


def run_notebook(path: Path, cpus=None, timeout: int = CELL_TIMEOUT_S) -> NotebookRun:
    """Execute notebook ``path`` in a fresh kernel (on ``cpus``; None: every
    CPU) whose working directory is the notebook's folder, then shut it down.
    The wall time covers kernel start, every cell and shutdown."""
    kernel_name = _kernel_name(path)
    start = time.perf_counter()
    km = start_kernel(path.parent, kernel_name, cpus)
    try:
        peak, error = execute_in_kernel(path, km, timeout)
    finally:
        stop_kernel(km)
    return NotebookRun(path.name, time.perf_counter() - start, peak, error)


def run_notebooks(paths, cpus=None) -> list[NotebookRun]:
    """:func:`run_notebook` on each of ``paths`` in order, printing progress."""
    runs = []
    where = "every CPU" if cpus is None else f"CPU {', '.join(map(str, sorted(cpus)))}"
    for path in paths:
        print(f"[bench] executing {path.name} on {where} ...", flush=True)
        run = run_notebook(path, cpus)
        print(f"[bench]   {run.seconds:6.1f} s, peak kernel memory {megabytes(run.peak_bytes)}"
              + (f", ERROR {run.error}" if run.error else ""), flush=True)
        runs.append(run)
    return runs


# --------------------------------------------------------------------------
# 2. One JupyterLab session
# --------------------------------------------------------------------------

def tree_memory(pid: int) -> tuple[int, int]:
    """PSS and USS in bytes of process ``pid`` and all its children."""
    import psutil

    pss = uss = 0
    try:
        root = psutil.Process(pid)
        procs = [root] + root.children(recursive=True)
    except psutil.NoSuchProcess:
        return 0, 0
    for p in procs:
        try:
            info = p.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        pss += info.pss
        uss += info.uss
    return pss, uss


class JupyterServer:
    """An idle Jupyter server as a learner's ``make lab`` runs it (JupyterLab,
    or jupyter_server if JupyterLab is missing), on 127.0.0.1 with a random
    token; a context manager that always stops it (and its process group)."""

    def __init__(self, startup_timeout: float = 120, args=(), env=None):
        self.startup_timeout = startup_timeout
        self.args, self.extra_env = list(args), dict(env or {})
        self.proc = None
        self.kind = None

    def __enter__(self):
        import importlib.util

        self.kind = "jupyterlab" if importlib.util.find_spec("jupyterlab") else "jupyter_server"
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.token = secrets.token_hex(16)
        self._tmp = tempfile.TemporaryDirectory(prefix="nn4-bench-")
        self._log = open(Path(self._tmp.name) / "server.log", "w+b")
        env = dict(os.environ, JUPYTER_RUNTIME_DIR=self._tmp.name, **self.extra_env)
        cmd = [sys.executable, "-m", self.kind, "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={ROOT}",
               "--allow-root", f"--config={ROOT / 'jupyter_server_config.py'}", *self.args]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                     stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        try:
            self._wait_until_up()
        except BaseException:
            self.stop()
            raise
        return self

    def _request(self, path: str, method: str = "GET", timeout: float = 5, body=None):
        """``(status, parsed JSON body or None)`` of one request to the server."""
        import json
        import urllib.request

        data = json.dumps(body).encode() if body is not None else (b"" if method == "POST" else None)
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method,
                                     data=data,
                                     headers={"Authorization": f"token {self.token}",
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=timeout) as response:
            text = response.read()
            return response.status, (json.loads(text) if text else None)

    def start_kernel(self, name: str, path: str) -> str:
        """Start a kernel through the server, as JupyterLab does when a
        notebook is opened (working directory: ``path`` under the root);
        its id."""
        status, model = self._request("/api/kernels", "POST", timeout=120,
                                      body={"name": name, "path": path})
        return model["id"]

    def kernel_ids(self) -> set[str]:
        """Ids of the kernels the server has running now."""
        return {k["id"] for k in self._request("/api/kernels")[1]}

    def connection_file(self, kernel_id: str) -> Path:
        return Path(self._tmp.name) / f"kernel-{kernel_id}.json"

    def _wait_until_up(self):
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the Jupyter server exited ({self.proc.returncode}): "
                                   + self.log_tail())
            try:
                if self._request("/api/status", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError("the Jupyter server did not answer in time: " + self.log_tail())

    def log_tail(self, n: int = 800) -> str:
        try:
            self._log.flush()
            return Path(self._log.name).read_text(errors="replace")[-n:]
        except (OSError, ValueError):
            return ""

    def stop(self):
        """POST /api/shutdown, then SIGTERM and SIGKILL to its process group if needed."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                self._request("/api/shutdown", method="POST")
            except OSError:
                pass
            for sig, wait in ((None, 20), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
                if sig is not None:
                    try:
                        os.killpg(self.proc.pid, sig)
                    except OSError:
                        pass
                try:
                    self.proc.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if getattr(self, "_log", None):
            self._log.close()
        if getattr(self, "_tmp", None):
            self._tmp.cleanup()
            self._tmp = None

    def __exit__(self, *exc):
        self.stop()
        return False


class _Sampler(threading.Thread):
    """Sums the PSS of a changing set of process trees every ``interval`` s; keeps the highest."""

    def __init__(self, pids: list[int], interval: float = 1.0):
        super().__init__(daemon=True)
        self.pids, self.interval, self.peak = pids, interval, 0
        self._stop_event = threading.Event()

    def run(self):
        while not self._stop_event.wait(self.interval):
            try:
                self.peak = max(self.peak, sum(tree_memory(p)[0] for p in list(self.pids)))
            except Exception:  # a process ending mid-read; the next sample will do
                pass

    def stop(self):
        self._stop_event.set()
        self.join(timeout=10)


def execute_with_client(path: Path, connection_file: Path,
                        timeout: int = CELL_TIMEOUT_S) -> tuple[int | None, str | None]:
    """Execute the code cells of notebook ``path`` (read only) in the running
    kernel of ``connection_file``, as a browser tab would through the server;
    ``(peak memory, error)`` as :func:`execute_in_kernel`."""
    import nbformat
    from jupyter_client import BlockingKernelClient

    kc = BlockingKernelClient(connection_file=str(connection_file))
    kc.load_connection_file()
    kc.start_channels()
    stdout: list[str] = []

    def hook(msg):
        if msg["msg_type"] == "stream" and msg["content"].get("name") == "stdout":
            stdout.append(msg["content"]["text"])

    error, peak = None, None
    try:
        kc.wait_for_ready(timeout=120)
        cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        for index, cell in enumerate(cells + [nbformat.v4.new_code_cell(PROBE_SOURCE)]):
            stdout.clear()
            try:
                reply = kc.execute_interactive(cell.source, timeout=timeout, output_hook=hook,
                                               allow_stdin=False)
            except Exception as exc:  # a kernel that died or a timeout
                error = error or f"code cell {index}: {type(exc).__name__}: {exc}"[:200]
                break
            content = reply["content"]
            if content["status"] != "ok":
                error = f"code cell {index}: {content.get('ename')}: {content.get('evalue')}"[:200]
                break
        else:
            peak = parse_vmhwm("".join(stdout))
    finally:
        kc.stop_channels()
    return peak, error


def run_session(paths, guard: bool = False, memory_limit: int = int(TARGET_SESSION_BYTES)
                ) -> SessionResult:
    """Play one JupyterLab session: start a Jupyter server with the course's
    ``jupyter_server_config.py`` (as ``make lab`` and Binder do), then for
    each notebook in ``paths`` start a kernel through the server (as opening
    the notebook does) and run every cell in it, leaving it running. With
    ``guard``, the memory guard of that file is on with ``MEM_LIMIT`` =
    ``memory_limit`` (Binder's 2 GB); without, it is off, so every kernel
    stays. The server's process tree (it and all its kernels) is sampled
    every second for its total PSS; each kernel's memory is measured after
    its notebook and once all have run. Every process started here is
    stopped at the end, also on error."""
    results: list[KernelMemory] = []
    ids: list[str] = []
    shut_down: list[str] = []
    args = [] if guard else ["--CourseKernelManager.guard_fraction=0"]
    env = {"MEM_LIMIT": str(memory_limit)} if guard else {}
    with JupyterServer(args=args, env=env) as server:
        time.sleep(2)  # let it settle after its first answer
        server_alone, _ = tree_memory(server.proc.pid)
        print(f"[bench] Jupyter server ({server.kind}) idle: PSS {megabytes(server_alone)}"
              + (f"; memory guard on, MEM_LIMIT {megabytes(memory_limit)}" if guard else
                 "; memory guard off"), flush=True)
        sampler = _Sampler([server.proc.pid])
        sampler.start()
        try:
            for path in paths:
                print(f"[bench] session: {path.name} in a new kernel, the others left running ...",
                      flush=True)
                kernel_id = server.start_kernel(_kernel_name(path), str(path.parent.relative_to(ROOT)))
                ids.append(kernel_id)
                peak, error = execute_with_client(path, server.connection_file(kernel_id))
                running = server.kernel_ids()
                for name, other in zip([p.name for p in paths], ids):
                    gone = f"{name} (during {path.name})"
                    if other not in running and not any(g.startswith(name + " ") for g in shut_down):
                        shut_down.append(gone)
                        print(f"[bench]   the memory guard shut down the kernel of {gone}", flush=True)
                pss, uss = _kernel_memory(server.proc.pid, kernel_id)
                results.append(KernelMemory(path.name, pss, uss, peak_bytes=peak, error=error))
                print(f"[bench]   PSS {megabytes(pss)}, USS {megabytes(uss)}, peak RSS "
                      f"{megabytes(peak)}" + (f", ERROR {error}" if error else ""), flush=True)
            time.sleep(3)
            server_end = _server_only_memory(server.proc.pid)
            for kernel_id, k in zip(ids, results):
                k.pss_end = _kernel_memory(server.proc.pid, kernel_id)[0]
        finally:
            sampler.stop()
    return SessionResult(f"`python -m {server.kind}`", server_alone, server_end, results,
                         sampler.peak or None, guarded=guard, shut_down=shut_down)


def _kernel_process(server_pid: int, kernel_id: str):
    """The server's child process running kernel ``kernel_id`` (its command
    line names the connection file ``kernel-<id>.json``), or None."""
    import psutil

    try:
        for child in psutil.Process(server_pid).children():
            try:
                if any(f"kernel-{kernel_id}.json" in arg for arg in child.cmdline()):
                    return child
            except psutil.Error:
                continue
    except psutil.Error:
        pass
    return None


def _kernel_memory(server_pid: int, kernel_id: str) -> tuple[int, int]:
    """PSS and USS (bytes) of kernel ``kernel_id``'s process tree; 0, 0 once it is gone."""
    proc = _kernel_process(server_pid, kernel_id)
    return tree_memory(proc.pid) if proc else (0, 0)


def _server_only_memory(server_pid: int) -> int:
    """PSS of the server process alone (its kernels not counted)."""
    import psutil

    try:
        return psutil.Process(server_pid).memory_full_info().pss
    except psutil.Error:
        return 0


# --------------------------------------------------------------------------
# 3.-4. Training: time to 99 %, throughput, matmul peak
# --------------------------------------------------------------------------

def matmul_peak_gflops(tf, n: int = 2048, repeats: int = 10) -> float:
    """Best float32 matrix-multiply rate in GFLOP/s: ``repeats`` products of
    two random ``n x n`` matrices with ``tf.linalg.matmul`` (after one warm-up),
    ``2 n^3`` FLOPs each, fastest time."""
    a = tf.random.uniform((n, n), dtype=tf.float32, seed=1)
    b = tf.random.uniform((n, n), dtype=tf.float32, seed=2)
    tf.linalg.matmul(a, b)[0, 0].numpy()  # warm-up (thread pools, oneDNN kernels)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        c = tf.linalg.matmul(a, b)
        c[0, 0].numpy()  # eager CPU ops are synchronous; this makes sure of it
        best = min(best, time.perf_counter() - start)
    return 2 * n**3 / best / 1e9


def train_epochs(run: RecipeRun, model, train, val, test, stop_when_both_reached: bool) -> RecipeRun:
    """Fit ``model`` one epoch at a time (up to ``run.max_epochs``), timing
    each ``fit`` call, then evaluating the validation and the test set (not
    timed). Stops early once both have reached the target when
    ``stop_when_both_reached``."""
    for epoch in range(run.max_epochs):
        start = time.perf_counter()
        model.fit(train, epochs=epoch + 1, initial_epoch=epoch, verbose=0, shuffle=False)
        run.epoch_seconds.append(time.perf_counter() - start)
        run.val_accuracy.append(float(model.evaluate(val, verbose=0, return_dict=True)["accuracy"]))
        run.test_accuracy.append(float(model.evaluate(test, verbose=0, return_dict=True)["accuracy"]))
        print(f"[bench]   seed {run.seed}, {run.recipe}, epoch {epoch + 1}: fit "
              f"{run.epoch_seconds[-1]:.1f} s, validation {run.val_accuracy[-1]:.4f}, "
              f"test {run.test_accuracy[-1]:.4f}", flush=True)
        if stop_when_both_reached and both_reached(run.val_accuracy, run.test_accuracy):
            break
    return run


def run_training(seeds, notes_max_epochs: int = NOTES_MAX_EPOCHS,
                 our_max_epochs: int | None = None) -> TrainingResults:
    """Race the notes' recipe against notebook 04's for each of ``seeds``.

    Each run gets a fresh pipeline (``make_pipeline(train, shuffle_seed=seed)``
    after ``keras.utils.set_random_seed(seed)``), so both recipes of a seed
    see the batches in the same order and start from the same weights; every
    cache (training, validation, test) is filled before timing. A few untimed
    training steps of a throwaway model compiled each way first pay this
    process's one-time start-up costs. Op determinism is on, as in notebook
    04. The matmul peak is measured before the first seed and after each.
    ``our_max_epochs`` (default ``EPOCHS``) only serves quick trial runs: our
    recipe's schedule is always planned for ``EPOCHS`` epochs.
    """
    sys.path.insert(0, str(ROOT))
    from helpers.mnist import (EPOCHS, LABEL_SMOOTHING, PEAK_LEARNING_RATE, TRAIN_SIZE, build_cnn,
                               compile_cnn, load_mnist, make_pipeline, steps_per_epoch, tf)
    import keras
    import numpy

    assert TRAIN_SIZE == TRAIN_EXAMPLES, "update TRAIN_EXAMPLES in benchmarks/run.py"
    tf.config.experimental.enable_op_determinism()
    versions = {"python": platform.python_version(), "tensorflow": tf.__version__,
                "keras": keras.__version__, "numpy": numpy.__version__}
    total_steps = EPOCHS * steps_per_epoch()
    descriptions = {
        "notes": "`build_cnn()`, `compile(loss=\"sparse_categorical_crossentropy\", "
                 "metrics=[\"accuracy\"])` with no optimizer: Keras' default, RMSprop (learning "
                 f"rate 0.001), no schedule; up to {notes_max_epochs} epochs, stopped once both "
                 "validation and test accuracy have reached 99.0 %",
        "ours": f"`build_cnn()`, `compile_cnn(model, total_steps={EPOCHS} * {steps_per_epoch()})`: "
                f"Adam, linear warm-up to {PEAK_LEARNING_RATE:g} then cosine decay to 0 over "
                f"{total_steps} steps, label smoothing {LABEL_SMOOTHING:g}; trained for its planned "
                f"EPOCHS = {min(EPOCHS, our_max_epochs or EPOCHS)} epoch"
                + ("s" if min(EPOCHS, our_max_epochs or EPOCHS) != 1 else "")}
    peaks = []

    def measure_peak():
        peaks.append(matmul_peak_gflops(tf))
        print(f"[bench] matmul peak: {peaks[-1]:.1f} GFLOP/s", flush=True)

    def fill(ds):  # read to the end once: fills the cache, untimed
        for _ in ds:
            pass
        return ds

    def compile_as(recipe, model):
        if recipe == "notes":  # the default optimizer, as the notes
            model.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        else:
            compile_cnn(model, total_steps=total_steps)
        return model

    train_raw, val_raw, test_raw = load_mnist()
    val, test = fill(make_pipeline(val_raw)), fill(make_pipeline(test_raw))
    runs: list[RecipeRun] = []
    flops = None
    with OtherLoad() as load:
        measure_peak()
        for recipe in ("notes", "ours"):  # untimed: one-time costs of the process
            keras.utils.set_random_seed(0)
            warm_up = compile_as(recipe, build_cnn(name=f"warm_up_{recipe}"))
            warm_up.fit(make_pipeline(train_raw.take(2560), shuffle_seed=0), epochs=1, verbose=0,
                        shuffle=False)
            warm_up.evaluate(val.take(5), verbose=0)
            warm_up.evaluate(test.take(5), verbose=0)
            del warm_up
        for seed in seeds:
            for recipe in (("notes", "ours") if seed % 2 == 0 else ("ours", "notes")):
                keras.backend.clear_session()
                keras.utils.set_random_seed(seed)
                train = fill(make_pipeline(train_raw, shuffle_seed=seed))
                keras.utils.set_random_seed(seed)
                model = compile_as(recipe, build_cnn(name=f"{recipe}_seed{seed}"))
                flops = flops or forward_flops(model)
                if recipe == "notes":
                    run = RecipeRun("notes", seed, notes_max_epochs)
                else:
                    run = RecipeRun("ours", seed, min(EPOCHS, our_max_epochs or EPOCHS))
                print(f"[bench] seed {seed}: {RECIPE_LABELS[recipe]} ...", flush=True)
                train_epochs(run, model, train, val, test, stop_when_both_reached=recipe == "notes")
                runs.append(run)
                del model, train
            measure_peak()
    return TrainingResults(runs, list(seeds), descriptions, EPOCHS, flops, peaks, versions,
                           load.fraction)


# --------------------------------------------------------------------------
# 5. Machine, command line
# --------------------------------------------------------------------------

def machine_description() -> dict:
    """CPU count, CPU model, memory and load of this machine."""
    info = {"cpus": os.cpu_count(),
            "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
            "cpu_model": platform.processor() or platform.machine(), "memory_bytes": None}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_bytes"] = int(line.split()[1]) * 1024
    except OSError:
        pass
    info["load"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    return info


def installed_versions() -> dict:
    """Versions of python, tensorflow, keras, numpy from the package metadata
    (without importing TensorFlow)."""
    from importlib import metadata

    versions = {"python": platform.python_version()}
    for name, dists in [("tensorflow", ("tensorflow", "tensorflow-cpu")), ("keras", ("keras",)),
                        ("numpy", ("numpy",))]:
        for dist in dists:
            try:
                versions[name] = metadata.version(dist)
                break
            except metadata.PackageNotFoundError:
                pass
    return versions


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
                or args.no_training or args.max_epochs
                or tuple(args.seeds) != DEFAULT_SEEDS)


def main(argv=None) -> int:
    """Command line: run the benchmark, write the report, print it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
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
    if not args.no_training:
        res.training = run_training(args.seeds, notes_max_epochs=args.max_epochs or NOTES_MAX_EPOCHS,
                                    our_max_epochs=args.max_epochs)
    res.versions = res.training.versions if res.training else installed_versions()

    text = report(res)
    args.output.write_text(text)
    print(text)
    print(f"[bench] written to {args.output}")
    if complete:
        README.write_text(replace_between_markers(README.read_text(), readme_section(res)))
        print(f"[bench] README.md: the generated part of 'How long does it take?' rewritten")
    failed = any(r.error for r in (res.notebooks or []) + (res.one_cpu or []))
    failed = failed or any(k.error for ses in (res.session, res.guarded_session) if ses
                           for k in ses.kernels)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
