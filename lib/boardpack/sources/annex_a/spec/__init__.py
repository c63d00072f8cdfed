"""Annex A headers by year (Ofsted's Annex A guidance, 2015 to 2024 templates): the fields the converter
reads and every header each has carried. Headers are compared after :func:`normal` (case, spaces,
curly quotes, a trailing ``?``), so ``Age`` / ``Age of Child (Years)`` and ``Date of Adoption Order ``
/ ``Date of Adoption Order`` are the same field. Columns added in later years (List 9's personal
adviser in 2024, say) are simply not read.
"""

from __future__ import annotations

import re

#: list number -> field -> header variants (any year)
FIELDS: dict[int, dict[str, tuple[str, ...]]] = {
    1: {
        "child": ("child unique id", "child id"),
        "date": ("date of contact", "contact date"),
        "source": ("contact source", "source of contact"),
    },
    2: {
        "child": ("child unique id", "child id"),
        "start": ("assessment start date", "early help assessment start date"),
        "end": ("assessment completion date", "early help assessment completion date"),
        "organisation": ("organisation completing assessment", "organisation completing the assessment"),
    },
    3: {
        "child": ("child unique id", "child id"),
        "date": ("date of referral", "referral date"),
        "source": ("referral source", "source of referral"),
        "nfa": ("referral nfa", "referral no further action"),
        "team": ("allocated team",),
    },
    4: {
        "child": ("child unique id", "child id"),
        "start": ("continuous assessment start date", "assessment start date"),
        "auth": (
            "continuous assessment date of authorisation",
            "assessment date of authorisation",
            "assessment completion date",
        ),
        "support": (
            "was the child assessed as requiring la children's social care support",
            "was the child assessed as requiring la childrens social care support",
        ),
        "team": ("allocated team",),
    },
    5: {
        "child": ("child unique id", "child id"),
        "start": (
            "strategy discussion initiating section 47 enquiry start date",
            "section 47 enquiry start date",
            "date of strategy discussion initiating section 47 enquiry",
        ),
        "icpc": ("date of initial child protection conference",),
        "icpc_plan": (
            "did the initial child protection conference result in a child protection plan",
            "did the icpc result in a child protection plan",
        ),
        "team": ("allocated team",),
    },
    7: {
        "child": ("child unique id", "child id"),
        "start": ("child protection plan start date",),
        "end": ("child protection plan end date",),
        "initial": ("initial category of abuse",),
        "latest": ("latest category of abuse",),
    },
    8: {
        "child": ("child unique id", "child id"),
        "start": ("date started to be looked after",),
        "ceased": ("date ceased to be looked after",),
        "reason": ("reason ceased to be looked after",),
    },
}
#: person fields read from any list
PERSON = {"dob": ("date of birth",), "sex": ("gender", "sex")}
USED = tuple(FIELDS)


def normal(header) -> str:
    """A header as compared: lower case, curly quotes straight, spaces collapsed, trailing ``?`` gone.

    >>> normal(" Date of Adoption Order  "), normal("Referral NFA?"), normal("Child’s Legal  Status")
    ('date of adoption order', 'referral nfa', "child's legal status")
    """
    text = str(header or "").replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip().lower()
    return text.rstrip("?").strip()


def list_number(sheet_name: str) -> int | None:
    """``List 1`` -> 1, ``List 10 - Adoption`` -> 10 (never 1), anything else -> None.

    >>> list_number("List 1"), list_number("List 10"), list_number(" list 7 CP"), list_number("Notes")
    (1, 10, 7, None)
    """
    match = re.match(r"^\s*list\s*(\d+)(?!\d)", str(sheet_name), flags=re.IGNORECASE)
    return int(match.group(1)) if match else None
