"""The context a run shares with its sections: Parquet + JSON, no record-level data, loaded per piece."""

import json

import pandas as pd
import pytest

from boardpack.document.section import (
    CONTEXT_DIR,
    DERIVED,
    build_context,
    open_section,
    read_context,
    write_context,
)
from test_runner import make_extract

IDS = {"P001", "P002", "P003", "C01", "C02", "E01", "E02", "E03"}


@pytest.fixture
def run(tmp_path):
    data = make_extract(tmp_path / "data")
    # three early help episodes: two started in December 2014 (one with no agency), one in November
    (data / "ssd_early_help_episodes.csv").write_text(
        "earl_episode_id,earl_person_id,earl_episode_start_date,earl_episode_organisation\n"
        "E01,P001,2014-12-01,School\nE02,P002,2014-12-31,\nE03,P003,2014-11-30,School\n"
    )
    context = build_context("2014-12", data)
    write_context(tmp_path / "run", context)
    return context, tmp_path / "run"


def test_only_parquet_and_json_and_no_record_identifier(run):
    context, run_dir = run
    files = sorted((run_dir / CONTEXT_DIR).iterdir())
    assert files and {p.suffix for p in files} <= {".parquet", ".json"}  # no pickle
    for path in files:
        if path.suffix == ".json":
            words = set(json.loads(path.read_text()).__repr__().replace("'", " ").split())
            assert not IDS & words, path.name
        else:
            frame = pd.read_parquet(path).reset_index()
            cells = {str(v) for column in frame.columns for v in frame[column].tolist()} | set(map(str, frame.columns))
            assert not IDS & cells, path.name
    # P003 has no ssd_person row: an orphan, counted in the findings without its rows
    assert "rows" not in pd.read_parquet(run_dir / CONTEXT_DIR / "quality.parquet").columns


def test_a_section_in_a_run_sees_what_it_would_compute_itself(run):
    context, run_dir = run
    shared = open_section("early_help", "2014-12", run_dir=str(run_dir))
    alone = open_section("early_help", "2014-12", data_dir=str(run_dir.parent / "data"))
    pd.testing.assert_frame_equal(shared.indicators, context.indicators)
    # December 2014: E01 (School) and E02 (blank: Not recorded); E03 started in November
    assert shared.derived("lead_agency_counts").to_dict() == {"Not recorded": 1, "School": 1}
    for name in DERIVED:
        got, want = shared.derived(name), alone.derived(name)
        if isinstance(want, (pd.DataFrame, pd.Series)):
            assert got.reset_index(drop=True).equals(want.reset_index(drop=True)), name
        else:
            assert got == want, name
    assert shared.derived("data_as_at") == pd.Timestamp("2014-12-31")  # C02 and E02, 31 December
    assert shared.derived("missing_dob_count") == 0 and shared.derived("s47_first_month") is None
    assert shared.has_data("ssd_contacts", "ssd_early_help_episodes") and not shared.has_data("ssd_cp_plans")
    assert shared.has_table("ssd_person") and not shared.has_table("ssd_s47_enquiry")
    assert shared.table("ext_workforce") is None
    with pytest.raises(AttributeError, match="no record-level extract"):
        shared.extract  # noqa: B018
    assert alone.extract.get("ssd_contacts") is not None  # standalone: the section computes from the data


def test_a_section_loads_only_the_pieces_it_reads(run):
    _, run_dir = run
    s = open_section("contacts", "2014-12", run_dir=str(run_dir))
    assert s.context.loaded == {}
    s.value("contacts")
    assert set(s.context.loaded) == {"indicators"}
    s.derived("lead_agency_counts")
    assert set(s.context.loaded) == {"indicators", "lead_agency_counts"}
    # each section reads the run's files afresh: nothing one section loaded is handed to the next
    assert open_section("referrals", "2014-12", run_dir=str(run_dir)).context.loaded == {}


def test_context_of_another_format_is_refused(run):
    _, run_dir = run
    manifest = run_dir / CONTEXT_DIR / "context.json"
    record = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**record, "format": 99}))
    with pytest.raises(ValueError, match="context format 99"):
        read_context(run_dir)
