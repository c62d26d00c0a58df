"""Small pictures of a digit in a frame or on a plate (``images/framed/``, made before any model or
the preprocessing saw them): the reader takes the digit out of its frame at any size, says "no digit
inside the frame" for an empty one instead of passing the frame on, and the pad's answer on each."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import numpy as np
import pytest

from helpers.pad.answer import MIN_DIGIT_SHARE, predict_probabilities, verdict
from helpers.pad.widget import make_pad
from helpers.preprocess.errors import NoDigitError
from helpers.preprocess.pipeline import _framed_ink, read_digit
from helpers.preprocess.read import read_image

ROOT = Path(__file__).resolve().parent.parent
FRAMED = ROOT / "images" / "framed"
MANIFEST = list(csv.DictReader(open(FRAMED / "manifest.csv", encoding="utf-8")))
DIGITS = [row for row in MANIFEST if row["label"]]
EMPTY = [row for row in MANIFEST if not row["label"]]


def test_the_pictures_are_the_committed_ones():
    assert len(MANIFEST) == 12 and len(DIGITS) == 10
    for row in MANIFEST:
        data = (FRAMED / row["name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"], \
            f"{row['name']} changed: git checkout -- images/framed (never remake it to suit a model)"


@pytest.mark.parametrize("row", DIGITS, ids=lambda r: r["name"][:9])
def test_the_digit_comes_out_of_its_frame(row):
    """The 28x28 input holds the digit, not the frame: its outer two pixels are dark all round, and
    the digit fills a good part of the picture (no tiny digit left in a big empty box)."""
    x, share = read_digit(FRAMED / row["name"])
    ring = np.concatenate([x[:2].ravel(), x[-2:].ravel(), x[:, :2].ravel(), x[:, -2:].ravel()])
    assert (ring > 0.5).mean() < 0.1, f"{row['name']}: the input's border is lit: the frame reached the model"
    assert share >= MIN_DIGIT_SHARE


@pytest.mark.parametrize("row", EMPTY, ids=lambda r: r["name"][:9])
def test_an_empty_frame_is_no_digit(row):
    with pytest.raises(NoDigitError, match="inside the frame"):
        read_digit(FRAMED / row["name"])


def test_the_course_digits_are_not_taken_for_framed_ones():
    """images/*.png (MNIST-sized, no frame) keep their short path: their inputs are unchanged."""
    for path in sorted((ROOT / "images").glob("*.png")):
        assert _framed_ink(read_image(path), "auto") is None, path.name


#: What the pad answers on each picture with notebook 04's model (seed 42), measured once the
#: reader took digits out of frames at any size; the pictures were made before either.
PAD_ANSWERS = {row["name"]: row["label"] for row in DIGITS}


def test_the_pads_answer_on_each(notebook04_model):
    answers = {}
    for row in DIGITS:
        x, share = read_digit(FRAMED / row["name"])
        answers[row["name"]] = verdict(predict_probabilities(notebook04_model, x),
                                       too_small=share < MIN_DIGIT_SHARE)["digit"]
    assert answers == PAD_ANSWERS
    pad = make_pad(notebook04_model)
    pad.read_photo(FRAMED / EMPTY[0]["name"])
    assert pad.model_input is None and "No digit found inside the frame" in pad.message, pad.message

