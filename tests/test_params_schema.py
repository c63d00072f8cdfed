"""Parameters checked at the door: each error with hand-written YAML, one line naming file, key and reason;
unmapped source codes counted in data quality and warned about."""

import pandas as pd
import pytest

from boardpack.indicators.source_groups import UNMAPPED_RULE, flag_unmapped
from boardpack.params import CATALOGUE_IDS, ParamsError, load_params
from boardpack.run.cli import main
from boardpack.sources.extract import Extract
from test_runner import make_extract


def _yaml(tmp_path, text):
    path = tmp_path / "council.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text, expected",
    [
        ("la_nmae: Herefordshire\n", "council.yaml: la_nmae: unknown key (did you mean la_name?)"),
        (
            "targets:\n  cp_visits_in_timescale_pct:\n    value: '100%'\n",
            "council.yaml: targets.cp_visits_in_timescale_pct.value: should be a number (no % sign or quotes), got '100%'",
        ),
        (
            "targets:\n  cp_visit_pct: {value: 100}\n",
            "council.yaml: targets.cp_visit_pct: not an indicator id of the catalogue (did you mean cp_visits_in_timescale_pct?)",
        ),
        ("better:\n  contacts: up\n", "council.yaml: better.contacts: input should be 'higher' or 'lower', got 'up'"),
        (
            "targets:\n  contacts: {value: 1, better: hihger}\n",
            "council.yaml: targets.contacts.better: input should be",
        ),
        (
            "assessment_timescales: {initial: 7.5}\n",
            "council.yaml: assessment_timescales.initial: should be a whole number, got 7.5",
        ),
        ("spc: {shift_pionts: 8}\n", "council.yaml: spc.shift_pionts: unknown key (did you mean shift_points?)"),
        (
            "direction_compare: yesterday\n",
            "council.yaml: direction_compare: input should be 'last_year' or 'last_month'",
        ),
        ("events:\n  - {date: 2014-11-05}\n", "council.yaml: events.0.label: missing"),
        ("events:\n  - {date: 5th November, label: x}\n", "council.yaml: events.0.date: input should be a valid date"),
        (
            "contact_source_groups:\n  Police: ['6']\n  Health: [6]\n",
            "council.yaml: contact_source_groups.Health: code 6 is already in group 'Police'",
        ),
    ],
)
def test_each_error_names_file_key_and_reason(tmp_path, text, expected):
    with pytest.raises(ParamsError) as error:
        load_params(_yaml(tmp_path, text))
    message = str(error.value)
    assert "\n" not in message and expected in message, message


def test_good_overlay_passes_and_defaults_pass(tmp_path):
    p = load_params(_yaml(tmp_path, "la_name: Herefordshire\nevents:\n  - {date: 2014-11-05, label: CSE tool}\n"))
    assert p["la_name"] == "Herefordshire" and str(p["events"][0]["date"]) == "2014-11-05"
    assert load_params()["targets"]["cp_visits_in_timescale_pct"]["value"] == 100


def test_catalogue_ids_are_the_demo_ids():
    # The golden back-test holds every catalogue id the demo computes: the schema's list is the same.
    frame = pd.read_csv("tests/backtests/demo-2014-12-indicators.csv", usecols=["indicator_id"])
    assert set(frame["indicator_id"]) == set(CATALOGUE_IDS)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("la_nmae: X\n", "la_nmae: unknown key"),
        ("targets:\n  cp_visits_in_timescale_pct: {value: '100%'}\n", "value: should be a number"),
        ("targets:\n  cp_visit_pct: {value: 100}\n", "targets.cp_visit_pct: not an indicator id"),
        ("la_code: E99999999\n", "la_code: 'E99999999' is not a local authority in the DfE files"),
        ("benchmark_as: '999'\n", "benchmark_as: '999' is not a local authority"),
    ],
)
@pytest.mark.parametrize("command", ["run", "indicators"])
def test_run_and_indicators_stop_at_once_exit_2(capsys, tmp_path, text, expected, command):
    data = make_extract(tmp_path / "d")
    params = _yaml(tmp_path, text)
    argv = [command, "--month", "2014-12", "--data", str(data), "--params", str(params), "--out", str(tmp_path / "o")]
    code = main(argv)
    _, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and "Traceback" not in err
    assert str(params) in lines[0] and expected in lines[0], lines[0]
    assert not (tmp_path / "o").exists()


def test_unmapped_codes_counted_in_quality_and_noted():
    # 4 contacts: "6" mapped (Police); "POL" twice and "X1" once not mapped; 3 of 4 = 75%.
    contacts = pd.DataFrame({"cont_contact_source_code": ["6", "POL", "X1", "POL"]})
    extract = Extract(tables={"ssd_contacts": contacts})
    notes = flag_unmapped(extract, {"contact_source_groups": {"Police": ["6"]}})
    assert notes == [
        "ssd_contacts: 3 of 4 contacts (75%) have source codes not in contact_source_groups (POL 2, X1 1): "
        "counted under Other"
    ]
    finding = extract.quality.loc[extract.quality["rule"] == UNMAPPED_RULE].iloc[0]
    assert finding["table"] == "ssd_contacts" and finding["count"] == 3
    assert list(finding["rows"]) == [2, 3, 4]


def test_readme_example_is_flagged_on_the_demo(capsys, tmp_path):
    # The README's council example maps Police, Health and Schools only: most demo contacts fall in
    # "Other", and `indicators` says so on stderr (and carries on).
    params = _yaml(
        tmp_path,
        "la_name: Herefordshire\nla_code: E06000019\ncontact_source_groups:\n"
        "  Police: ['6', 'POL']\n  Health: ['3A', '3B', '3C', '3D', '3E', '3F']\n  Schools: ['2A']\n",
    )
    code = main(["indicators", "--month", "2014-12", "--params", str(params), "--out", str(tmp_path / "i.csv")])
    _, err = capsys.readouterr()
    assert code == 0
    line = next(line for line in err.splitlines() if line.startswith("note: ssd_contacts:"))
    share = int(line.split("(")[1].split("%")[0])
    assert share > 50 and "counted under Other" in line
