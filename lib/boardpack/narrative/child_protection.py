"""Sentences, tables and notes for the Child protection section, in the seed report's style.

    "13 children were considered at initial child protection conferences during December 2014,
    resulting in 10 children becoming subject to a Child Protection Plan."
    "29 children are currently subject to a Child Protection Plan for the second or subsequent
    time as at 31 December 2014. 13.79% of these children were subject to a Plan in 2009: 10.34%
    in 2010: ... and 3.45% in 2014."

Each builder takes plain numbers and returns a sentence (or ``None`` when there is nothing to
say); :func:`sentences` gathers them from a :class:`~boardpack.document.section.Section`. No child or
record identifier ever reaches a sentence: only counts, percentages, months and years.

Long because it holds one sentence builder for each child protection sentence of the seed,
each with its worked doctest.
"""

from __future__ import annotations

import math

import pandas as pd

from boardpack.board.headlines import target_for
from boardpack.indicators.child_protection import (
    CATEGORIES,
    DEFAULT_ICPC_TIMESCALE_WD,
    DEFAULT_VISIT_INTERVAL_WD,
)
from boardpack.indicators.frames import HEADLINE
from boardpack.indicators.marks import frame_of, mark, mark_columns
from boardpack.narrative.phrases import (
    change_phrase,
    fmt_number,
    fmt_pct,
    is_blank,
    join_words,
    month_name,
    plural,
    points_phrase,
)

PLAN = "Child Protection Plan"


def day_name(date) -> str:
    """A date as the seed writes it.

    >>> day_name(pd.Timestamp("2014-12-31"))
    '31 December 2014'
    """
    date = pd.Timestamp(date)
    return f"{date.day} {date:%B %Y}"


def _blank(*values) -> bool:
    return any(is_blank(v) for v in values)


def _children(count) -> str:
    return plural(count, "child", "children")


# ---------------------------------------------------------------------------------------------
# sentence builders (plain numbers in, one sentence out)


def conference_sentence(children, to_plan, month) -> str | None:
    """Children at initial conferences in the month and those made subject to a plan.

    >>> conference_sentence(13, 10, "2014-12")
    '13 children were considered at initial child protection conferences during December 2014, resulting in 10 children becoming subject to a Child Protection Plan.'
    >>> conference_sentence(0, 0, "2014-12")
    'No children were considered at initial child protection conferences during December 2014.'
    """
    if _blank(children):
        return None
    when = month_name(month)
    if children == 0:
        return f"No children were considered at initial child protection conferences during {when}."
    verb = "was" if children == 1 else "were"
    if _blank(to_plan):
        outcome = ""
    elif to_plan == 0:
        outcome = f", none of whom became subject to a {PLAN}"
    else:
        outcome = f", resulting in {_children(to_plan)} becoming subject to a {PLAN}"
    return f"{_children(children)} {verb} considered at initial child protection conferences during {when}{outcome}."


def conference_timeliness_sentence(numerator, denominator, month, timescale=DEFAULT_ICPC_TIMESCALE_WD):
    """Conferences linked to a section 47 enquiry held within the timescale.

    >>> conference_timeliness_sentence(9, 12, "2014-12")
    '9 of the 12 initial child protection conferences in December 2014 that followed a section 47 enquiry (75.00%) were held within 15 working days of the enquiry starting.'
    """
    if _blank(numerator, denominator) or denominator == 0:
        return None
    share = fmt_pct(100 * numerator / denominator)
    noun = "conference" if denominator == 1 else "conferences"
    verb = "was" if denominator == 1 else "were"
    if numerator == denominator and denominator > 1:
        lead = f"All {fmt_number(denominator)} initial child protection {noun}"
    else:
        lead = f"{fmt_number(numerator)} of the {fmt_number(denominator)} initial child protection {noun}"
    return (
        f"{lead} in {month_name(month)} that followed a section 47 enquiry ({share}) {verb} held "
        f"within {fmt_number(timescale)} working days of the enquiry starting."
    )


def plans_open_sentence(current, previous, previous_month, peak, peak_month, month) -> str | None:
    """Children on plans at the end of the month, the change on the month and from the peak.

    ``peak`` is the highest monthly figure in the months shown (24 at most), ``peak_month`` the
    latest month it was reached.

    >>> plans_open_sentence(156, 160, "2014-11", 248, "2014-04", "2014-12")
    'There were 156 children subject to a Child Protection Plan as at 31 December 2014, a decrease of 2.50% compared to the previous month (160 as at 30 November 2014) and a decrease of 37.10% since the highest point of 248 in April 2014.'
    """
    if _blank(current):
        return None
    as_at = day_name(pd.Period(month, "M").end_time)
    if current == 0:
        return f"No children were subject to a {PLAN} as at {as_at}."
    verb = "was" if current == 1 else "were"
    text = f"There {verb} {_children(current)} subject to a {PLAN} as at {as_at}"
    parts = []
    change = None if _blank(previous) else change_phrase(current, previous)
    if change is not None:
        previous_end = day_name(pd.Period(previous_month, "M").end_time)
        parts.append(f"{change} compared to the previous month ({fmt_number(previous)} as at {previous_end})")
    if not _blank(peak) and peak > 0:
        if pd.Period(peak_month, "M") == pd.Period(month, "M"):
            parts.append("the highest figure in the period shown")
        else:
            since = change_phrase(current, peak)
            if since is not None:
                parts.append(f"{since} since the highest point of {fmt_number(peak)} in {month_name(peak_month)}")
    if parts:
        text += ", " + join_words(parts)
    return text + "."


def rate_sentence(rate, month, la_name: str = "", year_ago=None) -> str | None:
    """Children on plans per 10,000 children.

    >>> rate_sentence(43.2133, "2014-12", "Herefordshire")
    'The rate per 10,000 children subject to a Plan in Herefordshire as at 31 December 2014 is 43.21.'
    """
    as_at = day_name(pd.Period(month, "M").end_time)
    if _blank(rate):
        return (
            f"The rate per 10,000 children subject to a Plan as at {as_at} cannot be given: there is "
            f"no child population figure for the period."
        )
    where = f" in {la_name}" if la_name else ""
    text = f"The rate per 10,000 children subject to a Plan{where} as at {as_at} is {fmt_number(rate)}"
    if not _blank(year_ago):
        text += f", compared to {fmt_number(year_ago)} a year earlier"
    return text + "."


def category_sentence(counts: dict, total, month) -> str | None:
    """The most common category of abuse among children on plans.

    >>> category_sentence({"Neglect": 71, "Emotional abuse": 50}, 156, "2014-12")
    'The most common category of abuse for children subject to a Plan as at 31 December 2014 was Neglect (71 children, 45.51%).'
    """
    counts = {k: v for k, v in counts.items() if not _blank(v) and v > 0}
    if not counts or _blank(total) or total == 0:
        return None
    top = max(counts.values())
    names = [k for k in CATEGORIES if counts.get(k) == top] or [k for k, v in counts.items() if v == top]
    as_at = day_name(pd.Period(month, "M").end_time)
    if len(names) == 1:
        lead = f"The most common category of abuse for children subject to a Plan as at {as_at} was"
        each = ""
    else:
        lead = f"The most common categories of abuse for children subject to a Plan as at {as_at} were"
        each = " each"
    return f"{lead} {join_words(names)} ({_children(top)}{each}, {fmt_pct(100 * top / total)})."


def repeat_sentence(total, by_year: dict, month) -> str | None:
    """Children on a plan for the second or subsequent time, by the year of the earlier plan.

    ``by_year`` maps the start year of the latest earlier plan to its % of ``total``.

    >>> repeat_sentence(3, {"2012": 66.667, "2013": 33.333}, "2014-12")
    '3 children are currently subject to a Child Protection Plan for the second or subsequent time as at 31 December 2014. 66.67% of these children were subject to a Plan in 2012, and 33.33% in 2013.'
    """
    if _blank(total):
        return None
    as_at = day_name(pd.Period(month, "M").end_time)
    if total == 0:
        return f"No children are currently subject to a {PLAN} for the second or subsequent time as at {as_at}."
    verb = "is" if total == 1 else "are"
    text = f"{_children(total)} {verb} currently subject to a {PLAN} for the second or subsequent time as at {as_at}."
    years = [(str(y), p) for y, p in sorted(by_year.items()) if not _blank(p) and p > 0]
    if not years:
        return text
    if len(years) == 1:
        if total == 1:
            return text + f" This child was previously subject to a Plan in {years[0][0]}."
        return text + f" All of these children were previously subject to a Plan in {years[0][0]}."
    parts = [f"{fmt_pct(years[0][1])} of these children were subject to a Plan in {years[0][0]}"]
    parts += [f"{fmt_pct(p)} in {y}" for y, p in years[1:]]
    return text + " " + ": ".join(parts[:-1]) + ", and " + parts[-1] + "."


def repeat_starts_sentence(numerator, denominator, month) -> str | None:
    """Second or subsequent plans among the plans started in the 12 months to the month.

    >>> repeat_starts_sentence(24, 120, "2014-12")
    'Of the 120 Child Protection Plans started in the 12 months to December 2014, 24 (20.00%) were for a child who had been subject to a Plan before.'
    """
    if _blank(numerator, denominator) or denominator == 0:
        return None
    plans = f"{fmt_number(denominator)} {PLAN}" + ("" if denominator == 1 else "s")
    verb = "was" if numerator == 1 else "were"
    if numerator == 0:
        return (
            f"None of the {plans} started in the 12 months to {month_name(month)} was for a child who "
            f"had been subject to a Plan before."
        )
    return (
        f"Of the {plans} started in the 12 months to {month_name(month)}, {fmt_number(numerator)} "
        f"({fmt_pct(100 * numerator / denominator)}) {verb} for a child who had been subject to a Plan before."
    )


def two_years_sentence(numerator, denominator, month, year_ago=None) -> str | None:
    """Plans open two years or more at the end of the month.

    >>> two_years_sentence(4, 156, "2014-12", 5.0)
    '2.56% of Child Protection Plans open as at 31 December 2014 (4 of 156) had been open for two years or more, compared to 5.00% a year earlier.'
    """
    if _blank(numerator, denominator) or denominator == 0:
        return None
    as_at = day_name(pd.Period(month, "M").end_time)
    if numerator == 0:
        text = f"No {PLAN} open as at {as_at} had been open for two years or more"
    else:
        text = (
            f"{fmt_pct(100 * numerator / denominator)} of {PLAN}s open as at {as_at} "
            f"({fmt_number(numerator)} of {fmt_number(denominator)}) had been open for two years or more"
        )
    if not _blank(year_ago):
        if numerator == 0 and year_ago == 0:
            text += ", nor had any a year earlier"
        else:
            text += f", compared to {fmt_pct(year_ago)} a year earlier"
    return text + "."


def visits_sentence(
    numerator, denominator, month, interval=DEFAULT_VISIT_INTERVAL_WD, target=None, previous=None
) -> str | None:
    """Children on plans seen on a visit within the interval before the end of the month.

    >>> visits_sentence(6, 8, "2014-12", 10, 100, 70.0)
    '75.00% of children subject to a Child Protection Plan for more than 10 working days as at 31 December 2014 (6 of 8) had been seen on a visit in the last 10 working days, against a target of 100%; up 5.00 percentage points on the previous month.'
    """
    if _blank(numerator, denominator):
        return None
    as_at = day_name(pd.Period(month, "M").end_time)
    days = f"{fmt_number(interval)} working days"
    if denominator == 0:
        return (
            f"No children had been subject to a {PLAN} for more than {days} as at {as_at}, so the "
            f"timeliness of visits is not measured this month."
        )
    value = 100 * numerator / denominator
    text = (
        f"{fmt_pct(value)} of children subject to a {PLAN} for more than {days} as at {as_at} "
        f"({fmt_number(numerator)} of {fmt_number(denominator)}) had been seen on a visit in the last {days}"
    )
    if not _blank(target):
        text += f", against a target of {fmt_number(target)}%"
    points = points_phrase(value, previous)
    if points is not None:
        text += f"; {points} on the previous month" if points != "unchanged" else "; unchanged on the previous month"
    return text + "."


# ---------------------------------------------------------------------------------------------
# from the Section


def _row(s, indicator_id: str, month=None) -> dict | None:
    rows = s.breakdowns(indicator_id, month=month, headline=True)
    rows = rows.loc[rows["breakdown"] == HEADLINE]
    return None if rows.empty else rows.iloc[0].to_dict()


def _peak(series: pd.Series):
    series = series.dropna()
    if series.empty:
        return math.nan, None
    top = series.max()
    return float(top), series.index[series == top].max()


def sentences(s) -> list[str]:
    """The section's drafted sentences for the reporting month (blank ones dropped)."""
    month, params = s.month, s.params
    out = [conference_sentence(s.value("icpc_children"), s.value("icpc_to_plan"), month)]
    timely = _row(s, "icpc_within_15wd_pct")
    if timely:
        out.append(
            conference_timeliness_sentence(
                timely["numerator"],
                timely["denominator"],
                month,
                params.get("icpc_timescale_wd", DEFAULT_ICPC_TIMESCALE_WD),
            )
        )
    series = s.series("cp_plans_open")
    if not series.empty:
        peak, peak_month = _peak(series)
        out.append(
            plans_open_sentence(
                s.value("cp_plans_open"), s.value("cp_plans_open", month=month - 1), month - 1, peak, peak_month, month
            )
        )
        out.append(
            rate_sentence(
                s.value("cp_rate_per_10k"),
                month,
                params.get("la_name", ""),
                s.value("cp_rate_per_10k", month=month - 12),
            )
        )
        counts = {c: s.value("cp_plans_open", c) for c in CATEGORIES}
        out.append(category_sentence(counts, s.value("cp_plans_open"), month))
        by_year = s.breakdowns("cp_repeat_open_pct")
        out.append(repeat_sentence(s.value("cp_repeat_open"), dict(zip(by_year["breakdown"], by_year["value"])), month))
        starts = _row(s, "cp_repeat_starts_pct_12m")
        if starts:
            out.append(repeat_starts_sentence(starts["numerator"], starts["denominator"], month))
        two = _row(s, "cp_open_2yrs_pct")
        if two:
            out.append(
                two_years_sentence(
                    two["numerator"], two["denominator"], month, s.value("cp_open_2yrs_pct", month=month - 12)
                )
            )
    visits = _row(s, "cp_visits_in_timescale_pct")
    if visits:
        target = target_for(params, "cp_visits_in_timescale_pct")
        out.append(
            visits_sentence(
                visits["numerator"],
                visits["denominator"],
                month,
                params.get("cp_visit_interval_wd", DEFAULT_VISIT_INTERVAL_WD),
                None if target is None else target["value"],
                s.value("cp_visits_in_timescale_pct", month=month - 1),
            )
        )
    return [sentence for sentence in out if sentence]


def no_data_note() -> str:
    """The one note shown when the extract holds no child protection plans."""
    return (
        "No data: the extract holds no ssd_cp_plans, so children subject to a Child Protection Plan are not reported."
    )


def notes(s) -> list[str]:
    """Notes for the optional tables this section could not use."""
    out = []
    if not s.has_data("ssd_initial_cp_conference"):
        out.append(
            "No data: the extract holds no ssd_initial_cp_conference, so initial child protection "
            "conferences are not reported."
        )
    elif not s.has_table("ssd_s47_enquiry"):
        out.append("The extract holds no ssd_s47_enquiry, so the timeliness of initial conferences is not reported.")
    if not s.has_data("ssd_cp_visits"):
        out.append("No data: the extract holds no ssd_cp_visits, so child protection visits are not reported.")
    return out


# ---------------------------------------------------------------------------------------------
# frames for the section's charts and tables


def conference_frame(s) -> pd.DataFrame:
    """Children at initial conferences and those made subject to a plan, by month."""
    return frame_of(  # the public edition's mark kept
        {
            "Children at initial conferences": s.series("icpc_children"),
            "Children made subject to a plan": s.series("icpc_to_plan"),
        }
    )


def category_frame(s) -> pd.DataFrame:
    """Children on plans at each month end by category of abuse (columns in the catalogue's order)."""
    return frame_of({c: s.series("cp_plans_open", c) for c in CATEGORIES})  # the public edition's mark kept


def repeat_table(s) -> pd.DataFrame:
    """Children on repeat plans at the month end by the start year of the earlier plan."""
    rows = s.breakdowns("cp_repeat_open_pct")
    # a suppressed year (public edition) stays, shown c: a missing row could be worked back
    rows = rows.loc[(rows["numerator"] > 0) | rows["suppressed"]].sort_values("breakdown")
    hidden = rows["suppressed"].to_numpy(bool)
    table = pd.DataFrame(
        {
            "Year of the earlier plan": rows["breakdown"].to_numpy(),
            "Children": rows["numerator"].mask(rows["suppressed"].astype(bool)).astype("Int64").array,
            "% of repeat plans": rows["value"].to_numpy(),
        }
    )
    if not hidden.any():
        return table
    # marked by position and by year: the section's chart takes the shares indexed by year
    years = [(year, "% of repeat plans") for year in table.loc[hidden, "Year of the earlier plan"]]
    return mark(mark_columns(table, {"Children": hidden, "% of repeat plans": hidden}), cells=years)


REPEAT_FORMATS = {"% of repeat plans": "{:.2f}%"}


def repeat_caption(s) -> str:
    """Caption of the repeat-plans table."""
    return (
        f"Children subject to a Child Protection Plan for the second or subsequent time as at "
        f"{day_name(s.month_end)}, by the year their latest earlier Plan started"
    )


def visits_chart_title(s) -> str:
    """Title of the visit timeliness chart, naming the interval in use."""
    interval = s.params.get("cp_visit_interval_wd", DEFAULT_VISIT_INTERVAL_WD)
    return f"Children on plans seen on a visit within {fmt_number(interval)} working days of each month end (%)"
