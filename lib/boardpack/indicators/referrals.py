"""Referrals indicators (catalogue ``shared/spec/indicators.md``, "Referrals").

Source: ``ssd_cin_episodes`` (one row per referral), and ``ssd_cin_assessments`` for
``referrals_to_assessment_pct``. Source groups: :mod:`boardpack.indicators.source_groups` on
``cine_referral_source_code``.

Ids: ``referrals`` (headline and per source group), ``referrals_change_prev_month_pct``,
``rereferrals``, ``rereferrals_pct``, ``referrals_nfa_pct``, ``referrals_to_assessment_pct``.

Readings made here (the catalogue does not say):

* a **re-referral** is a referral of a child who has another referral dated in
  ``[d - 12 months, d)`` (:func:`calendar.minus_months`: same day of month, clipped to the month
  end), as in the DfE CIN census re-referral measure. The earlier referral may lie before the 24
  months reported (every row of the table is used). A referral exactly 12 months earlier to the
  day counts; two referrals of one child on the same day are not "before" each other (``d``
  itself is excluded), so neither makes the other a re-referral;
* ``referrals_change_prev_month_pct`` is read as for contacts (see :mod:`boardpack.indicators.contacts`):
  M-1 from the data, NaN before the data's first month or when M-1 had no referrals;
* ``referrals_nfa_pct``: a blank ``cine_referral_nfa`` is not Y (in the denominator only);
* ``referrals_to_assessment_pct``: an assessment counts when its ``cina_referral_id`` is the
  referral's id and it started no later than the end of the reporting month (the data-quality
  rule: records dated after the reporting month are counted in no month). Without
  ``ssd_cin_assessments`` this one id is not reported (no error);
* months before the month of the table's first referral are not reported
  (:func:`frames.covered_months`); every source group (and ``Other``) is reported, 0 where none.
"""

from __future__ import annotations

import pandas as pd

from boardpack.calendar import minus_months
from boardpack.indicators.contacts import change_frame, history_months
from boardpack.indicators.frames import (
    HEADLINE,
    combine,
    counts_by_month,
    covered_months,
    empty,
    isin,
    percent,
    tidy,
)
from boardpack.indicators.marks import mark_columns
from boardpack.indicators.source_groups import group_labels, group_of
from boardpack.sources.extract import Extract

REQUIRES = ("ssd_cin_episodes",)

TABLE = "ssd_cin_episodes"
ID = "cine_referral_id"
PERSON = "cine_person_id"
DATE = "cine_referral_date"
SOURCE = "cine_referral_source_code"
NFA = "cine_referral_nfa"
GROUP = "_group"


def is_rereferral(table: pd.DataFrame) -> pd.Series:
    """True for a referral whose child has another referral dated in ``[d - 12 months, d)``.

    Vectorised: the latest earlier referral date of the same child is compared with ``d``.

    >>> t = pd.DataFrame({"cine_person_id": ["A", "A", "A", "B", "B", "C"],
    ...     "cine_referral_date": pd.to_datetime(["2013-12-15", "2014-12-15", "2014-12-16",
    ...                                            "2014-03-01", "2014-03-01", "2013-12-14"])})
    >>> is_rereferral(t).tolist()
    [False, True, True, False, False, False]
    """
    pairs = table[[PERSON, DATE]].dropna().drop_duplicates().sort_values([PERSON, DATE], kind="stable")
    pairs = pairs.assign(_previous=pairs.groupby(PERSON, sort=False)[DATE].shift(1))
    merged = table[[PERSON, DATE]].merge(pairs, on=[PERSON, DATE], how="left")
    previous = merged["_previous"]
    result = previous.notna() & (previous >= minus_months(merged[DATE], 12))
    return pd.Series(result.fillna(False).to_numpy(dtype=bool), index=table.index)


def indicators(extract: Extract, months: pd.PeriodIndex, params: dict) -> pd.DataFrame:
    """Every referrals indicator for each month of ``months`` that the data cover."""
    table = extract.get(TABLE)
    covered = covered_months(months, table[DATE])
    if not len(covered):
        return empty()
    history = history_months(covered, table[DATE], back=1)
    labels = group_labels(params)
    table = table.assign(**{GROUP: group_of(table[SOURCE], params) if SOURCE in table else "Other"})

    total = counts_by_month(table, DATE, history)[HEADLINE]
    headline = total.reindex(covered)
    by_group = counts_by_month(table, DATE, covered, by=GROUP, labels=labels)[labels]
    rereferred = counts_by_month(table.loc[is_rereferral(table)], DATE, covered)[HEADLINE]
    nfa = table[NFA].fillna(False).astype(bool) if NFA in table else pd.Series(False, index=table.index)
    nfa_count = counts_by_month(table.loc[nfa.to_numpy()], DATE, covered)[HEADLINE]

    frames = [
        tidy("referrals", pd.concat([headline.rename(HEADLINE), by_group], axis=1)),
        change_frame("referrals_change_prev_month_pct", total, covered),
        tidy("rereferrals", rereferred),
        percent("rereferrals_pct", rereferred, headline),
        percent("referrals_nfa_pct", nfa_count, headline),
    ]
    assessments = extract.get("ssd_cin_assessments")
    if assessments is not None:
        frames.append(to_assessment_pct(table, assessments, covered, headline))
    return combine(frames)


def to_assessment_pct(
    referrals: pd.DataFrame, assessments: pd.DataFrame, months: pd.PeriodIndex, headline: pd.Series
) -> pd.DataFrame:
    """``referrals_to_assessment_pct``: % of M's referrals with a linked assessment (see module docstring)."""
    last = months[-1].end_time.normalize()
    started = assessments["cina_assessment_start_date"] <= last
    linked = assessments.loc[started.fillna(False).to_numpy(), "cina_referral_id"].dropna().unique()
    assessed = referrals.loc[isin(referrals[ID], linked).to_numpy()]
    return percent("referrals_to_assessment_pct", counts_by_month(assessed, DATE, months)[HEADLINE], headline)


def source_table(s, month=None) -> pd.DataFrame:
    """For a section: referrals by source group in the month (groups with none left out)."""
    rows = s.breakdowns("referrals", month)
    # a suppressed source (public edition) stays, shown c; the shares are then all c: their
    # denominator, the sum of the sources, is built on the suppressed counts
    rows = rows.loc[(rows["value"] > 0) | rows["suppressed"]]
    hidden = rows["suppressed"].to_numpy(bool)
    total = rows["value"].sum()
    out = pd.DataFrame(
        {
            "Source": rows["breakdown"],
            "Referrals": rows["value"],
            "Share of referrals (%)": (100.0 * rows["value"] / total) if total else float("nan"),
            "_hidden": hidden,
        }
    )
    out = out.sort_values(["Referrals", "Source"], ascending=[False, True], kind="stable").reset_index(drop=True)
    flags = out.pop("_hidden").to_numpy(bool)
    return mark_columns(out, {"Referrals": flags, "Share of referrals (%)": [flags.any()] * len(out)})
