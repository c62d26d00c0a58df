"""Parts 3 and 4 of the benchmark: the race to 99 % of the notes' recipe against
notebook 04's, over seeds, and the training throughput against a matmul peak.
TensorFlow is imported only inside the functions that train."""

from __future__ import annotations

import platform
import time

from benchmarks.machine import OtherLoad
from benchmarks.results import RECIPE_LABELS, RecipeRun, TrainingResults
from benchmarks.stats import both_reached, forward_flops
from benchmarks.targets import NOTES_MAX_EPOCHS, TRAIN_EXAMPLES


def matmul_peak_gflops(tf, n: int = 2048, repeats: int = 10) -> float:
    """Best float32 matrix-multiply rate in GFLOP/s: ``repeats`` products of
    two random ``n x n`` matrices with ``tf.linalg.matmul`` (after one warm-up),
    ``2 n^3`` FLOPs each, fastest time."""
    a = tf.random.uniform((n, n), dtype=tf.float32, seed=1)
    b = tf.random.uniform((n, n), dtype=tf.float32, seed=2)
    tf.linalg.matmul(a, b)[0, 0].numpy()  # warm-up (thread pools, oneDNN kernels)
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        c = tf.linalg.matmul(a, b)
        c[0, 0].numpy()  # eager CPU ops are synchronous; this makes sure of it
        best = min(best, time.perf_counter() - start)
    return 2 * n**3 / best / 1e9


def train_epochs(run: RecipeRun, model, train, val, test, stop_when_both_reached: bool) -> RecipeRun:
    """Fit ``model`` one epoch at a time (up to ``run.max_epochs``), timing
    each ``fit`` call, then evaluating the validation and the test set (not
    timed). Stops early once both have reached the target when
    ``stop_when_both_reached``."""
    for epoch in range(run.max_epochs):
        start = time.perf_counter()
        model.fit(train, epochs=epoch + 1, initial_epoch=epoch, verbose=0, shuffle=False)
        run.epoch_seconds.append(time.perf_counter() - start)
        run.val_accuracy.append(float(model.evaluate(val, verbose=0, return_dict=True)["accuracy"]))
        run.test_accuracy.append(float(model.evaluate(test, verbose=0, return_dict=True)["accuracy"]))
        print(f"[bench]   seed {run.seed}, {run.recipe}, epoch {epoch + 1}: fit "
              f"{run.epoch_seconds[-1]:.1f} s, validation {run.val_accuracy[-1]:.4f}, "
              f"test {run.test_accuracy[-1]:.4f}", flush=True)
        if stop_when_both_reached and both_reached(run.val_accuracy, run.test_accuracy):
            break
    return run


def run_training(seeds, notes_max_epochs: int = NOTES_MAX_EPOCHS,
                 our_max_epochs: int | None = None) -> TrainingResults:
    """Race the notes' recipe against notebook 04's for each of ``seeds``.

    Each run gets a fresh pipeline (``make_pipeline(train, shuffle_seed=seed)``
    after ``keras.utils.set_random_seed(seed)``), so both recipes of a seed
    see the batches in the same order and start from the same weights; every
    cache (training, validation, test) is filled before timing. A few untimed
    training steps of a throwaway model compiled each way first pay this
    process's one-time start-up costs. Op determinism is on, as in notebook
    04. The matmul peak is measured before the first seed and after each.
    ``our_max_epochs`` (default ``EPOCHS``) only serves quick trial runs: our
    recipe's schedule is always planned for ``EPOCHS`` epochs.
    """
    import keras
    import numpy

    from helpers import import_tensorflow
    from helpers.mnist.data import TRAIN_SIZE, load_mnist, make_pipeline
    from helpers.mnist.recipe import EPOCHS, LABEL_SMOOTHING, PEAK_LEARNING_RATE, build_cnn, compile_cnn, steps_per_epoch

    tf = import_tensorflow()

    assert TRAIN_SIZE == TRAIN_EXAMPLES, "update TRAIN_EXAMPLES in benchmarks/targets.py"
    tf.config.experimental.enable_op_determinism()
    versions = {"python": platform.python_version(), "tensorflow": tf.__version__,
                "keras": keras.__version__, "numpy": numpy.__version__}
    total_steps = EPOCHS * steps_per_epoch()
    descriptions = {
        "notes": "`build_cnn()`, `compile(loss=\"sparse_categorical_crossentropy\", "
                 "metrics=[\"accuracy\"])` with no optimizer: Keras' default, RMSprop (learning "
                 f"rate 0.001), no schedule; up to {notes_max_epochs} epochs, stopped once both "
                 "validation and test accuracy have reached 99.0 %",
        "ours": f"`build_cnn()`, `compile_cnn(model, total_steps={EPOCHS} * {steps_per_epoch()})`: "
                f"Adam, linear warm-up to {PEAK_LEARNING_RATE:g} then cosine decay to 0 over "
                f"{total_steps} steps, label smoothing {LABEL_SMOOTHING:g}; trained for its planned "
                f"EPOCHS = {min(EPOCHS, our_max_epochs or EPOCHS)} epoch"
                + ("s" if min(EPOCHS, our_max_epochs or EPOCHS) != 1 else "")}
    peaks = []

    def measure_peak():
        peaks.append(matmul_peak_gflops(tf))
        print(f"[bench] matmul peak: {peaks[-1]:.1f} GFLOP/s", flush=True)

    def fill(ds):  # read to the end once: fills the cache, untimed
        for _ in ds:
            pass
        return ds

    def compile_as(recipe, model):
        if recipe == "notes":  # the default optimizer, as the notes
            model.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        else:
            compile_cnn(model, total_steps=total_steps)
        return model

    train_raw, val_raw, test_raw = load_mnist()
    val, test = fill(make_pipeline(val_raw)), fill(make_pipeline(test_raw))
    runs: list[RecipeRun] = []
    flops = None
    with OtherLoad() as load:
        measure_peak()
        for recipe in ("notes", "ours"):  # untimed: one-time costs of the process
            keras.utils.set_random_seed(0)
            warm_up = compile_as(recipe, build_cnn(name=f"warm_up_{recipe}"))
            warm_up.fit(make_pipeline(train_raw.take(2560), shuffle_seed=0), epochs=1, verbose=0,
                        shuffle=False)
            warm_up.evaluate(val.take(5), verbose=0)
            warm_up.evaluate(test.take(5), verbose=0)
            del warm_up
        for seed in seeds:
            for recipe in (("notes", "ours") if seed % 2 == 0 else ("ours", "notes")):
                keras.backend.clear_session()
                keras.utils.set_random_seed(seed)
                train = fill(make_pipeline(train_raw, shuffle_seed=seed))
                keras.utils.set_random_seed(seed)
                model = compile_as(recipe, build_cnn(name=f"{recipe}_seed{seed}"))
                flops = flops or forward_flops(model)
                if recipe == "notes":
                    run = RecipeRun("notes", seed, notes_max_epochs)
                else:
                    run = RecipeRun("ours", seed, min(EPOCHS, our_max_epochs or EPOCHS))
                print(f"[bench] seed {seed}: {RECIPE_LABELS[recipe]} ...", flush=True)
                train_epochs(run, model, train, val, test, stop_when_both_reached=recipe == "notes")
                runs.append(run)
                del model, train
            measure_peak()
    return TrainingResults(runs, list(seeds), descriptions, EPOCHS, flops, peaks, versions,
                           load.fraction)
