"""The memory of a process and all its children, as the memory guard and the benchmark measure it.

PSS (proportional set size) counts a page shared by n processes as 1/n in each,
so a sum of PSS over processes counts shared pages (the libraries every kernel
maps) once; USS counts only the pages that process alone holds.
"""

from __future__ import annotations


def tree_memory(process) -> tuple[int, int]:
    """PSS and USS in bytes of ``process`` (a pid or a ``psutil.Process``) and
    all its children, recursively; ``(0, 0)`` when it is gone. A child that
    ends or hides while it is read is left out.

    >>> import os
    >>> pss, uss = tree_memory(os.getpid())
    >>> 0 < uss <= pss
    True
    """
    import psutil

    try:
        root = process if isinstance(process, psutil.Process) else psutil.Process(process)
        processes = [root] + root.children(recursive=True)
    except psutil.Error:
        return 0, 0
    pss = uss = 0
    for p in processes:
        try:
            info = p.memory_full_info()
        except psutil.Error:
            continue
        pss += info.pss
        uss += info.uss
    return pss, uss
