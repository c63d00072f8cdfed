"""A fixture shaped like the seed report's December 2014 child protection figures.

The seed (shared/reference/seed-report.md) reports for December 2014: 13 children considered at
initial child protection conferences, 10 of them made subject to a plan; 156 children on plans,
43.21 per 10,000 (population 36,100: 156 / 36100 * 10000 = 43.213...); 29 children on a plan
for the second or subsequent time, whose earlier plans started in 2009 (4 = 13.79%), 2010
(3 = 10.34%), 2011 (7 = 24.14%), 2012 (9 = 31.03%), 2013 (5 = 17.24%) and 2014 (1 = 3.45%).

The fixture is built so that those figures follow by hand, with traps: a child with two
overlapping open plans (one child), a plan ending on 31 December (not open), repeat children
with two earlier plans (only the latest counts), a child whose earlier plan ended after the
current one started (not a repeat), and a child at two conferences in December (one child).
"""

from __future__ import annotations

import pandas as pd
import pytest

from boardpack.calendar import report_months
from boardpack.document.section import RunContext, Section
from boardpack.indicators import child_protection as cp
from boardpack.narrative import child_protection as words
from boardpack.sources.extract import Extract

MONTH = pd.Period("2014-12", "M")
PARAMS = {"icpc_timescale_wd": 15, "cp_visit_interval_wd": 10, "la_name": "Demoshire", "targets": {}}
REPEAT_YEARS = {2009: 4, 2010: 3, 2011: 7, 2012: 9, 2013: 5, 2014: 1}
NEW_IN_DECEMBER = [
    "2014-12-01",
    "2014-12-03",
    "2014-12-05",
    "2014-12-09",
    "2014-12-11",
    "2014-12-16",
    "2014-12-18",
    "2014-12-19",
    "2014-12-22",
]


def seed_tables() -> dict[str, pd.DataFrame]:
    plans, conferences = [], []  # (plan, person, start, end, category) / (id, person, date, flag)
    n = 0

    def plan(person, start, end=None, category="NEG"):
        nonlocal n
        n += 1
        plans.append((f"PL{n:04d}", person, start, end, category))

    # 29 repeat children: an earlier plan that ended before the current one started
    r = 0
    for year, count in REPEAT_YEARS.items():
        for _ in range(count):
            r += 1
            person = f"R{r:02d}"
            if year == 2012:  # an older plan too: the latest earlier one counts
                plan(person, "2008-01-10", "2008-11-30", "PHY")
            if year == 2014:  # discontinued in September, again in December
                plan(person, "2014-02-10", "2014-09-15", "EMO")
                plan(person, "2014-12-08", None, "EMO")
                conferences.append(("IC-R", person, "2014-12-08", True))
            else:
                plan(person, f"{year}-03-01", f"{year}-09-30", "NEG")
                plan(person, "2014-05-01", None, "MUL")
    # 127 other children on plans, 9 of them made subject to a plan in December
    for i in range(1, 128):
        person = f"N{i:03d}"
        if i <= 9:
            day = NEW_IN_DECEMBER[i - 1]
            plan(person, day, None, "NEG")
            conferences.append((f"IC-N{i}", person, day, True))
        elif i == 10:  # two overlapping open plans: one child
            plan(person, "2013-04-01", None, "NEG")
            plan(person, "2014-07-01", None, "SAB")
        elif i == 11:  # earlier plan ended after this one started
            plan(person, "2013-01-15", "2014-03-31", "PHY")
            plan(person, "2014-03-01", None, "PHY")
        else:
            plan(
                person, f"2014-{(i % 11) + 1:02d}-{(i % 27) + 1:02d}", None, ["NEG", "EMO", "PHY", "SAB", "MUL"][i % 5]
            )
    # not open at the end of December: ended on 31 December
    plan("X01", "2014-01-20", "2014-12-31", "NEG")
    # conferences in December: 13 children, 10 made subject to a plan
    conferences.append(("IC-N1a", "N001", "2014-12-01", False))  # same child twice: counted once
    for j, day in enumerate(["2014-12-04", "2014-12-10", "2014-12-17"], start=1):
        conferences.append((f"IC-Z{j}", f"Z{j}", day, False))
    conferences.append(("IC-Z4", "Z4", "2014-11-28", True))  # November: not December

    return {
        "ssd_cp_plans": pd.DataFrame(
            {
                "cppl_cp_plan_id": pd.Series([p[0] for p in plans], dtype="str"),
                "cppl_person_id": pd.Series([p[1] for p in plans], dtype="str"),
                "cppl_cp_plan_start_date": pd.to_datetime([p[2] for p in plans]),
                "cppl_cp_plan_end_date": pd.to_datetime([p[3] for p in plans]),
                "cppl_cp_plan_initial_category": pd.Series([p[4] for p in plans], dtype="str"),
                "cppl_cp_plan_latest_category": pd.Series([None] * len(plans), dtype="str"),
            }
        ),
        "ssd_initial_cp_conference": pd.DataFrame(
            {
                "icpc_icpc_id": pd.Series([c[0] for c in conferences], dtype="str"),
                "icpc_person_id": pd.Series([c[1] for c in conferences], dtype="str"),
                "icpc_s47_enquiry_id": pd.Series([None] * len(conferences), dtype="str"),
                "icpc_icpc_date": pd.to_datetime([c[2] for c in conferences]),
                "icpc_icpc_outcome_cp_flag": pd.Series([c[3] for c in conferences], dtype="boolean"),
                "icpc_icpc_target_date": pd.to_datetime([None] * len(conferences)),
            }
        ),
        "ext_population": pd.DataFrame({"popn_year": [2013, 2014], "popn_age_0_17": [36000.0, 36100.0]}),
    }


@pytest.fixture(scope="module")
def seed():
    extract = Extract(tables=seed_tables())
    frame = cp.indicators(extract, report_months(MONTH), PARAMS)
    return Section("child_protection", RunContext(MONTH, PARAMS, extract, frame))


def test_conferences(seed):
    assert seed.value("icpc_children") == 13
    assert seed.value("icpc_to_plan") == 10
    assert seed.value("icpc_to_plan_pct") == pytest.approx(100 * 10 / 13)
    assert seed.value("icpc_children", month="2014-11") == 1


def test_children_on_plans_and_rate(seed):
    assert seed.value("cp_plans_open") == 156
    assert round(seed.value("cp_rate_per_10k"), 2) == 43.21
    assert seed.value("cp_rate_per_10k") == pytest.approx(156 / 36100 * 10000)
    assert seed.value("cp_plans_started") == 10  # 9 new children and the 2014 repeat child
    assert seed.value("cp_plans_ended") == 1  # the plan ending on 31 December


def test_repeat_plans_by_year(seed):
    assert seed.value("cp_repeat_open") == 29
    expected = {"2009": 13.79, "2010": 10.34, "2011": 24.14, "2012": 31.03, "2013": 17.24, "2014": 3.45}
    got = seed.breakdowns("cp_repeat_open_pct")
    assert dict(zip(got["breakdown"], got["value"].round(2))) == expected
    counts = seed.breakdowns("cp_repeat_open")
    assert dict(zip(counts["breakdown"], counts["value"])) == {str(y): c for y, c in REPEAT_YEARS.items()}


def test_seed_sentences(seed):
    text = words.sentences(seed)
    assert text[0] == (
        "13 children were considered at initial child protection conferences during December "
        "2014, resulting in 10 children becoming subject to a Child Protection Plan."
    )
    assert (
        "29 children are currently subject to a Child Protection Plan for the second or subsequent time as "
        "at 31 December 2014. 13.79% of these children were subject to a Plan in 2009: 10.34% in 2010: "
        "24.14% in 2011: 31.03% in 2012: 17.24% in 2013, and 3.45% in 2014."
    ) in text
    assert (
        "The rate per 10,000 children subject to a Plan in Demoshire as at 31 December 2014 is 43.21, compared to "
    ) in " ".join(text)
    # no identifier of a child or record reaches the words
    joined = " ".join(text)
    for marker in ("PL0", "R0", "N00", "IC-", "X01", "Z1"):
        assert marker not in joined
