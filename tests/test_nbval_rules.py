"""The repository's nbval comparison rules (root conftest.py): unit tests of the
tolerance comparison, and one end-to-end run of nbval on a small notebook."""

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_rules():
    """The root conftest.py, loaded under its own name (tests/conftest.py is "conftest")."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("nbval_rules_under_test", ROOT / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rules = _load_rules()


@pytest.mark.parametrize("want, got", [
    ("Test accuracy: 99.32%", "Test accuracy: 99.36%"),
    ("loss 0.3442, accuracy 0.8888", "loss 0.3500, accuracy 0.8901"),
    ("68 of 10,000 test digits misread", "70 of 10,000 test digits misread"),
    ("epoch 1: 0.5", "epoch 1: 0.5"),
])
def test_close_numbers_pass(want, got):
    assert rules.numbers_close(want, got)


@pytest.mark.parametrize("want, got", [
    ("Test accuracy: 99.32%", "Test accuracy: 49.32%"),       # far out of tolerance
    ("3 of 10 right", "3 of 10 wrong"),                          # a word changed
    ("probabilities [0.1 0.9]", "probabilities [0.1 0.9 0.0]"),  # a number more
    ("epoch 1: 0.5", "epoch 2: 0.5"),                            # an integer changed by 100 %
    ("10,000 digits", "1,000 digits"),
])
def test_different_text_or_numbers_fail(want, got):
    assert not rules.numbers_close(want, got)


def test_tolerance_is_relative_plus_absolute():
    assert rules.numbers_close("100", "109")
    assert not rules.numbers_close("100", "111")
    assert rules.numbers_close("0.0", "0.02")
    assert not rules.numbers_close("0.0", "0.03")
    assert rules.numbers_close("100", "140", rtol=0.5, atol=0)


def test_align_replaces_only_texts_within_tolerance():
    ref = [{"output_type": "stream", "name": "stdout", "text": "acc 0.990\n"},
           {"output_type": "execute_result", "data": {"text/plain": "0.5"}, "metadata": {}}]
    test = [{"output_type": "stream", "name": "stdout", "text": "acc 0.991\n"},
            {"output_type": "execute_result", "data": {"text/plain": "0.9"}, "metadata": {}}]
    aligned = rules.align_within_tolerance(test, ref)
    assert aligned[0]["text"] == "acc 0.990\n"          # within tolerance: made equal
    assert aligned[1]["data"]["text/plain"] == "0.9"     # out of tolerance: left for nbval to report
    assert test[0]["text"] == "acc 0.991\n"              # the input is not changed


def _notebook(path, committed):
    """A notebook of three cells whose committed outputs are ``committed``
    while the code prints 0.991, "a" and 0.5."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    sources = ['print("accuracy 0.991")', 'print("a")', 'print("loss 0.5")']
    tags = [["nbval-approx"], ["nbval-ignore-output"], []]
    for n, (source, tag, text) in enumerate(zip(sources, tags, committed), start=1):
        cell = nbformat.v4.new_code_cell(source, metadata={"tags": tag}, execution_count=n)
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text + "\n")]
        nb.cells.append(cell)
    nbformat.write(nb, path)


def _run_nbval(path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    # -p conftest: the root conftest.py as a plugin, since the notebook lies outside the repository
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "conftest", "--nbval", "-q",
                           "-p", "no:cacheprovider", str(path)],
                          cwd=path.parent, env=env, capture_output=True, text=True, timeout=300)


def test_nbval_applies_the_rules(tmp_path):
    good = tmp_path / "good.ipynb"
    _notebook(good, ["accuracy 0.990", "something else", "loss 0.5"])
    result = _run_nbval(good)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout

    bad = tmp_path / "bad.ipynb"
    # the approx cell out of tolerance, and the strict cell off in the last digit
    _notebook(bad, ["accuracy 0.5", "something else", "loss 0.6"])
    result = _run_nbval(bad)
    assert "2 failed, 1 passed" in result.stdout, result.stdout
