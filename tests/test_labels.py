"""Shared codes and labels (boardpack.sources.labels): every source reads a label the same way."""

import pandas as pd

from boardpack.sources import labels
from boardpack.sources.reader import read_extract
from boardpack.sources.tables import CP_CATEGORY_WORDS


def s(*values):
    return pd.Series(list(values), dtype="str")


def test_annex_a_prefixes_and_codes_before_a_colon():
    assert labels.strip_prefix(s("a) Yes", "q) 6: Police", "b) Female", "Neglect", " ", None)).tolist()[:4] == [
        "Yes",
        "6: Police",
        "Female",
        "Neglect",
    ]
    assert labels.code_before_colon(s("q) 6: Police", "1A: Individual", "10")).tolist() == ["6", "1A", "10"]


def test_booleans_in_every_form_and_others_kept_for_the_parser_to_name():
    got = labels.flag_text(s("0", "1", "true", "FALSE", "a) Yes", "b) No", "Y    ", "maybe", None)).tolist()
    assert got[:8] == ["N", "Y", "Y", "N", "Y", "N", "Y", "maybe"]
    assert pd.isna(got[8])


def test_sex_by_collection_year():
    # GenderCurrent (CIN census before 2024-25): 1 male, 2 female, 0 not known, 9 not specified
    assert labels.sex_code(s("1", "2", "0", "9", "1.0"), gender_current=True).tolist() == ["M", "F", "U", "U", "M"]
    # Sex (2024-25 on) and Annex A labels
    assert labels.sex_code(s("M", "F", "U", "a) Male", "b) Female", "Unknown")).tolist() == [
        "M",
        "F",
        "U",
        "M",
        "F",
        "U",
    ]


def test_cp_category_words_include_multiple_not_recommended():
    assert CP_CATEGORY_WORDS is labels.CP_CATEGORY_WORDS
    for word in ("multiple/not recommended", "neglect", "physical abuse", "emotional abuse", "sexual abuse"):
        assert word in CP_CATEGORY_WORDS


def test_child_ids_from_spreadsheets():
    assert labels.child_id(s(" 123.0", "007", "12 ", "A1.0")).tolist() == ["123", "007", "12", "A1.0"]


def test_rne_descriptions_become_codes():
    assert labels.rne_code(s("Change of legal status only", "p", "Started to be looked after")).tolist() == [
        "L",
        "P",
        "S",
    ]


def test_reader_reads_multiple_not_recommended_as_mul(tmp_path):
    (tmp_path / "ssd_cp_plans.csv").write_text(
        "cppl_cp_plan_id,cppl_person_id,cppl_cp_plan_start_date,cppl_cp_plan_initial_category\n"
        "1,P1,2014-01-02,Multiple/not recommended\n2,P2,2014-01-03,c) Sexual abuse\n"
    )
    plans = read_extract(tmp_path).get("ssd_cp_plans")
    assert plans["cppl_cp_plan_initial_category"].tolist() == ["MUL", "SAB"]
