# nn4 — one command to learn, one to prove that every notebook still runs.
#
#   make lab        create .venv if needed, install, open JupyterLab in notebooks/
#   make test       unit tests of helpers/, then every notebook under strict nbval
#   make notebooks  re-execute every notebook in place from a fresh kernel
#   make bench      time and measure every notebook (writes benchmarks/results.md)
#   make test-variants  make test again as on other CPUs: AVX2 only, oneDNN off, one CPU (CI runs it)
#   make seeds      notebooks 02, 04, 05 for seeds 0-4: every claim (writes benchmarks/seeds.md)

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

.PHONY: lab test unit nbval test-variants notebooks bench seeds clean

$(STAMP): requirements.txt constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -c constraints.txt
	touch $(STAMP)

# Jupyter refuses to run as root unless told: containers (and CI machines) often are root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(STAMP)
	$(BIN)/jupyter lab --config=jupyter_server_config.py --ServerApp.root_dir=. \
	  --LabApp.default_url=/lab/tree/notebooks $(ALLOW_ROOT) $(LAB_ARGS)

test: unit nbval

unit: $(STAMP)
	$(BIN)/python -m pytest tests/

nbval: $(STAMP)
	$(BIN)/python -m pytest $(NBVAL_OPTS) notebooks/

# The same tests as other machines compute (CONTRIBUTING.md, "How notebook
# outputs are checked"): a laptop CPU without AVX-512, TensorFlow without oneDNN
# (as on macOS), and one CPU (as on Binder). Linux (taskset).
test-variants: $(STAMP)
	@echo "== variant: ONEDNN_MAX_CPU_ISA=AVX2 (a laptop CPU)"
	ONEDNN_MAX_CPU_ISA=AVX2 $(MAKE) --no-print-directory test
	@echo "== variant: TF_ENABLE_ONEDNN_OPTS=0 (no oneDNN)"
	TF_ENABLE_ONEDNN_OPTS=0 $(MAKE) --no-print-directory test
	@echo "== variant: taskset -c 0 (one CPU)"
	taskset -c 0 $(MAKE) --no-print-directory test

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
	rm -rf $(VENV) notebooks/cache
