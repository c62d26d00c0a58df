"""helpers.figures.diagrams: the neuron, the network and the sliding window, drawn from the notation."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import scipy.signal  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from helpers import draw_network, draw_neuron, draw_sliding_window  # noqa: E402


pytestmark = pytest.mark.usefixtures("no_plt_show")  # tests/conftest.py


def _texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_neuron_names_inputs_weights_bias_and_activation():
    fig = draw_neuron(n_inputs=3)
    assert isinstance(fig, Figure)
    texts = _texts(fig)
    for symbol in ["$x_{1}$", "$x_{2}$", "$x_{d}$", "$w_{1}$", "$w_{d}$", "$b$", r"$\varphi$", r"$y = \varphi(z)$"]:
        assert symbol in texts, symbol
    assert any("w^{\\top} x + b" in t for t in texts)
    with pytest.raises(ValueError, match="at least one input"):
        draw_neuron(n_inputs=0)


def test_network_labels_shapes_in_the_course_notation():
    fig = draw_network((2, 16, 2))
    texts = "\n".join(_texts(fig))
    # W_l is n_{l+1} x n_l, b_l has n_{l+1} entries, and Dense(units) is n_{l+1}
    assert r"W_{0} \in \mathbb{R}^{16 \times 2}" in texts
    assert r"b_{0} \in \mathbb{R}^{16}" in texts
    assert r"W_{1} \in \mathbb{R}^{2 \times 16}" in texts
    assert "Dense(units=16)" in texts and "Dense(units=2)" in texts
    assert r"y = x_{2} \in \mathbb{R}^{2}" in texts
    circles = sum(len(c.get_offsets()) for c in fig.axes[0].collections)
    assert circles == 2 + 16 + 2


def test_network_checks_its_arguments_and_elides_wide_layers():
    with pytest.raises(ValueError, match="activations"):
        draw_network((2, 3, 2), activations=("a",))
    with pytest.raises(ValueError, match="at least two layers"):
        draw_network((2,))
    fig = draw_network((4, 100, 3), max_drawn=10)
    circles = sum(len(c.get_offsets()) for c in fig.axes[0].collections)
    assert circles == 4 + 9 + 3          # 10 drawn, one left out for the dots
    assert r"$\vdots$" in _texts(fig)


@pytest.mark.parametrize("flip", [True, False])
def test_sliding_window_sum_is_the_formula(flip):
    rng = np.random.default_rng(0)
    f = rng.integers(0, 10, (5, 5)).astype(float)
    w = np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])
    fig = draw_sliding_window(f, w, at=(2, 3), flip=flip)
    full = (scipy.signal.convolve2d if flip else scipy.signal.correlate2d)(f, w, mode="valid")
    assert fig.window_sum == pytest.approx(full[1, 2])    # output pixel (y=2, x=3) of the valid result
    assert any(t.endswith(f"= {fig.window_sum:g}") for t in _texts(fig))


def test_sliding_window_rejects_windows_that_do_not_fit():
    with pytest.raises(ValueError, match="does not fit"):
        draw_sliding_window(np.zeros((5, 5)), np.ones((3, 3)), at=(0, 2))
    with pytest.raises(ValueError, match="odd number"):
        draw_sliding_window(np.zeros((5, 5)), np.ones((2, 2)), at=(2, 2))
