"""Turn any picture of a digit into one MNIST-format input.

MNIST digits are 28x28 greyscale images, light ink on a dark background, the
digit scaled so that it fits a 20x20 box and then placed in the 28x28 frame so
that its centre of mass is in the middle.  :func:`image_to_mnist` (also
called :func:`png_to_mnist`) does the same to a PNG or a phone photo (JPEG) of
your own handwriting, whatever its size, colour mode or background.

Two paths:

- an image already about MNIST's size (both sides under
  :data:`PHOTO_MIN_SIDE` pixels, like the files in ``images/``) goes straight
  to :func:`to_mnist_format`, exactly as before;
- a larger picture is treated as a photo (:func:`photo_to_ink`): turned
  upright from its EXIF tag, shrunk early to :data:`WORK_SIDE` pixels, its
  lighting flattened (paper level from a morphological closing), ruled or
  squared lines and a drawn frame removed, and the one digit picked out among
  the ink blobs (blank page, several digits: a clear error). The ink it finds
  then goes through the same :func:`to_mnist_format` steps.

Polarity (dark ink on light paper, or light on dark) is decided in one place,
:func:`is_dark_on_light`, from the image's own contrast.

Example
-------
>>> from helpers import image_to_mnist
>>> x = image_to_mnist("my_digit.jpg")        # doctest: +SKIP
>>> x.shape, x.dtype                          # doctest: +SKIP
((28, 28, 1), dtype('float32'))
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np

__all__ = ["read_png", "read_image", "to_mnist_format", "is_dark_on_light", "light_on_dark", "centre_in_frame",
           "photo_to_ink", "image_to_mnist", "png_to_mnist", "read_digit",
           "DigitImageError", "UnreadableImageError", "NoDigitError", "SeveralDigitsError"]

MNIST_SIZE = 28
MNIST_BOX = 20  # MNIST digits are scaled to fit a 20x20 box inside the 28x28 frame


class DigitImageError(ValueError):
    """A picture that cannot be turned into one MNIST input (base class).

    A ``ValueError``, so ``except ValueError`` catches it; the message says
    what was wrong and what to do.

    Example
    -------
    >>> issubclass(NoDigitError, DigitImageError) and issubclass(DigitImageError, ValueError)
    True
    """


class UnreadableImageError(DigitImageError):
    """The file is empty, corrupt or not an image."""


class NoDigitError(DigitImageError):
    """No ink stands out from the paper (a blank page, or a digit far too faint)."""


class SeveralDigitsError(DigitImageError):
    """More than one digit-sized blob of ink: crop the picture to one digit."""


#: Both sides under this many pixels: already a cropped digit (MNIST-sized, like
#: the files in images/), so no photo clean-up.
PHOTO_MIN_SIDE = 48
#: A photo's longer side is shrunk to this many pixels before anything else.
WORK_SIDE = 640


def read_image(source, max_side: int | None = None, name: str | None = None) -> np.ndarray:
    """Read a picture (PNG, JPEG, ...; a path or bytes) as a 2-D float32
    greyscale array in [0, 1], upright.

    A phone stores its photo sideways with an EXIF "Orientation" tag; the
    picture is turned as that tag says (``PIL.ImageOps.exif_transpose``).
    Colour becomes luminance; transparency is composited onto white (as the
    picture would look on a page); 8-bit, 16-bit, palette and binary images
    are all accepted. ``name`` is the file's name in messages (for bytes, such as
    an upload). With ``max_side``, a larger picture is shrunk (area
    averaging) so that its longer side is ``max_side`` pixels; a JPEG is
    then decoded at 1/2, 1/4 or 1/8 of its size already (``Image.draft``),
    which makes a 12-megapixel photo quick to read.

    Raises
    ------
    FileNotFoundError
        If the path does not exist.
    UnreadableImageError (a ValueError)
        If the file is empty, corrupt or not an image.

    Example
    -------
    >>> grey = read_image("images/digit_3.png")         # doctest: +SKIP
    >>> grey.shape, grey.dtype                          # doctest: +SKIP
    ((28, 28), dtype('float32'))
    >>> read_image("photo.jpg", max_side=640).shape     # doctest: +SKIP
    (640, 480)
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    if isinstance(source, (bytes, bytearray, memoryview)):
        data, name = bytes(source), name or "the picture"
    else:
        path = Path(os.fspath(source))
        if not path.is_file():
            raise FileNotFoundError(
                f"No image file at '{path}'. Check the path (it is relative to the "
                f"folder the notebook runs in, usually notebooks/)."
            )
        data, name = path.read_bytes(), name or path.name
    if not data:
        raise UnreadableImageError(f"'{name}' is empty (0 bytes): save or copy the picture again and retry.")
    advice = ("Save it again as a PNG or JPEG (any size, colour or greyscale; a phone photo is fine) "
              "and retry.")
    try:
        with Image.open(io.BytesIO(data)) as img:
            if max_side and img.format == "JPEG":
                img.draft(None, (max_side, max_side))  # decode at 1/2, 1/4 or 1/8 size: both sides stay >= max_side
            img.load()
            try:
                upright = ImageOps.exif_transpose(img)
            except Exception:  # a broken EXIF block: the pixels are still good, keep them as stored
                upright = img
            grey = _to_grey(upright)
    except Image.DecompressionBombError as exc:
        raise UnreadableImageError(f"'{name}' is too large to read safely ({exc}). Shrink it and retry.") from None
    except UnidentifiedImageError:
        raise UnreadableImageError(f"'{name}' is not an image: no picture format (PNG, JPEG, ...) "
                                   f"matches its contents. {advice}") from None
    except (OSError, SyntaxError, ValueError):
        raise UnreadableImageError(f"'{name}' is not a readable image: the file is damaged or cut "
                                   f"short. {advice}") from None
    if max_side and max(grey.shape) > max_side:
        scale = max_side / max(grey.shape)
        size = (max(1, round(grey.shape[1] * scale)), max(1, round(grey.shape[0] * scale)))
        grey = np.asarray(Image.fromarray(grey).resize(size, Image.Resampling.BOX), dtype=np.float32)
        grey = np.clip(grey, 0.0, 1.0)
    return grey


def read_png(source) -> np.ndarray:
    """Read a PNG (path or bytes) as a 2-D float32 greyscale array in [0, 1].

    The same as :func:`read_image` at full size (it reads JPEG and other
    formats too, and turns a photo upright from its EXIF tag). Colour is
    converted to luminance; transparency is composited onto white (as the
    picture would look on a page); 8-bit, 16-bit, palette and binary PNGs
    are all accepted.

    Raises
    ------
    FileNotFoundError
        If the path does not exist.
    UnreadableImageError (a ValueError)
        If the file is empty or is not a readable image.

    Example
    -------
    >>> grey = read_png("images/digit_3.png")     # doctest: +SKIP
    >>> grey.shape, float(grey.min()) >= 0.0      # doctest: +SKIP
    ((28, 28), True)
    """
    return read_image(source)


def _to_grey(img) -> np.ndarray:
    """A PIL image of any mode -> float32 luminance in [0, 1]."""
    from PIL import Image

    if img.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        arr = np.asarray(img, dtype=np.float64)
        top = 65535.0 if img.mode.startswith("I;16") or arr.max() > 255 else 255.0
        return np.clip(arr / top, 0.0, 1.0).astype(np.float32)
    if img.mode == "P":
        img = img.convert("RGBA")
    if img.mode in ("RGBA", "LA", "PA"):
        white = Image.new("RGBA", img.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, img.convert("RGBA"))
    grey = img.convert("L")
    return np.asarray(grey, dtype=np.float32) / 255.0


def to_mnist_format(grey: np.ndarray, invert: bool | str = "auto") -> np.ndarray:
    """Turn a 2-D greyscale image in [0, 1] into one MNIST-format input.

    Steps, as MNIST itself was made: make the ink light on a dark background,
    crop to the ink, scale the longer side to 20 pixels (keeping the aspect
    ratio), paste into a 28x28 frame and shift so the ink's centre of mass is
    at the centre.

    Parameters
    ----------
    grey : array of shape (height, width), values in [0, 1]
    invert : "auto", True or False
        "auto" inverts when the border of the image is lighter than its
        middle value, i.e. when the picture is dark ink on light paper.

    Returns
    -------
    float32 array of shape (28, 28, 1), values in [0, 1].

    Example
    -------
    >>> import numpy as np
    >>> page = np.ones((100, 60)); page[20:80, 25:35] = 0.0   # a dark "1" on white
    >>> to_mnist_format(page).shape
    (28, 28, 1)
    """
    grey = np.asarray(grey, dtype=np.float32)
    if grey.ndim == 3 and grey.shape[-1] == 1:
        grey = grey[..., 0]
    if grey.ndim != 2:
        raise ValueError(
            f"Expected a 2-D greyscale image, got an array of shape {grey.shape}. "
            f"Use read_png() or png_to_mnist() for colour images."
        )
    if min(grey.shape) < 2:
        raise ValueError(f"The image is too small ({grey.shape[0]}x{grey.shape[1]} pixels).")
    if not np.all(np.isfinite(grey)) or grey.min() < 0 or grey.max() > 1:
        raise ValueError("Pixel values must be finite and in [0, 1].")

    if invert == "auto":
        invert = is_dark_on_light(grey)
    ink = 1.0 - grey if invert else grey.copy()

    # Subtract the paper's brightness, so paper that is not quite white (a
    # photo, with light falling unevenly) becomes black, as in MNIST.
    ink = np.clip(ink - _paper_level(ink), 0.0, None)
    peak = float(ink.max())
    if peak < 0.1:
        spread = float(grey.max() - grey.min())
        raise NoDigitError(
            f"No digit found: after the paper's own brightness is taken away, nothing stands out "
            f"from it (the image's brightness spans only {spread:.2f} of the 0..1 range). "
            f"If there is a digit, it is too faint or too small: go over it with a darker, thicker "
            f"pen, let it fill more of the picture, and take the photo in even light."
        )
    ink /= peak
    ink[ink < INK_THRESHOLD] = 0.0  # paper grain and noise are not ink
    ink = _drop_specks(ink)

    rows = np.flatnonzero(ink.max(axis=1) > 0)
    cols = np.flatnonzero(ink.max(axis=0) > 0)
    ink = ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]

    h, w = ink.shape
    scale = MNIST_BOX / max(h, w)
    new_h, new_w = max(1, round(h * scale)), max(1, round(w * scale))
    from PIL import Image

    small = Image.fromarray((ink * 255).astype(np.uint8)).resize(
        (new_w, new_h), Image.Resampling.LANCZOS
    )
    small = np.asarray(small, dtype=np.float32) / 255.0

    return centre_in_frame(small)[..., np.newaxis]


def is_dark_on_light(grey: np.ndarray) -> bool:
    """Whether a 2-D greyscale image in [0, 1] is dark ink on light paper.

    Decided from the image's own contrast, not from a fixed brightness: Otsu's
    threshold splits the image's pixels into a dark and a light group (ink and
    paper, one way round or the other); the background is what the image's
    border shows (the median of its border pixels). Dark on light when the
    background lies on the light side of that split. So a dim photo whose
    paper is at 0.42 and ink at 0.1 is dark on light, and chalk at 0.5 on a
    board at 0.2 is light on dark.

    A picture that is not ink on a background has no such split: (almost) no
    contrast (values spread over less than :data:`MIN_CONTRAST`), or two
    groups that explain less than :data:`MIN_SEPARATION` of its variance
    (a photograph of a cat, a ramp of light). Then the border decides alone,
    median above 0.5 (the rule used before, which such pictures keep).

    The rule :func:`to_mnist_format`, :func:`image_to_mnist` and
    :func:`light_on_dark` use for ``invert="auto"``.

    Example
    -------
    >>> page = np.ones((28, 28)); page[10:20, 12:16] = 0.0
    >>> is_dark_on_light(page), is_dark_on_light(1.0 - page)
    (True, False)
    >>> is_dark_on_light(0.42 * page + 0.1 * (1 - page))   # a dim photo: grey paper, dark ink
    True
    """
    grey = np.asarray(grey)
    if grey.ndim == 3 and grey.shape[-1] == 1:
        grey = grey[..., 0]
    if grey.ndim != 2:
        raise ValueError(f"Expected one 2-D greyscale image, got an array of shape {grey.shape}.")
    border = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    background = float(np.median(border))
    values = np.asarray(grey, dtype=np.float64).ravel()
    low, high = float(values.min()), float(values.max())
    if high - low >= MIN_CONTRAST:
        threshold, separation = _otsu(values, low, high)
        if separation >= MIN_SEPARATION:
            return background > threshold
    return background > 0.5


#: Below this spread of brightness an image has no ink to tell polarity by.
MIN_CONTRAST = 0.05
#: Ink on paper: Otsu's two groups explain at least this share of the variance
#: (0.90 for the digits in images/, 0.81 or more for scikit-learn's; 0.61 for the cat).
MIN_SEPARATION = 0.75


def _otsu(values: np.ndarray, low: float, high: float, bins: int = 256) -> tuple[float, float]:
    """Otsu's threshold of ``values`` (between ``low`` and ``high``): the
    level that best splits them into two groups (largest between-group
    variance), computed on a histogram of ``bins`` bins; and the share of
    the variance that split explains (0..1, 1 for exactly two levels)."""
    counts, edges = np.histogram(values, bins=bins, range=(low, high))
    centres = (edges[:-1] + edges[1:]) / 2
    weight_low = np.cumsum(counts)[:-1]
    weight_high = len(values) - weight_low
    sum_low = np.cumsum(counts * centres)[:-1]
    mean_low = sum_low / np.maximum(weight_low, 1)
    mean_high = (float((counts * centres).sum()) - sum_low) / np.maximum(weight_high, 1)
    between = weight_low * weight_high * (mean_low - mean_high) ** 2
    best = int(np.argmax(between))
    total = float(np.var(values)) * len(values) ** 2
    return float(edges[1:-1][best]), float(between[best] / total) if total > 0 else 0.0


def light_on_dark(images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Put every image of a batch (n, 28, 28, 1) in [0, 1] into MNIST's
    polarity, light ink on dark: those that :func:`is_dark_on_light` finds
    dark on light are inverted (``1 - x``), the others kept. Returns the new
    batch and the boolean mask of the images that were inverted.

    Example
    -------
    >>> batch = np.zeros((2, 28, 28, 1)); batch[1] = 1.0 - batch[1]
    >>> fixed, flipped = light_on_dark(batch)
    >>> flipped.tolist(), float(fixed.max())
    ([False, True], 0.0)
    """
    images = np.asarray(images, dtype=np.float32)
    if images.ndim != 4 or images.shape[-1] != 1:
        raise ValueError(f"Expected a batch of shape (n, height, width, 1), got {images.shape}.")
    flipped = np.array([is_dark_on_light(image) for image in images], dtype=bool)
    fixed = images.copy()
    fixed[flipped] = 1.0 - fixed[flipped]
    return fixed, flipped


INK_THRESHOLD = 0.15  #: after stretching, fainter pixels are paper, not ink
SPECK_FRACTION = 0.1  #: ink blobs with less than this share of the largest blob's ink are specks


def _paper_level(ink: np.ndarray) -> np.ndarray:
    """The paper's brightness under every pixel: a plane a + b*x + c*y fitted
    (least squares) to the border pixels. A plane follows the smooth gradient
    of light falling across a page. Border pixels that are ink (a digit
    touching the edge) would lift the plane, so the fit is repeated without
    the pixels lying far above it."""
    h, w = ink.shape
    yy, xx = np.mgrid[0:h, 0:w]
    edge = np.zeros((h, w), dtype=bool)
    edge[0, :] = edge[-1, :] = edge[:, 0] = edge[:, -1] = True
    design = np.column_stack([np.ones(edge.sum()), xx[edge], yy[edge]])
    values = ink[edge]
    use = np.ones(len(values), dtype=bool)
    for _ in range(4):
        coef, *_ = np.linalg.lstsq(design[use], values[use], rcond=None)
        residual = values - design @ coef
        centre = np.median(residual[use])
        spread = np.median(np.abs(residual[use] - centre)) + 0.01
        new_use = residual <= centre + 3 * spread  # drop ink, keep paper
        if new_use.sum() < 3 or np.array_equal(new_use, use):
            break
        use = new_use
    return (coef[0] + coef[1] * xx + coef[2] * yy).astype(np.float32)


def _drop_specks(ink: np.ndarray) -> np.ndarray:
    """Remove small blobs of "ink" (dust, grain) far smaller than the digit's
    strokes, so they do not widen the crop around the digit."""
    from scipy import ndimage

    labels, n = ndimage.label(ink > 0, structure=np.ones((3, 3)))
    if n <= 1:
        return ink
    mass = ndimage.sum(ink, labels, index=np.arange(1, n + 1))
    keep = np.concatenate([[False], mass >= SPECK_FRACTION * mass.max()])
    return np.where(keep[labels], ink, 0.0).astype(np.float32)


def centre_in_frame(small: np.ndarray) -> np.ndarray:
    """Paste a (<= 28x28) ink image into a black 28x28 frame so that its centre
    of mass is at the centre (shifted by whole pixels, as MNIST was made).

    Example
    -------
    >>> centre_in_frame(np.ones((20, 10))).shape
    (28, 28)
    """
    small = np.asarray(small, dtype=np.float32)
    h, w = small.shape
    if h > MNIST_SIZE or w > MNIST_SIZE:
        raise ValueError(f"Expected at most {MNIST_SIZE}x{MNIST_SIZE}, got {h}x{w}.")
    frame = np.zeros((MNIST_SIZE, MNIST_SIZE), dtype=np.float32)
    top, left = (MNIST_SIZE - h) // 2, (MNIST_SIZE - w) // 2
    frame[top : top + h, left : left + w] = small
    total = frame.sum()
    if total > 0:
        yy, xx = np.indices(frame.shape)
        cy, cx = (yy * frame).sum() / total, (xx * frame).sum() / total
        dy, dx = round((MNIST_SIZE - 1) / 2 - cy), round((MNIST_SIZE - 1) / 2 - cx)
        # never shift ink out of the frame
        dy = int(np.clip(dy, -top, MNIST_SIZE - (top + h)))
        dx = int(np.clip(dx, -left, MNIST_SIZE - (left + w)))
        frame = np.roll(frame, (dy, dx), axis=(0, 1))
    return np.clip(frame, 0.0, 1.0)


#: The paper's level is a closing over a square this share of the photo's longer side (wider than any stroke).
CLOSING_FRACTION = 0.12
#: After the lighting is flattened, ink darker than the paper by less than this share is not a digit.
MIN_INK = 0.12
#: A straight line longer than this share of the photo's width (or height) is a ruling, not a stroke...
LINE_FRACTION = 0.4
#: ...when there are at least this many parallel ones (ruled or squared paper).
MIN_RULINGS = 3
#: Two blobs each with at least this share of the largest blob's ink, apart, are two digits.
SECOND_DIGIT_SHARE = 0.35


def photo_to_ink(grey: np.ndarray, invert: bool | str = "auto") -> np.ndarray:
    """The digit's ink in a photo of a page, light on black, everything else 0.

    Steps (on the photo as :func:`read_image` gives it, shrunk to about
    :data:`WORK_SIDE` pixels):

    1. polarity: :func:`is_dark_on_light` on the middle of the photo (its
       border may show the table), unless ``invert`` says;
    2. lighting: the paper's brightness under every pixel is a grey-level
       closing over a square wider than any pen stroke (:data:`CLOSING_FRACTION`
       of the photo); ink = 1 - photo / paper. Shadows, a dim photo and the
       paper's edge (a step, which a closing keeps) all become 0;
    3. ruled or squared paper: straight lines longer than :data:`LINE_FRACTION`
       of the photo (searched at angles up to 5 degrees, for perspective) are
       taken away when there are at least :data:`MIN_RULINGS` of them;
    4. the ink is split into blobs; blobs touching the photo's edge (the
       table, the paper's edge) and long thin lines are dropped while others
       remain; a drawn frame (a blob with ink along at least three sides of
       its box) loses those sides;
       a digit painted light on a dark plate (a filled rectangle, as house
       numbers) is taken from the plate instead (:func:`_plate_digit`);
    5. the largest blob and the pieces near it are the digit. Another blob
       of comparable size elsewhere, or two side by side, means several digits.

    Raises
    ------
    NoDigitError
        Nothing stands out from the paper (a blank page).
    SeveralDigitsError
        More than one digit-sized blob.

    Example
    -------
    >>> page = np.full((300, 200), 0.42, dtype=np.float32)   # a dim photo
    >>> page[80:220, 90:110] = 0.1                            # a "1"
    >>> ink = photo_to_ink(page)
    >>> ink.shape, float(ink[150, 100]) > 0.5, float(ink[20, 20])
    ((300, 200), True, 0.0)
    """
    from scipy import ndimage

    grey = np.asarray(grey, dtype=np.float32)
    if grey.ndim != 2 or min(grey.shape) < 8:
        raise ValueError(f"Expected a 2-D greyscale photo of at least 8x8 pixels, got shape {grey.shape}.")
    h, w = grey.shape
    if invert == "auto":
        # shadows would blur the two brightness groups: divide by a wide blur first
        # (which thin strokes hardly change, whatever their polarity)
        wide = max(3, int(0.2 * max(h, w)) | 1)  # two box blurs: smooth, and quick at any width
        light = ndimage.uniform_filter(ndimage.uniform_filter(grey, wide, mode="nearest"), wide, mode="nearest")
        even = grey / np.maximum(light, 1e-3)
        even = ndimage.gaussian_filter(even, 1.0)
        mh, mw = h // 5, w // 5
        invert = is_dark_on_light(np.clip(even[mh : h - mh, mw : w - mw] / max(float(even.max()), 1e-3), 0, 1))
    page = grey if invert else 1.0 - grey  # dark ink on a light background from here on
    page = ndimage.gaussian_filter(page, 1.0)  # camera noise and JPEG blocks
    on_plate = _plate_digit(page)
    if on_plate is not None:
        return on_plate

    size = max(5, int(round(CLOSING_FRACTION * max(h, w))) | 1)
    paper = ndimage.grey_closing(page, size=(size, size))
    ink = 1.0 - page / np.maximum(paper, 1e-3)
    ink = np.clip(ink - np.median(ink), 0.0, 1.0).astype(np.float32)

    ink = _remove_rulings(ink)
    peak = float(np.percentile(ink, 99.9))
    if peak < MIN_INK:
        raise NoDigitError(
            f"No digit found: once the lighting is evened out, nothing on the page is darker than "
            f"the paper by more than {peak:.0%} (a digit needs about {MIN_INK:.0%}). If there is a "
            f"digit, it is too faint or too small: go over it with a darker, thicker pen, let it "
            f"fill more of the photo, and photograph it in even light."
        )
    strong, weak = ink > 0.5 * peak, ink > 0.25 * peak
    labels, n = ndimage.label(weak, structure=np.ones((3, 3)))
    keep = np.zeros(n + 1, dtype=bool)
    keep[np.unique(labels[strong])] = True
    keep[0] = False
    mask = keep[labels]

    mask = _drop_frames(mask)
    group = _pick_digit(mask, ink)
    near = ndimage.binary_dilation(group, iterations=2)
    return np.where(near, ink, 0.0).astype(np.float32)


#: A plate (a filled dark rectangle with a light digit on it, as house numbers) spans at least this
#: share of the photo's longer side...
PLATE_MIN_SIDE = 0.12
#: ...fills at least this share of its bounding box (a rectangle seen at a slant still does)...
PLATE_SOLIDITY = 0.9
#: ...and is dark over at least this share of its area: a drawn frame, even a thick one, is mostly paper
#: (0.17-0.38 for the framed photos 70-79 of images/photos/), a box filled by a bold digit 0.68, a plate 0.75-0.86.
PLATE_DARK_SHARE = 0.72


def _plate_digit(page: np.ndarray) -> np.ndarray | None:
    """The digit painted light on a dark plate (house-number style), as ink, or None when the photo shows
    no plate. A plate: a dark blob (darker than Otsu's threshold of the photo) away from the photo's edge,
    at least :data:`PLATE_MIN_SIDE` of the photo, almost a filled rectangle (:data:`PLATE_SOLIDITY`) and
    mostly dark (:data:`PLATE_DARK_SHARE`), with light marks inside it. The digit is the light marks
    enclosed by the plate, less a light rim along its border (a frame); its ink is how much lighter than
    the plate each pixel is."""
    from scipy import ndimage

    h, w = page.shape
    low, high = float(page.min()), float(page.max())
    if high - low < MIN_CONTRAST:
        return None
    threshold, _ = _otsu(page.ravel(), low, high)
    dark = page < threshold
    labels, boxes = _blobs(dark)
    best = None
    for number, box in enumerate(boxes, start=1):
        if box is None:
            continue
        top, bottom, left, right = box[0].start, box[0].stop, box[1].start, box[1].stop
        if top == 0 or left == 0 or bottom == h or right == w:
            continue  # the table, a dark board's edge
        if max(bottom - top, right - left) < PLATE_MIN_SIDE * max(h, w) or min(bottom - top, right - left) < 8:
            continue
        blob = labels[box] == number
        filled = ndimage.binary_fill_holes(blob)
        if filled.mean() < PLATE_SOLIDITY or blob.sum() < PLATE_DARK_SHARE * filled.sum():
            continue
        if best is None or filled.sum() > best[2].sum():
            best = (box, blob, filled)
    if best is None:
        return None
    box, blob, filled = best
    region = page[box]
    plate_level = float(np.median(region[blob]))
    inside = filled & ~blob
    if inside.sum() < 0.01 * filled.sum():
        return None
    paint_level = float(np.percentile(region[inside], 90))
    if paint_level - plate_level < MIN_INK:
        return None
    ink = np.clip((region - plate_level) / (paint_level - plate_level), 0.0, 1.0).astype(np.float32)
    marks = inside & (ink > 0.5)
    marks = _drop_frames(marks)
    if not marks.any():
        return None
    group = _pick_digit(marks, ink)
    near = ndimage.binary_dilation(group, iterations=2) & filled
    out = np.zeros_like(page, dtype=np.float32)
    out[box] = np.where(near, ink, 0.0)
    return out


def _remove_rulings(ink: np.ndarray) -> np.ndarray:
    """Take away the lines of ruled or squared paper: straight runs longer than
    LINE_FRACTION of the photo, horizontal or vertical within 5 degrees, when
    there are MIN_RULINGS of them in that direction. Found on a half-size
    copy (a greyscale opening along sheared rows), so a few milliseconds."""
    from scipy import ndimage

    small = ink[: ink.shape[0] // 2 * 2, : ink.shape[1] // 2 * 2]
    small = small.reshape(small.shape[0] // 2, 2, small.shape[1] // 2, 2).max(axis=(1, 3))
    lines = np.zeros_like(small)
    for axis in (1, 0):  # along rows (horizontal lines), then along columns
        img = small if axis == 1 else small.T
        rows, cols = img.shape
        length = max(8, int(LINE_FRACTION * cols))
        found = np.zeros_like(img)
        x = np.arange(cols)
        for degrees in range(-5, 6):
            offset = np.round(x * np.tan(np.radians(degrees))).astype(int)
            index = np.clip(np.arange(rows)[:, None] + offset[None, :], 0, rows - 1)
            sheared = np.take_along_axis(img, index, axis=0)
            thick = ndimage.maximum_filter1d(sheared, 3, axis=0)  # a line may wander by a pixel
            opened = ndimage.maximum_filter1d(ndimage.minimum_filter1d(thick, length, axis=1), length, axis=1)
            undo = np.clip(np.arange(rows)[:, None] - offset[None, :], 0, rows - 1)
            found = np.maximum(found, np.take_along_axis(np.minimum(opened, sheared), undo, axis=0))
        runs, n = ndimage.label(found > MIN_INK / 2, structure=np.ones((3, 3)))
        spans = [sl[1].stop - sl[1].start for sl in ndimage.find_objects(runs)] if n else []
        if sum(span >= length for span in spans) >= MIN_RULINGS:
            lines = np.maximum(lines, found if axis == 1 else found.T)
    if not lines.any():
        return ink
    lines = ndimage.maximum_filter(lines, 3)  # cover the line's full width back at full size
    full = np.zeros_like(ink)
    big = np.repeat(np.repeat(lines, 2, axis=0), 2, axis=1)
    full[: big.shape[0], : big.shape[1]] = big
    return np.clip(ink - full, 0.0, 1.0)


def _blobs(mask: np.ndarray):
    from scipy import ndimage

    labels, n = ndimage.label(mask, structure=np.ones((3, 3)))
    return labels, ndimage.find_objects(labels)


def _drop_frames(mask: np.ndarray) -> np.ndarray:
    """A blob with ink along at least three sides of its bounding box is a
    drawn frame (no digit has that): those sides are erased, so that a digit
    touching the frame comes free."""
    mask = mask.copy()
    for _ in range(3):
        labels, boxes = _blobs(mask)
        changed = False
        for number, box in enumerate(boxes, start=1):
            if box is None:
                continue
            blob = labels[box] == number
            bh, bw = blob.shape
            if min(bh, bw) < 12:
                continue
            th, tw = max(2, int(0.08 * bh)), max(2, int(0.08 * bw))
            sides = [blob[:th].any(axis=0).mean(), blob[-th:].any(axis=0).mean(),
                     blob[:, :tw].any(axis=1).mean(), blob[:, -tw:].any(axis=1).mean()]
            if sum(side >= 0.8 for side in sides) < 3:
                continue
            band = np.zeros_like(blob)
            band[:th] = band[-th:] = True
            band[:, :tw] = band[:, -tw:] = True
            region = mask[box]
            region[blob & band] = False
            changed = True
        if not changed:
            break
    return mask


def _pick_digit(mask: np.ndarray, ink: np.ndarray) -> np.ndarray:
    """The mask of the one digit among the ink blobs (see photo_to_ink, step 4-5)."""
    from scipy import ndimage

    h, w = mask.shape
    labels, boxes = _blobs(mask)
    if not boxes:
        raise NoDigitError(
            "No digit found: the only marks on the page are ruled lines, a frame or the "
            "photo's edges. Write the digit darker and larger, away from the picture's edge."
        )
    mass = ndimage.sum(ink, labels, index=np.arange(1, len(boxes) + 1))
    blobs = []
    for number, (box, m) in enumerate(zip(boxes, mass), start=1):
        top, bottom, left, right = box[0].start, box[0].stop, box[1].start, box[1].stop
        long_side, short_side = max(bottom - top, right - left), max(1, min(bottom - top, right - left))
        blobs.append({
            "number": number, "mass": float(m), "box": [top, bottom, left, right],
            "edge": top == 0 or left == 0 or bottom == h or right == w,
            "line": long_side >= LINE_FRACTION * max(h, w) and long_side >= 8 * short_side,
        })
    biggest = max(b["mass"] for b in blobs)
    blobs = [b for b in blobs if b["mass"] >= 0.02 * biggest]  # specks
    for unwanted in ("edge", "line"):  # dropped while anything else is left
        rest = [b for b in blobs if not b[unwanted]]
        if rest and max(b["mass"] for b in rest) >= 0.05 * biggest:
            blobs = rest
    blobs.sort(key=lambda b: -b["mass"])
    main = blobs[0]
    group, box = [main], list(main["box"])
    others = blobs[1:]
    grew = True
    while grew:
        grew = False
        reach = 0.15 * max(box[1] - box[0], box[3] - box[2])
        for b in list(others):
            t, btm, l, r = b["box"]
            gap = max(box[0] - btm, t - box[1], box[2] - r, l - box[3], 0)
            if gap <= reach:
                group.append(b)
                others.remove(b)
                box = [min(box[0], t), max(box[1], btm), min(box[2], l), max(box[3], r)]
                grew = True
    rivals = [b for b in others if b["mass"] >= SECOND_DIGIT_SHARE * main["mass"]]
    big = [b for b in group if b["mass"] >= SECOND_DIGIT_SHARE * main["mass"]]
    side_by_side = any(
        min(a["box"][3], b["box"][3]) - max(a["box"][2], b["box"][2])
        < 0.2 * min(a["box"][3] - a["box"][2], b["box"][3] - b["box"][2])
        for i, a in enumerate(big) for b in big[i + 1 :]
    )
    if rivals or side_by_side:
        raise SeveralDigitsError(
            f"Several digits found ({1 + len(rivals) + max(0, len(big) - 1)} blobs of ink of about a digit's "
            f"size). The model reads one digit at a time: crop the picture to a single digit (or "
            f"photograph one digit alone) and retry."
        )
    keep = np.zeros(len(boxes) + 1, dtype=bool)
    keep[[b["number"] for b in group]] = True
    return keep[labels]


def image_to_mnist(source, invert: bool | str = "auto", name: str | None = None) -> np.ndarray:
    """Read a picture of one handwritten digit and return one MNIST-format
    input of shape (28, 28, 1), float32 in [0, 1]: light digit on black,
    fitted into a 20x20 box, centred by its centre of mass.

    Any PNG or JPEG: a phone photo (up to 4000x3000 and beyond, turned upright
    from its EXIF tag), blue, black or red ink, plain, ruled or squared paper,
    shadows, a dim photo, the table at the edge, the digit inside a drawn
    box, or light chalk on a dark board. An image already about MNIST's size
    (both sides under :data:`PHOTO_MIN_SIDE`) skips the photo clean-up
    (:func:`photo_to_ink`) and goes straight to :func:`to_mnist_format`.

    Add a batch axis before giving it to a model: ``model.predict(x[None])``.

    Parameters
    ----------
    source : path or bytes
    invert : "auto", True or False
        True when the picture is dark ink on light paper; "auto" lets
        :func:`is_dark_on_light` decide from the picture's own contrast.
    name : the file's name in messages (for bytes, such as an upload)

    Raises
    ------
    FileNotFoundError
        No file at that path.
    UnreadableImageError, NoDigitError, SeveralDigitsError (ValueErrors)
        A corrupt file, a blank page, more than one digit; the message says
        what to do.

    Example
    -------
    >>> x = image_to_mnist("../images/digit_7.png")   # doctest: +SKIP
    >>> x.shape                                        # doctest: +SKIP
    (28, 28, 1)
    >>> image_to_mnist("photo_of_a_3.jpg").shape       # doctest: +SKIP
    (28, 28, 1)
    """
    return read_digit(source, invert=invert, name=name)[0]


def read_digit(source, invert: bool | str = "auto", name: str | None = None) -> tuple[np.ndarray, float]:
    """:func:`image_to_mnist`, and how large the digit is in the picture: the
    longer side of the ink's box as a share of the picture's longer side
    (0..1). The draw-a-digit pad says "too small" below
    :data:`helpers.pad.MIN_DIGIT_SHARE` (a speck on a photo is not a digit).

    Example
    -------
    >>> x, share = read_digit("../images/digit_7.png")   # doctest: +SKIP
    >>> x.shape, share > 0.5                             # doctest: +SKIP
    ((28, 28, 1), True)
    """
    grey = read_image(source, max_side=WORK_SIDE, name=name)
    if max(grey.shape) < PHOTO_MIN_SIDE:
        return to_mnist_format(grey, invert=invert), 1.0
    ink = photo_to_ink(grey, invert=invert)
    rows, cols = np.flatnonzero(ink.max(axis=1) > 0), np.flatnonzero(ink.max(axis=0) > 0)
    share = (max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1) / max(ink.shape) if rows.size else 0.0
    return to_mnist_format(ink, invert=False), float(share)


#: The first name of :func:`image_to_mnist`, kept so that older notebooks work.
png_to_mnist = image_to_mnist
