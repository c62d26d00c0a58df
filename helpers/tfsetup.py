"""Import TensorFlow without the log lines it prints while loading.

``TF_CPP_MIN_LOG_LEVEL=3`` hides TensorFlow's C++ log messages, but not the
two information lines that TensorFlow 2.21's CPU build writes while it loads
("oneDNN custom operations are on ..." with the notice about
``absl::InitializeLog()`` before it).  In a notebook they land in the cell's
output, with a time stamp that changes every run.  Turning oneDNN off
(``TF_ENABLE_ONEDNN_OPTS=0``) removes them but makes training about 2.5x
slower on a CPU, so instead :func:`import_tensorflow` drops exactly those lines
and lets anything else TensorFlow prints through.

Example
-------
>>> from helpers import import_tensorflow
>>> tf = import_tensorflow()       # doctest: +SKIP
>>> import keras                   # doctest: +SKIP
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import tempfile

__all__ = ["import_tensorflow"]

#: Lines TensorFlow writes to stderr at import that carry no information for a learner.
KNOWN_NOISE = (
    re.compile(r"^WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR$"),
    re.compile(r"^I\d{4} [\d:.]+\s+\d+ port\.cc:\d+\] oneDNN custom operations are on\."),
)


def _import_filtered(name: str, noise=KNOWN_NOISE):
    """Import module ``name`` with file descriptor 2 (stderr) captured; write
    back every captured line that does not match one of ``noise``."""
    if name in sys.modules:
        return sys.modules[name]
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as capture:
        os.dup2(capture.fileno(), 2)
        try:
            module = importlib.import_module(name)
        finally:
            # also when the import fails: what TensorFlow printed is then the clue
            os.dup2(saved, 2)
            os.close(saved)
            capture.seek(0)
            text = capture.read().decode("utf-8", errors="replace")
            kept = [line for line in text.splitlines() if not any(p.search(line) for p in noise)]
            if kept:
                sys.stderr.write("\n".join(kept) + "\n")
    return module


def import_tensorflow():
    """Import and return ``tensorflow``, quietly.

    Sets ``TF_CPP_MIN_LOG_LEVEL=3`` (unless already set) before the import, so
    TensorFlow's C++ logging only reports fatal errors, and drops the oneDNN
    notice lines described in this module's docstring. Anything else that
    TensorFlow prints while loading still reaches you.

    Example
    -------
    >>> tf = import_tensorflow()       # doctest: +SKIP
    >>> tf.__version__                 # doctest: +SKIP
    '2.21.0'
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    return _import_filtered("tensorflow")
