"""Run the pack: papermill over the declared sections, then one HTML; failures collected.

``run_pack`` reads the extract and computes every indicator ONCE (:func:`section.build_context`),
leaves that context in the staging folder for the notebooks, executes each section notebook with
papermill (parameters ``month, data_dir, params_file, run_dir, commentary_dir``) into
``<staging>/sections/NN_<id>.ipynb`` and, when every section ran, merges them into one offline
HTML (:mod:`boardpack.document.export`) and publishes the pack (:mod:`boardpack.run.outputs`).

Failures are collected, not fatal: every section runs; then a failed run names each failed
section, its failing cell (counted from 1 in the section's notebook, with the first line of its
source) and the error, and leaves the partial notebooks in ``<label>.failed-<stamp>/``.

Faults handled: an exception in a cell; a kernel that dies (``DeadKernelError``); a cell that
runs longer than ``cell_timeout`` seconds; SIGTERM or SIGINT to the run, which kills the running
kernels, marks the running sections failed ("interrupted by SIGTERM"), runs no further section
and publishes nothing.

Kernel: every notebook runs on THIS interpreter (``sys.executable -m ipykernel_launcher``),
whatever kernel specs exist: a user-level ``python3`` spec (``~/.local/share/jupyter/kernels``)
would otherwise win over the venv's and run the sections on another Python.

Long because kernels, signals, the worker pool and provenance still live together; splitting them is
the next step of the run layer.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import tempfile
import time
import uuid
import weakref
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from boardpack.calendar import to_month
from boardpack.paths import NOTEBOOKS_DIR, OUTPUTS_DIR

SECTIONS = [
    "title",
    "summary",
    "early_help",
    "contacts",
    "referrals",
    "assessments",
    "strategy_s47",
    "child_protection",
    "looked_after",
    "health",
    "workforce",
    "data_quality",
]

# papermill/nbclient log kernel deaths and timeouts themselves; the run reports them in one line
logging.getLogger("papermill").addHandler(logging.NullHandler())

CELL_TIMEOUT = 600  # seconds one cell may run (the whole demo pack runs in about a minute)
START_TIMEOUT = 120  # seconds a kernel may take to start


class RunError(ValueError):
    """A run that cannot start: a bad month, a missing notebook, a month outside the data."""


class RunInterrupted(Exception):
    """SIGTERM or SIGINT reached the run."""


# ---------------------------------------------------------------------------------------------
# sections and their notebooks


def section_notebooks(notebooks_dir=NOTEBOOKS_DIR, sections=None) -> list[tuple[str, Path]]:
    """``(section_id, notebook)`` in report order; a declared section without its notebook stops.

    The notebook of section ``id`` is the one file ``NN_<id>.ipynb`` (NN two digits).
    """
    notebooks_dir = Path(notebooks_dir)
    found, missing = [], []
    for section_id in sections or SECTIONS:
        matches = sorted(p for p in notebooks_dir.glob(f"[0-9][0-9]_{section_id}.ipynb"))
        if not matches:
            missing.append(section_id)
        elif len(matches) > 1:
            raise RunError(
                f"section {section_id}: more than one notebook in {notebooks_dir} "
                f"({', '.join(p.name for p in matches)})"
            )
        else:
            found.append((section_id, matches[0]))
    if missing:
        raise RunError(
            f"{notebooks_dir}: no notebook for section{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} (expected NN_<section>.ipynb)"
        )
    return found


# ---------------------------------------------------------------------------------------------
# the reporting month against the data


def data_span(extract) -> tuple[pd.Period, pd.Period] | None:
    """First and last month of the extract's *event dates* (None when no record has one).

    Event dates are each table's ``event_date`` in :mod:`boardpack.sources.tables` (contact date,
    referral date, assessment start, plan start, visit date...) and the workforce snapshot dates;
    target and due dates, dates of birth and end dates are not events.
    """
    from boardpack.sources.tables import TABLES

    columns = {name: [t.event_date] for name, t in TABLES.items() if t.event_date}
    columns.setdefault("ext_workforce", []).append("wkf_as_at")
    columns.setdefault("ext_workforce_budget", []).append("wkb_as_at")
    lows, highs = [], []
    for name, names in columns.items():
        frame = extract.get(name)
        if frame is None:
            continue
        for column in names:
            if column in frame and len(frame):
                dates = pd.to_datetime(frame[column], errors="coerce").dropna()
                if len(dates):
                    lows.append(dates.min())
                    highs.append(dates.max())
    if not lows:
        return None
    return min(lows).to_period("M"), max(highs).to_period("M")


def check_month(extract, month) -> None:
    """Stop (RunError) when the reporting month lies outside the data.

    Rule: the month must fall between the month of the earliest and the month of the latest
    event date in the extract (:func:`data_span`), inclusive. A month after the latest means the
    extract ends before it (the figures would all be zero); a month before the earliest means the
    extract has not started. An extract with no dated record at all stops too.
    """
    month = to_month(month)
    span = data_span(extract)
    if span is None:
        raise RunError(
            f"the extract in {extract.source or 'the data folder'} holds no dated record; nothing to report for {month}"
        )
    first, last = span
    if month > last:
        raise RunError(
            f"reporting month {month} is after the data end: the latest record in "
            f"{extract.source or 'the extract'} is dated {last} (choose {last} or earlier)"
        )
    if month < first:
        raise RunError(
            f"reporting month {month} is before the data start: the earliest record in "
            f"{extract.source or 'the extract'} is dated {first} (choose {first} or later)"
        )


# ---------------------------------------------------------------------------------------------
# kernels on this interpreter, and killing them on SIGTERM

_LIVE_KERNELS: weakref.WeakSet = weakref.WeakSet()
_STATE = {"interrupted": None}


def _kernel_manager_class():
    import subprocess

    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import AsyncKernelManager

    class VenvKernelManager(AsyncKernelManager):
        """A kernel on ``sys.executable``, whatever kernel specs are installed."""

        def __init__(self, *args, **kwargs):
            # local sockets, one unique path per kernel: no TCP port (and no warning about one)
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", os.path.join(tempfile.gettempdir(), f"boardpack-{uuid.uuid4().hex[:12]}"))
            super().__init__(*args, **kwargs)
            _LIVE_KERNELS.add(self)

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            # The kernel's own log lines (jupyter_client interrupts every kernel it shuts down, and
            # ipykernel then logs "KeyboardInterrupt caught in kernel") are not the run's output:
            # a run prints one line on stderr. Cell errors and dead kernels are reported all the same.
            kw.setdefault("stderr", subprocess.DEVNULL)
            return await super()._async_launch_kernel(kernel_cmd, **kw)

        @property
        def kernel_spec(self):
            if self._kernel_spec is None:
                self._kernel_spec = KernelSpec(
                    argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                    display_name="Python 3 (boardpack)",
                    language="python",
                    metadata={},
                    resource_dir="",
                )
            return self._kernel_spec

    return VenvKernelManager


def _kill_kernels() -> int:
    """Kill every kernel this process started that is still running; how many were killed."""
    killed = 0
    for manager in list(_LIVE_KERNELS):
        process = getattr(getattr(manager, "provisioner", None), "process", None)
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)  # kernels run in their own session
            except OSError:
                process.kill()
            killed += 1
    return killed


def _on_signal(signum, frame):
    """SIGTERM/SIGINT: kill running kernels (the section then fails), or stop where we are."""
    _STATE["interrupted"] = signal.Signals(signum).name
    if not _kill_kernels():
        raise RunInterrupted(signal.Signals(signum).name)


def _install_handlers() -> dict:
    previous = {}
    for signum in (signal.SIGTERM, signal.SIGINT):
        try:
            previous[signum] = signal.signal(signum, _on_signal)
        except ValueError:  # not the main thread
            pass
    return previous


def _restore_handlers(previous: dict) -> None:
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


def _failing_cell(output_path: Path):
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
    section_id: str, notebook: Path, output: Path, parameters: dict, cwd: Path, cell_timeout: float = CELL_TIMEOUT
) -> SectionResult:
    """Execute one section notebook with papermill into ``output``; never raises for the notebook."""
    import papermill

    result = SectionResult(section_id, str(output))
    started = time.monotonic()
    try:
        papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=parameters,
            cwd=str(cwd),
            kernel_name="python3",
            kernel_manager_class=_kernel_manager_class(),
            execution_timeout=cell_timeout,
            start_timeout=START_TIMEOUT,
            progress_bar=False,
            log_output=False,
            report_mode=False,
        )
        result.status = "ok"
    except RunInterrupted:
        result.status, result.error = "failed", f"interrupted by {_STATE['interrupted'] or 'a signal'}"
    except Exception as error:  # noqa: BLE001  (every failure is reported)
        result.status = "failed"
        result.error = _describe_error(error, cell_timeout)
        if _STATE["interrupted"]:
            result.error = f"interrupted by {_STATE['interrupted']}"
    finally:
        _kill_kernels()
    if result.status == "ok" and _STATE["interrupted"]:
        result.status, result.error = "failed", f"interrupted by {_STATE['interrupted']}"
    if result.status == "failed":
        result.cell, result.cell_source = _failing_cell(output)
    result.seconds = round(time.monotonic() - started, 3)
    return result


def _worker_main(spec_file: str) -> int:
    """A parallel worker (``python -m boardpack.run.runner --worker SPEC``): one section, its result
    written to ``SPEC.result.json``."""
    import json

    spec = json.loads(Path(spec_file).read_text(encoding="utf-8"))
    _STATE["interrupted"] = None
    _install_handlers()
    try:
        result = execute_section(
            spec["id"],
            Path(spec["notebook"]),
            Path(spec["output"]),
            spec["parameters"],
            Path(spec["cwd"]),
            spec["cell_timeout"],
        )
    except RunInterrupted as error:
        result = SectionResult(spec["id"], spec["output"], "failed", error=f"interrupted by {error}")
    Path(spec_file + ".result.json").write_text(json.dumps(asdict(result)), encoding="utf-8")
    return 0


def _run_sequential(jobs_list, cell_timeout) -> list[SectionResult]:
    results = []
    for section_id, notebook, output, parameters, cwd in jobs_list:
        if _STATE["interrupted"]:
            results.append(SectionResult(section_id, str(output), "not run", error="run interrupted"))
            continue
        try:
            results.append(execute_section(section_id, notebook, output, parameters, cwd, cell_timeout))
        except RunInterrupted:
            results.append(
                SectionResult(section_id, str(output), "failed", error=f"interrupted by {_STATE['interrupted']}")
            )
            results[-1].cell, results[-1].cell_source = _failing_cell(output)
    return results


def _run_parallel(jobs_list, jobs, cell_timeout, work_dir: Path) -> list[SectionResult]:
    """Up to ``jobs`` sections at once, each in its own worker process (``python -m
    boardpack.run.runner --worker``: a fresh interpreter, so no caller's ``__main__`` is re-imported)."""
    import json
    import subprocess

    work_dir.mkdir(parents=True, exist_ok=True)
    pending = list(jobs_list)
    running: dict[str, tuple[subprocess.Popen, Path]] = {}
    done: dict[str, SectionResult] = {}

    def reap() -> None:
        for section_id, (process, spec) in list(running.items()):
            code = process.poll()
            if code is None:
                continue
            result_file = Path(str(spec) + ".result.json")
            if result_file.exists():
                done[section_id] = SectionResult(**json.loads(result_file.read_text(encoding="utf-8")))
            else:
                done[section_id] = SectionResult(
                    section_id, "", "failed", error=f"the worker process ended with code {code}"
                )
            del running[section_id]

    try:
        while pending or running:
            while pending and len(running) < jobs and not _STATE["interrupted"]:
                section_id, notebook, output, parameters, cwd = pending.pop(0)
                spec = work_dir / f"worker-{section_id}.json"
                spec.write_text(
                    json.dumps(
                        {
                            "id": section_id,
                            "notebook": str(notebook),
                            "output": str(output),
                            "parameters": parameters,
                            "cwd": str(cwd),
                            "cell_timeout": cell_timeout,
                        }
                    ),
                    encoding="utf-8",
                )
                process = subprocess.Popen([sys.executable, "-m", "boardpack.run.runner", "--worker", str(spec)])
                running[section_id] = (process, spec)
            if _STATE["interrupted"]:
                raise RunInterrupted(_STATE["interrupted"])
            time.sleep(0.1)
            reap()
    except RunInterrupted:
        for process, _ in running.values():
            if process.poll() is None:
                process.terminate()  # the worker kills its kernel and reports
        deadline = time.monotonic() + 20
        while running and time.monotonic() < deadline:
            time.sleep(0.1)
            reap()
        for section_id, (process, _) in running.items():
            process.kill()
            done.setdefault(
                section_id, SectionResult(section_id, "", "failed", error=f"interrupted by {_STATE['interrupted']}")
            )
    results = []
    for section_id, notebook, output, parameters, cwd in jobs_list:
        result = done.get(section_id) or SectionResult(section_id, str(output), "not run", error="run interrupted")
        result.notebook = result.notebook or str(output)
        if result.status == "failed" and _STATE["interrupted"] and "interrupted" not in result.error:
            result.error = f"interrupted by {_STATE['interrupted']} ({result.error})"
        if result.status == "failed" and result.cell is None:
            result.cell, result.cell_source = _failing_cell(Path(output))
        results.append(result)
    return results


def _run_sections(jobs_list, jobs: int, cell_timeout: float, work_dir: Path) -> list[SectionResult]:
    """Every section of ``jobs_list``: in worker processes when ``jobs`` > 1, else one by one."""
    if jobs > 1 and len(jobs_list) > 1:
        return _run_parallel(jobs_list, jobs, cell_timeout, work_dir)
    return _run_sequential(jobs_list, cell_timeout)


# ---------------------------------------------------------------------------------------------
# the run


@dataclass
class RunResult:
    """What a run did. ``folder``: the published pack, or the ``.failed`` folder."""

    ok: bool
    month: str
    folder: Path | None = None
    html: Path | None = None
    sections: list[SectionResult] = field(default_factory=list)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def failed(self) -> list[SectionResult]:
        return [s for s in self.sections if s.status == "failed"]

    def message(self) -> str:
        """One line: what failed and where the partial output is."""
        if self.ok:
            return f"board report for {self.month}: {self.html}"
        parts = []
        if self.failed:
            n = len(self.failed)
            parts.append(f"{n} section{'s' if n > 1 else ''} failed: " + "; ".join(s.describe() for s in self.failed))
        if self.error:
            parts.append(self.error)
        if self.folder:
            parts.append(f"partial output kept in {self.folder}")
        return ". ".join(parts)


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in (
        "pandas",
        "numpy",
        "pandera",
        "papermill",
        "nbconvert",
        "nbformat",
        "nbclient",
        "ipykernel",
        "matplotlib",
        "seaborn",
        "holidays",
        "boardpack",
    ):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def _quality_records(extract) -> list[dict]:
    quality = getattr(extract, "quality", None)
    if quality is None or quality.empty:
        return []
    return [{k: (list(v) if k == "rows" else v) for k, v in row.items()} for row in quality.to_dict("records")]


def run_pack(
    month,
    data_dir="",
    params_file="",
    out_dir=None,
    commentary_dir="",
    jobs: int = 1,
    notebooks_dir=NOTEBOOKS_DIR,
    sections=None,
    cell_timeout: float = CELL_TIMEOUT,
    issued=None,
    publish: bool = False,
) -> RunResult:
    """Build the month's pack (see the module docstring). Bad input raises (RunError, ExtractError,
    ParamsError); a failed section returns a RunResult with ``ok=False``.

    ``out_dir``: default ``outputs/<month>/``. ``sections``: the section ids to run (default all of
    :data:`SECTIONS`; tests run a few). ``data_dir`` blank = the bundled demo council.
    ``issued``: the date on the title page (default today). ``publish``: also the public edition
    (:mod:`boardpack.run.public`).
    """
    from boardpack.document import export
    from boardpack.document.section import build_context
    from boardpack.run import outputs

    started_at = outputs.stamp()
    started = time.monotonic()
    month = to_month(month)
    notebooks = section_notebooks(notebooks_dir, sections)
    if data_dir and not Path(data_dir).is_dir():
        raise RunError(f"{data_dir}: no such data folder")
    if commentary_dir and not Path(commentary_dir).is_dir():
        raise RunError(f"{commentary_dir}: no such commentary folder")
    if not data_dir:
        from boardpack.sources.demo import ensure_demo

        data_dir = ensure_demo()
    data_dir = str(Path(data_dir).resolve())
    params_file = str(Path(params_file).resolve()) if params_file else ""
    commentary_dir = str(Path(commentary_dir).resolve()) if commentary_dir else ""
    target = Path(out_dir) if out_dir else OUTPUTS_DIR / str(month)

    _STATE["interrupted"] = None
    previous = _install_handlers()
    staging = None
    try:
        t0 = time.monotonic()
        context = build_context(month, data_dir, params_file, commentary_dir)
        context.outputs_dir = str(target.resolve().parent)  # earlier months' packs, for revisions
        context.params["issued"] = str(pd.Timestamp(issued).date()) if issued else str(pd.Timestamp.today().date())
        check_month(context.extract, month)
        context_seconds = round(time.monotonic() - t0, 3)

        staging = outputs.Staging(target, run_stamp=started_at)
        staging.write_context(context)
        staging.write_indicators(context.indicators)
        parameters = {
            "month": str(month),
            "data_dir": data_dir,
            "params_file": params_file,
            "run_dir": str(staging.path),
            "commentary_dir": commentary_dir,
        }
        jobs_list = [(sid, nb, staging.section_path(nb.name), parameters, staging.path) for sid, nb in notebooks]
        results = _run_sections(jobs_list, jobs, cell_timeout, staging.path / outputs.CONTEXT_DIR)

        result = RunResult(
            ok=not any(r.status != "ok" for r in results), month=str(month), sections=results, notes=list(context.notes)
        )
        export_seconds, extra_timings = 0.0, {}
        if result.ok and not _STATE["interrupted"]:
            t0 = time.monotonic()
            try:
                html = export.build_report(
                    [(r.id, Path(r.notebook)) for r in results], context.params.get("la_name", ""), month
                )
                staging.write_html(html)
                export_seconds = round(time.monotonic() - t0, 3)
                from boardpack.run.public import write_editions

                extra_timings.update(
                    write_editions(staging, html, context, jobs_list, publish, jobs, cell_timeout, _run_sections)
                )
            except Exception as error:  # noqa: BLE001
                result.ok, result.error = False, f"export failed: {type(error).__name__}: {error}"
            export_seconds = export_seconds or round(time.monotonic() - t0, 3)
        elif _STATE["interrupted"]:
            result.ok = False
            result.error = result.error or f"run interrupted by {_STATE['interrupted']}"
        result.seconds = round(time.monotonic() - started, 3)

        record = {
            "status": "complete" if result.ok else "failed",
            "started": started_at,
            "parameters": {
                "month": str(month),
                "data_dir": data_dir,
                "params_file": params_file,
                "commentary_dir": commentary_dir,
                "out_dir": str(staging.target),
                "jobs": jobs,
                "notebooks_dir": str(Path(notebooks_dir).resolve()),
                "cell_timeout": cell_timeout,
                "issued": context.params["issued"],
                "publish": publish,
            },
            "params": context.params,
            "data_files": list(context.extract.files),
            "versions": _versions(),
            "python": sys.version.split()[0],
            "python_executable": sys.executable,
            "timings": {
                "context_seconds": context_seconds,
                "sections": {r.id: r.seconds for r in results},
                "export_seconds": export_seconds,
                **extra_timings,
                "total_seconds": result.seconds,
            },
            "sections": [{**asdict(r), "notebook": Path(r.notebook).name if r.notebook else ""} for r in results],
            "notes": list(context.notes),
            "data_quality": _quality_records(context.extract),
            "error": result.message() if not result.ok else "",
        }
        staging.write_run_json(record)
        if result.ok:
            result.folder = staging.publish()
            result.html = result.folder / outputs.HTML_FILE
        else:
            result.folder = staging.fail()
        for section in result.sections:
            if section.notebook:
                section.notebook = str(result.folder / outputs.SECTIONS_DIR / Path(section.notebook).name)
        return result
    except RunInterrupted as error:
        result = RunResult(ok=False, month=str(month), error=f"run interrupted by {error} before the sections ran")
        if staging is not None and staging.final is None:
            result.folder = staging.fail()
        return result
    except BaseException:
        if staging is not None and staging.final is None:
            staging.fail()
        raise
    finally:
        _kill_kernels()
        _restore_handlers(previous)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        sys.exit(_worker_main(sys.argv[2]))
    sys.exit(
        "usage: python -m boardpack.run.runner --worker SPEC (used by run_pack; run the pack with `boardpack run`)"
    )
