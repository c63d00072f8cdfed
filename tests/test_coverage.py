"""Coverage (indicators.coverage): a figure whose window is not wholly inside its tables' coverage is
blank with a note; a figure built on a column the source does not carry is blank; no coverage.csv =
today's figures. coverage.csv is read by the folder reader with the usual one-line errors."""

import numpy as np
import pandas as pd
import pytest

from boardpack.indicators import coverage
from boardpack.sources.extract import Extract, ExtractError
from boardpack.sources.reader import read_extract


def frame(rows):
    """(indicator, month, value) -> an indicator frame."""
    return pd.DataFrame(
        {
            "indicator_id": [r[0] for r in rows],
            "period_end": [pd.Period(r[1], "M").end_time.normalize() for r in rows],
            "breakdown": "",
            "value": [float(r[2]) for r in rows],
            "numerator": [float(r[2]) for r in rows],
            "denominator": np.nan,
        }
    )


def spans(*rows):
    return pd.DataFrame(
        {
            "table": [r[0] for r in rows],
            "first_day": pd.to_datetime([r[1] for r in rows]),
            "last_day": pd.to_datetime([r[2] for r in rows]),
            "source": "test",
        }
    )


CONTACTS = pd.DataFrame(
    {"cont_contact_outcome_json": ['{"NEW_REFERRAL_FLAG": "Y"}'], "cont_contact_source_code": ["6"]}
)


@pytest.mark.parametrize(
    "kind, first, last",
    [
        ("month", "2015-03-01", "2015-03-31"),
        ("point", "2015-03-31", "2015-03-31"),
        ("two_months", "2015-02-01", "2015-03-31"),
        ("12m", "2014-04-01", "2015-03-31"),
        ("13m", "2014-03-31", "2015-03-31"),
        ("ytd", "2014-04-01", "2015-03-31"),
        ("year_before", "2014-03-01", "2015-03-31"),
        ("visits", "2015-02-17", "2015-03-31"),  # 42 days before 31 March
        ("30m", "2012-10-01", "2015-03-31"),
    ],
)
def test_windows_by_hand(kind, first, last):
    assert coverage.window(kind, "2015-03", {}) == (pd.Timestamp(first), pd.Timestamp(last))


def test_outside_coverage_is_blank_inside_is_kept_and_noted():
    extract = Extract(tables={"ssd_contacts": CONTACTS})
    extract.coverage = spans(("ssd_contacts", "2014-04-01", "2014-05-31"))
    rows = [("contacts", m, 10) for m in ("2014-03", "2014-04", "2014-05", "2014-06")]
    rows += [("contacts_change_prev_month_pct", m, 5) for m in ("2014-04", "2014-05")]
    rows += [("referrals", "2014-03", 7)]  # ssd_cin_episodes not in coverage.csv: its own span, untouched
    out, notes = coverage.apply(frame(rows), extract, {})
    values = out.set_index(["indicator_id", out["period_end"].dt.strftime("%Y-%m")])["value"]
    assert np.isnan(values[("contacts", "2014-03")]) and np.isnan(values[("contacts", "2014-06")])
    assert values[("contacts", "2014-04")] == 10 and values[("contacts", "2014-05")] == 10
    # April's change needs March (outside); May's needs April and May (inside)
    assert np.isnan(values[("contacts_change_prev_month_pct", "2014-04")])
    assert values[("contacts_change_prev_month_pct", "2014-05")] == 5
    assert values[("referrals", "2014-03")] == 7
    assert out["numerator"].isna().sum() == 3
    assert any(n.startswith("contacts: blank for 2014-03 to 2014-06") for n in notes)


def test_two_spans_with_a_gap_and_a_window_across_it():
    extract = Extract(tables={"ssd_contacts": CONTACTS})
    extract.coverage = spans(("ssd_contacts", "2014-01-01", "2014-03-31"), ("ssd_contacts", "2014-05-01", "2014-06-30"))
    rows = [("contacts", m, 1) for m in ("2014-03", "2014-04", "2014-05")]
    rows += [("contacts_change_prev_month_pct", "2014-05", 1), ("contacts_change_prev_month_pct", "2014-06", 1)]
    out, _ = coverage.apply(frame(rows), extract, {})
    assert out["value"].isna().tolist() == [False, True, False, True, False]


def test_no_coverage_changes_nothing():
    extract = Extract(tables={"ssd_contacts": CONTACTS})
    before = frame([("contacts", "2014-03", 10), ("contacts_to_referral_pct", "2014-03", 50)])
    out, notes = coverage.apply(before, extract, {})
    pd.testing.assert_frame_equal(out, before)
    assert notes == []


def test_a_column_the_source_does_not_carry_blanks_the_figure_not_zero():
    contacts = CONTACTS.assign(cont_contact_outcome_json=pd.Series([np.nan], dtype="str"))
    extract = Extract(tables={"ssd_contacts": contacts})
    out, notes = coverage.apply(
        frame([("contacts_to_referral_pct", "2014-03", 0), ("contacts", "2014-03", 4)]), extract, {}
    )
    assert out["value"].isna().tolist() == [True, False]
    assert notes == [
        "contacts_to_referral_pct: blank: ssd_contacts.cont_contact_outcome_json holds no values (the source does not carry it)"
    ]


def test_every_declared_window_kind_is_known():
    for indicator, (tables, kind, _) in coverage.DECLARED.items():
        assert tables, indicator
        coverage.window(kind, "2015-03", {})


def contacts_folder(tmp_path, coverage_text: str):
    (tmp_path / "ssd_contacts.csv").write_text("cont_contact_id,cont_person_id,cont_contact_date\nC1,P1,2014-04-02\n")
    (tmp_path / "coverage.csv").write_text(coverage_text)
    return tmp_path


def test_the_folder_reader_reads_coverage_csv(tmp_path):
    folder = contacts_folder(
        tmp_path,
        "\ufefftable,first_day,last_day,source\nSSD_Contacts,01/04/2014,2014-05-31,Annex A\nssd_nothing,2014-01-01,2014-02-01,x\n",
    )
    extract = read_extract(folder)
    assert extract.coverage[["table", "first_day", "last_day"]].values.tolist() == [
        ["ssd_contacts", pd.Timestamp("2014-04-01"), pd.Timestamp("2014-05-31")]
    ]
    assert "coverage.csv: 1 row(s) for tables not in the contract ignored" in extract.notes
    assert not any(n.startswith("coverage.csv: not a table") for n in extract.notes)
    header_only = tmp_path / "header_only"
    header_only.mkdir()
    assert read_extract(contacts_folder(header_only, "table,first_day,last_day\n")).coverage.empty


@pytest.mark.parametrize(
    "text, fragments",
    [
        (
            "table,first_day,last_day\nssd_contacts,2014-04-01,31-05-2014\n",
            ["coverage.csv", "row 1", "last_day", "'31-05-2014'"],
        ),
        (
            "table,first_day,last_day\nssd_contacts,2014-06-01,2014-05-31\n",
            ["coverage.csv", "row 1", "last_day", "before first_day"],
        ),
        ("table,first_day\nssd_contacts,2014-06-01\n", ["coverage.csv", "required column last_day"]),
        ("table,first_day,last_day\nssd_contacts,,2014-05-31\n", ["coverage.csv", "row 1", "first_day", "blank"]),
    ],
)
def test_a_bad_coverage_csv_stops_with_file_row_column_value(tmp_path, text, fragments):
    with pytest.raises(ExtractError) as caught:
        read_extract(contacts_folder(tmp_path, text))
    for fragment in fragments:
        assert fragment in str(caught.value)
