"""Sections over kept kernels: one worker thread and one kernel per job; signals stop the run.

:class:`KernelPool` starts ``jobs`` worker threads, each owning one :class:`KernelWorker` (one
kernel, kept for the whole run), as the run begins: the kernels start and import the pack's
libraries while the run reads the extract and computes the figures. The sections wait in the document's order; each worker takes the
next one when it is free, so with one job they run strictly in order and with more the earliest
waiting section always starts first. Results come back in the document's order whatever order
the sections finished in.

Failures are collected, not fatal: a section that fails (an exception in a cell, a dead kernel, a
cell over ``cell_timeout``) is named with its failing cell (counted from 1 in the section's
notebook, with the first line of its source) and the error; its kernel is replaced and the next
section runs. SIGTERM or SIGINT during the sections kills every kernel (the running sections fail
"interrupted by SIGTERM"), starts no further section ("not run") and the run publishes nothing;
before or after the sections it raises :class:`RunInterrupted` in the main thread.
"""

from __future__ import annotations

import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from boardpack.run.kernels import KernelWorker, kill_kernels

CELL_TIMEOUT = 600  # seconds one cell may run (the whole demo pack runs in well under a minute)
START_TIMEOUT = 120  # seconds a kernel may take to start

# What a kept kernel imports while the run reads the extract (then its namespace is reset).
WARM_CODE = (
    "import boardpack.document.section, boardpack.document.display, boardpack.document.charts, "
    "boardpack.document.board_view"
)

STATE = {"interrupted": None, "sections_running": False}


class RunInterrupted(Exception):
    """SIGTERM or SIGINT reached the run."""


# ---------------------------------------------------------------------------------------------
# signals


def _on_signal(signum, frame):
    """SIGTERM/SIGINT: while sections run, kill the kernels (the sections then fail); else stop here."""
    STATE["interrupted"] = signal.Signals(signum).name
    if STATE["sections_running"]:
        kill_kernels()
        return
    raise RunInterrupted(signal.Signals(signum).name)


def install_handlers() -> dict:
    """Handle SIGTERM, SIGINT and (Windows) SIGBREAK (only the main thread can); the previous handlers."""
    STATE["interrupted"] = None
    previous = {}
    for signum in (signal.SIGTERM, signal.SIGINT, getattr(signal, "SIGBREAK", None)):  # SIGBREAK: Windows
        if signum is None:
            continue
        try:
            previous[signum] = signal.signal(signum, _on_signal)
        except ValueError:  # not the main thread
            pass
    return previous


def restore_handlers(previous: dict) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)


# ---------------------------------------------------------------------------------------------
# one section


@dataclass
class SectionResult:
    """How one section ran. ``cell`` counts from 1 in the section's committed notebook."""

    id: str
    notebook: str = ""
    status: str = "not run"  # "ok", "failed", "not run"
    seconds: float = 0.0
    cell: int | None = None
    cell_source: str = ""
    error: str = ""

    def describe(self) -> str:
        where = f" in cell {self.cell} ({self.cell_source!r})" if self.cell else ""
        return f"{self.id}{where}: {self.error}"


def _source_cells(nb) -> list:
    """The cells that come from the committed notebook (without papermill's additions)."""
    from papermill.execute import ERROR_MARKER_TAG

    return [
        c
        for c in nb.cells
        if not {"injected-parameters", ERROR_MARKER_TAG} & set(c.get("metadata", {}).get("tags", []))
    ]


def failing_cell(output_path: Path):
    """``(number, first line)`` of the cell that failed: the one papermill marked failed or with
    an exception, else the last cell that started (a dead kernel or an interrupt stops there)."""
    import nbformat

    try:
        nb = nbformat.read(output_path, as_version=4)
    except Exception:  # noqa: BLE001  (no notebook written)
        return None, ""
    cells = _source_cells(nb)
    marks = [c.get("metadata", {}).get("papermill", {}) for c in cells]
    chosen = next((i for i, m in enumerate(marks) if m.get("status") == "failed" or m.get("exception")), None)
    if chosen is None:
        started = [i for i, m in enumerate(marks) if m.get("start_time")]
        chosen = started[-1] if started else None
    if chosen is None:
        return None, ""
    lines = [line for line in cells[chosen].source.splitlines() if line.strip()]
    return chosen + 1, (lines[0].strip() if lines else "")


def _describe_error(error: BaseException, cell_timeout: float) -> str:
    name = type(error).__name__
    if name == "PapermillExecutionError":
        return f"{error.ename}: {error.evalue}"
    if name == "DeadKernelError":
        return "the kernel died (DeadKernelError)"
    if name == "CellTimeoutError":
        return f"the cell ran longer than {cell_timeout:g} seconds (CellTimeoutError)"
    text = str(error).strip().splitlines()
    return f"{name}: {text[0]}" if text else name


def execute_section(
    worker: KernelWorker, section_id: str, notebook: Path, output: Path, parameters: dict, cell_timeout: float
) -> SectionResult:
    """Execute one section notebook on ``worker``'s kernel into ``output``; never raises for the
    notebook. A failed section leaves the worker without a kernel (a fresh one starts next)."""
    result = SectionResult(section_id, str(output))
    started = time.monotonic()
    try:
        worker.execute(notebook, output, parameters, cell_timeout)
        result.status = "ok"
    except Exception as error:  # noqa: BLE001  (every failure is reported)
        result.status = "failed"
        result.error = _describe_error(error, cell_timeout)
    if STATE["interrupted"]:
        result.status, result.error = "failed", f"interrupted by {STATE['interrupted']}"
    if result.status == "failed":
        worker.shutdown()  # a dead, busy or broken kernel is never reused
        result.cell, result.cell_source = failing_cell(output)
    result.seconds = round(time.monotonic() - started, 3)
    return result


# ---------------------------------------------------------------------------------------------
# the pool


class KernelPool:
    """``jobs`` worker threads, each with one kept kernel. Started before the run computes its
    context, so the kernels start and import the pack's libraries (:data:`WARM_CODE`) meanwhile;
    :meth:`run` then gives them a batch of sections, and may be called again (the public
    edition's sections run on the same kernels); :meth:`close` stops them and their kernels."""

    def __init__(self, jobs: int, start_timeout: float = START_TIMEOUT, warm: str = WARM_CODE):
        self.jobs_list: list = []
        self.pending: list[int] = []
        self.results: list[SectionResult | None] = []
        self.finished = 0  # sections of the current batch that have ended
        self.errors: list[BaseException] = []
        self.cwd: Path | None = None
        self.cell_timeout = CELL_TIMEOUT
        self.on_done = None
        self.closing = False
        self.kernels_started = 0  # one per job, plus one for each kernel replaced after a failure
        self._lock = threading.Condition()
        self._warm = warm
        self._start_timeout = start_timeout
        self.threads = [
            threading.Thread(target=self._work, name=f"boardpack-kernel-{n + 1}", daemon=True)
            for n in range(max(1, jobs))
        ]
        for thread in self.threads:
            thread.start()

    def _next(self):
        """The next section of the batch (waiting for a batch), or None when the pool stops."""
        with self._lock:
            while not (self.closing or STATE["interrupted"] or self.pending):
                self._lock.wait(0.1)
            if self.closing or STATE["interrupted"]:
                return None
            index = self.pending.pop(0)
            return index, self.jobs_list, self.results, self.cwd, self.cell_timeout, self.on_done

    def _work(self) -> None:
        worker = KernelWorker(Path.cwd(), self._start_timeout)
        try:
            if self._warm:
                try:
                    worker.warm(self._warm)
                except Exception:  # noqa: BLE001  (the first section starts a kernel and reports)
                    worker.shutdown()
            while (taken := self._next()) is not None:
                index, jobs_list, results, cwd, cell_timeout, on_done = taken
                worker.cwd = cwd
                section_id, notebook, output, parameters = jobs_list[index]
                result = execute_section(worker, section_id, notebook, output, parameters, cell_timeout)
                results[index] = result
                if on_done is not None:
                    on_done(index, result)
                with self._lock:
                    self.finished += 1
                    self._lock.notify_all()
        except BaseException as error:  # noqa: BLE001  (reported by the main thread)
            self.errors.append(error)
        finally:
            worker.shutdown()
            with self._lock:
                self.kernels_started += worker.started

    def run(self, jobs_list, cwd: Path, cell_timeout: float = CELL_TIMEOUT, on_done=None) -> list[SectionResult]:
        """Run ``jobs_list`` (``(section_id, notebook, output, parameters)`` in the document's order);
        :class:`SectionResult` in the same order. ``on_done(index, result)`` is called (from a
        worker thread) as each section ends. The kernels stay for another batch until :meth:`close`."""
        with self._lock:
            self.jobs_list, self.cwd, self.cell_timeout, self.on_done = (
                list(jobs_list),
                Path(cwd),
                cell_timeout,
                on_done,
            )
            self.results = results = [None] * len(self.jobs_list)
            self.finished = 0
            self.pending = list(range(len(self.jobs_list)))
            self._lock.notify_all()
        STATE["sections_running"] = True
        try:
            while any(thread.is_alive() for thread in self.threads):
                with self._lock:
                    if self.finished >= len(results):
                        break
                    running = self.finished < len(self.jobs_list) - len(self.pending)
                if STATE["interrupted"]:
                    kill_kernels()  # also a kernel that was starting when the signal came
                if (STATE["interrupted"] or self.errors) and not running:
                    break  # the running sections have ended and no further one starts
                time.sleep(0.1)
        finally:
            STATE["sections_running"] = False
        if self.errors:
            raise self.errors[0]
        return [
            result or SectionResult(section_id, str(output), "not run", error="run interrupted")
            for (section_id, _, output, _), result in zip(self.jobs_list, results, strict=True)
        ]

    def close(self) -> None:
        """Stop the workers (a section that runs is left to end) and their kernels."""
        with self._lock:
            self.closing = True
            self._lock.notify_all()
        kill_kernels()
        for thread in self.threads:
            thread.join(timeout=5)
