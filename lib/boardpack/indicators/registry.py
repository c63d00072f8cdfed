"""The registry of indicator domains, and the one call that computes them all.

Each domain module exposes ``REQUIRES`` (tables it cannot work without) and
``indicators(extract, months, params) -> frame``. A domain whose tables are absent is skipped
with a note; the rest of the pack runs.
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


def compute_all(extract: Extract, month, params: dict, n_months: int = 24) -> tuple[pd.DataFrame, list[str]]:
    """Every indicator for the ``n_months`` months ending with ``month``, and notes on skips."""
    months = report_months(to_month(month), n_months)
    frames, notes = [], []
    for module in domain_modules():
        missing = [t for t in module.REQUIRES if not extract.has(t)]
        if missing:
            notes.append(f"{module.__name__.split('.')[-1]}: no {', '.join(missing)}; its indicators are not reported")
            continue
        frames.append(module.indicators(extract, months, params))
    result = combine(frames)
    result = result.sort_values(["indicator_id", "breakdown", "period_end"], kind="stable").reset_index(drop=True)
    result, blanked = coverage.apply(result, extract, params)  # outside coverage / column not carried: blank
    return result[INDICATOR_COLUMNS], notes + blanked


def to_csv_frame(indicators: pd.DataFrame) -> pd.DataFrame:
    """The frame as written to ``indicators.csv``: ISO dates, blanks for missing values."""
    out = indicators.copy()
    out["period_end"] = out["period_end"].dt.strftime("%Y-%m-%d")
    return out
