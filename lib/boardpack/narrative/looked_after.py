"""Drafted sentences for the looked-after children section, in the seed report's style.

"In Herefordshire, the number of children looked after has steadily risen throughout 2014
(12.45% across the 12 month period) and the rate per 10,000 as at 31 December 2014 was 75.07."
"""

from __future__ import annotations

import pandas as pd

from boardpack.calendar import month_end, to_month
from boardpack.narrative.phrases import (
    change_phrase,
    fmt_number,
    fmt_pct,
    is_blank,
    month_name,
    plural,
    points_phrase,
)


def day_name(when) -> str:
    """A date as the seed writes it: ``31 December 2014``."""
    when = pd.Timestamp(when)
    return f"{when.day} {when.strftime('%B %Y')}"


def number_sentence(la_name: str, month, current, year_ago, rate) -> str:
    """The number looked after at the month end, its change over 12 months and the rate.

    >>> number_sentence("Demoshire", "2014-12", 271, 241, 75.0712)
    'In Demoshire, 271 children were looked after at 31 December 2014, an increase of 12.45% on 241 a year earlier; the rate per 10,000 children was 75.07.'
    """
    if is_blank(current):
        return ""
    when = day_name(month_end(to_month(month)))
    text = f"In {la_name}, {plural(current, 'child', 'children')} {'was' if current == 1 else 'were'} looked after at {when}"
    change = change_phrase(current, year_ago)
    if change is not None:
        text += f", {change} on {fmt_number(year_ago)} a year earlier"
    if not is_blank(rate):
        text += f"; the rate per 10,000 children was {fmt_number(rate)}"
    return text + "."


def age_sentence(bands: dict, total, missing_dob: int = 0) -> str:
    """The age profile: the share aged 16 or 17 and under 5, and any child left out for want of a dob.

    >>> age_sentence({"Under 1": 10, "1-4": 20, "5-9": 50, "10-15": 100, "16-17": 60}, 242, 2)
    'Of them, 60 (25.00% of those with a date of birth) were aged 16 or 17 and 30 were under 5. 2 children without a recorded date of birth are counted in the total but not in the age profile.'
    """
    known = sum(v for v in bands.values() if not is_blank(v))
    if not bands or not known:
        return ""
    older = bands.get("16-17", 0)
    young = bands.get("Under 1", 0) + bands.get("1-4", 0)
    text = (
        f"Of them, {fmt_number(older)} ({fmt_pct(100 * older / known)} of those with a date of birth) "
        f"{'was' if older == 1 else 'were'} aged 16 or 17 and {fmt_number(young)} "
        f"{'was' if young == 1 else 'were'} under 5."
    )
    if missing_dob:
        text += (
            f" {plural(missing_dob, 'child', 'children')} without a recorded date of birth "
            f"{'is' if missing_dob == 1 else 'are'} counted in the total but not in the age profile."
        )
    return text


def flow_sentence(month, started, ceased) -> str:
    """Children starting and ceasing to be looked after in the month.

    >>> flow_sentence("2014-12", 6, 1)
    '6 children started to be looked after in December 2014 and 1 ceased to be looked after.'
    """
    if is_blank(started) or is_blank(ceased):
        return ""
    return (
        f"{plural(started, 'child', 'children')} started to be looked after in {month_name(month)} "
        f"and {fmt_number(ceased)} ceased to be looked after."
    )


def stability_sentences(month, three_plus, three_plus_year_ago, long_term, long_term_year_ago) -> list[str]:
    """Placement stability: three or more placements, and long-term stability, against a year earlier."""
    month = to_month(month)
    out = []
    if not is_blank(three_plus):
        text = (
            f"{fmt_pct(three_plus)} of children looked after at the end of {month_name(month)} had three or "
            f"more placements in the 12 months to {month_name(month)}"
        )
        if not is_blank(three_plus_year_ago):
            text += f", compared with {fmt_pct(three_plus_year_ago)} in {month_name(month - 12)}"
        out.append(text + ".")
    if not is_blank(long_term):
        text = (
            f"Of children under 16 looked after for two and a half years or more, {fmt_pct(long_term)} had been "
            f"in the same placement for two years or more"
        )
        if not is_blank(long_term_year_ago):
            text += f" ({fmt_pct(long_term_year_ago)} in {month_name(month - 12)})"
        out.append(text + ".")
    return out


def visits_sentence(month, pct, previous, interval_days) -> str:
    """Visits in timescale, against the previous month.

    >>> visits_sentence("2014-12", 95.5, 93.25, 42)
    '95.50% of children looked after were visited within 42 days before the end of December 2014, up 2.25 percentage points on the previous month.'
    """
    if is_blank(pct):
        return ""
    text = (
        f"{fmt_pct(pct)} of children looked after were visited within {interval_days} days before the end "
        f"of {month_name(month)}"
    )
    points = points_phrase(pct, previous)
    if points is not None:
        text += f", {points} on the previous month" if points != "unchanged" else ", unchanged on the previous month"
    return text + "."


def reviews_sentence(month, held, held_previous, in_timescale) -> str:
    """Reviews held in the month and the share in timescale.

    >>> reviews_sentence("2014-12", 30, 40, 96.6667)
    '30 reviews were held in December 2014, a decrease of 25.00% compared to the previous month; 96.67% were held within timescale.'
    """
    if is_blank(held):
        return ""
    text = f"{plural(held, 'review')} {'was' if held == 1 else 'were'} held in {month_name(month)}"
    change = change_phrase(held, held_previous)
    if change is not None:
        text += f", {change} compared to the previous month"
    if not is_blank(in_timescale):
        text += f"; {fmt_pct(in_timescale)} {'was' if held == 1 else 'were'} held within timescale"
    return text + "."


def cp_sentence(month, count) -> str:
    """Children subject to a child protection plan and looked after.

    >>> cp_sentence("2014-12", 4)
    '4 children were looked after and also subject to a child protection plan at 31 December 2014.'
    """
    if is_blank(count):
        return ""
    return (
        f"{plural(count, 'child', 'children')} {'was' if count == 1 else 'were'} looked after and also "
        f"subject to a child protection plan at {day_name(month_end(to_month(month)))}."
    )


def sentences(s) -> list[str]:
    """The section's sentences from a :class:`~boardpack.document.section.Section`."""
    from boardpack.indicators.looked_after import AGE_BANDS

    m = s.month
    out = [
        number_sentence(
            s.params.get("la_name", "the council"),
            m,
            s.value("cla_open"),
            s.value("cla_open", month=m - 12),
            s.value("cla_rate_per_10k"),
        )
    ]
    bands = {b: s.value("cla_open", b) for b in AGE_BANDS}
    missing = s.derived("missing_dob_count")
    # public edition: no age sentence on a suppressed band or a suppressed count without a dob
    hidden = any(s.suppressed("cla_open", b) for b in AGE_BANDS) or is_blank(missing)
    if any(not is_blank(v) for v in bands.values()) and not hidden:
        out.append(
            age_sentence(
                {k: (0 if is_blank(v) else v) for k, v in bands.items()},
                s.value("cla_open"),
                missing,
            )
        )
    out.append(flow_sentence(m, s.value("cla_started"), s.value("cla_ceased")))
    out += stability_sentences(
        m,
        s.value("cla_3plus_placements_pct"),
        s.value("cla_3plus_placements_pct", month=m - 12),
        s.value("cla_long_term_stability_pct"),
        s.value("cla_long_term_stability_pct", month=m - 12),
    )
    out.append(
        visits_sentence(
            m,
            s.value("cla_visits_in_timescale_pct"),
            s.value("cla_visits_in_timescale_pct", month=m - 1),
            s.params.get("cla_visit_interval_days", 42),
        )
    )
    out.append(
        reviews_sentence(
            m,
            s.value("cla_reviews_held"),
            s.value("cla_reviews_held", month=m - 1),
            s.value("cla_reviews_in_timescale_pct"),
        )
    )
    out.append(cp_sentence(m, s.value("cp_and_looked_after")))
    return [x for x in out if x]


def no_data_note() -> str:
    """The note shown in place of the section when the extract has no looked-after episodes."""
    return "No data: the extract holds no ssd_cla_episodes, so looked-after children are not reported."


def missing_table_note(table: str, what: str) -> str:
    """The note shown in place of one part of the section.

    >>> missing_table_note("ssd_cla_visits", "visits")
    'No data: the extract holds no ssd_cla_visits, so visits are not reported.'
    """
    return f"No data: the extract holds no {table}, so {what} are not reported."
