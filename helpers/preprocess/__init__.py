"""A picture of a handwritten digit (a PNG, a phone photo) to one MNIST-format input.

One module a step, in the order a picture goes through them; each step calls
only public functions of the steps before it:

- :mod:`~helpers.preprocess.errors` -- what can go wrong, each error with advice;
- :mod:`~helpers.preprocess.read` -- a file (path or bytes) to a greyscale array;
- :mod:`~helpers.preprocess.polarity` -- dark ink on light paper, or light on dark;
- :mod:`~helpers.preprocess.ink` -- a photo of a page to the one digit's ink
  (lighting, ruled lines, frames, plates);
- :mod:`~helpers.preprocess.paper` -- the paper's brightness taken away, the ink stretched;
- :mod:`~helpers.preprocess.mnist_format` -- crop, scale into 20x20, centre in 28x28;
- :mod:`~helpers.preprocess.pipeline` -- the whole path: :func:`image_to_mnist`.

The names a notebook uses are also importable from ``helpers`` itself
(``from helpers import image_to_mnist``); everything else from its module.
"""
