"""The committed test images are exactly what images/make_images.py draws."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from helpers import LABELS, NOT_A_DIGIT, REGISTRY

IMAGES = Path(__file__).resolve().parent.parent / "images"


def _make_images_module():
    spec = importlib.util.spec_from_file_location("make_images", IMAGES / "make_images.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_png_in_images_is_registered_and_vice_versa():
    assert sorted(p.name for p in IMAGES.glob("*.png")) == sorted(REGISTRY)


def test_script_reproduces_the_committed_pixels():
    made = _make_images_module().make_all()
    assert sorted(made) == sorted(REGISTRY)
    for name, pixels in made.items():
        committed = np.asarray(Image.open(IMAGES / name))
        np.testing.assert_array_equal(committed, pixels, err_msg=name)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_images_are_28x28_grey_dark_ink_on_light_paper(name):
    with Image.open(IMAGES / name) as img:
        assert img.size == (28, 28)
        assert img.mode == "L"
        pixels = np.asarray(img) / 255
    if LABELS[name] != NOT_A_DIGIT:
        border = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
        assert border.mean() > 0.7, "paper should be light"
        assert pixels.min() < 0.35, "ink should be dark"


def test_labels_cover_the_ten_digits_and_one_non_digit():
    assert sorted(v for v in LABELS.values() if v != NOT_A_DIGIT) == list(range(10))
    assert list(LABELS.values()).count(NOT_A_DIGIT) == 1
