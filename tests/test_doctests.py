"""Every docstring example in helpers/, tools/ and benchmarks/ runs and shows what it says
(CONTRIBUTING.md asks each helper for one): one test per module, so `make test` runs them all."""

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Scripts run from the command line, not imported (tools/colab_cell.py is imported by its tests).
SCRIPTS = {"benchmarks.run", "benchmarks.photo_preprocess_timing"}
MODULES = [f"{folder}.{path.stem}" for folder in ("helpers", "tools", "benchmarks")
           for path in sorted((ROOT / folder).glob("*.py")) if path.stem != "__init__"]


@pytest.mark.parametrize("name", [m for m in MODULES if m not in SCRIPTS])
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed"


def test_every_helpers_module_has_examples():
    """CONTRIBUTING.md: every helper shows how it is called, with an example that runs."""
    finder = doctest.DocTestFinder()
    without = [name for name in MODULES if name.startswith("helpers.")
               and not any(test.examples for test in finder.find(importlib.import_module(name)))]
    assert not without, f"helpers modules without a docstring example: {without}"
