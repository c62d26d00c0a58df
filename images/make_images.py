"""Make the project's test images in images/ (run from the repository root).

    python images/make_images.py

The digits 0-9 are drawn here, stroke by stroke, with a round pen, as dark ink
on light paper, with the uneven lighting and grain of a photo of a page. They
are 28x28 greyscale PNGs, like MNIST in size but the opposite way round in
brightness: the distribution shift that notebooks 04 and 05 are about.

The non-digit is scikit-image's sample photograph of a cat ("chelsea"),
turned grey and shrunk to 28x28.

Everything is deterministic (fixed seed, no randomness elsewhere), so running
the script again reproduces the same pixels; tests/test_images.py checks that.
The design (stroke shapes, pen, paper) was fixed before any model saw the
images and must not be changed to suit a model's predictions.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SIZE = 28
CANVAS = 280  # draw at 10x, then shrink: smooth anti-aliased strokes
PEN = 24  # pen width on the canvas (about 2.4 pixels at 28x28, like MNIST)
SEED = 2026


def _arc(cx, cy, rx, ry, start, stop, n=48):
    """Points along an ellipse from angle start to stop (degrees; y points down)."""
    t = np.radians(np.linspace(start, stop, n))
    return list(zip(cx + rx * np.cos(t), cy + ry * np.sin(t)))


# Each digit is a list of strokes; each stroke a list of (x, y) in a unit box
# (x to the right, y down), drawn without lifting the pen.
STROKES = {
    0: [_arc(0.5, 0.5, 0.28, 0.42, -90, 275)],
    1: [[(0.36, 0.24), (0.52, 0.08), (0.52, 0.92)]],
    2: [_arc(0.5, 0.32, 0.26, 0.22, 190, 390) + [(0.2, 0.9), (0.84, 0.9)]],
    3: [_arc(0.48, 0.29, 0.25, 0.2, 200, 450), _arc(0.48, 0.7, 0.3, 0.21, 270, 520)],
    4: [[(0.56, 0.08), (0.16, 0.64), (0.86, 0.64)], [(0.64, 0.32), (0.64, 0.94)]],
    5: [[(0.8, 0.1), (0.32, 0.1), (0.27, 0.46)] + _arc(0.5, 0.66, 0.29, 0.25, 215, 515)],
    6: [[(0.7, 0.06), (0.52, 0.2), (0.38, 0.4), (0.29, 0.62)] + _arc(0.51, 0.7, 0.22, 0.21, 180, 545)],
    7: [[(0.18, 0.12), (0.82, 0.12), (0.42, 0.92)]],
    8: [_arc(0.5, 0.29, 0.21, 0.19, 90, 450), _arc(0.5, 0.7, 0.26, 0.21, -90, 270)],
    9: [_arc(0.49, 0.32, 0.23, 0.21, 0, 360) + [(0.72, 0.36), (0.64, 0.94)]],
}


def draw_digit(digit: int, rng: np.random.Generator) -> np.ndarray:
    """Dark ink on light paper, 28x28 float in [0, 1] (1 = white)."""
    from PIL import Image, ImageDraw

    canvas = Image.new("L", (CANVAS, CANVAS), 0)
    pen = ImageDraw.Draw(canvas)
    slant = np.radians(rng.uniform(6, 14))  # handwriting leans to the right
    scale = rng.uniform(170, 200)  # the digit's height on the canvas
    ox = (CANVAS - scale) / 2 + rng.uniform(-8, 8)
    oy = (CANVAS - scale) / 2 + rng.uniform(-8, 8)
    for stroke in STROKES[digit]:
        pts = [
            (ox + scale * (0.15 + 0.7 * x) + (0.5 - y) * scale * np.tan(slant), oy + scale * y)
            for x, y in stroke
        ]
        pen.line(pts, fill=255, width=PEN, joint="curve")
        for x, y in (pts[0], pts[-1]):  # round pen tip at both ends
            pen.ellipse([x - PEN / 2, y - PEN / 2, x + PEN / 2, y + PEN / 2], fill=255)
    ink = np.asarray(canvas.resize((SIZE, SIZE), Image.Resampling.LANCZOS), dtype=float) / 255
    return _on_paper(np.clip(ink, 0, 1), rng)


def _on_paper(ink: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Blend ink (1 = full ink) onto unevenly lit, grainy paper."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE] / (SIZE - 1)
    angle = rng.uniform(0, 2 * np.pi)
    light = 0.86 + 0.08 * (np.cos(angle) * xx + np.sin(angle) * yy)  # lighting gradient
    paper = light + rng.normal(0, 0.015, ink.shape)  # grain
    ink_level = rng.uniform(0.12, 0.22)  # pen ink is dark grey, not pure black
    return np.clip(paper * (1 - ink) + ink_level * ink, 0, 1)


def not_a_digit() -> np.ndarray:
    """scikit-image's cat photograph, grey, centre-cropped to a square, 28x28."""
    from PIL import Image
    from skimage import data
    from skimage.color import rgb2gray

    grey = rgb2gray(data.chelsea())
    h, w = grey.shape
    side = min(h, w)
    top, left = (h - side) // 2, (w - side) // 2
    square = (grey[top : top + side, left : left + side] * 255).astype(np.uint8)
    small = Image.fromarray(square).resize((SIZE, SIZE), Image.Resampling.LANCZOS)
    return np.asarray(small, dtype=float) / 255


def make_all() -> dict[str, np.ndarray]:
    """Every test image by file name, as uint8 arrays (what the PNGs hold)."""
    rng = np.random.default_rng(SEED)
    images = {f"digit_{d}.png": draw_digit(d, rng) for d in range(10)}
    images["not_a_digit.png"] = not_a_digit()
    return {name: np.round(img * 255).astype(np.uint8) for name, img in images.items()}


def main() -> None:
    import hashlib

    from PIL import Image

    for name, pixels in make_all().items():
        path = HERE / name
        Image.fromarray(pixels, mode="L").save(path, optimize=False)
        print(f'    "{name}": "{hashlib.sha256(path.read_bytes()).hexdigest()}",')


if __name__ == "__main__":
    main()
