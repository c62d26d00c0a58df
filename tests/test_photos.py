"""The phone-photo test set (images/photos/): shipped files checked by the
committed manifest, the generator they were made with (provenance), and the loader."""

import hashlib
import importlib.util

import numpy as np
import pytest

from helpers import PhotoDigitsError, fetch_photo_digits, load_photo_digits
from helpers.data.photos import PHOTO_DIR, _manifest  # the manifest's rows


def _generator():
    """images/photos/make_photos.py, the script that made the shipped photos."""
    spec = importlib.util.spec_from_file_location("nn4_make_photos", PHOTO_DIR / "make_photos.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module




def test_manifest_lists_at_least_60_photos_of_every_digit():
    rows = _manifest()
    assert len(rows) >= 60
    labels = [int(r["label"]) for r in rows]
    assert sorted(set(labels)) == list(range(10)) and min(np.bincount(labels)) >= 6
    assert all(r["name"].endswith(f"digit_{r['label']}.jpg") for r in rows)
    scenes = " ".join(r["scene"] for r in rows)
    for condition in ("blue ink", "red ink", "black ink", "ruled", "squared", "in a drawn box", "dim",
                      "chalk on a dark board", "table in view", "EXIF-rotated", "scikit-learn digit", "stroke model"):
        assert condition in scenes, condition


def test_every_shipped_photo_matches_the_manifest():
    # the files themselves are the data: present, and byte for byte the ones the manifest lists
    for row in _manifest():
        path = PHOTO_DIR / row["name"]
        assert path.is_file(), f"{row['name']} is not shipped"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == row["sha256"], row["name"]
    total = sum((PHOTO_DIR / r["name"]).stat().st_size for r in _manifest())
    assert total < 8e6, f"the photo set is {total / 1e6:.1f} MB: keep it a few MB"


# Provenance: with the library versions of constraints.txt, the generator still makes the shipped bytes.
@pytest.mark.parametrize("index", [0, 4, 11, 17])  # plain/ruled, EXIF-rotated, board, dim+box
def test_generator_is_deterministic_and_matches_the_manifest(index):
    make = _generator()
    first, digit, _ = make.make_photo(index)
    again, _, _ = make.make_photo(index)
    assert first == again                                           # same seed -> same bytes
    row = _manifest()[index]
    assert hashlib.sha256(first).hexdigest() == row["sha256"]       # ...and the committed hash
    assert int(row["label"]) == digit
    other, _, _ = make.make_photo(index, seed=make.SEED + 1)
    assert other != first                                           # the seed matters


def test_a_photo_is_a_jpeg_of_750x975():
    from PIL import Image, ImageOps
    import io

    data, _, _ = _generator().make_photo(4)
    with Image.open(io.BytesIO(data)) as img:
        assert img.format == "JPEG"
        assert sorted(ImageOps.exif_transpose(img).size) == [750, 975]


def test_a_missing_or_damaged_photo_is_a_clear_error(tmp_path, monkeypatch):
    import shutil

    import helpers.data.photos as photos

    rows = [dict(r) for r in _manifest()[:3]]
    monkeypatch.setattr(photos, "_manifest", lambda: rows)
    for r in rows:
        shutil.copy(PHOTO_DIR / r["name"], tmp_path / r["name"])
    paths = fetch_photo_digits(tmp_path)
    assert [p.name for p in paths.values()] == [r["name"] for r in rows]
    paths[rows[0]["name"]].write_bytes(b"not the photo")           # damaged: named, and how to restore it
    with pytest.raises(PhotoDigitsError, match=rf"1 of the 3 .*differ.*first: {rows[0]['name']}.*git checkout"):
        fetch_photo_digits(tmp_path)
    assert len(fetch_photo_digits(tmp_path, check=False)) == 3      # allowed when asked for
    paths[rows[1]["name"]].unlink()                                 # missing: also named, never regenerated
    with pytest.raises(PhotoDigitsError, match=rf"1 of the 3 .*missing.*first: {rows[1]['name']}"):
        fetch_photo_digits(tmp_path, check=False)


def test_load_photo_digits_gives_mnist_inputs_and_raw_images(tmp_path, monkeypatch):
    import helpers.data.photos as photos

    rows = _manifest()[:3]
    monkeypatch.setattr(photos, "_manifest", lambda: rows)
    out = load_photo_digits()
    assert out.images.shape == out.raw.shape == (3, 28, 28, 1)
    assert out.images.dtype == out.raw.dtype == np.float32
    assert out.labels.tolist() == [int(r["label"]) for r in rows] and out.names == [r["name"] for r in rows]
    assert len(out.scenes) == 3
    read = [i for i, n in enumerate(out.names) if n not in out.errors]
    for i in read:  # MNIST's format: light digit on black
        assert out.images[i, 0].max() == 0 and out.images[i].max() > 0.3
    # raw: the photo as it is, dark ink on light paper, only shrunk
    assert np.median(out.raw[..., 0]) > 0.3


def test_prepared_photos_are_cached_and_a_stale_cache_is_not_used(tmp_path, monkeypatch):
    import helpers.data.photos as photos

    rows = _manifest()[:3]                                   # three photos of the course's set, for speed
    monkeypatch.setattr(photos, "_manifest", lambda: rows)
    first = load_photo_digits(cache_dir=tmp_path)           # the course's set: prepared, then saved
    saved = list(tmp_path.glob("photo_digits_*.npz"))
    assert len(saved) == 1 and photos._prepared_key() in saved[0].name

    def no_preparing(*args, **kwargs):
        raise AssertionError("prepared again although the cache matches")

    monkeypatch.setattr("helpers.preprocess.pipeline.image_to_mnist", no_preparing)
    again = load_photo_digits(cache_dir=tmp_path)            # read back, not prepared again
    np.testing.assert_array_equal(again.images, first.images)
    np.testing.assert_array_equal(again.raw, first.raw)
    assert again.names == first.names and again.errors == first.errors and again.scenes == first.scenes
    np.testing.assert_array_equal(again.labels, first.labels)

    monkeypatch.setattr(photos, "_prepared_key", lambda: "another-key")  # code or versions changed
    with pytest.raises(AssertionError, match="prepared again"):
        load_photo_digits(cache_dir=tmp_path)
