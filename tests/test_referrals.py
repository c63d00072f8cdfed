"""Referrals indicators (boardpack.indicators.referrals): expected figures worked out by hand."""

import math

import pandas as pd
import pytest

from boardpack.calendar import report_months
from boardpack.indicators import referrals
from boardpack.indicators.frames import INDICATOR_COLUMNS
from boardpack.sources.extract import Extract
from helpers import figure_row

PARAMS = {"contact_source_groups": {"Police": ["6"], "Health": ["3A"]}}
MONTHS = report_months("2014-12")  # 2013-01 .. 2014-12


def cin(rows):
    """rows: (referral id, child, date, source code, nfa flag)."""
    rows = [tuple(r) + (None,) * (5 - len(r)) for r in rows]
    return pd.DataFrame(
        {
            "cine_referral_id": pd.Series([r[0] for r in rows], dtype="str"),
            "cine_person_id": pd.Series([r[1] for r in rows], dtype="str"),
            "cine_referral_date": pd.to_datetime(pd.Series([r[2] for r in rows], dtype="object")),
            "cine_referral_source_code": pd.Series([r[3] for r in rows], dtype="str"),
            "cine_referral_nfa": pd.Series([r[4] for r in rows], dtype="boolean"),
        }
    )


def assessments(rows):
    """rows: (assessment id, referral id, start date)."""
    return pd.DataFrame(
        {
            "cina_assessment_id": pd.Series([r[0] for r in rows], dtype="str"),
            "cina_person_id": pd.Series(["X"] * len(rows), dtype="str"),
            "cina_referral_id": pd.Series([r[1] for r in rows], dtype="str"),
            "cina_assessment_start_date": pd.to_datetime(pd.Series([r[2] for r in rows], dtype="object")),
        }
    )


def compute(rows, assess=None, months=MONTHS):
    tables = {"ssd_cin_episodes": cin(rows)}
    if assess is not None:
        tables["ssd_cin_assessments"] = assessments(assess)
    return referrals.indicators(Extract(tables=tables), months, PARAMS)


def value(result, indicator_id, month, breakdown=""):
    return figure_row(result, indicator_id, month, breakdown)


BASE = [("R0", "Z", "2013-01-02", "6")]


def test_counts_by_month_and_source_group():
    rows = BASE + [
        ("R1", "A", "2014-12-01", "6"),
        ("R2", "B", "2014-12-31", "3A"),
        ("R3", "C", "2014-12-15", "99"),
        ("R4", "D", "2014-11-30", "6"),
    ]
    r = compute(rows)
    assert list(r.columns) == INDICATOR_COLUMNS
    assert value(r, "referrals", "2014-12")["value"] == 3
    assert value(r, "referrals", "2014-12", "Police")["value"] == 1
    assert value(r, "referrals", "2014-12", "Health")["value"] == 1
    assert value(r, "referrals", "2014-12", "Other")["value"] == 1
    assert value(r, "referrals", "2014-11")["value"] == 1
    assert value(r, "referrals", "2014-06")["value"] == 0
    # (3 - 1) / 1 = +200%
    change = value(r, "referrals_change_prev_month_pct", "2014-12")
    assert (change["value"], change["numerator"], change["denominator"]) == (200.0, 2.0, 1.0)
    # no assessments table: that one id is skipped, no error
    assert "referrals_to_assessment_pct" not in set(r["indicator_id"])


def test_rereferral_window_is_12_months_to_the_day():
    rows = BASE + [
        ("A1", "A", "2013-12-15"),
        ("A2", "A", "2014-12-15"),  # exactly 12 months before: counts
        ("B1", "B", "2013-12-14"),
        ("B2", "B", "2014-12-15"),  # 12 months and a day: does not
        ("C1", "C", "2014-12-03"),
        ("C2", "C", "2014-12-03"),  # same day: neither is before the other
        ("D1", "D", "2014-11-30"),
        ("D2", "D", "2014-12-01"),
        ("D3", "D", "2014-12-02"),  # D2 and D3 both
        ("E1", "E", "2014-12-20"),  # another child's referral doesn't count
    ]
    r = compute(rows)
    # December referrals: A2, B2, C1, C2, D2, D3, E1 = 7; re-referrals: A2, D2, D3 = 3
    assert value(r, "referrals", "2014-12")["value"] == 7
    assert value(r, "rereferrals", "2014-12")["value"] == 3
    pct = value(r, "rereferrals_pct", "2014-12")
    assert (pct["numerator"], pct["denominator"]) == (3, 7)
    assert pct["value"] == pytest.approx(300 / 7)  # 42.857...%
    # A1 (2013-12-15) has no earlier referral: December 2013 has 0 re-referrals of 2 referrals
    assert value(r, "rereferrals", "2013-12")["value"] == 0


def test_earlier_referral_before_the_24_months_counts():
    rows = [("P1", "P", "2012-03-01"), ("P2", "P", "2013-01-20")]
    r = compute(rows)
    assert value(r, "rereferrals", "2013-01")["value"] == 1
    assert "2012-03-31" not in r["period_end"].astype(str).tolist()


def test_rereferral_on_29_february_looks_back_to_28_february():
    rows = [
        ("F1", "F", "2015-02-28"),
        ("F2", "F", "2016-02-29"),  # 29 Feb 2016 - 12 months = 28 Feb 2015
        ("G1", "G", "2015-02-27"),
        ("G2", "G", "2016-02-29"),
    ]  # a day earlier: not a re-referral
    r = compute(rows, months=report_months("2016-02"))
    assert value(r, "rereferrals", "2016-02")["value"] == 1


def test_rereferrals_pct_is_nan_in_a_month_without_referrals():
    r = compute(BASE)
    assert value(r, "referrals", "2014-12")["value"] == 0
    assert math.isnan(value(r, "rereferrals_pct", "2014-12")["value"])
    assert math.isnan(value(r, "referrals_nfa_pct", "2014-12")["value"])


def test_nfa_pct_counts_blank_flags_in_the_denominator_only():
    rows = BASE + [
        ("N1", "A", "2014-12-01", "6", True),
        ("N2", "B", "2014-12-02", "6", False),
        ("N3", "C", "2014-12-03", "6", None),
        ("N4", "D", "2014-12-04", "6", True),
    ]
    r = compute(rows)
    nfa = value(r, "referrals_nfa_pct", "2014-12")
    assert (nfa["value"], nfa["numerator"], nfa["denominator"]) == (50.0, 2, 4)


def test_referrals_to_assessment():
    rows = BASE + [
        ("R1", "A", "2014-12-01"),
        ("R2", "B", "2014-12-10"),
        ("R3", "C", "2014-12-31"),
        ("R4", "D", "2014-11-05"),
    ]
    assess = [
        ("S1", "R1", "2014-12-02"),
        ("S2", "R1", "2014-12-05"),  # two for one referral: counted once
        ("S3", "R3", "2015-01-05"),  # after the reporting month: not counted
        ("S4", None, "2014-12-03"),  # no referral link
        ("S5", "R4", "2014-12-01"),
    ]  # November's referral, assessed in December
    r = compute(rows, assess)
    december = value(r, "referrals_to_assessment_pct", "2014-12")
    assert (december["numerator"], december["denominator"]) == (1, 3)
    assert december["value"] == pytest.approx(100 / 3)
    assert value(r, "referrals_to_assessment_pct", "2014-11")["value"] == 100.0
    assert math.isnan(value(r, "referrals_to_assessment_pct", "2014-10")["value"])


def test_months_before_the_first_referral_are_not_reported():
    r = compute([("R1", "A", "2014-10-01")])
    headline = r.loc[(r["indicator_id"] == "referrals") & (r["breakdown"] == "")]
    assert headline["period_end"].dt.strftime("%Y-%m").tolist() == ["2014-10", "2014-11", "2014-12"]
    assert math.isnan(value(r, "referrals_change_prev_month_pct", "2014-10")["value"])
    assert value(r, "referrals_change_prev_month_pct", "2014-11")["value"] == -100.0


def test_is_rereferral_keeps_the_frame_index():
    table = cin([("A", "X", "2014-01-01"), ("B", "X", "2014-06-01")])
    table.index = [10, 20]
    assert referrals.is_rereferral(table).to_dict() == {10: False, 20: True}
