"""A notebook's trained model, saved for the next notebook and found again only if it matches.

Notebook 04 saves its ``"plain"`` model (read by 05), notebook 05 its
``"inverted"`` one (read by 06), under a name that records everything that
determines the weights (read from the model itself: :func:`recipe_fingerprint`).
This module imports TensorFlow, so ``import helpers`` does not import it:

>>> from helpers.mnist.cache import cached_model_path, load_cached_model   # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..tfsetup import import_tensorflow
from .data import BATCH_SIZE, load_mnist, make_pipeline, normalize
from .recipe import build_cnn, compile_cnn

tf = import_tensorflow()
import keras  # noqa: E402

__all__ = ["recipe_fingerprint", "cached_model_path", "load_cached_model"]

#: what builds the training data: part of every fingerprint (the model itself says the rest)
_PIPELINE = (load_mnist, normalize, make_pipeline)


def recipe_fingerprint(model=None, total_steps: int | None = None) -> str:
    """Ten hex digits that change whenever anything that determines a trained
    model's weights, besides the seed and the number of steps, may have changed.

    - **the model itself**, read from the compiled model: ``model.to_json()``,
      i.e. every layer with its settings and initialisers, the optimizer with
      its learning-rate schedule, and the loss. So a model built by an edited
      copy of :func:`build_cnn` or of the ``compile`` call gets another
      fingerprint. Left out: the names of the model and of its optimizer,
      and its metrics, which do not change the weights;
    - the data pipeline: the source of :func:`load_mnist`, :func:`normalize`
      and :func:`make_pipeline`, and the batch size;
    - the TensorFlow and Keras versions.

    With ``model=None`` it is the fingerprint of this module's own recipe,
    ``compile_cnn(build_cnn(), total_steps)``: what notebooks 05 and 06 expect
    to find. That model is built only to read its settings, and the random
    generators are left as they were, so calling this changes no result.

    Example
    -------
    >>> model = compile_cnn(build_cnn(name="mine"), total_steps=430)      # doctest: +SKIP
    >>> recipe_fingerprint(model) == recipe_fingerprint(total_steps=430)  # doctest: +SKIP
    True
    """
    import inspect
    import json
    import random

    import numpy as np

    if model is None:
        if total_steps is None:
            raise ValueError("recipe_fingerprint() needs a compiled model, or total_steps for "
                             "this module's own recipe, compile_cnn(build_cnn(), total_steps).")
        python_state, numpy_state = random.getstate(), np.random.get_state()
        try:  # building draws initialiser seeds from Python's generator: put it back afterwards
            model = compile_cnn(build_cnn(), total_steps=total_steps)
        finally:
            random.setstate(python_state)
            np.random.set_state(numpy_state)
    if getattr(model, "optimizer", None) is None or getattr(model, "loss", None) is None:
        raise ValueError("recipe_fingerprint() needs a compiled model: call model.compile(...) first.")
    described = json.loads(model.to_json())
    described["config"].pop("name", None)
    compiled = described.get("compile_config") or {}
    for key in ("metrics", "weighted_metrics"):
        compiled.pop(key, None)
    optimizer = compiled.get("optimizer")
    if isinstance(optimizer, dict):  # Keras numbers its optimizers' names: adam, adam_1, ...
        optimizer.get("config", {}).pop("name", None)
    digest = hashlib.sha256(json.dumps(described, sort_keys=True).encode())
    for function in _PIPELINE:
        digest.update(inspect.getsource(function).encode())
    digest.update(f"batch {BATCH_SIZE} tensorflow {tf.__version__} keras {keras.__version__}".encode())
    return digest.hexdigest()[:10]


def cached_model_path(seed: int, steps: int, cache_dir="cache", kind: str = "plain", model=None) -> Path:
    """Where a notebook saves a model trained with ``seed`` for ``steps`` steps,
    and where the next notebook looks for it: notebook 04 saves its ``"plain"``
    model (read by 05), notebook 05 its ``"inverted"`` one, trained on MNIST +
    inverted MNIST (read by 06). The name records the kind, the seed, the
    steps and :func:`recipe_fingerprint`: of ``model`` when it is given (the
    notebook that saves passes the model it trained), else of this module's
    own recipe (the notebook that loads expects that one). A model built or
    compiled differently, e.g. after a learner edited notebook 04's CNN, gets
    another name and is never mistaken for the course's model.

    >>> cached_model_path(42, 430).name                  # doctest: +ELLIPSIS
    'mnist_cnn_plain_seed42_steps430_....keras'
    >>> cached_model_path(42, 430, kind="inverted").name  # doctest: +ELLIPSIS
    'mnist_cnn_inverted_seed42_steps430_....keras'
    """
    if not kind.isidentifier():
        raise ValueError(f"kind must be a short name such as 'plain' or 'inverted', not {kind!r}")
    fingerprint = recipe_fingerprint(model, total_steps=steps)
    return Path(cache_dir) / f"mnist_cnn_{kind}_seed{seed}_steps{steps}_{fingerprint}.keras"


def load_cached_model(path, steps: int, made_by: str = "notebook 04"):
    """``(model, None)`` when ``path`` holds a model that has trained exactly
    ``steps`` steps (its optimizer's ``iterations``); otherwise ``(None,
    reason)``, reason a short text: no such file (``made_by`` says which
    notebook saves it), a file Keras cannot read, or another number of steps.
    Never raises for a bad file: the caller trains instead."""
    path = Path(path)
    if not path.exists():
        return None, f"no {path.name} in {path.parent.as_posix()}/ (run {made_by} first to reuse its model)"
    try:
        model = keras.models.load_model(path)
    except Exception as exc:  # a truncated or foreign file: Keras raises many kinds
        return None, f"{path.name} could not be read ({type(exc).__name__})"
    trained = int(model.optimizer.iterations) if model.optimizer is not None else 0
    if trained != steps:
        return None, f"{path.name} has trained {trained} steps, not {steps}"
    return model, None
