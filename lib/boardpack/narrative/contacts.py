"""Drafted sentences of the Contacts section, in the seed report's style.

Each builder takes plain numbers (so it can be tested alone) and returns a sentence, or None when
there is nothing to say; :func:`sentences` gathers the numbers from the Section. Examples::

    The figure of 421 contacts for December 2014 is a decrease of 43.64% from the peak figure of
    747 in July 2014, and a decrease of 24.09% compared to the previous month.
    32 missing child notifications were received during the month and, if these were included in
    the overall contacts figure, the difference between November and December 2014 would be a
    decrease of 18.81%.
    The highest percentage of contacts received in December 2014 were from the police at 19.48% and,
    of these, 43.90% were progressed to a referral.
"""

from __future__ import annotations

import math

import pandas as pd

from boardpack.calendar import to_month
from boardpack.narrative.phrases import (
    change_pct,
    change_phrase,
    fmt_number,
    fmt_pct,
    is_blank,
    join_words,
    month_name,
    plural,
    points_phrase,
    source_words,
)

NO_EARLIER = "it is the first month in the data, so there is no earlier month to compare with"


def _blank(value) -> bool:
    return is_blank(value) or (isinstance(value, float) and math.isnan(value))


def _previous_part(count, previous, change=None) -> str | None:
    """ "a decrease of 24.09% compared to the previous month", "the same as ...", "up from none ..."."""
    if _blank(previous):
        return None
    if previous == 0:
        return "the same as the previous month" if count == 0 else "up from none in the previous month"
    if _blank(change):
        change = change_pct(count, previous)
    if round(change, 2) == 0:
        return "the same as the previous month"
    word = "an increase" if change > 0 else "a decrease"
    return f"{word} of {fmt_pct(abs(change))} compared to the previous month"


def volume_sentence(
    count,
    month,
    peak=None,
    peak_month=None,
    previous=None,
    change_previous=None,
    change_peak=None,
    singular: str = "contact",
    plural_form: str | None = None,
) -> str | None:
    """The month's figure against the peak of the 12 months to M and against the previous month.

    ``previous`` is M-1's figure (None/NaN: M is the first month of the data; 0: none);
    ``peak_month`` the month of the highest figure over the 12 months to M (M included).
    ``change_previous``/``change_peak`` may be given (the indicators' values); else computed.

    >>> volume_sentence(421, "2014-12", 747, "2014-07", 555, change_previous=-24.09)
    'The figure of 421 contacts for December 2014 is a decrease of 43.64% from the peak figure of 747 in July 2014, and a decrease of 24.09% compared to the previous month.'
    """
    if _blank(count):
        return None
    month = to_month(month)
    what = plural(count, singular, plural_form)
    if _blank(previous):
        return f"There {'was' if count == 1 else 'were'} {what} in {month_name(month)}; {NO_EARLIER}."
    peak_part = None
    if not _blank(peak) and peak_month is not None and peak > 0:
        peak_month = to_month(peak_month)
        if peak_month == month:
            peak_part = f"the highest in the 12 months to {month_name(month)}"
        else:
            if _blank(change_peak):
                change_peak = change_pct(count, peak)
            if round(change_peak, 2) == 0:
                peak_part = f"equal to the peak figure of {fmt_number(peak)} in {month_name(peak_month)}"
            else:
                word = "an increase" if change_peak > 0 else "a decrease"
                peak_part = (
                    f"{word} of {fmt_pct(abs(change_peak))} from the peak figure of "
                    f"{fmt_number(peak)} in {month_name(peak_month)}"
                )
    previous_part = _previous_part(count, previous, change_previous)
    start = f"The figure of {what} for {month_name(month)} is"
    if peak_part:
        return f"{start} {peak_part}, and {previous_part}."
    return f"{start} {previous_part}."


def missing_sentence(missing, month, contacts=None, previous_contacts=None, previous_missing=None) -> str | None:
    """Missing child notifications, counted apart, and the change had they been counted as contacts.

    >>> missing_sentence(32, "2014-12", 421, 555, 3)
    '32 missing child notifications were received during the month and, if these were included in the overall contacts figure, the difference between November and December 2014 would be a decrease of 18.82%.'
    >>> missing_sentence(0, "2014-12")
    'No missing child notifications were received in December 2014.'
    """
    if _blank(missing):
        return None
    month = to_month(month)
    if missing == 0:
        return f"No missing child notifications were received in {month_name(month)}."
    was = "notification was" if missing == 1 else "notifications were"
    start = f"{fmt_number(missing)} missing child {was} received during the month"
    these = "this were" if missing == 1 else "these were"
    if not any(_blank(v) for v in (contacts, previous_contacts, previous_missing)):
        current, previous = contacts + missing, previous_contacts + previous_missing
        phrase = change_phrase(current, previous)
        earlier = (month - 1).strftime("%B") + ("" if (month - 1).year == month.year else f" {(month - 1).year}")
        if phrase == "no change":
            return (
                f"{start} and, if {these} included in the overall contacts figure, there would be no "
                f"change between {earlier} and {month_name(month)}."
            )
        if phrase is not None:
            return (
                f"{start} and, if {these} included in the overall contacts figure, the difference between "
                f"{earlier} and {month_name(month)} would be {phrase}."
            )
    return f"{start}; {'it is' if missing == 1 else 'they are'} not counted as contacts."


def _source_words(label: str) -> str:
    return source_words(label)


def _progressed(referred, rate) -> str:
    if not _blank(referred) and referred == 0:
        return "none progressed to a referral"
    return f"{fmt_pct(rate)} progressed to a referral"


def source_sentences(table: pd.DataFrame, month, small: int = 10) -> list[str]:
    """Where the month's contacts came from and how many of each source progressed to a referral.

    ``table``: one row per source group with ``Source``, ``Contacts``, ``Share of contacts (%)``,
    ``Progressed to referral``, ``Progressed to referral (%)`` (see ``contacts.source_table``).
    Groups with fewer than ``small`` contacts are listed apart with their counts.
    """
    month = to_month(month)
    table = table.loc[table["Contacts"] > 0]
    if table.empty:
        return [f"No contacts were received in {month_name(month)}."]
    table = table.sort_values(["Contacts", "Source"], ascending=[False, True], kind="stable")
    top = table.loc[table["Contacts"] == table["Contacts"].iloc[0]]
    out = []
    if len(top) == 1:
        row = top.iloc[0]
        conversion = (
            "none were progressed to a referral"
            if row["Progressed to referral"] == 0
            else f"{fmt_pct(row['Progressed to referral (%)'])} were progressed to a referral"
        )
        out.append(
            f"The highest percentage of contacts received in {month_name(month)} were from "
            f"{_source_words(row['Source'])} at {fmt_pct(row['Share of contacts (%)'])} and, of these, "
            f"{conversion}."
        )
    else:
        parts = [
            f"{_source_words(r['Source'])} "
            f"({_progressed(r['Progressed to referral'], r['Progressed to referral (%)'])})"
            for _, r in top.iterrows()
        ]
        out.append(
            f"The highest percentage of contacts received in {month_name(month)} were from "
            f"{join_words(parts)}, at {fmt_pct(top['Share of contacts (%)'].iloc[0])} each."
        )
    rest = table.iloc[len(top) :]
    large = rest.loc[rest["Contacts"] >= small]
    if len(large):
        parts = [
            f"{fmt_pct(r['Share of contacts (%)'])} were from {_source_words(r['Source'])} "
            f"({_progressed(r['Progressed to referral'], r['Progressed to referral (%)'])})"
            for _, r in large.iterrows()
        ]
        parts[0] = parts[0].replace(" were from ", " of contacts were from ", 1)
        out.append(join_words(parts) + ".")
    few = rest.loc[rest["Contacts"] < small]
    if len(few):
        parts = [
            f"{r['Source']} = {fmt_pct(r['Progressed to referral (%)'])} ({plural(r['Contacts'], 'contact')})"
            for _, r in few.iterrows()
        ]
        out.append(
            f"Of the sources with fewer than {fmt_number(small)} contacts in {month_name(month)}, the "
            f"percentage progressed to a referral was: {'; '.join(parts)}."
        )
    return out


def screening_sentence(pct, month, previous_pct=None) -> str | None:
    """Contacts screened on the working day they arrived.

    >>> screening_sentence(95.0119, "2014-12", 98.5)
    '95.01% of contacts received in December 2014 were screened on the same working day, down 3.49 percentage points from the previous month.'
    """
    if _blank(pct):
        return None
    sentence = f"{fmt_pct(pct)} of contacts received in {month_name(month)} were screened on the same working day"
    points = points_phrase(pct, previous_pct)
    if points == "unchanged":
        return sentence + ", the same as the previous month."
    if points:
        return f"{sentence}, {points} from the previous month."
    return sentence + "."


def conversion_sentence(contacts, referred, pct, month, previous_pct=None) -> str | None:
    """All contacts progressed to a referral.

    >>> conversion_sentence(421, 180, 42.755, "2014-12", 40.0)
    'Of the 421 contacts received in December 2014, 180 (42.76%) were progressed to a referral, up 2.76 percentage points from the previous month.'
    """
    if _blank(contacts) or contacts == 0 or _blank(referred):
        return None
    sentence = (
        f"Of the {plural(contacts, 'contact')} received in {month_name(month)}, {fmt_number(referred)} "
        f"({fmt_pct(pct)}) {'was' if referred == 1 else 'were'} progressed to a referral"
    )
    points = points_phrase(pct, previous_pct)
    if points == "unchanged":
        return sentence + ", the same share as the previous month."
    if points:
        return f"{sentence}, {points} from the previous month."
    return sentence + "."


# ---------------------------------------------------------------------------------------------
# from the Section


def previous_figure(s, indicator_id: str, change_id: str):
    """M-1's figure: from the series, else the denominator of the change indicator (the data's M-1)."""
    value = s.value(indicator_id, month=s.month - 1)
    if not _blank(value):
        return value
    rows = s.breakdowns(change_id, headline=True)
    rows = rows.loc[rows["breakdown"] == ""]
    return float(rows["denominator"].iloc[0]) if len(rows) else float("nan")


def peak(s, indicator_id: str = "contacts_change_from_peak_pct"):
    """(peak figure, peak month, change %) of the month, from ``contacts_change_from_peak_pct``."""
    rows = s.breakdowns(indicator_id, headline=True)
    if rows.empty or not rows["breakdown"].iloc[0]:
        return float("nan"), None, float("nan")
    row = rows.iloc[0]
    return float(row["denominator"]), to_month(row["breakdown"]), float(row["value"])


def sentences(s) -> list[str]:
    """The Contacts section's drafted sentences for the Section's month."""
    from boardpack.indicators.contacts import source_table

    count = s.value("contacts")
    if _blank(count):
        return []
    peak_value, peak_month, change_peak = peak(s)
    previous = previous_figure(s, "contacts", "contacts_change_prev_month_pct")
    previous_missing = s.value("missing_notifications", month=s.month - 1)
    out = [
        volume_sentence(
            count, s.month, peak_value, peak_month, previous, s.value("contacts_change_prev_month_pct"), change_peak
        ),
        missing_sentence(s.value("missing_notifications"), s.month, count, previous, previous_missing),
    ]
    out += source_sentences(source_table(s), s.month, int(s.params.get("small_source_contacts", 10)))
    out.append(
        conversion_sentence(
            count,
            s.value("contacts_to_referral"),
            s.value("contacts_to_referral_pct"),
            s.month,
            s.value("contacts_to_referral_pct", month=s.month - 1),
        )
    )
    out.append(
        screening_sentence(
            s.value("contacts_screened_same_day_pct"),
            s.month,
            s.value("contacts_screened_same_day_pct", month=s.month - 1),
        )
    )
    return [x for x in out if x]


def no_data_note() -> str:
    """The note shown instead of the section when the extract has no contacts."""
    return (
        "No data: the extract holds no ssd_contacts, so contacts, missing child notifications, their sources "
        "and screening are not reported."
    )


def chart_titles(s) -> dict[str, str]:
    """Titles that say what each of the section's charts and tables shows."""
    month = month_name(s.month)
    return {
        "volume": "Contacts received each month (missing child notifications excluded): this year and last",
        "missing": "Missing child notifications received each month (not counted as contacts)",
        "sources": f"Share of contacts by source, {month} (%)",
        "conversion": f"Contacts by source in {month}, and how many were progressed to a referral",
        "screening": "Contacts screened on the same working day they arrived, each month (%)",
    }


SOURCE_FORMATS = {
    "Contacts": "{:,.0f}",
    "Share of contacts (%)": "{:.2f}",
    "Progressed to referral": "{:,.0f}",
    "Progressed to referral (%)": "{:.2f}",
}
