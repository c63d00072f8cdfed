"""Read the SSD from a database (SQLAlchemy URL) into an Extract, or freeze it as a folder.

``read_database(url, schema=None, month=None) -> Extract`` reads the data contract's tables
(``ssd_*`` and ``ext_*``) from one schema: table and column names in any case (``SSD_PERSON``,
``Pers_Person_ID``), only the contract's columns selected (extra columns are never read), rows in
the order the database returns them (no ``ORDER BY``: a table loaded from a file keeps the file's
order, so the figures, down to the last digit of a floating-point sum, equal the file's). The rows become text exactly as a CSV would hold them and
go through :func:`boardpack.sources.reader.parse_tables`, the parser every source shares, so a
bad value stops with the same one-line error naming the table, row (the n-th row the
database returned), column and value. SSDA903 start reasons written as words (Liquidlogic's ``CARE_REASON_DESC`` in
``clae_cla_episode_start_reason``) become their RNE codes, with a note. The database's other habits
are readings of the contract, handled by the shared parser: flags ``Y``/``Yes``/``1``,
``NCHAR`` padding (``'Y    '``), ``datetime`` values with a time part, ``9999-12-31`` for
"no end".

Schema: ``schema=None`` reads ``ssd_development`` (the default of Data to Insight's SSD scripts)
where the database has it, else the connection's default schema.

Secrets: the URL may carry a password. It is shown only as
``URL.render_as_string(hide_password=True)`` (``postgresql+psycopg://user:***@host/db``); every
database error is re-raised as one :class:`~boardpack.sources.extract.ExtractError` line built
from the masked URL and the driver's message with the password removed, never with a traceback
that holds the URL.

PostgreSQL (``postgresql+psycopg://``) is tested against a real server; SQL Server
(``mssql+pyodbc://``, ``mssql+pymssql://``) and Oracle are read through the same SQLAlchemy
queries (compiled for SQL Server in the tests).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from boardpack.sources.extract import Extract, ExtractError
from boardpack.sources.labels import rne_code
from boardpack.sources.reader import parse_tables
from boardpack.sources.tables import TABLES

DEFAULT_SCHEMA = "ssd_development"


def parse_url(url: str | URL) -> URL:
    """The SQLAlchemy URL, or a one-line error that does not repeat the text (it may hold a password)."""
    if isinstance(url, URL):
        return url
    try:
        return make_url(str(url).strip())
    except Exception:  # noqa: BLE001 - sqlalchemy raises ArgumentError and ValueError
        raise ExtractError(
            "--db: not a database URL (expected dialect+driver://user@host:port/database, "
            "e.g. postgresql+psycopg://boardpack@localhost/ssd)"
        ) from None


def masked(url: str | URL) -> str:
    """The URL as it may be shown: password replaced by ``***``."""
    return parse_url(url).render_as_string(hide_password=True)


def url_from_env(variable: str) -> str:
    """The URL held in environment variable ``variable`` (``--db-env``)."""
    value = os.environ.get(variable, "").strip()
    if not value:
        raise ExtractError(f"--db-env {variable}: the environment variable is not set or is blank")
    return value


def _scrub(text: str, url: URL) -> str:
    text = " ".join(str(text).split())
    password = url.password
    if password:
        text = text.replace(str(password), "***")
    full = url.render_as_string(hide_password=False)
    return text.replace(full, url.render_as_string(hide_password=True))


def _db_error(url: URL, error: BaseException, doing: str) -> ExtractError:
    orig = getattr(error, "orig", None) or error
    message = _scrub(str(orig).split("\n(Background")[0], url)[:300]
    return ExtractError(f"{masked(url)}: {doing} failed ({type(orig).__name__}: {message})")


def _key(name: str) -> str:
    return "".join(str(name).split()).lower()


def select_statement(table: str, columns: list[str], schema: str | None, order_by: list[str] = ()) -> sa.Select:
    """``SELECT <columns> FROM <schema>.<table> [ORDER BY ...]`` with the database's own names
    (quoted where the dialect needs it); dialect-neutral, so it compiles for PostgreSQL, SQL Server, Oracle."""
    t = sa.table(table, *[sa.column(c) for c in columns], schema=schema)
    stmt = sa.select(*[t.c[c] for c in columns])
    if order_by:
        stmt = stmt.order_by(*[t.c[c] for c in order_by])
    return stmt


def _plan(inspector, schema: str | None) -> dict[str, tuple[str, list[str]]]:
    """Contract table -> (database table name, database column names to select)."""
    names = {_key(n): n for n in inspector.get_table_names(schema=schema)}
    plan = {}
    for name, table in TABLES.items():
        real = names.get(name)
        if real is None:
            continue
        wanted = {c.lower() for c in table.names}
        columns = [c["name"] for c in inspector.get_columns(real, schema=schema) if _key(c["name"]) in wanted]
        plan[name] = (real, columns)
    return plan


def db_text(s: pd.Series) -> pd.Series:
    """A column as the database driver returned it -> text as a CSV export holds it (blank = missing).

    Integers (and integral floats, which a nullable integer column becomes) lose any ``.0``;
    datetimes keep their day (the contract ignores the time part); booleans become true/false;
    everything else (str, date, Decimal) is its own text.
    """
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.map({True: "true", False: "false"}).astype("str")
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return s.dt.strftime("%Y-%m-%d").astype("str")
    if pd.api.types.is_float_dtype(s.dtype):
        values = s.to_numpy(dtype="float64")
        integral = np.isfinite(values) & (np.floor(values) == values) & (np.abs(values) < 2**53)
        as_int = pd.Series(np.where(integral, values, 0), index=s.index).astype("int64").astype("str")
        return as_int.where(integral, s.astype("str")).mask(s.isna()).astype("str")
    return s.astype("str")


def _codes_for_descriptions(name: str, frame: pd.DataFrame, notes: list[str]) -> None:
    """Liquidlogic loads ``CARE_REASON_DESC`` (words) into ``clae_cla_episode_start_reason``: words -> RNE codes."""
    if name != "ssd_cla_episodes":
        return
    for column in frame.columns:
        if _key(column) == "clae_cla_episode_start_reason":
            before = frame[column]
            codes = rne_code(before)
            words = before.notna() & (before.str.strip().str.upper() != codes)
            if words.any():
                frame[column] = codes.where(words, before)
                notes.append(
                    f"{name}: {int(words.sum())} start reason(s) written as words (such as "
                    f"{before[words].iloc[0]!r}) read as SSDA903 RNE codes"
                )


def read_raw(url: str | URL, schema: str | None = None) -> tuple[dict[str, pd.DataFrame], str, list[str]]:
    """The contract's tables as text frames (database column names), the schema read, and notes."""
    url = parse_url(url)
    notes: list[str] = []
    try:
        engine = sa.create_engine(url)
    except Exception as error:  # noqa: BLE001 - missing driver, bad options
        raise _db_error(url, error, "opening the database") from None
    try:
        with engine.connect() as conn:
            inspector = sa.inspect(conn)
            if schema is None:
                schema = DEFAULT_SCHEMA if DEFAULT_SCHEMA in inspector.get_schema_names() else None
            plan = _plan(inspector, schema)
            if not plan:
                where = f"schema {schema}" if schema else "the default schema"
                raise ExtractError(
                    f"{masked(url)}: none of the data contract's tables is in {where} "
                    "(expected tables such as ssd_person, ssd_contacts; --schema NAME names another schema)"
                )
            raw = {}
            for name, (real, columns) in plan.items():
                result = conn.execute(select_statement(real, columns, schema))
                frame = pd.DataFrame.from_records(list(result), columns=columns, coerce_float=False)
                raw[name] = pd.DataFrame({c: db_text(frame[c]) for c in columns}, index=frame.index)
                _codes_for_descriptions(name, raw[name], notes)
                if real != name:
                    notes.append(f"{name}: read from table {real}")
    except ExtractError:
        raise
    except Exception as error:  # noqa: BLE001 - every driver error becomes one masked line
        raise _db_error(url, error, "reading the database") from None
    finally:
        engine.dispose()
    return raw, schema or "", notes


def read_database(url: str | URL, schema: str | None = None, month=None) -> Extract:
    """Read and check the SSD tables in ``schema`` of the database at ``url`` (see the module docstring)."""
    url = parse_url(url)
    raw, schema, notes = read_raw(url, schema)
    origin = masked(url) + (f" schema {schema}" if schema else "")
    where = f"schema {schema}" if schema else "the database"
    extract = parse_tables(raw, month, origin=origin, absent=f"no table in {where}")
    extract.notes[:0] = notes
    return extract


def freeze(url: str | URL, out, schema: str | None = None) -> Path:
    """``boardpack extract``: write the contract's columns of every table found as ``<table>.csv`` in
    ``out`` (text as read, so the folder reads back to the same Extract), after checking that they
    parse. Returns the folder."""
    url = parse_url(url)
    raw, schema, _ = read_raw(url, schema)
    parse_tables(raw, None, origin=masked(url))  # a snapshot that cannot be read is not written
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in raw.items():
        contract = {c.lower(): c for c in TABLES[name].names}
        frame = frame.rename(columns={c: contract[_key(c)] for c in frame.columns})
        frame.to_csv(out / f"{name}.csv", index=False)
    return out
