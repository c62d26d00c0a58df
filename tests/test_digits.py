"""helpers.data.digits: the registry, the loader and the download path (for real,
from a local HTTP server on 127.0.0.1)."""

import hashlib
import shutil
import socket
import time
from pathlib import Path

import numpy as np
import pytest

from helpers import (
    LABELS,
    NOT_A_DIGIT,
    REGISTRY,
    TestDigitsError,
    fetch_test_digits,
    load_test_digits,
)
from helpers.data.digits import LOCAL_DIR


@pytest.fixture
def server_dir(tmp_path, serve_folder):
    """A copy of images/ served over HTTP on 127.0.0.1 (tests/conftest.py); (folder, base_url)."""
    served = tmp_path / "served"
    shutil.copytree(LOCAL_DIR, served)
    return served, serve_folder(served)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens there once the socket closes


def _sha(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_registry_hashes_match_the_local_files():
    for name, known in REGISTRY.items():
        assert _sha(LOCAL_DIR / name) == known, name


def test_local_copy_is_used_first():
    paths = fetch_test_digits(base_url="http://127.0.0.1:9/", cache_dir="/nonexistent")
    assert list(paths) == list(REGISTRY)
    assert all(p.parent == LOCAL_DIR for p in paths.values())


def test_download_from_a_server_checks_hashes_and_caches(server_dir, tmp_path):
    _, url = server_dir
    cache = tmp_path / "cache"
    paths = fetch_test_digits(base_url=url, local_dir=None, cache_dir=cache)
    assert sorted(paths) == sorted(REGISTRY)
    for name, path in paths.items():
        assert path.parent == cache
        assert _sha(path) == REGISTRY[name]


def test_cached_files_are_reused_without_the_server(server_dir, tmp_path):
    _, url = server_dir
    cache = tmp_path / "cache"
    fetch_test_digits(base_url=url, local_dir=None, cache_dir=cache)
    offline = f"http://127.0.0.1:{_closed_port()}/"
    paths = fetch_test_digits(base_url=offline, local_dir=None, cache_dir=cache)
    assert all(_sha(p) == REGISTRY[n] for n, p in paths.items())


def test_a_changed_local_copy_is_replaced_by_a_download(server_dir, tmp_path):
    _, url = server_dir
    local = tmp_path / "local"
    shutil.copytree(LOCAL_DIR, local)
    (local / "digit_3.png").write_bytes(b"not the registered file")
    paths = fetch_test_digits(base_url=url, local_dir=local, cache_dir=tmp_path / "cache")
    assert paths["digit_3.png"].parent == tmp_path / "cache"
    assert paths["digit_4.png"].parent == local
    assert _sha(paths["digit_3.png"]) == REGISTRY["digit_3.png"]


def test_a_corrupted_download_is_rejected_with_a_clear_error(server_dir, tmp_path):
    served, url = server_dir
    data = bytearray((served / "digit_5.png").read_bytes())
    data[-20] ^= 0xFF  # flip one byte
    (served / "digit_5.png").write_bytes(bytes(data))
    cache = tmp_path / "cache"
    with pytest.raises(TestDigitsError, match=r"digit_5\.png.*sha256"):
        fetch_test_digits(base_url=url, local_dir=None, cache_dir=cache)
    assert not (cache / "digit_5.png").exists(), "a rejected file must not stay in the cache"


def test_no_server_and_no_local_copy_fails_fast_with_a_clear_error(tmp_path):
    url = f"http://127.0.0.1:{_closed_port()}/"
    start = time.monotonic()
    with pytest.raises(TestDigitsError, match=r"not in the local images/ folder.*network"):
        fetch_test_digits(base_url=url, local_dir=tmp_path / "empty", cache_dir=tmp_path / "cache")
    assert time.monotonic() - start < 30, "an unreachable server must not hang"


def test_a_server_that_does_not_answer_times_out(tmp_path):
    # A socket that accepts connections but never replies: the download must give up.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/"
        with pytest.raises(TestDigitsError, match="failed"):
            fetch_test_digits(base_url=url, local_dir=None, cache_dir=tmp_path, timeout=0.5)


def test_missing_file_on_the_server_is_a_clear_error(server_dir, tmp_path):
    served, url = server_dir
    (served / "digit_7.png").unlink()
    with pytest.raises(TestDigitsError, match=r"digit_7\.png"):
        fetch_test_digits(base_url=url, local_dir=None, cache_dir=tmp_path)


def test_environment_variable_sets_the_url(server_dir, tmp_path, monkeypatch):
    _, url = server_dir
    monkeypatch.setenv("NN4_IMAGES_URL", url)
    monkeypatch.setenv("NN4_DATA_HOME", str(tmp_path))
    paths = fetch_test_digits(local_dir=None)
    assert all(p.is_relative_to(tmp_path) for p in paths.values())


def test_load_test_digits_returns_mnist_shaped_arrays():
    images, labels, names = load_test_digits()
    assert images.shape == (len(REGISTRY), 28, 28, 1)
    assert images.dtype == np.float32
    assert 0.0 <= images.min() and images.max() <= 1.0
    assert names == list(REGISTRY)
    assert labels.tolist() == [LABELS[n] for n in names]
    assert labels[names.index("not_a_digit.png")] == NOT_A_DIGIT
    # dark ink on light paper: the border is light
    assert images[:10, 0, :, 0].mean() > 0.7


def test_load_test_digits_from_a_download_matches_the_local_copy(server_dir, tmp_path):
    _, url = server_dir
    local, _, _ = load_test_digits()
    downloaded, _, _ = load_test_digits(base_url=url, local_dir=None, cache_dir=tmp_path)
    np.testing.assert_array_equal(local, downloaded)


def test_sklearn_digits_are_mnist_shaped_and_centred():
    from helpers import load_sklearn_digits

    images, labels = load_sklearn_digits()
    assert images.shape == (1797, 28, 28, 1) and images.dtype == np.float32
    assert labels.shape == (1797,) and set(labels.tolist()) == set(range(10))
    assert 0.0 <= images.min() and images.max() <= 1.0
    ink = 1.0 - images[..., 0]  # dark on light by default
    rows_used = (ink.max(axis=2) > 0).sum(axis=1)
    cols_used = (ink.max(axis=1) > 0).sum(axis=1)
    assert rows_used.max() <= 20 and cols_used.max() <= 20  # scaled into a 20x20 box
    yy, xx = np.indices((28, 28))
    cy = (ink * yy).sum(axis=(1, 2)) / ink.sum(axis=(1, 2))
    cx = (ink * xx).sum(axis=(1, 2)) / ink.sum(axis=(1, 2))
    assert np.abs(cy - 13.5).max() <= 1.0 and np.abs(cx - 13.5).max() <= 1.0
    light_on_dark, _ = load_sklearn_digits(dark_on_light=False)
    np.testing.assert_allclose(light_on_dark, 1.0 - images, atol=1e-6)
    # aspect ratio kept: the longer side fills the box, a "1" stays narrow
    assert np.isin(np.maximum(rows_used, cols_used), range(18, 21)).mean() > 0.95
    ones = labels == 1
    assert np.median(cols_used[ones]) < np.median(rows_used[ones]) - 4


def test_sklearn_digits_stretched_fill_the_box():
    from helpers import load_sklearn_digits

    def widths(images):
        return ((1.0 - images[..., 0]).max(axis=1) > 0).sum(axis=1)

    kept, labels = load_sklearn_digits()
    stretched, _ = load_sklearn_digits(preserve_aspect=False)
    ones = labels == 1
    assert np.median(widths(stretched)[ones]) >= np.median(widths(kept)[ones]) + 2  # a "1" is widened


def test_report_predictions_prints_the_notes_lines(capsys):
    from helpers import report_predictions

    p = np.full((3, 10), 0.02)
    p[0, 4], p[0, 5] = 0.0, 0.598  # a 4 read as a 5
    p[1, 7] = 0.991
    p[2, 2] = 0.5
    right = report_predictions(p, [4, 7, NOT_A_DIGIT])
    assert right == 1
    assert capsys.readouterr().out.splitlines() == [
        "4 at 0.0%. CNN thinks it's a 5 (59.8%)",
        "7 at 99.1%. ✓",
        "not a digit: CNN thinks it's a 2 (50.0%)",
    ]
    with pytest.raises(ValueError, match="shape"):
        report_predictions(p, [1, 2])


def test_non_digits_are_deterministic_mnist_shaped_and_dark_on_light():
    from helpers import is_dark_on_light, make_non_digits

    images, kinds = make_non_digits(seed=0)
    again, _ = make_non_digits(seed=0)
    other, _ = make_non_digits(seed=1)
    assert np.array_equal(images, again) and not np.array_equal(images, other)
    assert images.shape == (len(kinds), 28, 28, 1) and images.dtype == np.float32
    assert 0.0 <= images.min() and images.max() <= 1.0
    counts = {kind: int(np.sum(kinds == kind)) for kind in ("photo", "letter", "scribble")}
    assert counts == {"photo": 36, "letter": 30, "scribble": 24}
    drawn = images[kinds != "photo"]
    assert all(is_dark_on_light(image) for image in drawn)            # pen on paper, like our digits
    assert all(image.min() < 0.2 for image in drawn)                   # every one has ink
