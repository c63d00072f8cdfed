"""The board's view of a section: headline figures with their comparisons, and commentary.

Every section notebook calls ``show_headlines(s)`` under its heading and ``show_commentary(s)``
at its end, and passes ``reference_lines(s, id, breakdown)`` to its charts, so that targets,
benchmarks and statistical process control signals reach every section from one place.
"""

from __future__ import annotations

import math

import pandas as pd

from boardpack import display
from boardpack.frames import HEADLINE
from boardpack.narrative.phrases import fmt_number, month_name

# Section id -> headline indicators: (indicator_id, breakdown, label).
SECTION_HEADLINES: dict[str, list[tuple[str, str, str]]] = {
    "early_help": [("eh_started", "", "Early help episodes started"),
                   ("eh_step_downs", "", "Step-downs from assessment"),
                   ("eh_step_up_pct", "", "Step-downs stepped back up, 12 months (%)")],
    "contacts": [("contacts", "", "Contacts"),
                 ("missing_notifications", "", "Missing child notifications"),
                 ("contacts_to_referral_pct", "", "Contacts progressed to referral (%)"),
                 ("contacts_screened_same_day_pct", "", "Contacts screened the same working day (%)")],
    "referrals": [("referrals", "", "Referrals"),
                  ("rereferrals_pct", "", "Re-referrals within 12 months (%)"),
                  ("referrals_to_assessment_pct", "", "Referrals leading to assessment (%)"),
                  ("referrals_nfa_pct", "", "Referrals with no further action (%)")],
    "assessments": [("assessments_completed", "initial", "Initial assessments completed"),
                    ("assessments_in_timescale_pct", "initial", "Initial assessments in timescale (%)"),
                    ("assessments_completed", "core", "Core assessments completed"),
                    ("assessments_in_timescale_pct", "core", "Core assessments in timescale (%)"),
                    ("assessments_completed", "single", "Single assessments completed"),
                    ("assessments_in_timescale_pct", "single", "Single assessments in timescale (%)")],
    "strategy_s47": [("strategy_started", "", "Strategy discussions started"),
                     ("strategy_to_s47_pct", "", "Strategy discussions leading to s47 (%)"),
                     ("s47_started", "", "Section 47 enquiries started"),
                     ("s47_rate_per_10k_ytd", "", "Section 47 rate per 10,000, year to date")],
    "child_protection": [("icpc_children", "", "Children at initial conferences"),
                         ("cp_plans_open", "", "Children subject to a plan"),
                         ("cp_rate_per_10k", "", "Children on plans per 10,000"),
                         ("cp_repeat_starts_pct_12m", "", "Second or subsequent plans, 12 months (%)"),
                         ("cp_open_2yrs_pct", "", "Plans open two years or more (%)"),
                         ("cp_visits_in_timescale_pct", "", "Visits in timescale (%)")],
    "looked_after": [("cla_open", "", "Children looked after"),
                     ("cla_rate_per_10k", "", "Looked after per 10,000"),
                     ("cla_3plus_placements_pct", "", "Three or more placements in 12 months (%)"),
                     ("cla_long_term_stability_pct", "", "Long-term placement stability (%)"),
                     ("cla_visits_in_timescale_pct", "", "Visits in timescale (%)"),
                     ("cla_reviews_in_timescale_pct", "", "Reviews in timescale (%)")],
    "health": [("contacts", "Health", "Contacts from health"),
               ("contacts_to_referral_pct", "Health", "Health contacts progressed to referral (%)"),
               ("cp_medicals", "", "Child protection medicals")],
}


def target_for(params: dict, indicator_id: str, breakdown: str = HEADLINE) -> dict | None:
    """The target set in the parameters for this indicator and breakdown, if any."""
    target = (params.get("targets") or {}).get(indicator_id)
    if not target:
        return None
    if (target.get("breakdown") or HEADLINE) != breakdown:
        return None
    return target


def reference_lines(s, indicator_id: str, breakdown: str = HEADLINE) -> dict:
    """Keyword arguments for a chart: ``target`` and ``benchmarks`` (label -> value)."""
    target = target_for(s.params, indicator_id, breakdown)
    return {"target": None if target is None else target["value"], "benchmarks": {}}


def headline_table(s, section_id: str | None = None) -> pd.DataFrame:
    """This month, last month and the same month last year for the section's headlines."""
    rows = []
    for indicator_id, breakdown, label in SECTION_HEADLINES.get(section_id or s.id, []):
        series = s.series(indicator_id, breakdown)
        if series.empty:
            continue
        target = target_for(s.params, indicator_id, breakdown)
        rows.append({
            "Indicator": label,
            month_name(s.month): series.get(s.month, math.nan),
            "Last month": series.get(s.month - 1, math.nan),
            "Same month last year": series.get(s.month - 12, math.nan),
            "Target": math.nan if target is None else target["value"],
        })
    return pd.DataFrame(rows)


def show_headlines(s) -> None:
    """The section's headline figures with their comparisons."""
    table = headline_table(s)
    if table.empty:
        return
    shown = table.copy()
    for column in shown.columns[1:]:
        shown[column] = shown[column].map(lambda v: "" if pd.isna(v) else fmt_number(v))
    display.show_table(shown, caption=f"Headline figures, {month_name(s.month)}")


def show_commentary(s) -> None:
    """The analysts' commentary for this section and month, if any (rendered with HTML escaped)."""
    from markdown_it import MarkdownIt

    path = s.commentary_dir() / f"{s.id}.md"
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8-sig")
    rendered = MarkdownIt("commonmark", {"html": False}).render(text)
    display.display(display.HTML(f"<div class='bp-commentary'><h3>Commentary</h3>{rendered}</div>"))


