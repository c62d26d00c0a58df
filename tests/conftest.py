import os

os.environ.setdefault("MPLBACKEND", "Agg")  # no screen in CI
