"""``boardpack convert annex-a FILE.xlsx... --out DIR``: Ofsted Annex A workbooks -> contract tables.

Sheets are known by their list number (``List 1`` is never the start of ``List 10``), columns by
their header in any year's wording (:mod:`~boardpack.sources.annex_a.spec`). Values lose their
Annex A prefixes (``a) Yes``, ``q) 6: Police`` -> source code ``6``); dates may be Excel dates,
Excel serial numbers (days since 1899-12-30) or ``DD/MM/YYYY`` text; child ids ``123.0`` -> ``123``.

Lists read: 1 contacts, 2 early help, 3 referrals, 4 assessments, 5 section 47 enquiries and
initial conferences, 7 child protection plans, 8 looked-after children (one episode per period of
care; its "most recent placement" is not a placement history, so no placement table); every list
gives the children's date of birth and sex. Lists 6, 9, 10 and 11 have no place in the contract
(report line). Keys are synthetic, from the child and the date (``Child Unique ID|Date of Contact`` ...).

Window: the workbook covers the months from the first to the last month holding a contact or
referral date (six months, sometimes twelve): that is the coverage of the lists of events (1-5);
plans and looked-after children (7, 8) are the children open during it, so they cover it too.
Annex A has no history before its window: a 12-month or year-to-date figure is blank.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import load_workbook

from boardpack.calendar import month_end, month_start
from boardpack.sources.annex_a.spec import FIELDS, PERSON, USED, list_number, normal
from boardpack.sources.convert import Converted, Report, each_input, iso, record_key, stack, write_folder
from boardpack.sources.extract import ExtractError
from boardpack.sources.labels import child_id, code_before_colon, flag_text, sex_code, strip_prefix

TABLE_OF_LIST = {
    1: ("ssd_contacts",),
    2: ("ssd_early_help_episodes",),
    3: ("ssd_cin_episodes",),
    4: ("ssd_cin_assessments",),
    5: ("ssd_s47_enquiry", "ssd_initial_cp_conference"),
    7: ("ssd_cp_plans",),
    8: ("ssd_cla_episodes",),
}
KEYS = {
    "ssd_person": ["pers_person_id"],
    "ssd_contacts": ["cont_contact_id"],
    "ssd_early_help_episodes": ["earl_episode_id"],
    "ssd_cin_episodes": ["cine_referral_id"],
    "ssd_cin_assessments": ["cina_assessment_id"],
    "ssd_s47_enquiry": ["s47e_s47_enquiry_id"],
    "ssd_initial_cp_conference": ["icpc_icpc_id"],
    "ssd_cp_plans": ["cppl_cp_plan_id"],
    "ssd_cla_episodes": ["clae_cla_episode_id"],
}
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def read_sheets(path: Path, report: Report) -> dict[int, pd.DataFrame]:
    """List number -> the sheet's rows as a frame of raw cell values (normalised headers), ``_row`` = Excel row."""
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a bad workbook
        raise ExtractError(
            f"{path.name}: cannot be read as an Excel workbook ({' '.join(str(error).split())[:150]})"
        ) from None
    sheets: dict[int, pd.DataFrame] = {}
    try:
        for ws in wb.worksheets:
            number = list_number(ws.title)
            if number is None:
                report.add("sheet not used", path.name, f"sheet {ws.title!r} is not an Annex A list: skipped")
                continue
            if number not in USED:
                report.add(
                    "sheet not used",
                    path.name,
                    f"sheet {ws.title!r}: List {number} has no place in the data contract: skipped",
                )
                continue
            if number in sheets:
                raise ExtractError(f"{path.name}: two sheets are List {number}; keep one")
            rows = list(ws.iter_rows(values_only=True))
            head = next(
                (i for i, r in enumerate(rows) if any(normal(c) in FIELDS[number]["child"] for c in r or ())), None
            )
            if head is None:
                report.add(
                    "sheet not used", path.name, f"sheet {ws.title!r}: no header row with a child id column: skipped"
                )
                continue
            headers = [normal(c) for c in rows[head]]
            body = [r for r in rows[head + 1 :]]
            frame = (
                pd.DataFrame(body, columns=range(len(headers)), dtype=object)
                if body
                else pd.DataFrame(columns=range(len(headers)))
            )
            frame.columns = headers
            frame = frame.loc[:, [h != "" for h in headers]]
            frame = frame.loc[:, ~pd.Index(frame.columns).duplicated()]
            frame["_row"] = np.arange(head + 2, head + 2 + len(frame))
            empty = frame.drop(columns="_row").isna().all(axis=1)
            sheets[number] = frame.loc[~empty].reset_index(drop=True)
            sheets[number].attrs["sheet"] = ws.title
    finally:
        wb.close()
    return sheets


def _field(frame: pd.DataFrame, number: int, name: str, variants=None) -> pd.Series:
    for header in variants or FIELDS[number][name]:
        if header in frame.columns:
            return frame[header]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _text(values: pd.Series) -> pd.Series:
    """Cell values as text: whole floats lose ``.0``, blank = missing."""

    def one(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return None
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(v)

    return pd.Series([one(v) for v in values], index=values.index, dtype="str")


def _dates(values: pd.Series, file: str, sheet: str, column: str, rows: pd.Series, report: Report) -> pd.Series:
    """Excel dates, Excel serial numbers or DD/MM/YYYY (YYYY-MM-DD) text -> datetime; others blank, reported."""
    values = pd.Series(values, dtype=object)
    is_date = values.map(lambda v: isinstance(v, (dt.datetime, dt.date)))
    is_num = values.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    if is_date.any():
        out[is_date] = pd.to_datetime(values[is_date].map(lambda v: dt.datetime(v.year, v.month, v.day)))
    if is_num.any():
        serial = pd.to_numeric(values[is_num]).astype("float64")
        out[is_num] = _EXCEL_EPOCH + pd.to_timedelta(np.floor(serial), unit="D")
        report.add(
            "excel serial date",
            file,
            f"{sheet}: an Excel serial number read as a date",
            rows[is_num],
            column,
            serial.astype("int64").astype("str"),
        )
    text = _text(values.where(~is_date & ~is_num)).str.strip()
    text = text.mask(text == "")
    if text.notna().any():
        day_first = pd.to_datetime(text.str.slice(0, 10), format="%d/%m/%Y", errors="coerce")
        iso_form = pd.to_datetime(text.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
        parsed = day_first.fillna(iso_form)
        out = out.where(text.isna(), parsed)
        bad = text.notna() & parsed.isna()
        if bad.any():
            report.add("unreadable date", file, f"{sheet}: not a date; read as blank", rows[bad], column, text[bad])
    return out.astype("datetime64[ns]")


def convert_file(path: Path, report: Report) -> Converted:
    """One workbook -> a :class:`Converted`."""
    path = Path(path)
    if not path.is_file():
        raise ExtractError(f"{path}: no such file")
    name = path.name
    sheets = read_sheets(path, report)
    if not sheets:
        raise ExtractError(f"{name}: no Annex A list (sheets named List 1 .. List 11) with a header row")
    tables: dict[str, pd.DataFrame] = {}
    people = []
    event_days = []

    def col(number, field):
        return _field(sheets[number], number, field)

    def dates(number, field):
        frame = sheets[number]
        header = next((h for h in FIELDS[number][field] if h in frame.columns), FIELDS[number][field][0])
        return _dates(col(number, field), name, frame.attrs["sheet"], header, frame["_row"], report)

    for number, frame in sheets.items():
        child = child_id(_text(col(number, "child")))
        frame["_child"] = child
        people.append(
            pd.DataFrame(
                {
                    "pers_person_id": child,
                    "pers_dob": iso(
                        _dates(
                            _field(frame, number, "", PERSON["dob"]),
                            name,
                            frame.attrs["sheet"],
                            "date of birth",
                            frame["_row"],
                            report,
                        )
                    ),
                    "pers_sex": sex_code(_text(_field(frame, number, "", PERSON["sex"]))),
                }
            )
        )
        blank = child.isna()
        if blank.any():
            report.add(
                "skipped",
                name,
                f"{frame.attrs['sheet']}: row without a child id: skipped",
                frame.loc[blank, "_row"],
                "child unique id",
            )
            sheets[number] = frame.loc[~blank].reset_index(drop=True)

    if 1 in sheets:
        f, day = sheets[1], dates(1, "date")
        event_days.append(day)
        tables["ssd_contacts"] = pd.DataFrame(
            {
                "cont_contact_id": record_key(f["_child"], day),
                "cont_person_id": f["_child"],
                "cont_contact_date": iso(day),
                "cont_contact_source_code": code_before_colon(_text(col(1, "source"))),
                "cont_contact_source_desc": strip_prefix(_text(col(1, "source"))),
            }
        )
    if 2 in sheets:
        f, day = sheets[2], dates(2, "start")
        tables["ssd_early_help_episodes"] = pd.DataFrame(
            {
                "earl_episode_id": record_key(f["_child"], day),
                "earl_person_id": f["_child"],
                "earl_episode_start_date": iso(day),
                "earl_episode_end_date": iso(dates(2, "end")),
                "earl_episode_organisation": _text(col(2, "organisation")),
            }
        )
    if 3 in sheets:
        f, day = sheets[3], dates(3, "date")
        event_days.append(day)
        tables["ssd_cin_episodes"] = pd.DataFrame(
            {
                "cine_referral_id": record_key(f["_child"], day),
                "cine_person_id": f["_child"],
                "cine_referral_date": iso(day),
                "cine_referral_source_code": code_before_colon(_text(col(3, "source"))),
                "cine_referral_nfa": flag_text(_text(col(3, "nfa"))),
                "cine_referral_team": _text(col(3, "team")),
            }
        )
    if 4 in sheets:
        f, day = sheets[4], dates(4, "start")
        support = flag_text(_text(col(4, "support")))
        nfa = support.map({"Y": "N", "N": "Y"})  # not requiring support = no further action
        tables["ssd_cin_assessments"] = pd.DataFrame(
            {
                "cina_assessment_id": record_key(f["_child"], day),
                "cina_person_id": f["_child"],
                "cina_assessment_start_date": iso(day),
                "cina_assessment_auth_date": iso(dates(4, "auth")),
                "cina_assessment_outcome_nfa": nfa.astype("str"),
                "cina_assessment_team": _text(col(4, "team")),
            }
        )
    if 5 in sheets:
        f, day = sheets[5], dates(5, "start")
        s47_id = record_key(f["_child"], day)
        tables["ssd_s47_enquiry"] = pd.DataFrame(
            {
                "s47e_s47_enquiry_id": s47_id,
                "s47e_person_id": f["_child"],
                "s47e_s47_start_date": iso(day),
                "s47e_s47_completed_by_team": _text(col(5, "team")),
            }
        )
        icpc_day = dates(5, "icpc")
        held = icpc_day.notna()
        tables["ssd_initial_cp_conference"] = pd.DataFrame(
            {
                "icpc_icpc_id": record_key(f["_child"], icpc_day)[held],
                "icpc_person_id": f["_child"][held],
                "icpc_s47_enquiry_id": s47_id[held],
                "icpc_icpc_date": iso(icpc_day)[held],
                "icpc_icpc_outcome_cp_flag": flag_text(_text(col(5, "icpc_plan")))[held],
            }
        )
    if 7 in sheets:
        f, day = sheets[7], dates(7, "start")
        tables["ssd_cp_plans"] = pd.DataFrame(
            {
                "cppl_cp_plan_id": record_key(f["_child"], day),
                "cppl_person_id": f["_child"],
                "cppl_cp_plan_start_date": iso(day),
                "cppl_cp_plan_end_date": iso(dates(7, "end")),
                "cppl_cp_plan_initial_category": _text(col(7, "initial")),
                "cppl_cp_plan_latest_category": _text(col(7, "latest")),
            }
        )
    if 8 in sheets:
        f, day = sheets[8], dates(8, "start")
        period = record_key(f["_child"], day)
        ceased = dates(8, "ceased")
        tables["ssd_cla_episodes"] = pd.DataFrame(
            {
                "clae_cla_episode_id": period,
                "clae_person_id": f["_child"],
                "clae_cla_episode_start_date": iso(day),
                "clae_cla_episode_start_reason": "S",
                "clae_cla_episode_ceased_date": iso(ceased),
                "clae_cla_episode_ceased_reason": code_before_colon(_text(col(8, "reason"))),
                "clae_cla_id": period,
            }
        )
        report.add(
            "derived",
            name,
            "List 8: one episode per period of care (start S); it gives only the most recent placement, so no "
            "placement table is written (3+ placements and long-term stability cannot be said)",
        )

    person = pd.concat(people, ignore_index=True).dropna(subset=["pers_person_id"])
    person = person.sort_values(["pers_dob", "pers_sex"], na_position="first", kind="stable")
    tables["ssd_person"] = person.drop_duplicates("pers_person_id", keep="last")
    days = pd.concat(event_days) if event_days else pd.Series(dtype="datetime64[ns]")
    days = days.dropna()
    if days.empty:
        raise ExtractError(
            f"{name}: no contact or referral dates (Lists 1 and 3): the workbook's window cannot be found"
        )
    first_day, last_day = month_start(days.min().to_period("M")), month_end(days.max().to_period("M"))
    report.add(
        "window",
        name,
        f"window {first_day:%Y-%m-%d} to {last_day:%Y-%m-%d} (months of the first and last contact or referral)",
    )
    report.add(
        "synthetic key", name, "ids made from the child and the date (Child Unique ID|date); see docs/sources.md"
    )
    covered = tuple(t for n in sheets for t in TABLE_OF_LIST.get(n, ()))
    return Converted(tables, KEYS, first_day, last_day, name, covered)


def convert(files: list, out) -> Path:
    """Convert one or more workbooks into the contract folder ``out``; several are stacked."""
    report = Report()
    converted = [convert_file(Path(f), report) for f in each_input(files)]
    report.add(
        "not in the return",
        "",
        "Annex A has no history before its window, no visits in timescale and no reviews' due dates",
    )
    tables, coverage = stack(converted, report)
    return write_folder(out, tables, coverage, report)
