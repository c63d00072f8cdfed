"""Drafted sentences for the Assessments section, in the seed report's style.

Each builder takes plain numbers and returns one sentence, or ``None`` when there is nothing to
say (no assessments of that type, no comparison); :func:`sentences` builds them all from the
Section for one assessment type. Example, from the seed report's December 2014:
"Of the 38 initial assessments completed out of timescale, 28 were completed within 15 working
days, 9 within 21 and 1 in 22 or more."
"""

from __future__ import annotations

from boardpack.calendar import to_month
from boardpack.narrative.phrases import (
    fmt_number,
    fmt_pct,
    is_blank,
    join_words,
    month_name,
    plural,
    points_phrase,
    previous_month_clause,
)

NAMES = {"initial": "initial assessment", "core": "core assessment", "single": "single assessment"}


def name(kind: str, count=2) -> str:
    """ "initial assessment(s)"; an unknown type is named after its code."""
    word = NAMES.get(kind, f"{kind} assessment")
    return word if count == 1 else word + "s"


def title(kind: str) -> str:
    """ "Initial assessments", for headings and chart titles."""
    text = name(kind)
    return text[:1].upper() + text[1:]


def no_data_note(has_table: bool = False) -> str:
    """The note shown instead of the section's figures."""
    if has_table:
        return "No data: no assessments were completed in the months this pack covers."
    return "No data: the extract holds no ssd_cin_assessments, so assessments are not reported."


def completed_sentence(kind: str, month, count, previous=None) -> str | None:
    """Assessments of one type completed in the month, and the change from the previous month.

    >>> completed_sentence("initial", "2014-12", 151, 126)
    'There were 151 initial assessments completed in December 2014, an increase of 19.84% compared to the previous month (126).'
    >>> completed_sentence("core", "2014-12", 0, 12)
    'No core assessments were completed in December 2014 (12 in the previous month).'
    """
    if is_blank(count):
        return None
    when = month_name(month)
    if count == 0:
        tail = "" if is_blank(previous) or previous == 0 else f" ({fmt_number(previous)} in the previous month)"
        return f"No {name(kind)} were completed in {when}{tail}."
    verb = "was" if count == 1 else "were"
    text = f"There {verb} {plural(count, name(kind, 1), name(kind))} completed in {when}"
    text += previous_month_clause(count, previous)
    return text + "."


def rate_sentence(kind: str, month, rate, count_12m, rate_last_year=None) -> str | None:
    """Completed in the 12 months to M per 10,000 children.

    >>> rate_sentence("initial", "2014-12", 512.4655, 1850)
    'Over the 12 months to December 2014, 1,850 initial assessments were completed: 512.47 per 10,000 children.'
    """
    if is_blank(count_12m):
        return None
    when = month_name(month)
    verb = "was" if count_12m == 1 else "were"
    text = f"Over the 12 months to {when}, {plural(count_12m, name(kind, 1), name(kind))} {verb} completed"
    if is_blank(rate):
        return text + "; the rate per 10,000 children is not available (no population figure)."
    text += f": {fmt_number(rate)} per 10,000 children"
    if not is_blank(rate_last_year):
        text += f", compared with {fmt_number(rate_last_year)} a year earlier"
    return text + "."


def nfa_sentence(kind: str, month, nfa, completed) -> str | None:
    """Share of the month's completed assessments that resulted in no further action.

    >>> nfa_sentence("initial", "2014-12", 76, 151)
    'Of the 151 initial assessments completed in December 2014, 76 (50.33%) resulted in no further action.'
    >>> nfa_sentence("initial", "2014-12", 0, 0) is None
    True
    """
    if is_blank(completed) or completed == 0 or is_blank(nfa):
        return None
    when = month_name(month)
    if completed == 1:
        outcome = "resulted in no further action" if nfa else "led to further action"
        return f"The one {name(kind, 1)} completed in {when} {outcome}."
    share = fmt_pct(100 * nfa / completed)
    if nfa == 0:
        return f"None of the {fmt_number(completed)} {name(kind)} completed in {when} resulted in no further action."
    return (
        f"Of the {fmt_number(completed)} {name(kind)} completed in {when}, "
        f"{fmt_number(nfa)} ({share}) resulted in no further action."
    )


def timeliness_sentence(kind: str, month, in_time, measured, timescale, target=None, last_year_pct=None) -> str | None:
    """Share completed within the timescale, its change on a year earlier, and the target.

    >>> timeliness_sentence("initial", "2014-12", 113, 151, 10, 85, 70.0)
    '74.83% of initial assessments completed in December 2014 were completed within 10 working days (113 of 151), up 4.83 percentage points on December 2013. The local target of 85% was not met.'
    """
    if is_blank(measured) or measured == 0 or is_blank(in_time):
        return None
    pct = 100 * in_time / measured
    when = month_name(month)
    if measured == 1:
        text = (
            f"The one {name(kind, 1)} completed in {when} was {'' if in_time else 'not '}completed within "
            f"{plural(timescale, 'working day')}"
        )
    else:
        text = (
            f"{fmt_pct(pct)} of {name(kind)} completed in {when} were completed within "
            f"{plural(timescale, 'working day')} ({fmt_number(in_time)} of {fmt_number(measured)})"
        )
    points = points_phrase(pct, last_year_pct)
    if points is not None:
        year_ago = month_name(to_month(month) - 12)
        text += f", {points} on {year_ago}" if points != "unchanged" else f", unchanged on {year_ago}"
    text += "."
    if not is_blank(target):
        met = "was met" if round(pct, 2) >= float(target) else "was not met"
        text += f" The local target of {fmt_number(target)}% {met}."
    return text


def _band_bounds(label: str) -> tuple[int, int | None]:
    """``"11-15"`` -> (11, 15); ``"22+"`` -> (22, None)."""
    if label.endswith("+"):
        return int(label[:-1]), None
    low, high = label.split("-")
    return int(low), int(high)


def lateness_sentence(kind: str, bands: list[tuple[str, float]], timescale) -> str | None:
    """How late the out-of-timescale assessments were, band by band (bands with none are left out).

    ``bands`` is the type's duration bands in order, ``(label, count)``; the late bands are those
    that start after the timescale (so the timescale must be a band edge, as by default).

    >>> lateness_sentence("initial", [("0-10", 113), ("11-15", 28), ("16-21", 9), ("22+", 1)], 10)
    'Of the 38 initial assessments completed out of timescale, 28 were completed within 15 working days, 9 within 21 and 1 in 22 or more.'
    >>> lateness_sentence("initial", [("0-10", 5), ("11-15", 0), ("16-21", 0), ("22+", 1)], 10)
    'The one initial assessment completed out of timescale was completed in 22 or more working days.'
    """
    bounds = [(_band_bounds(label), count) for label, count in bands]
    edges = [high for (low, high), _ in bounds if high is not None]
    if int(timescale) not in edges:
        return None
    late = [((low, high), int(count)) for (low, high), count in bounds if low > int(timescale) and not is_blank(count)]
    total = sum(count for _, count in late)
    if total == 0:
        return None
    parts = []
    for (low, high), count in late:
        if count == 0:
            continue
        first = not parts
        if high is None:
            where = f"in {low} or more" + (" working days" if first else "")
        else:
            where = f"within {high}" + (" working days" if first else "")
        if first:
            verb = "was" if count == 1 else "were"
            parts.append(f"{fmt_number(count)} {verb} completed {where}")
        else:
            parts.append(f"{fmt_number(count)} {where}")
    if total == 1:
        only = parts[0].split(" completed ", 1)[1]
        return f"The one {name(kind, 1)} completed out of timescale was completed {only}."
    return f"Of the {fmt_number(total)} {name(kind)} completed out of timescale, {join_words(parts)}."


def sentences(s, kind: str) -> list[str]:
    """The drafted sentences for one assessment type, from the Section ``s``."""
    from boardpack.board.headlines import target_for
    from boardpack.indicators.assessments import band_edges, band_labels, timescale

    month = s.month
    completed = s.value("assessments_completed", kind)
    if is_blank(completed):
        return []
    out = [completed_sentence(kind, month, completed, s.value("assessments_completed", kind, month - 1))]

    # Say a 12-month figure only where the data cover the whole 12 months (and a year earlier,
    # the 12 months before that): a part-year count would read as a fall.
    rate_rows = s.breakdowns("assessments_rate_per_10k_12m", month).set_index("breakdown")
    first = s.derived("assessments_first_month")
    if kind in rate_rows.index and first is not None and first <= month - 11:
        last_year = s.value("assessments_rate_per_10k_12m", kind, month - 12) if first <= month - 23 else None
        out.append(rate_sentence(kind, month, rate_rows.at[kind, "value"], rate_rows.at[kind, "numerator"], last_year))

    nfa_rows = s.breakdowns("assessments_nfa_pct", month).set_index("breakdown")
    if kind in nfa_rows.index:
        out.append(nfa_sentence(kind, month, nfa_rows.at[kind, "numerator"], nfa_rows.at[kind, "denominator"]))

    time_rows = s.breakdowns("assessments_in_timescale_pct", month).set_index("breakdown")
    if kind in time_rows.index:
        target = target_for(s.params, "assessments_in_timescale_pct", kind)
        out.append(
            timeliness_sentence(
                kind,
                month,
                time_rows.at[kind, "numerator"],
                time_rows.at[kind, "denominator"],
                timescale(s.params, kind),
                None if target is None else target["value"],
                s.value("assessments_in_timescale_pct", kind, month - 12),
            )
        )

    band_rows = s.breakdowns("assessments_duration_band", month).set_index("breakdown")["value"]
    labels = band_labels(band_edges(s.params, kind))
    bands = [(label, band_rows.get(f"{kind}|{label}", 0.0)) for label in labels]
    # public edition: a total over a suppressed band would give it back; the sentence is left out
    if not any(s.suppressed("assessments_duration_band", f"{kind}|{label}", month) for label in labels):
        out.append(lateness_sentence(kind, bands, timescale(s.params, kind)))
    return [sentence for sentence in out if sentence]


def timeliness_title(s, kind: str, timescale) -> str:
    """The timeliness chart's title; it promises a target line only when there is a target.

    >>> class S: params = {"targets": {"assessments_in_timescale_pct": {"breakdown": "initial", "value": 85}}}
    >>> timeliness_title(S, "initial", 10)
    'Initial assessments completed within 10 working days (%): this year and last, against the target of 85%'
    >>> timeliness_title(S, "core", 35)
    'Core assessments completed within 35 working days (%): this year and last'
    """
    target = (s.params.get("targets") or {}).get("assessments_in_timescale_pct") or {}
    promised = target and (target.get("breakdown") or "") == kind
    return f"{title(kind)} completed within {timescale} working days (%): this year and last" + (
        f", against the target of {float(target['value']):g}%" if promised else ""
    )
