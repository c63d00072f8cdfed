"""Indicator frame helpers: counts, percentages with zero denominators, open at month end."""

import numpy as np
import pandas as pd

from boardpack.indicators import frames

MONTHS = pd.period_range("2014-10", periods=3, freq="M")


def test_counts_by_month_zero_months_and_labels():
    f = pd.DataFrame(
        {
            "d": pd.to_datetime(["2014-10-01", "2014-10-31", "2014-12-31", "2015-01-01", None]),
            "g": ["Police", "Health", "Police", "Police", "Police"],
        }
    )
    wide = frames.counts_by_month(f, "d", MONTHS, by="g", labels=["Schools"])
    # October: 1 Police, 1 Health; November: nothing; December: 1 Police (31st counts; 1 Jan does not).
    assert wide.loc[MONTHS[0]].to_dict() == {"Health": 1, "Police": 1, "Schools": 0}
    assert wide.loc[MONTHS[1]].sum() == 0
    assert wide.loc[MONTHS[2], "Police"] == 1


def test_counts_distinct_children():
    f = pd.DataFrame({"d": pd.to_datetime(["2014-10-01", "2014-10-02", "2014-10-03"]), "p": ["1", "1", "2"]})
    assert frames.counts_by_month(f, "d", MONTHS, distinct="p").iloc[0, 0] == 2


def test_percent_zero_denominator_is_blank_not_zero():
    num = pd.Series([1, 0, 0], index=MONTHS)
    den = pd.Series([4, 0, 2], index=MONTHS)
    out = frames.percent("x_pct", num, den)
    assert out["value"].iloc[0] == 25.0
    assert np.isnan(out["value"].iloc[1])
    assert out["value"].iloc[2] == 0.0
    assert out[["numerator", "denominator"]].iloc[1].tolist() == [0.0, 0.0]
    assert list(out.columns) == frames.INDICATOR_COLUMNS
    assert out["period_end"].dt.strftime("%Y-%m-%d").tolist() == ["2014-10-31", "2014-11-30", "2014-12-31"]


def test_open_at_edges():
    start = pd.to_datetime(pd.Series(["2014-12-31", "2014-01-01", "2014-01-01", "2015-01-01"]))
    end = pd.to_datetime(pd.Series([None, "2014-12-31", "2015-01-01", None]))
    # Starts on the last day: open. Ends on the last day: not open. Ends next day: open. Future: not.
    assert frames.open_at(start, end, pd.Timestamp("2014-12-31")).tolist() == [True, False, True, False]


def test_covered_months():
    dates = pd.Series(pd.to_datetime(["2014-11-15", None]))
    assert list(frames.covered_months(MONTHS, dates).astype(str)) == ["2014-11", "2014-12"]
    assert len(frames.covered_months(MONTHS, pd.Series(pd.to_datetime([None])))) == 0


def test_lookup_and_combine():
    a = frames.tidy("a", pd.Series([1.0, 2.0, 3.0], index=MONTHS))
    both = frames.combine([a, frames.empty(), None])
    assert frames.lookup(both, "a").tolist() == [1.0, 2.0, 3.0]
