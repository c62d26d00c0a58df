"""Figures that several notebooks draw.

Every function returns the matplotlib Figure (or draws into ``ax`` when one is
given) and never calls ``plt.show()``: the notebook decides when to show.

Example
-------
>>> import numpy as np
>>> from helpers import show_images
>>> fig = show_images(np.zeros((4, 28, 28, 1)), titles=["a", "b", "c", "d"])
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.ticker import MaxNLocator

from .style import SIGNED_CMAP, as_2d, pyplot, signed_cmap, symmetric_limit

__all__ = [
    "show_images",
    "plot_history",
    "plot_histories",
    "plot_kernel_result",
    "plot_decision_boundary",
]

def _signed_colorbar(fig, mappable, ax):
    """A slim colour bar beside ``ax`` with ticks at -lim, 0 and +lim."""
    lo, hi = mappable.get_clim()
    bar = fig.colorbar(mappable, ax=ax, fraction=0.046, pad=0.03, ticks=[lo, 0.0, hi])
    bar.ax.tick_params(labelsize=7)
    bar.ax.set_yticklabels([f"{lo:.3g}", "0", f"{hi:.3g}"])
    return bar


def show_images(images, titles=None, ncols: int = 10, cmap: str = "gray", size: float = 1.3,
                vmin=None, vmax=None, suptitle: str | None = None, signed=False,
                signed_limit=None, frame: bool = False):
    """A grid of images, each with an optional title.

    Parameters
    ----------
    images : sequence or array of shape (n, h, w) or (n, h, w, 1|3)
    titles : sequence of n strings, optional
    ncols : images per row
    cmap : colour map for greyscale images
    size : inches per image
    vmin, vmax : the grey range of the unsigned images; default 0..1 for
        float images in [0, 1], else each image's own minimum and maximum
    signed : False (default), True, or a sequence of n booleans (which images
        are signed). Signed data, such as an edge response, a kernel or a
        difference, has a meaningful 0. A signed image is drawn in
        :data:`~helpers.figures.style.SIGNED_CMAP` (blue negative, white 0, red positive) on a scale
        symmetric about 0, from ``-lim`` to ``+lim``, with a colour bar; so
        white always means 0 and equal colours mean equal values within one
        panel. This is chosen explicitly, not guessed from the data: an image
        that happens to have no negative pixel can still be a signed map.
    signed_limit : ``lim`` for every signed image, so that panels share one
        scale and can be compared; default: each signed image's own largest
        absolute value (NaN pixels, "no value here", are ignored and drawn mid-grey)

    frame : draw a thin grey line around each image, so that a white
        background (dark ink on light paper) does not vanish into the page

    Unsigned images are drawn exactly as without ``signed`` (no colour bar).

    Returns
    -------
    matplotlib.figure.Figure

    Example
    -------
    >>> fig = show_images(np.random.rand(3, 28, 28), titles=["x", "y", "z"])
    >>> edges = np.random.randn(2, 28, 28)                    # signed: 0 means "no edge"
    >>> fig = show_images(edges, signed=True, signed_limit=3)  # both panels from -3 to +3
    """
    images = [as_2d(im) for im in images]
    n = len(images)
    if n == 0:
        raise ValueError("show_images() needs at least one image.")
    if titles is not None and len(titles) != n:
        raise ValueError(f"Got {n} images but {len(titles)} titles.")
    if isinstance(signed, (bool, np.bool_)):
        signed = [bool(signed)] * n
    signed = [bool(s) for s in signed]
    if len(signed) != n:
        raise ValueError(f"Got {n} images but {len(signed)} values in signed=.")
    if any(s and images[i].ndim != 2 for i, s in enumerate(signed)):
        raise ValueError("signed=True needs greyscale images (h, w) or (h, w, 1), not colour images.")
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    plt = pyplot()
    # each row of titled images gets 0.3 inch more, so a title never touches the image above it;
    # with signed images, each column gets 0.35 inch more for its colour bar
    width = (size + 0.35 * any(signed)) * ncols
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, (size + 0.3 * (titles is not None)) * nrows),
                             squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= n:
            continue
        im = images[i]
        if signed[i]:
            lim = symmetric_limit(im, signed_limit)
            shown = ax.imshow(im, cmap=signed_cmap(), vmin=-lim, vmax=lim)
            _signed_colorbar(fig, shown, ax)
            if titles is not None:
                ax.set_title(str(titles[i]), fontsize=9)
            continue
        lo, hi = vmin, vmax
        if lo is None and hi is None and im.dtype.kind == "f" and im.min() >= 0 and im.max() <= 1:
            lo, hi = 0.0, 1.0
        ax.imshow(im, cmap=cmap if im.ndim == 2 else None, vmin=lo, vmax=hi)
        if frame:
            ax.axis("on")
            ax.set_xticks([])
            ax.set_yticks([])
            for spine in ax.spines.values():
                spine.set_edgecolor("0.5")
        if titles is not None:
            ax.set_title(str(titles[i]), fontsize=9)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def plot_history(history, metrics=("loss", "accuracy"), title: str | None = None,
                 steps_per_point: int | None = None):
    """Training curves: one panel per metric, training and validation together.

    Parameters
    ----------
    history : a Keras ``History`` (what ``fit`` returns) or its ``.history`` dict
    metrics : names of the metrics to draw; ``val_<name>`` is drawn when present
    steps_per_point : when ``fit`` ran with ``steps_per_epoch=n`` to look at the
        validation set every ``n`` steps, pass ``n``: the x-axis then counts
        training steps instead of Keras "epochs"

    Example
    -------
    >>> fig = plot_history({"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]}, metrics=["loss"])
    """
    hist = getattr(history, "history", history)
    metrics = [m for m in metrics if m in hist]
    if not metrics:
        raise ValueError(f"None of the metrics is in the history (it has {sorted(hist)}).")
    plt = pyplot()
    fig, axes = plt.subplots(1, len(metrics), figsize=(4.5 * len(metrics), 3.2), squeeze=False)
    for ax, name in zip(axes.flat, metrics):
        epochs = np.arange(1, len(hist[name]) + 1) * (steps_per_point or 1)
        ax.plot(epochs, hist[name], "o-", label="training")
        if f"val_{name}" in hist:
            ax.plot(epochs, hist[f"val_{name}"], "s--", label="validation")
        ax.set_xlabel("training step" if steps_per_point else "epoch")
        ax.set_ylabel(name)
        if len(epochs) <= 20:
            ax.set_xticks(epochs)
        else:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
        ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


#: Markers and line styles given to the runs of :func:`plot_histories` in turn.
RUN_MARKERS = ("o", "s", "^", "D", "v", "P")
RUN_LINESTYLES = ("-", "--", ":", "-.")


def _readable(metric: str) -> str:
    """'val_loss' -> 'validation loss', 'accuracy' -> 'training accuracy'."""
    text = metric.replace("val_", "validation ", 1) if metric.startswith("val_") else f"training {metric}"
    return text.replace("_", " ")  # val_inverted_accuracy -> validation inverted accuracy


def plot_histories(runs, metrics=("val_loss", "val_accuracy"), log: bool = False,
                   title: str | None = None, steps_per_point: int | None = None):
    """Compare training runs: one panel per metric, one line per run.

    Parameters
    ----------
    runs : dict mapping a run's name to its Keras ``History`` (or ``.history`` dict)
    metrics : keys of the histories to draw, e.g. "loss", "val_accuracy"
    log : draw the values on a logarithmic scale (useful for losses)
    steps_per_point : as in :func:`plot_history`: the x-axis then counts
        training steps instead of Keras "epochs"

    Example
    -------
    >>> fig = plot_histories({"a": {"val_loss": [1.0, 0.5]}, "b": {"val_loss": [0.9, 0.7]}},
    ...                      metrics=["val_loss"])
    """
    if not runs:
        raise ValueError("plot_histories() needs at least one run.")
    hists = {name: getattr(h, "history", h) for name, h in runs.items()}
    for name, hist in hists.items():
        missing = [m for m in metrics if m not in hist]
        if missing:
            raise ValueError(f"Run '{name}' has no {missing} (it has {sorted(hist)}).")
    plt = pyplot()
    fig, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 3.5), squeeze=False)
    longest = 1
    for ax, metric in zip(axes.flat, metrics):
        for i, (name, hist) in enumerate(hists.items()):
            epochs = np.arange(1, len(hist[metric]) + 1)
            longest = max(longest, len(epochs))
            # each run its own marker and line style too, so no two runs differ by colour alone
            ax.plot(epochs * (steps_per_point or 1), hist[metric], label=name,
                    marker=RUN_MARKERS[i % len(RUN_MARKERS)], linestyle=RUN_LINESTYLES[i % len(RUN_LINESTYLES)])
        ax.set_title(_readable(metric))
        ax.set_xlabel("training step" if steps_per_point else "epoch")
        ax.set_ylabel(metric.replace("val_", "").replace("_", " "))
        if log:
            ax.set_yscale("log")
        ax.grid(alpha=0.3)
    for ax in axes.flat:
        if longest <= 20:
            ax.set_xticks(np.arange(1, longest + 1) * (steps_per_point or 1))
        else:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="lower center", ncol=len(hists),
               frameon=False)
    if title:
        fig.suptitle(title)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


def plot_kernel_result(image, kernel, result, titles=("image", "kernel", "result"),
                       cmap="gray", result_cmap=None, annotate_kernel: bool = True,
                       signed: bool = False, signed_limit=None):
    """Image, kernel and the filtered result side by side.

    The kernel is always drawn on a symmetric scale centred on 0 in
    :data:`~helpers.figures.style.SIGNED_CMAP` (white is a weight of 0), and its weights are written
    into its cells when it is small (up to 7x7).

    Parameters
    ----------
    image, result : 2-D arrays (or (h, w, 1))
    kernel : 2-D array of weights
    result_cmap : colour map of the result when it is unsigned; default "gray"
    signed : draw the result as signed data (an edge response: 0 means "no
        change"), like the kernel: :data:`~helpers.figures.style.SIGNED_CMAP` on a scale from
        ``-lim`` to ``+lim`` centred on 0, with a colour bar. Without it
        (the default) the result is drawn in grey, autoscaled from its
        minimum to its maximum, as for a blurred image.
    signed_limit : ``lim`` for a signed result; default its largest absolute value

    Example
    -------
    >>> k = np.array([[1, 0, -1]] * 3)
    >>> fig = plot_kernel_result(np.random.rand(32, 32), k, np.random.rand(30, 30))
    >>> fig = plot_kernel_result(np.random.rand(32, 32), k, np.random.randn(30, 30), signed=True)
    """
    kernel = np.asarray(kernel, dtype=float)
    if kernel.ndim != 2:
        raise ValueError(f"The kernel must be 2-D, got shape {kernel.shape}.")
    plt = pyplot()
    fig, axes = plt.subplots(1, 3, figsize=(10.6 if signed else 10, 3.6),
                             gridspec_kw={"width_ratios": [3, 1.4, 3]})
    axes[0].imshow(as_2d(image), cmap=cmap)
    lim = np.abs(kernel).max() or 1.0
    axes[1].imshow(kernel, cmap=SIGNED_CMAP, vmin=-lim, vmax=lim)
    if annotate_kernel and max(kernel.shape) <= 7:
        for (r, c), w in np.ndenumerate(kernel):
            axes[1].text(c, r, f"{w:.3g}", ha="center", va="center", fontsize=9,
                         color="white" if abs(w) > 0.6 * lim else "black")  # readable on dark cells
    result = as_2d(result)
    if signed:
        rlim = symmetric_limit(result, signed_limit)
        shown = axes[2].imshow(result, cmap=result_cmap or signed_cmap(), vmin=-rlim, vmax=rlim)
        _signed_colorbar(fig, shown, axes[2])
    else:
        axes[2].imshow(result, cmap=result_cmap or "gray")
    for ax, t in zip(axes, titles):
        ax.set_title(t)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    return fig


#: plot_decision_boundary's markers for class 0 and class 1 (training, test): shapes, not only colours
TRAIN_MARKERS = ("o", "x")
TEST_MARKERS = ("^", "v")


def plot_decision_boundary(prob_class1, X_train, labels_train, X_test, labels_test, ax=None,
                           title=None, colours=("tab:blue", "tab:red"), legend: bool = False,
                           resolution: int = 150):
    """A two-class classifier's view of the plane (notebook 01's moons).

    The plane is coloured by ``P(class 1)`` on a grid of ``resolution`` ×
    ``resolution`` points (pale ``colours[0]`` for class 0, pale
    ``colours[1]`` for class 1), with the boundary ``P = 0.5`` as a black
    line. Training points are small dots (class 0) and crosses (class 1), test
    points triangles pointing up (class 0) and down (class 1), so the classes
    differ by shape as well as colour; a black circle marks every test point
    on the wrong side (``P > 0.5`` predicts class 1).

    Parameters
    ----------
    prob_class1 : function mapping an array of points (one per row, shape
        (m, 2)) to ``P(class 1)`` for each, shape (m,)
    X_train, X_test : arrays (n, 2); labels_train, labels_test : 0/1 labels
    ax : Axes to draw into; default a new figure
    legend : put a legend for classes and markers to the right of ``ax``

    Returns the Figure.

    Example
    -------
    >>> pts = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    >>> fig = plot_decision_boundary(lambda p: (p[:, 0] > 0.5).astype(float),
    ...                              pts[:2], np.array([0, 1]), pts[2:], np.array([0, 1]), legend=True)
    """
    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    labels_train, labels_test = np.asarray(labels_train), np.asarray(labels_test)
    for name, points in (("X_train", X_train), ("X_test", X_test)):
        if points.ndim != 2 or points.shape[1] != 2:
            raise ValueError(f"{name} must have shape (n, 2), got {points.shape}.")
    plt = pyplot()
    if ax is None:
        fig, ax = plt.subplots(figsize=(6.8, 3.6))
    else:
        fig = ax.figure
    everything = np.concatenate([X_train, X_test])
    x_min, y_min = everything.min(axis=0) - 0.3
    x_max, y_max = everything.max(axis=0) + 0.3
    g1, g2 = np.meshgrid(np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution))
    P = np.asarray(prob_class1(np.column_stack([g1.ravel(), g2.ravel()]))).reshape(g1.shape)
    ax.contourf(g1, g2, P, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.25)
    ax.contour(g1, g2, P, levels=[0.5], colors="black", linewidths=1.5)
    for k in (0, 1):  # the class by marker as well as by colour: dots/crosses, triangles up/down
        ax.scatter(*X_train[labels_train == k].T, color=colours[k], s=(7, 14)[k], alpha=0.6,
                   marker=TRAIN_MARKERS[k], **({"edgecolors": "none"} if k == 0 else {"linewidths": 0.8}))
        ax.scatter(*X_test[labels_test == k].T, color=colours[k], s=36, marker=TEST_MARKERS[k],
                   edgecolors="white", linewidths=0.7)
    wrong = (np.asarray(prob_class1(X_test)) > 0.5) != labels_test
    ax.scatter(*X_test[wrong].T, s=200, facecolors="none", edgecolors="black", linewidths=1.5)
    ax.set(xlabel="feature 1", ylabel="feature 2", title=title)
    if legend:
        marker = dict(ls="", markersize=7)
        handles = [plt.Line2D([], [], marker=TRAIN_MARKERS[0], color=colours[0], label="class 0, training", ls="",
                              markersize=4),
                   plt.Line2D([], [], marker=TRAIN_MARKERS[1], color=colours[1], label="class 1, training", ls="",
                              markersize=5),
                   plt.Line2D([], [], marker=TEST_MARKERS[0], color=colours[0], label="class 0, test", **marker),
                   plt.Line2D([], [], marker=TEST_MARKERS[1], color=colours[1], label="class 1, test", **marker),
                   plt.Line2D([], [], marker="o", color="black", markerfacecolor="none",
                              label="wrong test point", ls="", markersize=11),
                   plt.Line2D([], [], color="black", label="boundary, P = 0.5")]
        ax.legend(handles=handles, loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    fig.tight_layout()
    return fig
