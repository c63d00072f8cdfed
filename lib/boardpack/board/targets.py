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
