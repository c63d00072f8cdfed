"""Contacts indicators (catalogue ``shared/spec/indicators.md``, "Contacts").

Source: ``ssd_contacts``. The reader parses ``cont_contact_outcome_json`` into two bool columns:
``cont_new_referral`` (``NEW_REFERRAL_FLAG`` = Y: the contact progressed to a referral) and
``cont_missing`` (``MISSING_FLAG`` = Y: a missing child notification). Source groups come from
``params["contact_source_groups"]`` (:mod:`boardpack.indicators.source_groups`; codes not mapped -> ``Other``).

Ids: ``contacts`` (headline and per source group), ``missing_notifications``,
``contacts_source_pct`` (per group), ``contacts_to_referral`` and ``contacts_to_referral_pct``
(headline and per group), ``contacts_screened_same_day_pct``, ``contacts_change_prev_month_pct``,
``contacts_change_from_peak_pct`` (breakdown: the peak month ``YYYY-MM``).

Readings made here (the catalogue does not say):

* a missing child notification is never a contact: it is left out of ``contacts``, of the source
  shares, of the conversions to referral and of screening, and counted only in
  ``missing_notifications``;
* every configured source group (and ``Other``) is reported each month, 0 where it had no
  contacts (its conversion is then NaN);
* "the months the data cover" start with the month of the table's first record (contact or
  notification, :func:`frames.covered_months`); earlier months of the 24 are not reported;
* ``contacts_change_prev_month_pct`` compares with M-1 from the data, also for the first of the
  24 months; it is NaN where M-1 is before the data's first month or had no contacts. Its
  numerator is ``contacts(M) - contacts(M-1)``, its denominator ``contacts(M-1)``;
* ``contacts_change_from_peak_pct``: the peak is the highest monthly ``contacts`` over the 12
  months to M **including M itself** (so the value is 0 when M is the peak), looking back
  before the 24 months where the data go back that far (never before the data's first month);
  ties go to the earliest month. Numerator ``contacts(M) - peak``, denominator the peak;
* screened on the same working day: ``wd(contact date, screened date) = 0`` with the screened
  date on or after the contact date (a contact on a Saturday screened on the Monday counts;
  a screened date before the contact date is a recording error, listed by the data-quality
  checks, and does not count as screened the same day); no screened date = not screened.
"""

from __future__ import annotations

import pandas as pd

from boardpack.calendar import working_days
from boardpack.indicators.frames import (
    HEADLINE,
    INDICATOR_COLUMNS,
    combine,
    counts_by_month,
    covered_months,
    empty,
    percent,
    ratio,
    tidy,
)
from boardpack.indicators.marks import mark_columns
from boardpack.indicators.source_groups import group_labels, group_of
from boardpack.sources.extract import Extract

REQUIRES = ("ssd_contacts",)

TABLE = "ssd_contacts"
DATE = "cont_contact_date"
SOURCE = "cont_contact_source_code"
SCREENED = "cont_contact_screened_date"
GROUP = "_group"


def flag(table: pd.DataFrame, column: str) -> pd.Series:
    """A bool column of the table; False where absent or blank."""
    if column not in table:
        return pd.Series(False, index=table.index, dtype=bool)
    return table[column].fillna(False).astype(bool)


def history_months(months: pd.PeriodIndex, dates: pd.Series, back: int = 11) -> pd.PeriodIndex:
    """The months to count over: ``back`` months before the window (for the peak and M-1) to its
    end, never before the month of the first record.

    >>> m = pd.period_range("2014-01", "2014-12", freq="M")
    >>> list(history_months(m, pd.Series(pd.to_datetime(["2013-06-15"]))).astype(str))[:2]
    ['2013-06', '2013-07']
    """
    first = dates.dropna().min()
    start = months[0] - back
    if not pd.isna(first):
        start = max(start, first.to_period("M"))
    if start > months[-1]:
        return months[:0]
    return pd.period_range(start, months[-1], freq="M")


def peak_of(series: pd.Series, month) -> tuple[float, pd.Period | None]:
    """Highest value over the 12 months to ``month`` (inclusive) in a monthly series, and its month.

    Ties go to the earliest month; months missing from the series are ignored.

    >>> s = pd.Series([5, 9, 9, 4], index=pd.period_range("2014-01", periods=4, freq="M"))
    >>> peak_of(s, pd.Period("2014-04", "M"))
    (9.0, Period('2014-02', 'M'))
    """
    month = pd.Period(month, "M")
    window = series.loc[(series.index > month - 12) & (series.index <= month)].dropna().sort_index()
    if window.empty:
        return float("nan"), None
    return float(window.max()), window.idxmax()


def change_frame(indicator_id: str, counts: pd.Series, months: pd.PeriodIndex) -> pd.DataFrame:
    """``100 * (c(M) - c(M-1)) / c(M-1)`` for each of ``months``.

    ``counts`` is indexed by months (the history); M-1 not in it gives NaN.

    >>> c = pd.Series([0, 4, 5], index=pd.period_range("2014-10", periods=3, freq="M"))
    >>> change_frame("x", c, c.index)["value"].tolist()
    [nan, nan, 25.0]
    """
    previous = pd.Series(counts.astype("float").reindex(months - 1).to_numpy(), index=months)
    current = counts.astype("float").reindex(months)
    difference = current - previous
    return tidy(indicator_id, ratio(difference, previous), difference, previous)


def peak_frame(indicator_id: str, counts: pd.Series, months: pd.PeriodIndex) -> pd.DataFrame:
    """Change from the peak of the 12 months to M (see the module docstring); breakdown = peak month."""
    rows = []
    for month in months:
        peak, peak_month = peak_of(counts, month)
        current = float(counts.get(month, float("nan")))
        value = float("nan") if (pd.isna(peak) or peak == 0) else 100.0 * (current - peak) / peak
        rows.append(
            {
                "indicator_id": indicator_id,
                "period_end": month.end_time.normalize(),
                "breakdown": "" if peak_month is None else str(peak_month),
                "value": value,
                "numerator": current - peak,
                "denominator": peak,
            }
        )
    if not rows:
        return empty()
    out = pd.DataFrame(rows)
    out["period_end"] = out["period_end"].astype("datetime64[ns]")
    out["breakdown"] = out["breakdown"].astype("str")
    return out[INDICATOR_COLUMNS]


def screened_same_day(table: pd.DataFrame) -> pd.Series:
    """True where the contact was screened on the working day it arrived (see module docstring).

    >>> t = pd.DataFrame({"cont_contact_date": pd.to_datetime(["2014-12-24", "2014-12-27", "2014-12-24", "2014-12-02"]),
    ...                   "cont_contact_screened_date": pd.to_datetime(["2014-12-29", "2014-12-29", "2014-12-24", None])})
    >>> screened_same_day(t).tolist()   # Christmas: 24th -> 29th is 1 working day; Saturday -> Monday is 0
    [False, True, True, False]
    """
    if SCREENED not in table:
        return pd.Series(False, index=table.index, dtype=bool)
    start, end = table[DATE], table[SCREENED]
    days = working_days(start, end)
    days = pd.Series(days, index=table.index) if not isinstance(days, pd.Series) else days
    return ((end >= start) & (days == 0)).fillna(False).astype(bool)


def indicators(extract: Extract, months: pd.PeriodIndex, params: dict) -> pd.DataFrame:
    """Every contacts indicator for each month of ``months`` that the data cover."""
    table = extract.get(TABLE)
    covered = covered_months(months, table[DATE])
    if not len(covered):
        return empty()
    history = history_months(covered, table[DATE])
    labels = group_labels(params)

    missing = flag(table, "cont_missing")
    used = [c for c in (DATE, SOURCE, SCREENED, "cont_new_referral") if c in table]
    contacts = table.loc[~missing, used].copy()
    contacts[GROUP] = group_of(contacts[SOURCE], params) if SOURCE in contacts else "Other"
    referred = contacts.loc[flag(contacts, "cont_new_referral")]
    screened = contacts.loc[screened_same_day(contacts)]

    total = counts_by_month(contacts, DATE, history)[HEADLINE]
    by_group = counts_by_month(contacts, DATE, covered, by=GROUP, labels=labels)[labels]
    ref_total = counts_by_month(referred, DATE, covered)[HEADLINE]
    ref_group = counts_by_month(referred, DATE, covered, by=GROUP, labels=labels)[labels]
    notifications = counts_by_month(table.loc[missing], DATE, covered)[HEADLINE]
    screened_total = counts_by_month(screened, DATE, covered)[HEADLINE]

    headline = total.reindex(covered)
    shares_denominator = pd.DataFrame({g: headline for g in labels}, index=covered)
    return combine(
        [
            tidy("contacts", pd.concat([headline.rename(HEADLINE), by_group], axis=1)),
            tidy("missing_notifications", notifications),
            percent("contacts_source_pct", by_group, shares_denominator),
            tidy("contacts_to_referral", pd.concat([ref_total.rename(HEADLINE), ref_group], axis=1)),
            percent(
                "contacts_to_referral_pct",
                pd.concat([ref_total.rename(HEADLINE), ref_group], axis=1),
                pd.concat([headline.rename(HEADLINE), by_group], axis=1),
            ),
            percent("contacts_screened_same_day_pct", screened_total, headline),
            change_frame("contacts_change_prev_month_pct", total, covered),
            peak_frame("contacts_change_from_peak_pct", total, covered),
        ]
    )


def source_table(s, month=None) -> pd.DataFrame:
    """For a section: contacts by source group in the month with their share and conversion.

    Columns ``Source``, ``Contacts``, ``Share of contacts (%)``, ``Progressed to referral``,
    ``Progressed to referral (%)``; groups with no contacts left out; most contacts first.
    """
    counts = s.breakdowns("contacts", month)
    if counts.empty:
        return pd.DataFrame(
            columns=[
                "Source",
                "Contacts",
                "Share of contacts (%)",
                "Progressed to referral",
                "Progressed to referral (%)",
            ]
        )
    parts = {
        "Share of contacts (%)": s.breakdowns("contacts_source_pct", month).set_index("breakdown"),
        "Progressed to referral": s.breakdowns("contacts_to_referral", month).set_index("breakdown"),
        "Progressed to referral (%)": s.breakdowns("contacts_to_referral_pct", month).set_index("breakdown"),
    }
    out = pd.DataFrame({"Source": counts["breakdown"], "Contacts": counts["value"]})
    flags = {"Contacts": counts["suppressed"]}
    for name, rows in parts.items():
        out[name] = counts["breakdown"].map(rows["value"])
        flags[name] = counts["breakdown"].map(rows["suppressed"]).fillna(False).astype(bool)
    out = out.assign(**{f"_hidden {k}": v.to_numpy(bool) for k, v in flags.items()})
    # a suppressed source (public edition) stays, shown c: a missing row could be worked back
    out = out.loc[(out["Contacts"] > 0) | out["_hidden Contacts"]]
    out = out.sort_values(["Contacts", "Source"], ascending=[False, True], kind="stable").reset_index(drop=True)
    hidden = {k: out.pop(f"_hidden {k}") for k in flags}
    return mark_columns(out, hidden)
