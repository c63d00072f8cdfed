"""Drafted sentences for the Early help section, in the seed report's style.

Seed (December 2014): "New CAFs are being completed primarily by schools and health visitors";
"2013 data showed that approximately 52% of cases stepped down from IAs and CAs to CAF have
stepped back up since". Each builder takes plain numbers and returns a sentence or ``None``;
:func:`sentences` builds them from the Section.
"""

from __future__ import annotations

import pandas as pd

from boardpack.narrative.phrases import (
    fmt_number,
    fmt_pct,
    is_blank,
    join_words,
    month_name,
    plural,
    previous_month_clause,
)

NOT_RECORDED = "Not recorded"
TYPE_WORDS = {"initial": "initial assessment", "core": "core assessment", "single": "single assessment"}


def no_data_note() -> str:
    """The note shown instead of the section when the extract holds no early help episodes."""
    return (
        "No data: the extract holds no ssd_early_help_episodes, so new CAFs, step-downs and step-ups are not reported."
    )


def step_down_frame(s) -> pd.DataFrame:
    """Step-downs by month for the chart, one column per assessment type, named in words."""
    from boardpack.indicators.early_help import step_downs_by_month
    from boardpack.indicators.marks import rename_columns

    wide = step_downs_by_month(s)
    return rename_columns(wide, lambda t: f"From {TYPE_WORDS.get(t, t)}")  # the public edition's mark follows


def started_sentence(month, started, previous=None) -> str | None:
    """New CAFs (early help episodes) started in the month, with the change on last month.

    >>> started_sentence("2014-12", 42, 50)
    '42 new CAFs (early help assessments) were started in December 2014, a decrease of 16.00% compared to the previous month (50).'
    >>> started_sentence("2014-12", 0, 3)
    'No new CAFs (early help assessments) were started in December 2014 (3 in the previous month).'
    """
    if is_blank(started):
        return None
    when = month_name(month)
    if started == 0:
        tail = "" if is_blank(previous) or previous == 0 else f" ({fmt_number(previous)} in the previous month)"
        return f"No new CAFs (early help assessments) were started in {when}{tail}."
    noun = "new CAF (early help assessment) was" if started == 1 else "new CAFs (early help assessments) were"
    text = f"{fmt_number(started)} {noun} started in {when}"
    text += previous_month_clause(started, previous)
    return text + "."


def lead_agency_sentence(month, counts: pd.Series, top: int = 3) -> str | None:
    """The agencies that led most of the month's new CAFs (up to ``top``, largest first).

    >>> lead_agency_sentence("2014-12", pd.Series({"School": 12, "Health visitor": 9, "Police": 3, "GP": 1}))
    'New CAFs in December 2014 were led mainly by School (12), Health visitor (9) and Police (3).'
    >>> lead_agency_sentence("2014-12", pd.Series({"Not recorded": 2}))
    'The lead agency was not recorded for the 2 new CAFs in December 2014.'
    """
    if counts.isna().any():  # public edition: a suppressed agency; the ranking could mislead
        return None
    counts = counts.loc[counts > 0]
    if counts.empty:
        return None
    when = month_name(month)
    named = counts.drop(NOT_RECORDED, errors="ignore").sort_index().sort_values(ascending=False, kind="stable")
    missing = counts.get(NOT_RECORDED, 0)
    if named.empty:
        return f"The lead agency was not recorded for the {plural(missing, 'new CAF')} in {when}."
    leaders = [f"{agency} ({fmt_number(n)})" for agency, n in named.head(top).items()]
    if len(named) == 1:
        text = f"New CAFs in {when} were led by {leaders[0]}."
    else:
        text = f"New CAFs in {when} were led mainly by {join_words(leaders)}."
    if missing:
        text += f" The lead agency was not recorded for {fmt_number(missing)}."
    return text


def step_down_sentence(month, total, by_type: dict | None = None) -> str | None:
    """CAFs started in the month that were step-downs from a social care assessment, by type.

    >>> step_down_sentence("2014-12", 9, {"initial": 6, "core": 3})
    '9 of the CAFs started in December 2014 were step-downs from a social care assessment: 6 from initial assessment and 3 from core assessment.'
    >>> step_down_sentence("2014-12", 0, {"initial": 0})
    'No CAFs started in December 2014 were step-downs from a social care assessment.'
    """
    if is_blank(total):
        return None
    when = month_name(month)
    if total == 0:
        return f"No CAFs started in {when} were step-downs from a social care assessment."
    head = (
        f"One of the CAFs started in {when} was a step-down from a social care assessment"
        if total == 1
        else f"{fmt_number(total)} of the CAFs started in {when} were step-downs from a social care assessment"
    )
    parts = [
        f"{fmt_number(n)} from {TYPE_WORDS.get(kind, kind)}"
        for kind, n in (by_type or {}).items()
        if not is_blank(n) and n > 0
    ]
    if total == 1 and len(parts) == 1:
        return head + f" (from {parts[0].split(' from ', 1)[1]})."
    return head + (f": {join_words(parts)}." if parts else ".")


def step_up_sentence(month, stepped_up, stepped_down) -> str | None:
    """Step-downs of the 12 months to M that stepped back up (a new referral by the end of M).

    >>> step_up_sentence("2014-12", 21, 40)
    'Of the 40 CAFs stepped down from a social care assessment in the 12 months to December 2014, 21 (52.50%) have since stepped back up (a new referral for the child by the end of the month).'
    >>> step_up_sentence("2014-12", 0, 0)
    'No CAFs were stepped down from a social care assessment in the 12 months to December 2014.'
    """
    if is_blank(stepped_down) or is_blank(stepped_up):
        return None
    when = month_name(month)
    if stepped_down == 0:
        return f"No CAFs were stepped down from a social care assessment in the 12 months to {when}."
    if stepped_down == 1:
        has = "has since stepped back up" if stepped_up else "has not stepped back up"
        return (
            f"The one CAF stepped down from a social care assessment in the 12 months to {when} {has} "
            "(a new referral for the child by the end of the month)."
        )
    return (
        f"Of the {fmt_number(stepped_down)} CAFs stepped down from a social care assessment in the 12 months "
        f"to {when}, {fmt_number(stepped_up)} ({fmt_pct(100 * stepped_up / stepped_down)}) have since stepped "
        "back up (a new referral for the child by the end of the month)."
    )


def sentences(s) -> list[str]:
    """The section's drafted sentences from the Section ``s`` (blank ones left out)."""
    month = s.month
    out = [
        started_sentence(month, s.value("eh_started"), s.value("eh_started", month=month - 1)),
        lead_agency_sentence(month, s.derived("lead_agency_counts")),
    ]
    types = s.breakdowns("eh_step_downs", month)
    by_type = dict(zip(types["breakdown"], types["value"]))
    order = [t for t in TYPE_WORDS if t in by_type] + sorted(t for t in by_type if t not in TYPE_WORDS)
    out.append(step_down_sentence(month, s.value("eh_step_downs"), {t: by_type[t] for t in order}))
    rows = s.breakdowns("eh_step_up_pct", month, headline=True)
    if len(rows):
        out.append(step_up_sentence(month, rows.at[0, "numerator"], rows.at[0, "denominator"]))
    return [sentence for sentence in out if sentence]
