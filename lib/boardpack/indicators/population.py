"""Children aged 0 to 17 in the area, for rates per 10,000 (``ext_population``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from boardpack.sources.extract import Extract


def population_by_month(extract: Extract, months: pd.PeriodIndex) -> tuple[pd.Series, list[str]]:
    """Population for each month, and notes on how it was chosen.

    Reading of the contract ("the row with the greatest ``popn_year`` not after the reporting
    month's year"): each month M uses the latest estimate whose year is not after M's own year,
    so a past month's rate stays the same from one run to the next. Where only later years
    exist, the earliest is used, with a note. No table or no rows gives NaN (rates blank).

    >>> from boardpack.sources.extract import Extract
    >>> e = Extract(tables={"ext_population": pd.DataFrame({"popn_year": [2013, 2014],
    ...                                                     "popn_age_0_17": [36000.0, 36100.0]})})
    >>> population_by_month(e, pd.period_range("2013-12", periods=2, freq="M"))[0].tolist()
    [36000.0, 36100.0]
    """
    table = extract.get("ext_population")
    notes: list[str] = []
    if table is None or table.dropna(subset=["popn_year", "popn_age_0_17"]).empty:
        notes.append("ext_population: no population rows; rates per 10,000 are blank")
        return pd.Series(np.nan, index=months, dtype="float"), notes
    rows = (
        table.dropna(subset=["popn_year", "popn_age_0_17"])
        .assign(popn_year=lambda t: t["popn_year"].astype("int64"))
        .drop_duplicates("popn_year", keep="last")
        .sort_values("popn_year")
    )
    years = rows["popn_year"].to_numpy()
    counts = rows["popn_age_0_17"].astype("float").to_numpy()
    month_years = np.array([m.year for m in months])
    position = np.searchsorted(years, month_years, side="right") - 1
    early = position < 0
    if early.any():
        notes.append(
            f"ext_population: no estimate for {int(month_years[early].min())} or before; "
            f"the {int(years[0])} estimate is used for earlier months"
        )
    values = counts[np.clip(position, 0, None)]
    values = np.where(values > 0, values, np.nan)
    return pd.Series(values, index=months, dtype="float"), notes


def per_10k(counts: pd.DataFrame | pd.Series, population: pd.Series):
    """``10000 * count / population`` aligned on months; blank where no population."""
    if isinstance(counts, pd.Series):
        return 10000 * counts.astype("float") / population.reindex(counts.index)
    return counts.astype("float").mul(10000).div(population.reindex(counts.index), axis=0)
