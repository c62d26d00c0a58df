"""helpers.mnist (data, recipe, cache) on small data made here (no MNIST needed): the pipeline, the
schedule, the loss and the model's shape."""

import json
from pathlib import Path

import numpy as np
import pytest

from helpers.mnist import cache, data, recipe  # required: a broken install fails here, it is not skipped

tf, keras = recipe.tf, recipe.keras


def _toy(n=300):
    images = np.arange(n * 28 * 28, dtype=np.int64).reshape(n, 28, 28, 1) % 256
    return tf.data.Dataset.from_tensor_slices((images.astype(np.uint8), np.arange(n)))


def test_pipeline_shuffles_completely_and_normalises():
    batches = list(data.make_pipeline(_toy(300), batch_size=100, shuffle_seed=1).as_numpy_iterator())
    labels = np.concatenate([y for _, y in batches])
    assert sorted(labels) == list(range(300))                 # every element exactly once
    # a full shuffle: the first batch draws from the whole range, not only the first 100
    assert labels[:100].max() > 200
    images = np.concatenate([x for x, _ in batches])
    assert images.dtype == np.float32 and images.min() == 0.0 and images.max() == 1.0
    again = np.concatenate([y for _, y in data.make_pipeline(_toy(300), batch_size=100, shuffle_seed=1)
                            .as_numpy_iterator()])
    assert np.array_equal(labels, again)                      # seeded: the same order in every run


def test_pipeline_refuses_a_dataset_of_unknown_size():
    with pytest.raises(ValueError, match="unknown"):
        data.make_pipeline(_toy(10).filter(lambda x, y: y > 2), shuffle_seed=0)
    with pytest.raises(ValueError, match="infinite"):
        data.make_pipeline(_toy(10).repeat(), shuffle_seed=0)
    data.make_pipeline(_toy(10).filter(lambda x, y: y > 2))  # no shuffle: no size needed


def test_invert_is_exact():
    x = tf.constant(np.arange(256, dtype=np.uint8))
    inverted, label = data.invert(x, 7)
    assert np.array_equal(inverted.numpy(), 255 - np.arange(256)) and label == 7
    normalized, _ = data.normalize(inverted, 7)
    assert np.allclose(normalized.numpy(), 1 - data.normalize(x, 7)[0].numpy(), atol=1e-7)


def test_schedule_warms_up_to_the_peak_and_ends_at_zero():
    schedule = recipe.learning_rate_schedule(1000, peak_learning_rate=0.005, warmup_fraction=0.1)
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
    got = float(recipe.SmoothedSparseCrossentropy(eps)(tf.constant([3]), tf.constant(y_pred)))
    assert got == pytest.approx(want, rel=1e-5)
    plain = float(recipe.SmoothedSparseCrossentropy(0.0)(tf.constant([3]), tf.constant(y_pred)))
    assert plain == pytest.approx(-np.log(0.82), rel=1e-5)


def test_model_has_the_notes_parameters_and_saves_with_its_loss(tmp_path):
    model = recipe.compile_cnn(recipe.build_cnn(), total_steps=10)
    assert model.count_params() == 336_394
    model.optimizer.build(model.trainable_variables)  # as after training: its state is saved too
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras")
    assert isinstance(loaded.loss, recipe.SmoothedSparseCrossentropy)
    assert loaded.loss.label_smoothing == recipe.LABEL_SMOOTHING


def test_no_network_and_no_local_mnist_fails_fast_with_advice(tmp_path):
    # In a fresh interpreter: tensorflow_datasets remembers data folders it has looked in, so an
    # empty TFDS_DATA_DIR set here would leave later tests unable to find the prepared MNIST.
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    code = (
        "import socket\n"
        "def unreachable(*args, **kwargs):\n"
        "    raise socket.gaierror(-2, 'Name or service not known')\n"
        "socket.create_connection = unreachable\n"
        "from helpers.mnist import data\n"
        "try:\n"
        "    data.load_mnist()\n"
        "except data.MnistUnavailableError as exc:\n"
        "    print(exc)\n"
    )
    env = {**os.environ, "TFDS_DATA_DIR": str(tmp_path), "TF_CPP_MIN_LOG_LEVEL": "3"}  # an empty folder
    start = time.monotonic()
    out = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parent.parent, env=env,
                         capture_output=True, text=True, timeout=120)
    assert time.monotonic() - start < 60  # fails fast (tfds alone retries a download for minutes)
    message = out.stdout
    assert str(tmp_path) in message and "does not resolve" in message, out.stderr[-2000:]
    assert "TFDS_DATA_DIR" in message and "internet" in message


def test_validate_on_adds_each_set_to_the_history():
    data = _toy(64).map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y % 10)).batch(32)
    model = recipe.build_cnn()
    recipe.compile_cnn(model, total_steps=4)
    history = model.fit(data.repeat(), epochs=2, steps_per_epoch=2, validation_data=data, verbose=0, shuffle=False,
                        callbacks=[recipe.ValidateOn({"again": data})])
    h = history.history
    assert len(h["val_again_accuracy"]) == 2 and len(h["val_again_loss"]) == 2
    # the same data, the same model: the extra set measures what validation_data measures
    np.testing.assert_allclose(h["val_again_accuracy"], h["val_accuracy"], rtol=1e-6)
    np.testing.assert_allclose(h["val_again_loss"], h["val_loss"], rtol=1e-5)


def test_cached_model_is_loaded_only_when_it_matches(tmp_path):
    path = cache.cached_model_path(7, 2, cache_dir=tmp_path)
    assert path.parent == tmp_path and path.name.startswith("mnist_cnn_plain_seed7_steps2_")
    assert cache.recipe_fingerprint(total_steps=2) in path.name
    model, why = cache.load_cached_model(path, 2)
    assert model is None and "no mnist_cnn_plain_seed7_steps2_" in why and "notebook 04" in why
    other = cache.cached_model_path(7, 2, cache_dir=tmp_path, kind="inverted")   # notebook 05's, for 06
    assert other.name.startswith("mnist_cnn_inverted_seed7_steps2_") and other != path
    assert "run notebook 05 first" in cache.load_cached_model(other, 2, made_by="notebook 05")[1]
    with pytest.raises(ValueError, match="kind"):
        cache.cached_model_path(7, 2, kind="../elsewhere")

    data = _toy(64).map(lambda x, y: (tf.cast(x, tf.float32) / 255.0, y % 10)).batch(32)
    trained = recipe.build_cnn()
    recipe.compile_cnn(trained, total_steps=2)
    trained.fit(data, epochs=1, verbose=0, shuffle=False)  # 2 steps
    trained.save(path)
    loaded, why = cache.load_cached_model(path, 2)
    assert why is None and int(loaded.optimizer.iterations) == 2
    np.testing.assert_array_equal(loaded.get_weights()[0], trained.get_weights()[0])

    model, why = cache.load_cached_model(path, 430)   # another budget
    assert model is None and "has trained 2 steps, not 430" in why
    path.write_bytes(b"not a keras file")             # a broken file: train instead, no exception
    model, why = cache.load_cached_model(path, 2)
    assert model is None and "could not be read" in why


# --- notebook 04 writes the CNN and its compile call out; helpers.mnist keeps the same for 05 and 06

NOTEBOOK_04 = Path(__file__).resolve().parent.parent / "notebooks" / "04_mnist_cnn.ipynb"


def _notebook_cell(marker):
    """The one code cell of notebook 04 with a line that starts with ``marker``."""
    cells = [c for c in json.loads(NOTEBOOK_04.read_text(encoding="utf-8"))["cells"]
             if c["cell_type"] == "code" and any(line.startswith(marker) for line in c["source"])]
    assert len(cells) == 1, f"notebook 04 should have one code cell with {marker!r}, found {len(cells)}"
    return "".join(cells[0]["source"])


def _notebook_model(edit=lambda source: source):
    """Run notebook 04's model cell and its compile cell (``edit`` may change
    their source first, as a learner would); returns the namespace."""
    namespace = {name: getattr(module, name) for module in (data, recipe, cache) for name in module.__all__} | {"keras": keras}
    exec(edit(_notebook_cell("def build_cnn(")), namespace)
    namespace["model"] = namespace["build_cnn"]()
    exec(edit(_notebook_cell("model.compile(")), namespace)
    return namespace


def _without_name(config):
    return {key: value for key, value in config.items() if key != "name"}


def test_notebook_04_builds_and_compiles_exactly_helpers_model():
    ns = _notebook_model()
    mine, theirs = ns["model"], recipe.compile_cnn(recipe.build_cnn(), total_steps=ns["total_steps"])
    assert ns["total_steps"] == recipe.EPOCHS * recipe.steps_per_epoch()
    assert _without_name(mine.get_config()) == _without_name(theirs.get_config())
    assert [layer.get_config() for layer in mine.layers] == [layer.get_config() for layer in theirs.layers]
    assert mine.count_params() == theirs.count_params() == 336_394
    assert mine.loss.get_config() == theirs.loss.get_config()
    assert (_without_name(mine.optimizer.get_config()) == _without_name(theirs.optimizer.get_config()))
    for step in (0, 20, 43, 200, ns["total_steps"]):
        want = float(recipe.learning_rate_schedule(ns["total_steps"])(step))
        assert float(ns["schedule"](step)) == pytest.approx(want)
    # the same seed gives the same starting weights
    keras.utils.set_random_seed(5)
    first = ns["build_cnn"]().get_weights()
    keras.utils.set_random_seed(5)
    second = recipe.build_cnn().get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(first, second))


def test_notebook_04_model_is_cached_where_05_looks_unless_edited(tmp_path):
    ns = _notebook_model()
    steps = ns["total_steps"]
    expected = cache.cached_model_path(42, steps, cache_dir=tmp_path)          # what notebook 05 looks for
    assert cache.cached_model_path(42, steps, cache_dir=tmp_path, model=ns["model"]) == expected
    # a model under another name (05's "plain") is the same recipe
    plain = recipe.compile_cnn(recipe.build_cnn(name="plain"), total_steps=steps)
    assert cache.cached_model_path(42, steps, cache_dir=tmp_path, model=plain) == expected
    # a learner's edits to the CNN or to the compile call give another name: 05 does not load that model
    edits = [lambda s: s.replace("Dropout(0.4", "Dropout(0.5"),
             lambda s: s.replace("Conv2D(16, kernel_size=5", "Conv2D(16, kernel_size=3"),
             lambda s: s.replace("warmup_target=PEAK_LEARNING_RATE", "warmup_target=0.001"),
             lambda s: s.replace("SmoothedSparseCrossentropy(LABEL_SMOOTHING)", "SmoothedSparseCrossentropy(0.0)"),
             lambda s: s.replace("keras.optimizers.Adam(", "keras.optimizers.RMSprop(")]
    paths = set()
    for edit in edits:
        source = _notebook_cell("def build_cnn(") + _notebook_cell("model.compile(")
        assert edit(source) != source, "an edit no longer matches notebook 04's cells"
        edited = cache.cached_model_path(42, steps, cache_dir=tmp_path, model=_notebook_model(edit)["model"])
        assert edited != expected
        paths.add(edited)
    assert len(paths) == len(edits)


def test_fingerprint_of_helpers_recipe_leaves_the_random_generators_alone():
    keras.utils.set_random_seed(3)
    first = recipe.build_cnn().get_weights()
    keras.utils.set_random_seed(3)
    cache.recipe_fingerprint(total_steps=10)
    second = recipe.build_cnn().get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(first, second))
    with pytest.raises(ValueError, match="compiled model"):
        cache.recipe_fingerprint(recipe.build_cnn())
    with pytest.raises(ValueError, match="total_steps"):
        cache.recipe_fingerprint()


def test_predict_in_batches_gives_model_predict_s_numbers():
    """helpers.predict_in_batches (what notebooks 05 and 06 use, for memory) and model.predict
    agree exactly, on an array (with a last batch that is not full) and on a batched pipeline;
    an empty array or a bad batch size gets a clear error."""
    from helpers import predict_in_batches

    keras.utils.set_random_seed(0)
    model = recipe.build_cnn()
    images = np.random.default_rng(0).random((300, 28, 28, 1)).astype(np.float32)
    expected = model.predict(images, verbose=0, batch_size=256)
    assert np.array_equal(predict_in_batches(model, images), expected)
    pipeline = tf.data.Dataset.from_tensor_slices((images, np.zeros(300, np.int64))).batch(128)
    assert np.array_equal(predict_in_batches(model, pipeline), model.predict(pipeline, verbose=0))
    with pytest.raises(ValueError, match="no images"):
        predict_in_batches(model, images[:0])
    with pytest.raises(ValueError, match="batch_size"):
        predict_in_batches(model, images, batch_size=0)
