"""The course's CNN and how it is trained: the one recipe of notebooks 04-06 and the benchmark.

Notebook 04 writes this model and its ``compile`` call out, layer by layer,
for the learner to read (``tests/test_mnist.py`` checks that the two build
the same model). **To change the recipe**, edit this module and notebook 04's
model cells together, then run ``make refresh-results`` (notebooks 04-06
re-executed, ``make seeds``, ``make bench``, in that order): every result
that depends on the recipe follows.

This module imports TensorFlow, so ``import helpers`` does not import it:

>>> from helpers.mnist.recipe import build_cnn, compile_cnn   # doctest: +SKIP

- :func:`build_cnn` -- the notes' architecture (optionally with
  augmentation layers in front);
- :func:`compile_cnn` -- Adam with a warm-up and a cosine-decaying learning
  rate, and label smoothing: the recipe that reaches 99 % in one epoch;
- :class:`ValidateOn` -- a callback that also measures further validation
  sets (e.g. inverted digits) at each check during ``fit``.
"""

from __future__ import annotations

import math

from ..tfsetup import import_tensorflow
from .data import BATCH_SIZE, TRAIN_SIZE

tf = import_tensorflow()
import keras  # noqa: E402

__all__ = ["EPOCHS", "PEAK_LEARNING_RATE", "LABEL_SMOOTHING", "build_cnn", "steps_per_epoch",
           "learning_rate_schedule", "SmoothedSparseCrossentropy", "compile_cnn", "ValidateOn"]

EPOCHS = 1  #: notebook 04's training budget: one pass over the 55,000 training images
PEAK_LEARNING_RATE = 8e-3  #: Adam's learning rate at the end of the warm-up
LABEL_SMOOTHING = 0.1  #: share of each target spread evenly over the ten digits


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
