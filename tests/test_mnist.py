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
