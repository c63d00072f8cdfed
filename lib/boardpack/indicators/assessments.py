"""Assessment indicators, by assessment type (``initial`` / ``core`` / ``single``).

Source: ``ssd_cin_assessments``; definitions are the catalogue's (``shared/spec/indicators.md``,
"Assessments"): ``assessments_completed``, ``assessments_nfa_pct``,
``assessments_in_timescale_pct``, ``assessments_duration_band`` and
``assessments_rate_per_10k_12m``. Completed = authorised: ``cina_assessment_auth_date`` in M.
Duration = ``wd(start, auth)`` (:func:`boardpack.calendar.working_days`: Monday to Friday, not an
English bank holiday, in ``[start, auth)``; authorised on its start day = 0; a start on a weekend
counts from the next working day). Timescales (``params["assessment_timescales"]``, defaults
initial 10, core 35, single 45) and band edges (``params["assessment_bands"]``) come from the run
parameters; edges ``[10, 15, 21]`` give bands ``0-10``, ``11-15``, ``16-21``, ``22+``.

Readings made here (the catalogue does not say):

* the types reported are those of the assessments authorised in the 24 months or in the
  11 months before them (the span the 12-month rate looks at), each on its own, every month
  (0 where none); a blank or absent ``cina_assessment_type`` is ``single`` (the contract);
* a blank ``cina_assessment_outcome_nfa`` is not NFA (it stays in the denominator);
* an assessment authorised before its start date (a data-quality finding) is counted as
  completed and in the NFA share, but its duration cannot be measured: it is left out of the
  timeliness percentage (numerator and denominator) and of the duration bands;
* the 12-month rate uses the population of M (``population.population_by_month``); blank where
  there is no population;
* months before the month of the table's first assessment start are not reported
  (:func:`frames.covered_months`, "the months the data cover"); the 12-month rate of a covered
  month counts the assessments the extract holds in its 12 months, as the catalogue defines it
  (the contract asks extracts to reach 11 months further back than the first month reported).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from boardpack.calendar import working_days
from boardpack.indicators.frames import combine, counts_by_month, covered_months, percent, tidy
from boardpack.indicators.population import population_by_month
from boardpack.sources.extract import Extract
from boardpack.sources.tables import ASSESSMENT_TYPES

REQUIRES = ("ssd_cin_assessments",)

TABLE = "ssd_cin_assessments"
START = "cina_assessment_start_date"
AUTH = "cina_assessment_auth_date"
TYPE = "cina_assessment_type"
NFA = "cina_assessment_outcome_nfa"

DEFAULT_TIMESCALES = {"initial": 10, "core": 35, "single": 45}
DEFAULT_BANDS = {"initial": [10, 15, 21], "core": [35, 41, 50, 60], "single": [45, 60]}


def timescale(params: dict, kind: str) -> int:
    """Working-day timescale of an assessment type (parameters, else the catalogue's default)."""
    value = (params.get("assessment_timescales") or {}).get(kind, DEFAULT_TIMESCALES.get(kind, 45))
    return int(value)


def band_edges(params: dict, kind: str) -> list[int]:
    """Working-day band edges of an assessment type (parameters, else the catalogue's default)."""
    edges = (params.get("assessment_bands") or {}).get(kind)
    if edges is None:
        edges = DEFAULT_BANDS.get(kind, [timescale(params, kind)])
    return sorted(int(e) for e in edges)


def band_labels(edges) -> list[str]:
    """Band labels from the upper edges (inclusive) of each band but the last.

    >>> band_labels([10, 15, 21])
    ['0-10', '11-15', '16-21', '22+']
    >>> band_labels([45, 60])
    ['0-45', '46-60', '61+']
    """
    edges = [int(e) for e in edges]
    lows = [0] + [e + 1 for e in edges]
    return [f"{lo}-{hi}" for lo, hi in zip(lows, edges)] + [f"{lows[-1]}+"]


def band_of(days, edges) -> np.ndarray:
    """The band label of each duration (``days <= edge`` falls in that edge's band; NaN stays blank).

    >>> band_of(pd.Series([0, 10, 11, 15, 16, 21, 22, 90, np.nan]), [10, 15, 21]).tolist()
    ['0-10', '0-10', '11-15', '11-15', '16-21', '16-21', '22+', '22+', nan]
    """
    labels = np.array(band_labels(edges), dtype=object)
    values = np.asarray(days, dtype="float")
    position = np.searchsorted(np.asarray(edges, dtype="float"), values, side="left")
    out = labels[np.clip(position, 0, len(labels) - 1)]
    out[np.isnan(values)] = np.nan
    return out


def assessment_types(table: pd.DataFrame) -> pd.Series:
    """The type of each assessment: ``cina_assessment_type`` lower-cased, blank or absent = single."""
    if TYPE not in table:
        return pd.Series("single", index=table.index, dtype="str")
    kind = table[TYPE].astype("str").str.strip().str.lower()
    return kind.mask(kind == "").fillna("single")


def _ordered(kinds) -> list[str]:
    kinds = {str(k) for k in kinds}
    known = [t for t in ASSESSMENT_TYPES if t in kinds]
    return known + sorted(kinds - set(known))


def completed_assessments(table: pd.DataFrame, params: dict) -> pd.DataFrame:
    """Authorised assessments with their type, NFA flag, working-day duration and band.

    Columns added: ``_type``, ``_nfa`` (bool), ``_days`` (float; NaN where authorised before the
    start), ``_in_time`` (bool), ``_measured`` (bool), ``_band`` (``type|band``).
    """
    done = table.loc[table[AUTH].notna()].copy()
    done["_type"] = assessment_types(done)
    nfa = done[NFA] if NFA in done else pd.Series(pd.NA, index=done.index, dtype="boolean")
    done["_nfa"] = nfa.astype("boolean").fillna(False).astype(bool)
    days = working_days(done[START], done[AUTH]) if len(done) else pd.Series(dtype="float")
    days = pd.Series(days, index=done.index, dtype="float")
    days = days.where(done[AUTH] >= done[START])
    done["_days"] = days
    done["_measured"] = days.notna()
    limits = done["_type"].map({k: timescale(params, k) for k in done["_type"].unique()}).astype("float")
    done["_in_time"] = (days <= limits).fillna(False).astype(bool)
    band = pd.Series(np.nan, index=done.index, dtype="str")
    for kind in done["_type"].unique():
        rows = done["_type"] == kind
        labels = band_of(days[rows], band_edges(params, kind))
        band[rows] = pd.Series(labels, index=days[rows].index).radd(f"{kind}|").astype("str")
    done["_band"] = band
    return done


def indicators(extract: Extract, months: pd.PeriodIndex, params: dict) -> pd.DataFrame:
    """Every ``assessments_*`` indicator for each month and each assessment type in the data."""
    table = extract.get(TABLE)
    months = covered_months(months, table[START])
    if not len(months):
        return combine([])
    done = completed_assessments(table, params)
    span = pd.period_range(months[0] - 11, months[-1], freq="M")
    in_span = done[AUTH].dt.to_period("M").isin(span)
    kinds = _ordered(done.loc[in_span, "_type"].unique())
    if not kinds:
        return combine([])

    def by_type(frame, months_=months):
        return counts_by_month(frame, AUTH, months_, by="_type", labels=kinds)[kinds]

    completed = by_type(done)
    frames = [
        tidy("assessments_completed", completed),
        percent("assessments_nfa_pct", by_type(done.loc[done["_nfa"]]), completed),
        percent(
            "assessments_in_timescale_pct", by_type(done.loc[done["_in_time"]]), by_type(done.loc[done["_measured"]])
        ),
    ]

    band_columns = [f"{k}|{b}" for k in kinds for b in band_labels(band_edges(params, k))]
    measured = done.loc[done["_measured"]]
    bands = counts_by_month(measured, AUTH, months, by="_band", labels=band_columns)[band_columns]
    frames.append(tidy("assessments_duration_band", bands))

    rolling = by_type(done, span).rolling(12).sum().loc[months]
    population, _ = population_by_month(extract, months)
    denominator = pd.DataFrame({k: population for k in kinds}, index=months)
    rate = rolling.mul(10000).div(denominator.where(denominator > 0))
    frames.append(tidy("assessments_rate_per_10k_12m", rate, rolling, denominator))
    return combine(frames)


def types_in(s) -> list[str]:
    """The assessment types the section reports (those with rows in ``assessments_completed``)."""
    rows = s.rows("assessments_completed")
    return _ordered(rows["breakdown"].unique()) if len(rows) else []


def bands_by_month(s, kind: str) -> pd.DataFrame:
    """Wide duration bands of one type for the section's chart: index months, columns band labels."""
    wide = s.wide("assessments_duration_band", prefix=kind)
    if wide.empty:
        return wide
    return wide[sorted(wide.columns, key=lambda band: int(band.split("-")[0].rstrip("+")))]
