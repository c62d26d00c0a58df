"""The benchmark's pure arithmetic and formatting (no TensorFlow, no Jupyter):
FLOP counting, reading epoch logs, statistics over seeds, Markdown tables."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from benchmarks.targets import TARGET_ACCURACY, TARGET_ONE_EPOCH_FLOOR, TARGET_ONE_EPOCH_MEAN


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


def target_line(met: bool, what: str, measured: str, gap: str = "") -> str:
    """A target's line in the report: met or MISSED, what, what was measured, and (when missed) the gap.

    >>> target_line(False, "x ≤ 1", "2", "Do less.")
    '- **MISSED**: x ≤ 1; measured 2. Do less.'
    """
    return f"- **{'met' if met else 'MISSED'}**: {what}; measured {measured}." + (
        "" if met or not gap else f" {gap}")
