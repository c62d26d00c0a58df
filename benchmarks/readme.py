"""The generated block of the README's "How long does it take?" section (between
``<!-- bench:start -->`` and ``<!-- bench:end -->``), from the same numbers as results.md."""

from __future__ import annotations

import statistics

from benchmarks.report import _max_peak, _pct, _ratio_text, _seconds
from benchmarks.results import SPLIT_LABELS, Results, recipe_summary, training_ratio
from benchmarks.stats import markdown_table, megabytes, one_epoch_check, throughput_epoch_seconds, training_step_flops
from benchmarks.targets import (README_END, README_START, TARGET_COLLECTION_ONE_CPU_S, TARGET_COLLECTION_S,
                                TARGET_OPTIONAL_S, TARGET_RATIO, TARGET_SESSION_BYTES, TRAIN_EXAMPLES,
                                core_label, is_optional, notebook_label, optional_label)


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
