"""The errors a picture of a digit can raise on its way to one MNIST input.

Each is a ``ValueError`` (so ``except ValueError`` catches it) whose message
says what was wrong and what to do: :class:`UnreadableImageError` (not an
image), :class:`NoDigitError` (a blank page), :class:`SeveralDigitsError`
(crop to one digit), all under :class:`DigitImageError`.

Example
-------
>>> try:
...     raise NoDigitError("No digit found.")
... except DigitImageError as exc:
...     print(type(exc).__name__, exc)
NoDigitError No digit found.
"""

__all__ = ["DigitImageError", "UnreadableImageError", "NoDigitError", "SeveralDigitsError"]


class DigitImageError(ValueError):
    """A picture that cannot be turned into one MNIST input (base class).

    A ``ValueError``, so ``except ValueError`` catches it; the message says
    what was wrong and what to do.

    Example
    -------
    >>> issubclass(NoDigitError, DigitImageError) and issubclass(DigitImageError, ValueError)
    True
    """


class UnreadableImageError(DigitImageError):
    """The file is empty, corrupt or not an image."""


class NoDigitError(DigitImageError):
    """No ink stands out from the paper (a blank page, or a digit far too faint)."""


class SeveralDigitsError(DigitImageError):
    """More than one digit-sized blob of ink: crop the picture to one digit."""
