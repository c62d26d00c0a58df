"""helpers.pad (widget, strokes, answer): the draw-a-digit pad's Python side,
without a browser (tests/test_browser.py draws on it in a real one)."""

import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from helpers.pad.answer import (NOT_SURE_BELOW, choose_threshold, plot_pad_example, predict_probabilities,
                                verdict)
from helpers.pad.strokes import (CANVAS_SIZE, DIGIT_STROKES, EXAMPLE_STROKES, MIN_DRAWING_SHARE, drawing_too_small,
                                 strokes_to_image, strokes_to_mnist)
from helpers.pad.widget import PAD_NOTE, make_pad, show_pad
from helpers.preprocess.errors import NoDigitError

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
    assert EXAMPLE_STROKES == {d: DIGIT_STROKES[d] for d in ("1", "7", "0")}  # notebook 04 checks these three
    for digit, strokes in DIGIT_STROKES.items():
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
    pad = make_pad(model)
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
    pad = make_pad({"plain": Recorder(2), "augmented": Recorder(7)})
    pad.draw(EXAMPLE_STROKES["7"])
    assert pad.predictions == {"plain": 2, "augmented": 7}
    assert pad.canvas.names == ["plain", "augmented"] and len(pad.canvas.probabilities) == 2


def test_a_failing_model_is_reported_on_the_pad_not_raised():
    def broken(images):
        raise RuntimeError("out of memory")

    pad = make_pad(broken).draw(EXAMPLE_STROKES["0"])
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
    from helpers.preprocess.pipeline import image_to_mnist

    path = tmp_path / "my_one.png"
    path.write_bytes(_png(_dark_one_on_white()))
    model = Recorder(digit=1)
    pad = make_pad(model).draw(EXAMPLE_STROKES["7"])
    pad.read_photo(path)
    np.testing.assert_array_equal(pad.model_input, image_to_mnist(path))
    assert pad.message == "read from the photo my_one.png" and pad.predictions == {"model": 1}
    assert pad.canvas.strokes == []  # the drawing gives way to the photo
    pad._on_message(pad.canvas, {"event": "clear"})  # the "clear" button after a photo
    assert pad.model_input is None and pad.message == "Draw a digit."


def test_the_read_a_photo_button_sends_the_file_to_the_photo_path():
    """The browser sends the chosen file's bytes with its name (pad.js, readPhoto)."""
    pad = make_pad(Recorder(digit=1))
    content = _png(_dark_one_on_white())
    pad._on_message(pad.canvas, {"event": "photo", "name": "phone.png"}, [memoryview(content)])
    assert pad.predictions == {"model": 1} and pad.message == "read from the photo phone.png"
    assert pad.canvas.photo_name == "phone.png"  # the button shows the file that was read


def test_a_bad_photo_is_a_message_on_the_pad():
    pad = make_pad(Recorder())
    pad.read_photo(b"not an image", name="notes.png")  # a text file renamed .png
    assert pad.message.startswith("'notes.png' is not an image") and pad.canvas.message_is_error
    assert "0x" not in pad.message and "BytesIO" not in pad.message  # no memory addresses, no internals
    assert pad.model_input is None and pad.canvas.photo_name == "notes.png"
    blank = np.full((200, 150), 230, dtype=np.uint8)
    pad.read_photo(_png(blank), name="blank.png")
    assert "No digit found" in pad.message


def test_the_plain_text_form_is_a_fixed_note():
    """nbval compares a widget output's text/plain (it skips the widget's random id)."""
    pad = make_pad(Recorder())
    bundle = pad._repr_mimebundle_()
    assert bundle["text/plain"] == PAD_NOTE == repr(pad)
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == pad.model_id


def test_show_pad_outputs_are_the_same_on_every_run():
    """One output: the widget, with a fixed text and a static example image that only readers without
    a live kernel see (JupyterLab shows the live widget instead)."""
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
    assert first.stdout == second.stdout == ""
    assert len(first.outputs) == len(second.outputs) == 1
    (out,) = first.outputs
    assert out.data["text/plain"] == second.outputs[0].data["text/plain"] == PAD_NOTE
    assert "application/vnd.jupyter.widget-view+json" in out.data
    assert out.data["image/png"][:8] == b"\x89PNG\r\n\x1a\n"  # the static example, in the same output
    assert "image/png" not in make_pad(Recorder(), example=None)._repr_mimebundle_()


def test_the_static_example_figure():
    fig = plot_pad_example({"plain": Recorder(7), "augmented": Recorder(1)}, EXAMPLE_STROKES["7"], title="t")
    assert len(fig.axes) == 4
    assert [ax.get_title() for ax in fig.axes[2:]] == ["plain: 7 (82 %)", "augmented: 1 (82 %)"]


def test_importing_the_pad_does_not_import_tensorflow():
    code = "import sys, helpers.pad.widget\nprint(','.join(m for m in ('tensorflow', 'keras') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_public_names_have_examples():  # noqa: D103
    import helpers.pad.answer
    import helpers.pad.strokes
    import helpers.pad.widget

    for module in (helpers.pad.widget, helpers.pad.strokes, helpers.pad.answer):
        for name in module.__all__:
            obj = getattr(module, name)
            if callable(obj):
                assert "Example" in (obj.__doc__ or ""), (module.__name__, name)


# --------------------------------------------------------------------------- strokes, not pixels


def _placed(strokes, share, corner):
    """The same strokes scaled so the drawing spans ``share`` of the pad, in a corner ("tl", "br") or the centre."""
    points = np.array([p for stroke in strokes for p in stroke], dtype=float)
    low, high = points.min(axis=0), points.max(axis=0)
    k = share * CANVAS_SIZE / (high - low).max()
    size = (high - low) * k
    offset = {"tl": np.array([10.0, 10.0]), "br": CANVAS_SIZE - 10 - size, "c": (CANVAS_SIZE - size) / 2}[corner]
    return [[tuple((np.array(p) - low) * k + offset) for p in stroke] for stroke in strokes]


SIZES = [(0.3, "tl"), (0.3, "br"), (0.6, "tl"), (0.6, "c"), (0.8, "br")]


@pytest.mark.parametrize("digit", sorted(DIGIT_STROKES))
def test_a_small_digit_anywhere_gives_the_input_of_a_large_one(digit):
    large = strokes_to_mnist(DIGIT_STROKES[digit])
    for share, corner in SIZES:
        x = strokes_to_mnist(_placed(DIGIT_STROKES[digit], share, corner))
        assert np.abs(x - large).mean() < 0.01 and np.abs(x - large).max() < 0.2, (digit, share, corner)
        assert not drawing_too_small(_placed(DIGIT_STROKES[digit], share, corner))


def test_the_input_has_mnist_proportions_whatever_the_drawing():
    for digit, strokes in DIGIT_STROKES.items():
        grey = strokes_to_mnist(_placed(strokes, 0.3, "br"))[..., 0]
        rows, cols = np.flatnonzero(grey.max(axis=1) > 0.1), np.flatnonzero(grey.max(axis=0) > 0.1)
        assert max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1 in range(19, 22), digit  # fits 20x20
        assert 2.0 <= grey.sum() / np.count_nonzero(grey.max(axis=1) > 0.1) <= 12, digit  # strokes, not blobs


def test_a_dot_or_a_short_scratch_is_too_small_and_stays_small():
    dot, scratch = [[(40, 40)]], [[(200, 200), (215, 212)]]
    assert drawing_too_small(dot) and drawing_too_small(scratch) and drawing_too_small([])
    assert not drawing_too_small([[(100, 100), (100, 100 + MIN_DRAWING_SHARE * CANVAS_SIZE + 1)]])
    assert np.count_nonzero(strokes_to_mnist(dot) > 0.1) < 12  # not blown up into a filled disc
    pad = make_pad(Recorder(digit=0)).draw(dot)
    assert pad.verdicts == {"model": "draw larger"} and "larger" in pad.message
    assert pad.canvas.verdicts[0]["state"] == "small" and len(pad.canvas.probabilities[0]) == 10  # bars stay


# --------------------------------------------------------------------------- "not sure"


def test_the_verdict():
    p = np.full(10, 0.02)
    p[6], p[0] = 0.44, 0.40
    assert verdict(p) == {"text": "not sure: 6 or 0?", "digit": "?", "state": "unsure"}
    assert verdict(p, threshold=0.4) == {"text": "6 (44 %)", "digit": "6", "state": "sure"}
    assert verdict(p, threshold=0.4, too_small=True)["text"] == "draw larger"


def test_an_unsure_model_makes_the_pad_say_not_sure():
    def hesitant(images):
        p = np.full((len(images), 10), 0.05)
        p[:, 4], p[:, 9] = 0.33, 0.27
        return p

    pad = make_pad({"plain": hesitant, "sure": Recorder(7)}).draw(DIGIT_STROKES["4"])
    assert pad.verdicts == {"plain": "not sure: 4 or 9?", "sure": "7 (82 %)"}
    assert [v["state"] for v in pad.canvas.verdicts] == ["unsure", "sure"]
    assert pad.canvas.verdicts[0]["text"] == "plain: not sure: 4 or 9?"
    assert pad.predictions == {"plain": 4, "sure": 7}  # the bars stay (greyed, in the browser)
    assert make_pad(hesitant, threshold=0.3).draw(DIGIT_STROKES["4"]).verdicts == {"model": "4 (33 %)"}


def test_the_photo_path_has_the_same_rule():
    pad = make_pad(lambda images: np.full((len(images), 10), 0.1))
    pad.read_photo(_png(_dark_one_on_white()), name="one.png")
    assert pad.verdicts == {"model": "not sure: 0 or 1?"}
    scratch = np.full((900, 1200), 235, dtype=np.uint8)
    scratch[400:425, 500:550] = 30  # a short scratch on a page, not a digit
    pad.read_photo(_png(scratch), name="scratch.png")
    assert pad.verdicts == {"model": "draw larger"} and "too small" in pad.message


def test_choose_threshold_is_notebook_06s_rule():
    rng = np.random.default_rng(0)
    confidence = rng.uniform(0.3, 0.95, 1000)
    t = choose_threshold(confidence)
    assert np.mean(confidence >= t) >= 0.99 and np.mean(confidence >= t + 0.05) < 0.99
    assert round(t / 0.05, 6) == int(round(t / 0.05))


# --------------------------------------------------------------------------- with notebook 04's model




@pytest.fixture(scope="module")
def model(notebook04_model):
    """Notebook 04's model (seed 42): the one running notebook 04 left in notebooks/cache/, else one
    trained with the same recipe (tests/conftest.py), never a skip."""
    return notebook04_model


def test_small_and_corner_digits_get_the_same_answer_as_large_ones(model):
    for digit, strokes in DIGIT_STROKES.items():
        large = predict_probabilities(model, strokes_to_mnist(strokes))
        assert verdict(large) == {"text": f"{digit} ({round(100 * large.max())} %)", "digit": digit, "state": "sure"}
        for share, corner in SIZES:
            p = predict_probabilities(model, strokes_to_mnist(_placed(strokes, share, corner)))
            assert verdict(p)["digit"] == digit and np.abs(p - large).max() < 0.03, (digit, share, corner)


def test_not_sure_below_is_what_the_rule_gives_on_validation_data(model):
    """NOT_SURE_BELOW is notebook 06's rule on MNIST's validation digits for notebook 04's model
    (within one step of 0.05: the model's cached file may come from another run)."""
    from helpers.pad.answer import validation_threshold

    assert abs(validation_threshold(model) - NOT_SURE_BELOW) <= 0.05 + 1e-9
