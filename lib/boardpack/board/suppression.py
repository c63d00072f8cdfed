"""Disclosure control for the public edition, after the Government Statistical Service's practice.

Applied once to the indicator frame (``boardpack run --publish``) before anything public is
written, so that every table, chart and sentence built from the frame comes back suppressed.

Rules (``threshold`` is the parameter ``suppression_threshold``, default 5):

1. **Primary.** A *count of children or records* of 1 to ``threshold`` is not published (``c``).
   Zero is published. A count is a row with neither numerator nor denominator; workforce rows
   (``wf_*``: staff FTE, not children or records) are not counts of people to protect.
2. **Secondary.** Where a breakdown adds up to its headline (same indicator and month, the
   slices of one family, ``prefix|...`` or unprefixed), a lone unknown in "total = sum of slices"
   could be worked back; so the smallest other non-zero slice is suppressed too (or the total
   when no slice is left), repeated until no family has exactly one unknown.
3. **Rates and percentages.** A rate or percentage is suppressed when its numerator or its
   denominator is a count of 1 to ``threshold``, when it is a percentage (``*_pct``) whose
   complement (denominator - numerator) is 1 to ``threshold``, or when its numerator or
   denominator equals a suppressed count of the same month and breakdown (it is built on it).
   Workforce percentages are shares of staff FTE and are published.

A suppressed row keeps its place: ``value``, ``numerator`` and ``denominator`` become NaN and
``suppressed`` is True, so the figure is left out of every chart and sentence; the public CSV shows
``c`` in those cells (:func:`to_public_csv_frame`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

SUPPRESSED = "c"
DEFAULT_THRESHOLD = 5
NOT_PEOPLE_PREFIXES = ("wf_",)  # workforce: staff FTE
KEY = (
    "c: not published, to protect the children and families counted: a count of 1 to {threshold}, "
    "or a figure from which such a count could be worked out (a rate or percentage built on it, or "
    "a total and its other parts)."
)


def threshold_from(params: dict) -> int:
    """The suppression threshold from the run's parameters.

    >>> threshold_from({}), threshold_from({"suppression_threshold": 9})
    (5, 9)
    """
    value = int((params or {}).get("suppression_threshold", DEFAULT_THRESHOLD))
    if value < 1:
        raise ValueError(f"suppression_threshold {value!r} must be 1 or more")
    return value


def key(threshold: int = DEFAULT_THRESHOLD) -> str:
    """The sentence that explains ``c`` at the start of the public edition."""
    return KEY.format(threshold=threshold)


def _small(values: pd.Series, threshold: int) -> pd.Series:
    return values.ge(1) & values.le(threshold)


def is_count(frame: pd.DataFrame) -> pd.Series:
    """Rows that count children or records (no numerator, no denominator, not workforce)."""
    people = ~frame["indicator_id"].str.startswith(NOT_PEOPLE_PREFIXES)
    return frame["numerator"].isna() & frame["denominator"].isna() & people


def primary(frame: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD) -> pd.Series:
    """Counts of 1 to ``threshold``."""
    return is_count(frame) & _small(frame["value"], threshold)


def secondary(frame: pd.DataFrame, suppressed: pd.Series) -> pd.Series:
    """``suppressed`` widened so that no additive breakdown family has exactly one unknown (rule 2)."""
    suppressed = suppressed.copy()
    keys = ["indicator_id", "period_end", "family"]
    counts = frame.loc[is_count(frame) & frame["value"].notna()]
    counts = counts.assign(row=counts.index)
    totals = counts.loc[counts["breakdown"] == "", ["indicator_id", "period_end", "row", "value"]]
    slices = counts.loc[counts["breakdown"] != ""]
    slices = slices.assign(family=slices["breakdown"].str.extract(r"^([^|]*)\|", expand=False).fillna(""))
    slices = slices.merge(
        totals.rename(columns={"row": "total_row", "value": "total"}), on=["indicator_id", "period_end"]
    )
    slices = slices.loc[np.isclose(slices.groupby(keys)["value"].transform("sum"), slices["total"])]
    while len(slices):
        state = slices.assign(
            hidden=suppressed.loc[slices["row"]].to_numpy(), total_hidden=suppressed.loc[slices["total_row"]].to_numpy()
        )
        unknowns = state.groupby(keys)["hidden"].transform("sum") + state["total_hidden"].astype(int)
        lone = state.loc[unknowns == 1]
        if lone.empty:
            break
        candidates = lone.loc[~lone["hidden"] & lone["value"].gt(0)]
        picked = candidates.sort_values("value", kind="stable").groupby(keys).head(1)["row"]
        without = ~lone.set_index(keys).index.isin(candidates.set_index(keys).index)
        suppressed.loc[list(picked) + list(lone.loc[without, "total_row"].unique())] = True
    return suppressed


def rates(frame: pd.DataFrame, suppressed: pd.Series, threshold: int = DEFAULT_THRESHOLD) -> pd.Series:
    """Rates and percentages to suppress (rule 3), given the suppressed counts."""
    numerator, denominator = frame["numerator"], frame["denominator"]
    is_rate = numerator.notna() | denominator.notna()
    small = _small(numerator, threshold) | _small(denominator, threshold)
    pct = frame["indicator_id"].str.endswith("_pct") & numerator.le(denominator)
    small |= pct & _small(denominator - numerator, threshold)
    hidden = frame.loc[suppressed & is_count(frame), ["period_end", "breakdown", "value"]].drop_duplicates()
    built_on = pd.Series(False, index=frame.index)
    for column in ("numerator", "denominator"):
        link = (
            frame.loc[is_rate, ["period_end", "breakdown", column]]
            .reset_index()
            .merge(hidden, left_on=["period_end", "breakdown", column], right_on=["period_end", "breakdown", "value"])
        )
        built_on.loc[link["index"]] = True
    people = ~frame["indicator_id"].str.startswith(NOT_PEOPLE_PREFIXES)
    return is_rate & people & (small | built_on)


def suppress(frame: pd.DataFrame, threshold: int = DEFAULT_THRESHOLD) -> pd.DataFrame:
    """The indicator frame with disclosure control applied (see the module docstring): a
    ``suppressed`` column, and NaN in value, numerator and denominator where it is True."""
    frame = frame.reset_index(drop=True)
    hidden = secondary(frame, primary(frame, threshold))
    hidden |= rates(frame, hidden, threshold)
    out = frame.copy()
    out.loc[hidden, ["value", "numerator", "denominator"]] = np.nan
    out["suppressed"] = hidden.to_numpy()
    return out


def to_public_csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The public ``indicators-public.csv``: the catalogue's columns, ``c`` where suppressed."""
    from boardpack.indicators.registry import to_csv_frame

    shown = to_csv_frame(frame.drop(columns=["suppressed"], errors="ignore")).astype(
        {"value": object, "numerator": object, "denominator": object}
    )
    if "suppressed" in frame:
        hidden = frame["suppressed"].to_numpy(dtype=bool)
        shown.loc[hidden, ["value", "numerator", "denominator"]] = SUPPRESSED
    return shown


# ---------------------------------------------------------------------------------------------
# the safety net where a table, chart or sentence is shown (figures not taken from the frame)

_COUNT_CELL = re.compile(r"^\s*\d[\d,]*\s*$")
_NOT_COUNT_UNIT = re.compile(r"%|per\b|fte|days?|rate", re.IGNORECASE)
# a small number quoted as a count: not a date ("1 April"), a duration ("2 years", "15 working
# days"), a percentage, a decimal or an ordinal
_SMALL_COUNT = re.compile(
    r"(?<![\d.,])(?<!to\s)\b(?P<n>\d{1,3})\b(?![.,]\d|\s*%|\s*(?:st|nd|rd|th)\b|\s+to\s+\d"
    r"|\s+(?:working\s+)?(?:days?|weeks?|months?|years?|or more|percentage|points?)\b"
    r"|\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b)"
)


def is_count_unit(unit: str) -> bool:
    """A chart axis of counts (not a percentage, rate, FTE or duration).

    >>> is_count_unit("Contacts"), is_count_unit("%"), is_count_unit("Per 10,000"), is_count_unit("FTE")
    (True, False, False, False)
    """
    return not _NOT_COUNT_UNIT.search(unit or "")


def mask_counts(data, threshold: int = DEFAULT_THRESHOLD):
    """Chart figures with every count of 1 to ``threshold`` left out (NaN), and how many were."""
    values = data.astype(float)
    small = values.ge(1) & values.le(threshold)
    return values.mask(small), int(np.asarray(small).sum())


def cell_discloses(text: str, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """A table cell that shows a whole count of 1 to ``threshold``.

    >>> cell_discloses("3"), cell_discloses("3.50"), cell_discloses("12"), cell_discloses("2%")
    (True, False, False, False)
    """
    if not _COUNT_CELL.match(text or ""):
        return False
    return 1 <= int(text.replace(",", "").strip()) <= threshold


def sentence_discloses(text: str, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """A sentence that quotes a suppressed figure ("not available", the words a blank figure
    gets) or a count of 1 to ``threshold``; the public edition leaves it out.

    >>> sentence_discloses("3 children started to be looked after in December 2014.")
    True
    >>> sentence_discloses("Within 15 working days, 2 years or more; 1 April; 4.5%; 98.2 per 10,000.")
    False
    >>> sentence_discloses("c: a count of 1 to 5 is not published.")
    False
    >>> sentence_discloses("The figure of not available contacts for December 2014.")
    True
    """
    if "not available" in (text or ""):
        return True
    return any(1 <= int(m.group("n")) <= threshold for m in _SMALL_COUNT.finditer(text or ""))


def blank_is_suppressed(reason: str) -> bool:
    """In the public edition a blank figure cell ("no data") shows ``c``: the table cannot tell a
    suppressed figure from a missing one, and ``c`` never reveals more than a blank.

    >>> blank_is_suppressed("no data"), blank_is_suppressed("no target")
    (True, False)
    """
    return reason == "no data"
