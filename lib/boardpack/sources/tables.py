"""The input data contract (``shared/spec/data-contract.md``) as code.

Each table lists its columns with a *kind*, which columns are required (``*`` in the contract),
its primary key, its foreign keys and its start/end date pairs. The reader
(:mod:`boardpack.sources.reader`) parses every column by its kind; :mod:`boardpack.sources.quality` uses the keys
and date pairs for record-level checks; :func:`schema` gives a pandera schema of the parsed frame.

Kinds and their parsed pandas types:

=========  ==========================================================================
``id``     identifier, pandas ``str`` (never a number: ``007`` is not ``7``)
``date``   ``datetime64[ns]`` at midnight, ``NaT`` for blank
``flag``   nullable ``boolean`` (``pd.NA`` for blank)
``code``   ``str`` (a code from a code set, stripped; some are normalised, see the reader)
``text``   ``str``
``number`` ``float64``
``json``   ``str`` (the SSD's JSON object of flags)
=========  ==========================================================================

Readings of the contract made here (the contract does not say):

* primary keys: the ``*_id`` column that names the row; ``ext_population`` is keyed by
  ``popn_year``; ``ext_workforce`` by snapshot, team and role ("one row per snapshot, team and
  role"); ``ext_workforce_budget`` by snapshot and team. Visits' ids are optional: duplicates are
  looked for among the rows that have one.
* foreign keys: every ``*_person_id`` refers to ``ssd_person.pers_person_id``; besides those the
  contract's links (``cina_referral_id``, ``icpc_s47_enquiry_id``, ``cppv_cp_plan_id``,
  ``clar_cla_id``) and ``clap_cla_id`` -> ``ssd_cla_episodes.clae_cla_id`` (period of care).
* future dates: target and due dates (``icpc_icpc_target_date``, ``clar_cla_review_due_date``)
  and ``pers_expected_dob`` may lie after the reporting month, so they are not flagged.

Long because it is the data contract as data: one block per table, every column with its kind.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa

from boardpack.sources.labels import CP_CATEGORY_WORDS  # noqa: F401  (the reader reads it from here)

KINDS = ("id", "date", "flag", "code", "text", "number", "json")

#: CP plan categories (CIN census category of abuse); the forms accepted for them are in labels.py.
CP_CATEGORIES = ("NEG", "PHY", "EMO", "SAB", "MUL")
ASSESSMENT_TYPES = ("initial", "core", "single")
WORKFORCE_ROLES = ("service_manager", "team_manager", "social_worker", "other")


@dataclass(frozen=True)
class Column:
    """One contract column. ``future_ok``: a date that may rightly lie after the reporting month."""

    name: str
    kind: str
    required: bool = False
    future_ok: bool = False


@dataclass(frozen=True)
class ForeignKey:
    """``column`` of this table refers to ``parent_column`` of table ``parent``."""

    column: str
    parent: str
    parent_column: str


@dataclass(frozen=True)
class Table:
    """One contract table."""

    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    date_pairs: tuple[tuple[str, str], ...] = ()
    event_date: str | None = None  # the date a person's date of birth must not follow
    about: str = ""  # what the board loses without it (for the "no file" note)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def kind(self, column: str) -> str:
        return self.column(column).kind

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def of_kind(self, kind: str) -> list[str]:
        return [c.name for c in self.columns if c.kind == kind]

    @property
    def person_column(self) -> str | None:
        for fk in self.foreign_keys:
            if fk.parent == "ssd_person":
                return fk.column
        return None


def _c(spec: str, kind: str, future_ok: bool = False) -> Column:
    """``"name*"`` = required column."""
    return Column(spec.rstrip("*"), kind, spec.endswith("*"), future_ok)


def _person(column: str) -> ForeignKey:
    return ForeignKey(column, "ssd_person", "pers_person_id")


_TABLES = [
    Table(
        "ssd_person",
        (
            _c("pers_person_id*", "id"),
            _c("pers_dob", "date"),
            _c("pers_sex", "code"),
            _c("pers_expected_dob", "date", future_ok=True),
        ),
        ("pers_person_id",),
        about="children's ages are not known",
    ),
    Table(
        "ssd_contacts",
        (
            _c("cont_contact_id*", "id"),
            _c("cont_person_id*", "id"),
            _c("cont_contact_date*", "date"),
            _c("cont_contact_source_code", "code"),
            _c("cont_contact_source_desc", "text"),
            _c("cont_contact_outcome_json", "json"),
            _c("cont_contact_screened_date", "date"),
        ),
        ("cont_contact_id",),
        (_person("cont_person_id"),),
        (("cont_contact_date", "cont_contact_screened_date"),),
        "cont_contact_date",
        about="contacts not reported",
    ),
    Table(
        "ssd_early_help_episodes",
        (
            _c("earl_episode_id*", "id"),
            _c("earl_person_id*", "id"),
            _c("earl_episode_start_date*", "date"),
            _c("earl_episode_end_date", "date"),
            _c("earl_episode_reason", "text"),
            _c("earl_episode_organisation", "text"),
            _c("earl_step_down_from", "code"),
        ),
        ("earl_episode_id",),
        (_person("earl_person_id"),),
        (("earl_episode_start_date", "earl_episode_end_date"),),
        "earl_episode_start_date",
        about="early help not reported",
    ),
    Table(
        "ssd_cin_episodes",
        (
            _c("cine_referral_id*", "id"),
            _c("cine_person_id*", "id"),
            _c("cine_referral_date*", "date"),
            _c("cine_referral_source_code", "code"),
            _c("cine_referral_nfa", "flag"),
            _c("cine_close_date", "date"),
            _c("cine_close_reason", "code"),
            _c("cine_referral_team", "text"),
        ),
        ("cine_referral_id",),
        (_person("cine_person_id"),),
        (("cine_referral_date", "cine_close_date"),),
        "cine_referral_date",
        about="referrals not reported",
    ),
    Table(
        "ssd_cin_assessments",
        (
            _c("cina_assessment_id*", "id"),
            _c("cina_person_id*", "id"),
            _c("cina_referral_id", "id"),
            _c("cina_assessment_start_date*", "date"),
            _c("cina_assessment_auth_date", "date"),
            _c("cina_assessment_outcome_nfa", "flag"),
            _c("cina_assessment_team", "text"),
            _c("cina_assessment_type", "code"),
        ),
        ("cina_assessment_id",),
        (_person("cina_person_id"), ForeignKey("cina_referral_id", "ssd_cin_episodes", "cine_referral_id")),
        (("cina_assessment_start_date", "cina_assessment_auth_date"),),
        "cina_assessment_start_date",
        about="assessments not reported",
    ),
    Table(
        "ext_strategy_discussions",
        (
            _c("strd_id*", "id"),
            _c("strd_person_id*", "id"),
            _c("strd_start_date*", "date"),
            _c("strd_completed_date", "date"),
            _c("strd_team", "text"),
            _c("strd_cse_flag", "flag"),
            _c("strd_s47_flag", "flag"),
        ),
        ("strd_id",),
        (_person("strd_person_id"),),
        (("strd_start_date", "strd_completed_date"),),
        "strd_start_date",
        about="strategy discussions not reported",
    ),
    Table(
        "ssd_s47_enquiry",
        (
            _c("s47e_s47_enquiry_id*", "id"),
            _c("s47e_person_id*", "id"),
            _c("s47e_s47_start_date*", "date"),
            _c("s47e_s47_end_date", "date"),
            _c("s47e_s47_nfa", "flag"),
            _c("s47e_s47_completed_by_team", "text"),
        ),
        ("s47e_s47_enquiry_id",),
        (_person("s47e_person_id"),),
        (("s47e_s47_start_date", "s47e_s47_end_date"),),
        "s47e_s47_start_date",
        about="section 47 enquiries not reported",
    ),
    Table(
        "ssd_initial_cp_conference",
        (
            _c("icpc_icpc_id*", "id"),
            _c("icpc_person_id*", "id"),
            _c("icpc_s47_enquiry_id", "id"),
            _c("icpc_icpc_date*", "date"),
            _c("icpc_icpc_outcome_cp_flag", "flag"),
            _c("icpc_icpc_target_date", "date", future_ok=True),
        ),
        ("icpc_icpc_id",),
        (_person("icpc_person_id"), ForeignKey("icpc_s47_enquiry_id", "ssd_s47_enquiry", "s47e_s47_enquiry_id")),
        (),
        "icpc_icpc_date",
        about="initial child protection conferences not reported",
    ),
    Table(
        "ssd_cp_plans",
        (
            _c("cppl_cp_plan_id*", "id"),
            _c("cppl_person_id*", "id"),
            _c("cppl_cp_plan_start_date*", "date"),
            _c("cppl_cp_plan_end_date", "date"),
            _c("cppl_cp_plan_initial_category", "code"),
            _c("cppl_cp_plan_latest_category", "code"),
        ),
        ("cppl_cp_plan_id",),
        (_person("cppl_person_id"),),
        (("cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),),
        "cppl_cp_plan_start_date",
        about="child protection plans not reported",
    ),
    Table(
        "ssd_cp_visits",
        (
            _c("cppv_cp_visit_id", "id"),
            _c("cppv_person_id*", "id"),
            _c("cppv_cp_plan_id", "id"),
            _c("cppv_cp_visit_date*", "date"),
            _c("cppv_cp_visit_seen", "flag"),
        ),
        ("cppv_cp_visit_id",),
        (_person("cppv_person_id"), ForeignKey("cppv_cp_plan_id", "ssd_cp_plans", "cppl_cp_plan_id")),
        (),
        "cppv_cp_visit_date",
        about="child protection visits not reported",
    ),
    Table(
        "ssd_cla_episodes",
        (
            _c("clae_cla_episode_id*", "id"),
            _c("clae_person_id*", "id"),
            _c("clae_cla_episode_start_date*", "date"),
            _c("clae_cla_episode_start_reason", "code"),
            _c("clae_cla_episode_ceased_date", "date"),
            _c("clae_cla_episode_ceased_reason", "code"),
            _c("clae_cla_id", "id"),
        ),
        ("clae_cla_episode_id",),
        (_person("clae_person_id"),),
        (("clae_cla_episode_start_date", "clae_cla_episode_ceased_date"),),
        "clae_cla_episode_start_date",
        about="looked-after children not reported",
    ),
    Table(
        "ssd_cla_placement",
        (
            _c("clap_cla_placement_id*", "id"),
            _c("clap_person_id*", "id"),
            _c("clap_cla_id", "id"),
            _c("clap_cla_placement_start_date*", "date"),
            _c("clap_cla_placement_end_date", "date"),
            _c("clap_cla_placement_type", "code"),
            _c("clap_cla_placement_change_reason", "code"),
        ),
        ("clap_cla_placement_id",),
        (_person("clap_person_id"), ForeignKey("clap_cla_id", "ssd_cla_episodes", "clae_cla_id")),
        (("clap_cla_placement_start_date", "clap_cla_placement_end_date"),),
        "clap_cla_placement_start_date",
        about="placements not reported",
    ),
    Table(
        "ssd_cla_visits",
        (
            _c("clav_cla_visit_id", "id"),
            _c("clav_person_id*", "id"),
            _c("clav_cla_visit_date*", "date"),
            _c("clav_cla_visit_seen", "flag"),
        ),
        ("clav_cla_visit_id",),
        (_person("clav_person_id"),),
        (),
        "clav_cla_visit_date",
        about="looked-after children's visits not reported",
    ),
    Table(
        "ssd_cla_reviews",
        (
            _c("clar_cla_review_id*", "id"),
            _c("clar_cla_id*", "id"),
            _c("clar_cla_review_due_date", "date", future_ok=True),
            _c("clar_cla_review_date", "date"),
            _c("clar_cla_review_cancelled", "flag"),
        ),
        ("clar_cla_review_id",),
        (ForeignKey("clar_cla_id", "ssd_cla_episodes", "clae_cla_id"),),
        about="looked-after children's reviews not reported",
    ),
    Table(
        "ext_cp_medicals",
        (
            _c("cpme_id*", "id"),
            _c("cpme_person_id*", "id"),
            _c("cpme_medical_date*", "date"),
        ),
        ("cpme_id",),
        (_person("cpme_person_id"),),
        (),
        "cpme_medical_date",
        about="child protection medicals not reported",
    ),
    Table(
        "ext_population",
        (
            _c("popn_year*", "number"),
            _c("popn_age_0_17*", "number"),
        ),
        ("popn_year",),
        about="rates per 10,000 are blank",
    ),
    Table(
        "ext_workforce",
        (
            _c("wkf_as_at*", "date"),
            _c("wkf_team*", "text"),
            _c("wkf_role*", "code"),
            _c("wkf_permanent_fte*", "number"),
            _c("wkf_interim_fte*", "number"),
        ),
        ("wkf_as_at", "wkf_team", "wkf_role"),
        about="workforce not reported",
    ),
    Table(
        "ext_workforce_budget",
        (
            _c("wkb_as_at*", "date"),
            _c("wkb_team*", "text"),
            _c("wkb_budget_fte*", "number"),
            _c("wkb_new_starters_fte", "number"),
            # optional: the finance FTE summary's own staff figures (compared with ext_workforce's
            # in the data-quality section by workforce.workforce_disagreements; never used for figures)
            _c("wkb_permanent_fte", "number"),
            _c("wkb_interim_fte", "number"),
        ),
        ("wkb_as_at", "wkb_team"),
        about="FTE against budget and over/under headcount not reported",
    ),
]

#: The contract's tables by name, in the contract's order.
TABLES: dict[str, Table] = {t.name: t for t in _TABLES}

#: Implausible values (an extreme outlier, kept and flagged): column -> (lowest, highest) plausible.
PLAUSIBLE = {
    "wkf_permanent_fte": (0.0, 1000.0),
    "wkf_interim_fte": (0.0, 1000.0),
    "wkb_budget_fte": (0.0, 1000.0),
    "wkb_new_starters_fte": (0.0, 1000.0),
    "popn_age_0_17": (1000.0, 5_000_000.0),
}

_STR = pd.StringDtype(na_value=np.nan)
_DTYPES = {
    "id": _STR,
    "code": _STR,
    "text": _STR,
    "json": _STR,
    "date": "datetime64[ns]",
    "flag": "boolean",
    "number": "float64",
}


def parsed_dtype(kind: str):
    """The pandas dtype the reader gives a column of this kind."""
    return _DTYPES[kind]


def schema(name: str) -> pa.DataFrameSchema:
    """pandera schema of a parsed table: dtypes by kind, required columns present.

    Blank values are allowed in every column (a blank required value is a record-level finding,
    not a reason to stop); CP categories must be one of the codes, assessment types one of
    ``initial core single``.

    >>> schema("ssd_contacts").columns["cont_contact_date"].dtype
    DataType(datetime64[ns])
    """
    table = TABLES[name]
    columns = {}
    for col in table.columns:
        checks = []
        if col.name in ("cppl_cp_plan_initial_category", "cppl_cp_plan_latest_category"):
            checks.append(pa.Check.isin(CP_CATEGORIES))
        if col.name == "cina_assessment_type":
            checks.append(pa.Check.isin(ASSESSMENT_TYPES))
        columns[col.name] = pa.Column(_DTYPES[col.kind], checks=checks, nullable=True, required=col.required)
    if name == "ssd_contacts":
        columns["cont_new_referral"] = pa.Column(bool)
        columns["cont_missing"] = pa.Column(bool)
    return pa.DataFrameSchema(columns, strict=False, name=name)
