"""Read a council's extract folder into an :class:`~boardpack.sources.extract.Extract`.

``read_extract(folder, month=None)`` reads one file per contract table (``<table>.csv`` or
``<table>.parquet``; the stem is the table name, any case), parses every column by its kind
(:mod:`boardpack.sources.tables`), applies the contract's defaults, then runs the record-level checks of
:mod:`boardpack.sources.quality`. Everything is vectorised: a million-row table reads in seconds.

What stops the run (:class:`~boardpack.sources.extract.ExtractError`, one line)::

    <file>: row <n>, column <column>: '<value>' <what is wrong>

where row 1 is the first data row after the header. File-level problems (empty file, missing
required column, both a CSV and a Parquet file for one table, a folder with none of the tables)
name the file (and column). Stops: a date in neither ``YYYY-MM-DD`` nor ``DD/MM/YYYY`` form, an
impossible date (31/02/2014), a date outside 1678-2261 (pandas cannot hold it: leave it blank),
a flag that is not Y/N, Yes/No, 1/0, true/false, a number that is not a number.

What goes on, with a note in ``Extract.notes``: a missing table; a missing optional column (read
as blank, or as the contract's default); a header in another case or with stray spaces; a
semicolon- (or tab-) separated CSV; a file in Windows-1252 rather than UTF-8; a file with only
a header (an empty table); extra columns (ignored); files that are not contract tables (ignored).

Readings: every cell is stripped of surrounding spaces and a blank cell is missing (``NULL`` or
``NA`` are *not* blank: the contract says blank = missing). DD/MM/YYYY allows one-digit day and
month (``4/3/2014``, as Excel shows it): the form is still unambiguous. A time part after either
form is ignored. Numbers may carry thousands separators (``36,100``); in a semicolon-separated
file a decimal comma (``0,5``) is read as a decimal point. "Exact duplicate rows" compares the
contract columns only (extra columns are ignored before the comparison).

Long because it is the one parser every source's rows go through (encodings, dates, flags, codes,
schemas); the sources layer's own modules keep it the only one.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from boardpack.calendar import to_month
from boardpack.sources import quality
from boardpack.sources.extract import Extract, ExtractError
from boardpack.sources.tables import (
    ASSESSMENT_TYPES,
    CP_CATEGORY_WORDS,
    TABLES,
    WORKFORCE_ROLES,
    Table,
    parsed_dtype,
    schema,
)

_ISO = r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?"
_UK = r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?:,?\s+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_TRUE = ["y", "yes", "1", "true"]
_FALSE = ["n", "no", "0", "false"]
_THOUSANDS = r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?"
_DECIMAL_COMMA = r"[+-]?\d+,\d+"
_YEAR_MIN, _YEAR_MAX = 1678, 2261  # what datetime64[ns] can hold, whole years


# ---------------------------------------------------------------------------------------------
# errors


def _show(value) -> str:
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return repr(text)


def _stop(file: str, column: str, values: pd.Series, checks) -> None:
    """Raise the one-line error for the first data row failing any check (row = index + 1).

    ``checks``: ``[(bad_mask, what, hint_or_None), ...]``; the first check that the row fails
    gives the wording.
    """
    masks = [np.asarray(pd.Series(bad).fillna(False), dtype=bool) for bad, _, _ in checks]
    anybad = np.logical_or.reduce(masks)
    if not anybad.any():
        return
    first = int(anybad.argmax())
    _, what, hint = next(c for c, m in zip(checks, masks) if m[first])
    value = values.iloc[first]
    n = int(anybad.sum())
    more = f" ({n} values in this column cannot be read)" if n > 1 else ""
    extra = hint(str(value)) if hint else ""
    raise ExtractError(
        f"{file}: row {int(values.index[first]) + 1}, column {column}: {_show(value)} {what}{extra}{more}"
    )


def _date_hint(value: str) -> str:
    if re.fullmatch(r"\d{4,6}(\.\d+)?", value):
        return " (it looks like an Excel serial number: format the column as a date before saving)"
    if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2}", value):
        return " (a two-digit year: write the year in full)"
    return ""


# ---------------------------------------------------------------------------------------------
# parsing by kind (all vectorised; ``s`` is a str Series indexed by data position)


def _arrow(s: pd.Series):
    return pa.array(s.astype("str").array)


def _fullmatch(s: pd.Series, pattern: str) -> pd.Series:
    """Boolean Series: the whole value matches ``pattern`` (RE2 via pyarrow; blank -> False)."""
    if s.empty:
        return pd.Series(False, index=s.index, dtype=bool)
    hit = pc.fill_null(pc.match_substring_regex(_arrow(s), f"^(?:{pattern})$"), False)
    return pd.Series(np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool), index=s.index)


def _groups(s: pd.Series, pattern: str, names: list[str]) -> pd.DataFrame:
    """Named groups of ``pattern`` matched against the whole value (RE2); missing where no match."""
    parts = pc.extract_regex(_arrow(s), f"^(?:{pattern})$")
    return pd.DataFrame(
        {
            n: pd.Series(pc.struct_field(parts, n).to_numpy(zero_copy_only=False), index=s.index, dtype="str")
            for n in names
        }
    )


def _clean(s: pd.Series) -> pd.Series:
    """Strip surrounding spaces; blank -> missing."""
    s = s.astype("str").str.strip()
    return s.mask(s == "")


def parse_dates(s: pd.Series, file: str, column: str, notes: list[str] | None = None) -> pd.Series:
    """``YYYY-MM-DD`` (time part ignored) or ``DD/MM/YYYY``, decided per value by regex.

    Reading: given ``notes`` (an optional column), a valid date after 2261 (SQL extracts write
    ``9999-12-31`` for "no end") is read as blank, with a note counting them: pandas cannot hold
    it, and blank is what it means. In a required column it stops the run like any bad date.
    """
    s = _clean(s)
    # Fast path, one parse: the plain YYYY-MM-DD values (nearly all of them in practice) by
    # pyarrow's strptime, kept only when every one is a real date within the years; the rest
    # of the column (other forms, and any doubt at all) goes through the reading below.
    text = _arrow(s)
    plain = pc.fill_null(pc.match_substring_regex(text, r"^\d{4}-\d{2}-\d{2}$"), False)
    if len(s) and pc.any(plain).as_py():
        candidates = pc.if_else(plain, text, None)
        stamps = pc.strptime(candidates, format="%Y-%m-%d", unit="s", error_is_null=True)
        # strptime rolls 2014-02-30 on to 2 March: a real date keeps the day it was written with
        day = pc.cast(pc.utf8_slice_codeunits(candidates, 8, 10), pa.int64())
        years = pc.year(stamps)
        good = pc.and_(
            pc.and_(pc.equal(pc.day(stamps), day), pc.greater_equal(years, _YEAR_MIN)), pc.less_equal(years, _YEAR_MAX)
        )
        if pc.all(pc.equal(pc.fill_null(good, False), plain)).as_py():
            fast = pd.Series(stamps.cast(pa.timestamp("ns")).to_numpy(zero_copy_only=False), index=s.index)
            rest = ~np.asarray(plain.to_numpy(zero_copy_only=False), dtype=bool) & s.notna().to_numpy()
            if rest.any():
                fast[rest] = parse_dates(s[rest], file, column, notes)
            return fast.astype("datetime64[ns]")
    present = s.notna()
    iso = _fullmatch(s, _ISO)
    text = s.str.slice(0, 10).where(iso)
    other = present & ~iso
    if other.any():
        parts = _groups(s[other], _UK, ["d", "m", "y"])
        uk = parts["y"] + "-" + parts["m"].str.zfill(2) + "-" + parts["d"].str.zfill(2)
        text = text.where(iso, uk.reindex(s.index))
    placeholder = pd.to_numeric(text.str.slice(0, 4), errors="coerce") > _YEAR_MAX
    placeholder &= pd.to_datetime(text.str.slice(4).radd("2000"), format="%Y-%m-%d", errors="coerce").notna()
    if notes is not None and placeholder.any():
        notes.append(
            f"{file}: {int(placeholder.sum())} date(s) after {_YEAR_MAX} in {column} "
            f"(such as {s[placeholder].iloc[0]}) read as blank"
        )
        text = text.mask(placeholder)
        present = present & ~placeholder
    dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    years = dates.dt.year
    _stop(
        file,
        column,
        s,
        [
            (present & text.isna(), "is not a date in the form YYYY-MM-DD or DD/MM/YYYY", _date_hint),
            (present & dates.isna(), "is not a real date (no such day)", None),
            (
                (years < _YEAR_MIN) | (years > _YEAR_MAX),
                f"is outside the years {_YEAR_MIN}-{_YEAR_MAX} that the "
                "pack can hold (leave it blank if there is no date)",
                None,
            ),
        ],
    )
    return dates.astype("datetime64[ns]")


def parse_flags(s: pd.Series, file: str, column: str) -> pd.Series:
    """Y/N, Yes/No, 1/0, true/false in any case; blank -> NA."""
    s = _clean(s)
    low = s.str.lower()
    yes, no = low.isin(_TRUE), low.isin(_FALSE)
    _stop(file, column, s, [(s.notna() & ~yes & ~no, "is not a flag (Y/N, Yes/No, 1/0 or true/false)", None)])
    out = pd.Series(yes.to_numpy(), index=s.index, dtype="boolean")
    return out.mask(~(yes | no))


def parse_numbers(s: pd.Series, file: str, column: str, decimal_comma: bool = False) -> pd.Series:
    """Numbers as float; thousands separators allowed; blank -> NaN."""
    s = _clean(s)
    text = s.where(~_fullmatch(s, _THOUSANDS), s.str.replace(",", "", regex=False))
    if decimal_comma:
        dc = _fullmatch(text, _DECIMAL_COMMA)
        text = text.where(~dc, text.str.replace(",", ".", regex=False))
    numbers = pd.to_numeric(text, errors="coerce").astype("float64")
    _stop(file, column, s, [(s.notna() & ~np.isfinite(numbers), "is not a number", None)])
    return numbers


def _as_text(s: pd.Series) -> pd.Series:
    """A typed (Parquet) column as text: integer-valued floats lose their ``.0``."""
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.astype("boolean").map({True: "true", False: "false"}).astype("str")
    if pd.api.types.is_float_dtype(s.dtype):
        whole = s.dropna()
        if np.isfinite(whole).all() and (whole == np.floor(whole)).all() and (whole.abs() < 2**53).all():
            return s.astype("Int64").astype("str")
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        if getattr(s.dt, "tz", None) is not None:
            s = s.dt.tz_localize(None)
        return s.dt.strftime("%Y-%m-%d").astype("str")
    return s.astype("str")


# ---------------------------------------------------------------------------------------------
# files


def _find_files(folder: Path, notes: list[str]) -> dict[str, Path]:
    found: dict[str, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix.lower() not in (".csv", ".parquet"):
            continue
        stem = path.stem.strip().lower()
        if stem in TABLES:
            found.setdefault(stem, []).append(path)
        elif not path.name.startswith(".") and path.name.lower() not in ("coverage.csv", "convert-report.csv"):
            notes.append(f"{path.name}: not a table of the data contract; ignored")
    for name, paths in found.items():
        if len(paths) > 1:
            raise ExtractError(
                f"{name}: more than one file for this table ({', '.join(p.name for p in paths)}); keep one"
            )
    return {name: paths[0] for name, paths in found.items()}


def _encoding(data: bytes) -> tuple[str, str]:
    """(name recorded, Python codec)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8", "utf-8"
    except UnicodeDecodeError:
        return "windows-1252", "cp1252"


def _read_csv(path: Path, data: bytes, notes: list[str]) -> tuple[pd.DataFrame, str, str]:
    """Raw cells as strings, the encoding and the separator."""
    name = path.name
    if not data:
        raise ExtractError(f"{name}: the file is empty (0 bytes); a table needs at least its header row")
    encoding, codec = _encoding(data)
    try:
        # UTF-8 is already checked by _encoding: only the header is decoded again
        text = data[: data.find(b"\n") + 1 or len(data)].decode(codec) if encoding == "utf-8" else data.decode(codec)
    except UnicodeDecodeError as error:
        raise ExtractError(
            f"{name}: the file is neither UTF-8 nor Windows-1252 text ({error.reason} at byte {error.start})"
        ) from None
    if encoding == "windows-1252":
        notes.append(f"{name}: not UTF-8; read as Windows-1252 (Excel)")
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    sep = max(counts, key=lambda k: (counts[k], k == ","))
    if counts[sep] == 0:
        sep = ","
    if sep != ",":
        notes.append(f"{name}: {'semicolon' if sep == ';' else 'tab'}-separated, not comma-separated; read as such")
    if encoding != "utf-8":
        data = text.lstrip("\ufeff").encode("utf-8")
    del text
    raw = _read_csv_fast(data, sep)
    if raw is None:
        raw = _read_csv_exact(data, sep, name)
    return raw, encoding, sep


def _read_csv_fast(data: bytes, sep: str) -> pd.DataFrame | None:
    """pyarrow's multi-threaded reader, every column as text; None when it declines the file.

    Anything pyarrow cannot read (ragged rows, duplicate header names, odd quoting) goes to the
    pandas C reader, whose behaviour and messages are the reference.
    """
    try:
        header = pd.read_csv(io.BytesIO(data), sep=sep, nrows=0, index_col=False, encoding="utf-8")
        names = [str(c) for c in header.columns]
        table = pacsv.read_csv(
            io.BytesIO(data),
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=True,
                null_values=[""],
                quoted_strings_can_be_null=True,
            ),
        )
        if table.column_names != names or len(set(names)) != len(names):
            return None
        frame = table.to_pandas()
    except Exception:  # noqa: BLE001 - any refusal falls back to the exact reader
        return None
    if any(frame[c].dtype != "str" for c in frame.columns):
        return None
    return frame


def _read_csv_exact(data: bytes, sep: str, name: str) -> pd.DataFrame:
    try:
        with warnings.catch_warnings():
            # a row longer than the header would be cut short with only a warning: stop instead
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(
                io.BytesIO(data),
                sep=sep,
                dtype=str,
                keep_default_na=False,
                encoding="utf-8",
                na_values=[""],
                index_col=False,
                engine="c",
                skip_blank_lines=True,
            )
    except pd.errors.ParserWarning:
        raise ExtractError(
            f"{name}: cannot be read as CSV (a row has more fields than the header: "
            "quote any value that holds the separator)"
        ) from None
    except pd.errors.EmptyDataError:
        raise ExtractError(f"{name}: the file has no header row") from None
    except (pd.errors.ParserError, ValueError, UnicodeDecodeError) as error:
        message = " ".join(str(error).split())
        raise ExtractError(f"{name}: cannot be read as CSV ({message})") from None


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(path)
    except Exception as error:  # pyarrow raises many kinds; the user needs the file named
        message = " ".join(str(error).split())[:200]
        raise ExtractError(f"{path.name}: cannot be read as Parquet ({message})") from None


def _match_header(table: Table, raw: pd.DataFrame, name: str, notes: list[str]) -> pd.DataFrame:
    """Rename columns to the contract's names (case-insensitive, spaces stripped); drop extras."""
    wanted = {c.lower(): c for c in table.names}
    rename, seen, normalised, extras = {}, {}, False, []
    for col in raw.columns:
        key = re.sub(r"\s+", "", str(col).replace("\ufeff", "")).lower()
        if key in wanted:
            target = wanted[key]
            if target in seen:
                raise ExtractError(f"{name}: columns {seen[target]!r} and {col!r} are both {target}; keep one")
            seen[target] = col
            rename[col] = target
            normalised |= col != target
        else:
            extras.append(str(col))
    if normalised:
        notes.append(f"{name}: column names differ from the contract in case or spaces; matched ignoring both")
    if extras:
        notes.append(f"{name}: {len(extras)} column(s) not in the contract ignored")
    missing = [c for c in table.required if c not in seen]
    if missing:
        raise ExtractError(
            f"{name}: required column {missing[0]} is missing"
            + (f" (also {', '.join(missing[1:])})" if len(missing) > 1 else "")
        )
    return raw[list(rename)].rename(columns=rename)


def _parse_table(table: Table, raw: pd.DataFrame, name: str, decimal_comma: bool, notes: list[str]) -> pd.DataFrame:
    raw = raw.reset_index(drop=True)
    out = {}
    absent = []
    for col in table.columns:
        if col.name not in raw.columns:
            absent.append(col.name)
            out[col.name] = pd.Series(
                pd.NA if col.kind == "flag" else np.nan, index=raw.index, dtype=parsed_dtype(col.kind)
            )
            continue
        s = raw[col.name]
        if col.kind == "date":
            if pd.api.types.is_datetime64_any_dtype(s.dtype):
                s = _as_text(s)
            # A far-future sentinel means "no date" only where a blank is allowed.
            out[col.name] = parse_dates(s, name, col.name, None if col.required else notes)
        elif col.kind == "flag":
            if pd.api.types.is_bool_dtype(s.dtype):
                out[col.name] = s.astype("boolean")
            else:
                out[col.name] = parse_flags(_as_text(s), name, col.name)
        elif col.kind == "number":
            if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
                numbers = s.astype("float64")
                _stop(name, col.name, s, [(s.notna() & ~np.isfinite(numbers), "is not a number", None)])
                out[col.name] = numbers
            else:
                out[col.name] = parse_numbers(_as_text(s), name, col.name, decimal_comma)
        else:
            out[col.name] = _clean(_as_text(s))
    if absent:
        notes.append(
            f"{name}: optional column(s) {', '.join(absent)} absent; read as blank"
            + (" (or the contract's default)" if set(absent) & _DEFAULTED else "")
        )
    return pd.DataFrame(out, index=raw.index)


_DEFAULTED = {"cppv_cp_visit_seen", "clav_cla_visit_seen", "cina_assessment_type", "wkb_new_starters_fte"}


# ---------------------------------------------------------------------------------------------
# the contract's defaults and normal forms


def _flag_in_json(json: pd.Series, key: str) -> pd.Series:
    """True where the JSON object's ``key`` is Y (Yes/1/true); a missing key is N."""
    if json.empty:
        return pd.Series(False, index=json.index, dtype=bool)
    pattern = rf"""(?i)["']?{key}["']?\s*:\s*["']?(?:y|yes|1|true)\b"""
    hit = pc.fill_null(pc.match_substring_regex(_arrow(json), pattern), False)
    return pd.Series(np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool), index=json.index)


def _normalise(extract: Extract, name: str, frame: pd.DataFrame) -> pd.DataFrame:
    def replace(s: pd.Series, pattern: str, repl: str) -> pd.Series:
        """``s.str.replace(pattern, repl, regex=True)``, the regex run once per distinct value
        (pandas 3 runs Python's re over every row of a str column)."""
        codes, uniques = pd.factorize(s)
        if not len(uniques):
            return pd.Series(np.nan, index=s.index, dtype="str")
        fixed = pd.Series(uniques, dtype="str").str.replace(pattern, repl, regex=True).to_numpy()
        return pd.Series(fixed[np.maximum(codes, 0)], index=s.index, dtype="str").mask(codes < 0)

    if name == "ssd_contacts":
        json = frame["cont_contact_outcome_json"]
        frame["cont_new_referral"] = _flag_in_json(json, "NEW_REFERRAL_FLAG").to_numpy()
        frame["cont_missing"] = _flag_in_json(json, "MISSING_FLAG").to_numpy()
    if name == "ssd_cp_plans":
        for col in ("cppl_cp_plan_initial_category", "cppl_cp_plan_latest_category"):
            s = frame[col]
            low = replace(s.str.lower(), r"^\(?[a-e]\)\s*", "").str.strip()
            codes = low.map(CP_CATEGORY_WORDS).astype("str")
            unknown = s.notna() & codes.isna()
            extract.add_quality(
                name,
                "unrecognised category",
                col,
                frame.index[unknown] + 1,
                "kept; the category is treated as not recorded (not one of NEG, PHY, EMO, "
                "SAB, MUL, their words or Annex A labels)",
            )
            frame[col] = codes
    if name == "ssd_cin_assessments":
        s = frame["cina_assessment_type"]
        low = replace(s.str.lower(), r"\s*assessment$", "")
        unknown = s.notna() & ~low.isin(ASSESSMENT_TYPES)
        extract.add_quality(
            name,
            "unrecognised assessment type",
            "cina_assessment_type",
            frame.index[unknown] + 1,
            "kept; treated as a single assessment (45 working days)",
        )
        frame["cina_assessment_type"] = low.where(low.isin(ASSESSMENT_TYPES), "single").astype("str")
    if name == "ssd_early_help_episodes":
        s = frame["earl_step_down_from"]
        frame["earl_step_down_from"] = replace(s.str.lower(), r"\s*assessment$", "")
    if name == "ext_workforce":
        s = frame["wkf_role"]
        low = replace(s.str.lower(), r"[\s-]+", "_")
        unknown = s.notna() & ~low.isin(WORKFORCE_ROLES)
        extract.add_quality(
            name,
            "unrecognised role",
            "wkf_role",
            frame.index[unknown] + 1,
            "kept; counted as other (roles are service_manager, team_manager, social_worker, other)",
        )
        frame["wkf_role"] = low.where(low.isin(WORKFORCE_ROLES) | s.isna(), "other").astype("str")
    for col in ("cppv_cp_visit_seen", "clav_cla_visit_seen"):
        if col in frame:
            frame[col] = frame[col].fillna(True)
    if "wkb_new_starters_fte" in frame:
        frame["wkb_new_starters_fte"] = frame["wkb_new_starters_fte"].fillna(0.0)
    return frame


# ---------------------------------------------------------------------------------------------


def read_table(path, table: str | Table, notes: list[str] | None = None) -> tuple[pd.DataFrame, dict]:
    """One file parsed by the contract (no defaults, no quality checks) and its provenance."""
    path = Path(path)
    table = TABLES[table] if isinstance(table, str) else table
    notes = [] if notes is None else notes
    data = path.read_bytes()
    info = {"table": table.name, "path": str(path), "sha256": hashlib.sha256(data).hexdigest()}
    if path.suffix.lower() == ".parquet":
        if not data:
            raise ExtractError(f"{path.name}: the file is empty (0 bytes)")
        raw, encoding, sep, fmt = _read_parquet(path), None, None, "parquet"
    else:
        raw, encoding, sep = _read_csv(path, data, notes)
        fmt = "csv"
    frame = _parse_raw(table, raw, path.name, sep == ";", notes)
    info.update(rows=len(frame), encoding=encoding, format=fmt)
    return frame, info


def _parse_raw(table: Table, raw: pd.DataFrame, label: str, decimal_comma: bool, notes: list[str]) -> pd.DataFrame:
    """Raw cells (any source) -> the contract's parsed columns; errors name ``label``, row, column, value."""
    raw = _match_header(table, raw, label, notes)
    if raw.empty and len(raw) == 0:
        notes.append(f"{label}: header only; the table is present and empty")
    return _parse_table(table, raw, label, decimal_comma, notes)


def _finish(extract: Extract, month) -> Extract:
    quality.check(extract, month)
    for name, frame in extract.tables.items():
        frame = frame.reset_index(drop=True)
        extract.tables[name] = schema(name).validate(frame)
    return extract


def parse_tables(raw: dict[str, pd.DataFrame], month=None, origin: str = "", absent: str = "no table") -> Extract:
    """The entry point every source shares: raw frames by contract table name -> a checked Extract.

    ``raw`` holds each table's cells as a source gives them (text, or typed values from a
    database or Parquet), with the source's column names (any case, extra columns ignored). Each
    goes through the same header matching, parsing, normal forms and record-level checks as a
    folder's files, so a bad value stops with the same one-line error: ``<table>: row <n>,
    column <column>: '<value>' ...`` (row 1 = the first row). ``origin`` names the source in
    ``Extract.source``; ``absent`` words the note for a contract table the source lacks.
    """
    month = to_month(month) if month is not None else None
    extract = Extract(source=origin)
    for name, table in TABLES.items():
        if name not in raw:
            extract.notes.append(f"{name}: {absent}; {table.about}")
            continue
        frame = _parse_raw(table, raw[name], name, False, extract.notes)
        extract.tables[name] = _normalise(extract, name, frame)
        extract.files.append({"table": name, "path": origin, "sha256": None, "rows": len(frame), "format": "database"})
    return _finish(extract, month)


# a folder of at least this many bytes is read on two cores when read_extract is given ``submit``
SPLIT_FROM_BYTES = 16 * 2**20


def read_tables(items: list[tuple[str, str]]) -> list:
    """:func:`read_table` of each ``(path, table)``: ``(frame, provenance, notes)``, or the
    error it raised (the run's worker reads some of a large extract's files this way)."""
    outcomes = []
    for path, name in items:
        notes: list[str] = []
        try:
            outcomes.append((*read_table(path, name, notes), notes))
        except Exception as error:  # noqa: BLE001  (raised in table order by read_extract)
            outcomes.append(error)
    return outcomes


def _second_share(files: dict[str, Path]) -> list[str]:
    """The tables the second core reads: the largest file, and the next largest while its share
    stays under 45% of the bytes (it starts a little later than this process)."""
    sizes = {name: path.stat().st_size for name, path in files.items()}
    total = sum(sizes.values())
    if total < SPLIT_FROM_BYTES or len(sizes) < 2:
        return []
    largest = sorted(sizes, key=sizes.get, reverse=True)
    share = largest[:1]
    for name in largest[1:]:
        if sum(sizes[n] for n in share) + sizes[name] > 0.45 * total:
            break
        share.append(name)
    return share


def read_extract(folder, month=None, submit=None) -> Extract:
    """Read and check a council's extract folder (see the module docstring for what stops).

    ``month`` ("YYYY-MM" or a Period) is the reporting month, used by the quality checks for
    dates after it; ``None`` skips that check. ``submit(fn, *args)`` (an executor's): a large
    extract's biggest files are read there meanwhile (:func:`read_tables`); the extract, its
    notes and the first error in table order are the same either way.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ExtractError(f"{folder}: no such folder")
    month = to_month(month) if month is not None else None
    extract = Extract(source=str(folder))
    files = _find_files(folder, extract.notes)
    if not files:
        raise ExtractError(
            f"{folder}: none of the data contract's tables is here "
            "(expected files such as ssd_person.csv, ssd_contacts.csv)"
        )
    away = _second_share(files) if submit is not None else []
    job = submit(read_tables, [(str(files[name]), name) for name in away]) if away else None
    here = [name for name in TABLES if name in files and name not in away]
    outcomes = dict(zip(here, read_tables([(str(files[name]), name) for name in here])))
    if job is not None:
        outcomes |= dict(zip(away, job.result()))
    for name, table in TABLES.items():
        if name not in files:
            extract.notes.append(f"{name}: no file; {table.about}")
            continue
        outcome = outcomes[name]
        if isinstance(outcome, BaseException):
            raise outcome
        frame, info, notes = outcome
        extract.notes.extend(notes)
        extract.tables[name] = _normalise(extract, name, frame)
        extract.files.append(info)
    extract.coverage = read_coverage(folder, extract.notes)
    return _finish(extract, month)


def read_coverage(folder, notes: list[str]) -> pd.DataFrame | None:
    """``coverage.csv`` (``table, first_day, last_day[, source]``, one row per unbroken span) or None.

    Dates as any contract date; a bad one stops with file, row, column and value. A row for a
    table that is not in the contract is ignored with a note.
    """
    path = Path(folder) / "coverage.csv"
    if not path.is_file():
        return None
    raw, _, _ = _read_csv(path, path.read_bytes(), notes)
    raw.columns = [str(c).replace("\ufeff", "").strip().lower() for c in raw.columns]
    for column in ("table", "first_day", "last_day"):
        if column not in raw.columns:
            raise ExtractError(
                f"coverage.csv: required column {column} is missing (columns: table, first_day, last_day, source)"
            )
    raw = raw.reset_index(drop=True)
    table = _clean(raw["table"]).str.lower()
    first = parse_dates(raw["first_day"], "coverage.csv", "first_day")
    last = parse_dates(raw["last_day"], "coverage.csv", "last_day")
    _stop(
        "coverage.csv",
        "first_day",
        raw["first_day"],
        [(first.isna() | last.isna(), "is blank: a span needs both days", None)],
    )
    _stop("coverage.csv", "last_day", raw["last_day"], [(last < first, "is before first_day", None)])
    unknown = table.notna() & ~table.isin(list(TABLES))
    if unknown.any():
        notes.append(f"coverage.csv: {int(unknown.sum())} row(s) for tables not in the contract ignored")
    source = _clean(raw["source"]) if "source" in raw.columns else pd.Series(np.nan, index=raw.index, dtype="str")
    out = pd.DataFrame({"table": table, "first_day": first, "last_day": last, "source": source})
    return out.loc[~unknown & table.notna()].reset_index(drop=True)
