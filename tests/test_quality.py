"""Record-level checks (quality.py), each on a small hand-built Extract: counts and rows by hand."""

import pandas as pd

from boardpack.sources import quality
from boardpack.sources.extract import Extract
from boardpack.sources.reader import read_extract

D = pd.Timestamp


def frame(**columns):
    return pd.DataFrame(columns)


def findings(extract):
    return {(r.table, r.rule, r.column): (r.count, list(r.rows)) for r in extract.quality.itertuples()}


def test_exact_duplicates_removed_and_kept_once():
    e = Extract(
        tables={
            "ssd_cin_episodes": frame(
                cine_referral_id=["R1", "R2", "R1", "R1"],
                cine_person_id=["A", "B", "A", "A"],
                cine_referral_date=[D("2014-01-01"), D("2014-01-02"), D("2014-01-01"), D("2014-01-01")],
                cine_close_date=pd.Series([pd.NaT] * 4, dtype="datetime64[ns]"),
            )
        }
    )
    quality.check(e, "2014-12")
    assert len(e.get("ssd_cin_episodes")) == 2
    assert findings(e) == {("ssd_cin_episodes", "exact duplicate rows", ""): (2, [3, 4])}
    assert "kept once" in e.quality["treatment"][0]


def test_duplicate_ids_with_different_content_kept():
    e = Extract(
        tables={
            "ssd_cin_episodes": frame(
                cine_referral_id=["R1", "R2", "R1", None, None],
                cine_person_id=["A", "B", "A", "C", "D"],
                cine_referral_date=[
                    D("2014-01-01"),
                    D("2014-01-02"),
                    D("2014-01-05"),
                    D("2014-01-06"),
                    D("2014-01-07"),
                ],
                cine_close_date=pd.Series([pd.NaT] * 5, dtype="datetime64[ns]"),
            )
        }
    )
    quality.check(e, "2014-12")
    f = findings(e)
    assert f[("ssd_cin_episodes", "duplicate identifier", "cine_referral_id")] == (2, [1, 3])
    assert f[("ssd_cin_episodes", "blank required value", "cine_referral_id")] == (2, [4, 5])
    assert len(e.get("ssd_cin_episodes")) == 5


def test_composite_key_workforce():
    e = Extract(
        tables={
            "ext_workforce": frame(
                wkf_as_at=[D("2014-12-31")] * 3,
                wkf_team=["A", "A", "B"],
                wkf_role=["social_worker"] * 3,
                wkf_permanent_fte=[1.0, 2.0, 3.0],
                wkf_interim_fte=[0.0, 0.0, 0.0],
            )
        }
    )
    quality.check(e, "2014-12")
    assert findings(e) == {("ext_workforce", "duplicate identifier", "wkf_as_at, wkf_team, wkf_role"): (2, [1, 2])}


def test_end_before_start_same_day_is_fine():
    e = Extract(
        tables={
            "ssd_cp_plans": frame(
                cppl_cp_plan_id=["1", "2", "3", "4"],
                cppl_person_id=["A"] * 4,
                cppl_cp_plan_start_date=[D("2014-03-01"), D("2014-03-01"), D("2014-03-01"), D("2014-03-01")],
                cppl_cp_plan_end_date=[D("2014-02-28"), D("2014-03-01"), pd.NaT, D("2014-04-01")],
            )
        }
    )
    quality.check(e, "2014-12")
    assert findings(e) == {("ssd_cp_plans", "end before start", "cppl_cp_plan_end_date"): (1, [1])}
    assert "never" in e.quality["treatment"][0] and "open at a month end" in e.quality["treatment"][0]


def test_dates_after_reporting_month_last_day_is_inside():
    e = Extract(
        tables={
            "ssd_cla_episodes": frame(
                clae_cla_episode_id=["1", "2", "3"],
                clae_person_id=["A", "B", "C"],
                clae_cla_episode_start_date=[D("2014-12-31"), D("2015-01-01"), D("2014-06-01")],
                clae_cla_episode_ceased_date=[pd.NaT, pd.NaT, D("2015-02-01")],
                clae_cla_id=["P1", "P2", "P3"],
            )
        },
    )
    quality.check(e, "2014-12")
    f = findings(e)
    assert f[("ssd_cla_episodes", "date after the reporting month", "clae_cla_episode_start_date")] == (1, [2])
    assert f[("ssd_cla_episodes", "date after the reporting month", "clae_cla_episode_ceased_date")] == (1, [3])
    treatments = e.quality.set_index("column")["treatment"]
    assert "not counted in any month" in treatments["clae_cla_episode_start_date"]
    assert "open at the end" in treatments["clae_cla_episode_ceased_date"]


def test_target_dates_may_be_in_the_future_and_no_month_no_check():
    e = Extract(
        tables={
            "ssd_initial_cp_conference": frame(
                icpc_icpc_id=["1"],
                icpc_person_id=["A"],
                icpc_icpc_date=[D("2014-12-20")],
                icpc_icpc_target_date=[D("2015-01-10")],
            )
        }
    )
    quality.check(e, "2014-12")
    assert e.quality.empty
    e = Extract(
        tables={"ssd_contacts": frame(cont_contact_id=["1"], cont_person_id=["A"], cont_contact_date=[D("2015-01-10")])}
    )
    quality.check(e, None)
    assert e.quality.empty


def test_implausibly_old_dates():
    e = Extract(
        tables={
            "ssd_person": frame(
                pers_person_id=["1", "2", "3", "4"],
                pers_dob=[D("1899-12-31"), D("1900-01-01"), D("1914-12-31"), D("1915-01-01")],
            )
        }
    )
    quality.check(e, "2014-12")  # a century before 31 Dec 2014 is 31 Dec 1914: that day is not older
    assert findings(e) == {("ssd_person", "date implausibly old", "pers_dob"): (2, [1, 2])}


def test_implausible_values():
    e = Extract(
        tables={
            "ext_workforce": frame(
                wkf_as_at=[D("2014-12-31")] * 4,
                wkf_team=["A", "B", "C", "D"],
                wkf_role=["other"] * 4,
                wkf_permanent_fte=[-0.5, 0.0, 1000.0, 1000.5],
                wkf_interim_fte=[0.0, 0.0, 0.0, 0.0],
            ),
            "ext_population": frame(
                popn_year=[2012.0, 2013.0, 2014.0, 2015.0], popn_age_0_17=[999.0, 1000.0, 5_000_000.0, 5_000_001.0]
            ),
        }
    )
    quality.check(e, "2014-12")
    f = findings(e)
    assert f[("ext_workforce", "implausible value", "wkf_permanent_fte")] == (2, [1, 4])
    assert f[("ext_population", "implausible value", "popn_age_0_17")] == (2, [1, 4])
    assert len(e.get("ext_workforce")) == 4  # kept


def test_orphans_only_when_parent_present():
    tables = {
        "ssd_person": frame(pers_person_id=["A", "B"], pers_dob=[D("2010-01-01"), pd.NaT]),
        "ssd_cp_visits": frame(
            cppv_cp_visit_id=[None, None, None],
            cppv_person_id=["A", "Z", "B"],
            cppv_cp_plan_id=["P1", "P9", None],
            cppv_cp_visit_date=[D("2014-01-01"), D("2014-01-02"), D("2014-01-03")],
        ),
        "ssd_cp_plans": frame(cppl_cp_plan_id=["P1"], cppl_person_id=["A"], cppl_cp_plan_start_date=[D("2013-12-01")]),
        "ssd_cla_reviews": frame(clar_cla_review_id=["V1"], clar_cla_id=["X"]),  # no ssd_cla_episodes: no check
    }
    e = Extract(tables=tables)
    quality.check(e, "2014-12")
    assert findings(e) == {
        ("ssd_cp_visits", "orphan key", "cppv_person_id"): (1, [2]),
        ("ssd_cp_visits", "orphan key", "cppv_cp_plan_id"): (1, [2]),
    }
    assert "007" not in " ".join(e.quality["treatment"])


def test_dob_after_event():
    e = Extract(
        tables={
            "ssd_person": frame(
                pers_person_id=["A", "B", "C", "E"],
                pers_dob=[D("2014-05-01"), D("2014-05-01"), pd.NaT, D("2014-12-01")],
                pers_expected_dob=[pd.NaT, pd.NaT, pd.NaT, D("2014-11-20")],
            ),
            "ssd_cin_episodes": frame(
                cine_referral_id=["1", "2", "3", "4", "5", "6"],
                cine_person_id=["A", "B", "C", "A", "A", "E"],
                cine_referral_date=[
                    D("2014-04-30"),  # 1 day before A's birth: pre-birth work, expected
                    D("2014-05-01"),  # the day of birth: not before it
                    D("2014-01-01"),  # C has no date of birth
                    D("2014-06-01"),  # after the birth
                    D("2013-07-01"),  # 304 days before A's birth (> 280, no expected date): a finding
                    D("2013-01-02"),  # 698 days before E's birth, but E had an expected date of birth: expected
                ],
            ),
        }
    )
    quality.check(e, "2014-12")
    assert findings(e) == {("ssd_cin_episodes", "date of birth after the event", "cine_referral_date"): (1, [5])}
    assert any(
        n.startswith("ssd_cin_episodes: 2 records dated before the child's birth are pre-birth work") for n in e.notes
    )


def test_rows_are_file_rows_after_duplicate_removal(tmp_path):
    """Row numbers stay those of the file even after exact duplicates are removed."""
    (tmp_path / "ssd_cp_plans.csv").write_text(
        "cppl_cp_plan_id,cppl_person_id,cppl_cp_plan_start_date,cppl_cp_plan_end_date\n"
        "1,A,2014-01-01,\n1,A,2014-01-01,\n2,B,2014-03-01,2014-02-01\n"
    )
    e = read_extract(tmp_path, "2014-12")
    assert findings(e) == {
        ("ssd_cp_plans", "exact duplicate rows", ""): (1, [2]),
        ("ssd_cp_plans", "end before start", "cppl_cp_plan_end_date"): (1, [3]),
    }
    assert list(e.get("ssd_cp_plans").index) == [0, 1]


def test_every_finding_has_count_and_treatment():
    e = Extract(
        tables={
            "ssd_contacts": frame(
                cont_contact_id=["1", "1"],
                cont_person_id=["A", None],
                cont_contact_date=[D("2015-01-01"), D("1850-01-01")],
            )
        }
    )
    quality.check(e, "2014-12")
    assert (e.quality["count"] == e.quality["rows"].map(len)).all()
    assert e.quality["treatment"].str.len().gt(10).all()
    assert set(e.quality["rule"]) == {
        "duplicate identifier",
        "blank required value",
        "date after the reporting month",
        "date implausibly old",
    }


def test_person_table_with_only_a_header_does_not_crash(tmp_path):
    from boardpack.sources.reader import read_extract

    (tmp_path / "ssd_person.csv").write_text("pers_person_id,pers_dob\n")
    (tmp_path / "ssd_contacts.csv").write_text("cont_contact_id,cont_person_id,cont_contact_date\nC1,P1,2014-12-01\n")
    e = read_extract(tmp_path, "2014-12")
    # The contact's child is not in ssd_person (an orphan), and nothing is said about birth dates.
    assert e.quality["rule"].tolist() == [quality.ORPHAN]
