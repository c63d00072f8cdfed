"""Wording of the Contacts and Referrals sections and the title page (boardpack.narrative)."""

import pandas as pd

from boardpack.calendar import report_months
from boardpack.document.section import RunContext, Section
from boardpack.indicators import contacts, referrals
from boardpack.narrative import contacts as cw
from boardpack.narrative import referrals as rw
from boardpack.narrative import title as tw
from boardpack.sources.extract import Extract
from helpers import contacts_frame

# ------------------------------------------------------------------ contacts: volume


def test_volume_decrease_from_peak_and_previous_month_computed():
    # (421 - 747) / 747 = -43.64%; (421 - 557) / 557 = -24.42%
    assert cw.volume_sentence(421, "2014-12", 747, "2014-07", 557) == (
        "The figure of 421 contacts for December 2014 is a decrease of 43.64% from the peak figure of 747 in "
        "July 2014, and a decrease of 24.42% compared to the previous month."
    )


def test_volume_when_the_month_is_the_peak():
    # (747 - 600) / 600 = +24.50%
    assert cw.volume_sentence(747, "2014-07", 747, "2014-07", 600) == (
        "The figure of 747 contacts for July 2014 is the highest in the 12 months to July 2014, and an increase "
        "of 24.50% compared to the previous month."
    )


def test_volume_equal_to_an_earlier_peak_and_no_change():
    assert cw.volume_sentence(747, "2014-09", 747, "2014-07", 747) == (
        "The figure of 747 contacts for September 2014 is equal to the peak figure of 747 in July 2014, and the "
        "same as the previous month."
    )


def test_volume_after_a_month_with_none():
    assert cw.volume_sentence(5, "2014-12", 9, "2014-10", 0) == (
        "The figure of 5 contacts for December 2014 is a decrease of 44.44% from the peak figure of 9 in "
        "October 2014, and up from none in the previous month."
    )
    assert cw.volume_sentence(0, "2014-12", 0, "2014-12", 0) == (
        "The figure of 0 contacts for December 2014 is the same as the previous month."
    )


def test_volume_in_the_first_month_of_data():
    for previous in (None, float("nan")):
        assert cw.volume_sentence(1, "2014-12", 1, "2014-12", previous) == (
            "There was 1 contact in December 2014; it is the first month in the data, so there is no earlier "
            "month to compare with."
        )
    assert cw.volume_sentence(12, "2014-12", 12, "2014-12", None) == (
        "There were 12 contacts in December 2014; it is the first month in the data, so there is no earlier "
        "month to compare with."
    )


def test_volume_blank_count_says_nothing():
    assert cw.volume_sentence(float("nan"), "2014-12") is None


# ------------------------------------------------------------------ contacts: missing, sources, screening


def test_missing_notifications_wordings():
    # (421 + 32) vs (557 + 0): 453 / 557 - 1 = -18.67%
    assert cw.missing_sentence(32, "2014-12", 421, 557, 0) == (
        "32 missing child notifications were received during the month and, if these were included in the "
        "overall contacts figure, the difference between November and December 2014 would be a decrease of "
        "18.67%."
    )
    # January: the previous month is in the year before
    assert "between December 2014 and January 2015" in cw.missing_sentence(4, "2015-01", 10, 12, 1)
    assert cw.missing_sentence(1, "2014-12") == (
        "1 missing child notification was received during the month; it is not counted as contacts."
    )
    assert cw.missing_sentence(0, "2014-12") == "No missing child notifications were received in December 2014."
    assert cw.missing_sentence(2, "2014-12", 10, 12, 0) == (
        "2 missing child notifications were received during the month and, if these were included in the overall "
        "contacts figure, there would be no change between November and December 2014."
    )


def _sources(rows):
    return pd.DataFrame(
        rows,
        columns=["Source", "Contacts", "Share of contacts (%)", "Progressed to referral", "Progressed to referral (%)"],
    )


def test_source_sentences_top_others_and_small_sources():
    table = _sources(
        [
            ("Health", 10, 20.0, 0, 0.0),  # 10 is not below the small threshold of 10
            ("Police", 30, 60.0, 15, 50.0),
            ("Other", 7, 14.0, 7, 100.0),
            ("Probation", 2, 4.0, 1, 50.0),
            ("Nursery", 1, 2.0, 1, 100.0),
            ("Housing", 0, 0.0, 0, float("nan")),  # no contacts: left out
        ]
    )
    assert cw.source_sentences(table, "2014-12", 10) == [
        "The highest percentage of contacts received in December 2014 were from the police at 60.00% and, of these, "
        "50.00% were progressed to a referral.",
        "20.00% of contacts were from health services (none progressed to a referral).",
        "Of the sources with fewer than 10 contacts in December 2014, the percentage progressed to a referral was: "
        "Other = 100.00% (7 contacts); Probation = 50.00% (2 contacts); Nursery = 100.00% (1 contact).",
    ]


def test_source_sentences_tie_for_highest_and_no_contacts():
    table = _sources([("Police", 5, 50.0, 1, 20.0), ("Health", 5, 50.0, 0, 0.0)])
    assert cw.source_sentences(table, "2014-12", 1) == [
        "The highest percentage of contacts received in December 2014 were from health services (none progressed to a "
        "referral) and the police (20.00% progressed to a referral), at 50.00% each."
    ]
    assert cw.source_sentences(_sources([("Police", 0, float("nan"), 0, float("nan"))]), "2014-12") == [
        "No contacts were received in December 2014."
    ]


def test_source_sentence_other_reads_as_other_sources():
    table = _sources([("Other", 20, 100.0, 5, 25.0)])
    assert cw.source_sentences(table, "2014-12")[0].endswith(
        "were from other sources at 100.00% and, of these, 25.00% were progressed to a referral."
    )


def test_screening_and_conversion_wordings():
    assert cw.screening_sentence(90.0, "2014-12", 85.5) == (
        "90.00% of contacts received in December 2014 were screened on the same working day, up 4.50 percentage "
        "points from the previous month."
    )
    assert cw.screening_sentence(90.0, "2014-12", 90.0).endswith(", the same as the previous month.")
    assert cw.screening_sentence(90.0, "2014-12") == (
        "90.00% of contacts received in December 2014 were screened on the same working day."
    )
    assert cw.screening_sentence(float("nan"), "2014-12") is None
    assert cw.conversion_sentence(0, 0, float("nan"), "2014-12") is None
    assert cw.conversion_sentence(4, 1, 25.0, "2014-12") == (
        "Of the 4 contacts received in December 2014, 1 (25.00%) was progressed to a referral."
    )


# ------------------------------------------------------------------ referrals


def test_referrals_change_wordings():
    # (302 - 400) / 400 = -24.50%
    assert rw.change_sentence(302, "2014-12", 400) == [
        "There were 302 referrals in December 2014, 24.50% fewer than the 400 in November 2014."
    ]
    assert rw.change_sentence(5, "2014-12", 4, contacts_change=10.0) == [
        "There were 5 referrals in December 2014, 25.00% more than the 4 in November 2014.",
        "Over the same period the number of contacts rose by 10.00%.",
    ]
    assert rw.change_sentence(4, "2014-12", 4, contacts_change=0.0) == [
        "There were 4 referrals in December 2014, the same number as in November 2014.",
        "Over the same period the number of contacts did not change.",
    ]
    assert rw.change_sentence(1, "2014-12", 0) == [
        "There was 1 referral in December 2014, compared to none in November 2014."
    ]
    assert rw.change_sentence(3, "2014-12", None) == [
        "There were 3 referrals in December 2014; it is the first month in the data, so there is no earlier month "
        "to compare with."
    ]


def test_progressed_to_referral_against_its_peak():
    # (180 - 301) / 301 = -40.20%
    assert rw.progressed_sentence(180, "2014-12", 301, "2014-07") == (
        "The number of contacts progressed to a referral in December 2014 was 180, 40.20% fewer than the peak of "
        "301 in July 2014."
    )
    assert rw.progressed_sentence(301, "2014-12", 301, "2014-12").endswith(
        "was 301, the highest in the 12 months to December 2014."
    )
    assert rw.progressed_sentence(301, "2014-12", 301, "2014-07").endswith("equal to the peak in July 2014.")
    assert rw.progressed_sentence(0, "2014-12", 0, "2014-12").endswith("December 2014 was 0.")


def test_lowest_and_highest_since():
    months = pd.period_range("2014-04", periods=9, freq="M")
    s = pd.Series([20.0, 35, 30, 28, 40, 31, 33, 25, 22], index=months)  # December 22
    assert rw.extreme_since(s, "2014-12") == ("lowest", pd.Period("2014-04", "M"))
    assert rw.extreme_since(s.iloc[1:], "2014-12") == ("lowest", None)  # lower than every earlier month
    s2 = s.copy()
    s2.iloc[-1] = 41.0
    assert rw.extreme_since(s2, "2014-12") == ("highest", None)
    s2.iloc[-1] = 25.0  # equal to November: nothing to say
    assert rw.extreme_since(s2, "2014-12") is None
    assert rw.extreme_since(s.iloc[-3:], "2014-12") is None  # too few earlier months
    s3 = pd.Series([30.0, 20, 25, 21], index=pd.period_range("2014-09", periods=4, freq="M"))
    assert rw.extreme_since(s3, "2014-12") is None  # "lowest since October" = just down on November


def test_rereferral_wordings():
    assert rw.rereferral_sentence(45, 14.9, "2014-12", 55, ("lowest", pd.Period("2014-04", "M"))).endswith(
        "a decrease of 18.18% from the previous month; this is the lowest rate since April 2014."
    )
    assert rw.rereferral_sentence(1, 50.0, "2014-12", 0, ("highest", None), 9) == (
        "There was 1 re-referral in December 2014 (50.00% of referrals: children referred again within 12 months "
        "of an earlier referral), compared to none in the previous month; this is the highest rate in the 9 months "
        "shown."
    )
    assert rw.rereferral_sentence(2, 10.0, "2014-12", 2).endswith(", the same number as the previous month.")


def test_share_wordings():
    assert rw.share_sentence(6.0, "2014-12", 18, 300, "ended with no further action", 6.0) == (
        "6.00% of referrals in December 2014 (18 of 300) ended with no further action, the same as the previous month."
    )
    assert rw.share_sentence(float("nan"), "2014-12", 0, 0, "led to an assessment") is None


# ------------------------------------------------------------------ sentences from a Section


PARAMS = {"contact_source_groups": {"Police": ["6"], "Health": ["3A", "3B"]}}


frame = contacts_frame  # (date, source code, to referral, missing, screened date)


def cin(rows):
    """Referrals: (referral id, child, date, source code, nfa flag)."""
    rows = [tuple(r) + (None,) * (5 - len(r)) for r in rows]
    return pd.DataFrame(
        {
            "cine_referral_id": pd.Series([r[0] for r in rows], dtype="str"),
            "cine_person_id": pd.Series([r[1] for r in rows], dtype="str"),
            "cine_referral_date": pd.to_datetime(pd.Series([r[2] for r in rows], dtype="object")),
            "cine_referral_source_code": pd.Series([r[3] for r in rows], dtype="str"),
            "cine_referral_nfa": pd.Series([r[4] for r in rows], dtype="boolean"),
        }
    )


def _section(section_id, contacts_rows, referral_rows):
    extract = Extract(tables={"ssd_contacts": frame(contacts_rows), "ssd_cin_episodes": cin(referral_rows)})
    months = report_months("2014-12")
    result = pd.concat(
        [contacts.indicators(extract, months, PARAMS), referrals.indicators(extract, months, PARAMS)], ignore_index=True
    )
    params = dict(PARAMS, small_source_contacts=10)
    return Section(section_id, RunContext(pd.Period("2014-12", "M"), params, extract, result))


def test_contacts_sentences_in_the_first_month_of_data():
    s = _section(
        "contacts", [("2014-12-01", "6", True, False, "2014-12-01"), ("2014-12-02", "6")], [("R1", "A", "2014-12-01")]
    )
    text = cw.sentences(s)
    assert text[0] == (
        "There were 2 contacts in December 2014; it is the first month in the data, so there is no "
        "earlier month to compare with."
    )
    assert text[1] == "No missing child notifications were received in December 2014."
    assert "the police at 100.00%" in text[2]
    assert text[-1] == "50.00% of contacts received in December 2014 were screened on the same working day."


def test_referrals_sentences_from_a_section():
    contacts_rows = [("2014-11-03", "6", True), ("2014-12-01", "6", True), ("2014-12-02", "6", True)]
    referral_rows = [("R1", "A", "2014-11-03"), ("R2", "A", "2014-12-01", None, True), ("R3", "B", "2014-12-02")]
    s = _section("referrals", contacts_rows, referral_rows)
    text = rw.sentences(s)
    # referrals 1 -> 2: +100%; contacts 1 -> 2: +100%
    assert text[0] == "There were 2 referrals in December 2014, 100.00% more than the 1 in November 2014."
    assert text[1] == "Over the same period the number of contacts rose by 100.00%."
    assert text[2] == (
        "The number of contacts progressed to a referral in December 2014 was 2, the highest in the "
        "12 months to December 2014."
    )
    assert text[3].startswith("There was 1 re-referral in December 2014 (50.00% of referrals")
    assert text[-1] == (
        "50.00% of referrals in December 2014 (1 of 2) ended with no further action, up 50.00 "
        "percentage points from the previous month."
    )


def test_sections_with_no_figures_say_nothing():
    s = _section("contacts", [("2015-03-01", "6")], [("R1", "A", "2015-03-01")])
    assert cw.sentences(s) == [] and rw.sentences(s) == []


# ------------------------------------------------------------------ title page


def test_title_page_lines():
    extract = Extract(
        tables={
            "ssd_contacts": pd.DataFrame({"cont_contact_date": pd.to_datetime(["2014-12-19", "2015-01-03"])}),
            "ssd_initial_cp_conference": pd.DataFrame(
                {
                    "icpc_icpc_target_date": pd.to_datetime(["2014-12-30"]),
                    "icpc_icpc_date": pd.to_datetime(["2014-12-05"]),
                }
            ),
        }
    )
    s = Section(
        "title",
        RunContext(
            pd.Period("2014-12", "M"), {"la_name": "Demoshire", "system_name": "Mosaic"}, extract, pd.DataFrame()
        ),
    )
    assert tw.title(s.month) == "Improvement board performance report — December 2014"
    # latest date not after 31 December 2014, target dates ignored: 19 December 2014
    assert tw.lines(s, produced="2015-01-14") == [
        "Demoshire",
        "Data as at 19 December 2014: the report includes the records in Mosaic up to and including that date, "
        "for December 2014 and the 23 months before it.",
        "Issued on 14 January 2015.",
        "Figures are accurate at the time they were taken from Mosaic; because it is a live system, they can change "
        "later as records are added or corrected.",
    ]


def test_title_page_without_dates_uses_the_month_end_and_default_system():
    s = Section("title", RunContext(pd.Period("2016-02", "M"), {"la_name": "X"}, Extract(), pd.DataFrame()))
    text = tw.lines(s, produced="2016-03-01")
    assert text[1].startswith(
        "Data as at 29 February 2016: the report includes the records in the case management system"
    )


def test_title_page_issue_date_is_the_issued_parameter_and_as_at_stays_the_data():
    # --issued 2016-04-05 reaches the title page as params["issued"]; data as at stays 29 February
    s = Section(
        "title",
        RunContext(pd.Period("2016-02", "M"), {"la_name": "X", "issued": "2016-04-05"}, Extract(), pd.DataFrame()),
    )
    text = tw.lines(s)
    assert text[2] == "Issued on 5 April 2016."
    assert text[1].startswith("Data as at 29 February 2016")
