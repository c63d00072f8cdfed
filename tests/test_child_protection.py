"""Child protection indicators (boardpack.indicators.child_protection), worked by hand from small frames.

Working days used below (England, wd(a, b) counts [a, b)):
* end of December 2014 is Wednesday 31st; Christmas Day and Boxing Day (Thu 25, Fri 26) are bank
  holidays, so counting back from 31 Dec: 30=1, 29=2, 24=3, 23=4, 22=5, 19=6, 18=7, 17=8, 16=9,
  15=10, 12=11 (Saturday 13 counts from Monday 15: 10).
* end of April 2014 is Wednesday 30th; Good Friday 18 and Easter Monday 21 April are bank
  holidays: 29=1, 28=2, 25=3, 24=4, 23=5, 22=6, 17=7, 16=8, 15=9, 14=10, 11=11.
* s47 start Monday 8 Dec 2014 to conference 31 Dec 2014: 8-12 (5), 15-19 (5), 22-24 (3), 29-30 (2) = 15.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from boardpack.calendar import report_months
from boardpack.indicators import child_protection as cp
from boardpack.indicators.frames import INDICATOR_COLUMNS
from boardpack.sources.extract import Extract
from helpers import figure_row

MONTHS = report_months("2014-12")
PARAMS = {"icpc_timescale_wd": 15, "cp_visit_interval_wd": 10}
OLD = "2012-06-01"  # an early plan so that the plans table covers all 24 months


def _dates(values):
    return pd.to_datetime(pd.Series(values, dtype="object"))


def plans(rows):
    """rows: (plan_id, person_id, start, end, initial, latest)."""
    rows = list(rows)
    return pd.DataFrame(
        {
            "cppl_cp_plan_id": pd.Series([r[0] for r in rows], dtype="str"),
            "cppl_person_id": pd.Series([r[1] for r in rows], dtype="str"),
            "cppl_cp_plan_start_date": _dates([r[2] for r in rows]),
            "cppl_cp_plan_end_date": _dates([r[3] for r in rows]),
            "cppl_cp_plan_initial_category": pd.Series([r[4] for r in rows], dtype="str"),
            "cppl_cp_plan_latest_category": pd.Series([r[5] for r in rows], dtype="str"),
        }
    )


def conferences(rows):
    """rows: (icpc_id, person_id, s47_id, date, outcome flag)."""
    rows = list(rows)
    return pd.DataFrame(
        {
            "icpc_icpc_id": pd.Series([r[0] for r in rows], dtype="str"),
            "icpc_person_id": pd.Series([r[1] for r in rows], dtype="str"),
            "icpc_s47_enquiry_id": pd.Series([r[2] for r in rows], dtype="str"),
            "icpc_icpc_date": _dates([r[3] for r in rows]),
            "icpc_icpc_outcome_cp_flag": pd.Series([r[4] for r in rows], dtype="boolean"),
            "icpc_icpc_target_date": _dates([None] * len(rows)),
        }
    )


def enquiries(rows):
    """rows: (enquiry_id, person_id, start)."""
    rows = list(rows)
    return pd.DataFrame(
        {
            "s47e_s47_enquiry_id": pd.Series([r[0] for r in rows], dtype="str"),
            "s47e_person_id": pd.Series([r[1] for r in rows], dtype="str"),
            "s47e_s47_start_date": _dates([r[2] for r in rows]),
            "s47e_s47_end_date": _dates([None] * len(rows)),
        }
    )


def visits(rows):
    """rows: (visit_id, person_id, plan_id, date, seen)."""
    rows = list(rows)
    return pd.DataFrame(
        {
            "cppv_cp_visit_id": pd.Series([r[0] for r in rows], dtype="str"),
            "cppv_person_id": pd.Series([r[1] for r in rows], dtype="str"),
            "cppv_cp_plan_id": pd.Series([r[2] for r in rows], dtype="str"),
            "cppv_cp_visit_date": _dates([r[3] for r in rows]),
            "cppv_cp_visit_seen": pd.Series([r[4] for r in rows], dtype="boolean"),
        }
    )


def population(rows):
    return pd.DataFrame({"popn_year": [r[0] for r in rows], "popn_age_0_17": [float(r[1]) for r in rows]})


def run(months=MONTHS, params=PARAMS, **tables):
    return cp.indicators(Extract(tables=tables), months, params)


def value(frame, indicator_id, month="2014-12", breakdown=""):
    return figure_row(frame, indicator_id, month, breakdown)


def v(frame, indicator_id, month="2014-12", breakdown=""):
    return float(value(frame, indicator_id, month, breakdown)["value"])


def test_conferences_without_plans_still_give_conference_figures():
    # Two conferences in December 2014 for two children, one leading to a plan: 2 children, 1 to a plan, 50%.
    out = run(
        ssd_initial_cp_conference=conferences(
            [("I1", "C1", None, "2014-12-03", True), ("I2", "C2", None, "2014-12-10", False)]
        )
    )
    assert value(out, "icpc_children")["value"] == 2
    assert value(out, "icpc_to_plan")["value"] == 1
    assert value(out, "icpc_to_plan_pct")["value"] == 50.0
    assert not (out["indicator_id"].str.startswith("cp_")).any()


# ---------------------------------------------------------------------------------------------
# children on plans


def test_frame_shape_and_requires():
    out = run(ssd_cp_plans=plans([("P1", "C1", OLD, None, "NEG", None)]))
    assert list(out.columns) == INDICATOR_COLUMNS
    assert cp.REQUIRES == ()
    # no conference, s47 or visit table: those ids are skipped, no error
    ids = set(out["indicator_id"])
    assert not {i for i in ids if i.startswith("icpc_")}
    assert "cp_visits_in_timescale_pct" not in ids
    assert {
        "cp_plans_open",
        "cp_rate_per_10k",
        "cp_plans_started",
        "cp_plans_ended",
        "cp_repeat_open",
        "cp_repeat_starts_pct_12m",
        "cp_open_2yrs_pct",
    } <= ids
    assert "cp_medicals" not in ids and "cp_and_looked_after" not in ids
    # 24 months covered
    assert out.loc[out["indicator_id"] == "cp_plans_open", "period_end"].nunique() == 24


def test_plan_ending_on_last_day_not_open_and_starting_on_last_day_open():
    out = run(
        ssd_cp_plans=plans(
            [
                ("P0", "C0", OLD, "2013-01-15", "NEG", None),  # makes the table cover all 24 months
                ("P1", "C1", "2014-11-01", "2014-12-31", "NEG", None),  # ends on 31 Dec: open at end Nov only
                ("P2", "C2", "2014-12-31", None, "PHY", None),  # starts on 31 Dec: open at end Dec
            ]
        )
    )
    assert v(out, "cp_plans_open", "2014-11") == 1
    assert v(out, "cp_plans_open", "2014-12") == 1
    assert v(out, "cp_plans_open", "2014-12", "Physical abuse") == 1
    assert v(out, "cp_plans_open", "2014-12", "Neglect") == 0
    assert v(out, "cp_plans_open", "2014-11", "Neglect") == 1
    # months with no plan open: 0, percentages NaN
    assert v(out, "cp_plans_open", "2014-06") == 0
    assert math.isnan(v(out, "cp_open_2yrs_pct", "2014-06"))
    assert v(out, "cp_plans_started", "2014-12") == 1
    assert v(out, "cp_plans_ended", "2014-12") == 1
    assert v(out, "cp_plans_started", "2014-06") == 0
    assert v(out, "cp_plans_ended", "2013-01") == 1


def test_child_with_two_overlapping_plans_counts_once_with_latest_category():
    out = run(
        ssd_cp_plans=plans(
            [
                ("P1", "C1", "2014-01-10", None, "NEG", "NEG"),
                ("P2", "C1", "2014-06-01", None, "EMO", None),  # latest start; no latest category -> initial
                ("P3", "C2", "2014-02-01", None, "NEG", "SAB"),  # latest category wins
                ("P4", "C3", "2014-02-01", None, "Unknown", None),  # not recorded: headline only
                ("P5", "C4", "2014-02-01", None, "PHY", "MUL"),
            ]
        )
    )
    assert v(out, "cp_plans_open") == 4
    dec = {b: v(out, "cp_plans_open", breakdown=b) for b in cp.CATEGORIES}
    assert dec == {"Neglect": 0, "Physical abuse": 0, "Emotional abuse": 1, "Sexual abuse": 1, "Multiple": 1}
    # in May C1 has only P1 open
    assert v(out, "cp_plans_open", "2014-05", "Neglect") == 1
    breakdowns = set(out.loc[out["indicator_id"] == "cp_plans_open", "breakdown"])
    assert breakdowns == {""} | set(cp.CATEGORIES)
    # coverage: from January 2014, the month of the first plan start
    months = out.loc[out["indicator_id"] == "cp_plans_open", "period_end"].dt.to_period("M")
    assert months.min() == pd.Period("2014-01", "M") and months.nunique() == 12


def test_rate_per_10k_and_zero_population():
    table = plans([("P1", "C1", OLD, None, "NEG", None), ("P2", "C2", "2013-06-10", None, "NEG", None)])
    out = run(ssd_cp_plans=table, ext_population=population([(2013, 400), (2014, 0)]))
    row = value(out, "cp_rate_per_10k", "2013-12")
    assert row["value"] == pytest.approx(2 / 400 * 10000)  # 50.0
    assert (row["numerator"], row["denominator"]) == (2, 400)
    assert v(out, "cp_rate_per_10k", "2013-05") == pytest.approx(1 / 400 * 10000)  # 25.0
    row = value(out, "cp_rate_per_10k", "2014-12")  # population 0: blank, never inf
    assert math.isnan(row["value"]) and row["numerator"] == 2
    # no population table at all: blank rates
    assert math.isnan(v(run(ssd_cp_plans=table), "cp_rate_per_10k"))


def test_repeat_plans_open_latest_earlier_plan_start_year():
    out = run(
        ssd_cp_plans=plans(
            [
                # C1: two earlier plans; the latest earlier one (started 2011) ended the day the current started
                ("A1", "C1", "2009-03-01", "2009-09-01", "NEG", None),
                ("A2", "C1", "2011-05-01", "2012-01-15", "NEG", None),
                ("A3", "C1", "2012-01-15", None, "NEG", None),
                # C2: earlier plan ended AFTER the current one started: not a repeat (for open plans)
                ("B1", "C2", "2013-06-01", "2014-03-01", "EMO", None),
                ("B2", "C2", "2014-02-01", None, "EMO", None),
                # C3: earlier plan in 2013, ended; current plan started 2014-10-01
                ("D1", "C3", "2013-02-01", "2013-08-01", "PHY", None),
                ("D2", "C3", "2014-10-01", None, "PHY", None),
                # C4: earlier plan 2014, current plan ended in Nov 2014
                ("E1", "C4", "2014-01-01", "2014-03-01", "PHY", None),
                ("E2", "C4", "2014-06-01", "2014-11-20", "PHY", None),
            ]
        )
    )
    assert v(out, "cp_plans_open") == 3
    assert v(out, "cp_repeat_open") == 2
    assert v(out, "cp_repeat_open", breakdown="2011") == 1
    assert v(out, "cp_repeat_open", breakdown="2013") == 1
    assert v(out, "cp_repeat_open", breakdown="2014") == 0
    assert v(out, "cp_repeat_open_pct", breakdown="2011") == pytest.approx(50.0)
    assert v(out, "cp_repeat_open_pct", breakdown="2014") == 0
    row = value(out, "cp_repeat_open_pct", breakdown="2013")
    assert (row["numerator"], row["denominator"]) == (1, 2)
    # October 2014: C1 (2011), C3 (2013), C4 (2014) are repeats
    assert v(out, "cp_repeat_open", "2014-10") == 3
    assert v(out, "cp_repeat_open_pct", "2014-10", "2014") == pytest.approx(100 / 3)
    # no percentage headline row; every breakdown is a year
    pct = out.loc[out["indicator_id"] == "cp_repeat_open_pct"]
    assert set(pct["breakdown"]) == {"2011", "2013", "2014"}


def test_repeat_pct_blank_when_no_repeats():
    out = run(
        ssd_cp_plans=plans(
            [
                ("A1", "C1", "2013-01-05", "2013-02-01", "NEG", None),
                ("A2", "C1", "2013-03-01", "2013-05-31", "NEG", None),
            ]
        )
    )
    assert v(out, "cp_repeat_open", "2013-04") == 1
    assert v(out, "cp_repeat_open_pct", "2013-04", "2013") == 100
    assert v(out, "cp_repeat_open", "2013-05") == 0  # plan ended 31 May: open at end April only
    assert math.isnan(v(out, "cp_repeat_open_pct", "2013-05", "2013"))


def test_repeat_starts_12_months():
    out = run(
        ssd_cp_plans=plans(
            [
                ("A1", "C1", "2012-02-01", "2012-05-01", "NEG", None),
                ("A2", "C1", "2014-01-01", None, "NEG", None),  # second plan: counts (window starts 1 Jan)
                ("B1", "C2", "2013-12-31", "2014-02-01", "NEG", None),  # starts before the window
                ("B2", "C2", "2014-01-15", None, "NEG", None),  # previous plan still open: still second
                ("C1", "C3", "2014-12-31", None, "NEG", None),  # first plan, last day of the month
                ("D1", "C4", "2014-05-01", None, "NEG", None),
                ("D2", "C4", "2014-05-01", None, "NEG", None),  # same day: neither is earlier
            ]
        )
    )
    row = value(out, "cp_repeat_starts_pct_12m")
    # window 1 Jan to 31 Dec 2014: A2, B2, C1, D1, D2 started; A2 and B2 had an earlier plan
    assert (row["numerator"], row["denominator"]) == (2, 5)
    assert row["value"] == pytest.approx(40.0)
    row = value(out, "cp_repeat_starts_pct_12m", "2013-12")  # Jan-Dec 2013: B1 only, first plan
    assert (row["numerator"], row["denominator"]) == (0, 1)
    row = value(out, "cp_repeat_starts_pct_12m", "2013-01")  # Feb 2012 - Jan 2013: A1, a first plan
    assert (row["numerator"], row["denominator"]) == (0, 1) and row["value"] == 0
    # Mar 2012 - Feb 2013: no plan started: blank
    assert math.isnan(v(out, "cp_repeat_starts_pct_12m", "2013-02"))


def test_open_two_years_or_more():
    out = run(
        ssd_cp_plans=plans(
            [
                ("A", "C1", "2012-12-31", None, "NEG", None),  # exactly 24 months at 31 Dec 2014: counts
                ("B", "C2", "2013-01-01", None, "NEG", None),  # a day short
                ("C", "C3", "2012-02-29", None, "NEG", None),  # leap day
                ("D", "C3", "2014-11-01", None, "NEG", None),  # same child, second plan: plans are records
            ]
        )
    )
    row = value(out, "cp_open_2yrs_pct")
    assert (row["numerator"], row["denominator"]) == (2, 4)  # A and C of A, B, C, D
    assert v(out, "cp_plans_open") == 3  # children
    # end of Feb 2014 minus 24 months = 28 Feb 2012: the plan started 29 Feb 2012 is not yet 2 years
    row = value(out, "cp_open_2yrs_pct", "2014-02")
    assert (row["numerator"], row["denominator"]) == (0, 3)
    row = value(out, "cp_open_2yrs_pct", "2014-03")  # 31 Mar 2012: counts now
    assert (row["numerator"], row["denominator"]) == (1, 3)


# ---------------------------------------------------------------------------------------------
# visits


def visit_case():
    table = plans(
        [
            ("P1", "C1", "2014-11-03", None, "NEG", None),  # due; seen 15 Dec = 10 wd: in
            ("P2", "C2", "2014-11-03", None, "NEG", None),  # due; seen 12 Dec = 11 wd: out
            ("P3", "C3", "2014-12-12", None, "NEG", None),  # started 11 wd before: due; Saturday 13 Dec = 10 wd: in
            ("P4", "C4", "2014-12-15", None, "NEG", None),  # started 10 wd before: not due
            ("P5", "C5", "2014-11-03", None, "NEG", None),  # due; visited 30 Dec but not seen: out
            ("P6", "C6", "2014-11-03", None, "NEG", None),  # due; blank seen = seen, 29 Dec: in
            ("P7", "C7", "2014-11-03", None, "NEG", None),  # due; visit only after the month end: out
            ("Q1", "C8", "2014-03-03", None, "NEG", None),  # April: seen 14 Apr (Easter) = 10 wd: in
            ("Q2", "C9", "2014-03-03", "2014-05-01", "NEG", None),  # April: seen 11 Apr = 11 wd: out
        ]
    )
    table_visits = visits(
        [
            ("V1", "C1", "P1", "2014-12-15", True),
            ("V2", "C2", "P2", "2014-12-12", True),
            ("V3", "C3", "P3", "2014-12-13", True),
            ("V4", "C4", "P4", "2014-12-30", True),
            ("V5", "C5", "P5", "2014-12-30", False),
            ("V6", "C6", "P6", "2014-12-29", None),
            ("V7", "C7", "P7", "2015-01-02", True),
            ("V8", "C8", "Q1", "2014-04-14", True),
            ("V9", "C9", "Q2", "2014-04-11", True),
            ("V10", "C9", None, "2014-05-01", True),  # after April's end: does not help April
        ]
    )
    return table, table_visits


def test_visits_in_timescale_december_christmas():
    table, table_visits = visit_case()
    out = run(ssd_cp_plans=table, ssd_cp_visits=table_visits)
    row = value(out, "cp_visits_in_timescale_pct")
    # due: C1, C2, C3, C5, C6, C7 (C4 not; C8 seen 14 Apr, nothing since; C9 ended 1 May)
    # due at end Dec also includes C8 (started March): its last seen visit 14 Apr -> out
    assert (row["numerator"], row["denominator"]) == (3, 7)  # C1, C3, C6 of C1 C2 C3 C5 C6 C7 C8
    assert row["value"] == pytest.approx(300 / 7)


def test_visits_in_timescale_april_easter():
    table, table_visits = visit_case()
    out = run(ssd_cp_plans=table, ssd_cp_visits=table_visits)
    row = value(out, "cp_visits_in_timescale_pct", "2014-04")
    assert (row["numerator"], row["denominator"]) == (1, 2)  # C8 in, C9 out
    # visits table starts in April 2014: no visit rows for earlier months
    months = out.loc[out["indicator_id"] == "cp_visits_in_timescale_pct", "period_end"].dt.to_period("M")
    assert months.min() == pd.Period("2014-04", "M")
    # June 2014: only C8, C9 gone; C8 seen last on 14 April: 0 of 1
    row = value(out, "cp_visits_in_timescale_pct", "2014-06")
    assert (row["numerator"], row["denominator"]) == (0, 1)


def test_visit_interval_parameter():
    table, table_visits = visit_case()
    out = run(ssd_cp_plans=table, ssd_cp_visits=table_visits, params={**PARAMS, "cp_visit_interval_wd": 11})
    row = value(out, "cp_visits_in_timescale_pct")
    # interval 11: C4 (started 10 wd before) still not due; C3 (11 wd) not due; C2 (11 wd) now in
    assert (row["numerator"], row["denominator"]) == (3, 6)  # C1, C2, C6 of C1 C2 C5 C6 C7 C8


def test_visits_no_due_children_gives_nan():
    out = run(
        ssd_cp_plans=plans([("P1", "C1", "2014-12-20", None, "NEG", None)]),
        ssd_cp_visits=visits([("V1", "C1", "P1", "2014-12-22", True)]),
    )
    row = value(out, "cp_visits_in_timescale_pct")
    assert math.isnan(row["value"]) and row["denominator"] == 0


# ---------------------------------------------------------------------------------------------
# conferences


def conference_case():
    icpc = conferences(
        [
            ("I1", "C1", "S1", "2014-12-31", False),  # C1: two conferences in Dec, one with a plan
            ("I2", "C1", "S2", "2014-12-02", True),
            ("I3", "C2", "S3", "2014-12-10", False),
            ("I4", "C3", None, "2014-12-11", None),  # not linked to an enquiry
            ("I5", "C4", "S9", "2014-12-12", True),  # linked id not in the enquiry table
            ("I6", "C5", "S4", "2014-10-01", True),
        ]
    )
    s47 = enquiries(
        [
            ("S1", "C1", "2014-12-08"),  # 15 wd before 31 Dec (over Christmas): in time
            ("S2", "C1", "2014-11-03"),  # 3 Nov -> 2 Dec: 21 wd: late
            ("S3", "C2", "2014-12-05"),  # 5 Dec -> 10 Dec: 3 wd: in time
            ("S4", "C5", "2014-09-10"),  # 10 Sep -> 1 Oct: 15 wd: in time
        ]
    )
    return icpc, s47


def test_conferences():
    icpc, s47 = conference_case()
    out = run(
        ssd_cp_plans=plans([("P1", "C1", OLD, None, "NEG", None)]), ssd_initial_cp_conference=icpc, ssd_s47_enquiry=s47
    )
    assert v(out, "icpc_children") == 4  # C1, C2, C3, C4
    assert v(out, "icpc_to_plan") == 2  # C1, C4
    assert v(out, "icpc_to_plan_pct") == pytest.approx(50.0)
    row = value(out, "icpc_within_15wd_pct")
    assert (row["numerator"], row["denominator"]) == (2, 3)  # I1 and I3 of I1, I2, I3
    assert v(out, "icpc_within_15wd_pct", "2014-10") == 100
    # November: no conferences: counts 0, percentages blank
    assert v(out, "icpc_children", "2014-11") == 0
    assert v(out, "icpc_to_plan", "2014-11") == 0
    assert math.isnan(v(out, "icpc_to_plan_pct", "2014-11"))
    assert math.isnan(v(out, "icpc_within_15wd_pct", "2014-11"))
    # the conference table covers October 2014 onwards only
    months = out.loc[out["indicator_id"] == "icpc_children", "period_end"].dt.to_period("M")
    assert list(months.astype(str)) == ["2014-10", "2014-11", "2014-12"]


def test_conference_timescale_parameter_and_no_s47_table():
    icpc, s47 = conference_case()
    plan = plans([("P1", "C1", OLD, None, "NEG", None)])
    out = run(
        ssd_cp_plans=plan,
        ssd_initial_cp_conference=icpc,
        ssd_s47_enquiry=s47,
        params={**PARAMS, "icpc_timescale_wd": 21},
    )
    assert v(out, "icpc_within_15wd_pct") == 100
    out = run(ssd_cp_plans=plan, ssd_initial_cp_conference=icpc)
    assert "icpc_within_15wd_pct" not in set(out["indicator_id"])
    assert v(out, "icpc_children") == 4


def test_empty_tables():
    out = run(ssd_cp_plans=plans([]), ssd_initial_cp_conference=conferences([]), ssd_cp_visits=visits([]))
    assert out.empty and list(out.columns) == INDICATOR_COLUMNS


def test_blank_person_and_end_before_start():
    out = run(
        ssd_cp_plans=plans(
            [
                ("P1", None, OLD, None, "NEG", None),  # no child: not a child on a plan
                ("P2", "C2", "2014-06-01", "2014-05-01", "NEG", None),  # end before start: never open
                ("P3", "C3", OLD, None, "NEG", None),
            ]
        )
    )
    assert v(out, "cp_plans_open") == 1
    assert v(out, "cp_plans_open", "2014-06") == 1
    assert v(out, "cp_plans_started", "2014-06") == 1  # still a plan started in June
