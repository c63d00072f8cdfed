"""Disclosure control for the public edition, after the Government Statistical Service's practice.

Applied once to the indicator frame (``boardpack run --publish``), and to the figures sections
compute straight from the records (:func:`suppress_with_pieces`), before anything public is
written, so that every table, chart and sentence built from them comes back suppressed.

Rules (``threshold`` is the parameter ``suppression_threshold``, default 5):

1. **Primary.** A *count of children or records* of 1 to ``threshold`` is not published (``c``).
   Zero is published. A count is a row with neither numerator nor denominator; workforce rows
   (``wf_*``: staff FTE, not children or records) are not counts of people to protect.
2. **Secondary.** Where a breakdown adds up to its headline (same indicator and month, the
   slices of one family, ``prefix|...`` or unprefixed), a lone unknown in "total = sum of slices"
   could be worked back; so the smallest other non-zero slice is suppressed too (or the total
   when no slice is left), repeated until no family has exactly one unknown. The same holds for a
   breakdown of *shares* (same indicator, month and family, one denominator, numerators adding up
   to it: the repeat plans by the year of the earlier plan): the denominator is the total.
3. **Across months.** A period total shown beside the monthly counts it adds up
   (:data:`PERIOD_TOTALS`: the year-to-date section 47 enquiries behind ``s47_rate_per_10k_ytd``,
   the 12-month sums behind ``assessments_rate_per_10k_12m``, ``cp_repeat_starts_pct_12m`` and
   ``eh_step_up_pct``) lets a reader work a suppressed month back: the total less the other
   months, or two consecutive totals less each other. Reading: the monthly counts and every total
   row of the frame are one set of equations (total = sum of the months in its window, checked
   on the figures); a suppressed month must not be determined by the published ones (a linear
   algebra test, so differences of totals are covered too). While one is, one more cell is
   suppressed: of the other months and the totals in an equation that reveals it, the one that
   leaves the fewest months determined, then the smallest (a month before a total). A suppressed
   total suppresses its whole row (the rate shows it too). Rules 2 and 3 are repeated until
   neither adds a cell.
4. **Rates and percentages.** A rate or percentage is suppressed when its numerator or its
   denominator is a count of 1 to ``threshold``, when it is a percentage (``*_pct``) whose
   complement (denominator - numerator) is 1 to ``threshold``, or when its numerator or
   denominator equals a suppressed count of the same month and breakdown (it is built on it).
   Workforce percentages are shares of staff FTE and are published.

A suppressed row keeps its place: ``value``, ``numerator`` and ``denominator`` become NaN and
``suppressed`` is True. That column is the mark a suppressed figure carries to the table: a
section's figures come with it (``Section.suppressed``, and :data:`MARK` in the ``attrs`` of its
series and frames, which charts keep), and a table cell shows ``c`` only for a marked figure; a
figure the data simply lack stays a blank that says "no data", as in the full edition. The public
CSV shows ``c`` in those cells (:func:`to_public_csv_frame`).

Long because the rules, the cross-month equations, the figures computed from records and the
display-time safety net are one disclosure policy, read and tested together.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from boardpack.indicators.marks import MARK, SUPPRESSED, frame_of, mark, mark_columns, marked, with_c  # noqa: F401

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


def _families(frame: pd.DataFrame) -> pd.DataFrame:
    """The additive breakdowns of the frame: one row per slice with its family key, ``row``,
    ``value`` and its total's ``total_row`` (-1: a shares' denominator, not a row of its own)."""
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
    # shares of one denominator whose numerators add up to it (rule 2, shares)
    people = ~frame["indicator_id"].str.startswith(NOT_PEOPLE_PREFIXES)
    shares = frame.loc[people & frame["numerator"].notna() & frame["denominator"].gt(0) & (frame["breakdown"] != "")]
    shares = shares.assign(row=shares.index, value=shares["numerator"], total=shares["denominator"], total_row=-1)
    shares = shares.assign(family=shares["breakdown"].str.extract(r"^([^|]*)\|", expand=False).fillna(""))
    group = shares.groupby(keys)
    one_denominator = group["denominator"].transform("nunique").eq(1) & group["denominator"].transform("size").gt(1)
    shares = shares.loc[one_denominator & np.isclose(group["value"].transform("sum"), shares["total"])]
    columns = keys + ["row", "value", "total_row"]
    return pd.concat([slices[columns], shares[columns]], ignore_index=True)


def secondary(frame: pd.DataFrame, suppressed: pd.Series) -> pd.Series:
    """``suppressed`` widened so that no additive breakdown family has exactly one unknown (rule 2)."""
    suppressed = suppressed.copy()
    keys = ["indicator_id", "period_end", "family"]
    slices = _families(frame)
    while len(slices):
        total_hidden = np.where(
            slices["total_row"].ge(0), suppressed.reindex(slices["total_row"]).fillna(False).to_numpy(bool), False
        )
        state = slices.assign(hidden=suppressed.loc[slices["row"]].to_numpy(), total_hidden=total_hidden)
        unknowns = state.groupby(keys)["hidden"].transform("sum") + state["total_hidden"].astype(int)
        lone = state.loc[unknowns == 1]
        if lone.empty:
            break
        candidates = lone.loc[~lone["hidden"] & lone["value"].gt(0)]
        picked = candidates.sort_values("value", kind="stable").groupby(keys).head(1)["row"]
        without = lone.loc[~lone.set_index(keys).index.isin(candidates.set_index(keys).index), "total_row"]
        extra = list(picked) + [int(r) for r in without.unique() if r >= 0]
        if not extra:  # a lone unknown shares with nothing left to hide: all hidden already
            break
        suppressed.loc[extra] = True
    return suppressed


# Rule 3: (total indicator, the column that is the sum, the monthly count it sums, the window).
PERIOD_TOTALS = (
    ("s47_rate_per_10k_ytd", "numerator", "s47_started", "ytd"),
    ("assessments_rate_per_10k_12m", "numerator", "assessments_completed", "12m"),
    ("cp_repeat_starts_pct_12m", "denominator", "cp_plans_started", "12m"),
    ("eh_step_up_pct", "denominator", "eh_step_downs", "12m"),
)


def window_months(month: pd.Period, window: str) -> list[pd.Period]:
    """The months a period total at ``month`` adds up: ``12m`` the 12 months to it, ``ytd`` from April.

    >>> [str(m) for m in window_months(pd.Period("2014-05", "M"), "ytd")]
    ['2014-04', '2014-05']
    >>> len(window_months(pd.Period("2014-05", "M"), "12m"))
    12
    """
    from boardpack.calendar import financial_year_start

    if window == "ytd":
        first = financial_year_start(month).to_period("M")
        return list(pd.period_range(first, month, freq="M"))
    return list(pd.period_range(end=month, periods=12, freq="M"))


def _determined(equations: np.ndarray, columns: list, protected: list) -> list:
    """The ``protected`` unknowns that the equations (rows over the unknown ``columns``) fix."""
    if not len(equations):
        return []
    rank = np.linalg.matrix_rank(equations)
    found = []
    for item in protected:
        unit = np.zeros((1, len(columns)))
        unit[0, columns.index(item)] = 1.0
        if np.linalg.matrix_rank(np.vstack([equations, unit])) == rank:
            found.append(item)
    return found


def _month_group(months: dict, totals: list, hidden: set) -> tuple[list, list]:
    """For one monthly count and its totals: the suppressed months a reader can work back.

    ``months``: month -> (row, value) of the monthly count's published-or-suppressed rows;
    ``totals``: (row, month, window months, value) of each total; ``hidden``: the suppressed rows.
    Returns (determined months, the published totals' equations as (row, months))."""
    live = [(row, window) for row, _, window, _ in totals if row not in hidden]
    unknown = sorted({m for _, window in live for m in window if m not in months or months[m][0] in hidden})
    protected = [m for m in unknown if m in months]
    equations = np.array([[1.0 if m in window else 0.0 for m in unknown] for _, window in live]).reshape(
        len(live), len(unknown)
    )
    equations = equations[equations.any(axis=1)] if len(unknown) else equations[:0]
    return _determined(equations, unknown, protected), live


def across_months(frame: pd.DataFrame, suppressed: pd.Series) -> pd.Series:
    """``suppressed`` widened so that no suppressed month can be worked back from a period total
    and the other months (rule 3, :data:`PERIOD_TOTALS`)."""
    suppressed = suppressed.copy()
    month = frame["period_end"].dt.to_period("M")
    for total_id, column, count_id, window in PERIOD_TOTALS:
        for breakdown in frame.loc[frame["indicator_id"] == total_id, "breakdown"].unique():
            at = frame["breakdown"] == breakdown
            counts = frame.loc[at & (frame["indicator_id"] == count_id)]
            rows = frame.loc[at & (frame["indicator_id"] == total_id)]
            if counts.empty or rows.empty:
                continue
            months = {m: (row, value) for m, row, value in zip(month[counts.index], counts.index, counts["value"])}
            if not suppressed.loc[counts.index].any():
                continue
            totals = [
                (row, m, window_months(m, window), value)
                for row, m, value in zip(rows.index, month[rows.index], frame.loc[rows.index, column])
                if not np.isnan(value)
            ]
            # the equations hold on the figures (each whose months are all in the frame)
            checked = [
                np.isclose(total, sum(months[x][1] for x in window_list))
                for _, _, window_list, total in totals
                if all(x in months and not np.isnan(months[x][1]) for x in window_list)
            ]
            if totals and suppressed.loc[rows.index].all():
                continue
            if not checked or not all(checked):
                continue
            while True:
                hidden = set(suppressed.index[suppressed])
                determined, live = _month_group(months, totals, hidden)
                if not determined:
                    break
                revealing = [(row, w) for row, w in live if any(m in w for m in determined)]
                options = {months[m][0]: (0, months[m][1]) for _, w in revealing for m in w if m in months}
                options = {r: v for r, v in options.items() if r not in hidden and v[1] > 0}
                options.update({row: (1, frame.at[row, column]) for row, _ in revealing})
                scored = []
                for row, (is_total, value) in options.items():
                    left, _ = _month_group(months, totals, hidden | {row})
                    scored.append((len(left), is_total, value, row))
                suppressed.loc[min(scored)[3]] = True
    return suppressed


def rates(frame: pd.DataFrame, suppressed: pd.Series, threshold: int = DEFAULT_THRESHOLD) -> pd.Series:
    """Rates and percentages to suppress (rule 4), given the suppressed counts."""
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
    frame = frame.drop(columns=["suppressed"], errors="ignore").reset_index(drop=True)
    hidden = primary(frame, threshold)
    hidden |= rates(frame, hidden, threshold)  # a share of 1 to 5 hides before its family is checked
    while True:
        before = int(hidden.sum())
        hidden = across_months(frame, secondary(frame, hidden))
        hidden |= rates(frame, hidden, threshold)
        if int(hidden.sum()) == before:
            break
    out = frame.copy()
    out.loc[hidden, ["value", "numerator", "denominator"]] = np.nan
    out["suppressed"] = hidden.to_numpy()
    return out


# ---------------------------------------------------------------------------------------------
# figures sections compute straight from the records (``document.section.DERIVED``)

# piece -> (the indicator whose month total its counts add up to, the breakdown family they join)
PIECE_TOTALS = {
    "lead_agency_counts": ("eh_started", "lead agency|"),  # a Series: agency -> new CAFs in M
    "missing_dob_count": ("cla_open", ""),  # an int: looked after at M without a usable dob
}
MISSING_DOB = "no usable date of birth"


def _piece_rows(name: str, value, frame: pd.DataFrame, month: pd.Period) -> pd.DataFrame:
    """A derived piece as indicator rows of the breakdown it completes (empty when it counts no one)."""
    total_id, prefix = PIECE_TOTALS[name]
    heads = frame.loc[
        (frame["indicator_id"] == total_id)
        & (frame["breakdown"] == "")
        & (frame["period_end"].dt.to_period("M") == month)
    ]
    if isinstance(value, pd.Series):
        labels, values = [f"{prefix}{label}" for label in value.index], value.astype(float).to_numpy()
    elif value is None or (isinstance(value, float) and np.isnan(value)):
        return pd.DataFrame(columns=frame.columns)
    else:
        labels, values = [f"{prefix}{MISSING_DOB}"], [float(value)]
    if heads.empty:  # no total to complete: the counts stand alone (primary only)
        end = pd.Timestamp(month.end_time.normalize())
    else:
        end = heads["period_end"].iloc[-1]
    return pd.DataFrame(
        {
            "indicator_id": total_id,
            "period_end": pd.Series([end] * len(labels), dtype=frame["period_end"].dtype),
            "breakdown": pd.Series(labels, dtype=frame["breakdown"].dtype),
            "value": values,
            "numerator": np.nan,
            "denominator": np.nan,
        }
    )


def suppress_with_pieces(
    frame: pd.DataFrame, pieces: dict, month, threshold: int = DEFAULT_THRESHOLD
) -> tuple[pd.DataFrame, dict]:
    """The suppressed indicator frame and the derived pieces of :data:`PIECE_TOTALS`, suppressed at
    source with the same rules: each piece's counts join the breakdown of the total they add up to
    (the lead agencies of the month's new CAFs, ``eh_started``; the children with no usable date of
    birth, the missing slice of ``cla_open``'s age bands), so primary, secondary (across the
    breakdown and its total) and rate suppression see them with the frame's own figures. A
    suppressed count becomes NaN (a Series keeps its labels, marked in ``attrs``). Other pieces
    (dates, staff FTE) are returned as they are."""
    from boardpack.calendar import to_month

    month = to_month(month)
    frame = frame.drop(columns=["suppressed"], errors="ignore").reset_index(drop=True)
    added = {name: _piece_rows(name, value, frame, month) for name, value in pieces.items() if name in PIECE_TOTALS}
    parts = [frame] + [rows for rows in added.values() if len(rows)]
    combined = pd.concat(parts, ignore_index=True) if len(parts) > 1 else frame
    result = suppress(combined, threshold)
    out = dict(pieces)
    start = len(frame)
    for name, rows in added.items():
        block = result.iloc[start : start + len(rows)]
        start += len(rows)
        value = pieces[name]
        if isinstance(value, pd.Series):
            shown = pd.Series(block["value"].to_numpy(), index=value.index, name=value.name, dtype=float)
            out[name] = mark(shown, value.index[block["suppressed"].to_numpy(bool)])
        elif len(block):
            out[name] = float("nan") if bool(block["suppressed"].iloc[0]) else value
    return result.iloc[: len(frame)].reset_index(drop=True), out


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
    masked = values.mask(small)
    if isinstance(small, pd.Series):
        mark(masked, rows=small.index[small.to_numpy(bool)])
    else:
        mark(masked, cells=[(i, c) for c in small.columns for i in small.index[small[c].to_numpy(bool)]])
    return masked, int(np.asarray(small).sum())


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
