"""How nbval compares notebook outputs in this repository (CONTRIBUTING.md,
"How notebook outputs are checked").

pytest loads this file for every run from the repository root, so a bare
``pytest --nbval notebooks/`` and ``make test`` apply the same rules:

- A code cell without tags is compared **strictly**, character by character
  (nbval's default). That is the rule for everything deterministic: shapes,
  parameter counts, NumPy maths, tables of fixed data, the ✓ lines of a claim
  check.
- A cell tagged ``nbval-approx`` prints numbers that depend on the CPU's float
  arithmetic (training curves, accuracies, losses, probabilities). Its text must
  still match exactly once every number is taken out, and each number must lie
  within a tolerance of the committed one: ``|got - want| <= atol + rtol * |want|``
  with ``rtol = 0.1`` and ``atol = 0.02`` unless the cell's metadata says
  otherwise (``"nbval_tolerance": {"rtol": 0.5}``). The claims such a cell
  relies on are asserted in the notebook with bounds that hold on every machine.
- A cell tagged ``nbval-ignore-output`` (nbval's own tag) is run but its output
  is not compared: for output whose words, not only its numbers, depend on the
  run (which test digit is the most confident mistake, which digit a failing
  model guesses). It too must assert what the prose claims.
"""

from __future__ import annotations

import copy
import math
import re

import pytest

APPROX_TAG = "nbval-approx"
TOLERANCE_KEY = "nbval_tolerance"
DEFAULT_RTOL = 0.1
DEFAULT_ATOL = 0.02

#: A number as the notebooks print it: optional sign, digits with optional
#: thousands separators, optional decimals and exponent ("-0.5", "10,000", "1e-12").
NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?")


def numbers_close(want: str, got: str, rtol: float = DEFAULT_RTOL, atol: float = DEFAULT_ATOL) -> bool:
    """True when ``got`` reads like ``want`` with every number within tolerance.

    The text between the numbers must be identical, and so must the count of
    numbers. Each pair must satisfy ``|got - want| <= atol + rtol * |want|``.

    >>> numbers_close("Test accuracy: 99.32%", "Test accuracy: 99.36%")
    True
    >>> numbers_close("3 of 10 right", "3 of 10 wrong")
    False
    """
    if NUMBER.split(want) != NUMBER.split(got):
        return False
    for a, b in zip(NUMBER.findall(want), NUMBER.findall(got)):
        x, y = float(a.replace(",", "")), float(b.replace(",", ""))
        if not math.isclose(x, y, rel_tol=0, abs_tol=atol + rtol * abs(x)):
            return False
    return True


def _text_fields(output):
    """(container, key) for every string an nbval comparison looks at in one output."""
    if output.get("output_type") == "stream":
        yield output, "text"
    for key, value in output.get("data", {}).items():
        if isinstance(value, str):
            yield output["data"], key


def align_within_tolerance(test_outputs, ref_outputs, rtol=DEFAULT_RTOL, atol=DEFAULT_ATOL):
    """A copy of ``test_outputs`` where every text that matches its reference
    within tolerance is replaced by the reference text, so that nbval's strict
    comparison that follows passes exactly those and reports everything else
    (a changed word, a number out of tolerance, a missing output) as usual."""
    aligned = copy.deepcopy(test_outputs)
    if len(aligned) != len(ref_outputs):
        return aligned
    for test, ref in zip(aligned, ref_outputs):
        if test.get("output_type") != ref.get("output_type") or test.get("name") != ref.get("name"):
            continue
        ref_fields = {key: container[key] for container, key in _text_fields(ref)}
        for container, key in _text_fields(test):
            want = ref_fields.get(key)
            got = container[key]
            if isinstance(want, list):
                want = "".join(want)
            if isinstance(got, list):
                got = "".join(got)
            if want is not None and numbers_close(want, got, rtol, atol):
                container[key] = want
    return aligned


def _tolerance(cell):
    spec = cell.metadata.get(TOLERANCE_KEY, {})
    return float(spec.get("rtol", DEFAULT_RTOL)), float(spec.get("atol", DEFAULT_ATOL))


def _approx_comparison(item):
    strict = item.compare_outputs
    rtol, atol = _tolerance(item.cell)

    def compare_outputs(test, ref, skip_compare=None):
        from nbval.plugin import coalesce_streams

        test = coalesce_streams(copy.deepcopy(test))
        return strict(align_within_tolerance(test, ref, rtol, atol), ref, skip_compare)

    return compare_outputs


#: helpers.exercises.fold.FOLDED_KEY (repeated: this file imports nothing from helpers): an exercise
#: solution's output shown folded, as text/plain (compared) and as an HTML <details> copy of the
#: same text and figures (not compared: its figures are bytes, as nbval's images are).
FOLDED_KEY = "nn4_folded"


def without_folded_html(outputs):
    """``outputs`` without the HTML copy of each folded solution output.

    >>> without_folded_html([{"output_type": "display_data", "metadata": {"nn4_folded": True},
    ...                       "data": {"text/plain": "x", "text/html": "<details>x</details>"}}])[0]["data"]
    {'text/plain': 'x'}
    """
    outputs = copy.deepcopy(outputs)
    for output in outputs:
        if (output.get("metadata") or {}).get(FOLDED_KEY):
            output.get("data", {}).pop("text/html", None)
    return outputs


def _folded_comparison(compare):
    def compare_outputs(test, ref, skip_compare=None):
        return compare(without_folded_html(test), without_folded_html(ref), skip_compare)

    return compare_outputs


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if type(item).__name__ != "IPyNbCell":
            continue
        item.compare_outputs = _folded_comparison(item.compare_outputs)
        if APPROX_TAG in item.cell.metadata.get("tags", []):
            item.compare_outputs = _approx_comparison(item)
