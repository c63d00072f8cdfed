"""Drafted sentences for the workforce section: interim share and FTE against budget.

Percentages to one decimal place, FTE to two, as the seed report's workforce tables print them.
"""

from __future__ import annotations

import pandas as pd

from boardpack.narrative.looked_after import day_name
from boardpack.narrative.phrases import fmt_pct, is_blank, plural, points_phrase


def _fte(value) -> str:
    return f"{value:,.2f}"


def interim_sentence(as_at, interim, total, pct, previous_pct=None, previous_as_at=None, sw_pct=None) -> str:
    """The interim share of the whole workforce at a snapshot, against the previous snapshot.

    >>> interim_sentence("2014-09-30", 47.95, 135.91, 35.2807, 35.57, "2014-03-31", 45.946)
    'At 30 September 2014, interim staff made up 35.3% of the workforce (47.95 of 135.91 FTE), down 0.3 percentage points on 31 March 2014; 45.9% of social workers were interim.'
    """
    if is_blank(pct):
        return ""
    text = (
        f"At {day_name(as_at)}, interim staff made up {fmt_pct(pct, 1)} of the workforce "
        f"({_fte(interim)} of {_fte(total)} FTE)"
    )
    points = points_phrase(pct, previous_pct, 1)
    if points is not None and previous_as_at is not None:
        text += f", {points} on {day_name(previous_as_at)}"
    if not is_blank(sw_pct):
        text += f"; {fmt_pct(sw_pct, 1)} of social workers were interim"
    return text + "."


def highest_team_sentence(team: str, pct) -> str:
    """The team with the highest interim share.

    >>> highest_team_sentence("CWD", 56.75)
    'The highest interim share was in CWD (56.8%).'
    """
    if not team or is_blank(pct):
        return ""
    return f"The highest interim share was in {team} ({fmt_pct(pct, 1)})."


def budget_sentence(as_at, budget, current, over_under, new_starters=0.0) -> str:
    """Staffing against budget: positive over/under = under budget (vacancies), negative = over.

    >>> budget_sentence("2014-09-30", 133.64, 137.91, -4.27, 6)
    'Against a budget of 133.64 FTE at 30 September 2014, staff in post and 6.00 FTE of confirmed new starters came to 137.91 FTE: 4.27 FTE over budget.'
    """
    if is_blank(budget) or is_blank(over_under):
        return ""
    if round(over_under, 2) == 0:
        where = "in line with the budget"
    elif over_under > 0:
        where = f"{_fte(over_under)} FTE under budget"
    else:
        where = f"{_fte(-over_under)} FTE over budget"
    starters = f" and {_fte(new_starters)} FTE of confirmed new starters" if new_starters else ""
    return (
        f"Against a budget of {_fte(budget)} FTE at {day_name(as_at)}, staff in post{starters} came to "
        f"{_fte(current)} FTE: {where}."
    )


def disagreement_sentence(count: int) -> str:
    """A pointer to the data-quality section when finance's own staff figures differ from HR's.

    >>> disagreement_sentence(2)
    "The over/under headcount uses HR's staff figures; the finance summary's own figures differ for 2 teams (see Data quality)."
    """
    if not count:
        return ""
    return (
        f"The over/under headcount uses HR's staff figures; the finance summary's own figures differ for "
        f"{plural(count, 'team')} (see Data quality)."
    )


def sentences(s) -> list[str]:
    """The section's sentences from a :class:`~boardpack.document.section.Section` (latest snapshot up to M)."""
    from boardpack.indicators import workforce as wf

    workforce = s.table("ext_workforce")
    dates = wf.snapshots(workforce, s.month)
    if not dates:
        return []
    as_at = pd.Timestamp(dates[-1])
    previous = pd.Timestamp(dates[-2]) if len(dates) > 1 else None
    sums = wf.staff_sums(workforce, as_at)
    total = sums.loc[(sums["team"] == wf.TOTAL_TEAM) & (sums["role"] == wf.ALL_ROLES)].set_index("as_at")
    now = total.loc[as_at]
    sw = sums.loc[
        (sums["as_at"] == as_at) & (sums["team"] == wf.TOTAL_TEAM) & (sums["role"] == "social_worker"), "interim_pct"
    ]
    out = [
        interim_sentence(
            as_at,
            now["interim"],
            now["total"],
            now["interim_pct"],
            None if previous is None else total.loc[previous, "interim_pct"],
            previous,
            sw.iloc[0] if len(sw) else None,
        )
    ]
    teams = sums.loc[(sums["as_at"] == as_at) & (sums["role"] == wf.ALL_ROLES) & (sums["team"] != wf.TOTAL_TEAM)]
    teams = teams.dropna(subset=["interim_pct"])
    if len(teams):
        top = teams.loc[teams["interim_pct"].idxmax()]
        out.append(highest_team_sentence(str(top["team"]), top["interim_pct"]))
    summary = wf.fte_summary(workforce, s.table("ext_workforce_budget"), as_at)
    if len(summary) and summary["Budget"].notna().any():
        row = summary.iloc[-1]
        out.append(
            budget_sentence(
                as_at,
                row["Budget"],
                row["Current total (FTE)"],
                row["Over/under headcount"],
                row["Confirmed new starters"],
            )
        )
        found = s.derived("workforce_disagreements")
        found = found.loc[found["snapshot"] == as_at] if len(found) else found
        out.append(disagreement_sentence(found["team"].nunique() if len(found) else 0))
    return [x for x in out if x]


def no_data_note() -> str:
    """Shown in place of the section when the extract has no workforce snapshots."""
    return "No data: the extract holds no ext_workforce, so the workforce is not reported."


def no_budget_note() -> str:
    """Shown in place of the FTE summary when there is no budget."""
    return (
        "No data: the extract holds no ext_workforce_budget, so staffing against budget and the over/under "
        "headcount are not reported."
    )


def team_table_caption(as_at) -> str:
    """Caption of the team-by-role table."""
    return f"Permanent and interim staff (FTE) by team and role, and interim staff as % of each, at {day_name(as_at)}"


def summary_caption(as_at) -> str:
    """Caption of the FTE summary."""
    return (
        f"FTE summary at {day_name(as_at)}: staff in post, confirmed new starters and budget; over/under "
        f"headcount = budget - current total (positive: under budget)"
    )
