"""The seed report's workforce tables rebuilt from its own figures (seed-report.md, Herefordshire).

Every printed percentage (rounded to 1 decimal place), grand total and over/under headcount is
checked against the report as printed, not against the code's own output.
"""

import pandas as pd
import pytest

from boardpack.indicators import workforce as wf
from boardpack.sources.extract import Extract

Q3 = pd.Timestamp("2014-09-30")
ROLES = ("service_manager", "team_manager", "social_worker", "other")

# "Updated Data for Last Quarter (Q3) - 30/09/2014": team -> (permanent, interim) per role, None = blank.
SEED_Q3 = {
    "CIN North": [(1, 0), (3, 0), (6.49, 8), (1, 0)],
    "CIN South": [(1, 0), (1, 2), (7.19, 5.31), (2, 0)],
    "MASH": [(0, 1), (2, 0), (3, 7), (4.81, 0)],
    "LAC": [(1, 0), (1, 1), (11.23, 8), (1.99, 0)],
    "16+": [None, (1, 0), (3, 2), (7, 0)],
    "CWD": [None, (1, 0), (0, 5), (2.81, 0)],
    "Safeguarding": [None, None, None, (4.81, 4.61)],
    "Quality Assurance": [None, None, None, (1, 2)],
    "Adoption": [(1, 0), (0.61, 0), (5.31, 0), (2.26, 0.22)],
    "Fostering": [None, (2, 0), (7.45, 1.81), (1, 0)],
}
# The same table's printed percentages: SM, TM, SW, Other, All interim %, then the grand total.
SEED_Q3_PRINTED = {
    "CIN North": [0.0, 0.0, 55.2, 0.0, 41.0, 19.5],
    "CIN South": [0.0, 66.7, 42.5, 0.0, 39.5, 18.5],
    "MASH": [100.0, 0.0, 70.0, 0.0, 44.9, 17.8],
    "LAC": [0.0, 50.0, 41.6, 0.0, 37.2, 24.2],
    "16+": [None, 0.0, 40.0, 0.0, 15.4, 13.0],
    "CWD": [None, 0.0, 100.0, 0.0, 56.8, 8.8],
    "Safeguarding": [None, None, None, 48.9, 48.9, 9.4],
    "Quality Assurance": [None, None, None, 66.7, 66.7, 3.0],
    "Adoption": [0.0, 0.0, 0.0, 8.9, 2.3, 9.4],
    "Fostering": [None, 0.0, 19.5, 0.0, 14.8, 12.3],
    "Total": [20.0, 20.5, 45.9, 19.2, 35.3, 135.9],
}
SEED_Q3_TOTALS = {
    "Service managers": (4, 1),
    "Team managers": (11.61, 3),
    "Social workers": (43.67, 37.12),
    "Other roles": (28.68, 6.83),
    "All roles": (87.96, 47.95),
}

# "Historical Data": date -> team managers and social workers (permanent, interim); printed
# TM %, SW %, all %, grand total.
SEED_HISTORY = {
    "2012-10-31": ((13, 4), (50.28, 9), (23.5, 15.2, 17.0, 76.3)),
    "2013-03-31": ((11.59, 10.1), (51.93, 18), (46.6, 25.7, 30.7, 91.6)),
    "2013-04-30": ((9.59, 9), (53.24, 20), (48.4, 27.3, 31.6, 91.8)),
    "2014-03-31": ((11, 6), (48.75, 26.98), (35.3, 35.6, 35.6, 92.7)),
}

# "FTE Summaries ... 30/09/2014": employees, interims (the summary's own), new starters (blank = 0),
# budget; printed current total and over/under headcount.
SEED_SUMMARY = {
    "CIN North": (11.49, 7.00, 1.00, 20.99, 19.49, 1.50),
    "CIN South": (11.19, 7.31, None, 20.59, 18.50, 2.09),
    "MASH": (9.81, 5.00, 3.00, 13.81, 17.81, -4.00),
    "LAC": (15.22, 9.00, None, 24.59, 24.22, 0.37),
    "16+": (11.00, 2.00, None, 13.00, 13.00, 0.00),
    "CWD": (3.81, 5.00, None, 5.62, 8.81, -3.19),
    "Safeguarding": (4.81, 4.61, None, 8.19, 9.42, -1.23),
    "Quality Assurance": (1.00, 2.00, None, 3.00, 3.00, 0.00),
    "Adoption": (9.18, 0.22, None, 11.43, 9.40, 2.03),
    "Fostering": (10.45, 1.81, 2.00, 12.42, 14.26, -1.84),
}
SEED_SUMMARY_TOTAL = (87.96, 43.95, 137.91, 133.64, -4.27)


def q3_workforce() -> pd.DataFrame:
    rows = [
        (Q3, team, role, pair[0], pair[1])
        for team, pairs in SEED_Q3.items()
        for role, pair in zip(ROLES, pairs)
        if pair is not None
    ]
    return pd.DataFrame(rows, columns=["wkf_as_at", "wkf_team", "wkf_role", "wkf_permanent_fte", "wkf_interim_fte"])


def summary_budget(with_finance_figures=False) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "wkb_as_at": Q3,
            "wkb_team": list(SEED_SUMMARY),
            "wkb_budget_fte": [v[3] for v in SEED_SUMMARY.values()],
            "wkb_new_starters_fte": [float("nan") if v[2] is None else v[2] for v in SEED_SUMMARY.values()],
        }
    )
    if with_finance_figures:
        frame["wkb_permanent_fte"] = [v[0] for v in SEED_SUMMARY.values()]
        frame["wkb_interim_fte"] = [v[1] for v in SEED_SUMMARY.values()]
    return frame


def r1(v):
    return None if pd.isna(v) else round(float(v) + 1e-9, 1)


def test_q3_table_percentages_and_totals():
    table = wf.team_role_table(q3_workforce()).set_index("Team")
    assert list(table.index) == list(SEED_Q3) + ["Total"]
    labels = ["Service managers", "Team managers", "Social workers", "Other roles", "All roles"]
    for team, printed in SEED_Q3_PRINTED.items():
        got = [r1(table.loc[team, f"{label}: interim %"]) for label in labels] + [r1(table.loc[team, "Grand total"])]
        assert got == printed, team
    for label, (permanent, interim) in SEED_Q3_TOTALS.items():
        assert table.loc["Total", f"{label}: permanent"] == pytest.approx(permanent)
        assert table.loc["Total", f"{label}: interim"] == pytest.approx(interim)


def test_q3_indicators():
    extract = Extract(tables={"ext_workforce": q3_workforce()})
    frame = wf.indicators(extract, pd.period_range(end="2014-12", periods=24, freq="M"), {})
    pct = frame.loc[frame["indicator_id"] == "wf_interim_pct"].set_index("breakdown")["value"]
    assert r1(pct["CIN North|social_worker"]) == 55.2
    assert r1(pct["CIN North|all"]) == 41.0
    assert r1(pct["MASH|all"]) == 44.9
    assert r1(pct["Total|social_worker"]) == 45.9
    assert r1(pct["Total|all"]) == 35.3
    assert "16+|service_manager" not in pct.index  # blank in the seed: no such slice


def test_history_percentages():
    rows = []
    for date, (tm, sw, _) in SEED_HISTORY.items():
        rows += [
            (pd.Timestamp(date), "Children's social care", "team_manager", *tm),
            (pd.Timestamp(date), "Children's social care", "social_worker", *sw),
        ]
    workforce = pd.DataFrame(
        rows, columns=["wkf_as_at", "wkf_team", "wkf_role", "wkf_permanent_fte", "wkf_interim_fte"]
    )
    history = wf.interim_history(workforce)
    assert history["Snapshot"].tolist() == [pd.Timestamp(d) for d in SEED_HISTORY]
    assert "Service managers: interim %" not in history  # no service managers in these snapshots
    for (_, (_, _, printed)), (_, row) in zip(SEED_HISTORY.items(), history.iterrows()):
        got = (
            r1(row["Team managers: interim %"]),
            r1(row["Social workers: interim %"]),
            r1(row["All roles: interim %"]),
            r1(row["Grand total"]),
        )
        assert got == printed


def test_fte_summary_from_its_own_columns():
    # the summary's own employees and interims (7.00 for CIN North, 5.00 for MASH)
    workforce = pd.DataFrame(
        [(Q3, team, "other", v[0], v[1]) for team, v in SEED_SUMMARY.items()],
        columns=["wkf_as_at", "wkf_team", "wkf_role", "wkf_permanent_fte", "wkf_interim_fte"],
    )
    summary = wf.fte_summary(workforce, summary_budget()).set_index("Team")
    for team, (_, _, _, _, current, over_under) in SEED_SUMMARY.items():
        assert round(summary.loc[team, "Current total (FTE)"], 2) == current, team
        assert round(summary.loc[team, "Over/under headcount"], 2) == over_under, team
    employees, interims, current, budget, over_under = SEED_SUMMARY_TOTAL
    total = summary.loc["Total"]
    assert round(total["Employees (FTE)"], 2) == employees
    assert round(total["Interims (FTE)"], 2) == interims
    assert round(total["Current total (FTE)"], 2) == current
    assert round(total["Budget"], 2) == budget
    assert round(total["Over/under headcount"], 2) == over_under


def test_over_under_uses_hr_figures_and_disagreements_found():
    # HR has 8 interims in CIN North and MASH; the finance summary says 7.00 and 5.00
    extract = Extract(tables={"ext_workforce": q3_workforce(), "ext_workforce_budget": summary_budget(True)})
    frame = wf.indicators(extract, pd.period_range(end="2014-12", periods=24, freq="M"), {})
    over = frame.loc[frame["indicator_id"] == "wf_over_under_fte"].set_index("breakdown")["value"]
    assert round(over["CIN North"], 2) == 0.50  # 20.99 - (11.49 + 8 + 1)
    assert round(over["MASH"], 2) == -7.00  # 13.81 - (9.81 + 8 + 3)
    assert round(over["LAC"], 2) == 0.37
    assert round(over["Total"], 2) == -8.27  # -4.27 less the 4 interims finance did not count
    found = wf.workforce_disagreements(extract)
    assert found[["team", "figure", "hr_value", "finance_value"]].values.tolist() == [
        ["CIN North", "interim FTE", 8.0, 7.0],
        ["MASH", "interim FTE", 8.0, 5.0],
    ]
    assert (found["snapshot"] == Q3).all()
