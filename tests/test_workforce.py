"""Workforce indicators and tables on small frames worked out by hand."""

import math

import pandas as pd
import pytest

from boardpack.indicators import workforce as wf
from boardpack.sources.extract import Extract

MONTHS = pd.period_range(end="2014-12", periods=24, freq="M")


def staff(rows):
    return pd.DataFrame(
        [(pd.Timestamp(a), t, r, p, i) for a, t, r, p, i in rows],
        columns=["wkf_as_at", "wkf_team", "wkf_role", "wkf_permanent_fte", "wkf_interim_fte"],
    )


def budget(rows):
    return pd.DataFrame(
        [(pd.Timestamp(a), t, b, n) for a, t, b, n in rows],
        columns=["wkb_as_at", "wkb_team", "wkb_budget_fte", "wkb_new_starters_fte"],
    )


WORKFORCE = staff(
    [
        ("2012-06-30", "North", "social_worker", 5, 1),  # a snapshot older than the 24 months: still reported
        ("2014-12-31", "North", "social_worker", 4, 2),
        ("2014-12-31", "North", "social_worker", 1, 0),  # a repeated row is added to the first
        ("2014-12-31", "North", "team_manager", 1, 0),
        ("2014-12-31", "South", "social_worker", 0, 0),  # no staff at all: interim % blank
        ("2015-01-31", "North", "social_worker", 9, 9),  # after the reporting month: not reported
    ]
)


def pick(frame, indicator_id, breakdown, when="2014-12-31"):
    rows = frame.loc[
        (frame["indicator_id"] == indicator_id)
        & (frame["breakdown"] == breakdown)
        & (frame["period_end"] == pd.Timestamp(when))
    ]
    assert len(rows) == 1, (indicator_id, breakdown, when)
    return rows.iloc[0]


@pytest.fixture(scope="module")
def frame():
    plan = budget(
        [
            ("2014-12-31", "North", 10.0, None),
            ("2014-12-31", "South", 2.0, 0.5),
            ("2014-12-31", "East", 3.0, 1.0),  # in the budget, no staff rows: 0 staff
            ("2014-11-30", "North", 9.0, 0.0),
        ]
    )  # no HR snapshot that day: not used
    return wf.indicators(Extract(tables={"ext_workforce": WORKFORCE, "ext_workforce_budget": plan}), MONTHS, {})


def test_snapshots_reported(frame):
    assert sorted(frame["period_end"].unique()) == [pd.Timestamp("2012-06-30"), pd.Timestamp("2014-12-31")]


def test_team_role_slices_and_totals(frame):
    assert pick(frame, "wf_permanent_fte", "North|social_worker")["value"] == 5  # 4 + 1
    assert pick(frame, "wf_interim_fte", "North|social_worker")["value"] == 2
    assert pick(frame, "wf_permanent_fte", "North|all")["value"] == 6
    assert pick(frame, "wf_permanent_fte", "Total|social_worker")["value"] == 5
    assert pick(frame, "wf_interim_fte", "Total|all")["value"] == 2
    row = pick(frame, "wf_interim_pct", "North|social_worker")
    assert row["value"] == pytest.approx(100 * 2 / 7) and (row["numerator"], row["denominator"]) == (2, 7)
    assert pick(frame, "wf_interim_pct", "Total|all")["value"] == pytest.approx(100 * 2 / 8)
    assert pick(frame, "wf_interim_pct", "North|team_manager")["value"] == 0
    assert math.isnan(pick(frame, "wf_interim_pct", "South|social_worker")["value"])
    assert math.isnan(pick(frame, "wf_interim_pct", "South|all")["value"])
    # a role nobody holds in a team is not a slice
    assert (frame["breakdown"] == "South|team_manager").sum() == 0
    # the old snapshot
    assert pick(frame, "wf_interim_pct", "Total|all", "2012-06-30")["value"] == pytest.approx(100 / 6)


def test_over_under(frame):
    # North: 10 - (6 + 2 + 0 blank new starters) = 2; South: 2 - (0 + 0 + 0.5) = 1.5; East: 3 - 1 = 2
    assert pick(frame, "wf_over_under_fte", "North")["value"] == pytest.approx(2.0)
    assert pick(frame, "wf_over_under_fte", "South")["value"] == pytest.approx(1.5)
    assert pick(frame, "wf_over_under_fte", "East")["value"] == pytest.approx(2.0)
    assert pick(frame, "wf_over_under_fte", "Total")["value"] == pytest.approx(5.5)
    over = frame.loc[frame["indicator_id"] == "wf_over_under_fte"]
    assert set(over["period_end"]) == {pd.Timestamp("2014-12-31")}  # no budget for 2012; Nov budget has no HR


def test_no_budget_table():
    frame = wf.indicators(Extract(tables={"ext_workforce": WORKFORCE}), MONTHS, {})
    assert "wf_over_under_fte" not in set(frame["indicator_id"])


def test_tables():
    table = wf.team_role_table(WORKFORCE, "2014-12-31").set_index("Team")
    assert list(table.index) == ["North", "South", "Total"]
    assert math.isnan(table.loc["South", "Team managers: permanent"])  # blank, as the seed shows it
    assert table.loc["Total", "Grand total"] == 8
    history = wf.interim_history(WORKFORCE, up_to="2014-12-31")
    assert history["Snapshot"].tolist() == [pd.Timestamp("2012-06-30"), pd.Timestamp("2014-12-31")]
    assert history["All roles: interim %"].tolist() == pytest.approx([100 / 6, 25.0])
    assert wf.latest_snapshot(WORKFORCE, "2014-12") == pd.Timestamp("2014-12-31")
    assert wf.latest_snapshot(WORKFORCE, "2012-05") is None
    summary = wf.fte_summary(WORKFORCE, budget([("2014-12-31", "North", 10.0, None)]), "2014-12-31").set_index("Team")
    assert summary.loc["North", "Over/under headcount"] == 2.0
    assert math.isnan(summary.loc["South", "Over/under headcount"])  # no budget row
    assert summary.loc["Total", "Current total (FTE)"] == 8.0
    assert summary.loc["Total", "Over/under headcount"] == 2.0


def test_disagreements_absent_columns_and_tolerance():
    plain = Extract(
        tables={"ext_workforce": WORKFORCE, "ext_workforce_budget": budget([("2014-12-31", "North", 10, 0)])}
    )
    assert wf.workforce_disagreements(plain).empty
    plan = budget([("2014-12-31", "North", 10, 0), ("2014-12-31", "East", 3, 0)])
    plan["wkb_permanent_fte"] = [6.004, 1.0]  # North agrees to 2 dp; East has no HR rows (0)
    found = wf.workforce_disagreements(Extract(tables={"ext_workforce": WORKFORCE, "ext_workforce_budget": plan}))
    assert found[["team", "figure", "hr_value", "finance_value"]].values.tolist() == [
        ["East", "permanent FTE", 0.0, 1.0]
    ]


def test_chart_frames():
    shares = wf.interim_share_frame(WORKFORCE, "2014-12-31")
    assert list(shares.index) == [pd.Timestamp("2012-06-30"), pd.Timestamp("2014-12-31")]
    assert list(shares.columns) == ["Team managers", "Social workers", "All roles"]
    assert math.isnan(shares.loc[pd.Timestamp("2012-06-30"), "Team managers"])  # nobody in that role then
    plan = budget([("2014-12-31", "North", 10.0, None), ("2014-12-31", "South", 2.0, 0.5)])
    assert wf.over_under_by_team(WORKFORCE, plan, "2014-12-31").to_dict() == {"North": 2.0, "South": 1.5}
    assert wf.table_formats(wf.interim_history(WORKFORCE))["Snapshot"] == "{:%d/%m/%Y}"
