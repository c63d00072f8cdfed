"""Early help (CAF) indicators: ``eh_started``, ``eh_step_downs``, ``eh_step_up_pct``.

Source: ``ssd_early_help_episodes`` (CAF / early help assessments), with its extension column
``earl_step_down_from`` (blank, or the type of social care assessment the family was stepped
down from), and ``ssd_cin_episodes`` (referrals) for step-ups. Definitions are the catalogue's
(``shared/spec/indicators.md``, "Early help (CAF)").

Readings made here (the catalogue does not say):

* an episode is a step-down when ``earl_step_down_from`` holds any non-blank value; the
  breakdown of ``eh_step_downs`` is that value as the reader normalised it (``initial``,
  ``core``, ``single``; any other value is reported under its own label). Every type that
  appears on a step-down episode dated in the 24 months is reported for each month (0 where
  none).
* a step-down "steps back up" when the same child (``earl_person_id`` = ``cine_person_id``)
  has a referral dated strictly after the episode start date and no later than the end of M.
  A referral on the episode's start day does not count (it is the day of the step-down).
  Without ``ssd_cin_episodes`` ``eh_step_up_pct`` is not reported (no error).
* lead agency (for the section's chart and sentences, not a catalogue indicator):
  ``earl_episode_organisation``, blank = ``Not recorded``;
* months before the month of the table's first episode are not reported
  (:func:`frames.covered_months`, "the months the data cover"); within them a month with no
  records gives 0 counts and a blank percentage. ``eh_step_up_pct`` is reported for every covered
  month, over the step-downs the data hold in its 12 months (a percentage, not a volume).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from boardpack.calendar import to_month, twelve_months_to
from boardpack.indicators.frames import HEADLINE, combine, counts_by_month, covered_months, tidy
from boardpack.sources.extract import Extract
from boardpack.sources.tables import ASSESSMENT_TYPES

REQUIRES = ("ssd_early_help_episodes",)

TABLE = "ssd_early_help_episodes"
START = "earl_episode_start_date"
PERSON = "earl_person_id"
STEP_DOWN = "earl_step_down_from"
ORGANISATION = "earl_episode_organisation"
NOT_RECORDED = "Not recorded"


def _ordered(labels) -> list[str]:
    """Assessment types in the usual order (initial, core, single), then any others sorted."""
    labels = {str(x) for x in labels}
    known = [t for t in ASSESSMENT_TYPES if t in labels]
    return known + sorted(labels - set(known))


def step_down_type(table: pd.DataFrame) -> pd.Series:
    """The step-down type of each episode; missing where the episode is not a step-down.

    >>> t = pd.DataFrame({"earl_step_down_from": pd.Series(["initial", None, " ", "Core"], dtype="str")})
    >>> step_down_type(t).tolist()
    ['initial', nan, nan, 'core']
    """
    if STEP_DOWN not in table:
        return pd.Series(np.nan, index=table.index, dtype="str")
    s = table[STEP_DOWN].astype("str").str.strip().str.lower()
    return s.mask(s == "")


def indicators(extract: Extract, months: pd.PeriodIndex, params: dict) -> pd.DataFrame:
    """``eh_started``, ``eh_step_downs`` (headline and by type) and ``eh_step_up_pct`` for each month."""
    table = extract.get(TABLE)
    months = covered_months(months, table[START])
    if not len(months):
        return combine([])
    frames = [tidy("eh_started", counts_by_month(table, START, months)[HEADLINE])]

    kind = step_down_type(table)
    step_downs = table.loc[kind.notna()].assign(_type=kind[kind.notna()])
    period = step_downs[START].dt.to_period("M")
    types = _ordered(step_downs.loc[period.isin(months), "_type"].unique())
    headline = counts_by_month(step_downs, START, months)
    by_type = counts_by_month(step_downs, START, months, by="_type", labels=types)[types] if types else None
    frames.append(tidy("eh_step_downs", headline if by_type is None else pd.concat([headline, by_type], axis=1)))

    referrals = extract.get("ssd_cin_episodes")
    if referrals is not None:
        frames.append(step_up_pct(step_downs, referrals, months))
    return combine(frames)


def first_referral_after(step_downs: pd.DataFrame, referrals: pd.DataFrame) -> pd.Series:
    """For each step-down episode, the date of the child's first referral strictly after its start."""
    episodes = step_downs[[PERSON, START]].reset_index(names="_row")
    refs = referrals[["cine_person_id", "cine_referral_date"]].dropna()
    pairs = episodes.merge(refs, left_on=PERSON, right_on="cine_person_id", how="inner")
    pairs = pairs.loc[pairs["cine_referral_date"] > pairs[START]]
    first = pairs.groupby("_row")["cine_referral_date"].min()
    return first.reindex(step_downs.index).astype("datetime64[ns]")


def step_up_pct(step_downs: pd.DataFrame, referrals: pd.DataFrame, months: pd.PeriodIndex) -> pd.DataFrame:
    """``eh_step_up_pct``: of step-downs started in the 12 months to M, % referred again by the end of M."""
    first = first_referral_after(step_downs, referrals)
    start = step_downs[START]
    numerator, denominator = [], []
    for month in months:
        low, high = twelve_months_to(month)
        window = (start >= low) & (start <= high)
        denominator.append(int(window.sum()))
        numerator.append(int((window & (first <= high)).sum()))
    num = pd.Series(numerator, index=months, dtype="float")
    den = pd.Series(denominator, index=months, dtype="float")
    value = (100 * num / den.where(den != 0)).astype("float")
    return tidy("eh_step_up_pct", value, num, den)


def lead_agency_counts(extract: Extract, month) -> pd.Series:
    """Early help episodes started in ``month`` by lead agency (largest first); blank = Not recorded.

    >>> e = Extract(tables={TABLE: pd.DataFrame({START: pd.to_datetime(["2014-12-01", "2014-12-31", "2014-11-30"]),
    ...     ORGANISATION: pd.Series(["School", None, "School"], dtype="str")})})
    >>> lead_agency_counts(e, "2014-12").to_dict()
    {'Not recorded': 1, 'School': 1}
    """
    table = extract.get(TABLE)
    if table is None:
        return pd.Series(dtype="int64")
    month = to_month(month)
    started = table.loc[table[START].dt.to_period("M") == month]
    if ORGANISATION in started:
        agency = started[ORGANISATION].astype("str").str.strip()
        agency = agency.mask(agency == "").fillna(NOT_RECORDED)
    else:
        agency = pd.Series(NOT_RECORDED, index=started.index, dtype="str")
    counts = agency.value_counts()
    counts = counts.sort_index().sort_values(ascending=False, kind="stable")
    counts.index.name = None
    counts.name = None
    return counts.astype("int64")


def step_downs_by_month(s) -> pd.DataFrame:
    """Wide step-downs for the section's chart: index months, one column per assessment type."""
    wide = s.wide("eh_step_downs")
    return wide[_ordered(wide.columns)] if len(wide) else wide
