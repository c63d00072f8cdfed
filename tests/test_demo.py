"""The Demoshire generator: contract form, integrity, and the seed report's shape."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from boardpack.calendar import working_days
from boardpack.sources import demo

END = pd.Timestamp("2014-12-31")

# The contract (shared/spec/data-contract.md): table -> columns, "*" = required.
CONTRACT = {
    "ssd_person": "pers_person_id* pers_dob pers_sex pers_expected_dob",
    "ssd_contacts": "cont_contact_id* cont_person_id* cont_contact_date* cont_contact_source_code "
    "cont_contact_source_desc cont_contact_outcome_json cont_contact_screened_date",
    "ssd_early_help_episodes": "earl_episode_id* earl_person_id* earl_episode_start_date* earl_episode_end_date "
    "earl_episode_reason earl_episode_organisation earl_step_down_from",
    "ssd_cin_episodes": "cine_referral_id* cine_person_id* cine_referral_date* cine_referral_source_code "
    "cine_referral_nfa cine_close_date cine_close_reason cine_referral_team",
    "ssd_cin_assessments": "cina_assessment_id* cina_person_id* cina_referral_id cina_assessment_start_date* "
    "cina_assessment_auth_date cina_assessment_outcome_nfa cina_assessment_team "
    "cina_assessment_type",
    "ext_strategy_discussions": "strd_id* strd_person_id* strd_start_date* strd_completed_date strd_team "
    "strd_cse_flag strd_s47_flag",
    "ssd_s47_enquiry": "s47e_s47_enquiry_id* s47e_person_id* s47e_s47_start_date* s47e_s47_end_date "
    "s47e_s47_nfa s47e_s47_completed_by_team",
    "ssd_initial_cp_conference": "icpc_icpc_id* icpc_person_id* icpc_s47_enquiry_id icpc_icpc_date* "
    "icpc_icpc_outcome_cp_flag icpc_icpc_target_date",
    "ssd_cp_plans": "cppl_cp_plan_id* cppl_person_id* cppl_cp_plan_start_date* cppl_cp_plan_end_date "
    "cppl_cp_plan_initial_category cppl_cp_plan_latest_category",
    "ssd_cp_visits": "cppv_cp_visit_id cppv_person_id* cppv_cp_plan_id cppv_cp_visit_date* cppv_cp_visit_seen",
    "ssd_cla_episodes": "clae_cla_episode_id* clae_person_id* clae_cla_episode_start_date* "
    "clae_cla_episode_start_reason clae_cla_episode_ceased_date "
    "clae_cla_episode_ceased_reason clae_cla_id",
    "ssd_cla_placement": "clap_cla_placement_id* clap_person_id* clap_cla_id clap_cla_placement_start_date* "
    "clap_cla_placement_end_date clap_cla_placement_type clap_cla_placement_change_reason",
    "ssd_cla_visits": "clav_cla_visit_id clav_person_id* clav_cla_visit_date* clav_cla_visit_seen",
    "ssd_cla_reviews": "clar_cla_review_id* clar_cla_id* clar_cla_review_due_date clar_cla_review_date "
    "clar_cla_review_cancelled",
    "ext_cp_medicals": "cpme_id* cpme_person_id* cpme_medical_date*",
    "ext_population": "popn_year* popn_age_0_17*",
    "ext_workforce": "wkf_as_at* wkf_team* wkf_role* wkf_permanent_fte* wkf_interim_fte*",
    "ext_workforce_budget": "wkb_as_at* wkb_team* wkb_budget_fte* wkb_new_starters_fte",
}
# table -> (person column, event dates that must fall between birth and 18, and not after END)
EVENTS = {
    "ssd_contacts": ("cont_person_id", ["cont_contact_date"]),
    "ssd_early_help_episodes": ("earl_person_id", ["earl_episode_start_date", "earl_episode_end_date"]),
    "ssd_cin_episodes": ("cine_person_id", ["cine_referral_date"]),
    "ssd_cin_assessments": ("cina_person_id", ["cina_assessment_start_date"]),
    "ext_strategy_discussions": ("strd_person_id", ["strd_start_date"]),
    "ssd_s47_enquiry": ("s47e_person_id", ["s47e_s47_start_date"]),
    "ssd_initial_cp_conference": ("icpc_person_id", ["icpc_icpc_date"]),
    "ssd_cp_plans": ("cppl_person_id", ["cppl_cp_plan_start_date", "cppl_cp_plan_end_date"]),
    "ssd_cp_visits": ("cppv_person_id", ["cppv_cp_visit_date"]),
    "ssd_cla_episodes": ("clae_person_id", ["clae_cla_episode_start_date", "clae_cla_episode_ceased_date"]),
    "ssd_cla_placement": ("clap_person_id", ["clap_cla_placement_start_date", "clap_cla_placement_end_date"]),
    "ssd_cla_visits": ("clav_person_id", ["clav_cla_visit_date"]),
    "ext_cp_medicals": ("cpme_person_id", ["cpme_medical_date"]),
}
PAIRS = {
    "ssd_contacts": ("cont_contact_date", "cont_contact_screened_date"),
    "ssd_early_help_episodes": ("earl_episode_start_date", "earl_episode_end_date"),
    "ssd_cin_episodes": ("cine_referral_date", "cine_close_date"),
    "ssd_cin_assessments": ("cina_assessment_start_date", "cina_assessment_auth_date"),
    "ext_strategy_discussions": ("strd_start_date", "strd_completed_date"),
    "ssd_s47_enquiry": ("s47e_s47_start_date", "s47e_s47_end_date"),
    "ssd_cp_plans": ("cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),
    "ssd_cla_episodes": ("clae_cla_episode_start_date", "clae_cla_episode_ceased_date"),
    "ssd_cla_placement": ("clap_cla_placement_start_date", "clap_cla_placement_end_date"),
}


def parse(s: pd.Series) -> pd.Series:
    """ISO or DD/MM/YYYY strings -> datetime64; blank -> NaT; anything else fails the test."""
    uk = s.str.contains("/", na=False)
    iso = pd.to_datetime(s.where(~uk), format="%Y-%m-%d")
    out = iso.where(~uk, pd.to_datetime(s.where(uk), format="%d/%m/%Y"))
    assert out.notna().sum() == s.notna().sum()
    return out


def months(dates: pd.Series) -> pd.Series:
    return dates.dt.to_period("M")


def open_at(start: pd.Series, end: pd.Series, day) -> pd.Series:
    day = pd.Timestamp(day)
    return (start <= day) & (end.isna() | (end > day))


@pytest.fixture(scope="module")
def timed():
    t0 = time.perf_counter()
    frames = demo.generate()
    return frames, time.perf_counter() - t0


@pytest.fixture(scope="module")
def f(timed):
    return timed[0]


@pytest.fixture(scope="module")
def contacts(f):
    c = f["ssd_contacts"].copy()
    c["date"] = parse(c["cont_contact_date"])
    c["missing"] = c["cont_contact_outcome_json"].str.contains('"MISSING_FLAG": "Y"', regex=False)
    c["to_referral"] = c["cont_contact_outcome_json"].str.contains('"NEW_REFERRAL_FLAG": "Y"', regex=False)
    return c


@pytest.fixture(scope="module")
def plans(f):
    p = f["ssd_cp_plans"].copy()
    p["start"] = parse(p["cppl_cp_plan_start_date"])
    p["end"] = parse(p["cppl_cp_plan_end_date"])
    return p


@pytest.fixture(scope="module")
def episodes(f):
    e = f["ssd_cla_episodes"].copy()
    e["start"] = parse(e["clae_cla_episode_start_date"])
    e["end"] = parse(e["clae_cla_episode_ceased_date"])
    return e


# --- form ---------------------------------------------------------------------------------


def test_runtime_under_ten_seconds(timed):
    assert timed[1] < 10


def test_same_seed_same_frames_other_seed_other_frames(f):
    again = demo.generate(2014)
    assert list(again) == list(f)
    for name in f:
        pd.testing.assert_frame_equal(again[name], f[name])
    other = demo.generate(7)
    assert not other["ssd_contacts"].equals(f["ssd_contacts"])


def test_every_contract_table_and_column(f):
    assert set(f) == set(CONTRACT)
    for name, spec in CONTRACT.items():
        columns = [c.rstrip("*") for c in spec.split()]
        assert set(columns) <= set(f[name].columns), name
        for c in spec.split():
            if c.endswith("*"):
                assert f[name][c.rstrip("*")].notna().all(), (name, c)
    extra = set(f["ext_workforce_budget"].columns) - {c.rstrip("*") for c in CONTRACT["ext_workforce_budget"].split()}
    assert extra == {"wkb_permanent_fte", "wkb_interim_fte"}


def test_matches_tables_module_when_present(f):
    tables = pytest.importorskip("boardpack.sources.tables")
    for name, table in tables.TABLES.items():
        assert set(table.required) <= set(f[name].columns), name


def test_ids_are_unique_strings_and_flags_y_n(f):
    for name, frame in f.items():
        first = frame.columns[0]
        if first.endswith("_id"):
            assert frame[first].str.match(r"^[A-Z]+\d+$").all(), name
            # Ids are unique but for the few visits keyed twice on purpose (exact duplicate rows).
            assert frame.drop_duplicates()[first].is_unique, name
        for col in frame.columns:
            if col.endswith(("_nfa", "_flag", "_cancelled")):
                assert set(frame[col].dropna()) <= {"Y", "N"}, (name, col)
    assert f["ssd_person"]["pers_person_id"].str.match(r"^C\d{6}$").all()


def test_dates_parse_and_some_visits_in_uk_form(f):
    for name, frame in f.items():
        for col in frame.columns:
            if col.endswith(("_date", "_dob", "_as_at")):
                parse(frame[col])
    uk = f["ssd_cla_visits"]["clav_cla_visit_date"].str.contains("/")
    assert 0.02 < uk.mean() < 0.3
    assert not f["ssd_contacts"]["cont_contact_date"].str.contains("/").any()


# --- integrity ----------------------------------------------------------------------------


def test_people_exist_and_are_0_to_17_at_every_event(f):
    dob = parse(f["ssd_person"].set_index("pers_person_id")["pers_dob"])
    assert dob.notna().all()
    for name, (person, cols) in EVENTS.items():
        frame = f[name]
        assert frame[person].isin(dob.index).all(), name
        born = dob.reindex(frame[person]).to_numpy()
        for col in cols:
            day = parse(frame[col]).to_numpy()
            known = ~np.isnat(day)
            age = (day[known] - born[known]).astype("timedelta64[D]").astype(int)
            assert (age >= 0).all(), (name, col, "before birth")
            assert (age < 18 * 365).all(), (name, col, "18 or over")
            assert (day[known] <= END.to_datetime64()).all(), (name, col, "after 31/12/2014")


def test_end_never_before_start(f):
    for name, (a, b) in PAIRS.items():
        start, end = parse(f[name][a]), parse(f[name][b])
        assert not (end < start).any(), name


def test_nobody_looked_after_or_on_a_plan_before_birth(f, plans, episodes):
    dob = parse(f["ssd_person"].set_index("pers_person_id")["pers_dob"])
    assert (episodes["start"] >= episodes["clae_person_id"].map(dob)).all()
    assert (plans["start"] >= plans["cppl_person_id"].map(dob)).all()
    assert f["ssd_person"]["pers_expected_dob"].isna().all()


def test_links_resolve(f):
    assert f["ssd_cin_assessments"]["cina_referral_id"].isin(f["ssd_cin_episodes"]["cine_referral_id"]).all()
    assert f["ssd_initial_cp_conference"]["icpc_s47_enquiry_id"].isin(f["ssd_s47_enquiry"]["s47e_s47_enquiry_id"]).all()
    assert f["ssd_cp_visits"]["cppv_cp_plan_id"].isin(f["ssd_cp_plans"]["cppl_cp_plan_id"]).all()
    periods = f["ssd_cla_episodes"]["clae_cla_id"]
    assert f["ssd_cla_placement"]["clap_cla_id"].isin(periods).all()
    assert f["ssd_cla_reviews"]["clar_cla_id"].isin(periods).all()
    # the same child on both sides of each link
    a = f["ssd_cin_assessments"].merge(f["ssd_cin_episodes"], left_on="cina_referral_id", right_on="cine_referral_id")
    assert (a["cina_person_id"] == a["cine_person_id"]).all()
    assert (parse(a["cina_assessment_start_date"]) >= parse(a["cine_referral_date"])).all()
    i = f["ssd_initial_cp_conference"].merge(
        f["ssd_s47_enquiry"], left_on="icpc_s47_enquiry_id", right_on="s47e_s47_enquiry_id"
    )
    assert (i["icpc_person_id"] == i["s47e_person_id"]).all()
    assert (parse(i["icpc_icpc_date"]) > parse(i["s47e_s47_start_date"])).all()


# --- contacts and referrals ---------------------------------------------------------------


def test_contacts_a_month_with_july_2014_peak(contacts):
    c = contacts[~contacts["missing"]]
    per_month = c.groupby(months(c["date"])).size()
    assert len(per_month) == 36 and per_month.between(400, 750).all()
    year = per_month[per_month.index.year == 2014]
    assert year.idxmax() == pd.Period("2014-07") and year.max() == 747
    assert per_month[pd.Period("2014-12")] == 421
    assert contacts["date"].min() >= pd.Timestamp("2012-01-01")


def test_missing_notifications_only_from_5_november_2014(contacts):
    m = contacts[contacts["missing"]]
    assert m["date"].min() >= pd.Timestamp("2014-11-05")
    per_month = m.groupby(months(m["date"])).size()
    assert per_month.between(18, 45).all() and len(per_month) == 2
    assert not m["to_referral"].any()


def test_contact_sources_and_progression_like_the_seed(contacts):
    c = contacts[~contacts["missing"] & (contacts["date"].dt.year == 2014)]
    share = c["cont_contact_source_code"].value_counts(normalize=True)
    assert 0.17 < share["6"] < 0.22 and 0.16 < share["5A"] < 0.22 and 0.10 < share["5C"] < 0.15
    assert 0.065 < share["2A"] < 0.095
    assert 0.08 < share[["3A", "3B", "3C", "3D", "3E", "3F"]].sum() < 0.11
    assert set(c["cont_contact_source_code"]) == set(demo.SOURCES)
    assert 0.40 < c["to_referral"].mean() < 0.50
    by_source = c.groupby("cont_contact_source_code")["to_referral"].mean()
    assert by_source["5C"] < 0.2 < by_source["6"]
    # a handful a month from the smallest sources
    dec = c[months(c["date"]) == pd.Period("2014-12")]["cont_contact_source_code"].value_counts()
    assert dec.min() < 10
    screened = parse(c["cont_contact_screened_date"])
    assert 0.85 < (working_days(c["date"], screened) == 0).mean() < 0.97
    assert screened.isna().any()


def test_one_referral_per_progressed_contact(f, contacts):
    c = contacts[contacts["to_referral"]]
    r = f["ssd_cin_episodes"]
    assert len(r) == len(c)
    rd = r.assign(date=parse(r["cine_referral_date"]))
    left = c.sort_values(["cont_person_id", "date"]).reset_index(drop=True)
    right = rd.sort_values(["cine_person_id", "date"]).reset_index(drop=True)
    assert (left["cont_person_id"] == right["cine_person_id"]).all()
    lag = (right["date"] - left["date"]).dt.days
    assert lag.between(0, 1).mean() > 0.95
    assert set(r["cine_referral_nfa"]) == {"Y", "N"}
    assert r["cine_close_date"].notna().mean() > 0.5
    assert r["cine_referral_team"].notna().all()


def test_rereferrals_arise(f):
    r = f["ssd_cin_episodes"].assign(date=lambda t: parse(t["cine_referral_date"])).sort_values("date")
    gap = r["date"] - r.groupby("cine_person_id")["date"].shift()
    in_2014 = r["date"].dt.year == 2014
    share = (gap[in_2014].dt.days <= 365).mean()
    assert 0.12 < share < 0.35
    assert r["cine_person_id"].value_counts().max() >= 4


# --- assessments and early help -----------------------------------------------------------


def test_assessments_completed_a_month(f):
    a = f["ssd_cin_assessments"].assign(
        start=lambda t: parse(t["cina_assessment_start_date"]), auth=lambda t: parse(t["cina_assessment_auth_date"])
    )
    window = a[a["auth"] >= "2013-01-01"]
    initial = window[window["cina_assessment_type"] == "initial"].groupby(months(window["auth"])).size()
    core = window[window["cina_assessment_type"] == "core"].groupby(months(window["auth"])).size()
    assert len(initial) == 24 and initial.between(110, 200).all() and 140 < initial.mean() < 165
    assert len(core) == 24 and core.between(40, 110).all() and 60 < core.median() < 90
    assert set(a["cina_assessment_type"]) == {"initial", "core"}
    ia = a[(a["cina_assessment_type"] == "initial") & a["auth"].notna()]
    wd = working_days(ia["start"], ia["auth"])
    assert (wd <= 10).mean() > 0.65
    assert 0.10 < ((wd > 10) & (wd <= 15)).mean() < 0.25
    assert 0.02 < ((wd > 15) & (wd <= 21)).mean() < 0.12
    assert 0 < (wd > 21).mean() < 0.03
    assert 0.40 < (ia["cina_assessment_outcome_nfa"] == "Y").mean() < 0.50
    still_open = a[a["auth"].isna()]
    assert len(still_open) > 0 and (still_open["start"] > "2014-08-01").all()
    share = f["ssd_cin_episodes"]["cine_referral_id"].isin(a["cina_referral_id"]).mean()
    assert 0.5 < share < 0.8


def test_early_help_with_step_downs_and_step_ups(f):
    e = f["ssd_early_help_episodes"].assign(start=lambda t: parse(t["earl_episode_start_date"]))
    per_month = e.groupby(months(e["start"])).size()
    assert len(per_month) == 36 and per_month[per_month.index.year >= 2013].between(25, 65).all()
    assert set(e["earl_step_down_from"].dropna()) == {"initial", "core"}
    down = e[e["earl_step_down_from"].notna()]
    counts = down["earl_step_down_from"].value_counts()
    assert counts["initial"] > counts["core"] > 36
    r = f["ssd_cin_episodes"]
    last_referral = parse(r["cine_referral_date"]).groupby(r["cine_person_id"]).max()
    stepped_up = down["earl_person_id"].map(last_referral) > down["start"]
    assert 0.35 < stepped_up.mean() < 0.65
    assert {"School", "Health visitor"} <= set(e["earl_episode_organisation"])


# --- strategy, s47, conferences, plans ---------------------------------------------------


def test_strategy_discussions_and_s47_rate(f):
    s = f["ext_strategy_discussions"].assign(start=lambda t: parse(t["strd_start_date"]))
    assert s["strd_team"].value_counts().idxmax() == "MASH"
    cse = s[s["strd_cse_flag"] == "Y"]
    assert len(cse) > 0 and (cse["start"] >= "2014-11-05").all()
    assert 0.6 < (s["strd_s47_flag"] == "Y").mean() < 0.85
    e = f["ssd_s47_enquiry"].assign(start=lambda t: parse(t["s47e_s47_start_date"]))
    ytd = e["start"].between("2014-04-01", "2014-12-31").sum()
    assert 120 <= 10000 * ytd / 36100 <= 130
    assert len(e) == (s["strd_s47_flag"] == "Y").sum()


def test_conferences(f):
    i = f["ssd_initial_cp_conference"].merge(
        f["ssd_s47_enquiry"], left_on="icpc_s47_enquiry_id", right_on="s47e_s47_enquiry_id"
    )
    wd = working_days(parse(i["s47e_s47_start_date"]), parse(i["icpc_icpc_date"]))
    assert (wd <= 15).mean() > 0.75
    assert 0.70 <= (i["icpc_icpc_outcome_cp_flag"] == "Y").mean() <= 0.80


def test_plans_follow_conferences(f, plans):
    ic = f["ssd_initial_cp_conference"]
    yes = ic[ic["icpc_icpc_outcome_cp_flag"] == "Y"].assign(date=lambda t: parse(t["icpc_icpc_date"]))
    recent = plans[plans["start"] >= "2012-03-01"]
    keys = set(zip(yes["icpc_person_id"], yes["date"]))
    assert all(k in keys for k in zip(recent["cppl_person_id"], recent["start"]))
    assert len(yes) == len(set(zip(plans["cppl_person_id"], plans["start"])) & keys)


def test_children_on_plans(plans):
    on = {
        m: open_at(plans["start"], plans["end"], m.end_time.normalize()).sum()
        for m in pd.period_range("2012-01", "2014-12", freq="M")
    }
    on = pd.Series(on)
    assert on.between(150, 260).all()
    assert 240 <= on[pd.Period("2014-04")] <= 255 and on.idxmax() == pd.Period("2014-04")
    assert 150 <= on[pd.Period("2014-12")] <= 162
    assert (on.loc[pd.Period("2014-05") :].diff().dropna() < 0).all()  # falling month on month
    assert set(plans["cppl_cp_plan_initial_category"]) == {"NEG", "PHY", "EMO", "SAB", "MUL"}
    # one child never on two plans at once
    p = plans.sort_values(["cppl_person_id", "start"])
    previous_end = p.groupby("cppl_person_id")["end"].shift()
    later = previous_end.notna() | p.duplicated("cppl_person_id")
    assert (previous_end[later] <= p["start"][later]).all()
    assert plans["start"].min().year == 2009


def test_repeat_plans_and_long_plans(plans):
    p = plans.sort_values(["cppl_person_id", "start"])
    repeat = p.duplicated("cppl_person_id")
    recent = p["start"] >= "2012-01-01"
    assert 0.10 < repeat[recent].mean() < 0.22
    dec = open_at(p["start"], p["end"], END)
    earlier = p[~dec].groupby("cppl_person_id")["start"].max()
    years = p[dec & repeat]["cppl_person_id"].map(earlier).dt.year
    assert 15 <= len(years) <= 40 and years.min() <= 2010
    two_years = (p[dec]["start"] <= END - pd.DateOffset(years=2)).sum()
    assert 1 <= two_years <= 10


def test_cp_visits_while_on_a_plan(f, plans):
    v = f["ssd_cp_visits"].merge(plans, left_on="cppv_cp_plan_id", right_on="cppl_cp_plan_id")
    day = parse(v["cppv_cp_visit_date"])
    assert (v["cppv_person_id"] == v["cppl_person_id"]).all()
    assert ((day >= v["start"]) & (v["end"].isna() | (day <= v["end"]))).all()
    gaps = working_days(day, day.groupby(v["cppv_cp_plan_id"]).shift(-1)).dropna()
    assert 0.75 < (gaps <= 10).mean() < 0.98
    seen = v["cppv_cp_visit_seen"]
    assert ((seen == "Y") | seen.isna()).mean() > 0.9


def test_medicals_track_plans(f):
    m = f["ext_cp_medicals"].assign(date=lambda t: parse(t["cpme_medical_date"]))
    per_month = m.groupby(months(m["date"])).size()
    assert per_month.between(2, 20).all() and 5 <= per_month.mean() <= 15


# --- looked-after children ---------------------------------------------------------------


def test_children_looked_after(f, episodes):
    def count(day):
        return episodes[open_at(episodes["start"], episodes["end"], day)]["clae_person_id"].nunique()

    assert 236 <= count("2013-12-31") <= 246
    assert 266 <= count("2014-12-31") <= 276
    for m in pd.period_range("2012-01", "2014-12", freq="M"):
        assert 215 <= count(m.end_time.normalize()) <= 285
    dob = parse(f["ssd_person"].set_index("pers_person_id")["pers_dob"])
    now = episodes[open_at(episodes["start"], episodes["end"], END)]["clae_person_id"].unique()
    age = (END - dob.reindex(now)).dt.days / 365.25
    assert (age >= 16).mean() > 0.15


def test_episodes_and_periods_of_care(episodes):
    e = episodes.sort_values(["clae_cla_id", "start"])
    first = ~e.duplicated("clae_cla_id")
    assert (e.loc[first, "clae_cla_episode_start_reason"] == "S").all()
    assert set(e.loc[~first, "clae_cla_episode_start_reason"]) <= {"L", "P", "T", "U", "B"}
    last = ~e.duplicated("clae_cla_id", keep="last")
    assert (e.loc[~last, "clae_cla_episode_ceased_reason"] == "X1").all()
    final = e.loc[last & e["end"].notna(), "clae_cla_episode_ceased_reason"]
    assert {"E11", "E12", "E13", "E4A", "E41", "E8"} <= set(final) and "X1" not in set(final)
    assert e.loc[last & e["end"].isna(), "clae_cla_episode_ceased_reason"].isna().all()
    # consecutive episodes of a period meet
    nxt = e.groupby("clae_cla_id")["start"].shift(-1)
    assert (e.loc[~last, "end"] == nxt[~last]).all()
    assert (e.groupby("clae_cla_id")["clae_person_id"].nunique() == 1).all()


def test_placements_moves_and_stability(f, episodes):
    p = f["ssd_cla_placement"].assign(
        start=lambda t: parse(t["clap_cla_placement_start_date"]), end=lambda t: parse(t["clap_cla_placement_end_date"])
    )
    now = episodes[open_at(episodes["start"], episodes["end"], END)]["clae_person_id"].unique()
    window = p[(p["start"] <= END) & (p["end"].isna() | (p["end"] >= "2014-01-01"))]
    n = window.groupby("clap_person_id").size().reindex(now).fillna(0)
    assert 0.04 < (n >= 3).mean() < 0.16
    assert (p.groupby("clap_cla_id")["clap_person_id"].nunique() == 1).all()
    current = p[p["end"].isna()]
    assert (END - current["start"]).dt.days.gt(730).sum() > 40  # a stable long-term core


def test_children_on_a_plan_and_looked_after(plans, episodes):
    for day in ("2013-12-31", "2014-06-30", "2014-12-31"):
        cp = set(plans[open_at(plans["start"], plans["end"], day)]["cppl_person_id"])
        la = set(episodes[open_at(episodes["start"], episodes["end"], day)]["clae_person_id"])
        assert 2 <= len(cp & la) <= 7


def test_cla_visits_and_reviews(f, episodes):
    v = f["ssd_cla_visits"].assign(date=lambda t: parse(t["clav_cla_visit_date"]))
    gaps = v.sort_values("date").groupby("clav_person_id")["date"].diff().dt.days.dropna()
    assert 0.8 < (gaps <= 42).mean() < 0.97 and gaps.median() <= 42
    assert v["clav_person_id"].isin(episodes["clae_person_id"]).all()
    r = f["ssd_cla_reviews"].assign(
        due=lambda t: parse(t["clar_cla_review_due_date"]), held=lambda t: parse(t["clar_cla_review_date"])
    )
    held = r[r["clar_cla_review_cancelled"] == "N"]
    late = (held["held"] > held["due"]).mean()
    assert 0.01 < late < 0.12
    assert 0 < (r["clar_cla_review_cancelled"] == "Y").mean() < 0.06
    gap = held.sort_values("held").groupby("clar_cla_id")["due"].diff().dt.days.dropna()
    assert gap.median() > 150  # six-monthly once established
    assert (held["held"] <= END).all()


# --- population and workforce ---------------------------------------------------------------


def test_population(f):
    p = f["ext_population"].set_index("popn_year")["popn_age_0_17"]
    assert list(p.index) == [2011, 2012, 2013, 2014, 2015]
    assert p[2014] == 36100 and p[2011] == 35600 and p[2015] == 36300 and p.is_monotonic_increasing


def test_workforce_30_september_2014_is_the_seeds(f):
    w = f["ext_workforce"]
    assert set(w["wkf_as_at"]) == {
        "2012-10-31",
        "2013-03-31",
        "2013-04-30",
        "2014-03-31",
        "2014-06-30",
        "2014-09-30",
        "2014-12-31",
    }
    assert set(w["wkf_role"]) == {"service_manager", "team_manager", "social_worker", "other"}
    q3 = w[w["wkf_as_at"] == "2014-09-30"].set_index(["wkf_team", "wkf_role"])[["wkf_permanent_fte", "wkf_interim_fte"]]
    assert q3.loc[("CIN North", "social_worker")].tolist() == [6.49, 8]
    assert q3.loc[("CIN South", "social_worker")].tolist() == [7.19, 5.31]
    assert q3.loc[("MASH", "service_manager")].tolist() == [0, 1]
    team = q3.groupby("wkf_team")[["wkf_permanent_fte", "wkf_interim_fte"]].sum().round(2)
    seed = {
        "CIN North": (11.49, 8),
        "CIN South": (11.19, 7.31),
        "MASH": (9.81, 8),
        "LAC": (15.22, 9),
        "16+": (11, 2),
        "CWD": (3.81, 5),
        "Safeguarding": (4.81, 4.61),
        "Quality Assurance": (1, 2),
        "Adoption": (9.18, 0.22),
        "Fostering": (10.45, 1.81),
    }
    for name, values in seed.items():
        assert tuple(team.loc[name]) == values, name
    role = q3.groupby("wkf_role")[["wkf_permanent_fte", "wkf_interim_fte"]].sum().round(2)
    assert tuple(role.loc["service_manager"]) == (4, 1)
    assert tuple(role.loc["team_manager"]) == (11.61, 3)
    assert tuple(role.loc["social_worker"]) == (43.67, 37.12)
    assert tuple(role.loc["other"]) == (28.68, 6.83)
    assert round(q3["wkf_permanent_fte"].sum(), 2) == 87.96 and round(q3["wkf_interim_fte"].sum(), 2) == 47.95


def test_workforce_history_keeps_the_seeds_totals(f):
    w = f["ext_workforce"]
    seed = {
        "2012-10-31": (13, 4, 50.28, 9),
        "2013-03-31": (11.59, 10.1, 51.93, 18),
        "2013-04-30": (9.59, 9, 53.24, 20),
        "2014-03-31": (11, 6, 48.75, 26.98),
    }
    for as_at, (tm_p, tm_i, sw_p, sw_i) in seed.items():
        s = w[w["wkf_as_at"] == as_at].groupby("wkf_role")[["wkf_permanent_fte", "wkf_interim_fte"]].sum().round(2)
        assert tuple(s.loc["team_manager"]) == (tm_p, tm_i), as_at
        assert tuple(s.loc["social_worker"]) == (sw_p, sw_i), as_at
    assert (w[["wkf_permanent_fte", "wkf_interim_fte"]] >= 0).all().all()


def test_workforce_budget(f):
    b = f["ext_workforce_budget"]
    assert set(b["wkb_as_at"]) == {"2014-09-30", "2014-12-31"}
    q3 = b[b["wkb_as_at"] == "2014-09-30"].set_index("wkb_team")
    assert round(q3["wkb_budget_fte"].sum(), 2) == 133.64
    assert q3.loc["CIN North", "wkb_interim_fte"] == 7.0 and q3.loc["MASH", "wkb_interim_fte"] == 5.0
    assert round(q3["wkb_interim_fte"].sum(), 2) == 43.95
    assert q3["wkb_new_starters_fte"].fillna(0).sum() == 6
    # the seed's over/under headcount: budget - (employees + interims + new starters)
    over = q3["wkb_budget_fte"] - q3["wkb_permanent_fte"] - q3["wkb_interim_fte"] - q3["wkb_new_starters_fte"].fillna(0)
    assert round(over["CIN North"], 2) == 1.50 and round(over["MASH"], 2) == -4.00
    assert round(over.sum(), 2) == -4.27


# --- writing ------------------------------------------------------------------------------


def test_write_and_ensure_demo(tmp_path, monkeypatch):
    calls = []
    small = {name: pd.DataFrame({c: ["x"] for c in cols}) for name, cols in demo.COLUMNS.items()}

    def fake_generate(seed=2014):
        calls.append(seed)
        return small

    monkeypatch.setattr(demo, "generate", fake_generate)
    folder = tmp_path / "demo"
    assert demo.ensure_demo(folder) == folder
    assert sorted(p.name for p in folder.glob("*.csv")) == sorted(f"{n}.csv" for n in demo.COLUMNS)
    assert (folder / demo.STAMP_FILE).is_file() and len(calls) == 1
    demo.ensure_demo(folder)
    assert len(calls) == 1  # current: left alone
    (folder / demo.STAMP_FILE).write_text("old version\n")
    demo.ensure_demo(folder)
    assert len(calls) == 2  # stale stamp: written again
    (folder / "ssd_contacts.csv").unlink()
    demo.ensure_demo(folder)
    assert len(calls) == 3 and (folder / "ssd_contacts.csv").is_file()
    assert not list(tmp_path.glob(".demo*"))  # no staging folders left behind
    assert pd.read_csv(folder / "ssd_person.csv").columns.tolist() == demo.COLUMNS["ssd_person"]


def test_recording_slips_are_exact_duplicates_the_reader_counts(f):
    # 2 child protection visits and 3 looked-after visits keyed twice: whole rows repeated.
    assert f["ssd_cp_visits"].duplicated().sum() == 2
    assert f["ssd_cla_visits"].duplicated().sum() == 3
    assert sum(frame.duplicated().sum() for frame in f.values()) == 5
