import json

import pytest

from helpers import ClaimFailed, check_claims


def test_true_claims_print_ticks(capsys, monkeypatch):
    monkeypatch.delenv("NN4_RECORD", raising=False)
    check_claims({"a": True, "b": 1 == 1})
    assert capsys.readouterr().out == "✓ a\n✓ b\n"


def test_a_false_claim_is_printed_and_raised(capsys, monkeypatch):
    monkeypatch.delenv("NN4_RECORD", raising=False)
    with pytest.raises(ClaimFailed, match="claims that did not hold: b"):
        check_claims({"a": True, "b": False})
    assert capsys.readouterr().out == "✓ a\n✗ b\n"
    assert issubclass(ClaimFailed, AssertionError)


def test_no_claims_is_an_error():
    with pytest.raises(ValueError):
        check_claims({})


def test_records_claims_and_numbers_when_asked(tmp_path, monkeypatch):
    import numpy as np

    record = tmp_path / "r.jsonl"
    monkeypatch.setenv("NN4_RECORD", str(record))
    monkeypatch.setenv("NN4_NOTEBOOK", "04_x")
    check_claims({"ok": True}, numbers={"accuracy": np.float32(0.5), "count": 3})
    with pytest.raises(ClaimFailed):
        check_claims({"no": False})
    lines = [json.loads(line) for line in record.read_text().splitlines()]
    assert lines[0] == {"notebook": "04_x", "claims": {"ok": True}, "numbers": {"accuracy": 0.5, "count": 3}}
    assert lines[1]["claims"] == {"no": False}
