"""Exercises: a solution's output folded until the learner opens it, and feedback on the learner's
own answer.

- ``fold.py`` -- :func:`folded_output`: a solution cell's printed text and figures, shown as one
  folded output on every platform (``tools/solutions.py`` writes the rest of a solution's fold);
- ``registry.py`` -- :func:`check` (``check("04.3", index=..., ...)``: "✓ right" or "not yet:
  <a hint>") and ``CHECKS``, the exercise ids and their checks;
- ``nb01.py`` ... ``nb05.py`` -- one module a notebook, its checks ``check_NN_M``;
- ``answers.py`` -- reading an answer (a number, an array, a name, a model's predictions) and
  ``NotYet``, a check's hint.

Importing it is cheap: NumPy, SciPy and the data load inside the checks, and a model is read
through its ``predict`` method, so TensorFlow is never imported here.
"""
