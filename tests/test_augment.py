"""helpers.mnist.augment: the affine map is the one its docstring states, and the
layer resamples once, only in training."""

import numpy as np
import pytest

from helpers.mnist import augment  # required: a broken install fails here, it is not skipped

ops = augment.ops


def _image():
    img = np.zeros((1, 9, 9, 1), np.float32)
    img[0, 1, 2, 0] = 1.0   # an asymmetric pattern: a rotation or a shift is visible
    img[0, 2, 2, 0] = 0.5
    img[0, 6, 5, 0] = 0.25
    return img


def _apply(transform, images, fill_mode="constant"):
    return ops.convert_to_numpy(ops.image.affine_transform(images, transform, interpolation="bilinear",
                                                           fill_mode=fill_mode))


def test_identity_shift_and_quarter_turn_are_exact():
    img = _image()
    assert np.array_equal(_apply(augment.affine_matrix(0.0, 1.0, 0.0, 0.0, 9, 9), img), img)
    shifted = _apply(augment.affine_matrix(0.0, 1.0, 2.0, 1.0, 9, 9), img)   # 2 right, 1 down
    assert np.array_equal(shifted[0, 1:, 2:], img[0, :-1, :-2])
    turned = _apply(augment.affine_matrix(90.0, 1.0, 0.0, 0.0, 9, 9), img)[0, :, :, 0]
    # a quarter turn about the centre, one way or the other: the content is kept, only moved
    assert any(np.allclose(turned, np.rot90(img[0, :, :, 0], k), atol=1e-5) for k in (1, 3))


def test_scale_enlarges_about_the_centre():
    img = np.zeros((1, 9, 9, 1), np.float32)
    img[0, 4, 5, 0] = 1.0                                  # one pixel right of the centre (4, 4)
    big = _apply(augment.affine_matrix(0.0, 2.0, 0.0, 0.0, 9, 9), img)
    assert big[0, 4, 6, 0] == pytest.approx(1.0)            # now two pixels right of it
    assert big[0, 4, 5, 0] == pytest.approx(0.5)            # and interpolated half-way


def test_layer_changes_images_only_in_training_and_is_seeded():
    images = np.random.default_rng(0).random((4, 28, 28, 1)).astype(np.float32)
    layer = augment.RandomAffine(seed=3)
    assert np.array_equal(ops.convert_to_numpy(layer(images, training=False)), images)
    once = ops.convert_to_numpy(layer(images, training=True))
    assert once.shape == images.shape and not np.allclose(once, images)
    assert not np.allclose(once[0], once[1])                 # each image gets its own draw (up to the data)
    again = ops.convert_to_numpy(augment.RandomAffine(seed=3)(images, training=True))
    assert np.array_equal(once, again)                       # the same seed, the same draws


def test_zero_ranges_give_the_identity_and_bad_ranges_are_refused():
    images = np.random.default_rng(1).random((2, 28, 28, 1)).astype(np.float32)
    still = augment.RandomAffine(rotation_degrees=0, translation=0, zoom=0, seed=0)(images, training=True)
    assert np.allclose(ops.convert_to_numpy(still), images, atol=1e-6)
    with pytest.raises(ValueError, match="zoom"):
        augment.RandomAffine(zoom=1.5)


def test_layer_round_trips_through_a_saved_model(tmp_path):
    keras = augment.keras
    inputs = keras.Input((28, 28, 1))
    model = keras.Model(inputs, augment.RandomAffine(rotation_degrees=5, seed=1)(inputs))
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert loaded.layers[1].get_config()["rotation_degrees"] == 5.0
