"""Shared code for the nn4 notebooks: plotting, the test digits, image preprocessing.

Importing this package is cheap: it does not import TensorFlow
(``import_tensorflow()`` does, when a notebook asks for it).

>>> from helpers import load_test_digits, show_images, png_to_mnist
"""

from .claims import ClaimFailed, check_claims
from .digits import (
    BASE_URL,
    LABELS,
    NOT_A_DIGIT,
    REGISTRY,
    TestDigitsError,
    fetch_test_digits,
    load_sklearn_digits,
    load_test_digits,
)
from .non_digits import make_non_digits
from .predictions import report_predictions
from .diagrams import draw_network, draw_neuron, draw_sliding_window
from .plotting import (
    plot_decision_boundary,
    plot_histories,
    plot_history,
    plot_kernel_result,
    show_images,
)
from .cnn_plots import (
    plot_confusion_matrix,
    plot_feature_maps,
    plot_kernels,
    plot_probabilities,
    show_confusions,
    top_confusions,
)
from .preprocess import is_dark_on_light, light_on_dark, png_to_mnist, read_png, to_mnist_format
from .preprocess import (DigitImageError, NoDigitError, SeveralDigitsError, UnreadableImageError,
                         image_to_mnist, photo_to_ink, read_image)
from .photos import PhotoDigitsError, fetch_photo_digits, load_photo_digits
from .tfsetup import import_tensorflow

__all__ = [
    "ClaimFailed", "check_claims",
    "BASE_URL", "LABELS", "NOT_A_DIGIT", "REGISTRY", "TestDigitsError",
    "fetch_test_digits", "load_test_digits", "load_sklearn_digits", "make_non_digits",
    "report_predictions",
    "plot_confusion_matrix", "plot_histories", "plot_history", "plot_kernel_result", "plot_probabilities",
    "show_images", "plot_kernels", "plot_feature_maps", "show_confusions", "top_confusions",
    "plot_decision_boundary", "draw_neuron", "draw_network", "draw_sliding_window",
    "is_dark_on_light", "light_on_dark", "png_to_mnist", "read_png", "to_mnist_format",
    "image_to_mnist", "photo_to_ink", "read_image",
    "DigitImageError", "NoDigitError", "SeveralDigitsError", "UnreadableImageError",
    "PhotoDigitsError", "fetch_photo_digits", "load_photo_digits",
    "import_tensorflow",
]
