"""What notebook 00 checks: where the course is running, whether the libraries the
notebooks import are installed in versions that work, and (:func:`tensorflow_report`) whether
TensorFlow computes and MNIST is on the machine, checked in a short-lived separate Python process
so that notebook 00's own kernel never loads TensorFlow (about 660 MB that a setup check does not
need to keep).

The ranges below are the course's data (a notebook reads no developer file such as
``requirements.txt``); ``tests/test_setup_check.py`` keeps them in step with
``requirements.txt``, ``constraints.txt`` and the Colab-like versions CI tests
(``.ci/colab-versions.txt``).

Example
-------
>>> where_running(environ={"COLAB_RELEASE_TAG": "release-colab"}, modules={})
'Colab'
>>> lines, problems = check_libraries(installed={"tensorflow": "2.19.0", "keras": "3.10.0"}.get)
>>> problems > 0      # the other libraries are "missing" in this made-up installation
True
"""

from __future__ import annotations

import os
import sys
from importlib.metadata import PackageNotFoundError, version

from packaging.specifiers import SpecifierSet

__all__ = ["NOTEBOOK_LIBRARIES", "PAD_LIBRARIES", "PYTHON_TESTED", "check_libraries", "check_python",
           "tensorflow_report", "where_running"]

#: Python versions CI runs the notebooks with: 3.11 (constraints.txt) and 3.12 (Colab-like versions).
PYTHON_TESTED = ((3, 11), (3, 12))

#: What the notebooks import (distribution name -> versions that work). As requirements.txt, except
#: TensorFlow: on Colab it is the ``tensorflow`` package, and 2.19 works there (CI tests Colab-like
#: versions: TensorFlow 2.19, Keras 3.10); requirements.txt asks a pip install for 2.20 or newer only
#: because pip could pair 2.19 with a tensorflow-metadata that needs a newer protobuf.
NOTEBOOK_LIBRARIES = {
    "tensorflow": ">=2.19,<2.22",
    "keras": ">=3.10,<4",
    "tensorflow-datasets": ">=4.9.4,<5",
    "numpy": ">=1.26,<3",
    "scipy": ">=1.11,<2",
    "pandas": ">=2.1,<4",
    "matplotlib": ">=3.8,<4",
    "pillow": ">=10,<13",
    "scikit-learn": ">=1.4,<2",
    "scikit-image": ">=0.22,<1",
    "pooch": ">=1.8,<2",
    "requests": ">=2.31,<3",
}

#: Only the draw-a-digit pad (notebook 04) needs these; the rest of the course runs without them.
PAD_LIBRARIES = {
    "anywidget": ">=0.9,<0.12",
    "ipywidgets": ">=8.1,<9",
}

# TensorFlow comes as one of these packages: tensorflow-cpu (the course's, on Linux) or tensorflow
# (Colab, macOS, Windows, or installed for a GPU).
_TENSORFLOW_PACKAGES = ("tensorflow-cpu", "tensorflow")


def where_running(environ=None, modules=None) -> str:
    """``"Colab"``, ``"Binder"`` or ``"your own machine"``, from the process's environment.

    Colab imports ``google.colab`` into every kernel and sets ``COLAB_RELEASE_TAG``; Binder sets
    ``BINDER_LAUNCH_HOST`` (and ``BINDER_REQUEST``) in the container it starts.

    Example
    -------
    >>> where_running(environ={"BINDER_LAUNCH_HOST": "https://mybinder.org/"}, modules={})
    'Binder'
    >>> where_running(environ={}, modules={})
    'your own machine'
    """
    environ = os.environ if environ is None else environ
    modules = sys.modules if modules is None else modules
    if "google.colab" in modules or "COLAB_RELEASE_TAG" in environ:
        return "Colab"
    if "BINDER_LAUNCH_HOST" in environ or "BINDER_REQUEST" in environ:
        return "Binder"
    return "your own machine"


def check_python(version_info=None) -> tuple[str, bool]:
    """One line on the running Python (needed: 3.11 or newer; tested: 3.11 and 3.12), and whether it will do.

    Example
    -------
    >>> check_python((3, 12, 1))
    ('✓ Python 3.11 or newer, as the course needs, and a version it is tested with (3.11 and 3.12)', True)
    >>> check_python((3, 13, 0))
    ('✓ Python 3.11 or newer, as the course needs, but 3.13 is not a version it is tested with (3.11 and 3.12)', True)
    >>> check_python((3, 10, 4))
    ('✗ Python 3.10: the course needs Python 3.11 or newer (it is tested with 3.11 and 3.12)', False)
    """
    major, minor = tuple(version_info or sys.version_info)[:2]
    tested = " and ".join(f"{a}.{b}" for a, b in PYTHON_TESTED)
    if (major, minor) < PYTHON_TESTED[0]:
        return f"✗ Python {major}.{minor}: the course needs Python 3.11 or newer (it is tested with {tested})", False
    # the same line for every tested version, so that notebook 00's output is the same on each
    if (major, minor) in PYTHON_TESTED:
        return f"✓ Python 3.11 or newer, as the course needs, and a version it is tested with ({tested})", True
    return (f"✓ Python 3.11 or newer, as the course needs, but {major}.{minor} is not a version it is tested "
            f"with ({tested})"), True


def _installed(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def check_libraries(installed=_installed) -> tuple[list[str], int]:
    """Lines naming every library that is missing or outside its range, and how many are.

    ``installed(name)`` gives a distribution's version or None (default: what is installed).
    TensorFlow counts as installed whether it came as ``tensorflow-cpu`` or ``tensorflow``.

    Example
    -------
    >>> colab = {"tensorflow": "2.19.0", "keras": "3.10.0", "tensorflow-datasets": "4.9.9", "numpy": "2.0.2",
    ...          "scipy": "1.16.1", "pandas": "2.2.2", "matplotlib": "3.10.0", "pillow": "11.3.0",
    ...          "scikit-learn": "1.6.1", "scikit-image": "0.25.2", "pooch": "1.8.2", "requests": "2.32.4",
    ...          "ipywidgets": "7.7.1"}                      # Colab's kind of set: no anywidget, an old ipywidgets
    >>> check_libraries(colab.get)
    (['✗ anywidget missing (works with: >=0.9,<0.12) (only the draw-a-digit pad of notebook 04 needs it)', '✗ ipywidgets 7.7.1 (works with: >=8.1,<9) (only the draw-a-digit pad of notebook 04 needs it)'], 2)
    """
    lines, problems = [], 0
    for group, note in ((NOTEBOOK_LIBRARIES, ""), (PAD_LIBRARIES, " (only the draw-a-digit pad of notebook 04 needs it)")):
        for name, spec in group.items():
            found = ([v for v in map(installed, _TENSORFLOW_PACKAGES) if v] or [None])[0] \
                if name == "tensorflow" else installed(name)
            if found is None or not SpecifierSet(spec).contains(found, prereleases=True):
                problems += 1
                lines.append(f"✗ {name} {found or 'missing'} (works with: {spec}){note}")
    return lines, problems


#: The separate process of :func:`tensorflow_report`: imports TensorFlow and TensorFlow Datasets,
#: prints one line "nn4-report <json>" and exits (its memory goes with it).
_REPORT_SCRIPT = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
report = {}
try:
    from helpers.tfsetup import import_tensorflow
    tf = import_tensorflow()
    report["tensorflow"] = tf.__version__
    report["gpus"] = len(tf.config.list_physical_devices("GPU"))
    report["nine"] = float(tf.reduce_sum(tf.ones((3, 3))).numpy())
    import tensorflow_datasets as tfds
    builder = tfds.builder("mnist")
    report["mnist_prepared"] = bool(builder.is_prepared())
    if report["mnist_prepared"]:
        report["mnist_splits"] = {name: split.num_examples for name, split in builder.info.splits.items()}
        image, label = next(iter(builder.as_dataset(split="test[:1]", as_supervised=True)))
        report["mnist_first_test"] = {"label": int(label), "pixels": image.numpy()[..., 0].tolist()}
except Exception as exc:
    report["error"] = f"{type(exc).__name__}: {exc}"
print("nn4-report " + json.dumps(report))
"""

_REPORT: dict | None = None


def tensorflow_report(timeout: float = 300) -> dict:
    """TensorFlow and MNIST, checked in a separate Python process (once per kernel; later calls
    return the same report): ``tensorflow`` (its version), ``gpus`` (how many it sees), ``nine``
    (the sum of a 3x3 matrix of ones, computed by it), ``mnist_prepared`` and, when MNIST is on
    the machine, ``mnist_splits`` and ``mnist_first_test`` (MNIST's first test digit: ``label`` and
    ``pixels``, 28x28 values 0-255). Anything that went wrong is one line under ``error``; this
    function itself never raises.

    The process inherits the environment (``TFDS_DATA_DIR``), and goes away with the memory that
    TensorFlow took, so that notebook 00's kernel stays small.
    """
    global _REPORT
    if _REPORT is not None:
        return _REPORT
    import json
    import subprocess
    from pathlib import Path

    root = str(Path(__file__).resolve().parent.parent)
    try:
        done = subprocess.run([sys.executable, "-c", _REPORT_SCRIPT, root], capture_output=True, text=True,
                              timeout=timeout)
        lines = [line for line in done.stdout.splitlines() if line.startswith("nn4-report ")]
        if lines:
            _REPORT = json.loads(lines[-1][len("nn4-report "):])
        else:
            last = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
            _REPORT = {"error": f"the check's Python process stopped: {last[:300]}"}
    except subprocess.TimeoutExpired:
        _REPORT = {"error": f"importing TensorFlow took more than {timeout:.0f} s"}
    return _REPORT
