"""``check(exercise, **answers)``: is a learner's answer right? The registry of every check.

A your-answer cell ends with ``check("04.3", index=my_index, probs=test_probs, labels=test_labels)``:
the learner's answer, and (where the right answer depends on what their notebook computed) the
notebook's own variables it is judged against. The check prints "✓ right: ..." or "not yet: <a
hint>" that points to the idea, not to the answer, and never raises: a missing (``...``), wrong
or odd answer is a sentence too.

Each notebook's checks live in ``nbNN.py`` beside this module; the readers they share, and
:class:`~helpers.exercises.answers.NotYet`, in ``answers.py``. Open-ended exercises have no check:
their text says what a good answer mentions.

Example
-------
>>> check("01.4", slowest="sigmoid")
✓ right: the sigmoid learns slowest: for the why, compare the largest value of each derivative in section 2
"""

from __future__ import annotations

import inspect

from .answers import NotYet
from .nb01 import check_01_1, check_01_2, check_01_3, check_01_4, check_01_5
from .nb02 import check_02_1
from .nb03 import check_03_1, check_03_2, check_03_3
from .nb04 import check_04_1, check_04_3, check_04_4
from .nb05 import check_05_1, check_05_2

__all__ = ["check", "CHECKS"]

#: Exercise id ("notebook.exercise") -> its check.
CHECKS = {
    "01.1": check_01_1, "01.2": check_01_2, "01.3": check_01_3, "01.4": check_01_4, "01.5": check_01_5,
    "02.1": check_02_1,
    "03.1": check_03_1, "03.2": check_03_2, "03.3": check_03_3,
    "04.1": check_04_1, "04.3": check_04_3, "04.4": check_04_4,
    "05.1": check_05_1, "05.2": check_05_2,
}


def check(exercise: str, **answers) -> None:
    """Say whether your answer to an exercise is right: prints "✓ right: ..." or "not yet: <a hint>".
    Never raises for a wrong, missing (``...``) or odd answer (it returns nothing, so a notebook
    cell that ends with it shows only the sentence).

    Example
    -------
    >>> check("03.2", sizes=(24, 12, 6))
    ✓ right: 28 -> 24 -> 12 -> 6, as the Keras layers confirm
    >>> check("03.2", sizes=(24, 12, 7))
    not yet: step 3: one pixel of padding on each side adds 2, then k = 3 and s = 2: floor((n + 2p - k) / s) + 1
    >>> check("03.2", sizes=...)
    not yet: write your three sizes as sizes = (after step 1, after step 2, after step 3)
    """
    checker = CHECKS.get(exercise)
    if checker is None:
        print(f"not yet: no check is called {exercise!r}; the checks are {', '.join(sorted(CHECKS))}")
        return
    expected = list(inspect.signature(checker).parameters)
    unknown = sorted(set(answers) - set(expected))
    if unknown:
        print(f"not yet: check({exercise!r}, ...) takes {', '.join(f'{n}=...' for n in expected)}, "
              f"not {', '.join(unknown)}")
        return
    try:
        praise = checker(**answers)
    except NotYet as hint:
        print(f"not yet: {hint}")
        return
    except Exception as exc:  # an answer nobody foresaw: still a sentence, never a traceback
        print(f"not yet: your answer could not be checked ({type(exc).__name__}); "
              f"check({exercise!r}, ...) takes {', '.join(f'{n}=...' for n in expected)}")
        return
    print(f"✓ right: {praise}")
