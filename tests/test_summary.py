"""Summary scorecard on a hand-built indicator frame."""

import math

import numpy as np
import pandas as pd
import pytest

from boardpack.board import benchmarks as b
from boardpack.board import summary
from boardpack.indicators import frames

MONTHS = pd.period_range("2013-12", "2014-12", freq="M")  # 13 months
PARAMS = {
    "la_code": "E06000999",
    "better": {"rereferrals_pct": "lower"},
    "targets": {"assessments_in_timescale_pct": {"breakdown": "initial", "value": 85, "better": "higher"}},
    "benchmarks": {"min_neighbours": 2},
    "spc": {"min_points": 12, "shift_points": 7, "trend_points": 6, "two_of_three": True},
}


def indicators():
    contacts = pd.Series([400.0] + [500.0, 520.0] * 5 + [557.0, 421.0], index=MONTHS)
    rerefs_num = pd.Series([20.0] * 12 + [30.0], index=MONTHS)
    rerefs_den = pd.Series([100.0] * 12 + [120.0], index=MONTHS)
    timely_num = pd.Series([80.0] * 11 + [9.0, 0.0], index=MONTHS).to_frame("initial")
    timely_den = pd.Series([100.0] * 11 + [10.0, 0.0], index=MONTHS).to_frame("initial")  # Dec: none completed
    new = pd.Series([7.0], index=MONTHS[-1:])  # first month of data
    return frames.combine(
        [
            frames.tidy("contacts", contacts),
            frames.percent("rereferrals_pct", rerefs_num, rerefs_den),
            frames.percent("assessments_in_timescale_pct", timely_num, timely_den),
            frames.tidy("missing_notifications", new),
        ]
    )


def bench_table():
    base = {
        "breakdown": "",
        "year": 2014,
        "period_end": pd.Timestamp("2014-03-31"),
        "n_values": np.nan,
        "source_file": "c1.csv",
        "source_column": "rereferral_percent",
        "indicator_id": "rereferrals_pct",
    }
    rows = [
        {
            **base,
            "geography_level": "england",
            "geography_code": "E92000001",
            "old_la_code": "",
            "region_code": "",
            "name": "England",
            "value": 23.4,
        },
        {
            **base,
            "geography_level": "region",
            "geography_code": "E12000005",
            "old_la_code": "",
            "region_code": "",
            "name": "West Midlands",
            "value": 19.3,
        },
        {
            **base,
            "geography_level": "la",
            "geography_code": "E06000999",
            "old_la_code": "999",
            "region_code": "E12000005",
            "name": "Demoshire",
            "value": 22.0,
        },
        {
            **base,
            "geography_level": "sn_average",
            "geography_code": "E06000999",
            "old_la_code": "999",
            "region_code": "E12000005",
            "name": "Demoshire",
            "value": 24.0,
            "n_values": 3.0,
        },
    ]
    return pd.DataFrame(rows)[b.COLUMNS]


HEADLINES = [
    ("contacts", "contacts", "", "Contacts"),
    ("referrals", "rereferrals_pct", "", "Re-referrals within 12 months (%)"),
    ("assessments", "assessments_in_timescale_pct", "initial", "Initial assessments in timescale (%)"),
    ("contacts", "missing_notifications", "", "Missing child notifications"),
    ("looked_after", "cla_open", "", "Children looked after"),
]  # not in the frame: no row


@pytest.fixture(scope="module")
def table():
    return summary.compare(indicators(), "2014-12", PARAMS, HEADLINES, benchmark_table=bench_table())


def row(table, indicator_id):
    return table.loc[table["indicator_id"] == indicator_id].iloc[0]


def test_rows_and_months(table):
    assert table["indicator_id"].tolist() == [
        "contacts",
        "rereferrals_pct",
        "assessments_in_timescale_pct",
        "missing_notifications",
    ]
    contacts = row(table, "contacts")
    assert (contacts["this_month"], contacts["last_month"], contacts["last_year"]) == (421.0, 557.0, 400.0)
    assert contacts["direction"] == "▲ Up"  # 421 against 400 a year before, no better direction
    assert contacts["status"] == "No target"


def test_percentage_travel_and_benchmarks(table):
    rerefs = row(table, "rereferrals_pct")
    assert rerefs["this_month"] == 25.0 and rerefs["last_month"] == 20.0 and rerefs["last_year"] == 20.0
    assert rerefs["direction"] == "▲ Worsening"  # lower is better
    assert (rerefs["england"], rerefs["region"], rerefs["neighbours"]) == (23.4, 19.3, 24.0)
    assert rerefs["england_label"] == "England 2013-14"
    assert rerefs["region_label"] == "West Midlands 2013-14"


def test_zero_denominator_blank_and_status(table):
    timely = row(table, "assessments_in_timescale_pct")
    assert math.isnan(timely["this_month"]) and timely["last_month"] == 90.0
    assert timely["denominator"] == 0.0
    assert timely["status"] == "No data" and timely["target"] == 85.0
    assert timely["spc_signal"] == "no data"


def test_first_month(table):
    new = row(table, "missing_notifications")
    assert new["first_month"] and math.isnan(new["last_month"]) and new["direction"] == ""
    assert new["spc_signal"] == "too few points"


def test_spc_signal_on_contacts(table):
    # 400, 500/520 x5, 557, 421: mean 6478/13 = 498.3; MR-bar (100 + 9*20 + 37 + 136)/12 = 37.75;
    # limits 498.3 -/+ 100.4 = 397.9 .. 598.7: nothing beyond; the 11 points from 500 to 557 are a
    # shift above the mean, but 421 (below the mean) ends it; 2/3 line 431.4: only 421 beyond it.
    contacts = row(table, "contacts")
    assert contacts["spc_signal"] == "common cause"
    from boardpack.board import spc

    chart = spc.xmr(summary.monthly_series(indicators(), "contacts"))
    assert chart["shift"].tolist() == [False] + [True] * 11 + [False]


def test_direction_against_last_month():
    params = {**PARAMS, "direction_compare": "last_month"}
    out = summary.compare(indicators(), "2014-12", params, HEADLINES[:1], benchmark_table=bench_table())
    assert out.iloc[0]["direction"] == "▼ Down"  # 421 against 557


def test_scorecard_columns(table):
    shown = summary.scorecard(table, "2014-12")
    assert list(shown.columns) == [
        "Indicator",
        "Dec 2014",
        "Nov 2014",
        "Change on Nov 2014",
        "Dec 2013",
        "Change on Dec 2013",
        "Target",
        "England",
        "Region",
        "Neighbours",
        "Status",
    ]
    # Each figure at its dp (percentages 2, as the sentences), benchmarks as DfE publishes them (1), targets as set.
    assert shown.iloc[0]["Dec 2014"] == "421" and shown.iloc[1]["Dec 2014"] == "25.00%"
    # contacts 421 on 557: -136/557 = -24.42%; re-referrals 25.00% on 20.00% both months: +5.00 points
    assert shown.iloc[0]["Change on Nov 2014"] == "-24.42%"
    assert shown.iloc[1]["Change on Nov 2014"] == "+5.00 pts" and shown.iloc[1]["Change on Dec 2013"] == "+5.00 pts"
    # ONE status: re-referrals have no target but England 23.4 (lower is better): 25.0 is 6.8% above it,
    # beyond the 5% "in line" band -> worse; contacts: no target, no benchmark -> its SPC signal;
    # assessments: a target but no figure this month; missing notifications: nothing applies.
    assert shown["Status"].tolist() == ["● Usual range (SPC)", "✘ Worse than England", "No data", ""]
    assert shown.iloc[1]["England"] == "23.4%" and shown.iloc[0]["England"] == ""
    assert shown.iloc[2]["Dec 2014"] == "" and shown.iloc[2]["Target"] == "85%"


def test_no_la_code_england_only():
    params = {**PARAMS, "la_code": ""}
    out = summary.compare(indicators(), "2014-12", params, HEADLINES[1:2], benchmark_table=bench_table())
    shown = summary.scorecard(out, "2014-12")
    assert "Region" not in shown.columns and "Neighbours" not in shown.columns
    assert [m["label"] for m in out.iloc[0]["benchmarks"]] == ["England 2013-14"]


def test_build_uses_every_section(table):
    sections = {s for s, *_ in summary.all_headlines()}
    assert {"contacts", "referrals", "child_protection", "looked_after", "workforce"} <= sections
    out = summary.build(indicators(), "2014-12", PARAMS, benchmark_table=bench_table())
    assert "contacts" in out["indicator_id"].tolist()


def test_scorecard_fits_a_screen():
    from boardpack.board.headlines import SUMMARY_HEADLINES, summary_headlines

    # At most 20 rows, each one a section headline, from at least the seven main sections.
    assert len(SUMMARY_HEADLINES) <= 20
    assert len({s for s, *_ in summary_headlines()}) >= 7


def test_note_names_years(table):
    assert "2013-14" in summary.table_note(table, PARAMS)


def test_value_just_short_of_target_is_not_rounded_up():
    months = pd.period_range("2014-11", "2014-12", freq="M")
    num = pd.Series([80.0, 84.97], index=months).to_frame("initial")
    den = pd.Series([100.0, 100.0], index=months).to_frame("initial")
    frame = frames.percent("assessments_in_timescale_pct", num, den)
    out = summary.compare(frame, "2014-12", PARAMS, HEADLINES[2:3], benchmark_table=bench_table())
    shown = summary.scorecard(out, "2014-12")
    assert shown.iloc[0]["Dec 2014"] == "84.97%" and shown.iloc[0]["Status"] == "✘ Target not met"


def test_section_compare_works_each_headline_out_once(monkeypatch):
    """A section's scorecard, trend charts and commentary draft share one comparison per figure:
    the same rows as ``compare``, each (id, breakdown) worked out once per section's context, with
    each caller's own label; another section (a fresh context) works them out again."""
    from types import SimpleNamespace

    frame, month = indicators(), pd.Period("2014-12", "M")
    heads = [("contacts", "contacts", "", "Contacts"), ("referrals", "rereferrals_pct", "", "Re-referrals (%)")]
    expected = summary.compare(frame, month, PARAMS, heads)
    calls = []
    real = summary.compare_one
    monkeypatch.setattr(summary, "compare_one", lambda *a, **k: calls.append(a[3]) or real(*a, **k))

    def section():
        return SimpleNamespace(indicators=frame, month=month, params=PARAMS, context=SimpleNamespace(comparisons={}))

    s = section()
    first = summary.section_compare(s, heads)
    again = summary.section_compare(s, [("summary", "contacts", "", "Contacts received")])
    pd.testing.assert_frame_equal(first[expected.columns], expected)
    assert calls == ["contacts", "rereferrals_pct"]  # the second ask was answered from the memo
    assert again.loc[0, "label"] == "Contacts received" and again.loc[0, "section"] == "summary"
    assert first.loc[0, "label"] == "Contacts"  # the memo keeps no caller's label
    summary.section_compare(section(), heads[:1])
    assert calls == ["contacts", "rereferrals_pct", "contacts"]
    # an indicator the frame does not hold: no row, asked once
    assert summary.section_compare(s, [("x", "no_such_indicator", "", "None")]).empty
    assert summary.section_compare(s, [("x", "no_such_indicator", "", "None")]).empty
    assert calls.count("no_such_indicator") == 1
