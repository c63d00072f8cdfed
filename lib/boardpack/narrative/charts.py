"""Words for pictures: each chart's alternative text, built from the figures it draws.

A chart function (:mod:`boardpack.document.charts`) attaches what it drew to its Figure as a
*chart record* ``{"kind", "title", "unit", "data"}``; :func:`describe` turns the record into the
sentence a screen reader hears instead of the picture, in the style "Contacts fell from 555 in
November to 421 in December 2014, the lowest since March 2013; the peak was 747 in July 2014."

Kinds: ``year_on_year`` and ``monthly`` (``data`` indexed by monthly Periods, one column per
line or bar series), ``bars`` (monthly bars; ``stacked`` adds a total), ``categories`` (one value per
label, e.g. sources), ``spc`` (an XmR chart: value, mean, ucl, lcl, side). Points left out of a chart
(blank, or not published) are left out of the words too.
"""

from __future__ import annotations

import math

import pandas as pd

from boardpack.indicators.frames import is_blank
from boardpack.narrative.phrases import join_words, month_name

MAX_SERIES_DESCRIBED = 3  # lines or bar series named one by one; the rest are in the chart's table


def fmt_value(value, unit: str = "") -> str:
    """A chart's figure in words: counts with thousands separators, other figures to one decimal,
    ``%`` after a percentage.

    >>> fmt_value(1234.0), fmt_value(43.6412, "%"), fmt_value(7.26, "Per 10,000")
    ('1,234', '43.6%', '7.3')
    """
    value = float(value)
    text = f"{int(value):,}" if value.is_integer() else f"{value:,.1f}"
    return text + ("%" if "%" in (unit or "") else "")


def _month(label) -> pd.Period | None:
    if isinstance(label, pd.Period):
        return label.asfreq("M")
    if isinstance(label, (pd.Timestamp,)):
        return label.to_period("M")
    return None


def _when(month: pd.Period, other: pd.Period | None = None) -> str:
    """'November' when ``other`` is in the same year, else 'November 2013'."""
    if other is not None and other.year == month.year:
        return month.strftime("%B")
    return month_name(month)


def series_sentence(label: str, series: pd.Series, unit: str = "") -> str:
    """The latest month against the month before, how far back that reaches, and the peak.

    >>> months = pd.period_range("2014-01", periods=6, freq="M")
    >>> series_sentence("Contacts", pd.Series([500, 747, 430, 600, 555, 421.0], index=months))
    'Contacts fell from 555 in May to 421 in June 2014, the lowest in the 6 months shown; the peak was 747 in February 2014.'
    >>> series_sentence("Contacts", pd.Series([400, 747, 430, 600, 555, 421.0], index=months))
    'Contacts fell from 555 in May to 421 in June 2014, the lowest since January 2014; the peak was 747 in February 2014.'
    >>> series_sentence("Seen", pd.Series([48.12, 48.08], index=months[:2]), "%")
    'Seen stayed at 48.1% in January and February 2014.'
    >>> series_sentence("Visits in time", pd.Series([80, 90.0], index=months[:2]), "%")
    'Visits in time rose from 80% in January to 90% in February 2014, the highest in the 2 months shown.'
    """
    values = series.astype(float).dropna()
    values = values[[_month(i) is not None for i in values.index]]
    if values.empty:
        return f"{label}: no figures to show."
    months = [_month(i) for i in values.index]
    values = pd.Series(values.to_numpy(), index=pd.PeriodIndex(months, freq="M")).sort_index()
    last_month, last = values.index[-1], float(values.iloc[-1])
    n = len(values)
    if n == 1:
        return f"{label}: {fmt_value(last, unit)} in {month_name(last_month)}."
    before_month, before = values.index[-2], float(values.iloc[-2])
    if fmt_value(last, unit) == fmt_value(before, unit):
        text = (
            f"{label} stayed at {fmt_value(last, unit)} in {_when(before_month, last_month)} "
            f"and {month_name(last_month)}"
        )
    else:
        verb = "rose" if last > before else "fell"
        text = (
            f"{label} {verb} from {fmt_value(before, unit)} in {_when(before_month, last_month)} "
            f"to {fmt_value(last, unit)} in {month_name(last_month)}"
        )
        earlier = values.iloc[:-1]
        # the latest earlier month at least as extreme: "the lowest since" that month
        reached = earlier[earlier <= last] if last < before else earlier[earlier >= last]
        word = "lowest" if last < before else "highest"
        if reached.empty:
            text += f", the {word} in the {n} months shown"
        elif reached.index[-1] != before_month:
            text += f", the {word} since {month_name(reached.index[-1])}"
    peak_month = values.idxmax()
    if values.max() > last and peak_month != before_month:
        text += f"; the peak was {fmt_value(values.max(), unit)} in {month_name(peak_month)}"
    return text + "."


def _year_on_year(label: str, series: pd.Series, unit: str) -> str:
    """The series sentence and the same month a year earlier."""
    text = series_sentence(label, series, unit)
    values = series.astype(float).dropna()
    if values.empty:
        return text
    last = _month(values.index.max())
    a_year_before = values.get(last - 12) if last is not None else None
    if a_year_before is not None and not is_blank(a_year_before):
        text += f" A year earlier, in {month_name(last - 12)}, it was {fmt_value(a_year_before, unit)}."
    return text


def _latest_row(frame: pd.DataFrame, unit: str, total: bool) -> str:
    """'In December 2014: A 12, B 7 and C 3 (22 in all).'"""
    rows = frame.dropna(how="all")
    if rows.empty:
        return ""
    month = _month(rows.index[-1])
    row = rows.iloc[-1].dropna()
    parts = [f"{column} {fmt_value(value, unit)}" for column, value in row.items()]
    text = f"In {month_name(month) if month is not None else rows.index[-1]}: {join_words(parts)}"
    if total and len(row) > 1:
        text += f" ({fmt_value(row.sum(), unit)} in all)"
    return text + "."


def _categories(data: pd.DataFrame, unit: str) -> str:
    values = data.iloc[:, 0].astype(float).dropna().sort_values(ascending=False)
    if values.empty:
        return "No figures to show."
    parts = [f"{label} {fmt_value(value, unit)}" for label, value in values.head(3).items()]
    text = f"{len(values)} {'bar' if len(values) == 1 else 'bars'}; the largest: {join_words(parts)}"
    if len(values) > 3:
        text += f"; the smallest: {values.index[-1]} {fmt_value(values.iloc[-1], unit)}"
    return text + "."


def _spc(data: pd.DataFrame, unit: str) -> str:
    text = series_sentence("The monthly value", data["value"], unit)
    mean = data["mean"].dropna()
    if len(mean):
        text += f" The average is {fmt_value(round(float(mean.iloc[0]), 1), unit)}"
        lower, upper = data["lcl"].dropna(), data["ucl"].dropna()
        if len(lower) and len(upper):
            low = max(float(lower.iloc[0]), 0.0) if data["value"].min() >= 0 else float(lower.iloc[0])
            text += (
                f", with the usual range (process limits) {fmt_value(round(low, 1), unit)} "
                f"to {fmt_value(round(float(upper.iloc[0]), 1), unit)}"
            )
        text += "."
    if "side" in data:
        flagged = data.loc[data["side"].isin(["high", "low"])]
        if len(flagged):
            months = [month_name(_month(i)) for i in flagged.index if _month(i) is not None]
            text += f" Special cause flagged in {len(flagged)} {'month' if len(flagged) == 1 else 'months'}"
            text += f" (latest {months[-1]})." if months else "."
        else:
            text += " No month is flagged as special cause."
    return text


def describe(record: dict) -> str:
    """The alternative text of a chart from its record (see the module docstring).

    >>> months = pd.period_range("2014-11", periods=2, freq="M")
    >>> describe({"kind": "monthly", "title": "T", "unit": "%",
    ...           "data": pd.DataFrame({"Seen": [50.0, 75.0], "Not seen": [50.0, 25.0]}, index=months)})
    'Seen rose from 50% in November to 75% in December 2014, the highest in the 2 months shown. Not seen fell from 50% in November to 25% in December 2014, the lowest in the 2 months shown.'
    >>> describe({"kind": "categories", "title": "T", "unit": "",
    ...           "data": pd.DataFrame({"v": [3.0, 9.0]}, index=["Police", "Schools"])})
    '2 bars; the largest: Schools 9 and Police 3.'
    """
    kind, unit = record.get("kind", ""), record.get("unit", "") or ""
    data = record.get("data")
    notes = " ".join(record.get("notes", []) or [])
    if data is None or len(data) == 0 or data.isna().all().all():
        return ("No figures to show. " + notes).strip()
    if kind == "categories":
        text = _categories(data, unit)
    elif kind == "spc":
        text = _spc(data, unit)
    else:
        columns = list(data.columns)
        shown = columns[:MAX_SERIES_DESCRIBED]
        if kind == "bars" and len(columns) > 1:
            text = _latest_row(data, unit, bool(record.get("stacked")))
            if record.get("stacked"):
                totals = data.sum(axis=1, min_count=1).dropna()
                if len(totals):
                    text += (
                        f" The highest total was {fmt_value(totals.max(), unit)} in "
                        f"{month_name(_month(totals.idxmax()))}."
                    )
        else:
            sentences = []
            for column in shown:
                label = str(column) or "The figure"
                if kind == "year_on_year":
                    sentences.append(_year_on_year(label, data[column], unit))
                else:
                    sentences.append(series_sentence(label, data[column], unit))
            text = " ".join(sentences)
            if len(columns) > len(shown):
                text += f" {len(columns) - len(shown)} more series are in the chart's table."
    return (text + (" " + notes if notes else "")).strip()


def is_number(value) -> bool:
    """A figure that a table shows (not blank, not infinite)."""
    try:
        return not is_blank(value) and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False
