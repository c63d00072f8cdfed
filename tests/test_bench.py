"""The demo at a scale, and a smoke run of the bench (its shape only: a timing is not a test)."""

import json
import sys

import pandas as pd
import pytest

from boardpack.run import bench
from boardpack.run.cli import main
from boardpack.sources import demo
from boardpack.sources.tables import TABLES


def small_council():
    return {
        "ssd_person": pd.DataFrame({"pers_person_id": ["C1", "C2"], "pers_dob": ["2010-01-01", "2011-02-02"]}),
        "ssd_contacts": pd.DataFrame(
            {
                "cont_contact_id": ["K-1", "K-2", "K-3"],
                "cont_person_id": ["C1", "C1", "C2"],
                "cont_contact_date": "2014-12-01",
            }
        ),
        "ext_population": pd.DataFrame({"popn_year": [2014], "popn_age_0_17": [36100.0]}),
        "ext_workforce": pd.DataFrame(
            {
                "wkf_as_at": ["2014-12-31"],
                "wkf_team": ["MASH"],
                "wkf_role": ["social_worker"],
                "wkf_permanent_fte": [3.5],
                "wkf_interim_fte": [0.25],
            }
        ),
    }


def test_scale_copies_records_with_ids_unique_per_copy_and_links_inside_the_copy():
    frames = demo.scale_frames(small_council(), 3)
    person = frames["ssd_person"]["pers_person_id"].tolist()
    # copy 1 as given, copies 2 and 3 prefixed K2-, K3-: 2 people x 3 = 6
    assert person == ["C1", "C2", "K2-C1", "K2-C2", "K3-C1", "K3-C2"]
    contacts = frames["ssd_contacts"]
    assert len(contacts) == 9 and contacts["cont_contact_id"].is_unique
    assert contacts["cont_person_id"].tolist()[3:6] == ["K2-C1", "K2-C1", "K2-C2"]
    assert set(contacts["cont_person_id"]) <= set(person)
    assert contacts["cont_contact_date"].eq("2014-12-01").all()  # dates (not ids) unchanged
    # no ids: one row, head counts and FTEs times 3, so rates and caseloads stay the demo's
    assert frames["ext_population"]["popn_age_0_17"].tolist() == [108300.0]
    assert frames["ext_population"]["popn_year"].tolist() == [2014]
    assert frames["ext_workforce"][["wkf_permanent_fte", "wkf_interim_fte"]].iloc[0].tolist() == [10.5, 0.75]


def test_scale_one_is_the_demo_and_a_bad_scale_stops():
    frames = small_council()
    assert demo.scale_frames(frames, 1) is frames
    for bad in (0, -2, 1.5):
        with pytest.raises(ValueError, match="whole number"):
            demo.scale_frames(frames, bad)


def test_every_id_column_of_the_contract_is_prefixed():
    frames = demo.scale_frames(demo.generate(), 2)
    for name, frame in frames.items():
        for col in TABLES[name].of_kind("id"):
            if col in frame:
                copy2 = frame[col].iloc[len(frame) // 2 :].dropna()
                assert copy2.str.startswith("K2-").all(), (name, col)


def test_demo_scale_on_the_command_line(tmp_path, capsys):
    assert main(["demo", "--scale", "2", "--out", str(tmp_path / "d2")]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "d2")
    one = demo.generate()
    for name in ("ssd_contacts", "ssd_cla_episodes"):
        assert len(pd.read_csv(tmp_path / "d2" / f"{name}.csv")) == 2 * len(one[name])
    assert "scale 2" in (tmp_path / "d2" / demo.STAMP_FILE).read_text()
    assert demo.scaled_folder(10).name == "demo-10x" and demo.scaled_folder(1) == demo.paths.DEMO_DATA_DIR


def test_peak_memory_is_the_whole_process_tree():
    # parent and child each hold 150 MB at the same time: the tree peaks above 300 MB, more than
    # either process alone
    hold = "import time; block = b'x' * (150 << 20); time.sleep(1.5)"
    code = f"import subprocess, sys; child = subprocess.Popen([sys.executable, '-c', {hold!r}]); {hold}; child.wait()"
    seconds, peak_mb = bench.time_command([sys.executable, "-c", code])
    assert seconds > 0
    assert peak_mb > 300


def test_a_failing_command_is_reported():
    with pytest.raises(bench.BenchError, match="exit 3: no"):
        bench.time_command([sys.executable, "-c", "import sys; print('no', file=sys.stderr); sys.exit(3)"])


def test_floor_notebooks_import_the_libraries_and_draw_one_chart(tmp_path):
    import nbformat

    assert bench.time_floor(1, 1, tmp_path) > 0
    executed = nbformat.read(tmp_path / "floor" / "00_floor.out.ipynb", as_version=4)
    outputs = executed.cells[0].outputs
    assert [o.output_type for o in outputs] == ["display_data"] and "image/png" in outputs[0].data
    for library in bench.FLOOR_LIBRARIES:
        assert f"import {library}" in executed.cells[0].source


def test_bench_smoke_writes_the_json_shape(tmp_path, capsys):
    code = main(["bench", "--scales", "1", "--pack-scales", "", "--repeats", "1", "--out", str(tmp_path)])
    assert code == 0
    out = capsys.readouterr().out
    assert "indicators 1x" in out and str(tmp_path / "bench.json") in out
    result = json.loads((tmp_path / "bench.json").read_text())
    assert set(result) == {"indicators", "pack"}
    assert [set(row) for row in result["indicators"]] == [{"scale", "seconds", "peak_mb"}]
    assert result["indicators"][0]["scale"] == 1
    assert result["indicators"][0]["seconds"] > 0 and result["indicators"][0]["peak_mb"] > 0
    assert result["pack"] == {"seconds": None, "seconds_10x": None, "floor_seconds": None, "ratio": None}
    assert [p.name for p in tmp_path.iterdir()] == ["bench.json"]  # the work folder is gone


def test_bench_table_and_ratio():
    result = {
        "indicators": [{"scale": 1, "seconds": 4.0, "peak_mb": 270.0}],
        "pack": {"seconds": 30.0, "seconds_10x": 33.0, "floor_seconds": 40.0, "ratio": 0.75},
    }
    text = bench.table(result)
    assert "pack / floor" in text and "0.75" in text and "indicators 1x" in text


def test_bad_sizes_stop(capsys):
    with pytest.raises(ValueError, match="council size"):
        bench.council_sizes("1,x")
    assert bench.council_sizes("1, 10,50") == [1, 10, 50] and bench.council_sizes("") == []
    for argv in (["bench", "--scales", "1,ten"], ["bench", "--repeats", "0"], ["demo", "--scale", "0"]):
        assert main(argv) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "whole number of 1 or more" in err, err
