"""Where the course lives: its repository's address, in one place.

Everything that names the repository is made from :data:`REPOSITORY` and
:data:`BRANCH`: the test images' download address (:data:`helpers.digits.BASE_URL`),
the website's Binder and Colab buttons (``docs/conf.py``), and the Colab cell
that fetches ``helpers/`` and ``images/`` (``tools/colab_cell.py`` writes it
into every notebook). The README's Binder badge and the notebooks' Colab
cells are text, not code: ``tests/test_colab.py`` checks that they agree with
this module. To move the course, change these two lines, run
``python tools/colab_cell.py``, and update the README's badge.

The module itself imports nothing (``import helpers.course`` runs ``helpers/__init__.py``
first, which needs NumPy and Matplotlib but not TensorFlow).

Example
-------
>>> from helpers.course import REPOSITORY, colab_url
>>> REPOSITORY
'nn4-course/nn4'
>>> colab_url("00_getting_started.ipynb")
'https://colab.research.google.com/github/nn4-course/nn4/blob/main/notebooks/00_getting_started.ipynb'
"""

from __future__ import annotations

__all__ = ["REPOSITORY", "BRANCH", "GITHUB_URL", "RAW_URL", "BINDER_URL", "colab_url", "binder_url"]

#: The course's GitHub repository, "owner/name".
REPOSITORY = "nn4-course/nn4"

#: The branch that learners, Binder and Colab use.
BRANCH = "main"

#: The repository's page; ``git clone`` takes it too.
GITHUB_URL = f"https://github.com/{REPOSITORY}"

#: The repository's files as they are on :data:`BRANCH` (add a path, e.g. ``"images/"``).
RAW_URL = f"https://raw.githubusercontent.com/{REPOSITORY}/{BRANCH}/"

#: Binder: the course's environment with JupyterLab open in ``notebooks/`` (the README's badge).
BINDER_URL = f"https://mybinder.org/v2/gh/{REPOSITORY}/{BRANCH}?urlpath=lab/tree/notebooks"



def colab_url(notebook: str) -> str:
    """The address that opens one notebook of the course in Google Colab.

    Example
    -------
    >>> colab_url("04_mnist_cnn.ipynb").endswith("/blob/main/notebooks/04_mnist_cnn.ipynb")
    True
    """
    return f"https://colab.research.google.com/github/{REPOSITORY}/blob/{BRANCH}/notebooks/{notebook}"


def binder_url(notebook: str | None = None) -> str:
    """The Binder address that opens JupyterLab in ``notebooks/``, or on one notebook.

    Example
    -------
    >>> binder_url("02_iris_keras.ipynb")
    'https://mybinder.org/v2/gh/nn4-course/nn4/main?urlpath=lab/tree/notebooks/02_iris_keras.ipynb'
    """
    return BINDER_URL if notebook is None else f"{BINDER_URL}/{notebook}"
