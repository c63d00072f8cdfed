"""Revisions: figures for past months that changed since an earlier month's pack.

Live case-management data change after the month is reported (late recording, corrections), so
a figure the board saw last month may differ today. When an earlier pack exists
(``outputs/<YYYY-MM>/indicators.csv`` for a month before the reporting month; the latest such
month is used), :func:`revisions_table` compares its values with today's for the periods both
packs cover and lists the figures that changed.

Readings: only indicators present in both packs are compared (a newly added indicator is not a
revision), and within an indicator only the periods (``period_end``) both packs hold; within
those, a row present on one side only counts as a change (blank on the other side). Values
are equal when they agree to within 1e-9 (relative); two blanks are equal.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from boardpack.calendar import to_month
from boardpack.paths import OUTPUTS_DIR

KEYS = ["indicator_id", "breakdown", "period_end"]
COLUMNS = ["indicator_id", "breakdown", "period_end", "was", "now", "change"]
_MONTH_FOLDER = re.compile(r"^\d{4}-\d{2}$")


def previous_pack(month, outputs_dir=None) -> tuple[pd.Period, Path] | None:
    """The latest earlier month with ``<outputs_dir>/<YYYY-MM>/indicators.csv``, and that file."""
    month = to_month(month)
    folder = Path(outputs_dir or OUTPUTS_DIR)
    if not folder.is_dir():
        return None
    found = []
    for child in folder.iterdir():
        if child.is_dir() and _MONTH_FOLDER.match(child.name) and (child / "indicators.csv").is_file():
            pack_month = to_month(child.name)
            if pack_month < month:
                found.append((pack_month, child / "indicators.csv"))
    return max(found) if found else None


def read_pack(path) -> pd.DataFrame:
    """An ``indicators.csv`` as an indicator frame (blank breakdown = headline, blank value = NaN)."""
    frame = pd.read_csv(
        path,
        dtype={"indicator_id": "str", "breakdown": "str"},
        keep_default_na=False,
        na_values={"value": [""], "numerator": [""], "denominator": [""]},
    )
    frame["period_end"] = pd.to_datetime(frame["period_end"])
    for column in ("value", "numerator", "denominator"):
        if column in frame:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float")
    return frame


def compare_frames(earlier: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """The changed figures between two indicator frames (see the module docstring).

    Columns: indicator_id, breakdown, period_end, was, now, change (``now - was``; blank when
    either side is blank), sorted by indicator, breakdown and period.
    """

    def side(frame, name):
        part = frame[KEYS + ["value"]].copy()
        part["breakdown"] = part["breakdown"].fillna("").astype("str")
        part["period_end"] = pd.to_datetime(part["period_end"])
        return part.drop_duplicates(KEYS, keep="last").rename(columns={"value": name})

    was, now = side(earlier, "was"), side(current, "now")
    common = (
        was[["indicator_id", "period_end"]]
        .drop_duplicates()
        .merge(now[["indicator_id", "period_end"]].drop_duplicates(), on=["indicator_id", "period_end"])
    )
    both = was.merge(now, on=KEYS, how="outer").merge(common, on=["indicator_id", "period_end"], how="inner")
    a, b = both["was"].to_numpy(dtype=float), both["now"].to_numpy(dtype=float)
    same = (np.isnan(a) & np.isnan(b)) | np.isclose(a, b, rtol=1e-9, atol=1e-12, equal_nan=False)
    changed = both.loc[~same].copy()
    changed["change"] = changed["now"] - changed["was"]
    changed = changed.sort_values(KEYS, kind="stable").reset_index(drop=True)
    return changed[COLUMNS]


def revisions_table(indicators: pd.DataFrame, month, outputs_dir=None) -> pd.DataFrame:
    """Figures that changed since the latest earlier pack in ``outputs_dir`` (default
    ``paths.OUTPUTS_DIR``). Empty (with the columns) when there is no earlier pack; the earlier
    pack's month is in ``.attrs["previous_month"]`` (``""`` when none)."""
    found = previous_pack(month, outputs_dir)
    if found is None:
        out = pd.DataFrame({c: pd.Series(dtype="float" if c in ("was", "now", "change") else "str") for c in COLUMNS})
        out["period_end"] = pd.Series(dtype="datetime64[ns]")
        out.attrs["previous_month"] = ""
        return out
    pack_month, path = found
    out = compare_frames(read_pack(path), indicators)
    out.attrs["previous_month"] = str(pack_month)
    return out


def for_display(table: pd.DataFrame, labels: dict | None = None) -> pd.DataFrame:
    """The revisions as shown in the data-quality section: Indicator, Breakdown, Month, Was, Now, Change."""
    shown = pd.DataFrame(
        {
            "Indicator": table["indicator_id"].map(lambda i: (labels or {}).get(i, i)),
            "Breakdown": table["breakdown"].replace("", "All"),
            "Month": pd.to_datetime(table["period_end"]).dt.strftime("%b %Y"),
            "Was": table["was"],
            "Now": table["now"],
            "Change": table["change"],
        }
    )
    return shown.reset_index(drop=True)
