"""What every return converter shares: the report of repairs, stacking, coverage, and the folder written.

A converter (``ssda903``, ``cin_census``, ``annex_a``) turns each input into a :class:`Converted`:
contract tables as text frames (dates ``YYYY-MM-DD``), the span of days each table is complete for,
and its report lines. :func:`stack` puts several inputs of one kind together and
:func:`write_folder` writes the folder that ``--data DIR`` reads:

* ``<table>.csv`` for each contract table the return carries (only contract columns);
* ``coverage.csv``: ``table, first_day, last_day, source``; several inputs give the union of their
  spans where they join without a gap (one row per unbroken span);
* ``convert-report.csv``: ``code, file, row, column, value, message``: every repair, synthetic key,
  skipped or doubtful record (row 1 = the first data row of the input; blank where it is not a row).

Stacking (spec ``sources.md``): a record present in more than one input (the same key) is kept
once, from the input whose period ends later, with a report line ``replaced by a later input``.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from boardpack.calendar import spans_join
from boardpack.sources.extract import ExtractError
from boardpack.sources.tables import TABLES

REPORT_COLUMNS = ["code", "file", "row", "column", "value", "message"]
COVERAGE_COLUMNS = ["table", "first_day", "last_day", "source"]
COVERAGE_FILE = "coverage.csv"
REPORT_FILE = "convert-report.csv"


@dataclass
class Report:
    """Lines of ``convert-report.csv``, added a frame at a time (vectorised)."""

    parts: list[pd.DataFrame] = field(default_factory=list)

    def add(self, code: str, file, message: str, rows=None, column: str = "", values=None) -> None:
        """One line per value (``rows``: data-row numbers, or None for no row; ``file`` a name or a
        Series of names) or, without ``rows`` and ``values``, one line for the whole input."""
        if rows is None and values is None:
            frame = pd.DataFrame(
                [{"code": code, "file": file, "row": "", "column": column, "value": "", "message": message}]
            )
        else:
            vals = pd.Series(values if values is not None else [""] * len(pd.Series(rows))).reset_index(drop=True)
            if vals.empty:
                return
            row = pd.Series(rows).reset_index(drop=True).astype("int64").astype("str") if rows is not None else ""
            files = pd.Series(file).reset_index(drop=True) if isinstance(file, pd.Series) else file
            frame = pd.DataFrame(
                {
                    "code": code,
                    "file": files,
                    "row": row,
                    "column": column,
                    "value": vals.astype("str").fillna(""),
                    "message": message,
                }
            )
        self.parts.append(frame[REPORT_COLUMNS])

    def add_where(self, code: str, frame: pd.DataFrame, mask: pd.Series, column: str, message: str) -> None:
        """One line per row of ``frame`` (which carries ``_file`` and ``_row``) where ``mask`` holds,
        with its value in ``column``."""
        if mask.any():
            rows = frame.loc[mask]
            self.add(code, rows["_file"], message, rows["_row"], column, rows[column])

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame(columns=REPORT_COLUMNS)
        return pd.concat(self.parts, ignore_index=True)

    def codes(self) -> pd.Series:
        return self.frame()["code"].value_counts()


@dataclass
class Converted:
    """One input converted: contract tables (text), each table's key, coverage spans and the period's end."""

    tables: dict[str, pd.DataFrame]
    keys: dict[str, list[str]]
    first_day: pd.Timestamp
    last_day: pd.Timestamp
    source: str
    covered: tuple[str, ...] = ()  # tables whose records are complete for first_day..last_day


log = logging.getLogger("boardpack.convert")


def each_input(inputs: list, total: int | None = None):
    """The inputs one by one; as each is done, one step line on the ``boardpack`` logger
    (``[2/6] 903_2019 3.1 s``; the command line shows them on stderr, ``--quiet`` hides them).
    ``total`` counts the steps (default: the inputs and one more, the stacking and writing)."""
    total = total or len(inputs) + 1
    for number, item in enumerate(inputs, start=1):
        started = time.monotonic()
        yield item
        log.info("[%d/%d] %s %.1f s", number, total, Path(item).name, time.monotonic() - started)


def iso(dates: pd.Series) -> pd.Series:
    """Dates as ``YYYY-MM-DD`` text (blank where missing)."""
    return dates.dt.strftime("%Y-%m-%d").astype("str")


def record_key(child: pd.Series, dates: pd.Series) -> pd.Series:
    """A converted record's id: the child's id and the record's date, ``<child>|YYYY-MM-DD``. Every
    converter builds its ids so, so that the same record read from two returns has one id.

    >>> record_key(pd.Series(["C1"]), pd.Series(pd.to_datetime(["2014-12-01"]))).tolist()
    ['C1|2014-12-01']
    """
    return child + "|" + iso(dates)


def parse_day_first(values: pd.Series, file: str, column: str, report: Report, rows=None) -> pd.Series:
    """Return dates ``DD/MM/YYYY`` (or ``YYYY-MM-DD``) -> datetime; an unreadable one is blank with a report line."""
    text = pd.Series(values, dtype="str").str.strip()
    text = text.mask(text == "")
    iso_form = text.str.match(r"^\d{4}-\d{2}-\d{2}")
    dates = pd.to_datetime(text.where(~iso_form).str.slice(0, 10), format="%d/%m/%Y", errors="coerce")
    dates = dates.where(
        ~iso_form, pd.to_datetime(text.where(iso_form).str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    )
    bad = text.notna() & dates.isna()
    if bad.any():
        where = (rows if rows is not None else pd.Series(range(1, len(text) + 1), index=text.index))[bad]
        report.add("unreadable date", file, "not a date (DD/MM/YYYY); read as blank", where, column, text[bad])
    return dates.astype("datetime64[ns]")


def stack(inputs: list[Converted], report: Report) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Several inputs of one kind -> one set of tables and the coverage rows."""
    inputs = sorted(inputs, key=lambda c: c.last_day)
    tables: dict[str, pd.DataFrame] = {}
    names = sorted({n for c in inputs for n in c.tables})
    for name in names:
        parts = [c.tables[name].assign(_order=i, _source=c.source) for i, c in enumerate(inputs) if name in c.tables]
        frame = pd.concat(parts, ignore_index=True)
        key = next(c.keys[name] for c in inputs if name in c.tables)
        if len(parts) > 1 and key:
            later = frame.duplicated(subset=key, keep="last") & frame[key].notna().all(axis=1)
            if later.any():
                report.add(
                    "replaced by a later input",
                    frame.loc[later, "_source"],
                    f"{name}: a record also in an input whose period ends later; that one is kept",
                    column="|".join(key),
                    values=frame.loc[later, key].astype("str").agg("|".join, axis=1),
                )
            frame = frame.loc[~later]
        tables[name] = frame.drop(columns=["_order", "_source"]).reset_index(drop=True)
    rows = []
    for name in sorted({n for c in inputs for n in c.covered}):
        spans = [
            (c.first_day, c.last_day, c.source)
            for c in inputs
            if name in c.covered and (not c.tables or name in c.tables)
        ]
        spans.sort(key=lambda s: s[0])
        merged: list[list] = []
        for first, last, source in spans:
            if merged and spans_join(merged[-1][0], merged[-1][1], first):
                merged[-1][1] = max(merged[-1][1], last)
                merged[-1][2] += f"; {source}"
            else:
                merged.append([first, last, source])
        rows += [{"table": name, "first_day": f, "last_day": la, "source": s} for f, la, s in merged]
    coverage = pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
    if not coverage.empty:
        coverage["first_day"] = pd.to_datetime(coverage["first_day"]).dt.strftime("%Y-%m-%d")
        coverage["last_day"] = pd.to_datetime(coverage["last_day"]).dt.strftime("%Y-%m-%d")
    return tables, coverage


def write_folder(out, tables: dict[str, pd.DataFrame], coverage: pd.DataFrame, report: Report) -> Path:
    """Write the contract tables, ``coverage.csv`` and ``convert-report.csv`` into ``out``.

    Files of a previous conversion in ``out`` (contract tables, coverage, report) are replaced, so a
    table the new inputs do not carry does not linger.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ExtractError(f"--out {out}: exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    for name in list(TABLES) + ["coverage", "convert-report"]:
        (out / f"{name}.csv").unlink(missing_ok=True)
    for name, frame in tables.items():
        columns = [c for c in TABLES[name].names if c in frame.columns]
        frame[columns].to_csv(out / f"{name}.csv", index=False)
    coverage.to_csv(out / COVERAGE_FILE, index=False)
    report.frame().to_csv(out / REPORT_FILE, index=False)
    return out


def read_text_csv(path: Path) -> pd.DataFrame:
    """A return's CSV as text cells (UTF-8 with or without a byte-order mark, else Windows-1252);
    headers stripped of spaces and upper-cased, blank = missing."""
    import io

    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""], index_col=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise ExtractError(f"{path.name}: cannot be read as CSV ({' '.join(str(error).split())})") from None
    frame.columns = [str(c).replace("\ufeff", "").strip().upper() for c in frame.columns]
    return frame
