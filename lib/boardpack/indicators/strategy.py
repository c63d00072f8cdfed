"""Strategy discussions and section 47 enquiries.

Sources: ``ext_strategy_discussions`` (``strategy_*``) and ``ssd_s47_enquiry`` (``s47_*``);
definitions are the catalogue's (``shared/spec/indicators.md``, "Strategy discussions and
section 47 enquiries"):

* ``strategy_started`` (headline and by ``strd_team``): discussions with ``strd_start_date`` in M;
* ``strategy_completed``: ``strd_completed_date`` in M;
* ``strategy_cse``: started in M with ``strd_cse_flag`` = Y;
* ``strategy_to_s47_pct``: % of those started in M with ``strd_s47_flag`` = Y;
* ``s47_started``: enquiries with ``s47e_s47_start_date`` in M;
* ``s47_rate_per_10k_ytd``: enquiries started from 1 April of M's financial year
  (:func:`boardpack.calendar.financial_year_start`) to the end of M, per 10,000 children with
  the population of M; not annualised (so it grows through the year, as DfE's year figure does
  by 31 March).

Readings made here (the catalogue does not say):

* ``REQUIRES`` is empty: the two tables are independent, so either one alone gives its own
  indicators (the reader's notes say which file is absent); with neither, nothing is reported;
* a blank flag is N (not CSE, not leading to s47); a blank team is reported as ``Not recorded``;
  the teams reported are those with a discussion started in the 24 months;
* records count, not children (the catalogue's "otherwise records");
* months before the month of a table's first record are not reported
  (:func:`frames.covered_months`, "the months the data cover"); the year-to-date rate of a
  covered month counts the enquiries the extract holds from 1 April, as the catalogue defines it.
"""

from __future__ import annotations

import pandas as pd

from boardpack.calendar import financial_year_start, month_end, to_month
from boardpack.indicators.frames import (
    HEADLINE,
    combine,
    counts_by_month,
    covered_months,
    percent,
    tidy,
)
from boardpack.indicators.marks import mark
from boardpack.indicators.population import population_by_month
from boardpack.sources.extract import Extract

REQUIRES: tuple[str, ...] = ()

STRATEGY = "ext_strategy_discussions"
S47 = "ssd_s47_enquiry"
NOT_RECORDED = "Not recorded"


def _flag(frame: pd.DataFrame, column: str) -> pd.Series:
    """A flag column as plain bool; blank (or an absent column) = False."""
    if column not in frame:
        return pd.Series(False, index=frame.index)
    return frame[column].astype("boolean").fillna(False).astype(bool)


def strategy_indicators(table: pd.DataFrame, months: pd.PeriodIndex) -> pd.DataFrame:
    """``strategy_started`` (headline, by team), ``strategy_completed``, ``strategy_cse``, ``strategy_to_s47_pct``."""
    months = covered_months(months, table["strd_start_date"])
    if not len(months):
        return combine([])
    table = table.copy()
    if "strd_team" in table:
        team = table["strd_team"].astype("str").str.strip()
        table["_team"] = team.mask(team == "").fillna(NOT_RECORDED)
    else:
        table["_team"] = NOT_RECORDED
    started = counts_by_month(table, "strd_start_date", months)
    teams = counts_by_month(table, "strd_start_date", months, by="_team")
    teams = teams[sorted(teams.columns)]
    frames = [tidy("strategy_started", pd.concat([started, teams], axis=1))]
    if "strd_completed_date" in table:
        completed = counts_by_month(table, "strd_completed_date", months)
    else:
        completed = started * 0
    frames.append(tidy("strategy_completed", completed[HEADLINE]))
    frames.append(
        tidy(
            "strategy_cse",
            counts_by_month(table.loc[_flag(table, "strd_cse_flag")], "strd_start_date", months)[HEADLINE],
        )
    )
    to_s47 = counts_by_month(table.loc[_flag(table, "strd_s47_flag")], "strd_start_date", months)
    frames.append(percent("strategy_to_s47_pct", to_s47[HEADLINE], started[HEADLINE]))
    return combine(frames)


def s47_indicators(table: pd.DataFrame, months: pd.PeriodIndex, population: pd.Series) -> pd.DataFrame:
    """``s47_started`` and ``s47_rate_per_10k_ytd`` (population: one figure per month)."""
    start = table["s47e_s47_start_date"]
    months = covered_months(months, start)
    if not len(months):
        return combine([])
    started = counts_by_month(table, "s47e_s47_start_date", months)[HEADLINE]
    ytd = pd.Series(
        [int(((start >= financial_year_start(m)) & (start <= month_end(m))).sum()) for m in months],
        index=months,
        dtype="float",
    )
    population = population.reindex(months).astype("float")
    population = population.where(population > 0)
    rate = (10000 * ytd / population).astype("float")
    return combine([tidy("s47_started", started), tidy("s47_rate_per_10k_ytd", rate, ytd, population)])


def indicators(extract: Extract, months: pd.PeriodIndex, params: dict) -> pd.DataFrame:
    """Every ``strategy_*`` and ``s47_*`` indicator whose table is in the extract."""
    frames = []
    if extract.get(STRATEGY) is not None:
        frames.append(strategy_indicators(extract.get(STRATEGY), months))
    if extract.get(S47) is not None:
        population, _ = population_by_month(extract, months)
        frames.append(s47_indicators(extract.get(S47), months, population))
    return combine(frames)


def started_by_team(s, month=None) -> pd.Series:
    """Strategy discussions started in the month by team, largest first (for the section's chart)."""
    month = to_month(month) if month is not None else s.month
    rows = s.breakdowns("strategy_started", month)
    series = rows.set_index("breakdown")["value"]
    series.index.name = None
    hidden = pd.Series(rows["suppressed"].to_numpy(bool), index=series.index)
    series = series.sort_index().sort_values(ascending=False, kind="stable")  # a suppressed team last
    # a suppressed team (public edition) stays, marked: its bar is left out, its table cell is c
    series = series.loc[(series > 0) | hidden.reindex(series.index)]
    return mark(series, rows=series.index[hidden.reindex(series.index).to_numpy(bool)]) if hidden.any() else series


def teams_by_month(s) -> pd.DataFrame:
    """Wide strategy discussions started by team: index months, one column per team."""
    wide = s.wide("strategy_started")
    return wide[sorted(wide.columns)] if len(wide) else wide
