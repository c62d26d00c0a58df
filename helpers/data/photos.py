"""The "phone photos" test set: 80 handwritten digits photographed on paper (70, then 10 in frames).

Shipped as files in ``images/photos/`` (about 6 MB), each checked by its
sha256 against ``images/photos/manifest.csv`` (name, label, sha256, what the
scene shows). ``images/photos/make_photos.py`` (seeded, no model in the loop;
see ``images/photos/README.md``) made them once and is kept as provenance.

Example
-------
>>> from helpers import load_photo_digits
>>> photos = load_photo_digits()                      # doctest: +SKIP
>>> photos.images.shape, photos.raw.shape             # doctest: +SKIP
((80, 28, 28, 1), (80, 28, 28, 1))
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path
from typing import NamedTuple

import numpy as np

__all__ = ["PHOTO_DIR", "PhotoDigits", "PhotoDigitsError", "fetch_photo_digits", "load_photo_digits"]

#: Where the photos, their manifest, README and generator live: images/photos/.
#:
#: :meta hide-value:
PHOTO_DIR = Path(__file__).resolve().parents[2] / "images" / "photos"


class PhotoDigitsError(RuntimeError):
    """A photo of the test set is missing, or its bytes differ from the manifest."""


class PhotoDigits(NamedTuple):
    """What :func:`load_photo_digits` returns."""

    images: np.ndarray  #: (n, 28, 28, 1) float32: each photo through image_to_mnist (zeros where it failed)
    raw: np.ndarray  #: (n, 28, 28, 1) float32: each photo in grey, upright, just resized to 28x28 (dark on light)
    labels: np.ndarray  #: (n,) int: the digit
    names: list  #: the n file names
    errors: dict  #: file name -> the message image_to_mnist gave, for photos it could not read
    scenes: list  #: what each photo shows ("blue ink; ruled; in a drawn box; dim; ...")


def _manifest() -> list[dict]:
    """The committed manifest's rows (it always comes from the repository, whatever folder the photos are in)."""
    path = PHOTO_DIR / "manifest.csv"
    if not path.is_file():
        raise PhotoDigitsError(f"No manifest at {path}: restore images/photos/ from the repository.")
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def fetch_photo_digits(folder=None, check: bool = True) -> dict[str, Path]:
    """Return the path of every photo of the set, each checked against the manifest.

    The photos are data files shipped with the course (``images/photos/*.jpg``),
    so every learner, on any library version, tests on the same pictures.
    ``images/photos/make_photos.py`` made them once; it is kept as their
    provenance, not run here (its JPEG bytes depend on the versions of Pillow,
    NumPy, SciPy and scikit-image). With ``check`` (the default), every file's
    sha256 must match ``manifest.csv``; ``check=False`` accepts files that
    differ (numbers measured on them are then not the course's).

    Raises
    ------
    PhotoDigitsError
        The manifest is missing, a photo is missing, or (with ``check``) a
        photo's bytes differ from the manifest; the message says how to restore it.

    Example
    -------
    >>> paths = fetch_photo_digits()
    >>> len(paths), next(iter(paths))
    (80, 'photo_000_digit_0.jpg')
    """
    folder = Path(folder) if folder is not None else PHOTO_DIR
    paths, missing, differ = {}, [], []
    for row in _manifest():
        path = folder / row["name"]
        paths[row["name"]] = path
        if not path.is_file():
            missing.append(row["name"])
        elif check and hashlib.sha256(path.read_bytes()).hexdigest() != row["sha256"]:
            differ.append(row["name"])
    restore = ("They are data files of the course: restore them with `git checkout -- images/photos` "
               "in your copy of the course, or download the course again.")
    if missing:
        raise PhotoDigitsError(f"{len(missing)} of the {len(paths)} phone photos are missing from {folder} "
                               f"(first: {missing[0]}). {restore}")
    if differ:
        raise PhotoDigitsError(f"{len(differ)} of the {len(paths)} phone photos differ from "
                               f"images/photos/manifest.csv (first: {differ[0]}). {restore} "
                               "(check=False uses them anyway; numbers measured on them are then not the course's.)")
    return paths


def _prepared_key() -> str:
    """Twelve hex digits that change whenever the prepared arrays could: the
    manifest (hence every photo's bytes), the code that prepares them, and the
    versions of the libraries that code uses."""
    import PIL
    import scipy
    import skimage

    digest = hashlib.sha256((PHOTO_DIR / "manifest.csv").read_bytes())
    digest.update(Path(__file__).read_bytes())
    for module in sorted((Path(__file__).resolve().parents[1] / "preprocess").glob("*.py")):  # the code that prepares them
        digest.update(module.read_bytes())
    digest.update(f"numpy {np.__version__} pillow {PIL.__version__} scipy {scipy.__version__} "
                  f"scikit-image {skimage.__version__}".encode())
    return digest.hexdigest()[:12]


def _save_prepared(path: Path, photos: "PhotoDigits") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.npz")
    np.savez_compressed(partial, images=photos.images, raw=photos.raw, labels=photos.labels,
                        names=np.array(photos.names), scenes=np.array(photos.scenes),
                        errors=np.array(json.dumps(photos.errors)))
    partial.replace(path)  # never a half-written file under the real name


def _load_prepared(path: Path) -> "PhotoDigits | None":
    try:
        with np.load(path, allow_pickle=False) as data:
            return PhotoDigits(data["images"], data["raw"], data["labels"], [str(n) for n in data["names"]],
                               json.loads(str(data["errors"])), [str(s) for s in data["scenes"]])
    except (OSError, KeyError, ValueError):  # truncated or foreign file: prepare again
        return None


def load_photo_digits(folder=None, check: bool = True, cache_dir=None) -> PhotoDigits:
    """Load the phone-photo test set, both as a learner would naively feed it
    to a model and through :func:`helpers.image_to_mnist`.

    With ``cache_dir`` (a notebook passes ``"cache"``), the prepared arrays
    are saved there once and read back on the next run (about 15 s saved),
    under a name that records the manifest, the preparing code and the
    library versions, so a stale file is never used. The photos themselves
    are still checked first (:func:`fetch_photo_digits`).

    Returns a :class:`PhotoDigits` with ``images`` (each photo through
    ``image_to_mnist``: MNIST's format, light on black; all zeros for a photo
    it refused, whose message is in ``errors``), ``raw`` (each photo in grey,
    turned upright, just resized to 28x28, dark ink on light paper as
    photographed), ``labels``, ``names`` and ``scenes``.

    Example
    -------
    >>> photos = load_photo_digits()                                  # doctest: +SKIP
    >>> p = model.predict(photos.images, verbose=0)                   # doctest: +SKIP
    >>> float((p.argmax(1) == photos.labels).mean())                  # doctest: +SKIP
    """
    from PIL import Image

    from ..preprocess.errors import DigitImageError
    from ..preprocess.pipeline import image_to_mnist
    from ..preprocess.read import read_image

    paths = fetch_photo_digits(folder, check=check)
    cached = None
    if cache_dir is not None and check and folder is None:  # only the checked, course-wide set is cached
        cached = Path(cache_dir) / f"photo_digits_{_prepared_key()}.npz"
        if cached.is_file():
            photos = _load_prepared(cached)
            if photos is not None and photos.names == list(paths):
                return photos
    rows = {row["name"]: row for row in _manifest()}
    names = list(paths)
    images, raw, errors = [], [], {}
    for name in names:
        try:
            images.append(image_to_mnist(paths[name]))
        except DigitImageError as exc:
            errors[name] = str(exc)
            images.append(np.zeros((28, 28, 1), dtype=np.float32))
        grey = read_image(paths[name], max_side=280)
        small = Image.fromarray(grey).resize((28, 28), Image.Resampling.BOX)
        raw.append(np.clip(np.asarray(small, dtype=np.float32), 0.0, 1.0)[..., np.newaxis])
    labels = np.array([int(rows[n]["label"]) for n in names], dtype=int)
    photos = PhotoDigits(np.stack(images).astype(np.float32), np.stack(raw).astype(np.float32), labels, names,
                         errors, [rows[n]["scene"] for n in names])
    if cached is not None:
        _save_prepared(cached, photos)
    return photos
