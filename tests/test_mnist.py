"""helpers.mnist on small data made here (no MNIST needed): the pipeline, the
schedule, the loss and the model's shape."""

import numpy as np
import pytest

mnist = pytest.importorskip("helpers.mnist")
tf, keras = mnist.tf, mnist.keras


def _toy(n=300):
    images = np.arange(n * 28 * 28, dtype=np.int64).reshape(n, 28, 28, 1) % 256
    return tf.data.Dataset.from_tensor_slices((images.astype(np.uint8), np.arange(n)))


def test_pipeline_shuffles_completely_and_normalises():
    batches = list(mnist.make_pipeline(_toy(300), batch_size=100, shuffle_seed=1).as_numpy_iterator())
    labels = np.concatenate([y for _, y in batches])
    assert sorted(labels) == list(range(300))                 # every element exactly once
    # a full shuffle: the first batch draws from the whole range, not only the first 100
    assert labels[:100].max() > 200
    images = np.concatenate([x for x, _ in batches])
    assert images.dtype == np.float32 and images.min() == 0.0 and images.max() == 1.0
    again = np.concatenate([y for _, y in mnist.make_pipeline(_toy(300), batch_size=100, shuffle_seed=1)
                            .as_numpy_iterator()])
    assert np.array_equal(labels, again)                      # seeded: the same order in every run


def test_pipeline_refuses_a_dataset_of_unknown_size():
    with pytest.raises(ValueError, match="unknown"):
        mnist.make_pipeline(_toy(10).filter(lambda x, y: y > 2), shuffle_seed=0)
    with pytest.raises(ValueError, match="infinite"):
        mnist.make_pipeline(_toy(10).repeat(), shuffle_seed=0)
    mnist.make_pipeline(_toy(10).filter(lambda x, y: y > 2))  # no shuffle: no size needed


def test_invert_is_exact():
    x = tf.constant(np.arange(256, dtype=np.uint8))
    inverted, label = mnist.invert(x, 7)
    assert np.array_equal(inverted.numpy(), 255 - np.arange(256)) and label == 7
    normalized, _ = mnist.normalize(inverted, 7)
    assert np.allclose(normalized.numpy(), 1 - mnist.normalize(x, 7)[0].numpy(), atol=1e-7)


def test_schedule_warms_up_to_the_peak_and_ends_at_zero():
    schedule = mnist.learning_rate_schedule(1000, peak_learning_rate=0.005, warmup_fraction=0.1)
    assert float(schedule(0)) == 0.0
    assert float(schedule(50)) == pytest.approx(0.0025)
    assert float(schedule(100)) == pytest.approx(0.005)
    assert float(schedule(550)) == pytest.approx(0.0025, rel=1e-3)   # half-way down the cosine
    assert float(schedule(1000)) == pytest.approx(0.0, abs=1e-9)
    lrs = [float(schedule(s)) for s in range(0, 1001, 10)]
    assert max(lrs) == pytest.approx(0.005)


def test_smoothed_loss_is_the_formula():
    eps = 0.1
    y_pred = np.full((1, 10), 0.02, dtype=np.float32)
    y_pred[0, 3] = 0.82
    t = np.full(10, eps / 10)
    t[3] += 1 - eps
    want = -np.sum(t * np.log(y_pred[0]))
    got = float(mnist.SmoothedSparseCrossentropy(eps)(tf.constant([3]), tf.constant(y_pred)))
    assert got == pytest.approx(want, rel=1e-5)
    plain = float(mnist.SmoothedSparseCrossentropy(0.0)(tf.constant([3]), tf.constant(y_pred)))
    assert plain == pytest.approx(-np.log(0.82), rel=1e-5)


def test_model_has_the_notes_parameters_and_saves_with_its_loss(tmp_path):
    model = mnist.compile_cnn(mnist.build_cnn(), total_steps=10)
    assert model.count_params() == 336_394
    model.optimizer.build(model.trainable_variables)  # as after training: its state is saved too
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert isinstance(loaded.loss, mnist.SmoothedSparseCrossentropy)
    assert loaded.loss.label_smoothing == mnist.LABEL_SMOOTHING


def test_no_network_and_no_local_mnist_fails_fast_with_advice(tmp_path, monkeypatch):
    import socket
    import time


    def unreachable(*args, **kwargs):
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setenv("TFDS_DATA_DIR", str(tmp_path))  # an empty folder: nothing prepared
    monkeypatch.setattr(socket, "create_connection", unreachable)
    start = time.monotonic()
    with pytest.raises(mnist.MnistUnavailableError) as err:
        mnist.load_mnist()
    assert time.monotonic() - start < 30
    message = str(err.value)
    assert str(tmp_path) in message and "does not resolve" in message
    assert "TFDS_DATA_DIR" in message and "internet" in message


def test_validate_on_adds_each_set_to_the_history():
    data = _toy(64).map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y % 10)).batch(32)
    model = mnist.build_cnn()
    mnist.compile_cnn(model, total_steps=4)
    history = model.fit(data.repeat(), epochs=2, steps_per_epoch=2, validation_data=data, verbose=0, shuffle=False,
                        callbacks=[mnist.ValidateOn({"again": data})])
    h = history.history
    assert len(h["val_again_accuracy"]) == 2 and len(h["val_again_loss"]) == 2
    # the same data, the same model: the extra set measures what validation_data measures
    np.testing.assert_allclose(h["val_again_accuracy"], h["val_accuracy"], rtol=1e-6)
    np.testing.assert_allclose(h["val_again_loss"], h["val_loss"], rtol=1e-5)


def test_cached_model_is_loaded_only_when_it_matches(tmp_path):
    path = mnist.cached_model_path(7, 2, cache_dir=tmp_path)
    assert path.parent == tmp_path and path.name.startswith("mnist_cnn_plain_seed7_steps2_")
    assert mnist.recipe_fingerprint() in path.name
    model, why = mnist.load_cached_model(path, 2)
    assert model is None and "no mnist_cnn_plain_seed7_steps2_" in why and "notebook 04" in why
    other = mnist.cached_model_path(7, 2, cache_dir=tmp_path, kind="inverted")   # notebook 05's, for 06
    assert other.name.startswith("mnist_cnn_inverted_seed7_steps2_") and other != path
    assert "run notebook 05 first" in mnist.load_cached_model(other, 2, made_by="notebook 05")[1]
    with pytest.raises(ValueError, match="kind"):
        mnist.cached_model_path(7, 2, kind="../elsewhere")

    data = _toy(64).map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y % 10)).batch(32)
    trained = mnist.build_cnn()
    mnist.compile_cnn(trained, total_steps=2)
    trained.fit(data, epochs=1, verbose=0, shuffle=False)  # 2 steps
    trained.save(path)
    loaded, why = mnist.load_cached_model(path, 2)
    assert why is None and int(loaded.optimizer.iterations) == 2
    np.testing.assert_array_equal(loaded.get_weights()[0], trained.get_weights()[0])

    model, why = mnist.load_cached_model(path, 430)   # another budget
    assert model is None and "has trained 2 steps, not 430" in why
    path.write_bytes(b"not a keras file")             # a broken file: train instead, no exception
    model, why = mnist.load_cached_model(path, 2)
    assert model is None and "could not be read" in why
