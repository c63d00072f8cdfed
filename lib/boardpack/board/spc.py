"""Statistical process control for a monthly series: XmR charts and NHS "Making Data Count" rules.

XmR (individuals and moving range), computed on the months that have a value (a blank month,
e.g. a percentage with no denominator, is left out and does not break the moving range):

* centre line: the mean of the values;
* moving range: ``|x(i) - x(i-1)|`` between consecutive values; ``MR-bar`` its mean;
* process limits: ``mean ± 2.66 * MR-bar`` (2.66 = 3 / d2, d2 = 1.128 for ranges of two).

Special-cause rules (NHS England, "Making Data Count"), each a parameter under ``spc:``:

1. a point above the upper or below the lower process limit;
2. a *shift*: a run of ``shift_points`` (NHS: 7) or more consecutive points on the same side of
   the mean (a point exactly on the mean ends the run);
3. a *trend*: ``trend_points`` (NHS: 6) or more consecutive points each higher (or each lower)
   than the one before (a repeated value ends the trend);
4. optionally, two of three consecutive points beyond two-thirds of the way from the mean to a
   limit, on the same side.

Process changes (params ``events:``, each a date and a label, optionally the ``indicators`` it
concerns) rebase the chart as Making Data Count does: the limits are recalculated from the
month of the change on (each part its own mean, moving range and rules; the moving range does not
span the change). When the latest part has fewer than ``min_points`` values there are too few
points since the change to judge, and the signal says so instead of flagging the new process as
unusual.

The latest point is classed "special cause improvement" or "special cause concern" when a rule
flags it and the indicator's better direction (params ``better`` / its target) says which; a
volume with no better direction gets "special cause variation"; otherwise "common cause".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from boardpack.indicators.frames import is_blank

IMPROVEMENT = "special cause improvement"
CONCERN = "special cause concern"
VARIATION = "special cause variation"
COMMON = "common cause"
TOO_FEW = "too few points"
NO_DATA = "no data"
NOT_APPLICABLE = "not applicable"

# Running totals and rolling 12-month figures: successive months share most of their records, so
# runs and trends are built in and an XmR chart would cry wolf (NHS Making Data Count: chart the
# monthly figure, not a cumulative or rolling one).
ROLLING_IDS = {"eh_step_up_pct", "cla_3plus_placements_pct"}

RULES = ("beyond_limit", "shift", "trend", "two_of_three")
RULE_WORDS = {
    "beyond_limit": "outside the process limits",
    "shift": "part of a run of points on one side of the average",
    "trend": "part of a run of points rising or falling in turn",
    "two_of_three": "two of the last three points close to a limit",
}
DEFAULTS = {"min_points": 12, "shift_points": 7, "trend_points": 6, "two_of_three": True}


def options(params: dict | None) -> dict:
    """The ``spc`` parameters laid over the NHS defaults."""
    return {**DEFAULTS, **((params or {}).get("spc") or {})}


def _runs(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Run id and run length of each element of ``keys`` (consecutive equal keys form a run)."""
    if len(keys) == 0:
        return np.array([], dtype=int), np.array([], dtype=int)
    starts = np.r_[True, keys[1:] != keys[:-1]]
    run_id = np.cumsum(starts) - 1
    lengths = np.bincount(run_id)
    return run_id, lengths[run_id]


def event_months(params: dict | None, indicator_id: str | None = None) -> list[pd.Period]:
    """The months in which a process change (params ``events``) starts a new part of the chart,
    for one indicator (events that list ``indicators`` concern only those), sorted.

    >>> event_months({"events": [{"date": "2014-11-05", "label": "x"}, {"date": "2014-06-01", "label": "y",
    ...     "indicators": ["cla_open"]}]}, "contacts")
    [Period('2014-11', 'M')]
    """
    months = set()
    for event in (params or {}).get("events") or []:
        wanted = event.get("indicators")
        if indicator_id and wanted and indicator_id not in wanted:
            continue
        months.add(pd.Period(pd.Timestamp(event["date"]), freq="M"))
    return sorted(months)


def usual_variation(series: pd.Series) -> float:
    """The mean moving range (MR-bar) of a series' values: how much it usually moves month to month.

    >>> usual_variation(pd.Series([10.0, 12, 11, 13, 12])), usual_variation(pd.Series([5.0]))
    (1.5, nan)
    """
    x = series.dropna().astype("float").to_numpy()
    return float(np.abs(np.diff(x)).mean()) if len(x) > 1 else np.nan


def xmr_rebased(
    series: pd.Series,
    breaks=(),
    shift_points: int = 7,
    trend_points: int = 6,
    two_of_three: bool = True,
) -> pd.DataFrame:
    """:func:`xmr` computed separately on each part of the series between process changes
    (``breaks``: the Periods that start a new part), with a ``part`` column (0, 1, ...).

    >>> s = pd.Series([10.0, 12, 11, 30, 32], index=pd.period_range("2014-08", periods=5, freq="M"))
    >>> c = xmr_rebased(s, [pd.Period("2014-11", "M")])
    >>> c["mean"].tolist(), c["part"].tolist()
    ([11.0, 11.0, 11.0, 31.0, 31.0], [0, 0, 0, 1, 1])
    """
    values = series.dropna().astype("float").sort_index()
    if values.empty:
        return xmr(values, shift_points, trend_points, two_of_three).assign(part=pd.Series(dtype="int64"))
    part = np.zeros(len(values), dtype=int)
    for start in sorted(breaks):
        part += np.asarray(values.index >= start, dtype=int)
    pieces = [
        xmr(values[part == k], shift_points, trend_points, two_of_three).assign(part=int(k))
        for k in sorted(set(part.tolist()))
    ]
    return pd.concat(pieces)


def xmr(series: pd.Series, shift_points: int = 7, trend_points: int = 6, two_of_three: bool = True) -> pd.DataFrame:
    """The XmR chart of a series (index kept; blank values dropped).

    Columns: ``value``, ``moving_range``, ``mean``, ``mr_bar``, ``ucl``, ``lcl``, one boolean
    per rule (``beyond_limit``, ``shift``, ``trend``, ``two_of_three``), and ``side`` of each
    flagged point (``high``/``low``; ``""`` when no rule flags it; the first rule in
    :data:`RULES` that flags a point gives its side).

    >>> chart = xmr(pd.Series([10.0, 12, 11, 13, 12]))
    >>> float(chart["mean"].iloc[0]), float(chart["mr_bar"].iloc[0])
    (11.6, 1.5)
    >>> round(float(chart["ucl"].iloc[0]), 2), round(float(chart["lcl"].iloc[0]), 2)
    (15.59, 7.61)
    """
    values = series.dropna().astype("float")
    x = values.to_numpy()
    n = len(x)
    out = pd.DataFrame({"value": x}, index=values.index)
    moving_range = np.abs(np.diff(x)) if n > 1 else np.array([])
    mean = float(x.mean()) if n else np.nan
    mr_bar = float(moving_range.mean()) if len(moving_range) else np.nan
    out["moving_range"] = np.r_[np.nan, moving_range] if n else []
    out["mean"], out["mr_bar"] = mean, mr_bar
    out["ucl"], out["lcl"] = mean + 2.66 * mr_bar, mean - 2.66 * mr_bar

    above, below = x > out["ucl"].to_numpy(), x < out["lcl"].to_numpy()
    side_of_mean = np.sign(x - mean)
    _, run_length = _runs(side_of_mean)
    shift = (side_of_mean != 0) & (run_length >= shift_points)

    # Trend: runs of equal non-zero signs of the step into each point; a run of k steps spans k+1 points.
    step = np.r_[0.0, np.sign(np.diff(x))] if n else np.array([])
    run_id, step_run = _runs(step)
    in_trend_steps = (step != 0) & (step_run + 1 >= trend_points)
    trend = in_trend_steps.copy()
    if n > 1:  # the point where a trend starts belongs to it too
        trend[:-1] |= in_trend_steps[1:] & (run_id[1:] != run_id[:-1])
    trend_dir = step.copy()
    if n > 1:
        starts = trend & ~in_trend_steps
        trend_dir[:-1] = np.where(starts[:-1], step[1:], trend_dir[:-1])

    near_high = x > mean + (2 / 3) * 2.66 * mr_bar
    near_low = x < mean - (2 / 3) * 2.66 * mr_bar
    two_high, two_low = np.zeros(n, bool), np.zeros(n, bool)
    if two_of_three and n >= 3:
        for near, flag in ((near_high, two_high), (near_low, two_low)):
            counts = np.convolve(near.astype(int), np.ones(3, int), mode="valid")  # window i..i+2
            for offset in range(3):
                window_ok = np.zeros(n, bool)
                window_ok[offset : n - 2 + offset] = counts >= 2
                flag |= window_ok & near

    out["beyond_limit"] = above | below
    out["shift"] = shift
    out["trend"] = trend
    out["two_of_three"] = two_high | two_low
    side = np.select(
        [
            above,
            below,
            shift & (side_of_mean > 0),
            shift & (side_of_mean < 0),
            trend & (trend_dir > 0),
            trend & (trend_dir < 0),
            two_high,
            two_low,
        ],
        ["high", "low", "high", "low", "high", "low", "high", "low"],
        default="",
    )
    out["side"] = side
    return out


def classify_side(side: str, better: str | None) -> str:
    """A flagged point's class from its side and the better direction.

    >>> classify_side("high", "higher"), classify_side("high", "lower"), classify_side("low", None)
    ('special cause improvement', 'special cause concern', 'special cause variation')
    """
    if not side:
        return COMMON
    if better not in ("higher", "lower"):
        return VARIATION
    return IMPROVEMENT if (side == "high") == (better == "higher") else CONCERN


def applies(indicator_id: str) -> bool:
    """False for year-to-date and rolling 12-month indicators, which SPC does not fit.

    Reading: consecutive year-to-date or rolling 12-month values share most of their months, so
    their points are not independent and the XmR limits would mislead; such figures are "Not charted".

    >>> applies("contacts"), applies("s47_rate_per_10k_ytd"), applies("cp_repeat_starts_pct_12m")
    (True, False, False)
    """
    return not (indicator_id.endswith(("_ytd", "_12m")) or indicator_id in ROLLING_IDS)


def classify(series: pd.Series, better: str | None = None, params: dict | None = None, events=()) -> dict:
    """The SPC signal of the latest point of ``series``.

    Returns ``{"signal", "rule", "side", "mean", "ucl", "lcl", "points"}``: ``signal`` is one of
    "special cause improvement", "special cause concern", "special cause variation", "common
    cause", "too few points" (fewer than ``min_points`` values) or "no data" (the latest month
    is blank); ``rule`` the first rule that flags the latest point ("" if none). ``events``: months
    of process changes (:func:`event_months`); only the part since the last one is judged, and
    ``rule`` is ``since_change`` when that part has too few points.
    """
    opts = options(params)
    result = {
        "signal": NO_DATA,
        "rule": "",
        "side": "",
        "mean": np.nan,
        "ucl": np.nan,
        "lcl": np.nan,
        "points": int(series.notna().sum()),
    }
    if series.empty or is_blank(series.sort_index().iloc[-1]):
        return result
    if result["points"] < int(opts["min_points"]):
        result["signal"] = TOO_FEW
        return result
    chart = xmr_rebased(
        series.sort_index(), events, int(opts["shift_points"]), int(opts["trend_points"]), bool(opts["two_of_three"])
    )
    latest_part = chart.loc[chart["part"] == chart["part"].iloc[-1]]
    if len(latest_part) < int(opts["min_points"]) and chart["part"].iloc[-1] > 0:
        result.update(signal=TOO_FEW, rule="since_change", points=len(latest_part))
        return result
    last = chart.iloc[-1]
    rule = next((r for r in RULES if bool(last[r])), "")
    result.update(
        signal=classify_side(last["side"], better),
        rule=rule,
        side=str(last["side"]),
        mean=float(last["mean"]),
        ucl=float(last["ucl"]),
        lcl=float(last["lcl"]),
    )
    return result


def short_label(signal: str) -> str:
    """A short label for a table cell, with a symbol as well as words.

    >>> short_label("special cause concern")
    '⚠ Concern'
    """
    return {
        IMPROVEMENT: "★ Improvement",
        CONCERN: "⚠ Concern",
        VARIATION: "◆ Unusual",
        COMMON: "Usual range",
        TOO_FEW: "Too few points",
        NO_DATA: "",
        NOT_APPLICABLE: "Not charted",
    }.get(signal, signal)
