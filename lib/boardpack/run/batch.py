"""The monthly batch: ``--month latest`` and the one line a scheduler logs on success.

**The latest month** (``boardpack run --month latest``, ``boardpack indicators --month latest``) is
the latest month the data *wholly* cover.

Reading (the catalogue does not say what "wholly cover" means): the extract was taken on or after its latest *event date* D, the latest of every table's event dates
(:func:`boardpack.run.months.event_date_span`: contact, referral, assessment start, plan start,
visit, workforce snapshot...). Month M is wholly covered when its last day is on or before D: D's
own month when D is that month's last day, else the month before
(:func:`boardpack.calendar.last_whole_month`). An extract taken on 15 March holding records to 14
March reports February; the demo council, whose records run to 31 December 2014, reports 2014-12.
A month before the first event's month (an extract shorter than a month) stops, as any month
outside the data does.

**Exit codes** (for cron, Task Scheduler, CI): 0 done; 1 a run that failed (a section raised, a
kernel died, the export failed, SIGTERM/SIGINT; the partial pack is kept as ``<month>.failed-<stamp>``);
2 bad input (the month, a folder or file, an extract or parameters file that cannot be read, a
month outside the data). A failure prints one line on stderr; success prints one line on stdout,
:func:`summary_line`.
"""

from __future__ import annotations

import pandas as pd

from boardpack.calendar import last_whole_month

LATEST = "latest"


def latest_month(extract) -> pd.Period:
    """The latest month the extract wholly covers (see the module docstring); RunError when none."""
    from boardpack.run.months import RunError, event_date_span

    span = event_date_span(extract)
    source = extract.source or "the extract"
    if span is None:
        raise RunError(f"the extract in {source} holds no dated record; there is no latest month to report")
    first, last = span
    month = last_whole_month(last)
    if month < first.to_period("M"):
        raise RunError(f"{source} covers no whole month: its records run from {first:%Y-%m-%d} to {last:%Y-%m-%d}")
    return month


def resolve_month(month: str, data_dir) -> str:
    """``month`` itself, or for ``latest`` the latest month the extract in ``data_dir`` wholly covers."""
    if month != LATEST:
        return month
    from boardpack.sources.reader import read_extract

    return str(latest_month(read_extract(data_dir, None)))


def summary_line(result) -> str:
    """One line for a scheduler's log: the month, the sections, the time and, last, the HTML's path.

    >>> from types import SimpleNamespace as N
    >>> summary_line(N(month="2014-12", sections=[1] * 12, seconds=38.24, html="/p/board-report.html"))
    'board report for 2014-12: 12 sections in 38.2 s: /p/board-report.html'
    """
    n = len(result.sections)
    return (
        f"board report for {result.month}: {n} section{'s' if n != 1 else ''} in {result.seconds:.1f} s: {result.html}"
    )
