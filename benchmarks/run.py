"""``make bench``: run the nn4 benchmark (what it does: benchmarks/__init__.py;
the command line: benchmarks/cli.py, ``--help``)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
