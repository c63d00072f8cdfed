"""Drafted sentences for the Strategy discussions and section 47 section, in the seed's style.

Seed (December 2014): "The increase of 31.34% in strategy meetings being started during
December 2014 ..."; "the year to date rate 124.65 per 10,000". Each builder takes plain numbers
and returns a sentence or ``None``; :func:`sentences` builds them from the Section.
"""

from __future__ import annotations

import pandas as pd

from boardpack.calendar import financial_year_start, to_month
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


def no_data_note(strategy: bool = False, s47: bool = False) -> str | None:
    """The note for the tables the extract does not hold (None when it holds both)."""
    missing = []
    if not strategy:
        missing.append(("ext_strategy_discussions", "strategy discussions"))
    if not s47:
        missing.append(("ssd_s47_enquiry", "section 47 enquiries"))
    if not missing:
        return None
    tables = " or ".join(t for t, _ in missing)
    what = join_words([w for _, w in missing])
    return f"No data: the extract holds no {tables}, so {what} are not reported."


def started_sentence(month, started, previous=None, completed=None) -> str | None:
    """Strategy discussions started (with the change on last month) and completed.

    >>> started_sentence("2014-12", 88, 67, 80)
    'The number of strategy discussions started in December 2014 was 88, an increase of 31.34% compared to the previous month (67); 80 were completed during the month.'
    >>> started_sentence("2014-12", 0, 0, 0)
    'No strategy discussions were started or completed in December 2014.'
    """
    if is_blank(started):
        return None
    when = month_name(month)
    if started == 0:
        if is_blank(completed) or completed == 0:
            return f"No strategy discussions were started or completed in {when}."
        text = f"No strategy discussions were started in {when}"
    else:
        text = f"The number of strategy discussions started in {when} was {fmt_number(started)}"
    text += previous_month_clause(started, previous)
    if not is_blank(completed):
        if completed == 0:
            text += "; none were completed during the month"
        else:
            text += f"; {fmt_number(completed)} {'was' if completed == 1 else 'were'} completed during the month"
    return text + "."


def team_sentence(month, by_team: pd.Series) -> str | None:
    """The team (or teams, when tied) that started the most strategy discussions.

    >>> team_sentence("2014-12", pd.Series({"MASH": 50.0, "CIN North": 30.0, "Not recorded": 8.0}))
    'MASH started the most strategy discussions in December 2014: 50 of 88 (56.82%). The team was not recorded for 8.'
    """
    if by_team.isna().any():  # public edition: a suppressed team; the total of the others would mislead
        return None
    by_team = by_team.loc[by_team > 0]
    total = by_team.sum()
    if total == 0:
        return None
    named = by_team.drop(NOT_RECORDED, errors="ignore")
    text = ""
    if len(named):
        top = named.max()
        leaders = sorted(named.index[named == top])
        share = fmt_pct(100 * top / total)
        if len(leaders) == 1:
            text = (
                f"{leaders[0]} started the most strategy discussions in {month_name(month)}: "
                f"{fmt_number(top)} of {fmt_number(total)} ({share})."
            )
        else:
            text = (
                f"{join_words(leaders)} started the most strategy discussions in {month_name(month)}: "
                f"{fmt_number(top)} each of {fmt_number(total)} ({share} each)."
            )
    missing = by_team.get(NOT_RECORDED, 0)
    if missing:
        text += f" The team was not recorded for {fmt_number(missing)}."
    return text.strip()


def cse_sentence(month, cse) -> str | None:
    """Discussions held after a child sexual exploitation risk assessment.

    >>> cse_sentence("2014-12", 8)
    'A total of 8 strategy discussions started in December 2014 followed a child sexual exploitation (CSE) risk assessment.'
    >>> cse_sentence("2014-12", 1)
    'One strategy discussion started in December 2014 followed a child sexual exploitation (CSE) risk assessment.'
    """
    if is_blank(cse):
        return None
    when = month_name(month)
    if cse == 0:
        return f"No strategy discussions started in {when} followed a child sexual exploitation (CSE) risk assessment."
    if cse == 1:
        return f"One strategy discussion started in {when} followed a child sexual exploitation (CSE) risk assessment."
    return (
        f"A total of {fmt_number(cse)} strategy discussions started in {when} followed a child sexual "
        "exploitation (CSE) risk assessment."
    )


def s47_share_sentence(month, led, started) -> str | None:
    """Share of the month's strategy discussions that led to a section 47 enquiry.

    >>> s47_share_sentence("2014-12", 40, 88)
    'Of the 88 strategy discussions started in December 2014, 40 (45.45%) led to a section 47 enquiry.'
    """
    if is_blank(started) or started == 0 or is_blank(led):
        return None
    when = month_name(month)
    if started == 1:
        return (
            f"The one strategy discussion started in {when} {'led' if led else 'did not lead'} to a section 47 enquiry."
        )
    return (
        f"Of the {fmt_number(started)} strategy discussions started in {when}, {fmt_number(led)} "
        f"({fmt_pct(100 * led / started)}) led to a section 47 enquiry."
    )


def s47_started_sentence(month, started, previous=None) -> str | None:
    """Section 47 enquiries started in the month.

    >>> s47_started_sentence("2014-12", 45, 50)
    '45 section 47 enquiries were started in December 2014, a decrease of 10.00% compared to the previous month (50).'
    """
    if is_blank(started):
        return None
    when = month_name(month)
    if started == 0:
        return f"No section 47 enquiries were started in {when}."
    text = f"{plural(started, 'section 47 enquiry', 'section 47 enquiries')} {'was' if started == 1 else 'were'} started in {when}"
    text += previous_month_clause(started, previous)
    return text + "."


def s47_ytd_sentence(month, rate, count, last_year_rate=None) -> str | None:
    """The year-to-date rate of section 47 enquiries per 10,000 children (not annualised).

    >>> s47_ytd_sentence("2014-12", 450 / 36100 * 10000, 450)
    'The year to date rate of section 47 enquiries (April 2014 to December 2014) is 124.65 per 10,000 children (450 enquiries).'
    >>> s47_ytd_sentence("2015-04", 0.0, 0)
    'The year to date rate of section 47 enquiries (April 2015) is 0 per 10,000 children (no enquiries).'
    """
    if is_blank(count):
        return None
    month = to_month(month)
    first = to_month(financial_year_start(month))
    period = month_name(month) if first == month else f"{month_name(first)} to {month_name(month)}"
    enquiries = "no enquiries" if count == 0 else plural(count, "enquiry", "enquiries")
    if is_blank(rate):
        return (
            f"There {'was' if count == 1 else 'were'} {enquiries} in the year to date ({period}); the rate per "
            "10,000 children is not available (no population figure)."
        )
    text = (
        f"The year to date rate of section 47 enquiries ({period}) is {fmt_number(rate)} per 10,000 children "
        f"({enquiries})"
    )
    if not is_blank(last_year_rate):
        text += f", compared with {fmt_number(last_year_rate)} at the same point last year"
    return text + "."


def sentences(s) -> list[str]:
    """The section's drafted sentences from the Section ``s`` (blank ones left out)."""
    from boardpack.indicators.strategy import started_by_team

    month = s.month
    out = []
    if len(s.rows("strategy_started")):
        out.append(
            started_sentence(
                month,
                s.value("strategy_started"),
                s.value("strategy_started", month=month - 1),
                s.value("strategy_completed"),
            )
        )
        out.append(team_sentence(month, started_by_team(s)))
        out.append(cse_sentence(month, s.value("strategy_cse")))
        rows = s.breakdowns("strategy_to_s47_pct", month, headline=True)
        if len(rows):
            out.append(s47_share_sentence(month, rows.at[0, "numerator"], rows.at[0, "denominator"]))
    if len(s.rows("s47_started")):
        out.append(s47_started_sentence(month, s.value("s47_started"), s.value("s47_started", month=month - 1)))
        # Say the year-to-date rate only where the data reach back to 1 April (and for last
        # year's, to 1 April a year earlier): a part-year count would read as a fall.
        rows = s.breakdowns("s47_rate_per_10k_ytd", month, headline=True)
        first = s.derived("s47_first_month")
        year_start = to_month(financial_year_start(month))
        if len(rows) and first is not None and first <= year_start:
            last_year = s.value("s47_rate_per_10k_ytd", month=month - 12) if first <= year_start - 12 else None
            out.append(s47_ytd_sentence(month, rows.at[0, "value"], rows.at[0, "numerator"], last_year))
    return [sentence for sentence in out if sentence]
