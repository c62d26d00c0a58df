"""The check of notebook 02 (iris flowers with Keras): 02.1, the notes' second hidden layer.

The model is read through what every Keras model has (``layers``, each layer's class name,
``units`` and ``activation``; ``count_params()``), so this module never imports Keras.

Example
-------
>>> from helpers.exercises.registry import check
>>> check("02.1", params_by_hand=183)
not yet: params_by_hand: the new layer has a bias for each of its 10 units too
"""

from __future__ import annotations

from .answers import NotYet, kind_of, whole_number

__all__ = ["check_02_1"]

#: The notebook's model: Dense(10, relu) -> Dropout -> Dense(3, softmax), 4 features in.
FIRST_MODEL_PARAMS = (4 * 10 + 10) + (10 * 3 + 3)


def _layers(model):
    """(class name, units, activation name) for each layer of a Keras model, the input left out."""
    layers = getattr(model, "layers", None)
    if layers is None or isinstance(layers, (str, bytes)):
        raise NotYet(f"model should be your Keras model with the second hidden layer (built, as build_model "
                     f"builds it), not {kind_of(model)}")
    described = []
    for layer in list(layers):
        kind = type(layer).__name__
        if kind != "InputLayer":
            activation = getattr(getattr(layer, "activation", None), "__name__", None)
            described.append((kind, getattr(layer, "units", None), activation))
    return described


def check_02_1(params_by_hand=None, model=None):
    """193 parameters (83 + 10·10 + 10), and a model whose second Dense(10, relu) sits where the
    notes put it: after the first hidden layer, before the dropout."""
    by_hand = whole_number(params_by_hand, "params_by_hand", 0)
    new_layer = 10 * 10 + 10
    if by_hand == FIRST_MODEL_PARAMS + 10 * 10:
        raise NotYet("params_by_hand: the new layer has a bias for each of its 10 units too")
    if by_hand in (new_layer, 10 * 10):
        raise NotYet(f"params_by_hand: that is the new layer alone; the model had {FIRST_MODEL_PARAMS} "
                     "parameters before it")
    if by_hand != FIRST_MODEL_PARAMS + new_layer:
        raise NotYet(f"params_by_hand: a dense layer n_l -> n_(l+1) has n_(l+1)·(n_l + 1) parameters: add the "
                     f"new layer's to the {FIRST_MODEL_PARAMS} of the model above")
    if model is None or model is Ellipsis:
        raise NotYet("write your model (the one with the second hidden layer) in place of the ... above")
    layers = _layers(model)
    kinds = [kind for kind, _, _ in layers]
    if kinds.count("Dense") < 3:
        raise NotYet("model: it has no second hidden layer yet: add the notes' Dense(10, activation=tf.nn.relu)")
    if kinds != ["Dense", "Dense", "Dropout", "Dense"]:
        raise NotYet("model: the notes put the second hidden layer between the first hidden layer and the "
                     f"dropout (yours: {' -> '.join(kinds)})")
    if layers[1][1] != 10 or layers[1][2] != "relu":
        raise NotYet("model: the notes' second hidden layer is Dense(10, activation=tf.nn.relu), the same as "
                     "the first")
    try:
        counted = int(model.count_params())
    except Exception:  # Keras cannot count the weights of a model it has not built
        raise NotYet("model: build it with keras.Input(shape=(4,)) first, as build_model does") from None
    if counted != by_hand:
        raise NotYet(f"model: Keras counts {counted:,d} parameters, not {by_hand}: compare its other layers "
                     "(and its input, 4 features) with build_model's")
    return (f"{by_hand} parameters ({FIRST_MODEL_PARAMS} + {new_layer}), and the layer where the notes put it: "
            "now train it like the first model")
