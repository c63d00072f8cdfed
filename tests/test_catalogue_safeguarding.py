"""An independent check of the safeguarding ids against the catalogue, through the command line.

Each test writes a tiny extract as CSV files, runs ``boardpack indicators`` on it and compares
rows of ``indicators.csv`` (read back as text) with figures worked out by hand from
``shared/spec/indicators.md``: child protection (``icpc_*``, ``cp_*``), looked-after children
(``cla_*``) and workforce (``wf_*``). The hand working is in the comments; nothing here is copied
from the code's output.

Calendar used below (England): December 2014 has Christmas Day (Thu 25) and Boxing Day (Fri 26);
1 December 2014 is a Monday, 31 December 2014 a Wednesday.
"""

from __future__ import annotations

import math

import pandas as pd

from boardpack.run.cli import main

M = "2014-12"
END = "2014-12-31"
NOV = "2014-11-30"
OCT = "2014-10-31"


# ---------------------------------------------------------------------------------------------
# helpers


def write(folder, tables: dict) -> str:
    """``{table: [row dicts]}`` -> one CSV per table (blank cells for missing keys)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        pd.DataFrame(rows).to_csv(folder / f"{name}.csv", index=False)
    return str(folder)


def run(tmp_path, tables: dict, month: str = M) -> pd.DataFrame:
    data = write(tmp_path / "data", tables)
    out = tmp_path / "indicators.csv"
    assert main(["indicators", "--month", month, "--data", data, "--out", str(out)]) == 0
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(frame.columns) == ["indicator_id", "period_end", "breakdown", "value", "numerator", "denominator"]
    # one row per indicator, period and breakdown
    assert not frame.duplicated(["indicator_id", "period_end", "breakdown"]).any()
    return frame


def row(frame, indicator_id, period_end, breakdown=""):
    hit = frame.loc[
        (frame["indicator_id"] == indicator_id)
        & (frame["period_end"] == period_end)
        & (frame["breakdown"] == breakdown)
    ]
    assert len(hit) == 1, f"{indicator_id} {period_end} {breakdown!r}: {len(hit)} rows"
    return hit.iloc[0]


def same(text: str, expected) -> bool:
    if expected is None:
        return text == ""
    return text != "" and math.isclose(float(text), expected, rel_tol=1e-9, abs_tol=1e-9)


def check(frame, indicator_id, period_end, value, numerator=None, denominator=None, breakdown=""):
    """``value`` (None = blank) and, for rates and percentages, the numerator and denominator."""
    r = row(frame, indicator_id, period_end, breakdown)
    got = (r["value"], r["numerator"], r["denominator"])
    assert same(r["value"], value), (indicator_id, period_end, breakdown, got, value)
    assert same(r["numerator"], numerator), (indicator_id, period_end, breakdown, got, numerator)
    assert same(r["denominator"], denominator), (indicator_id, period_end, breakdown, got, denominator)


def breakdowns(frame, indicator_id, period_end) -> set:
    hit = frame.loc[(frame["indicator_id"] == indicator_id) & (frame["period_end"] == period_end)]
    return set(hit["breakdown"])


def plan(pid, person, start, end="", initial="", latest=""):
    return {
        "cppl_cp_plan_id": pid,
        "cppl_person_id": person,
        "cppl_cp_plan_start_date": start,
        "cppl_cp_plan_end_date": end,
        "cppl_cp_plan_initial_category": initial,
        "cppl_cp_plan_latest_category": latest,
    }


def episode(eid, person, start, reason="S", ceased="", ceased_reason="", cla_id=""):
    return {
        "clae_cla_episode_id": eid,
        "clae_person_id": person,
        "clae_cla_episode_start_date": start,
        "clae_cla_episode_start_reason": reason,
        "clae_cla_episode_ceased_date": ceased,
        "clae_cla_episode_ceased_reason": ceased_reason,
        "clae_cla_id": cla_id or f"P{person}",
    }


def placement(pid, person, start, end=""):
    return {
        "clap_cla_placement_id": pid,
        "clap_person_id": person,
        "clap_cla_placement_start_date": start,
        "clap_cla_placement_end_date": end,
    }


def person(pid, dob=""):
    return {"pers_person_id": pid, "pers_dob": dob}


# ---------------------------------------------------------------------------------------------
# child protection


def test_plans_open_categories_started_ended_two_years(tmp_path):
    plans = [
        plan("P1", "C1", "2014-03-10", "2014-12-31", initial="NEG"),  # ends on the last day: not open at Dec end
        plan("P2", "C2", "2014-06-02", initial="PHY", latest="EMO"),  # latest wins: Emotional abuse
        plan("P3", "C2", "2014-09-01", initial="EMO"),  # overlaps P2: C2 counted once
        plan("P4", "C3", "2014-12-01", latest="Multiple"),  # started in Dec; word accepted
        plan("P5", "C4", "2012-12-31", initial="NEG"),  # exactly 2 years at 31 Dec 2014
        plan("P6", "C5", "2013-01-01", latest="a) Neglect", initial="PHY"),  # 2 years less a day
        plan("P7", "C6", "2014-05-01", "2014-11-30", initial="SAB"),  # ended on 30 Nov: not open at Nov end
    ]
    population = [{"popn_year": 2013, "popn_age_0_17": 40000}, {"popn_year": 2015, "popn_age_0_17": 50000}]
    f = run(tmp_path, {"ssd_cp_plans": plans, "ext_population": population})

    # Dec end (31 Dec): open records P2 P3 P4 P5 P6 (5); children C2 C3 C4 C5 (4)
    check(f, "cp_plans_open", END, 4)
    # C2 Emotional (P3, its latest-starting plan, and P2 both say so), C3 Multiple, C4 Neglect, C5 Neglect
    check(f, "cp_plans_open", END, 1, breakdown="Emotional abuse")
    check(f, "cp_plans_open", END, 1, breakdown="Multiple")
    check(f, "cp_plans_open", END, 2, breakdown="Neglect")
    check(f, "cp_plans_open", END, 0, breakdown="Physical abuse")
    check(f, "cp_plans_open", END, 0, breakdown="Sexual abuse")
    assert breakdowns(f, "cp_plans_open", END) == {
        "",
        "Neglect",
        "Physical abuse",
        "Emotional abuse",
        "Sexual abuse",
        "Multiple",
    }
    # population: rows 2013 and 2015; for 2014 the latest not after 2014 is 2013 (40,000), not 2015
    check(f, "cp_rate_per_10k", END, 10000 * 4 / 40000, 4, 40000)
    check(f, "cp_plans_started", END, 1)  # P4
    check(f, "cp_plans_ended", END, 1)  # P1 (31 Dec)
    # two years: start <= 31 Dec 2012 -> P5 only, of 5 open records
    check(f, "cp_open_2yrs_pct", END, 100 * 1 / 5, 1, 5)

    # Nov end (30 Nov): open P1 P2 P3 P5 P6 (P7 ended 30 Nov) -> children C1 C2 C4 C5
    check(f, "cp_plans_open", NOV, 4)
    check(f, "cp_plans_open", NOV, 0, breakdown="Sexual abuse")
    check(f, "cp_plans_ended", NOV, 1)  # P7
    check(f, "cp_plans_started", NOV, 0)  # no plan started in Nov: 0, not missing
    # start <= 30 Nov 2012: none of P1 P2 P3 P5 P6
    check(f, "cp_open_2yrs_pct", NOV, 0, 0, 5)
    # Jan 2013 (2013 row): open at 31 Jan 2013 P5 P6 -> C4 C5
    check(f, "cp_rate_per_10k", "2013-01-31", 10000 * 2 / 40000, 2, 40000)
    # 24 months written: Jan 2013 .. Dec 2014
    months = sorted(set(f.loc[f["indicator_id"] == "cp_plans_open", "period_end"]))
    assert months[0] == "2013-01-31" and months[-1] == END and len(months) == 24


def test_repeat_plans(tmp_path):
    plans = [
        # C1: A and B ended before C started; the latest earlier plan is B (started 2012)
        plan("A", "C1", "2010-05-01", "2011-02-01", "NEG"),
        plan("B", "C1", "2012-03-01", "2013-01-15", "NEG"),
        plan("C", "C1", "2014-02-03", "", "NEG"),
        # C2: D ended on the day E started ("on or before") -> repeat, year 2011
        plan("D", "C2", "2011-06-01", "2014-04-01", "EMO"),
        plan("E", "C2", "2014-04-01", "", "EMO"),
        # C3: F still open when G started -> not a repeat open; G is a second plan started
        plan("F", "C3", "2013-05-01", "", "PHY"),
        plan("G", "C3", "2014-06-02", "", "PHY"),
        # C4: first plan
        plan("H", "C4", "2014-07-01", "", "SAB"),
        # C5: J starts on the last day (open at the end); earlier plan I from 2012
        plan("I", "C5", "2012-08-01", "2012-12-01", "NEG"),
        plan("J", "C5", "2014-12-31", "", "NEG"),
    ]
    f = run(tmp_path, {"ssd_cp_plans": plans})
    check(f, "cp_plans_open", END, 5)  # C1..C5
    # repeats open at 31 Dec: C1 (B: 2012), C2 (D: 2011), C5 (I: 2012)
    check(f, "cp_repeat_open", END, 3)
    check(f, "cp_repeat_open", END, 1, breakdown="2011")
    check(f, "cp_repeat_open", END, 2, breakdown="2012")
    check(f, "cp_repeat_open_pct", END, 100 * 1 / 3, 1, 3, breakdown="2011")
    check(f, "cp_repeat_open_pct", END, 100 * 2 / 3, 2, 3, breakdown="2012")
    assert "" not in breakdowns(f, "cp_repeat_open_pct", END)  # breakdown: year only
    assert "2010" not in breakdowns(f, "cp_repeat_open", END)  # A is not the latest earlier plan of C1
    # 12 months to Dec 2014 = 1 Jan-31 Dec 2014: started C E G H J (5); with an earlier plan C E G J (4)
    check(f, "cp_repeat_starts_pct_12m", END, 80.0, 4, 5)
    # 12 months to Nov 2014 = 1 Dec 2013-30 Nov 2014: C E G H (4); repeats C E G (3)
    check(f, "cp_repeat_starts_pct_12m", NOV, 75.0, 3, 4)
    # at 30 Nov: C1 (2012), C2 (2011); C5's J not started yet
    check(f, "cp_repeat_open", NOV, 2)
    check(f, "cp_repeat_open_pct", NOV, 50.0, 1, 2, breakdown="2012")
    # 12 months to Jan 2013 (Feb 2012-Jan 2013): B (2012-03-01, earlier A) and I (first plan of C5)
    check(f, "cp_repeat_starts_pct_12m", "2013-01-31", 50.0, 1, 2)
    # 12 months to Jan 2014: Feb 2013-Jan 2014: F only (first plan) -> 0 %
    check(f, "cp_repeat_starts_pct_12m", "2014-01-31", 0.0, 0, 1)


def test_conferences(tmp_path):
    enquiries = [
        {"s47e_s47_enquiry_id": "E1", "s47e_person_id": "C1", "s47e_s47_start_date": "2014-12-01"},
        {"s47e_s47_enquiry_id": "E2", "s47e_person_id": "C2", "s47e_s47_start_date": "2014-12-05"},
        {"s47e_s47_enquiry_id": "E3", "s47e_person_id": "C3", "s47e_s47_start_date": "2014-11-10"},
        {"s47e_s47_enquiry_id": "E4", "s47e_person_id": "C4", "s47e_s47_start_date": "2014-11-10"},
    ]
    conferences = [
        # an old conference so that every month of the 24 is covered
        {
            "icpc_icpc_id": "I0",
            "icpc_person_id": "C9",
            "icpc_icpc_date": "2013-01-15",
            "icpc_icpc_outcome_cp_flag": "N",
        },
        # wd(Mon 1 Dec, Mon 22 Dec) = 5 + 5 + 5 = 15 -> within
        {
            "icpc_icpc_id": "I1",
            "icpc_person_id": "C1",
            "icpc_s47_enquiry_id": "E1",
            "icpc_icpc_date": "2014-12-22",
            "icpc_icpc_outcome_cp_flag": "Y",
        },
        # wd(Fri 5 Dec, Tue 30 Dec) = 1 (5th) + 5 + 5 + 3 (22-24) + 1 (29; 25, 26 bank holidays) = 15 -> within
        {
            "icpc_icpc_id": "I2",
            "icpc_person_id": "C2",
            "icpc_s47_enquiry_id": "E2",
            "icpc_icpc_date": "2014-12-30",
            "icpc_icpc_outcome_cp_flag": "N",
        },
        # a second conference for C2 in Dec, no enquiry, resulting in a plan: C2 counted once, and to plan
        {
            "icpc_icpc_id": "I3",
            "icpc_person_id": "C2",
            "icpc_icpc_date": "2014-12-31",
            "icpc_icpc_outcome_cp_flag": "Yes",
        },
        # wd(Mon 10 Nov, Tue 2 Dec) = 5 + 5 + 5 + 1 = 16 -> late; flag blank -> no plan
        {"icpc_icpc_id": "I4", "icpc_person_id": "C3", "icpc_s47_enquiry_id": "E3", "icpc_icpc_date": "2014-12-02"},
        # an enquiry id that finds no enquiry: not linked
        {
            "icpc_icpc_id": "I5",
            "icpc_person_id": "C5",
            "icpc_s47_enquiry_id": "E9",
            "icpc_icpc_date": "2014-12-10",
            "icpc_icpc_outcome_cp_flag": "N",
        },
        # Nov: wd(Mon 10 Nov, Fri 28 Nov) = 5 + 5 + 4 = 14 -> within; no plan
        {
            "icpc_icpc_id": "I6",
            "icpc_person_id": "C4",
            "icpc_s47_enquiry_id": "E4",
            "icpc_icpc_date": "2014-11-28",
            "icpc_icpc_outcome_cp_flag": "N",
        },
    ]
    f = run(
        tmp_path,
        {
            "ssd_s47_enquiry": enquiries,
            "ssd_initial_cp_conference": conferences,
            "ssd_cp_plans": [plan("X", "C9", "2013-01-20")],
        },
    )
    # Dec: children C1 C2 C3 C5 (4); to plan C1 C2 (2)
    check(f, "icpc_children", END, 4)
    check(f, "icpc_to_plan", END, 2)
    check(f, "icpc_to_plan_pct", END, 50.0, 2, 4)
    # Dec conferences linked to an enquiry: I1 I2 I4 (3); within 15 wd: I1 I2
    check(f, "icpc_within_15wd_pct", END, 100 * 2 / 3, 2, 3)
    check(f, "icpc_children", NOV, 1)
    check(f, "icpc_to_plan", NOV, 0)
    check(f, "icpc_to_plan_pct", NOV, 0.0, 0, 1)
    check(f, "icpc_within_15wd_pct", NOV, 100.0, 1, 1)
    # Oct: no conference -> 0 counts, blank percentages (zero denominators)
    check(f, "icpc_children", OCT, 0)
    check(f, "icpc_to_plan", OCT, 0)
    check(f, "icpc_to_plan_pct", OCT, None, 0, 0)
    check(f, "icpc_within_15wd_pct", OCT, None, 0, 0)


def test_cp_visits_across_christmas(tmp_path):
    plans = [
        plan("V1", "C1", "2014-11-03", initial="NEG"),
        plan("V2", "C2", "2014-10-01", initial="NEG"),
        plan("V3", "C3", "2014-12-15", initial="NEG"),  # wd(15 Dec, 31 Dec) = 10, not more: not due
        plan("V4", "C4", "2014-12-12", initial="NEG"),  # wd(12 Dec, 31 Dec) = 11: due
        plan("V5", "C5", "2014-06-02", "2014-12-31", initial="NEG"),  # ended on the last day
        plan("V6a", "C6", "2014-01-06", initial="NEG"),  # C6: two overlapping plans, one child
        plan("V6b", "C6", "2014-09-01", initial="NEG"),
    ]

    def visit(vid, who, date, seen=""):
        return {"cppv_cp_visit_id": vid, "cppv_person_id": who, "cppv_cp_visit_date": date, "cppv_cp_visit_seen": seen}

    visits = [
        visit("v0", "C1", "2013-01-10", "Y"),  # an old visit: every month covered
        # wd(Mon 15 Dec, Wed 31 Dec) = 5 (15-19) + 3 (22-24) + 2 (29, 30) = 10 -> within
        visit("v1", "C1", "2014-12-15", "Y"),
        # wd(Fri 12 Dec, 31 Dec) = 11 -> late; the 29 Dec visit did not see the child
        visit("v2", "C2", "2014-12-12", "Y"),
        visit("v3", "C2", "2014-12-29", "N"),
        # Saturday 13 Dec counts from Monday 15: 10 -> within; seen blank = seen
        visit("v4", "C4", "2014-12-13", ""),
        visit("v5", "C5", "2014-12-30", "Y"),
        # C6: 1 Dec is 20 wd before; the 2 Jan 2015 visit is after the month end
        visit("v6", "C6", "2014-12-01", "Y"),
        visit("v7", "C6", "2015-01-02", "Y"),
    ]
    f = run(tmp_path, {"ssd_cp_plans": plans, "ssd_cp_visits": visits})
    check(f, "cp_plans_open", END, 5)  # C1 C2 C3 C4 C6
    # due: C1 C2 C4 C6 (4); seen in time: C1 C4 (2)
    check(f, "cp_visits_in_timescale_pct", END, 50.0, 2, 4)
    # Nov end: plans open V1 V2 V5 V6a V6b -> children C1 C2 C5 C6, all started > 10 wd before 30 Nov
    # (V1: wd(3 Nov, 30 Nov) = 20); no seen visit in the 10 wd before -> 0 of 4
    check(f, "cp_visits_in_timescale_pct", NOV, 0.0, 0, 4)


def test_cp_medicals(tmp_path):
    medicals = [
        {"cpme_id": "M0", "cpme_person_id": "C9", "cpme_medical_date": "2013-01-05"},
        {"cpme_id": "M1", "cpme_person_id": "C1", "cpme_medical_date": "2014-12-01"},
        {"cpme_id": "M2", "cpme_person_id": "C2", "cpme_medical_date": "2014-12-31"},
        {"cpme_id": "M3", "cpme_person_id": "C2", "cpme_medical_date": "31/12/2014"},  # a second record
        {"cpme_id": "M4", "cpme_person_id": "C3", "cpme_medical_date": "2014-11-30"},
    ]
    f = run(tmp_path, {"ext_cp_medicals": medicals})
    check(f, "cp_medicals", END, 3)  # records, not children
    check(f, "cp_medicals", NOV, 1)
    check(f, "cp_medicals", OCT, 0)


# ---------------------------------------------------------------------------------------------
# looked-after children


def test_cla_open_bands_starts_ceases_change_and_cp(tmp_path):
    people = [
        person("C1", "2014-06-01"),  # 0 at 31 Dec 2014: Under 1
        person("C2", "1998-12-31"),  # 16 on the month end: 16-17
        person("C3", "1999-01-01"),  # 15 (16 tomorrow): 10-15
        person("C4", "2010-12-31"),  # left care on 31 Dec; 3 at 30 Nov
        person("C5", "2009-12-31"),  # 5 on the month end: 5-9
        person("C6", ""),  # no date of birth: headline only
        person("C7", "1996-12-01"),  # 18: headline only
        person("C8", "2005-07-01"),  # 9: 5-9
        person("C9", "2001-01-01"),
    ]
    episodes = [
        episode("e1", "C1", "2014-06-10"),
        episode("e2", "C2", "2013-03-01"),
        episode("e3", "C3", "2012-05-01"),
        episode("e4", "C4", "2014-01-10", ceased="2014-12-31", ceased_reason="E4A"),  # ceased on the last day
        episode("e5a", "C5", "2014-02-01", ceased="2014-12-10", ceased_reason="X1"),  # care continues
        episode("e5b", "C5", "2014-12-10", reason="P"),
        episode("e6", "C6", "2014-12-05"),
        episode("e7", "C7", "2014-01-01"),
        episode("e8", "C8", "2014-12-31"),  # starts on the last day
        episode("e9", "C9", "2013-01-01", ceased="2014-12-15"),  # blank reason: ceased
    ]
    plans = [
        plan("K3", "C3", "2014-01-01", initial="NEG"),
        plan("K4", "C4", "2014-02-01", initial="NEG"),
        plan("K5", "C5", "2014-03-01", initial="NEG"),
        plan("K2", "C2", "2014-05-01", "2014-12-31", initial="NEG"),
    ]
    # only later years than 2014: the earliest (2015) is used
    population = [{"popn_year": 2016, "popn_age_0_17": 70000}, {"popn_year": 2015, "popn_age_0_17": 35000}]
    f = run(
        tmp_path,
        {"ssd_person": people, "ssd_cla_episodes": episodes, "ssd_cp_plans": plans, "ext_population": population},
    )
    # open at 31 Dec: C1 C2 C3 C5 C6 C7 C8 = 7 (C4 ceased 31 Dec, C9 ceased 15 Dec)
    check(f, "cla_open", END, 7)
    check(f, "cla_open", END, 1, breakdown="Under 1")
    check(f, "cla_open", END, 0, breakdown="1-4")
    check(f, "cla_open", END, 2, breakdown="5-9")
    check(f, "cla_open", END, 1, breakdown="10-15")
    check(f, "cla_open", END, 1, breakdown="16-17")
    assert breakdowns(f, "cla_open", END) == {"", "Under 1", "1-4", "5-9", "10-15", "16-17"}
    check(f, "cla_rate_per_10k", END, 10000 * 7 / 35000, 7, 35000)
    # started in Dec with reason S: e6, e8 (e5b is P)
    check(f, "cla_started", END, 2)
    # ceased in Dec other than X1: e4 (E4A), e9 (blank); e5a is X1
    check(f, "cla_ceased", END, 2)
    # open at 31 Dec 2013: C2 C3 C9 = 3 -> 100 * (7 - 3) / 3
    check(f, "cla_change_12m_pct", END, 100 * 4 / 3, 4, 3)
    # on a plan and looked after at 31 Dec: C3, C5 (C4 left care 31 Dec, C2's plan ended 31 Dec)
    check(f, "cp_and_looked_after", END, 2)
    # at 30 Nov: C3, C4, C5 (e5a), C2
    check(f, "cp_and_looked_after", NOV, 4)
    # 30 Nov: C1 C2 C3 C4 C5 C7 C9 = 7; C4 is 3 and C5 4 (1-4); C2 15 (16 on 31 Dec), C3 15, C9 13 (10-15)
    check(f, "cla_open", NOV, 7)
    check(f, "cla_open", NOV, 2, breakdown="1-4")
    check(f, "cla_open", NOV, 3, breakdown="10-15")
    check(f, "cla_open", NOV, 1, breakdown="16-17")  # C7, 17 until 1 Dec
    check(f, "cla_ceased", NOV, 0)


def test_three_or_more_placements(tmp_path):
    episodes = [
        episode("e1", "C1", "2012-01-01"),
        episode("e2", "C2", "2012-01-01"),
        episode("e3", "C3", "2013-06-01"),
        episode("e4", "C4", "2013-06-01", ceased="2014-12-31", ceased_reason="E11"),
        episode("e5", "C5", "2013-06-01"),
    ]
    placements = [
        # C1: one placement began before the window (1 Jan-31 Dec 2014) and was current in it: 3
        placement("p1", "C1", "2013-05-01", "2014-03-01"),
        placement("p2", "C1", "2014-03-01", "2014-08-01"),
        placement("p3", "C1", "2014-08-01"),
        # C2: p4 ended before the window: 2
        placement("p4", "C2", "2013-02-01", "2013-12-31"),
        placement("p5", "C2", "2014-01-02", "2014-06-01"),
        placement("p6", "C2", "2014-06-01"),
        # C3: 4, the last starting on the last day
        placement("p7", "C3", "2014-02-01", "2014-04-01"),
        placement("p8", "C3", "2014-04-01", "2014-09-01"),
        placement("p9", "C3", "2014-09-01", "2014-12-31"),
        placement("p10", "C3", "2014-12-31"),
        # C4: 3 placements but no longer looked after at 31 Dec
        placement("p11", "C4", "2014-01-05", "2014-03-01"),
        placement("p12", "C4", "2014-03-01", "2014-05-01"),
        placement("p13", "C4", "2014-05-01", "2014-12-31"),
        placement("p14", "C5", "2013-06-01"),
    ]
    f = run(tmp_path, {"ssd_cla_episodes": episodes, "ssd_cla_placement": placements})
    # looked after at 31 Dec: C1 C2 C3 C5 (4); 3 or more: C1 C3
    check(f, "cla_3plus_placements_pct", END, 50.0, 2, 4)
    # Nov: window 1 Dec 2013-30 Nov 2014; looked after C1..C5 (5): C1 3, C2 3 (p4 current 1-31 Dec 2013),
    # C3 3 (p7 p8 p9), C4 3, C5 1 -> 4 of 5
    check(f, "cla_3plus_placements_pct", NOV, 80.0, 4, 5)
    # no ssd_person: no child's age is known, so the under-16 cohort is empty (blank, not an error)
    check(f, "cla_long_term_stability_pct", END, None, 0, 0)


def test_long_term_stability(tmp_path):
    # 31 Dec 2014: 2.5 years before = 30 Jun 2012; 2 years before = 31 Dec 2012
    people = [
        person("L1", "2005-01-01"),
        person("L2", "2005-01-01"),
        person("L3", "1998-12-31"),
        person("L4", "1999-01-01"),
        person("L5", "2008-01-01"),
        person("L6", "2008-01-01"),
    ]
    episodes = [
        episode("a", "L1", "2012-06-30"),  # exactly 2.5 years: in
        episode("b", "L2", "2012-07-01"),  # a day short: out
        episode("c", "L3", "2010-01-01"),  # 16 on the month end: out
        episode("d1", "L4", "2010-01-01", ceased="2013-05-01", ceased_reason="X1", cla_id="Q4"),
        episode("d2", "L4", "2013-05-01", reason="P", cla_id="Q4"),  # continuous since 2010: in
        episode("e", "L5", "2011-01-01"),  # in
        episode("f1", "L6", "2009-01-01", ceased="2012-01-01", ceased_reason="E11", cla_id="Q6a"),
        episode("f2", "L6", "2012-09-01", cla_id="Q6b"),  # care began again: out
        episode("z", "Z", "2014-12-20"),  # no date of birth: out
    ]
    placements = [
        placement("pa", "L1", "2012-12-31"),  # exactly 2 years: stable
        placement("pb", "L2", "2012-07-01"),
        placement("pc", "L3", "2010-01-01"),
        placement("pd1", "L4", "2010-01-01", "2013-05-01"),
        placement("pd2", "L4", "2013-05-01"),  # not stable
        placement("pe1", "L5", "2011-01-01", "2012-06-01"),
        placement("pe2", "L5", "2012-06-01"),  # stable
        placement("pf", "L6", "2012-09-01"),
    ]
    f = run(tmp_path, {"ssd_person": people, "ssd_cla_episodes": episodes, "ssd_cla_placement": placements})
    # cohort L1 L4 L5 (3); stable L1 L5 (2)
    check(f, "cla_long_term_stability_pct", END, 100 * 2 / 3, 2, 3)
    # 30 Nov 2014: 2.5 years before = 30 May 2012 (L1 out); 2 years = 30 Nov 2012;
    # L3 is 15 then: in (pc stable). Cohort L3 L4 L5; stable L3 L5
    check(f, "cla_long_term_stability_pct", NOV, 100 * 2 / 3, 2, 3)


def test_cla_visits(tmp_path):
    # 31 Dec 2014 minus 42 days = 19 Nov 2014
    episodes = [
        episode("e1", "V1", "2014-01-01"),
        episode("e2", "V2", "2014-01-01"),
        episode("e3", "V3", "2014-11-19"),  # looked after exactly 42 days: not longer than the interval
        episode("e4", "V4", "2014-11-18"),  # 43 days: in the denominator, never visited
        episode("e5", "V5", "2014-01-01"),
    ]

    def visit(vid, who, date, seen=""):
        return {
            "clav_cla_visit_id": vid,
            "clav_person_id": who,
            "clav_cla_visit_date": date,
            "clav_cla_visit_seen": seen,
        }

    visits = [
        visit("w1", "V1", "2014-11-19", "Y"),  # exactly 42 days before: within
        visit("w2", "V2", "2014-11-18", "Y"),  # 43 days: late
        visit("w3", "V2", "2014-12-20", "N"),  # not seen
        visit("w4", "V3", "2014-12-01", "Y"),
        visit("w5", "V5", "2014-12-31", ""),  # on the last day, blank = seen
    ]
    f = run(tmp_path, {"ssd_cla_episodes": episodes, "ssd_cla_visits": visits})
    check(f, "cla_visits_in_timescale_pct", END, 50.0, 2, 4)  # V1 V5 of V1 V2 V4 V5


def test_cla_reviews(tmp_path):
    episodes = [episode("e1", "R", "2013-01-01", cla_id="Q1"), episode("e2", "Z", "2014-12-20")]

    def review(rid, due, held, cancelled=""):
        return {
            "clar_cla_review_id": rid,
            "clar_cla_id": "Q1",
            "clar_cla_review_due_date": due,
            "clar_cla_review_date": held,
            "clar_cla_review_cancelled": cancelled,
        }

    reviews = [
        review("r1", "2014-12-10", "2014-12-10", "N"),  # on the due date: in time
        review("r2", "2014-12-05", "2014-12-08"),  # late
        review("r3", "2014-12-15", "2014-12-12", "Y"),  # cancelled: not held
        review("r4", "", "2014-12-20"),  # no due date: held, not in time
        review("r5", "2015-01-10", "2014-12-31"),  # held on the last day, early
        review("r6", "2015-01-02", "2015-01-02"),  # January
    ]
    f = run(tmp_path, {"ssd_cla_episodes": episodes, "ssd_cla_reviews": reviews})
    check(f, "cla_reviews_held", END, 4)
    check(f, "cla_reviews_in_timescale_pct", END, 50.0, 2, 4)
    check(f, "cla_reviews_held", NOV, 0)
    check(f, "cla_reviews_in_timescale_pct", NOV, None, 0, 0)


# ---------------------------------------------------------------------------------------------
# workforce


def test_workforce(tmp_path):
    def staff(as_at, team, role, permanent, interim):
        return {
            "wkf_as_at": as_at,
            "wkf_team": team,
            "wkf_role": role,
            "wkf_permanent_fte": permanent,
            "wkf_interim_fte": interim,
        }

    workforce = [
        staff("2012-03-31", "A", "social_worker", 8, 0),  # older than 24 months: still written
        staff("2014-09-30", "A", "social_worker", 9, 1),
        staff("2014-12-31", "A", "social_worker", 10, 2.5),
        staff("2014-12-31", "A", "team_manager", 1, 0),
        staff("2014-12-31", "B", "social_worker", 4, 4),
        staff("2014-12-31", "B", "other", 0, 0),
        staff("2015-01-31", "A", "social_worker", 99, 99),  # after the end of M: not written
    ]
    budget = [
        {"wkb_as_at": "2014-12-31", "wkb_team": "A", "wkb_budget_fte": 15, "wkb_new_starters_fte": 1},
        {"wkb_as_at": "2014-12-31", "wkb_team": "C", "wkb_budget_fte": 3, "wkb_new_starters_fte": ""},
        {"wkb_as_at": "2015-01-31", "wkb_team": "A", "wkb_budget_fte": 20, "wkb_new_starters_fte": 0},
    ]
    f = run(tmp_path, {"ext_workforce": workforce, "ext_workforce_budget": budget})
    ids = f.loc[f["indicator_id"].str.startswith("wf_")]
    assert set(ids["period_end"]) == {"2012-03-31", "2014-09-30", "2014-12-31"}

    d = "2014-12-31"
    check(f, "wf_permanent_fte", d, 10, breakdown="A|social_worker")
    check(f, "wf_interim_fte", d, 2.5, breakdown="A|social_worker")
    check(f, "wf_interim_pct", d, 100 * 2.5 / 12.5, 2.5, 12.5, breakdown="A|social_worker")
    # A all roles: 11 permanent, 2.5 interim
    check(f, "wf_permanent_fte", d, 11, breakdown="A|all")
    check(f, "wf_interim_pct", d, 100 * 2.5 / 13.5, 2.5, 13.5, breakdown="A|all")
    check(f, "wf_interim_pct", d, 50.0, 4, 8, breakdown="B|all")
    # B other: 0 of 0 -> blank
    check(f, "wf_interim_pct", d, None, 0, 0, breakdown="B|other")
    # Total by role and all
    check(f, "wf_permanent_fte", d, 14, breakdown="Total|social_worker")
    check(f, "wf_interim_fte", d, 6.5, breakdown="Total|social_worker")
    check(f, "wf_interim_pct", d, 100 * 6.5 / 20.5, 6.5, 20.5, breakdown="Total|social_worker")
    check(f, "wf_interim_pct", d, 0.0, 0, 1, breakdown="Total|team_manager")
    check(f, "wf_permanent_fte", d, 15, breakdown="Total|all")
    check(f, "wf_interim_fte", d, 6.5, breakdown="Total|all")
    check(f, "wf_interim_pct", d, 100 * 6.5 / 21.5, 6.5, 21.5, breakdown="Total|all")
    check(f, "wf_interim_pct", "2014-09-30", 10.0, 1, 10, breakdown="Total|all")
    check(f, "wf_permanent_fte", "2012-03-31", 8, breakdown="Total|all")
    # over/under where a budget row exists: A 15 - (11 + 2.5 + 1) = 0.5; C 3 - 0 = 3; B has no row
    check(f, "wf_over_under_fte", d, 0.5, breakdown="A")
    check(f, "wf_over_under_fte", d, 3.0, breakdown="C")
    check(f, "wf_over_under_fte", d, 3.5, breakdown="Total")
    assert breakdowns(f, "wf_over_under_fte", d) == {"A", "C", "Total"}
    # no budget for the September snapshot
    assert breakdowns(f, "wf_over_under_fte", "2014-09-30") == set()


def test_population_row_is_the_latest_not_after_each_months_year(tmp_path):
    plans = [plan("P1", "C1", "2012-06-01", initial="NEG"), plan("P2", "C2", "2014-12-31", initial="NEG")]
    population = [
        {"popn_year": 2013, "popn_age_0_17": 20000},
        {"popn_year": 2014, "popn_age_0_17": 25000},
        {"popn_year": 2016, "popn_age_0_17": 99999},
    ]
    f = run(tmp_path, {"ssd_cp_plans": plans, "ext_population": population})
    # Dec 2013: the 2013 row; Nov 2014: the 2014 row (not 2016); Dec 2014: 2 children, the 2014 row
    check(f, "cp_rate_per_10k", "2013-12-31", 10000 * 1 / 20000, 1, 20000)
    check(f, "cp_rate_per_10k", NOV, 10000 * 1 / 25000, 1, 25000)
    check(f, "cp_rate_per_10k", END, 10000 * 2 / 25000, 2, 25000)
