"""Source groups of contacts and referrals: source code -> the reporting group the board sees.

The run parameters map each group label to its source codes (``params["contact_source_groups"]``,
default: the CIN census referral sources, catalogue "Contacts"). The same map serves
``cont_contact_source_code`` (contacts), ``cine_referral_source_code`` (referrals) and the
health section (``params["health_source_groups"]``).

Readings made here (the catalogue says only "codes not mapped fall in Other"):

* codes are matched after stripping spaces and ignoring case (``3a`` = ``3A``); a code given as a
  number in the YAML (``Police: [6]``) is read as its text (``"6"``); ``06`` is not ``6``;
* a blank (missing) source code is "not mapped", so it falls in ``Other`` too;
* a code listed under two groups belongs to the first group listed.
"""

from __future__ import annotations

import pandas as pd

OTHER = "Other"


def _key(code) -> str:
    return str(code).strip().upper()


def source_map(params: dict) -> dict[str, str]:
    """Normalised source code -> group label, from ``params["contact_source_groups"]``.

    >>> source_map({"contact_source_groups": {"Police": [6], "Health": ["3a", "3B"]}})
    {'6': 'Police', '3A': 'Health', '3B': 'Health'}
    """
    mapping: dict[str, str] = {}
    for group, codes in (params.get("contact_source_groups") or {}).items():
        if codes is None:
            continue
        if isinstance(codes, (str, int, float)):
            codes = [codes]
        for code in codes:
            mapping.setdefault(_key(code), str(group))
    return mapping


def group_labels(params: dict) -> list[str]:
    """Every group label in the parameters' order, then ``Other`` if not already listed.

    >>> group_labels({"contact_source_groups": {"Police": ["6"], "Health": ["3A"]}})
    ['Police', 'Health', 'Other']
    """
    labels = [str(g) for g in (params.get("contact_source_groups") or {})]
    if OTHER not in labels:
        labels.append(OTHER)
    return labels


def group_of(codes: pd.Series, params: dict) -> pd.Series:
    """The source group of each code; codes not mapped (and blanks) -> ``Other``. Vectorised.

    >>> group_of(pd.Series(["6", " 3a", "XYZ", None]), {"contact_source_groups": {"Police": ["6"], "Health": ["3A"]}}).tolist()
    ['Police', 'Health', 'Other', 'Other']
    """
    mapping = source_map(params)
    keys = codes.astype("str").str.strip().str.upper()
    return keys.map(mapping).fillna(OTHER).astype("str").rename("source_group")


def health_groups(params: dict) -> list[str]:
    """The groups the health section reports as health (``params["health_source_groups"]``).

    >>> health_groups({"health_source_groups": ["Health"]})
    ['Health']
    """
    groups = params.get("health_source_groups")
    if groups is None:
        return ["Health"]
    if isinstance(groups, str):
        return [groups]
    return [str(g) for g in groups]


def is_health(codes: pd.Series, params: dict) -> pd.Series:
    """True where the code's group is one of the health groups.

    >>> is_health(pd.Series(["3C", "6"]), {"contact_source_groups": {"Health": ["3C"]}, "health_source_groups": ["Health"]}).tolist()
    [True, False]
    """
    return group_of(codes, params).isin(health_groups(params)).astype(bool)


# Source-code columns mapped through ``contact_source_groups``: table -> (column, what a row is).
SOURCE_COLUMNS = {
    "ssd_contacts": ("cont_contact_source_code", "contacts"),
    "ssd_cin_episodes": ("cine_referral_source_code", "referrals"),
}
UNMAPPED_RULE = "source code not in contact_source_groups"


def unmapped(codes: pd.Series, params: dict) -> pd.Series:
    """True where a (non-blank) code is not mapped to any group, so it falls in ``Other`` unasked.

    >>> unmapped(pd.Series(["6", "POL", None, " "]), {"contact_source_groups": {"Police": ["6"]}}).tolist()
    [False, True, False, False]
    """
    keys = codes.astype("str").str.strip().str.upper()
    blank = codes.isna() | (keys == "")
    return (~blank & ~keys.isin(list(source_map(params)))).astype(bool)


def flag_unmapped(extract, params: dict) -> list[str]:
    """Count source codes not in the map in data quality, and return one warning per table.

    A council's own codes left out of ``contact_source_groups`` put those contacts in ``Other``
    without a word; here each such table gets a finding (count and treatment) and a note such as
    "ssd_contacts: 2,600 of 4,100 contacts (63%) have source codes not in contact_source_groups
    (1A 800, 5A 700, ...): counted under Other".
    """
    notes = []
    for table, (column, noun) in SOURCE_COLUMNS.items():
        frame = extract.get(table)
        if frame is None or column not in frame.columns or frame.empty:
            continue
        mask = unmapped(frame[column], params)
        count = int(mask.sum())
        if not count:
            continue
        top = frame.loc[mask, column].astype("str").str.strip().value_counts().head(5)
        listed = ", ".join(f"{code} {n:,}" for code, n in top.items())
        more = ", ..." if frame.loc[mask, column].nunique() > 5 else ""
        extract.add_quality(
            table,
            UNMAPPED_RULE,
            column,
            mask.index[mask.to_numpy()] + 1,
            f"counted under {OTHER}; add the codes to contact_source_groups",
        )
        share = 100 * count / len(frame)
        notes.append(
            f"{table}: {count:,} of {len(frame):,} {noun} ({share:.0f}%) have source codes not in "
            f"contact_source_groups ({listed}{more}): counted under {OTHER}"
        )
    return notes
