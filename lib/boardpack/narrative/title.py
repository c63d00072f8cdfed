"""The title page's words: the report's title, the council, the data's date and the live-system caveat.

Reading made here: the data are "as at" the latest date recorded anywhere in the extract that is
not after the end of the reporting month (dates after it are counted in no month, see the
data-quality rules; target and due dates, which may rightly lie ahead, are ignored); with no such
date, the end of the reporting month.
"""

from __future__ import annotations

import datetime as _dt

import pandas as pd

from boardpack.calendar import month_end
from boardpack.narrative.phrases import month_name

TITLE = "Improvement board performance report"


def fmt_date(date) -> str:
    """A date as the report writes it.

    >>> fmt_date(pd.Timestamp("2015-01-04"))
    '4 January 2015'
    """
    date = pd.Timestamp(date)
    return f"{date.day} {date.strftime('%B %Y')}"


def title(month) -> str:
    """The report's title.

    >>> title("2014-12")
    'Improvement board performance report — December 2014'
    """
    return f"{TITLE} — {month_name(month)}"


def data_as_at(extract, month) -> pd.Timestamp:
    """The latest date in the extract not after the end of ``month`` (else the month's end).

    >>> from boardpack.sources.extract import Extract
    >>> e = Extract(tables={"ssd_contacts": pd.DataFrame({"cont_contact_date": pd.to_datetime(["2014-12-19", "2015-02-01"])})})
    >>> data_as_at(e, "2014-12")
    Timestamp('2014-12-19 00:00:00')
    >>> data_as_at(Extract(), "2014-12")
    Timestamp('2014-12-31 00:00:00')
    """
    from boardpack.sources.tables import TABLES

    last = month_end(month)
    latest = None
    for name, frame in (extract.tables if extract is not None else {}).items():
        table = TABLES.get(name)
        skip = {c.name for c in table.columns if c.future_ok} if table is not None else set()
        for column in frame.columns:
            if column in skip or not pd.api.types.is_datetime64_any_dtype(frame[column].dtype):
                continue
            dates = frame[column]
            dates = dates.loc[dates <= last]
            if len(dates) and not pd.isna(dates.max()) and (latest is None or dates.max() > latest):
                latest = dates.max()
    return pd.Timestamp(latest).normalize() if latest is not None else last


def caveat(system_name: str = "the case management system") -> str:
    """The live-system caveat.

    >>> caveat("Frameworki")
    'Figures are accurate at the time they were taken from Frameworki; because it is a live system, they can change later as records are added or corrected.'
    """
    return (
        f"Figures are accurate at the time they were taken from {system_name}; because it is a live "
        "system, they can change later as records are added or corrected."
    )


def lines(s, produced=None) -> list[str]:
    """The title page's lines under the title: council, data as at, date issued, caveat.

    The issue date is ``produced``, else the run's ``issued`` parameter (``boardpack run --issued
    YYYY-MM-DD``), else today; the data-as-at date comes from the extract (:func:`data_as_at`).
    """
    params = s.params
    system = params.get("system_name") or "the case management system"
    as_at = s.derived("data_as_at")
    produced = produced if produced is not None else (params.get("issued") or _dt.date.today())
    produced = pd.Timestamp(produced)
    public = []
    if params.get("edition") == "public":
        from boardpack.board.suppression import key, threshold_from

        public = [
            "Public edition: figures about small numbers of children are not published, so that no "
            "child or family can be identified.",
            "Key — " + key(threshold_from(params)),
        ]
    return [
        str(params.get("la_name") or ""),
        *public,
        f"Data as at {fmt_date(as_at)}: the report includes the records in {system} up to and including "
        f"that date, for {month_name(s.month)} and the 23 months before it.",
        f"Issued on {fmt_date(produced)}.",
        caveat(system),
    ]
