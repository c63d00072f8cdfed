"""The data-quality section's shaping (boardpack.document.quality_report): counts and treatments, never rows."""

import pandas as pd

from boardpack.document import quality_report as qr
from boardpack.document.section import RunContext, Section
from boardpack.sources.extract import Extract


def _extract_with_findings():
    e = Extract()
    e.add_quality("ssd_contacts", "end before start", "cont_contact_screened_date", [4, 9, 12], "kept; counted")
    e.add_quality("ssd_cin_episodes", "orphan key", "cine_person_id", [7], "kept")
    e.add_quality("ssd_contacts", "exact duplicate rows", "", [101, 102], "removed: each kept once")
    # the same table, rule and column twice (e.g. from two checks): summed
    e.add_quality("ssd_contacts", "end before start", "cont_contact_screened_date", [30], "kept; counted")
    return e


def _section(extract, notes=()):
    return Section("data_quality", RunContext(pd.Period("2014-12", "M"), {}, extract, pd.DataFrame(), list(notes)))


def test_findings_table_has_counts_and_treatments_but_no_row_numbers():
    table = qr.findings_table(_extract_with_findings().quality)
    assert list(table.columns) == qr.FINDING_COLUMNS
    # tables and fields named as a reader would, with the figures each table feeds
    assert table.iloc[:, :5].values.tolist() == [
        ["Referrals", "orphan key", "person id", 1, "kept"],
        ["Contacts", "end before start", "contact screened date", 4, "kept; counted"],  # 3 + 1
        ["Contacts", "exact duplicate rows", "", 2, "removed: each kept once"],
    ]
    assert table["Figures it touches"].iloc[0].startswith("referrals, re-referrals")
    rendered = table.to_string()
    for row_number in ("101", "102", " 12", " 30"):
        assert row_number not in rendered


def test_no_findings():
    assert qr.findings_table(Extract().quality).empty
    assert qr.findings_table(None).empty
    assert qr.findings_sentence(qr.findings_table(None)) == "The checks found no record-level problems in the data."


def test_findings_sentence_counts_records_checks_and_tables():
    table = qr.findings_table(_extract_with_findings().quality)
    # 1 + 4 + 2 = 7 records, 3 checks, 2 tables
    assert qr.findings_sentence(table) == (
        "The checks found 7 records with a problem, under 3 checks in 2 tables. None stopped the run: each is "
        "counted below with how the figures treat it."
    )
    one = table.iloc[:1]
    assert qr.findings_sentence(one).startswith("The checks found 1 record with a problem, under 1 check in 1 table.")


def test_notes_are_split_deduplicated_and_redacted():
    notes = [
        "ssd_cp_visits: no file; child protection visits not reported",
        "ssd_cp_visits: no file; child protection visits not reported",
        "child_protection: no ssd_cp_plans; its indicators are not reported",
        "ssd_contacts.csv: rows 3, 4 and 9 have odd dates",
        "a note without a subject",
    ]
    table = qr.notes_table(notes)
    assert table.values.tolist() == [
        ["ssd_cp_visits", "no file; child protection visits not reported"],
        ["child_protection", "no ssd_cp_plans; its indicators are not reported"],
        ["ssd_contacts.csv", "some rows have odd dates"],
        ["", "a note without a subject"],
    ]


def test_redact_keeps_other_numbers():
    assert qr.redact("ssd_contacts.csv: 3 column(s) not in the contract ignored") == (
        "ssd_contacts.csv: 3 column(s) not in the contract ignored"
    )
    assert qr.redact("row 1: x") == "a row: x"


def test_blocks_of_the_section():
    s = _section(_extract_with_findings(), ["ssd_cp_visits: no file; visits not reported"])
    blocks = qr.blocks(s)
    assert [b.heading for b in blocks] == ["Record-level checks", "Notes on the extract"]
    assert blocks[0].table["Records"].sum() == 7
    assert blocks[1].table.values.tolist() == [["ssd_cp_visits", "no file; visits not reported"]]
    assert "rows" not in blocks[0].table.columns


def test_blocks_when_there_is_nothing_to_report():
    blocks = qr.blocks(_section(Extract()))
    assert blocks[0].table is None and blocks[0].sentences == ["The checks found no record-level problems in the data."]
    assert blocks[1].table is None and blocks[1].sentences == [
        "Every table was present and read as the data contract describes."
    ]


def test_register_adds_a_block_once():
    def revisions(s):
        return qr.Block("Revisions", ["No figure was revised."])

    try:
        qr.register(revisions)
        qr.register(revisions)
        assert [b.heading for b in qr.blocks(_section(Extract()))][-1] == "Revisions"
        assert qr.BUILDERS.count(revisions) == 1
    finally:
        qr.BUILDERS.remove(revisions)


def test_findings_block_renders_as_html_without_row_numbers():
    from boardpack.document.display import table_html

    block = qr.findings_block(_section(_extract_with_findings()))
    rendered = table_html(block.table, block.caption, block.formats)
    assert "<caption>Records found by each check, and how the figures treat them</caption>" in rendered
    assert "101" not in rendered and "102" not in rendered


def _section_with(extract, indicators, month="2014-12", outputs_dir=""):
    from boardpack.document.section import RunContext, Section

    context = RunContext(pd.Period(month, "M"), {}, extract, indicators, [], "", str(outputs_dir))
    return Section("data_quality", context)


def test_workforce_block_lists_hr_finance_disagreement():
    from boardpack.indicators.frames import empty
    from boardpack.sources.extract import Extract

    as_at = pd.Timestamp("2014-09-30")
    workforce = pd.DataFrame(
        {
            "wkf_as_at": [as_at, as_at],
            "wkf_team": ["MASH", "MASH"],
            "wkf_role": ["social_worker", "team_manager"],
            "wkf_permanent_fte": [3.0, 2.0],
            "wkf_interim_fte": [7.0, 1.0],
        }
    )
    budget = pd.DataFrame(
        {
            "wkb_as_at": [as_at],
            "wkb_team": ["MASH"],
            "wkb_budget_fte": [13.81],
            "wkb_new_starters_fte": [3.0],
            "wkb_permanent_fte": [5.0],
            "wkb_interim_fte": [5.0],
        }
    )
    s = _section_with(Extract(tables={"ext_workforce": workforce, "ext_workforce_budget": budget}), empty())
    block = qr.workforce_block(s)
    # HR: permanent 3 + 2 = 5 (agrees), interim 7 + 1 = 8 against finance's 5: one figure differs.
    assert block.table.to_dict("records") == [
        {
            "Snapshot": "30/09/2014",
            "Team": "MASH",
            "Figure": "interim FTE",
            "HR (ext_workforce)": 8.0,
            "Finance summary": 5.0,
        }
    ]
    assert "1 figure" in block.sentences[0]


def test_revisions_block_against_earlier_pack(tmp_path):
    from boardpack.indicators.frames import tidy
    from boardpack.sources.extract import Extract

    months = pd.period_range("2014-10", periods=2, freq="M")
    earlier = tidy("contacts", pd.Series([500.0, 550.0], index=months))
    (tmp_path / "2014-11").mkdir()
    earlier.assign(period_end=earlier["period_end"].dt.strftime("%Y-%m-%d")).to_csv(
        tmp_path / "2014-11" / "indicators.csv", index=False
    )
    now = tidy("contacts", pd.Series([500.0, 555.0, 421.0], index=pd.period_range("2014-10", periods=3, freq="M")))
    block = qr.revisions_block(_section_with(Extract(), now, outputs_dir=tmp_path))
    # October unchanged, November 550 -> 555 (+5), December not in the earlier pack.
    assert len(block.table) == 1
    assert block.table.iloc[0][["Month", "Was", "Now", "Change"]].tolist() == ["Nov 2014", 550.0, 555.0, 5.0]
    assert "November 2014" in block.sentences[0]
    assert qr.revisions_block(_section_with(Extract(), now, outputs_dir=tmp_path / "none")) is None
