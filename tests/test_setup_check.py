"""Notebook 00's check (helpers/setup_check.py) agrees with what the course installs and tests."""

from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from helpers.setup_check import NOTEBOOK_LIBRARIES, PAD_LIBRARIES, check_libraries, check_python, where_running

ROOT = Path(__file__).resolve().parent.parent


def _lines(path):
    for line in (ROOT / path).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            yield Requirement(line)


def _ranges():
    return {canonicalize_name(r.name): r.specifier for r in _lines("requirements.txt")}


def _pins(*paths):
    return {canonicalize_name(r.name): next(iter(r.specifier)).version for p in paths for r in _lines(p)}


def test_ranges_are_requirements_txt_s_except_tensorflow_on_colab():
    ranges = _ranges()
    for name, spec in {**NOTEBOOK_LIBRARIES, **PAD_LIBRARIES}.items():
        if name == "tensorflow":
            # requirements.txt: 2.20 or newer (pip could pair 2.19 with a too-new tensorflow-metadata);
            # an installed 2.19 (Colab's) works and is tested: the upper bounds agree
            assert SpecifierSet(spec) == SpecifierSet(">=2.19,<2.22")
            assert "<2.22" in str(ranges["tensorflow-cpu"]) and "<2.22" in str(ranges["tensorflow"])
        else:
            assert SpecifierSet(spec) == ranges[canonicalize_name(name)], name


def test_tested_versions_pass_the_check_and_a_bad_one_does_not():
    course = _pins("constraints.txt")
    colab = _pins(".ci/constraints-colab.txt")
    for pins in (course, colab):
        lines, problems = check_libraries(lambda name, pins=pins: pins.get(canonicalize_name(name)))
        assert (lines, problems) == ([], 0)
    # Colab's TensorFlow is the `tensorflow` package, not `tensorflow-cpu`: no ✗ for that
    as_on_colab = {("tensorflow" if k == "tensorflow-cpu" else k): v for k, v in colab.items()}
    assert check_libraries(as_on_colab.get) == ([], 0)
    too_old = dict(course, numpy="1.24.0")
    lines, problems = check_libraries(too_old.get)
    assert problems == 1 and lines == ["✗ numpy 1.24.0 (works with: >=1.26,<3)"]


def test_where_running_and_python():
    assert where_running(environ={}, modules={"google.colab": object()}) == "Colab"
    assert where_running(environ={"BINDER_REQUEST": "v2/gh/nn4-course/nn4/main"}, modules={}) == "Binder"
    assert where_running(environ={}, modules={}) == "your own machine"
    assert check_python((3, 11, 7)) == check_python((3, 12, 1))  # notebook 00 prints the same on both
    assert check_python((3, 11, 7))[1] and check_python((3, 13, 0)) == (
        "✓ Python 3.11 or newer, as the course needs, but 3.13 is not a version it is tested with (3.11 and 3.12)",
        True)
    assert not check_python((3, 10, 0))[1]


def test_tensorflow_is_checked_in_a_separate_process(monkeypatch):
    """Notebook 00's TensorFlow and MNIST check runs in a child process (the kernel stays small)
    and reports what notebook 00 prints; a failure is a line under "error", never an exception."""
    from helpers import setup_check

    monkeypatch.setattr(setup_check, "_REPORT", None)
    report = setup_check.tensorflow_report()
    assert "error" not in report, report.get("error")
    assert report["nine"] == 9 and report["gpus"] >= 0 and report["tensorflow"].startswith("2.")
    if report["mnist_prepared"]:
        first = report["mnist_first_test"]
        assert report["mnist_splits"] == {"train": 60000, "test": 10000}
        assert 0 <= first["label"] <= 9 and len(first["pixels"]) == 28 and len(first["pixels"][0]) == 28
    assert setup_check.tensorflow_report() is report  # once per kernel

    monkeypatch.setattr(setup_check, "_REPORT", None)
    monkeypatch.setattr(setup_check.sys, "executable", "/bin/false")
    broken = setup_check.tensorflow_report()
    assert broken["error"].startswith("the check's Python process stopped")


def test_notebook_00_never_imports_tensorflow():
    """Notebook 00 only checks the setup: its kernel must not hold TensorFlow and Keras (about
    660 MB); section 1 asks a separate process (tensorflow_report)."""
    import nbformat

    nb = nbformat.read(Path(__file__).resolve().parent.parent / "notebooks" / "00_getting_started.ipynb", as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for needle in ("import tensorflow", "import_tensorflow(", "import keras", "tensorflow_datasets"):
        assert needle not in code, f"notebook 00 runs {needle!r}"
