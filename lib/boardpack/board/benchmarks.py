"""Published comparators: England, region and statistical neighbours, from DfE statistics.

The table ``lib/boardpack/data/benchmarks.csv.gz`` is built by ``scripts/build_benchmarks.py`` from
the Department for Education's published files (Explore Education Statistics layout; Crown
copyright, Open Government Licence v3.0) and shipped with the pack. One row per indicator,
statistical year and geography:

``indicator_id`` (the catalogue id it compares with), ``breakdown``, ``year`` (the statistical
year: 2014 = the year ending 31 March 2014, "2013-14"; the workforce census: the snapshot of
30 September of that year), ``period_end`` (``YYYY-03-31``, workforce ``YYYY-09-30``),
``geography_level`` (``england``, ``region``, ``la``, ``sn_average``), ``geography_code`` (ONS
code as the DfE file gives it for that year; for ``sn_average`` the code of the LA whose
neighbours are averaged), ``old_la_code`` (DfE's 3-digit LA number, stable across years),
``region_code`` (for LA rows: the LA's region, Inner/Outer London read as London), ``name``,
``value`` (``sn_average`` rows carry the name of the LA whose neighbours are averaged),
``n_values`` (for ``sn_average``: how many neighbours had a figure), ``source_file``
and ``source_column`` (provenance).

Readings (see :data:`SOURCES`):

* rates per 10,000 that DfE computes from counts (children on a child protection plan at
  31 March, referrals in the year) are ``10000 * count / population`` where the population is
  the ONS mid-year estimate of children aged 0 to 17 of the *previous* calendar year (mid-2013
  for 31 March 2014), as DfE does: this reproduces DfE's England rate of 42.1 for 2013-14;
  they are rounded to one decimal, as DfE publishes them;
* published percentages and rates are taken as published (GSS symbols ``u x c z`` = missing);
* the statistical-neighbour average is the plain mean of the neighbours' published values
  that year (DfE's 2021 groupings, ten neighbours each); a neighbour with no figure that year
  (suppressed, or an authority that did not yet exist, such as Dorset 838 before 2019) is left
  out and ``n_values`` says how many were averaged.

Long because each DfE file has its own layout to map onto catalogue ids, and the lookups that
match a month to DfE's year sit beside that mapping.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from boardpack.calendar import month_end, months_into_financial_year, to_month
from boardpack.indicators.frames import HEADLINE
from boardpack.paths import PACKAGE_DATA_DIR

BENCHMARKS_FILE = PACKAGE_DATA_DIR / "benchmarks.csv.gz"
SUPPLEMENT_FILE = PACKAGE_DATA_DIR / "published_supplement.csv"
PUBLISHER = "Department for Education"
LICENCE = "Open Government Licence v3.0"
GSS_MISSING = {"u", "x", "c", "z", ":", "", ".."}
LEVELS = {"National": "england", "Regional": "region", "Local authority": "la"}
ENGLAND_CODE = "E92000001"
LONDON_SUBREGIONS = {"E13000001": "E12000007", "E13000002": "E12000007"}
SN_FILE = "New_Statistical_Neighbour_Groupings_April_2021.csv"
POPULATION_FILE = "ons_mid-year_population_estimates_2012_to_2024.csv"
COLUMNS = [
    "indicator_id",
    "breakdown",
    "year",
    "period_end",
    "geography_level",
    "geography_code",
    "old_la_code",
    "region_code",
    "name",
    "value",
    "n_values",
    "source_file",
    "source_column",
]


@dataclass(frozen=True)
class Source:
    """Where one benchmark comes from in the DfE files."""

    indicator_id: str
    file: str
    column: str
    where: dict = field(default_factory=dict)
    breakdown: str = HEADLINE
    per_10k: bool = False  # value = 10000 * column / population of the previous mid-year
    snapshot: str = "03-31"  # month-day of the period end in the year
    # A percentage DfE publishes as counts: value = 100 * sum(numerators) / sum(denominators),
    # rounded to one decimal as DfE rounds its percentages (``column`` names the first numerator).
    numerators: tuple = ()
    denominators: tuple = ()

    def __hash__(self):
        return hash((self.indicator_id, self.file, self.column, self.breakdown))


C1 = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
D3 = "d3_cpps_subsequent_plan_2013_to_2025.csv"
D5 = "d5_cpps_at31march_by_duration_2013_to_2025.csv"
CLA = "cla_number_and_rate_per_10k_children.csv"
STABILITY = "la_cla_placement_stability.csv"
CSWW = "csww_indicators_2017_to_2025.csv"
C4 = "c4_children_in_need_section_47s_and_icpcs_2013_to_2025.csv"
ICPC_DURATIONS = ("Duration_0-10_days", "Duration_11-15_days", "Duration_16-20_days", "Duration_21+_days")

SOURCES: list[Source] = [
    # CIN census: referrals in the year ending 31 March.
    Source("rereferrals_pct", C1, "rereferral_percent"),
    Source("referrals_nfa_pct", C1, "no_further_action_percent"),
    # Not a catalogue id: referrals in the year per 10,000 children, to compare with 12 months of
    # `referrals` per 10,000 (DfE's referral rate).
    Source("referrals_rate_per_10k_12m", C1, "referral_count", per_10k=True),
    # Section 47 enquiries and initial conferences in the year (c4). The year's s47 rate is the rate
    # to 31 March, i.e. the year-to-date rate at the year's end; during the year it is shown pro rata
    # to the months elapsed (benchmark_rows), so that a year-to-date figure meets a year-to-date one.
    Source("s47_rate_per_10k_ytd", C4, "Section47", per_10k=True),
    # Conferences held within 15 working days of the s47 start: the 0-10 and 11-15 day bands of all four.
    Source(
        "icpc_within_15wd_pct",
        C4,
        ICPC_DURATIONS[0],
        numerators=ICPC_DURATIONS[:2],
        denominators=ICPC_DURATIONS,
    ),
    # Child protection plans.
    Source("cp_rate_per_10k", D5, "CPP_At31", per_10k=True),
    Source("cp_open_2yrs_pct", D5, "2_years_or_more_percent"),
    Source("cp_repeat_starts_pct_12m", D3, "CPP_subsequent_percent"),
    # Children looked after (SSDA903); this file holds 2021 onwards only.
    Source(
        "cla_rate_per_10k", CLA, "rate_per_10000", {"population_type": "Children looked after on 31 March each year"}
    ),
    Source(
        "cla_long_term_stability_pct",
        STABILITY,
        "children_percent",
        {
            "cla_group": "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years",
            "placement_stability": "Living with the same carer for at least 2 years",
        },
    ),
    Source(
        "cla_3plus_placements_pct",
        STABILITY,
        "children_percent",
        {"cla_group": "CLA on 31 March", "placement_stability": "With 3 or more placements during the year"},
    ),
    # Children's social work workforce, 30 September: agency social workers as % of FTE
    # (DfE counts children and family social workers only; ours is all roles' interim share).
    Source("wf_interim_pct", CSWW, "agency_rate_fte", breakdown="Total|social_worker", snapshot="09-30"),
]


def read_ees(path: Path) -> pd.DataFrame:
    """An EES file as text columns (no value guessed), BOM removed, blanks kept as ``""``."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [c.strip() for c in frame.columns]
    return frame


def to_number(values: pd.Series) -> pd.Series:
    """Published figures as floats; GSS symbols (u, x, c, z, ...) and blanks become NaN.

    >>> to_number(pd.Series(["23.4", "c", "1,234", " x", "z"])).tolist()
    [23.4, nan, 1234.0, nan, nan]
    """
    text = values.astype("str").str.strip().str.replace(",", "", regex=False)
    return pd.to_numeric(text.where(~text.str.lower().isin(GSS_MISSING)), errors="coerce").astype("float")


def geography_key(frame: pd.DataFrame) -> pd.Series:
    """One key per place that is stable across years: England's code, the region code, or the
    LA's 3-digit DfE number (ONS codes of some LAs changed, e.g. North Yorkshire in 2023)."""
    level = frame["geographic_level"]
    return pd.Series(
        np.where(
            level == "National", ENGLAND_CODE, np.where(level == "Regional", frame["region_code"], frame["old_la_code"])
        ),
        index=frame.index,
        dtype="str",
    )


def population_by_year(dfe_dir: Path) -> pd.DataFrame:
    """ONS mid-year population aged 0-17: columns ``key``, ``pop_year``, ``population``."""
    pop = read_ees(Path(dfe_dir) / POPULATION_FILE)
    return pd.DataFrame(
        {
            "key": geography_key(pop),
            "pop_year": pop["time_period"].astype("int64"),
            "population": to_number(pop["population_estimate"]),
        }
    )


def extract_source(source: Source, dfe_dir: Path, population: pd.DataFrame | None = None) -> pd.DataFrame:
    """England, region and LA rows of one benchmark (columns of :data:`COLUMNS`)."""
    raw = read_ees(Path(dfe_dir) / source.file)
    mask = raw["geographic_level"].isin(LEVELS)
    for column, wanted in source.where.items():
        mask &= raw[column].str.strip() == wanted
    raw = raw.loc[mask]
    out = pd.DataFrame(
        {
            "indicator_id": source.indicator_id,
            "breakdown": source.breakdown,
            "year": raw["time_period"].str[:4].astype("int64"),
            "geography_level": raw["geographic_level"].map(LEVELS),
            "key": geography_key(raw),
            "value": to_number(raw[source.column]),
        }
    )
    if source.numerators:
        top = sum(to_number(raw[c]) for c in source.numerators)
        bottom = sum(to_number(raw[c]) for c in source.denominators)
        out["value"] = (100 * top / bottom.where(bottom > 0)).round(1)
    out["period_end"] = pd.to_datetime(out["year"].astype("str") + "-" + source.snapshot)
    level = raw["geographic_level"]
    out["geography_code"] = np.where(
        level == "National", ENGLAND_CODE, np.where(level == "Regional", raw["region_code"], raw["new_la_code"])
    )
    out["old_la_code"] = np.where(level == "Local authority", raw["old_la_code"], "")
    out["region_code"] = np.where(level == "Local authority", raw["region_code"].replace(LONDON_SUBREGIONS), "")
    out["name"] = np.where(
        level == "National", raw["country_name"], np.where(level == "Regional", raw["region_name"], raw["la_name"])
    )
    if source.per_10k:
        population = population if population is not None else population_by_year(dfe_dir)
        out["pop_year"] = out["year"] - 1
        out = out.merge(population, on=["key", "pop_year"], how="left")
        out["value"] = (10000 * out["value"] / out["population"].where(out["population"] > 0)).round(1)
    out["n_values"] = np.nan
    out["source_file"] = source.file
    out["source_column"] = source.column + (" per 10000 of population_estimate" if source.per_10k else "")
    if source.numerators:
        out["source_column"] = f"100 * ({' + '.join(source.numerators)}) / ({' + '.join(source.denominators)})"
    out = out.drop_duplicates(["geography_level", "key", "year"], keep="first")
    return out[COLUMNS]


def neighbour_groups(dfe_dir: Path) -> pd.DataFrame:
    """DfE's statistical neighbour groupings (April 2021): columns ``old_la_code``, ``neighbour``
    (both 3-digit DfE numbers), ``rank`` (1 = closest)."""
    raw = read_ees(Path(dfe_dir) / SN_FILE)
    raw = raw.loc[raw["LA num"].str.strip() != ""]
    sn_columns = [c for c in raw.columns if c.startswith("SN") and not c.startswith("SNP")]
    long = raw.melt(id_vars=["LA num"], value_vars=sn_columns, var_name="rank", value_name="neighbour")
    long["rank"] = long["rank"].str[2:].astype("int64")
    long = long.rename(columns={"LA num": "old_la_code"})
    long["neighbour"] = long["neighbour"].str.strip()
    long = long.loc[long["neighbour"] != ""]
    return long[["old_la_code", "neighbour", "rank"]].sort_values(["old_la_code", "rank"]).reset_index(drop=True)


def neighbour_averages(la_rows: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """The mean of each LA's neighbours' values, per indicator, breakdown and year.

    ``la_rows``: rows of level ``la`` (needs ``old_la_code``); ``groups``: from
    :func:`neighbour_groups`. Neighbours without a value are left out (``n_values`` counts the
    rest); an LA none of whose neighbours has a value gets no row.

    >>> la = pd.DataFrame({"indicator_id": "x", "breakdown": "", "year": 2014,
    ...                    "period_end": pd.Timestamp("2014-03-31"), "geography_level": "la",
    ...                    "geography_code": ["A", "B", "C"], "old_la_code": ["1", "2", "3"],
    ...                    "region_code": "R", "name": ["a", "b", "c"], "value": [10.0, 20.0, np.nan],
    ...                    "n_values": np.nan, "source_file": "f", "source_column": "v"})
    >>> g = pd.DataFrame({"old_la_code": ["1", "1", "1"], "neighbour": ["2", "3", "9"], "rank": [1, 2, 3]})
    >>> neighbour_averages(la, g)[["geography_code", "value", "n_values"]].values.tolist()
    [['A', 20.0, 1.0]]
    """
    values = la_rows.dropna(subset=["value"])[["indicator_id", "breakdown", "year", "old_la_code", "value"]]
    joined = groups.merge(values.rename(columns={"old_la_code": "neighbour"}), on="neighbour", how="inner")
    keys = ["indicator_id", "breakdown", "year", "old_la_code"]
    averaged = joined.groupby(keys, as_index=False).agg(value=("value", "mean"), n_values=("value", "size"))
    own = la_rows.drop(columns=["value", "n_values", "geography_level"]).drop_duplicates(keys)
    out = averaged.merge(own, on=keys, how="inner")
    out["geography_level"] = "sn_average"
    out["n_values"] = out["n_values"].astype("float")
    return out[COLUMNS].reset_index(drop=True)


def supplement_rows(path=SUPPLEMENT_FILE) -> pd.DataFrame:
    """Published England figures for years the Explore Education Statistics files here do not
    reach (the looked-after tables start in 2021), entered by hand from DfE's national tables,
    each row naming its publication and table."""
    rows = pd.read_csv(path, dtype="str", keep_default_na=False)
    rows["year"] = rows["year"].astype("int64")
    rows["value"] = rows["value"].astype("float")
    rows["period_end"] = pd.to_datetime(rows["year"].astype("str") + "-03-31")
    for column in ("old_la_code", "region_code"):
        rows[column] = ""
    rows["n_values"] = np.nan
    return rows[COLUMNS]


def build_table(dfe_dir, supplement=SUPPLEMENT_FILE) -> pd.DataFrame:
    """The whole benchmarks table from the DfE folder (see the module docstring), with the
    hand-entered supplement for (indicator, year, geography) the files do not hold."""
    dfe_dir = Path(dfe_dir)
    population = population_by_year(dfe_dir)
    rows = pd.concat([extract_source(s, dfe_dir, population) for s in SOURCES], ignore_index=True)
    supplement = supplement_rows(supplement)
    key = ["indicator_id", "breakdown", "year", "geography_level", "geography_code"]
    known = pd.MultiIndex.from_frame(rows[key].astype("str"))
    supplement = supplement.loc[~pd.MultiIndex.from_frame(supplement[key].astype("str")).isin(known)]
    rows = pd.concat([rows, supplement], ignore_index=True)
    averages = neighbour_averages(rows.loc[rows["geography_level"] == "la"], neighbour_groups(dfe_dir))
    table = pd.concat([rows, averages], ignore_index=True)
    order = {"england": 0, "region": 1, "la": 2, "sn_average": 3}
    table = (
        table.assign(_o=table["geography_level"].map(order))
        .sort_values(["indicator_id", "breakdown", "year", "_o", "geography_code"], kind="stable")
        .drop(columns="_o")
    )
    return table.reset_index(drop=True)[COLUMNS]


@lru_cache(maxsize=2)
def _load(path: str) -> pd.DataFrame:
    table = pd.read_csv(
        path,
        dtype={
            "indicator_id": "str",
            "breakdown": "str",
            "geography_level": "str",
            "geography_code": "str",
            "old_la_code": "str",
            "region_code": "str",
            "name": "str",
            "source_file": "str",
            "source_column": "str",
        },
        keep_default_na=False,
        na_values={"value": [""], "n_values": [""]},
    )
    table["period_end"] = pd.to_datetime(table["period_end"])
    table["value"] = table["value"].astype("float")
    return table


def load(path=None) -> pd.DataFrame:
    """The shipped benchmarks table (a copy; empty with the right columns if it is missing)."""
    path = Path(path or BENCHMARKS_FILE)
    if not path.exists():
        return pd.DataFrame({c: pd.Series(dtype="str") for c in COLUMNS})
    return _load(str(path)).copy()


def year_label(period_end: pd.Timestamp) -> str:
    """``2013-14`` for a statistical year ending 31 March 2014; ``Sep 2017`` for a snapshot.

    >>> year_label(pd.Timestamp("2014-03-31")), year_label(pd.Timestamp("2017-09-30"))
    ('2013-14', 'Sep 2017')
    """
    period_end = pd.Timestamp(period_end)
    if period_end.month == 3:
        return f"{period_end.year - 1}-{period_end.year % 100:02d}"
    return period_end.strftime("%b %Y")


def latest_rows(table: pd.DataFrame, indicator_id: str, month, breakdown: str = HEADLINE) -> pd.DataFrame:
    """Rows of the latest period ended by the end of ``month`` for one indicator and breakdown.

    For the 31 March series this is the year ending ``calendar.latest_ended_year_end(month)``
    (December 2014 -> 2013-14); for the workforce census, the latest 30 September snapshot.
    (Figures are published some months after the period ends; the pack shows the latest period
    ended, as the seed report does.)
    """
    if table.empty:
        return table
    rows = table.loc[
        (table["indicator_id"] == indicator_id)
        & (table["breakdown"] == breakdown)
        & (table["period_end"] <= month_end(to_month(month)))
    ]
    if rows.empty:
        return rows
    return rows.loc[rows["period_end"] == rows["period_end"].max()]


def la_region(table: pd.DataFrame, la_code: str) -> tuple[str, str]:
    """The DfE 3-digit number and region code of the LA with ONS code (or DfE number) ``la_code``."""
    las = table.loc[
        (table["geography_level"] == "la") & ((table["geography_code"] == la_code) | (table["old_la_code"] == la_code))
    ]
    if las.empty:
        return "", ""
    latest = las.sort_values("year").iloc[-1]
    return str(latest["old_la_code"]), str(latest["region_code"])


def benchmark_rows(
    indicator_id: str,
    month,
    la_code: str = "",
    breakdown: str = HEADLINE,
    table: pd.DataFrame | None = None,
    min_neighbours: int = 5,
) -> pd.DataFrame:
    """The comparators for one indicator: columns ``label``, ``level``, ``value``, ``year``, ``source``.

    England always (when published); with ``la_code``: its region and the average of its
    statistical neighbours (shown when at least ``min_neighbours`` of them had a figure).
    """
    table = load() if table is None else table
    rows = latest_rows(table, indicator_id, month, breakdown)
    out = []
    if not rows.empty:
        label = year_label(rows["period_end"].iloc[0])
        england = rows.loc[rows["geography_level"] == "england"]
        picks = [("England", "england", england)]
        if la_code:
            old_code, region = la_region(table, la_code)
            picks.append(
                (None, "region", rows.loc[(rows["geography_level"] == "region") & (rows["geography_code"] == region)])
            )
            sn = rows.loc[(rows["geography_level"] == "sn_average") & (rows["old_la_code"] == old_code)]
            sn = sn.loc[sn["n_values"].astype("float") >= min_neighbours]
            picks.append(("Statistical neighbours", "sn_average", sn))
        share, note = 1.0, ""
        if indicator_id.endswith("_ytd"):  # a year's total against a year to date: the same months' share
            elapsed = months_into_financial_year(to_month(month))
            if elapsed < 12:
                share, note = elapsed / 12, f", pro rata to {elapsed} {'month' if elapsed == 1 else 'months'}"
        for name, level, pick in picks:
            if pick.empty or pd.isna(pick["value"].iloc[0]):
                continue
            row = pick.iloc[0]
            out.append(
                {
                    "label": f"{name or row['name']} {label}{note}",
                    "level": level,
                    "value": round(float(row["value"]) * share, 1) if note else float(row["value"]),
                    "year": label,
                    "source": f"{PUBLISHER}, {row['source_file']} ({LICENCE})",
                }
            )
    return pd.DataFrame(out, columns=["label", "level", "value", "year", "source"])


def benchmarks_for(
    indicator_id: str,
    month,
    la_code: str = "",
    breakdown: str = HEADLINE,
    table: pd.DataFrame | None = None,
    min_neighbours: int = 5,
) -> dict[str, float]:
    """Label -> value, e.g. ``{"England 2013-14": 42.1, "West Midlands 2013-14": 44.7, ...}``.

    Uses the latest statistical year ended by the end of ``month``; region and statistical
    neighbours only when ``la_code`` (params ``la_code``) is set. Empty when DfE publishes
    nothing comparable for that indicator and year.
    """
    rows = benchmark_rows(indicator_id, month, la_code, breakdown, table, min_neighbours)
    return dict(zip(rows["label"], rows["value"]))


def benchmarks_from_params(indicator_id: str, month, params: dict, breakdown: str = HEADLINE) -> dict[str, float]:
    """:func:`benchmarks_for` with the council's ``la_code`` and ``benchmarks`` options from params."""
    options = params.get("benchmarks") or {}
    if options.get("enabled") is False:
        return {}
    return benchmarks_for(
        indicator_id,
        month,
        council_code(params),
        breakdown,
        min_neighbours=int(options.get("min_neighbours", 5)),
    )


def council_code(params: dict) -> str:
    """The council whose region and statistical neighbours the benchmarks use: ``la_code``, else
    ``benchmark_as`` (the demo borrows a real council's, e.g. ``E06000019``); blank = England only.

    >>> council_code({"la_code": "", "benchmark_as": "E06000019"}), council_code({"la_code": "884"})
    ('E06000019', '884')
    """
    return str(params.get("la_code") or params.get("benchmark_as") or "").strip()


def borrowed_note(params: dict, table: pd.DataFrame | None = None) -> str:
    """When the benchmarks borrow another council's region and neighbours (``benchmark_as``, no
    ``la_code``), a sentence naming it; else "".

    >>> borrowed_note({"la_code": "E06000019"})
    ''
    """
    code = str(params.get("benchmark_as") or "").strip()
    if params.get("la_code") or not code:
        return ""
    table = load() if table is None else table
    las = table.loc[
        (table["geography_level"] == "la") & ((table["geography_code"] == code) | (table["old_la_code"] == code))
    ]
    name = str(las.sort_values("year")["name"].iloc[-1]) if not las.empty else code
    return f"Region and statistical neighbours are those of {name} ({code}), whose benchmarks this council borrows."


def check_codes(params: dict, source="parameters", table: pd.DataFrame | None = None) -> None:
    """Stop (``ParamsError``) when ``la_code`` or ``benchmark_as`` names no council in DfE's files
    (an ONS code such as ``E06000019`` or DfE's 3-digit number such as ``884``)."""
    from boardpack.params import ParamsError

    table = load() if table is None else table
    if table.empty:
        return
    las = table.loc[table["geography_level"] == "la"]
    known = set(las["geography_code"]) | set(las["old_la_code"])
    for key in ("la_code", "benchmark_as"):
        code = str(params.get(key) or "").strip()
        if code and code not in known:
            raise ParamsError(
                f"{source}: {key}: {code!r} is not a local authority in the DfE files "
                "(give the ONS code, e.g. E06000019, or DfE's number, e.g. 884)"
            )
