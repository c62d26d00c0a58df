"""nn4 benchmark: how long the course takes, how much memory it needs, and how
fast our MNIST recipe reaches 99 % compared with the notes' recipe.

Run it with ``make bench`` (or ``.venv/bin/python benchmarks/run.py``): more
than half an hour on 2 cores (the collection four times, then the race). It

1. executes every notebook in ``notebooks/`` (sorted, as CI does: 05 reuses
   the model 04 leaves in ``notebooks/cache/``, 06 the one 05 leaves) from a fresh kernel with
   nbclient, in memory -- the files on disk are not touched -- and records its
   wall time and the peak resident memory of the kernel process (``VmHWM``,
   read inside the kernel by one extra cell run after the notebook's);
   twice: once on every CPU, once with each kernel restricted to CPU 0 (the
   kernel inherits the CPU affinity this process has while it starts it);
   the core notebooks and the optional ones (``notebooks/course.toml``) are
   totalled and judged separately;
2. plays one JupyterLab session twice: a Jupyter server with the course's
   ``jupyter_server_config.py``, then the notebooks one after another, each
   in a kernel started through the server, *none shut down by the learner*;
   once with the memory guard off (after the last, the memory of the server
   and every kernel, PSS: shared pages counted once; and the alternative
   where each kernel is shut down before the next notebook: server + the
   largest kernel peak), once with the guard on and ``MEM_LIMIT`` = 2 GB as
   on Binder (the highest total sampled every second, which kernels the guard
   shut down, whether every notebook ran to its end);
3. races, for seeds 0-4, the notes' recipe (``build_cnn()``, ``compile`` with
   no optimizer, i.e. Keras' default RMSprop at learning rate 0.001, no
   schedule) against notebook 04's (``build_cnn()`` + ``compile_cnn`` with
   its planned ``EPOCHS`` budget), epoch by epoch, evaluating the validation
   and the test set after each epoch (untimed), and reports epochs and
   training time to 99.0 % on each (mean and spread over the seeds) and the
   ratio ours / notes;
4. reports training throughput in examples/s and in GFLOP/s, the latter as a
   fraction of a float32 matrix-multiply peak measured in the same run;
5. times the draw-a-digit pad in Chromium (its kernel on one CPU) by running
   its browser test, which hands over what it measured (``pad.py``);
6. writes everything, with the CPU count and library versions, to
   ``benchmarks/results.md`` (the report, with every target met or missed),
   prints it, and rewrites the README's few generated lines in "How long does
   it take?" (between ``<!-- bench:start -->`` and ``<!-- bench:end -->``:
   the core and optional notebooks' time on every CPU and on one, the memory
   a learner needs) from the same numbers.

``--help`` lists the options that run only a part (for trying it out); a
partial run writes neither ``results.md`` nor the README.

One module per part (benchmarks/README.md has the method in prose):

- ``targets.py``: paths, seeds, the targets, which notebooks are optional;
- ``stats.py``: FLOP counting, epoch logs, statistics over seeds, Markdown (pure);
- ``results.py``: what a run measured, as plain data;
- ``machine.py``: the machine, library versions, the load of other processes;
- ``notebook_runs.py``: part 1 (``profile.py``: its per-cell tables); ``session.py``: part 2;
  ``race.py``: parts 3 and 4; ``pad.py``: part 5;
- ``report.py``: ``results.md``; ``readme.py``: the README's generated lines;
- ``cli.py``: the command line; ``run.py``: the script ``make bench`` runs.

The pure parts are unit-tested in ``tests/test_benchmark.py``; TensorFlow is
imported only inside the functions that train. Shared with the tests and the
server: ``tools/notebooks.py`` (executing a notebook, the cell timeout),
``tools/jupyter_server.py`` (a server on a free port), ``tools/process_memory.py``
(PSS of a process tree). The other scripts here: ``seeds.py`` (``make seeds``),
``recipe_search.py``, ``photo_preprocess_timing.py``.
"""
