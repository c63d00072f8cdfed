"""``boardpack convert ssda903 DIR... --out DIR``: SSDA903 returns -> contract tables.

Each DIR holds one collection year's CSVs; each file is known by its headers
(:mod:`~boardpack.sources.ssda903.spec`), whatever its name (``episodes.csv``,
``2019-episodes.csv``, ``SSDA903_Episodes_2019.csv``), with or without a byte-order mark, with
extra columns or headers in another case. The collection year is the one holding the latest
``DECOM`` of its episodes (a return's episodes all start by its 31 March); the report says which.

Contract tables written (see docs/sources.md for the field-by-field mapping):

* ``ssd_person`` from ``header`` (SEX 1 -> M, 2 -> F; the latest year's row per child);
* ``ssd_cla_episodes`` from ``episodes`` after the chain repairs of
  :mod:`~boardpack.sources.ssda903.episodes` (id ``CHILD|DECOM``, period of care ``clae_cla_id``);
* ``ssd_cla_placement``: the placements (runs of RNE = L) built from the episodes;
* ``ssd_cla_reviews`` from ``reviews`` (id ``CHILD|REVIEW``; the period of care holding the review
  date; no due date: the return has none, so reviews in timescale cannot be said).

Coverage: each year from 1 April to 31 March, for the looked-after tables (a child who left care
before the year is not in it, so months before it are blank, not undercounted).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from boardpack.calendar import collection_year_end, collection_year_start
from boardpack.sources.convert import (
    Converted,
    Report,
    each_input,
    iso,
    parse_day_first,
    read_text_csv,
    record_key,
    stack,
    write_folder,
)
from boardpack.sources.extract import ExtractError
from boardpack.sources.labels import child_id, rne_code
from boardpack.sources.ssda903 import episodes as ep
from boardpack.sources.ssda903.spec import USED, identify

COVERED = ("ssd_cla_episodes", "ssd_cla_placement", "ssd_cla_reviews")
SEX = {"1": "M", "2": "F"}


def read_year(folder: Path, report: Report) -> dict[str, pd.DataFrame]:
    """The return's tables by 903 name, text cells with ``_file`` and ``_row`` (1 = first data row)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ExtractError(f"{folder}: no such folder")
    found: dict[str, pd.DataFrame] = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv"):
        frame = read_text_csv(path)
        table = identify(frame.columns)
        if table is None:
            report.add("unknown file", path.name, "headers are not those of any SSDA903 table: skipped")
            continue
        if table in found:
            raise ExtractError(
                f"{folder}: two files hold the SSDA903 {table} table ({found[table]['_file'].iloc[0] if len(found[table]) else '?'}, "
                f"{path.name}); keep one"
            )
        if table not in USED:
            report.add(
                "table not used", path.name, f"the SSDA903 {table} table has no place in the data contract: skipped"
            )
        frame["_file"] = path.name
        frame["_row"] = np.arange(1, len(frame) + 1)
        frame["CHILD"] = child_id(frame["CHILD"]) if "CHILD" in frame else np.nan
        found[table] = frame
    if "episodes" not in found:
        raise ExtractError(
            f"{folder}: no SSDA903 episodes file (a CSV with headers CHILD, DECOM, RNE, LS, PLACE, DEC, REC)"
        )
    return found


def _year(folder: Path, tables: dict[str, pd.DataFrame], report: Report) -> pd.Timestamp:
    e = tables["episodes"]
    decom = parse_day_first(e["DECOM"], e["_file"].iloc[0] if len(e) else "", "DECOM", Report(), e["_row"])
    if decom.notna().sum() == 0:
        raise ExtractError(
            f"{folder}: the episodes file has no readable DECOM date; the collection year cannot be found"
        )
    year_end = collection_year_end(decom.max())
    report.add(
        "collection year",
        str(folder),
        f"collection year {year_end.year - 1}-{str(year_end.year)[2:]} (1 April {year_end.year - 1} to 31 March "
        f"{year_end.year}), from the latest DECOM",
    )
    return year_end


def convert(folders: list, out) -> Path:
    """Convert one or more years' folders into the contract folder ``out`` (see the module docstring)."""
    report = Report()
    years = []
    for folder in each_input(folders):
        tables = read_year(Path(folder), report)
        years.append((Path(folder), _year(Path(folder), tables, report), tables))

    # episodes: all years together, so that the chain repairs see the next year's episodes
    parts = []
    for _folder, year_end, tables in years:
        e = tables["episodes"].copy()
        e["_year_end"] = year_end
        parts.append(e)
    e = pd.concat(parts, ignore_index=True)
    for column in ("DECOM", "DEC"):
        e[column] = (
            parse_day_first(e[column], e["_file"], column, report, e["_row"])
            if len(e)
            else pd.Series(dtype="datetime64[ns]")
        )
    for column in ("RNE", "REC", "PLACE", "LS", "REASON_PLACE_CHANGE"):
        if column in e:
            e[column] = e[column].str.strip().str.upper().mask(lambda s: s == "")
    e["RNE"] = rne_code(e["RNE"])
    blank = e["CHILD"].isna() | e["DECOM"].isna()
    if blank.any():
        report.add_where("skipped", e, blank, "DECOM", "episode without CHILD or DECOM: skipped")
        e = e.loc[~blank]
    e = ep.chains(ep.repair(e, report), report)
    report.add(
        "synthetic key",
        "",
        "episode ids are CHILD|DECOM; placement ids CHILD|DECOM of the placement's first episode; period-of-care ids CHILD|DECOM of its first episode",
    )

    tables_out: dict[str, pd.DataFrame] = {
        "ssd_cla_episodes": pd.DataFrame(
            {
                "clae_cla_episode_id": record_key(e["CHILD"], e["DECOM"]),
                "clae_person_id": e["CHILD"],
                "clae_cla_episode_start_date": iso(e["DECOM"]),
                "clae_cla_episode_start_reason": e["RNE"],
                "clae_cla_episode_ceased_date": iso(e["DEC"]),
                "clae_cla_episode_ceased_reason": e["REC"],
                "clae_cla_id": e["period_id"],
            }
        )
    }
    p = ep.placements(e)
    tables_out["ssd_cla_placement"] = pd.DataFrame(
        {
            "clap_cla_placement_id": p["placement_id"],
            "clap_person_id": p["CHILD"],
            "clap_cla_id": p["period_id"],
            "clap_cla_placement_start_date": iso(p["start"]),
            "clap_cla_placement_end_date": iso(p["end"]),
            "clap_cla_placement_type": p["place"],
            "clap_cla_placement_change_reason": p["reason"],
        }
    )

    people, reviews = [], []
    for _folder, year_end, tables in years:
        if "header" in tables:
            h = tables["header"]
            sex = h["SEX"].str.strip().str.replace(r"\.0$", "", regex=True).map(SEX)
            people.append(
                pd.DataFrame(
                    {
                        "pers_person_id": h["CHILD"],
                        "pers_dob": iso(parse_day_first(h["DOB"], h["_file"], "DOB", report, h["_row"])),
                        "pers_sex": sex.fillna("U"),
                        "_year_end": year_end,
                    }
                )
            )
        if "reviews" in tables:
            r = tables["reviews"].copy()
            r["date"] = parse_day_first(r["REVIEW"], r["_file"], "REVIEW", report, r["_row"])
            late = r["date"] > year_end
            report.add_where("skipped", r, late, "REVIEW", "review dated after the return's 31 March: skipped")
            r = r.loc[~late & r["date"].notna() & r["CHILD"].notna()]
            r["_year_end"] = year_end
            reviews.append(r)
    if people:
        person = pd.concat(people, ignore_index=True).sort_values("_year_end", kind="stable")
        tables_out["ssd_person"] = person.drop_duplicates("pers_person_id", keep="last").drop(columns="_year_end")
    if reviews:
        r = pd.concat(reviews, ignore_index=True).sort_values(["_year_end"], kind="stable")
        r = r.drop_duplicates(["CHILD", "date"], keep="last").sort_values("date", kind="stable")
        starts = e[["CHILD", "DECOM", "period_id"]].sort_values("DECOM", kind="stable")
        r = pd.merge_asof(r, starts, left_on="date", right_on="DECOM", by="CHILD", direction="backward")
        orphan = r["period_id"].isna()
        report.add_where("doubtful", r, orphan, "REVIEW", "review before any episode of the child: no period of care")
        tables_out["ssd_cla_reviews"] = pd.DataFrame(
            {
                "clar_cla_review_id": record_key(r["CHILD"], r["date"]),
                "clar_cla_id": r["period_id"],
                "clar_cla_review_due_date": pd.Series(np.nan, index=r.index, dtype="str"),
                "clar_cla_review_date": iso(r["date"]),
            }
        )
        report.add("not in the return", "", "SSDA903 has no review due dates: reviews in timescale cannot be reported")
    report.add("not in the return", "", "SSDA903 has no visits: visits in timescale cannot be reported")

    converted = [
        Converted({}, {}, collection_year_start(year_end), year_end, str(folder), COVERED)
        for folder, year_end, _ in years
    ]
    _, coverage = stack(converted, report)
    return write_folder(out, tables_out, coverage, report)
