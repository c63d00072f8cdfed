"""Run parameters: ``params/defaults.yaml`` with a council's YAML laid over it, key by key, and
checked at the door against one schema (pydantic, unknown keys forbidden).

A misspelt key (``la_nmae``), a value of the wrong kind (``value: "100%"``), a target or
direction for an id that is not in the catalogue, or an event that is not a date stops the run
at once with ONE line naming the file, the key and the reason (``ParamsError``; exit 2 at the
command line), instead of failing later inside a notebook.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, ValidationError

from boardpack.paths import DEFAULT_PARAMS, DEMO_PARAMS


class ParamsError(ValueError):
    """A parameters file that cannot be read or does not pass the schema."""


# Mappings that a council's file replaces whole: its own source codes must not mix with ours.
REPLACED_WHOLE = {"contact_source_groups"}

# The catalogue's indicator ids (shared/spec/indicators.md); targets, ``better`` and ``dp`` name these.
CATALOGUE_IDS: tuple[str, ...] = (
    "eh_started",
    "eh_step_downs",
    "eh_step_up_pct",
    "contacts",
    "missing_notifications",
    "contacts_source_pct",
    "contacts_to_referral",
    "contacts_to_referral_pct",
    "contacts_screened_same_day_pct",
    "contacts_change_prev_month_pct",
    "contacts_change_from_peak_pct",
    "referrals",
    "referrals_change_prev_month_pct",
    "rereferrals",
    "rereferrals_pct",
    "referrals_nfa_pct",
    "referrals_to_assessment_pct",
    "assessments_completed",
    "assessments_nfa_pct",
    "assessments_in_timescale_pct",
    "assessments_duration_band",
    "assessments_rate_per_10k_12m",
    "strategy_started",
    "strategy_completed",
    "strategy_cse",
    "strategy_to_s47_pct",
    "s47_started",
    "s47_rate_per_10k_ytd",
    "icpc_children",
    "icpc_to_plan",
    "icpc_to_plan_pct",
    "icpc_within_15wd_pct",
    "cp_plans_open",
    "cp_rate_per_10k",
    "cp_plans_started",
    "cp_plans_ended",
    "cp_repeat_open",
    "cp_repeat_open_pct",
    "cp_repeat_starts_pct_12m",
    "cp_open_2yrs_pct",
    "cp_visits_in_timescale_pct",
    "cp_and_looked_after",
    "cp_medicals",
    "cla_open",
    "cla_rate_per_10k",
    "cla_started",
    "cla_ceased",
    "cla_change_12m_pct",
    "cla_3plus_placements_pct",
    "cla_long_term_stability_pct",
    "cla_visits_in_timescale_pct",
    "cla_reviews_held",
    "cla_reviews_in_timescale_pct",
    "wf_permanent_fte",
    "wf_interim_fte",
    "wf_interim_pct",
    "wf_over_under_fte",
)

Number = StrictInt | StrictFloat
Better = Literal["higher", "lower"]
Code = StrictInt | str


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Target(_Strict):
    value: Number
    better: Better = "higher"
    breakdown: str = ""


class Timescales(_Strict):
    initial: StrictInt = Field(ge=0)
    core: StrictInt = Field(ge=0)
    single: StrictInt = Field(ge=0)


class Bands(_Strict):
    initial: list[StrictInt]
    core: list[StrictInt]
    single: list[StrictInt]


class Benchmarks(_Strict):
    enabled: StrictBool = True
    min_neighbours: StrictInt = Field(5, ge=1, le=10)
    within_range_pct: Number = Field(5, ge=0)


class Spc(_Strict):
    min_points: StrictInt = Field(12, ge=2)
    shift_points: StrictInt = Field(7, ge=2)
    trend_points: StrictInt = Field(6, ge=2)
    two_of_three: StrictBool = True


class Event(_Strict):
    """A change of process (``events:``): drawn on charts; SPC limits are recalculated after it."""

    date: dt.date
    label: str = Field(min_length=1)
    indicators: list[str] | None = None  # the catalogue ids it concerns; blank = every indicator


class Params(_Strict):
    la_name: str = Field(min_length=1)
    la_code: str = ""
    benchmark_as: str = ""
    system_name: str = ""
    contact_source_groups: dict[str, list[Code] | Code | None]
    health_source_groups: list[str] | str = ["Health"]
    small_source_contacts: StrictInt = Field(10, ge=0)
    assessment_timescales: Timescales
    assessment_bands: Bands
    icpc_timescale_wd: StrictInt = Field(ge=0)
    cp_visit_interval_wd: StrictInt = Field(ge=0)
    cla_visit_interval_days: StrictInt = Field(ge=0)
    targets: dict[str, Target] | None = None
    better: dict[str, Better] | None = None
    dp: dict[str, StrictInt] | None = None
    direction_compare: Literal["last_year", "last_month"] = "last_year"
    benchmarks: Benchmarks = Benchmarks()
    spc: Spc = Spc()
    events: list[Event] | None = None
    # the public edition: counts of 1 to this many children or records are shown as ``c``
    suppression_threshold: StrictInt = Field(5, ge=1)


def merge(base: dict, overlay: dict) -> dict:
    """Lay ``overlay`` over ``base`` key by key; nested mappings merge, other values replace.

    >>> merge({"a": 1, "t": {"x": 1, "y": 2}}, {"t": {"y": 3}, "b": 2})
    {'a': 1, 't': {'x': 1, 'y': 3}, 'b': 2}
    >>> merge({"contact_source_groups": {"Police": ["6"]}}, {"contact_source_groups": {"Pol": ["P"]}})
    {'contact_source_groups': {'Pol': ['P']}}
    """
    result = copy.deepcopy(base)
    for key, value in (overlay or {}).items():
        if isinstance(value, dict) and isinstance(result.get(key), dict) and key not in REPLACED_WHOLE:
            result[key] = merge(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def _read_yaml(path: Path) -> dict:
    try:
        content = yaml.safe_load(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError as error:
        raise ParamsError(f"{path}: parameters file not found") from error
    except (yaml.YAMLError, ValueError) as error:  # ValueError: a date such as 2014-13-05
        raise ParamsError(f"{path}: not valid YAML ({' '.join(str(error).split())})") from error
    if content is None:
        return {}
    if not isinstance(content, dict):
        raise ParamsError(f"{path}: parameters must be a mapping of keys to values")
    return content


def _known_keys(loc: tuple) -> list[str]:
    """The keys allowed beside the unknown key at ``loc`` (for "did you mean")."""
    model: type[BaseModel] | None = Params
    for part in loc[:-1]:
        field = model.model_fields.get(str(part)) if model else None
        annotation = getattr(field, "annotation", None)
        model = annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
        if model is None:
            return []
    return list(model.model_fields)


def _reason(error: dict) -> str:
    loc = error["loc"]
    value = error.get("input")
    if error["type"] == "extra_forbidden":
        close = difflib.get_close_matches(str(loc[-1]), _known_keys(loc), n=1)
        return "unknown key" + (f" (did you mean {close[0]}?)" if close else "")
    if error["type"] == "missing":
        return "missing"
    if error["type"] == "int_from_float" or (error["type"] == "int_type" and isinstance(value, float)):
        return f"should be a whole number, got {value!r}"
    if error["type"] in ("int_type", "float_type", "int_parsing", "float_parsing"):
        return f"should be a number (no % sign or quotes), got {value!r}"
    message = error["msg"][0].lower() + error["msg"][1:]
    return f"{message}, got {value!r}"


def _path(loc: tuple) -> str:
    # pydantic adds the member type tried in a union (e.g. "list[...]"); the reader wants the key only
    parts = [str(p) for p in loc if not (isinstance(p, str) and ("[" in p or p in {"int", "str", "float"}))]
    return ".".join(parts)


def check(params: dict, source: str | Path = DEFAULT_PARAMS) -> dict:
    """Check merged parameters against the schema and the catalogue; raise ``ParamsError`` with one
    line ``<file>: <key>: <reason>`` for the first problem. Returns ``params`` unchanged.

    >>> check({"la_nmae": "X"}, "council.yaml")
    Traceback (most recent call last):
    ...
    boardpack.params.ParamsError: council.yaml: la_nmae: unknown key (did you mean la_name?)
    """
    try:
        Params.model_validate(params)
    except ValidationError as error:
        errors = error.errors()
        # a misspelt key first: it usually explains the "missing" one beside it
        first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
        raise ParamsError(f"{source}: {_path(first['loc'])}: {_reason(first)}") from None
    for key in ("targets", "better", "dp"):
        for indicator_id in params.get(key) or {}:
            if indicator_id not in CATALOGUE_IDS:
                close = difflib.get_close_matches(str(indicator_id), CATALOGUE_IDS, n=1)
                hint = f" (did you mean {close[0]}?)" if close else ""
                raise ParamsError(f"{source}: {key}.{indicator_id}: not an indicator id of the catalogue{hint}")
    for number, event in enumerate(params.get("events") or []):
        for indicator_id in event.get("indicators") or []:
            if indicator_id not in CATALOGUE_IDS:
                raise ParamsError(
                    f"{source}: events.{number}.indicators: {indicator_id!r} is not an indicator id of the catalogue"
                )
    seen: dict[str, str] = {}
    for group, codes in (params.get("contact_source_groups") or {}).items():
        for code in [codes] if isinstance(codes, (str, int)) else codes or []:
            key = str(code).strip().upper()
            if key in seen and seen[key] != group:
                raise ParamsError(
                    f"{source}: contact_source_groups.{group}: code {code!r} is already in group {seen[key]!r}"
                )
            seen[key] = group
    return params


def load_params(params_file: str | Path | None = None, demo: bool = False) -> dict:
    """The shipped defaults, with ``params_file`` (if any) laid over them, checked (:func:`check`).

    ``demo``: the data are the bundled demo council, so ``params/demo.yaml`` (the council whose
    benchmarks it borrows, its process changes) is laid over the defaults first; it never reaches
    another council's pack. A council that maps its own source codes replaces the whole
    ``contact_source_groups`` map.
    """
    params = _read_yaml(DEFAULT_PARAMS)
    source: str | Path = DEFAULT_PARAMS
    if demo and DEMO_PARAMS.exists():
        params = merge(params, _read_yaml(DEMO_PARAMS))
        source = DEMO_PARAMS
    if params_file:
        params = merge(params, _read_yaml(Path(params_file)))
        source = params_file
    return check(params, source)


def decimals(params: dict | None, indicator_id: str) -> int:
    """Decimal places of one indicator wherever it is shown, tables and sentences alike (params
    ``dp``); without an entry: 2 for percentages, rates per 10,000 and FTE (as the seed report
    writes them: 43.64%, 43.21 per 10,000), 0 for counts.

    >>> decimals({"dp": {"cp_rate_per_10k": 1}}, "cp_rate_per_10k"), decimals({}, "contacts_to_referral_pct")
    (1, 2)
    >>> decimals(None, "contacts"), decimals({}, "wf_interim_fte")
    (0, 2)
    """
    given = ((params or {}).get("dp") or {}).get(indicator_id)
    if given is not None:
        return int(given)
    return 2 if any(part in indicator_id for part in ("_pct", "per_10k", "_fte")) else 0
