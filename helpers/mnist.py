"""MNIST, the notes' CNN and the training recipe shared by notebooks 04 and 05
and by the benchmark.

This module imports TensorFlow (through :func:`helpers.import_tensorflow`),
so it is not imported by ``import helpers``; import it explicitly:

>>> from helpers.mnist import load_mnist, build_cnn, compile_cnn   # doctest: +SKIP

The pieces, in the order a notebook uses them:

- :func:`load_mnist` -- ``tfds.load("mnist")`` split into training,
  validation (the last 5,000 training images) and test sets, with a clear
  error when the data is neither on this machine nor downloadable;
- :func:`normalize`, :func:`invert` -- ``tf.data`` map functions;
- :func:`make_pipeline` -- cache, shuffle (seeded), batch, normalise, prefetch;
- :func:`build_cnn` -- the notes' architecture (optionally with
  augmentation layers in front);
- :func:`compile_cnn` -- Adam with a warm-up and a cosine-decaying learning
  rate, and label smoothing: the recipe that reaches 99 % in one epoch;
- :class:`ValidateOn` -- a callback that also measures further validation
  sets (e.g. inverted digits) at each check during ``fit``;
- :func:`cached_model_path`, :func:`load_cached_model` -- a notebook's
  trained model (04: plain, 05: MNIST + inverted), saved for the next notebook
  under a name that records everything that determines its weights (read from
  the model itself, :func:`recipe_fingerprint`), and loaded only if it matches.
"""

from __future__ import annotations

import hashlib
import math
import os
from pathlib import Path

from .tfsetup import import_tensorflow

tf = import_tensorflow()
import keras  # noqa: E402

__all__ = [
    "TRAIN_SIZE",
    "VAL_SIZE",
    "BATCH_SIZE",
    "EPOCHS",
    "PEAK_LEARNING_RATE",
    "MnistUnavailableError",
    "load_mnist",
    "normalize",
    "invert",
    "make_pipeline",
    "build_cnn",
    "learning_rate_schedule",
    "compile_cnn",
    "steps_per_epoch",
    "LABEL_SMOOTHING",
    "SmoothedSparseCrossentropy",
    "ValidateOn",
    "recipe_fingerprint",
    "cached_model_path",
    "load_cached_model",
]

TRAIN_SIZE = 55_000  #: images used for training (the first 55,000 of MNIST's training split)
VAL_SIZE = 5_000  #: the last 5,000 training images, kept apart for validation
BATCH_SIZE = 128  #: as in the notes
EPOCHS = 1  #: notebook 04's training budget: one pass over the 55,000 training images
PEAK_LEARNING_RATE = 8e-3  #: Adam's learning rate at the end of the warm-up
LABEL_SMOOTHING = 0.1  #: share of each target spread evenly over the ten digits


class MnistUnavailableError(RuntimeError):
    """MNIST is not on this machine and could not be downloaded."""


def load_mnist():
    """Load MNIST with TensorFlow Datasets: ``(train, validation, test)``.

    Each is a ``tf.data.Dataset`` of ``(image, label)`` pairs, images uint8 of
    shape (28, 28, 1). The first call downloads MNIST (about 11 MB) into
    ``~/tensorflow_datasets`` or into ``$TFDS_DATA_DIR`` when that is set;
    later calls read the local copy.

    Raises
    ------
    MnistUnavailableError
        When MNIST is not prepared locally and the download fails.

    Example
    -------
    >>> train, val, test = load_mnist()                     # doctest: +SKIP
    >>> [int(d.cardinality()) for d in (train, val, test)]  # doctest: +SKIP
    [55000, 5000, 10000]
    """
    import tensorflow_datasets as tfds

    splits = [f"train[:{TRAIN_SIZE}]", f"train[{TRAIN_SIZE}:]", "test"]
    where = os.environ.get("TFDS_DATA_DIR") or "~/tensorflow_datasets"
    advice = ("Connect to the internet and run again, or set the environment variable "
              "TFDS_DATA_DIR (before starting Jupyter) to a folder that holds a prepared "
              "copy (mnist/3.0.1/...).")
    if not tfds.builder("mnist").is_prepared():
        # tfds retries a failing download for minutes: find out in seconds instead
        problem = _download_problem()
        if problem:
            raise MnistUnavailableError(f"MNIST is not prepared in {where} and cannot be "
                                        f"downloaded: {problem}. {advice}")
    try:
        return tuple(tfds.load("mnist", split=splits, as_supervised=True))
    except Exception as exc:  # tfds raises many kinds when offline
        raise MnistUnavailableError(
            f"MNIST is not prepared in {where} and could not be downloaded "
            f"({type(exc).__name__}). {advice}"
        ) from None


MNIST_HOST = "storage.googleapis.com"  #: where tfds downloads MNIST from (over HTTPS)


def _download_problem(host: str = MNIST_HOST, timeout: float = 10.0) -> str | None:
    """Why MNIST's download server cannot be reached (a short text), or None
    when a connection to it opens within ``timeout`` seconds."""
    import socket

    try:
        socket.create_connection((host, 443), timeout=timeout).close()
    except socket.gaierror:
        return f"the name {host} does not resolve (no network?)"
    except OSError as exc:
        return f"no connection to {host} ({exc.strerror or type(exc).__name__})"
    return None


def normalize(image, label):
    """uint8 pixels 0..255 -> float32 in [0, 1] (a ``tf.data`` map function;
    works on one image or on a batch).

    Example
    -------
    >>> ds = ds.map(normalize)   # doctest: +SKIP
    """
    return tf.cast(image, tf.float32) / 255.0, label


def invert(image, label):
    """Light-on-dark -> dark-on-light, on uint8 pixels: ``255 - image``, which
    is the notes' ``1 - image`` once the pixels are scaled to [0, 1].

    Example
    -------
    >>> inverted = ds.map(invert)   # doctest: +SKIP
    """
    return 255 - image, label


def make_pipeline(ds, batch_size: int = BATCH_SIZE, shuffle_seed: int | None = None,
                  cache: bool = True):
    """Cache, shuffle (when ``shuffle_seed`` is given), batch, normalise, prefetch.

    - ``cache()`` keeps the decoded images in memory after the first pass, so
      later epochs skip reading and decoding. They are kept as bytes (uint8):
      a quarter of the memory that float32 would take;
    - ``shuffle(n, seed)`` with a buffer as large as the data set is a full
      shuffle, different in every epoch and the same in every run (the
      buffer holds bytes too). A smaller buffer would shuffle only partly,
      so a dataset of unknown or infinite size is refused with a ValueError;
    - ``batch`` then ``map(normalize)`` turns each batch into float32 in [0, 1];
    - ``prefetch`` prepares the next batch while the model trains on this one.

    Pass ``cache=False`` when ``ds`` is built from datasets that are cached
    already (caching them again would hold every image twice).

    Example
    -------
    >>> train_batches = make_pipeline(train, shuffle_seed=42)   # doctest: +SKIP
    """
    if shuffle_seed is not None:
        n = int(ds.cardinality())
        if n <= 0:  # -1: infinite (repeat() before), -2: unknown (e.g. after filter())
            raise ValueError(
                "make_pipeline shuffles the whole data set, so it needs to know its size, and this "
                f"dataset's cardinality is {'infinite' if n == -1 else 'unknown'}. Pass the dataset "
                "before .repeat(), or declare its size with "
                "ds.apply(tf.data.experimental.assert_cardinality(n)).")
    if cache:
        ds = ds.cache()
    if shuffle_seed is not None:
        ds = ds.shuffle(n, seed=shuffle_seed, reshuffle_each_iteration=True)
    ds = ds.batch(batch_size).map(normalize, num_parallel_calls=tf.data.AUTOTUNE)
    return ds.prefetch(tf.data.AUTOTUNE)


def build_cnn(augmentation=(), name: str = "cnn"):
    """The notes' CNN: four blocks Conv2D(16|32|64|128, 5x5, same, relu) ->
    MaxPool2D(2x2, stride 2, same), then Flatten -> Dense(128, relu) ->
    Dropout(0.4) -> Dense(10, softmax).

    Parameters
    ----------
    augmentation : sequence of Keras layers, optional
        Put in front of the first convolution (e.g. ``RandomRotation``): they
        change the images during ``fit`` only and pass them through unchanged
        in ``predict``/``evaluate``.

    Example
    -------
    >>> model = build_cnn()          # doctest: +SKIP
    >>> model.count_params()         # doctest: +SKIP
    336394
    """
    layers = keras.layers
    inputs = keras.Input(shape=(28, 28, 1), name="image")
    x = inputs
    for layer in augmentation:
        x = layer(x)
    for filters in (16, 32, 64, 128):
        x = layers.Conv2D(filters, kernel_size=5, padding="same", activation="relu",
                          name=f"conv_{filters}")(x)
        x = layers.MaxPool2D(pool_size=(2, 2), strides=(2, 2), padding="same",
                             name=f"pool_{filters}")(x)
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dense(128, activation="relu", name="dense")(x)
    x = layers.Dropout(0.4, name="dropout")(x)
    outputs = layers.Dense(10, activation="softmax", name="probabilities")(x)
    return keras.Model(inputs, outputs, name=name)


def steps_per_epoch(n_examples: int = TRAIN_SIZE, batch_size: int = BATCH_SIZE) -> int:
    """Batches in one pass over ``n_examples`` (the last batch may be smaller).

    Example
    -------
    >>> steps_per_epoch(55_000, 128)   # doctest: +SKIP
    430
    """
    return math.ceil(n_examples / batch_size)


def learning_rate_schedule(total_steps: int, peak_learning_rate: float = PEAK_LEARNING_RATE,
                           warmup_fraction: float = 0.1):
    """Linear warm-up from 0 to ``peak_learning_rate`` over the first
    ``warmup_fraction`` of ``total_steps``, then a cosine down to 0.

    Returns a Keras ``LearningRateSchedule``: call it with a step number.

    Example
    -------
    >>> schedule = learning_rate_schedule(1000)   # doctest: +SKIP
    >>> float(schedule(100))                      # doctest: +SKIP
    0.003
    """
    warmup = max(1, int(warmup_fraction * total_steps))
    return keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=0.0, decay_steps=total_steps - warmup, alpha=0.0,
        warmup_target=peak_learning_rate, warmup_steps=warmup)


@keras.saving.register_keras_serializable(package="nn4")
class SmoothedSparseCrossentropy(keras.losses.Loss):
    """Cross-entropy against *smoothed* targets, for integer labels 0..9.

    With label smoothing :math:`\\varepsilon`, the target for a digit
    :math:`c` is not the one-hot vector but
    :math:`t_k = (1 - \\varepsilon)[k = c] + \\varepsilon / 10`, and the loss
    is :math:`L = -\\sum_k t_k \\log y_k`: the model is asked for 91 % on the
    right digit and 1 % on each other (for :math:`\\varepsilon = 0.1`), so it
    stops pushing its scores to extremes. Keras' ``CategoricalCrossentropy``
    does this for one-hot labels; this loss takes the digit labels MNIST comes
    with.

    Example
    -------
    >>> loss = SmoothedSparseCrossentropy(0.1)                  # doctest: +SKIP
    >>> float(loss([3], [[0.01] * 3 + [0.91] + [0.01] * 6]))    # doctest: +SKIP
    0.5003...
    """

    def __init__(self, label_smoothing: float = LABEL_SMOOTHING, num_classes: int = 10,
                 name: str = "smoothed_sparse_crossentropy", **kwargs):
        super().__init__(name=name, **kwargs)
        self.label_smoothing = float(label_smoothing)
        self.num_classes = int(num_classes)

    def call(self, y_true, y_pred):
        labels = keras.ops.cast(keras.ops.reshape(y_true, (-1,)), "int32")
        targets = keras.ops.one_hot(labels, self.num_classes)
        return keras.losses.categorical_crossentropy(targets, y_pred, label_smoothing=self.label_smoothing)

    def get_config(self):
        return {**super().get_config(), "label_smoothing": self.label_smoothing,
                "num_classes": self.num_classes}


def compile_cnn(model, total_steps: int, peak_learning_rate: float = PEAK_LEARNING_RATE,
                warmup_fraction: float = 0.1, label_smoothing: float = LABEL_SMOOTHING):
    """Compile with Adam following :func:`learning_rate_schedule`,
    cross-entropy with label smoothing (:class:`SmoothedSparseCrossentropy`:
    labels are digits 0..9, not one-hot) and accuracy.

    Example
    -------
    >>> compile_cnn(model, total_steps=EPOCHS * steps_per_epoch())   # doctest: +SKIP
    """
    schedule = learning_rate_schedule(total_steps, peak_learning_rate, warmup_fraction)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule),
                  loss=SmoothedSparseCrossentropy(label_smoothing),
                  metrics=["accuracy"])
    return model


class ValidateOn(keras.callbacks.Callback):
    """Measure more validation sets at each of ``fit``'s checks (the end of
    each Keras "epoch"), next to ``validation_data``: for each ``name`` in
    ``datasets`` the history gets ``val_<name>_loss`` and
    ``val_<name>_accuracy``.

    Example
    -------
    >>> inverted = make_pipeline(val_raw.map(invert))                   # doctest: +SKIP
    >>> model.fit(..., validation_data=val,
    ...           callbacks=[ValidateOn({"inverted": inverted})])       # doctest: +SKIP
    >>> history.history["val_inverted_accuracy"]                         # doctest: +SKIP
    """

    def __init__(self, datasets: dict):
        super().__init__()
        self.datasets = dict(datasets)

    def on_epoch_end(self, epoch, logs=None):
        if logs is None:
            return
        for name, data in self.datasets.items():
            result = self.model.evaluate(data, verbose=0, return_dict=True)
            logs[f"val_{name}_loss"] = result["loss"]
            logs[f"val_{name}_accuracy"] = result["accuracy"]


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
