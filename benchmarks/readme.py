"""The README's few generated lines on the computer's share of the course (between
``<!-- bench:start -->`` and ``<!-- bench:end -->`` in "How long does it take?"): how long the
notebooks run on 2 CPUs and on one (as on Binder), and the memory a learner needs, from the same
run as ``benchmarks/results.md``, which has every figure and the targets."""

from __future__ import annotations

from benchmarks.report import _max_peak, target_summary
from benchmarks.results import Results
from benchmarks.stats import megabytes
from benchmarks.targets import core_label, is_optional


def _minutes(runs) -> str:
    return f"{sum(r.seconds for r in runs) / 60:.1f}"


def readme_section(res: Results) -> str:
    """The README's lines between its bench markers, from the same numbers as :func:`report`:
    the core notebooks' time on every CPU and on one, the optional ones' apart, the largest
    kernel, the session that shuts each kernel down before the next notebook, how many targets were
    met (and what each missed one measured), and where the rest is. A figure that was not measured
    is left out."""
    m, v = res.machine, res.versions
    cpus = m.get("cpus_usable")
    two, one = res.notebooks or [], res.one_cpu or []
    lines = []
    core_two = [r for r in two if not is_optional(r.name)]
    core_one = [r for r in one if not is_optional(r.name)]
    if core_two or core_one:
        times = [f"{_minutes(runs)} min on {where}" for runs, where in
                 ((core_two, f"{cpus} CPUs"), (core_one, "one CPU (as on Binder)")) if runs]
        text = (f"The computer's share: the {core_label(r.name for r in two + one)} notebooks run "
                f"in {' and '.join(times)}")
        optional = {r.name[:2] for r in two + one if is_optional(r.name)}
        if optional:
            opt = [_minutes([r for r in runs if is_optional(r.name)]) for runs in (two, one) if runs]
            text += f"; the optional {', '.join(sorted(optional))} in {' and '.join(opt)} min more"
        if any(r.error for r in two + one):
            text += " (**a notebook failed**: see the results)"
        lines.append(text + ".")
    peak, _ = _max_peak(two, one)
    memory = [] if peak is None else [f"A notebook's kernel needs at most {megabytes(peak)} of memory"]
    if res.session:
        _, one_at_a_time = res.session.totals()
        memory.append(f"a JupyterLab session that shuts each kernel down before the next notebook "
                      f"at most {megabytes(one_at_a_time)} (Binder gives 2 GB)")
    if memory:
        text = ", and ".join(memory)
        lines.append(text[0].upper() + text[1:] + ".")
    lines.append(f"Measured by `make bench` on {res.started:%Y-%m-%d} ({cpus} CPUs, {m.get('cpu_model')}; "
                 f"TensorFlow {v.get('tensorflow', '?')}): {target_summary(res)}; every figure and how it "
                 "was measured: [benchmarks/results.md](benchmarks/results.md).")
    return " ".join(lines)
