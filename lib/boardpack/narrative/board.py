"""Sentences of the board's view: each headline against last month, last year, its SPC signal,
the published benchmarks and its target; and the Summary's "biggest movements".

Every builder takes the comparison rows of ``summary.compare`` (dicts or frame rows) and returns
plain sentences in the seed report's style, e.g. "The rate of 43.21 is within range of the all
England rate of 42.1 for 2013-14 and lower than the West Midlands rate of 44.7 for 2013-14."
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
    points_phrase,
)

WITHIN_RANGE_PCT = 3.0  # default of params benchmarks.within_range_pct


def _blank(value) -> bool:
    return is_blank(value) or (isinstance(value, float) and math.isnan(value))


def subject(label: str) -> str:
    """The label without its unit, for a sentence: "Re-referrals within 12 months (%)" ->
    "Re-referrals within 12 months"."""
    for unit in (" (%)", " (FTE)"):
        if label.endswith(unit):
            return label[: -len(unit)]
    return label


def fmt_value(value, percentage: bool) -> str:
    """A figure in a sentence: 43.64%, 421, 75.07.

    >>> fmt_value(43.6412, True), fmt_value(421.0, False)
    ('43.64%', '421')
    """
    return fmt_pct(value) if percentage else fmt_number(value)


def change_words(current, previous, percentage: bool) -> str | None:
    """Change in words: percentage points for a percentage, relative change for anything else.

    >>> change_words(70.5, 65.25, True), change_words(421, 557, False), change_words(5, 5, False)
    ('up 5.25 percentage points', 'a decrease of 24.42%', 'no change')
    """
    if percentage:
        return points_phrase(current, previous)
    if not _blank(current) and not _blank(previous) and previous == 0 and current != 0:
        return f"up from none to {fmt_number(current)}"
    if not _blank(current) and not _blank(previous) and previous == 0 == current:
        return "no change"
    return change_phrase(current, previous)


def spc_phrase(signal: str, rule: str = "", side: str = "") -> str:
    """What the SPC signal of this month means, in words a board member reads.

    >>> spc_phrase("common cause")
    'within normal variation'
    >>> spc_phrase("special cause concern", "beyond_limit", "low")
    'a fall outside the usual range, a cause for concern'
    >>> spc_phrase("special cause improvement", "trend", "high")
    'part of a run of rises month on month, an improvement'
    """
    if signal == "common cause":
        return "within normal variation"
    if not signal.startswith("special cause"):
        return ""
    high = side == "high"
    what = {
        "beyond_limit": f"a {'rise' if high else 'fall'} outside the usual range",
        "shift": f"part of a sustained run {'above' if high else 'below'} the usual level",
        "trend": f"part of a run of {'rises' if high else 'falls'} month on month",
        "two_of_three": f"close to the {'upper' if high else 'lower'} limit of the usual range for two of the last three months",
    }.get(rule, "unusual")
    judgement = {"special cause improvement": ", an improvement", "special cause concern": ", a cause for concern"}.get(
        signal, ""
    )
    return what + judgement


def benchmark_phrase(value, mark: dict, percentage: bool, within_pct: float = WITHIN_RANGE_PCT) -> str | None:
    """One comparison with a published figure.

    ``mark``: ``{"level", "label", "value", "year"}`` (``benchmarks.benchmark_rows``).

    Reading (the seed report says "within range" without a rule): "within range of" when the figure
    is within ``within_pct`` per cent (relative, default 3) of the benchmark.

    >>> m = {"level": "england", "label": "England 2013-14", "value": 42.1, "year": "2013-14"}
    >>> benchmark_phrase(43.21, m, False)
    'within range of the all England rate of 42.1 for 2013-14'
    >>> r = {"level": "region", "label": "West Midlands 2013-14", "value": 44.7, "year": "2013-14"}
    >>> benchmark_phrase(43.21, r, False)
    'lower than the West Midlands rate of 44.7 for 2013-14'
    >>> benchmark_phrase(30.0, {**m, "value": 23.4}, True)
    'higher than the all England figure of 23.4% for 2013-14'
    """
    if _blank(value) or _blank(mark.get("value")):
        return None
    level, year, bench = mark.get("level"), mark.get("year", ""), float(mark["value"])
    name = str(mark.get("label", "")).removesuffix(f" {year}").strip()
    kind = "figure" if percentage else "rate"
    where = {"england": f"the all England {kind}", "sn_average": f"our statistical neighbours' average {kind}"}.get(
        level, f"the {name} {kind}"
    )
    shown = f"{round(bench, 1):g}" + ("%" if percentage else "")
    if bench != 0 and abs(100.0 * (value - bench) / bench) <= within_pct:
        relation = "within range of"
    elif value > bench:
        relation = "higher than"
    elif value < bench:
        relation = "lower than"
    else:
        relation = "the same as"
    return f"{relation} {where} of {shown} for {year}"


def target_phrase(value, target, status: str, percentage: bool) -> str | None:
    """ "our local target of 85% was not met" / "was met"; None without a target or a value.

    >>> target_phrase(78.5, 85.0, "Not met", True)
    'our local target of 85% was not met'
    """
    if _blank(target) or status not in ("Met", "Not met"):
        return None
    shown = f"{float(target):g}%" if percentage else f"{float(target):g}"
    return f"our local target of {shown} was {'met' if status == 'Met' else 'not met'}"


def joiner(words: str, percentage: bool) -> str:
    """The word between a change and what it is compared with.

    >>> joiner("no change", False), joiner("up 2.00 percentage points", True), joiner("a decrease of 3.00%", False)
    ('from', 'on', 'compared to')
    """
    if words in ("no change", "unchanged"):
        return "from"
    return "on" if percentage else "compared to"


def headline_sentences(row, month, params: dict | None = None) -> list[str]:
    """The sentences for one headline row of ``summary.compare``.

    1. the figure this month with its change from last month and from the same month last
       year (the first month the data cover, and a blank figure, are said as such);
    2. its SPC signal; 3. its benchmarks; 4. its target.
    """
    row = dict(row)
    month = to_month(month)
    within = float(((params or {}).get("benchmarks") or {}).get("within_range_pct", WITHIN_RANGE_PCT))
    pct, label, value = bool(row.get("percentage")), subject(str(row.get("label", ""))), row.get("this_month")
    if _blank(value):
        denominator = row.get("denominator")
        why = " as there was nothing to measure" if not _blank(denominator) and denominator == 0 else ""
        return [f"{label}: no figure for {month_name(month)}{why}."]
    sentence = f"{label}: {fmt_value(value, pct)} in {month_name(month)}"
    if row.get("first_month"):
        sentence += ", the first month the data cover, so there is no earlier month to compare with"
    else:
        changes = []
        for key, when in (("last_month", "the previous month"), ("last_year", month_name(month - 12))):
            words = change_words(value, row.get(key), pct)
            if words:
                changes.append(f"{words} {joiner(words, pct)} {when}")
            elif key == "last_month":
                changes.append(f"with no figure for {month_name(month - 1)} to compare with")
        if changes:
            sentence += ", " + join_words(changes)
    sentences = [sentence + "."]
    spc_words = spc_phrase(str(row.get("spc_signal", "")), str(row.get("spc_rule", "")), str(row.get("spc_side", "")))
    if spc_words:
        sentences.append(f"This is {spc_words}.")
    marks = [benchmark_phrase(value, m, pct, within) for m in (row.get("benchmarks") or [])]
    marks = [m for m in marks if m]
    if marks:
        sentences.append(
            f"The {'figure' if pct else 'rate' if 'rate' in str(row.get('indicator_id')) else 'figure'} "
            f"of {fmt_value(value, pct)} is {join_words(marks)}."
        )
    target = target_phrase(value, row.get("target"), str(row.get("status", "")), pct)
    if target:
        travel = str(row.get("direction_word", ""))
        if travel in ("Improving", "Worsening"):
            since = "last month" if row.get("direction_compare") == "last_month" else "last year"
            lead = "Whilst" if (travel == "Improving") != (row.get("status") == "Met") else "As"
            verb = "improves" if travel == "Improving" else "worsens"
            sentences.append(f"{lead} the direction of travel compared to {since} {verb}, {target}.")
        else:
            sentences.append(target[0].upper() + target[1:] + ".")
    return sentences


def context_sentence(row, month, params: dict | None = None) -> str | None:
    """One sentence on a headline's SPC signal, benchmarks and target, for a section's opening.

    The change from last month and last year is left out: the headline table shows it and the
    section's own sentences say it in the seed's words. None when there is nothing to add.

    >>> r = {"label": "Contacts", "this_month": 421.0, "last_month": 555.0, "last_year": 483.0,
    ...      "spc_signal": "special cause concern", "spc_rule": "beyond_limit", "spc_side": "low"}
    >>> context_sentence(r, "2014-12")
    'Contacts: a fall outside the usual range, a cause for concern.'
    """
    parts = []
    for sentence in headline_sentences(row, month, params)[1:]:
        sentence = sentence.rstrip(".")
        if sentence.startswith("This is "):
            sentence = sentence[len("This is ") :]
        parts.append(sentence[0].lower() + sentence[1:])
    if not parts:
        return None
    return f"{subject(str(dict(row).get('label', '')))}: {'; '.join(parts)}."


def movement_score(row) -> float:
    """How big a row's movement from last month is, for ranking: special-cause signals first,
    then the size of the relative change (blank when it cannot be worked out)."""
    if str(row.get("indicator_id", "")).endswith("_ytd"):
        return math.nan  # a running total always grows from one month to the next
    change = change_pct(row.get("this_month"), row.get("last_month"))
    if _blank(change):
        return math.nan
    bonus = 1000.0 if str(row.get("spc_signal", "")).startswith("special cause") else 0.0
    return bonus + abs(change)


def movement_sentences(table: pd.DataFrame, month, params: dict | None = None, n: int = 5) -> list[str]:
    """Sentences on the ``n`` biggest movements from last month (3 to 6 in the Summary), and a
    line on the targets missed."""
    if table is None or table.empty:
        return []
    month = to_month(month)
    rows = table.to_dict("records")
    scored = [(movement_score(r), r) for r in rows]
    scored = [(s, r) for s, r in scored if not _blank(s) and s > 0]
    scored.sort(key=lambda item: -item[0])
    sentences = []
    for _, row in scored[:n]:
        pct = bool(row["percentage"])
        words = change_words(row["this_month"], row["last_month"], pct)
        sentence = (
            f"{subject(row['label'])}: {fmt_value(row['this_month'], pct)} in {month_name(month)}, "
            f"{words} {joiner(words, pct)} {month_name(month - 1)}"
        )
        spc_words = spc_phrase(
            str(row.get("spc_signal", "")), str(row.get("spc_rule", "")), str(row.get("spc_side", ""))
        )
        sentences.append(sentence + (f"; {spc_words}." if spc_words else "."))
    missed = [subject(r["label"]) for r in rows if r.get("status") == "Not met"]
    if missed:
        sentences.append(f"Local targets not met this month: {join_words(missed)}.")
    return sentences
