"""Scripts and shared machinery for maintaining the course (not course content).

- ``colab_cell.py``: write the Colab lines into every notebook's setup cell;
- ``memory_guard.py``: the Jupyter server's memory guard (``jupyter_server_config.py`` uses it);
- ``process_memory.py``: the memory of a process tree (PSS and USS);
- ``jupyter_server.py``: start a Jupyter server on a free port with a token (tests, benchmarks);
- ``notebooks.py``: execute a notebook in a kernel (one cell timeout for every runner).

The test images are made by ``images/make_images.py``, beside them.

Importable as ``tools.<module>`` with the repository root on ``sys.path``.
"""
