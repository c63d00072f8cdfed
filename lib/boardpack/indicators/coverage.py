"""Blank what the data cannot say: figures whose window lies outside the tables' coverage, and figures
built on a column the source does not carry.

One generic step after :func:`boardpack.indicators.registry.compute_all`, driven by
:data:`DECLARED`: for each indicator, the tables it counts, its counting window for month M, and
the columns it needs values in.

* **Coverage** (``Extract.coverage``, read from ``coverage.csv``; spec ``sources.md``): a figure for
  month M is blank (NaN value, numerator and denominator, with one note per indicator) unless its
  window is wholly inside one covered span of every declared table that ``coverage.csv`` lists. A
  table it does not list covers the span of its own records (today's behaviour), so without
  ``coverage.csv`` nothing changes.
* **Columns not carried**: where every value of a needed column is blank (SSDA903 has no review due
  dates, Annex A no contact outcomes), the indicator is blank in every month, with a note, never 0%.

Windows (the catalogue's, ``shared/spec/indicators.md``): ``month`` M; ``point`` the last day of M
(open at the end of M); ``two_months`` M-1 and M (a change on the previous month, a conference
within 15 working days of its enquiry); ``12m`` the 12 months to M; ``13m`` the end of M-12 to the
end of M; ``24m`` the 24 months to M; ``30m`` 30 months to M (2.5 years in care); ``ytd`` 1 April
to the end of M; ``year_before`` the 12 months before M and M (a re-referral within 12 months);
``visits`` the visit interval before the end of M (``cla_visit_interval_days``; child protection
visits: ``cp_visit_interval_wd`` working days, taken as 2 calendar days for each); ``history``
everything before the end of M (repeat plans need the whole plan history: never covered by a
return's span).
"""

from __future__ import annotations

import pandas as pd

from boardpack.calendar import financial_year_start, month_end, month_start, to_month

_EH, _REF, _ASS = "ssd_early_help_episodes", "ssd_cin_episodes", "ssd_cin_assessments"
_S47, _ICPC, _CPP, _CPV = "ssd_s47_enquiry", "ssd_initial_cp_conference", "ssd_cp_plans", "ssd_cp_visits"
_CLA, _PL, _CLV, _CLR = "ssd_cla_episodes", "ssd_cla_placement", "ssd_cla_visits", "ssd_cla_reviews"
_CON, _STR, _MED, _WF = "ssd_contacts", "ext_strategy_discussions", "ext_cp_medicals", "ext_workforce"

#: indicator -> (tables counted, window, {table: [columns needing some value]})
DECLARED: dict[str, tuple[tuple[str, ...], str, dict[str, list[str]]]] = {
    "contacts": ((_CON,), "month", {}),
    "contacts_change_prev_month_pct": ((_CON,), "two_months", {}),
    "contacts_change_from_peak_pct": ((_CON,), "24m", {}),
    "contacts_source_pct": ((_CON,), "month", {_CON: ["cont_contact_source_code"]}),
    "contacts_to_referral": ((_CON,), "month", {_CON: ["cont_contact_outcome_json"]}),
    "contacts_to_referral_pct": ((_CON,), "month", {_CON: ["cont_contact_outcome_json"]}),
    "contacts_screened_same_day_pct": ((_CON,), "month", {_CON: ["cont_contact_screened_date"]}),
    "missing_notifications": ((_CON,), "month", {_CON: ["cont_contact_outcome_json"]}),
    "eh_started": ((_EH,), "month", {}),
    "eh_step_downs": ((_EH,), "month", {_EH: ["earl_step_down_from"]}),
    "eh_step_up_pct": ((_EH, _REF), "12m", {_EH: ["earl_step_down_from"]}),
    "referrals": ((_REF,), "month", {}),
    "referrals_change_prev_month_pct": ((_REF,), "two_months", {}),
    "referrals_nfa_pct": ((_REF,), "month", {_REF: ["cine_referral_nfa"]}),
    "referrals_to_assessment_pct": ((_REF, _ASS), "month", {}),
    "rereferrals": ((_REF,), "year_before", {}),
    "rereferrals_pct": ((_REF,), "year_before", {}),
    "assessments_completed": ((_ASS,), "month", {}),
    "assessments_duration_band": ((_ASS,), "month", {}),
    "assessments_in_timescale_pct": ((_ASS,), "month", {}),
    "assessments_nfa_pct": ((_ASS,), "month", {_ASS: ["cina_assessment_outcome_nfa"]}),
    "assessments_rate_per_10k_12m": ((_ASS,), "12m", {}),
    "strategy_started": ((_STR,), "month", {}),
    "strategy_completed": ((_STR,), "month", {}),
    "strategy_cse": ((_STR,), "month", {_STR: ["strd_cse_flag"]}),
    "strategy_to_s47_pct": ((_STR,), "month", {_STR: ["strd_s47_flag"]}),
    "s47_started": ((_S47,), "month", {}),
    "s47_rate_per_10k_ytd": ((_S47,), "ytd", {}),
    "icpc_children": ((_ICPC,), "month", {}),
    "icpc_to_plan": ((_ICPC,), "month", {_ICPC: ["icpc_icpc_outcome_cp_flag"]}),
    "icpc_to_plan_pct": ((_ICPC,), "month", {_ICPC: ["icpc_icpc_outcome_cp_flag"]}),
    "icpc_within_15wd_pct": ((_ICPC, _S47), "two_months", {}),
    "cp_plans_open": ((_CPP,), "point", {}),
    "cp_plans_started": ((_CPP,), "month", {}),
    "cp_plans_ended": ((_CPP,), "month", {}),
    "cp_rate_per_10k": ((_CPP,), "point", {}),
    "cp_open_2yrs_pct": ((_CPP,), "point", {}),
    "cp_repeat_open": ((_CPP,), "history", {}),
    "cp_repeat_open_pct": ((_CPP,), "history", {}),
    "cp_repeat_starts_pct_12m": ((_CPP,), "history", {}),
    "cp_visits_in_timescale_pct": ((_CPP, _CPV), "cp_visits", {}),
    "cp_medicals": ((_MED,), "month", {}),
    "cp_and_looked_after": ((_CPP, _CLA), "point", {}),
    "cla_open": ((_CLA,), "point", {}),
    "cla_rate_per_10k": ((_CLA,), "point", {}),
    "cla_started": ((_CLA,), "month", {}),
    "cla_ceased": ((_CLA,), "month", {}),
    "cla_change_12m_pct": ((_CLA,), "13m", {}),
    "cla_3plus_placements_pct": ((_CLA, _PL), "12m", {}),
    "cla_long_term_stability_pct": ((_CLA, _PL), "30m", {}),
    "cla_visits_in_timescale_pct": ((_CLA, _CLV), "visits", {}),
    "cla_reviews_held": ((_CLR,), "month", {}),
    "cla_reviews_in_timescale_pct": ((_CLR,), "month", {_CLR: ["clar_cla_review_due_date"]}),
    "wf_permanent_fte": ((_WF,), "point", {}),
    "wf_interim_fte": ((_WF,), "point", {}),
    "wf_interim_pct": ((_WF,), "point", {}),
    "wf_over_under_fte": ((_WF,), "point", {}),
}


def window(kind: str, month, params: dict) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day that a figure of ``kind`` for ``month`` counts (see the module docstring).

    >>> window("ytd", "2014-12", {})
    (Timestamp('2014-04-01 00:00:00'), Timestamp('2014-12-31 00:00:00'))
    >>> window("year_before", "2014-12", {})
    (Timestamp('2013-12-01 00:00:00'), Timestamp('2014-12-31 00:00:00'))
    """
    m = to_month(month)
    end = month_end(m)
    starts = {
        "month": lambda: month_start(m),
        "point": lambda: end,
        "two_months": lambda: month_start(m - 1),
        "12m": lambda: month_start(m - 11),
        "13m": lambda: month_end(m - 12),
        "24m": lambda: month_start(m - 23),
        "30m": lambda: month_start(m - 29),
        "ytd": lambda: financial_year_start(m),
        "year_before": lambda: month_start(m - 12),
        "visits": lambda: end - pd.Timedelta(days=int(params.get("cla_visit_interval_days", 42))),
        "cp_visits": lambda: end - pd.Timedelta(days=2 * int(params.get("cp_visit_interval_wd", 10))),
        "history": lambda: pd.Timestamp.min,
    }
    return starts[kind](), end


def _spans(coverage: pd.DataFrame | None) -> dict[str, list[tuple[pd.Timestamp, pd.Timestamp]]]:
    if coverage is None or coverage.empty:
        return {}
    spans: dict[str, list] = {}
    for row in coverage.itertuples(index=False):
        spans.setdefault(row.table, []).append((row.first_day, row.last_day))
    return spans


def _months_text(ends: list[pd.Timestamp]) -> str:
    ends = sorted(ends)
    first, last = ends[0].strftime("%Y-%m"), ends[-1].strftime("%Y-%m")
    return first if first == last else f"{first} to {last}"


def apply(frame: pd.DataFrame, extract, params: dict) -> tuple[pd.DataFrame, list[str]]:
    """The indicator frame with uncovered and unsupported figures blank, and a note for each."""
    spans = _spans(getattr(extract, "coverage", None))
    notes: list[str] = []
    blank = pd.Series(False, index=frame.index)
    for indicator, (tables, kind, needs) in DECLARED.items():
        rows = frame["indicator_id"] == indicator
        if not rows.any():
            continue
        empty = [
            f"{t}.{c}"
            for t, cols in needs.items()
            for c in cols
            if extract.get(t) is not None and c in extract.get(t) and extract.get(t)[c].notna().sum() == 0
        ]
        if empty:
            blank |= rows
            notes.append(f"{indicator}: blank: {', '.join(empty)} holds no values (the source does not carry it)")
            continue
        limits = {t: spans[t] for t in tables if t in spans}
        if not limits:
            continue
        outside = []
        for end in frame.loc[rows, "period_end"].drop_duplicates():
            first, last = window(kind, end.to_period("M"), params)
            if not all(any(f <= first and last <= la for f, la in limits[t]) for t in limits):
                outside.append(end)
        if outside:
            blank |= rows & frame["period_end"].isin(outside)
            covered = "; ".join(
                f"{t} {', '.join(f'{f:%Y-%m-%d} to {la:%Y-%m-%d}' for f, la in limits[t])}" for t in limits
            )
            notes.append(
                f"{indicator}: blank for {_months_text(outside)}: its window ({kind}) is not wholly inside "
                f"the coverage of {covered}"
            )
    if blank.any():
        frame = frame.copy()
        frame.loc[blank, ["value", "numerator", "denominator"]] = float("nan")
    return frame, notes
