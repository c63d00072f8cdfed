"""What a run records about itself in ``run.json``: parameters, data files, versions, timings.

``run.json`` (written by :mod:`boardpack.run.outputs` into the pack, or into the failed folder):
``status`` (complete/failed), ``started`` (UTC stamp), ``parameters`` (as given to the run),
``params`` (the parameters in force), ``data_files`` (each file read: table, path, sha256, rows,
encoding), ``versions`` (the libraries that made the figures and the document), ``python``,
``timings`` (context, each section, export, total; seconds), ``sections`` (how each ran),
``notes``, ``data_quality`` (the findings, with their data-row numbers: run.json only, never the
HTML) and ``error`` (the one-line message of a failed run).
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

VERSIONED = (
    "pandas",
    "numpy",
    "pyarrow",
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
)


def versions() -> dict:
    """Installed version of each library in :data:`VERSIONED` (None when absent)."""
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in VERSIONED:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def quality_records(extract) -> list[dict]:
    """The extract's data-quality findings as plain records (``rows``: a list of data-row numbers)."""
    quality = getattr(extract, "quality", None)
    if quality is None or quality.empty:
        return []
    return [{k: (list(v) if k == "rows" else v) for k, v in row.items()} for row in quality.to_dict("records")]


def run_record(*, ok: bool, started: str, parameters: dict, context, results, timings: dict, error: str) -> dict:
    """The content of ``run.json`` (see the module docstring)."""
    return {
        "status": "complete" if ok else "failed",
        "started": started,
        "parameters": parameters,
        "params": context.params,
        "data_files": list(context.extract.files),
        "versions": versions(),
        "python": sys.version.split()[0],
        "python_executable": sys.executable,
        "timings": timings,
        "sections": [{**asdict(r), "notebook": Path(r.notebook).name if r.notebook else ""} for r in results],
        "notes": list(context.notes),
        "data_quality": quality_records(context.extract),
        "error": error,
    }
