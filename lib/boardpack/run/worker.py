"""The run's worker: one process, started with the run, that works beside the run's own process
on the steps where the run would otherwise use one core: it reads a large extract's biggest files
while the run reads the rest (:func:`boardpack.sources.reader.read_extract`), computes some
indicator domains while the run computes the rest (:func:`boardpack.indicators.registry.compute_all`,
sent only the tables they read), and lays out the PDF's appendix while the run lays out the rest
(:func:`boardpack.document.pdf.build_pdf`).

It is started (with pandas, the indicators and WeasyPrint imported) while the extract is read, so
that its start-up costs the run nothing. It is a fresh interpreter running this module's :func:`serve`
(``python -c``), not a ``multiprocessing`` child: those re-run the calling script's main module,
which breaks a script that calls the runner without an ``if __name__ == "__main__"`` guard, and a
fork of a process whose threads drive the kernels is unsafe. Jobs and results are pickled over its
standard input and output, one at a time, in order. Should it die, the run lays the part out itself.
"""

from __future__ import annotations

import importlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from pathlib import Path

# the worker ends without tearing its interpreter down (a few tenths of a second the run would wait)
_SERVE = "import os; from boardpack.run.worker import serve; serve(); os._exit(0)"


def _import_engine() -> None:
    import weasyprint  # noqa: F401

    import boardpack.document.pdf  # noqa: F401


def _import_indicators() -> None:
    import boardpack.sources.reader  # noqa: F401
    from boardpack.indicators import registry

    registry.domain_modules()


# the worker imports WeasyPrint once it has had no job for this long (the PDF comes seconds later)
ENGINE_AFTER_IDLE = 2.5


def _read_jobs(stdin, jobs: queue.Queue) -> None:
    """Unpickle jobs from the run as they come (the run never waits on a full pipe); None at the end."""
    while True:
        try:
            jobs.put(pickle.load(stdin))
        except Exception:  # noqa: BLE001  (EOF, or a broken pipe: the run has gone or closed it)
            jobs.put(None)
            return


def serve(stdin=None, stdout=None) -> None:
    """The worker's loop: read ``(module, function, args)``, reply ``(True, result)`` or
    ``(False, exception)``, until its input ends. Anything else printed goes to standard error, so
    that only replies travel on the pipe.

    The reader and the indicators are imported first (their jobs come while the run reads the
    extract and computes), WeasyPrint once no job has come for :data:`ENGINE_AFTER_IDLE` seconds."""
    if stdout is None:
        stdout = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    jobs: queue.Queue = queue.Queue()
    threading.Thread(target=_read_jobs, args=(stdin or sys.stdin.buffer, jobs), daemon=True).start()
    _import_indicators()
    engine = False
    while True:
        try:
            job = jobs.get(timeout=None if engine else ENGINE_AFTER_IDLE)
        except queue.Empty:
            _import_engine()
            engine = True
            continue
        if job is None:
            return
        module, name, args = job
        try:
            reply = (True, getattr(importlib.import_module(module), name)(*args))
        except Exception as error:  # noqa: BLE001  (sent back, raised by result())
            reply = (False, error)
        pickle.dump(reply, stdout)
        stdout.flush()


class RunWorker:
    """``submit(fn, *args)`` like an executor's (``fn`` a module-level function); a worker that
    has died or cannot be started runs ``fn`` here instead."""

    def __init__(self) -> None:
        package_root = str(Path(__file__).resolve().parents[2])  # the folder holding boardpack/
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p),
        }
        self._lock = threading.Lock()
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-c", _SERVE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
            )
        except OSError:
            self._process = None

    def submit(self, fn, *args) -> _Job:
        job = _Job(fn, args)
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                try:
                    pickle.dump((fn.__module__, fn.__name__, args), self._process.stdin)
                    self._process.stdin.flush()
                    job.worker = self
                except OSError:  # a broken pipe: the worker has gone
                    pass
        return job

    def _reply(self):
        """The next reply, in the order of the jobs sent; None when the worker has gone."""
        try:
            return pickle.load(self._process.stdout)
        except (EOFError, OSError, pickle.UnpicklingError):
            return None

    @staticmethod
    def preload_here() -> None:
        """Import WeasyPrint in this process too, on a background thread, while the kernels run the
        sections (this process mostly waits on them then), so the PDF starts at once after export."""

        threading.Thread(target=_import_engine, name="boardpack-pdf-preload", daemon=True).start()

    def close(self) -> None:
        """End the worker (its input closed; killed if it does not end within 5 seconds)."""
        process, self._process = self._process, None
        if process is None:
            return
        try:
            process.stdin.close()
            process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()
        finally:
            process.stdout.close()


class _Job:
    """A job sent to the worker (``worker`` set) or not; ``result()`` computes it here when the
    worker could not give it. Results must be asked for in the order the jobs were sent."""

    def __init__(self, fn, args) -> None:
        self.fn, self.args, self.worker = fn, args, None

    def result(self):
        if self.worker is not None:
            reply = self.worker._reply()
            if reply is not None:
                ok, value = reply
                if ok:
                    return value
                raise value
        return self.fn(*self.args)
