"""Targets, status against them, and direction of travel in words and symbols.

Targets come from the parameters (``targets: {id: {value, better: higher|lower, breakdown}}``);
which way is better for an indicator without a target comes from ``better: {id: higher|lower}``.
Status and direction are given as text with a symbol, never as colour alone.
"""

from __future__ import annotations

import math

from boardpack.indicators.frames import HEADLINE, is_blank

MET, NOT_MET, NO_TARGET, NO_DATA = "Met", "Not met", "No target", "No data"
UP, DOWN, SAME = "▲", "▼", "►"


def target_for(params: dict, indicator_id: str, breakdown: str = HEADLINE) -> dict | None:
    """The target set in the parameters for this indicator and breakdown, if any.

    >>> p = {"targets": {"x": {"value": 85, "better": "higher", "breakdown": "initial"}}}
    >>> target_for(p, "x", "initial")["value"], target_for(p, "x") is None
    (85, True)
    """
    target = (params.get("targets") or {}).get(indicator_id)
    if not target:
        return None
    if (target.get("breakdown") or HEADLINE) != breakdown:
        return None
    return target


def better_for(params: dict, indicator_id: str, breakdown: str = HEADLINE) -> str | None:
    """``"higher"``, ``"lower"`` or None (neither: a volume) for the indicator.

    >>> better_for({"better": {"x": "lower"}}, "x"), better_for({}, "x") is None
    ('lower', True)
    """
    target = target_for(params, indicator_id, breakdown)
    better = (target or {}).get("better") or (params.get("better") or {}).get(indicator_id)
    better = str(better).strip().lower() if better else None
    return better if better in ("higher", "lower") else None


def status(value, target: dict | None) -> str:
    """ "Met" when the value is at or beyond the target on its better side, else "Not met";
    "No target" without a target; "No data" when the value is blank.

    >>> t = {"value": 85, "better": "higher"}
    >>> status(85.0, t), status(84.99, t), status(float("nan"), t), status(3, None)
    ('Met', 'Not met', 'No data', 'No target')
    >>> status(10, {"value": 12, "better": "lower"})
    'Met'
    """
    if target is None or is_blank(target.get("value")):
        return NO_TARGET
    if is_blank(value):
        return NO_DATA
    goal = float(target["value"])
    if str(target.get("better", "higher")).lower() == "lower":
        return MET if value <= goal else NOT_MET
    return MET if value >= goal else NOT_MET


def status_symbol(text: str) -> str:
    """The status with a symbol: "✔ Met", "✘ Not met" (the word is always there)."""
    return {MET: "✔ Met", NOT_MET: "✘ Not met"}.get(text, text)


def direction(current, previous, better: str | None = None, decimals: int = 2) -> dict:
    """Direction of travel from ``previous`` to ``current``.

    Returns ``{"arrow", "word", "text"}``: the arrow shows the way the figure moved (▲ up,
    ▼ down, ► no change at ``decimals``); the word judges it when ``better`` is known
    ("Improving", "Worsening", "No change"), else names it ("Up", "Down", "No change").
    Blank when either figure is blank.

    >>> direction(80, 75, "higher")["text"], direction(80, 75, "lower")["text"]
    ('▲ Improving', '▲ Worsening')
    >>> direction(5, 9)["text"], direction(5.001, 5.0, "higher")["text"], direction(1, None)["text"]
    ('▼ Down', '► No change', '')
    """
    if is_blank(current) or is_blank(previous):
        return {"arrow": "", "word": "", "text": ""}
    difference = round(float(current) - float(previous), decimals)
    if difference == 0 or math.isclose(difference, 0.0):
        return {"arrow": SAME, "word": "No change", "text": f"{SAME} No change"}
    arrow = UP if difference > 0 else DOWN
    if better in ("higher", "lower"):
        good = (difference > 0) == (better == "higher")
        word = "Improving" if good else "Worsening"
    else:
        word = "Up" if difference > 0 else "Down"
    return {"arrow": arrow, "word": word, "text": f"{arrow} {word}"}


# The one status of a scorecard row (symbol AND word: never colour alone, so colour-blind safe).
STATUS_TARGET_MET, STATUS_TARGET_NOT_MET = "✔ Target met", "✘ Target not met"
STATUS_SPC = {
    "special cause improvement": "★ Improving (SPC)",
    "special cause concern": "⚠ Concern (SPC)",
    "special cause variation": "◆ Unusual (SPC)",
    "common cause": "● Usual range (SPC)",
    "since_change": "○ Too soon after a change (SPC)",
}


def overall_status(
    value, target: dict | None, better: str | None, benchmarks, spc_signal: str = "", within_pct: float = 5.0
) -> dict:
    """ONE status for a scorecard row: from the target, else the benchmark, else the SPC signal.

    * target: "✔ Target met" / "✘ Target not met" (:func:`status`);
    * else the England benchmark (``benchmarks``: ``benchmark_rows`` dicts; the first ``england``
      row, else the first row): within ``within_pct`` per cent (relative) of it is "≈ In line with
      England"; otherwise, when the better direction is known, "✔ Better than England" / "✘ Worse
      than England", and for a volume with no better direction "▲ Above England" / "▼ Below England";
    * else the SPC signal of the month (:data:`STATUS_SPC`);
    * "No data" when the month has no figure but a target or benchmark exists; "" when nothing applies.

    Returns ``{"text", "basis"}`` (basis: ``target``, ``benchmark``, ``spc`` or ``""``).

    >>> overall_status(80.0, {"value": 85, "better": "higher"}, "higher", [])["text"]
    '✘ Target not met'
    >>> eng = [{"level": "england", "label": "England 2013-14", "value": 23.4}]
    >>> overall_status(19.9, None, "lower", eng)["text"], overall_status(30.0, None, "lower", eng)["text"]
    ('✔ Better than England', '✘ Worse than England')
    >>> overall_status(24.0, None, "lower", eng)["text"], overall_status(30.0, None, None, eng)["text"]
    ('≈ In line with England', '▲ Above England')
    >>> overall_status(421.0, None, None, [], "common cause")
    {'text': '● Usual range (SPC)', 'basis': 'spc'}
    """
    marks = [m for m in (benchmarks or []) if not is_blank(m.get("value"))]
    has_target = target is not None and not is_blank(target.get("value"))
    if (has_target or marks) and is_blank(value):
        return {"text": NO_DATA, "basis": "target" if has_target else "benchmark"}
    if has_target:
        met = status(value, target) == MET
        return {"text": STATUS_TARGET_MET if met else STATUS_TARGET_NOT_MET, "basis": "target"}
    if marks:
        mark = next((m for m in marks if m.get("level") == "england"), marks[0])
        bench, name = float(mark["value"]), "England" if mark.get("level") == "england" else str(mark.get("label"))
        if bench != 0 and abs(100.0 * (float(value) - bench) / bench) <= within_pct or float(value) == bench:
            return {"text": f"≈ In line with {name}", "basis": "benchmark"}
        higher = float(value) > bench
        if better in ("higher", "lower"):
            good = higher == (better == "higher")
            return {"text": f"✔ Better than {name}" if good else f"✘ Worse than {name}", "basis": "benchmark"}
        return {"text": f"▲ Above {name}" if higher else f"▼ Below {name}", "basis": "benchmark"}
    text = STATUS_SPC.get(spc_signal, "")
    return {"text": text, "basis": "spc" if text else ""}
