"""The database source against a real PostgreSQL server (tests/pgserver.py), and SQL Server compiled.

The demo council is loaded into schema ``ssd_development`` with typed columns (dates as
``timestamp``, numbers as ``double precision``, the rest text) and must give the folder's
``indicators.csv`` byte for byte; a bad-data case gives the folder's error with the table named;
the password is in no output and no error.
"""

import json
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import mssql

from boardpack.run.cli import main
from boardpack.run.runner import SECTIONS
from boardpack.sources.database import masked, read_database, select_statement
from boardpack.sources.demo import ensure_demo
from boardpack.sources.extract import ExtractError
from boardpack.sources.reader import parse_dates, read_extract
from boardpack.sources.tables import TABLES
from pgserver import PASSWORD, postgres  # noqa: F401  (the fixture)
from test_runner import make_notebooks

BAD = Path(__file__).parent / "data" / "bad"
NOTEBOOKS = Path(__file__).parent.parent / "notebooks"


def _load_folder(engine, folder: Path, schema: str) -> None:
    """Each contract CSV of ``folder`` as a table of ``schema``: dates typed, numbers typed, rest text."""
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    for path in sorted(folder.glob("*.csv")):
        table = TABLES.get(path.stem)
        if table is None:
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
        dtypes = {}
        for col in frame.columns:
            kind = table.kind(col) if col in table.names else "text"
            if kind == "date":
                frame[col] = parse_dates(frame[col], path.name, col, notes=[])
                dtypes[col] = sa.DateTime()
            elif kind == "number":
                frame[col] = pd.to_numeric(frame[col])
                dtypes[col] = sa.Float()
            else:
                dtypes[col] = sa.Text()
        frame.to_sql(path.stem, engine, schema=schema, index=False, dtype=dtypes, method="multi", chunksize=2000)


@pytest.fixture(scope="module")
def demo_db(postgres):  # noqa: F811
    engine = sa.create_engine(postgres.url())
    _load_folder(engine, Path(ensure_demo()), "ssd_development")
    _load_folder(engine, BAD / "bad_flag", "bad_flag")
    engine.dispose()
    return postgres


def test_demo_from_postgresql_gives_the_folders_indicators_byte_for_byte(demo_db, tmp_path, capsys):
    folder_csv, db_csv = tmp_path / "folder.csv", tmp_path / "db.csv"
    assert main(["indicators", "--month", "2014-12", "--out", str(folder_csv)]) == 0
    assert main(["indicators", "--month", "2014-12", "--db", demo_db.url(), "--out", str(db_csv)]) == 0
    assert db_csv.read_bytes() == folder_csv.read_bytes()
    assert PASSWORD not in capsys.readouterr().err


def test_db_env_and_extract_snapshot_read_back_to_the_same_figures(demo_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BOARDPACK_TEST_DB", demo_db.url())
    snapshot = tmp_path / "snapshot"
    assert main(["extract", "--db-env", "BOARDPACK_TEST_DB", "--out", str(snapshot)]) == 0
    assert sorted(p.stem for p in snapshot.glob("*.csv")) == sorted(p.stem for p in Path(ensure_demo()).glob("*.csv"))
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main(["indicators", "--month", "2014-12", "--data", str(snapshot), "--out", str(a)]) == 0
    assert main(["indicators", "--month", "2014-12", "--db-env", "BOARDPACK_TEST_DB", "--out", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    # the Data quality findings survive the snapshot (duplicates counted from the raw rows)
    frozen = read_extract(snapshot, "2014-12").quality.drop(columns="rows")
    direct = read_database(demo_db.url(), month="2014-12").quality.drop(columns="rows")
    pd.testing.assert_frame_equal(frozen, direct)
    assert PASSWORD not in capsys.readouterr().err


def test_bad_value_from_the_database_names_table_row_column_value(demo_db, tmp_path, capsys):
    folder_code = main(
        ["indicators", "--month", "2014-12", "--data", str(BAD / "bad_flag"), "--out", str(tmp_path / "f")]
    )
    folder_err = capsys.readouterr().err.strip()
    code = main(
        [
            "indicators",
            "--month",
            "2014-12",
            "--db",
            demo_db.url(),
            "--schema",
            "bad_flag",
            "--out",
            str(tmp_path / "d"),
        ]
    )
    err = capsys.readouterr().err.strip()
    assert code == folder_code == 2
    assert err.count("\n") == 0 and "Traceback" not in err
    # same wording; the folder names its file, the database its table (rows loaded in the file's order)
    assert err == folder_err.replace("ssd_cin_episodes.csv", "ssd_cin_episodes")
    for fragment in ("ssd_cin_episodes:", "row 2", "column cine_referral_nfa", "'maybe'", "not a flag"):
        assert fragment in err
    assert PASSWORD not in err


def test_database_habits_are_read_as_the_contract_says(postgres):  # noqa: F811
    """Table and column names in any case, extra columns, NCHAR-padded Y/Yes/1 flags, integer ids,
    datetimes with a time part and 9999-12-31 for "no end"."""
    engine = sa.create_engine(postgres.url())
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE SCHEMA habits"))
        conn.execute(
            sa.text(
                'CREATE TABLE habits."SSD_CIN_Episodes" ("CINE_Referral_ID" integer, "cine_person_id" bigint, '
                '"Cine_Referral_Date" timestamp, "cine_referral_nfa" char(5), "cine_close_date" date, '
                '"local_notes" text)'
            )
        )
        conn.execute(
            sa.text(
                'INSERT INTO habits."SSD_CIN_Episodes" VALUES '
                "(3, 7, '2014-11-05 16:45:10', '1', NULL, 'x'), "
                "(1, 7, '2014-11-03 00:00:00', 'Y', '9999-12-31', 'y'), "
                "(2, 8, '2014-11-04 09:30:00', 'Yes', '2014-11-20', 'z'), "
                "(4, 9, '2014-11-06 10:00:00', 'n', NULL, NULL)"
            )
        )
        conn.execute(
            sa.text(
                "CREATE TABLE habits.ssd_cla_episodes (clae_cla_episode_id text, clae_person_id text, "
                "clae_cla_episode_start_date date, clae_cla_episode_start_reason varchar(80))"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO habits.ssd_cla_episodes VALUES ('E1', '7', '2014-01-02', 'Started to be looked after'), "
                "('E2', '7', '2014-02-03', 'Change of legal status only'), ('E3', '7', '2014-03-04', 'P   ')"
            )
        )
    engine.dispose()
    extract = read_database(postgres.url(), "habits", "2014-12")
    episodes = extract.get("ssd_cla_episodes").sort_values("clae_cla_episode_id")
    assert episodes["clae_cla_episode_start_reason"].tolist() == ["S", "L", "P"]
    assert any("2 start reason(s) written as words" in n for n in extract.notes)
    frame = extract.get("ssd_cin_episodes")
    frame = frame.sort_values("cine_referral_id")
    # ids are text; the time part dropped; padding stripped
    assert frame["cine_referral_id"].tolist() == ["1", "2", "3", "4"]
    assert frame["cine_person_id"].tolist() == ["7", "8", "7", "9"]
    assert frame["cine_referral_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2014-11-03",
        "2014-11-04",
        "2014-11-05",
        "2014-11-06",
    ]
    assert frame["cine_referral_nfa"].tolist() == [True, True, True, False]
    # 9999-12-31 = no end (blank), with the reader's note
    assert frame["cine_close_date"].isna().tolist() == [True, False, True, True]
    assert any("after 2261 in cine_close_date" in n for n in extract.notes)
    assert "local_notes" not in frame.columns
    assert any("read from table SSD_CIN_Episodes" in n for n in extract.notes)
    assert any(n.startswith("ssd_person: no table in schema habits") for n in extract.notes)


def test_password_is_in_no_error_of_a_failed_connection(postgres, capsys):  # noqa: F811
    wrong = postgres.url(password="Wr0ng-Secret-pw")
    with pytest.raises(ExtractError) as caught:
        read_database(wrong)
    message = str(caught.value)
    assert "Wr0ng-Secret-pw" not in message and "***" in message and "failed" in message
    assert main(["indicators", "--month", "2014-12", "--db", wrong, "--out", "x.csv"]) == 2
    err = capsys.readouterr().err
    assert "Wr0ng-Secret-pw" not in err and err.count("\n") == 1
    # a URL that does not parse is not repeated (it may be mostly password)
    assert main(["indicators", "--month", "2014-12", "--db", "not a url Wr0ng-Secret-pw", "--out", "x.csv"]) == 2
    assert "Wr0ng-Secret-pw" not in capsys.readouterr().err


def test_masked_url_hides_the_password():
    url = "postgresql+psycopg://analyst:pa%40ss-w0rd@db.example:5432/ssd"
    assert masked(url) == "postgresql+psycopg://analyst:***@db.example:5432/ssd"


def test_run_from_the_database_keeps_the_password_out_of_every_output(demo_db, tmp_path, capsys):
    notebooks = make_notebooks(tmp_path / "nb", {sid: "ok" for sid in SECTIONS})
    (notebooks / "00_title.ipynb").write_bytes((NOTEBOOKS / "00_title.ipynb").read_bytes())  # the real one
    out = tmp_path / "outputs"  # the outputs folder: the pack is out/2014-12/
    code = main(["run", "--month", "2014-12", "--db", demo_db.url(), "--out", str(out), "--notebooks", str(notebooks)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    record = json.loads((out / "2014-12" / "run.json").read_text())
    assert record["parameters"]["source"] == masked(demo_db.url())
    for path in [p for p in out.rglob("*") if p.is_file()]:
        assert PASSWORD.encode() not in path.read_bytes(), path
    assert PASSWORD not in captured.out + captured.err


@pytest.mark.parametrize("driver", [mssql.pyodbc.dialect(), mssql.pymssql.dialect()])
def test_sql_server_queries_compile(driver):
    stmt = select_statement(
        "SSD_Person", ["Pers_Person_ID", "pers_dob", "pers sex"], "ssd_development", ["Pers_Person_ID"]
    )
    sql = " ".join(str(stmt.compile(dialect=driver)).split())
    assert sql == (
        "SELECT ssd_development.[SSD_Person].[Pers_Person_ID], ssd_development.[SSD_Person].pers_dob, "
        "ssd_development.[SSD_Person].[pers sex] FROM ssd_development.[SSD_Person] "
        "ORDER BY ssd_development.[SSD_Person].[Pers_Person_ID]"
    )
