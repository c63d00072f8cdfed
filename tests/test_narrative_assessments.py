"""Wording of the Assessments section's sentences (narrative/assessments.py)."""

import pandas as pd

from boardpack.calendar import report_months
from boardpack.document.section import RunContext, Section
from boardpack.indicators import assessments
from boardpack.narrative import assessments as words
from boardpack.params import load_params
from boardpack.sources.extract import Extract

PARAMS = load_params()


def test_completed_wording():
    assert words.completed_sentence("core", "2014-12", 64, 85) == (
        "There were 64 core assessments completed in December 2014, a decrease of 24.71% compared to the "
        "previous month (85)."
    )
    assert words.completed_sentence("single", "2014-12", 1, 1) == (
        "There was 1 single assessment completed in December 2014, no change compared to the previous month (1)."
    )
    assert words.completed_sentence("initial", "2014-12", 5, 0) == (
        "There were 5 initial assessments completed in December 2014, compared with none in the previous month."
    )
    assert (
        words.completed_sentence("initial", "2014-12", 0, 0)
        == "No initial assessments were completed in December 2014."
    )
    assert (
        words.completed_sentence("initial", "2014-12", 3)
        == "There were 3 initial assessments completed in December 2014."
    )
    assert words.completed_sentence("initial", "2014-12", float("nan")) is None


def test_rate_wording():
    assert words.rate_sentence("single", "2014-12", 1234.5678, 4457, 1100.0) == (
        "Over the 12 months to December 2014, 4,457 single assessments were completed: 1,234.57 per 10,000 "
        "children, compared with 1,100 a year earlier."
    )
    assert words.rate_sentence("core", "2014-12", float("nan"), 1) == (
        "Over the 12 months to December 2014, 1 core assessment was completed; the rate per 10,000 children is "
        "not available (no population figure)."
    )


def test_nfa_wording():
    assert words.nfa_sentence("core", "2014-12", 0, 12) == (
        "None of the 12 core assessments completed in December 2014 resulted in no further action."
    )
    assert words.nfa_sentence("core", "2014-12", 1, 1) == (
        "The one core assessment completed in December 2014 resulted in no further action."
    )
    assert words.nfa_sentence("core", "2014-12", 0, 1) == (
        "The one core assessment completed in December 2014 led to further action."
    )
    assert words.nfa_sentence("core", "2014-12", float("nan"), float("nan")) is None


def test_timeliness_wording():
    assert words.timeliness_sentence("core", "2014-12", 9, 16, 35) == (
        "56.25% of core assessments completed in December 2014 were completed within 35 working days (9 of 16)."
    )
    assert words.timeliness_sentence("initial", "2014-12", 17, 20, 10, 85, 85.0) == (
        "85.00% of initial assessments completed in December 2014 were completed within 10 working days "
        "(17 of 20), unchanged on December 2013. The local target of 85% was met."
    )
    assert words.timeliness_sentence("initial", "2014-12", 16, 20, 10, 85, 85.0) == (
        "80.00% of initial assessments completed in December 2014 were completed within 10 working days "
        "(16 of 20), down 5.00 percentage points on December 2013. The local target of 85% was not met."
    )
    assert words.timeliness_sentence("initial", "2014-12", 0, 0, 10, 85) is None


def test_lateness_wording():
    core = [("0-35", 20), ("36-41", 2), ("42-50", 0), ("51-60", 2), ("61+", 1)]
    assert words.lateness_sentence("core", core, 35) == (
        "Of the 5 core assessments completed out of timescale, 2 were completed within 41 working days, 2 within "
        "60 and 1 in 61 or more."
    )
    assert words.lateness_sentence("single", [("0-45", 3), ("46-60", 1), ("61+", 0)], 45) == (
        "The one single assessment completed out of timescale was completed within 60 working days."
    )
    assert words.lateness_sentence("initial", [("0-10", 3), ("11-15", 0), ("16-21", 0), ("22+", 2)], 10) == (
        "Of the 2 initial assessments completed out of timescale, 2 were completed in 22 or more working days."
    )
    # all in timescale, or the timescale not a band edge: nothing to say
    assert words.lateness_sentence("initial", [("0-10", 3), ("11-15", 0), ("16-21", 0), ("22+", 0)], 10) is None
    assert words.lateness_sentence("initial", [("0-10", 3), ("11-15", 4), ("16+", 1)], 12) is None


def _section(rows, month="2014-12"):
    table = pd.DataFrame(
        {
            "cina_assessment_id": pd.Series([str(i) for i in range(len(rows))], dtype="str"),
            "cina_person_id": pd.Series([f"p{i}" for i in range(len(rows))], dtype="str"),
            "cina_assessment_type": pd.Series([r[0] for r in rows], dtype="str"),
            "cina_assessment_start_date": pd.to_datetime(pd.Series([r[1] for r in rows])),
            "cina_assessment_auth_date": pd.to_datetime(pd.Series([r[2] for r in rows])),
            "cina_assessment_outcome_nfa": pd.Series([r[3] for r in rows], dtype="boolean"),
        }
    )
    extract = Extract(tables={"ssd_cin_assessments": table})
    frame = assessments.indicators(extract, report_months(month), PARAMS)
    return Section("assessments", RunContext(pd.Period(month, "M"), PARAMS, extract, frame))


def test_sentences_month_with_none_of_a_type():
    s = _section(
        [
            ("initial", "2013-01-07", "2013-01-08", False),  # covers the 24 months and the year before
            ("core", "2014-11-03", "2014-11-05", True),
            ("initial", "2014-12-01", "2014-12-16", True),  # 11 working days: late
        ]
    )
    core = words.sentences(s, "core")
    # no population table: the rate sentence says so
    assert core == [
        "No core assessments were completed in December 2014 (1 in the previous month).",
        "Over the 12 months to December 2014, 1 core assessment was completed; the rate per 10,000 children is "
        "not available (no population figure).",
    ]
    initial = words.sentences(s, "initial")
    assert (
        initial[0]
        == "There was 1 initial assessment completed in December 2014, compared with none in the previous month."
    )
    assert "The one initial assessment completed in December 2014 resulted in no further action." in initial
    assert initial[-1] == "The one initial assessment completed out of timescale was completed within 15 working days."
    # December 2013 had no initial assessments: no comparison with a year earlier
    assert (
        "The one initial assessment completed in December 2014 was not completed within 10 working days. "
        "The local target of 85% was not met."
    ) in initial
    assert words.sentences(s, "single") == []
    assert assessments.types_in(s) == ["initial", "core"]
    assert list(assessments.bands_by_month(s, "core").columns) == ["0-35", "36-41", "42-50", "51-60", "61+"]


def test_titles_and_notes():
    assert words.title("initial") == "Initial assessments"
    assert words.name("single", 1) == "single assessment"
    assert words.no_data_note() == "No data: the extract holds no ssd_cin_assessments, so assessments are not reported."
    assert words.no_data_note(True) == "No data: no assessments were completed in the months this pack covers."
