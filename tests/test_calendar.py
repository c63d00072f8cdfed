"""Working days and windows, with expected numbers counted by hand on a calendar."""

import numpy as np
import pandas as pd
import pytest

from boardpack import calendar as cal

T = pd.Timestamp


@pytest.mark.parametrize(
    "start, end, expected",
    [
        # Same day is 0, whatever the day.
        ("2014-12-01", "2014-12-01", 0),
        ("2014-12-25", "2014-12-25", 0),
        # Mon 1 Dec to Mon 8 Dec: Mon..Fri = 5.
        ("2014-12-01", "2014-12-08", 5),
        # Tue 23 Dec 2014 to Tue 6 Jan 2015: 23, 24, 29, 30, 31 Dec, 2, 5 Jan = 7
        # (25 Christmas, 26 Boxing Day, 1 Jan New Year's Day are bank holidays).
        ("2014-12-23", "2015-01-06", 7),
        # Easter 2014: Thu 17 Apr to Tue 22 Apr: 17 Apr, then 18 (Good Friday) and 21 (Easter Monday)
        # are holidays, 19-20 weekend: 1.
        ("2014-04-17", "2014-04-22", 1),
        # Christmas 2015 falls on a Friday, Boxing Day on Saturday: the substitute day is Mon 28 Dec.
        # Thu 24 Dec 2015 to Tue 29 Dec: 24 Dec only = 1.
        ("2015-12-24", "2015-12-29", 1),
        # A start on Saturday counts from Monday: Sat 6 Dec to Wed 10 Dec = Mon, Tue = 2.
        ("2014-12-06", "2014-12-10", 2),
        # End before start is negative.
        ("2014-12-08", "2014-12-01", -5),
    ],
)
def test_working_days_scalar(start, end, expected):
    assert cal.working_days(T(start), T(end)) == expected


def test_working_days_vectorised_keeps_index_and_blanks():
    start = pd.Series(pd.to_datetime(["2014-12-23", None, "2014-04-17"]), index=[10, 11, 12])
    end = pd.Series(pd.to_datetime(["2015-01-06", "2014-12-01", "2014-04-22"]), index=[10, 11, 12])
    result = cal.working_days(start, end)
    assert list(result.index) == [10, 11, 12]
    assert result[10] == 7 and np.isnan(result[11]) and result[12] == 1


def test_working_days_broadcasts_one_end_date():
    starts = pd.Series(pd.to_datetime(["2014-12-31", "2014-12-30"]))
    assert cal.working_days(starts, T("2014-12-31")).tolist() == [0.0, 1.0]


def test_early_may_bank_holiday_moved_in_2020():
    # 2020 moved the early May bank holiday to Fri 8 May (VE Day): Thu 7 to Mon 11 = 1 working day.
    assert cal.working_days(T("2020-05-07"), T("2020-05-11")) == 1
    # ... and Mon 4 May 2020 was an ordinary working day: Mon 4 to Tue 5 = 1.
    assert cal.working_days(T("2020-05-04"), T("2020-05-05")) == 1


def test_report_months_and_ends():
    months = cal.report_months("2014-12")
    assert len(months) == 24 and str(months[0]) == "2013-01" and str(months[-1]) == "2014-12"
    assert cal.month_ends(months[-2:]).tolist() == [T("2014-11-30"), T("2014-12-31")]


def test_twelve_months_windows():
    assert cal.twelve_months_to("2014-02") == (T("2013-03-01"), T("2014-02-28"))
    # 12 months before 29 Feb 2016 starts on 28 Feb 2015 (clipped), 12 months to the day otherwise.
    assert cal.minus_months(T("2016-02-29"), 12) == T("2015-02-28")
    assert cal.minus_months(T("2014-12-15"), 12) == T("2013-12-15")
    dates = pd.Series(pd.to_datetime(["2014-12-31", "2014-03-31"]))
    assert cal.minus_months(dates, 1).tolist() == [T("2014-11-30"), T("2014-02-28")]


def test_financial_year_and_statistical_year():
    assert cal.financial_year_start("2014-04") == T("2014-04-01")
    assert cal.financial_year_start("2014-03") == T("2013-04-01")
    # The year 2013-14 has ended by the end of March 2014 but not by the end of February.
    assert cal.latest_ended_year_end("2014-03") == T("2014-03-31")
    assert cal.latest_ended_year_end("2014-02") == T("2013-03-31")


def test_bad_month_string():
    with pytest.raises(ValueError, match="YYYY-MM"):
        cal.to_month("December")
