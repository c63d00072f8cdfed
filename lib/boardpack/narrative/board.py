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


def fmt_value(value, percentage: bool, dp: int | None = None) -> str:
    """A figure in a sentence, at its own ``dp`` (the indicator's, as in the tables): 43.6%, 421, 75.1.

    >>> fmt_value(43.6412, True), fmt_value(421.0, False), fmt_value(43.6412, True, 1), fmt_value(75.071, False, 1)
    ('43.64%', '421', '43.6%', '75.1')
    """
    if dp is None or _blank(dp):
        return fmt_pct(value) if percentage else fmt_number(value)
    if _blank(value):
        return "not available"
    return f"{value:,.{int(dp)}f}" + ("%" if percentage else "")


def change_words(current, previous, percentage: bool, dp: int | None = None) -> str | None:
    """Change in words: percentage points for a percentage, relative change for anything else.

    >>> change_words(70.5, 65.25, True), change_words(421, 557, False), change_words(5, 5, False)
    ('up 5.25 percentage points', 'a decrease of 24.42%', 'no change')
    """
    if percentage:
        return points_phrase(current, previous, 2 if dp is None or _blank(dp) else int(dp))
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
    if signal == "too few points" and rule == "since_change":
        return "too soon after the change of process to judge against a usual range"
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
    dp = row.get("dp")
    sentence = f"{label}: {fmt_value(value, pct, dp)} in {month_name(month)}"
    if row.get("first_month"):
        sentence += ", the first month the data cover, so there is no earlier month to compare with"
    else:
        changes = []
        for key, when in (("last_month", "the previous month"), ("last_year", month_name(month - 12))):
            words = change_words(value, row.get(key), pct, dp)
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
            f"of {fmt_value(value, pct, dp)} is {join_words(marks)}."
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


# The same fact in two forms (a count and its rate per 10,000): one line in "the biggest movements".
SAME_FACT = {"cp_rate_per_10k": "cp_plans_open", "cla_rate_per_10k": "cla_open"}


def movement_score(row) -> float:
    """How big a row's movement from last month is against its usual variation: ``|this month -
    last month| / MR-bar`` (the mean moving range of its monthly series, ``spc.usual_variation``),
    so a change of 26% in a volume that usually moves 5% outranks a change of 5 points in a
    percentage that usually moves 8. Blank for a year-to-date figure (a running total always
    grows), when either month is blank, or when the series never moves (MR-bar 0 or blank).

    >>> movement_score({"indicator_id": "referrals", "this_month": 300.0, "last_month": 405.0, "mr_bar": 35.0})
    3.0
    """
    if str(row.get("indicator_id", "")).endswith("_ytd"):
        return math.nan
    this, last, usual = row.get("this_month"), row.get("last_month"), row.get("mr_bar")
    if _blank(this) or _blank(last) or _blank(usual) or float(usual) == 0:
        return math.nan
    return abs(float(this) - float(last)) / float(usual)


def rank_movements(table: pd.DataFrame, n: int = 5) -> list[dict]:
    """The ``n`` rows that moved most against their usual variation (:func:`movement_score`),
    biggest first, ONE row per fact: a figure listed twice (in two sections) and a count beside its
    rate per 10,000 (:data:`SAME_FACT`) give one line, the higher-scoring."""
    if table is None or table.empty:
        return []
    best: dict[tuple, tuple[float, dict]] = {}
    for row in table.to_dict("records"):
        score = movement_score(row)
        if _blank(score) or score <= 0:
            continue
        key = (SAME_FACT.get(row["indicator_id"], row["indicator_id"]), row.get("breakdown", ""))
        if key not in best or score > best[key][0]:
            best[key] = (score, row)
    ranked = sorted(best.values(), key=lambda item: -item[0])
    return [{**row, "score": score} for score, row in ranked[:n]]


def movement_sentences(table: pd.DataFrame, month, params: dict | None = None, n: int = 5) -> list[str]:
    """Sentences on the ``n`` biggest movements from last month (:func:`rank_movements`), each with
    how many times its usual month-to-month movement it is, and a line on the targets missed."""
    if table is None or table.empty:
        return []
    month = to_month(month)
    sentences = []
    for row in rank_movements(table, n):
        pct, dp = bool(row["percentage"]), row.get("dp")
        words = change_words(row["this_month"], row["last_month"], pct, dp)
        sentence = (
            f"{subject(row['label'])}: {fmt_value(row['this_month'], pct, dp)} in {month_name(month)}, "
            f"{words} {joiner(words, pct)} {month_name(month - 1)}, "
            f"{row['score']:.1f} times its usual month-to-month movement"
        )
        spc_words = spc_phrase(
            str(row.get("spc_signal", "")), str(row.get("spc_rule", "")), str(row.get("spc_side", ""))
        )
        sentences.append(sentence + (f"; {spc_words}." if spc_words.startswith(("a ", "part", "close")) else "."))
    rows = table.drop_duplicates(["indicator_id", "breakdown"]).to_dict("records")
    missed = [subject(r["label"]) for r in rows if r.get("status") == "Not met"]
    if missed:
        sentences.append(f"Local targets not met this month: {join_words(missed)}.")
    return sentences
