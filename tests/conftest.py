import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")  # no screen in CI


@pytest.fixture
def no_plt_show(monkeypatch):
    """Fail a test whose helper calls plt.show() (a helper returns its figure;
    the notebook shows it), and close every figure afterwards."""
    import matplotlib.pyplot as plt

    def fail(*args, **kwargs):
        raise AssertionError("a helper called plt.show()")

    monkeypatch.setattr(plt, "show", fail)
    yield
    plt.close("all")
