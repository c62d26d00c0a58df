"""helpers.preprocess: any PNG -> one MNIST-format input, or a clear error."""

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from helpers import png_to_mnist, read_png, to_mnist_format

IMAGES = Path(__file__).resolve().parent.parent / "images"


def _png_bytes(array, mode=None) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(array, mode=mode).save(buf, format="PNG")
    return buf.getvalue()


def _dark_digit_on_white(h=120, w=90) -> np.ndarray:
    """A thick dark vertical bar (a '1') on white paper, off-centre, uint8."""
    page = np.full((h, w), 255, dtype=np.uint8)
    page[h // 5 : 4 * h // 5, w // 5 : w // 5 + w // 8] = 20
    return page


def _assert_mnist_like(x):
    assert x.shape == (28, 28, 1)
    assert x.dtype == np.float32
    assert x.min() >= 0.0 and x.max() <= 1.0
    grey = x[..., 0]
    rows = np.flatnonzero(grey.max(axis=1) > 0.1)
    cols = np.flatnonzero(grey.max(axis=0) > 0.1)
    # the ink fits the 20x20 box, with its longer side filling it
    assert max(rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1) in range(17, 22)
    # light ink on a dark background
    assert grey[0].max() == 0 and grey[-1].max() == 0
    # centre of mass near the centre
    yy, xx = np.indices(grey.shape)
    cy, cx = (yy * grey).sum() / grey.sum(), (xx * grey).sum() / grey.sum()
    assert abs(cy - 13.5) <= 1.0 and abs(cx - 13.5) <= 1.0


def test_dark_on_light_grey_png_is_inverted_cropped_scaled_and_centred(tmp_path):
    path = tmp_path / "one.png"
    path.write_bytes(_png_bytes(_dark_digit_on_white()))
    x = png_to_mnist(path)
    _assert_mnist_like(x)
    assert x[..., 0].max() == pytest.approx(1.0, abs=0.05)


def test_light_on_dark_png_is_not_inverted(tmp_path):
    path = tmp_path / "one_dark.png"
    path.write_bytes(_png_bytes(255 - _dark_digit_on_white()))
    auto = png_to_mnist(path)
    _assert_mnist_like(auto)
    np.testing.assert_allclose(auto, png_to_mnist(path.read_bytes(), invert=False))


def test_rgb_png_of_any_size():
    grey = _dark_digit_on_white(400, 300)
    rgb = np.stack([grey, grey, grey], axis=-1)
    rgb[..., 2] = np.maximum(rgb[..., 2], 60)  # bluish ink
    _assert_mnist_like(png_to_mnist(_png_bytes(rgb)))


def test_rgba_with_transparent_background_is_put_on_white():
    grey = _dark_digit_on_white()
    rgba = np.zeros(grey.shape + (4,), dtype=np.uint8)
    rgba[..., 3] = np.where(grey < 128, 255, 0)  # only the ink is opaque (black, alpha 255)
    x = png_to_mnist(_png_bytes(rgba, mode="RGBA"))
    _assert_mnist_like(x)


def test_16_bit_png_is_scaled_to_0_1(tmp_path):
    grey16 = (_dark_digit_on_white().astype(np.uint16) * 257)
    path = tmp_path / "deep.png"
    Image.fromarray(grey16).save(path)
    with Image.open(path) as img:
        assert img.mode.startswith("I")  # really stored as 16-bit
    grey = read_png(path)
    assert grey.max() == pytest.approx(1.0) and grey.min() == pytest.approx(20 / 255, abs=1e-3)
    _assert_mnist_like(png_to_mnist(path))


def test_palette_and_binary_pngs():
    grey = _dark_digit_on_white()
    img = Image.fromarray(grey).convert("P")
    buf = io.BytesIO(); img.save(buf, format="PNG")
    _assert_mnist_like(png_to_mnist(buf.getvalue()))
    buf = io.BytesIO(); Image.fromarray(grey).convert("1").save(buf, format="PNG")
    _assert_mnist_like(png_to_mnist(buf.getvalue()))


@pytest.mark.parametrize("digit", range(10))
def test_project_test_digits_fill_the_20x20_box(digit):
    # photo-like: grainy paper, a lighting gradient; neither may widen the crop
    x = png_to_mnist(IMAGES / f"digit_{digit}.png")[..., 0]
    _assert_mnist_like(x[..., None])
    rows = np.flatnonzero(x.max(axis=1) > 0)
    cols = np.flatnonzero(x.max(axis=0) > 0)
    assert max(rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1) in (20, 21)


def test_uneven_light_and_specks_are_not_ink():
    h, w = 200, 150
    yy, xx = np.mgrid[0:h, 0:w]
    page = 0.95 - 0.25 * xx / w - 0.1 * yy / h  # light falling from the top left
    page[60:140, 70:82] = 0.1                    # the digit: a dark bar
    page[5, 5] = page[190, 140] = page[100, 10] = 0.5  # dust
    x = to_mnist_format(page)[..., 0]
    rows = np.flatnonzero(x.max(axis=1) > 0)
    cols = np.flatnonzero(x.max(axis=0) > 0)
    assert rows[-1] - rows[0] + 1 in (20, 21)    # the bar alone sets the scale
    assert cols[-1] - cols[0] + 1 <= 5
    assert np.abs(x.sum(axis=1)[rows[0]:rows[-1] + 1]).min() > 0  # no holes from the gradient


def test_missing_file_says_which_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing_here.png"):
        png_to_mnist(tmp_path / "nothing_here.png")


def test_empty_file_is_a_clear_error(tmp_path):
    path = tmp_path / "empty.png"
    path.write_bytes(b"")
    with pytest.raises(ValueError, match="empty"):
        png_to_mnist(path)


def test_corrupt_png_is_a_clear_error(tmp_path):
    data = bytearray(_png_bytes(_dark_digit_on_white()))
    path = tmp_path / "broken.png"
    path.write_bytes(bytes(data[: len(data) // 2]))  # truncated
    with pytest.raises(ValueError, match="not a readable image"):
        png_to_mnist(path)
    path.write_bytes(b"this is text, not a picture")
    with pytest.raises(ValueError, match="not a readable image"):
        png_to_mnist(path)


def test_blank_image_has_no_digit():
    with pytest.raises(ValueError, match="No digit found"):
        png_to_mnist(_png_bytes(np.full((50, 50), 200, dtype=np.uint8)))


def test_to_mnist_format_rejects_wrong_shapes_and_values():
    with pytest.raises(ValueError, match="2-D greyscale"):
        to_mnist_format(np.zeros((4, 28, 28)))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        to_mnist_format(np.full((28, 28), 255.0))
    with pytest.raises(ValueError, match="too small"):
        to_mnist_format(np.zeros((1, 28)))


def test_tiny_wide_image_keeps_its_aspect_ratio():
    page = np.ones((10, 40), dtype=np.float32)
    page[4:6, 5:35] = 0.0  # a dash
    x = to_mnist_format(page)[..., 0]
    rows = np.flatnonzero(x.max(axis=1) > 0.1)
    cols = np.flatnonzero(x.max(axis=0) > 0.1)
    assert cols[-1] - cols[0] + 1 >= 19
    assert rows[-1] - rows[0] + 1 <= 4


def test_ink_touching_the_border_is_not_taken_for_paper():
    from sklearn.datasets import load_digits

    from helpers.preprocess import _paper_level

    ink = load_digits().images[:200] / 16.0  # 8x8, ink often touches the border
    touching = [im for im in ink if max(im[0].max(), im[-1].max(), im[:, 0].max(), im[:, -1].max()) > 0.3]
    assert len(touching) > 50
    for im in touching:
        assert _paper_level(im).max() < 0.05  # the background is 0; the ink is not paper
    # ...while a real lighting gradient is still followed
    yy, xx = np.mgrid[0:40, 0:40]
    page = 0.1 + 0.2 * xx / 39
    page[0, 10:20] = 1.0  # a stroke touching the top edge
    np.testing.assert_allclose(_paper_level(page), 0.1 + 0.2 * xx / 39, atol=0.01)


def test_polarity_is_decided_from_the_border_and_fixed_per_image():
    from helpers import is_dark_on_light, light_on_dark

    page = np.ones((28, 28), dtype=np.float32)
    page[8:20, 12:16] = 0.0                       # a dark stroke on white paper
    assert is_dark_on_light(page) and not is_dark_on_light(1.0 - page)
    assert is_dark_on_light(page[..., None])      # (28, 28, 1) too
    batch = np.stack([page, 1.0 - page, page])[..., None]
    fixed, flipped = light_on_dark(batch)
    assert flipped.tolist() == [True, False, True]
    assert np.array_equal(fixed[0], 1.0 - batch[0]) and np.array_equal(fixed[1], batch[1])
    assert all(not is_dark_on_light(image) for image in fixed)   # all in MNIST's polarity now
    with pytest.raises(ValueError, match="shape"):
        light_on_dark(page)
    with pytest.raises(ValueError, match="2-D"):
        is_dark_on_light(batch)
