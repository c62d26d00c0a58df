"""Sphinx configuration of the course website (``make site``; ``docs/build.py`` runs Sphinx).

The pages are the committed, executed notebooks: myst-nb reads their outputs
and runs nothing (``nb_execution_mode = "off"``). Maths is typeset in the
reader's browser by a copy of MathJax that sphinx-mathjax-offline puts into
the site, so the site needs no network. sphinx-book-theme (Jupyter Book's
theme) puts Binder and Colab buttons on every notebook page; their addresses
come from ``helpers/course.py``.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # autodoc imports helpers from this checkout

from helpers.course import BRANCH, GITHUB_URL  # noqa: E402

project = "nn4"
author = "the nn4 course"
copyright = "the nn4 course authors"
html_title = "nn4: from a single neuron to a CNN"

extensions = [
    "myst_nb",                 # .ipynb and MyST .md pages
    "sphinx.ext.autodoc",      # the helpers API page, from the docstrings
    "sphinx.ext.napoleon",     # the docstrings are NumPy style
    "sphinx.ext.mathjax",
    "sphinx-mathjax-offline",  # MathJax 3 copied into _static/mathjax/ instead of a CDN
]

# The notebooks are shown as committed: nbval checks those outputs, nothing is re-run here.
nb_execution_mode = "off"
# $...$ and $$...$$ maths in the notebooks' Markdown, and LaTeX environments such as align.
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
# No widget library from a CDN: docs/build.py replaces the one ipywidgets view (notebook 03) with a note.
nb_ipywidgets_js = {}

autodoc_member_order = "bysource"
autodoc_inherit_docstrings = False  # Keras' own docstrings (ValidateOn.on_epoch_end) are not ours
autodoc_default_options = {"members": True}
napoleon_google_docstring = False

exclude_patterns = ["**.ipynb_checkpoints"]
# A notebook that jumps from ## to #### is a style matter, not a broken page: no build failure for it.
suppress_warnings = ["myst.header"]

html_theme = "sphinx_book_theme"
html_theme_options = {
    "repository_url": GITHUB_URL,
    "repository_branch": BRANCH,
    "path_to_docs": "",        # the staged sources mirror the repository: notebooks/NN_name.ipynb
    "use_repository_button": True,
    "use_download_button": True,
    "launch_buttons": {
        "binderhub_url": "https://mybinder.org",
        "colab_url": "https://colab.research.google.com",
        "notebook_interface": "jupyterlab",
    },
    "show_toc_level": 2,
}
# The figures are drawn on white; a first visit would otherwise log "invalid theme mode" to the console.
html_context = {"default_mode": "light"}
html_last_updated_fmt = None
html_show_sourcelink = False
