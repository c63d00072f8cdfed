"""Contacts indicators (boardpack.indicators.contacts): expected figures worked out by hand."""

import math

import pandas as pd
import pytest

from boardpack.calendar import report_months
from boardpack.indicators import contacts
from boardpack.indicators.frames import INDICATOR_COLUMNS
from boardpack.sources.extract import Extract
from helpers import contacts_frame, figure_row

PARAMS = {"contact_source_groups": {"Police": ["6"], "Health": ["3A", "3B"], "Schools": ["2A"]}}
MONTHS = report_months("2014-12")  # 2013-01 .. 2014-12


# rows: (date, source code, progressed to referral, missing notification, screened date)
frame = contacts_frame


def compute(rows, months=MONTHS, params=PARAMS):
    return contacts.indicators(Extract(tables={"ssd_contacts": frame(rows)}), months, params)


def value(result, indicator_id, month, breakdown=""):
    return figure_row(result, indicator_id, month, breakdown)


# Base data: the first record is in 2013-01, so every month of the 24 is covered.
BASE = [("2013-01-15", "6")]


def test_frame_has_the_indicator_columns_and_every_id():
    result = compute(BASE + [("2014-12-01", "6", True, False, "2014-12-01")])
    assert list(result.columns) == INDICATOR_COLUMNS
    assert set(result["indicator_id"]) == {
        "contacts",
        "missing_notifications",
        "contacts_source_pct",
        "contacts_to_referral",
        "contacts_to_referral_pct",
        "contacts_screened_same_day_pct",
        "contacts_change_prev_month_pct",
        "contacts_change_from_peak_pct",
    }
    # 24 months of headline contacts
    assert (result["indicator_id"] == "contacts").sum() == 24 * 5  # headline + Police, Health, Schools, Other


def test_missing_notifications_are_counted_apart_and_never_as_contacts():
    # December: Police 3 contacts (1 progressed), Health 1 (progressed), and 2 missing child
    # notifications from the police (one flagged as progressed, which must not count either).
    rows = BASE + [
        ("2014-12-01", "6", True),
        ("2014-12-10", "6"),
        ("2014-12-31", "6"),
        ("2014-12-05", "3B", True),
        ("2014-12-02", "6", True, True),
        ("2014-12-03", "6", False, True),
    ]
    r = compute(rows)
    assert value(r, "contacts", "2014-12")["value"] == 4  # 3 + 1, not 6
    assert value(r, "contacts", "2014-12", "Police")["value"] == 3
    assert value(r, "contacts", "2014-12", "Health")["value"] == 1
    assert value(r, "contacts", "2014-12", "Schools")["value"] == 0
    assert value(r, "missing_notifications", "2014-12")["value"] == 2
    # shares: Police 3/4 = 75%, Health 1/4 = 25%, Schools 0/4 = 0%
    police = value(r, "contacts_source_pct", "2014-12", "Police")
    assert (police["value"], police["numerator"], police["denominator"]) == (75.0, 3, 4)
    assert value(r, "contacts_source_pct", "2014-12", "Health")["value"] == 25.0
    assert value(r, "contacts_source_pct", "2014-12", "Schools")["value"] == 0.0
    # progressed: 2 of 4 = 50%; Police 1/3 = 33.33..%; Health 1/1; Schools 0/0 -> NaN
    assert value(r, "contacts_to_referral", "2014-12")["value"] == 2
    assert value(r, "contacts_to_referral_pct", "2014-12")["value"] == 50.0
    assert value(r, "contacts_to_referral_pct", "2014-12", "Police")["value"] == pytest.approx(100 / 3)
    assert value(r, "contacts_to_referral_pct", "2014-12", "Health")["value"] == 100.0
    assert math.isnan(value(r, "contacts_to_referral_pct", "2014-12", "Schools")["value"])
    # no source table shares are headline rows
    assert not ((r["indicator_id"] == "contacts_source_pct") & (r["breakdown"] == "")).any()


def test_month_edges_and_months_with_no_records():
    rows = BASE + [("2014-11-30", "6"), ("2014-12-01", "6"), ("2014-12-31", "6")]
    r = compute(rows)
    assert value(r, "contacts", "2014-11")["value"] == 1  # the 30th is in November
    assert value(r, "contacts", "2014-12")["value"] == 2  # the 1st and the 31st
    assert value(r, "contacts", "2014-06")["value"] == 0  # no records -> 0
    assert math.isnan(value(r, "contacts_source_pct", "2014-06", "Police")["value"])  # 0/0
    assert math.isnan(value(r, "contacts_screened_same_day_pct", "2014-06")["value"])


def test_unmapped_and_blank_codes_fall_in_other():
    rows = BASE + [("2014-12-01", "99"), ("2014-12-02", None), ("2014-12-03", "2a")]
    r = compute(rows)
    assert value(r, "contacts", "2014-12", "Other")["value"] == 2
    assert value(r, "contacts", "2014-12", "Schools")["value"] == 1


def test_months_before_the_first_record_are_not_reported():
    rows = [("2014-06-10", "6"), ("2014-08-01", "6"), ("2014-08-02", "6")]
    r = compute(rows)
    headline = r.loc[(r["indicator_id"] == "contacts") & (r["breakdown"] == "")]
    assert headline["period_end"].min() == pd.Timestamp("2014-06-30")
    assert len(headline) == 7  # June .. December
    assert value(r, "contacts", "2014-07")["value"] == 0
    # the first month of data has no previous month: change NaN (not -100% or inf)
    first = value(r, "contacts_change_prev_month_pct", "2014-06")
    assert math.isnan(first["value"]) and math.isnan(first["denominator"])
    # July had none after June's 1: -100%; August after July's 0: NaN
    assert value(r, "contacts_change_prev_month_pct", "2014-07")["value"] == -100.0
    assert math.isnan(value(r, "contacts_change_prev_month_pct", "2014-08")["value"])


def test_no_records_in_the_window_gives_an_empty_frame():
    r = compute([("2015-02-01", "6")])  # after the reporting month only
    assert r.empty and list(r.columns) == INDICATOR_COLUMNS


def test_change_from_previous_month_uses_the_month_before_the_window():
    # 4 contacts in 2012-12 (before the 24 months), 5 in 2013-01: +25% for the first month shown.
    rows = [("2012-12-03", "6")] * 4 + [("2013-01-07", "6")] * 5
    r = compute(rows)
    first = value(r, "contacts_change_prev_month_pct", "2013-01")
    assert (first["value"], first["numerator"], first["denominator"]) == (25.0, 1.0, 4.0)
    # 2013-02 has none: (0 - 5) / 5 = -100%
    assert value(r, "contacts_change_prev_month_pct", "2013-02")["value"] == -100.0
    assert "2012-12-31" not in r["period_end"].astype(str).tolist()


def test_peak_includes_the_month_itself_ties_go_earliest_and_looks_back_12_months():
    counts = {
        "2013-12": 20,  # 12 months before December 2014: outside its window
        "2014-01": 5,
        "2014-03": 9,
        "2014-07": 12,
        "2014-09": 12,
        "2014-11": 8,
        "2014-12": 6,
    }
    rows = [r for m, n in counts.items() for r in [(f"{m}-10", "6")] * n]
    r = compute(rows)
    december = value(r, "contacts_change_from_peak_pct", "2014-12", "2014-07")
    # peak of 2014-01..2014-12 is 12, first in July (September ties): (6 - 12) / 12 = -50%
    assert (december["value"], december["numerator"], december["denominator"]) == (-50.0, -6.0, 12.0)
    # November 2014's window 2013-12..2014-11 still holds December 2013's 20: (8 - 20) / 20 = -60%
    assert value(r, "contacts_change_from_peak_pct", "2014-11", "2013-12")["value"] == -60.0
    # December 2013 is its own peak (window 2013-01..2013-12 has nothing else): 0%
    assert value(r, "contacts_change_from_peak_pct", "2013-12", "2013-12")["value"] == 0.0
    # one row per month, breakdown = the peak month
    peak_rows = r.loc[r["indicator_id"] == "contacts_change_from_peak_pct"]
    assert peak_rows["period_end"].is_unique and len(peak_rows) == 13  # 2013-12 .. 2014-12


def test_peak_looks_before_the_24_months_when_the_data_do():
    # 30 contacts in 2012-06; January 2013's window (2012-02..2013-01) holds them.
    rows = [("2012-06-01", "6")] * 30 + [("2013-01-02", "6")] * 3
    r = compute(rows)
    january = value(r, "contacts_change_from_peak_pct", "2013-01", "2012-06")
    assert january["value"] == pytest.approx(100 * (3 - 30) / 30)  # -90%


def test_peak_of_a_window_with_no_contacts_is_nan():
    rows = [("2014-10-01", "6", False, True)]  # only a missing notification
    r = compute(rows)
    october = r.loc[
        (r["indicator_id"] == "contacts_change_from_peak_pct") & (r["period_end"] == pd.Timestamp("2014-10-31"))
    ].iloc[0]
    assert math.isnan(october["value"]) and october["breakdown"] == "2014-10"


def test_screened_the_same_working_day():
    rows = BASE + [
        ("2014-12-01", "6", False, False, "2014-12-01"),  # same day: 0 working days -> yes
        ("2014-12-24", "6", False, False, "2014-12-29"),  # 25, 26 Dec holidays, 27-28 weekend: wd = 1 -> no
        ("2014-12-27", "6", False, False, "2014-12-29"),  # Saturday -> Monday: wd = 0 -> yes
        ("2014-12-31", "6", False, False, None),  # never screened -> no
        ("2014-12-10", "6", False, False, "2014-12-09"),  # screened before the contact: an error -> no
        ("2014-12-11", "6", False, True, "2014-12-11"),  # missing notification: not a contact at all
    ]
    r = compute(rows)
    pct = value(r, "contacts_screened_same_day_pct", "2014-12")
    assert (pct["numerator"], pct["denominator"]) == (2, 5)
    assert pct["value"] == 40.0


def test_screened_over_easter_counts_from_the_next_working_day():
    # Good Friday 18 April 2014 and Easter Monday 21 April: a contact on Good Friday screened on
    # Tuesday 22nd is screened on its first working day (wd = 0); one on Thursday 17th screened
    # on the 22nd took 1 working day.
    rows = BASE + [("2014-04-18", "6", False, False, "2014-04-22"), ("2014-04-17", "6", False, False, "2014-04-22")]
    r = compute(rows)
    assert value(r, "contacts_screened_same_day_pct", "2014-04")["value"] == 50.0


def test_without_a_screened_column_no_contact_is_screened():
    table = frame(BASE + [("2014-12-01", "6")]).drop(columns="cont_contact_screened_date")
    r = contacts.indicators(Extract(tables={"ssd_contacts": table}), MONTHS, PARAMS)
    assert value(r, "contacts_screened_same_day_pct", "2014-12")["value"] == 0.0


def test_peak_of_helper():
    s = pd.Series([3.0, 7.0, 7.0], index=pd.period_range("2014-10", periods=3, freq="M"))
    assert contacts.peak_of(s, "2014-12") == (7.0, pd.Period("2014-11", "M"))
    assert contacts.peak_of(s, "2016-12") == (float("nan"), None) or math.isnan(contacts.peak_of(s, "2016-12")[0])
