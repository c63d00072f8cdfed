"""The registry of indicator domains, and the one call that computes them all.

Each domain module exposes ``REQUIRES`` (tables it cannot work without) and
``indicators(extract, months, params) -> frame``. A domain whose tables are absent is skipped
with a note; the rest of the pack runs.

A run computes the domains on two cores: :data:`ELSEWHERE` (about half the time at any size) in
the run's worker process (``compute_all``'s ``submit``), sent only the tables they read (each
lists them in ``READS``), while the run's own process computes the rest. The frames are the same
either way, in the same order.
"""

from __future__ import annotations

import importlib

import pandas as pd

from boardpack.calendar import report_months, to_month
from boardpack.indicators import coverage
from boardpack.indicators.frames import INDICATOR_COLUMNS, combine
from boardpack.sources.extract import Extract

# Module names under boardpack, in report order. A module not yet written is skipped.
DOMAINS = [
    "early_help",
    "contacts",
    "referrals",
    "assessments",
    "strategy",
    "child_protection",
    "looked_after",
    "health",
    "workforce",
]


def domain_modules():
    """The importable domain modules, in order."""
    modules = []
    for name in DOMAINS:
        try:
            modules.append(importlib.import_module(f"boardpack.indicators.{name}"))
        except ModuleNotFoundError as error:
            if error.name != f"boardpack.indicators.{name}":
                raise
    return modules


# computed in the run's worker process when compute_all is given ``submit`` (see the module docstring)
ELSEWHERE = ("child_protection", "looked_after")


def _name(module) -> str:
    return module.__name__.rsplit(".", 1)[-1]


def compute_domains(extract: Extract, months, params: dict, names: list[str]) -> list[pd.DataFrame]:
    """The indicator frames of the named domains, in the order named (the worker's job)."""
    modules = {_name(m): m for m in domain_modules()}
    return [modules[name].indicators(extract, months, params) for name in names]


def compute_all(
    extract: Extract, month, params: dict, n_months: int = 24, submit=None
) -> tuple[pd.DataFrame, list[str]]:
    """Every indicator for the ``n_months`` months ending with ``month``, and notes on skips.
    ``submit(fn, *args)`` (an executor's): the :data:`ELSEWHERE` domains are computed there."""
    months = report_months(to_month(month), n_months)
    present, notes = [], []
    for module in domain_modules():
        missing = [t for t in module.REQUIRES if not extract.has(t)]
        if missing:
            notes.append(f"{_name(module)}: no {', '.join(missing)}; its indicators are not reported")
            continue
        present.append(module)
    away = [m for m in present if submit is not None and _name(m) in ELSEWHERE]
    job = None
    if away:
        tables = {t for m in away for t in m.READS}
        job = submit(compute_domains, extract.only(tables), months, params, [_name(m) for m in away])
    computed = {_name(m): m.indicators(extract, months, params) for m in present if m not in away}
    if job is not None:
        try:
            computed.update(zip([_name(m) for m in away], job.result()))
        except Exception:  # noqa: BLE001  (computed here instead: the same code raises here what it raises)
            computed.update({_name(m): m.indicators(extract, months, params) for m in away})
    frames = [computed[_name(m)] for m in present]
    result = combine(frames)
    result = result.sort_values(["indicator_id", "breakdown", "period_end"], kind="stable").reset_index(drop=True)
    result, blanked = coverage.apply(result, extract, params)  # outside coverage / column not carried: blank
    return result[INDICATOR_COLUMNS], notes + blanked


def to_csv_frame(indicators: pd.DataFrame) -> pd.DataFrame:
    """The frame as written to ``indicators.csv``: ISO dates, blanks for missing values."""
    out = indicators.copy()
    out["period_end"] = out["period_end"].dt.strftime("%Y-%m-%d")
    return out
