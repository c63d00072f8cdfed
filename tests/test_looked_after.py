"""Looked-after children indicators, on small frames worked out by hand (reporting month December 2014)."""

import math

import numpy as np
import pandas as pd
import pytest

from boardpack.calendar import report_months
from boardpack.indicators import looked_after as la
from boardpack.sources.extract import Extract
from helpers import figure_row

DEC = pd.Period("2014-12", "M")
NOV = pd.Period("2014-11", "M")
MONTHS = report_months("2014-12", 24)


def d(value):
    return pd.NaT if value is None else pd.Timestamp(value)


def episodes(rows):
    """rows: (episode id, person, start, start reason, ceased, ceased reason, period of care)."""
    f = pd.DataFrame(
        rows,
        columns=[
            "clae_cla_episode_id",
            "clae_person_id",
            "clae_cla_episode_start_date",
            "clae_cla_episode_start_reason",
            "clae_cla_episode_ceased_date",
            "clae_cla_episode_ceased_reason",
            "clae_cla_id",
        ],
    )
    for c in ("clae_cla_episode_start_date", "clae_cla_episode_ceased_date"):
        f[c] = pd.to_datetime(f[c])
    return f


def people(rows):
    f = pd.DataFrame(rows, columns=["pers_person_id", "pers_dob"])
    f["pers_dob"] = pd.to_datetime(f["pers_dob"])
    return f


def placements(rows):
    """rows: (placement id, person, start, end)."""
    f = pd.DataFrame(
        rows,
        columns=[
            "clap_cla_placement_id",
            "clap_person_id",
            "clap_cla_placement_start_date",
            "clap_cla_placement_end_date",
        ],
    )
    for c in ("clap_cla_placement_start_date", "clap_cla_placement_end_date"):
        f[c] = pd.to_datetime(f[c])
    f["clap_cla_id"] = None
    return f


def value(frame, indicator_id, month=DEC, breakdown=""):
    return figure_row(frame, indicator_id, month, breakdown)


# A: 16th birthday on 31 Dec 2014 (so 16); in care since 2010.
# B: care ended on 31 Dec 2014, the last day of the month: not looked after at the end of December.
# C: no date of birth; started 10 Dec 2014.
# D: born May 2014; two episodes of one period of care joined by X1 on 1 Sep 2014.
# E: aged 9; period of care started in 2008, long before the data window.
BASE_EPISODES = episodes(
    [
        ("e1", "A", "2010-01-01", "S", None, None, "PA"),
        ("e2", "B", "2014-06-01", "S", "2014-12-31", "E4", "PB"),
        ("e3", "C", "2014-12-10", "S", None, None, "PC"),
        ("e4", "D", "2014-05-10", "S", "2014-09-01", "X1", "PD"),
        ("e5", "D", "2014-09-01", "P", None, None, "PD"),
        ("e6", "E", "2008-01-01", "S", None, None, "PE"),
    ]
)
BASE_PEOPLE = people([("A", "1998-12-31"), ("B", "2000-03-03"), ("C", None), ("D", "2014-05-01"), ("E", "2005-06-15")])
POPULATION = pd.DataFrame({"popn_year": [2013.0, 2014.0], "popn_age_0_17": [35900.0, 36100.0]})


@pytest.fixture(scope="module")
def base():
    extract = Extract(
        tables={"ssd_cla_episodes": BASE_EPISODES, "ssd_person": BASE_PEOPLE, "ext_population": POPULATION}
    )
    return la.indicators(extract, MONTHS, {"cla_visit_interval_days": 42})


def test_age_on_16th_birthday_is_16_and_leap_day():
    dob = pd.to_datetime(pd.Series(["1998-12-31", "1999-01-01", "2000-02-29", None]))
    assert la.age_at(dob, pd.Timestamp("2014-12-31")).tolist()[:3] == [16.0, 15.0, 14.0]
    # born 29 Feb 2000: still 13 on 28 Feb 2014, 14 from 1 March
    assert la.age_at(dob, pd.Timestamp("2014-02-28")).tolist()[2] == 13.0
    assert math.isnan(la.age_at(dob, pd.Timestamp("2014-12-31")).tolist()[3])


def test_cla_open_headline_and_age_bands(base):
    # End of December: A, C, D, E (B's care ended on the 31st). C has no dob: headline only.
    assert value(base, "cla_open")["value"] == 4
    bands = {b: value(base, "cla_open", breakdown=b)["value"] for b in la.AGE_BANDS}
    assert bands == {"Under 1": 1, "1-4": 0, "5-9": 1, "10-15": 0, "16-17": 1}
    # End of November: A (15 then), B (14), D, E.
    assert value(base, "cla_open", NOV)["value"] == 4
    assert value(base, "cla_open", NOV, "10-15")["value"] == 2
    assert value(base, "cla_open", NOV, "16-17")["value"] == 0


def test_missing_dob_counted(base):
    extract = Extract(tables={"ssd_cla_episodes": BASE_EPISODES, "ssd_person": BASE_PEOPLE})
    assert la.missing_dob_count(extract, "2014-12") == 1
    assert la.missing_dob_count(extract, "2014-11") == 0


def test_rate_per_10k(base):
    row = value(base, "cla_rate_per_10k")
    assert row["value"] == pytest.approx(4 / 36100 * 10000)
    assert (row["numerator"], row["denominator"]) == (4, 36100)
    # December 2013: A and E only, 2013 population
    assert value(base, "cla_rate_per_10k", pd.Period("2013-12", "M"))["value"] == pytest.approx(2 / 35900 * 10000)


def test_started_and_ceased(base):
    assert value(base, "cla_started")["value"] == 1  # C
    assert value(base, "cla_started", pd.Period("2014-05", "M"))["value"] == 1  # D (E's S is in 2008)
    assert value(base, "cla_started", pd.Period("2014-09", "M"))["value"] == 0  # D's P episode is not a start
    assert value(base, "cla_ceased")["value"] == 1  # B, on the 31st
    assert value(base, "cla_ceased", pd.Period("2014-09", "M"))["value"] == 0  # X1: care continues
    # a month with no records at all
    assert value(base, "cla_started", pd.Period("2014-10", "M"))["value"] == 0
    assert value(base, "cla_ceased", pd.Period("2014-10", "M"))["value"] == 0


def test_change_12m(base):
    # December 2013: A and E; December 2014: A, C, D, E -> +100%
    row = value(base, "cla_change_12m_pct")
    assert row["value"] == pytest.approx(100.0)
    assert (row["numerator"], row["denominator"]) == (2, 2)


def test_change_12m_blank_before_the_data_and_on_zero():
    months = report_months("2014-12", 13)
    # earliest record Jan 2014: Dec 2013 is before the data
    young = episodes([("e1", "A", "2014-01-15", "S", None, None, "P1")])
    frame = la.indicators(Extract(tables={"ssd_cla_episodes": young}), months, {})
    assert math.isnan(value(frame, "cla_change_12m_pct")["value"])
    assert value(frame, "cla_open")["value"] == 1
    # months before the first record are not reported
    assert frame["period_end"].min() == pd.Timestamp("2014-01-31")
    # data from June 2013, but nobody looked after at the end of December 2013: 0 -> blank, not inf
    gap = episodes(
        [("e1", "A", "2013-06-01", "S", "2013-08-01", "E1", "P1"), ("e2", "B", "2014-02-01", "S", None, None, "P2")]
    )
    frame = la.indicators(Extract(tables={"ssd_cla_episodes": gap}), months, {})
    assert math.isnan(value(frame, "cla_change_12m_pct")["value"])
    assert value(frame, "cla_change_12m_pct")["denominator"] == 0


def test_three_or_more_placements():
    place = placements(
        [
            # E: three placements in 2014, the first started in 2012, before the window
            ("p1", "E", "2012-01-01", "2014-03-01"),
            ("p2", "E", "2014-03-01", "2014-08-01"),
            ("p3", "E", "2014-08-01", None),
            # A: p4 ended before the window; p5 ended on its first day (current that day: counts)
            ("p4", "A", "2010-01-01", "2013-12-31"),
            ("p5", "A", "2013-12-31", "2014-01-01"),
            ("p6", "A", "2014-01-01", "2014-05-01"),
            ("p7", "A", "2014-05-01", None),
            # D: two; C: one
            ("p8", "D", "2014-05-10", "2014-09-01"),
            ("p9", "D", "2014-09-01", None),
            ("p10", "C", "2014-12-10", None),
            # B: three, but not looked after at the end of December
            ("p11", "B", "2014-06-01", "2014-07-01"),
            ("p12", "B", "2014-07-01", "2014-08-01"),
            ("p13", "B", "2014-08-01", "2014-12-31"),
        ]
    )
    extract = Extract(tables={"ssd_cla_episodes": BASE_EPISODES, "ssd_person": BASE_PEOPLE, "ssd_cla_placement": place})
    frame = la.indicators(extract, MONTHS, {})
    row = value(frame, "cla_3plus_placements_pct")
    assert (row["numerator"], row["denominator"]) == (2, 4)  # A and E of A, C, D, E
    assert row["value"] == pytest.approx(50.0)
    # November: window Dec 2013 - Nov 2014; looked after A, B, D, E; 3+: A (p4 ended 31 Dec 2013,
    # inside this window, so p4-p7 = 4), B (3), E (3)
    row = value(frame, "cla_3plus_placements_pct", NOV)
    assert (row["numerator"], row["denominator"]) == (3, 4)


def test_long_term_stability():
    eps = episodes(
        [
            # A: 16 on the month end -> out of the cohort although long in care and stable
            ("a1", "A", "2010-01-01", "S", None, None, "PA"),
            # F: continuous since 2011 across two episodes (X1); placed exactly 24 months before -> stable
            ("f1", "F", "2011-01-01", "S", "2013-01-01", "X1", "PF"),
            ("f2", "F", "2013-01-01", "L", None, None, "PF"),
            # G: a gap inside one period of care: continuous only since June 2013 -> out
            ("g1", "G", "2010-01-01", "S", "2013-05-01", "E1", "PG"),
            ("g2", "G", "2013-06-01", "S", None, None, "PG"),
            # H: in care since exactly 30 months before the month end -> in; same placement since -> stable
            ("h1", "H", "2012-06-30", "S", None, None, "PH"),
            # E: long in care, but moved in August 2014 -> in the cohort, not stable
            ("e1", "E", "2008-01-01", "S", None, None, "PE"),
            # J: 30 months less a day -> out
            ("j1", "J", "2012-07-01", "S", None, None, "PJ"),
        ]
    )
    pers = people(
        [
            ("A", "1998-12-31"),
            ("F", "2004-01-01"),
            ("G", "2006-01-01"),
            ("H", "2003-01-01"),
            ("E", "2005-06-15"),
            ("J", "2004-01-01"),
        ]
    )
    place = placements(
        [
            ("pa", "A", "2010-01-01", None),
            ("pf1", "F", "2011-01-01", "2012-12-31"),
            ("pf2", "F", "2012-12-31", None),
            ("pg", "G", "2010-01-01", None),
            ("ph", "H", "2012-06-30", None),
            ("pe1", "E", "2008-01-01", "2014-08-01"),
            ("pe2", "E", "2014-08-01", None),
            ("pj", "J", "2012-07-01", None),
        ]
    )
    extract = Extract(tables={"ssd_cla_episodes": eps, "ssd_person": pers, "ssd_cla_placement": place})
    frame = la.indicators(extract, MONTHS, {})
    row = value(frame, "cla_long_term_stability_pct")
    assert (row["numerator"], row["denominator"]) == (2, 3)  # F, H stable of E, F, H
    assert row["value"] == pytest.approx(200 / 3)


def test_care_runs_join_and_split():
    eps = episodes(
        [
            ("1", "F", "2011-01-01", "S", "2013-01-01", "X1", "PF"),
            ("2", "F", "2013-01-01", "L", None, None, "PF"),
            ("3", "G", "2010-01-01", "S", "2013-05-01", "E1", "PG"),
            ("4", "G", "2013-06-01", "S", None, None, "PG"),
        ]
    )
    assert la.care_runs(eps).tolist() == [pd.Timestamp("2011-01-01")] * 2 + [
        pd.Timestamp("2010-01-01"),
        pd.Timestamp("2013-06-01"),
    ]


def test_visits_in_timescale():
    eps = episodes(
        [
            ("1", "A", "2010-01-01", "S", None, None, "PA"),
            ("2", "C", "2014-12-10", "S", None, None, "PC"),  # in care 21 days: not in the denominator
            ("3", "D", "2014-05-10", "S", None, None, "PD"),
            ("4", "E", "2008-01-01", "S", None, None, "PE"),
            ("5", "I", "2014-11-19", "S", None, None, "PI"),  # in care exactly 42 days: not longer -> out
        ]
    )
    visits = pd.DataFrame(
        {
            "clav_cla_visit_id": ["v1", "v2", "v3", "v4", "v5", "v6", "v7"],
            "clav_person_id": ["A", "E", "E", "D", "E", "C", "I"],
            "clav_cla_visit_date": pd.to_datetime(
                ["2014-11-19", "2014-11-18", "2014-12-05", "2014-12-31", "2015-01-02", "2014-12-11", "2014-11-20"]
            ),
            # A exactly 42 days before: seen; E 43 days before; E in December not seen; D blank = seen
            "clav_cla_visit_seen": pd.array([True, True, False, pd.NA, True, True, True], dtype="boolean"),
        }
    )
    extract = Extract(tables={"ssd_cla_episodes": eps, "ssd_cla_visits": visits})
    frame = la.indicators(extract, MONTHS, {"cla_visit_interval_days": 42})
    row = value(frame, "cla_visits_in_timescale_pct")
    assert (row["numerator"], row["denominator"]) == (2, 3)  # A, D of A, D, E
    # a longer interval (60 days) reaches E's 18 November visit and takes in I
    frame = la.indicators(extract, MONTHS, {"cla_visit_interval_days": 60})
    row = value(frame, "cla_visits_in_timescale_pct")
    assert (row["numerator"], row["denominator"]) == (3, 3)  # I started 42 days before: still out


def test_reviews_held_and_in_timescale():
    eps = episodes([("1", "A", "2010-01-01", "S", None, None, "PA")])
    reviews = pd.DataFrame(
        {
            "clar_cla_review_id": ["r1", "r2", "r3", "r4", "r5", "r6"],
            "clar_cla_id": ["PA"] * 6,
            "clar_cla_review_due_date": pd.to_datetime(
                ["2014-12-10", "2014-12-01", "2014-12-20", "2014-12-31", None, "2014-12-31"]
            ),
            "clar_cla_review_date": pd.to_datetime(
                ["2014-12-09", "2014-12-15", "2014-12-18", "2014-12-31", "2014-12-03", "2015-01-02"]
            ),
            "clar_cla_review_cancelled": pd.array([False, pd.NA, True, False, False, False], dtype="boolean"),
        }
    )
    frame = la.indicators(Extract(tables={"ssd_cla_episodes": eps, "ssd_cla_reviews": reviews}), MONTHS, {})
    # held: r1 (early), r2 (after its due date), r4 (on its due date), r5 (no due date); r3 cancelled
    assert value(frame, "cla_reviews_held")["value"] == 4
    row = value(frame, "cla_reviews_in_timescale_pct")
    assert (row["numerator"], row["denominator"]) == (2, 4)
    assert value(frame, "cla_reviews_held", NOV)["value"] == 0
    assert math.isnan(value(frame, "cla_reviews_in_timescale_pct", NOV)["value"])


def test_cp_and_looked_after():
    plans = pd.DataFrame(
        {
            "cppl_cp_plan_id": ["1", "2", "3", "4"],
            "cppl_person_id": ["A", "E", "C", "B"],  # B: on a plan, care ended 31 December
            "cppl_cp_plan_start_date": pd.to_datetime(["2014-10-01", "2014-01-01", "2014-12-20", "2014-01-01"]),
            "cppl_cp_plan_end_date": pd.to_datetime([None, "2014-12-31", None, None]),
        }
    )
    extract = Extract(tables={"ssd_cla_episodes": BASE_EPISODES, "ssd_cp_plans": plans})
    frame = la.indicators(extract, MONTHS, {})
    assert value(frame, "cp_and_looked_after")["value"] == 2  # A and C; E's plan ended on the 31st
    # end of November: A, E and B (B's care ended on 31 December, so B was still looked after)
    assert value(frame, "cp_and_looked_after", NOV)["value"] == 3
    assert "cp_and_looked_after" not in set(
        la.indicators(Extract(tables={"ssd_cla_episodes": BASE_EPISODES}), MONTHS, {})["indicator_id"]
    )


def test_optional_tables_absent_and_no_person_table():
    frame = la.indicators(Extract(tables={"ssd_cla_episodes": BASE_EPISODES}), MONTHS, {})
    ids = set(frame["indicator_id"])
    assert {"cla_open", "cla_rate_per_10k", "cla_started", "cla_ceased", "cla_change_12m_pct"} <= ids
    assert not ids & {"cla_3plus_placements_pct", "cla_visits_in_timescale_pct", "cla_reviews_held"}
    # without ssd_person there are no age bands (not zeros) and no population: rate blank
    assert set(frame.loc[frame["indicator_id"] == "cla_open", "breakdown"]) == {""}
    assert np.isnan(value(frame, "cla_rate_per_10k")["value"])


def test_frame_columns_and_zero_denominator():
    eps = episodes([("1", "A", "2014-12-10", "S", None, None, "PA")])
    empty_visits = pd.DataFrame(
        {
            "clav_cla_visit_id": pd.Series(dtype="str"),
            "clav_person_id": pd.Series(dtype="str"),
            "clav_cla_visit_date": pd.Series(dtype="datetime64[ns]"),
            "clav_cla_visit_seen": pd.Series(dtype="boolean"),
        }
    )
    frame = la.indicators(Extract(tables={"ssd_cla_episodes": eps, "ssd_cla_visits": empty_visits}), MONTHS, {})
    assert list(frame.columns) == ["indicator_id", "period_end", "breakdown", "value", "numerator", "denominator"]
    row = value(frame, "cla_visits_in_timescale_pct")
    assert row["denominator"] == 0 and math.isnan(row["value"])


class FakeSection:
    """The parts of a Section that the looked-after display helpers use."""

    def __init__(self, indicators, month):
        self.indicators, self.month = indicators, pd.Period(month, "M")

    def series(self, indicator_id, breakdown=""):
        rows = self.indicators.loc[
            (self.indicators["indicator_id"] == indicator_id) & (self.indicators["breakdown"] == breakdown)
        ]
        return rows.set_index(rows["period_end"].dt.to_period("M"))["value"].sort_index()

    def suppressed(self, indicator_id, breakdown="", month=None):
        return False  # the full edition

    def value(self, indicator_id, breakdown="", month=None):
        return float(self.series(indicator_id, breakdown).get(month or self.month, float("nan")))


def test_age_table_and_summary_table(base):
    s = FakeSection(base, "2014-12")
    table = la.age_table(s).set_index("Age at the month end")
    # December 2014: 3 children with a dob (A 16-17, D under 1, E 5-9): a third each
    assert table.loc["16-17", "This month: children"] == 1
    assert table.loc["16-17", "This month: %"] == pytest.approx(100 / 3)
    # December 2013: A (15 then: 10-15) and E (8: 5-9)
    assert table.loc["10-15", "Year earlier: children"] == 1 and table.loc["5-9", "Year earlier: %"] == 50
    summary = la.summary_table(s)
    assert len(summary) == 12 and summary["Month"].iloc[-1] == "Dec 2014"
    assert summary["Looked after"].iloc[-1] == 4 and summary["Started"].iloc[-1] == 1
