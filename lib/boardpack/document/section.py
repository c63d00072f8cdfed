"""What a section notebook calls: the month's figures, ready to show.

A notebook does ``s = open_section("contacts", month, data_dir, params_file, run_dir,
commentary_dir)`` and then shows sentences, tables and charts built by ``boardpack`` functions.

In a batch run the runner has read the extract and computed everything the sections show once,
and left it in ``run_dir/_context/`` (:func:`write_context`) as Parquet and JSON, never as a
pickle (so a run is not tied to one pandas version) and never with record-level data:

* ``context.json``: month, params, notes, the rows of each table read, small values
  (:data:`DERIVED`: the data's "as at" date, children with no usable date of birth...);
* ``indicators.parquet``: the indicator frame; ``quality.parquet``: the data-quality findings
  (table, rule, column, count, treatment; the data-row numbers stay in run.json);
* ``<name>.parquet``: the small frames of :data:`DERIVED` (early help starts by lead agency,
  workforce disagreements) and the team-level tables of :data:`SHARED_TABLES` (workforce).

A section reads each piece the first time it asks for it, so its kernel loads only what it shows.
Opened alone in JupyterLab (``run_dir`` blank), the section reads the extract and computes the
same pieces itself (cached per kernel). ``Section.extract`` exists only then.

Long because the shared context a run writes and the Section that reads it are one contract:
what is written (:func:`write_context`) and what is read (:class:`Section`) stay side by side.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from boardpack.calendar import month_end, to_month
from boardpack.indicators.frames import HEADLINE
from boardpack.indicators.marks import mark, marked
from boardpack.params import load_params
from boardpack.paths import COMMENTARY_DIR
from boardpack.sources.extract import Extract

CONTEXT_DIR = "_context"
MANIFEST = "context.json"
FORMAT = 1

# team-level tables (no child, no record identifier) that a section shows whole
SHARED_TABLES = ("ext_workforce", "ext_workforce_budget")
QUALITY_COLUMNS = ["table", "rule", "column", "count", "treatment"]


def _first_month(table: str, column: str):
    def first(extract: Extract, month) -> pd.Period | None:
        frame = extract.get(table)
        if frame is None or column not in frame:
            return None
        dates = frame[column].dropna()
        return dates.min().to_period("M") if len(dates) else None

    first.__doc__ = f"The month of the earliest {table}.{column} (None when there is none)."
    return first


def _data_as_at(extract, month):
    from boardpack.narrative.title import data_as_at

    return data_as_at(extract, month)


def _lead_agency_counts(extract, month):
    from boardpack.indicators.early_help import lead_agency_counts

    return lead_agency_counts(extract, month)


def _missing_dob_count(extract, month):
    from boardpack.indicators.looked_after import missing_dob_count

    return missing_dob_count(extract, month)


def _workforce_disagreements(extract, month):
    from boardpack.indicators.workforce import workforce_disagreements

    return workforce_disagreements(extract)


# What sections read from the extract besides the indicators: name -> f(extract, month).
DERIVED = {
    "data_as_at": _data_as_at,  # title: Timestamp
    "lead_agency_counts": _lead_agency_counts,  # early help: Series
    "missing_dob_count": _missing_dob_count,  # looked after: int
    "s47_first_month": _first_month("ssd_s47_enquiry", "s47e_s47_start_date"),  # strategy/s47: Period
    "assessments_first_month": _first_month("ssd_cin_assessments", "cina_assessment_start_date"),
    "workforce_disagreements": _workforce_disagreements,  # workforce, data quality: frame
}


@dataclass
class RunContext:
    """Everything a run computes once and every section reads.

    Built from an ``extract`` (standalone, tests), or read from a run's ``_context/`` folder
    (``folder`` set, ``extract`` None): then ``tables`` gives the rows of each table read and
    each piece is loaded on first use.
    """

    month: pd.Period
    params: dict
    extract: Extract | None
    indicators: pd.DataFrame | None
    notes: list[str] = field(default_factory=list)
    commentary_dir: str = ""
    # Where earlier months' packs are published (for revisions); blank = outputs/.
    outputs_dir: str = ""
    # The data are the bundled demo council: only then are params/demo.yaml and the shipped
    # commentary (params/commentary/<month>/) used; another council's pack never sees them.
    demo: bool = False
    tables: dict[str, int] | None = None
    folder: str = ""
    pieces: dict = field(default_factory=dict, repr=False)
    loaded: dict = field(default_factory=dict, repr=False)
    # each headline's comparisons, worked out once (board.summary.section_compare)
    comparisons: dict = field(default_factory=dict, repr=False)

    def table_rows(self) -> dict[str, int]:
        if self.tables is None:
            tables = self.extract.tables if self.extract is not None else {}
            self.tables = {name: len(frame) for name, frame in tables.items()}
        return self.tables

    def piece(self, name: str):
        """``indicators``, ``quality``, a :data:`SHARED_TABLES` table or a :data:`DERIVED` piece."""
        if name == "indicators" and self.indicators is not None:
            return self.indicators
        if name in self.loaded:
            return self.loaded[name]
        if self.extract is not None:
            if name == "quality":
                value = self.extract.quality
            elif name in SHARED_TABLES:
                value = self.extract.get(name)
            else:
                value = DERIVED[name](self.extract, self.month)
        elif self.folder:
            if name not in self.pieces:
                raise KeyError(f"{name}: not in the run's shared context ({Path(self.folder) / MANIFEST})")
            value = _read_piece(Path(self.folder), self.pieces[name])
        else:
            raise KeyError(f"{name}: no extract and no run folder to read it from")
        self.loaded[name] = value
        if name == "indicators":
            self.indicators = value
        return value


def is_demo(data_dir) -> bool:
    """True when ``data_dir`` is blank or the bundled demo council's folder."""
    from boardpack.paths import DEMO_DATA_DIR

    return not data_dir or Path(data_dir).resolve() == DEMO_DATA_DIR.resolve()


def run_params(params_file="", data_dir="") -> dict:
    """The run's parameters, checked at the door: the schema (``params.load_params``; the demo's own
    ``params/demo.yaml`` only for the demo's data) and the council codes named for benchmarks."""
    from boardpack.board.benchmarks import check_codes
    from boardpack.paths import DEFAULT_PARAMS, DEMO_PARAMS

    demo = is_demo(data_dir)
    params = load_params(params_file or None, demo=demo)
    check_codes(params, params_file or (DEMO_PARAMS if demo else DEFAULT_PARAMS))
    return params


def build_context(month, data_dir="", params_file="", commentary_dir="", submit=None) -> RunContext:
    """Read the extract (the demo council when ``data_dir`` is blank) and compute every indicator
    (``submit``: an executor's, which computes some domains meanwhile; ``registry.compute_all``)."""
    from boardpack.indicators.registry import compute_all
    from boardpack.indicators.source_groups import flag_unmapped
    from boardpack.sources.reader import read_extract

    params = run_params(params_file, data_dir)
    if not data_dir:
        from boardpack.sources.demo import ensure_demo

        data_dir = ensure_demo()
    month = to_month(month)
    extract = read_extract(data_dir, month, submit=submit)
    extract.notes.extend(flag_unmapped(extract, params))
    indicators, notes = compute_all(extract, month, params, submit=submit)
    # the default commentary folder is fixed here, in the process that reads the extract: a section's
    # kernel runs in the staging folder, where the workspace cannot be found again. The shipped
    # params/commentary/ belongs to the demo council only.
    demo = is_demo(data_dir)
    if not commentary_dir and demo:
        commentary_dir = str(COMMENTARY_DIR / str(month))
    return RunContext(
        month, params, extract, indicators, list(extract.notes) + notes, str(commentary_dir or ""), demo=demo
    )


# ---------------------------------------------------------------------------------------------
# the shared context on disk: Parquet for frames, JSON for the rest


def _json_default(value):
    if isinstance(value, (pd.Timestamp, dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def _write_piece(folder: Path, name: str, value) -> dict:
    if value is None:
        return {"kind": "none"}
    if isinstance(value, pd.DataFrame):
        value = value.copy()
        value.attrs = {}
        value.to_parquet(folder / f"{name}.parquet")
        return {"kind": "frame", "file": f"{name}.parquet"}
    if isinstance(value, pd.Series):
        # the public edition's mark (suppressed labels) goes in the manifest; attrs stay out of Parquet
        hidden = marked(value).iloc[:, 0]
        frame = value.to_frame("value")
        frame.attrs = {}
        frame.to_parquet(folder / f"{name}.parquet")
        entry = {"kind": "series", "file": f"{name}.parquet", "name": value.name}
        if hidden.any():
            entry["suppressed"] = [str(label) for label in value.index[hidden.to_numpy(bool)]]
        return entry
    if isinstance(value, pd.Timestamp):
        return {"kind": "timestamp", "value": value.isoformat()}
    if isinstance(value, pd.Period):
        return {"kind": "period", "value": str(value), "freq": value.freqstr}
    if hasattr(value, "item"):
        value = value.item()
    return {"kind": "value", "value": value}


def _read_piece(folder: Path, entry: dict):
    kind = entry["kind"]
    if kind == "none":
        return None
    if kind == "frame":
        return pd.read_parquet(folder / entry["file"])
    if kind == "series":
        series = pd.read_parquet(folder / entry["file"])["value"].rename(entry.get("name"))
        if entry.get("suppressed"):
            mark(series, rows=[label for label in series.index if str(label) in set(entry["suppressed"])])
        return series
    if kind == "timestamp":
        return pd.Timestamp(entry["value"])
    if kind == "period":
        return pd.Period(entry["value"], freq=entry["freq"])
    return entry["value"]


def write_context(run_dir, context: RunContext) -> Path:
    """Compute once and leave in ``run_dir/_context/`` what the sections show (see the module
    docstring; removed before the run's folder is published or kept as failed)."""
    folder = Path(run_dir) / CONTEXT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    quality = context.piece("quality")
    if quality is None or quality.empty:
        quality = pd.DataFrame({c: pd.Series(dtype="str" if c != "count" else "int64") for c in QUALITY_COLUMNS})
    pieces = {
        "indicators": _write_piece(folder, "indicators", context.piece("indicators")),
        "quality": _write_piece(folder, "quality", quality[QUALITY_COLUMNS]),
    }
    for name in SHARED_TABLES + tuple(DERIVED):
        pieces[name] = _write_piece(folder, name, context.piece(name))
    manifest = {
        "format": FORMAT,
        "month": str(context.month),
        "params": context.params,
        "notes": list(context.notes),
        "commentary_dir": context.commentary_dir,
        "outputs_dir": context.outputs_dir,
        "demo": context.demo,
        "tables": context.table_rows(),
        "pieces": pieces,
    }
    path = folder / MANIFEST
    path.write_text(json.dumps(manifest, indent=1, default=_json_default), encoding="utf-8")
    return path


def read_context(run_dir) -> RunContext:
    """The shared context a run left in ``run_dir`` (pieces load on first use)."""
    folder = Path(run_dir) / CONTEXT_DIR
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise ValueError(f"{folder / MANIFEST}: context format {manifest.get('format')!r}, expected {FORMAT}")
    return RunContext(
        to_month(manifest["month"]),
        manifest["params"],
        None,
        None,
        list(manifest["notes"]),
        manifest["commentary_dir"],
        manifest["outputs_dir"],
        demo=bool(manifest.get("demo", False)),
        tables=dict(manifest["tables"]),
        folder=str(folder),
        pieces=manifest["pieces"],
    )


@lru_cache(maxsize=4)
def _built_context(month: str, data_dir: str, params_file: str, commentary_dir: str) -> RunContext:
    return build_context(month, data_dir, params_file, commentary_dir)


def _load_context(month: str, data_dir: str, params_file: str, run_dir: str, commentary_dir: str) -> RunContext:
    if run_dir and (Path(run_dir) / CONTEXT_DIR / MANIFEST).exists():
        return read_context(run_dir)  # fresh for each section: nothing carried from the one before
    return _built_context(month, data_dir, params_file, commentary_dir)


@dataclass
class Section:
    """One section's view of the run: figures by id, breakdown and month."""

    id: str
    context: RunContext

    @property
    def month(self) -> pd.Period:
        return self.context.month

    @property
    def month_end(self) -> pd.Timestamp:
        return month_end(self.context.month)

    @property
    def params(self) -> dict:
        return self.context.params

    @property
    def extract(self) -> Extract:
        """The record-level extract: only when the section computes for itself (not in a run)."""
        if self.context.extract is None:
            raise AttributeError(
                f"section {self.id}: a run shares no record-level extract with its sections; "
                "use s.table(), s.derived() or s.quality (boardpack.document.section)"
            )
        return self.context.extract

    @property
    def indicators(self) -> pd.DataFrame:
        return self.context.piece("indicators")

    @property
    def quality(self) -> pd.DataFrame | None:
        """The data-quality findings: table, rule, column, count, treatment."""
        return self.context.piece("quality")

    def derived(self, name: str):
        """One of :data:`DERIVED` for this month (computed once by the run)."""
        if name not in DERIVED:
            raise KeyError(f"{name}: not a shared piece (one of {', '.join(DERIVED)})")
        return self.context.piece(name)

    def table(self, name: str) -> pd.DataFrame | None:
        """One of the team-level :data:`SHARED_TABLES` (None when the extract has no such table)."""
        if name not in SHARED_TABLES:
            raise KeyError(f"{name}: only {', '.join(SHARED_TABLES)} are shared with the sections whole")
        return self.context.piece(name)

    def has_table(self, name: str) -> bool:
        """True when the extract holds the table (even with no rows)."""
        return name in self.context.table_rows()

    def has_data(self, *tables: str) -> bool:
        """True when the extract holds every named table with at least one row."""
        rows = self.context.table_rows()
        return all(rows.get(t, 0) > 0 for t in tables)

    def rows(self, indicator_id: str) -> pd.DataFrame:
        """All rows of one indicator."""
        return self.indicators.loc[self.indicators["indicator_id"] == indicator_id]

    def series(self, indicator_id: str, breakdown: str = HEADLINE) -> pd.Series:
        """Monthly values of one indicator and breakdown, indexed by month (Period)."""
        rows = self.rows(indicator_id)
        rows = rows.loc[rows["breakdown"] == breakdown]
        rows = rows.sort_values("period_end")
        # Workforce snapshots are dated, not monthly: two in one month keep the later one.
        rows = rows.loc[~rows["period_end"].dt.to_period("M").duplicated(keep="last")]
        series = rows.set_index(rows["period_end"].dt.to_period("M"))["value"]
        series.index.name = "month"
        if "suppressed" in rows and rows["suppressed"].any():  # the public edition: the mark rides along
            mark(series, rows=series.index[rows["suppressed"].to_numpy(bool)])
        return series

    def suppressed(self, indicator_id: str, breakdown: str = HEADLINE, month=None) -> bool:
        """True when the figure was suppressed (public edition; a figure the data lack is not)."""
        frame = self.indicators
        if "suppressed" not in frame:
            return False
        month = to_month(month) if month is not None else self.month
        rows = frame.loc[
            (frame["indicator_id"] == indicator_id)
            & (frame["breakdown"] == breakdown)
            & (frame["period_end"].dt.to_period("M") == month)
        ]
        return bool(len(rows)) and bool(rows["suppressed"].iloc[-1])

    def value(self, indicator_id: str, breakdown: str = HEADLINE, month=None) -> float:
        """One figure (NaN when the pack has none for that month)."""
        month = to_month(month) if month is not None else self.month
        series = self.series(indicator_id, breakdown)
        return float(series.get(month, float("nan")))

    def wide(self, indicator_id: str, prefix: str = "") -> pd.DataFrame:
        """The indicator's slices by month for a chart: index months (Periods), one column per
        breakdown (headline left out); ``prefix`` keeps the ``prefix|...`` slices and drops the prefix.
        Empty when the indicator has no slices."""
        rows = self.rows(indicator_id)
        rows = rows.loc[rows["breakdown"] != HEADLINE]
        if prefix:
            rows = rows.loc[rows["breakdown"].str.startswith(f"{prefix}|")]
            rows = rows.assign(breakdown=rows["breakdown"].str.slice(len(prefix) + 1))
        if rows.empty:
            return pd.DataFrame()
        # a blank figure (not published, or no denominator) stays blank: never summed to 0
        wide = (
            rows.groupby([rows["period_end"].dt.to_period("M"), "breakdown"], sort=False)["value"]
            .sum(min_count=1)
            .unstack("breakdown")
        )
        wide = wide[list(dict.fromkeys(rows["breakdown"]))].sort_index()
        wide.index.name = None
        wide.columns.name = None
        if "suppressed" in rows and rows["suppressed"].any():
            hidden = rows.loc[rows["suppressed"].astype(bool)]
            mark(wide, cells=zip(hidden["period_end"].dt.to_period("M"), hidden["breakdown"]))
        return wide

    def breakdowns(self, indicator_id: str, month=None, headline: bool = False) -> pd.DataFrame:
        """The slices of one indicator for one month: breakdown, value, numerator, denominator,
        suppressed (always False in the full edition)."""
        month = to_month(month) if month is not None else self.month
        rows = self.rows(indicator_id)
        rows = rows.loc[rows["period_end"].dt.to_period("M") == month]
        if not headline:
            rows = rows.loc[rows["breakdown"] != HEADLINE]
        columns = ["breakdown", "value", "numerator", "denominator"]
        out = rows[columns].reset_index(drop=True)
        out["suppressed"] = rows["suppressed"].to_numpy(bool) if "suppressed" in rows else False
        return out

    def commentary_dir(self) -> Path | None:
        """Where this month's analysts' commentary lives: the run's ``--commentary`` folder, else, for
        the demo council only, the shipped ``params/commentary/<month>/``; None (no commentary) for
        another council's data without a folder of its own."""
        if self.context.commentary_dir:
            return Path(self.context.commentary_dir)
        if getattr(self.context, "demo", True):
            return COMMENTARY_DIR / str(self.month)
        return None


def open_section(section_id: str, month, data_dir="", params_file="", run_dir="", commentary_dir="") -> Section:
    """The section's view of the run for ``month`` (see the module docstring)."""
    context = _load_context(
        str(to_month(month)), str(data_dir or ""), str(params_file or ""), str(run_dir or ""), str(commentary_dir or "")
    )
    if commentary_dir:
        context.commentary_dir = str(commentary_dir)
    from boardpack.document import edition

    edition.set_from_params(context.params)
    return Section(section_id, context)


def markdown_escape(text: str) -> str:
    """Text safe to put in generated Markdown/HTML (no markup from data gets through)."""
    return html.escape(str(text), quote=False)
