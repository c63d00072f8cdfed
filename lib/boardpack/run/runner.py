"""Run the pack: the figures once, the section notebooks on kept kernels, one HTML.

``run_pack`` reads the extract and computes every indicator ONCE (:func:`section.build_context`),
leaves what the sections show in the staging folder (Parquet and JSON, no record-level data:
:func:`section.write_context`), executes each section notebook with papermill (parameters
``month, data_dir, params_file, run_dir, commentary_dir``) into ``<staging>/sections/NN_<id>.ipynb``
on ``jobs`` kernels started once for the run (:mod:`boardpack.run.parallel`,
:mod:`boardpack.run.kernels`) and, when every section ran, merges them into one offline HTML
(:mod:`boardpack.document.export`), writes ``run.json`` (:mod:`boardpack.run.provenance`) and
publishes the pack (:mod:`boardpack.run.outputs`).

Where: ``out_dir`` (``--out DIR``; default ``outputs/``) is the outputs folder. The month's pack
is ``out_dir/<month>/``; with ``only`` (``--only``) it is ``out_dir/<month>-only-<id>+<id>/``, so a
partial pack never replaces a full one. Staging, archive and failed runs stay inside ``out_dir``.

Failures are collected, not fatal: every section runs; then a failed run names each failed
section, its failing cell and the error, and leaves the partial notebooks in
``<label>.failed-<stamp>/``. SIGTERM or SIGINT kills the kernels and publishes nothing.

Feedback: one line per step on the ``boardpack`` logger (the command line sends it to stderr;
``--quiet`` silences it): ``context 7.3 s``, ``[4/12] contacts 6.0 s``, ``export 2.1 s``, where the
pack went and which pack it archived.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from boardpack.calendar import to_month
from boardpack.paths import NOTEBOOKS_DIR, OUTPUTS_DIR
from boardpack.run.kernels import kill_kernels
from boardpack.run.months import RunError, check_month
from boardpack.run.parallel import (
    CELL_TIMEOUT,
    STATE,
    KernelPool,
    RunInterrupted,
    SectionResult,
    install_handlers,
    restore_handlers,
)
from boardpack.run.worker import RunWorker

__all__ = ["SECTIONS", "RunError", "RunInterrupted", "RunResult", "SectionResult", "run_pack", "default_jobs"]

log = logging.getLogger("boardpack.run")

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
logging.getLogger("papermill").propagate = False


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


def default_jobs(sections: int) -> int:
    """Kernels for a run: one per core, never more than there are sections."""
    return max(1, min(os.cpu_count() or 1, sections))


def only_label(month, sections) -> str:
    """The folder name of a pack of some sections only.

    >>> only_label("2014-12", ["contacts", "referrals"])
    '2014-12-only-contacts+referrals'
    """
    return f"{to_month(month)}-only-{'+'.join(sections)}"


def run_pack(
    month,
    data_dir="",
    params_file="",
    out_dir=None,
    commentary_dir="",
    jobs: int | None = None,
    notebooks_dir=NOTEBOOKS_DIR,
    sections=None,
    cell_timeout: float = CELL_TIMEOUT,
    source: str = "",
    only=None,
    issued=None,
    publish: bool = False,
) -> RunResult:
    """Build the month's pack (see the module docstring). Bad input raises (RunError, ExtractError,
    ParamsError); a failed section returns a RunResult with ``ok=False``.

    ``out_dir``: the outputs folder (default ``outputs/``); the pack goes to ``out_dir/<month>/``.
    ``sections``: the section ids to run into that full pack (default all of :data:`SECTIONS`;
    tests run a few). ``only``: section ids an analyst rebuilds; their pack goes to
    ``out_dir/<month>-only-<ids>/`` instead. ``jobs``: kernels at once (default
    :func:`default_jobs`). ``data_dir`` blank = the bundled demo council. ``source``: what
    ``data_dir`` was frozen from (a database URL with its password masked), for run.json.
    ``issued``: the date on the title page (default today). ``publish``: also the public edition
    (:mod:`boardpack.run.public`).
    """
    from boardpack.document import export
    from boardpack.document.section import build_context
    from boardpack.run import outputs, provenance

    started_at = outputs.stamp()
    started = time.monotonic()
    month = to_month(month)
    if only:
        unknown = [s for s in only if s not in SECTIONS]
        if unknown:
            raise RunError(f"no section {', '.join(unknown)} (the sections are {', '.join(SECTIONS)})")
        sections = [s for s in SECTIONS if s in set(only)]
    notebooks = section_notebooks(notebooks_dir, sections)
    jobs = min(jobs or default_jobs(len(notebooks)), len(notebooks))
    if data_dir and not Path(data_dir).is_dir():
        raise RunError(f"{data_dir}: no such data folder")
    if commentary_dir and not Path(commentary_dir).is_dir():
        raise RunError(f"{commentary_dir}: no such commentary folder")
    root = Path(os.path.abspath(out_dir)) if out_dir else OUTPUTS_DIR
    if (root / outputs.RUN_FILE).is_file() or (root / outputs.HTML_FILE).is_file():
        raise RunError(
            f"--out {root} holds a pack itself: --out names the outputs folder the month's pack goes into "
            f"(its parent, {root.parent}, or a new folder)"
        )
    if not data_dir:
        from boardpack.sources.demo import ensure_demo

        data_dir = ensure_demo()
    data_dir = str(Path(data_dir).resolve())
    params_file = str(Path(params_file).resolve()) if params_file else ""
    commentary_dir = str(Path(commentary_dir).resolve()) if commentary_dir else ""
    label = only_label(month, [s for s, _ in notebooks]) if only else str(month)
    target = root / label

    previous = install_handlers()
    staging = None
    pool = run_worker = None
    try:
        pool = KernelPool(jobs)  # the kernels start while the extract is read
        run_worker = RunWorker()  # and so does the process that computes half the indicators and lays out half the PDF
        t0 = time.monotonic()
        context = build_context(month, data_dir, params_file, commentary_dir, submit=run_worker.submit)
        context.outputs_dir = str(root)  # earlier months' packs, for revisions
        context.params["issued"] = str(pd.Timestamp(issued).date()) if issued else str(pd.Timestamp.today().date())
        check_month(context.extract, month)
        context_seconds = round(time.monotonic() - t0, 3)
        log.info("context %.1f s: %s indicator rows for %s", context_seconds, f"{len(context.indicators):,}", month)

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
        jobs_list = [(sid, nb, staging.section_path(nb.name), parameters) for sid, nb in notebooks]
        total = len(jobs_list)

        def done(index: int, section: SectionResult) -> None:
            state = "" if section.status == "ok" else f" {section.status}: {section.describe()}"
            log.info("[%d/%d] %s %.1f s%s", index + 1, total, section.id, section.seconds, state)

        run_worker.preload_here()
        results = pool.run(jobs_list, staging.path, cell_timeout, on_done=done)

        result = RunResult(
            ok=not any(r.status != "ok" for r in results), month=str(month), sections=results, notes=list(context.notes)
        )
        export_seconds, extra_timings = 0.0, {}
        if result.ok and not STATE["interrupted"]:
            t0 = time.monotonic()
            try:
                html = export.build_report(
                    [(r.id, Path(r.notebook)) for r in results], context.params.get("la_name", ""), month
                )
                staging.write_html(html)
                export_seconds = round(time.monotonic() - t0, 3)
                from boardpack.run.public import write_editions

                extra_timings.update(
                    write_editions(
                        staging,
                        html,
                        context,
                        jobs_list,
                        publish,
                        # the public edition's sections run on the same kept kernels
                        lambda more: pool.run(more, staging.path, cell_timeout),
                        run_worker.submit,
                    )
                )
            except Exception as error:  # noqa: BLE001
                result.ok, result.error = False, f"export failed: {type(error).__name__}: {error}"
            export_seconds = export_seconds or round(time.monotonic() - t0, 3)
            log.info("export %.1f s", export_seconds)
        elif STATE["interrupted"]:
            result.ok = False
            result.error = result.error or f"run interrupted by {STATE['interrupted']}"
        pool.close()
        kernels = pool.kernels_started
        result.seconds = round(time.monotonic() - started, 3)

        record = provenance.run_record(
            ok=result.ok,
            started=started_at,
            parameters={
                "month": str(month),
                "data_dir": data_dir,
                **({"source": source} if source else {}),  # a database, password masked (cli --db)
                "params_file": params_file,
                "commentary_dir": commentary_dir,
                "out_dir": str(root),
                "pack": str(staging.target),
                "only": list(only or []),
                "jobs": jobs,
                "notebooks_dir": str(Path(notebooks_dir).resolve()),
                "cell_timeout": cell_timeout,
                "issued": context.params["issued"],
                "publish": publish,
            },
            context=context,
            results=results,
            timings={
                "context_seconds": context_seconds,
                "sections": {r.id: r.seconds for r in results},
                "export_seconds": export_seconds,
                **extra_timings,
                "total_seconds": result.seconds,
                "kernels_started": kernels,
            },
            error=result.message() if not result.ok else "",
        )
        staging.write_run_json(record)
        if result.ok:
            result.folder = staging.publish()
            result.html = result.folder / outputs.HTML_FILE
            if staging.archived is not None:
                log.info("archived the previous %s pack to %s", label, staging.archived)
            log.info("published %s in %.1f s: %s", label, result.seconds, result.folder)
        else:
            result.folder = staging.fail()
            log.info("failed run kept in %s", result.folder)
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
        if pool is not None:
            pool.close()
        if run_worker is not None:
            run_worker.close()
        kill_kernels()
        restore_handlers(previous)
