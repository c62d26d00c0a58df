"""JupyterLab settings for the course: `make lab` passes this file with
--config, and Binder copies it into ~/.jupyter (see postBuild).

Binder gives a whole session 2 GB of memory. Each open notebook keeps its own
kernel, a Python process that holds about 300 MB once TensorFlow is loaded, and
six of them do not fit. So:

- a kernel that has run nothing for 30 minutes is shut down, even while its
  notebook is open in a tab (cull_connected). The notebook and its outputs stay
  on screen; only the variables in memory are gone, and JupyterLab's status bar
  shows the kernel as shut down or "No Kernel". To continue in that notebook,
  pick a kernel again (Kernel -> Restart Kernel) and run its cells from the top.
  A cell that is running is never interrupted (cull_busy is off);
- memory in use is shown in the status bar (jupyter-resource-usage).

Notebook 00 asks learners to shut a kernel down when they move on
(Kernel -> Shut Down Kernel); the culling catches the ones that are forgotten.
"""

c = get_config()  # noqa: F821 -- defined by Jupyter when it loads this file

c.MappingKernelManager.cull_idle_timeout = 30 * 60  # seconds without any execution
c.MappingKernelManager.cull_interval = 60            # how often to look
c.MappingKernelManager.cull_connected = True         # also kernels whose notebook is open
c.MappingKernelManager.cull_busy = False             # never a kernel that is running a cell
