"""CIN census XML -> contract tables (boardpack convert cin): the sample's referrals in its census period
by hand, and hand-built files for the spec's traps (ids, booleans, sex by year, category words,
synthetic keys, schema findings, stacking years, a broken file)."""

import re

import pandas as pd
import pytest

from boardpack.indicators.registry import compute_all
from boardpack.params import load_params
from boardpack.run.cli import main
from boardpack.sources.cin_census.convert import convert
from boardpack.sources.extract import ExtractError
from boardpack.sources.reader import read_extract
from helpers import figure_row
from samples import sample


def census(year: int, children: str) -> str:
    return (
        f"<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>{year}</Year>"
        f"<ReferenceDate>{year}-03-31</ReferenceDate></CollectionDetails><Source><SourceLevel>L</SourceLevel>"
        f"<LEA>999</LEA></Source></Header><Children>{children}</Children></Message>"
    )


def child(cid: str, details: str, gender: str = "<GenderCurrent>1</GenderCurrent>", dob: str = "2015-01-01") -> str:
    return (
        f"<Child><ChildIdentifiers><LAchildID>{cid}</LAchildID><PersonBirthDate>{dob}</PersonBirthDate>{gender}"
        f"</ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>{details}</Child>"
    )


def cin(referral: str, nfa: str, source: str = "1A", inner: str = "", close: str = "") -> str:
    closing = f"<CINclosureDate>{close}</CINclosureDate><ReasonForClosure>RC1</ReasonForClosure>" if close else ""
    return (
        f"<CINdetails><CINreferralDate>{referral}</CINreferralDate><ReferralSource>{source}</ReferralSource>"
        f"{closing}{inner}<ReferralNFA>{nfa}</ReferralNFA></CINdetails>"
    )


PLAN = (
    "<ChildProtectionPlans><CPPstartDate>2019-05-20</CPPstartDate>{end}"
    "<InitialCategoryOfAbuse>Multiple/not recommended</InitialCategoryOfAbuse>"
    "<LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP>"
    "<SeenSocialWorker>1</SeenSocialWorker></ChildProtectionPlans>"
)


def year_2020(plan_end: str = "") -> str:
    first = cin(
        "2019-05-01",
        "0",
        inner=(
            "<Assessments><AssessmentActualStartDate>2019-05-02</AssessmentActualStartDate>"
            "<AssessmentAuthorisationDate>2019-05-20</AssessmentAuthorisationDate></Assessments>"
            "<Section47><S47ActualStartDate>2019-05-03</S47ActualStartDate><InitialCPCtarget>2019-05-24</InitialCPCtarget>"
            "<DateOfInitialCPC>2019-05-20</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>"
            + PLAN.format(end=f"<CPPendDate>{plan_end}</CPPendDate>" if plan_end else "")
        ),
    )
    second = cin("2019-03-01", "true", close="2019-04-30") + cin(
        "2019-06-10", "false", source="6", inner="<DateOfInitialCPC>2019-07-01</DateOfInitialCPC>"
    )
    return census(
        2020,
        child(" 123.0 ", first, "<GenderCurrent>2</GenderCurrent>")
        + child("X7", second, "<GenderCurrent>9</GenderCurrent>"),
    )


def test_hand_built_census_year(tmp_path):
    path = tmp_path / "cin_2019-20.xml"
    path.write_text(year_2020())
    out = convert([path], tmp_path / "out")
    read = lambda name: pd.read_csv(out / f"{name}.csv", dtype=str)  # noqa: E731
    person = read("ssd_person").set_index("pers_person_id")
    assert person["pers_sex"].to_dict() == {"123": "F", "X7": "U"}  # GenderCurrent 2 = F, 9 = not specified
    ref = read("ssd_cin_episodes").set_index("cine_referral_id")
    # keys from the child and the date; booleans 0/1 and true/false read alike
    assert ref["cine_referral_nfa"].to_dict() == {"123|2019-05-01": "N", "X7|2019-03-01": "Y", "X7|2019-06-10": "N"}
    ass = read("ssd_cin_assessments")
    assert ass[["cina_assessment_id", "cina_referral_id"]].values.tolist() == [["123|2019-05-02", "123|2019-05-01"]]
    icpc = read("ssd_initial_cp_conference").set_index("icpc_icpc_id")
    # the s47's conference (and its plan starting that day: to plan) and the referral's own conference
    assert icpc["icpc_s47_enquiry_id"].fillna("").to_dict() == {"123|2019-05-20": "123|2019-05-03", "X7|2019-07-01": ""}
    assert icpc["icpc_icpc_outcome_cp_flag"].to_dict() == {"123|2019-05-20": "Y", "X7|2019-07-01": "N"}
    cov = pd.read_csv(out / "coverage.csv", dtype=str)
    assert set(cov["first_day"]) == {"2019-04-01"} and set(cov["last_day"]) == {"2020-03-31"}
    assert "ssd_person" not in set(cov["table"])
    # the 2016 schema's booleans are 0/1: true/false are findings, read all the same
    rep = pd.read_csv(out / "convert-report.csv", dtype=str, keep_default_na=False)
    schema = rep.loc[rep["code"] == "schema"]
    assert schema["value"].str.contains("ReferralNFA|ICPCnotRequired").sum() == 3
    # the reader takes the category words; the period's figures; before it: blank
    extract = read_extract(out, "2020-03")
    assert extract.get("ssd_cp_plans")["cppl_cp_plan_initial_category"].tolist() == ["MUL"]
    frame, _ = compute_all(extract, "2020-03", load_params())
    assert figure_row(frame, "referrals", "2019-05")["value"] == 1
    assert figure_row(frame, "referrals", "2019-06")["value"] == 1
    assert pd.isna(figure_row(frame, "referrals", "2019-03")["value"])  # before the census year
    assert figure_row(frame, "icpc_to_plan", "2019-05")["value"] == 1


def test_stacked_years_keep_the_later_record_and_sex_after_2024(tmp_path):
    first, later = tmp_path / "a.xml", tmp_path / "b.xml"
    first.write_text(year_2020())
    # 2020-21, written with Sex (the 2024-25 form) and the plan now ended
    later.write_text(year_2020(plan_end="2020-06-01").replace("<Year>2020</Year>", "<Year>2025</Year>"))
    text = later.read_text().replace("<GenderCurrent>2</GenderCurrent>", "<Sex>M</Sex>")
    later.write_text(text)
    out = convert([later, first], tmp_path / "out")
    plans = pd.read_csv(out / "ssd_cp_plans.csv", dtype=str)
    assert plans["cppl_cp_plan_end_date"].tolist() == ["2020-06-01"]  # kept once, from the later year
    assert pd.read_csv(out / "ssd_person.csv", dtype=str).set_index("pers_person_id").loc["123", "pers_sex"] == "M"
    rep = pd.read_csv(out / "convert-report.csv", dtype=str, keep_default_na=False)
    assert (rep["code"] == "replaced by a later input").sum() >= 5
    assert rep["message"].str.contains("schema of 2016 \\(the file's year is 2025\\)").any()
    cov = pd.read_csv(out / "coverage.csv", dtype=str)
    spans = cov.loc[cov["table"] == "ssd_cin_episodes", ["first_day", "last_day"]].values.tolist()
    assert spans == [["2019-04-01", "2020-03-31"], ["2024-04-01", "2025-03-31"]]


def test_a_broken_file_stops_with_its_name_and_line(tmp_path, capsys):
    path = tmp_path / "broken.xml"
    path.write_text(year_2020()[:-30])
    assert main(["convert", "cin", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "broken.xml: not well-formed XML (line 1" in err and err.count("\n") == 1
    with pytest.raises(ExtractError, match="no such file"):
        convert([tmp_path / "none.xml"], tmp_path / "out")


def test_the_shared_sample_referrals_in_its_census_period(tmp_path):
    """fake_CIN_data.xml: header Year 2022, so the census period is 1 April 2021 to 31 March 2022.

    By hand (grep the 402 <CINreferralDate> values): 54 fall in the period, by month Apr 3, May 6,
    Jun 5, Jul 7, Aug 1, Sep 3, Oct 4, Nov 7, Dec 5, Jan 5, Feb 4, Mar 4. Every one of the 402
    <ReferralNFA> is true/false where the 2016 schema wants 0/1: 402 schema findings.
    """
    path = sample("cin-census-fake/fake_CIN_data.xml")
    text = path.read_text()
    dates = re.findall(r"<CINreferralDate>([0-9-]+)<", text)
    assert len(dates) == 402 and sum("2021-04-01" <= d <= "2022-03-31" for d in dates) == 54
    out = tmp_path / "out"
    assert main(["convert", "cin", str(path), "--out", str(out)]) == 0
    frame, _ = compute_all(read_extract(out, "2022-03"), "2022-03", load_params())
    by_month = [figure_row(frame, "referrals", m)["value"] for m in pd.period_range("2021-04", "2022-03", freq="M")]
    assert by_month == [3, 6, 5, 7, 1, 3, 4, 7, 5, 5, 4, 4] and sum(by_month) == 54
    assert pd.isna(figure_row(frame, "referrals", "2021-03")["value"])
    rep = pd.read_csv(out / "convert-report.csv", dtype=str, keep_default_na=False)
    findings = rep.loc[(rep["code"] == "schema") & (rep["row"] != "")]
    assert len(findings) == 402 and findings["value"].str.endswith("ReferralNFA").all()
