"""The checks of notebook 01 (neurons, layers, backpropagation): 01.1 to 01.5.

Each takes the learner's answer and, where the right answer depends on what their notebook
computed (01.3's gradients, 01.5's accuracies), that state too; it returns what to praise or
raises :class:`~helpers.exercises.answers.NotYet` with a hint.

Example
-------
>>> check_01_1(z=1.8, y=0.858, b_boundary=-1.7)
'z = 1.8, y = 0.858, and with b = -1.7 this x sits on the line where y = 0.5'
"""

from __future__ import annotations

from .answers import NotYet, array, fraction, kind_of, name, number, whole_number

__all__ = ["check_01_1", "check_01_2", "check_01_3", "check_01_4", "check_01_5"]


def check_01_1(z=None, y=None, b_boundary=None):
    """Notebook 01's neuron (w = (0.5, -0.3, 0.8), b = 0.1) on x = (2, -1, 0.5): z = 1.8,
    y = sigmoid(1.8) = 0.858, and the bias that puts this x on the boundary: -1.7 (each within
    0.005: two decimals are enough)."""
    import math

    got_z = number(z, "z")
    close = 5e-3  # an answer rounded to two decimals (0.86) is right too
    if abs(got_z - 1.7) < close:
        raise NotYet("z: that is w·x; the neuron adds its bias b = 0.1")
    if abs(got_z + 1.8) < close or abs(got_z - 1.8) > close:
        raise NotYet("z: w·x = w₁x₁ + w₂x₂ + w₃x₃, then add b; mind the two negative signs")
    got_y = number(y, "y")
    if abs(got_y - got_z) < close:
        raise NotYet("y: that is z itself; the neuron's output is sigmoid(z) = 1 / (1 + e^(-z))")
    if abs(got_y - 1 / (1 + math.exp(-1.8))) > close:
        raise NotYet("y: sigmoid(z) = 1 / (1 + e^(-z)), with e^(-z) = exp(-z): a number between 0 and 1")
    got_b = number(b_boundary, "b_boundary")
    if abs(got_b - 1.7) < close:
        raise NotYet("b_boundary: on the boundary z = w·x + b = 0, so b = -(w·x): mind the sign")
    if abs(got_b + 1.7) > close:
        raise NotYet("b_boundary: y = 0.5 exactly where z = 0, i.e. where w·x + b = 0")
    return "z = 1.8, y = 0.858, and with b = -1.7 this x sits on the line where y = 0.5"


def check_01_2(numerical_derivative=None, relu_disagrees_at=None):
    """A central difference (f(z + h) - f(z - h)) / (2h), tried on z³ over the exercise's grid;
    and where ReLU disagrees with ``relu_prime`` on that grid: at z = 0 only."""
    import numpy as np

    if numerical_derivative is None or numerical_derivative is Ellipsis:
        raise NotYet("write the name of your function in place of the ... above (numerical_derivative, "
                     "without brackets), then run the cell again")
    if not callable(numerical_derivative):
        raise NotYet("numerical_derivative should be your function, def numerical_derivative(f, z, h): ..., "
                     f"not {kind_of(numerical_derivative)}")
    z, h = np.arange(-40, 41) / 10, 1e-3
    cube = lambda v: v ** 3                                                    # noqa: E731
    try:
        try:
            got = numerical_derivative(cube, z, h)
        except TypeError:
            got = numerical_derivative(cube, z)                                # a function with its own h
        got = np.asarray(got, dtype=float)
    except Exception as exc:
        raise NotYet(f"numerical_derivative(f, z, h) stopped with a {type(exc).__name__}: try it on "
                     "sigmoid and the grid yourself") from None
    if got.shape != z.shape:
        raise NotYet(f"numerical_derivative(f, z, h) should give one slope per z: an array of shape {z.shape} "
                     f"for the grid, not {got.shape}")
    exact, tol = 3 * z ** 2, 1e-3
    if not np.allclose(got, exact, atol=tol, rtol=0):
        if np.allclose(got, (cube(z + h) - cube(z)) / h, atol=tol) or np.allclose(got, (cube(z) - cube(z - h)) / h,
                                                                                    atol=tol):
            raise NotYet("numerical_derivative: that is a one-sided difference; the central difference looks at "
                         "both sides of z, z + h and z - h")
        if np.allclose(got, 2 * exact, atol=2 * tol):
            raise NotYet("numerical_derivative: twice the slope: divide by the distance between the two points, "
                         "(z + h) - (z - h) = 2h")
        if np.allclose(got, -exact, atol=tol):
            raise NotYet("numerical_derivative: the sign is flipped: f(z + h) - f(z - h), the later point first")
        worst = float(np.abs(got - exact).max())
        raise NotYet(f"numerical_derivative: on f(z) = z³ it is off by up to {worst:.2g} from the exact 3z²: "
                     "(f(z + h) - f(z - h)) / (2h), with a small h such as 1e-3")
    if relu_disagrees_at is None or relu_disagrees_at is Ellipsis:
        raise NotYet("write where ReLU disagrees (a z, or the list of z) in place of the ... above")
    where = array(relu_disagrees_at, "relu_disagrees_at")
    if where.ndim > 1:
        raise NotYet("relu_disagrees_at should be a z, or a list of the z values where ReLU disagrees")
    where = where.ravel()
    if where.size == 0:
        raise NotYet("relu_disagrees_at: ReLU does disagree somewhere on the grid: print the z where "
                     "|numerical - relu_prime| is larger than 1e-4")
    if not np.all(np.abs(where) < 1e-9):
        raise NotYet("relu_disagrees_at: compare numerical_derivative(relu, zgrid) with relu_prime(zgrid) at "
                     "each z of the grid and keep only the z where they differ by more than 1e-4")
    return ("your central difference matches the exact derivatives, and ReLU disagrees only at z = 0: "
            "now say why")


def _reference_gradients(params, X0, T, at_activation=False):
    """The gradients of the exercise's network (tanh, tanh, softmax; mean cross-entropy);
    ``at_activation``: the usual slip, φ' taken at x = φ(z) instead of at z."""
    import numpy as np

    Z1 = params["W0"] @ X0 + params["b0"][:, None]
    X1 = np.tanh(Z1)
    Z2 = params["W1"] @ X1 + params["b1"][:, None]
    X2 = np.tanh(Z2)
    Z3 = params["W2"] @ X2 + params["b2"][:, None]
    Y = np.exp(Z3 - Z3.max(axis=0))
    Y /= Y.sum(axis=0)
    prime = (lambda z: 1 - np.tanh(np.tanh(z)) ** 2) if at_activation else (lambda z: 1 - np.tanh(z) ** 2)
    N = X0.shape[1]
    D3 = Y - T
    D2 = (params["W2"].T @ D3) * prime(Z2)
    D1 = (params["W1"].T @ D2) * prime(Z1)
    return {"W0": D1 @ X0.T / N, "b0": D1.sum(axis=1) / N, "W1": D2 @ X1.T / N, "b1": D2.sum(axis=1) / N,
            "W2": D3 @ X2.T / N, "b2": D3.sum(axis=1) / N}


def check_01_3(grads=None, params=None, X0=None, T=None):
    """gradients3's answer for ``params`` on ``X0`` (one example per column) and the one-hot ``T``:
    equal to backprop's (or to finite differences', within 1e-6 relative) for every W and b."""
    import numpy as np

    keys = ("W0", "b0", "W1", "b1", "W2", "b2")
    if grads is None or grads is Ellipsis:
        raise NotYet("write your gradients (the dict gradients3 returns) in place of the ... above")
    for what, value in (("grads", grads), ("params", params)):
        if not hasattr(value, "keys") or any(k not in value for k in keys):
            raise NotYet(f"{what} should be a dict with the keys {', '.join(keys)}: one entry per weight "
                         "matrix and bias of the three layers")
    p = {k: array(params[k], f"params[{k!r}]", ndim=2 if k[0] == "W" else 1) for k in keys}
    for l in range(3):
        if p[f"b{l}"].shape != (p[f"W{l}"].shape[0],) or (l and p[f"W{l}"].shape[1] != p[f"W{l - 1}"].shape[0]):
            raise NotYet("params should be the network's (init_params([d, 8, 8, 2], ...)): its shapes do not fit "
                         "together")
    X = array(X0, "X0", ndim=2)
    if X.shape[0] != p["W0"].shape[1]:
        raise NotYet(f"X0 should hold one example per column: shape ({p['W0'].shape[1]}, N), not {X.shape}")
    targets = array(T, "T", shape=(p["W2"].shape[0], X.shape[1]))
    g = {}
    for k in keys:
        g[k] = array(grads[k], f"grads[{k!r}]")
        if g[k].shape != p[k].shape:
            raise NotYet(f"grads[{k!r}] should have the shape of {k}, {p[k].shape}, not {g[k].shape}")
    want = _reference_gradients(p, X, targets)
    slip = _reference_gradients(p, X, targets, at_activation=True)

    def close(a, b):
        return np.linalg.norm(a - b) <= 1e-6 * np.linalg.norm(b) + 1e-12

    if all(close(g[k], want[k]) for k in keys):
        return "backprop through three layers: every gradient agrees with the chain rule's"
    if all(close(g[k], X.shape[1] * want[k]) for k in keys):
        raise NotYet(f"every gradient is {X.shape[1]} times too large: the loss is the mean over the N examples, "
                     "so divide by N, as gradients does")
    for delta, (w, b) in zip((3, 2, 1), (("W2", "b2"), ("W1", "b1"), ("W0", "b0"))):
        if close(g[w], want[w]) and close(g[b], want[b]):
            continue
        layer_in = f"x{delta - 1}" if delta > 1 else "x0"
        if w[0] == "W" and g[w].shape[0] == g[w].shape[1] and close(g[w].T, want[w]):
            raise NotYet(f"grads[{w!r}] is the transpose of dL/d{w} = δ{delta} {layer_in}ᵀ / N")
        if close(g[w], want[w]):
            raise NotYet(f"grads[{b!r}]: the bias's gradient is δ{delta} averaged over the examples "
                         f"(summed over the columns, divided by N)")
        if close(g[w], slip[w]):
            raise NotYet(f"δ{delta}: φ' is taken at the pre-activation z{delta}, not at x{delta} = φ(z{delta})")
        if delta == 3:
            raise NotYet("grads['W2']: δ3 = y - t and dL/dW2 = δ3 x2ᵀ / N, where x2 is the second hidden "
                         "layer's output")
        raise NotYet(f"grads[{w!r}] is off while the layer after it is right: δ{delta} = (W{delta}ᵀ δ{delta + 1}) "
                     f"⊙ φ'(z{delta}), then dL/d{w} = δ{delta} {layer_in}ᵀ / N")
    raise NotYet("compare your gradients with numerical_gradients(lambda p: loss3(p, X0_check, T_check), params)")


def check_01_4(slowest=None):
    """The hidden activation that learns slowest with the same η, epochs and start: the sigmoid."""
    got = name(slowest, "slowest", ("tanh", "ReLU", "sigmoid"))
    if got != "sigmoid":
        raise NotYet(f"slowest: {got} is not it: compare the three final training losses (or the curves): "
                     "the slowest learner ends highest")
    return "the sigmoid learns slowest: for the why, compare the largest value of each derivative in section 2"


def check_01_5(fewest=None, accuracies=None, line_accuracy=None):
    """The fewest hidden units (of 1, 2, 3, 4, 8) whose test accuracy beats the straight line's,
    from the learner's own ``accuracies`` ({n_1: test accuracy}) and ``line_accuracy``."""
    got = whole_number(fewest, "fewest", 1)
    if not hasattr(accuracies, "items"):
        raise NotYet("accuracies should be a dict {n_1: test accuracy}, with one entry for each of "
                     "n_1 = 1, 2, 3, 4 and 8")
    try:
        by_units = {whole_number(n, "each n_1 in accuracies", 1): fraction(a, f"the accuracy of n_1 = {n}")
                    for n, a in accuracies.items()}
    except NotYet as hint:
        raise NotYet(f"accuracies should be a dict {{n_1: test accuracy}}: {hint}") from None
    if not {1, 2, 3, 4, 8} <= set(by_units):
        raise NotYet("accuracies should have one entry for each of n_1 = 1, 2, 3, 4 and 8, not only for "
                     f"{sorted(by_units)}")
    line = fraction(line_accuracy, "line_accuracy")
    beat = sorted(n for n, a in by_units.items() if a > line)
    if not beat:
        raise NotYet(f"none of your networks beats the straight line's {line:.3f}: did each train with the same "
                     "η and epochs as above?")
    if got not in by_units:
        raise NotYet(f"fewest should be one of the n_1 you trained: {sorted(by_units)}")
    if by_units[got] <= line:
        raise NotYet(f"n_1 = {got} does not beat the line: {by_units[got]:.3f} against {line:.3f}")
    if got != beat[0]:
        raise NotYet(f"fewer units than {got} beat the line too: compare each accuracy with {line:.3f}")
    return (f"n_1 = {got} is the fewest that beats the straight line ({by_units[got]:.3f} against {line:.3f}); "
            "now compare n_1 = 1 with the symmetric network")
