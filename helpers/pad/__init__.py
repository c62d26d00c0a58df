"""The draw-a-digit pad: draw with the mouse, a pen or a finger, and watch a model read your digit.

- :mod:`~helpers.pad.widget` -- the widget (:func:`show_pad`); its browser
  side is ``pad.js`` and ``pad.css`` beside it;
- :mod:`~helpers.pad.strokes` -- the strokes (lists of points) to MNIST's input;
- :mod:`~helpers.pad.answer` -- the model's probabilities and the pad's answer:
  a digit, "not sure" below :data:`~helpers.pad.answer.NOT_SURE_BELOW`, or
  "draw larger" (to change the threshold, look there).

>>> from helpers.pad.widget import show_pad        # doctest: +SKIP
"""
