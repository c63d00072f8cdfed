"""The command line: exit codes, one-line errors, `boardpack indicators`."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from boardpack.indicators.frames import INDICATOR_COLUMNS
from boardpack.run.cli import main
from test_runner import make_extract


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err):
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.mark.parametrize("month", ["2014-13", "Dec 2014", "2014-1", "201412"])
def test_bad_month_string(capsys, tmp_path, month):
    code, out, err = run(capsys, "run", "--month", month, "--data", str(make_extract(tmp_path / "d")))
    assert code == 2 and out == ""
    assert "YYYY-MM" in one_line(err)


def test_missing_data_folder(capsys, tmp_path):
    code, _, err = run(capsys, "run", "--month", "2014-12", "--data", str(tmp_path / "nowhere"))
    assert code == 2
    assert "nowhere: no such folder" in one_line(err)
    code, _, err = run(
        capsys,
        "indicators",
        "--month",
        "2014-12",
        "--data",
        str(tmp_path / "nowhere"),
        "--out",
        str(tmp_path / "x.csv"),
    )
    assert code == 2 and "no such folder" in one_line(err)


def test_extract_error_is_one_line(capsys, tmp_path):
    data = make_extract(tmp_path / "d")
    (data / "ssd_contacts.csv").write_text("cont_contact_id,cont_person_id,cont_contact_date\nC01,P001,31/02/2014\n")
    code, _, err = run(capsys, "run", "--month", "2014-12", "--data", str(data), "--out", str(tmp_path / "out"))
    line = one_line(err)
    assert code == 2 and "ssd_contacts.csv" in line and "31/02/2014" in line
    assert not (tmp_path / "out").exists()


def test_params_error_and_missing_params_file(capsys, tmp_path):
    data = make_extract(tmp_path / "d")
    bad = tmp_path / "bad.yaml"
    bad.write_text("la_name: [unclosed\n")
    code, _, err = run(
        capsys,
        "indicators",
        "--month",
        "2014-12",
        "--data",
        str(data),
        "--params",
        str(bad),
        "--out",
        str(tmp_path / "x.csv"),
    )
    assert code == 2 and "bad.yaml" in one_line(err)
    code, _, err = run(capsys, "run", "--month", "2014-12", "--data", str(data), "--params", str(tmp_path / "no.yaml"))
    assert code == 2 and "no.yaml: no such file" in one_line(err)


def test_month_outside_the_data(capsys, tmp_path):
    data = make_extract(tmp_path / "d")  # contacts from Nov 2014 to 31 Dec 2014
    code, _, err = run(
        capsys, "indicators", "--month", "2015-01", "--data", str(data), "--out", str(tmp_path / "x.csv")
    )
    assert code == 2 and "after the data end" in one_line(err)
    code, _, err = run(capsys, "run", "--month", "2014-10", "--data", str(data), "--out", str(tmp_path / "o"))
    assert code == 2 and "before the data start" in one_line(err)
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "o").exists()


def test_usage_errors_exit_2(capsys):
    code, _, err = run(capsys)
    assert code == 2 and "command" in one_line(err)
    code, _, err = run(capsys, "run")
    assert code == 2 and "--month" in one_line(err)
    code, _, err = run(capsys, "run", "--month", "2014-12", "--jobs", "0")
    assert code == 2 and "--jobs" in one_line(err)


def test_indicators_writes_the_catalogue_columns(capsys, tmp_path):
    data = make_extract(tmp_path / "d")
    target = tmp_path / "sub" / "figures.csv"
    code, out, err = run(capsys, "indicators", "--month", "2014-12", "--data", str(data), "--out", str(target))
    assert code == 0 and out.strip() == str(target)
    frame = pd.read_csv(target, dtype=str, keep_default_na=False)
    assert list(frame.columns) == INDICATOR_COLUMNS
    # the notes say which tables and domains were skipped; nothing ran a notebook
    assert "note: ssd_cin_episodes: no file" in err
    assert not list(tmp_path.glob("**/*.ipynb"))
    if len(frame):
        contacts = frame.loc[(frame["indicator_id"] == "contacts") & (frame["breakdown"] == "")]
        # one contact in November, one on 31 December (the last day of the month)
        by_month = dict(zip(contacts["period_end"], contacts["value"].astype(float)))
        assert by_month.get("2014-11-30") == 1 and by_month.get("2014-12-31") == 1


def test_entry_point_one_line_no_traceback(tmp_path):
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "boardpack"),
            "run",
            "--month",
            "2014-12",
            "--data",
            str(tmp_path / "missing"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_the_command_ends_at_once_with_its_exit_code_and_every_line_written():
    """``console`` ends the process without the interpreter's teardown: the exit code is the
    command's, and what it printed to a pipe is all there."""
    listed = subprocess.run([sys.executable, "-m", "boardpack", "sections"], capture_output=True, text=True)
    assert listed.returncode == 0 and listed.stdout.splitlines()[-1].strip() and "data_quality" in listed.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "boardpack", "indicators", "--month", "2014-13"], capture_output=True, text=True
    )
    assert bad.returncode == 2 and bad.stderr.startswith("boardpack: ")
