"""The monthly batch (`--month latest`, the summary line), `boardpack sections` and `--version`."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import boardpack
from boardpack.board.headlines import SECTION_HEADLINES, SUMMARY_HEADLINES
from boardpack.calendar import last_whole_month
from boardpack.run import batch, listing
from boardpack.run.cli import main
from boardpack.run.runner import SECTIONS, RunError
from boardpack.sources.reader import read_extract
from test_cli import one_line, run


def extract_with(folder: Path, contacts: list[str], referrals: list[str] = ()) -> Path:
    """A child with contacts (and referrals) on the given dates."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ssd_person.csv").write_text("pers_person_id,pers_dob,pers_sex\nP001,2010-01-02,M\n")
    rows = "".join(f"C{i:02d},P001,{d},6\n" for i, d in enumerate(contacts))
    (folder / "ssd_contacts.csv").write_text(
        "cont_contact_id,cont_person_id,cont_contact_date,cont_contact_source_code\n" + rows
    )
    if referrals:
        rows = "".join(f"R{i:02d},P001,{d}\n" for i, d in enumerate(referrals))
        (folder / "ssd_cin_episodes.csv").write_text("cine_referral_id,cine_person_id,cine_referral_date\n" + rows)
    return folder


@pytest.mark.parametrize(
    "date, month",
    [
        ("2014-12-31", "2014-12"),  # the month's last day: the month is whole
        ("2014-12-30", "2014-11"),  # a day short: the month before
        ("2015-03-01", "2015-02"),
        ("2016-02-29", "2016-02"),  # leap year
        ("2015-02-28", "2015-02"),
        ("2015-01-15", "2014-12"),  # across the year
    ],
)
def test_last_whole_month(date, month):
    assert str(last_whole_month(pd.Timestamp(date))) == month


def test_latest_month_is_the_latest_whole_month_of_any_table(tmp_path):
    # contacts end 14 March 2015, referrals 31 January: the latest event is 14 March, so the
    # latest whole month is February (the extract was taken part-way through March)
    folder = extract_with(tmp_path / "d", ["2014-11-03", "2015-03-14"], ["2015-01-31"])
    assert str(batch.latest_month(read_extract(folder))) == "2015-02"
    # a contact on 31 March makes March whole
    folder = extract_with(tmp_path / "e", ["2014-11-03", "2015-03-31"], ["2015-01-31"])
    assert str(batch.latest_month(read_extract(folder))) == "2015-03"


def test_latest_month_stops_when_no_month_is_whole(tmp_path):
    folder = extract_with(tmp_path / "d", ["2014-12-03", "2014-12-20"])
    with pytest.raises(RunError, match="covers no whole month.*2014-12-03 to 2014-12-20"):
        batch.latest_month(read_extract(folder))


def test_indicators_latest_is_the_same_as_naming_the_month(capsys, tmp_path):
    folder = extract_with(tmp_path / "d", ["2014-11-03", "2014-12-02", "2015-01-09"])
    code, out, err = run(
        capsys, "indicators", "--month", "latest", "--data", str(folder), "--out", str(tmp_path / "a.csv")
    )
    assert code == 0, err
    code, out, err = run(
        capsys, "indicators", "--month", "2014-12", "--data", str(folder), "--out", str(tmp_path / "b.csv")
    )
    assert code == 0, err
    latest = pd.read_csv(tmp_path / "a.csv")
    assert latest["period_end"].max() == "2014-12-31"
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()


def test_latest_with_no_whole_month_is_bad_input(capsys, tmp_path):
    folder = extract_with(tmp_path / "d", ["2014-12-03"])
    code, out, err = run(
        capsys, "indicators", "--month", "latest", "--data", str(folder), "--out", str(tmp_path / "a.csv")
    )
    assert code == 2 and out == ""
    assert "covers no whole month" in one_line(err)


def test_summary_line_names_month_sections_time_and_html():
    class Result:
        month, seconds, html = "2014-12", 7.06, Path("/packs/2014-12/board-report.html")
        sections = ["contacts"]

    assert (
        batch.summary_line(Result) == "board report for 2014-12: 1 section in 7.1 s: /packs/2014-12/board-report.html"
    )


def test_version_from_the_one_source(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"boardpack {boardpack.__version__}"
    result = subprocess.run([sys.executable, "-m", "boardpack", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == f"boardpack {boardpack.__version__}"


def test_sections_lists_every_section_in_order_with_its_headlines(capsys):
    code, out, err = run(capsys, "sections")
    assert code == 0 and err == ""
    listed = [line for line in out.splitlines() if not line.startswith(" ")]
    assert listed == SECTIONS
    needs = {n.id: n for n in listing.section_needs()}
    for section, headlines in SECTION_HEADLINES.items():
        assert set(needs[section].indicators) == {i for i, _, _ in headlines}, section
    assert set(needs["summary"].indicators) == {i for _, i, _ in SUMMARY_HEADLINES}
    assert needs["title"].indicators == [] and needs["data_quality"].indicators == []


def test_sections_derive_domains_and_tables_from_the_registry():
    needs = {n.id: n for n in listing.section_needs()}
    assert needs["contacts"].domains == ["contacts"] and needs["contacts"].required == ["ssd_contacts"]
    # the health section heads with health-group contacts (contacts domain) and medicals (health domain)
    assert needs["health"].domains == ["contacts", "health"]
    assert needs["health"].required == ["ssd_contacts", "ext_cp_medicals"]
    # child protection requires no one table: each family of ids needs its own
    cp = needs["child_protection"]
    assert cp.required == [] and {"ssd_cp_plans", "ssd_initial_cp_conference", "ssd_cp_visits"} <= set(cp.read)
    assert "ext_population" in cp.read  # the rate per 10,000, through population.py
    assert needs["strategy_s47"].read == ["ext_strategy_discussions", "ssd_s47_enquiry", "ext_population"]


def test_every_headline_is_written_by_one_domain():
    domains = listing.domains()
    for section, headlines in SECTION_HEADLINES.items():
        for indicator, _, _ in headlines:
            writers = [d.name for d in domains if indicator in d.produced]
            assert len(writers) == 1, f"{section}: {indicator} written by {writers}"
