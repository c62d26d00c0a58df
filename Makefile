# nn4 — one command to learn, one to prove that every notebook still runs.
#
#   make lab        create .venv if needed, install, open JupyterLab in notebooks/
#   make test       make nbval, then make unit (the pad's unit tests reuse the model notebook 04 leaves)
#   make unit       the unit tests (tests/, without the browser tests)
#   make nbval      every notebook under strict nbval (outputs compared with the committed ones)
#   make notebooks  re-execute every notebook in place from a fresh kernel (NB=notebooks/03_*.ipynb: some)
#   make practice   write the practice copies, practice/NN_*.ipynb (no outputs, no solutions), and prints how
#                   many exercises have a check(...)
#   make test-practice  run every practice copy from a fresh kernel, each code cell twice in a row, as a
#                   learner does: no cell may fail (but for RunAgainFrom on a second run), every check says
#                   "not yet" (CI runs it)
#   make bench      time and measure every notebook (writes benchmarks/results.md, the README's bench lines)
#   make seeds      the notebooks course.toml marks `seeds = true` for seeds 0 to seed_count-1 (10 for each today): every claim
#                   (writes benchmarks/seeds.md and notebooks/data/seeds.csv)
#   make refresh-results  after changing the CNN recipe: make notebooks for the notebooks course.toml
#                   marks `recipe = true` (04, 05, 06), then make seeds, then make bench
#   make test-variants  the notebooks again (nbval, not the unit tests) as on other machines, two runs
#                   side by side on one CPU each: Colab-like versions on AVX2 without notebooks/cache/
#                   (= make test-colab); oneDNN off, the core notebooks (CI runs it)
#   make test-colab the notebooks with library versions like Colab's (Python 3.12, TensorFlow 2.19)
#   make test-browser  JupyterLab in headless Chromium: every notebook renders, notebook 03's
#                   playground and the draw-a-digit pad work (needs chromium; CI runs it once)
#   make site       the course website from the committed notebooks, nothing re-run (writes _site/html/)
#   make wheelhouse  wheels of every package and MNIST for lab machines without internet (wheelhouse/);
#                   install there with make lab WHEELHOUSE=wheelhouse
#   make slides     the same: the site holds a reveal.js deck per notebook (_site/html/slides/); after editing a
#                   notebook, .venv/bin/python tools/slides.py rewrites its cells' slide metadata
#   make constraints  compile constraints.txt (and the Colab-like lock) from the ranges, with uv
#   make clean      remove the environments, notebooks/cache/, the site and the variants' copies
#
# Which notebooks a target runs, and in which order, comes from the course list,
# notebooks/course.toml (read by helpers/course.py).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

# Install stamps, one pattern: <venv>/.installed records that the environment <venv> has its
# packages, <venv>/.installed-<what> that it also has <what>'s; each stamp's recipe is
# $(call install,<venv>,<python that creates it>,<pip arguments>).
# $(4), where given: where pip finds the packages (the wheelhouse's --no-index --find-links).
define install
test -x $(1)/bin/python || $(2) -m venv $(1)
$(1)/bin/python -m pip install --quiet $(4) --upgrade pip
$(1)/bin/python -m pip install --quiet $(4) $(3)
touch $@
endef
STAMP         := $(VENV)/.installed
SITE_STAMP    := $(VENV)/.installed-site
BROWSER_STAMP := $(VENV)/.installed-browser
COLAB_VENV    := .venv-colab
COLAB_STAMP   := $(COLAB_VENV)/.installed

# Offline use: a prepared TensorFlow Datasets folder. On the course's CI and
# developer machines it sits in ../shared; elsewhere tfds downloads MNIST.
SHARED_TFDS := $(abspath ../shared/data/tensorflow_datasets)
ifneq ($(and $(WHEELHOUSE),$(wildcard $(WHEELHOUSE)/tensorflow_datasets/mnist)),)
export TFDS_DATA_DIR := $(abspath $(WHEELHOUSE)/tensorflow_datasets)
endif
ifeq ($(TFDS_DATA_DIR),)
ifneq ($(wildcard $(SHARED_TFDS)/mnist),)
export TFDS_DATA_DIR := $(SHARED_TFDS)
endif
endif
NBVAL_OPTS := --nbval --nbval-cell-timeout=900

.PHONY: lab test unit nbval notebooks practice test-practice bench seeds refresh-results test-variants test-colab test-browser site slides wheelhouse \
  constraints clean

# WHEELHOUSE=folder (make lab WHEELHOUSE=wheelhouse): install the course's packages from a folder that
# `make wheelhouse` filled, with no network, and read MNIST from its tensorflow_datasets/.
WHEELHOUSE ?=
$(STAMP): requirements.txt constraints.txt
	$(call install,$(VENV),$(PYTHON),-r requirements.txt -c constraints.txt,$(if $(WHEELHOUSE),--no-index --find-links $(WHEELHOUSE)))

# Lab machines without internet: a wheel of every package for this machine's platform and Python,
# and a prepared MNIST, in wheelhouse/ (tools/wheelhouse.py; CI installs .venv from it).
wheelhouse:
	$(PYTHON) tools/wheelhouse.py --out wheelhouse

# The website's tools (Sphinx, myst-nb, offline MathJax, playwright for its browser test):
# only `make site` (and CI) installs them, so `make lab` stays as small as it was.
$(SITE_STAMP): $(STAMP) docs/requirements.txt
	$(call install,$(VENV),$(PYTHON),-r docs/requirements.txt -c constraints.txt)

# The browser test's tools (tests/requirements-browser.txt).
$(BROWSER_STAMP): $(STAMP) tests/requirements-browser.txt
	$(call install,$(VENV),$(PYTHON),-r tests/requirements-browser.txt -c constraints.txt)

# The Colab-like environment (CONTRIBUTING.md, "Colab-like versions"): Python 3.12 where one is
# found, the library versions of .ci/colab-versions.txt, compiled into .ci/constraints-colab.txt;
# made afresh when that lock changes.
COLAB_PYTHON ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3.12) $(shell command -v python3.12) $(PYTHON))
$(COLAB_STAMP): .ci/constraints-colab.txt
	rm -rf $(COLAB_VENV)
	$(call install,$(COLAB_VENV),$(COLAB_PYTHON),-r .ci/constraints-colab.txt)

# The course list's notebooks (notebooks/course.toml), as paths: $(call course,LIST) with LIST one of
# all, core, optional, uncached, seeds, recipe (python -P helpers/course.py --help). Expanded only
# where a recipe uses it (=, not :=), once .venv exists (Python 3.11+); an empty answer stops make.
COURSE_PYTHON = $(firstword $(wildcard $(BIN)/python $(COLAB_VENV)/bin/python) python3)
course = $(or $(shell $(COURSE_PYTHON) -P helpers/course.py $(1)),$(error helpers/course.py $(1) printed nothing))

# Jupyter refuses to run as root unless told: containers (and CI machines) often are root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(STAMP)
	$(BIN)/jupyter lab --config=jupyter_server_config.py --ServerApp.root_dir=. \
	  --LabApp.default_url=/lab/tree/notebooks $(ALLOW_ROOT) $(LAB_ARGS)

# The notebooks first: notebook 04 leaves its model in notebooks/cache/, which the pad's unit tests
# load (tests/conftest.py trains one where it is missing: about 30 s more).
test: nbval unit

unit: $(STAMP)
	$(BIN)/python -m pytest -m "not browser" tests/

nbval: $(STAMP)
	$(BIN)/python -m pytest $(NBVAL_OPTS) notebooks/

# The notebooks as other machines compute them (CONTRIBUTING.md, "How notebook outputs are
# checked"): other library versions (Colab's), a laptop CPU without AVX-512, TensorFlow without
# oneDNN (as on macOS), one CPU (as on Binder). Linux (taskset). Only the notebooks (nbval) and
# the import test: the unit tests run once, in `make test`.
#
# Two runs side by side, each on one CPU of its own, so that the variants cost the wall time of
# one one-CPU run:
#   (a) `make test-colab` (below), on CPU 0: Colab-like versions (Python 3.12, TensorFlow 2.19),
#       ONEDNN_MAX_CPU_ISA=AVX2, without notebooks/cache/, every notebook;
#   (b) in a copy of the working tree (VARIANT_COPY), on CPU 1: TF_ENABLE_ONEDNN_OPTS=0, the core
#       notebooks, 00-05 (the optional ones, 06 the longest, run in (a) only: CI's time budget);
#       then, on the same CPU, the practice copies as a learner runs them (`tools/practice.py --ci`:
#       each core copy with every cell twice, 06's once; = make test-practice, but for 06), which
#       find the models the notebooks just left in the copy's notebooks/cache/.
# Both run with one CPU, so "one CPU, as on Binder" is covered twice. Each run has its own copy
# of the tree and its own notebooks/cache/, so they never read each other's models.
#
# Notebook 05 reuses the plain model notebook 04 saves in notebooks/cache/, and 06 the
# "MNIST + inverted" model 05 saves there; run in sorted order, each finds it. Run (a)
# also tests the path of a learner who opens 05 or 06 first: it starts without a cache and
# runs 06 before 05 before 04, so that each trains its model itself (pytest keeps the
# command line's order).
#
# The lists come from notebooks/course.toml: NB_CORE leaves out the notebooks marked `optional`;
# NB_UNCACHED runs each notebook that reuses another's model (`reuses_model_of`) before that one.
NB_ALL = $(call course,all)
NB_CORE = $(call course,core)
NB_UNCACHED = $(call course,uncached)
NB_RECIPE = $(call course,recipe)
VARIANT_COPY := .variant-copy
PYTHON_ABS := $(abspath $(BIN)/python)
COPY_TREE = tar -cf - --exclude=./.git --exclude=./.venv --exclude=./.venv-colab --exclude=./_site \
  --exclude=./.variant-copy --exclude=./.colab-copy --exclude=./notebooks/cache --exclude=./wheelhouse . | tar -xf - -C

test-variants: $(STAMP) $(COLAB_STAMP)
	@echo "== variants, side by side on one CPU each: (a) Colab-like versions, AVX2, without" \
	      "notebooks/cache/, on CPU 0; (b) no oneDNN, the core notebooks, on CPU 1 (its output follows (a)'s)"
	rm -rf $(VARIANT_COPY) && mkdir $(VARIANT_COPY) && $(COPY_TREE) $(VARIANT_COPY)
	( cd $(VARIANT_COPY) && { TF_ENABLE_ONEDNN_OPTS=0 taskset -c 1 $(PYTHON_ABS) -m pytest $(NBVAL_OPTS) \
	    $(NB_CORE) && taskset -c 1 $(PYTHON_ABS) tools/practice.py --ci; } > no-onednn.log 2>&1; \
	  echo $$? > no-onednn.rc ) & \
	$(MAKE) --no-print-directory test-colab COLAB_CPU=0; a=$$?; \
	wait; echo "== variant (b): TF_ENABLE_ONEDNN_OPTS=0, one CPU; then the practice copies"; cat $(VARIANT_COPY)/no-onednn.log; \
	b=$$(cat $(VARIANT_COPY)/no-onednn.rc); echo "== variants: (a) exit $$a, (b) exit $$b"; \
	test "$$a" = 0 && test "$$b" = 0 && rm -rf $(VARIANT_COPY)

# What a learner sees, in a real browser (tests/test_browser.py, marked `browser`, so `make unit`
# leaves it out): JupyterLab from .venv in Debian's headless Chromium (apt-get install chromium;
# no browser download). Once in CI, not per CPU variant; it reuses the model that notebook 04
# leaves in notebooks/cache/ (or trains one, about 30 s).
test-browser: $(BROWSER_STAMP)
	$(BIN)/python -m pytest -m browser tests/test_browser.py tests/test_slides.py

# Built from the committed, executed notebooks (nothing is re-run): open _site/html/index.html.
site: $(SITE_STAMP)
	$(BIN)/python docs/build.py

# The slide decks are pages of the site (docs/slides.py, run by docs/build.py).
slides: site

# The exact versions (constraints.txt) compiled by uv from the ranges (requirements.txt and the
# site's and browser test's lists): run after changing a range. uv keeps every pin the range still
# admits (--upgrade-package NAME moves one). Also the Colab-like lock (.ci/constraints-colab.txt):
# requirements.txt with Colab's versions (.ci/colab-versions.txt, and .ci/colab-overrides.txt for
# the two that requirements.txt's ranges exclude), for Python 3.12.
UV := $(BIN)/python -m uv
UV_PLATFORM := --python-platform x86_64-manylinux_2_28 --no-annotate --custom-compile-command "make constraints"
constraints: $(STAMP)
	$(BIN)/python -m pip install --quiet uv==0.13.9
	$(UV) pip compile --quiet requirements.txt docs/requirements.txt tests/requirements-browser.txt \
	  --python-version 3.11.7 $(UV_PLATFORM) -o constraints.txt
	$(UV) pip compile --quiet requirements.txt -c .ci/colab-versions.txt --override .ci/colab-overrides.txt \
	  --python-version 3.12 $(UV_PLATFORM) -o .ci/constraints-colab.txt

# The notebooks (nbval, the same comparison rules) in an environment like Google Colab's
# (.venv-colab/, $(COLAB_STAMP) above). On one CPU, as an ordinary laptop's
# (ONEDNN_MAX_CPU_ISA=AVX2), without notebooks/cache/ in its own copy of the tree, so 06, 05 and
# 04 each train their own model (the path of a learner who opens 06 first).
COLAB_COPY := .colab-copy
COLAB_CPU ?= 0
test-colab: $(COLAB_STAMP)
	@echo "== Colab-like: $$($(COLAB_VENV)/bin/python --version), tensorflow-cpu" \
	  "$$($(COLAB_VENV)/bin/python -c 'import importlib.metadata as m; print(m.version("tensorflow-cpu"))'), AVX2, CPU $(COLAB_CPU)"
	rm -rf $(COLAB_COPY) && mkdir $(COLAB_COPY) && $(COPY_TREE) $(COLAB_COPY)
	cd $(COLAB_COPY) && taskset -c $(COLAB_CPU) $(abspath $(COLAB_VENV))/bin/python -m pytest -p no:cacheprovider \
	  tests/test_import.py
	# apart from the unit test: tests/conftest.py sets MPLBACKEND=Agg, which the notebooks' kernels would inherit
	cd $(COLAB_COPY) && ONEDNN_MAX_CPU_ISA=AVX2 taskset -c $(COLAB_CPU) $(abspath $(COLAB_VENV))/bin/python \
	  -m pytest -p no:cacheprovider $(NBVAL_OPTS) $(NB_UNCACHED)
	rm -rf $(COLAB_COPY)

seeds: $(STAMP)
	$(BIN)/python benchmarks/seeds.py

# NB=notebooks/03_*.ipynb to run only some; by default every notebook of the course, in order.
NB ?= $(NB_ALL)
notebooks: $(STAMP)
	$(BIN)/python tools/notebooks.py $(NB)

practice: $(STAMP)
	$(BIN)/python tools/practice.py

test-practice: $(STAMP)
	$(BIN)/python tools/practice.py --run --twice

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# After changing the CNN recipe (helpers/mnist/recipe.py and notebook 04's model cells, together):
# the notebooks that train or reuse it (course.toml's `recipe = true`, in course order, so each
# finds the model the one before left in notebooks/cache/), then every claim under five seeds,
# then the benchmark. Commit what they rewrite.
refresh-results: $(STAMP)
	$(MAKE) --no-print-directory notebooks NB="$(NB_RECIPE)"
	$(MAKE) --no-print-directory seeds
	$(MAKE) --no-print-directory bench

clean:
	rm -rf $(VENV) $(COLAB_VENV) notebooks/cache _site $(VARIANT_COPY) $(COLAB_COPY)
