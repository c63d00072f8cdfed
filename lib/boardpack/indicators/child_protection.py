"""Child protection: initial conferences, children on plans, repeat plans, duration, visits.

Indicator ids from ``shared/spec/indicators.md``, "Child protection" (``cp_medicals`` and
``cp_and_looked_after`` are computed elsewhere). Tables: ``ssd_cp_plans`` (required; the
child's whole plan history), ``ssd_initial_cp_conference`` and ``ssd_s47_enquiry`` (for the
``icpc_*`` ids), ``ssd_cp_visits`` (for ``cp_visits_in_timescale_pct``); a missing optional
table skips only the ids that need it.

Readings of the catalogue (DfE CIN census / children in need statistics usage):

* **Children subject to a plan at the end of M** count distinct children (``person_id``):
  a child with two overlapping plans open at the end of M counts once. Where one child has
  several open plans, the child's *current* plan is the one with the latest start (ties: the
  greatest plan id); its category, its earlier plans and its start date (for visits) are used.
* **Category** is the current plan's latest category, else its initial category, as a word
  (``Neglect``, ``Physical abuse``, ``Emotional abuse``, ``Sexual abuse``, ``Multiple``). A
  child whose plan has neither recorded is counted in the headline only, so the five slices
  may sum to less than the headline.
* **Repeat plans open** (``cp_repeat_open``): the current plan has an earlier plan of the same
  child that started no later and *ended* on or before the current plan's start; the
  breakdown is the start year of the latest (greatest start date) such earlier plan.
* **Second or subsequent plans started** (``cp_repeat_starts_pct_12m``): plans (records) that
  started in the 12 months to M, % for which the child had any other plan that *started*
  before this plan's start date, of any length and whenever it ended (DfE's "second or
  subsequent plan" counts any previous plan ever).
* **Two years or more** (``cp_open_2yrs_pct``): plans (records, as the catalogue says) open at
  the end of M with ``start <= end of M minus 24 calendar months`` (``calendar.minus_months``),
  so a plan started on 31 December 2012 counts at 31 December 2014.
* **Conferences**: ``icpc_children`` = distinct children with a conference dated in M;
  ``icpc_to_plan`` = of them, those with a conference in M whose outcome flag is Y.
  ``icpc_within_15wd_pct`` counts conferences (records) dated in M whose
  ``icpc_s47_enquiry_id`` finds an enquiry with a start date; in time when
  ``wd(s47 start, conference date) <= params["icpc_timescale_wd"]`` (default 15).
* **Visits**: children on a plan at the end of M whose current plan started more than the
  interval before it (``wd(start, end of M) > params["cp_visit_interval_wd"]``, default 10);
  in time when the child (matched by ``person_id``, on any plan) has a visit where they were
  seen (blank = seen) dated on or before the end of M with ``wd(visit, end of M) <= interval``.

Months: each family of ids is written for the months of the 24 that its table covers (from
the month of its first record onwards, ``frames.covered_months``); within them a month with
no records gives 0 counts and NaN percentages.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from boardpack.calendar import minus_months, month_ends, twelve_months_to, working_days
from boardpack.indicators.frames import (
    combine,
    counts_by_month,
    covered_months,
    open_by_month,
    percent,
    tidy,
)
from boardpack.indicators.population import per_10k, population_by_month
from boardpack.sources.extract import Extract

# Conferences and plans are independent tables: either alone gives its own indicators (the
# reader's notes say which table is absent).
REQUIRES: tuple[str, ...] = ()
# every table read here (a run computes this domain in its worker process, sent these alone)
READS = ("ssd_s47_enquiry", "ssd_initial_cp_conference", "ssd_cp_plans", "ssd_cp_visits", "ext_population")

CATEGORY_WORDS = {
    "NEG": "Neglect",
    "PHY": "Physical abuse",
    "EMO": "Emotional abuse",
    "SAB": "Sexual abuse",
    "MUL": "Multiple",
}
CATEGORIES = list(CATEGORY_WORDS.values())

DEFAULT_ICPC_TIMESCALE_WD = 15
DEFAULT_VISIT_INTERVAL_WD = 10


# ---------------------------------------------------------------------------------------------
# plans


def plan_history(table: pd.DataFrame) -> pd.DataFrame:
    """Plans with a child and a start date, one row each, with what their history says.

    Columns: ``plan, person, start, end, category`` (the word, NaN when not recorded),
    ``earlier_start`` (start of the latest earlier plan that ended on or before this plan
    started; NaT if none) and ``has_prior`` (the child had another plan that started before
    this one).
    """
    latest = table["cppl_cp_plan_latest_category"].astype("object")
    initial = table["cppl_cp_plan_initial_category"].astype("object")
    category = latest.where(latest.isin(list(CATEGORY_WORDS)), initial)
    plans = pd.DataFrame(
        {
            "plan": table["cppl_cp_plan_id"].astype("object"),
            "person": table["cppl_person_id"].astype("object"),
            "start": table["cppl_cp_plan_start_date"],
            "end": table["cppl_cp_plan_end_date"],
            "category": category.map(CATEGORY_WORDS),
        }
    )
    plans = plans.loc[plans["person"].notna() & plans["start"].notna()].reset_index(drop=True)
    left = plans[["person", "start"]].reset_index(names="cur")
    right = (
        plans[["person", "start", "end"]]
        .reset_index(names="prev")
        .rename(columns={"start": "start_prev", "end": "end_prev"})
    )
    pairs = left.merge(right, on="person")
    pairs = pairs.loc[pairs["cur"] != pairs["prev"]]
    ended = pairs.loc[
        pairs["end_prev"].notna() & (pairs["end_prev"] <= pairs["start"]) & (pairs["start_prev"] <= pairs["start"])
    ]
    plans["earlier_start"] = ended.groupby("cur")["start_prev"].max().reindex(plans.index)
    before = pairs.loc[pairs["start_prev"] < pairs["start"], "cur"]
    plans["has_prior"] = plans.index.isin(before.to_numpy())
    return plans


def open_plans(plans: pd.DataFrame, months: pd.PeriodIndex) -> pd.DataFrame:
    """Long frame: one row per plan open at the end of each month (``month``, ``month_end``)."""
    if not len(months) or plans.empty:
        return plans.iloc[:0].assign(month=pd.Series(dtype="period[M]"), month_end=pd.Series(dtype="datetime64[ns]"))
    matrix = open_by_month(plans, "start", "end", months).to_numpy(dtype=bool)
    rows, cols = np.nonzero(matrix)
    ends = month_ends(months)
    long = plans.iloc[rows].reset_index(drop=True)
    long["month"] = pd.PeriodIndex(months[cols], freq="M")
    long["month_end"] = ends[cols].to_numpy()
    return long


def current_plans(long: pd.DataFrame) -> pd.DataFrame:
    """One row per child and month: the open plan with the latest start (ties: greatest id)."""
    ordered = long.sort_values(["month", "person", "start", "plan"], kind="stable", na_position="first")
    return ordered.drop_duplicates(["month", "person"], keep="last").reset_index(drop=True)


def _count(frame: pd.DataFrame, months: pd.PeriodIndex) -> pd.Series:
    return frame.groupby("month").size().reindex(months, fill_value=0).astype("int64")


def _count_by(frame: pd.DataFrame, column: str, months: pd.PeriodIndex, labels=None) -> pd.DataFrame:
    counts = frame.dropna(subset=[column]).groupby(["month", column]).size()
    wide = counts.unstack(column, fill_value=0) if len(counts) else pd.DataFrame(index=months[:0])
    columns = list(labels) if labels is not None else sorted(wide.columns)
    wide = wide.reindex(index=months, columns=columns, fill_value=0).fillna(0).astype("int64")
    wide.index.name = None
    wide.columns = pd.Index([str(c) for c in wide.columns], dtype="str")
    return wide


def plan_indicators(extract: Extract, months: pd.PeriodIndex, params: dict) -> pd.DataFrame:
    """``cp_plans_open`` (and category), ``cp_rate_per_10k``, ``cp_plans_started``,
    ``cp_plans_ended``, ``cp_repeat_open`` (and year), ``cp_repeat_open_pct`` (year),
    ``cp_repeat_starts_pct_12m``, ``cp_open_2yrs_pct``, ``cp_visits_in_timescale_pct``."""
    table = extract.get("ssd_cp_plans")
    if table is None:
        return combine([])
    covered = covered_months(months, table["cppl_cp_plan_start_date"])
    if not len(covered):
        return combine([])
    plans = plan_history(table)
    long = open_plans(plans, covered)
    current = current_plans(long)
    out = []

    # children on plans, by category, and per 10,000
    children = _count(current, covered)
    out.append(tidy("cp_plans_open", children))
    out.append(tidy("cp_plans_open", _count_by(current, "category", covered, CATEGORIES)))
    population, _notes = population_by_month(extract, covered)
    out.append(tidy("cp_rate_per_10k", per_10k(children, population), children, population))

    # plans started and ended (records)
    out.append(tidy("cp_plans_started", counts_by_month(table, "cppl_cp_plan_start_date", covered).iloc[:, 0]))
    out.append(tidy("cp_plans_ended", counts_by_month(table, "cppl_cp_plan_end_date", covered).iloc[:, 0]))

    # repeat plans open, by the start year of the latest earlier plan
    repeat = current.loc[current["earlier_start"].notna()]
    repeat = repeat.assign(year=repeat["earlier_start"].dt.year.astype("int64").astype("str"))
    repeat_all = _count(repeat, covered)
    by_year = _count_by(repeat, "year", covered)
    out.append(tidy("cp_repeat_open", repeat_all))
    out.append(tidy("cp_repeat_open", by_year))
    if by_year.shape[1]:
        denominator = pd.DataFrame({c: repeat_all for c in by_year.columns}, index=covered)
        out.append(percent("cp_repeat_open_pct", by_year, denominator))

    # second or subsequent plans started in the 12 months to M (records)
    starts, repeats = [], []
    for month in covered:
        first, last = twelve_months_to(month)
        window = plans["start"].between(first, last)
        starts.append(int(window.sum()))
        repeats.append(int((window & plans["has_prior"]).sum()))
    out.append(percent("cp_repeat_starts_pct_12m", pd.Series(repeats, index=covered), pd.Series(starts, index=covered)))

    # plans (records) open two years or more
    threshold = minus_months(long["month_end"], 24)
    long_2yrs = long.loc[long["start"] <= threshold]
    out.append(percent("cp_open_2yrs_pct", _count(long_2yrs, covered), _count(long, covered)))

    out.append(visit_indicators(extract, covered, current, params))
    return combine(out)


def visit_indicators(extract: Extract, months: pd.PeriodIndex, current: pd.DataFrame, params: dict):
    """``cp_visits_in_timescale_pct`` from the children's current plans (see the module readings)."""
    visits = extract.get("ssd_cp_visits")
    if visits is None:
        return None
    covered = covered_months(months, visits["cppv_cp_visit_date"])
    if not len(covered):
        return None
    interval = params.get("cp_visit_interval_wd", DEFAULT_VISIT_INTERVAL_WD)
    current = current.loc[current["month"].isin(covered)]
    due = current.loc[working_days(current["start"], current["month_end"]) > interval]
    due = due[["person", "month", "month_end"]]
    seen = visits["cppv_cp_visit_seen"].fillna(True).astype(bool)
    seen_visits = (
        pd.DataFrame(
            {
                "person": visits["cppv_person_id"].astype("object"),
                "visit": visits["cppv_cp_visit_date"],
            }
        )
        .loc[seen.to_numpy()]
        .dropna()
        .sort_values("visit")
    )
    # The latest seen visit on or before the end of M is the one nearest it in working days.
    matched = pd.merge_asof(
        due.sort_values("month_end").astype({"month_end": "datetime64[ns]"}),
        seen_visits.astype({"visit": "datetime64[ns]"}),
        left_on="month_end",
        right_on="visit",
        by="person",
        direction="backward",
    )
    in_time = matched.loc[working_days(matched["visit"], matched["month_end"]) <= interval]
    return percent("cp_visits_in_timescale_pct", _count(in_time, covered), _count(due, covered))


# ---------------------------------------------------------------------------------------------
# initial child protection conferences


def conference_indicators(extract: Extract, months: pd.PeriodIndex, params: dict) -> pd.DataFrame:
    """``icpc_children``, ``icpc_to_plan``, ``icpc_to_plan_pct``, ``icpc_within_15wd_pct``."""
    table = extract.get("ssd_initial_cp_conference")
    if table is None:
        return combine([])
    covered = covered_months(months, table["icpc_icpc_date"])
    if not len(covered):
        return combine([])
    date, person = "icpc_icpc_date", "icpc_person_id"
    with_child = table.loc[table[person].notna()]
    children = counts_by_month(with_child, date, covered, distinct=person).iloc[:, 0]
    to_plan_rows = with_child.loc[with_child["icpc_icpc_outcome_cp_flag"].fillna(False).astype(bool).to_numpy()]
    to_plan = counts_by_month(to_plan_rows, date, covered, distinct=person).iloc[:, 0]
    out = [
        tidy("icpc_children", children),
        tidy("icpc_to_plan", to_plan),
        percent("icpc_to_plan_pct", to_plan, children),
    ]

    enquiries = extract.get("ssd_s47_enquiry")
    if enquiries is not None:
        timescale = params.get("icpc_timescale_wd", DEFAULT_ICPC_TIMESCALE_WD)
        starts = (
            enquiries.dropna(subset=["s47e_s47_enquiry_id", "s47e_s47_start_date"])
            .drop_duplicates("s47e_s47_enquiry_id")
            .set_index("s47e_s47_enquiry_id")["s47e_s47_start_date"]
        )
        linked = table.assign(_s47_start=table["icpc_s47_enquiry_id"].map(starts))
        linked = linked.loc[linked["_s47_start"].notna()]
        in_time = linked.loc[(working_days(linked["_s47_start"], linked[date]) <= timescale).to_numpy()]
        out.append(
            percent(
                "icpc_within_15wd_pct",
                counts_by_month(in_time, date, covered).iloc[:, 0],
                counts_by_month(linked, date, covered).iloc[:, 0],
            )
        )
    return combine(out)


def indicators(extract: Extract, months: pd.PeriodIndex, params: dict) -> pd.DataFrame:
    """Every child protection indicator of this module for ``months`` (see the module docstring)."""
    return combine([conference_indicators(extract, months, params), plan_indicators(extract, months, params)])
