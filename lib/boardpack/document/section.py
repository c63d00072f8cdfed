"""What a section notebook calls: the month's figures, ready to show.

A notebook does ``s = open_section("contacts", month, data_dir, params_file, run_dir,
commentary_dir)`` and then shows sentences, tables and charts built by ``boardpack`` functions.
In a batch run the runner has already read the extract and computed the indicators once, and
left them in ``run_dir`` (see :func:`write_context`); opened alone in JupyterLab, the section
reads and computes them itself (cached per kernel).
"""

from __future__ import annotations

import html
import pickle
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from boardpack.calendar import month_end, to_month
from boardpack.indicators.frames import HEADLINE
from boardpack.params import load_params
from boardpack.paths import COMMENTARY_DIR
from boardpack.sources.extract import Extract

CONTEXT_FILE = "_context/context.pkl"


@dataclass
class RunContext:
    """Everything a run computes once and every section reads."""

    month: pd.Period
    params: dict
    extract: Extract
    indicators: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    commentary_dir: str = ""
    # Where earlier months' packs are published (for revisions); blank = outputs/.
    outputs_dir: str = ""


def build_context(month, data_dir="", params_file="", commentary_dir="") -> RunContext:
    """Read the extract (the demo council when ``data_dir`` is blank) and compute every indicator."""
    from boardpack.indicators.registry import compute_all
    from boardpack.sources.reader import read_extract

    if not data_dir:
        from boardpack.sources.demo import ensure_demo

        data_dir = ensure_demo()
    params = load_params(params_file or None)
    month = to_month(month)
    extract = read_extract(data_dir, month)
    indicators, notes = compute_all(extract, month, params)
    return RunContext(month, params, extract, indicators, list(extract.notes) + notes, str(commentary_dir or ""))


def write_context(run_dir, context: RunContext) -> Path:
    """Leave the run's context in ``run_dir`` for the section notebooks (removed before publishing)."""
    path = Path(run_dir) / CONTEXT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        pickle.dump(context, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return path


@lru_cache(maxsize=4)
def _load_context(month: str, data_dir: str, params_file: str, run_dir: str, commentary_dir: str) -> RunContext:
    if run_dir:
        path = Path(run_dir) / CONTEXT_FILE
        if path.exists():
            with path.open("rb") as handle:
                return pickle.load(handle)
    return build_context(month, data_dir, params_file, commentary_dir)


@dataclass
class Section:
    """One section's view of the run: figures by id, breakdown and month."""

    id: str
    context: RunContext

    @property
    def month(self) -> pd.Period:
        return self.context.month

    @property
    def month_end(self) -> pd.Timestamp:
        return month_end(self.context.month)

    @property
    def params(self) -> dict:
        return self.context.params

    @property
    def extract(self) -> Extract:
        return self.context.extract

    @property
    def indicators(self) -> pd.DataFrame:
        return self.context.indicators

    def has_data(self, *tables: str) -> bool:
        """True when the extract holds every named table with at least one row."""
        return all(self.extract.get(t) is not None and len(self.extract.get(t)) for t in tables)

    def rows(self, indicator_id: str) -> pd.DataFrame:
        """All rows of one indicator."""
        return self.indicators.loc[self.indicators["indicator_id"] == indicator_id]

    def series(self, indicator_id: str, breakdown: str = HEADLINE) -> pd.Series:
        """Monthly values of one indicator and breakdown, indexed by month (Period)."""
        rows = self.rows(indicator_id)
        rows = rows.loc[rows["breakdown"] == breakdown]
        rows = rows.sort_values("period_end")
        # Workforce snapshots are dated, not monthly: two in one month keep the later one.
        rows = rows.loc[~rows["period_end"].dt.to_period("M").duplicated(keep="last")]
        series = rows.set_index(rows["period_end"].dt.to_period("M"))["value"]
        series.index.name = "month"
        return series

    def value(self, indicator_id: str, breakdown: str = HEADLINE, month=None) -> float:
        """One figure (NaN when the pack has none for that month)."""
        month = to_month(month) if month is not None else self.month
        series = self.series(indicator_id, breakdown)
        return float(series.get(month, float("nan")))

    def wide(self, indicator_id: str, prefix: str = "") -> pd.DataFrame:
        """The indicator's slices by month for a chart: index months (Periods), one column per
        breakdown (headline left out); ``prefix`` keeps the ``prefix|...`` slices and drops the prefix.
        Empty when the indicator has no slices."""
        rows = self.rows(indicator_id)
        rows = rows.loc[rows["breakdown"] != HEADLINE]
        if prefix:
            rows = rows.loc[rows["breakdown"].str.startswith(f"{prefix}|")]
            rows = rows.assign(breakdown=rows["breakdown"].str.slice(len(prefix) + 1))
        if rows.empty:
            return pd.DataFrame()
        # a blank figure (not published, or no denominator) stays blank: never summed to 0
        wide = (
            rows.groupby([rows["period_end"].dt.to_period("M"), "breakdown"], sort=False)["value"]
            .sum(min_count=1)
            .unstack("breakdown")
        )
        wide = wide[list(dict.fromkeys(rows["breakdown"]))].sort_index()
        wide.index.name = None
        wide.columns.name = None
        return wide

    def breakdowns(self, indicator_id: str, month=None, headline: bool = False) -> pd.DataFrame:
        """The slices of one indicator for one month: breakdown, value, numerator, denominator."""
        month = to_month(month) if month is not None else self.month
        rows = self.rows(indicator_id)
        rows = rows.loc[rows["period_end"].dt.to_period("M") == month]
        if not headline:
            rows = rows.loc[rows["breakdown"] != HEADLINE]
        return rows[["breakdown", "value", "numerator", "denominator"]].reset_index(drop=True)

    def commentary_dir(self) -> Path:
        """Where this month's analysts' commentary lives."""
        if self.context.commentary_dir:
            return Path(self.context.commentary_dir)
        return COMMENTARY_DIR / str(self.month)


def open_section(section_id: str, month, data_dir="", params_file="", run_dir="", commentary_dir="") -> Section:
    """The section's view of the run for ``month`` (see the module docstring)."""
    context = _load_context(
        str(to_month(month)), str(data_dir or ""), str(params_file or ""), str(run_dir or ""), str(commentary_dir or "")
    )
    if commentary_dir and not context.commentary_dir:
        context.commentary_dir = str(commentary_dir)
    from boardpack.document import edition

    edition.set_from_params(context.params)
    return Section(section_id, context)


def markdown_escape(text: str) -> str:
    """Text safe to put in generated Markdown/HTML (no markup from data gets through)."""
    return html.escape(str(text), quote=False)
