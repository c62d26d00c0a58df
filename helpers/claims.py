"""State a notebook's claims as code: print each with ✓ or ✗, then fail if any is false.

A notebook's prose says things like "the test accuracy is above 99 %" or "the
plain model fails on inverted digits". :func:`check_claims` makes each such
sentence a test that holds on every machine and for every seed, so that a
training run's exact numbers (which differ from CPU to CPU) need not be
compared character by character.

The seed runner (``make seeds``, ``benchmarks/seeds.py``) sets the environment
variable ``NN4_RECORD`` to a file: each call then also appends its claims and
the key numbers to that file as one JSON line. Without it nothing is written.

Example
-------
>>> check_claims({"two and two make four": 2 + 2 == 4}, numbers={"sum": 4})
✓ two and two make four
"""

from __future__ import annotations

import json
import os

__all__ = ["ClaimFailed", "check_claims"]


class ClaimFailed(AssertionError):
    """One or more of a notebook's claims did not hold."""


def _plain(value):
    """A JSON-friendly copy of a number (NumPy scalars included)."""
    try:
        return float(value) if not isinstance(value, (bool, int)) else value
    except (TypeError, ValueError):
        return str(value)


def check_claims(claims: dict, numbers: dict | None = None) -> None:
    """Print ``✓ claim`` or ``✗ claim`` for each item, then raise
    :class:`ClaimFailed` naming every false one.

    Parameters
    ----------
    claims : dict
        Sentence -> truth value (anything ``bool()`` accepts).
    numbers : dict, optional
        Key numbers behind the claims (accuracies, counts). Not printed; the
        seed runner records them to report their mean and spread.

    Example
    -------
    >>> check_claims({"test accuracy ≥ 0.99": 0.993 >= 0.99}, numbers={"test accuracy": 0.993})
    ✓ test accuracy ≥ 0.99
    """
    if not claims:
        raise ValueError("check_claims needs at least one claim")
    results = {str(claim): bool(ok) for claim, ok in claims.items()}
    for claim, ok in results.items():
        print(("✓ " if ok else "✗ ") + claim)
    record = os.environ.get("NN4_RECORD")
    if record:
        entry = {"notebook": os.environ.get("NN4_NOTEBOOK", ""), "claims": results,
                 "numbers": {str(k): _plain(v) for k, v in (numbers or {}).items()}}
        with open(record, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")
    failed = [claim for claim, ok in results.items() if not ok]
    if failed:
        raise ClaimFailed("claims that did not hold: " + "; ".join(failed))
