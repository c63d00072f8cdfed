"""read_extract on hand-built files: dates per value, identifiers, flags, JSON, categories, formats."""

import hashlib

import numpy as np
import pandas as pd
import pytest

from boardpack.sources.extract import ExtractError
from boardpack.sources.reader import read_extract
from boardpack.sources.tables import TABLES, parsed_dtype

PERSON = "pers_person_id,pers_dob\n007,2010-01-02\n7,03/04/2011\n"


def write(folder, name, text, encoding="utf-8"):
    path = folder / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def contacts(folder, rows, header="cont_contact_id,cont_person_id,cont_contact_date,cont_contact_outcome_json"):
    write(folder, "ssd_contacts.csv", header + "\n" + "".join(r + "\n" for r in rows))


def test_iso_and_uk_dates_decided_per_value(tmp_path):
    contacts(
        tmp_path,
        [
            "1,A,2014-03-04,",
            "2,A,04/03/2014,",
            "3,A,4/3/2014,",
            "4,A,2014-03-04 23:59:59,",
            "5,A,2014-03-04T08:15:00.000,",
            "6,A,04/03/2014 13:45,",
            "7,A,31/12/2014,",
            "8,A,,",
        ],
    )
    e = read_extract(tmp_path)
    dates = e.get("ssd_contacts")["cont_contact_date"]
    assert dates.dtype == "datetime64[ns]"
    assert list(dates[:6]) == [pd.Timestamp("2014-03-04")] * 6  # 4 March every time, time part ignored
    assert dates[6] == pd.Timestamp("2014-12-31")
    assert pd.isna(dates[7])


def test_uk_day_first_never_guessed_on_iso(tmp_path):
    # 2014-01-12 is 12 January; 01/12/2014 is 1 December - in the same column
    contacts(tmp_path, ["1,A,2014-01-12,", "2,A,01/12/2014,"])
    dates = read_extract(tmp_path).get("ssd_contacts")["cont_contact_date"]
    assert list(dates) == [pd.Timestamp("2014-01-12"), pd.Timestamp("2014-12-01")]


@pytest.mark.parametrize(
    "value, what",
    [
        ("31/02/2014", "not a real date"),
        ("2014-02-30", "not a real date"),
        ("01/12/14", "two-digit year"),
        ("41974", "Excel serial"),
        ("2014/12/01", "YYYY-MM-DD or DD/MM/YYYY"),
        ("1 Dec 2014", "YYYY-MM-DD"),
        ("12/31/2014", "not a real date"),
        ("0000-01-01", "outside the years"),
        ("3014-01-01", "outside the years"),
    ],
)
def test_bad_dates_stop_with_file_row_column_value(tmp_path, value, what):
    contacts(tmp_path, ["1,A,2014-03-04,", f"2,A,{value},", "3,A,bad,"])
    with pytest.raises(ExtractError) as caught:
        read_extract(tmp_path)
    message = str(caught.value)
    assert message.startswith(f"ssd_contacts.csv: row 2, column cont_contact_date: '{value}' ")
    assert what in message
    assert "(2 values in this column cannot be read)" in message


def test_error_message_exact_form(tmp_path):
    contacts(tmp_path, ["1,A,2014-03-04,", "2,A,31/02/2014,"])
    with pytest.raises(
        ExtractError,
        match=r"^ssd_contacts\.csv: row 2, column cont_contact_date: "
        r"'31/02/2014' is not a real date \(no such day\)$",
    ):
        read_extract(tmp_path)


def test_row_numbers_count_records_not_lines(tmp_path):
    # a quoted value holding a line break does not shift the data-row number
    write(
        tmp_path,
        "ssd_contacts.csv",
        "cont_contact_id,cont_person_id,cont_contact_date,cont_contact_source_desc\n"
        '1,A,2014-03-04,"two\nlines"\n2,A,2014-13-01,x\n',
    )
    with pytest.raises(ExtractError, match="row 2, column cont_contact_date: '2014-13-01'"):
        read_extract(tmp_path)


def test_identifiers_stay_text(tmp_path):
    write(tmp_path, "ssd_person.csv", PERSON)
    contacts(tmp_path, ["001,007,2014-03-04,", "1,7,2014-03-05,", " 02 ,  ,2014-03-05,"])
    e = read_extract(tmp_path)
    person, cont = e.get("ssd_person"), e.get("ssd_contacts")
    assert person["pers_person_id"].tolist() == ["007", "7"]
    assert person["pers_person_id"].dtype == "str"
    assert cont["cont_contact_id"].tolist() == ["001", "1", "02"]  # spaces stripped
    assert cont["cont_person_id"].tolist()[:2] == ["007", "7"]
    assert pd.isna(cont["cont_person_id"][2])  # blank = missing
    assert person["pers_dob"].tolist() == [pd.Timestamp("2010-01-02"), pd.Timestamp("2011-04-03")]


def test_outcome_json_flags(tmp_path):
    rows = [
        '1,A,2014-03-04,"{""NEW_REFERRAL_FLAG"": ""Y"", ""NFA_FLAG"": ""N"", ""MISSING_FLAG"": ""N""}"',
        '2,A,2014-03-04,"{""NEW_REFERRAL_FLAG"": ""N"", ""MISSING_FLAG"": ""Y""}"',
        '3,A,2014-03-04,"{""NFA_FLAG"": ""Y""}"',  # keys missing = N
        "4,A,2014-03-04,",  # no JSON at all
        '5,A,2014-03-04,"{""new_referral_flag"":""yes"",""MISSING_FLAG"":true}"',
        '6,A,2014-03-04,"{""NEW_REFERRAL_FLAG"": ""YN""}"',  # not a Y
    ]
    contacts(tmp_path, rows)
    c = read_extract(tmp_path).get("ssd_contacts")
    assert c["cont_new_referral"].tolist() == [True, False, False, False, True, False]
    assert c["cont_missing"].tolist() == [False, True, False, False, True, False]
    assert c["cont_new_referral"].dtype == bool


def test_flags_all_forms_and_seen_default(tmp_path):
    values = ["Y", "n", "Yes", "NO", "1", "0", "TRUE", "false", ""]
    write(
        tmp_path,
        "ssd_cp_visits.csv",
        "cppv_person_id,cppv_cp_visit_date,cppv_cp_visit_seen\n"
        + "".join(f"A,2014-03-{i + 1:02d},{v}\n" for i, v in enumerate(values)),
    )
    write(
        tmp_path,
        "ssd_cin_episodes.csv",
        "cine_referral_id,cine_person_id,cine_referral_date,cine_referral_nfa\n"
        + "".join(f"R{i},A,2014-03-04,{v}\n" for i, v in enumerate(values)),
    )
    e = read_extract(tmp_path)
    seen = e.get("ssd_cp_visits")["cppv_cp_visit_seen"]
    assert seen.dtype == "boolean"
    assert seen.tolist() == [True, False, True, False, True, False, True, False, True]  # blank = seen
    nfa = e.get("ssd_cin_episodes")["cine_referral_nfa"]
    assert nfa.tolist()[:8] == [True, False, True, False, True, False, True, False]
    assert nfa.isna().tolist()[8]


def test_visit_seen_absent_column_is_seen(tmp_path):
    write(tmp_path, "ssd_cla_visits.csv", "clav_person_id,clav_cla_visit_date\nA,2014-03-04\n")
    e = read_extract(tmp_path)
    assert e.get("ssd_cla_visits")["clav_cla_visit_seen"].tolist() == [True]
    assert any("clav_cla_visit_seen" in n for n in e.notes)


def test_bad_flag_stops(tmp_path):
    write(tmp_path, "ssd_cp_visits.csv", "cppv_person_id,cppv_cp_visit_date,cppv_cp_visit_seen\nA,2014-03-04,T\n")
    with pytest.raises(ExtractError, match=r"ssd_cp_visits.csv: row 1, column cppv_cp_visit_seen: 'T' is not a flag"):
        read_extract(tmp_path)


def test_cp_categories_three_forms(tmp_path):
    forms = [
        ("NEG", "Neglect", "a) Neglect"),
        ("PHY", "Physical abuse", "b) Physical abuse"),
        ("EMO", "emotional abuse", "c) Emotional abuse"),
        ("SAB", "Sexual Abuse", "d) Sexual abuse"),
        ("mul", "Multiple", "e) Multiple"),
    ]
    lines = []
    for i, (code, word, label) in enumerate(forms):
        lines += [
            f"P{i}a,A,2014-01-01,{code},{word}",
            f"P{i}b,A,2014-01-01,{word},{label}",
            f"P{i}c,A,2014-01-01,{label},",
        ]
    write(
        tmp_path,
        "ssd_cp_plans.csv",
        "cppl_cp_plan_id,cppl_person_id,cppl_cp_plan_start_date,"
        "cppl_cp_plan_initial_category,cppl_cp_plan_latest_category\n" + "\n".join(lines) + "\n",
    )
    plans = read_extract(tmp_path).get("ssd_cp_plans")
    expected = [c for c in ("NEG", "PHY", "EMO", "SAB", "MUL") for _ in range(3)]
    assert plans["cppl_cp_plan_initial_category"].tolist() == expected
    latest = plans["cppl_cp_plan_latest_category"]
    assert latest[~latest.isna()].tolist() == [c for c in ("NEG", "PHY", "EMO", "SAB", "MUL") for _ in range(2)]


def test_assessment_type_default_and_case(tmp_path):
    write(
        tmp_path,
        "ssd_cin_assessments.csv",
        "cina_assessment_id,cina_person_id,cina_assessment_start_date,cina_assessment_type\n"
        "1,A,2014-01-01,Initial\n2,A,2014-01-01,CORE\n3,A,2014-01-01,\n4,A,2014-01-01,Single Assessment\n"
        "5,A,2014-01-01,C&F\n",
    )
    e = read_extract(tmp_path)
    assert e.get("ssd_cin_assessments")["cina_assessment_type"].tolist() == [
        "initial",
        "core",
        "single",
        "single",
        "single",
    ]
    q = e.quality
    assert q.loc[q["rule"] == "unrecognised assessment type", "rows"].iloc[0] == [5]


def test_assessment_type_absent_is_single(tmp_path):
    write(
        tmp_path,
        "ssd_cin_assessments.csv",
        "cina_assessment_id,cina_person_id,cina_assessment_start_date\n1,A,2014-01-01\n",
    )
    assert read_extract(tmp_path).get("ssd_cin_assessments")["cina_assessment_type"].tolist() == ["single"]


def test_new_starters_blank_is_zero_and_numbers(tmp_path):
    write(
        tmp_path,
        "ext_workforce_budget.csv",
        "wkb_as_at,wkb_team,wkb_budget_fte,wkb_new_starters_fte\n31/12/2014,A,12.5,\n31/12/2014,B,3,1.5\n",
    )
    write(tmp_path, "ext_population.csv", 'popn_year,popn_age_0_17\n2014,"36,100"\n2013, 35900 \n')
    e = read_extract(tmp_path)
    b = e.get("ext_workforce_budget")
    assert b["wkb_new_starters_fte"].tolist() == [0.0, 1.5]
    assert b["wkb_budget_fte"].dtype == "float64"
    assert e.get("ext_population")["popn_age_0_17"].tolist() == [36100.0, 35900.0]


def test_parquet(tmp_path):
    pd.DataFrame(
        {
            "cont_contact_id": [1, 2, 3],  # typed integers -> text
            "cont_person_id": ["007", "7", None],
            "cont_contact_date": pd.to_datetime(pd.Series(["2014-03-04 10:30", "2014-03-05 00:00", None])),
            "cont_contact_screened_date": ["2014-03-05", "06/03/2014", None],  # text dates parsed too
            "cont_contact_outcome_json": ['{"NEW_REFERRAL_FLAG": "Y"}', None, None],
        }
    ).to_parquet(tmp_path / "ssd_contacts.parquet", index=False)
    pd.DataFrame(
        {
            "cine_referral_id": [1.0, 2.0],
            "cine_person_id": ["A", "B"],
            "cine_referral_date": pd.to_datetime(["2014-01-01", "2014-02-01"]).tz_localize("UTC"),
            "cine_referral_nfa": [True, False],
        }
    ).to_parquet(tmp_path / "ssd_cin_episodes.parquet")
    e = read_extract(tmp_path)
    c = e.get("ssd_contacts")
    assert c["cont_contact_id"].tolist() == ["1", "2", "3"]
    assert c["cont_person_id"].tolist()[:2] == ["007", "7"]
    assert c["cont_contact_date"].tolist()[:2] == [pd.Timestamp("2014-03-04"), pd.Timestamp("2014-03-05")]
    assert c["cont_contact_screened_date"].tolist()[:2] == [pd.Timestamp("2014-03-05"), pd.Timestamp("2014-03-06")]
    assert c["cont_new_referral"].tolist() == [True, False, False]
    r = e.get("ssd_cin_episodes")
    assert r["cine_referral_id"].tolist() == ["1", "2"]
    assert r["cine_referral_date"].dtype == "datetime64[ns]"
    assert r["cine_referral_nfa"].tolist() == [True, False]
    info = {f["table"]: f for f in e.files}
    assert info["ssd_contacts"]["format"] == "parquet" and info["ssd_contacts"]["rows"] == 3


def test_windows_1252_and_files_record(tmp_path):
    text = "cont_contact_id,cont_person_id,cont_contact_date,cont_contact_source_desc\n1,A,2014-03-04,Café £5\n"
    path = write(tmp_path, "ssd_contacts.csv", text, encoding="cp1252")
    e = read_extract(tmp_path)
    assert e.get("ssd_contacts")["cont_contact_source_desc"].tolist() == ["Café £5"]
    (f,) = e.files
    assert f == {
        "table": "ssd_contacts",
        "path": str(path),
        "sha256": hashlib.sha256(text.encode("cp1252")).hexdigest(),
        "rows": 1,
        "encoding": "windows-1252",
        "format": "csv",
    }
    assert any("Windows-1252" in n for n in e.notes)


def test_utf8_with_and_without_bom(tmp_path):
    write(tmp_path, "ssd_person.csv", b"\xef\xbb\xbf" + "pers_person_id,pers_sex\nÉ1,F\n".encode())
    e = read_extract(tmp_path)
    assert e.get("ssd_person")["pers_person_id"].tolist() == ["É1"]
    assert e.files[0]["encoding"] == "utf-8-sig"


def test_semicolon_with_decimal_comma(tmp_path):
    write(
        tmp_path,
        "ext_workforce.csv",
        "wkf_as_at;wkf_team;wkf_role;wkf_permanent_fte;wkf_interim_fte\n31/12/2014;Court;Social Worker;12,5;1\n",
    )
    e = read_extract(tmp_path)
    w = e.get("ext_workforce")
    assert w["wkf_permanent_fte"].tolist() == [12.5]
    assert w["wkf_role"].tolist() == ["social_worker"]
    assert any("semicolon" in n for n in e.notes)


def test_header_normalised_extra_columns_ignored(tmp_path):
    write(tmp_path, "SSD_Person.CSV", " PERS_PERSON_ID ,Pers_DOB,notes\nA,2014-01-01,x\n")
    e = read_extract(tmp_path)
    assert list(e.get("ssd_person").columns) == [c.name for c in TABLES["ssd_person"].columns]
    assert any("case or spaces" in n for n in e.notes)
    assert any("not in the contract ignored" in n for n in e.notes)


def test_duplicate_header_after_normalising_stops(tmp_path):
    write(tmp_path, "ssd_person.csv", "pers_person_id,PERS_PERSON_ID\nA,B\n")
    with pytest.raises(ExtractError, match="ssd_person.csv: columns .* are both pers_person_id"):
        read_extract(tmp_path)


def test_missing_tables_and_folders(tmp_path):
    write(tmp_path, "ssd_person.csv", PERSON)
    write(tmp_path, "ssd_missing.csv", "x\n1\n")
    e = read_extract(tmp_path)
    assert e.has("ssd_person") and not e.has("ssd_contacts")
    assert "ssd_cp_visits: no file; child protection visits not reported" in e.notes
    assert any(n.startswith("ssd_missing.csv: not a table") for n in e.notes)
    with pytest.raises(ExtractError, match="no such folder"):
        read_extract(tmp_path / "nowhere")


def test_missing_required_column_names_file_and_column(tmp_path):
    write(tmp_path, "ssd_cp_plans.csv", "cppl_cp_plan_id,cppl_cp_plan_start_date\nX,2014-01-01\n")
    with pytest.raises(ExtractError, match=r"^ssd_cp_plans.csv: required column cppl_person_id is missing$"):
        read_extract(tmp_path)


def test_parsed_types_match_the_contract(tmp_path):
    write(tmp_path, "ssd_person.csv", PERSON)
    contacts(tmp_path, ["1,007,2014-03-04,"])
    write(tmp_path, "ext_strategy_discussions.csv", "strd_id,strd_person_id,strd_start_date\n")
    e = read_extract(tmp_path)
    for name, frame in e.tables.items():
        for col in TABLES[name].columns:
            assert frame[col.name].dtype == parsed_dtype(col.kind), (name, col.name)
    assert len(e.get("ext_strategy_discussions")) == 0
    assert isinstance(e.get("ssd_contacts").index, pd.RangeIndex)


def test_month_accepts_period(tmp_path):
    contacts(tmp_path, ["1,A,2015-01-01,"])
    e = read_extract(tmp_path, pd.Period("2014-12", "M"))
    assert e.quality["rule"].tolist() == ["date after the reporting month"]
    assert read_extract(tmp_path).quality.empty or "date after" not in " ".join(read_extract(tmp_path).quality["rule"])


def test_a_large_table_reads_quickly(tmp_path):
    """100,000 contacts, mixed date forms: well under a few seconds (vectorised)."""
    import time

    n = 100_000
    rng = np.random.default_rng(0)
    days = pd.Timestamp("2013-01-01") + pd.to_timedelta(rng.integers(0, 700, n), "D")
    dates = np.where(rng.random(n) < 0.5, days.strftime("%Y-%m-%d"), days.strftime("%d/%m/%Y"))
    pd.DataFrame(
        {
            "cont_contact_id": np.arange(n).astype(str),
            "cont_person_id": (np.arange(n) % 9000).astype(str),
            "cont_contact_date": dates,
            "cont_contact_outcome_json": '{"NEW_REFERRAL_FLAG": "Y"}',
        }
    ).to_csv(tmp_path / "ssd_contacts.csv", index=False)
    start = time.perf_counter()
    e = read_extract(tmp_path, "2014-12")
    assert time.perf_counter() - start < 5
    assert (e.get("ssd_contacts")["cont_contact_date"] == pd.Series(days).dt.normalize()).all()
    assert e.get("ssd_contacts")["cont_new_referral"].all()
