"""Charts that do not mislead: 0-100 percentage axes, axes ending at the reporting month, process
changes drawn, SPC limits recalculated after them (worked by hand), year to date by financial year."""

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest

from boardpack.board import spc
from boardpack.document import charts

MONTHS = pd.period_range("2013-01", "2014-12", freq="M")  # 24 months to December 2014


def lines(fig):
    return {line.get_label(): line for line in fig.axes[0].get_lines()}


def test_percentages_on_a_0_100_axis_top_point_not_cut():
    values = pd.Series(np.linspace(60, 100, 24), index=MONTHS)  # ends at 100%
    fig = charts.monthly_lines(values.to_frame("Seen"), "Visits in timescale (%)", "%")
    assert fig.axes[0].get_ylim() == (0.0, 100.0)
    assert not lines(fig)["Seen"].get_clip_on()  # the point at 100 is drawn whole
    fig = charts.this_year_vs_last(values, "Screened the same day (%): this year and last", "%")
    assert fig.axes[0].get_ylim() == (0.0, 100.0)
    counts = charts.monthly_lines((values * 3).to_frame("Contacts"), "Contacts", "Contacts")
    assert counts.axes[0].get_ylim()[0] == 0 and counts.axes[0].get_ylim()[1] > 300


def test_time_axis_ends_at_the_reporting_month():
    fig = charts.monthly_lines(pd.Series(1.0, index=MONTHS).to_frame("x"), "x", "Count")
    right = mdates.num2date(fig.axes[0].get_xlim()[1]).replace(tzinfo=None)
    # December 2014 is drawn at 1 December; half a month of margin: 16 December, never January 2015.
    assert pd.Timestamp("2014-12-01") < right <= pd.Timestamp("2014-12-31")


def test_events_drawn_as_marked_lines():
    events = [(pd.Timestamp("2014-11-05"), "CSE risk assessment live")]
    series = pd.Series(1.0, index=MONTHS)
    fig = charts.monthly_lines(series.to_frame("x"), "x", "Count", events=events)
    line = lines(fig)["Change: CSE risk assessment live (5 Nov 2014)"]
    x = line.get_xdata()[0]
    x = x if isinstance(x, pd.Timestamp) else mdates.num2date(x).replace(tzinfo=None)
    assert pd.Timestamp(x).date() == pd.Timestamp("2014-11-05").date()
    fig = charts.this_year_vs_last(series, "x", "Count", events=events)
    # Jan 2014 .. Dec 2014 at positions 0..11: November is 10.
    assert lines(fig)["Change: CSE risk assessment live (5 Nov 2014)"].get_xdata()[0] == 10
    # An event before the months shown is not drawn.
    fig = charts.this_year_vs_last(series, "x", "Count", events=[(pd.Timestamp("2012-05-01"), "old")])
    assert not any(label.startswith("Change") for label in lines(fig))


# Jan-May 2014 before a change on 5 June, Jun-Aug after it.
SERIES = pd.Series([10.0, 12, 11, 13, 12, 30, 34, 32], index=pd.period_range("2014-01", periods=8, freq="M"))
CHANGE = [pd.Period("2014-06", "M")]


def test_spc_limits_recalculated_after_a_change():
    chart = spc.xmr_rebased(SERIES, CHANGE)
    before, after = chart.iloc[0], chart.iloc[-1]
    # Before: mean (10+12+11+13+12)/5 = 11.6; moving ranges 2,1,2,1 -> 1.5; limits 11.6 -/+ 2.66*1.5 = 7.61, 15.59.
    assert before["mean"] == pytest.approx(11.6) and before["mr_bar"] == pytest.approx(1.5)
    assert (before["lcl"], before["ucl"]) == (pytest.approx(7.61), pytest.approx(15.59))
    # After: mean (30+34+32)/3 = 32; moving ranges 4,2 -> 3 (13 -> 30 spans the change: not counted);
    # limits 32 -/+ 7.98 = 24.02, 39.98.
    assert after["mean"] == pytest.approx(32.0) and after["mr_bar"] == pytest.approx(3.0)
    assert (after["lcl"], after["ucl"]) == (pytest.approx(24.02), pytest.approx(39.98))
    assert chart["part"].tolist() == [0] * 5 + [1] * 3
    # Not rebased: mean 154/8 = 19.25, MR-bar (2+1+2+1+18+4+2)/7 = 30/7, UCL 19.25 + 2.66*30/7 = 30.65:
    # the new process's 32 would be "outside the limits".
    params = {"spc": {"min_points": 3}}
    assert spc.classify(SERIES, "higher", params)["rule"] == "beyond_limit"
    assert spc.classify(SERIES, "higher", params, events=CHANGE)["signal"] == spc.COMMON
    # With the default 12 points, three points since the change are too few to judge: said so, not "unusual".
    judged = spc.classify(
        pd.concat([pd.Series(11.0, index=pd.period_range("2013-01", periods=12, freq="M")), SERIES]),
        "higher",
        {},
        events=CHANGE,
    )
    assert (judged["signal"], judged["rule"], judged["points"]) == (spc.TOO_FEW, "since_change", 3)


def test_spc_chart_draws_each_part_and_the_change():
    chart = spc.xmr_rebased(SERIES, CHANGE)
    fig = charts.xmr(chart, "x", "Count", events=[(pd.Timestamp("2014-06-05"), "New process")])
    labels = list(lines(fig))
    assert "Average (11.6) from Jan 2014" in labels and "Average (32) from Jun 2014" in labels
    assert "Change: New process (5 Jun 2014)" in labels


def test_year_to_date_one_line_per_financial_year():
    ytd = pd.Series(
        np.r_[np.arange(1, 13) * 10.0, np.arange(1, 10) * 12.0], index=pd.period_range("2013-04", "2014-12", freq="M")
    )
    fig = charts.financial_years(ytd, "s47 per 10,000, year to date", "Per 10,000", paces={"England 2013-14": 124.4})
    got = lines(fig)
    assert list(got["2013-14"].get_xdata()) == list(range(12))
    assert list(got["2014-15 (to Dec 2014)"].get_xdata()) == list(range(9))  # April..December
    pace = got["England 2013-14 at the same pace (124.4 a year)"].get_ydata()
    assert pace[8] == pytest.approx(124.4 * 9 / 12)  # 93.3 by December


def test_spc_percentage_chart_states_its_axis_break():
    # mean 1111/12 = 92.58; moving ranges 5,3,2,3,2,1,2,4,5,2,1 -> 30/11 = 2.73; LCL 92.58 - 2.66 * 2.73 = 85.33;
    # the axis starts at floor((85.33 - 5) / 10) * 10 = 80, marked and said.
    values = pd.Series([90.0, 95, 92, 94, 91, 93, 92, 94, 90, 95, 93, 92], index=MONTHS[-12:])
    chart = spc.xmr(values)
    fig = charts.xmr(chart, "Screened the same day (%)", "%")
    bottom, top = fig.axes[0].get_ylim()
    lowest = min(values.min(), chart["lcl"].min())
    assert lowest == pytest.approx(85.33, abs=0.01)
    assert (bottom, top) == (80.0, 100.0)
    assert any(t.get_text() == f"axis starts at {bottom:g}%" for t in fig.axes[0].texts)
