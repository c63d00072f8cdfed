"""outputs.py: staging, atomic publish, archive, failed folders, indicators.csv, run.json."""

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from boardpack.indicators.frames import INDICATOR_COLUMNS
from boardpack.run import outputs
from boardpack.run.runner import run_pack
from test_runner import make_extract, make_notebooks, make_pack, tree


def test_publish_moves_the_previous_pack_to_the_archive(tmp_path):
    previous = tree(make_pack(tmp_path / "2014-12", "old"))
    other = tree(make_pack(tmp_path / "2014-11", "november"))
    staging = outputs.Staging(tmp_path / "2014-12", run_stamp="20150105T090000Z")
    assert staging.path == tmp_path / ".staging" / "2014-12-20150105T090000Z"
    staging.write_html("new")
    assert staging.publish() == tmp_path / "2014-12"
    assert (tmp_path / "2014-12" / "board-report.html").read_text() == "new"
    assert tree(tmp_path / "archive" / "2014-12-20150105T090000Z") == previous
    assert tree(tmp_path / "2014-11") == other
    # a second run stamped in the same second: nothing is overwritten
    again = outputs.Staging(tmp_path / "2014-12", run_stamp="20150105T090000Z")
    again.write_html("newer")
    again.publish()
    assert (tmp_path / "archive" / "2014-12-20150105T090000Z-2" / "board-report.html").read_text() == "new"
    assert (tmp_path / "2014-12" / "board-report.html").read_text() == "newer"
    assert not list((tmp_path / ".staging").glob("2014-12-*"))


def test_fail_keeps_the_staging_folder_and_touches_nothing_else(tmp_path):
    previous = tree(make_pack(tmp_path / "2014-12", "old"))
    staging = outputs.Staging(tmp_path / "2014-12", run_stamp="20150105T090000Z")
    (staging.path / "_context").mkdir()
    (staging.path / "_context" / "context.pkl").write_bytes(b"records")
    staging.section_path("03_contacts.ipynb").write_text("{}")
    failed = staging.fail()
    assert failed == tmp_path / "2014-12.failed-20150105T090000Z"
    assert (failed / "sections" / "03_contacts.ipynb").is_file()
    assert not (failed / "_context").exists()
    assert tree(tmp_path / "2014-12") == previous
    assert not (tmp_path / "archive").exists()


def test_indicators_csv_blank_for_nan_and_unrounded(tmp_path):
    frame = pd.DataFrame(
        {
            "indicator_id": ["a", "a"],
            "period_end": pd.to_datetime(["2014-11-30", "2014-12-31"]),
            "breakdown": ["", "Police"],
            "value": [1 / 3, np.nan],
            "numerator": [1.0, 0.0],
            "denominator": [3.0, 0.0],
        }
    )
    path = outputs.write_indicators_csv(frame[INDICATOR_COLUMNS], tmp_path / "x" / "indicators.csv")
    lines = path.read_text().splitlines()
    assert lines[0] == ",".join(INDICATOR_COLUMNS)
    assert lines[1] == "a,2014-11-30,,0.3333333333333333,1.0,3.0"
    assert lines[2] == "a,2014-12-31,Police,,0.0,0.0"


def test_run_json_is_plain_json(tmp_path):
    staging = outputs.Staging(tmp_path / "2014-12")
    path = staging.write_run_json(
        {
            "nan": math.nan,
            "month": pd.Period("2014-12", "M"),
            "n": np.int64(3),
            "when": pd.Timestamp("2014-12-31"),
            "rows": [np.int64(4), 7],
            "p": Path("/x"),
        }
    )
    assert json.loads(path.read_text()) == {
        "nan": None,
        "month": "2014-12",
        "n": 3,
        "when": "2014-12-31T00:00:00",
        "rows": [4, 7],
        "p": "/x",
    }


def test_a_rerun_archives_the_previous_pack(tmp_path):
    data = make_extract(tmp_path / "data")
    notebooks = make_notebooks(tmp_path / "nb", {"title": "ok", "contacts": "ok"})
    out = tmp_path / "outputs" / "2014-12"
    first = run_pack(
        "2014-12", data, "", tmp_path / "outputs", "", notebooks_dir=notebooks, sections=["title", "contacts"]
    )
    assert first.ok, first.message()
    assert sorted(p.name for p in out.iterdir()) == [
        "board-report.html",
        "board-report.pdf",
        "indicators.csv",
        "run.json",
        "sections",
    ]
    record = json.loads((out / "run.json").read_text())
    assert record["status"] == "complete"
    assert {f["table"] for f in record["data_files"]} == {"ssd_person", "ssd_contacts"}
    assert all(len(f["sha256"]) == 64 for f in record["data_files"])
    assert set(record["timings"]["sections"]) == {"title", "contacts"}
    assert {
        "pandas",
        "numpy",
        "pandera",
        "papermill",
        "nbconvert",
        "matplotlib",
        "seaborn",
        "holidays",
        "boardpack",
    } <= set(record["versions"])
    first_tree = tree(out)
    second = run_pack(
        "2014-12", data, "", tmp_path / "outputs", "", notebooks_dir=notebooks, sections=["title", "contacts"]
    )
    assert second.ok
    archived = list((tmp_path / "outputs" / "archive").iterdir())
    assert len(archived) == 1 and archived[0].name.startswith("2014-12-")
    assert tree(archived[0]) == first_tree
