"""The data sets the notebooks test on, each checked against its own hash.

- :mod:`~helpers.data.digits` -- the ten test digits of ``images/`` (and
  scikit-learn's 8x8 digits as a second hand);
- :mod:`~helpers.data.photos` -- the phone photos of ``images/photos/``;
- :mod:`~helpers.data.non_digits` -- pictures that are not digits (crops, letters, scribbles).

MNIST itself is loaded by :mod:`helpers.mnist.data` (it needs TensorFlow).
The loaders are also importable from ``helpers`` itself.
"""
