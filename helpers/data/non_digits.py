"""Images that are not digits, made at run time (notebook 06 asks a model about
them): crops of scikit-image's sample photographs, letters, scribbles.

The committed test images are made once by a script (``images/make_images.py``)
and loaded by :mod:`helpers.data.digits`; these are generated each time, from a seed.
"""

from __future__ import annotations

import numpy as np

__all__ = ["NON_DIGIT_PHOTOS", "NON_DIGIT_LETTERS", "make_non_digits"]


#: scikit-image sample photographs (shipped inside the package, no download) cut into non-digits.
NON_DIGIT_PHOTOS = ("astronaut", "camera", "coins", "coffee", "horse", "moon", "rocket", "brick",
                    "grass", "gravel", "immunohistochemistry", "hubble_deep_field")
#: Letters whose shapes are not digits' (no O, I, l, S, Z, B, G, q, g: those look like 0, 1, 5, 2, 8, 6, 9).
NON_DIGIT_LETTERS = "ACEFHKMNPRTUVWXYaefhkmnrtuvwxy"


def make_non_digits(seed: int = 0, crops_per_photo: int = 3, scribbles: int = 24):
    """Images that are not digits, MNIST-shaped and dark on light like our
    test digits: made here, deterministically from ``seed``, for testing
    whether a model can tell that an image is no digit (notebook 05).

    Three kinds:

    - ``"photo"``: ``crops_per_photo`` random square crops of each of
      scikit-image's sample photographs in :data:`NON_DIGIT_PHOTOS`, grey,
      resized to 28x28;
    - ``"letter"``: each letter of :data:`NON_DIGIT_LETTERS`, written with
      Pillow's built-in font;
    - ``"scribble"``: ``scribbles`` random pen strokes (smooth random walks).

    Letters and scribbles are framed as MNIST frames its digits
    (:func:`helpers.to_mnist_format`: cropped to the ink, scaled into a
    20x20 box, centred), then turned dark on light.

    Returns
    -------
    images : float32 array (n, 28, 28, 1) in [0, 1]
    kinds : array of str (n,), "photo", "letter" or "scribble"

    Example
    -------
    >>> images, kinds = make_non_digits()
    >>> images.shape, sorted(set(kinds.tolist()))
    ((90, 28, 28, 1), ['letter', 'photo', 'scribble'])
    """
    import skimage.data
    from PIL import Image, ImageDraw, ImageFont

    rng = np.random.default_rng(seed)
    images, kinds = [], []

    for name in NON_DIGIT_PHOTOS:
        photo = np.asarray(getattr(skimage.data, name)(), dtype=np.float32)
        if photo.max() > 1:
            photo = photo / 255.0
        if photo.ndim == 3:
            photo = photo[..., :3].mean(axis=-1)
        height, width = photo.shape
        for _ in range(crops_per_photo):
            side = int(rng.uniform(0.25, 0.6) * min(height, width))
            top, left = rng.integers(0, height - side + 1), rng.integers(0, width - side + 1)
            crop = Image.fromarray((photo[top:top + side, left:left + side] * 255).astype(np.uint8))
            images.append(np.asarray(crop.resize((28, 28), Image.Resampling.LANCZOS)) / 255.0)
            kinds.append("photo")

    from ..preprocess.pipeline import to_mnist_format

    def framed(canvas):  # cropped to the ink, scaled into MNIST's 20x20 box, centred; dark on light
        return 1.0 - to_mnist_format(np.asarray(canvas) / 255.0, invert=True)[..., 0]

    font = ImageFont.load_default(size=44)
    for letter in NON_DIGIT_LETTERS:
        canvas = Image.new("L", (64, 64), 235)
        ImageDraw.Draw(canvas).text((10, 2), letter, fill=30, font=font)
        images.append(framed(canvas))
        kinds.append("letter")

    for _ in range(scribbles):
        canvas = Image.new("L", (64, 64), 235)
        point, heading = rng.uniform(24, 40, size=2), rng.uniform(0, 2 * np.pi)
        path = [tuple(point)]
        for _ in range(int(rng.integers(12, 30))):
            heading += rng.normal(0, 0.7)
            point = np.clip(point + 4.0 * np.array([np.cos(heading), np.sin(heading)]), 4, 60)
            path.append(tuple(point))
        ImageDraw.Draw(canvas).line(path, fill=30, width=int(rng.integers(5, 9)), joint="curve")
        images.append(framed(canvas))
        kinds.append("scribble")

    return np.stack(images)[..., np.newaxis].astype(np.float32), np.array(kinds)
