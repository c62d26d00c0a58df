"""helpers.pad: the draw-a-digit pad's Python side, without a browser
(tests/test_browser.py draws on it in a real one)."""

import io
from datetime import datetime, timezone
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from helpers.pad import (CANVAS_SIZE, EXAMPLE_STROKES, PAD_NOTE, SHOW_NOTE, DigitPad, plot_pad_example,
                         predict_probabilities, show_pad, strokes_to_image, strokes_to_mnist)
from helpers.preprocess import NoDigitError

ROOT = Path(__file__).resolve().parent.parent


class Recorder:
    """A predict function that returns fixed probabilities and remembers what it was given."""

    def __init__(self, digit=3):
        self.digit, self.calls = digit, []

    def __call__(self, images):
        self.calls.append(np.array(images))
        p = np.full((len(images), 10), 0.02)
        p[:, self.digit] = 0.82
        return p


def _ink_columns(image, level=0.5):
    cols = np.flatnonzero(image.max(axis=0) > level)
    return cols[0], cols[-1]


def test_a_vertical_line_is_a_one_in_the_centre_column_band():
    strokes = [[(140, 40), (140, 240)]]
    image = strokes_to_image(strokes)
    assert image.shape == (CANVAS_SIZE, CANVAS_SIZE) and image.dtype == np.float32
    assert image.max() == 1.0 and image[0].max() == 0.0
    left, right = _ink_columns(image)
    assert 125 <= left and right <= 155  # a pen 22 pixels wide around x = 140

    x = strokes_to_mnist(strokes)
    assert x.shape == (28, 28, 1) and x.dtype == np.float32
    grey = x[..., 0]
    left, right = _ink_columns(grey, 0.1)
    assert 11 <= left and right <= 16, (left, right)  # a narrow band in the middle of 28 columns
    rows = np.flatnonzero(grey.max(axis=1) > 0.1)
    assert rows[-1] - rows[0] + 1 in range(19, 22)  # fitted into MNIST's 20x20 box
    assert grey[:, :8].max() == 0 and grey[:, 20:].max() == 0


def test_the_same_drawing_anywhere_on_the_pad_gives_the_same_input():
    """Cropped and centred by mass, as MNIST: where the learner draws does not matter."""
    seven = EXAMPLE_STROKES["7"]
    shifted = [[(x - 40, y - 30) for x, y in stroke] for stroke in seven]
    np.testing.assert_allclose(strokes_to_mnist(seven), strokes_to_mnist(shifted), atol=0.02)


def test_the_example_digits_are_centred_mnist_inputs():
    for digit, strokes in EXAMPLE_STROKES.items():
        grey = strokes_to_mnist(strokes)[..., 0]
        yy, xx = np.indices(grey.shape)
        cy, cx = (yy * grey).sum() / grey.sum(), (xx * grey).sum() / grey.sum()
        assert abs(cy - 13.5) <= 1 and abs(cx - 13.5) <= 1, digit
        assert grey[0].max() == 0 and grey[-1].max() == 0, digit


def test_a_dot_and_points_as_lists_and_a_rectangular_canvas():
    assert strokes_to_image([[[20, 30]]], size=(100, 60), pen_width=10).shape == (60, 100)
    assert strokes_to_image([[[20.5, 30.25, 0.7]]], size=64).max() == 1.0  # extra values (pressure) ignored


@pytest.mark.parametrize("empty", [[], [[]], [[], []], None])
def test_an_empty_drawing_gives_a_clear_message(empty):
    with pytest.raises(NoDigitError, match="Nothing drawn yet: draw one digit"):
        strokes_to_mnist(empty)


@pytest.mark.parametrize("bad, words", [
    ("a string", "Expected a list of strokes"),
    ([[(1, 2), (3,)]], "Stroke 0 is not a list of"),
    ([[(1, 2)], [5]], "Stroke 1 is not a list of"),
    ([[(1, float("nan"))]], "not a finite number"),
])
def test_malformed_strokes_are_a_clear_value_error(bad, words):
    with pytest.raises(ValueError, match=words):
        strokes_to_image(bad)


def test_bad_canvas_or_pen_is_a_clear_value_error():
    with pytest.raises(ValueError, match="at least 8x8"):
        strokes_to_image(EXAMPLE_STROKES["1"], size=4)
    with pytest.raises(ValueError, match="pen_width"):
        strokes_to_image(EXAMPLE_STROKES["1"], pen_width=0)


def test_probabilities_come_from_the_callable():
    model = Recorder(digit=7)
    x = strokes_to_mnist(EXAMPLE_STROKES["7"])
    p = predict_probabilities(model, x)
    assert p.shape == (10,) and p.argmax() == 7 and p[7] == pytest.approx(0.82)
    (batch,) = model.calls
    assert batch.shape == (1, 28, 28, 1) and batch.dtype == np.float32
    np.testing.assert_array_equal(batch[0], x)
    assert predict_probabilities(model, x[..., 0]).argmax() == 7  # (28, 28) works too


def test_a_keras_like_model_is_called_directly_not_through_predict():
    class FakeKeras:
        layers = []

        def predict(self, images):
            raise AssertionError("predict() is slow for one image: call the model")

        def __call__(self, images, training=None):
            assert training is False
            return np.full((len(images), 10), 0.1)

    assert predict_probabilities(FakeKeras(), np.zeros((28, 28, 1))).sum() == pytest.approx(1.0)


def test_a_model_that_returns_no_probabilities_is_a_clear_error():
    x = np.zeros((28, 28, 1))
    with pytest.raises(ValueError, match="expected \\(1, 10\\)"):
        predict_probabilities(lambda images: np.zeros((1, 3)), x)
    with pytest.raises(ValueError, match="softmax"):
        predict_probabilities(lambda images: np.full((1, 10), 2.0), x)
    with pytest.raises(ValueError, match="shape \\(28, 28, 1\\)"):
        predict_probabilities(Recorder(), np.zeros((32, 32)))
    with pytest.raises(TypeError, match="Keras model or a function"):
        predict_probabilities("not a model", x)


def test_the_widget_works_without_a_frontend():
    model = Recorder(digit=1)
    pad = DigitPad(model)
    assert pad.message == "Draw a digit." and pad.model_input is None and pad.predictions == {}
    pad.draw(EXAMPLE_STROKES["1"])  # what the browser does when the pen lifts: strokes synced
    assert pad.predictions == {"model": 1}
    np.testing.assert_array_equal(model.calls[-1][0], strokes_to_mnist(EXAMPLE_STROKES["1"]))
    # what the browser receives: the 28x28 input as 784 grey levels, and the ten probabilities
    assert len(pad.canvas.model_input) == 784 and max(pad.canvas.model_input) == 255
    assert pad.canvas.probabilities == [pytest.approx([0.02] + [0.82] + [0.02] * 8)]
    assert pad.canvas.names == ["model"] and pad.message == ""
    assert pad.canvas.read_points == 3  # the result was made from all 3 points (the browser test waits for it)

    pad.canvas.strokes = []  # the "clear" button
    assert pad.model_input is None and pad.canvas.probabilities == [] and pad.canvas.model_input == []
    assert pad.message == "Draw a digit."


def test_several_models_side_by_side():
    pad = DigitPad({"plain": Recorder(2), "augmented": Recorder(7)})
    pad.draw(EXAMPLE_STROKES["7"])
    assert pad.predictions == {"plain": 2, "augmented": 7}
    assert pad.canvas.names == ["plain", "augmented"] and len(pad.canvas.probabilities) == 2


def test_a_failing_model_is_reported_on_the_pad_not_raised():
    def broken(images):
        raise RuntimeError("out of memory")

    pad = DigitPad(broken).draw(EXAMPLE_STROKES["0"])
    assert pad.message == "RuntimeError: out of memory" and pad.predictions == {}


def _png(array) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(array).save(buf, format="PNG")
    return buf.getvalue()


def _dark_one_on_white() -> np.ndarray:
    page = np.full((120, 90), 255, dtype=np.uint8)
    page[25:95, 40:52] = 20
    return page


def test_a_photo_takes_the_same_path_as_image_to_mnist(tmp_path):
    from helpers.preprocess import image_to_mnist

    path = tmp_path / "my_one.png"
    path.write_bytes(_png(_dark_one_on_white()))
    model = Recorder(digit=1)
    pad = DigitPad(model).draw(EXAMPLE_STROKES["7"])
    pad.read_photo(path)
    np.testing.assert_array_equal(pad.model_input, image_to_mnist(path))
    assert pad.message == "read from the photo my_one.png" and pad.predictions == {"model": 1}
    assert pad.canvas.strokes == []  # the drawing gives way to the photo
    pad._on_message(pad.canvas, {"event": "clear"})  # the "clear" button after a photo
    assert pad.model_input is None and pad.message == "Draw a digit."


def test_the_upload_widget_runs_the_photo_path():
    pad = DigitPad(Recorder(digit=1))
    content = _png(_dark_one_on_white())
    pad.upload.value = ({"name": "phone.png", "type": "image/png", "size": len(content),
                         "content": memoryview(content), "last_modified": datetime.now(timezone.utc)},)
    assert pad.predictions == {"model": 1} and pad.message == "read from the photo phone.png"
    assert pad.upload.value == ()  # emptied, so the same file can be chosen again


def test_a_bad_photo_is_a_message_on_the_pad():
    pad = DigitPad(Recorder())
    pad.read_photo(b"not an image", name="broken.jpg")
    assert pad.message.startswith("broken.jpg: ") and "not a readable image" in pad.message
    assert pad.model_input is None
    blank = np.full((200, 150), 230, dtype=np.uint8)
    pad.read_photo(_png(blank), name="blank.png")
    assert "No digit found" in pad.message


def test_the_plain_text_form_is_a_fixed_note():
    """nbval compares a widget output's text/plain (it skips the widget's random id)."""
    pad = DigitPad(Recorder())
    bundle = pad._repr_mimebundle_()
    assert bundle["text/plain"] == PAD_NOTE == repr(pad)
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == pad.model_id


def test_show_pad_outputs_are_the_same_on_every_run():
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    InteractiveShell.instance()  # display() needs a shell; the kernel has one

    def outputs():
        with capture_output() as captured:
            pad = show_pad(Recorder(digit=7))
        return pad, captured

    pad, first = outputs()
    _, second = outputs()
    assert pad.predictions == {}  # nothing drawn yet
    assert first.stdout == second.stdout == SHOW_NOTE + "\n"
    texts = [o.data["text/plain"] for o in first.outputs]
    assert texts == [o.data["text/plain"] for o in second.outputs]
    assert texts[0] == PAD_NOTE
    assert "application/vnd.jupyter.widget-view+json" in first.outputs[0].data
    assert "image/png" in first.outputs[1].data  # the static example


def test_the_static_example_figure():
    fig = plot_pad_example({"plain": Recorder(7), "augmented": Recorder(1)}, EXAMPLE_STROKES["7"], title="t")
    assert len(fig.axes) == 4
    assert [ax.get_title() for ax in fig.axes[2:]] == ["plain: 7 (82%)", "augmented: 1 (82%)"]


def test_importing_the_pad_does_not_import_tensorflow():
    code = "import sys, helpers.pad\nprint(','.join(m for m in ('tensorflow', 'keras') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_public_names_have_examples():
    import helpers.pad

    for name in helpers.pad.__all__:
        obj = getattr(helpers.pad, name)
        if callable(obj):
            assert "Example" in (obj.__doc__ or ""), name
