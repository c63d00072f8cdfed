"""Record-level data-quality checks, run by :func:`boardpack.sources.reader.read_extract`.

Nothing here stops the run and nothing is dropped silently: each finding is added with
``Extract.add_quality(table, rule, column, rows, treatment)``, saying how many records and how
the pack treats them. ``rows`` are data-row numbers (1 = first row after the header) for
run.json only; the treatment text never holds an identifier. Only exact duplicate rows are
removed (each kept once). Checks, in order (the rule names are the ``rule`` column):

* ``exact duplicate rows`` - identical in every contract column: removed, kept once;
* ``duplicate identifier`` - rows sharing a primary key with different content: kept, counted;
* ``blank required value`` - a required (``*``) column left blank: kept;
* ``end before start`` - kept; an indicator never counts such a record open at a month end;
* ``date after the reporting month`` - kept; counted in no month of the report (an end date
  after the month leaves the record open at the month's end); target and due dates are exempt;
* ``date implausibly old`` - before 1900 or more than a century before the reporting month end;
* ``implausible value`` - an extreme outlier: an FTE below 0 or above 1000 in a workforce row,
  a child population below 1,000 or above 5,000,000: kept, counted, flagged;
* ``orphan key`` - a link (``tables.Table.foreign_keys``) to a record not in the extract: kept;
* ``date of birth after the event`` - the child's ``pers_dob`` after the table's event date:
  kept. Pre-birth work is expected, not a problem: a record about an unborn child (the child has
  a ``pers_expected_dob``, or the event falls within 40 weeks, 280 days, before the birth) is
  not counted as a finding; the run notes how many there were.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from boardpack.calendar import days_between, month_end
from boardpack.sources.extract import Extract
from boardpack.sources.tables import PLAUSIBLE, TABLES

EXACT_DUPLICATE = "exact duplicate rows"
DUPLICATE_KEY = "duplicate identifier"
BLANK_REQUIRED = "blank required value"
END_BEFORE_START = "end before start"
AFTER_MONTH = "date after the reporting month"
TOO_OLD = "date implausibly old"
IMPLAUSIBLE = "implausible value"
ORPHAN = "orphan key"
DOB_AFTER_EVENT = "date of birth after the event"

EARLIEST = pd.Timestamp("1900-01-01")
PREGNANCY_DAYS = 280  # 40 weeks: a record this close before the birth is pre-birth work


def _isin(values: pd.Series, keys: pd.Series) -> pd.Series:
    """``values.isin(keys)`` for text columns, hashed by pyarrow (fast for 100,000s of keys)."""
    hit = pc.is_in(pa.array(values.astype("str").array), value_set=pa.array(keys.dropna().astype("str").array))
    return pd.Series(
        np.asarray(pc.fill_null(hit, False).to_numpy(zero_copy_only=False), dtype=bool), index=values.index
    )


def _rows(mask: pd.Series) -> pd.Index:
    """Data-row numbers of the flagged records (the frame's index is the 0-based data row)."""
    return mask.index[mask.fillna(False).astype(bool).to_numpy()] + 1


def exact_duplicates(extract: Extract, name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Remove rows identical to an earlier row in every column; keep the first of each."""
    dup = frame.duplicated(keep="first")
    extract.add_quality(name, EXACT_DUPLICATE, "", _rows(dup), "removed: each exact duplicate row is kept once")
    return frame[~dup.to_numpy()] if dup.any() else frame


def duplicate_keys(extract: Extract, name: str, frame: pd.DataFrame) -> None:
    """Rows that share a primary key (all key columns present) but differ in content."""
    key = list(TABLES[name].primary_key)
    if not key or any(c not in frame for c in key):
        return
    present = frame[key].notna().all(axis=1)
    dup = present & frame[key].duplicated(keep=False)
    extract.add_quality(
        name,
        DUPLICATE_KEY,
        ", ".join(key),
        _rows(dup),
        "kept: records sharing an identifier but differing in content are each counted as recorded",
    )


def blank_required(extract: Extract, name: str, frame: pd.DataFrame) -> None:
    for col in TABLES[name].required:
        if col not in frame:
            continue
        extract.add_quality(
            name, BLANK_REQUIRED, col, _rows(frame[col].isna()), "kept; not counted where the blank value is needed"
        )


def end_before_start(extract: Extract, name: str, frame: pd.DataFrame) -> None:
    for start, end in TABLES[name].date_pairs:
        if start not in frame or end not in frame:
            continue
        extract.add_quality(
            name,
            END_BEFORE_START,
            end,
            _rows(frame[end] < frame[start]),
            f"kept; indicators never count such a record as open at a month end (its {start} still counts as an event)",
        )


def after_month(extract: Extract, name: str, frame: pd.DataFrame, month) -> None:
    """Dates after the end of the reporting month (target and due dates exempt)."""
    last = month_end(month)
    table = TABLES[name]
    ends = {end for _, end in table.date_pairs}
    for col in table.columns:
        if col.kind != "date" or col.future_ok or col.name not in frame:
            continue
        treatment = (
            "kept; the record counts as open at the end of the reporting month"
            if col.name in ends
            else "kept; not counted in any month of the report (dated after the reporting month)"
        )
        extract.add_quality(name, AFTER_MONTH, col.name, _rows(frame[col.name] > last), treatment)


def too_old(extract: Extract, name: str, frame: pd.DataFrame, reference: pd.Timestamp) -> None:
    """Dates before 1900 or more than 100 years before ``reference``."""
    floor = max(EARLIEST, reference - pd.DateOffset(years=100))
    for col in TABLES[name].of_kind("date"):
        if col not in frame:
            continue
        extract.add_quality(
            name,
            TOO_OLD,
            col,
            _rows(frame[col] < floor),
            "kept as recorded; a date before 1900 or more than a century old is almost "
            "certainly a keying error (check the source)",
        )


def implausible_values(extract: Extract, name: str, frame: pd.DataFrame) -> None:
    for col, (low, high) in PLAUSIBLE.items():
        if col not in frame:
            continue
        bad = (frame[col] < low) | (frame[col] > high)
        what = "child population" if col == "popn_age_0_17" else "FTE"
        extract.add_quality(
            name,
            IMPLAUSIBLE,
            col,
            _rows(bad),
            f"kept and counted; flagged as an extreme outlier ({what} below {low:,.0f} "
            f"or above {high:,.0f}): check the source",
        )


def orphans(extract: Extract, name: str, frame: pd.DataFrame) -> None:
    for fk in TABLES[name].foreign_keys:
        parent = extract.get(fk.parent)
        if parent is None or fk.column not in frame or fk.parent_column not in parent:
            continue
        bad = frame[fk.column].notna() & ~_isin(frame[fk.column], parent[fk.parent_column])
        treatment = (
            "kept; counted as recorded, but the child is not in ssd_person so age and sex are unknown"
            if fk.parent == "ssd_person"
            else f"kept; counted as recorded, but the linked {fk.parent} record is not in the extract"
        )
        extract.add_quality(name, ORPHAN, fk.column, _rows(bad), treatment)


def dob_after_event(extract: Extract, name: str, frame: pd.DataFrame) -> None:
    table = TABLES[name]
    person = extract.get("ssd_person")
    column = table.person_column
    if (
        person is None
        or column is None
        or table.event_date is None
        or name == "ssd_person"
        or "pers_dob" not in person
        or column not in frame
        or table.event_date not in frame
    ):
        return
    dob = (
        person.dropna(subset=["pers_person_id"])
        .drop_duplicates("pers_person_id")
        .set_index("pers_person_id")["pers_dob"]
    )
    # reindex, not map: map on an empty lookup gives float64 and cannot compare with dates.
    born = pd.Series(dob.reindex(frame[column]).to_numpy(), index=frame.index, dtype="datetime64[ns]")
    before = born > frame[table.event_date]
    expected = pd.Series(False, index=frame.index)
    if "pers_expected_dob" in person:
        due = person.dropna(subset=["pers_person_id"]).drop_duplicates("pers_person_id").set_index("pers_person_id")
        due = pd.Series(due["pers_expected_dob"].reindex(frame[column]).to_numpy(), index=frame.index)
        expected |= due.notna()
    expected |= days_between(frame[table.event_date], born) <= PREGNANCY_DAYS
    pre_birth = before & expected
    extract.add_quality(
        name,
        DOB_AFTER_EVENT,
        table.event_date,
        _rows(before & ~expected),
        "kept; dated more than 40 weeks before the child's birth, with no expected date of birth",
    )
    if pre_birth.any():
        extract.notes.append(
            f"{name}: {int(pre_birth.sum()):,} records dated before the child's birth are pre-birth work "
            "(within 40 weeks of the birth, or an expected date of birth recorded): expected, not counted as problems"
        )


def check(extract: Extract, month=None) -> None:
    """Run every check over every table of ``extract`` (exact duplicates are removed in place).

    ``month`` is the reporting month; without it, dates after the month are not looked for and
    "a century old" counts back from today.
    """
    reference = month_end(month) if month is not None else pd.Timestamp.today().normalize()
    for name in list(extract.tables):
        frame = exact_duplicates(extract, name, extract.tables[name])
        extract.tables[name] = frame
        duplicate_keys(extract, name, frame)
        blank_required(extract, name, frame)
        end_before_start(extract, name, frame)
        if month is not None:
            after_month(extract, name, frame, month)
        too_old(extract, name, frame, reference)
        implausible_values(extract, name, frame)
    for name, frame in extract.tables.items():
        orphans(extract, name, frame)
        dob_after_event(extract, name, frame)
