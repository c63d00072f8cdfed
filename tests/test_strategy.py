"""Strategy discussions and section 47 enquiries (strategy.py, narrative/strategy.py), by hand."""

import math

import pandas as pd
import pytest

from boardpack.calendar import report_months
from boardpack.document.section import RunContext, Section
from boardpack.indicators import strategy
from boardpack.narrative import strategy as words
from boardpack.params import load_params
from boardpack.sources.extract import Extract
from helpers import figure_row

PARAMS = load_params()
MONTHS = report_months("2015-04")


def strategy_table():
    # (start, completed, team, cse, s47)
    rows = [
        ("2014-12-01", "2014-12-03", "MASH", True, True),
        ("2014-12-31", None, "MASH", None, False),  # last day of the month; blank CSE = N
        ("2014-12-15", "2015-01-02", None, False, None),  # blank team, blank s47 = N
        ("2014-12-15", "2014-12-16", "CIN North", True, True),
        ("2014-11-30", "2014-12-01", "CIN North", False, True),
        ("2015-01-01", "2015-01-05", " ", False, False),  # blank (spaces) team
        ("2013-06-03", "2013-06-04", "MASH", False, False),  # the data's first month: June 2013
    ]
    return pd.DataFrame(
        {
            "strd_id": pd.Series([str(i) for i in range(len(rows))], dtype="str"),
            "strd_person_id": pd.Series([f"p{i}" for i in range(len(rows))], dtype="str"),
            "strd_start_date": pd.to_datetime(pd.Series([r[0] for r in rows])),
            "strd_completed_date": pd.to_datetime(pd.Series([r[1] for r in rows])),
            "strd_team": pd.Series([r[2] for r in rows], dtype="str"),
            "strd_cse_flag": pd.Series([r[3] for r in rows], dtype="boolean"),
            "strd_s47_flag": pd.Series([r[4] for r in rows], dtype="boolean"),
        }
    )


S47_DATES = ["2013-04-01", "2014-03-31", "2014-04-01", "2014-12-01", "2014-12-31", "2015-03-31", "2015-04-01"]


def s47_table(dates=S47_DATES):
    return pd.DataFrame(
        {
            "s47e_s47_enquiry_id": pd.Series([str(i) for i in range(len(dates))], dtype="str"),
            "s47e_person_id": pd.Series([f"p{i}" for i in range(len(dates))], dtype="str"),
            "s47e_s47_start_date": pd.to_datetime(pd.Series(dates)),
        }
    )


def make_extract(strategy_rows=True, s47=True, population=((2013, 20000.0), (2014, 20000.0), (2015, 40000.0))):
    tables = {}
    if strategy_rows:
        tables["ext_strategy_discussions"] = strategy_table()
    if s47:
        tables["ssd_s47_enquiry"] = s47_table()
    if population is not None:
        tables["ext_population"] = pd.DataFrame(
            {"popn_year": [y for y, _ in population], "popn_age_0_17": [p for _, p in population]}
        )
    return Extract(tables=tables)


def value(frame, indicator, month, breakdown="", column="value"):
    return float(figure_row(frame, indicator, month, breakdown)[column])


@pytest.fixture(scope="module")
def frame():
    return strategy.indicators(make_extract(), MONTHS, PARAMS)


def test_requires_nothing_and_ids(frame):
    assert strategy.REQUIRES == ()
    assert set(frame["indicator_id"]) == {
        "strategy_started",
        "strategy_completed",
        "strategy_cse",
        "strategy_to_s47_pct",
        "s47_started",
        "s47_rate_per_10k_ytd",
    }
    sizes = frame.groupby(["indicator_id", "breakdown"]).size()
    s47 = ["s47_started", "s47_rate_per_10k_ytd"]
    assert (sizes.loc[s47] == 24).all()  # s47 data from April 2013
    assert (sizes.drop(s47, level=0) == 23).all()  # strategy data from June 2013


def test_started_by_team(frame):
    assert value(frame, "strategy_started", "2014-12") == 4  # includes the 31st
    assert value(frame, "strategy_started", "2014-12", "MASH") == 2
    assert value(frame, "strategy_started", "2014-12", "CIN North") == 1
    assert value(frame, "strategy_started", "2014-12", "Not recorded") == 1
    assert value(frame, "strategy_started", "2015-01", "Not recorded") == 1
    assert value(frame, "strategy_started", "2014-11") == 1
    assert value(frame, "strategy_started", "2014-06") == 0  # no records -> 0


def test_completed_cse_and_s47_share(frame):
    assert value(frame, "strategy_completed", "2014-12") == 3  # Dec 1, 3, 16
    assert value(frame, "strategy_completed", "2015-01") == 2
    assert value(frame, "strategy_cse", "2014-12") == 2
    assert value(frame, "strategy_to_s47_pct", "2014-12") == 50.0
    assert value(frame, "strategy_to_s47_pct", "2014-12", column="numerator") == 2
    assert value(frame, "strategy_to_s47_pct", "2014-12", column="denominator") == 4
    assert math.isnan(value(frame, "strategy_to_s47_pct", "2014-06"))


def test_s47_year_to_date_financial_year_boundary(frame):
    # population 2013 and 2014: 20,000; 2015: 40,000
    # FY 2013-14: 2013-04-01 and 2014-03-31
    assert value(frame, "s47_rate_per_10k_ytd", "2014-03", column="numerator") == 2
    assert value(frame, "s47_rate_per_10k_ytd", "2014-03") == pytest.approx(1.0)
    assert value(frame, "s47_rate_per_10k_ytd", "2014-04", column="numerator") == 1  # only 2014-04-01
    assert value(frame, "s47_rate_per_10k_ytd", "2014-11", column="numerator") == 1
    assert value(frame, "s47_rate_per_10k_ytd", "2014-12", column="numerator") == 3
    assert value(frame, "s47_rate_per_10k_ytd", "2014-12") == pytest.approx(1.5)
    assert value(frame, "s47_rate_per_10k_ytd", "2015-03", column="numerator") == 4
    assert value(frame, "s47_rate_per_10k_ytd", "2015-03") == pytest.approx(1.0)  # 4 / 40,000
    assert value(frame, "s47_rate_per_10k_ytd", "2015-04", column="numerator") == 1
    assert value(frame, "s47_started", "2014-12") == 2
    assert value(frame, "s47_started", "2014-06") == 0


def test_s47_year_to_date_counts_from_1_april_in_every_covered_month():
    e = make_extract()
    e.tables["ssd_s47_enquiry"] = s47_table(["2014-03-31", "2014-04-01", "2014-12-01"])
    frame = strategy.indicators(e, MONTHS, PARAMS)
    rate = frame.loc[frame["indicator_id"] == "s47_rate_per_10k_ytd"]
    assert rate["period_end"].min() == pd.Timestamp("2014-03-31")  # the data's first month
    # March 2014 (year from 1 April 2013): 1 enquiry, 10000 * 1 / 20,000 = 0.5. April 2014 starts a
    # new year: 1 (1 April). December 2014: 2 (1 April, 1 December). April 2015: none since 1 April 2015.
    assert value(frame, "s47_rate_per_10k_ytd", "2014-03") == 0.5
    assert value(frame, "s47_rate_per_10k_ytd", "2014-04", column="numerator") == 1
    assert value(frame, "s47_rate_per_10k_ytd", "2014-12", column="numerator") == 2
    assert value(frame, "s47_rate_per_10k_ytd", "2015-04", column="numerator") == 0
    assert value(frame, "s47_started", "2014-03") == 1


def test_zero_population_gives_blank_rate():
    frame = strategy.indicators(make_extract(population=((2014, 0.0),)), MONTHS, PARAMS)
    assert math.isnan(value(frame, "s47_rate_per_10k_ytd", "2014-12"))
    assert value(frame, "s47_rate_per_10k_ytd", "2014-12", column="numerator") == 3
    frame = strategy.indicators(make_extract(population=None), MONTHS, PARAMS)
    assert math.isnan(value(frame, "s47_rate_per_10k_ytd", "2014-12"))


def test_one_table_without_the_other():
    only_s47 = strategy.indicators(make_extract(strategy_rows=False), MONTHS, PARAMS)
    assert set(only_s47["indicator_id"]) == {"s47_started", "s47_rate_per_10k_ytd"}
    only_strategy = strategy.indicators(make_extract(s47=False), MONTHS, PARAMS)
    assert not only_strategy["indicator_id"].str.startswith("s47").any()
    assert strategy.indicators(make_extract(False, False), MONTHS, PARAMS).empty


def section(month="2014-12"):
    frame = strategy.indicators(make_extract(), MONTHS, PARAMS)
    return Section("strategy_s47", RunContext(pd.Period(month, "M"), PARAMS, make_extract(), frame))


def test_started_by_team_for_chart():
    s = section()
    teams = strategy.started_by_team(s)
    assert teams.to_dict() == {"MASH": 2.0, "CIN North": 1.0, "Not recorded": 1.0}
    assert list(strategy.teams_by_month(s).columns) == ["CIN North", "MASH", "Not recorded"]
    assert len(strategy.teams_by_month(s)) == 23


def test_sentences_from_section():
    got = words.sentences(section())
    assert got == [
        "The number of strategy discussions started in December 2014 was 4, an increase of 300.00% compared "
        "to the previous month (1); 3 were completed during the month.",
        "MASH started the most strategy discussions in December 2014: 2 of 4 (50.00%). The team was not "
        "recorded for 1.",
        "A total of 2 strategy discussions started in December 2014 followed a child sexual exploitation (CSE) "
        "risk assessment.",
        "Of the 4 strategy discussions started in December 2014, 2 (50.00%) led to a section 47 enquiry.",
        "2 section 47 enquiries were started in December 2014, compared with none in the previous month.",
        # April-December 2013: one enquiry (2013-04-01) of 20,000 children
        "The year to date rate of section 47 enquiries (April 2014 to December 2014) is 1.50 per 10,000 children "
        "(3 enquiries), compared with 0.50 at the same point last year.",
    ]


def test_sentences_empty_month():
    got = words.sentences(section("2014-06"))
    assert got[0] == "No strategy discussions were started or completed in June 2014."
    assert (
        "No strategy discussions started in June 2014 followed a child sexual exploitation (CSE) risk assessment."
        in got
    )
    assert "No section 47 enquiries were started in June 2014." in got
    assert not any("led to a section 47" in s for s in got)  # no discussions: no share


def test_wording_edges():
    assert words.started_sentence("2014-12", 3, 0) == (
        "The number of strategy discussions started in December 2014 was 3, compared with none in the previous month."
    )
    assert words.started_sentence("2014-12", 0, 2, 1) == (
        "No strategy discussions were started in December 2014, a decrease of 100.00% compared to the previous "
        "month (2); 1 was completed during the month."
    )
    assert words.team_sentence("2014-12", pd.Series({"A": 2.0, "B": 2.0})) == (
        "A and B started the most strategy discussions in December 2014: 2 each of 4 (50.00% each)."
    )
    assert words.team_sentence("2014-12", pd.Series({"A": 0.0})) is None
    assert words.s47_share_sentence("2014-12", 1, 1) == (
        "The one strategy discussion started in December 2014 led to a section 47 enquiry."
    )
    assert (
        words.s47_started_sentence("2014-12", 1, 1)
        == "1 section 47 enquiry was started in December 2014, no change compared to the previous month (1)."
    )
    assert words.s47_ytd_sentence("2014-12", float("nan"), 450) == (
        "There were 450 enquiries in the year to date (April 2014 to December 2014); the rate per 10,000 "
        "children is not available (no population figure)."
    )
    assert words.s47_ytd_sentence("2015-03", 150.0, 540, 140.123) == (
        "The year to date rate of section 47 enquiries (April 2014 to March 2015) is 150 per 10,000 children "
        "(540 enquiries), compared with 140.12 at the same point last year."
    )


def test_no_data_notes():
    assert words.no_data_note(True, True) is None
    assert words.no_data_note(False, True) == (
        "No data: the extract holds no ext_strategy_discussions, so strategy discussions are not reported."
    )
    assert words.no_data_note(False, False) == (
        "No data: the extract holds no ext_strategy_discussions or ssd_s47_enquiry, so strategy discussions and "
        "section 47 enquiries are not reported."
    )


def test_no_year_to_date_sentence_when_the_data_start_after_1_april():
    # Enquiries recorded only from June 2014: the rate is still written (the catalogue's
    # definition over the records held), but the section does not describe a part year as a year.
    e = make_extract()
    e.tables["ssd_s47_enquiry"] = s47_table(["2014-06-02", "2014-12-01"])
    frame = strategy.indicators(e, MONTHS, PARAMS)
    assert value(frame, "s47_rate_per_10k_ytd", "2014-12", column="numerator") == 2
    got = words.sentences(Section("strategy_s47", RunContext(pd.Period("2014-12", "M"), PARAMS, e, frame)))
    assert not any("year to date" in sentence for sentence in got)
