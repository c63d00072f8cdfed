"""What a notebook reads from a Section: series, values, slices by month."""

import math

import pandas as pd

from boardpack.document.section import RunContext, Section
from boardpack.indicators.frames import combine, tidy
from boardpack.sources.extract import Extract

MONTHS = pd.period_range("2014-11", periods=2, freq="M")


def section():
    bands = pd.DataFrame({"initial|0-10": [100, 113], "initial|11-15": [20, 28], "core|0-35": [30, 40]}, index=MONTHS)
    indicators = combine(
        [
            tidy("assessments_completed", pd.DataFrame({"": [126, 151], "initial": [126, 151]}, index=MONTHS)),
            tidy("assessments_duration_band", bands),
        ]
    )
    return Section("assessments", RunContext(MONTHS[-1], {}, Extract(), indicators))


def test_series_value_and_missing_month():
    s = section()
    assert s.series("assessments_completed").tolist() == [126.0, 151.0]
    assert s.value("assessments_completed", "initial") == 151.0
    assert s.value("assessments_completed", month="2014-11") == 126.0
    assert math.isnan(s.value("assessments_completed", month="2014-01"))


def test_wide_slices_by_month_with_prefix():
    s = section()
    wide = s.wide("assessments_duration_band", prefix="initial")
    assert list(wide.columns) == ["0-10", "11-15"]
    assert wide.loc[MONTHS[-1]].tolist() == [113.0, 28.0]
    assert list(s.wide("assessments_completed").columns) == ["initial"]  # the headline is left out
    assert s.wide("no_such_indicator").empty


def test_two_snapshots_in_one_month_keep_the_later():
    snapshots = pd.DatetimeIndex(["2014-09-01", "2014-09-30"])
    indicators = tidy("wf_interim_pct", pd.Series([40.0, 45.9], index=snapshots))
    s = Section("workforce", RunContext(pd.Period("2014-09", "M"), {}, Extract(), indicators))
    assert s.value("wf_interim_pct") == 45.9
