"""The reporting month against the data: which months an extract covers, and the check that stops a
run for a month outside them (exit 2)."""

from __future__ import annotations

import pandas as pd

from boardpack.calendar import to_month


class RunError(ValueError):
    """A run that cannot start: a bad month, a missing notebook, a month outside the data."""


def data_span(extract) -> tuple[pd.Period, pd.Period] | None:
    """First and last month of the extract's *event dates* (None when no record has one).

    Event dates are each table's ``event_date`` in :mod:`boardpack.sources.tables` (contact date,
    referral date, assessment start, plan start, visit date...) and the workforce snapshot dates;
    target and due dates, dates of birth and end dates are not events.
    """
    span = event_date_span(extract)
    return None if span is None else (span[0].to_period("M"), span[1].to_period("M"))


def event_date_span(extract) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """Earliest and latest *event date* in the extract (see :func:`data_span`); None when none."""
    from boardpack.sources.tables import TABLES

    columns = {name: [t.event_date] for name, t in TABLES.items() if t.event_date}
    columns.setdefault("ext_workforce", []).append("wkf_as_at")
    columns.setdefault("ext_workforce_budget", []).append("wkb_as_at")
    lows, highs = [], []
    for name, names in columns.items():
        frame = extract.get(name)
        if frame is None:
            continue
        for column in names:
            if column in frame and len(frame):
                dates = pd.to_datetime(frame[column], errors="coerce").dropna()
                if len(dates):
                    lows.append(dates.min())
                    highs.append(dates.max())
    if not lows:
        return None
    return min(lows), max(highs)


def check_month(extract, month) -> None:
    """Stop (RunError) when the reporting month lies outside the data.

    Rule: the month must fall between the month of the earliest and the month of the latest
    event date in the extract (:func:`data_span`), inclusive. A month after the latest means the
    extract ends before it (the figures would all be zero); a month before the earliest means the
    extract has not started. An extract with no dated record at all stops too.
    """
    month = to_month(month)
    span = data_span(extract)
    if span is None:
        raise RunError(
            f"the extract in {extract.source or 'the data folder'} holds no dated record; nothing to report for {month}"
        )
    first, last = span
    if month > last:
        raise RunError(
            f"reporting month {month} is after the data end: the latest record in "
            f"{extract.source or 'the extract'} is dated {last} (choose {last} or earlier)"
        )
    if month < first:
        raise RunError(
            f"reporting month {month} is before the data start: the earliest record in "
            f"{extract.source or 'the extract'} is dated {first} (choose {first} or later)"
        )
