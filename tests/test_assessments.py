"""Assessments indicators (assessments.py), with durations worked out by hand.

Working days are counted in [start, auth): Monday to Friday, not an English bank holiday.
2014-12-25/26, 2015-01-01, Good Friday 2015-04-03 and Easter Monday 2015-04-06 are bank holidays.
"""

import math

import numpy as np
import pandas as pd
import pytest

from boardpack.calendar import report_months
from boardpack.indicators import assessments
from boardpack.params import load_params
from boardpack.sources.extract import Extract
from helpers import figure_row

PARAMS = load_params()

# (id, type, start, auth, nfa) with the hand count of working days in the comment
ROWS = [
    ("a", "initial", "2014-12-10", "2014-12-10", True),  # same day: 0 -> 0-10, in timescale
    ("b", "initial", "2014-12-06", "2014-12-22", None),  # Saturday start: Dec 8-12, 15-19 = 10 -> in
    ("c", "initial", "2014-12-01", "2014-12-15", False),  # Dec 1-5, 8-12 = 10 -> in (boundary)
    ("d", "initial", "2014-12-01", "2014-12-16", True),  # 11 -> out, 11-15
    ("e", "initial", "2014-12-01", "2014-12-22", False),  # 15 -> 11-15 (band edge)
    ("f", "initial", "2014-12-01", "2014-12-23", False),  # 16 -> 16-21
    ("g", "initial", "2014-12-23", "2015-01-06", False),  # Dec 23,24,29,30,31, Jan 2,5 = 7 (Christmas) -> in
    ("h", "initial", "2014-12-01", "2015-01-02", False),  # Dec: 21 working days (25, 26 off) -> 16-21
    ("i", "initial", "2014-12-01", "2015-01-05", True),  # 22 (Jan 1 off, Jan 2 counts) -> 22+
    ("j", "initial", "2015-03-30", "2015-04-14", False),  # Mar 30-Apr 2 (4), Apr 7-10 (4), Apr 13 = 9 (Easter)
    ("k", "core", "2014-10-01", "2014-12-01", True),  # Oct 1-31: 23, Nov: 20 -> 43 -> core 42-50
    ("l", "initial", "2014-12-05", None, None),  # open: not completed
    ("z", "initial", "2013-05-01", "2013-05-02", False),  # the data's first month: May 2013
]


def extract(rows=ROWS, population=((2014, 10000.0), (2015, 20000.0)), drop=()):
    table = pd.DataFrame(
        {
            "cina_assessment_id": pd.Series([r[0] for r in rows], dtype="str"),
            "cina_person_id": pd.Series([f"p{r[0]}" for r in rows], dtype="str"),
            "cina_assessment_type": pd.Series([r[1] for r in rows], dtype="str"),
            "cina_assessment_start_date": pd.to_datetime(pd.Series([r[2] for r in rows])),
            "cina_assessment_auth_date": pd.to_datetime(pd.Series([r[3] for r in rows])),
            "cina_assessment_outcome_nfa": pd.Series([r[4] for r in rows], dtype="boolean"),
        }
    ).drop(columns=list(drop))
    tables = {"ssd_cin_assessments": table}
    if population is not None:
        tables["ext_population"] = pd.DataFrame(
            {"popn_year": [y for y, _ in population], "popn_age_0_17": [p for _, p in population]}
        )
    return Extract(tables=tables)


MONTHS = report_months("2015-04")


def value(frame, indicator, breakdown, month, column="value"):
    return float(figure_row(frame, indicator, month, breakdown)[column])


@pytest.fixture(scope="module")
def frame():
    return assessments.indicators(extract(), MONTHS, PARAMS)


def test_durations_by_hand():
    done = assessments.completed_assessments(extract().get("ssd_cin_assessments"), PARAMS)
    days = dict(zip(done["cina_assessment_id"], done["_days"]))
    assert days == {
        "a": 0,
        "b": 10,
        "c": 10,
        "d": 11,
        "e": 15,
        "f": 16,
        "g": 7,
        "h": 21,
        "i": 22,
        "j": 9,
        "k": 43,
        "z": 1,
    }
    assert "l" not in days  # open assessments are not completed


def test_columns_and_types(frame):
    assert list(frame.columns) == ["indicator_id", "period_end", "breakdown", "value", "numerator", "denominator"]
    completed = frame.loc[frame["indicator_id"] == "assessments_completed"]
    assert sorted(completed["breakdown"].unique()) == ["core", "initial"]  # no single in the data
    assert len(completed) == 2 * 24


def test_completed_december(frame):
    assert value(frame, "assessments_completed", "initial", "2014-12") == 6
    assert value(frame, "assessments_completed", "core", "2014-12") == 1
    assert value(frame, "assessments_completed", "initial", "2015-01") == 3
    assert value(frame, "assessments_completed", "initial", "2015-04") == 1


def test_nfa_blank_is_not_nfa(frame):
    # December initial: a, d NFA; b blank; c, e, f not -> 2 of 6
    assert value(frame, "assessments_nfa_pct", "initial", "2014-12") == pytest.approx(100 * 2 / 6)
    assert value(frame, "assessments_nfa_pct", "initial", "2014-12", "numerator") == 2
    assert value(frame, "assessments_nfa_pct", "initial", "2014-12", "denominator") == 6


def test_timescale_boundaries(frame):
    # December: a (0), b (10), c (10) in; d (11), e (15), f (16) out
    assert value(frame, "assessments_in_timescale_pct", "initial", "2014-12") == 50.0
    # January: g (7) in across Christmas; h (21), i (22) out
    assert value(frame, "assessments_in_timescale_pct", "initial", "2015-01") == pytest.approx(100 / 3)
    # April: j is 9 working days over Easter (11 without the bank holidays)
    assert value(frame, "assessments_in_timescale_pct", "initial", "2015-04") == 100.0
    # core: 43 > 35
    assert value(frame, "assessments_in_timescale_pct", "core", "2014-12") == 0.0


def test_bands(frame):
    dec = {
        b: value(frame, "assessments_duration_band", f"initial|{b}", "2014-12")
        for b in ["0-10", "11-15", "16-21", "22+"]
    }
    assert dec == {"0-10": 3, "11-15": 2, "16-21": 1, "22+": 0}
    jan = {
        b: value(frame, "assessments_duration_band", f"initial|{b}", "2015-01")
        for b in ["0-10", "11-15", "16-21", "22+"]
    }
    assert jan == {"0-10": 1, "11-15": 0, "16-21": 1, "22+": 1}
    core = {
        b: value(frame, "assessments_duration_band", f"core|{b}", "2014-12")
        for b in ["0-35", "36-41", "42-50", "51-60", "61+"]
    }
    assert core == {"0-35": 0, "36-41": 0, "42-50": 1, "51-60": 0, "61+": 0}


def test_band_edges_core_single():
    assert assessments.band_of([35, 36, 41, 42, 50, 51, 60, 61], [35, 41, 50, 60]).tolist() == [
        "0-35",
        "36-41",
        "36-41",
        "42-50",
        "42-50",
        "51-60",
        "51-60",
        "61+",
    ]
    assert assessments.band_of([0, 45, 46, 60, 61], [45, 60]).tolist() == ["0-45", "0-45", "46-60", "46-60", "61+"]
    assert assessments.band_labels([35, 41, 50, 60]) == ["0-35", "36-41", "42-50", "51-60", "61+"]


def test_month_with_no_records(frame):
    assert value(frame, "assessments_completed", "initial", "2014-06") == 0
    assert math.isnan(value(frame, "assessments_nfa_pct", "initial", "2014-06"))
    assert math.isnan(value(frame, "assessments_in_timescale_pct", "initial", "2014-06"))
    assert value(frame, "assessments_in_timescale_pct", "initial", "2014-06", "denominator") == 0
    assert value(frame, "assessments_duration_band", "initial|0-10", "2014-06") == 0


def test_rate_per_10k_12m(frame):
    # 12 months to Dec 2014: 6 initial; population 2014 = 10,000
    assert value(frame, "assessments_rate_per_10k_12m", "initial", "2014-12") == pytest.approx(6.0)
    # 12 months to Jan 2015: 6 + 3 = 9; population 2015 = 20,000 -> 4.5
    assert value(frame, "assessments_rate_per_10k_12m", "initial", "2015-01") == pytest.approx(4.5)
    assert value(frame, "assessments_rate_per_10k_12m", "initial", "2015-01", "numerator") == 9
    assert value(frame, "assessments_rate_per_10k_12m", "initial", "2015-01", "denominator") == 20000
    # 12 months to Apr 2015: 10 -> 5.0
    assert value(frame, "assessments_rate_per_10k_12m", "initial", "2015-04") == pytest.approx(5.0)


def test_zero_and_missing_population():
    zero = assessments.indicators(extract(population=((2014, 0.0), (2015, 0.0))), MONTHS, PARAMS)
    assert math.isnan(value(zero, "assessments_rate_per_10k_12m", "initial", "2014-12"))
    assert value(zero, "assessments_rate_per_10k_12m", "initial", "2014-12", "numerator") == 6
    none = assessments.indicators(extract(population=None), MONTHS, PARAMS)
    assert math.isnan(value(none, "assessments_rate_per_10k_12m", "initial", "2014-12"))


def test_type_absent_is_single():
    frame = assessments.indicators(extract(drop=["cina_assessment_type"]), MONTHS, PARAMS)
    assert set(frame.loc[frame["indicator_id"] == "assessments_completed", "breakdown"]) == {"single"}
    # December: a b c d e f k completed; all within 45 working days (k: 43)
    assert value(frame, "assessments_completed", "single", "2014-12") == 7
    assert value(frame, "assessments_in_timescale_pct", "single", "2014-12") == 100.0
    assert value(frame, "assessments_duration_band", "single|0-45", "2014-12") == 7


def test_auth_before_start_not_timed():
    rows = [("x", "initial", "2014-12-20", "2014-12-18", False), ("y", "initial", "2014-12-01", "2014-12-02", False)]
    frame = assessments.indicators(extract(rows), MONTHS, PARAMS)
    assert value(frame, "assessments_completed", "initial", "2014-12") == 2
    assert value(frame, "assessments_in_timescale_pct", "initial", "2014-12", "denominator") == 1
    assert value(frame, "assessments_in_timescale_pct", "initial", "2014-12") == 100.0
    assert value(frame, "assessments_duration_band", "initial|0-10", "2014-12") == 1


def test_parameters_change_timescales_and_bands():
    params = {**PARAMS, "assessment_timescales": {"initial": 15}, "assessment_bands": {"initial": [15]}}
    frame = assessments.indicators(extract(), MONTHS, params)
    # December: 0, 10, 10, 11, 15 in; 16 out
    assert value(frame, "assessments_in_timescale_pct", "initial", "2014-12") == pytest.approx(500 / 6)
    assert value(frame, "assessments_duration_band", "initial|0-15", "2014-12") == 5
    assert value(frame, "assessments_duration_band", "initial|16+", "2014-12") == 1


def test_months_the_data_cover():
    rows = [r for r in ROWS if r[0] != "z"]  # first start now 2014-10-01 (k)
    frame = assessments.indicators(extract(rows), MONTHS, PARAMS)
    completed = frame.loc[frame["indicator_id"] == "assessments_completed"]
    assert completed["period_end"].min() == pd.Timestamp("2014-10-31")
    # The 12-month rate is written for every covered month, counting what the extract holds:
    # October 2014, nothing authorised yet: 0 per 10,000; December 2014, core k (authorised
    # 1 December): 10000 * 1 / 10,000 = 1.0.
    rate = frame.loc[(frame["indicator_id"] == "assessments_rate_per_10k_12m") & (frame["breakdown"] == "core")]
    rate = rate.set_index(rate["period_end"].dt.strftime("%Y-%m"))["value"]
    assert rate.index.min() == "2014-10"
    assert rate["2014-10"] == 0.0 and rate["2014-12"] == 1.0
    full = assessments.indicators(extract(), MONTHS, PARAMS)
    rate = full.loc[full["indicator_id"] == "assessments_rate_per_10k_12m", "period_end"]
    assert rate.min() == pd.Timestamp("2013-05-31")  # the data's first month


def test_no_completed_assessments_gives_empty_frame():
    rows = [("l", "initial", "2014-12-05", None, None)]
    frame = assessments.indicators(extract(rows), MONTHS, PARAMS)
    assert frame.empty and list(frame.columns)[0] == "indicator_id"


def test_types_present_only_before_window_are_not_reported():
    rows = ROWS + [("old", "single", "2012-01-02", "2012-01-03", False)]
    frame = assessments.indicators(extract(rows), MONTHS, PARAMS)
    assert "single" not in set(frame["breakdown"])


def test_vectorised_many_rows():
    n = 20000
    rng = np.random.default_rng(1)
    start = pd.Timestamp("2014-01-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D")
    auth = start + pd.to_timedelta(rng.integers(0, 60, n), unit="D")
    rows = [(str(i), "single", s, a, False) for i, (s, a) in enumerate(zip(start, auth))]
    frame = assessments.indicators(extract(rows), MONTHS, PARAMS)
    total = frame.loc[frame["indicator_id"] == "assessments_completed", "value"].sum()
    in_months = pd.Series(auth).dt.to_period("M").isin(MONTHS).sum()
    assert total == in_months
