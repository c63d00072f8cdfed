"""Wording of the Child protection sentences (boardpack.narrative.child_protection)."""

from __future__ import annotations

import math

import pandas as pd

from boardpack.calendar import report_months
from boardpack.document.section import RunContext, Section
from boardpack.indicators import child_protection as cp
from boardpack.narrative import child_protection as words
from boardpack.sources.extract import Extract

NAN = math.nan


def test_conference_sentence_seed():
    assert words.conference_sentence(13, 10, "2014-12") == (
        "13 children were considered at initial child protection conferences during December 2014, "
        "resulting in 10 children becoming subject to a Child Protection Plan."
    )


def test_conference_sentence_singular_zero_and_blank():
    assert words.conference_sentence(1, 1, "2014-12") == (
        "1 child was considered at initial child protection conferences during December 2014, "
        "resulting in 1 child becoming subject to a Child Protection Plan."
    )
    assert words.conference_sentence(4, 0, "2014-11") == (
        "4 children were considered at initial child protection conferences during November 2014, "
        "none of whom became subject to a Child Protection Plan."
    )
    assert words.conference_sentence(0, 0, "2014-12") == (
        "No children were considered at initial child protection conferences during December 2014."
    )
    assert words.conference_sentence(NAN, NAN, "2014-12") is None


def test_conference_timeliness():
    assert words.conference_timeliness_sentence(2, 3, "2014-12") == (
        "2 of the 3 initial child protection conferences in December 2014 that followed a section 47 "
        "enquiry (66.67%) were held within 15 working days of the enquiry starting."
    )
    assert words.conference_timeliness_sentence(4, 4, "2014-12", 20) == (
        "All 4 initial child protection conferences in December 2014 that followed a section 47 enquiry "
        "(100.00%) were held within 20 working days of the enquiry starting."
    )
    assert words.conference_timeliness_sentence(0, 1, "2014-12") == (
        "0 of the 1 initial child protection conference in December 2014 that followed a section 47 "
        "enquiry (0.00%) was held within 15 working days of the enquiry starting."
    )
    assert words.conference_timeliness_sentence(0, 0, "2014-12") is None


def test_plans_open_sentence():
    # 156 vs 160: -2.50%; 156 vs 248: (156 - 248) / 248 = -37.0968% -> 37.10%
    assert words.plans_open_sentence(156, 160, "2014-11", 248, "2014-04", "2014-12") == (
        "There were 156 children subject to a Child Protection Plan as at 31 December 2014, a decrease of "
        "2.50% compared to the previous month (160 as at 30 November 2014) and a decrease of 37.10% since "
        "the highest point of 248 in April 2014."
    )
    assert words.plans_open_sentence(160, 160, "2014-11", 160, "2014-12", "2014-12") == (
        "There were 160 children subject to a Child Protection Plan as at 31 December 2014, no change "
        "compared to the previous month (160 as at 30 November 2014) and the highest figure in the period shown."
    )
    assert words.plans_open_sentence(1, NAN, "2014-11", 1, "2014-12", "2014-12") == (
        "There was 1 child subject to a Child Protection Plan as at 31 December 2014, the highest figure "
        "in the period shown."
    )
    assert words.plans_open_sentence(0, 3, "2014-11", 3, "2014-11", "2014-12") == (
        "No children were subject to a Child Protection Plan as at 31 December 2014."
    )
    assert words.plans_open_sentence(NAN, 3, "2014-11", 3, "2014-11", "2014-12") is None


def test_rate_sentence():
    assert words.rate_sentence(156 / 36100 * 10000, "2014-12", "Demoshire", 50.0) == (
        "The rate per 10,000 children subject to a Plan in Demoshire as at 31 December 2014 is 43.21, "
        "compared to 50 a year earlier."
    )
    assert words.rate_sentence(NAN, "2014-12", "Demoshire") == (
        "The rate per 10,000 children subject to a Plan as at 31 December 2014 cannot be given: there is no "
        "child population figure for the period."
    )


def test_category_sentence():
    assert words.category_sentence({"Neglect": 3, "Multiple": 3, "Sexual abuse": 1}, 8, "2014-12") == (
        "The most common categories of abuse for children subject to a Plan as at 31 December 2014 were "
        "Neglect and Multiple (3 children each, 37.50%)."
    )
    assert words.category_sentence({"Neglect": 0}, 0, "2014-12") is None


def test_repeat_sentence_seed_and_edges():
    by_year = {
        "2009": 4 / 29 * 100,
        "2010": 3 / 29 * 100,
        "2011": 7 / 29 * 100,
        "2012": 9 / 29 * 100,
        "2013": 5 / 29 * 100,
        "2014": 1 / 29 * 100,
        "2008": 0.0,
    }
    assert words.repeat_sentence(29, by_year, "2014-12") == (
        "29 children are currently subject to a Child Protection Plan for the second or subsequent time as "
        "at 31 December 2014. 13.79% of these children were subject to a Plan in 2009: 10.34% in 2010: "
        "24.14% in 2011: 31.03% in 2012: 17.24% in 2013, and 3.45% in 2014."
    )
    assert words.repeat_sentence(0, {"2013": NAN}, "2014-12") == (
        "No children are currently subject to a Child Protection Plan for the second or subsequent time as "
        "at 31 December 2014."
    )
    assert words.repeat_sentence(1, {"2013": 100.0}, "2014-12") == (
        "1 child is currently subject to a Child Protection Plan for the second or subsequent time as at "
        "31 December 2014. This child was previously subject to a Plan in 2013."
    )
    assert words.repeat_sentence(2, {"2012": 100.0}, "2014-12").endswith(
        "All of these children were previously subject to a Plan in 2012."
    )


def test_repeat_starts_and_two_years():
    assert words.repeat_starts_sentence(1, 3, "2014-12") == (
        "Of the 3 Child Protection Plans started in the 12 months to December 2014, 1 (33.33%) was for a "
        "child who had been subject to a Plan before."
    )
    assert words.repeat_starts_sentence(0, 1, "2014-12") == (
        "None of the 1 Child Protection Plan started in the 12 months to December 2014 was for a child who "
        "had been subject to a Plan before."
    )
    assert words.repeat_starts_sentence(0, 0, "2014-12") is None
    assert words.two_years_sentence(1, 8, "2014-12", NAN) == (
        "12.50% of Child Protection Plans open as at 31 December 2014 (1 of 8) had been open for two years or more."
    )
    assert words.two_years_sentence(0, 8, "2014-12", 0.0) == (
        "No Child Protection Plan open as at 31 December 2014 had been open for two years or more, nor had "
        "any a year earlier."
    )
    assert words.two_years_sentence(0, 0, "2014-12") is None


def test_visits_sentence():
    assert words.visits_sentence(3, 7, "2014-12", 10, 100, 50.0) == (
        "42.86% of children subject to a Child Protection Plan for more than 10 working days as at 31 "
        "December 2014 (3 of 7) had been seen on a visit in the last 10 working days, against a target of "
        "100%; down 7.14 percentage points on the previous month."
    )
    assert words.visits_sentence(2, 2, "2014-12", 10, None, 100.0) == (
        "100.00% of children subject to a Child Protection Plan for more than 10 working days as at 31 "
        "December 2014 (2 of 2) had been seen on a visit in the last 10 working days; unchanged on the "
        "previous month."
    )
    assert words.visits_sentence(0, 0, "2014-12") == (
        "No children had been subject to a Child Protection Plan for more than 10 working days as at 31 "
        "December 2014, so the timeliness of visits is not measured this month."
    )


def _section(tables, params=None):
    params = params or {
        "icpc_timescale_wd": 15,
        "cp_visit_interval_wd": 10,
        "la_name": "Demoshire",
        "targets": {"cp_visits_in_timescale_pct": {"value": 100, "better": "higher"}},
    }
    month = pd.Period("2014-12", "M")
    extract = Extract(tables=tables)
    frame = cp.indicators(extract, report_months(month), params)
    return Section("child_protection", RunContext(month, params, extract, frame))


def _plans(rows):
    return pd.DataFrame(
        {
            "cppl_cp_plan_id": pd.Series([r[0] for r in rows], dtype="str"),
            "cppl_person_id": pd.Series([r[1] for r in rows], dtype="str"),
            "cppl_cp_plan_start_date": pd.to_datetime(pd.Series([r[2] for r in rows], dtype="object")),
            "cppl_cp_plan_end_date": pd.to_datetime(pd.Series([r[3] for r in rows], dtype="object")),
            "cppl_cp_plan_initial_category": pd.Series([r[4] for r in rows], dtype="str"),
            "cppl_cp_plan_latest_category": pd.Series([None] * len(rows), dtype="str"),
        }
    )


def test_sentences_from_a_section_with_visits_and_notes():
    plans = _plans(
        [
            ("P1", "C1", "2012-06-01", None, "NEG"),  # open 2+ years
            ("P2", "C2", "2014-11-03", None, "NEG"),
            ("P3", "C3", "2014-11-03", "2014-12-31", "PHY"),  # ends 31 Dec: open at end of November only
        ]
    )
    visits = pd.DataFrame(
        {
            "cppv_cp_visit_id": pd.Series(["V1", "V2"], dtype="str"),
            "cppv_person_id": pd.Series(["C1", "C2"], dtype="str"),
            "cppv_cp_plan_id": pd.Series(["P1", "P2"], dtype="str"),
            "cppv_cp_visit_date": pd.to_datetime(["2014-12-15", "2014-12-12"]),  # 10 wd: in; 11 wd: out
            "cppv_cp_visit_seen": pd.Series([True, True], dtype="boolean"),
        }
    )
    s = _section({"ssd_cp_plans": plans, "ssd_cp_visits": visits})
    text = words.sentences(s)
    assert text[0] == (
        "There were 2 children subject to a Child Protection Plan as at 31 December 2014, a decrease of "
        "33.33% compared to the previous month (3 as at 30 November 2014) and a decrease of 33.33% since the "
        "highest point of 3 in November 2014."
    )
    assert (
        "50.00% of Child Protection Plans open as at 31 December 2014 (1 of 2) had been open for two "
        "years or more, compared to 0.00% a year earlier."
    ) in text  # Dec 2013: 18 months
    assert (
        "50.00% of children subject to a Child Protection Plan for more than 10 working days as at 31 "
        "December 2014 (1 of 2) had been seen on a visit in the last 10 working days, against a target "
        "of 100%."
    ) in text
    assert (
        "No children are currently subject to a Child Protection Plan for the second or subsequent "
        "time as at 31 December 2014."
    ) in text
    assert words.notes(s) == [
        "No data: the extract holds no ssd_initial_cp_conference, so initial child protection conferences "
        "are not reported."
    ]
    # tables for the charts
    assert list(words.category_frame(s).loc[pd.Period("2014-12", "M")]) == [2, 0, 0, 0, 0]
    assert words.repeat_table(s).empty


def test_no_data_note():
    assert words.no_data_note().startswith("No data: the extract holds no ssd_cp_plans")
