"""Drafted sentences of the Referrals section, in the seed report's style.

Builders take plain numbers and return a sentence (None when there is nothing to say);
:func:`sentences` gathers the numbers from the Section. Examples::

    There were 302 referrals in December 2014, 24.50% fewer than the 400 in November 2014.
    The number of contacts progressed to a referral in December 2014 was 180, 40.19% fewer than
    the peak of 301 in July 2014.
    There were 45 re-referrals in December 2014 (14.90% of referrals) ... the lowest rate since April 2014.
"""

from __future__ import annotations

import pandas as pd

from boardpack.calendar import to_month
from boardpack.indicators.marks import frame_of
from boardpack.narrative.contacts import NO_EARLIER, _blank, previous_figure
from boardpack.narrative.phrases import (
    change_pct,
    fmt_number,
    fmt_pct,
    month_name,
    plural,
    points_phrase,
)


def change_sentence(count, month, previous, change=None, contacts_change=None) -> list[str]:
    """Referrals this month against last month (and, if given, the change in contacts).

    >>> change_sentence(302, "2014-12", 400, contacts_change=-24.09)
    ['There were 302 referrals in December 2014, 24.50% fewer than the 400 in November 2014.', 'Over the same period the number of contacts fell by 24.09%.']
    """
    if _blank(count):
        return []
    month = to_month(month)
    start = f"There {'was' if count == 1 else 'were'} {plural(count, 'referral')} in {month_name(month)}"
    before = month_name(month - 1)
    if _blank(previous):
        return [f"{start}; {NO_EARLIER}."]
    if previous == 0:
        first = f"{start}, the same as in {before} (none)." if count == 0 else f"{start}, compared to none in {before}."
    else:
        if _blank(change):
            change = change_pct(count, previous)
        if round(change, 2) == 0:
            first = f"{start}, the same number as in {before}."
        else:
            word = "more" if change > 0 else "fewer"
            first = f"{start}, {fmt_pct(abs(change))} {word} than the {fmt_number(previous)} in {before}."
    out = [first]
    if not _blank(contacts_change):
        if round(contacts_change, 2) == 0:
            out.append("Over the same period the number of contacts did not change.")
        else:
            word = "rose" if contacts_change > 0 else "fell"
            out.append(f"Over the same period the number of contacts {word} by {fmt_pct(abs(contacts_change))}.")
    return out


def progressed_sentence(count, month, peak_value=None, peak_month=None) -> str | None:
    """Contacts progressed to a referral, against the peak of the 12 months to M.

    >>> progressed_sentence(180, "2014-12", 301, "2014-07")
    'The number of contacts progressed to a referral in December 2014 was 180, 40.20% fewer than the peak of 301 in July 2014.'
    """
    if _blank(count):
        return None
    month = to_month(month)
    start = f"The number of contacts progressed to a referral in {month_name(month)} was {fmt_number(count)}"
    if _blank(peak_value) or peak_month is None or peak_value == 0:
        return start + "."
    peak_month = to_month(peak_month)
    if peak_month == month:
        return f"{start}, the highest in the 12 months to {month_name(month)}."
    change = change_pct(count, peak_value)
    if round(change, 2) == 0:
        return f"{start}, equal to the peak in {month_name(peak_month)}."
    return (
        f"{start}, {fmt_pct(abs(change))} {'more' if change > 0 else 'fewer'} than the peak of "
        f"{fmt_number(peak_value)} in {month_name(peak_month)}."
    )


def extreme_since(series: pd.Series, month) -> tuple[str, pd.Period | None] | None:
    """("lowest"|"highest", since) when the month's value is below (above) the previous month's.

    ``since`` is the latest earlier month with a value at least as low (high), or None when every
    earlier month of the series is higher (lower). None when the value did not fall (rise), when
    ``since`` would be only two months back, or when fewer than three earlier months are known.

    >>> s = pd.Series([10.0, 20, 30, 25, 12], index=pd.period_range("2014-08", periods=5, freq="M"))
    >>> extreme_since(s, "2014-12")
    ('lowest', Period('2014-08', 'M'))
    >>> extreme_since(s.iloc[1:], "2014-12")
    ('lowest', None)
    """
    month = to_month(month)
    series = series.dropna().sort_index()
    value = series.get(month)
    earlier = series.loc[series.index < month]
    if value is None or len(earlier) < 3 or (month - 1) not in earlier.index:
        return None
    previous = earlier.loc[month - 1]
    if value < previous:
        word, reached = "lowest", earlier.loc[earlier <= value]
    elif value > previous:
        word, reached = "highest", earlier.loc[earlier >= value]
    else:
        return None
    since = reached.index.max() if len(reached) else None
    if since is not None and since >= month - 2:
        return None  # "lowest since" two months ago says no more than "down on last month"
    return word, since


def _extreme_words(extreme, noun: str, months_shown: int) -> str | None:
    if extreme is None:
        return None
    word, since = extreme
    if since is None:
        return f"the {word} {noun} in the {months_shown} months shown"
    return f"the {word} {noun} since {month_name(since)}"


def rereferral_sentence(count, pct, month, previous=None, extreme=None, months_shown: int = 24) -> str | None:
    """Re-referrals (a child referred again within 12 months of an earlier referral).

    >>> rereferral_sentence(45, 14.9, "2014-12", 55, ("lowest", pd.Period("2014-04", "M")))
    'There were 45 re-referrals in December 2014 (14.90% of referrals: children referred again within 12 months of an earlier referral), a decrease of 18.18% from the previous month; this is the lowest rate since April 2014.'
    """
    if _blank(count):
        return None
    month = to_month(month)
    sentence = (
        f"There {'was' if count == 1 else 'were'} {plural(count, 're-referral')} in {month_name(month)}"
        f" ({fmt_pct(pct)} of referrals: children referred again within 12 months of an earlier referral)"
    )
    if not _blank(previous):
        if previous == 0:
            sentence += ", compared to none in the previous month" if count else ", none in the previous month either"
        else:
            change = change_pct(count, previous)
            if round(change, 2) == 0:
                sentence += ", the same number as the previous month"
            else:
                sentence += (
                    f", {'an increase' if change > 0 else 'a decrease'} of {fmt_pct(abs(change))}"
                    " from the previous month"
                )
    words = _extreme_words(extreme, "rate", months_shown)
    return f"{sentence}; this is {words}." if words else sentence + "."


def share_sentence(pct, month, numerator, denominator, what: str, previous_pct=None) -> str | None:
    """A percentage of the month's referrals with its counts and its change in points.

    >>> share_sentence(51.3, "2014-12", 155, 302, "led to an assessment", 53.4)
    '51.30% of referrals in December 2014 (155 of 302) led to an assessment, down 2.10 percentage points from the previous month.'
    """
    if _blank(pct):
        return None
    sentence = f"{fmt_pct(pct)} of referrals in {month_name(month)}"
    if not _blank(numerator) and not _blank(denominator):
        sentence += f" ({fmt_number(numerator)} of {fmt_number(denominator)})"
    sentence += f" {what}"
    points = points_phrase(pct, previous_pct)
    if points == "unchanged":
        return sentence + ", the same as the previous month."
    if points:
        return f"{sentence}, {points} from the previous month."
    return sentence + "."


# ---------------------------------------------------------------------------------------------
# from the Section


def _counts(s, indicator_id: str) -> tuple[float, float]:
    rows = s.breakdowns(indicator_id, headline=True)
    rows = rows.loc[rows["breakdown"] == ""]
    if rows.empty:
        return float("nan"), float("nan")
    return float(rows["numerator"].iloc[0]), float(rows["denominator"].iloc[0])


def sentences(s) -> list[str]:
    """The Referrals section's drafted sentences for the Section's month."""
    from boardpack.indicators.contacts import peak_of

    count = s.value("referrals")
    if _blank(count):
        return []
    out = change_sentence(
        count,
        s.month,
        previous_figure(s, "referrals", "referrals_change_prev_month_pct"),
        s.value("referrals_change_prev_month_pct"),
        s.value("contacts_change_prev_month_pct"),
    )
    progressed = s.series("contacts_to_referral")
    if len(progressed):
        peak_value, peak_month = peak_of(progressed, s.month)
        out.append(progressed_sentence(s.value("contacts_to_referral"), s.month, peak_value, peak_month))
    rates = s.series("rereferrals_pct")
    out.append(
        rereferral_sentence(
            s.value("rereferrals"),
            s.value("rereferrals_pct"),
            s.month,
            s.value("rereferrals", month=s.month - 1),
            extreme_since(rates, s.month),
            len(rates),
        )
    )
    for indicator_id, what in (
        ("referrals_to_assessment_pct", "led to an assessment"),
        ("referrals_nfa_pct", "ended with no further action"),
    ):
        numerator, denominator = _counts(s, indicator_id)
        out.append(
            share_sentence(
                s.value(indicator_id), s.month, numerator, denominator, what, s.value(indicator_id, month=s.month - 1)
            )
        )
    return [x for x in out if x]


def no_data_note() -> str:
    """The note shown instead of the section when the extract has no referrals."""
    return (
        "No data: the extract holds no ssd_cin_episodes, so referrals, re-referrals and their outcomes are "
        "not reported."
    )


def chart_titles(s) -> dict[str, str]:
    """Titles that say what each of the section's charts and tables shows."""
    return {
        "volume": "Referrals received each month: this year and last",
        "progressed": "Contacts progressed to a referral each month: this year and last",
        "rereferrals": "Re-referrals (another referral of the child in the 12 months before) as a % of referrals, "
        "each month",
        "outcomes": "Referrals leading to an assessment, and referrals ending with no further action, each month (%)",
        "sources": f"Referrals by source, {month_name(s.month)}",
    }


def outcomes_frame(s) -> pd.DataFrame:
    """Monthly % of referrals leading to an assessment and ending in NFA (columns present only if computed)."""
    columns = {}
    for indicator_id, label in (
        ("referrals_to_assessment_pct", "Led to an assessment"),
        ("referrals_nfa_pct", "No further action"),
    ):
        series = s.series(indicator_id)
        if len(series):
            columns[label] = series
    return frame_of(columns)  # the public edition's mark kept


SOURCE_FORMATS = {"Referrals": "{:,.0f}", "Share of referrals (%)": "{:.2f}"}
