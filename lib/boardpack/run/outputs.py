"""The ONE place that writes a run's files: a staging folder, then an atomic publish.

Layout, for a target folder ``T = R/<label>`` in an outputs folder ``R`` (default ``outputs/``;
``--out DIR`` gives ``R = DIR``, so everything below stays inside DIR). The *label* is the month
(``2014-12``), or ``2014-12-only-contacts`` for a pack of some sections (``--only``)::

    R/.staging/<label>-<stamp>/            the run builds here
        _context/                          what the sections show, computed once (Parquet + JSON;
                                           removed before the folder is published or marked failed)
        sections/NN_<id>.ipynb             each executed section notebook
        indicators.csv  board-report.html  board-report.pdf  run.json
        indicators-public.csv  board-report-public.html  board-report-public.pdf   (--publish)
    R/<label>/                             the published pack (only ever a complete one)
    R/archive/<label>-<stamp>/             a pack that a later run of the same label replaced
    R/<label>.failed-<stamp>/              what a failed run left (partial notebooks, run.json)

Publishing moves an existing pack to ``archive/`` (never overwritten, never deleted) and renames
the staging folder into place: both are ``os.rename`` within one folder's filesystem, so a reader
sees either the old complete pack or the new one (for the instant between the two renames, none).
A failed run renames its staging folder ``<label>.failed-<stamp>`` and touches nothing else.
One publish at a time per label: a lock file ``R/.staging/<label>.lock`` (``filelock``: ``flock``
on POSIX, ``msvcrt.locking`` on Windows).
``<stamp>`` is the UTC time the run started, ``YYYYMMDDTHHMMSSZ`` (a suffix ``-2``, ``-3``... keeps
two runs in one second apart).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from filelock import FileLock

STAGING = ".staging"
ARCHIVE = "archive"
CONTEXT_DIR = "_context"
SECTIONS_DIR = "sections"
HTML_FILE = "board-report.html"
PDF_FILE = "board-report.pdf"
# the public edition (``boardpack run --publish``), beside the full one
PUBLIC_HTML_FILE = "board-report-public.html"
PUBLIC_PDF_FILE = "board-report-public.pdf"
PUBLIC_CSV_FILE = "indicators-public.csv"
PUBLIC_CONTEXT_DIR = "_context_public"
PUBLIC_SECTIONS_DIR = "sections-public"
CSV_FILE = "indicators.csv"
RUN_FILE = "run.json"


def stamp(now: dt.datetime | None = None) -> str:
    """A UTC time stamp for folder names.

    >>> stamp(dt.datetime(2015, 1, 9, 7, 5, 3, tzinfo=dt.timezone.utc))
    '20150109T070503Z'
    """
    now = now or dt.datetime.now(dt.UTC)
    return now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _unused(path: Path) -> Path:
    """``path``, or ``path-2``, ``path-3``... whichever does not exist yet."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def write_indicators_csv(indicators: pd.DataFrame, path) -> Path:
    """``indicators.csv``: the catalogue's columns, ISO dates, blanks for NaN, values unrounded."""
    from boardpack.indicators.registry import to_csv_frame

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    to_csv_frame(indicators).to_csv(path, index=False, na_rep="", encoding="utf-8", lineterminator="\n")
    return path


def _jsonable(value):
    """Plain JSON values from numpy/pandas ones (NaN -> null, dates -> ISO text)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (pd.Timestamp, dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, pd.Period):
        return str(value)
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


class Staging:
    """A run's staging folder beside its target; :meth:`publish` or :meth:`fail` ends it."""

    def __init__(self, target, label: str | None = None, run_stamp: str | None = None):
        self.target = Path(os.path.abspath(target))
        self.label = label or self.target.name
        self.root = self.target.parent
        self.stamp = run_stamp or stamp()
        staging_root = self.root / STAGING
        staging_root.mkdir(parents=True, exist_ok=True)
        self.path = _unused(staging_root / f"{self.label}-{self.stamp}")
        self.path.mkdir()
        (self.path / SECTIONS_DIR).mkdir()
        self.final: Path | None = None
        self.archived: Path | None = None  # where publish moved the pack it replaced

    # -- where things go ------------------------------------------------------------------

    @property
    def sections_dir(self) -> Path:
        return self.path / SECTIONS_DIR

    def section_path(self, notebook_name: str) -> Path:
        return self.sections_dir / notebook_name

    # -- writing ----------------------------------------------------------------------------

    def write_context(self, context) -> Path:
        """The run's context for the section notebooks (see :func:`boardpack.document.section.write_context`)."""
        from boardpack.document.section import write_context

        return write_context(self.path, context)

    def remove_context(self) -> None:
        """Delete the sections' shared context (never published, never left in a failed folder)."""
        shutil.rmtree(self.path / CONTEXT_DIR, ignore_errors=True)
        shutil.rmtree(self.path / PUBLIC_CONTEXT_DIR, ignore_errors=True)

    def write_indicators(self, indicators: pd.DataFrame) -> Path:
        return write_indicators_csv(indicators, self.path / CSV_FILE)

    def write_html(self, html: str, name: str = HTML_FILE) -> Path:
        path = self.path / name
        path.write_text(html, encoding="utf-8")
        return path

    def write_pdf(self, pdf: bytes, name: str = PDF_FILE) -> Path:
        path = self.path / name
        path.write_bytes(pdf)
        return path

    def write_public_indicators(self, indicators: pd.DataFrame) -> Path:
        """``indicators-public.csv``: the suppressed frame, ``c`` where a figure is not published."""
        from boardpack.board.suppression import to_public_csv_frame

        path = self.path / PUBLIC_CSV_FILE
        to_public_csv_frame(indicators).to_csv(path, index=False, na_rep="", encoding="utf-8", lineterminator="\n")
        return path

    def write_public_context(self, context) -> Path:
        """The public edition's (suppressed) context, in its own folder for the public notebooks."""
        from boardpack.document.section import write_context

        return write_context(self.path / PUBLIC_CONTEXT_DIR, context)

    def write_run_json(self, record: dict) -> Path:
        path = self.path / RUN_FILE
        path.write_text(json.dumps(_jsonable(record), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path

    # -- ending -----------------------------------------------------------------------------

    @contextmanager
    def _lock(self):
        """One publish at a time per target (two runs of one month finishing together)."""
        lock_path = self.root / STAGING / f"{self.label}.lock"
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(lock_path):
            yield

    def publish(self) -> Path:
        """Put the complete pack in place; an existing pack moves to ``archive/<label>-<stamp>``."""
        self.remove_context()
        with self._lock():
            archived = None
            if self.target.exists() or self.target.is_symlink():
                archive_root = self.root / ARCHIVE
                archive_root.mkdir(exist_ok=True)
                archived = _unused(archive_root / f"{self.label}-{self.stamp}")
                os.rename(self.target, archived)
                self.archived = archived
            try:
                os.rename(self.path, self.target)
            except OSError:
                if archived is not None:
                    os.rename(archived, self.target)
                    self.archived = None
                raise
        self._tidy()
        self.final = self.target
        return self.target

    def fail(self) -> Path:
        """Keep what the run left as ``<label>.failed-<stamp>``; the published pack is untouched."""
        self.remove_context()
        failed = _unused(self.root / f"{self.label}.failed-{self.stamp}")
        os.rename(self.path, failed)
        self._tidy()
        self.final = failed
        return failed

    def _tidy(self) -> None:
        """Remove the ``.staging`` folder if it is empty (another run's folder is never touched)."""
        try:
            os.rmdir(self.root / STAGING)
        except OSError:
            pass
