"""What the benchmark measures against: paths, the seeds, the issue's targets
(for the 2-core CI machine) and which notebooks are core or optional (from the
course list, ``notebooks/course.toml``)."""

from __future__ import annotations

from pathlib import Path

from helpers.course import number_range, read_course

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
RESULTS = Path(__file__).resolve().parent / "results.md"  #: the report `make bench` writes
README = ROOT / "README.md"
README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"

DEFAULT_SEEDS = (0, 1, 2, 3, 4)  #: the seeds both recipes are raced with
TARGET_ACCURACY = 0.99  #: validation and test accuracy both recipes race to
NOTES_MAX_EPOCHS = 10  #: cap for the notes' recipe
TRAIN_EXAMPLES = 55_000  #: helpers.mnist.data.TRAIN_SIZE (repeated: report() needs no TensorFlow)
ONE_CPU = frozenset({0})  #: the CPU the one-CPU run pins each kernel to

#: number prefixes of the optional notebooks (course.toml's ``optional = true``); every other one is core
OPTIONAL_NOTEBOOKS = tuple(nb.number for nb in read_course(NOTEBOOKS / "course.toml") if nb.optional)

# The targets (for the 2-core CI machine).
TARGET_COLLECTION_S = 2.5 * 60  #: the core collection (00-05 today), on 2 cores
TARGET_COLLECTION_ONE_CPU_S = 4 * 60  #: the core collection, on one CPU
TARGET_OPTIONAL_S = 3 * 60  #: each optional notebook, on 2 cores
TARGET_PEAK_BYTES = 1.2e9  #: peak kernel memory (VmHWM) in every notebook (1.2 GB = 1,200 MB)
TARGET_SETUP_PEAK_BYTES = 300e6  #: ... in notebook 00, which only checks the setup
TARGET_SMALL_PEAK_BYTES = 900e6  #: ... in the notebooks before the CNN (SMALL_NOTEBOOKS)
#: number prefixes of the core notebooks after 00 that train no CNN (no ``recipe`` in course.toml): 01-03
SMALL_NOTEBOOKS = tuple(nb.number for nb in read_course(NOTEBOOKS / "course.toml")
                        if not nb.optional and not nb.recipe and nb.number != "00")
TARGET_PAD_P95_MS = 150  #: the pad, pen-up to verdict, 95th percentile, kernel on one CPU (tests/test_browser.py)
TARGET_SESSION_BYTES = 2.0e9  #: one JupyterLab session, server and kernels (Binder's 2 GB)
TARGET_RATIO = 1 / 3  #: our mean time to 99 % over the notes' mean time to 99 %
TARGET_ONE_EPOCH_MEAN = 0.99  #: our mean test accuracy after one epoch, over the seeds
TARGET_ONE_EPOCH_FLOOR = 0.988  #: ... and every seed's


def notebook_label(name: str) -> str:
    """``'04_mnist_cnn.ipynb'`` -> ``'04 mnist cnn'`` (the README's first column).

    >>> notebook_label("00_getting_started.ipynb")
    '00 getting started'
    """
    return name.removesuffix(".ipynb").replace("_", " ")


def is_optional(name: str) -> bool:
    """Whether notebook ``name`` is optional ("going further"), not part of the core collection.

    >>> is_optional("06_going_further.ipynb"), is_optional("05_data_augmentation.ipynb")
    (True, False)
    """
    return name[:2] in OPTIONAL_NOTEBOOKS


def core_label(names) -> str:
    """How the report names the core notebooks among ``names``: their number
    range when it has no gap, else the numbers.

    >>> core_label(["00_a.ipynb", "01_b.ipynb", "02_c.ipynb", "06_z.ipynb"])
    'core 00–02'
    >>> core_label(["00_a.ipynb", "04_d.ipynb"])
    'core 00, 04'
    """
    return "core " + number_range({n[:2] for n in names if not is_optional(n)})


def optional_label(name: str) -> str:
    """``'06_going_further.ipynb'`` -> ``'06 (optional)'``."""
    return f"{name[:2]} (optional)"
