"""Make the "phone photos" test set: handwritten digits photographed on paper.

    python images/photos/make_photos.py            # writes the JPEGs next to this file
    python images/photos/make_photos.py --manifest # ...and rewrites manifest.csv (only when the design changes)

Every photo is made here, from a fixed seed, with no model anywhere in the
loop (see README.md in this folder for the provenance and the rules):

- the digit: either one of scikit-learn's 8x8 handwritten digits (UCI
  "Optical Recognition of Handwritten Digits", other writers than MNIST's),
  upscaled smoothly and given a pen's edge, or a stroke model (a skeleton per
  digit, with a per-writer slant, width, proportions, wobble and pen width);
- the paper: a warm white lit by a field taken from one of scikit-image's
  sample photographs (heavily blurred: real uneven light) with grain from
  another (gravel, grass, brick, moon: real texture), plain, ruled or squared;
- the scene: blue, black or red ink; a shadow; a mild perspective; a margin
  of table (a sample photograph, darkened); some digits inside a hand-drawn
  box; some dim photos; a few light chalk digits on a dark board; photos 70-79
  inside a frame (thick border, filled plate, a box the digit touches, a box of
  a form); some stored sideways with an EXIF orientation tag, as phones do;
- the camera: a little blur, sensor noise, JPEG compression.

This script does not import the course's helpers: the test set shares no code
with the preprocessing it tests. It uses only +, -, *, / and square roots on
large arrays (no exp, sin, ...), so that its pixels do not depend on which
vector instructions NumPy picks on a given CPU; the JPEG bytes do depend on
the Pillow / libjpeg-turbo version (pinned in constraints.txt).
"""

from __future__ import annotations

import argparse
import csv
import functools
import hashlib
import io
import math
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SEED = 1414
N_PLAIN = 70  # photos 0-69: 7 of every digit
#: photos 70-79: one of every digit inside a frame or on a plate (made after the first 70, before any
#: model saw them): a thick border, a filled plate (light digit on a dark plate, as house numbers),
#: a drawn box the digit touches, a box of a printed form (a row of boxes)
FRAMES = ("thick border", "filled plate", "touching box", "form box")
N_PHOTOS = N_PLAIN + 10
WIDTH, HEIGHT = 750, 975  # portrait, as a phone holds it (shared at a modest size: the set stays about 6 MB)
MANIFEST = HERE / "manifest.csv"

INKS = {  # RGB in [0, 1]: ballpoint colours
    "blue": (0.10, 0.16, 0.55),
    "black": (0.09, 0.09, 0.11),
    "red": (0.72, 0.10, 0.12),
}
LIGHT_PHOTOS = ("camera", "astronaut", "coffee", "chelsea", "rocket")
GRAIN_PHOTOS = ("gravel", "grass", "brick", "moon")
TABLE_PHOTOS = ("coffee", "rocket", "brick", "gravel", "astronaut", "chelsea")

# Stroke skeletons in a unit box (x right, y down). Each digit has variants
# (the ways people write it); each variant is a list of strokes.
def _arc(cx, cy, rx, ry, start, stop, n=28):
    return [(cx + rx * math.cos(math.radians(a)), cy + ry * math.sin(math.radians(a)))
            for a in np.linspace(start, stop, n).tolist()]


SKELETONS = {
    0: [[_arc(0.5, 0.5, 0.32, 0.46, -100, 265)], [_arc(0.5, 0.5, 0.28, 0.46, -80, 290)]],
    1: [[[(0.5, 0.02), (0.5, 0.98)]], [[(0.28, 0.22), (0.55, 0.02), (0.55, 0.98)]],
        [[(0.3, 0.2), (0.56, 0.02), (0.56, 0.98)], [(0.3, 0.98), (0.8, 0.98)]]],
    2: [[_arc(0.5, 0.3, 0.3, 0.27, 200, 380) + [(0.15, 0.97), (0.88, 0.95)]],
        [_arc(0.48, 0.28, 0.3, 0.25, 190, 400) + [(0.14, 0.96)] + _arc(0.5, 0.96, 0.35, 0.04, 180, 360, 6)]],
    3: [[_arc(0.47, 0.26, 0.3, 0.24, 200, 450), _arc(0.47, 0.73, 0.34, 0.25, 270, 520)],
        [[(0.15, 0.05), (0.8, 0.05), (0.4, 0.45)] + _arc(0.47, 0.72, 0.34, 0.25, 270, 520)]],
    4: [[[(0.62, 0.02), (0.12, 0.66), (0.9, 0.66)], [(0.68, 0.3), (0.68, 0.98)]],
        [[(0.2, 0.02), (0.14, 0.58), (0.86, 0.58)], [(0.7, 0.1), (0.7, 0.98)]]],
    5: [[[(0.82, 0.04), (0.3, 0.04), (0.24, 0.45)] + _arc(0.5, 0.68, 0.32, 0.29, 220, 510)],
        [[(0.28, 0.04), (0.22, 0.45)] + _arc(0.5, 0.68, 0.32, 0.29, 220, 510), [(0.28, 0.04), (0.84, 0.04)]]],
    6: [[[(0.72, 0.02), (0.5, 0.18), (0.33, 0.42), (0.22, 0.66)] + _arc(0.5, 0.73, 0.29, 0.25, 180, 545)],
        [_arc(0.9, 0.62, 0.7, 0.6, 250, 180, 14) + _arc(0.5, 0.74, 0.3, 0.24, 180, 540)]],
    7: [[[(0.12, 0.05), (0.88, 0.05), (0.4, 0.98)]],
        [[(0.12, 0.05), (0.88, 0.05), (0.42, 0.98)], [(0.38, 0.52), (0.8, 0.52)]],
        [[(0.12, 0.15), (0.2, 0.05), (0.88, 0.05), (0.5, 0.98)]]],
    8: [[_arc(0.5, 0.26, 0.26, 0.24, 90, 450), _arc(0.5, 0.73, 0.32, 0.25, -90, 270)],
        [_arc(0.5, 0.26, 0.25, 0.24, 45, 405) + _arc(0.5, 0.73, 0.32, 0.25, -120, 240)]],
    9: [[_arc(0.5, 0.3, 0.3, 0.27, 0, 360) + [(0.8, 0.35), (0.72, 0.98)]],
        [_arc(0.5, 0.3, 0.3, 0.27, 10, 370) + [(0.8, 0.3), (0.8, 0.98)]]],
}


@functools.lru_cache(maxsize=None)
def _photo(name: str) -> np.ndarray:
    """A scikit-image sample photograph as float32 grey in [0, 1]."""
    import skimage.data

    a = np.asarray(getattr(skimage.data, name)(), dtype=np.float32) / 255.0
    if a.ndim == 3:
        a = a[..., :3] @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    return a


def _resize(a: np.ndarray, width: int, height: int, resample=None) -> np.ndarray:
    from PIL import Image

    resample = Image.Resampling.BICUBIC if resample is None else resample
    return np.asarray(Image.fromarray(np.ascontiguousarray(a, dtype=np.float32)).resize((width, height), resample),
                      dtype=np.float32)


def _crop(a: np.ndarray, rng, frac: float) -> np.ndarray:
    h, w = a.shape
    ch, cw = int(h * frac), int(w * frac)
    top, left = int(rng.integers(0, h - ch + 1)), int(rng.integers(0, w - cw + 1))
    return a[top : top + ch, left : left + cw]


@functools.lru_cache(maxsize=None)
def _sklearn_digits():
    from sklearn.datasets import load_digits

    return load_digits()


def _sklearn_digit(digit: int, rng) -> np.ndarray:
    """One of scikit-learn's 8x8 digits of this class, upscaled smoothly (cubic
    spline) to 160x160 and given a pen's edge: ink coverage in [0, 1]."""
    from scipy import ndimage

    data = _sklearn_digits()
    choices = np.flatnonzero(data.target == digit)
    img = data.images[int(rng.choice(choices))] / 16.0
    img = np.pad(img, 1)
    big = ndimage.zoom(img, 16, order=3)
    lo = rng.uniform(0.3, 0.45)
    return np.clip((big - lo) / 0.2, 0.0, 1.0).astype(np.float32)


def _stroke_digit(digit: int, rng) -> np.ndarray:
    """The stroke model: a skeleton of this digit, as one writer writes it
    (slant, proportions, wobble of every point, pen width), drawn with a round
    pen at 4x and shrunk: ink coverage in [0, 1], about 240 pixels tall."""
    from PIL import Image, ImageDraw

    variants = SKELETONS[digit]
    strokes = variants[int(rng.integers(0, len(variants)))]
    size = 960
    slant = rng.uniform(-0.05, 0.3)  # x shift per unit of height (most writers lean right)
    aspect = rng.uniform(0.55, 0.85)  # width / height
    pen = rng.uniform(0.06, 0.12) * size
    wobble = rng.uniform(0.005, 0.025)
    canvas = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(canvas)
    for stroke in strokes:
        pts = np.array(stroke, dtype=np.float64)
        pts = pts + rng.normal(0, wobble, pts.shape)
        x = 0.5 + (pts[:, 0] - 0.5) * aspect + (0.5 - pts[:, 1]) * slant * 0.5
        y = pts[:, 1]
        xy = [(0.12 * size + 0.76 * size * float(a), 0.12 * size + 0.76 * size * float(b)) for a, b in zip(x, y)]
        draw.line(xy, fill=255, width=int(pen), joint="curve")
        for px, py in (xy[0], xy[-1]):
            draw.ellipse([px - pen / 2, py - pen / 2, px + pen / 2, py + pen / 2], fill=255)
    small = canvas.resize((240, 240), Image.Resampling.LANCZOS)
    return np.asarray(small, dtype=np.float32) / 255.0


def _paper(rng, kind: str, board: bool) -> tuple[np.ndarray, str]:
    """An RGB page (HEIGHT x WIDTH x 3): base colour x lighting x grain, with lines."""
    from PIL import Image, ImageDraw

    light_name = LIGHT_PHOTOS[int(rng.integers(0, len(LIGHT_PHOTOS)))]
    light = _resize(_crop(_photo(light_name), rng, 0.5), 24, 32)
    light = _resize(light, WIDTH, HEIGHT)  # upscaling a tiny crop = a very wide blur
    light = 1.0 + rng.uniform(0.1, 0.25) * (light - light.mean())
    grain_name = GRAIN_PHOTOS[int(rng.integers(0, len(GRAIN_PHOTOS)))]
    grain = _resize(_crop(_photo(grain_name), rng, 0.6), WIDTH, HEIGHT)
    grain = 1.0 + rng.uniform(0.03, 0.07) * (grain - grain.mean())
    if board:
        base = np.array([rng.uniform(0.1, 0.18), rng.uniform(0.16, 0.26), rng.uniform(0.12, 0.2)], dtype=np.float32)
        grain = 1.0 + 3.0 * (grain - 1.0)  # a board is rougher than paper
    else:
        base = np.array([rng.uniform(0.92, 0.97), rng.uniform(0.9, 0.95), rng.uniform(0.83, 0.92)], dtype=np.float32)
    page = base[None, None, :] * (light * grain)[..., None]
    lines = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(lines)
    colour = np.array([0.55, 0.68, 0.92] if rng.random() < 0.7 else [0.6, 0.62, 0.66], dtype=np.float32)
    if kind == "ruled":
        step = int(rng.integers(34, 44))
        for y in range(int(rng.integers(10, step)), HEIGHT, step):
            draw.line([(0, y), (WIDTH, y)], fill=255, width=2)
        if rng.random() < 0.5:  # the red margin line
            x = int(rng.uniform(0.08, 0.16) * WIDTH)
            margin = Image.new("L", (WIDTH, HEIGHT), 0)
            ImageDraw.Draw(margin).line([(x, 0), (x, HEIGHT)], fill=255, width=3)
            m = np.asarray(margin, dtype=np.float32)[..., None] / 255.0 * 0.6
            page = page * (1 - m) + m * np.array([0.85, 0.35, 0.4], dtype=np.float32)
    elif kind == "squared":
        step = int(rng.integers(26, 34))
        for y in range(int(rng.integers(5, step)), HEIGHT, step):
            draw.line([(0, y), (WIDTH, y)], fill=255, width=2)
        for x in range(int(rng.integers(5, step)), WIDTH, step):
            draw.line([(x, 0), (x, HEIGHT)], fill=255, width=2)
    strength = rng.uniform(0.45, 0.75)
    m = np.asarray(lines, dtype=np.float32)[..., None] / 255.0 * strength
    page = page * (1 - m) + m * colour * page
    return page, f"light from {light_name}, grain from {grain_name}"


def _write(page: np.ndarray, coverage: np.ndarray, colour, top: int, left: int, rng, chalk: bool) -> None:
    """Lay ink of this colour, with this coverage, onto the page (in place)."""
    h, w = coverage.shape
    a = coverage * rng.uniform(0.8, 0.95)
    if chalk:  # chalk breaks up on a rough board
        a = a * np.clip(1.0 - 0.6 * rng.random(a.shape, dtype=np.float32), 0, 1)
    region = page[top : top + h, left : left + w]
    ink = np.asarray(colour, dtype=np.float32)[None, None, :]
    region[...] = region * (1 - a[..., None]) + ink * a[..., None]


def _box(shape, rng, pen: float) -> np.ndarray:
    """A hand-drawn rectangle (wobbly corners, overshooting ends) as coverage."""
    from PIL import Image, ImageDraw

    h, w = shape
    img = Image.new("L", (w, h), 0)
    j = lambda: float(rng.normal(0, 0.012 * max(h, w)))  # noqa: E731
    m = 0.04 * max(h, w)
    corners = [(m + j(), m + j()), (w - m + j(), m + j()), (w - m + j(), h - m + j()), (m + j(), h - m + j())]
    ImageDraw.Draw(img).line(corners + [(corners[0][0] + 0.05 * w, corners[0][1] + j())], fill=255,
                             width=max(2, int(pen)), joint="curve")
    return np.asarray(img, dtype=np.float32) / 255.0


def _rectangle(shape, box, pen: float, fill: bool = False) -> np.ndarray:
    """Coverage of a straight rectangle (printed, or a plate): ``box`` = (top, left, bottom, right)."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (shape[1], shape[0]), 0)
    top, left, bottom, right = box
    ImageDraw.Draw(img).rectangle((left, top, right, bottom), outline=255, fill=255 if fill else None,
                                  width=max(1, int(round(pen))))
    return np.asarray(img, dtype=np.float32) / 255.0


def _frame(page, coverage, colour, top: int, left: int, height: int, kind: str, rng):
    """Write the digit (``coverage`` at ``top``, ``left``) inside a frame of this kind (in place); returns the
    digit's ink colour (a plate's digit is light paint)."""
    h, w = page.shape[:2]
    ink_rows = np.flatnonzero(coverage.max(axis=1) > 0.3)
    ink_cols = np.flatnonzero(coverage.max(axis=0) > 0.3)
    t, b = top + int(ink_rows[0]), top + int(ink_rows[-1])  # the digit's ink on the page
    l, r = left + int(ink_cols[0]), left + int(ink_cols[-1])
    if kind == "filled plate":  # a dark enamel plate with a thick light rim, a light digit on it
        margin = rng.uniform(0.18, 0.3) * height
        box = (int(t - margin), int(l - margin), int(b + margin), int(r + margin))
        plate = np.array([rng.uniform(0.05, 0.15), rng.uniform(0.1, 0.2), rng.uniform(0.3, 0.5)], dtype=np.float32)
        _write(page, _rectangle((h, w), box, 1, fill=True), plate, 0, 0, rng, False)
        rim = (box[0] + int(0.05 * height), box[1] + int(0.05 * height), box[2] - int(0.05 * height),
               box[3] - int(0.05 * height))
        paint = (0.93, 0.93, 0.9)
        _write(page, _rectangle((h, w), rim, rng.uniform(0.03, 0.05) * height), paint, 0, 0, rng, False)
        _write(page, coverage, paint, top, left, rng, False)
        return paint
    _write(page, coverage, colour, top, left, rng, False)
    if kind == "thick border":  # a frame as thick as a marker stroke or more, around the digit
        margin, pen = rng.uniform(0.12, 0.25) * height, rng.uniform(0.08, 0.14) * height
        box = (int(t - margin - pen), int(l - margin - pen), int(b + margin + pen), int(r + margin + pen))
        _write(page, _rectangle((h, w), box, pen), colour, 0, 0, rng, False)
    elif kind == "touching box":  # a drawn box as tight as the digit: its strokes run into the box
        pen = rng.uniform(0.025, 0.05) * height
        box = (int(t + pen / 2), int(l + pen / 2), int(b - pen / 2), int(r - pen / 2))
        _write(page, _rectangle((h, w), box, pen), colour, 0, 0, rng, False)
    elif kind == "form box":  # a row of printed boxes on a form, the digit written in one of them
        black = (0.12, 0.12, 0.14)
        pen = rng.uniform(0.008, 0.015) * height
        margin = rng.uniform(0.08, 0.18) * height
        side = max(b - t, r - l) + 2 * margin
        cell_top = int((t + b) / 2 - side / 2)
        cell_left = int((l + r) / 2 - side / 2)
        for k in range(-2, 3):
            box = (cell_top, int(cell_left + k * side), int(cell_top + side), int(cell_left + (k + 1) * side))
            _write(page, _rectangle((h, w), box, pen), black, 0, 0, rng, False)
    return colour


def _perspective_coeffs(dst, src):
    """PIL's 8 PERSPECTIVE coefficients mapping output points dst to input points src."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(dst, src):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y]); rhs.append(u)
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y]); rhs.append(v)
    return np.linalg.solve(np.array(rows, dtype=np.float64), np.array(rhs, dtype=np.float64)).tolist()


def make_photo(index: int, seed: int = SEED) -> tuple[bytes, int, str]:
    """Photo number ``index``: (JPEG bytes, the digit, a description of the scene)."""
    from PIL import Image
    from scipy import ndimage

    rng = np.random.default_rng([seed, index])
    digit = index % 10
    framed = FRAMES[(index - N_PLAIN) % len(FRAMES)] if index >= N_PLAIN else ""
    board = index % 12 == 11 and not framed  # 5 of the first 70 photos: chalk on a dark board
    dim = not board and index % 7 == 3
    boxed = not board and index % 5 == 2 and not framed
    kind = "plain" if board else ("plain", "ruled", "squared")[int(rng.integers(0, 3))]
    source = "scikit-learn digit" if index % 2 == 0 else "stroke model"
    coverage = _sklearn_digit(digit, rng) if index % 2 == 0 else _stroke_digit(digit, rng)
    ink_name = "chalk" if board else ("blue", "black", "red")[int(rng.integers(0, 3))]
    colour = (0.86, 0.87, 0.84) if board else INKS[ink_name]

    page, paper_note = _paper(rng, kind, board)
    # the digit: 22-38 % of the page's height, near the middle
    height = int(rng.uniform(0.22, 0.38) * HEIGHT)
    coverage = _resize(coverage, height, height, Image.Resampling.BILINEAR).clip(0, 1)
    cy = HEIGHT / 2 + rng.uniform(-0.08, 0.08) * HEIGHT
    cx = WIDTH / 2 + rng.uniform(-0.08, 0.08) * WIDTH
    top, left = int(cy - height / 2), int(cx - height / 2)
    if framed:
        colour = _frame(page, coverage, colour, top, left, height, framed, rng)
    else:
        _write(page, coverage, colour, top, left, rng, board)
    if boxed:
        grow = rng.uniform(1.3, 1.6)
        side_h, side_w = int(height * grow), int(height * grow * rng.uniform(0.8, 1.0))
        frame = _box((side_h, side_w), rng, pen=0.035 * height)
        _write(page, frame, colour, int(cy - side_h / 2), int(cx - side_w / 2), rng, board)

    # lighting over the whole page: a shadow ramp (and sometimes a hand's soft shadow)
    yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    dx, dy = rng.normal(size=2)
    norm = math.sqrt(dx * dx + dy * dy)
    ramp = (dx * (xx / WIDTH - 0.5) + dy * (yy / HEIGHT - 0.5)) / norm + 0.5  # about 0..1 across the page
    shade = 1.0 - rng.uniform(0.1, 0.45) * np.clip(ramp, 0, 1)
    if rng.random() < 0.4:
        edge = np.clip((ramp - rng.uniform(0.6, 0.8)) * 8.0, 0, 1)
        shade = shade * (1.0 - rng.uniform(0.2, 0.35) * edge)
    page = page * shade[..., None]

    # the camera: perspective, a margin of table, exposure, blur, noise, JPEG
    table_shown = bool(rng.random() < 0.6)
    inset = rng.uniform(0.02, 0.1, size=4) if table_shown else -rng.uniform(0.02, 0.06, size=4)
    jitter = rng.uniform(-0.025, 0.025, size=(4, 2))
    dst = [(WIDTH * (inset[0] + jitter[0, 0]), HEIGHT * (inset[1] + jitter[0, 1])),
           (WIDTH * (1 - inset[2] + jitter[1, 0]), HEIGHT * (inset[1] + jitter[1, 1])),
           (WIDTH * (1 - inset[2] + jitter[2, 0]), HEIGHT * (1 - inset[3] + jitter[2, 1])),
           (WIDTH * (inset[0] + jitter[3, 0]), HEIGHT * (1 - inset[3] + jitter[3, 1]))]
    src = [(0, 0), (WIDTH, 0), (WIDTH, HEIGHT), (0, HEIGHT)]
    coeffs = _perspective_coeffs(dst, src)
    table_name = TABLE_PHOTOS[int(rng.integers(0, len(TABLE_PHOTOS)))]
    table = _resize(_crop(_photo(table_name), rng, 0.7), WIDTH, HEIGHT)
    tint = np.array([rng.uniform(0.45, 0.8), rng.uniform(0.3, 0.55), rng.uniform(0.2, 0.4)], dtype=np.float32)
    scene = table[..., None] * tint[None, None, :]
    mask = Image.new("L", (WIDTH, HEIGHT), 255).transform((WIDTH, HEIGHT), Image.Transform.PERSPECTIVE, coeffs,
                                                         Image.Resampling.BILINEAR)
    mask = np.asarray(mask, dtype=np.float32)[..., None] / 255.0
    warped = np.stack([_warp(page[..., c], coeffs) for c in range(3)], axis=-1)
    scene = scene * (1 - mask) + warped * mask

    exposure = rng.uniform(0.4, 0.5) if dim else rng.uniform(0.9, 1.05)
    scene = scene * exposure
    scene = ndimage.gaussian_filter(scene, (rng.uniform(0.7, 1.4), rng.uniform(0.7, 1.4), 0))
    scene = scene + rng.normal(0, rng.uniform(0.006, 0.02), scene.shape).astype(np.float32)
    pixels = np.clip(np.round(scene * 255), 0, 255).astype(np.uint8)
    img = Image.fromarray(pixels, "RGB")
    sideways = index % 9 == 4  # stored as the sensor saw it, with an EXIF tag saying how to turn it
    exif = Image.Exif()
    if sideways:
        img = img.transpose(Image.Transpose.ROTATE_90)  # viewer must turn it 90 degrees clockwise: orientation 6
        exif[0x0112] = 6
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=int(rng.integers(78, 93)), subsampling=2, exif=exif.tobytes())

    ink_note = "chalk on a dark board" if board else ("light paint" if framed == "filled plate" else f"{ink_name} ink")
    notes = [source, ink_note, kind if not board else "",
             "in a drawn box" if boxed else "", framed, "dim" if dim else "", "table in view" if table_shown else "",
             "EXIF-rotated" if sideways else "", paper_note]
    return buf.getvalue(), digit, "; ".join(n for n in notes if n)


def _warp(channel: np.ndarray, coeffs) -> np.ndarray:
    from PIL import Image

    img = Image.fromarray(np.ascontiguousarray(channel, dtype=np.float32))
    out = img.transform((WIDTH, HEIGHT), Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BILINEAR)
    return np.asarray(out, dtype=np.float32)


def photo_name(index: int, digit: int) -> str:
    return f"photo_{index:03d}_digit_{digit}.jpg"


def make_all(folder: Path = HERE, seed: int = SEED, n: int = N_PHOTOS) -> list[dict]:
    """Write every photo into ``folder``; return one row per photo (name, label, sha256, scene)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for index in range(n):
        data, digit, notes = make_photo(index, seed)
        name = photo_name(index, digit)
        (folder / name).write_bytes(data)
        rows.append({"name": name, "label": digit, "sha256": hashlib.sha256(data).hexdigest(), "scene": notes})
    return rows


def write_manifest(rows: list[dict], path: Path = MANIFEST) -> None:
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["name", "label", "sha256", "scene"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write the JPEGs into")
    parser.add_argument("--manifest", action="store_true", help="rewrite manifest.csv from this run")
    args = parser.parse_args()
    start = time.perf_counter()
    rows = make_all(args.out)
    took = time.perf_counter() - start
    size = sum((args.out / r["name"]).stat().st_size for r in rows)
    print(f"{len(rows)} photos, {size / 1e6:.1f} MB, in {took:.1f} s -> {args.out}")
    if args.manifest:
        write_manifest(rows)
        print(f"wrote {MANIFEST}")
    elif MANIFEST.exists():
        with open(MANIFEST, newline="") as f:
            known = {r["name"]: r["sha256"] for r in csv.DictReader(f)}
        differ = [r["name"] for r in rows if known.get(r["name"]) != r["sha256"]]
        print("all match manifest.csv" if not differ else f"{len(differ)} differ from manifest.csv: {differ[:5]}")


if __name__ == "__main__":
    main()
