"""helpers.preprocess: any PNG -> one MNIST-format input, or a clear error."""

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from helpers import image_to_mnist, read_image, read_png, to_mnist_format

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "images"


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
    x = image_to_mnist(path)
    _assert_mnist_like(x)
    assert x[..., 0].max() == pytest.approx(1.0, abs=0.05)


def test_light_on_dark_png_is_not_inverted(tmp_path):
    path = tmp_path / "one_dark.png"
    path.write_bytes(_png_bytes(255 - _dark_digit_on_white()))
    auto = image_to_mnist(path)
    _assert_mnist_like(auto)
    np.testing.assert_allclose(auto, image_to_mnist(path.read_bytes(), invert=False))


def test_rgb_png_of_any_size():
    grey = _dark_digit_on_white(400, 300)
    rgb = np.stack([grey, grey, grey], axis=-1)
    rgb[..., 2] = np.maximum(rgb[..., 2], 60)  # bluish ink
    _assert_mnist_like(image_to_mnist(_png_bytes(rgb)))


def test_rgba_with_transparent_background_is_put_on_white():
    grey = _dark_digit_on_white()
    rgba = np.zeros(grey.shape + (4,), dtype=np.uint8)
    rgba[..., 3] = np.where(grey < 128, 255, 0)  # only the ink is opaque (black, alpha 255)
    x = image_to_mnist(_png_bytes(rgba, mode="RGBA"))
    _assert_mnist_like(x)


def test_16_bit_png_is_scaled_to_0_1(tmp_path):
    grey16 = (_dark_digit_on_white().astype(np.uint16) * 257)
    path = tmp_path / "deep.png"
    Image.fromarray(grey16).save(path)
    with Image.open(path) as img:
        assert img.mode.startswith("I")  # really stored as 16-bit
    grey = read_png(path)
    assert grey.max() == pytest.approx(1.0) and grey.min() == pytest.approx(20 / 255, abs=1e-3)
    _assert_mnist_like(image_to_mnist(path))


def test_palette_and_binary_pngs():
    grey = _dark_digit_on_white()
    img = Image.fromarray(grey).convert("P")
    buf = io.BytesIO(); img.save(buf, format="PNG")
    _assert_mnist_like(image_to_mnist(buf.getvalue()))
    buf = io.BytesIO(); Image.fromarray(grey).convert("1").save(buf, format="PNG")
    _assert_mnist_like(image_to_mnist(buf.getvalue()))


@pytest.mark.parametrize("digit", range(10))
def test_project_test_digits_fill_the_20x20_box(digit):
    # photo-like: grainy paper, a lighting gradient; neither may widen the crop
    x = image_to_mnist(IMAGES / f"digit_{digit}.png")[..., 0]
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
        image_to_mnist(tmp_path / "nothing_here.png")


def test_empty_file_is_a_clear_error(tmp_path):
    path = tmp_path / "empty.png"
    path.write_bytes(b"")
    with pytest.raises(ValueError, match="empty"):
        image_to_mnist(path)


def test_corrupt_png_is_a_clear_error(tmp_path):
    data = bytearray(_png_bytes(_dark_digit_on_white()))
    path = tmp_path / "broken.png"
    path.write_bytes(bytes(data[: len(data) // 2]))  # truncated
    with pytest.raises(ValueError, match="not a readable image"):
        image_to_mnist(path)
    path.write_bytes(b"this is text, not a picture")
    with pytest.raises(ValueError, match="'broken.png' is not an image") as info:
        image_to_mnist(path)
    assert "0x" not in str(info.value) and "BytesIO" not in str(info.value)  # no library internals
    with pytest.raises(UnreadableImageError, match="'notes.png' is not an image") as info:
        image_to_mnist(b"some text\n", name="notes.png")  # an upload: bytes with the file's name
    assert "0x" not in str(info.value) and "BytesIO" not in str(info.value)


def test_blank_image_has_no_digit():
    with pytest.raises(ValueError, match="No digit found"):
        image_to_mnist(_png_bytes(np.full((50, 50), 200, dtype=np.uint8)))


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

    from helpers.preprocess.paper import _paper_level

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


# ---------------------------------------------------------------------------
# Phone photos (image_to_mnist): synthetic photos made here, each compared
# with the same digit drawn cleanly on white and framed by to_mnist_format.

from PIL import ImageDraw  # noqa: E402

from helpers import (  # noqa: E402
    NoDigitError,
    SeveralDigitsError,
    UnreadableImageError,
    image_to_mnist,
    is_dark_on_light,
)

_SHAPES = {  # strokes in a unit box (x right, y down)
    "0": [[(0.5 + 0.3 * np.cos(t), 0.5 + 0.42 * np.sin(t)) for t in np.linspace(0, 2 * np.pi, 40)]],
    "1": [[(0.35, 0.2), (0.55, 0.05), (0.55, 0.95)]],
    "7": [[(0.15, 0.08), (0.85, 0.08), (0.4, 0.95)]],
}


def _photo(digits=("7",), size=(600, 450), paper=(245, 242, 235), ink=(30, 40, 140), ruled=None,
           shadow=0.0, box=False, table=0, exposure=1.0, grain=0.02, seed=0):
    """An RGB uint8 'photo' of digits written on paper (see the keyword names)."""
    rng = np.random.default_rng(seed)
    H, W = size
    img = Image.new("RGB", (W, H), paper)
    draw = ImageDraw.Draw(img)
    if ruled:
        kind, step = ruled
        for y in range(step // 2, H, step):
            draw.line([(0, y), (W, y + 6)], fill=(160, 180, 230), width=2)  # slightly tilted, as in a photo
        if kind == "squared":
            for x in range(step // 2, W, step):
                draw.line([(x, 0), (x - 5, H)], fill=(160, 180, 230), width=2)
    height, n = 0.4 * H, len(digits)
    width = 0.7 * height
    for k, digit in enumerate(digits):
        ox, oy = W / 2 - n * width * 0.8 + k * width * 1.6 + 0.05 * width, H / 2 - height / 2
        for stroke in _SHAPES[digit]:
            draw.line([(ox + width * x, oy + height * y) for x, y in stroke], fill=ink,
                      width=int(0.08 * height), joint="curve")
    if box:
        m = 0.25 * height
        x0, y0, x1, y1 = W / 2 - width * 0.8 - m, H / 2 - height / 2 - m, W / 2 + width * 0.8 + m, H / 2 + height / 2 + m
        draw.line([(x0, y0), (x1, y0 + 3), (x1 - 2, y1), (x0 + 3, y1 - 2), (x0, y0)], fill=ink, width=int(0.05 * height))
    a = np.asarray(img, dtype=np.float32) / 255
    if table:
        a[:, :table] = np.array([0.35, 0.22, 0.12]) + rng.normal(0, 0.05, (H, table, 1))
    xx = np.arange(W) / W
    a = a * (1 - shadow * xx)[None, :, None] * exposure + rng.normal(0, grain, a.shape)
    return (np.clip(a, 0, 1) * 255).astype(np.uint8)


def _jpeg(pixels, **save_kwargs) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="JPEG", quality=85, **save_kwargs)
    return buf.getvalue()


def _clean(digit) -> np.ndarray:
    return to_mnist_format(_photo((digit,), grain=0, ink=(0, 0, 0))[..., 0] / 255.0)[..., 0]


def _similarity(x, digit) -> float:
    a, b = x.ravel(), _clean(digit).ravel()
    return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))


@pytest.mark.parametrize("case", [
    dict(),
    dict(ruled=("ruled", 30)),
    dict(ruled=("squared", 28)),
    dict(shadow=0.5),
    dict(ink=(190, 30, 40)),                                      # red ink
    dict(table=80),                                               # the table in view
    dict(box=True),                                               # the digit in a drawn box
    dict(exposure=0.42 / 0.95),                                   # dim: the paper at 0.42
    dict(paper=(40, 60, 50), ink=(215, 215, 205)),                # chalk on a dark board
    dict(ruled=("ruled", 30), shadow=0.4, box=True, table=60, ink=(190, 30, 40)),
], ids=["plain", "ruled", "squared", "shadow", "red", "table", "box", "dim", "board", "everything"])
@pytest.mark.parametrize("digit", ["7", "0", "1"])
def test_a_photo_gives_the_digit_as_drawn_cleanly(case, digit):
    x = image_to_mnist(_jpeg(_photo((digit,), **case)))
    _assert_mnist_like(x)
    assert _similarity(x, digit) > 0.85


def test_dim_photo_with_paper_at_0_42_is_inverted():
    page = np.full((120, 90), 0.42, dtype=np.float32)
    page[25:95, 40:52] = 0.1                                      # a dark "1" on dim paper
    assert is_dark_on_light(page)                                 # the old rule (border > 0.5) said no
    x = to_mnist_format(page)                                     # and then found "no digit"
    _assert_mnist_like(x)
    small = (np.clip(page, 0, 1) * 255).astype(np.uint8)
    _assert_mnist_like(image_to_mnist(_jpeg(np.stack([small] * 3, axis=-1))))


def test_polarity_follows_contrast_not_a_fixed_half():
    board = np.full((40, 40), 0.2, dtype=np.float32)
    board[10:30, 18:22] = 0.5                                     # chalk, darker than 0.5
    assert not is_dark_on_light(board)
    paper = np.full((40, 40), 0.45, dtype=np.float32)
    paper[10:30, 18:22] = 0.05                                    # ink on paper darker than 0.5
    assert is_dark_on_light(paper)
    cat = read_png(IMAGES / "not_a_digit.png")                    # no ink/paper split: the old rule stays
    assert is_dark_on_light(cat) == (np.median(np.concatenate([cat[0], cat[-1], cat[:, 0], cat[:, -1]])) > 0.5)


def test_exif_rotated_jpeg_is_turned_upright():
    upright = _photo(("7",))
    sideways = np.ascontiguousarray(np.rot90(upright, k=1))      # as the sensor stored it
    exif = Image.Exif()
    exif[0x0112] = 6                                              # "turn 90 degrees clockwise to view"
    data = _jpeg(sideways, exif=exif.tobytes())
    assert read_image(data).shape == upright.shape[:2]
    x = image_to_mnist(data)
    assert _similarity(x, "7") > 0.85
    assert _similarity(image_to_mnist(_jpeg(sideways)), "7") < 0.6  # without the tag it is another picture


def test_big_phone_photo_is_shrunk_while_read():
    big = np.asarray(Image.fromarray(_photo(("7",))).resize((3000, 4000)))
    grey = read_image(_jpeg(big), max_side=640)
    assert max(grey.shape) == 640 and grey.dtype == np.float32
    assert _similarity(image_to_mnist(_jpeg(big)), "7") > 0.85


def test_blank_page_is_a_clear_error():
    for blank in (_photo((), ruled=("ruled", 30), shadow=0.4), _photo((), table=80, exposure=0.5)):
        with pytest.raises(NoDigitError, match="No digit found.*darker, thicker pen"):
            image_to_mnist(_jpeg(blank))
    assert issubclass(NoDigitError, ValueError)


def test_two_digits_are_a_clear_error():
    with pytest.raises(SeveralDigitsError, match="crop the picture to a single digit"):
        image_to_mnist(_jpeg(_photo(("1", "7"), ruled=("ruled", 30))))
    assert issubclass(SeveralDigitsError, ValueError)


def test_corrupt_jpeg_is_a_clear_error(tmp_path):
    data = _jpeg(_photo(("7",)))
    path = tmp_path / "broken.jpg"
    path.write_bytes(data[: len(data) // 3])                      # the upload stopped half way
    with pytest.raises(UnreadableImageError, match="not a readable image.*PNG or JPEG"):
        image_to_mnist(path)
    with pytest.raises(ValueError, match="empty"):
        image_to_mnist(b"")


def test_mnist_sized_images_skip_the_photo_clean_up():
    # the files in images/ are MNIST-sized: the photo clean-up must not touch them
    for path in sorted(IMAGES.glob("*.png")):
        np.testing.assert_array_equal(image_to_mnist(path), to_mnist_format(read_png(path)))


# --------------------------------------------------------------------------- digits on plates


def _plate_photo(rim: bool = True) -> np.ndarray:
    """A light "1" painted on a dark plate (house-number style), the plate on light paper."""
    page = np.full((480, 360), 225, dtype=np.uint8)
    page[110:370, 90:270] = 35                          # the plate
    if rim:
        page[122:358, 102:112] = page[122:358, 248:258] = 230   # its light rim
        page[122:132, 102:258] = page[348:358, 102:258] = 230
    page[165:315, 172:190] = 240                        # the digit, light paint
    return page


@pytest.mark.parametrize("rim", [True, False])
def test_a_light_digit_on_a_dark_plate_is_read_not_the_plate(rim):
    x = image_to_mnist(_png_bytes(_plate_photo(rim)))[..., 0]
    cols = np.flatnonzero(x.max(axis=0) > 0.3)
    rows = np.flatnonzero(x.max(axis=1) > 0.3)
    assert cols[-1] - cols[0] + 1 <= 6, cols          # a narrow upright bar: the "1", not the plate's frame
    assert rows[-1] - rows[0] + 1 >= 18, rows
    assert x[:, :8].max() == 0 and x[:, 20:].max() == 0


def test_the_framed_photos_keep_their_digit_centred():
    """Photos 70-79 of the phone-photo set: a thick border, a filled plate, a box the digit touches, a
    box of a form. The 28x28 input holds the digit, not a frame: no side of the input is lit along
    most of its length (a digit may touch one side: it is centred by its centre of mass)."""
    from helpers import fetch_photo_digits

    framed = {name: path for name, path in fetch_photo_digits().items() if int(name[6:9]) >= 70}
    assert len(framed) == 10
    for name, path in framed.items():
        x = image_to_mnist(path)[..., 0]
        sides = [x[:3].max(axis=0), x[-3:].max(axis=0), x[:, :3].max(axis=1), x[:, -3:].max(axis=1)]
        assert max(np.mean(side > 0.3) for side in sides) < 0.4, name


#: The photo path's steps, in the order a picture goes through them (helpers/preprocess/__init__.py).
STEPS = ("errors", "read", "polarity", "ink", "paper", "mnist_format", "pipeline")


def test_the_photo_path_reads_one_way():
    """Each step of helpers/preprocess imports only steps before it, and only their public names:
    no step reaches back to a later one or into another module's internals."""
    import ast

    folder = ROOT / "helpers" / "preprocess"
    assert sorted(p.stem for p in folder.glob("*.py") if p.stem != "__init__") == sorted(STEPS)
    for i, step in enumerate(STEPS):
        tree = ast.parse((folder / f"{step}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                assert node.module in STEPS[:i], f"helpers/preprocess/{step}.py imports .{node.module}"
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"helpers/preprocess/{step}.py imports {private} from .{node.module}"
