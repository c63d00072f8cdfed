"""Early help indicators (early_help.py) and their sentences (narrative/early_help.py), by hand."""

import math

import pandas as pd
import pytest

from boardpack.calendar import report_months
from boardpack.document.section import RunContext, Section
from boardpack.indicators import early_help
from boardpack.narrative import early_help as words
from boardpack.params import load_params
from boardpack.sources.extract import Extract
from helpers import figure_row

PARAMS = load_params()
MONTHS = report_months("2014-12")

# (episode, child, start, step_down_from, lead agency)
EPISODES = [
    ("e0", "c0", "2012-12-15", None, "School"),  # before the 24 months: data cover them all
    ("e1", "c1", "2014-01-01", "initial", "School"),  # first day of the 12 months to Dec 2014
    ("e2", "c2", "2013-12-31", "core", "School"),  # just before that window; inside Nov's
    ("e3", "c3", "2014-12-31", "initial", "Health visitor"),  # last day of December
    ("e4", "c4", "2014-12-10", None, "School"),  # not a step-down
    ("e5", "c5", "2014-12-02", "Core", None),  # lead agency blank; type in capitals
    ("e6", "c6", "2014-06-15", "initial", "School"),
    ("e7", "c7", "2014-12-05", " ", "Police"),  # blank step-down (spaces)
]
# (referral, child, date)
REFERRALS = [
    ("r1", "c1", "2014-12-31"),  # c1: on the last day of December -> counts for Dec, not Nov
    ("r0", "c1", "2013-12-20"),  # c1: before the episode (the referral that led to it)
    ("r2", "c2", "2014-03-01"),  # c2: after its start
    ("r3", "c3", "2014-12-31"),  # c3: same day as the episode start -> not a step-up
    ("r6", "c6", "2015-01-01"),  # c6: after the end of December -> not yet
]


def make_extract(referrals=True):
    eh = pd.DataFrame(
        {
            "earl_episode_id": pd.Series([r[0] for r in EPISODES], dtype="str"),
            "earl_person_id": pd.Series([r[1] for r in EPISODES], dtype="str"),
            "earl_episode_start_date": pd.to_datetime(pd.Series([r[2] for r in EPISODES])),
            "earl_step_down_from": pd.Series([r[3] for r in EPISODES], dtype="str"),
            "earl_episode_organisation": pd.Series([r[4] for r in EPISODES], dtype="str"),
        }
    )
    tables = {"ssd_early_help_episodes": eh}
    if referrals:
        tables["ssd_cin_episodes"] = pd.DataFrame(
            {
                "cine_referral_id": pd.Series([r[0] for r in REFERRALS], dtype="str"),
                "cine_person_id": pd.Series([r[1] for r in REFERRALS], dtype="str"),
                "cine_referral_date": pd.to_datetime(pd.Series([r[2] for r in REFERRALS])),
            }
        )
    return Extract(tables=tables)


def value(frame, indicator, month, breakdown="", column="value"):
    return float(figure_row(frame, indicator, month, breakdown)[column])


@pytest.fixture(scope="module")
def frame():
    return early_help.indicators(make_extract(), MONTHS, PARAMS)


def test_started(frame):
    assert value(frame, "eh_started", "2014-12") == 4  # e3 (31st), e4, e5, e7
    assert value(frame, "eh_started", "2014-01") == 1
    assert value(frame, "eh_started", "2013-12") == 1
    assert value(frame, "eh_started", "2014-03") == 0  # no records -> 0


def test_step_downs_headline_and_type(frame):
    assert value(frame, "eh_step_downs", "2014-12") == 2  # e3 initial, e5 core; e4, e7 are not
    assert value(frame, "eh_step_downs", "2014-12", "initial") == 1
    assert value(frame, "eh_step_downs", "2014-12", "core") == 1
    assert value(frame, "eh_step_downs", "2014-06", "core") == 0
    types = frame.loc[frame["indicator_id"] == "eh_step_downs", "breakdown"].unique().tolist()
    assert types == ["", "initial", "core"]  # single is not in the data


def test_step_up_window_edges(frame):
    # 12 months to Dec 2014 (2014-01-01..2014-12-31): e1, e3, e5, e6 stepped down (e2 started 2013-12-31).
    # e1: referral 2014-12-31 (<= end of Dec) -> up; e3: referral on its start day -> no;
    # e5: no referral; e6: 2015-01-01 -> no.
    assert value(frame, "eh_step_up_pct", "2014-12", column="denominator") == 4
    assert value(frame, "eh_step_up_pct", "2014-12", column="numerator") == 1
    assert value(frame, "eh_step_up_pct", "2014-12") == 25.0
    # 12 months to Nov 2014 (2013-12-01..2014-11-30): e1, e2, e6. e2 up (2014-03-01); e1 not yet.
    assert value(frame, "eh_step_up_pct", "2014-11", column="denominator") == 3
    assert value(frame, "eh_step_up_pct", "2014-11", column="numerator") == 1
    # 12 months to Feb 2014: e1, e2; neither referred again by 2014-02-28
    assert value(frame, "eh_step_up_pct", "2014-02") == 0.0
    # 12 months to Nov 2013 (Dec 2012-Nov 2013): no step-downs -> blank
    assert math.isnan(value(frame, "eh_step_up_pct", "2013-11"))
    assert value(frame, "eh_step_up_pct", "2013-11", column="denominator") == 0


def test_step_up_skipped_without_referrals():
    frame = early_help.indicators(make_extract(referrals=False), MONTHS, PARAMS)
    assert "eh_step_up_pct" not in set(frame["indicator_id"])
    assert value(frame, "eh_started", "2014-12") == 4


def test_no_step_down_column():
    e = make_extract()
    e.tables["ssd_early_help_episodes"] = e.tables["ssd_early_help_episodes"].drop(columns="earl_step_down_from")
    frame = early_help.indicators(e, MONTHS, PARAMS)
    assert value(frame, "eh_step_downs", "2014-12") == 0
    assert set(frame.loc[frame["indicator_id"] == "eh_step_downs", "breakdown"]) == {""}
    assert value(frame, "eh_step_up_pct", "2014-12", column="denominator") == 0


def test_months_before_the_data_are_not_reported():
    e = make_extract()
    table = e.tables["ssd_early_help_episodes"]
    e.tables["ssd_early_help_episodes"] = table.loc[table["earl_episode_id"] != "e0"]
    frame = early_help.indicators(e, MONTHS, PARAMS)
    assert frame["period_end"].min() == pd.Timestamp("2013-12-31")  # e2's month
    e.tables["ssd_early_help_episodes"] = table.iloc[:0]
    assert early_help.indicators(e, MONTHS, PARAMS).empty


def test_lead_agency_counts():
    counts = early_help.lead_agency_counts(make_extract(), "2014-12")
    assert counts.to_dict() == {"Health visitor": 1, "Not recorded": 1, "Police": 1, "School": 1}
    assert early_help.lead_agency_counts(make_extract(), "2014-03").empty


def section(month="2014-12"):
    e = make_extract()
    return Section("early_help", RunContext(pd.Period(month, "M"), PARAMS, e, early_help.indicators(e, MONTHS, PARAMS)))


def test_step_downs_by_month_for_chart():
    wide = early_help.step_downs_by_month(section())
    assert list(wide.columns) == ["initial", "core"]
    assert wide.loc[pd.Period("2014-12", "M")].tolist() == [1.0, 1.0]
    assert len(wide) == 24


def test_sentences_from_section():
    assert words.sentences(section()) == [
        "4 new CAFs (early help assessments) were started in December 2014, compared with none in the previous month.",
        "New CAFs in December 2014 were led mainly by Health visitor (1), Police (1) and School (1). The lead "
        "agency was not recorded for 1.",
        "2 of the CAFs started in December 2014 were step-downs from a social care assessment: 1 from initial "
        "assessment and 1 from core assessment.",
        "Of the 4 CAFs stepped down from a social care assessment in the 12 months to December 2014, 1 (25.00%) "
        "have since stepped back up (a new referral for the child by the end of the month).",
    ]


def test_sentences_empty_month():
    got = words.sentences(section("2014-03"))
    assert got[0] == "No new CAFs (early help assessments) were started in March 2014."
    assert "No CAFs started in March 2014 were step-downs from a social care assessment." in got
    assert not any("led mainly" in s for s in got)


def test_wording_edges():
    assert words.started_sentence("2014-12", 1, 1) == (
        "1 new CAF (early help assessment) was started in December 2014, no change compared to the previous month (1)."
    )
    assert (
        words.lead_agency_sentence("2014-12", pd.Series({"School": 3}))
        == "New CAFs in December 2014 were led by School (3)."
    )
    assert words.lead_agency_sentence("2014-12", pd.Series(dtype="int64")) is None
    assert words.step_down_sentence("2014-12", 1, {"core": 1, "initial": 0}) == (
        "One of the CAFs started in December 2014 was a step-down from a social care assessment (from core assessment)."
    )
    assert words.step_down_sentence("2014-12", float("nan")) is None
    assert words.step_up_sentence("2014-12", 1, 1) == (
        "The one CAF stepped down from a social care assessment in the 12 months to December 2014 has since "
        "stepped back up (a new referral for the child by the end of the month)."
    )
    assert words.step_up_sentence("2014-12", float("nan"), float("nan")) is None


def test_notes_and_chart_frame():
    assert words.no_data_note().startswith("No data: the extract holds no ssd_early_help_episodes")
    frame = words.step_down_frame(section())
    assert list(frame.columns) == ["From initial assessment", "From core assessment"]
