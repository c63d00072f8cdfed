"""The run's PDF worker: one process, started with the run, that lays out the PDF's appendix while
the run lays out the rest (:func:`boardpack.document.pdf.build_pdf`).

It is started (with WeasyPrint imported) while the extract is read, when a core is free, so that
its start-up costs the run nothing; it is a fresh interpreter (``spawn``), never a fork of a
process whose threads drive the kernels. Should it die, the run lays the part out itself.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


def _ready() -> bool:
    import weasyprint  # noqa: F401

    import boardpack.document.pdf  # noqa: F401

    return True


class PdfWorker:
    """``submit(fn, *args)`` like an executor's; a worker that has died runs ``fn`` here instead."""

    def __init__(self) -> None:
        self._executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        self._executor.submit(_ready)

    def submit(self, fn, *args) -> Future:
        try:
            future = self._executor.submit(fn, *args)
        except (BrokenProcessPool, RuntimeError):
            future = None
        return _Fallback(future, fn, args)

    @staticmethod
    def preload_here() -> None:
        """Import WeasyPrint in this process too, on a background thread, while the kernels run the
        sections (this process mostly waits on them then), so the PDF starts at once after export."""
        threading.Thread(target=_ready, name="boardpack-pdf-preload", daemon=True).start()

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


class _Fallback:
    """A future whose result, if the worker could not give it, is computed in this process."""

    def __init__(self, future: Future | None, fn, args) -> None:
        self._future, self._fn, self._args = future, fn, args

    def result(self):
        if self._future is not None:
            try:
                return self._future.result()
            except BrokenProcessPool:
                pass
        return self._fn(*self._args)
