"""JupyterLab settings for the course: `make lab` passes this file with --config,
and Binder copies it into ~/.jupyter (see postBuild). What they are and why
(the memory guard, idle kernels shut down after 30 minutes): tools/memory_guard.py.

The course folder is found next to this file, else in $NN4_ROOT, the folder the
server starts in, or the home folder (Binder: the repository is the home folder).
"""

import os
import sys
from pathlib import Path

_here = Path(globals().get("__file__", "jupyter_server_config.py")).resolve().parent
_candidates = [_here, os.environ.get("NN4_ROOT"), Path.cwd(), Path.home()]
_root = next((Path(p) for p in _candidates if p and (Path(p) / "tools" / "memory_guard.py").is_file()), None)
if _root is None:
    raise ImportError("nn4: tools/memory_guard.py not found; set NN4_ROOT to the course folder")
if str(_root) not in sys.path:
    sys.path.insert(0, str(_root))

from tools.memory_guard import configure  # noqa: E402

configure(get_config())  # noqa: F821 -- get_config is defined by Jupyter when it loads this file
