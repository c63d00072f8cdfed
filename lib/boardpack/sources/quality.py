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


def _chunks(values: pd.Series) -> list[pa.Array]:
    """The column as pyarrow large strings (the chunks of its Arrow storage)."""
    array = pa.array(values.astype("str").array)
    chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
    return [c.cast(pa.large_string()) for c in chunks]


PERSON_DATES = ("pers_dob", "pers_expected_dob")


class KeySets:
    """The extract's identifiers hashed ONCE for the link checks (orphans, dates of birth).

    Each parent key (``pers_person_id``, ``cine_referral_id``, ...) and every column that links
    to it are dictionary-encoded together in one pass, so a value is an integer code shared by
    the parent and its children: "is the parent there" and "the child's date of birth" are
    then array look-ups, with no table's ids hashed again per table or per rule.
    """

    def __init__(self, extract: Extract):
        self.codes: dict[tuple[str, str], np.ndarray] = {}  # (table, column) -> code, -1 = blank
        self.known: dict[tuple[str, str], np.ndarray] = {}  # (parent, column) -> code is a parent key
        # person code -> each of PERSON_DATES (date of birth, expected date of birth), first row per person
        self.person_dates: dict[str, np.ndarray] = {}
        domains: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for name, frame in extract.tables.items():
            for fk in TABLES[name].foreign_keys:
                parent = extract.get(fk.parent)
                if parent is None or fk.column not in frame or fk.parent_column not in parent:
                    continue
                domains.setdefault((fk.parent, fk.parent_column), []).append((name, fk.column))
        for (parent, column), children in domains.items():
            members = [(parent, column)] + children
            columns = [extract.tables[t][c] for t, c in members]
            text = pa.chunked_array([c for v in columns for c in _chunks(v)], type=pa.large_string())
            encoded = text.dictionary_encode()  # one dictionary shared by every chunk
            # never empty, so that a blank's code (-1, read at 0) can index it
            size = max(len(encoded.chunk(0).dictionary) if encoded.num_chunks else 0, 1)
            codes = np.concatenate(
                [np.zeros(0, dtype=np.int64)]
                + [np.asarray(pc.fill_null(c.indices, -1), dtype=np.int64) for c in encoded.chunks]
            )
            edges = np.cumsum([0] + [len(v) for v in columns])
            for (t, c), lo, hi in zip(members, edges[:-1], edges[1:]):
                self.codes[(t, c)] = codes[lo:hi]
            known = np.zeros(size, dtype=bool)
            parent_codes = self.codes[(parent, column)]
            known[parent_codes[parent_codes >= 0]] = True
            self.known[(parent, column)] = known
            if parent == "ssd_person" and column == "pers_person_id":
                present = np.flatnonzero(parent_codes >= 0)
                first_codes, first = np.unique(parent_codes[present], return_index=True)
                for field in PERSON_DATES:
                    if field in extract.tables[parent]:
                        dates = extract.tables[parent][field].to_numpy(dtype="datetime64[ns]")
                        self.person_dates[field] = np.full(size, np.datetime64("NaT"), dtype="datetime64[ns]")
                        self.person_dates[field][first_codes] = dates[present[first]]

    def has_parent(self, name: str, column: str, parent: str, parent_column: str) -> np.ndarray:
        """Per row of ``name``: ``column`` is present and found among the parent's keys."""
        codes = self.codes[(name, column)]
        return (codes >= 0) & self.known[(parent, parent_column)][np.maximum(codes, 0)]

    def dob_of(self, name: str, column: str, field: str = "pers_dob") -> np.ndarray:
        """Per row of ``name``: the date of birth (or another of PERSON_DATES, ``field``) of the
        person in ``column``, from the person's first row (NaT when unknown)."""
        codes = self.codes[(name, column)]
        return np.where(codes >= 0, self.person_dates[field][np.maximum(codes, 0)], np.datetime64("NaT"))


def _rows(mask: pd.Series) -> pd.Index:
    """Data-row numbers of the flagged records (the frame's index is the 0-based data row)."""
    return mask.index[mask.fillna(False).astype(bool).to_numpy()] + 1


def _suspects(name: str, frame: pd.DataFrame) -> np.ndarray | None:
    """Rows whose primary key is blank or shared with another row: the only rows that can be
    an exact duplicate or a duplicate identifier (a row with a key of its own is neither).
    ``None`` when the table has no primary key in the frame (every row is a suspect)."""
    key = list(TABLES[name].primary_key)
    if not key or any(c not in frame for c in key):
        return None
    keys = frame[key]
    if len(key) == 1 and len(keys):
        # the usual case, every key present and different, is told by one pyarrow pass
        text = _chunks(keys[key[0]])
        if sum(c.null_count for c in text) == 0 and len(pa.chunked_array(text, type=pa.large_string()).unique()) == len(
            keys
        ):
            return np.zeros(len(keys), dtype=bool)
    return (keys.isna().any(axis=1) | keys.duplicated(keep=False)).to_numpy()


def exact_duplicates(extract: Extract, name: str, frame: pd.DataFrame, suspects=None) -> pd.DataFrame:
    """Remove rows identical to an earlier row in every column; keep the first of each.

    ``suspects`` (:func:`_suspects`) limits the comparison to the rows that can be duplicates.
    """
    if suspects is None:
        dup = frame.duplicated(keep="first")
    else:
        dup = pd.Series(False, index=frame.index)
        if suspects.any():
            dup[suspects] = frame.loc[suspects].duplicated(keep="first").to_numpy()
    extract.add_quality(name, EXACT_DUPLICATE, "", _rows(dup), "removed: each exact duplicate row is kept once")
    return frame[~dup.to_numpy()] if dup.any() else frame


def duplicate_keys(extract: Extract, name: str, frame: pd.DataFrame, suspects=None) -> None:
    """Rows that share a primary key (all key columns present) but differ in content.

    ``suspects``: a boolean array over ``frame``'s rows that holds every such row (or None).
    """
    key = list(TABLES[name].primary_key)
    if not key or any(c not in frame for c in key):
        return
    if suspects is None:
        suspects = np.ones(len(frame), dtype=bool)
    dup = pd.Series(False, index=frame.index)
    if suspects.any():
        keys = frame.loc[suspects, key]
        dup[suspects] = (keys.notna().all(axis=1) & keys.duplicated(keep=False)).to_numpy()
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


def orphans(extract: Extract, name: str, frame: pd.DataFrame, keys: KeySets | None = None) -> None:
    keys = KeySets(extract) if keys is None else keys
    for fk in TABLES[name].foreign_keys:
        if (name, fk.column) not in keys.codes:
            continue
        bad = pd.Series(
            (keys.codes[(name, fk.column)] >= 0) & ~keys.has_parent(name, fk.column, fk.parent, fk.parent_column),
            index=frame.index,
        )
        treatment = (
            "kept; counted as recorded, but the child is not in ssd_person so age and sex are unknown"
            if fk.parent == "ssd_person"
            else f"kept; counted as recorded, but the linked {fk.parent} record is not in the extract"
        )
        extract.add_quality(name, ORPHAN, fk.column, _rows(bad), treatment)


def dob_after_event(extract: Extract, name: str, frame: pd.DataFrame, keys: KeySets | None = None) -> None:
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
    keys = KeySets(extract) if keys is None else keys
    born = pd.Series(keys.dob_of(name, column), index=frame.index, dtype="datetime64[ns]")
    before = born > frame[table.event_date]
    expected = pd.Series(False, index=frame.index)
    if "pers_expected_dob" in person:
        expected |= ~np.isnat(keys.dob_of(name, column, "pers_expected_dob"))
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
        suspects = _suspects(name, extract.tables[name])
        frame = exact_duplicates(extract, name, extract.tables[name], suspects)
        if suspects is not None and len(frame) < len(suspects):
            suspects = suspects[extract.tables[name].index.isin(frame.index)]
        extract.tables[name] = frame
        duplicate_keys(extract, name, frame, suspects)
        blank_required(extract, name, frame)
        end_before_start(extract, name, frame)
        if month is not None:
            after_month(extract, name, frame, month)
        too_old(extract, name, frame, reference)
        implausible_values(extract, name, frame)
    keys = KeySets(extract)
    for name, frame in extract.tables.items():
        orphans(extract, name, frame, keys)
        dob_after_event(extract, name, frame, keys)
