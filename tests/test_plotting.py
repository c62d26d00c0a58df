"""helpers.figures (plots, cnn): every function returns a Figure and never shows it."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from helpers import (  # noqa: E402
    plot_confusion_matrix,
    plot_decision_boundary,
    plot_histories,
    plot_history,
    plot_kernel_result,
    plot_probabilities,
    show_images,
)


pytestmark = pytest.mark.usefixtures("no_plt_show")  # tests/conftest.py


def test_show_images_grid_and_titles():
    fig = show_images(np.random.rand(12, 28, 28, 1), titles=[str(i) for i in range(12)], ncols=5)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 15  # 3 rows of 5
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 12
    assert [ax.get_title() for ax in shown] == [str(i) for i in range(12)]
    assert shown[0].images[0].get_clim() == (0.0, 1.0)


def test_show_images_checks_titles():
    with pytest.raises(ValueError, match="3 images but 2 titles"):
        show_images(np.zeros((3, 8, 8)), titles=["a", "b"])
    with pytest.raises(ValueError, match="at least one"):
        show_images([])


def test_plot_history_from_a_dict_and_from_a_history_object():
    hist = {"loss": [1.0, 0.6, 0.4], "val_loss": [1.1, 0.8, 0.7], "accuracy": [0.5, 0.7, 0.8]}
    fig = plot_history(hist)
    assert len(fig.axes) == 2
    loss_ax = fig.axes[0]
    assert len(loss_ax.lines) == 2 and loss_ax.get_ylabel() == "loss"
    np.testing.assert_allclose(loss_ax.lines[1].get_ydata(), hist["val_loss"])
    assert len(fig.axes[1].lines) == 1  # no val_accuracy

    class History:  # what keras.Model.fit returns has a .history dict
        history = hist

    assert len(plot_history(History(), metrics=["loss"]).axes) == 1
    with pytest.raises(ValueError, match="None of the metrics"):
        plot_history(hist, metrics=["f1"])


def test_plot_history_long_runs_keep_the_epoch_axis():
    fig = plot_history({"loss": list(np.linspace(1, 0.1, 50))}, metrics=["loss"])
    lo, hi = fig.axes[0].get_xlim()
    assert -5 < lo < 1 and 50 < hi < 55  # (it was -10..60 when ticks were set by hand)


def test_plot_probabilities_marks_right_and_wrong():
    probs = np.full((3, 10), 0.02)
    probs[0, 3] = probs[1, 5] = probs[2, 0] = 0.82
    fig = plot_probabilities(np.zeros((3, 28, 28, 1)), probs, true_labels=[3, 4, -1], ncols=3)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == ["true 3 → 3 (82%)", "true 4 → 5 (82%)", "true none → 0 (82%)"]
    bar_axes = [ax for ax in fig.axes if ax.patches]
    assert len(bar_axes) == 3
    colours = [matplotlib.colors.to_hex(ax.patches[int(np.argmax(p))].get_facecolor())
               for ax, p in zip(bar_axes, probs)]
    green, red = matplotlib.colors.to_hex("tab:green"), matplotlib.colors.to_hex("tab:red")
    assert colours == [green, red, red]
    with pytest.raises(ValueError, match="probabilities of shape"):
        plot_probabilities(np.zeros((2, 28, 28)), probs)


def test_plot_kernel_result_writes_small_kernel_weights():
    kernel = np.array([[1, 0, -1]] * 3)
    fig = plot_kernel_result(np.random.rand(20, 20), kernel, np.random.rand(18, 18))
    assert [ax.get_title() for ax in fig.axes] == ["image", "kernel", "result"]
    assert sorted(t.get_text() for t in fig.axes[1].texts) == sorted(["1", "0", "-1"] * 3)
    with pytest.raises(ValueError, match="2-D"):
        plot_kernel_result(np.zeros((5, 5)), np.zeros(3), np.zeros((5, 5)))


def test_plot_confusion_matrix_counts_and_ax():
    fig, ax = plt.subplots()
    out = plot_confusion_matrix([0, 1, 1, 2, 2, 2], [0, 1, 0, 2, 2, 1], ax=ax, class_names="abc")
    assert out is fig
    cells = {t.get_text() for t in ax.texts}
    assert cells == {"1", "2"}
    np.testing.assert_array_equal(ax.images[0].get_array(), [[1, 0, 0], [1, 1, 0], [0, 1, 2]])
    with pytest.raises(ValueError, match="differ in shape"):
        plot_confusion_matrix([0, 1], [0])


def test_plot_histories_one_line_per_run_and_readable_titles():
    runs = {"small": {"val_loss": [1.0, 0.5, 0.4], "loss": [1.2, 0.6, 0.3]},
            "big": {"val_loss": [0.9, 0.6, 0.5], "loss": [1.1, 0.5, 0.2]}}
    fig = plot_histories(runs, metrics=["loss", "val_loss"], log=True)
    assert [ax.get_title() for ax in fig.axes] == ["training loss", "validation loss"]
    assert [len(ax.lines) for ax in fig.axes] == [2, 2]
    np.testing.assert_allclose(fig.axes[1].lines[1].get_ydata(), [0.9, 0.6, 0.5])
    assert fig.axes[0].get_yscale() == "log"
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["small", "big"]
    with pytest.raises(ValueError, match="Run 'small' has no"):
        plot_histories(runs, metrics=["accuracy"])


def test_plot_history_can_count_training_steps():
    fig = plot_history({"loss": [1.0, 0.5, 0.3], "val_loss": [0.9, 0.6, 0.4]}, metrics=["loss"],
                       steps_per_point=86)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "training step"
    assert list(ax.lines[0].get_xdata()) == [86, 172, 258]


def test_probabilities_mark_the_true_class():
    from helpers import plot_probabilities

    p = np.full((2, 10), 0.02)
    p[0, 5], p[0, 3] = 0.7, 0.12        # a 3 read as a 5
    p[1, 1] = 0.82                      # a 1 read right
    fig = plot_probabilities(np.zeros((2, 28, 28)), p, true_labels=[3, 1])
    bars_of_first = fig.axes[1].patches
    assert bars_of_first[3].get_edgecolor()[:3] == (0.0, 0.0, 0.0)       # the true class outlined
    assert bars_of_first[3].get_linewidth() > 1
    assert fig.axes[1].get_xticklabels()[3].get_fontweight() == "bold"
    assert fig.axes[1].get_xticklabels()[5].get_fontweight() != "bold"


def test_confusion_matrix_errors_only_colours_only_the_mistakes():
    from helpers import plot_confusion_matrix

    y_true = [0] * 50 + [1] * 50 + [1, 1, 0]
    y_pred = [0] * 50 + [1] * 50 + [0, 0, 1]
    fig = plot_confusion_matrix(y_true, y_pred, errors_only=True)
    image = fig.axes[0].images[0].get_array()
    assert image.mask[0, 0] and image.mask[1, 1] and not image.mask[1, 0]
    assert image[1, 0] == 2 and image[0, 1] == 1
    texts = {t.get_text(): t.get_color() for t in fig.axes[0].texts}
    assert texts["50"] == "grey" and texts["2"] == "white"


def test_show_images_signed_is_symmetric_about_zero_with_a_colour_bar():
    data = np.array([np.full((4, 4), -0.5), np.linspace(-1.0, 3.0, 16).reshape(4, 4)])
    fig = show_images(data, signed=True, titles=["a", "b"])
    shown = [ax for ax in fig.axes if ax.images]
    assert [ax.images[0].get_clim() for ax in shown] == [(-0.5, 0.5), (-3.0, 3.0)]
    assert all(ax.images[0].get_cmap().name == "RdBu_r" for ax in shown)
    assert len(fig.axes) == 4                                  # two panels and two colour bars
    fig = show_images(data, signed=True, signed_limit=2)       # one shared scale
    assert {ax.images[0].get_clim() for ax in fig.axes if ax.images and ax.get_label() != "<colorbar>"} == {(-2.0, 2.0)}


def test_show_images_signed_per_image_and_unsigned_unchanged():
    plain = np.random.rand(2, 8, 8)
    before = show_images(plain)
    after = show_images(plain, signed=False)
    assert len(before.axes) == len(after.axes) == 2
    assert before.get_size_inches().tolist() == after.get_size_inches().tolist()
    assert [ax.images[0].get_clim() for ax in after.axes] == [(0.0, 1.0), (0.0, 1.0)]
    mixed = show_images([plain[0], plain[1] - 0.5], signed=[False, True])
    assert len(mixed.axes) == 3                                # one colour bar, for the signed image
    assert mixed.axes[0].images[0].get_clim() == (0.0, 1.0)
    lo, hi = mixed.axes[1].images[0].get_clim()
    assert lo == -hi and hi > 0
    with pytest.raises(ValueError, match="signed"):
        show_images(plain, signed=[True])
    with np.errstate(invalid="ignore"):
        nan_map = np.full((4, 4), np.nan)
        nan_map[1, 1] = -2.0
        assert show_images([nan_map], signed=True).axes[0].images[0].get_clim() == (-2.0, 2.0)


def test_plot_kernel_result_signed_result():
    kernel = np.array([[1, 0, -1]] * 3)
    result = np.linspace(-1, 4, 18 * 18).reshape(18, 18)
    plain = plot_kernel_result(np.random.rand(20, 20), kernel, result)
    assert len(plain.axes) == 3
    assert plain.axes[2].images[0].get_cmap().name == "gray"
    signed = plot_kernel_result(np.random.rand(20, 20), kernel, result, signed=True)
    assert len(signed.axes) == 4                               # the result's colour bar
    assert signed.axes[2].images[0].get_clim() == (-4.0, 4.0)
    assert signed.axes[2].images[0].get_cmap().name == "RdBu_r"
    assert plot_kernel_result(np.zeros((5, 5)), kernel, result, signed=True,
                              signed_limit=10).axes[2].images[0].get_clim() == (-10.0, 10.0)


def test_plot_decision_boundary_marks_wrong_test_points():
    X_train = np.array([[0.0, 0.0], [1.0, 1.0]])
    X_test = np.array([[0.2, 0.0], [0.8, 0.0], [0.9, 1.0]])
    labels_test = np.array([0, 0, 1])                          # the point at x = 0.8 is on the wrong side
    fig = plot_decision_boundary(lambda p: (p[:, 0] > 0.5).astype(float), X_train, np.array([0, 1]),
                                 X_test, labels_test, legend=True, title="t")
    ax = fig.axes[0]
    circled = ax.collections[-1].get_offsets()
    assert np.asarray(circled).tolist() == [[0.8, 0.0]]
    assert ax.get_title() == "t" and ax.get_legend() is not None
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        plot_decision_boundary(lambda p: p[:, 0], np.zeros((2, 3)), [0, 1], X_test, labels_test)


def test_signed_maps_draw_missing_values_grey_not_white():
    nan_map = np.zeros((4, 4))
    nan_map[:, 0] = np.nan                                     # e.g. where a "valid" result has no pixel
    fig = show_images([nan_map + 1.0], signed=True)
    bad = fig.axes[0].images[0].get_cmap().get_bad()
    white = fig.axes[0].images[0].get_cmap()(0.5)              # the colour of 0
    assert tuple(np.round(bad[:3], 2)) == (0.6, 0.6, 0.6) and not np.allclose(bad, white, atol=0.05)


def test_plot_histories_runs_differ_by_marker_and_line_style_not_colour_alone():
    runs = {name: {"val_loss": [1.0, 0.5]} for name in ("a", "b", "c")}
    lines = plot_histories(runs, metrics=["val_loss"]).axes[0].lines
    assert len({(line.get_marker(), line.get_linestyle()) for line in lines}) == 3


def test_show_images_frame_draws_a_grey_border_and_no_ticks():
    images = np.ones((2, 28, 28))  # white backgrounds: the frame is what separates them from the page
    plain, framed = show_images(images), show_images(images, frame=True)
    assert not plain.axes[0].axison
    ax = framed.axes[0]
    assert ax.axison and not ax.get_xticks().size and not ax.get_yticks().size
    assert all(spine.get_visible() and spine.get_edgecolor()[:3] == (0.5, 0.5, 0.5) for spine in ax.spines.values())


# --- helpers.figures.cnn: kernels, feature maps, confusions

def test_plot_kernels_signed_on_one_scale_with_one_colour_bar():
    from helpers import plot_kernels

    kernels = np.random.default_rng(0).normal(size=(5, 5, 1, 16))
    kernels[0, 0, 0, 3] = -9.0                              # the largest |weight| sets the scale
    fig = plot_kernels(kernels, title="k")
    images = [im for ax in fig.axes for im in ax.images]
    assert len(images) == 16
    assert {im.get_clim() for im in images} == {(-9.0, 9.0)}   # one scale, symmetric about 0
    assert len(fig.axes) == 16 + 1                          # 16 kernels and one colour bar
    with pytest.raises(ValueError, match="input channels"):
        plot_kernels(np.zeros((5, 5, 3, 4)))


def test_plot_feature_maps_share_one_scale_per_figure():
    from helpers import plot_feature_maps

    maps = np.zeros((2, 7, 7, 16))
    maps[0, ..., 2] = 1.0
    maps[1, ..., 5] = 4.0
    fig = plot_feature_maps(maps, row_titles=["mnist", "ours"], channels=8)
    images = [im for ax in fig.axes for im in ax.images]
    assert len(images) == 16 and {im.get_clim() for im in images} == {(0.0, 4.0)}
    assert len(fig.axes) == 16 + 1
    assert [fig.axes[0].get_ylabel(), fig.axes[8].get_ylabel()] == ["mnist", "ours"]
    signed = plot_feature_maps(maps - 1.0, channels=8)      # negative values: symmetric about 0
    assert {im.get_clim() for ax in signed.axes for im in ax.images} == {(-3.0, 3.0)}
    with pytest.raises(ValueError, match="row titles"):
        plot_feature_maps(maps, row_titles=["one"])


def test_top_confusions_and_their_gallery():
    from helpers import show_confusions, top_confusions

    y_true = np.array([4, 4, 4, 9, 7, 7, 1, 3])
    y_pred = np.array([9, 9, 9, 4, 2, 2, 7, 3])
    assert top_confusions(y_true, y_pred, top=3) == [((4, 9), 3), ((7, 2), 2), ((1, 7), 1)]
    assert top_confusions(y_true, y_true) == []
    probs = np.full((8, 10), 0.01)
    probs[np.arange(8), y_pred] = [0.5, 0.9, 0.7, 0.6, 0.8, 0.55, 0.6, 0.9]
    fig = show_confusions(np.zeros((8, 28, 28)), y_true, y_pred, probs, top=2, per_pair=3)
    rows = [ax.get_ylabel() for ax in fig.axes if ax.get_ylabel()]
    assert rows == ["4 → 9\n3×", "7 → 2\n2×"]
    assert [ax.get_title() for ax in fig.axes[:3]] == ["90%", "70%", "50%"]   # most confident first
    with pytest.raises(ValueError, match="no mistakes"):
        show_confusions(np.zeros((2, 28, 28)), [1, 2], [1, 2], np.eye(10)[[1, 2]])
