"""Kernels that live for the whole run, on THIS interpreter; killing them on a signal.

A :class:`KernelWorker` owns one kernel and executes section notebooks through it, one after
another, with papermill (engine ``boardpack``, :class:`PersistentEngine`): papermill still
parameterises each notebook, records each cell's start, end and failure and writes each executed
notebook, but the kernel is started once and kept for the next section. Before each section the
kernel's namespace is cleared (``get_ipython().reset(new_session=True)``, every open figure
closed), so no section sees another's variables; only imported modules stay (that is the saving:
pandas, matplotlib and boardpack are imported once per kernel, not once per section). Module state
is shared like the modules: matplotlib's settings, for one, are the house style's again at each
chart (``charts.house_style``), and ``section.open_section`` reads the run's files afresh. A section
that fails in any way has its kernel shut down and a fresh one started for the next section (a
dead kernel, a cell still running after its timeout, a kernel killed by a signal).

Kernel: ipykernel's launcher on ``sys.executable`` (:data:`KERNEL_LAUNCHER`, at a lower
priority than the run's own process), whatever kernel specs exist: a user-level ``python3`` spec
(``~/.local/share/jupyter/kernels``) would otherwise win over the venv's and run the sections on
another Python. Kernels talk over local sockets (``ipc``) on POSIX, over TCP on
localhost on Windows (which has no ipc transport).

Killing (:func:`kill_kernels`, on SIGTERM/SIGINT): on POSIX each kernel runs in its own session,
so its whole process group is killed (the kernel and anything it started); on Windows the kernel
process alone is terminated (``TerminateProcess``): a process a section itself started may outlive
it. Windows delivers no SIGTERM from another process; Ctrl+C (SIGINT) and Ctrl+Break work.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
import tempfile
import threading
import time
import uuid
import weakref

_LIVE_KERNELS: weakref.WeakSet = weakref.WeakSet()
_LOCK = threading.Lock()

ENGINE = "boardpack"

# What a kernel process runs: ipykernel's launcher, after lowering its own priority. A kernel
# starts and imports the pack's libraries while the run's own process reads the extract and
# computes the indicators, which every section waits for: the kernel must not slow that. On
# Linux the scheduler shares the CPU between sessions (autogroups) before processes, and each
# kernel is a session of its own, so the session's priority is lowered as well as the process's.
KERNEL_LAUNCHER = (
    "import os, sys\n"
    "if hasattr(os, 'nice'):\n"
    "    os.nice(10)\n"
    "try:\n"
    "    with open('/proc/self/autogroup', 'w') as group:\n"
    "        group.write('10')\n"
    "except OSError:\n"
    "    pass\n"
    "if sys.path and sys.path[0] == '':\n"
    "    del sys.path[0]  # as ipykernel_launcher: not the working folder\n"
    "from ipykernel import kernelapp\n"
    "kernelapp.launch_new_instance()\n"
)


def reset_code(cwd) -> str:
    """Run silently in a kept kernel before each section: no variable, figure or history survives,
    and the working folder is the run's again."""
    return (
        "__import__('sys').modules.get('matplotlib.pyplot') and "
        "__import__('sys').modules['matplotlib.pyplot'].close('all')\n"
        f"__import__('os').chdir({str(cwd)!r})\n"
        "get_ipython().reset(new_session=True)"
    )


def _kernel_manager_class():
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import AsyncKernelManager

    class VenvKernelManager(AsyncKernelManager):
        """A kernel on ``sys.executable``, whatever kernel specs are installed."""

        def __init__(self, *args, **kwargs):
            if os.name == "posix":  # local sockets, one unique path per kernel: no TCP port
                kwargs.setdefault("transport", "ipc")
                kwargs.setdefault("ip", os.path.join(tempfile.gettempdir(), f"boardpack-{uuid.uuid4().hex[:12]}"))
            super().__init__(*args, **kwargs)
            with _LOCK:
                _LIVE_KERNELS.add(self)

        async def _async_interrupt_kernel(self):
            # jupyter_client interrupts a kernel before shutting it down; a kernel between messages
            # then logs "KeyboardInterrupt caught in kernel" on the run's stderr
            if not self.shutting_down:
                await super()._async_interrupt_kernel()

        interrupt_kernel = _async_interrupt_kernel

        @property
        def kernel_spec(self):
            if self._kernel_spec is None:
                self._kernel_spec = KernelSpec(
                    argv=[sys.executable, "-c", KERNEL_LAUNCHER, "-f", "{connection_file}"],
                    display_name="Python 3 (boardpack)",
                    language="python",
                    metadata={},
                    resource_dir="",
                )
            return self._kernel_spec

    return VenvKernelManager


def _kill(manager) -> bool:
    """Kill one kernel's process (group) if it still runs; True when it did."""
    process = getattr(getattr(manager, "provisioner", None), "process", None)
    if process is None or process.poll() is not None:
        return False
    if hasattr(os, "killpg"):
        try:
            os.killpg(process.pid, signal.SIGKILL)  # POSIX: the kernel runs in its own session
            return True
        except OSError:
            pass
    process.kill()  # Windows (TerminateProcess), or a kernel that left its group
    return True


def kill_kernels() -> int:
    """Kill every kernel this process started that is still running; how many were killed.

    Safe to call from a signal handler while worker threads run sections: the sections then fail
    with a dead kernel, and their workers start no further section.
    """
    with _LOCK:
        managers = list(_LIVE_KERNELS)
    return sum(_kill(m) for m in managers)


def _engine_class():
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class KeptKernelClient(PapermillNotebookClient):
        """papermill's client on a kernel that outlives it; clears the namespace first."""

        def papermill_execute_cells(self):
            msg_id = self.kc.execute(reset_code(self.boardpack_cwd), silent=True, store_history=False)
            reply = self.wait_for_reply(msg_id)
            if reply is None or reply["content"].get("status") != "ok":
                raise RuntimeError("the kernel could not clear the previous section's namespace")
            super().papermill_execute_cells()

    class PersistentEngine(NBClientEngine):
        """papermill engine ``boardpack``: executes on ``worker``'s kernel (started on first use)."""

        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            **kwargs,
        ):
            from papermill.engines import logger

            worker = kwargs.pop("worker")
            partial = kwargs.pop("partial_path", None)
            kwargs.pop("input_path", None)
            client = KeptKernelClient(
                nb_man,
                km=worker.manager(),
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
                **kwargs,
            )
            client.kc = worker.kc
            client.boardpack_cwd = worker.cwd
            try:
                return client.execute(cleanup_kc=False, cwd=str(worker.cwd))
            except BaseException:
                if partial:  # what ran so far: the cells that started, with papermill's marks
                    import nbformat

                    nbformat.write(nb_man.nb, partial)
                raise
            finally:
                worker.kc = client.kc

    if ENGINE not in papermill_engines._engines:
        papermill_engines.register(ENGINE, PersistentEngine)
    return PersistentEngine


class KernelWorker:
    """One kernel kept for a run's sections (used from ONE thread: its event loop owns the sockets)."""

    def __init__(self, cwd, start_timeout: float):
        self.cwd = cwd  # the kernel's working folder (the run's staging folder)
        self.start_timeout = start_timeout
        self.km = None
        self.kc = None
        self.started = 0  # kernels started so far (1 for a run without failures)

    def manager(self):
        if self.km is None:
            self.km = _kernel_manager_class()()
            self.kc = None
            self.started += 1
        return self.km

    def warm(self, code: str) -> None:
        """Start the kernel and run ``code`` on it (imports, before the first section)."""
        import nbformat
        from nbclient import NotebookClient

        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(code)]
        client = NotebookClient(
            nb,
            km=self.manager(),
            timeout=self.start_timeout,
            startup_timeout=self.start_timeout,
            kernel_name="python3",
            allow_errors=True,
        )
        client.kc = self.kc
        try:
            client.execute(cleanup_kc=False, cwd=str(self.cwd))
        finally:
            self.kc = client.kc
            # nbclient leaves its exit hook registered when the kernel dies while starting
            atexit.unregister(client._cleanup_kernel)

    def execute(self, notebook, output, parameters: dict, cell_timeout: float) -> None:
        """papermill one notebook on this worker's kernel; raises what papermill raises."""
        import papermill

        _engine_class()
        papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=parameters,
            engine_name=ENGINE,
            kernel_name="python3",
            execution_timeout=cell_timeout,
            start_timeout=self.start_timeout,
            progress_bar=False,
            log_output=False,
            report_mode=False,
            # written once at the end (or by the engine when the kernel dies or a cell times out),
            # not at each cell's start and end: that re-validated the growing notebook ~200 times a run
            request_save_on_cell_execute=False,
            partial_path=str(output),
            worker=self,
        )

    def shutdown(self) -> None:
        """Stop the kernel and remove its connection files (a fresh one starts on next use)."""
        from jupyter_core.utils import run_sync

        km, kc, self.km, self.kc = self.km, self.kc, None, None
        if kc is not None:
            try:
                kc.stop_channels()
            except Exception:  # noqa: BLE001  (a dead kernel's channels)
                pass
        if km is None:
            return
        _kill(km)
        try:
            if km.has_kernel:
                run_sync(km.shutdown_kernel)(now=True)
            else:
                run_sync(km.cleanup_resources)()
        except Exception:  # noqa: BLE001  (already gone; remove what is left)
            deadline = time.monotonic() + 2
            while km.connection_file and os.path.exists(km.connection_file) and time.monotonic() < deadline:
                try:
                    os.remove(km.connection_file)
                except OSError:
                    time.sleep(0.05)
        with _LOCK:
            _LIVE_KERNELS.discard(km)
