"""Ofsted Annex A -> contract tables (boardpack convert annex-a): the samples' rows per list, and a
hand-built workbook with the spec's traps (List 1 vs List 10, header variants, curly quotes,
prefixed labels, Excel serial and DD/MM/YYYY dates, child ids as 123.0, stacking, the window)."""

import datetime as dt

import pandas as pd
from openpyxl import Workbook

from boardpack.indicators.registry import compute_all
from boardpack.params import load_params
from boardpack.run.cli import main
from boardpack.sources.annex_a.convert import convert
from boardpack.sources.reader import read_extract
from helpers import figure_row
from samples import sample


def workbook(path):
    wb = Workbook()
    cover = wb.active
    cover.title = "Cover"
    cover.append(["Annex A", "return for inspection"])
    ten = wb.create_sheet("List 10")
    ten.append(["Child Unique ID", "Family identifier", "Date of Adoption Order "])
    ten.append([999, 1, dt.datetime(2023, 9, 1)])
    one = wb.create_sheet("List 1")
    one.append(
        ["Child Unique ID", "Gender", "Date of Birth", "Age of Child (Years)", "  Date of Contact ", "Contact Source"]
    )
    one.append([123.0, "b) Female", dt.datetime(2015, 1, 1), 8, dt.datetime(2023, 8, 3), "q) 6: Police"])
    one.append([456, "a) Male", "01/02/2016", 7, 45170, "j) 3D: Health services"])  # 45170 = 2023-09-01
    one.append([789, "Female", None, None, "15/01/2024", "1A: Individual"])
    one.append([None, None, None, None, None, None])  # an empty row: not a record
    three = wb.create_sheet("List 3")
    three.append(
        [
            "Child Unique ID",
            "Gender",
            "Date of Birth",
            "Date of Referral",
            "Referral Source",
            "Referral NFA?",
            "Allocated Team",
        ]
    )
    three.append(
        ["123", "b) Female", dt.datetime(2015, 1, 1), dt.datetime(2023, 8, 4), "q) 6: Police", "a) Yes", "MASH"]
    )
    three.append([456, "a) Male", None, dt.datetime(2024, 1, 20), "s) 8: Other", "No", "Duty"])
    four = wb.create_sheet("List 4")
    four.append(
        [
            "Child Unique ID",
            "Continuous Assessment Start Date",
            "Continuous Assessment Date of Authorisation",
            "Was the child assessed as requiring LA children\u2019s social care support?",
        ]
    )
    four.append([123, dt.datetime(2023, 8, 5), dt.datetime(2023, 9, 1), "b) No"])
    four.append([456, dt.datetime(2024, 1, 21), None, "a) Yes"])
    wb.save(path)
    return path


def test_hand_built_workbook(tmp_path):
    out = convert([workbook(tmp_path / "annex_a.xlsx")], tmp_path / "out")
    contacts = pd.read_csv(out / "ssd_contacts.csv", dtype=str)
    assert contacts["cont_contact_id"].tolist() == ["123|2023-08-03", "456|2023-09-01", "789|2024-01-15"]
    assert contacts["cont_contact_source_code"].tolist() == ["6", "3D", "1A"]  # prefixes gone
    person = pd.read_csv(out / "ssd_person.csv", dtype=str).set_index("pers_person_id")
    assert person.loc["123", "pers_sex"] == "F" and person.loc["456", "pers_dob"] == "2016-02-01"
    assert "999" not in person.index  # List 10 is not List 1
    ref = pd.read_csv(out / "ssd_cin_episodes.csv", dtype=str)
    assert ref["cine_referral_nfa"].tolist() == ["Y", "N"] and ref["cine_referral_source_code"].tolist() == ["6", "8"]
    ass = pd.read_csv(out / "ssd_cin_assessments.csv", dtype=str)
    assert ass["cina_assessment_outcome_nfa"].tolist() == [
        "Y",
        "N",
    ]  # curly-quoted header read; not requiring support = NFA
    rep = pd.read_csv(out / "convert-report.csv", dtype=str, keep_default_na=False)
    assert rep.loc[rep["code"] == "excel serial date", ["row", "value"]].values.tolist() == [["3", "45170"]]
    assert rep.loc[rep["code"] == "sheet not used", "message"].str.contains("Cover|List 10").sum() == 2
    cov = pd.read_csv(out / "coverage.csv", dtype=str)
    assert set(cov["table"]) == {"ssd_contacts", "ssd_cin_episodes", "ssd_cin_assessments"}
    assert set(cov["first_day"]) == {"2023-08-01"} and set(cov["last_day"]) == {"2024-01-31"}
    frame, _ = compute_all(read_extract(out, "2024-01"), "2024-01", load_params())
    assert figure_row(frame, "contacts", "2023-09")["value"] == 1
    assert pd.isna(figure_row(frame, "contacts_to_referral_pct", "2023-09")["value"])  # no outcomes in Annex A
    # the first month's change on the previous month needs July, before the window: blank; September's is
    # inside it: 1 contact in September against 1 in August = 0%
    assert pd.isna(figure_row(frame, "contacts_change_prev_month_pct", "2023-08")["value"])
    assert figure_row(frame, "contacts_change_prev_month_pct", "2023-09")["value"] == 0


def test_two_workbooks_stacked(tmp_path):
    a = workbook(tmp_path / "a.xlsx")
    out = convert([a, a], tmp_path / "out")
    assert len(pd.read_csv(out / "ssd_contacts.csv")) == 3  # each record kept once
    rep = pd.read_csv(out / "convert-report.csv", dtype=str, keep_default_na=False)
    # 3 contacts, 2 referrals, 2 assessments, 3 children
    assert (rep["code"] == "replaced by a later input").sum() == 3 + 2 + 2 + 3
    cov = pd.read_csv(out / "coverage.csv", dtype=str)
    assert len(cov) == 3


def test_the_shared_samples_rows_per_list(tmp_path, capsys):
    """Both samples, by hand (openpyxl, rows after the header): List 1 5 contacts, List 2 5 early help,
    List 3 6 referrals, List 4 5 assessments, List 5 5 enquiries of which 3 have a conference date,
    List 7 7 plans, List 8 5 looked-after children. Every contact and referral is dated 16/09/2020,
    so the window is September 2020; the 5 contacts' sources are 6, 6, 1B, 6, 9 (prefixes removed)."""
    expected = {
        "ssd_contacts": 5,
        "ssd_early_help_episodes": 5,
        "ssd_cin_episodes": 6,
        "ssd_cin_assessments": 5,
        "ssd_s47_enquiry": 5,
        "ssd_initial_cp_conference": 3,
        "ssd_cp_plans": 7,
        "ssd_cla_episodes": 5,
    }
    for name in ("Annex_A.xlsx", "Annex_A_2024_Jan.xlsx"):
        out = tmp_path / name
        assert main(["convert", "annex-a", str(sample(f"annex-a-sample/{name}")), "--out", str(out)]) == 0
        for table, rows in expected.items():
            assert len(pd.read_csv(out / f"{table}.csv")) == rows, (name, table)
        contacts = pd.read_csv(out / "ssd_contacts.csv", dtype=str)
        assert contacts["cont_contact_source_code"].tolist() == ["6", "6", "1B", "6", "9"]
        cov = pd.read_csv(out / "coverage.csv", dtype=str)
        assert set(cov["first_day"]) == {"2020-09-01"} and set(cov["last_day"]) == {"2020-09-30"}
        frame, _ = compute_all(read_extract(out, "2020-09"), "2020-09", load_params())
        assert figure_row(frame, "contacts", "2020-09")["value"] == 5
        assert figure_row(frame, "referrals", "2020-09")["value"] == 6
