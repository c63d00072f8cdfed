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
    # The data are the bundled demo council: only then are params/demo.yaml and the shipped
    # commentary (params/commentary/<month>/) used; another council's pack never sees them.
    demo: bool = False


def is_demo(data_dir) -> bool:
    """True when ``data_dir`` is blank or the bundled demo council's folder."""
    from boardpack.paths import DEMO_DATA_DIR

    return not data_dir or Path(data_dir).resolve() == DEMO_DATA_DIR.resolve()


def run_params(params_file="", data_dir="") -> dict:
    """The run's parameters, checked at the door: the schema (``params.load_params``; the demo's own
    ``params/demo.yaml`` only for the demo's data) and the council codes named for benchmarks."""
    from boardpack.board.benchmarks import check_codes
    from boardpack.paths import DEFAULT_PARAMS, DEMO_PARAMS

    demo = is_demo(data_dir)
    params = load_params(params_file or None, demo=demo)
    check_codes(params, params_file or (DEMO_PARAMS if demo else DEFAULT_PARAMS))
    return params


def build_context(month, data_dir="", params_file="", commentary_dir="") -> RunContext:
    """Read the extract (the demo council when ``data_dir`` is blank) and compute every indicator."""
    from boardpack.indicators.registry import compute_all
    from boardpack.indicators.source_groups import flag_unmapped
    from boardpack.sources.reader import read_extract

    params = run_params(params_file, data_dir)
    if not data_dir:
        from boardpack.sources.demo import ensure_demo

        data_dir = ensure_demo()
    month = to_month(month)
    extract = read_extract(data_dir, month)
    extract.notes.extend(flag_unmapped(extract, params))
    indicators, notes = compute_all(extract, month, params)
    # the default commentary folder is fixed here, in the process that reads the extract: a section's
    # kernel runs in the staging folder, where the workspace cannot be found again. The shipped
    # params/commentary/ belongs to the demo council only.
    demo = is_demo(data_dir)
    if not commentary_dir and demo:
        commentary_dir = str(COMMENTARY_DIR / str(month))
    return RunContext(
        month, params, extract, indicators, list(extract.notes) + notes, str(commentary_dir or ""), demo=demo
    )


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
        wide = rows.pivot_table(
            index=rows["period_end"].dt.to_period("M"), columns="breakdown", values="value", aggfunc="sum", sort=False
        )
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

    def commentary_dir(self) -> Path | None:
        """Where this month's analysts' commentary lives: the run's ``--commentary`` folder, else, for
        the demo council only, the shipped ``params/commentary/<month>/``; None (no commentary) for
        another council's data without a folder of its own."""
        if self.context.commentary_dir:
            return Path(self.context.commentary_dir)
        if getattr(self.context, "demo", True):
            return COMMENTARY_DIR / str(self.month)
        return None


def open_section(section_id: str, month, data_dir="", params_file="", run_dir="", commentary_dir="") -> Section:
    """The section's view of the run for ``month`` (see the module docstring)."""
    context = _load_context(
        str(to_month(month)), str(data_dir or ""), str(params_file or ""), str(run_dir or ""), str(commentary_dir or "")
    )
    if commentary_dir:
        context.commentary_dir = str(commentary_dir)
    return Section(section_id, context)


def markdown_escape(text: str) -> str:
    """Text safe to put in generated Markdown/HTML (no markup from data gets through)."""
    return html.escape(str(text), quote=False)
