"""``boardpack convert cin FILE... --out DIR``: CIN census XML -> contract tables.

Each file is read once, streaming (``iterparse``, lxml's implementation of the ElementTree API):
as each ``<Header>`` and ``<Child>`` ends it is validated against the collection year's structure
(:mod:`~boardpack.sources.cin_census.spec`, lxml's XML Schema in C; every finding a ``schema`` line
of the report: line, element path, message), its records are read, and it is cleared, so a large
census is never held whole. A file that is not well-formed XML stops with its name and line.

The census carries no referral, assessment, enquiry, conference or plan ids: synthetic keys are
made from the child and the date (``LAchildID|CINreferralDate``, ``LAchildID|AssessmentActualStartDate``,
``LAchildID|S47ActualStartDate``, ``LAchildID|DateOfInitialCPC``, ``LAchildID|CPPstartDate``),
never from position in the file. Child ids are stripped (``123.0`` -> ``123``). Booleans arrive as
``0/1`` or ``true/false``; sex as ``GenderCurrent`` or ``Sex`` (:mod:`~boardpack.sources.labels`).

Collection period: 1 April to 31 March of the header's ``Year`` (``Year`` 2022 = 2021-22): the
coverage of the referral, assessment, s47, conference and plan tables. A file without a header
year is taken to end on the 31 March on or after its latest date, with a report line.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from lxml import etree

from boardpack.calendar import collection_year_end, collection_year_start
from boardpack.sources.cin_census.spec import schema_for
from boardpack.sources.convert import Converted, Report, each_input, iso, record_key, stack, write_folder
from boardpack.sources.extract import ExtractError
from boardpack.sources.labels import child_id, flag_text, sex_code

COVERED = ("ssd_cin_episodes", "ssd_cin_assessments", "ssd_s47_enquiry", "ssd_initial_cp_conference", "ssd_cp_plans")
KEYS = {
    "ssd_person": ["pers_person_id"],
    "ssd_cin_episodes": ["cine_referral_id"],
    "ssd_cin_assessments": ["cina_assessment_id"],
    "ssd_s47_enquiry": ["s47e_s47_enquiry_id"],
    "ssd_initial_cp_conference": ["icpc_icpc_id"],
    "ssd_cp_plans": ["cppl_cp_plan_id"],
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(element, name: str):
    for child in element:
        if isinstance(child.tag, str) and _local(child.tag) == name:
            value = (child.text or "").strip()
            return value or None
    return None


def _children(element, name: str):
    return [c for c in element if isinstance(c.tag, str) and _local(c.tag) == name]


_XS = "http://www.w3.org/2001/XMLSchema"


def _schema(year: int | None) -> tuple[int, etree.XMLSchema]:
    """The year's schema, with ``Child`` and ``Header`` made global elements so that each can be
    validated alone as it streams past (one small error log per child: linear in the file)."""
    schema_year, xsd = schema_for(year)
    doc = etree.parse(str(xsd))
    for name, kind in (("Child", "childtype"), ("Header", "headertype")):
        etree.SubElement(doc.getroot(), f"{{{_XS}}}element", name=name, type=kind)
    return schema_year, etree.XMLSchema(doc)


def _records(path: Path, report: Report):
    """Stream the file once: validate each ``<Header>`` and ``<Child>`` against the year's schema and
    read its records into lists of plain dicts. Returns the lists and the header's year."""
    people, referrals, assessments, s47s, icpcs, plans = [], [], [], [], [], []
    year, schema, schema_year, findings = None, None, None, []
    parser = etree.iterparse(
        str(path), events=("end",), huge_tree=True, resolve_entities=False, no_network=True, remove_comments=True
    )
    try:
        for _, element in parser:
            tag = _local(element.tag) if isinstance(element.tag, str) else ""
            if tag == "Year" and year is None and (element.text or "").strip().isdigit():
                year = int(element.text.strip())
                continue
            if tag not in ("Child", "Header"):
                continue
            if schema is None:
                schema_year, schema = _schema(year)
            if not schema.validate(element):
                findings += [(e.line, e.path, e.message) for e in schema.error_log]
            if tag == "Header":
                continue
            _read_child(element, people, referrals, assessments, s47s, icpcs, plans)
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as error:
        raise ExtractError(f"{path.name}: not well-formed XML (line {error.lineno}: {error.msg})") from None
    if schema is None:
        schema_year, schema = _schema(year)
    report.add(
        "schema",
        path.name,
        f"validated against the CIN census schema of {schema_year}"
        + (f" (the file's year is {year})" if year != schema_year else "")
        + ("" if not findings else f": {len(findings)} finding(s) below; values read as the converter reads them"),
    )
    if findings:
        report.add(
            "schema",
            path.name,
            pd.Series([f[2] for f in findings]),
            rows=pd.Series([f[0] for f in findings]),
            values=pd.Series([f[1] for f in findings]),
        )
    return (people, referrals, assessments, s47s, icpcs, plans), year


def _read_child(element, people, referrals, assessments, s47s, icpcs, plans) -> None:
    """One ``<Child>``'s records appended to the lists."""
    ids = next(iter(_children(element, "ChildIdentifiers")), None)
    child = _text(ids, "LAchildID") if ids is not None else None
    people.append(
        {
            "child": child,
            "dob": _text(ids, "PersonBirthDate") if ids is not None else None,
            "expected": _text(ids, "ExpectedPersonBirthDate") if ids is not None else None,
            "gender": _text(ids, "GenderCurrent") if ids is not None else None,
            "sex": _text(ids, "Sex") if ids is not None else None,
        }
    )
    for cin in _children(element, "CINdetails"):
        ref = _text(cin, "CINreferralDate")
        referrals.append(
            {
                "child": child,
                "date": ref,
                "source": _text(cin, "ReferralSource"),
                "nfa": _text(cin, "ReferralNFA"),
                "close": _text(cin, "CINclosureDate"),
                "reason": _text(cin, "ReasonForClosure"),
            }
        )
        cin_icpc = _text(cin, "DateOfInitialCPC")
        if cin_icpc:
            icpcs.append({"child": child, "date": cin_icpc, "s47": None, "target": None, "ref": ref, "from_s47": 0})
        for a in _children(cin, "Assessments"):
            assessments.append(
                {
                    "child": child,
                    "ref": ref,
                    "start": _text(a, "AssessmentActualStartDate"),
                    "auth": _text(a, "AssessmentAuthorisationDate"),
                }
            )
        for s in _children(cin, "Section47"):
            start = _text(s, "S47ActualStartDate")
            s47s.append({"child": child, "start": start, "ref": ref})
            date = _text(s, "DateOfInitialCPC")
            if date:
                icpcs.append(
                    {
                        "child": child,
                        "date": date,
                        "s47": start,
                        "target": _text(s, "InitialCPCtarget"),
                        "ref": ref,
                        "from_s47": 1,
                    }
                )
        for p in _children(cin, "ChildProtectionPlans"):
            plans.append(
                {
                    "child": child,
                    "start": _text(p, "CPPstartDate"),
                    "end": _text(p, "CPPendDate"),
                    "initial": _text(p, "InitialCategoryOfAbuse"),
                    "latest": _text(p, "LatestCategoryOfAbuse"),
                }
            )


def _dates(values: pd.Series, file: str, column: str, report: Report) -> pd.Series:
    """XML dates (``YYYY-MM-DD``, a time part ignored); an unreadable one is blank with a report line."""
    text = pd.Series(values, dtype="str")
    dates = pd.to_datetime(text.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    bad = text.notna() & dates.isna()
    if bad.any():
        report.add("unreadable date", file, f"not a date: {column} read as blank", column=column, values=text[bad])
    return dates


def convert_file(path: Path, report: Report) -> Converted:
    """One census file -> a :class:`Converted` (tables as text, keys, collection period)."""
    path = Path(path)
    if not path.is_file():
        raise ExtractError(f"{path}: no such file")
    records, year = _records(path, report)
    people, referrals, assessments, s47s, icpcs, plans = (pd.DataFrame(r) for r in records)
    name = path.name
    if referrals.empty:
        raise ExtractError(f"{name}: no <CINdetails> records (is this a CIN census file?)")

    for frame in (people, referrals, assessments, s47s, icpcs, plans):
        if not frame.empty:
            frame["child"] = child_id(frame["child"].astype("str"))
    ref_date = _dates(referrals["date"], name, "CINreferralDate", report)
    if year is None:
        year_end = collection_year_end(ref_date.max())
        report.add(
            "collection year",
            name,
            f"no header Year: the period is taken to end on {year_end:%Y-%m-%d} (latest referral)",
        )
    else:
        year_end = pd.Timestamp(year=year, month=3, day=31)
    first_day = collection_year_start(year_end)
    tables: dict[str, pd.DataFrame] = {}

    gender = people["gender"] if "gender" in people else pd.Series(np.nan, index=people.index)
    sex = sex_code(people["sex"].astype("str"))
    sex = sex.where(sex.notna(), sex_code(gender.astype("str"), gender_current=True))
    tables["ssd_person"] = pd.DataFrame(
        {
            "pers_person_id": people["child"],
            "pers_dob": iso(_dates(people["dob"], name, "PersonBirthDate", report)),
            "pers_sex": sex,
            "pers_expected_dob": iso(_dates(people["expected"], name, "ExpectedPersonBirthDate", report)),
        }
    ).drop_duplicates("pers_person_id", keep="last")

    ref_id = record_key(referrals["child"], ref_date)
    tables["ssd_cin_episodes"] = pd.DataFrame(
        {
            "cine_referral_id": ref_id,
            "cine_person_id": referrals["child"],
            "cine_referral_date": iso(ref_date),
            "cine_referral_source_code": referrals["source"],
            "cine_referral_nfa": flag_text(referrals["nfa"].astype("str")),
            "cine_close_date": iso(_dates(referrals["close"], name, "CINclosureDate", report)),
            "cine_close_reason": referrals["reason"],
        }
    )
    if not assessments.empty:
        start = _dates(assessments["start"], name, "AssessmentActualStartDate", report)
        tables["ssd_cin_assessments"] = pd.DataFrame(
            {
                "cina_assessment_id": record_key(assessments["child"], start),
                "cina_person_id": assessments["child"],
                "cina_referral_id": record_key(
                    assessments["child"], _dates(assessments["ref"], name, "CINreferralDate", report)
                ),
                "cina_assessment_start_date": iso(start),
                "cina_assessment_auth_date": iso(
                    _dates(assessments["auth"], name, "AssessmentAuthorisationDate", report)
                ),
            }
        )
    if not s47s.empty:
        start = _dates(s47s["start"], name, "S47ActualStartDate", report)
        tables["ssd_s47_enquiry"] = pd.DataFrame(
            {
                "s47e_s47_enquiry_id": record_key(s47s["child"], start),
                "s47e_person_id": s47s["child"],
                "s47e_s47_start_date": iso(start),
            }
        )
    plan_start = None
    if not plans.empty:
        plan_start = _dates(plans["start"], name, "CPPstartDate", report)
        tables["ssd_cp_plans"] = pd.DataFrame(
            {
                "cppl_cp_plan_id": record_key(plans["child"], plan_start),
                "cppl_person_id": plans["child"],
                "cppl_cp_plan_start_date": iso(plan_start),
                "cppl_cp_plan_end_date": iso(_dates(plans["end"], name, "CPPendDate", report)),
                "cppl_cp_plan_initial_category": plans["initial"],
                "cppl_cp_plan_latest_category": plans["latest"],
            }
        )
    if not icpcs.empty:
        date = _dates(icpcs["date"], name, "DateOfInitialCPC", report)
        icpc = pd.DataFrame(
            {
                "icpc_icpc_id": record_key(icpcs["child"], date),
                "icpc_person_id": icpcs["child"],
                "icpc_s47_enquiry_id": record_key(
                    icpcs["child"], _dates(icpcs["s47"], name, "S47ActualStartDate", report)
                ),
                "icpc_icpc_date": iso(date),
                "icpc_icpc_target_date": iso(_dates(icpcs["target"], name, "InitialCPCtarget", report)),
                "_from_s47": icpcs["from_s47"],
            }
        )
        # the same conference under its referral and its s47 enquiry: kept once, with the enquiry
        icpc = icpc.sort_values("_from_s47", kind="stable").drop_duplicates("icpc_icpc_id", keep="last")
        if "ssd_cp_plans" in tables:
            plan_keys = set(tables["ssd_cp_plans"]["cppl_cp_plan_id"])
            icpc["icpc_icpc_outcome_cp_flag"] = np.where(icpc["icpc_icpc_id"].isin(plan_keys), "Y", "N")
            report.add(
                "derived",
                name,
                "icpc_icpc_outcome_cp_flag: Y where the child's plan starts on the conference day (the census has no outcome field)",
            )
        else:
            report.add(
                "not in the return", name, "no child protection plans: conference outcomes (to plan) cannot be said"
            )
        tables["ssd_initial_cp_conference"] = icpc.drop(columns="_from_s47")

    for table, frame in tables.items():
        key = KEYS[table]
        dup = frame.duplicated(key, keep=False) & frame[key].notna().all(axis=1)
        if dup.any() and table != "ssd_person":
            report.add(
                "duplicate synthetic key",
                name,
                f"{table}: two records of one child on one day share a key; both kept (counted in data quality)",
                column=key[0],
                values=frame.loc[dup, key[0]],
            )
    report.add("synthetic key", name, "ids made from the child and the date (LAchildID|date); see docs/sources.md")
    return Converted(tables, KEYS, first_day, year_end, name, COVERED)


def convert(files: list, out) -> Path:
    """Convert one or more census files into the contract folder ``out``; several are stacked."""
    report = Report()
    converted = [convert_file(Path(f), report) for f in each_input(files)]
    report.add("not in the return", "", "the CIN census has no contacts, early help or strategy discussions")
    tables, coverage = stack(converted, report)
    return write_folder(out, tables, coverage, report)
