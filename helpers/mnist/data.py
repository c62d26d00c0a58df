"""MNIST from TensorFlow Datasets and the ``tf.data`` pipeline that feeds the CNN.

This module imports TensorFlow (through :func:`helpers.import_tensorflow`),
so ``import helpers`` does not import it:

>>> from helpers.mnist.data import load_mnist, make_pipeline   # doctest: +SKIP

- :func:`load_mnist` -- ``tfds.load("mnist")`` split into training,
  validation (the last 5,000 training images) and test sets, with a clear
  error when the data is neither on this machine nor downloadable;
- :func:`normalize`, :func:`invert` -- ``tf.data`` map functions;
- :func:`make_pipeline` -- cache, shuffle (seeded), batch, normalise, prefetch.
"""

from __future__ import annotations

import os

from ..tfsetup import import_tensorflow

tf = import_tensorflow()

__all__ = ["TRAIN_SIZE", "VAL_SIZE", "BATCH_SIZE", "MnistUnavailableError", "load_mnist", "normalize", "invert",
           "make_pipeline"]

TRAIN_SIZE = 55_000  #: images used for training (the first 55,000 of MNIST's training split)
VAL_SIZE = 5_000  #: the last 5,000 training images, kept apart for validation
BATCH_SIZE = 128  #: as in the notes


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
