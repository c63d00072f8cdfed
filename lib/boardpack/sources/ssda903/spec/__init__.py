"""SSDA903 tables by collection year (DfE SSDA903 technical specifications): the headers each year's
files carry. A file is known by its headers, never its name: a table is recognised when the file
holds every column of its *core* set (the columns common to all years listed here); extra columns
and header case do not matter.
"""

from __future__ import annotations

#: table -> {first collection year ending (31 March of year) -> the columns from that year on}
HEADERS: dict[str, dict[int, tuple[str, ...]]] = {
    "header": {
        2013: ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    },
    "episodes": {
        2013: ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "HOME_POST", "PL_POST", "URN"),
        2016: (
            "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE",
            "HOME_POST", "PL_POST", "URN",
        ),
    },
    "reviews": {2013: ("CHILD", "DOB", "REVIEW", "REVIEW_CODE")},
    "uasc": {2013: ("CHILD", "SEX", "DOB", "DUC")},
    "missing": {2013: ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END")},
    "oc2": {
        2013: (
            "CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
            "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED",
        ),
    },
    "oc3": {2013: ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM")},
    "previous_permanence": {2013: ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM")},
    "ad1": {2013: ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")},
    "placed_for_adoption": {2013: ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED")},
}  # fmt: skip

#: the tables the contract takes from the return; the others are listed in the report and skipped
USED = ("header", "episodes", "reviews")


#: the columns by which each table is known (held by every year's file; the pack needs no more)
CORE: dict[str, frozenset[str]] = {
    "header": frozenset({"CHILD", "SEX", "DOB", "ETHNIC"}),
    "episodes": frozenset({"CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"}),
    "reviews": frozenset({"CHILD", "DOB", "REVIEW", "REVIEW_CODE"}),
    "uasc": frozenset({"CHILD", "SEX", "DOB", "DUC"}),
    "missing": frozenset({"CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"}),
    "oc2": frozenset({"CHILD", "DOB", "SDQ_SCORE", "CONVICTED", "HEALTH_CHECK"}),
    "oc3": frozenset({"CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"}),
    "previous_permanence": frozenset({"CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"}),
    "ad1": frozenset({"CHILD", "DOB", "DATE_INT", "DATE_MATCH"}),
    "placed_for_adoption": frozenset({"CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED"}),
}


def core(table: str) -> frozenset[str]:
    """The columns by which ``table`` is known; each is in every year's columns (:data:`HEADERS`)."""
    return CORE[table]


def identify(columns) -> str | None:
    """The 903 table a file's headers (upper case, stripped) belong to; the largest core set wins.

    >>> identify(["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "X"])
    'episodes'
    >>> identify(["CHILD", "SEX", "DOB", "DUC"]), identify(["CHILD", "DOB"])
    ('uasc', None)
    """
    have = {str(c).strip().upper() for c in columns}
    hits = [(len(core(t)), t) for t in HEADERS if core(t) <= have]
    return max(hits)[1] if hits else None
