"""Sections over kept kernels: one worker thread and one kernel per job; signals stop the run.

:func:`run_sections` starts ``jobs`` worker threads, each owning one :class:`KernelWorker` (one
kernel, kept for the whole run). The sections wait in the document's order; each worker takes the
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
    """Handle SIGTERM and SIGINT (only the main thread can); the previous handlers, to restore."""
    STATE["interrupted"] = None
    previous = {}
    for signum in (signal.SIGTERM, signal.SIGINT):
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


def run_sections(jobs_list, jobs: int, cwd: Path, cell_timeout: float = CELL_TIMEOUT, on_done=None):
    """Run ``jobs_list`` (``(section_id, notebook, output, parameters)`` in the document's order)
    on ``jobs`` kept kernels; :class:`SectionResult` in the same order. ``on_done(index, result)``
    is called (from a worker thread) as each section ends."""
    results: list[SectionResult | None] = [None] * len(jobs_list)
    pending = list(range(len(jobs_list)))
    lock = threading.Lock()
    errors: list[BaseException] = []

    def work() -> None:
        worker = KernelWorker(cwd, START_TIMEOUT)
        try:
            while True:
                with lock:
                    if STATE["interrupted"] or not pending:
                        return
                    index = pending.pop(0)
                section_id, notebook, output, parameters = jobs_list[index]
                results[index] = execute_section(worker, section_id, notebook, output, parameters, cell_timeout)
                if on_done is not None:
                    on_done(index, results[index])
        except BaseException as error:  # noqa: BLE001  (reported by the main thread)
            errors.append(error)
        finally:
            worker.shutdown()

    threads = [
        threading.Thread(target=work, name=f"boardpack-kernel-{n + 1}", daemon=True)
        for n in range(max(1, min(jobs, len(jobs_list))))
    ]
    STATE["sections_running"] = True
    try:
        for thread in threads:
            thread.start()
        while any(thread.is_alive() for thread in threads):
            if STATE["interrupted"]:
                kill_kernels()  # also a kernel that was starting when the signal came
            time.sleep(0.1)
    finally:
        STATE["sections_running"] = False
    if errors:
        raise errors[0]
    out = []
    for (section_id, _, output, _), result in zip(jobs_list, results, strict=True):
        out.append(result or SectionResult(section_id, str(output), "not run", error="run interrupted"))
    return out
