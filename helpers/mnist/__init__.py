"""MNIST and the course's CNN recipe (imports TensorFlow: ``import helpers`` does not import this).

- :mod:`~helpers.mnist.data` -- MNIST from TensorFlow Datasets, split into
  training, validation and test sets, and the ``tf.data`` pipeline;
- :mod:`~helpers.mnist.recipe` -- the CNN and how it is trained (the one
  recipe notebooks 04-06 and the benchmark use; notebook 04 writes it out);
- :mod:`~helpers.mnist.augment` -- :class:`~helpers.mnist.augment.RandomAffine`,
  rotation, zoom and shift in one resampling (notebook 06);
- :mod:`~helpers.mnist.cache` -- a trained model saved for the next notebook,
  under a name that records its recipe.
"""
