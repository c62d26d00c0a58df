"""The project's own test digits (the files in ``images/``).

Shaped like ``skimage.data``: a registry of file names with their sha256
hashes, a download function that uses the local ``images/`` copy first and
otherwise fetches the files with pooch (checking every hash and caching
them), and a loader shaped like the ``sklearn.datasets`` loaders.

The images are dark ink on light paper, the opposite of MNIST: that is the
point of notebooks 04 and 05. The loaders of the course's other image sets live
here too (scikit-learn's digits); images that are not digits are made by
:mod:`helpers.data.non_digits`, the photographed digits loaded by :mod:`helpers.data.photos`.

Example
-------
>>> from helpers import load_test_digits
>>> images, labels, names = load_test_digits()
>>> images.shape, images.dtype
((11, 28, 28, 1), dtype('float32'))
>>> labels[:3].tolist(), names[-1]
([0, 1, 2], 'not_a_digit.png')
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

__all__ = [
    "REGISTRY",
    "LABELS",
    "NOT_A_DIGIT",
    "BASE_URL",
    "TestDigitsError",
    "fetch_test_digits",
    "load_test_digits",
    "load_sklearn_digits",
    "LOCAL_DIR",
]

#: Label given to the image that is not a digit (MNIST labels are 0..9).
NOT_A_DIGIT = -1

#: File name -> sha256 of every test image (written by images/make_images.py).
REGISTRY = {
    "digit_0.png": "838d6169cb0825c412ffeb6e1883f6ddeefb063977d26b933beb461db55a042a",
    "digit_1.png": "4b3333fb28879c32e8bc40907bfc0c96e8566aa0feace06cf588e0ef511df837",
    "digit_2.png": "94df0207e56fdd027c1f50b99de3a73521eb0cb4212daceda681799b64666ff2",
    "digit_3.png": "e87a272e87281dfb424339740a3e1df22cf07bf1636de066877fa9b18e1ea008",
    "digit_4.png": "fc37c5191b5a2c6e4e747cef6b35f762b3c3680cc16852a0bcd50b4ef6429558",
    "digit_5.png": "1b9bbf805bc0ec0b442895d6b7beba328e4251416a841430c38a7fe3fa714cad",
    "digit_6.png": "e45f154e8ee17221bab1e7f95e8a6c242c4a2e7bd2c0e9ab8a34f73f468f0257",
    "digit_7.png": "f6b3aad620e2a27757a2cba846982d6d507a06eda9d951725569374a324d5b48",
    "digit_8.png": "5ae305b5be8af3c34f2b8c27936186158f4a0b0c813d01ef562a2adde6b3d23e",
    "digit_9.png": "10763337cb22918e4c1bab3bf8724053e80ac54833c8b616ce0800182f029bd8",
    "not_a_digit.png": "564d6fe766db3f5867cd97be4929b495e2463733ff1aa4f69d7fec9ea539e55c",
}

#: File name -> label.
LABELS = {name: (int(name[6]) if name.startswith("digit_") else NOT_A_DIGIT) for name in REGISTRY}

from ..course import RAW_URL  # noqa: E402  (the repository's address lives in helpers/course.py)

#: Where the images are published (the images/ folder of the course's repository).
#: Set the environment variable NN4_IMAGES_URL to use another copy (a mirror, a fork).
BASE_URL = RAW_URL + "images/"

#: The images/ folder next to this package, used before any download.
#:
#: :meta hide-value:
LOCAL_DIR = Path(__file__).resolve().parents[2] / "images"


class TestDigitsError(RuntimeError):
    """The test images could not be found locally nor downloaded."""

    __test__ = False  # not a pytest test class


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _cache_dir(cache_dir) -> Path:
    if cache_dir is not None:
        return Path(cache_dir)
    if os.environ.get("NN4_DATA_HOME"):
        return Path(os.environ["NN4_DATA_HOME"]) / "test_digits"
    import pooch

    return Path(pooch.os_cache("nn4")) / "test_digits"


def fetch_test_digits(base_url: str | None = None, local_dir=LOCAL_DIR, cache_dir=None,
                      timeout: float = 10.0) -> dict[str, Path]:
    """Return the path of every test image, downloading the ones not at hand.

    For each file in :data:`REGISTRY`:

    1. the copy in ``local_dir`` (the repository's ``images/``) is used when
       its sha256 matches the registry;
    2. otherwise the file is fetched from ``base_url`` with pooch into
       ``cache_dir`` (default: the OS cache folder, or ``$NN4_DATA_HOME``),
       its hash checked, and the cached copy reused next time.

    Parameters
    ----------
    base_url : str, optional
        URL of a folder holding the images; default ``$NN4_IMAGES_URL`` or
        :data:`BASE_URL`.
    local_dir : path or None
        Folder to look in first; None to always use the download cache.
    cache_dir : path, optional
        Where downloads are kept.
    timeout : float
        Seconds to wait for the server before giving up.

    Returns
    -------
    dict mapping file name -> Path, in registry order.

    Raises
    ------
    TestDigitsError
        A file is not available locally and cannot be downloaded (no network,
        server down) or its download does not match the registry's hash.

    Example
    -------
    >>> paths = fetch_test_digits()
    >>> sorted(paths)[:2]
    ['digit_0.png', 'digit_1.png']
    """
    base_url = base_url or os.environ.get("NN4_IMAGES_URL") or BASE_URL
    if not base_url.endswith("/"):
        base_url += "/"
    paths: dict[str, Path] = {}
    for name, known in REGISTRY.items():
        if local_dir is not None:
            local = Path(local_dir) / name
            if local.is_file() and _sha256(local) == known:
                paths[name] = local
                continue
        paths[name] = _download(name, known, base_url, _cache_dir(cache_dir), timeout)
    return paths


def _download(name: str, known: str, base_url: str, cache: Path, timeout: float) -> Path:
    import pooch
    import requests

    url = base_url + name
    downloader = pooch.HTTPDownloader(progressbar=False, timeout=timeout)
    try:
        fname = pooch.retrieve(url, known_hash=f"sha256:{known}", fname=name, path=cache,
                               downloader=downloader, progressbar=False)
    except ValueError as exc:  # pooch: hash mismatch
        raise TestDigitsError(
            f"The downloaded '{name}' is not the registered file (its sha256 does not "
            f"match), so it was rejected. The copy at {url} is corrupt or a different "
            f"version: restore images/ from the repository (git checkout images/) or "
            f"point NN4_IMAGES_URL at a good copy.\n({exc})"
        ) from None
    except (requests.exceptions.RequestException, OSError) as exc:
        raise TestDigitsError(
            f"Test image '{name}' is not in the local images/ folder (or it was changed) "
            f"and downloading it from {url} failed: {type(exc).__name__}. Check your "
            f"network connection, or restore images/ from the repository "
            f"(git checkout images/), or set NN4_IMAGES_URL to a reachable copy."
        ) from None
    return Path(fname)


def load_test_digits(**fetch_kwargs):
    """Load the test images as MNIST-shaped arrays.

    The pixels are returned as they are in the files (dark ink on light
    paper, 1.0 = white); nothing is inverted or re-centred.

    Parameters
    ----------
    **fetch_kwargs
        Passed to :func:`fetch_test_digits` (``base_url``, ``local_dir``, ...).

    Returns
    -------
    images : float32 array of shape (n, 28, 28, 1), values in [0, 1]
    labels : int array of shape (n,); the digit, or :data:`NOT_A_DIGIT` (-1)
    names : list of the n file names

    Example
    -------
    >>> images, labels, names = load_test_digits()
    >>> int((labels == NOT_A_DIGIT).sum())
    1
    """
    from ..preprocess.read import read_png

    paths = fetch_test_digits(**fetch_kwargs)
    names = list(paths)
    images = []
    for name in names:
        grey = read_png(paths[name])
        if grey.shape != (28, 28):
            raise TestDigitsError(f"'{name}' is {grey.shape[0]}x{grey.shape[1]}, expected 28x28.")
        images.append(grey)
    images = np.stack(images)[..., np.newaxis].astype(np.float32)
    labels = np.array([LABELS[n] for n in names], dtype=int)
    return images, labels, names


def load_sklearn_digits(dark_on_light: bool = True, preserve_aspect: bool = True):
    """All 1,797 of scikit-learn's handwritten digits, made MNIST-shaped.

    scikit-learn ships these 8x8 images (from the UCI "Optical Recognition of
    Handwritten Digits" data, written by people other than MNIST's writers).
    Each goes through the same steps as MNIST's digits (see
    :func:`helpers.to_mnist_format`): cropped to its ink, scaled so that its
    longer side fills a 20x20 box *keeping its aspect ratio*, and placed in a
    28x28 frame with its centre of mass at the centre. Then, by default, it is
    turned into dark ink on a light background.

    Parameters
    ----------
    dark_on_light : bool
        True (default): dark ink on light paper, like a photo of a page;
        False: light on black, like MNIST.
    preserve_aspect : bool
        False stretches the whole 8x8 image over the 20x20 box instead
        (bilinear), which widens narrow digits such as 1 and 7.

    Returns
    -------
    images : float32 array (1797, 28, 28, 1) in [0, 1]
    labels : int array (1797,)

    Example
    -------
    >>> images, labels = load_sklearn_digits()
    >>> images.shape, labels[:5].tolist()
    ((1797, 28, 28, 1), [0, 1, 2, 3, 4])
    """
    from PIL import Image
    from sklearn.datasets import load_digits

    from ..preprocess.mnist_format import MNIST_BOX, centre_in_frame
    from ..preprocess.pipeline import to_mnist_format

    digits = load_digits()
    frames = []
    for img in digits.images:
        ink = (img / 16.0).astype(np.float32)  # 0 = background, 1 = full ink
        if preserve_aspect:
            frames.append(to_mnist_format(ink, invert=False)[..., 0])
        else:
            # a float32 array becomes a 32-bit float image ("F"); mode= is deprecated in Pillow 11
            small = Image.fromarray(ink).resize((MNIST_BOX, MNIST_BOX), Image.Resampling.BILINEAR)
            frames.append(centre_in_frame(np.clip(np.asarray(small), 0.0, 1.0)))
    images = np.stack(frames)[..., np.newaxis].astype(np.float32)
    if dark_on_light:
        images = 1.0 - images
    return images, digits.target.astype(int)
