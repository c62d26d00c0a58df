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
# No widget library from a CDN: docs/build.py replaces each ipywidgets view (notebooks 03, 04) with a note.
nb_ipywidgets_js = {}

autodoc_member_order = "bysource"
autodoc_inherit_docstrings = False  # Keras' own docstrings (ValidateOn.on_epoch_end) are not ours
# Each object once, in the module that defines it: every module's __all__ lists only its own names
# (tests/test_helpers_layout.py), and the api page documents modules, not the helpers package itself.
autodoc_default_options = {"members": True}
# Signatures show defaults as written (path=COURSE_FILE), not their values on the machine that built
# the site (a path under its checkout); path constants hide their values (:meta hide-value:).
autodoc_preserve_defaults = True
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
    # No top navbar: sphinx-book-theme leaves navbar_* empty and puts its sidebar toggles in the
    # article header, but pydata-sphinx-theme (0.20) fills navbar_persistent with the search field
    # unless the site sets it. The navbar it then renders, hidden by sphinx-book-theme's CSS, holds a
    # second pair of .primary-toggle/.secondary-toggle buttons ahead of the visible ones, and both
    # themes' scripts bind only the first match (document.querySelector): the visible "Toggle primary
    # sidebar" and contents buttons did nothing. Search stays in the sidebar and the article header.
    "navbar_persistent": [],
}
# The figures are drawn on white; a first visit would otherwise log "invalid theme mode" to the console.
html_context = {"default_mode": "light"}
html_last_updated_fmt = None
html_show_sourcelink = False
# docs/_static/nn4.css: a shadow on the edge of a display equation that scrolls sideways.
html_static_path = ["_static"]
html_css_files = ["nn4.css"]
html_js_files = ["nn4.js"]  # a tap on a link in the phone's contents drawer closes it
