"""Helpers that build the tidy indicator frames every domain module returns.

An indicator frame has the columns of ``INDICATOR_COLUMNS`` (see ``indicators.md``, "Output"):
one row per indicator, period and breakdown; ``breakdown`` is ``""`` for the headline; values
are unrounded; a percentage with a zero denominator is NaN (blank in the CSV), never 0.

Most indicators are built in *wide* form first (index: the months as ``pd.Period``, columns: the
breakdown labels) and turned tidy by :func:`tidy` or :func:`percent`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from boardpack.calendar import month_ends

INDICATOR_COLUMNS = ["indicator_id", "period_end", "breakdown", "value", "numerator", "denominator"]
HEADLINE = ""


def is_blank(value) -> bool:
    """True for None, NaN and pd.NA (a figure the data cannot support)."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def empty() -> pd.DataFrame:
    """An indicator frame with no rows and the right columns."""
    return pd.DataFrame(
        {
            "indicator_id": pd.Series(dtype="str"),
            "period_end": pd.Series(dtype="datetime64[ns]"),
            "breakdown": pd.Series(dtype="str"),
            "value": pd.Series(dtype="float"),
            "numerator": pd.Series(dtype="float"),
            "denominator": pd.Series(dtype="float"),
        }
    )


def _period_ends(index) -> pd.DatetimeIndex:
    if isinstance(index, pd.PeriodIndex):
        return month_ends(index)
    return pd.DatetimeIndex(index).normalize()


def tidy(indicator_id: str, values, numerator=None, denominator=None) -> pd.DataFrame:
    """Turn wide frames (index months or dates, columns breakdowns) into an indicator frame.

    ``values`` may be a Series (the headline: breakdown ``""``) or a DataFrame.

    >>> months = pd.period_range("2014-11", periods=2, freq="M")
    >>> tidy("contacts", pd.Series([5, 0], index=months))[["period_end", "breakdown", "value"]]
      period_end breakdown  value
    0 2014-11-30              5.0
    1 2014-12-31              0.0
    """

    def wide(frame):
        if frame is None:
            return None
        if isinstance(frame, pd.Series):
            frame = frame.to_frame(HEADLINE)
        return frame

    def flat(frame):
        # row by row, as DataFrame.stack orders them: each period, then each breakdown
        if frame is None:
            return np.full(values.size, np.nan)
        frame = frame.reindex(index=values.index, columns=values.columns)
        return frame.to_numpy(dtype="float64", na_value=np.nan).ravel()

    values = wide(values)
    rows, cols = values.shape
    periods = pd.Index(np.asarray(values.index, dtype=object))
    out = pd.DataFrame(
        {
            "indicator_id": indicator_id,
            "period_end": _period_ends(periods).repeat(cols) if rows * cols else pd.DatetimeIndex([]),
            "breakdown": pd.Series(np.tile(np.asarray(values.columns, dtype=object), rows)).astype("str"),
            "value": flat(values),
            "numerator": flat(wide(numerator)),
            "denominator": flat(wide(denominator)),
        }
    )
    return out[INDICATOR_COLUMNS].reset_index(drop=True)


def ratio(numerator, denominator, scale: float = 100.0):
    """``scale * numerator / denominator`` with NaN (never 0 or inf) where the denominator is 0.

    >>> ratio(pd.Series([1, 0, 3]), pd.Series([4, 0, 0])).tolist()
    [25.0, nan, nan]
    """
    numerator = numerator.astype("float")
    denominator = denominator.astype("float")
    return (scale * numerator / denominator.where(denominator != 0)).astype("float")


def percent(indicator_id: str, numerator, denominator, scale: float = 100.0) -> pd.DataFrame:
    """A percentage (or rate, with ``scale``) indicator from wide numerator and denominator."""
    if isinstance(numerator, pd.Series):
        numerator = numerator.to_frame(HEADLINE)
    if isinstance(denominator, pd.Series):
        denominator = denominator.to_frame(HEADLINE)
    denominator = denominator.reindex(index=numerator.index, columns=numerator.columns).fillna(0)
    return tidy(indicator_id, ratio(numerator, denominator, scale), numerator, denominator)


def counts_by_month(
    frame: pd.DataFrame,
    date_column: str,
    months: pd.PeriodIndex,
    by: str | None = None,
    distinct: str | None = None,
    labels=None,
) -> pd.DataFrame:
    """Wide counts of records (or of distinct ``distinct`` values) dated in each month.

    Index: ``months``; columns: ``""`` (all records) or the values of ``by`` (plus any
    ``labels`` given, so that a slice with no records shows 0). Months with no records are 0.

    >>> f = pd.DataFrame({"d": pd.to_datetime(["2014-12-01", "2014-12-31", "2015-01-01"]),
    ...                   "g": ["a", "b", "a"]})
    >>> m = pd.period_range("2014-11", periods=2, freq="M")
    >>> counts_by_month(f, "d", m).iloc[:, 0].tolist()
    [0, 2]
    >>> counts_by_month(f, "d", m, by="g").loc[m[1]].tolist()
    [1, 1]
    """
    period = frame[date_column].dt.to_period("M")
    in_window = period.isin(months)
    # only the columns counted are copied (selecting rows of every text column is the slow part)
    columns = list(dict.fromkeys(c for c in (by, distinct) if c))
    data = frame.loc[in_window, columns].assign(_period=period[in_window])
    keys = ["_period"] + ([by] if by else [])
    if distinct:
        counts = data.drop_duplicates(keys + [distinct]).groupby(keys, observed=True).size()
    else:
        counts = data.groupby(keys, observed=True).size()
    if by:
        wide = counts.unstack(by, fill_value=0) if len(counts) else pd.DataFrame(index=pd.PeriodIndex([], freq="M"))
        columns = list(wide.columns)
        for label in labels or []:
            if label not in columns:
                columns.append(label)
        wide = wide.reindex(index=months, columns=columns, fill_value=0)
        wide.columns = wide.columns.astype("str")
    else:
        wide = counts.reindex(months, fill_value=0).to_frame(HEADLINE)
    wide.index.name = None
    wide.columns.name = None
    return wide.fillna(0).astype("int64")


def _text(s: pd.Series) -> pa.Array:
    array = pa.array(s.astype("str").array)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array.cast(pa.large_string())


def isin(values: pd.Series, keys) -> pd.Series:
    """``values.isin(keys)`` for identifiers (compared as text), hashed by pyarrow.

    pandas 3's ``isin`` on a ``str`` column turns every key into a pyarrow scalar in a Python
    loop; this hashes the keys once in C. Blank values are never in; blank keys are ignored.

    >>> isin(pd.Series(["A", "B", None]), pd.Series(["B", None])).tolist()
    [False, True, False]
    """
    keys = pd.Series(np.asarray(keys, dtype=object) if not isinstance(keys, pd.Series) else keys)
    if values.empty:
        return pd.Series(False, index=values.index, dtype=bool)
    hit = pc.is_in(_text(values), value_set=_text(keys.dropna()))
    return pd.Series(np.asarray(pc.fill_null(hit, False), dtype=bool), index=values.index)


def open_at(start: pd.Series, end: pd.Series, when: pd.Timestamp) -> pd.Series:
    """Open at the end of a month: ``start <= when`` and ``end`` blank or ``> when``.

    >>> s = pd.to_datetime(pd.Series(["2014-01-01", "2014-01-01", "2015-01-01"]))
    >>> e = pd.to_datetime(pd.Series(["2014-12-31", None, None]))
    >>> open_at(s, e, pd.Timestamp("2014-12-31")).tolist()   # a plan ending on the last day is not open
    [False, True, False]
    """
    return (start <= when) & (end.isna() | (end > when))


def open_by_month(frame: pd.DataFrame, start: str, end: str, months: pd.PeriodIndex) -> pd.DataFrame:
    """Boolean frame, one column per month (Period), True where the record is open at its end."""
    return pd.DataFrame(
        {m: open_at(frame[start], frame[end], m.end_time.normalize()) for m in months},
        index=frame.index,
    )


def covered_months(months: pd.PeriodIndex, dates: pd.Series) -> pd.PeriodIndex:
    """The months from the first month that has a record onwards (the months "the data cover")."""
    first = dates.dropna().min()
    if pd.isna(first):
        return months[:0]
    return months[months >= first.to_period("M")]


def combine(frames) -> pd.DataFrame:
    """Concatenate indicator frames (skipping empty ones) with the standard columns."""
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return empty()
    return pd.concat(frames, ignore_index=True)[INDICATOR_COLUMNS]


def lookup(indicators: pd.DataFrame, indicator_id: str, breakdown: str = HEADLINE) -> pd.Series:
    """One indicator's values over time (index: period_end) for one breakdown."""
    mask = (indicators["indicator_id"] == indicator_id) & (indicators["breakdown"] == breakdown)
    return indicators.loc[mask].set_index("period_end")["value"].sort_index()
