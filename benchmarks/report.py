"""The Markdown text of ``benchmarks/results.md`` from one run's :class:`~benchmarks.results.Results`."""

from __future__ import annotations

import re

from benchmarks.pad import pad_section
from benchmarks.profile import memory_profile_table, profile_table
from benchmarks.results import (RECIPE_LABELS, SPLIT_LABELS, NotebookRun, Results, SessionResult,
                                TrainingResults, recipe_summary, training_ratio)
from benchmarks.stats import (format_spread, markdown_table, megabytes, one_epoch_check, target_line,
                              throughput_epoch_seconds, training_step_flops)
from benchmarks.targets import (SMALL_NOTEBOOKS, TARGET_COLLECTION_ONE_CPU_S, TARGET_COLLECTION_S,
                                TARGET_OPTIONAL_S, TARGET_PEAK_BYTES, TARGET_RATIO,
                                TARGET_SESSION_BYTES,
                                TARGET_SETUP_PEAK_BYTES, TARGET_SMALL_PEAK_BYTES, TRAIN_EXAMPLES, core_label,
                                is_optional, optional_label)
from helpers.course import number_range


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


def _over(runs, limit: float = TARGET_PEAK_BYTES) -> list[tuple[int, str]]:
    """(highest peak, notebook) for each notebook whose kernel went above ``limit``, highest first.

    >>> _over([NotebookRun("05.ipynb", 1, 1_250_000_000), NotebookRun("05.ipynb", 1, 1_300_000_000),
    ...        NotebookRun("04.ipynb", 1, 1_100_000_000)], 1.2e9)
    [(1300000000, '05.ipynb')]
    """
    peaks: dict[str, int] = {}
    for r in runs:
        if r.peak_bytes is not None and r.peak_bytes > limit:
            peaks[r.name] = max(peaks.get(r.name, 0), r.peak_bytes)
    return sorted(((b, n) for n, b in peaks.items()), reverse=True)


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
    if any(r.slowest for r in two or []):
        out += ["### Where the time goes", "",
                "The slowest code cells of each notebook in the run on every CPU (nbclient's timestamps: "
                "from the cell's start to its reply), with each cell's first line, and the share of the "
                "notebook's time they take.", "", profile_table(two), ""]
    if any(r.peak_raisers for r in two or []):
        out += ["### Where the memory goes", "",
                "In the same run, the kernel's peak resident memory (VmHWM, read in `/proc` by the benchmark "
                "after each cell) and the code cells that raised it most. The first cell of each notebook "
                "imports the libraries: TensorFlow alone takes about 660 MB.", "",
                memory_profile_table(two), ""]
    cpus_note = ("" if res.machine.get("cpus_usable") == 2
                 else f" (this machine: {res.machine.get('cpus_usable')} CPUs)")
    for runs, limit, where in ((two, TARGET_COLLECTION_S, "on 2 cores"),
                               (one, TARGET_COLLECTION_ONE_CPU_S, "on one CPU")):
        runs = [r for r in runs or [] if not is_optional(r.name)]
        if not runs:
            continue
        total = sum(r.seconds for r in runs)
        longest = sorted(runs, key=lambda r: -r.seconds)[:2]
        targets.append(target_line(
            total <= limit and not any(r.error for r in runs),
            f"{core_label(r.name for r in runs)} ≤ {limit / 60:g} min {where}", _minutes(total)
            + ("" if where == "on one CPU" else cpus_note),
            "The longest: " + ", ".join(f"{r.name} ({r.seconds:.0f} s)" for r in longest)
            + ". To close the gap, train less there (fewer models, or a subset of MNIST in "
            "the exercises)."))
    for r in two or []:
        if is_optional(r.name):
            targets.append(target_line(
                r.seconds <= TARGET_OPTIONAL_S and not r.error,
                f"{optional_label(r.name)} ≤ {TARGET_OPTIONAL_S / 60:g} min on 2 cores",
                _minutes(r.seconds) + cpus_note, "To close the gap, train less there."))
    runs = (two or []) + (one or [])
    if runs:
        peak, name = _max_peak(two, one)
        targets.append(target_line(
            peak is not None and peak <= TARGET_PEAK_BYTES and all(r.peak_bytes for r in runs),
            "peak kernel memory ≤ 1.2 GB (1,200 MB) RSS (VmHWM) in every notebook",
            f"at most {megabytes(peak)} ({name})",
            "Over by: " + ", ".join(f"{n} (+{megabytes(b - TARGET_PEAK_BYTES)})" for b, n in _over(runs))
            + ". *Where the memory goes* (above) names the cells that raised each peak. To close the gap, "
            "keep fewer copies of the data in NumPy arrays and cached pipelines in that notebook, and "
            "free models no longer needed (`del model; keras.backend.clear_session()`)."))
        for label, names, limit in (("notebook 00", ("00",), TARGET_SETUP_PEAK_BYTES),
                                    (f"notebooks {number_range(SMALL_NOTEBOOKS)}", SMALL_NOTEBOOKS,
                                     TARGET_SMALL_PEAK_BYTES)):
            peaks = [(r.peak_bytes, r.name) for r in runs if r.name[:2] in names and r.peak_bytes is not None]
            if peaks:
                peak, name = max(peaks)
                targets.append(target_line(peak <= limit, f"peak kernel memory ≤ {limit / 1e6:,.0f} MB in {label}",
                                            f"at most {megabytes(peak)} ({name})",
                                            "To close the gap, import less into that kernel."))
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
    targets.append(target_line(
        all_open <= TARGET_SESSION_BYTES and not any(k.error for k in s.kernels),
        "one JupyterLab session with every kernel left running ≤ 2 GB (2,000 MB)",
        megabytes(all_open),
        "Notebook 00 tells learners to shut each kernel down before the next notebook; "
        f"then the session needs at most {megabytes(one_at_a_time)}."))
    targets.append(target_line(
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
    targets.append(target_line(
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
        targets.append(target_line(met, "notebook 04's recipe reaches 99.0 % "
                                    f"{SPLIT_LABELS[split]} accuracy in ≤ 1/3 of the notes' "
                                    "recipe's mean time", f"ratio {_ratio_text(ratio, exact)}", gap))
    firsts = {r.seed: r.test_accuracy[0] for r in ours if r.test_accuracy}
    met, measured = one_epoch_check(firsts)
    targets.append(target_line(
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
    sections, targets = _sections(res)
    out += sections
    if targets:
        out += ["## Targets", "", *targets, ""]
    return "\n".join(out)


def _sections(res: Results) -> tuple[list[str], list[str]]:
    """The report's sections for what was measured, and its target lines (met or MISSED)."""
    out: list[str] = []
    targets: list[str] = []
    if res.notebooks or res.one_cpu:
        out += _notebook_section(res, targets)
    if res.session:
        out += _session_section(res.session, targets)
    if res.guarded_session:
        out += _guarded_section(res.guarded_session, targets)
    if res.pad:
        out += pad_section(res.pad, targets)
    if res.training:
        out += _training_section(res.training, targets)
    return out, targets


def target_summary(res: Results) -> str:
    """How many of the report's targets were met, and what each missed one measured.

    >>> from benchmarks.results import PadLatency
    >>> print(target_summary(Results({}, None, pad=PadLatency(20, 20, 50.0, 90.0, 99.0))))
    1 of 1 target met
    """
    targets = _sections(res)[1]
    missed = [re.match(r"- \*\*MISSED\*\*: (.*?); measured (.*?)\.(?: |$)", t) for t in targets]
    missed = [m for m in missed if m]
    text = f"{len(targets) - len(missed)} of {len(targets)} target{'s' if len(targets) != 1 else ''} met"
    return text + "".join(f"; missed: {m.group(1)} (measured {m.group(2)})" for m in missed)
