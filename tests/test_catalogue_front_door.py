"""Catalogue check through the front door: ``boardpack indicators`` on tiny extracts written as CSV.

Each scenario writes a few contract tables to a folder, runs
``boardpack.run.cli.main(["indicators", "--month", M, "--data", DIR, "--out", CSV])``, reads the CSV
back as text (``keep_default_na=False``: a blank stays ``""``) and compares rows with figures
worked out BY HAND from the catalogue (``shared/spec/indicators.md``) in the comments beside them.
Domains: early help (``eh_*``), contacts, referrals, assessments, strategy and s47.

Working days ``wd(a, b)`` = Monday-Friday days in ``[a, b)`` not English bank holidays.
Bank holidays used below: 2014-04-18 Good Friday, 2014-04-21 Easter Monday, 2014-12-25/26,
2015-04-03 Good Friday, 2015-04-06 Easter Monday.

Where the catalogue leaves a choice, the expected figure follows the reading documented in the
module's docstring; those rows say "(reading)" in their comment.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from boardpack.run.cli import main

BLANK = None
DEFAULT_GROUPS = [
    "Individual",
    "Schools",
    "Education services",
    "Health",
    "Housing",
    "LA social care",
    "LA other internal",
    "Other local authority",
    "Early help",
    "Police",
    "Other legal agency",
    "Other",
    "Anonymous",
    "Unknown",
]


# ----------------------------------------------------------------------------------------------
# helpers


def write_table(folder: Path, name: str, header: list[str], rows: list[list]) -> None:
    with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])


def write_people(folder: Path, ids) -> None:
    write_table(folder, "ssd_person", ["pers_person_id", "pers_dob"], [[p, "2005-06-01"] for p in sorted(set(ids))])


def run_cli(folder: Path, month: str, params: str = "") -> pd.DataFrame:
    out = folder / "out" / "indicators.csv"
    extra = []
    if params:
        (folder / "out").mkdir(exist_ok=True)
        (folder / "out" / "params.yaml").write_text(params, encoding="utf-8")
        extra = ["--params", str(folder / "out" / "params.yaml")]
    code = main(["indicators", "--month", month, "--data", str(folder), "--out", str(out), *extra])
    assert code == 0
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(frame.columns) == ["indicator_id", "period_end", "breakdown", "value", "numerator", "denominator"]
    return frame


def rows_of(frame: pd.DataFrame, indicator_id: str) -> dict:
    """{(period_end, breakdown): (value, numerator, denominator)} as text."""
    sub = frame.loc[frame["indicator_id"] == indicator_id]
    keys = list(zip(sub["period_end"], sub["breakdown"]))
    assert len(keys) == len(set(keys)), f"{indicator_id}: duplicate rows"
    return {k: (v, n, d) for k, v, n, d in zip(keys, sub["value"], sub["numerator"], sub["denominator"])}


def same(text: str, expected) -> bool:
    if expected is None:
        return text == ""
    return text != "" and float(text) == pytest.approx(float(expected), rel=1e-12, abs=1e-12)


def check(frame: pd.DataFrame, indicator_id: str, expected: dict, exact: bool = False) -> None:
    """Each expected (period_end, breakdown) -> value (a count: numerator/denominator blank) or
    (value, numerator, denominator); ``None`` = blank. ``exact``: no other rows for the id."""
    got = rows_of(frame, indicator_id)
    for key, want in expected.items():
        assert key in got, f"{indicator_id} {key}: no row"
        if not isinstance(want, tuple):
            want = (want, None, None)
        for column, text, value in zip(("value", "numerator", "denominator"), got[key], want):
            assert same(text, value), f"{indicator_id} {key} {column}: got {text!r}, want {value!r}"
    if exact:
        assert set(got) == set(expected), f"{indicator_id}: extra rows {sorted(set(got) - set(expected))}"


def ends(first: str, last: str) -> list[str]:
    """Month ends from ``first`` to ``last`` (YYYY-MM), as written in the CSV."""
    return [p.end_time.strftime("%Y-%m-%d") for p in pd.period_range(first, last, freq="M")]


def periods(frame: pd.DataFrame, indicator_id: str, breakdown: str = "") -> list[str]:
    sub = frame.loc[(frame["indicator_id"] == indicator_id) & (frame["breakdown"] == breakdown)]
    return sorted(sub["period_end"])


def json_flags(referral: str = "N", missing: str = "N") -> str:
    return f'{{"NEW_REFERRAL_FLAG": "{referral}", "NFA_FLAG": "N", "MISSING_FLAG": "{missing}"}}'


# ----------------------------------------------------------------------------------------------
# Contacts: reporting month 2015-04 (the 24 months run 2013-05..2015-04; the data start 2014-03)

CONTACTS = [
    # id, person, date, source, outcome json, screened
    # March 2014: 7 contacts from the police, none screened (a peak that leaves the 12-month window)
    *[[f"M{i}", f"Q{i}", f"2014-03-{i + 2:02d}", "6", json_flags(), None] for i in range(1, 7)],
    ["M7", "Q7", "10/03/2014", "6", "", None],  # UK date form; blank json
    # October 2014
    ["C01", "P01", "2014-10-06", "6", json_flags("Y"), "2014-10-06"],  # screened same day
    ["C02", "P02", "2014-10-07", "2A", json_flags(), "2014-10-08"],  # wd = 1
    ["C03", "P03", "2014-10-15", "6", json_flags("Y", "Y"), "2014-10-15"],  # missing child: not a contact
    # November 2014: nothing
    # December 2014
    ["C04", "P04", "2014-12-24", "3A", json_flags(), "2014-12-29"],  # Wed 24 -> Mon 29: wd = 1 (24th)
    ["C05", "P05", "2014-12-25", "3B", json_flags(), "2014-12-29"],  # Christmas -> Mon 29: 25,26 hol, 27,28 w/e: 0
    ["C06", "P06", "2014-12-27", "XYZ", json_flags(), "2014-12-29"],  # Saturday -> Monday: 0; XYZ not mapped: Other
    ["C07", "P07", "2014-12-31", "1A", json_flags("Y"), None],  # last day; no screened date = not screened
    ["C08", "P08", "2014-12-12", "6", json_flags(), "2014-12-13"],  # Friday -> Saturday: wd = 1 (the Friday)
    # January 2015: 5 contacts, ties December's 5
    ["C09", "P09", "2015-01-05", "6", json_flags(), "2015-01-05"],
    ["C10", "P10", "2015-01-06", "6", '{"NEW_REFERRAL_FLAG": "y"}', None],
    ["C11", "P11", "2015-01-07", "6", json_flags(), None],
    ["C12", "P12", "2015-01-08", "5D", json_flags(), None],
    ["C13", "P13", "2015-01-09", "10", json_flags(), None],
    # February 2015
    ["C14", "P14", "2015-02-02", "8", json_flags(), None],  # code 8 = Other
    ["C15", "P15", "2015-02-27", None, json_flags(), None],  # blank source = Other (reading)
    # March 2015: only a missing child notification
    ["C16", "P16", "2015-03-10", "6", json_flags("N", "Y"), None],
    # April 2015 (Easter: Good Friday 3rd, Easter Monday 6th)
    ["C17", "P17", "2015-04-02", "3A", json_flags(), "2015-04-07"],  # Thu 2 -> Tue 7: wd = 1 (the 2nd)
    ["C18", "P18", "2015-04-03", "3A", json_flags(), "2015-04-07"],  # Good Friday -> Tue 7: 3 hol, w/e, 6 hol: 0
    ["C19", "P19", "2015-04-30", "2A", json_flags("Y"), "2015-04-30"],
]


def make_contacts(folder: Path) -> Path:
    write_table(
        folder,
        "ssd_contacts",
        [
            "cont_contact_id",
            "cont_person_id",
            "cont_contact_date",
            "cont_contact_source_code",
            "cont_contact_outcome_json",
            "cont_contact_screened_date",
        ],
        CONTACTS,
    )
    write_people(folder, [r[1] for r in CONTACTS])
    return folder


@pytest.fixture(scope="module")
def contacts_csv(tmp_path_factory):
    return run_cli(make_contacts(tmp_path_factory.mktemp("contacts")), "2015-04")


# Monthly contacts (missing notifications left out):
# 2014-03 7 | 04..09 0 | 10 2 | 11 0 | 12 5 | 2015-01 5 | 02 2 | 03 0 | 04 3
COVERED_C = ends("2014-03", "2015-04")  # the table starts in March 2014: earlier months not written (reading)


def test_contacts_months_written(contacts_csv):
    for indicator in (
        "contacts",
        "missing_notifications",
        "contacts_to_referral",
        "contacts_to_referral_pct",
        "contacts_screened_same_day_pct",
        "contacts_change_prev_month_pct",
    ):
        assert periods(contacts_csv, indicator) == COVERED_C, indicator
    assert sorted(e for e, _ in rows_of(contacts_csv, "contacts_change_from_peak_pct")) == COVERED_C
    # every default group (Other included) each month, plus the headline
    assert set(b for _, b in rows_of(contacts_csv, "contacts")) == {""} | set(DEFAULT_GROUPS)
    assert set(b for _, b in rows_of(contacts_csv, "contacts_source_pct")) == set(DEFAULT_GROUPS)


def test_contacts_headline_and_missing(contacts_csv):
    zero = {e: 0 for e in COVERED_C}
    expected = dict(zero)
    expected.update(
        {"2014-03-31": 7, "2014-10-31": 2, "2014-12-31": 5, "2015-01-31": 5, "2015-02-28": 2, "2015-04-30": 3}
    )
    check(contacts_csv, "contacts", {(e, ""): v for e, v in expected.items()})
    missing = dict(zero)
    missing.update({"2014-10-31": 1, "2015-03-31": 1})  # C03, C16
    check(contacts_csv, "missing_notifications", {(e, ""): v for e, v in missing.items()}, exact=True)
    referred = dict(zero)
    # C01, C07, C10 ("y"), C19; C03 is a missing notification, not a contact
    referred.update({"2014-10-31": 1, "2014-12-31": 1, "2015-01-31": 1, "2015-04-30": 1})
    check(contacts_csv, "contacts_to_referral", {(e, ""): v for e, v in referred.items()})


def test_contacts_by_source_group(contacts_csv):
    check(
        contacts_csv,
        "contacts",
        {
            ("2014-12-31", "Health"): 2,  # C04 3A, C05 3B
            ("2014-12-31", "Other"): 1,  # C06 XYZ
            ("2014-12-31", "Individual"): 1,  # C07 1A
            ("2014-12-31", "Police"): 1,  # C08
            ("2014-12-31", "Schools"): 0,
            ("2015-01-31", "Police"): 3,
            ("2015-01-31", "Early help"): 1,
            ("2015-01-31", "Unknown"): 1,
            ("2015-02-28", "Other"): 2,  # code 8 and a blank code
            ("2014-10-31", "Police"): 1,  # C03 (missing) not counted
            ("2014-11-30", "Police"): 0,
        },
    )
    check(
        contacts_csv,
        "contacts_source_pct",
        {
            ("2014-12-31", "Health"): (40.0, 2, 5),
            ("2014-12-31", "Other"): (20.0, 1, 5),
            ("2014-12-31", "Schools"): (0.0, 0, 5),
            ("2015-02-28", "Other"): (100.0, 2, 2),
            ("2014-11-30", "Police"): (BLANK, 0, 0),  # no contacts: blank share
            ("2015-01-31", "Police"): (60.0, 3, 5),
        },
    )
    check(
        contacts_csv,
        "contacts_to_referral",
        {
            ("2014-12-31", "Individual"): 1,
            ("2014-12-31", "Health"): 0,
            ("2015-04-30", "Schools"): 1,
            ("2014-10-31", "Police"): 1,
        },
    )
    check(
        contacts_csv,
        "contacts_to_referral_pct",
        {
            ("2014-12-31", "Individual"): (100.0, 1, 1),
            ("2014-12-31", "Health"): (0.0, 0, 2),
            ("2014-12-31", "Schools"): (BLANK, 0, 0),
            ("2014-10-31", "Police"): (100.0, 1, 1),  # C03 not in the denominator
            ("2014-10-31", "Schools"): (0.0, 0, 1),
            ("2015-04-30", "Schools"): (100.0, 1, 1),
            ("2015-04-30", "Health"): (0.0, 0, 2),
        },
    )


def test_contacts_conversion_and_screening(contacts_csv):
    blank = (BLANK, 0, 0)
    conversion = {(e, ""): blank for e in COVERED_C}
    conversion.update(
        {
            ("2014-03-31", ""): (0.0, 0, 7),
            ("2014-10-31", ""): (50.0, 1, 2),
            ("2014-12-31", ""): (20.0, 1, 5),
            ("2015-01-31", ""): (20.0, 1, 5),
            ("2015-02-28", ""): (0.0, 0, 2),
            ("2015-04-30", ""): (100 / 3, 1, 3),
        }
    )
    check(contacts_csv, "contacts_to_referral_pct", conversion)
    screened = {(e, ""): blank for e in COVERED_C}
    screened.update(
        {
            ("2014-03-31", ""): (0.0, 0, 7),  # none screened
            ("2014-10-31", ""): (50.0, 1, 2),  # C01 yes, C02 wd 1
            ("2014-12-31", ""): (40.0, 2, 5),  # C05 (Christmas), C06 (Saturday); not C04, C07, C08
            ("2015-01-31", ""): (20.0, 1, 5),  # C09
            ("2015-02-28", ""): (0.0, 0, 2),
            ("2015-04-30", ""): (200 / 3, 2, 3),  # C18 (Good Friday), C19; not C17
        }
    )
    check(contacts_csv, "contacts_screened_same_day_pct", screened, exact=True)


def test_contacts_change_from_previous_month(contacts_csv):
    blank = (BLANK, 0, 0)
    expected = {(e, ""): blank for e in COVERED_C}  # 0 after 0: blank, 0, 0
    expected.update(
        {
            ("2014-03-31", ""): (BLANK, BLANK, BLANK),  # February 2014 is before the data
            ("2014-04-30", ""): (-100.0, -7, 7),
            ("2014-10-31", ""): (BLANK, 2, 0),  # after a month with none: blank value
            ("2014-11-30", ""): (-100.0, -2, 2),
            ("2014-12-31", ""): (BLANK, 5, 0),
            ("2015-01-31", ""): (0.0, 0, 5),
            ("2015-02-28", ""): (-60.0, -3, 5),
            ("2015-03-31", ""): (-100.0, -2, 2),
            ("2015-04-30", ""): (BLANK, 3, 0),
        }
    )
    check(contacts_csv, "contacts_change_prev_month_pct", expected, exact=True)


def test_contacts_change_from_peak(contacts_csv):
    # 12 months to M includes M. Peak 7 (2014-03) stays in the window up to February 2015
    # (12 months to 2015-02 = 2014-03-01..2015-02-28); from March 2015 the peak is 5, a tie of
    # December 2014 and January 2015 named by the earlier month (reading).
    expected = {(e, "2014-03"): (-100.0, -7, 7) for e in ends("2014-04", "2014-09")}
    expected.update(
        {
            ("2014-03-31", "2014-03"): (0.0, 0, 7),
            ("2014-10-31", "2014-03"): (100 * (2 - 7) / 7, -5, 7),
            ("2014-11-30", "2014-03"): (-100.0, -7, 7),
            ("2014-12-31", "2014-03"): (100 * (5 - 7) / 7, -2, 7),
            ("2015-01-31", "2014-03"): (100 * (5 - 7) / 7, -2, 7),
            ("2015-02-28", "2014-03"): (100 * (2 - 7) / 7, -5, 7),
            ("2015-03-31", "2014-12"): (-100.0, -5, 5),
            ("2015-04-30", "2014-12"): (-40.0, -2, 5),
        }
    )
    check(contacts_csv, "contacts_change_from_peak_pct", expected, exact=True)


# ----------------------------------------------------------------------------------------------
# Referrals: reporting month 2014-12 (24 months 2013-01..2014-12; the data start 2012-02)

REFERRALS = [
    # id, person, date, source, nfa
    ["R01", "A", "2012-02-29", "6", None],
    ["R12", "G", "2012-02-29", "6", None],
    ["R02", "A", "2013-02-28", "6", "N"],  # 12 months before = [2012-02-28, 2013-02-28): R01 -> re-referral
    ["R03", "B", "2013-03-01", "1A", "Yes"],
    ["R05", "C", "2013-03-02", "2A", None],
    ["R13", "G", "2013-03-01", "10", None],  # [2012-03-01, 2013-03-01): 29 Feb 2012 is outside -> not
    ["R10", "E", "2014-01-01", "99", None],  # unmapped code -> Other
    ["R04", "B", "2014-03-01", "3A", None],  # exactly 12 months after R03 -> re-referral
    ["R06", "C", "2014-03-03", "3A", None],  # [2013-03-03, ...): R05 (2 March) is one day too early -> not
    ["R07", "D", "2014-12-15", "6", "N"],
    ["R08", "D", "2014-12-15", "5d", None],  # same child, same day: neither is "before" the other (reading)
    ["R09", "E", "2014-12-31", "3C", "Y"],  # [2013-12-31, 2014-12-31): R10 -> re-referral; NFA
]

ASSESSMENTS_FOR_REFERRALS = [
    # id, person, referral, start, auth
    ["A1", "D", "R07", "2014-12-16", None],
    ["A2", "E", "R09", "2015-01-05", None],  # started after the reporting month: not counted (reading)
    ["A3", "B", "R04", "2014-03-05", "2014-03-20"],
    ["A4", "B", "R04", "2014-03-06", None],  # a second assessment of R04: R04 counts once
]


@pytest.fixture(scope="module")
def referrals_csv(tmp_path_factory):
    folder = tmp_path_factory.mktemp("referrals")
    write_table(
        folder,
        "ssd_cin_episodes",
        ["cine_referral_id", "cine_person_id", "cine_referral_date", "cine_referral_source_code", "cine_referral_nfa"],
        REFERRALS,
    )
    write_table(
        folder,
        "ssd_cin_assessments",
        [
            "cina_assessment_id",
            "cina_person_id",
            "cina_referral_id",
            "cina_assessment_start_date",
            "cina_assessment_auth_date",
        ],
        ASSESSMENTS_FOR_REFERRALS,
    )
    write_people(folder, [r[1] for r in REFERRALS])
    return run_cli(folder, "2014-12")


# Monthly referrals: 2013-02 1 | 2013-03 3 | 2014-01 1 | 2014-03 2 | 2014-12 3 | other months 0
ALL_24 = ends("2013-01", "2014-12")
REF_COUNTS = {"2013-02-28": 1, "2013-03-31": 3, "2014-01-31": 1, "2014-03-31": 2, "2014-12-31": 3}


def test_referrals_counts_and_sources(referrals_csv):
    expected = {(e, ""): REF_COUNTS.get(e, 0) for e in ALL_24}  # the data start before the 24 months
    expected.update(
        {
            ("2014-12-31", "Police"): 1,
            ("2014-12-31", "Early help"): 1,
            ("2014-12-31", "Health"): 1,
            ("2013-03-31", "Individual"): 1,
            ("2013-03-31", "Schools"): 1,
            ("2013-03-31", "Unknown"): 1,
            ("2014-01-31", "Other"): 1,
            ("2014-03-31", "Health"): 2,
            ("2014-12-31", "Other"): 0,
        }
    )
    check(referrals_csv, "referrals", expected)
    assert periods(referrals_csv, "referrals") == ALL_24
    assert set(b for _, b in rows_of(referrals_csv, "referrals")) == {""} | set(DEFAULT_GROUPS)


def test_rereferrals(referrals_csv):
    counts = {(e, ""): 0 for e in ALL_24}
    counts.update({("2013-02-28", ""): 1, ("2014-03-31", ""): 1, ("2014-12-31", ""): 1})  # R02, R04, R09
    check(referrals_csv, "rereferrals", counts, exact=True)
    pct = {(e, ""): (BLANK, 0, 0) for e in ALL_24}
    pct.update(
        {
            ("2013-02-28", ""): (100.0, 1, 1),
            ("2013-03-31", ""): (0.0, 0, 3),
            ("2014-01-31", ""): (0.0, 0, 1),
            ("2014-03-31", ""): (50.0, 1, 2),
            ("2014-12-31", ""): (100 / 3, 1, 3),
        }
    )
    check(referrals_csv, "rereferrals_pct", pct, exact=True)


def test_referrals_nfa_and_to_assessment(referrals_csv):
    nfa = {(e, ""): (BLANK, 0, 0) for e in ALL_24}
    nfa.update(
        {
            ("2013-02-28", ""): (0.0, 0, 1),
            ("2013-03-31", ""): (100 / 3, 1, 3),  # R03 "Yes"
            ("2014-01-31", ""): (0.0, 0, 1),
            ("2014-03-31", ""): (0.0, 0, 2),
            ("2014-12-31", ""): (100 / 3, 1, 3),  # R09
        }
    )
    check(referrals_csv, "referrals_nfa_pct", nfa, exact=True)
    assessed = {(e, ""): (BLANK, 0, 0) for e in ALL_24}
    assessed.update(
        {
            ("2013-02-28", ""): (0.0, 0, 1),
            ("2013-03-31", ""): (0.0, 0, 3),
            ("2014-01-31", ""): (0.0, 0, 1),
            ("2014-03-31", ""): (50.0, 1, 2),  # R04 (two assessments, one referral); not R06
            ("2014-12-31", ""): (100 / 3, 1, 3),  # R07; R09's assessment starts in January 2015
        }
    )
    check(referrals_csv, "referrals_to_assessment_pct", assessed, exact=True)


def test_referrals_change_from_previous_month(referrals_csv):
    expected = {(e, ""): (BLANK, 0, 0) for e in ALL_24}  # 0 after 0
    expected.update(
        {
            ("2013-02-28", ""): (BLANK, 1, 0),
            ("2013-03-31", ""): (200.0, 2, 1),
            ("2013-04-30", ""): (-100.0, -3, 3),
            ("2014-01-31", ""): (BLANK, 1, 0),
            ("2014-02-28", ""): (-100.0, -1, 1),
            ("2014-03-31", ""): (BLANK, 2, 0),
            ("2014-04-30", ""): (-100.0, -2, 2),
            ("2014-12-31", ""): (BLANK, 3, 0),
        }
    )
    # January 2013: December 2012 lies inside the data (they start February 2012) and had none
    check(referrals_csv, "referrals_change_prev_month_pct", expected, exact=True)


# ----------------------------------------------------------------------------------------------
# Assessments: reporting month 2014-12; the first start is 2013-12-02, so 2013-12..2014-12 are written

ASSESSMENTS = [
    # id, person, start, auth, nfa, type
    ["S1", "P1", "2013-12-02", "2013-12-02", None, "single"],  # wd 0: 0-45
    ["S6", "P2", "2014-04-17", "2014-04-22", None, "Single"],  # Thu 17 .. Tue 22 over Easter: wd 1
    ["I1", "P3", "2014-12-01", "2014-12-15", None, "initial"],  # wd 10: 0-10, in time
    ["I2", "P4", "2014-12-01", "2014-12-16", "Y", "Initial Assessment"],  # wd 11: 11-15, late
    ["I3", "P5", "2014-12-15", "2014-12-31", None, "initial"],  # 15-19, 22-24, 29-30 = 10: in time
    ["I4", "P6", "2014-12-12", "2014-12-31", None, "initial"],  # 11: 11-15
    ["I5", "P7", "2014-11-03", "2014-12-02", None, "initial"],  # Nov 20 + Dec 1 = 21: 16-21
    ["I6", "P8", "2014-11-03", "2014-12-03", None, "initial"],  # 22: 22+
    ["I7", "P17", "2014-12-01", "2014-12-22", None, "initial"],  # Dec 1-5, 8-12, 15-19 = 15: 11-15
    ["I8", "P18", "2014-12-01", "2014-12-23", None, "initial"],  # 16: 16-21
    ["C1", "P9", "2014-10-22", "2014-12-10", None, "core"],  # Oct 8 + Nov 20 + Dec 7 = 35: 0-35
    ["C2", "P10", "2014-10-22", "2014-12-11", "N", "core"],  # 36: 36-41
    ["C4", "P11", "2014-10-22", "2014-12-19", None, "core"],  # 42: 42-50
    ["C5", "P19", "2014-10-01", "2014-12-10", None, "core"],  # Oct 23 + Nov 20 + Dec 1-9 (7) = 50: 42-50
    ["C6", "P20", "2014-10-01", "2014-12-11", None, "core"],  # 51: 51-60
    ["C7", "P21", "2014-10-01", "2014-12-24", None, "core"],  # + Dec 10-12, 15-19, 22-23 = 60: 51-60
    ["C8", "P22", "2014-10-01", "2014-12-29", None, "core"],  # + Dec 24 (25, 26 hol, w/e) = 61: 61+
    ["S2", "P12", "2014-10-01", "2014-12-03", None, "single"],  # Oct 23 + Nov 20 + Dec 2 = 45: 0-45
    ["S3", "P13", "2014-10-01", "2014-12-04", "Y", "single"],  # 46: 46-60
    ["S4", "P14", "2014-09-01", "2014-12-01", None, "single"],  # Sep 22 + Oct 23 + Nov 20 = 65: 61+
    ["S7", "P23", "2014-10-01", "2014-12-24", None, "single"],  # 60 (as C7): 46-60
    ["S8", "P24", "2014-10-01", "2014-12-29", None, "single"],  # 61 (as C8) over Christmas: 61+
    ["X1", "P15", "2014-12-10", "2014-12-05", None, None],  # blank type = single; auth before start (reading)
    ["O1", "P16", "2014-12-01", None, None, "initial"],  # open: not completed
]


def make_assessments(folder: Path) -> Path:
    write_table(
        folder,
        "ssd_cin_assessments",
        [
            "cina_assessment_id",
            "cina_person_id",
            "cina_assessment_start_date",
            "cina_assessment_auth_date",
            "cina_assessment_outcome_nfa",
            "cina_assessment_type",
        ],
        ASSESSMENTS,
    )
    write_table(folder, "ext_population", ["popn_year", "popn_age_0_17"], [[2013, 40000], [2014, 50000], [2015, 99999]])
    write_people(folder, [r[1] for r in ASSESSMENTS])
    return folder


@pytest.fixture(scope="module")
def assessments_csv(tmp_path_factory):
    return run_cli(make_assessments(tmp_path_factory.mktemp("assessments")), "2014-12")


COVERED_A = ends("2013-12", "2014-12")
TYPES = ["initial", "core", "single"]


def test_assessments_completed(assessments_csv):
    expected = {(e, t): 0 for e in COVERED_A for t in TYPES}
    expected.update(
        {
            ("2013-12-31", "single"): 1,  # S1
            ("2014-04-30", "single"): 1,  # S6
            ("2014-12-31", "initial"): 8,  # I1-I8 (O1 is open)
            ("2014-12-31", "core"): 7,  # C1, C2, C4-C8
            ("2014-12-31", "single"): 6,  # S2, S3, S4, S7, S8, X1 (blank type; counted as completed)
        }
    )
    check(assessments_csv, "assessments_completed", expected, exact=True)


def test_assessments_nfa_and_timeliness(assessments_csv):
    blank = (BLANK, 0, 0)
    nfa = {(e, t): blank for e in COVERED_A for t in TYPES}
    nfa.update(
        {
            ("2013-12-31", "single"): (0.0, 0, 1),
            ("2014-04-30", "single"): (0.0, 0, 1),
            ("2014-12-31", "initial"): (12.5, 1, 8),  # I2
            ("2014-12-31", "core"): (0.0, 0, 7),
            ("2014-12-31", "single"): (100 / 6, 1, 6),  # S3; X1 stays in the denominator
        }
    )
    check(assessments_csv, "assessments_nfa_pct", nfa, exact=True)
    timely = {(e, t): blank for e in COVERED_A for t in TYPES}
    timely.update(
        {
            ("2013-12-31", "single"): (100.0, 1, 1),
            ("2014-04-30", "single"): (100.0, 1, 1),
            ("2014-12-31", "initial"): (25.0, 2, 8),  # I1 (10), I3 (10 over Christmas)
            ("2014-12-31", "core"): (100 / 7, 1, 7),  # C1 (35)
            ("2014-12-31", "single"): (20.0, 1, 5),  # S2 (45); X1 cannot be measured (reading)
        }
    )
    check(assessments_csv, "assessments_in_timescale_pct", timely, exact=True)


def test_assessments_duration_bands(assessments_csv):
    bands = {
        "initial": ["0-10", "11-15", "16-21", "22+"],
        "core": ["0-35", "36-41", "42-50", "51-60", "61+"],
        "single": ["0-45", "46-60", "61+"],
    }
    expected = {(e, f"{t}|{b}"): 0 for e in COVERED_A for t in TYPES for b in bands[t]}
    expected.update(
        {
            ("2013-12-31", "single|0-45"): 1,
            ("2014-04-30", "single|0-45"): 1,
            ("2014-12-31", "initial|0-10"): 2,  # I1 (10), I3 (10)
            ("2014-12-31", "initial|11-15"): 3,  # I2 (11), I4 (11), I7 (15)
            ("2014-12-31", "initial|16-21"): 2,  # I8 (16), I5 (21)
            ("2014-12-31", "initial|22+"): 1,  # I6 (22)
            ("2014-12-31", "core|0-35"): 1,  # C1 (35)
            ("2014-12-31", "core|36-41"): 1,  # C2 (36)
            ("2014-12-31", "core|42-50"): 2,  # C4 (42), C5 (50)
            ("2014-12-31", "core|51-60"): 2,  # C6 (51), C7 (60)
            ("2014-12-31", "core|61+"): 1,  # C8 (61)
            ("2014-12-31", "single|0-45"): 1,  # S2 (45)
            ("2014-12-31", "single|46-60"): 2,  # S3 (46), S7 (60)
            ("2014-12-31", "single|61+"): 2,  # S8 (61), S4 (65); X1 not measured
        }
    )
    check(assessments_csv, "assessments_duration_band", expected, exact=True)


def test_assessments_rate_per_10k_12m(assessments_csv):
    # Written for every covered month (from December 2013, the first start), counting what the
    # extract holds in the 12 months to M. Population: the estimate of M's year (2013: 40,000;
    # 2014: 50,000), never the later 2015 row.
    expected = {("2013-12-31", t): (0.0, 0, 40000) for t in ("initial", "core")}
    expected[("2013-12-31", "single")] = (10000 * 1 / 40000, 1, 40000)  # S1
    for e in ends("2014-01", "2014-10"):
        expected.update({(e, t): (0.0, 0, 50000) for t in ("initial", "core")})
        # S1 (December 2013) is in every window to November 2014; S6 from April 2014.
        expected[(e, "single")] = (10000 * 2 / 50000, 2, 50000) if e >= "2014-04-30" else (10000 * 1 / 50000, 1, 50000)
    check(
        assessments_csv,
        "assessments_rate_per_10k_12m",
        {
            **expected,
            ("2014-11-30", "single"): (10000 * 2 / 50000, 2, 50000),  # S1, S6
            ("2014-11-30", "initial"): (0.0, 0, 50000),
            ("2014-11-30", "core"): (0.0, 0, 50000),
            ("2014-12-31", "single"): (10000 * 7 / 50000, 7, 50000),  # S6 + 6 in December (S1 has left)
            ("2014-12-31", "initial"): (10000 * 8 / 50000, 8, 50000),
            ("2014-12-31", "core"): (10000 * 7 / 50000, 7, 50000),
        },
        exact=True,
    )


# ----------------------------------------------------------------------------------------------
# Strategy discussions and s47 enquiries: reporting month 2014-12

STRATEGY = [
    # id, person, start, completed, team, cse, s47
    ["D5", "P1", "2014-09-10", "2014-09-10", "B", None, None],
    ["D1", "P2", "2014-11-03", "2014-11-05", "A", "Y", "Y"],
    ["D2", "P3", "2014-11-28", "2014-12-01", "B", None, "N"],
    ["D3", "P4", "2014-12-31", None, None, None, "Y"],  # last day; blank team = Not recorded
    ["D4", "P5", "2014-12-01", "2014-12-01", "A", "N", "Y"],
]
S47 = [
    # id, person, start
    ["E1", "P1", "2013-03-31"],  # financial year 2012/13
    ["E2", "P2", "2013-04-01"],  # first day of 2013/14
    ["E3", "P3", "2014-03-31"],  # last day of 2013/14
    ["E4", "P4", "2014-04-01"],
    ["E6", "P5", "2014-06-15"],
    ["E5", "P6", "2014-12-31"],
]


@pytest.fixture(scope="module")
def strategy_csv(tmp_path_factory):
    folder = tmp_path_factory.mktemp("strategy")
    write_table(
        folder,
        "ext_strategy_discussions",
        [
            "strd_id",
            "strd_person_id",
            "strd_start_date",
            "strd_completed_date",
            "strd_team",
            "strd_cse_flag",
            "strd_s47_flag",
        ],
        STRATEGY,
    )
    write_table(folder, "ssd_s47_enquiry", ["s47e_s47_enquiry_id", "s47e_person_id", "s47e_s47_start_date"], S47)
    write_table(folder, "ext_population", ["popn_year", "popn_age_0_17"], [[2013, 20000], [2014, 25000]])
    write_people(folder, [r[1] for r in STRATEGY + S47])
    return run_cli(folder, "2014-12")


def test_strategy(strategy_csv):
    months = ends("2014-09", "2014-12")  # the strategy table starts in September 2014 (reading)
    teams = ["A", "B", "Not recorded"]
    started = {(e, b): 0 for e in months for b in [""] + teams}
    started.update(
        {
            ("2014-09-30", ""): 1,
            ("2014-09-30", "B"): 1,
            ("2014-11-30", ""): 2,
            ("2014-11-30", "A"): 1,
            ("2014-11-30", "B"): 1,
            ("2014-12-31", ""): 2,
            ("2014-12-31", "A"): 1,
            ("2014-12-31", "Not recorded"): 1,
        }
    )
    check(strategy_csv, "strategy_started", started, exact=True)
    check(
        strategy_csv,
        "strategy_completed",
        {("2014-09-30", ""): 1, ("2014-10-31", ""): 0, ("2014-11-30", ""): 1, ("2014-12-31", ""): 2},
        exact=True,
    )
    check(
        strategy_csv,
        "strategy_cse",
        {("2014-09-30", ""): 0, ("2014-10-31", ""): 0, ("2014-11-30", ""): 1, ("2014-12-31", ""): 0},
        exact=True,
    )
    check(
        strategy_csv,
        "strategy_to_s47_pct",
        {
            ("2014-09-30", ""): (0.0, 0, 1),
            ("2014-10-31", ""): (BLANK, 0, 0),  # a month with no discussions inside the data
            ("2014-11-30", ""): (50.0, 1, 2),
            ("2014-12-31", ""): (100.0, 2, 2),
        },
        exact=True,
    )


def test_s47(strategy_csv):
    months = ends("2013-03", "2014-12")  # the s47 data start in March 2013
    started = {(e, ""): 0 for e in months}
    started.update(
        {(e, ""): 1 for e in ["2013-03-31", "2013-04-30", "2014-03-31", "2014-04-30", "2014-06-30", "2014-12-31"]}
    )
    check(strategy_csv, "s47_started", started, exact=True)
    # Year to date from 1 April, not annualised; population of M's year (2013: 20,000; 2014: 25,000).
    # March 2013 (the first covered month; its year began in April 2012): E1 alone.
    ytd = {("2013-03-31", ""): (10000 * 1 / 20000, 1, 20000)}
    for e in ends("2013-04", "2013-12"):
        ytd[(e, "")] = (10000 * 1 / 20000, 1, 20000)  # E2
    for e in ends("2014-01", "2014-02"):
        ytd[(e, "")] = (10000 * 1 / 25000, 1, 25000)  # E2
    ytd[("2014-03-31", "")] = (10000 * 2 / 25000, 2, 25000)  # E2, E3
    for e in ends("2014-04", "2014-05"):
        ytd[(e, "")] = (10000 * 1 / 25000, 1, 25000)  # E4 (a new year)
    for e in ends("2014-06", "2014-11"):
        ytd[(e, "")] = (10000 * 2 / 25000, 2, 25000)  # E4, E6
    ytd[("2014-12-31", "")] = (10000 * 3 / 25000, 3, 25000)  # E4, E6, E5 (last day)
    check(strategy_csv, "s47_rate_per_10k_ytd", ytd, exact=True)


# ----------------------------------------------------------------------------------------------
# Early help: reporting month 2014-12; episodes start 2013-12 (written 2013-12..2014-12)

EARLY_HELP = [
    # id, person, start, step down from
    ["H4", "P4", "2013-12-31", "initial"],
    ["H1", "P1", "2014-01-01", "initial"],
    ["H6", "P6", "2014-03-15", None],
    ["H2", "P2", "2014-06-10", "core"],
    ["H3", "P3", "2014-12-05", "Single Assessment"],
    ["H5", "P5", "2014-12-10", None],
]
EH_REFERRALS = [
    ["R1", "P1", "2014-12-31"],  # last day of M: a step-up for December, not for November
    ["R2", "P2", "2014-06-10"],  # the episode's own start day: not "after" it
    ["R3", "P3", "2015-01-10"],  # after the reporting month
    ["R4", "P4", "2014-02-01"],
]


@pytest.fixture(scope="module")
def early_help_csv(tmp_path_factory):
    folder = tmp_path_factory.mktemp("early_help")
    write_table(
        folder,
        "ssd_early_help_episodes",
        ["earl_episode_id", "earl_person_id", "earl_episode_start_date", "earl_step_down_from"],
        EARLY_HELP,
    )
    write_table(folder, "ssd_cin_episodes", ["cine_referral_id", "cine_person_id", "cine_referral_date"], EH_REFERRALS)
    write_people(folder, [r[1] for r in EARLY_HELP])
    return run_cli(folder, "2014-12")


COVERED_E = ends("2013-12", "2014-12")


def test_eh_started_and_step_downs(early_help_csv):
    started = {(e, ""): 0 for e in COVERED_E}
    started.update(
        {
            ("2013-12-31", ""): 1,
            ("2014-01-31", ""): 1,
            ("2014-03-31", ""): 1,
            ("2014-06-30", ""): 1,
            ("2014-12-31", ""): 2,
        }
    )
    check(early_help_csv, "eh_started", started, exact=True)
    downs = {(e, b): 0 for e in COVERED_E for b in ["", "initial", "core", "single"]}
    downs.update(
        {
            ("2013-12-31", ""): 1,
            ("2013-12-31", "initial"): 1,
            ("2014-01-31", ""): 1,
            ("2014-01-31", "initial"): 1,
            ("2014-06-30", ""): 1,
            ("2014-06-30", "core"): 1,
            ("2014-12-31", ""): 1,
            ("2014-12-31", "single"): 1,
        }
    )
    check(early_help_csv, "eh_step_downs", downs, exact=True)


def test_eh_step_up_pct(early_help_csv):
    # Step-downs: H4 (2013-12-31, referred 2014-02-01), H1 (2014-01-01, referred 2014-12-31),
    # H2 (2014-06-10, referred that same day: no), H3 (2014-12-05, referred 2015-01-10: after M).
    expected = {
        ("2013-12-31", ""): (0.0, 0, 1),  # H4, referral not yet
        ("2014-01-31", ""): (0.0, 0, 2),  # Feb 2013..Jan 2014: H4, H1
        ("2014-02-28", ""): (50.0, 1, 2),  # H4 referred 1 February
    }
    for e in ends("2014-03", "2014-05"):
        expected[(e, "")] = (50.0, 1, 2)
    for e in ends("2014-06", "2014-11"):
        expected[(e, "")] = (100 / 3, 1, 3)  # H4, H1, H2; H1's referral is after November
    expected[("2014-12-31", "")] = (100 / 3, 1, 3)  # Jan..Dec 2014: H1 (31 Dec), H2, H3; H4 has left
    check(early_help_csv, "eh_step_up_pct", expected, exact=True)


# ----------------------------------------------------------------------------------------------
# A council's parameters reach the figures: its own source groups (replacing the default map
# whole) and its own single-assessment timescale and band edges.


def test_council_source_groups(tmp_path):
    frame = run_cli(
        make_contacts(tmp_path), "2015-04", "contact_source_groups:\n  Police: [6]\n  Health: ['3a', '3B']\n"
    )
    assert set(b for _, b in rows_of(frame, "contacts")) == {"", "Police", "Health", "Other"}
    check(
        frame,
        "contacts",
        {
            ("2014-12-31", "Health"): 2,  # C04 3A, C05 3B
            ("2014-12-31", "Police"): 1,  # C08
            ("2014-12-31", "Other"): 2,  # C06 XYZ, C07 1A (not mapped by this council)
            ("2015-01-31", "Other"): 2,  # 5D, 10
        },
    )
    check(
        frame,
        "contacts_to_referral_pct",
        {
            ("2014-12-31", "Other"): (50.0, 1, 2),  # C07
            ("2014-12-31", "Health"): (0.0, 0, 2),
        },
    )


def test_council_assessment_timescale_and_bands(tmp_path):
    frame = run_cli(
        make_assessments(tmp_path),
        "2014-12",
        "assessment_timescales:\n  single: 46\nassessment_bands:\n  single: [45]\n",
    )
    check(
        frame,
        "assessments_in_timescale_pct",
        {
            ("2014-12-31", "single"): (40.0, 2, 5),  # S2 (45), S3 (46) within 46; S4, S7, S8 late
            ("2014-12-31", "initial"): (25.0, 2, 8),  # initial keeps its default of 10
        },
    )
    single = {(e, f"single|{b}"): 0 for e in COVERED_A for b in ["0-45", "46+"]}
    single.update(
        {
            ("2013-12-31", "single|0-45"): 1,
            ("2014-04-30", "single|0-45"): 1,
            ("2014-12-31", "single|0-45"): 1,
            ("2014-12-31", "single|46+"): 4,
        }
    )  # S3, S4, S7, S8
    got = {k: v for k, v in rows_of(frame, "assessments_duration_band").items() if k[1].startswith("single|")}
    assert set(got) == set(single)
    check(frame, "assessments_duration_band", single)


# ----------------------------------------------------------------------------------------------
# Re-referrals around 29 February: reporting month 2017-02 (24 months 2015-03..2017-02)

LEAP_REFERRALS = [
    ["L1", "X", "2015-02-28"],
    ["L2", "X", "2016-02-29"],  # 12 months before 29/02/2016 = [28/02/2015, ...): yes
    ["L3", "Y", "2015-02-27"],
    ["L4", "Y", "2016-02-29"],  # 27 February 2015 is one day too early: no
    ["L5", "Z", "2016-02-29"],
    ["L6", "Z", "2017-02-28"],  # [28/02/2016, 28/02/2017) holds 29/02/2016: yes
    ["L7", "W", "2016-02-28"],
    ["L8", "W", "2017-02-28"],  # exactly 12 months to the day: yes
    ["L9", "V", "2016-02-27"],
    ["L10", "V", "2017-02-28"],  # no
]


def test_rereferrals_around_29_february(tmp_path):
    write_table(
        tmp_path, "ssd_cin_episodes", ["cine_referral_id", "cine_person_id", "cine_referral_date"], LEAP_REFERRALS
    )
    frame = run_cli(tmp_path, "2017-02")
    months = ends("2015-03", "2017-02")  # the data start in February 2015, before the 24 months
    counts = {(e, ""): 0 for e in months}
    counts.update({("2016-02-29", ""): 5, ("2017-02-28", ""): 3})
    check(frame, "referrals", counts)
    assert periods(frame, "referrals") == months
    rereferred = {(e, ""): 0 for e in months}
    rereferred.update({("2016-02-29", ""): 1, ("2017-02-28", ""): 2})  # L2; L6, L8
    check(frame, "rereferrals", rereferred, exact=True)
    check(
        frame,
        "rereferrals_pct",
        {("2016-02-29", ""): (20.0, 1, 5), ("2017-02-28", ""): (200 / 3, 2, 3), ("2016-03-31", ""): (BLANK, 0, 0)},
    )
    # February 2015 had 2 referrals (L1, L3): March 2015, the first of the 24, compares with it
    check(
        frame,
        "referrals_change_prev_month_pct",
        {("2015-03-31", ""): (-100.0, -2, 2), ("2016-02-29", ""): (BLANK, 5, 0), ("2016-03-31", ""): (-100.0, -5, 5)},
    )
