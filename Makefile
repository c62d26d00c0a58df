# nn4 — one command to learn, one to prove that every notebook still runs.
#
#   make lab        create .venv if needed, install, open JupyterLab in notebooks/
#   make test       unit tests of helpers/, then every notebook under strict nbval
#   make notebooks  re-execute every notebook in place from a fresh kernel
#   make bench      time and measure every notebook (writes benchmarks/results.md)

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

.PHONY: lab test unit nbval notebooks bench clean

$(STAMP): requirements.txt constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -c constraints.txt
	touch $(STAMP)

# Jupyter refuses to run as root unless told: containers (and CI machines) often are root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks $(ALLOW_ROOT) $(LAB_ARGS)

test: unit nbval

unit: $(STAMP)
	$(BIN)/python -m pytest tests/

nbval: $(STAMP)
	$(BIN)/python -m pytest $(NBVAL_OPTS) notebooks/

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
	rm -rf $(VENV) notebooks/cache
