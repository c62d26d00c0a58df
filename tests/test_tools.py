"""tools/: executing a notebook (one cell timeout everywhere), the memory of a process tree,
and the shared fixtures of tests/conftest.py."""

import os
import re
import urllib.request
from pathlib import Path

import nbformat

from tools import notebooks
from tools.process_memory import tree_memory

ROOT = Path(__file__).resolve().parent.parent


def test_one_cell_timeout_for_every_runner():
    """make test (nbval) and make notebooks use tools/notebooks.py's CELL_TIMEOUT_S."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    timeouts = re.findall(r"(?:--nbval-cell-timeout|ExecutePreprocessor\.timeout)=(\d+)", makefile)
    assert timeouts and {int(t) for t in timeouts} == {notebooks.CELL_TIMEOUT_S}, timeouts


def _notebook(*sources):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


def test_execute_stops_at_the_first_error_and_still_runs_the_last_cells(tmp_path):
    nb = _notebook("import os; print(os.getcwd())", "1/0", "print('never')")
    probe = nbformat.v4.new_code_cell("print('probe')")
    errors = notebooks.execute(nb, tmp_path, kernel_name="python3", last_cells=[probe])
    assert errors == ["cell 1: ZeroDivisionError: division by zero"]
    assert nb.cells[0].outputs[0]["text"].strip() == str(tmp_path)  # the kernel runs in cwd
    assert not nb.cells[2].outputs and probe.outputs[0]["text"] == "probe\n"
    assert nb.metadata["language_info"]["name"] == "python"


def test_execute_with_allow_errors_runs_every_cell(tmp_path):
    nb = _notebook("1/0", "print('after')")
    errors = notebooks.execute(nb, tmp_path, kernel_name="python3", allow_errors=True)
    assert errors == ["cell 0: ZeroDivisionError: division by zero"]
    assert nb.cells[1].outputs[0]["text"] == "after\n"


def test_tree_memory_counts_this_process_and_is_zero_when_gone():
    pss, uss = tree_memory(os.getpid())
    assert 10**6 < uss <= pss
    assert tree_memory(2**22 + 12345) == (0, 0)  # above Linux's pid_max: no such process


def test_serve_folder_serves_files(tmp_path, serve_folder):
    (tmp_path / "a.txt").write_text("hello")
    url = serve_folder(tmp_path)
    with urllib.request.urlopen(url + "a.txt", timeout=5) as response:
        assert response.read() == b"hello"


def test_wheelhouse_copies_a_prepared_mnist_and_refuses_a_folder_without_one(tmp_path, monkeypatch):
    """tools/wheelhouse.py: MNIST comes from $TFDS_DATA_DIR when it holds a prepared copy (a version
    folder with dataset_info.json); a folder without one is not taken for MNIST."""
    import pytest

    from tools import wheelhouse

    source = tmp_path / "tfds"
    (source / "mnist" / "3.0.1").mkdir(parents=True)
    assert wheelhouse.prepared_mnist(source) is None  # no dataset_info.json: not prepared
    (source / "mnist" / "3.0.1" / "dataset_info.json").write_text("{}")
    (source / "mnist" / "3.0.1" / "mnist-train.tfrecord-00000-of-00001").write_bytes(b"x" * 10)
    assert wheelhouse.prepared_mnist(source) == source / "mnist"
    monkeypatch.setenv("TFDS_DATA_DIR", str(source))
    target = wheelhouse.mnist(tmp_path / "wheelhouse")
    assert (target / "mnist" / "3.0.1" / "mnist-train.tfrecord-00000-of-00001").read_bytes() == b"x" * 10
    monkeypatch.setenv("TFDS_DATA_DIR", str(tmp_path / "empty"))
    monkeypatch.setitem(__import__("sys").modules, "tensorflow_datasets", None)  # as in a Python without it
    with pytest.raises(SystemExit, match="set TFDS_DATA_DIR"):
        wheelhouse.mnist(tmp_path / "other")
