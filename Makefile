# nn4 — one command to learn, one to prove that every notebook still runs.
#
#   make lab        create .venv if needed, install, open JupyterLab in notebooks/
#   make test       unit tests of helpers/, then every notebook under strict nbval
#   make notebooks  re-execute every notebook in place from a fresh kernel
#   make bench      time and measure every notebook (writes benchmarks/results.md)
#   make test-variants  make test again as on other CPUs: AVX2 only, oneDNN off, one CPU; then
#                   notebook 05 without notebook 04's saved model (CI runs it)
#   make seeds      notebooks 02, 04, 05 for seeds 0-4: every claim (writes benchmarks/seeds.md)
#   make site       the course website from the committed notebooks, nothing re-run (writes _site/html/)
#   make test-browser  JupyterLab in headless Chromium: every notebook renders, notebook 03's
#                   playground and the draw-a-digit pad work (needs chromium; CI runs it once)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Offline use: a prepared TensorFlow Datasets folder. On the course's CI and
# developer machines it sits in ../shared; elsewhere tfds downloads MNIST.
SHARED_TFDS := $(abspath ../shared/data/tensorflow_datasets)
ifeq ($(TFDS_DATA_DIR),)
ifneq ($(wildcard $(SHARED_TFDS)/mnist),)
export TFDS_DATA_DIR := $(SHARED_TFDS)
endif
endif
NBVAL_OPTS := --nbval --nbval-cell-timeout=900

.PHONY: lab test unit nbval site test-browser test-variants nbval-05-untrained notebooks bench seeds clean

$(STAMP): requirements.txt constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -c constraints.txt
	touch $(STAMP)

# The website's tools (Sphinx, myst-nb, offline MathJax, playwright for its browser test):
# only `make site` (and CI) installs them, so `make lab` stays as small as it was.
SITE_STAMP := $(VENV)/.installed-site
$(SITE_STAMP): $(STAMP) docs/requirements.txt
	$(BIN)/python -m pip install --quiet -r docs/requirements.txt -c constraints.txt
	touch $(SITE_STAMP)

# Jupyter refuses to run as root unless told: containers (and CI machines) often are root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(STAMP)
	$(BIN)/jupyter lab --config=jupyter_server_config.py --ServerApp.root_dir=. \
	  --LabApp.default_url=/lab/tree/notebooks $(ALLOW_ROOT) $(LAB_ARGS)

test: unit nbval

unit: $(STAMP)
	$(BIN)/python -m pytest -m "not browser" tests/

nbval: $(STAMP)
	$(BIN)/python -m pytest $(NBVAL_OPTS) notebooks/

# The same tests as other machines compute (CONTRIBUTING.md, "How notebook
# outputs are checked"): a laptop CPU without AVX-512, TensorFlow without oneDNN
# (as on macOS), and one CPU (as on Binder). Linux (taskset).
# The website and the Open-in-Colab path (tests/test_site.py, tests/test_colab.py) do
# not depend on the CPU: tested once, by `make test`, not again in every variant.
test-variants: export NN4_SKIP_SITE_TESTS = 1
test-variants: $(STAMP)
	@echo "== variant: ONEDNN_MAX_CPU_ISA=AVX2 (a laptop CPU)"
	ONEDNN_MAX_CPU_ISA=AVX2 $(MAKE) --no-print-directory test
	@echo "== variant: TF_ENABLE_ONEDNN_OPTS=0 (no oneDNN)"
	TF_ENABLE_ONEDNN_OPTS=0 $(MAKE) --no-print-directory test
	@echo "== variant: taskset -c 0 (one CPU)"
	taskset -c 0 $(MAKE) --no-print-directory test
	@echo "== variant: notebook 05 without notebook 04's saved model (it trains the plain model itself)"
	$(MAKE) --no-print-directory nbval-05-untrained

# Notebook 05 reuses the model notebook 04 saves in notebooks/cache/; every other
# run of the notebooks writes that cache first, so this one removes it to test the
# path a learner takes who opens 05 directly. The cache is remade by running 04.
nbval-05-untrained: $(STAMP)
	rm -rf notebooks/cache
	$(BIN)/python -m pytest $(NBVAL_OPTS) notebooks/05_*.ipynb

# What a learner sees, in a real browser (tests/test_browser.py, marked `browser`, so `make unit`
# leaves it out): JupyterLab from .venv in Debian's headless Chromium (apt-get install chromium;
# no browser download). Once in CI, not per CPU variant; it reuses the model that notebook 04
# leaves in notebooks/cache/ (or trains one, about 30 s).
BROWSER_STAMP := $(VENV)/.installed-browser
$(BROWSER_STAMP): $(STAMP) tests/requirements-browser.txt
	$(BIN)/python -m pip install --quiet -r tests/requirements-browser.txt -c constraints.txt
	touch $(BROWSER_STAMP)

test-browser: $(BROWSER_STAMP)
	$(BIN)/python -m pytest -m browser tests/test_browser.py

# Built from the committed, executed notebooks (nothing is re-run): open _site/html/index.html.
site: $(SITE_STAMP)
	$(BIN)/python docs/build.py

seeds: $(STAMP)
	$(BIN)/python benchmarks/seeds.py

# NB=notebooks/03_*.ipynb to run only some.
NB ?= notebooks/*.ipynb
notebooks: $(STAMP)
	for nb in $(NB); do \
	  $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.timeout=900 --ExecutePreprocessor.record_timing=False \
	    "$$nb" || exit 1; \
	done

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) notebooks/cache _site
