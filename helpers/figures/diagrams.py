"""Diagrams drawn from the course's notation: one neuron, a layered network,
and a kernel sliding over a small grid of numbers.

Every function draws with matplotlib, returns the Figure (or draws into ``ax``
when one is given) and never calls ``plt.show()``. The symbols are those of
CONTRIBUTING.md: input $x \\in \\mathbb{R}^d$, layer $l$ with $n_l$ units,
$x_{l+1} = \\varphi(W_l x_l + b_l)$, image $f(x, y)$, kernel $w(dx, dy)$.

Example
-------
>>> from helpers import draw_neuron, draw_network, draw_sliding_window
>>> fig = draw_neuron()
>>> fig = draw_network((2, 16, 2))
"""

from __future__ import annotations

import numpy as np

from .style import pyplot

__all__ = ["draw_neuron", "draw_network", "draw_sliding_window"]


def _new_axes(ax, figsize):
    plt = pyplot()
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    else:
        fig = ax.figure
    ax.set_axis_off()
    return fig, ax


def _arrow(ax, start, end, **kwargs):
    style = dict(arrowstyle="-|>", color="black", lw=1.0, shrinkA=0, shrinkB=0, mutation_scale=10)
    style.update(kwargs)
    ax.annotate("", xy=end, xytext=start, arrowprops=style)


def draw_neuron(n_inputs: int = 3, activation: str = r"\varphi", ax=None):
    """One neuron: inputs $x_i$, weights $w_i$, the sum with the bias $b$, the
    pre-activation $z = w^\\top x + b$ and the output $y = \\varphi(z)$.

    Parameters
    ----------
    n_inputs : how many inputs to draw (the last one is labelled $x_d$)
    activation : the activation's symbol in mathtext, e.g. ``r"\\varphi"``, ``r"\\tanh"``
    ax : Axes to draw into; default a new figure

    Returns the Figure.

    Example
    -------
    >>> fig = draw_neuron(n_inputs=3)
    >>> "$x_{1}$" in [t.get_text() for t in fig.axes[0].texts]
    True
    """
    if n_inputs < 1:
        raise ValueError(f"A neuron needs at least one input, got n_inputs={n_inputs}.")
    fig, ax = _new_axes(ax, (7.5, 3.0))
    names = [str(i + 1) for i in range(n_inputs)]
    if n_inputs >= 3:
        names[-1] = "d"
    ys = np.linspace(0.85, 0.15, n_inputs) if n_inputs > 1 else np.array([0.5])
    sum_xy, act_xy = (0.5, 0.5), (0.72, 0.5)
    for name, y in zip(names, ys):
        ax.text(0.05, y, f"$x_{{{name}}}$", ha="center", va="center", fontsize=13,
                bbox=dict(boxstyle="circle", fc="#e8f0fa", ec="tab:blue"))
        _arrow(ax, (0.09, y), (sum_xy[0] - 0.055, sum_xy[1] + (y - 0.5) * 0.25), color="tab:blue")
        mid_x, mid_y = 0.25, y + (sum_xy[1] + (y - 0.5) * 0.25 - y) * 0.4
        ax.text(mid_x, mid_y + 0.05, f"$w_{{{name}}}$", ha="center", va="bottom", fontsize=12,
                color="tab:blue")
    if n_inputs >= 4:
        ax.text(0.05, (ys[-2] + ys[-1]) / 2, r"$\vdots$", ha="center", va="center", fontsize=12)
    ax.text(*sum_xy, r"$\Sigma$", ha="center", va="center", fontsize=18,
            bbox=dict(boxstyle="circle,pad=0.5", fc="white", ec="black"))
    ax.text(sum_xy[0], 0.05, "$b$", ha="center", va="center", fontsize=13, color="tab:red")
    _arrow(ax, (sum_xy[0], 0.1), (sum_xy[0], sum_xy[1] - 0.11), color="tab:red")
    ax.text(sum_xy[0], 0.83, r"$z = \sum_{i=1}^{d} w_i x_i + b = w^{\top} x + b$", ha="center",
            va="center", fontsize=11)
    _arrow(ax, (sum_xy[0] + 0.055, 0.5), (act_xy[0] - 0.045, 0.5))
    ax.text(0.61, 0.54, "$z$", ha="center", va="bottom", fontsize=12)
    ax.text(*act_xy, f"${activation}$", ha="center", va="center", fontsize=15,
            bbox=dict(boxstyle="square,pad=0.5", fc="#fdf1e6", ec="tab:orange"))
    _arrow(ax, (act_xy[0] + 0.045, 0.5), (0.86, 0.5))
    ax.text(0.94, 0.5, f"$y = {activation}(z)$", ha="center", va="center", fontsize=12)
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1)
    return fig


def draw_network(sizes=(2, 16, 2), activations=(r"\tanh", r"\mathrm{softmax}"), ax=None,
                 max_drawn: int = 16):
    """A fully connected network, one column of circles per layer, labelled
    with the course notation: $x_l \\in \\mathbb{R}^{n_l}$ under each layer,
    $W_l \\in \\mathbb{R}^{n_{l+1} \\times n_l}$ and $b_l$ on each set of
    connections, with the activation, and the Keras layer that holds them,
    ``Dense(units=n_{l+1})``.

    Parameters
    ----------
    sizes : $(n_0, n_1, \\dots, n_L)$; $n_0 = d$ is the input size
    activations : one mathtext symbol per weight layer (``len(sizes) - 1``)
    max_drawn : layers wider than this are drawn with ``max_drawn`` circles
        and a gap marked "⋮"

    Returns the Figure.

    Example
    -------
    >>> fig = draw_network((2, 16, 2))
    >>> any("W_{0}" in t.get_text() for t in fig.axes[0].texts)
    True
    """
    sizes = [int(n) for n in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"A network needs at least two layers of at least one unit, got sizes={sizes}.")
    if len(activations) != len(sizes) - 1:
        raise ValueError(f"Got {len(sizes) - 1} weight layers but {len(activations)} activations.")
    fig, ax = _new_axes(ax, (2.9 * len(sizes), 4.6))
    xs = np.arange(len(sizes)) * 3.0
    tallest = min(max(sizes), max_drawn)
    positions = []
    for l, (x, n) in enumerate(zip(xs, sizes)):
        drawn = min(n, max_drawn)
        step = 2.0 if drawn <= 4 else 8.0 / max(tallest - 1, 1)   # small layers spread out
        ys = (np.arange(drawn) - (drawn - 1) / 2) * step
        if drawn < n:
            ys = np.concatenate([ys[: drawn // 2], ys[drawn // 2 + 1:]])  # leave a gap for the dots
        positions.append(ys)
        colour = "tab:blue" if l == 0 else ("tab:green" if l == len(sizes) - 1 else "tab:orange")
        ax.scatter(np.full(len(ys), x), ys, s=110 if drawn <= 8 else 60, color="white",
                   edgecolors=colour, linewidths=1.5, zorder=3)
        if drawn < n:
            ax.text(x, 0, r"$\vdots$", ha="center", va="center", fontsize=12)
        name = "y = x_{%d}" % l if l == len(sizes) - 1 else "x_{%d}" % l
        role = "input" if l == 0 else ("output" if l == len(sizes) - 1 else "hidden layer")
        ax.text(x, -5.3, f"${name} \\in \\mathbb{{R}}^{{{n}}}$\n{role}, $n_{{{l}}} = {n}$",
                ha="center", va="top", fontsize=10)
    for l in range(len(sizes) - 1):
        for y0 in positions[l]:
            for y1 in positions[l + 1]:
                ax.plot([xs[l], xs[l + 1]], [y0, y1], color="grey", lw=0.4, alpha=0.5, zorder=1)
        mid = (xs[l] + xs[l + 1]) / 2
        ax.text(mid, 5.0, f"$W_{{{l}}} \\in \\mathbb{{R}}^{{{sizes[l + 1]} \\times {sizes[l]}}}$, "
                f"$b_{{{l}}} \\in \\mathbb{{R}}^{{{sizes[l + 1]}}}$\n${activations[l]}$, "
                f"Dense(units={sizes[l + 1]})", ha="center", va="bottom", fontsize=10)
    ax.set_xlim(xs[0] - 1.2, xs[-1] + 1.2)
    ax.set_ylim(-7.2, 6.8)
    return fig


def draw_sliding_window(image, kernel, at, flip: bool = True, ax=None):
    """A kernel on a small grid of numbers: the window around output pixel
    ``at`` highlighted, the weight each pixel is multiplied by written in the
    corner of its cell, and the products and their sum written out below.

    With ``flip=True`` (the convolution $g(x, y) = \\sum w(dx, dy)\\, f(x - dx,
    y - dy)$) pixel $f(x - dx, y - dy)$ meets weight $w(dx, dy)$, so the
    kernel lies on the image rotated by 180°; with ``flip=False`` (the
    cross-correlation, what Keras computes) it lies as printed.

    Parameters
    ----------
    image : 2-D array of numbers (small: up to about 8 × 8)
    kernel : 2-D array with an odd number of rows and columns, $(2b+1) \\times (2a+1)$
    at : ``(row, column)`` of the centre pixel $(y, x)$ in ``image``; the
        whole window must fit ("valid")
    flip : convolution (True) or cross-correlation (False)

    Returns the Figure; ``fig.window_sum`` holds the sum it wrote out.

    Example
    -------
    >>> f = np.arange(25).reshape(5, 5)
    >>> fig = draw_sliding_window(f, np.ones((3, 3)), at=(2, 2))
    >>> float(fig.window_sum)
    108.0
    """
    image = np.asarray(image, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    if image.ndim != 2 or kernel.ndim != 2:
        raise ValueError(f"image and kernel must be 2-D, got {image.shape} and {kernel.shape}.")
    if kernel.shape[0] % 2 == 0 or kernel.shape[1] % 2 == 0:
        raise ValueError(f"The kernel needs an odd number of rows and columns, got {kernel.shape}.")
    b, a = kernel.shape[0] // 2, kernel.shape[1] // 2
    y, x = at
    if not (b <= y < image.shape[0] - b and a <= x < image.shape[1] - a):
        raise ValueError(f"The {kernel.shape[0]}x{kernel.shape[1]} window around {at} does not fit "
                         f"in the {image.shape[0]}x{image.shape[1]} image.")
    laid = kernel[::-1, ::-1] if flip else kernel   # the weight that meets each pixel under the window
    window = image[y - b: y + b + 1, x - a: x + a + 1]
    products = laid * window
    total = float(products.sum())

    plt = pyplot()
    if ax is None:
        fig, ax = plt.subplots(figsize=(max(5.0, 0.75 * image.shape[1] + 1.5),
                                        0.75 * image.shape[0] + 0.4 * kernel.shape[0] + 1.8))
    else:
        fig = ax.figure
    ax.imshow(np.zeros_like(image), cmap="Greys", vmin=0, vmax=1)
    ax.add_patch(plt.Rectangle((x - a - 0.5, y - b - 0.5), 2 * a + 1, 2 * b + 1, fill=True,
                               facecolor="#fde2c4", edgecolor="tab:orange", linewidth=2.5))
    ax.add_patch(plt.Rectangle((x - 0.5, y - 0.5), 1, 1, fill=False, edgecolor="tab:red", linewidth=2))
    for (r, c), v in np.ndenumerate(image):
        ax.text(c, r, f"{v:g}", ha="center", va="center", fontsize=12)
        if abs(r - y) <= b and abs(c - x) <= a:
            ax.text(c + 0.42, r - 0.42, f"×{laid[r - y + b, c - x + a]:g}", ha="right", va="top",
                    fontsize=7, color="#9a3d00")  # dark orange: 5.5:1 on the peach window (WCAG AA)
    ax.set_xticks(range(image.shape[1]))
    ax.set_yticks(range(image.shape[0]))
    ax.set_xlabel("column $x$")
    ax.set_ylabel("row $y$")
    ax.set_xticks(np.arange(-0.5, image.shape[1]), minor=True)
    ax.set_yticks(np.arange(-0.5, image.shape[0]), minor=True)
    ax.grid(which="minor", color="grey", linewidth=0.5)
    ax.tick_params(which="minor", length=0)
    rows = [" + ".join(f"({w:g})·{v:g}" for w, v in zip(lw, lv)) for lw, lv in zip(laid, window)]
    terms = "\n+ ".join(rows)
    name = "convolution" if flip else "cross-correlation"
    ax.set_title(f"{name}: output pixel $g(x{{=}}{x}, y{{=}}{y})$", fontsize=11)
    ax.text(0.5, -0.12, f"{terms}\n= {total:g}", transform=ax.transAxes, ha="center", va="top",
            fontsize=9, family="monospace")
    fig.tight_layout()
    fig.window_sum = total
    return fig
