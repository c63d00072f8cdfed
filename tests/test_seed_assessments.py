"""The seed report's December 2014 (shared/reference/seed-report.md), rebuilt from records.

Seed figures reproduced: 151 initial assessments completed in December 2014, an increase of
19.84% on November (126); 50.33% NFA (76/151); 113 in 0-10 working days, 28 in 11-15, 9 in
16-21 and 1 in 22+ (113/151 = 74.83% in timescale; "Of the 38 ... 28 ... 9 ... 1"); 88 strategy
discussions started against 67 in November (an increase of 31.34%); s47 rate year to date
124.65 per 10,000 (450 enquiries April-December 2014 / 36,100 children * 10,000 = 124.65).

Durations, counted by hand in [start, auth) (no bank holidays in November or early December 2014):
2014-12-01 (Mon) -> 2014-12-15 = 10; -> 2014-12-16 = 11; 2014-11-24 (Mon) -> 2014-12-16 = 16;
2014-11-03 (Mon) -> 2014-12-03 = 22.
"""

import pandas as pd
import pytest

from boardpack.calendar import report_months
from boardpack.document.section import RunContext, Section
from boardpack.indicators import assessments, strategy
from boardpack.indicators.frames import combine
from boardpack.narrative import assessments as assessment_words
from boardpack.narrative import strategy as strategy_words
from boardpack.params import load_params
from boardpack.sources.extract import Extract

PARAMS = load_params()
MONTHS = report_months("2014-12")


def _assessments() -> pd.DataFrame:
    groups = [  # (count, start, auth, how many of them NFA)
        (113, "2014-12-01", "2014-12-15", 60),
        (28, "2014-12-01", "2014-12-16", 12),
        (9, "2014-11-24", "2014-12-16", 3),
        (1, "2014-11-03", "2014-12-03", 1),
        (126, "2014-11-03", "2014-11-10", 0),  # November: 126 completed
    ]
    starts, auths, nfa = [], [], []
    for count, start, auth, n_nfa in groups:
        starts += [start] * count
        auths += [auth] * count
        nfa += [True] * n_nfa + [False] * (count - n_nfa)
    n = len(starts)
    return pd.DataFrame(
        {
            "cina_assessment_id": pd.Series([f"a{i}" for i in range(n)], dtype="str"),
            "cina_person_id": pd.Series([f"p{i}" for i in range(n)], dtype="str"),
            "cina_assessment_start_date": pd.to_datetime(pd.Series(starts)),
            "cina_assessment_auth_date": pd.to_datetime(pd.Series(auths)),
            "cina_assessment_outcome_nfa": pd.Series(nfa, dtype="boolean"),
            "cina_assessment_type": pd.Series(["initial"] * n, dtype="str"),
        }
    )


def _s47() -> pd.DataFrame:
    # 50 a month April-December 2014 (450), plus 30 in March 2014 (the previous financial year)
    months = ["2014-03"] + [f"2014-{m:02d}" for m in range(4, 13)]
    dates = []
    for month in months:
        n = 30 if month == "2014-03" else 50
        dates += [f"{month}-{1 + i % 28:02d}" for i in range(n)]
    return pd.DataFrame(
        {
            "s47e_s47_enquiry_id": pd.Series([f"s{i}" for i in range(len(dates))], dtype="str"),
            "s47e_person_id": pd.Series([f"p{i}" for i in range(len(dates))], dtype="str"),
            "s47e_s47_start_date": pd.to_datetime(pd.Series(dates)),
        }
    )


def _strategy() -> pd.DataFrame:
    dates = ["2014-11-12"] * 67 + ["2014-12-09"] * 88
    teams = ["MASH"] * 67 + ["MASH"] * 50 + ["CIN North"] * 38
    n = len(dates)
    return pd.DataFrame(
        {
            "strd_id": pd.Series([f"d{i}" for i in range(n)], dtype="str"),
            "strd_person_id": pd.Series([f"p{i}" for i in range(n)], dtype="str"),
            "strd_start_date": pd.to_datetime(pd.Series(dates)),
            "strd_completed_date": pd.to_datetime(pd.Series(dates)),
            "strd_team": pd.Series(teams, dtype="str"),
            "strd_cse_flag": pd.Series([False] * (n - 8) + [True] * 8, dtype="boolean"),
            "strd_s47_flag": pd.Series([True] * 40 + [False] * (n - 40), dtype="boolean"),
        }
    )


@pytest.fixture(scope="module")
def seed():
    extract = Extract(
        tables={
            "ssd_cin_assessments": _assessments(),
            "ssd_s47_enquiry": _s47(),
            "ext_strategy_discussions": _strategy(),
            "ext_population": pd.DataFrame({"popn_year": [2014], "popn_age_0_17": [36100.0]}),
        }
    )
    frame = combine([assessments.indicators(extract, MONTHS, PARAMS), strategy.indicators(extract, MONTHS, PARAMS)])
    context = RunContext(pd.Period("2014-12", "M"), PARAMS, extract, frame)
    return Section("assessments", context)


def test_initial_assessments(seed):
    assert seed.value("assessments_completed", "initial") == 151
    assert seed.value("assessments_completed", "initial", "2014-11") == 126
    assert round(seed.value("assessments_nfa_pct", "initial"), 2) == 50.33
    bands = seed.breakdowns("assessments_duration_band").set_index("breakdown")["value"].to_dict()
    assert bands == {"initial|0-10": 113, "initial|11-15": 28, "initial|16-21": 9, "initial|22+": 1}
    assert round(seed.value("assessments_in_timescale_pct", "initial"), 2) == 74.83


def test_s47_rate_year_to_date(seed):
    rows = seed.breakdowns("s47_rate_per_10k_ytd", headline=True)
    assert rows.at[0, "numerator"] == 450
    assert rows.at[0, "denominator"] == 36100
    assert round(450 / 36100 * 10000, 2) == 124.65
    assert round(rows.at[0, "value"], 2) == 124.65


def test_seed_sentences(seed):
    got = assessment_words.sentences(seed, "initial")
    assert got[0] == (
        "There were 151 initial assessments completed in December 2014, an increase of 19.84% "
        "compared to the previous month (126)."
    )
    assert (
        "Of the 151 initial assessments completed in December 2014, 76 (50.33%) resulted in no further action."
    ) in got
    assert (
        "74.83% of initial assessments completed in December 2014 were completed within 10 working days "
        "(113 of 151). The local target of 85% was not met."
    ) in got
    assert got[-1] == (
        "Of the 38 initial assessments completed out of timescale, 28 were completed within 15 "
        "working days, 9 within 21 and 1 in 22 or more."
    )
    # the fixture's records begin in November 2014: no 12-month rate, so no sentence about it
    assert not any(s.startswith("Over the 12 months") for s in got)


def test_seed_strategy_sentences(seed):
    got = strategy_words.sentences(seed)
    assert got[0].startswith(
        "The number of strategy discussions started in December 2014 was 88, an increase "
        "of 31.34% compared to the previous month (67)"
    )
    assert (
        "A total of 8 strategy discussions started in December 2014 followed a child sexual exploitation "
        "(CSE) risk assessment."
    ) in got
    assert got[-1].startswith(
        "The year to date rate of section 47 enquiries (April 2014 to December 2014) is "
        "124.65 per 10,000 children (450 enquiries)"
    )
