"""Months, windows and working days: the pack's only source of date arithmetic.

Conventions are those of the indicator catalogue (``shared/spec/indicators.md``):

* a month M is a ``pd.Period`` with freq ``M``; its *end* is its last day;
* working days ``wd(a, b)`` count Monday-to-Friday days in ``[a, b)`` that are not bank holidays
  in England (``holidays``, country GB, subdivision ENG), as ``numpy.busday_count`` does;
* "12 months to M" runs from the first day of the month 11 months before M to the end of M;
* "12 months before d" runs from d minus 12 calendar months (clipped to month end) up to d.
"""

from __future__ import annotations

import re
from functools import lru_cache

import holidays
import numpy as np
import pandas as pd


def to_month(month) -> pd.Period:
    """A reporting month from ``"YYYY-MM"``, a Period, a date or a Timestamp.

    >>> to_month("2014-12")
    Period('2014-12', 'M')
    >>> to_month(pd.Timestamp("2014-12-31"))
    Period('2014-12', 'M')
    """
    if isinstance(month, pd.Period):
        return month.asfreq("M")
    if isinstance(month, str):
        text = month.strip()
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
            raise ValueError(f"month {month!r} is not in the form YYYY-MM")
        return pd.Period(text, "M")
    return pd.Period(pd.Timestamp(month), "M")


def month_start(month) -> pd.Timestamp:
    """First day of the month."""
    return to_month(month).start_time.normalize()


def month_end(month) -> pd.Timestamp:
    """Last day of the month, at midnight.

    >>> month_end("2016-02")
    Timestamp('2016-02-29 00:00:00')
    """
    return to_month(month).end_time.normalize()


def last_whole_month(date) -> pd.Period:
    """The latest month that ends on or before ``date``: ``date``'s own month when it is that month's
    last day, else the month before.

    >>> str(last_whole_month("2014-12-31")), str(last_whole_month("2015-03-14"))
    ('2014-12', '2015-02')
    """
    date = pd.Timestamp(date).normalize()
    month = date.to_period("M")
    return month if date == month_end(month) else month - 1


def report_months(month, n: int = 24) -> pd.PeriodIndex:
    """The ``n`` months ending with ``month``, oldest first.

    >>> list(report_months("2014-12", 3).astype(str))
    ['2014-10', '2014-11', '2014-12']
    """
    end = to_month(month)
    return pd.period_range(end=end, periods=n, freq="M")


def month_ends(months: pd.PeriodIndex) -> pd.DatetimeIndex:
    """The last day of each month."""
    return pd.DatetimeIndex([m.end_time.normalize() for m in months])


def twelve_months_to(month) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Inclusive window for "12 months to M".

    >>> twelve_months_to("2014-12")
    (Timestamp('2014-01-01 00:00:00'), Timestamp('2014-12-31 00:00:00'))
    """
    end = to_month(month)
    return month_start(end - 11), month_end(end)


def minus_months(dates, n: int):
    """Dates ``n`` calendar months earlier, same day of month clipped to the month end.

    >>> minus_months(pd.Timestamp("2015-02-28"), 12)
    Timestamp('2014-02-28 00:00:00')
    >>> minus_months(pd.Timestamp("2016-02-29"), 12)
    Timestamp('2015-02-28 00:00:00')
    >>> minus_months(pd.Timestamp("2014-03-31"), 1)
    Timestamp('2014-02-28 00:00:00')
    """
    return dates - pd.DateOffset(months=n)


def financial_year_start(month) -> pd.Timestamp:
    """1 April of the financial year that contains the month.

    >>> financial_year_start("2014-12")
    Timestamp('2014-04-01 00:00:00')
    >>> financial_year_start("2015-03")
    Timestamp('2014-04-01 00:00:00')
    """
    m = to_month(month)
    year = m.year if m.month >= 4 else m.year - 1
    return pd.Timestamp(year=year, month=4, day=1)


def months_into_financial_year(month) -> int:
    """How many months of its financial year (from April) the month completes: April 1, December 9, March 12.

    >>> months_into_financial_year("2014-04"), months_into_financial_year("2014-12"), months_into_financial_year("2015-03")
    (1, 9, 12)
    """
    return (to_month(month).month - 4) % 12 + 1


def days_between(start, end):
    """Calendar days from ``start`` to ``end`` (dates or Series; NaN where either is blank).

    >>> days_between(pd.Series(pd.to_datetime(["2014-01-01"])), pd.Series(pd.to_datetime(["2014-10-08"]))).tolist()
    [280.0]
    """
    return (pd.to_datetime(end) - pd.to_datetime(start)) / pd.Timedelta(days=1)


def latest_ended_year_end(month) -> pd.Timestamp:
    """31 March of the latest financial (statistical) year that had ended by the end of the month.

    >>> latest_ended_year_end("2014-12")
    Timestamp('2014-03-31 00:00:00')
    >>> latest_ended_year_end("2014-03")
    Timestamp('2014-03-31 00:00:00')
    """
    m = to_month(month)
    year = m.year if m.month >= 3 else m.year - 1
    return pd.Timestamp(year=year, month=3, day=31)


@lru_cache(maxsize=8)
def _bank_holidays(first_year: int, last_year: int) -> np.ndarray:
    days = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return np.array(sorted(days), dtype="datetime64[D]")


def bank_holidays(first_year: int = 2000, last_year: int = 2040) -> np.ndarray:
    """England and Wales bank holidays (``holidays``, GB subdivision ENG) as ``datetime64[D]``."""
    return _bank_holidays(first_year, last_year)


def working_days(start, end):
    """Working days ``wd(a, b)`` in ``[a, b)``: Monday to Friday, not an English bank holiday.

    Vectorised: ``start`` and ``end`` may be Timestamps, Series or arrays of dates; the result
    has the same shape, float with NaN where either date is missing. Same day = 0; a start on a
    weekend or holiday counts from the next working day; ``end`` before ``start`` is negative.

    >>> working_days(pd.Timestamp("2014-12-24"), pd.Timestamp("2014-12-29"))  # Christmas, Boxing Day
    1.0
    >>> working_days(pd.Timestamp("2014-04-17"), pd.Timestamp("2014-04-22"))  # Good Friday, Easter Monday
    1.0
    >>> working_days(pd.Timestamp("2014-12-01"), pd.Timestamp("2014-12-01"))
    0.0
    """
    scalar = not hasattr(start, "__len__") and not hasattr(end, "__len__")
    a = pd.to_datetime(pd.Series(start) if not scalar else pd.Series([start]))
    b = pd.to_datetime(pd.Series(end) if not scalar else pd.Series([end]))
    if len(a) == 1 and len(b) > 1:
        a = pd.Series(np.repeat(a.to_numpy(), len(b)), index=b.index)
    if len(b) == 1 and len(a) > 1:
        b = pd.Series(np.repeat(b.to_numpy(), len(a)), index=a.index)
    a_values = a.to_numpy(dtype="datetime64[ns]")
    b_values = b.to_numpy(dtype="datetime64[ns]")
    valid = ~(np.isnat(a_values) | np.isnat(b_values))
    result = np.full(len(a_values), np.nan)
    if valid.any():
        a_days = a_values[valid].astype("datetime64[D]")
        b_days = b_values[valid].astype("datetime64[D]")
        years = np.concatenate([a_days, b_days]).astype("datetime64[Y]").astype(int) + 1970
        result[valid] = np.busday_count(
            a_days, b_days, holidays=bank_holidays(min(2000, years.min()), max(2040, years.max()))
        )
    if scalar:
        return float(result[0])
    if isinstance(start, pd.Series):
        return pd.Series(result, index=start.index)
    if isinstance(end, pd.Series):
        return pd.Series(result, index=end.index)
    return result


def month_of(dates: pd.Series) -> pd.Series:
    """The monthly period of each date (NaT stays missing)."""
    return dates.dt.to_period("M")


def collection_year_end(day) -> pd.Timestamp:
    """31 March ending the collection (financial) year that holds ``day`` (SSDA903, CIN census).

    >>> collection_year_end(pd.Timestamp("2018-03-31")), collection_year_end(pd.Timestamp("2017-04-01"))
    (Timestamp('2018-03-31 00:00:00'), Timestamp('2018-03-31 00:00:00'))
    """
    day = pd.Timestamp(day)
    year = day.year + 1 if day.month >= 4 else day.year
    return pd.Timestamp(year=year, month=3, day=31)


def collection_year_start(year_end) -> pd.Timestamp:
    """1 April opening the collection year that ends on ``year_end`` (31 March).

    >>> collection_year_start(pd.Timestamp("2018-03-31"))
    Timestamp('2017-04-01 00:00:00')
    """
    return pd.Timestamp(year=pd.Timestamp(year_end).year - 1, month=4, day=1)


def days_before(dates, n: int = 1):
    """Dates ``n`` calendar days earlier (Series or Timestamp)."""
    return dates - pd.Timedelta(days=n)


def spans_join(first_a, last_a, first_b) -> bool:
    """True when a span starting ``first_b`` continues one ending ``last_a`` without a gap (overlap allowed)."""
    return pd.Timestamp(first_b) <= pd.Timestamp(last_a) + pd.Timedelta(days=1) and pd.Timestamp(
        first_b
    ) >= pd.Timestamp(first_a)
