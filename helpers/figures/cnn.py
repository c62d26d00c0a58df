"""Figures of a trained classifier, the CNN of notebooks 04 and 05 above all:
its learned kernels and feature maps, its probabilities, its confusion matrix
and its most frequent confusions.

Like :mod:`helpers.figures.plots` (whose private tools it shares), every function
returns the matplotlib Figure and never calls ``plt.show()``; importing it
does not import TensorFlow: the functions take NumPy arrays.

Example
-------
>>> import numpy as np
>>> from helpers import plot_kernels
>>> fig = plot_kernels(np.random.randn(5, 5, 1, 16))
"""

from __future__ import annotations

import math

import numpy as np

from .style import as_2d, pyplot, signed_cmap, symmetric_limit

__all__ = [
    "plot_kernels",
    "plot_feature_maps",
    "plot_probabilities",
    "plot_confusion_matrix",
    "top_confusions",
    "show_confusions",
]


def plot_kernels(kernels, ncols: int = 8, size: float = 1.1, title: str | None = None):
    """A layer's kernels, signed: one diverging colour scale centred on 0
    (blue negative, white 0, red positive) shared by all, with one colour bar.

    Parameters
    ----------
    kernels : array (kh, kw, 1, n) as Keras stores a first ``Conv2D``'s
        kernel (one input channel), or (n, kh, kw)
    ncols : kernels per row
    size : inches per kernel

    Example
    -------
    >>> fig = plot_kernels(np.random.randn(5, 5, 1, 16), title="16 kernels")
    """
    kernels = np.asarray(kernels, dtype=float)
    if kernels.ndim == 4:
        if kernels.shape[2] != 1:
            raise ValueError(f"Kernels of shape {kernels.shape} have {kernels.shape[2]} input channels; "
                             "pass one channel, e.g. kernels[:, :, :1, :].")
        kernels = np.moveaxis(kernels[:, :, 0, :], -1, 0)
    if kernels.ndim != 3 or len(kernels) == 0:
        raise ValueError(f"Expected kernels of shape (kh, kw, 1, n) or (n, kh, kw), got {kernels.shape}.")
    n = len(kernels)
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    plt = pyplot()
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols + 0.8, (size + 0.25) * nrows + 0.3 * bool(title)),
                             squeeze=False)
    lim = symmetric_limit(kernels)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < n:
            shown = ax.imshow(kernels[i], cmap=signed_cmap(), vmin=-lim, vmax=lim)
            ax.set_title(f"kernel {i}", fontsize=8)
    bar = fig.colorbar(shown, ax=axes.ravel().tolist(), fraction=0.03, pad=0.02, ticks=[-lim, 0.0, lim])
    bar.ax.set_yticklabels([f"{-lim:.2g}", "0", f"{lim:.2g}"])
    bar.ax.tick_params(labelsize=7)
    bar.set_label("weight", fontsize=8)
    if title:
        fig.suptitle(title)
    return fig


def plot_feature_maps(maps, row_titles=None, channels: int = 8, size: float = 1.1,
                      title: str | None = None, label: str = "activation"):
    """One block's feature maps, one row per input image and one column per
    channel, all on **one shared colour scale** with one colour bar, so that
    equal colours mean equal values across images and channels.

    Maps after a ReLU (no value below 0) are drawn in ``viridis`` from 0 to
    the largest value; maps with negative values in :data:`~helpers.figures.style.SIGNED_CMAP` on a
    scale symmetric about 0.

    Parameters
    ----------
    maps : array (n_images, h, w, n_channels), e.g. a layer's output
    row_titles : n_images strings written to the left of each row
    channels : how many channels to show (the first ones)
    size : inches per map

    Example
    -------
    >>> fig = plot_feature_maps(np.random.rand(2, 28, 28, 16), row_titles=["a", "b"])
    """
    maps = np.asarray(maps, dtype=float)
    if maps.ndim != 4:
        raise ValueError(f"Expected maps of shape (n_images, h, w, channels), got {maps.shape}.")
    n_images, channels = len(maps), max(1, min(channels, maps.shape[-1]))
    if row_titles is not None and len(row_titles) != n_images:
        raise ValueError(f"Got {n_images} rows of maps but {len(row_titles)} row titles.")
    shown_maps = maps[..., :channels]
    plt = pyplot()
    fig, axes = plt.subplots(n_images, channels, squeeze=False,
                             figsize=(size * channels + 1.6, size * n_images + 0.35 + 0.3 * bool(title)))
    signed = bool((shown_maps < 0).any())
    if signed:
        lim = symmetric_limit(shown_maps)
        style = dict(cmap=signed_cmap(), vmin=-lim, vmax=lim)
    else:
        style = dict(cmap="viridis", vmin=0.0, vmax=float(shown_maps.max()) or 1.0)
    for r in range(n_images):
        for c in range(channels):
            ax = axes[r, c]
            image = ax.imshow(shown_maps[r, :, :, c], **style)
            ax.set_xticks([])
            ax.set_yticks([])
            if r == 0:
                ax.set_title(f"channel {c}", fontsize=7)
        if row_titles is not None:
            axes[r, 0].set_ylabel(str(row_titles[r]), fontsize=8, rotation=0, ha="right", va="center")
    bar = fig.colorbar(image, ax=axes.ravel().tolist(), fraction=0.03, pad=0.02)
    bar.ax.tick_params(labelsize=7)
    bar.set_label(label, fontsize=8)
    if title:
        fig.suptitle(title, fontsize=10)
    return fig


def top_confusions(y_true, y_pred, top: int = 6):
    """The ``top`` most frequent mistakes as ``[((true, predicted), count), ...]``,
    most frequent first (ties: by true, then predicted class).

    Example
    -------
    >>> top_confusions([4, 4, 9, 7, 1], [9, 9, 4, 7, 7], top=2)
    [((4, 9), 2), ((1, 7), 1)]
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred differ in shape: {y_true.shape} vs {y_pred.shape}.")
    wrong = y_true != y_pred
    pairs, counts = np.unique(np.stack([y_true[wrong], y_pred[wrong]], axis=1), axis=0, return_counts=True)
    order = sorted(range(len(counts)), key=lambda i: (-counts[i], int(pairs[i][0]), int(pairs[i][1])))
    return [((int(pairs[i][0]), int(pairs[i][1])), int(counts[i])) for i in order[:top]]


def show_confusions(images, y_true, y_pred, probabilities, top: int = 6, per_pair: int = 5,
                    size: float = 1.2):
    """A gallery of the most frequent mistakes: one row per confusion
    (from :func:`top_confusions`), its count on the left and up to
    ``per_pair`` of its images, the most confident mistake first, each titled
    with the model's confidence in its wrong answer.

    Example
    -------
    >>> p = np.eye(10)[[9, 9, 4, 7]]
    >>> fig = show_confusions(np.zeros((4, 28, 28)), [4, 4, 9, 7], p.argmax(1), p, top=2)
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    probabilities = np.asarray(probabilities, dtype=float)
    pairs = top_confusions(y_true, y_pred, top)
    if not pairs:
        raise ValueError("There are no mistakes to show.")
    per_pair = max(1, min(per_pair, max(count for _, count in pairs)))
    plt = pyplot()
    fig, axes = plt.subplots(len(pairs), per_pair, figsize=(size * per_pair + 1.2, (size + 0.25) * len(pairs)),
                             squeeze=False)
    for row, ((t, p), count) in zip(axes, pairs):
        idx = np.flatnonzero((y_true == t) & (y_pred == p))
        idx = idx[np.argsort(-probabilities[idx, p], kind="stable")][:per_pair]
        for j, ax in enumerate(row):
            ax.set_xticks([])
            ax.set_yticks([])
            if j < len(idx):
                ax.imshow(as_2d(images[idx[j]]), cmap="gray", vmin=0, vmax=1)
                ax.set_title(f"{probabilities[idx[j], p]:.0%}", fontsize=8)
            else:
                ax.axis("off")
        row[0].axis("on")
        for spine in row[0].spines.values():
            spine.set_visible(False)
        row[0].set_ylabel(f"{t} → {p}\n{count}×", fontsize=9, rotation=0, ha="right", va="center")
    fig.tight_layout()
    return fig


def plot_probabilities(images, probabilities, class_names=None, true_labels=None,
                       ncols: int = 2, titles=None):
    """Each image beside a bar chart of the model's probability for every class.

    The predicted class is drawn in the highlight colour; the title says what
    the model predicted, with its probability, and, when ``true_labels`` is
    given, the true class first ("true 3 → 5 (82%)": a 3 read as a 5) and a
    green (right) or red (wrong) bar; the true class's bar is then outlined
    in black and its label is bold, so a wrong answer shows how much
    probability the right one got.

    Parameters
    ----------
    images : array (n, h, w[, 1])
    probabilities : array (n, k), rows summing to 1 (softmax outputs)
    class_names : k names, default "0".."k-1"
    true_labels : n integer labels (a label outside 0..k-1 means "not any class")
    titles : n strings that replace the image titles

    Example
    -------
    >>> p = np.full((2, 10), 0.1)
    >>> fig = plot_probabilities(np.zeros((2, 28, 28)), p, true_labels=[3, -1])
    """
    probabilities = np.asarray(probabilities, dtype=float)
    n = len(images)
    if probabilities.ndim != 2 or probabilities.shape[0] != n:
        raise ValueError(f"Expected probabilities of shape ({n}, k), got {probabilities.shape}.")
    k = probabilities.shape[1]
    class_names = [str(c) for c in (class_names if class_names is not None else range(k))]
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    plt = pyplot()
    fig, axes = plt.subplots(nrows, 2 * ncols, figsize=(3.6 * ncols, 1.5 * nrows),
                             gridspec_kw={"width_ratios": [1, 2] * ncols}, squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for i in range(n):
        r, c = divmod(i, ncols)
        ax_img, ax_bar = axes[r, 2 * c], axes[r, 2 * c + 1]
        ax_img.imshow(as_2d(images[i]), cmap="gray", vmin=0, vmax=1)
        pred = int(np.argmax(probabilities[i]))
        title = f"{class_names[pred]} ({probabilities[i, pred]:.0%})"
        colour = "tab:blue"
        if true_labels is not None:
            truth = int(true_labels[i])
            known = 0 <= truth < k
            right = known and truth == pred
            title = f"true {class_names[truth] if known else 'none'} → {title}"
            colour = "tab:green" if right else "tab:red"
        if titles is not None:
            title = titles[i]
        ax_img.set_title(title, fontsize=8)
        ax_bar.axis("on")
        bars = ax_bar.bar(range(k), probabilities[i], color="lightgrey")
        bars[pred].set_color(colour)
        ax_bar.set_ylim(0, 1)
        ax_bar.set_xticks(range(k))
        ax_bar.set_xticklabels(class_names, fontsize=7)
        if true_labels is not None and 0 <= int(true_labels[i]) < k:
            truth = int(true_labels[i])
            bars[truth].set_edgecolor("black")
            bars[truth].set_linewidth(1.2)
            ax_bar.get_xticklabels()[truth].set_fontweight("bold")
        ax_bar.tick_params(axis="y", labelsize=7)
    fig.tight_layout()
    return fig


def plot_confusion_matrix(y_true, y_pred, class_names=None, ax=None, title=None,
                          errors_only: bool = False):
    """Confusion matrix with counts in the cells (rows: true class, columns: predicted).

    With ``errors_only`` the colours show only the mistakes (the cells off
    the diagonal, on their own scale); the diagonal's counts, the right
    answers, are written in grey on white. Use it when the diagonal is so
    large that every mistake would be drawn white.

    Returns the Figure.

    Example
    -------
    >>> fig = plot_confusion_matrix([0, 1, 1], [0, 1, 0], class_names=["a", "b"])
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred differ in shape: {y_true.shape} vs {y_pred.shape}.")
    k = len(class_names) if class_names is not None else int(max(y_true.max(), y_pred.max())) + 1
    names = [str(c) for c in (class_names if class_names is not None else range(k))]
    counts = np.zeros((k, k), dtype=int)
    np.add.at(counts, (y_true, y_pred), 1)
    plt = pyplot()
    if ax is None:
        fig, ax = plt.subplots(figsize=(0.45 * k + 2.5, 0.45 * k + 2))
    else:
        fig = ax.figure
    if errors_only:
        off = ~np.eye(k, dtype=bool)
        shown = np.ma.masked_array(counts, mask=~off)
        top = max(int(counts[off].max()) if off.any() else 0, 1)
        ax.imshow(shown, cmap="Reds", vmin=0, vmax=top)
    else:
        top = max(int(counts.max()), 1)
        ax.imshow(counts, cmap="Blues")
    for (r, c), v in np.ndenumerate(counts):
        if errors_only and r == c:
            ax.text(c, r, str(v), ha="center", va="center", fontsize=7, color="grey")
        elif v:
            ax.text(c, r, str(v), ha="center", va="center", fontsize=8,
                    color="white" if v > top / 2 else "black")
    ax.set_xticks(range(k))
    ax.set_xticklabels(names)
    ax.set_yticks(range(k))
    ax.set_yticklabels(names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


