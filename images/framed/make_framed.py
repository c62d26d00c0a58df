"""Make the small framed pictures: digits in a frame or on a plate, at 28 to 100 pixels.

    python images/framed/make_framed.py              # writes the PNGs next to this file
    python images/framed/make_framed.py --manifest   # ...and rewrites manifest.csv (only when the design changes)

A sister set of the phone photos (``images/photos/``), for what those do not cover: a picture
that is already small (an MNIST-sized crop, a thumbnail, a cut-out of a form) and shows its
digit inside a frame. Made here with no model anywhere in the loop and fixed before any model
or the preprocessing saw them (the rules of ``images/photos/README.md`` hold here too):

- house numbers: a light printed digit on a dark plate inside a light border (Pillow's own
  font, the one ``ImageFont.load_default`` ships);
- handwritten digits (a pen drawn along a skeleton per digit, written here) in a drawn box,
  thin or thick, one touching the box;
- a box and a plate with nothing inside: no digit to read.

It does not import the course's helpers. PNG files: the pixels are exact; the file bytes depend
on the zlib version (the manifest's hashes are of the committed files).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent

#: Skeletons of handwritten digits on a 0..1 square (x right, y down): one polyline per stroke.
SKELETONS = {
    "1": [[(0.55, 0.05), (0.5, 0.5), (0.45, 0.95)]],
    "2": [[(0.15, 0.25), (0.35, 0.05), (0.65, 0.05), (0.8, 0.25), (0.7, 0.5), (0.15, 0.95), (0.85, 0.95)]],
    "3": [[(0.2, 0.1), (0.7, 0.05), (0.75, 0.3), (0.4, 0.48), (0.8, 0.65), (0.7, 0.92), (0.2, 0.9)]],
    "4": [[(0.6, 0.05), (0.1, 0.65), (0.9, 0.65)], [(0.65, 0.35), (0.62, 0.95)]],
    "5": [[(0.8, 0.05), (0.25, 0.05), (0.2, 0.45), (0.65, 0.45), (0.8, 0.7), (0.6, 0.95), (0.15, 0.88)]],
    "7": [[(0.1, 0.08), (0.9, 0.08), (0.4, 0.95)]],
}


def _handwritten(draw, digit: str, box: tuple[float, float, float, float], width: int, ink: int) -> None:
    left, top, right, bottom = box
    for stroke in SKELETONS[digit]:
        points = [(left + x * (right - left), top + y * (bottom - top)) for x, y in stroke]
        draw.line(points, fill=ink, width=width, joint="curve")


def plate(size: int, digit: str | None, border: float = 0.1) -> Image.Image:
    """A light printed digit on a dark plate inside a light border (house numbers)."""
    image = Image.new("L", (size, size), 225)
    draw = ImageDraw.Draw(image)
    edge = max(2, round(border * size))
    draw.rectangle([edge, edge, size - 1 - edge, size - 1 - edge], fill=40)
    if digit is not None:
        font = ImageFont.load_default(size=round(0.62 * size))
        draw.text((size / 2, size / 2), digit, fill=235, font=font, anchor="mm")
    return image


def boxed(size: int, digit: str | None, line: int, touching: bool = False) -> Image.Image:
    """A dark handwritten digit in a drawn box on light paper (the digit's ends on the box when
    ``touching``)."""
    image = Image.new("L", (size, size), 232)
    draw = ImageDraw.Draw(image)
    edge = max(1, round(0.07 * size))
    draw.rectangle([edge, edge, size - 1 - edge, size - 1 - edge], outline=35, width=line)
    if digit is not None:
        pad = edge + line if touching else round(0.25 * size)
        pen = max(1, round(0.08 * size))
        _handwritten(draw, digit, (pad + 0.1 * size, pad, size - pad - 0.1 * size, size - pad), pen, 30)
    return image


#: name, label ("" for no digit), the picture, and what it shows.
PICTURES = [
    ("framed_00_plate_28", "7", lambda: plate(28, "7"), "plate; printed; 28 px"),
    ("framed_01_plate_40", "3", lambda: plate(40, "3"), "plate; printed; 40 px"),
    ("framed_02_plate_64", "5", lambda: plate(64, "5"), "plate; printed; 64 px"),
    ("framed_03_plate_100", "2", lambda: plate(100, "2", border=0.05), "plate; printed; thin border; 100 px"),
    ("framed_04_box_28", "7", lambda: boxed(28, "7", 1), "drawn box, thin; handwritten; 28 px"),
    ("framed_05_box_40", "4", lambda: boxed(40, "4", 1), "drawn box, thin; handwritten; 40 px"),
    ("framed_06_box_64", "2", lambda: boxed(64, "2", 3), "drawn box, thick; handwritten; 64 px"),
    ("framed_07_box_96", "3", lambda: boxed(96, "3", 4), "drawn box, thick; handwritten; 96 px"),
    ("framed_08_touching_64", "1", lambda: boxed(64, "1", 2, touching=True), "drawn box the digit touches; 64 px"),
    ("framed_09_box_48", "5", lambda: boxed(48, "5", 2), "drawn box; handwritten; 48 px"),
    ("framed_10_empty_box_28", "", lambda: boxed(28, None, 1), "drawn box, nothing inside; 28 px"),
    ("framed_11_empty_plate_64", "", lambda: plate(64, None), "plate, nothing on it; 64 px"),
]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Make the small framed pictures (images/framed/).")
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--manifest", action="store_true", help="also rewrite manifest.csv")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, label, make, scene in PICTURES:
        path = args.out / f"{name}.png"
        make().save(path, format="PNG")
        rows.append({"name": path.name, "label": label, "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                     "scene": scene})
    if args.manifest:
        with open(HERE / "manifest.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=["name", "label", "sha256", "scene"])
            writer.writeheader()
            writer.writerows(rows)
    print(f"{len(rows)} pictures in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
