"""nn4 benchmark: how long the course takes, how much memory it needs, and how
fast our MNIST recipe reaches 99 % compared with the notes' recipe.

Run it with ``make bench`` (or ``.venv/bin/python benchmarks/run.py``). It

1. executes every notebook in ``notebooks/`` (sorted, as CI does: 05 reuses
   the model 04 leaves in ``notebooks/cache/``) from a fresh kernel with
   nbclient, in memory -- the files on disk are not touched -- and records its
   wall time and the peak resident memory of the kernel process (``VmHWM``,
   read inside the kernel by one extra cell appended to the in-memory copy);
2. trains, on the same data pipeline, the notes' recipe (``build_cnn()``,
   ``compile`` with no optimizer, i.e. Keras' default RMSprop at learning rate
   0.001, no schedule) and notebook 04's recipe
   (``build_cnn()`` + ``compile_cnn`` with its planned ``EPOCHS`` budget),
   epoch by epoch, evaluating the test set after each epoch, and reports the
   training time each needs to reach 99.0 % test accuracy, and their ratio;
3. reports training throughput in examples/s and in GFLOP/s, the latter as a
   fraction of a float32 matrix-multiply peak measured in the same run;
4. writes everything, with the CPU count and library versions, to
   ``benchmarks/results.md`` and prints it.

``--help`` lists the options that run only a part (for trying it out).
The functions at the top (FLOP counting, reading the epoch log, formatting)
are pure and unit-tested in ``tests/test_benchmark.py``; this module imports
TensorFlow only inside the functions that train.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
RESULTS = Path(__file__).resolve().parent / "results.md"

SEED = 42  #: as in notebook 04
TARGET_ACCURACY = 0.99  #: test accuracy both recipes race to
NOTES_MAX_EPOCHS = 10  #: cap for the notes' recipe
TRAIN_EXAMPLES = 55_000  #: helpers.mnist.TRAIN_SIZE (repeated: report() needs no TensorFlow)
CELL_TIMEOUT_S = 900  #: as ``make test`` (nbval) and ``make notebooks``

# The targets (for the 2-core CI machine).
TARGET_COLLECTION_S = 10 * 60  #: the whole collection
TARGET_PEAK_BYTES = 1.5e9  #: peak kernel memory in every notebook (1.5 GB = 1,500 MB)
TARGET_RATIO = 1 / 3  #: our time-to-99 % over the notes' time-to-99 %

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
# Pure helpers (no TensorFlow)
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


def steady_epoch_seconds(epoch_seconds) -> float:
    """Median epoch time leaving out the first epoch (which also traces the
    training function), or the first epoch's time if it is the only one."""
    steady = list(epoch_seconds[1:]) or list(epoch_seconds)
    return float(statistics.median(steady))


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
# 1. Notebooks
# --------------------------------------------------------------------------

@dataclass
class NotebookRun:
    """One notebook executed from a fresh kernel."""
    name: str
    seconds: float
    peak_bytes: int | None
    error: str | None = None


def run_notebook(path: Path, timeout: int = CELL_TIMEOUT_S) -> NotebookRun:
    """Execute a copy of notebook ``path`` (in memory; the file is not
    modified) in a fresh kernel whose working directory is the notebook's
    folder. The wall time covers kernel start, every cell and shutdown; the
    peak memory is the kernel's VmHWM, read by :data:`PROBE_SOURCE` after the
    last cell (also after a failing cell, which ends the run)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    cells = list(nb.cells)
    probe = nbformat.v4.new_code_cell(PROBE_SOURCE)
    nb.cells.append(probe)
    client = NotebookClient(nb, timeout=timeout, resources={"metadata": {"path": str(path.parent)}})
    error = None
    peak = None
    start = time.perf_counter()
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
    seconds = time.perf_counter() - start
    return NotebookRun(path.name, seconds, peak, error)


def run_notebooks(paths) -> list[NotebookRun]:
    """:func:`run_notebook` on each of ``paths`` in order, printing progress."""
    runs = []
    for path in paths:
        print(f"[bench] executing {path.name} ...", flush=True)
        run = run_notebook(path)
        print(f"[bench]   {run.seconds:6.1f} s, peak kernel memory {megabytes(run.peak_bytes)}"
              + (f", ERROR {run.error}" if run.error else ""), flush=True)
        runs.append(run)
    return runs


# --------------------------------------------------------------------------
# 2.-3. Training: time to 99 %, throughput, matmul peak
# --------------------------------------------------------------------------

@dataclass
class RecipeRun:
    """Epoch-by-epoch log of one recipe: fit time and test accuracy after each epoch."""
    name: str
    description: str
    max_epochs: int
    epoch_seconds: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)

    @property
    def epochs_to_target(self):
        return first_epoch_reaching(self.test_accuracy)

    @property
    def time_to_target(self):
        return time_to_target(self.epoch_seconds, self.test_accuracy)


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


def train_epochs(run: RecipeRun, model, train, test, stop_at_target: bool) -> RecipeRun:
    """Fit ``model`` one epoch at a time (up to ``run.max_epochs``), timing
    each ``fit`` call, then evaluating the test set (not timed). Stops early
    at the target accuracy when ``stop_at_target``."""
    for epoch in range(run.max_epochs):
        start = time.perf_counter()
        model.fit(train, epochs=epoch + 1, initial_epoch=epoch, verbose=0, shuffle=False)
        run.epoch_seconds.append(time.perf_counter() - start)
        _, accuracy = model.evaluate(test, verbose=0)
        run.test_accuracy.append(float(accuracy))
        print(f"[bench]   {run.name}, epoch {epoch + 1}: fit {run.epoch_seconds[-1]:.1f} s, "
              f"test accuracy {accuracy:.4f}", flush=True)
        if stop_at_target and accuracy >= TARGET_ACCURACY:
            break
    return run


@dataclass
class TrainingResults:
    """What :func:`run_training` measured."""
    notes: RecipeRun
    ours: RecipeRun
    forward_flops: int
    matmul_gflops: list[float]
    versions: dict
    other_load: float | None = None


def run_training(notes_max_epochs: int = NOTES_MAX_EPOCHS, our_max_epochs: int | None = None):
    """Race the notes' recipe and notebook 04's recipe to 99 % test accuracy.

    Both start from the same seed (same initial weights), on their own copy of
    the same pipeline (``make_pipeline(train, shuffle_seed=SEED)``), cache
    filled by one untimed pass first, so both see the same batches in the same
    order and neither pays for reading MNIST; a few untimed training steps of
    a throwaway model first pay this process's one-time start-up costs, so the
    recipe that runs first is not penalised. Op determinism is on, as in
    notebook 04. The matmul peak is measured before, between and after the
    recipes. ``our_max_epochs`` (default ``EPOCHS``) only serves quick trial
    runs: our recipe's schedule is always planned for ``EPOCHS`` epochs.
    """
    sys.path.insert(0, str(ROOT))
    from helpers.mnist import (EPOCHS, PEAK_LEARNING_RATE, TRAIN_SIZE, build_cnn, compile_cnn,
                               load_mnist, make_pipeline, steps_per_epoch, tf)
    import keras
    import numpy

    assert TRAIN_SIZE == TRAIN_EXAMPLES, "update TRAIN_EXAMPLES in benchmarks/run.py"
    tf.config.experimental.enable_op_determinism()
    versions = {"python": platform.python_version(), "tensorflow": tf.__version__,
                "keras": keras.__version__, "numpy": numpy.__version__}
    peaks = []

    def measure_peak():
        peaks.append(matmul_peak_gflops(tf))
        print(f"[bench] matmul peak: {peaks[-1]:.1f} GFLOP/s", flush=True)

    train_raw, _, test_raw = load_mnist()

    def pipelines():
        train, test = make_pipeline(train_raw, shuffle_seed=SEED), make_pipeline(test_raw)
        for ds in (train, test):  # fill the caches, untimed
            for _ in ds:
                pass
        return train, test

    def fresh_model(name):
        keras.utils.set_random_seed(SEED)
        return build_cnn(name=name)

    with OtherLoad() as load:
        measure_peak()
        train, test = pipelines()
        warm_up = fresh_model("warm_up")  # untimed: one-time costs of the process
        warm_up.compile(loss="sparse_categorical_crossentropy")
        warm_up.fit(train.take(20), epochs=1, verbose=0, shuffle=False)
        warm_up.evaluate(test.take(5), verbose=0)
        del warm_up

        # The notes: build_cnn(), compile with the defaults, batch 128, no schedule.
        notes = RecipeRun("notes", "`build_cnn()`, `compile(loss=\"sparse_categorical_crossentropy\")` "
                          "with no optimizer: Keras' default, RMSprop "
                          "(learning rate 0.001), no schedule", notes_max_epochs)
        train, test = pipelines()
        model = fresh_model("notes_recipe")
        model.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])  # the default optimizer, as the notes
        flops = forward_flops(model)
        print("[bench] the notes' recipe ...", flush=True)
        train_epochs(notes, model, train, test, stop_at_target=True)
        measure_peak()

        # Ours (notebook 04): the schedule is planned for EPOCHS epochs; train them all.
        ours = RecipeRun("ours", f"`build_cnn()`, `compile_cnn(total_steps={EPOCHS} * "
                         f"{steps_per_epoch()})`: Adam, linear warm-up to {PEAK_LEARNING_RATE} then "
                         f"cosine decay to 0, planned for EPOCHS = {EPOCHS} epochs",
                         min(EPOCHS, our_max_epochs or EPOCHS))
        train, test = pipelines()
        model = fresh_model("our_recipe")
        compile_cnn(model, total_steps=EPOCHS * steps_per_epoch())
        print("[bench] notebook 04's recipe ...", flush=True)
        train_epochs(ours, model, train, test, stop_at_target=False)
        measure_peak()
    return TrainingResults(notes, ours, flops, peaks, versions, load.fraction)


# --------------------------------------------------------------------------
# 4. Report
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


def ratio_gap_text(notes_epochs: int | None, our_epochs: int | None, notes_ran: int,
                   ours_ran: int) -> str:
    """What would bring the time ratio to 1/3, given the epochs each recipe
    needed to reach 99 % (None: not within the ``..._ran`` epochs trained)."""
    if our_epochs is None:
        return (f"Our recipe did not reach 99.0 % within its {ours_ran} epochs, so it has no "
                "time to 99 % at all; a longer planned budget or a different peak learning "
                "rate would be needed first (not tried by this script).")
    known = f"{notes_epochs}" if notes_epochs else f"more than {notes_ran}"
    return ("Both recipes train the same network, so an epoch takes them about the same time "
            "and the ratio is essentially a ratio of epoch counts: ours needed "
            f"{our_epochs}, the notes' {known}. A ratio ≤ 1/3 needs the notes' recipe to need "
            f"at least {3 * our_epochs} epochs, or ours to reach 99.0 % in a third of the notes' epochs. "
            "Levers on our side, not tried by this script: a shorter planned budget "
            "(smaller `EPOCHS`, so the cosine decay ends sooner) or a higher peak learning "
            "rate, provided the recipe still reaches 99.0 %.")


def _seconds(s) -> str:
    return "n/a" if s is None else f"{s:,.1f} s"


def _minutes(s) -> str:
    return f"{s:,.0f} s ({s / 60:.1f} min)"


def _target_line(met: bool, what: str, measured: str, gap: str = "") -> str:
    return f"- **{'met' if met else 'MISSED'}**: {what}; measured {measured}." + (
        "" if met else f" {gap}")


def _other_load(fraction) -> str:
    return "n/a" if fraction is None else f"{fraction:.0%}"


def report(machine: dict, notebooks: list[NotebookRun] | None, training: TrainingResults | None,
           started: datetime.datetime, complete: bool = True,
           notebooks_other_load: float | None = None) -> str:
    """The Markdown text of ``results.md``; ``machine`` as from
    :func:`machine_description`, ``notebooks`` from :func:`run_notebooks`,
    ``training`` from :func:`run_training` (either may be None: not run)."""
    versions = training.versions if training else installed_versions()
    out = ["# nn4 benchmark results", "",
           f"Made by `make bench` (`benchmarks/run.py`) on {started:%Y-%m-%d %H:%M} UTC.", ""]
    if not complete:
        out += ["**A partial run** (only some notebooks, or lower epoch caps): "
                "not the committed figures.", ""]
    mem = megabytes(machine["memory_bytes"]).replace(" MB", " MB RAM")
    load = "n/a" if machine["load"] is None else ", ".join(f"{x:.2f}" for x in machine["load"])
    out += ["## Machine", "",
            f"- CPUs: {machine['cpus']} (usable by this process: {machine['cpus_usable']}), "
            f"{machine['cpu_model']}; {mem}",
            f"- load average (1, 5, 15 min) when the run started: {load} "
            "(the machine is shared: other work may have run at the same time; the share "
            "of the machine's CPU time that other processes used is given for each part below)",
            "- " + ", ".join(f"{k} {v}" for k, v in versions.items()), ""]

    targets = []
    if notebooks:
        total = sum(r.seconds for r in notebooks)
        peaks = [r.peak_bytes for r in notebooks if r.peak_bytes is not None]
        rows = [[r.name, f"{r.seconds:,.1f}", megabytes(r.peak_bytes), r.error or "ok"]
                for r in notebooks]
        rows.append(["**all**", f"**{total:,.1f}**", f"**{megabytes(max(peaks) if peaks else None)}** (max)",
                     "ok" if not any(r.error for r in notebooks) else "errors"])
        out += ["## Notebooks", "",
                "Each executed from a fresh kernel (nbclient, working directory `notebooks/`, "
                "sorted order as in CI). Time: kernel start to shutdown. Memory: the kernel "
                "process's peak resident set (VmHWM). Other processes used "
                f"{_other_load(notebooks_other_load)} of the machine's CPU time meanwhile.", "",
                markdown_table(["notebook", "wall time (s)", "peak kernel memory", "status"], rows), ""]
        targets.append(_target_line(
            total <= TARGET_COLLECTION_S, "whole collection ≤ 10 min", _minutes(total),
            "The longest: " + ", ".join(f"{r.name} ({r.seconds:.0f} s)" for r in
                                        sorted(notebooks, key=lambda r: -r.seconds)[:2])
            + ". To close the gap, train less there (fewer epochs, fewer models, or a subset "
            "of MNIST in the exercises)."))
        worst = max(notebooks, key=lambda r: r.peak_bytes or 0)
        targets.append(_target_line(
            bool(peaks) and max(peaks) <= TARGET_PEAK_BYTES and len(peaks) == len(notebooks),
            "peak kernel memory ≤ 1.5 GB (1,500 MB) in every notebook",
            f"at most {megabytes(worst.peak_bytes)} ({worst.name})",
            "To close the gap, keep fewer copies of the data in NumPy arrays and cached "
            "pipelines in that notebook, and free models no longer needed "
            "(`del model; keras.backend.clear_session()`)."))

    if training:
        n, o = training.notes, training.ours
        out += ["## Time to 99 % test accuracy", "",
                "Both recipes: the notes' CNN (`build_cnn()`), batch 128, the same pipeline "
                "(`make_pipeline(train, shuffle_seed=42)`, cache filled before timing), the same "
                "initial weights (seed 42), op determinism on as in notebook 04, a few untimed "
                "training steps of a throwaway model first (so the recipe that runs first does "
                "not pay the process's start-up costs). Time: "
                "cumulative wall time of the `fit` epochs; the test-set evaluation after each "
                "epoch is not counted. Other processes used "
                f"{_other_load(training.other_load)} of the machine's CPU time meanwhile.", "",
                f"- **notes' recipe**: {n.description}; at most {n.max_epochs} epochs, "
                "stopped at 99 %.",
                f"- **our recipe (notebook 04)**: {o.description}; test accuracy recorded "
                "after each epoch.", ""]
        for run in (n, o):
            cumulative = 0.0
            rows = []
            for i, (s, a) in enumerate(zip(run.epoch_seconds, run.test_accuracy), start=1):
                cumulative += s
                rows.append([i, f"{s:.1f}", f"{cumulative:.1f}", f"{a:.2%}"])
            out += ["**The notes' recipe**" if run is n else "**Our recipe**", "",
                    markdown_table(["epoch", "fit time (s)", "cumulative (s)", "test accuracy"], rows), ""]
        t_n, t_o = n.time_to_target, o.time_to_target
        ratio_text = "n/a"
        ratio_met = False
        if t_n is not None and t_o is not None:
            ratio = t_o / t_n
            ratio_met = ratio <= TARGET_RATIO
            ratio_text = f"{ratio:.2f}"
        elif t_o is not None and t_n is None:
            bound = t_o / sum(n.epoch_seconds)
            ratio_met = bound <= TARGET_RATIO
            ratio_text = f"< {bound:.2f} (the notes' recipe did not reach 99 % in {len(n.epoch_seconds)} epochs)"
        out += [markdown_table(["recipe", "epochs to 99 %", "time to 99 %"], [
                    ["notes", n.epochs_to_target or f"not in {len(n.epoch_seconds)}", _seconds(t_n)],
                    ["ours (notebook 04)", o.epochs_to_target or f"not in {len(o.epoch_seconds)}",
                     _seconds(t_o)]]), "",
                f"Ratio ours / notes: **{ratio_text}** (target ≤ 0.33).", ""]
        gap = ratio_gap_text(n.epochs_to_target, o.epochs_to_target, len(n.epoch_seconds),
                             len(o.epoch_seconds))
        targets.append(_target_line(ratio_met, "notebook 04's recipe reaches 99.0 % in ≤ 1/3 "
                                    "of the notes' recipe's time", f"ratio {ratio_text}", gap))

        step = training_step_flops(training.forward_flops)
        peak = max(training.matmul_gflops)
        rows = []
        for run in (n, o):
            epoch_s = steady_epoch_seconds(run.epoch_seconds)
            per_s = TRAIN_EXAMPLES / epoch_s
            gflops = per_s * step / 1e9
            rows.append([run.name, f"{epoch_s:.1f}", f"{per_s:,.0f}", f"{gflops:.1f}",
                         f"{gflops / peak:.1%}"])
        out += ["## Training throughput", "",
                f"FLOPs counted analytically (2 x multiply-accumulates of the Conv2D and Dense "
                f"layers; pooling, activations and biases left out): forward pass "
                f"{training.forward_flops / 1e6:.2f} MFLOP per example, training step ≈ 3 x "
                f"forward = {step / 1e6:.2f} MFLOP per example. Epoch time: median of the "
                f"epochs after the first (the first also traces the training function); "
                f"{TRAIN_EXAMPLES:,d} examples per epoch.", "",
                f"Matrix-multiply peak on this machine (float32 2048 x 2048 `tf.linalg.matmul`, "
                f"best of 10), measured before, between and after the two recipes: "
                + ", ".join(f"{g:.1f}" for g in training.matmul_gflops)
                + f" GFLOP/s; the highest, **{peak:.1f} GFLOP/s**, is the reference.", "",
                markdown_table(["recipe", "epoch time (s)", "examples/s", "GFLOP/s",
                                "fraction of matmul peak"], rows), ""]

    if targets:
        out += ["## Targets", "", *targets, ""]
    return "\n".join(out)


def select_notebooks(patterns) -> list[Path]:
    """Sorted notebooks in ``notebooks/`` matching any of the glob ``patterns``
    (default: all)."""
    found = set()
    for pattern in patterns or ["*.ipynb"]:
        found.update(p for p in NOTEBOOKS.glob(pattern) if p.suffix == ".ipynb")
    return sorted(found)


def main(argv=None) -> int:
    """Command line: run the benchmark, write the report, print it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notebooks", nargs="*", metavar="GLOB",
                        help="only the notebooks matching these globs, e.g. '00_*' (default: all)")
    parser.add_argument("--no-notebooks", action="store_true", help="skip the notebooks")
    parser.add_argument("--no-training", action="store_true", help="skip the recipe race")
    parser.add_argument("--max-epochs", type=int, default=None,
                        help=f"cap both recipes at this many epochs (trial runs; default: "
                             f"{NOTES_MAX_EPOCHS} for the notes', EPOCHS for ours)")
    parser.add_argument("--output", type=Path, default=RESULTS,
                        help="where to write the report (default: benchmarks/results.md)")
    args = parser.parse_args(argv)

    started = datetime.datetime.now(datetime.timezone.utc)
    machine = machine_description()
    complete = not (args.notebooks or args.no_notebooks or args.no_training or args.max_epochs)
    if not complete and args.output == RESULTS:
        parser.error("a partial run would overwrite benchmarks/results.md: give --output")

    notebooks, notebooks_other_load = None, None
    if not args.no_notebooks:
        paths = select_notebooks(args.notebooks)
        if not paths:
            parser.error("no notebook matches")
        with OtherLoad() as load:
            notebooks = run_notebooks(paths)
        notebooks_other_load = load.fraction
    training = None
    if not args.no_training:
        training = run_training(notes_max_epochs=args.max_epochs or NOTES_MAX_EPOCHS,
                                our_max_epochs=args.max_epochs)

    text = report(machine, notebooks, training, started, complete, notebooks_other_load)
    args.output.write_text(text)
    print(text)
    print(f"[bench] written to {args.output}")
    failed = notebooks and any(r.error for r in notebooks)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
