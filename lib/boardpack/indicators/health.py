"""Health: child protection medicals (``cp_medicals``), and the health view of contacts.

The catalogue's ``cp_medicals`` (listed under child protection) is "child protection medicals in
M": records of ``ext_cp_medicals`` dated in M (every examination counts, so a child examined
twice counts twice). Months reported: the 24 from the first month with a medical onwards.

The health section also shows contacts and referrals from health agencies: those are the
contacts and referrals indicators' source-group breakdowns (``contacts``, ``contacts_to_referral``,
``contacts_to_referral_pct``, ``referrals``) for the groups in ``params["health_source_groups"]``
(default ``["Health"]``); :func:`health_series` adds them up over those groups.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from boardpack.indicators import frames
from boardpack.indicators.marks import frame_of, mark, mark_columns, marked
from boardpack.indicators.source_groups import health_groups
from boardpack.sources.extract import Extract

REQUIRES = ("ext_cp_medicals",)


def medicals(extract: Extract, months: pd.PeriodIndex) -> pd.DataFrame:
    """``cp_medicals``: child protection medicals dated in each month."""
    table = extract.get("ext_cp_medicals").dropna(subset=["cpme_medical_date"])
    months = frames.covered_months(months, table["cpme_medical_date"])
    if not len(months):
        return frames.empty()
    counts = frames.counts_by_month(table, "cpme_medical_date", months)[frames.HEADLINE]
    return frames.tidy("cp_medicals", counts.astype("float"))


def indicators(extract: Extract, months: pd.PeriodIndex, params: dict) -> pd.DataFrame:
    """The health domain's indicators: ``cp_medicals`` only."""
    return medicals(extract, months)


def health_series(s, indicator_id: str) -> pd.Series:
    """A count indicator summed over the health source groups, by month (empty when none).

    ``s`` is a :class:`~boardpack.document.section.Section`; ``indicator_id`` is a count with source-group
    breakdowns (``contacts``, ``contacts_to_referral``, ``referrals``).
    """
    parts = [s.series(indicator_id, group) for group in health_groups(s.params)]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.Series(dtype="float")
    total = pd.concat(parts, axis=1).sum(axis=1, min_count=1)
    # public edition: a sum over a suppressed group is suppressed too (it would give the group back)
    hidden = pd.concat([marked(p).iloc[:, 0] for p in parts], axis=1).reindex(total.index).fillna(False).any(axis=1)
    if hidden.any():
        total = mark(total.mask(hidden), rows=total.index[hidden.to_numpy(bool)])
    return total


def health_conversion(s) -> pd.Series:
    """% of contacts from health progressed to a referral, by month (NaN where no contacts)."""
    contacts = health_series(s, "contacts")
    converted = health_series(s, "contacts_to_referral")
    if contacts.empty or converted.empty:
        return pd.Series(dtype="float")
    ratio = frames.ratio(converted.reindex(contacts.index).fillna(0), contacts)
    hidden = (
        marked(contacts).iloc[:, 0] | marked(converted).iloc[:, 0].reindex(contacts.index, fill_value=False)
    ).to_numpy(bool)
    if hidden.any():  # public edition: a percentage on a suppressed count
        ratio = mark(ratio.mask(hidden), rows=ratio.index[hidden])
    return ratio


def health_table(s, n: int = 12) -> pd.DataFrame:
    """The last ``n`` months: contacts and referrals from health, conversion, medicals, children on plans."""
    months = pd.period_range(end=s.month, periods=n, freq="M")
    columns = {
        "Contacts from health": health_series(s, "contacts"),
        "Progressed to referral": health_series(s, "contacts_to_referral"),
        "Progressed (%)": health_conversion(s),
        "Referrals from health": health_series(s, "referrals"),
        "Child protection medicals": s.series("cp_medicals"),
        "Children subject to a plan": s.series("cp_plans_open"),
    }
    table = frame_of({k: v.reindex(months) if len(v) else pd.Series(np.nan, index=months) for k, v in columns.items()})
    hidden = marked(table)  # the public edition's mark (a suppressed figure shows c)
    table = table.loc[:, table.notna().any() | hidden.any()]
    table.insert(0, "Month", [m.strftime("%b %Y") for m in months])
    table = table.reset_index(drop=True)
    return mark_columns(table, {c: hidden[c].to_numpy(bool) for c in table.columns if c in hidden and hidden[c].any()})


HEALTH_FORMATS = {
    "Contacts from health": "{:,.0f}",
    "Progressed to referral": "{:,.0f}",
    "Progressed (%)": "{:.2f}",
    "Referrals from health": "{:,.0f}",
    "Child protection medicals": "{:,.0f}",
    "Children subject to a plan": "{:,.0f}",
}


def contacts_frame(s) -> pd.DataFrame:
    """Contacts from health and those progressed to referral, by month (empty when none)."""
    contacts = health_series(s, "contacts")
    if contacts.empty:
        return pd.DataFrame()
    converted = health_series(s, "contacts_to_referral")
    return frame_of({"Contacts from health": contacts, "Progressed to referral": converted.reindex(contacts.index)})
