"""Geometric augmentation in one resampling (notebook 05).

Keras' ``RandomRotation``, ``RandomTranslation`` and ``RandomZoom`` each
resample the image by bilinear interpolation; chained, they interpolate every
training digit three times, and each interpolation at a fractional position
averages neighbouring pixels, which blurs. :class:`RandomAffine` draws the
same three kinds of change and composes them into one affine map, so the image
is interpolated once.

Importing this module imports TensorFlow and Keras (``import helpers`` does
not).
"""

from __future__ import annotations

import math

from ..tfsetup import import_tensorflow

tf = import_tensorflow()
import keras  # noqa: E402  (after import_tensorflow, which quiets TensorFlow's import)
from keras import ops  # noqa: E402

__all__ = ["affine_matrix", "RandomAffine"]


def affine_matrix(angle_degrees, scale, shift_x, shift_y, height: int, width: int):
    """The 8 numbers ``keras.ops.image.affine_transform`` wants for: rotate the
    image content by ``angle_degrees`` about the image centre, scale it by
    ``scale`` (> 1 enlarges), then shift it by ``shift_x`` pixels to the right and
    ``shift_y`` pixels down.

    ``affine_transform`` maps each *output* pixel ``(x, y)`` back to the input
    point ``(a0 x + a1 y + a2, b0 x + b1 y + b2)`` and interpolates there, so
    this is the inverse of the forward map
    ``q_out = scale * R(angle) (q_in - c) + c + shift`` with ``c`` the centre:
    ``q_in = R(-angle) (q_out - c - shift) / scale + c``.

    Each argument may be a number or a 1-D tensor (one value per image); the
    result has shape ``(8,)`` or ``(n, 8)``.

    Example
    -------
    >>> [round(float(v), 6) + 0.0 for v in affine_matrix(0.0, 1.0, 2.0, 0.0, 28, 28)]  # + 0.0: no -0.0
    [1.0, 0.0, -2.0, 0.0, 1.0, 0.0, 0.0, 0.0]
    """
    angle = ops.convert_to_tensor(angle_degrees, dtype="float32") * (math.pi / 180.0)
    scale = ops.convert_to_tensor(scale, dtype="float32")
    shift_x = ops.convert_to_tensor(shift_x, dtype="float32")
    shift_y = ops.convert_to_tensor(shift_y, dtype="float32")
    cx, cy = (width - 1) / 2.0, (height - 1) / 2.0
    a0 = ops.cos(angle) / scale
    a1 = ops.sin(angle) / scale
    b0 = -a1
    b1 = a0
    a2 = cx - a0 * (cx + shift_x) - a1 * (cy + shift_y)
    b2 = cy - b0 * (cx + shift_x) - b1 * (cy + shift_y)
    zero = ops.zeros_like(a0)
    return ops.stack([a0, a1, a2, b0, b1, b2, zero, zero], axis=-1)


@keras.saving.register_keras_serializable(package="nn4")
class RandomAffine(keras.layers.Layer):
    """Random rotation, shift and zoom in a single bilinear resampling.

    Each training image gets its own draw, uniform in each range: a rotation
    of up to ``±rotation_degrees``, a shift of up to ``±translation`` of the
    width and of the height, a scale in ``[1 - zoom, 1 + zoom]``. Like Keras'
    preprocessing layers it changes images only when called with
    ``training=True`` (inside ``fit``); in ``predict``/``evaluate`` it returns
    them unchanged.

    Example
    -------
    >>> layer = RandomAffine(rotation_degrees=15, translation=0.1, zoom=0.1, seed=0)   # doctest: +SKIP
    >>> model = build_cnn(augmentation=[layer])                                          # doctest: +SKIP
    """

    def __init__(self, rotation_degrees: float = 15.0, translation: float = 0.1, zoom: float = 0.1,
                 fill_mode: str = "nearest", seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        if rotation_degrees < 0 or translation < 0 or not 0 <= zoom < 1:
            raise ValueError("RandomAffine needs rotation_degrees >= 0, translation >= 0 and 0 <= zoom < 1, "
                             f"got {rotation_degrees}, {translation}, {zoom}")
        self.rotation_degrees = float(rotation_degrees)
        self.translation = float(translation)
        self.zoom = float(zoom)
        self.fill_mode = fill_mode
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, images, training=None):
        if not training:
            return images
        n = ops.shape(images)[0]
        height, width = images.shape[1], images.shape[2]

        def draw(limit):
            return keras.random.uniform((n,), -limit, limit, seed=self.seed_generator)

        transform = affine_matrix(draw(self.rotation_degrees), 1.0 + draw(self.zoom),
                                  draw(self.translation) * width, draw(self.translation) * height,
                                  height, width)
        return ops.image.affine_transform(images, transform, interpolation="bilinear",
                                          fill_mode=self.fill_mode)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "rotation_degrees": self.rotation_degrees,
                "translation": self.translation, "zoom": self.zoom, "fill_mode": self.fill_mode,
                "seed": self.seed}
