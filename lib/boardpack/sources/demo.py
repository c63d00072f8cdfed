"""Demoshire: a deterministic fictional council, one frame per table of the data contract.

About 36,000 children aged 0-17; records from 1 January 2012 to 31 December 2014, with child
protection plan history back to 2009 (for repeat plans) and periods of care that began before
2012. The shape follows the seed report (``shared/reference/seed-report.md``, December 2014):

* contacts 400-750 a month, peaking at 747 in July 2014 and 421 in December 2014; sources with
  the seed's shares (Police 6 ~19.5%, LA social care 5A ~19%, other LA 5C ~12.5%, Health 3A-3F
  ~9.5%, Schools 2A ~8%); ~44% progressed to referral (by source); missing child notifications
  (``MISSING_FLAG`` = Y) only from 5 November 2014, ~1 a day;
* one referral per progressed contact (same day or the next), re-referrals from children who
  come back (a child's later contact points to an earlier one);
* ~150 initial assessments completed a month (10 working days, most on time), ~70 core;
* new CAFs 30-60 a month, step-downs from initial and core assessment, about half stepping up;
* strategy discussions (MASH the main team; CSE flag from 5 November 2014), s47 enquiries
  (~50 a month: ~125 per 10,000 for April-December 2014), conferences, plans following a stock
  path (about 232 at Dec 2013, 248 in April 2014 falling to 156 in Dec 2014), ~15% repeat plans;
* periods of care following a stock path (241 at Dec 2013, 271 at Dec 2014), episodes, placements,
  visits, reviews; a few children on a plan while looked after.

Every stock (plans open, children looked after) is steered month by month: starts are drawn,
then the month's ends are chosen among the open records (weighted by how long they have run)
so the month-end count meets the path. Everything derives from one seeded
``numpy.random.Generator``; the same seed gives identical frames.

Frames are returned as they are written: identifiers and dates as strings (ISO ``YYYY-MM-DD``;
one row in ten of ``ssd_cla_visits`` in the UK form ``DD/MM/YYYY`` to exercise the reader),
flags ``Y``/``N``, blanks missing.

Long because it is one council's deterministic story: every table draws from the same random stream
and the same seed-shaped calendar, so splitting it by table would scatter one narrative over many
files.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from boardpack import paths
from boardpack.calendar import bank_holidays
from boardpack.sources.tables import TABLES

#: Bump when the generated data change; ``ensure_demo`` also compares this module's hash.
VERSION = "1"
STAMP_FILE = ".demo_version"

COLUMNS: dict[str, list[str]] = {
    "ssd_person": ["pers_person_id", "pers_dob", "pers_sex", "pers_expected_dob"],
    "ssd_contacts": [
        "cont_contact_id",
        "cont_person_id",
        "cont_contact_date",
        "cont_contact_source_code",
        "cont_contact_source_desc",
        "cont_contact_outcome_json",
        "cont_contact_screened_date",
    ],
    "ssd_early_help_episodes": [
        "earl_episode_id",
        "earl_person_id",
        "earl_episode_start_date",
        "earl_episode_end_date",
        "earl_episode_reason",
        "earl_episode_organisation",
        "earl_step_down_from",
    ],
    "ssd_cin_episodes": [
        "cine_referral_id",
        "cine_person_id",
        "cine_referral_date",
        "cine_referral_source_code",
        "cine_referral_nfa",
        "cine_close_date",
        "cine_close_reason",
        "cine_referral_team",
    ],
    "ssd_cin_assessments": [
        "cina_assessment_id",
        "cina_person_id",
        "cina_referral_id",
        "cina_assessment_start_date",
        "cina_assessment_auth_date",
        "cina_assessment_outcome_nfa",
        "cina_assessment_team",
        "cina_assessment_type",
    ],
    "ext_strategy_discussions": [
        "strd_id",
        "strd_person_id",
        "strd_start_date",
        "strd_completed_date",
        "strd_team",
        "strd_cse_flag",
        "strd_s47_flag",
    ],
    "ssd_s47_enquiry": [
        "s47e_s47_enquiry_id",
        "s47e_person_id",
        "s47e_s47_start_date",
        "s47e_s47_end_date",
        "s47e_s47_nfa",
        "s47e_s47_completed_by_team",
    ],
    "ssd_initial_cp_conference": [
        "icpc_icpc_id",
        "icpc_person_id",
        "icpc_s47_enquiry_id",
        "icpc_icpc_date",
        "icpc_icpc_outcome_cp_flag",
        "icpc_icpc_target_date",
    ],
    "ssd_cp_plans": [
        "cppl_cp_plan_id",
        "cppl_person_id",
        "cppl_cp_plan_start_date",
        "cppl_cp_plan_end_date",
        "cppl_cp_plan_initial_category",
        "cppl_cp_plan_latest_category",
    ],
    "ssd_cp_visits": [
        "cppv_cp_visit_id",
        "cppv_person_id",
        "cppv_cp_plan_id",
        "cppv_cp_visit_date",
        "cppv_cp_visit_seen",
    ],
    "ssd_cla_episodes": [
        "clae_cla_episode_id",
        "clae_person_id",
        "clae_cla_episode_start_date",
        "clae_cla_episode_start_reason",
        "clae_cla_episode_ceased_date",
        "clae_cla_episode_ceased_reason",
        "clae_cla_id",
    ],
    "ssd_cla_placement": [
        "clap_cla_placement_id",
        "clap_person_id",
        "clap_cla_id",
        "clap_cla_placement_start_date",
        "clap_cla_placement_end_date",
        "clap_cla_placement_type",
        "clap_cla_placement_change_reason",
    ],
    "ssd_cla_visits": ["clav_cla_visit_id", "clav_person_id", "clav_cla_visit_date", "clav_cla_visit_seen"],
    "ssd_cla_reviews": [
        "clar_cla_review_id",
        "clar_cla_id",
        "clar_cla_review_due_date",
        "clar_cla_review_date",
        "clar_cla_review_cancelled",
    ],
    "ext_cp_medicals": ["cpme_id", "cpme_person_id", "cpme_medical_date"],
    "ext_population": ["popn_year", "popn_age_0_17"],
    "ext_workforce": ["wkf_as_at", "wkf_team", "wkf_role", "wkf_permanent_fte", "wkf_interim_fte"],
    "ext_workforce_budget": [
        "wkb_as_at",
        "wkb_team",
        "wkb_budget_fte",
        "wkb_new_starters_fte",
        "wkb_permanent_fte",
        "wkb_interim_fte",
    ],
}

# ----------------------------------------------------------------------------------------------
# Dates as int day numbers (days since 1970-01-01); OPEN = blank / still open.


def _day(text: str) -> int:
    return int(np.datetime64(text, "D").astype(np.int64))


START = _day("2012-01-01")
END = _day("2014-12-31")
MISSING_FROM = _day("2014-11-05")
OPEN = 10**6
AGE_LIMIT = 6570  # days: under 18 (18 years are at least 6574 days)
CONTACT_AGE_LIMIT = 6390  # days: contacts by 17.5 years so that follow-on events stay under 18


def _mn(year: int, month: int) -> int:
    """Month number: months since January 1970."""
    return (year - 1970) * 12 + month - 1


def _mstart(mn):
    return (np.datetime64("1970-01", "M") + np.asarray(mn)).astype("datetime64[D]").astype(np.int64)


def _mend(mn):
    return _mstart(np.asarray(mn) + 1) - 1


def _month_of(days):
    return np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def _bh():
    return bank_holidays(2000, 2040)


def _wd_add(days, n, roll="forward"):
    """``days`` moved ``n`` working days on (England and Wales bank holidays, calendar.py)."""
    d = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    return np.busday_offset(d, n, roll=roll, holidays=_bh()).astype(np.int64)


def _is_wd(days):
    return np.is_busday(np.asarray(days, dtype=np.int64).astype("datetime64[D]"), holidays=_bh())


# ----------------------------------------------------------------------------------------------
# Code sets and shares

SOURCES = [
    "1A",
    "1B",
    "1C",
    "1D",
    "2A",
    "2B",
    "3A",
    "3B",
    "3C",
    "3D",
    "3E",
    "3F",
    "4",
    "5A",
    "5B",
    "5C",
    "5D",
    "6",
    "7",
    "8",
    "9",
    "10",
]
SOURCE_SHARE = np.array(
    [
        0.05,
        0.015,
        0.015,
        0.015,
        0.08,
        0.02,
        0.02,
        0.025,
        0.01,
        0.015,
        0.015,
        0.01,
        0.02,
        0.19,
        0.03,
        0.125,
        0.04,
        0.195,
        0.02,
        0.055,
        0.02,
        0.015,
    ]
)
SOURCE_TO_REFERRAL = np.array(
    [
        0.50,
        0.35,
        0.45,
        0.40,
        0.515,
        0.45,
        0.45,
        0.50,
        0.45,
        0.55,
        0.40,
        0.45,
        0.40,
        0.5125,
        0.45,
        0.094,
        0.60,
        0.44,
        0.50,
        0.40,
        0.30,
        0.30,
    ]
)
SOURCE_DESC = {
    "1A": "Individual: family member/relative/carer",
    "1B": "Individual: acquaintance",
    "1C": "Individual: self",
    "1D": "Individual: other",
    "2A": "Schools",
    "2B": "Education services",
    "3A": "Health services: GP",
    "3B": "Health services: health visitor",
    "3C": "Health services: school nurse",
    "3D": "Health services: other primary health services",
    "3E": "Health services: A&E",
    "3F": "Health services: other",
    "4": "Housing",
    "5A": "LA services: social care",
    "5B": "LA services: other internal",
    "5C": "LA services: external (other local authority)",
    "5D": "Early help",
    "6": "Police",
    "7": "Other legal agency",
    "8": "Other",
    "9": "Anonymous",
    "10": "Unknown",
}
# Sources of the contacts behind child protection plans.
CP_SOURCES = ["6", "5A", "3B", "3E", "2A", "1A", "5C"]
CP_SOURCE_SHARE = np.array([0.35, 0.2, 0.08, 0.07, 0.15, 0.08, 0.07])

# Contacts a month, January 2012 to December 2014 (July 2014 the peak; seed: 747, 555, 421).
CONTACTS_A_MONTH = np.array(
    [
        455,
        470,
        520,
        480,
        540,
        545,
        590,
        505,
        520,
        560,
        540,
        430,
        520,
        510,
        545,
        535,
        590,
        575,
        640,
        540,
        585,
        630,
        600,
        470,
        580,
        575,
        620,
        610,
        690,
        715,
        747,
        610,
        640,
        665,
        555,
        421,
    ]
)
FIXED_CONTACT_MONTHS = {30: 747, 34: 555, 35: 421}  # index from January 2012

TEAMS = [
    "CIN North",
    "CIN South",
    "MASH",
    "LAC",
    "16+",
    "CWD",
    "Safeguarding",
    "Quality Assurance",
    "Adoption",
    "Fostering",
]

# Age (years 0-17) weights at a first contact, a new CP plan, a new period of care.
AGE_CONTACT = np.array([9, 6, 6, 6, 6, 6, 5, 5, 5, 5, 5, 5, 6, 6, 7, 7, 6, 4], dtype=float)
AGE_CP = np.array([14, 9, 8, 7, 7, 6, 6, 6, 5, 5, 5, 5, 5, 4, 4, 3, 2, 1], dtype=float)
AGE_CLA_START = np.array([20, 4, 4, 4, 3, 3, 3, 3, 3, 3, 4, 5, 6, 7, 8, 10, 13, 8], dtype=float)
AGE_CLA_STOCK = np.array([4, 3, 3, 4, 4, 4, 4, 4, 4, 5, 5, 6, 6, 7, 8, 10, 13, 11], dtype=float)


def _interp_path(anchors: dict[tuple[int, int], float], months: np.ndarray) -> np.ndarray:
    x = np.array([_mn(*k) for k in anchors])
    y = np.array(list(anchors.values()), dtype=float)
    return np.round(np.interp(months, x, y)).astype(int)


CP_PATH = {
    (2008, 12): 0,
    (2009, 1): 60,
    (2009, 6): 170,
    (2010, 6): 185,
    (2011, 6): 190,
    (2011, 12): 195,
    (2012, 12): 210,
    (2013, 6): 222,
    (2013, 12): 232,
    (2014, 4): 248,
    (2014, 6): 210,
    (2014, 12): 156,
}
CLA_PATH = {
    (2011, 12): 222,
    (2012, 12): 232,
    (2013, 12): 241,
    (2014, 3): 246,
    (2014, 6): 256,
    (2014, 9): 265,
    (2014, 12): 271,
}


class _People:
    """Registry of children: integer ids with a date of birth and sex."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.dob: list[np.ndarray] = []
        self.sex: list[np.ndarray] = []
        self.n = 0

    def add(self, dob, female_share: float = 0.49) -> np.ndarray:
        dob = np.asarray(dob, dtype=np.int64)
        ids = np.arange(self.n, self.n + len(dob))
        self.n += len(dob)
        self.dob.append(dob)
        self.sex.append(np.where(self.rng.random(len(dob)) < female_share, "F", "M"))
        return ids

    def dob_of(self, ids) -> np.ndarray:
        return np.concatenate(self.dob)[np.asarray(ids, dtype=np.int64)] if self.n else np.array([], np.int64)


def _ages(rng, n, weights, min_days=0, max_days=AGE_LIMIT - 200) -> np.ndarray:
    years = rng.choice(len(weights), size=n, p=weights / weights.sum())
    return np.clip((years * 365.25 + rng.uniform(0, 365, n)).astype(np.int64), min_days, max_days)


def _days_in_month(rng, mn, n, weekend_weight=0.12) -> np.ndarray:
    days = np.arange(_mstart(mn), _mend(mn) + 1)
    w = np.where(_is_wd(days), 1.0, weekend_weight)
    return np.sort(rng.choice(days, size=n, p=w / w.sum()))


def _uniform_days(rng, lo, hi) -> np.ndarray:
    """A day from ``lo`` to ``hi`` inclusive (arrays)."""
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.asarray(hi, dtype=np.int64)
    return lo + np.floor(rng.random(len(lo)) * (hi - lo + 1)).astype(np.int64)


def _choose(rng, codes, shares, n):
    return np.asarray(codes)[rng.choice(len(codes), size=n, p=np.asarray(shares) / np.sum(shares))]


def _resolve(parent: np.ndarray) -> np.ndarray:
    """Roots of a forest given by ``parent`` (parent[i] <= i; roots point to themselves)."""
    root = parent.copy()
    while True:
        nxt = root[root]
        if np.array_equal(nxt, root):
            return root
        root = nxt


def _duration_weights(age_months: np.ndarray, kind: str) -> np.ndarray:
    if kind == "cp":
        return np.select([age_months < 3, age_months < 6, age_months < 12, age_months < 18], [0.05, 0.6, 1.0, 2.0], 4.0)
    return np.select([age_months < 2, age_months < 12, age_months < 24, age_months < 36], [0.3, 1.5, 1.0, 0.6], 0.12)


# ----------------------------------------------------------------------------------------------


class _Demo:
    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)
        self.people = _People(self.rng)
        self.out: dict[str, pd.DataFrame] = {}

    # -- child protection plans: whole history from 2009 -----------------------------------
    def cp_plans(self):
        rng = self.rng
        months = np.arange(_mn(2009, 1), _mn(2014, 12) + 1)
        path = _interp_path(CP_PATH, np.concatenate([[months[0] - 1], months]))
        start = np.empty(0, np.int64)
        end = np.empty(0, np.int64)
        person = np.empty(0, np.int64)
        sticky = np.empty(0, np.int64)
        for i, mn in enumerate(months):
            ms, me = int(_mstart(mn)), int(_mend(mn))
            target, before = path[i + 1], path[i]
            n_start = int(round(target / 11 * rng.uniform(0.85, 1.15))) + max(0, target - before)
            dob = self.people.dob_of(person)
            is_open = end == OPEN
            forced_18 = is_open & (dob + AGE_LIMIT - 1 <= me)
            forced_sticky = is_open & (sticky >= ms) & (sticky <= me)
            forced = forced_18 | forced_sticky
            end = np.where(forced_18, np.maximum(dob + AGE_LIMIT - 1, start + 1), end)
            end = np.where(forced_sticky & ~forced_18, sticky, end)
            candidates = np.flatnonzero(is_open & ~forced & (sticky <= me))
            need = int(is_open.sum()) + n_start - target - int(forced.sum())
            k = int(np.clip(need, 0, len(candidates)))
            if k:
                w = _duration_weights((ms - start[candidates]) / 30.44, "cp")
                chosen = rng.choice(candidates, size=k, replace=False, p=w / w.sum())
                end[chosen] = _uniform_days(rng, np.full(k, ms), np.full(k, me))
            # new plans: conference days are working days
            days = np.arange(ms, me + 1)
            days = days[_is_wd(days)]
            new_start = np.sort(rng.choice(days, size=n_start))
            n_repeat = rng.binomial(n_start, 0.15) if mn >= _mn(2010, 1) else 0
            ended = (end < ms - 90) & (end != OPEN)
            on_plan = np.unique(person[end >= ms])
            cand_people = np.setdiff1d(np.unique(person[ended]), on_plan)
            cand_people = cand_people[self.people.dob_of(cand_people) + 6200 > me]
            n_repeat = min(n_repeat, len(cand_people))
            rep = rng.choice(cand_people, size=n_repeat, replace=False) if n_repeat else np.empty(0, np.int64)
            n_new = n_start - n_repeat
            order = rng.permutation(n_start)
            new_dob = new_start[order[n_repeat:]] - _ages(rng, n_new, AGE_CP, min_days=60, max_days=6300)
            new_people = self.people.add(new_dob)
            who = np.empty(n_start, np.int64)
            who[order[:n_repeat]] = rep
            who[order[n_repeat:]] = new_people
            st = np.where(rng.random(n_start) < 0.02, new_start + rng.integers(735, 1000, n_start), 0)
            if mn in (_mn(2012, 6), _mn(2012, 9), _mn(2012, 11)) and n_new:
                # a few plans open for more than two years at the end of 2014
                young = np.flatnonzero(new_start[order[n_repeat:]] - new_dob < 8 * 365)
                if len(young):
                    st[order[n_repeat + young[0]]] = new_start[order[n_repeat + young[0]]] + 1300
            start = np.concatenate([start, new_start])
            end = np.concatenate([end, np.full(n_start, OPEN)])
            person = np.concatenate([person, who])
            sticky = np.concatenate([sticky, st])
        order = np.lexsort((person, start))
        n = len(start)
        cats = np.array(["NEG", "EMO", "PHY", "SAB", "MUL"])
        initial = _choose(rng, cats, [0.45, 0.30, 0.10, 0.05, 0.10], n)
        latest = np.where(rng.random(n) < 0.1, _choose(rng, cats, [0.45, 0.30, 0.10, 0.05, 0.10], n), initial)
        self.cp = pd.DataFrame(
            {"start": start[order], "end": end[order], "person": person[order], "initial": initial, "latest": latest}
        )
        self.cp["plan_no"] = np.arange(n)

    # -- periods of care, 2012-2014, with a stock that began earlier --------------------------
    def cla_periods(self):
        rng = self.rng
        months = np.arange(_mn(2012, 1), _mn(2014, 12) + 1)
        path = _interp_path(CLA_PATH, np.concatenate([[months[0] - 1], months]))
        n0 = path[0]
        age0 = _ages(rng, n0, AGE_CLA_STOCK, min_days=30, max_days=AGE_LIMIT - 60)
        dob0 = START - age0
        in_care = (rng.beta(1.1, 1.6, n0) * np.minimum(age0, 10 * 365)).astype(np.int64)
        start = START - 1 - in_care
        person = self.people.add(dob0)
        end = np.full(n0, OPEN)
        cp_child = np.zeros(n0, bool)
        cp = self.cp
        for i, mn in enumerate(months):
            ms, me = int(_mstart(mn)), int(_mend(mn))
            target, before = path[i + 1], path[i]
            n_start = int(round(target * 0.036 * rng.uniform(0.8, 1.2))) + max(0, target - before)
            dob = self.people.dob_of(person)
            is_open = end == OPEN
            forced = is_open & (dob + AGE_LIMIT - 1 <= me)
            end = np.where(forced, np.maximum(dob + AGE_LIMIT - 1, start + 1), end)
            candidates = np.flatnonzero(is_open & ~forced)
            need = int(is_open.sum()) + n_start - target - int(forced.sum())
            k = int(np.clip(need, 0, len(candidates)))
            if k:
                age_y = (ms - dob[candidates]) / 365.25
                w = _duration_weights((ms - start[candidates]) / 30.44, "cla")
                w = w * np.where((age_y < 5) & (ms - start[candidates] > 270), 1.5, 1.0)
                w = w * np.where(age_y >= 15, 0.35, 1.0)  # older children mostly stay until 18
                chosen = rng.choice(candidates, size=k, replace=False, p=w / w.sum())
                end[chosen] = _uniform_days(rng, np.maximum(start[chosen] + 1, ms), np.full(k, me))
            # children already on a child protection plan who become looked after
            # children on a plan who become looked after: steered to about 4 both at each month end
            cp_end = cp["end"].to_numpy()
            on_plan = cp["person"].to_numpy()[(cp["start"].to_numpy() <= me) & (cp_end > me)]
            both = np.isin(person[(end == OPEN) | (end > me)], on_plan).sum()
            n_cp = int(np.clip(4 - both + rng.integers(-1, 2), 0, 3))
            ok = (
                (cp["start"].to_numpy() < ms - 20)
                & (cp_end > me + 15)
                & ((cp_end <= me + 150) | ((cp_end == OPEN) & (me > END - 150)))
                & ~np.isin(cp["person"].to_numpy(), person)
                & (self.people.dob_of(cp["person"].to_numpy()) + 6200 > me)
            )
            pool = np.flatnonzero(ok)
            n_cp = min(n_cp, len(pool))
            cp_rows = rng.choice(pool, size=n_cp, replace=False) if n_cp else np.empty(0, np.int64)
            new_start = _days_in_month(rng, mn, n_start, 0.3)
            n_new = n_start - n_cp
            new_dob = new_start[n_cp:] - _ages(rng, n_new, AGE_CLA_START, max_days=AGE_LIMIT - 150)
            who = np.concatenate([cp["person"].to_numpy()[cp_rows], self.people.add(new_dob)])
            start = np.concatenate([start, new_start])
            end = np.concatenate([end, np.full(n_start, OPEN)])
            person = np.concatenate([person, who])
            cp_child = np.concatenate([cp_child, np.arange(n_start) < n_cp])
        order = np.lexsort((person, start))
        self.cla = pd.DataFrame(
            {"start": start[order], "end": end[order], "person": person[order], "cp_child": cp_child[order]}
        )
        n = len(order)
        self.cla["cla_no"] = np.arange(n)
        # stability type: most stable, some moving, a few very unstable (3+ placements a year)
        self.cla["moves_a_year"] = _choose(rng, [0.08, 0.7, 3.0], [0.63, 0.25, 0.12], n)

    # -- the chain behind each plan started in the record window -----------------------------
    def cp_chains(self):
        rng = self.rng
        cp = self.cp[(self.cp["start"] >= START)].copy()
        n = len(cp)
        lag = np.where(
            rng.random(n) < 0.85,
            rng.integers(5, 16, n),
            np.where(rng.random(n) < 0.8, rng.integers(16, 23, n), rng.integers(23, 31, n)),
        )
        s47 = _wd_add(cp["start"].to_numpy(), -lag, roll="backward")
        strat = s47 - rng.integers(0, 3, n)
        ref = strat - rng.integers(0, 5, n)
        contact = ref - (rng.random(n) < 0.2)
        keep = contact >= START
        cp = cp[keep]
        self.chain = pd.DataFrame(
            {
                "plan_no": cp["plan_no"].to_numpy(),
                "person": cp["person"].to_numpy(),
                "icpc": cp["start"].to_numpy(),
                "s47": s47[keep],
                "strategy": strat[keep],
                "referral": ref[keep],
                "contact": contact[keep],
            }
        )

    # -- contacts and missing child notifications -------------------------------------------
    def contacts(self):
        rng = self.rng
        months = np.arange(_mn(2012, 1), _mn(2014, 12) + 1)
        counts = np.round(CONTACTS_A_MONTH * rng.uniform(0.97, 1.03, 36)).astype(int)
        for k, v in FIXED_CONTACT_MONTHS.items():
            counts[k] = v
        chain = self.chain
        chain_month = _month_of(chain["contact"].to_numpy())
        day_parts = []
        for i, mn in enumerate(months):
            g = counts[i] - int((chain_month == mn).sum())
            day_parts.append(_days_in_month(rng, mn, g))
        g_day = np.concatenate(day_parts)
        ng = len(g_day)
        src_idx = rng.choice(len(SOURCES), size=ng, p=SOURCE_SHARE / SOURCE_SHARE.sum())
        g_src = np.array(SOURCES)[src_idx]
        g_prog = rng.random(ng) < SOURCE_TO_REFERRAL[src_idx]
        nc = len(chain)
        day = np.concatenate([g_day, chain["contact"].to_numpy()])
        src = np.concatenate([g_src, _choose(rng, CP_SOURCES, CP_SOURCE_SHARE, nc)])
        prog = np.concatenate([g_prog, np.ones(nc, bool)])
        fixed = np.concatenate([np.full(ng, -1), chain["person"].to_numpy()])
        ref_day = np.concatenate([np.minimum(g_day + (rng.random(ng) < 0.15), END), chain["referral"].to_numpy()])
        chain_no = np.concatenate([np.full(ng, -1), np.arange(nc)])
        order = np.lexsort((rng.random(len(day)), day))
        day, src, prog, fixed, ref_day, chain_no = (a[order] for a in (day, src, prog, fixed, ref_day, chain_no))
        n = len(day)
        # a later contact for a child already known: points to an earlier contact
        idx = np.arange(n)
        back = day - (rng.exponential(110, n) + 1).astype(np.int64)
        j = np.minimum(np.searchsorted(day, back, side="left"), idx - 1)
        repeat = (rng.random(n) < 0.28) & (fixed < 0) & (back >= day[0]) & (j >= 0)
        parent = np.where(repeat, j, idx)
        own_dob = day - _ages(rng, n, AGE_CONTACT, max_days=CONTACT_AGE_LIMIT - 30)
        own_dob = np.where(fixed >= 0, self.people.dob_of(np.maximum(fixed, 0)), own_dob)
        while True:
            root = _resolve(parent)
            bad = ((day - own_dob[root] > CONTACT_AGE_LIMIT) | (day < own_dob[root])) & (root != idx)
            if not bad.any():
                break
            parent[bad] = idx[bad]
        roots = np.unique(root[fixed[root] < 0])
        pid = fixed.copy()
        new_ids = self.people.add(own_dob[roots])
        pid[roots] = new_ids
        pid = pid[root]
        # screening: same working day for most, next working day for some, a few not recorded
        u = rng.random(n)
        dec14 = day >= _day("2014-12-01")
        same = u < np.where(dec14, 0.80, 0.92)
        nxt = ~same & (u < np.where(dec14, 0.97, 0.985))
        screened = np.where(same, day, np.where(nxt, np.minimum(_wd_add(day, 1), END), OPEN))
        screened = np.where(nxt & (screened < day), day, screened)
        nfa = ~prog & (rng.random(n) < 0.7)
        self.contact = pd.DataFrame(
            {
                "day": day,
                "person": pid,
                "src": src,
                "prog": prog,
                "nfa": nfa,
                "missing": False,
                "screened": screened,
                "ref_day": ref_day,
                "chain_no": chain_no,
            }
        )
        # missing child notifications from 5 November 2014: ~1 a day, teenagers, some repeatedly
        m_day = np.sort(
            np.concatenate(
                [
                    _uniform_days(rng, np.full(26 + rng.integers(-3, 4), MISSING_FROM), _day("2014-11-30")),
                    _uniform_days(rng, np.full(32 + rng.integers(-3, 4), _day("2014-12-01")), END),
                ]
            )
        )
        nm = len(m_day)
        mid = np.arange(nm)
        m_parent = np.where((rng.random(nm) < 0.4) & (mid > 0), np.floor(rng.random(nm) * mid).astype(np.int64), mid)
        m_root = _resolve(m_parent)
        m_roots = np.unique(m_root)
        m_dob = m_day[m_roots] - (rng.uniform(12, 17.2, len(m_roots)) * 365.25).astype(np.int64)
        m_ids = np.empty(nm, np.int64)
        m_ids[m_roots] = self.people.add(m_dob, female_share=0.55)
        self.missing = pd.DataFrame(
            {"day": m_day, "person": m_ids[m_root], "src": _choose(rng, ["6", "5A"], [0.8, 0.2], nm)}
        )

    # -- referrals and assessments ------------------------------------------------------------
    def referrals_and_assessments(self):
        rng = self.rng
        c = self.contact[self.contact["prog"]]
        ref = pd.DataFrame(
            {
                "day": c["ref_day"].to_numpy(),
                "person": c["person"].to_numpy(),
                "src": c["src"].to_numpy(),
                "chain_no": c["chain_no"].to_numpy(),
            }
        )
        ref = ref.sort_values(["day", "person"], kind="stable").reset_index(drop=True)
        ref["ref_no"] = np.arange(len(ref))
        n = len(ref)
        month = _month_of(ref["day"].to_numpy())
        per_month = pd.Series(month).map(pd.Series(month).value_counts()).to_numpy()
        p_ia = np.clip(152 / per_month, 0.5, 0.8)
        year = ref["day"].to_numpy().astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970
        has_ia = rng.random(n) < p_ia
        ia = ref[has_ia]
        ni = len(ia)
        ia_start = _wd_add(ia["day"].to_numpy(), rng.integers(0, 3, ni))
        y = year[has_ia]
        on_time = np.where(y == 2012, 0.70, np.where(y == 2013, 0.73, 0.76))
        u = rng.random(ni)
        dur = np.where(
            u < on_time,
            rng.integers(1, 11, ni),
            np.where(
                u < on_time + 0.17,
                rng.integers(11, 16, ni),
                np.where(u < 0.985, rng.integers(16, 22, ni), rng.integers(22, 35, ni)),
            ),
        )
        ia_auth = _wd_add(ia_start, dur)
        ia_nfa = rng.random(ni) < np.where(y == 2012, 0.40, np.where(y == 2013, 0.43, 0.48))
        ia_team = _choose(rng, ["MASH", "CIN North", "CIN South"], [0.4, 0.3, 0.3], ni)
        ia_df = pd.DataFrame(
            {
                "person": ia["person"].to_numpy(),
                "ref_no": ia["ref_no"].to_numpy(),
                "start": ia_start,
                "auth": ia_auth,
                "nfa": ia_nfa,
                "team": ia_team,
                "type": "initial",
            }
        )
        # core assessments follow initial assessments that did not end in NFA
        core_src = ia_df[~ia_df["nfa"] & (ia_df["auth"] <= END)]
        core_src = core_src[rng.random(len(core_src)) < 0.85]
        nco = len(core_src)
        u = rng.random(nco)
        cdur = np.where(
            u < 0.55,
            rng.integers(12, 36, nco),
            np.where(
                u < 0.67,
                rng.integers(36, 42, nco),
                np.where(
                    u < 0.77,
                    rng.integers(42, 51, nco),
                    np.where(u < 0.85, rng.integers(51, 61, nco), rng.integers(61, 90, nco)),
                ),
            ),
        )
        core_df = pd.DataFrame(
            {
                "person": core_src["person"].to_numpy(),
                "ref_no": core_src["ref_no"].to_numpy(),
                "start": core_src["auth"].to_numpy(),
                "auth": _wd_add(core_src["auth"].to_numpy(), cdur),
                "nfa": rng.random(nco) < 0.2,
                "team": np.where(
                    core_src["team"].to_numpy() == "MASH",
                    _choose(rng, ["CIN North", "CIN South"], [0.5, 0.5], nco),
                    core_src["team"].to_numpy(),
                ),
                "type": "core",
            }
        )
        asm = pd.concat([ia_df, core_df], ignore_index=True)
        asm = asm[asm["start"] <= END].copy()
        asm["auth"] = np.where(asm["auth"] > END, OPEN, asm["auth"])
        asm = asm.sort_values(["start", "ref_no", "type"], kind="stable").reset_index(drop=True)
        self.asm = asm
        # referral outcome: NFA, close date and reason
        last = asm.groupby("ref_no")["auth"].max()
        any_nfa_core = asm.groupby("ref_no")["nfa"].all()
        ref_last = ref["ref_no"].map(last).to_numpy()
        assessed = ~np.isnan(ref_last)
        ref_last = np.nan_to_num(ref_last, nan=0).astype(np.int64)
        all_nfa = ref["ref_no"].map(any_nfa_core).fillna(False).to_numpy(dtype=bool)
        r = rng.random(n)
        close = np.where(
            ~assessed,
            ref["day"].to_numpy() + rng.integers(0, 11, n),
            np.where(
                ref_last >= OPEN,
                OPEN,
                np.where(all_nfa, ref_last + rng.integers(0, 6, n), ref_last + rng.integers(40, 420, n)),
            ),
        )
        reason = np.where(
            ~assessed, "RC7", np.where(all_nfa, np.where(r < 0.5, "RC8", "RC9"), np.where(r < 0.9, "RC7", "RC5"))
        )
        # a referral behind a child protection plan stays open for the plan and a little after
        is_chain = ref["chain_no"].to_numpy() >= 0
        plan_end = self.cp["end"].to_numpy()[
            self.chain["plan_no"].to_numpy()[np.maximum(ref["chain_no"].to_numpy(), 0)]
        ]
        close = np.where(is_chain, np.where(plan_end >= OPEN, OPEN, plan_end + rng.integers(14, 120, n)), close)
        reason = np.where(is_chain, np.where(r < 0.85, "RC7", "RC5"), reason)
        close = np.where(close > END, OPEN, close)
        ref["nfa"] = ~assessed & ~is_chain & (rng.random(n) < 0.7)
        ref["close"] = close
        ref["reason"] = np.where(close >= OPEN, None, reason)
        ref["team"] = _choose(rng, ["MASH", "CIN North", "CIN South"], [0.85, 0.08, 0.07], n)
        self.ref = ref

    # -- strategy discussions, s47 enquiries, conferences, medicals --------------------------
    def strategy(self):
        rng = self.rng
        ref = self.ref
        months = np.arange(_mn(2012, 1), _mn(2014, 12) + 1)
        year = (months // 12) + 1970
        target = np.where(year == 2012, 62, np.where(year == 2013, 66, 70)) + rng.integers(-5, 6, 36)
        target[-2], target[-1] = 67, 88
        chain = self.chain
        chain_mn = _month_of(chain["strategy"].to_numpy())
        ref_mn = _month_of(ref["day"].to_numpy())
        ref_day = ref["day"].to_numpy()
        age = ref_day - self.people.dob_of(ref["person"].to_numpy())
        generic = ref["chain_no"].to_numpy() < 0
        picks, cse_flags, s47_flags = [], [], []
        for i, mn in enumerate(months):
            n_chain = int((chain_mn == mn).sum())
            g = max(8, target[i] - n_chain)
            pool = np.flatnonzero(generic & (ref_mn == mn))
            n_cse = 0
            if mn >= _mn(2014, 11):
                n_cse = int(rng.integers(6, 10)) if mn > _mn(2014, 11) else int(rng.integers(5, 8))
                cse_pool = pool[(ref_day[pool] >= MISSING_FROM) & (age[pool] > 11 * 365)]
                n_cse = min(n_cse, len(cse_pool))
                cse = rng.choice(cse_pool, size=n_cse, replace=False)
                pool = np.setdiff1d(pool, cse)
            else:
                cse = np.empty(0, np.int64)
            other = rng.choice(pool, size=min(g - n_cse, len(pool)), replace=False)
            # s47 enquiries: about 69% of the month's discussions (CSE ones less often)
            n_s47 = int(np.clip(round(0.69 * target[i]) - n_chain, 0.3 * len(other), 0.9 * len(other)))
            chosen = np.concatenate([cse, other])
            picks.append(chosen)
            cse_flags.append(np.arange(len(chosen)) < n_cse)
            s47_flags.append(np.concatenate([rng.random(n_cse) < 0.4, rng.permutation(len(other)) < n_s47]))
        picks = np.concatenate(picks)
        ng = len(picks)
        g_day = np.minimum(ref_day[picks] + rng.integers(0, 4, ng), END)
        teams = ["MASH", "CIN North", "CIN South", "LAC", "CWD", "16+"]
        tshare = [0.65, 0.12, 0.12, 0.05, 0.03, 0.03]
        nc = len(chain)
        strd = pd.DataFrame(
            {
                "day": np.concatenate([g_day, chain["strategy"].to_numpy()]),
                "person": np.concatenate([ref["person"].to_numpy()[picks], chain["person"].to_numpy()]),
                "team": _choose(rng, teams, tshare, ng + nc),
                "cse": np.concatenate([np.concatenate(cse_flags), np.zeros(nc, bool)]),
                "s47": np.concatenate([np.concatenate(s47_flags), np.ones(nc, bool)]),
                "chain_no": np.concatenate([np.full(ng, -1), np.arange(nc)]),
            }
        )
        n = len(strd)
        strd["done"] = strd["day"] + rng.integers(0, 8, n)
        strd["done"] = np.where(strd["done"] > END, OPEN, strd["done"])
        strd = strd.sort_values(["day", "person"], kind="stable").reset_index(drop=True)
        self.strd = strd
        # s47 enquiries from strategy discussions that decided on one
        s = strd[strd["s47"]]
        ns = len(s)
        is_chain = s["chain_no"].to_numpy() >= 0
        s_day = np.where(
            is_chain,
            chain["s47"].to_numpy()[np.maximum(s["chain_no"].to_numpy(), 0)],
            np.minimum(s["day"].to_numpy() + rng.integers(0, 2, ns), END),
        )
        s_end = _wd_add(s_day, rng.integers(5, 21, ns))
        s_end = np.where(is_chain, chain["icpc"].to_numpy()[np.maximum(s["chain_no"].to_numpy(), 0)], s_end)
        s47 = pd.DataFrame(
            {
                "day": s_day,
                "person": s["person"].to_numpy(),
                "end": np.where(s_end > END, OPEN, s_end),
                "nfa": ~is_chain & (rng.random(ns) < 0.35),
                "team": s["team"].to_numpy(),
                "chain_no": s["chain_no"].to_numpy(),
            }
        )
        s47 = s47.sort_values(["day", "person"], kind="stable").reset_index(drop=True)
        s47["s47_no"] = np.arange(ns)
        self.s47 = s47
        # conferences: one for each plan's chain (outcome Y), and some that led to no plan
        ch = s47[s47["chain_no"] >= 0]
        plan_icpc = pd.DataFrame(
            {
                "person": ch["person"].to_numpy(),
                "s47_no": ch["s47_no"].to_numpy(),
                "day": chain["icpc"].to_numpy()[ch["chain_no"].to_numpy()],
                "s47_day": ch["day"].to_numpy(),
                "plan": True,
            }
        )
        gen = s47[(s47["chain_no"] < 0) & ~s47["nfa"]]
        q = 0.32 * len(plan_icpc) / max(len(gen), 1)
        gen = gen[rng.random(len(gen)) < q]
        g_icpc = _wd_add(gen["day"].to_numpy(), rng.integers(5, 19, len(gen)))
        no_plan = pd.DataFrame(
            {
                "person": gen["person"].to_numpy(),
                "s47_no": gen["s47_no"].to_numpy(),
                "day": g_icpc,
                "s47_day": gen["day"].to_numpy(),
                "plan": False,
            }
        )
        icpc = pd.concat([plan_icpc, no_plan[no_plan["day"] <= END]], ignore_index=True)
        icpc["target"] = _wd_add(icpc["s47_day"].to_numpy(), 15)
        self.icpc = icpc.sort_values(["day", "person"], kind="stable").reset_index(drop=True)
        # child protection medicals: ~4.5% of the number on plans each month, from that month's s47s
        cp_s, cp_e = self.cp["start"].to_numpy(), self.cp["end"].to_numpy()
        s_mn = _month_of(s47["day"].to_numpy())
        picks = []
        for mn in months:
            me = int(_mend(mn))
            stock = int(((cp_s <= me) & (cp_e > me)).sum())
            pool = np.flatnonzero(s_mn == mn)
            k = min(int(round(0.045 * stock)) + int(rng.integers(-2, 3)), len(pool))
            picks.append(rng.choice(pool, size=k, replace=False))
        picks = np.sort(np.concatenate(picks))
        self.medicals = pd.DataFrame(
            {
                "person": s47["person"].to_numpy()[picks],
                "day": np.minimum(s47["day"].to_numpy()[picks] + rng.integers(0, 4, len(picks)), END),
            }
        )

    # -- early help -----------------------------------------------------------------------
    def early_help(self):
        rng = self.rng
        months = np.arange(_mn(2012, 1), _mn(2014, 12) + 1)
        year = (months // 12) + 1970
        n_month = np.where(year == 2012, 24, np.where(year == 2013, 27, 33)) + rng.integers(-5, 6, 36)
        g_day = np.concatenate([_days_in_month(rng, mn, k, 0.02) for mn, k in zip(months, n_month)])
        ng = len(g_day)
        g_person = self.people.add(g_day - _ages(rng, ng, AGE_CONTACT[:16], max_days=16 * 365))
        # step-downs from completed assessments; about half of the children later step back up
        asm = self.asm
        done = asm[(asm["auth"] <= END) & ((asm["type"] == "core") | asm["nfa"])]
        caf = done["auth"].to_numpy() + rng.integers(1, 21, len(done))
        later = self.ref.groupby("person")["day"].max()
        stepped_up = done["person"].map(later).to_numpy() > caf
        ok = caf <= END
        kinds = done["type"].to_numpy()
        take = np.zeros(len(done), bool)
        for kind, per_month in (("initial", 10), ("core", 4)):
            for up in (True, False):
                m = ok & (kinds == kind) & (stepped_up == up)
                p = min(1.0, per_month * 36 / 2 / max(m.sum(), 1))
                take |= m & (rng.random(len(done)) < p)
        sd = done[take]
        day = np.concatenate([g_day, caf[take]])
        person = np.concatenate([g_person, sd["person"].to_numpy()])
        step = np.concatenate([np.full(ng, None, object), sd["type"].to_numpy()])
        n = len(day)
        end = day + rng.integers(60, 300, n)
        end = np.minimum(end, self.people.dob_of(person) + AGE_LIMIT - 1)
        end = np.where(end > END, OPEN, end)
        orgs = [
            "School",
            "Health visitor",
            "School nurse",
            "Children's centre",
            "Family support worker",
            "GP",
            "Youth service",
        ]
        org = np.where(
            np.arange(n) >= ng,
            "Family support worker",
            _choose(rng, orgs, [0.42, 0.24, 0.08, 0.1, 0.06, 0.05, 0.05], n),
        )
        reasons = [
            "Behaviour",
            "Parenting support",
            "Mentoring",
            "Emotional wellbeing",
            "School attendance",
            "Domestic abuse",
            "Housing",
        ]
        eh = pd.DataFrame(
            {
                "day": day,
                "person": person,
                "end": end,
                "step": step,
                "org": org,
                "reason": _choose(rng, reasons, [0.25, 0.25, 0.12, 0.14, 0.12, 0.08, 0.04], n),
            }
        )
        self.eh = eh.sort_values(["day", "person"], kind="stable").reset_index(drop=True)

    # -- visits to children on plans ---------------------------------------------------------
    def cp_visits(self):
        rng = self.rng
        cp = self.cp
        lo = _day("2011-11-01")
        cp = cp[(cp["end"] > lo) & (cp["start"] <= END)]
        stop = np.minimum(cp["end"].to_numpy(), END)
        first = np.maximum(_wd_add(cp["start"].to_numpy(), rng.integers(1, 6, len(cp))), lo)
        span_wd = np.maximum(stop - first, 0) * 5 // 7 + 10
        k = span_wd // 4 + 2
        row = np.repeat(np.arange(len(cp)), k)
        u = rng.random(len(row))
        gap = np.where(
            u < 0.80,
            rng.integers(4, 10, len(row)),
            np.where(u < 0.95, rng.integers(10, 13, len(row)), rng.integers(13, 21, len(row))),
        )
        first_of = np.r_[0, np.cumsum(k)[:-1]]
        gap[first_of] = 0
        cum = np.cumsum(gap) - np.repeat(np.cumsum(gap)[first_of], k)
        day = _wd_add(first[row], cum)
        keep = day <= stop[row]
        day, row = day[keep], row[keep]
        n = len(day)
        late14 = day >= _day("2014-11-01")
        u = rng.random(n)
        seen = np.where(u < np.where(late14, 0.12, 0.03), "N", np.where(u < 0.85, "Y", None))
        v = pd.DataFrame(
            {"person": cp["person"].to_numpy()[row], "plan_no": cp["plan_no"].to_numpy()[row], "day": day, "seen": seen}
        )
        self.cpv = v.sort_values(["day", "person"], kind="stable").reset_index(drop=True)

    # -- episodes, placements, visits and reviews of periods of care --------------------------
    def cla_detail(self):
        rng = self.rng
        cla = self.cla
        n = len(cla)
        c_start = cla["start"].to_numpy()
        c_end = cla["end"].to_numpy()
        stop = np.minimum(c_end, END + 1)
        years = (stop - c_start) / 365.25
        n_moves = rng.poisson(cla["moves_a_year"].to_numpy() * years)
        n_legal = rng.poisson(0.15 * years)
        k = n_moves + n_legal
        row = np.repeat(np.arange(n), k)
        span = np.maximum(stop[row] - c_start[row] - 1, 1)
        day = c_start[row] + 1 + np.floor(rng.random(len(row)) * span).astype(np.int64)
        pos = np.arange(len(row)) - np.repeat(np.r_[0, np.cumsum(k)[:-1]], k)
        kind = np.where(pos < n_moves[row], "move", "legal")
        ch = pd.DataFrame({"row": row, "day": day, "kind": kind})
        ch = ch[ch["day"] < stop[ch["row"].to_numpy()]]
        ch = ch.sort_values(["row", "day"], kind="stable").drop_duplicates(["row", "day"])
        nch = len(ch)
        move_reason = _choose(rng, ["P", "T", "U", "B"], [0.7, 0.1, 0.15, 0.05], nch)
        reason = np.where(ch["kind"].to_numpy() == "move", move_reason, "L")
        ep = (
            pd.concat(
                [
                    pd.DataFrame({"row": np.arange(n), "day": c_start, "rne": "S"}),
                    pd.DataFrame({"row": ch["row"].to_numpy(), "day": ch["day"].to_numpy(), "rne": reason}),
                ]
            )
            .sort_values(["row", "day"], kind="stable")
            .reset_index(drop=True)
        )
        r = ep["row"].to_numpy()
        nxt_same = np.r_[r[1:] == r[:-1], False]
        nxt_day = np.r_[ep["day"].to_numpy()[1:], 0]
        ep["ceased"] = np.where(nxt_same, nxt_day, c_end[r])
        age_end = c_end[r] - self.people.dob_of(cla["person"].to_numpy()[r])
        aged_out = age_end >= AGE_LIMIT - 2
        young = age_end < 5 * 365
        rec = np.where(
            aged_out,
            _choose(rng, ["E8", "E17", "E5", "E6"], [0.35, 0.3, 0.25, 0.1], len(ep)),
            np.where(
                young,
                _choose(rng, ["E11", "E12", "E13", "E4A", "E41"], [0.2, 0.15, 0.2, 0.35, 0.1], len(ep)),
                _choose(rng, ["E4A", "E13", "E41", "E8", "E4B"], [0.5, 0.18, 0.14, 0.13, 0.05], len(ep)),
            ),
        )
        ep["rec"] = np.where(nxt_same, "X1", np.where(ep["ceased"].to_numpy() >= OPEN, None, rec))
        ep["ceased"] = np.where(ep["ceased"] > END, OPEN, ep["ceased"])
        ep["person"] = cla["person"].to_numpy()[r]
        ep["cla_no"] = r
        self.cla_ep = ep
        # placements: a new one at the start and at every change of placement
        pl = ep[ep["rne"] != "L"].copy().reset_index(drop=True)
        pr = pl["row"].to_numpy()
        nxt_same = np.r_[pr[1:] == pr[:-1], False]
        pl["end"] = np.where(nxt_same, np.r_[pl["day"].to_numpy()[1:], 0], c_end[pr])
        pl["end"] = np.where(pl["end"] > END, OPEN, pl["end"])
        age = pl["day"].to_numpy() - self.people.dob_of(pl["person"].to_numpy())
        npl = len(pl)
        t_young = _choose(rng, ["U4", "U1", "U5", "U6", "A5", "A6", "P1"], [0.4, 0.15, 0.1, 0.1, 0.1, 0.1, 0.05], npl)
        t_mid = _choose(
            rng, ["U4", "U1", "U5", "U6", "K2", "P1", "R1"], [0.42, 0.15, 0.12, 0.12, 0.12, 0.05, 0.02], npl
        )
        t_old = _choose(rng, ["H5", "U4", "U1", "K2", "P2", "U6"], [0.35, 0.28, 0.1, 0.15, 0.05, 0.07], npl)
        pl["type"] = np.where(age < 5 * 365, t_young, np.where(age < 16 * 365, t_mid, t_old))
        why = _choose(
            rng,
            ["CARPL", "CHILD", "LAREQ", "PLACE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO"],
            [0.25, 0.12, 0.15, 0.15, 0.03, 0.05, 0.1, 0.08, 0.07],
            npl,
        )
        pl["why"] = np.where(nxt_same, why, None)
        self.cla_pl = pl
        # visits every 3-6 weeks while looked after (from November 2011)
        lo = _day("2011-11-01")
        live = np.flatnonzero(c_end > lo)
        v_first = np.maximum(c_start[live] + rng.integers(3, 11, len(live)), lo)
        v_stop = np.minimum(c_end[live], END)
        kv = np.maximum(v_stop - v_first, 0) // 20 + 2
        vrow = np.repeat(np.arange(len(live)), kv)
        u = rng.random(len(vrow))
        gap = np.where(
            u < 0.86,
            rng.integers(20, 41, len(vrow)),
            np.where(u < 0.97, rng.integers(41, 56, len(vrow)), rng.integers(56, 80, len(vrow))),
        )
        first_of = np.r_[0, np.cumsum(kv)[:-1]]
        gap[first_of] = 0
        cum = np.cumsum(gap) - np.repeat(np.cumsum(gap)[first_of], kv)
        vday = v_first[vrow] + cum
        keep = vday <= v_stop[vrow]
        vday, vrow = vday[keep], vrow[keep]
        u = rng.random(len(vday))
        self.clav = (
            pd.DataFrame(
                {
                    "person": cla["person"].to_numpy()[live][vrow],
                    "day": vday,
                    "seen": np.where(u < 0.02, "N", np.where(u < 0.9, "Y", None)),
                }
            )
            .sort_values(["day", "person"], kind="stable")
            .reset_index(drop=True)
        )
        # reviews: first within 20 working days, second within 3 months, then every 6 months
        due = _wd_add(c_start, 20)
        alive = np.ones(n, bool)
        rows, dues, helds, cancels = [], [], [], []
        k_review = 0
        while alive.any():
            idx = np.flatnonzero(alive)
            d = due[idx]
            ok = (d < c_end[idx]) & (d <= END + 200)
            idx, d = idx[ok], d[ok]
            if not len(idx):
                break
            u = rng.random(len(idx))
            held = np.where(u < 0.05, d + rng.integers(1, 15, len(idx)), d - rng.integers(0, 25, len(idx)))
            held = np.maximum(held, c_start[idx] + 1)
            cancelled = u > 0.97  # a cancelled meeting shortly before the due date, then held late
            nc = int(cancelled.sum())
            meeting = np.minimum(held[cancelled], d[cancelled]) - rng.integers(1, 5, nc)
            held = np.where(cancelled, d + rng.integers(2, 12, len(idx)), held)
            for arr, val in ((rows, idx), (dues, d), (helds, held), (cancels, np.zeros(len(idx), bool))):
                arr.append(val)
            for arr, val in (
                (rows, idx[cancelled]),
                (dues, d[cancelled]),
                (helds, meeting),
                (cancels, np.ones(nc, bool)),
            ):
                arr.append(val)
            nxt = pd.DatetimeIndex(held.astype("datetime64[D]")) + pd.DateOffset(months=3 if k_review == 0 else 6)
            due[idx] = nxt.to_numpy().astype("datetime64[D]").astype(np.int64)
            alive[:] = False
            alive[idx] = True
            k_review += 1
        rv = pd.DataFrame(
            {
                "row": np.concatenate(rows),
                "due": np.concatenate(dues),
                "held": np.concatenate(helds),
                "cancelled": np.concatenate(cancels),
            }
        )
        rv["held"] = np.maximum(rv["held"], c_start[rv["row"].to_numpy()])
        rv = rv[(rv["held"] <= np.minimum(c_end[rv["row"].to_numpy()], END)) & (rv["due"] >= _day("2011-01-01"))]
        self.clar = rv.sort_values(
            ["held", "row", "cancelled"], ascending=[True, True, False], kind="stable"
        ).reset_index(drop=True)

    # -- frames as written -------------------------------------------------------------------
    def frames(self) -> dict[str, pd.DataFrame]:
        P = _pid
        out: dict[str, pd.DataFrame] = {}
        c, m = self.contact, self.missing
        day = np.concatenate([c["day"].to_numpy(), m["day"].to_numpy()])
        person = np.concatenate([c["person"].to_numpy(), m["person"].to_numpy()])
        src = np.concatenate([c["src"].to_numpy(), m["src"].to_numpy()])
        nm = len(m)
        prog = np.concatenate([c["prog"].to_numpy(), np.zeros(nm, bool)])
        nfa = np.concatenate([c["nfa"].to_numpy(), np.zeros(nm, bool)])
        miss = np.concatenate([np.zeros(len(c), bool), np.ones(nm, bool)])
        scr = np.concatenate([c["screened"].to_numpy(), m["day"].to_numpy()])
        order = np.lexsort((miss, day))
        day, person, src, prog, nfa, miss, scr = (a[order] for a in (day, person, src, prog, nfa, miss, scr))
        outcome = (
            '{"NEW_REFERRAL_FLAG": "'
            + _flag(prog)
            + '", "NFA_FLAG": "'
            + _flag(nfa)
            + '", "MISSING_FLAG": "'
            + _flag(miss)
            + '"}'
        )
        out["ssd_contacts"] = pd.DataFrame(
            {
                "cont_contact_id": _ids("CON", len(day), 7),
                "cont_person_id": P(person),
                "cont_contact_date": _dates(day),
                "cont_contact_source_code": pd.Series(src, dtype="str"),
                "cont_contact_source_desc": pd.Series(src, dtype="str").map(SOURCE_DESC).astype("str"),
                "cont_contact_outcome_json": outcome,
                "cont_contact_screened_date": _dates(scr),
            }
        )

        eh = self.eh
        out["ssd_early_help_episodes"] = pd.DataFrame(
            {
                "earl_episode_id": _ids("EH", len(eh)),
                "earl_person_id": P(eh["person"]),
                "earl_episode_start_date": _dates(eh["day"]),
                "earl_episode_end_date": _dates(eh["end"]),
                "earl_episode_reason": _text(eh["reason"]),
                "earl_episode_organisation": _text(eh["org"]),
                "earl_step_down_from": _text(eh["step"]),
            }
        )

        ref = self.ref
        ref_ids = _ids("REF", len(ref))
        out["ssd_cin_episodes"] = pd.DataFrame(
            {
                "cine_referral_id": ref_ids,
                "cine_person_id": P(ref["person"]),
                "cine_referral_date": _dates(ref["day"]),
                "cine_referral_source_code": _text(ref["src"]),
                "cine_referral_nfa": _flag(ref["nfa"]),
                "cine_close_date": _dates(ref["close"]),
                "cine_close_reason": _text(ref["reason"]),
                "cine_referral_team": _text(ref["team"]),
            }
        )

        a = self.asm
        out["ssd_cin_assessments"] = pd.DataFrame(
            {
                "cina_assessment_id": _ids("ASM", len(a)),
                "cina_person_id": P(a["person"]),
                "cina_referral_id": ref_ids.to_numpy()[a["ref_no"].to_numpy()],
                "cina_assessment_start_date": _dates(a["start"]),
                "cina_assessment_auth_date": _dates(a["auth"]),
                "cina_assessment_outcome_nfa": _flag(a["nfa"]),
                "cina_assessment_team": _text(a["team"]),
                "cina_assessment_type": _text(a["type"]),
            }
        ).astype({"cina_referral_id": "str"})

        s = self.strd
        out["ext_strategy_discussions"] = pd.DataFrame(
            {
                "strd_id": _ids("STR", len(s)),
                "strd_person_id": P(s["person"]),
                "strd_start_date": _dates(s["day"]),
                "strd_completed_date": _dates(s["done"]),
                "strd_team": _text(s["team"]),
                "strd_cse_flag": _flag(s["cse"]),
                "strd_s47_flag": _flag(s["s47"]),
            }
        )

        s47 = self.s47
        s47_ids = _ids("S47", len(s47))
        out["ssd_s47_enquiry"] = pd.DataFrame(
            {
                "s47e_s47_enquiry_id": s47_ids,
                "s47e_person_id": P(s47["person"]),
                "s47e_s47_start_date": _dates(s47["day"]),
                "s47e_s47_end_date": _dates(s47["end"]),
                "s47e_s47_nfa": _flag(s47["nfa"]),
                "s47e_s47_completed_by_team": _text(s47["team"]),
            }
        )

        ic = self.icpc
        out["ssd_initial_cp_conference"] = pd.DataFrame(
            {
                "icpc_icpc_id": _ids("ICPC", len(ic)),
                "icpc_person_id": P(ic["person"]),
                "icpc_s47_enquiry_id": s47_ids.to_numpy()[ic["s47_no"].to_numpy()],
                "icpc_icpc_date": _dates(ic["day"]),
                "icpc_icpc_outcome_cp_flag": _flag(ic["plan"]),
                "icpc_icpc_target_date": _dates(ic["target"]),
            }
        ).astype({"icpc_s47_enquiry_id": "str"})

        cp = self.cp
        plan_ids = _ids("CPP", len(cp))
        out["ssd_cp_plans"] = pd.DataFrame(
            {
                "cppl_cp_plan_id": plan_ids,
                "cppl_person_id": P(cp["person"]),
                "cppl_cp_plan_start_date": _dates(cp["start"]),
                "cppl_cp_plan_end_date": _dates(np.where(cp["end"] > END, OPEN, cp["end"])),
                "cppl_cp_plan_initial_category": _text(cp["initial"]),
                "cppl_cp_plan_latest_category": _text(cp["latest"]),
            }
        )

        v = self.cpv
        out["ssd_cp_visits"] = pd.DataFrame(
            {
                "cppv_cp_visit_id": _ids("CPV", len(v), 7),
                "cppv_person_id": P(v["person"]),
                "cppv_cp_plan_id": plan_ids.to_numpy()[v["plan_no"].to_numpy()],
                "cppv_cp_visit_date": _dates(v["day"]),
                "cppv_cp_visit_seen": _text(v["seen"]),
            }
        ).astype({"cppv_cp_plan_id": "str"})

        cla_ids = _ids("LAC", len(self.cla))
        ep = self.cla_ep
        out["ssd_cla_episodes"] = pd.DataFrame(
            {
                "clae_cla_episode_id": _ids("EP", len(ep), 7),
                "clae_person_id": P(ep["person"]),
                "clae_cla_episode_start_date": _dates(ep["day"]),
                "clae_cla_episode_start_reason": _text(ep["rne"]),
                "clae_cla_episode_ceased_date": _dates(ep["ceased"]),
                "clae_cla_episode_ceased_reason": _text(ep["rec"]),
                "clae_cla_id": cla_ids.to_numpy()[ep["cla_no"].to_numpy()],
            }
        ).astype({"clae_cla_id": "str"})

        pl = self.cla_pl
        out["ssd_cla_placement"] = pd.DataFrame(
            {
                "clap_cla_placement_id": _ids("PL", len(pl), 7),
                "clap_person_id": P(pl["person"]),
                "clap_cla_id": cla_ids.to_numpy()[pl["cla_no"].to_numpy()],
                "clap_cla_placement_start_date": _dates(pl["day"]),
                "clap_cla_placement_end_date": _dates(pl["end"]),
                "clap_cla_placement_type": _text(pl["type"]),
                "clap_cla_placement_change_reason": _text(pl["why"]),
            }
        ).astype({"clap_cla_id": "str"})

        cv = self.clav
        vdates = _dates(cv["day"])
        uk = self.rng.random(len(cv)) < 0.1
        vdates = vdates.where(~uk, vdates.str[8:10] + "/" + vdates.str[5:7] + "/" + vdates.str[0:4])
        out["ssd_cla_visits"] = pd.DataFrame(
            {
                "clav_cla_visit_id": _ids("LAV", len(cv), 7),
                "clav_person_id": P(cv["person"]),
                "clav_cla_visit_date": vdates,
                "clav_cla_visit_seen": _text(cv["seen"]),
            }
        )

        rv = self.clar
        out["ssd_cla_reviews"] = pd.DataFrame(
            {
                "clar_cla_review_id": _ids("REV", len(rv)),
                "clar_cla_id": cla_ids.to_numpy()[rv["row"].to_numpy()],
                "clar_cla_review_due_date": _dates(rv["due"]),
                "clar_cla_review_date": _dates(rv["held"]),
                "clar_cla_review_cancelled": _flag(rv["cancelled"]),
            }
        ).astype({"clar_cla_id": "str"})

        md = self.medicals
        out["ext_cp_medicals"] = pd.DataFrame(
            {"cpme_id": _ids("MED", len(md)), "cpme_person_id": P(md["person"]), "cpme_medical_date": _dates(md["day"])}
        )

        out["ext_population"] = pd.DataFrame(
            {"popn_year": [2011, 2012, 2013, 2014, 2015], "popn_age_0_17": [35600, 35800, 36000, 36100, 36300]}
        )
        out["ext_workforce"], out["ext_workforce_budget"] = _workforce(self.rng)

        dob = np.concatenate(self.people.dob)
        sex = np.concatenate(self.people.sex)
        out["ssd_person"] = pd.DataFrame(
            {
                "pers_person_id": P(np.arange(len(dob))),
                "pers_dob": _dates(dob),
                "pers_sex": pd.Series(sex, dtype="str"),
                "pers_expected_dob": pd.Series([np.nan] * len(dob), dtype="str"),
            }
        )
        return {name: out[name][cols].reset_index(drop=True) for name, cols in COLUMNS.items()}


def _pid(values) -> pd.Series:
    return "C" + pd.Series(np.asarray(values, dtype=np.int64) + 1).astype("str").str.zfill(6)


def _ids(prefix: str, n: int, width: int = 6) -> pd.Series:
    return prefix + pd.Series(np.arange(1, n + 1)).astype("str").str.zfill(width)


def _dates(days) -> pd.Series:
    d = np.asarray(days, dtype=np.int64)
    text = np.datetime_as_string(np.where(d >= OPEN, 0, d).astype("datetime64[D]"))
    return pd.Series(np.where(d >= OPEN, None, text), dtype="str")


def _flag(values) -> pd.Series:
    return pd.Series(np.where(np.asarray(values, dtype=bool), "Y", "N"), dtype="str")


def _text(values) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=object), dtype="str")


# ----------------------------------------------------------------------------------------------
# Workforce: the seed's Q3 table (30/09/2014) exactly; earlier snapshots keep the seed's history
# totals for team managers and social workers; 30/06/2014 and 31/12/2014 are close to Q3.

_ROLES = ("service_manager", "team_manager", "social_worker", "other")
# team -> role -> (permanent, interim); a role missing from a team has no row.
SEED_Q3 = {
    "CIN North": {"service_manager": (1, 0), "team_manager": (3, 0), "social_worker": (6.49, 8), "other": (1, 0)},
    "CIN South": {"service_manager": (1, 0), "team_manager": (1, 2), "social_worker": (7.19, 5.31), "other": (2, 0)},
    "MASH": {"service_manager": (0, 1), "team_manager": (2, 0), "social_worker": (3, 7), "other": (4.81, 0)},
    "LAC": {"service_manager": (1, 0), "team_manager": (1, 1), "social_worker": (11.23, 8), "other": (1.99, 0)},
    "16+": {"team_manager": (1, 0), "social_worker": (3, 2), "other": (7, 0)},
    "CWD": {"team_manager": (1, 0), "social_worker": (0, 5), "other": (2.81, 0)},
    "Safeguarding": {"other": (4.81, 4.61)},
    "Quality Assurance": {"other": (1, 2)},
    "Adoption": {
        "service_manager": (1, 0),
        "team_manager": (0.61, 0),
        "social_worker": (5.31, 0),
        "other": (2.26, 0.22),
    },
    "Fostering": {"team_manager": (2, 0), "social_worker": (7.45, 1.81), "other": (1, 0)},
}
# Seed's historical table: (team manager perm, interim, social worker perm, interim).
SEED_HISTORY = {
    "2012-10-31": (13, 4, 50.28, 9),
    "2013-03-31": (11.59, 10.1, 51.93, 18),
    "2013-04-30": (9.59, 9, 53.24, 20),
    "2014-03-31": (11, 6, 48.75, 26.98),
}
# Seed's FTE summary (finance) for 30/09/2014: team -> (employees, interims, new starters, budget).
SEED_BUDGET_Q3 = {
    "CIN North": (11.49, 7.00, 1.00, 20.99),
    "CIN South": (11.19, 7.31, None, 20.59),
    "MASH": (9.81, 5.00, 3.00, 13.81),
    "LAC": (15.22, 9.00, None, 24.59),
    "16+": (11.00, 2.00, None, 13.00),
    "CWD": (3.81, 5.00, None, 5.62),
    "Safeguarding": (4.81, 4.61, None, 8.19),
    "Quality Assurance": (1.00, 2.00, None, 3.00),
    "Adoption": (9.18, 0.22, None, 11.43),
    "Fostering": (10.45, 1.81, 2.00, 12.42),
}


def _split(total: float, weights: np.ndarray) -> np.ndarray:
    """``total`` shared by ``weights``, rounded to 2 dp, the rounding left on the largest share."""
    parts = np.round(total * weights / weights.sum(), 2)
    parts[np.argmax(weights)] += round(total - parts.sum(), 2)
    return np.round(parts, 2)


def _workforce(rng) -> tuple[pd.DataFrame, pd.DataFrame]:
    base = [(t, r, p, i) for t, roles in SEED_Q3.items() for r, (p, i) in roles.items()]
    q3 = pd.DataFrame(base, columns=["wkf_team", "wkf_role", "wkf_permanent_fte", "wkf_interim_fte"])
    frames = []
    for as_at, (tm_p, tm_i, sw_p, sw_i) in SEED_HISTORY.items():
        f = q3.copy()
        for role, (p, i) in (("team_manager", (tm_p, tm_i)), ("social_worker", (sw_p, sw_i))):
            m = (f["wkf_role"] == role).to_numpy()
            w = (f.loc[m, "wkf_permanent_fte"] + f.loc[m, "wkf_interim_fte"]).to_numpy() + 0.5
            f.loc[m, "wkf_permanent_fte"] = _split(p, w)
            f.loc[m, "wkf_interim_fte"] = _split(i, w)
        m = f["wkf_role"].isin(["service_manager", "other"]).to_numpy()
        f.loc[m, "wkf_permanent_fte"] = np.round(f.loc[m, "wkf_permanent_fte"] * rng.uniform(0.85, 1.05, m.sum()), 2)
        frames.append(f.assign(wkf_as_at=as_at))
    for as_at in ("2014-06-30", "2014-09-30", "2014-12-31"):
        f = q3.copy()
        if as_at != "2014-09-30":
            n = len(f)
            f["wkf_permanent_fte"] = np.round(f["wkf_permanent_fte"] * rng.uniform(0.9, 1.08, n), 2)
            f["wkf_interim_fte"] = np.round(f["wkf_interim_fte"] * rng.uniform(0.8, 1.1, n), 2)
        frames.append(f.assign(wkf_as_at=as_at))
    wf = pd.concat(frames, ignore_index=True)
    wf = wf[["wkf_as_at", "wkf_team", "wkf_role", "wkf_permanent_fte", "wkf_interim_fte"]].astype(
        {
            "wkf_as_at": "str",
            "wkf_team": "str",
            "wkf_role": "str",
            "wkf_permanent_fte": "float64",
            "wkf_interim_fte": "float64",
        }
    )
    q3b = pd.DataFrame(
        [(t, b, ns, p, i) for t, (p, i, ns, b) in SEED_BUDGET_Q3.items()],
        columns=["wkb_team", "wkb_budget_fte", "wkb_new_starters_fte", "wkb_permanent_fte", "wkb_interim_fte"],
    ).assign(wkb_as_at="2014-09-30")
    dec = (
        wf[wf["wkf_as_at"] == "2014-12-31"]
        .groupby("wkf_team", sort=False)[["wkf_permanent_fte", "wkf_interim_fte"]]
        .sum()
        .round(2)
    )
    decb = q3b.copy().assign(wkb_as_at="2014-12-31")
    decb["wkb_permanent_fte"] = decb["wkb_team"].map(dec["wkf_permanent_fte"])
    decb["wkb_interim_fte"] = decb["wkb_team"].map(dec["wkf_interim_fte"])
    decb["wkb_new_starters_fte"] = decb["wkb_team"].map({"CIN South": 1.0, "LAC": 2.0, "MASH": 1.0})
    decb.loc[decb["wkb_team"] == "MASH", "wkb_budget_fte"] = 15.81
    budget = pd.concat([q3b, decb], ignore_index=True)[COLUMNS["ext_workforce_budget"]]
    budget = budget.astype(
        {
            "wkb_as_at": "str",
            "wkb_team": "str",
            "wkb_budget_fte": "float64",
            "wkb_new_starters_fte": "float64",
            "wkb_permanent_fte": "float64",
            "wkb_interim_fte": "float64",
        }
    )
    return wf, budget


# ----------------------------------------------------------------------------------------------


def generate(seed: int = 2014) -> dict[str, pd.DataFrame]:
    """Every contract table for Demoshire: table name -> frame as it would be written."""
    demo = _Demo(seed)
    demo.cp_plans()
    demo.cla_periods()
    demo.cp_chains()
    demo.contacts()
    demo.referrals_and_assessments()
    demo.strategy()
    demo.early_help()
    demo.cp_visits()
    demo.cla_detail()
    return _recording_slips(demo.frames(), np.random.default_rng(seed + 1))


#: Columns that are head counts or staff numbers: multiplied by the scale, so rates per 10,000
#: children and caseloads per worker stay what they are at 1x.
SCALED_NUMBERS = (
    "popn_age_0_17",
    "wkf_permanent_fte",
    "wkf_interim_fte",
    "wkb_budget_fte",
    "wkb_new_starters_fte",
    "wkb_permanent_fte",
    "wkb_interim_fte",
)


def scale_frames(frames: dict[str, pd.DataFrame], scale: int) -> dict[str, pd.DataFrame]:
    """A council ``scale`` times the size: ``scale`` copies of every record table.

    Copy 1 is the frames as given; copy ``k`` (2, 3, ...) prefixes every identifier (the
    contract's ``id`` columns, links included) with ``K<k>-``, so ids are unique per copy and every
    link stays inside its copy. Tables without identifiers (population, workforce) are not
    copied: their head counts and FTEs (:data:`SCALED_NUMBERS`) are multiplied by ``scale``, so
    every rate and caseload is the demo's and every count is ``scale`` times the demo's.
    """
    if int(scale) != scale or scale < 1:
        raise ValueError(f"demo scale {scale!r} must be a whole number of 1 or more")
    scale = int(scale)
    if scale == 1:
        return frames
    out = {}
    for name, frame in frames.items():
        ids = [c for c in TABLES[name].of_kind("id") if c in frame]
        if not ids:
            frame = frame.copy()
            for col in SCALED_NUMBERS:
                if col in frame:
                    frame[col] = (frame[col] * scale).round(2)
            out[name] = frame
            continue
        copies = [frame]
        for k in range(2, scale + 1):
            copy = frame.copy()
            for col in ids:
                copy[col] = f"K{k}-" + copy[col]
            copies.append(copy)
        out[name] = pd.concat(copies, ignore_index=True)
    return out


def _recording_slips(frames: dict[str, pd.DataFrame], rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    """A few visits keyed twice, as happens in a live system, so the Data quality section has
    something to count: the reader removes exact duplicates (keeping one), so no figure changes."""
    for name, copies in (("ssd_cp_visits", 2), ("ssd_cla_visits", 3)):
        frame = frames[name]
        again = frame.iloc[np.sort(rng.choice(len(frame), copies, replace=False))]
        frames[name] = pd.concat([frame, again], ignore_index=True)
    return frames


def _stamp(seed: int, scale: int = 1) -> str:
    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    times = f" scale {scale}" if scale != 1 else ""
    return f"boardpack demo {VERSION} seed {seed}{times} source {source}\n"


def scaled_folder(scale: int) -> Path:
    """Where ``boardpack demo --scale N`` writes by default: the demo folder, or ``data/demo-<N>x``."""
    return paths.DEMO_DATA_DIR if scale == 1 else paths.DEMO_DATA_DIR.with_name(f"demo-{scale}x")


def write_demo(folder=paths.DEMO_DATA_DIR, seed: int = 2014, scale: int = 1) -> Path:
    """Write one CSV per table (and a version stamp) to ``folder``; returns the folder.

    ``scale``: a council that many times the demo's size (:func:`scale_frames`). The tables are
    written to a sibling staging folder first and moved into place, so a reader never sees a
    half-written demo.
    """
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = folder.parent / f".{folder.name}.tmp-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    for name, frame in scale_frames(generate(seed), scale).items():
        frame.to_csv(staging / f"{name}.csv", index=False)
    (staging / STAMP_FILE).write_text(_stamp(seed, scale))
    old = folder.parent / f".{folder.name}.old-{os.getpid()}"
    if folder.exists():
        folder.rename(old)
    staging.rename(folder)
    if old.exists():
        shutil.rmtree(old)
    return folder


def ensure_demo(folder=paths.DEMO_DATA_DIR, scale: int = 1) -> Path:
    """The demo folder, (re)written when missing, incomplete or stamped by another version or scale."""
    folder = Path(folder)
    stamp = folder / STAMP_FILE
    current = (
        folder.is_dir()
        and stamp.is_file()
        and stamp.read_text() == _stamp(2014, scale)
        and all((folder / f"{name}.csv").is_file() for name in COLUMNS)
    )
    return folder if current else write_demo(folder, scale=scale)
