"""Shared code for the nn4 notebooks, in rooms named after what they hold.

Importing this package is cheap: it does not import TensorFlow
(:func:`import_tensorflow` does, when a notebook asks for it). The names a
notebook types are importable from here, one level deep; everything else
from the module that defines it:

- ``helpers/data/`` -- the test digits, scikit-learn's digits, the phone
  photos and the non-digits (:func:`load_test_digits`, :func:`load_photo_digits`, ...);
- ``helpers/figures/`` -- the notebooks' figures (:func:`show_images`,
  :func:`plot_history`, :func:`plot_confusion_matrix`, ...);
- ``helpers/preprocess/`` -- a picture of a digit to MNIST's input
  (:func:`image_to_mnist`), one module a step;
- ``helpers/pad/`` -- the draw-a-digit pad (``from helpers.pad.widget import show_pad``);
- ``helpers/mnist/`` -- MNIST, the CNN recipe and the model cache (imports
  TensorFlow: ``from helpers.mnist.recipe import build_cnn``);
- ``helpers/exercises/`` -- :func:`folded_output` (a solution's output folded until opened) and
  :func:`check` (is your answer to an exercise right? one module a notebook);
- single modules: :mod:`~helpers.claims` (:func:`check_claims`),
  :mod:`~helpers.predictions` (:func:`predict_in_batches`, :func:`report_predictions`),
  :mod:`~helpers.rerun` (:class:`RunAgainFrom`: a cell that cannot simply run twice says what to re-run),
  :mod:`~helpers.tfsetup` (:func:`import_tensorflow`),
  :mod:`~helpers.setup_check` (notebook 00's checks) and
  :mod:`~helpers.course` (where the course lives, and its list of notebooks).

>>> from helpers import load_test_digits, show_images, image_to_mnist
"""

from .claims import ClaimFailed, check_claims
from .data.digits import (
    BASE_URL,
    LABELS,
    NOT_A_DIGIT,
    REGISTRY,
    TestDigitsError,
    fetch_test_digits,
    load_sklearn_digits,
    load_test_digits,
)
from .data.non_digits import make_non_digits
from .data.photos import PhotoDigitsError, fetch_photo_digits, load_photo_digits
from .exercises.fold import folded_output
from .exercises.registry import check
from .figures.cnn import (
    plot_confusion_matrix,
    plot_feature_maps,
    plot_kernels,
    plot_probabilities,
    show_confusions,
    top_confusions,
)
from .figures.diagrams import draw_network, draw_neuron, draw_sliding_window
from .figures.plots import (
    plot_decision_boundary,
    plot_histories,
    plot_history,
    plot_kernel_result,
    show_images,
)
from .predictions import predict_in_batches, report_predictions
from .preprocess.errors import DigitImageError, NoDigitError, SeveralDigitsError, UnreadableImageError
from .preprocess.pipeline import image_to_mnist, to_mnist_format
from .preprocess.polarity import is_dark_on_light, light_on_dark
from .preprocess.read import read_image, read_png
from .rerun import RunAgainFrom
from .tfsetup import import_tensorflow

__all__ = [
    "ClaimFailed", "check_claims",
    "BASE_URL", "LABELS", "NOT_A_DIGIT", "REGISTRY", "TestDigitsError",
    "fetch_test_digits", "load_test_digits", "load_sklearn_digits", "make_non_digits",
    "PhotoDigitsError", "fetch_photo_digits", "load_photo_digits",
    "predict_in_batches", "report_predictions",
    "plot_confusion_matrix", "plot_histories", "plot_history", "plot_kernel_result", "plot_probabilities",
    "show_images", "plot_kernels", "plot_feature_maps", "show_confusions", "top_confusions",
    "plot_decision_boundary", "draw_neuron", "draw_network", "draw_sliding_window",
    "is_dark_on_light", "light_on_dark", "image_to_mnist", "read_png", "read_image", "to_mnist_format",
    "DigitImageError", "NoDigitError", "SeveralDigitsError", "UnreadableImageError",
    "import_tensorflow", "folded_output", "check", "RunAgainFrom",
]
