"""What one run of the benchmark measured, as plain data (filled by
notebook_runs.py, session.py and race.py; read by report.py and readme.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from benchmarks.stats import Spread, first_epoch_reaching, session_totals, spread, time_ratio, time_to_target


@dataclass
class NotebookRun:
    """One notebook executed from a fresh kernel."""
    name: str
    seconds: float
    peak_bytes: int | None
    error: str | None = None
    #: the slowest code cells, slowest first: (seconds, the cell's first line)
    slowest: list[tuple[float, str]] = field(default_factory=list)
    #: the code cells that raised the kernel's peak memory most, most first: (bytes, the cell's first line)
    peak_raisers: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class PadLatency:
    """The draw-a-digit pad in Chromium, kernel on one CPU: pen-up to verdict (benchmarks/pad.py)."""
    pen_ups: int
    drawings: int
    median_ms: float | None
    p95_ms: float | None
    max_ms: float | None
    error: str | None = None  #: why nothing (or not everything) was measured


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
    planned_epochs: int  #: helpers.mnist.recipe.EPOCHS
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
    pad: PadLatency | None = None  #: the draw-a-digit pad's wait


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
