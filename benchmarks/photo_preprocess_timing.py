"""How long helpers.image_to_mnist takes on a phone-sized photo (run from the repository root).

    .venv/bin/python benchmarks/photo_preprocess_timing.py [--repeat 7]

Makes one 4000x3000 JPEG (quality 90) of a digit on ruled paper with a shadow (a photo from
images/photos/, scaled up), and times image_to_mnist on it from bytes: the median and the
fastest of --repeat runs after one warm-up, and the same for the photo at its own
1000x1300 size. Also times read_image alone, to show what decoding costs. A measurement,
not a test: the numbers depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _time(fn, repeat: int) -> tuple[float, float]:
    fn()  # warm-up: imports, caches
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), min(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    from PIL import Image, ImageOps

    from helpers import fetch_photo_digits, image_to_mnist, read_image
    from helpers.preprocess.pipeline import WORK_SIDE

    path = next(p for p in fetch_photo_digits().values() if "digit_7" in p.name)
    with Image.open(path) as img:
        photo = ImageOps.exif_transpose(img).convert("RGB")
    buf = io.BytesIO()
    photo.resize((3000, 4000), Image.Resampling.BICUBIC).save(buf, format="JPEG", quality=90)
    big = buf.getvalue()
    small = path.read_bytes()
    print(f"{'input':34s} {'median':>8s} {'fastest':>8s}")
    for label, fn in [
        ("4000x3000 JPEG: image_to_mnist", lambda: image_to_mnist(big)),
        ("4000x3000 JPEG: read_image only", lambda: read_image(big, max_side=WORK_SIDE)),
        ("1000x1300 JPEG: image_to_mnist", lambda: image_to_mnist(small)),
    ]:
        median, fastest = _time(fn, args.repeat)
        print(f"{label:34s} {median * 1000:6.0f} ms {fastest * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
