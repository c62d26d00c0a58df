"""benchmarks/run.py: the pure helpers (FLOP counting, epoch log, report
formatting). No timing is asserted anywhere."""

import pytest

from benchmarks import run


def test_mac_formulas_by_hand():
    # 28x28 outputs x 16 filters, each a 5x5x1 dot product
    assert run.conv2d_macs(28, 28, 5, 5, 1, 16) == 28 * 28 * 16 * 25
    assert run.dense_macs(512, 128) == 65_536
    assert run.dense_macs(4, 3, positions=5) == 60
    assert run.training_step_flops(100) == 300


def test_forward_flops_of_a_tiny_model():
    keras = pytest.importorskip("keras")
    inputs = keras.Input(shape=(8, 8, 1))
    x = keras.layers.Conv2D(2, 3, padding="same")(inputs)           # 8x8x2 outputs, 3x3x1 each
    x = keras.layers.Conv2D(4, 3, strides=2, padding="valid")(x)    # 3x3x4 outputs, 3x3x2 each
    x = keras.layers.MaxPool2D(2, padding="same")(x)                # 2x2x4, no MACs
    x = keras.layers.Flatten()(x)                                   # 16
    outputs = keras.layers.Dense(3)(x)                              # 16 -> 3
    model = keras.Model(inputs, outputs)
    by_hand = 8 * 8 * 2 * (3 * 3 * 1) + 3 * 3 * 4 * (3 * 3 * 2) + 16 * 3
    assert run.forward_flops(model) == 2 * by_hand


def test_forward_flops_of_the_notes_cnn():
    pytest.importorskip("tensorflow")
    from helpers.mnist import build_cnn

    # "same" padding, each pool halves (rounding up): 28 -> 14 -> 7 -> 4 -> 2
    sizes = [(28, 1, 16), (14, 16, 32), (7, 32, 64), (4, 64, 128)]
    by_hand = sum(s * s * f * 5 * 5 * c for s, c, f in sizes) + 2 * 2 * 128 * 128 + 128 * 10
    assert by_hand == 8_674_816
    assert run.forward_flops(build_cnn()) == 2 * by_hand


def test_epoch_log():
    acc = [0.97, 0.9899, 0.990, 0.995]
    assert run.first_epoch_reaching(acc, 0.99) == 3
    assert run.first_epoch_reaching(acc[:2], 0.99) is None
    assert run.time_to_target([12.0, 10.0, 11.0, 10.0], acc, 0.99) == 33.0
    assert run.time_to_target([12.0], [0.5], 0.99) is None
    assert run.steady_epoch_seconds([30.0, 10.0, 12.0, 11.0]) == 11.0
    assert run.steady_epoch_seconds([30.0]) == 30.0


def test_parse_vmhwm():
    status = "Name:\tpython\nVmPeak:\t  900000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t  100 kB\n"
    assert run.parse_vmhwm(status) == 123456 * 1024
    assert run.parse_vmhwm("Name:\tpython\n") is None


def test_markdown_table():
    assert run.markdown_table(["a", "b", "c"], [["x", 1, "2.0"]]).splitlines() == [
        "| a | b | c |", "| --- | ---: | ---: |", "| x | 1 | 2.0 |"]
    assert run.megabytes(1_499_600_000) == "1,500 MB"
    assert run.megabytes(None) == "n/a"


def test_select_notebooks_is_sorted():
    paths = run.select_notebooks(["0[3-4]_*", "00_*"])
    assert [p.name[:2] for p in paths] == sorted(p.name[:2] for p in paths)
