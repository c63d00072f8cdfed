"""Which figures head each section and the Summary.

``SECTION_HEADLINES`` lists each section's headline indicators and ``SUMMARY_HEADLINES`` the few
the Summary's scorecard shows; ``summary.comparison_rows`` gives them with every comparison, and
``document.board_view`` shows them.
"""

from __future__ import annotations

import pandas as pd

from boardpack.board import benchmarks, targets
from boardpack.indicators.frames import HEADLINE

# Section id -> headline indicators: (indicator_id, breakdown, label).
SECTION_HEADLINES: dict[str, list[tuple[str, str, str]]] = {
    "early_help": [
        ("eh_started", "", "Early help episodes started"),
        ("eh_step_downs", "", "Step-downs from assessment"),
        ("eh_step_up_pct", "", "Step-downs stepped back up, 12 months (%)"),
    ],
    "contacts": [
        ("contacts", "", "Contacts"),
        ("missing_notifications", "", "Missing child notifications"),
        ("contacts_to_referral_pct", "", "Contacts progressed to referral (%)"),
        ("contacts_screened_same_day_pct", "", "Contacts screened the same working day (%)"),
    ],
    "referrals": [
        ("referrals", "", "Referrals"),
        ("rereferrals_pct", "", "Re-referrals within 12 months (%)"),
        ("referrals_to_assessment_pct", "", "Referrals leading to assessment (%)"),
        ("referrals_nfa_pct", "", "Referrals with no further action (%)"),
    ],
    "assessments": [
        ("assessments_completed", "initial", "Initial assessments completed"),
        ("assessments_in_timescale_pct", "initial", "Initial assessments in timescale (%)"),
        ("assessments_completed", "core", "Core assessments completed"),
        ("assessments_in_timescale_pct", "core", "Core assessments in timescale (%)"),
        ("assessments_completed", "single", "Single assessments completed"),
        ("assessments_in_timescale_pct", "single", "Single assessments in timescale (%)"),
    ],
    "strategy_s47": [
        ("strategy_started", "", "Strategy discussions started"),
        ("strategy_to_s47_pct", "", "Strategy discussions leading to s47 (%)"),
        ("s47_started", "", "Section 47 enquiries started"),
        ("s47_rate_per_10k_ytd", "", "Section 47 rate per 10,000, year to date"),
    ],
    "child_protection": [
        ("icpc_children", "", "Children at initial conferences"),
        ("icpc_within_15wd_pct", "", "Initial conferences within 15 working days (%)"),
        ("cp_plans_open", "", "Children subject to a plan"),
        ("cp_rate_per_10k", "", "Children on plans per 10,000"),
        ("cp_repeat_starts_pct_12m", "", "Second or subsequent plans, 12 months (%)"),
        ("cp_open_2yrs_pct", "", "Plans open two years or more (%)"),
        ("cp_visits_in_timescale_pct", "", "Visits in timescale (%)"),
    ],
    "looked_after": [
        ("cla_open", "", "Children looked after"),
        ("cla_rate_per_10k", "", "Looked after per 10,000"),
        ("cla_3plus_placements_pct", "", "Three or more placements in 12 months (%)"),
        ("cla_long_term_stability_pct", "", "Long-term placement stability (%)"),
        ("cla_visits_in_timescale_pct", "", "Visits in timescale (%)"),
        ("cla_reviews_in_timescale_pct", "", "Reviews in timescale (%)"),
    ],
    "health": [
        ("contacts", "Health", "Contacts from health"),
        ("contacts_to_referral_pct", "Health", "Health contacts progressed to referral (%)"),
        ("cp_medicals", "", "Child protection medicals"),
    ],
    "workforce": [
        ("wf_interim_pct", "Total|all", "Interim staff, all roles (%)"),
        ("wf_interim_pct", "Total|social_worker", "Interim social workers (%)"),
    ],
}


# The Summary's scorecard: the few headlines a board scans first, one screen's worth, in report order.
# (section, indicator_id, breakdown); labels come from SECTION_HEADLINES. A figure the data do not
# hold (e.g. single assessments in a council still running initial and core) is left out.
SUMMARY_HEADLINES: list[tuple[str, str, str]] = [
    ("early_help", "eh_started", ""),
    ("contacts", "contacts", ""),
    ("contacts", "contacts_screened_same_day_pct", ""),
    ("referrals", "referrals", ""),
    ("referrals", "rereferrals_pct", ""),
    ("referrals", "referrals_to_assessment_pct", ""),
    ("assessments", "assessments_in_timescale_pct", "initial"),
    ("assessments", "assessments_in_timescale_pct", "core"),
    ("assessments", "assessments_in_timescale_pct", "single"),
    ("strategy_s47", "s47_rate_per_10k_ytd", ""),
    ("child_protection", "cp_plans_open", ""),
    ("child_protection", "cp_rate_per_10k", ""),
    ("child_protection", "cp_repeat_starts_pct_12m", ""),
    ("child_protection", "cp_visits_in_timescale_pct", ""),
    ("looked_after", "cla_open", ""),
    ("looked_after", "cla_rate_per_10k", ""),
    ("looked_after", "cla_3plus_placements_pct", ""),
    ("looked_after", "cla_reviews_in_timescale_pct", ""),
    ("workforce", "wf_interim_pct", "Total|social_worker"),
]


def summary_headlines() -> list[tuple[str, str, str, str]]:
    """(section, id, breakdown, label) of the Summary's scorecard rows.

    >>> summary_headlines()[1]
    ('contacts', 'contacts', '', 'Contacts')
    """
    labels = {(section, i, b): label for section, heads in SECTION_HEADLINES.items() for i, b, label in heads}
    return [(section, i, b, labels[(section, i, b)]) for section, i, b in SUMMARY_HEADLINES]


def target_for(params: dict, indicator_id: str, breakdown: str = HEADLINE) -> dict | None:
    """The target set in the parameters for this indicator and breakdown, if any."""
    return targets.target_for(params, indicator_id, breakdown)


def events_for(params: dict, indicator_id: str | None = None) -> list[tuple]:
    """The process changes (params ``events``) that concern an indicator, as (date, label) pairs.

    >>> events_for({"events": [{"date": "2014-11-05", "label": "CSE tool", "indicators": ["strategy_started"]}]}, "contacts")
    []
    """
    out = []
    for event in params.get("events") or []:
        wanted = event.get("indicators")
        if indicator_id and wanted and indicator_id not in wanted:
            continue
        out.append((pd.Timestamp(event["date"]), str(event["label"])))
    return sorted(out)


def reference_lines(s, indicator_id: str, breakdown: str = HEADLINE) -> dict:
    """Keyword arguments for a chart: ``target`` (a number or None), ``benchmarks`` (label -> value,
    e.g. ``{"England 2013-14": 42.1}``; region and statistical neighbours too when the council is
    known, params ``la_code`` or ``benchmark_as``) and ``events`` (:func:`events_for`)."""
    target = target_for(s.params, indicator_id, breakdown)
    return {
        "target": None if target is None else target["value"],
        "benchmarks": benchmarks.benchmarks_from_params(indicator_id, s.month, s.params, breakdown),
        "events": events_for(s.params, indicator_id),
    }


def full_year_benchmarks(s, indicator_id: str, breakdown: str = HEADLINE) -> dict:
    """The published full-year values of a year-to-date figure (label -> value), for the pace lines
    of ``charts.financial_years``: the benchmarks as they stood at the end of the latest year ended."""
    from boardpack.calendar import latest_ended_year_end

    return benchmarks.benchmarks_from_params(
        indicator_id, pd.Period(latest_ended_year_end(s.month), freq="M"), s.params, breakdown
    )


def section_headlines(section_id: str, params: dict) -> list[tuple[str, str, str]]:
    """The section's headlines; Health's contact rows follow the council's health source groups.

    >>> [b for _, b, _ in section_headlines("health", {"health_source_groups": ["NHS", "GP"]})][:4]
    ['NHS', 'NHS', 'GP', 'GP']
    """
    headlines = SECTION_HEADLINES.get(section_id, [])
    if section_id != "health":
        return headlines
    from boardpack.indicators.source_groups import health_groups

    groups = health_groups(params)
    if groups == ["Health"]:
        return headlines
    by_group = [
        row
        for group in groups
        for row in (
            ("contacts", group, f"Contacts from {group}"),
            ("contacts_to_referral_pct", group, f"Contacts from {group} progressed to referral (%)"),
        )
    ]
    return by_group + [h for h in headlines if h[1] != "Health"]
