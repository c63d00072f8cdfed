"""Workforce: permanent and interim staff by team and role, interim share, FTE against budget.

Catalogue ids (``shared/spec/indicators.md``, "Workforce"; period = the snapshot date
``wkf_as_at``, every snapshot up to the end of the reporting month, not only the 24 months):

* ``wf_permanent_fte``, ``wf_interim_fte``, ``wf_interim_pct`` by ``team|role``, with team
  ``Total`` and role ``all`` for the totals (``CIN North|social_worker``, ``CIN North|all``,
  ``Total|social_worker``, ``Total|all``). Only the team/role pairs that have a row in the
  snapshot are reported (a team without service managers has no ``|service_manager`` slice);
  rows repeated for one snapshot, team and role are added up.
  ``wf_interim_pct = 100 * interim / (permanent + interim)``, NaN where both are 0.
* ``wf_over_under_fte`` by team and ``Total``: ``budget - (permanent + interim + new starters)``
  over all roles, for each team with an ``ext_workforce_budget`` row dated on the snapshot date
  (a team in the budget without staff rows in that snapshot has 0 staff). ``Total`` adds up the
  teams with a budget row, so it is the sum of the teams' figures. Positive = fewer staff than
  the budget (vacancies), negative = more. The staff figures are HR's (``ext_workforce``), even
  where the finance summary carries its own (see :func:`workforce_disagreements`).

Readings made here (the catalogue does not say): where HR (``ext_workforce``) and the finance
summary disagree on staff numbers, HR's figures are used; the over/under ``Total`` adds up only the
teams with a budget row on the snapshot date.

The two tables of the seed report are built by :func:`team_role_table` (one snapshot, teams by
role: permanent, interim, interim as % of the total, with a Total row and an all-roles column),
:func:`interim_history` (the Total row of every snapshot) and :func:`fte_summary` (employees,
interims, confirmed new starters, current total, budget, over/under headcount).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from boardpack.calendar import month_end
from boardpack.indicators import frames
from boardpack.sources.extract import Extract

REQUIRES = ("ext_workforce",)

ROLES = ("service_manager", "team_manager", "social_worker", "other")
ALL_ROLES = "all"
TOTAL_TEAM = "Total"
ROLE_LABELS = {
    "service_manager": "Service managers",
    "team_manager": "Team managers",
    "social_worker": "Social workers",
    "other": "Other roles",
    ALL_ROLES: "All roles",
}
_TOLERANCE = 0.005  # FTE: figures that round to the same two decimals agree


# ---------------------------------------------------------------------------------------------
# sums by snapshot, team and role


def _clean(workforce: pd.DataFrame, up_to=None) -> pd.DataFrame:
    data = workforce.dropna(subset=["wkf_as_at", "wkf_team", "wkf_role"])
    if up_to is not None:
        data = data.loc[data["wkf_as_at"] <= pd.Timestamp(up_to)]
    return data.assign(
        wkf_team=data["wkf_team"].astype("str").str.strip(),
        wkf_permanent_fte=data["wkf_permanent_fte"].astype("float").fillna(0.0),
        wkf_interim_fte=data["wkf_interim_fte"].astype("float").fillna(0.0),
    )


def staff_sums(workforce: pd.DataFrame, up_to=None) -> pd.DataFrame:
    """Permanent and interim FTE by snapshot, team and role, with ``Total`` team and ``all`` role.

    Columns ``as_at, team, role, permanent, interim, total, interim_pct``; teams in order of
    first appearance, roles in the contract's order; only pairs present in the snapshot.
    """
    data = _clean(workforce, up_to)
    columns = ["as_at", "team", "role", "permanent", "interim"]
    if data.empty:
        return pd.DataFrame(columns=columns + ["total", "interim_pct"])
    data = data.rename(
        columns={
            "wkf_as_at": "as_at",
            "wkf_team": "team",
            "wkf_role": "role",
            "wkf_permanent_fte": "permanent",
            "wkf_interim_fte": "interim",
        }
    )
    values = ["permanent", "interim"]
    by_role = data.groupby(["as_at", "team", "role"], sort=False)[values].sum().reset_index()
    by_team = data.groupby(["as_at", "team"], sort=False)[values].sum().reset_index().assign(role=ALL_ROLES)
    total_role = data.groupby(["as_at", "role"], sort=False)[values].sum().reset_index().assign(team=TOTAL_TEAM)
    total = data.groupby(["as_at"], sort=False)[values].sum().reset_index().assign(team=TOTAL_TEAM, role=ALL_ROLES)
    sums = pd.concat([by_role, by_team, total_role, total], ignore_index=True)[columns]
    team_order = {t: i for i, t in enumerate(list(pd.unique(data["team"])) + [TOTAL_TEAM])}
    role_order = {r: i for i, r in enumerate(list(ROLES) + [ALL_ROLES])}
    sums = (
        sums.assign(_t=sums["team"].map(team_order), _r=sums["role"].map(role_order).fillna(len(ROLES)))
        .sort_values(["as_at", "_t", "_r"], kind="stable")
        .drop(columns=["_t", "_r"])
        .reset_index(drop=True)
    )
    sums["total"] = sums["permanent"] + sums["interim"]
    sums["interim_pct"] = frames.ratio(sums["interim"], sums["total"])
    return sums


def _budget(budget: pd.DataFrame | None, up_to=None) -> pd.DataFrame:
    """Budget and new starters by snapshot and team (rows for one snapshot and team added up)."""
    columns = ["as_at", "team", "budget", "new_starters"]
    if budget is None or budget.empty:
        return pd.DataFrame(columns=columns)
    data = budget.dropna(subset=["wkb_as_at", "wkb_team"])
    if up_to is not None:
        data = data.loc[data["wkb_as_at"] <= pd.Timestamp(up_to)]
    new_starters = data["wkb_new_starters_fte"] if "wkb_new_starters_fte" in data else pd.Series(0.0, index=data.index)
    data = pd.DataFrame(
        {
            "as_at": data["wkb_as_at"],
            "team": data["wkb_team"].astype("str").str.strip(),
            "budget": data["wkb_budget_fte"].astype("float"),
            "new_starters": new_starters.astype("float").fillna(0.0),
        }
    )
    return data.groupby(["as_at", "team"], sort=False).sum(min_count=1).reset_index()


def over_under(workforce: pd.DataFrame, budget: pd.DataFrame | None, up_to=None) -> pd.DataFrame:
    """Over/under headcount by snapshot and team (and ``Total``), where a budget row exists.

    Columns ``as_at, team, permanent, interim, new_starters, current, budget, over_under``.
    """
    sums = staff_sums(workforce, up_to)
    staff = sums.loc[
        (sums["role"] == ALL_ROLES) & (sums["team"] != TOTAL_TEAM), ["as_at", "team", "permanent", "interim"]
    ]
    plan = _budget(budget, up_to)
    plan = plan.loc[plan["as_at"].isin(staff["as_at"])]
    columns = ["as_at", "team", "permanent", "interim", "new_starters", "current", "budget", "over_under"]
    if plan.empty:
        return pd.DataFrame(columns=columns)
    rows = plan.merge(staff, on=["as_at", "team"], how="left")
    rows[["permanent", "interim"]] = rows[["permanent", "interim"]].fillna(0.0)
    rows["current"] = rows["permanent"] + rows["interim"] + rows["new_starters"]
    rows["over_under"] = rows["budget"] - rows["current"]
    total = (
        rows.groupby("as_at", sort=False)[["permanent", "interim", "new_starters", "current", "budget", "over_under"]]
        .sum(min_count=1)
        .reset_index()
        .assign(team=TOTAL_TEAM)
    )
    out = pd.concat([rows, total], ignore_index=True)[columns]
    return out.sort_values("as_at", kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# indicators


def _frame(indicator_id: str, period_end, breakdown, value, numerator=None, denominator=None) -> pd.DataFrame:
    n = len(value)
    return pd.DataFrame(
        {
            "indicator_id": indicator_id,
            "period_end": pd.to_datetime(pd.Series(period_end, dtype="datetime64[ns]")).to_numpy(),
            "breakdown": pd.Series(breakdown, dtype="str").to_numpy(),
            "value": np.asarray(value, dtype="float"),
            "numerator": np.full(n, np.nan) if numerator is None else np.asarray(numerator, dtype="float"),
            "denominator": np.full(n, np.nan) if denominator is None else np.asarray(denominator, dtype="float"),
        }
    )[frames.INDICATOR_COLUMNS]


def indicators(extract: Extract, months: pd.PeriodIndex, params: dict) -> pd.DataFrame:
    """The workforce indicators for every snapshot up to the end of the last month."""
    up_to = month_end(months[-1])
    sums = staff_sums(extract.get("ext_workforce"), up_to)
    if sums.empty:
        return frames.empty()
    label = sums["team"] + "|" + sums["role"]
    parts = [
        _frame("wf_permanent_fte", sums["as_at"], label, sums["permanent"]),
        _frame("wf_interim_fte", sums["as_at"], label, sums["interim"]),
        _frame("wf_interim_pct", sums["as_at"], label, sums["interim_pct"], sums["interim"], sums["total"]),
    ]
    rows = over_under(extract.get("ext_workforce"), extract.get("ext_workforce_budget"), up_to)
    if len(rows):
        parts.append(_frame("wf_over_under_fte", rows["as_at"], rows["team"], rows["over_under"]))
    return frames.combine(parts)


# ---------------------------------------------------------------------------------------------
# the seed report's tables


def snapshots(workforce: pd.DataFrame | None, month=None) -> list[pd.Timestamp]:
    """Snapshot dates, oldest first (up to the end of ``month`` when given)."""
    if workforce is None or workforce.empty:
        return []
    dates = workforce["wkf_as_at"].dropna()
    if month is not None:
        dates = dates.loc[dates <= month_end(month)]
    return sorted(pd.unique(dates))


def latest_snapshot(workforce: pd.DataFrame | None, month=None) -> pd.Timestamp | None:
    """The latest snapshot on or before the end of ``month`` (None when there is none)."""
    dates = snapshots(workforce, month)
    return pd.Timestamp(dates[-1]) if dates else None


def _wide(sums: pd.DataFrame, index: str) -> pd.DataFrame:
    """Rows ``index`` (team or snapshot) by role: permanent, interim, interim % and grand total."""
    present = [r for r in ROLES if r in set(sums["role"])] + [ALL_ROLES]
    out = pd.DataFrame(index=pd.unique(sums[index]))
    for role in present:
        part = sums.loc[sums["role"] == role].set_index(index)
        label = ROLE_LABELS.get(role, role)
        out[f"{label}: permanent"] = part["permanent"].reindex(out.index)
        out[f"{label}: interim"] = part["interim"].reindex(out.index)
        out[f"{label}: interim %"] = part["interim_pct"].reindex(out.index)
    out["Grand total"] = sums.loc[sums["role"] == ALL_ROLES].set_index(index)["total"].reindex(out.index)
    return out


def team_role_table(workforce: pd.DataFrame, as_at=None) -> pd.DataFrame:
    """One snapshot (default: the latest): teams by role, with a Total row and an all-roles column.

    Columns ``Team``, then for each role present ``<Role>: permanent``, ``<Role>: interim``,
    ``<Role>: interim %`` (unrounded), then ``All roles: ...`` and ``Grand total``. A team without
    a role has blanks there, as in the seed report.
    """
    sums = staff_sums(workforce)
    if sums.empty:
        return pd.DataFrame(columns=["Team"])
    as_at = sums["as_at"].max() if as_at is None else pd.Timestamp(as_at)
    sums = sums.loc[sums["as_at"] == as_at]
    table = _wide(sums, "team")
    table.insert(0, "Team", table.index.astype("str"))
    return table.reset_index(drop=True)


def interim_history(workforce: pd.DataFrame, up_to=None) -> pd.DataFrame:
    """Every snapshot (up to ``up_to``): the Total row of :func:`team_role_table`, oldest first."""
    sums = staff_sums(workforce, up_to)
    if sums.empty:
        return pd.DataFrame(columns=["Snapshot"])
    sums = sums.loc[sums["team"] == TOTAL_TEAM].sort_values("as_at", kind="stable")
    # a role no team had in a snapshot is blank, not 0
    table = _wide(sums, "as_at")
    table.insert(0, "Snapshot", pd.DatetimeIndex(table.index))
    return table.reset_index(drop=True)


def fte_summary(workforce: pd.DataFrame, budget: pd.DataFrame | None, as_at=None) -> pd.DataFrame:
    """The FTE summary for one snapshot (default: the latest): one row per team and a Total.

    Columns ``Team``, ``Employees (FTE)`` (permanent), ``Interims (FTE)``, ``Confirmed new
    starters``, ``Current total (FTE)`` (the three added), ``Budget``, ``Over/under headcount``
    (``budget - current total``; blank for a team without a budget row). The Total row adds up
    the teams; its over/under is the sum of the teams' (teams with a budget row only).
    """
    sums = staff_sums(workforce)
    columns = [
        "Team",
        "Employees (FTE)",
        "Interims (FTE)",
        "Confirmed new starters",
        "Current total (FTE)",
        "Budget",
        "Over/under headcount",
    ]
    if sums.empty:
        return pd.DataFrame(columns=columns)
    as_at = sums["as_at"].max() if as_at is None else pd.Timestamp(as_at)
    staff = sums.loc[(sums["as_at"] == as_at) & (sums["role"] == ALL_ROLES) & (sums["team"] != TOTAL_TEAM)]
    plan = _budget(budget)
    plan = plan.loc[plan["as_at"] == as_at]
    rows = staff[["team", "permanent", "interim"]].merge(
        plan[["team", "budget", "new_starters"]], on="team", how="outer", sort=False
    )
    order = list(staff["team"]) + [t for t in plan["team"] if t not in set(staff["team"])]
    rows = rows.set_index("team").reindex(order).reset_index()
    rows[["permanent", "interim", "new_starters"]] = rows[["permanent", "interim", "new_starters"]].fillna(0.0)
    rows["current"] = rows["permanent"] + rows["interim"] + rows["new_starters"]
    rows["over_under"] = rows["budget"] - rows["current"]
    total = rows[["permanent", "interim", "new_starters", "current", "budget", "over_under"]].sum(min_count=1)
    rows = pd.concat([rows, total.to_frame().T.assign(team=TOTAL_TEAM)], ignore_index=True)
    out = rows[["team", "permanent", "interim", "new_starters", "current", "budget", "over_under"]]
    out.columns = columns
    for column in columns[1:]:
        out[column] = out[column].astype("float")
    return out.reset_index(drop=True)


def workforce_disagreements(extract: Extract) -> pd.DataFrame:
    """Where the finance FTE summary's own staff figures differ from HR's, snapshot by team.

    ``ext_workforce_budget`` may carry the finance summary's own ``wkb_permanent_fte`` and
    ``wkb_interim_fte`` (optional). Each is compared with ``ext_workforce``'s total over all
    roles for the same snapshot and team (a team absent from an HR snapshot has 0); snapshots
    HR does not hold are not compared. Figures differing by more than 0.005 FTE are listed.
    Columns ``snapshot, team, figure`` (``permanent FTE`` / ``interim FTE``), ``hr_value``,
    ``finance_value``. The over/under headcount always uses HR's figures.
    """
    columns = ["snapshot", "team", "figure", "hr_value", "finance_value"]
    workforce, budget = extract.get("ext_workforce"), extract.get("ext_workforce_budget")
    pairs = [("wkb_permanent_fte", "permanent", "permanent FTE"), ("wkb_interim_fte", "interim", "interim FTE")]
    if workforce is None or budget is None or not any(c in budget for c, _, _ in pairs):
        return pd.DataFrame(columns=columns)
    sums = staff_sums(workforce)
    staff = sums.loc[(sums["role"] == ALL_ROLES) & (sums["team"] != TOTAL_TEAM)]
    data = budget.dropna(subset=["wkb_as_at", "wkb_team"])
    data = data.assign(team=data["wkb_team"].astype("str").str.strip(), snapshot=data["wkb_as_at"])
    data = data.loc[data["snapshot"].isin(staff["as_at"])]
    found = []
    for column, hr_column, figure in pairs:
        if column not in data:
            continue
        finance = data.dropna(subset=[column]).groupby(["snapshot", "team"], sort=False)[column].sum().reset_index()
        merged = finance.merge(
            staff.rename(columns={"as_at": "snapshot"})[["snapshot", "team", hr_column]],
            on=["snapshot", "team"],
            how="left",
        )
        merged[hr_column] = merged[hr_column].fillna(0.0)
        differ = (merged[column].astype("float") - merged[hr_column]).abs() > _TOLERANCE
        found.append(
            pd.DataFrame(
                {
                    "snapshot": merged.loc[differ, "snapshot"],
                    "team": merged.loc[differ, "team"],
                    "figure": figure,
                    "hr_value": merged.loc[differ, hr_column].astype("float"),
                    "finance_value": merged.loc[differ, column].astype("float"),
                }
            )
        )
    found = [f for f in found if len(f)]
    if not found:
        return pd.DataFrame(columns=columns)
    return (
        pd.concat(found, ignore_index=True)
        .sort_values(["snapshot", "team", "figure"], kind="stable")
        .reset_index(drop=True)
    )


# ---------------------------------------------------------------------------------------------
# what the section shows


def table_formats(frame: pd.DataFrame) -> dict:
    """Display formats for the tables above: FTE to two decimals, shares to one, dates as dd/mm/yyyy."""
    formats = {}
    for column in frame.columns:
        if column == "Snapshot":
            formats[column] = "{:%d/%m/%Y}"
        elif column.endswith("%"):
            formats[column] = "{:.1f}"
        elif column != "Team":
            formats[column] = "{:.2f}"
    return formats


def interim_share_frame(workforce: pd.DataFrame, up_to=None) -> pd.DataFrame:
    """Interim share (%) by role at each snapshot: index the snapshot dates, one column per role."""
    history = interim_history(workforce, up_to)
    if history.empty:
        return pd.DataFrame()
    shares = {
        ROLE_LABELS[r]: history[f"{ROLE_LABELS[r]}: interim %"]
        for r in list(ROLES) + [ALL_ROLES]
        if f"{ROLE_LABELS[r]}: interim %" in history
    }
    return pd.DataFrame(shares).set_index(pd.DatetimeIndex(history["Snapshot"]))


def over_under_by_team(workforce: pd.DataFrame, budget: pd.DataFrame | None, as_at) -> pd.Series:
    """Over/under headcount by team at one snapshot (teams with a budget row), for a bar chart."""
    rows = over_under(workforce, budget)
    rows = rows.loc[(rows["as_at"] == pd.Timestamp(as_at)) & (rows["team"] != TOTAL_TEAM)]
    return rows.set_index("team")["over_under"].astype("float")
