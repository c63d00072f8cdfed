"""SPC: XmR limits and the NHS Making Data Count rules, on hand-built series."""

import math

import numpy as np
import pandas as pd
import pytest

from boardpack.board import spc

BASE = [11.0, 9.0] * 7  # 14 points alternating about 10: no rule fires on them


def monthly(values):
    return pd.Series(values, index=pd.period_range("2013-01", periods=len(values), freq="M"), dtype=float)


def test_limits_by_hand():
    chart = spc.xmr(monthly([10, 12, 11, 13, 12]))
    # mean 58/5 = 11.6; moving ranges 2, 1, 2, 1 -> 1.5; limits 11.6 +/- 3.99
    assert chart["mean"].iloc[0] == pytest.approx(11.6)
    assert chart["mr_bar"].iloc[0] == pytest.approx(1.5)
    assert chart["ucl"].iloc[0] == pytest.approx(15.59)
    assert chart["lcl"].iloc[0] == pytest.approx(7.61)
    assert math.isnan(chart["moving_range"].iloc[0])


def test_blank_months_are_left_out():
    chart = spc.xmr(monthly([10, np.nan, 12, 11]))
    assert len(chart) == 3
    assert chart["mr_bar"].iloc[0] == pytest.approx(1.5)  # |12-10|, |11-12|


def test_base_has_no_signal():
    chart = spc.xmr(monthly(BASE))
    assert not chart[list(spc.RULES)].to_numpy().any()


def test_point_beyond_upper_limit():
    # + 20: mean 160/15 = 10.667; MR (13*2 + 9)/14 = 2.5; UCL 10.667 + 6.65 = 17.32 < 20
    series = monthly(BASE + [20])
    chart = spc.xmr(series)
    assert chart["beyond_limit"].iloc[-1] and chart["beyond_limit"].sum() == 1
    assert spc.classify(series, "higher", {"spc": {"min_points": 12}})["signal"] == spc.IMPROVEMENT
    result = spc.classify(series, "lower")
    assert result["signal"] == spc.CONCERN and result["rule"] == "beyond_limit" and result["side"] == "high"
    assert spc.classify(series, None)["signal"] == spc.VARIATION


def test_point_inside_limits_no_signal():
    # + 16: mean 156/15 = 10.4; MR 31/14 = 2.214; UCL 16.29 > 16; near line 14.33 but one point only
    series = monthly(BASE + [16])
    assert not spc.xmr(series)["beyond_limit"].any()
    assert spc.classify(series, "higher")["signal"] == spc.COMMON


def test_point_below_lower_limit():
    series = monthly(BASE + [0])  # mean 140/15 = 9.33; MR (26 + 9)/14 = 2.5; LCL 2.68 > 0
    result = spc.classify(series, "higher")
    assert result["rule"] == "beyond_limit" and result["side"] == "low" and result["signal"] == spc.CONCERN


def test_shift_of_seven_fires():
    # 7 x 10.5: mean (140 + 73.5)/21 = 10.17, all seven above it, after a 9 below
    series = monthly(BASE + [10.5] * 7)
    chart = spc.xmr(series)
    assert chart["shift"].tolist() == [False] * 14 + [True] * 7
    result = spc.classify(series, "lower")
    assert result["rule"] == "shift" and result["signal"] == spc.CONCERN


def test_shift_of_six_does_not_fire():
    series = monthly(BASE + [10.5] * 6)
    assert not spc.xmr(series)["shift"].any()
    assert spc.classify(series, "lower")["signal"] == spc.COMMON


def test_shift_length_is_a_parameter():
    series = monthly(BASE + [10.5] * 6)
    assert spc.classify(series, "lower", {"spc": {"shift_points": 6}})["rule"] == "shift"


def test_trend_of_six_fires():
    # the last 9 and five rises: 9, 9.5, 10, 10.5, 11, 11.5 = six points each higher than the one before
    series = monthly(BASE + [9.5, 10, 10.5, 11, 11.5])
    chart = spc.xmr(series)
    assert chart["trend"].tolist() == [False] * 13 + [True] * 6
    result = spc.classify(series, "lower")
    assert result["rule"] == "trend" and result["side"] == "high" and result["signal"] == spc.CONCERN


def test_trend_of_five_does_not_fire():
    series = monthly(BASE + [9.5, 10, 10.5, 11])
    assert not spc.xmr(series)["trend"].any()
    assert spc.classify(series, "higher")["signal"] == spc.COMMON


def test_falling_trend_and_repeat_breaks_it():
    falling = monthly([9.0, 11.0] * 7 + [10.5, 10, 9.5, 9.2, 9.1])  # 11 then five falls: six points
    result = spc.classify(falling, "higher")
    assert result["rule"] == "trend" and result["side"] == "low"
    repeated = monthly([9.0, 11.0] * 7 + [10.5, 10, 10, 9.5, 9.2])  # a repeated 10 ends the run
    assert not spc.xmr(repeated)["trend"].any()


def test_two_of_three_near_limit():
    base = [11.0, 9.0] * 10
    # + 15, 10, 15: mean 240/23 = 10.43; MR (19*2 + 6 + 5 + 5)/22 = 2.45; UCL 16.96; 2/3 line 14.79
    series = monthly(base + [15, 10, 15])
    chart = spc.xmr(series)
    assert not chart["beyond_limit"].any()
    assert chart["two_of_three"].tolist()[-3:] == [True, False, True]
    assert spc.classify(series, "higher")["rule"] == "two_of_three"
    assert spc.classify(series, "higher", {"spc": {"two_of_three": False}})["signal"] == spc.COMMON


def test_one_of_three_near_limit_does_not_fire():
    series = monthly([11.0, 9.0] * 10 + [10, 10, 15])  # mean 10.22; MR 2.0; 2/3 line 13.76; UCL 15.54
    chart = spc.xmr(series)
    assert not chart["two_of_three"].any() and not chart["beyond_limit"].any()


def test_too_few_points_and_blank_latest():
    assert spc.classify(monthly([1.0, 2, 3]), "higher")["signal"] == spc.TOO_FEW
    assert spc.classify(monthly(BASE + [np.nan]), "higher")["signal"] == spc.NO_DATA
    assert spc.classify(monthly([]), "higher")["signal"] == spc.NO_DATA


def test_chart_draws():
    from boardpack.document import charts

    fig = charts.xmr(spc.xmr(monthly(BASE + [20])), "Contacts against their usual range", "Contacts", better="lower")
    labels = fig.axes[0].get_legend_handles_labels()[1]
    assert "Special cause (concern)" in labels and "Process limits" in labels


def test_spc_not_applied_to_running_or_rolling_figures():
    from boardpack.board import summary

    months = pd.period_range("2013-01", periods=24, freq="M")
    # A year-to-date rate climbs every month by construction: a "trend" that means nothing.
    ytd = pd.Series([10.0 * ((m.month - 4) % 12 + 1) for m in months], index=months)
    frame = pd.DataFrame(
        {
            "indicator_id": "s47_rate_per_10k_ytd",
            "period_end": months.to_timestamp(how="end").normalize(),
            "breakdown": "",
            "value": ytd.to_numpy(),
            "numerator": float("nan"),
            "denominator": float("nan"),
        }
    )
    row = summary.compare_one(frame, "2014-12", {}, "s47_rate_per_10k_ytd")
    assert row["spc_signal"] == spc.NOT_APPLICABLE
    assert spc.short_label(row["spc_signal"]) == "Not charted"
