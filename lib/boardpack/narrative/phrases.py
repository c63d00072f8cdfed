"""The words every drafted sentence is built from: numbers, months, changes.

The style is the seed report's: "The figure of 421 contacts for December 2014 is a decrease of
43.64% from the peak figure of 747 in July 2014, and a decrease of 24.09% compared to the
previous month." Percentages to two decimals, counts with thousands separators, months in full.
"""

from __future__ import annotations

from boardpack.calendar import to_month
from boardpack.indicators.frames import is_blank


def fmt_pct(value, decimals: int = 2) -> str:
    """A percentage as the seed writes it.

    >>> fmt_pct(43.6412)
    '43.64%'
    >>> fmt_pct(float("nan"))
    'not available'
    """
    if is_blank(value):
        return "not available"
    return f"{value:,.{decimals}f}%"


def fmt_number(value, decimals: int = 2) -> str:
    """A count without decimals, any other figure with ``decimals``.

    >>> fmt_number(36100.0)
    '36,100'
    >>> fmt_number(75.0712)
    '75.07'
    """
    if is_blank(value):
        return "not available"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{decimals}f}"


def month_name(month) -> str:
    """The month in full.

    >>> month_name("2014-12")
    'December 2014'
    """
    return to_month(month).strftime("%B %Y")


def change_pct(current, previous) -> float:
    """``100 * (current - previous) / previous``; NaN when either is blank or previous is 0.

    >>> round(change_pct(421, 747), 2)
    -43.64
    >>> change_pct(5, 0)
    nan
    """
    if is_blank(current) or is_blank(previous) or previous == 0:
        return float("nan")
    return 100.0 * (current - previous) / previous


def change_phrase(current, previous, decimals: int = 2) -> str | None:
    """ "an increase of 19.84%", "a decrease of 24.09%", "no change"; None when not computable.

    >>> change_phrase(421, 557)
    'a decrease of 24.42%'
    >>> change_phrase(10, 10)
    'no change'
    >>> change_phrase(3, 0) is None
    True
    """
    change = change_pct(current, previous)
    if is_blank(change):
        return None
    if round(change, decimals) == 0:
        return "no change"
    word = "an increase" if change > 0 else "a decrease"
    return f"{word} of {fmt_pct(abs(change), decimals)}"


def previous_month_clause(current, previous) -> str:
    """The clause a count sentence ends with: its change on the previous month, or that there were
    none then; empty when nothing can be said.

    >>> previous_month_clause(151, 126)
    ', an increase of 19.84% compared to the previous month (126)'
    >>> previous_month_clause(4, 0), previous_month_clause(4, float("nan"))
    (', compared with none in the previous month', '')
    """
    change = change_phrase(current, previous)
    if change is not None:
        return f", {change} compared to the previous month ({fmt_number(previous)})"
    if not is_blank(previous) and previous == 0 and not is_blank(current) and current > 0:
        return ", compared with none in the previous month"
    return ""


def points_phrase(current, previous, decimals: int = 2) -> str | None:
    """Change between two percentages in percentage points.

    >>> points_phrase(70.5, 65.25)
    'up 5.25 percentage points'
    """
    if is_blank(current) or is_blank(previous):
        return None
    difference = current - previous
    if round(difference, decimals) == 0:
        return "unchanged"
    return f"{'up' if difference > 0 else 'down'} {abs(difference):,.{decimals}f} percentage points"


def plural(count, singular: str, plural_form: str | None = None) -> str:
    """A count and its noun.

    >>> plural(1, "child", "children"), plural(3, "contact")
    ('1 child', '3 contacts')
    """
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{fmt_number(count)} {word}"


def join_words(items: list[str]) -> str:
    """Words joined as a sentence lists them.

    >>> join_words(["a", "b", "c"])
    'a, b and c'
    """
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# The default source groups (catalogue "Contacts") as a sentence says where contacts came from.
SOURCE_WORDS = {
    "Individual": "individuals",
    "Schools": "schools",
    "Education services": "education services",
    "Health": "health services",
    "Housing": "housing",
    "LA social care": "the council's own social care services",
    "LA other internal": "other council services",
    "Other local authority": "other local authorities",
    "Early help": "early help services",
    "Police": "the police",
    "Other legal agency": "other legal agencies",
    "Other": "other sources",
    "Anonymous": "anonymous sources",
    "Unknown": "sources not recorded",
}


def source_words(label: str) -> str:
    """A source group as a reader would say it after "from"; a council's own labels as they are.

    >>> source_words("Individual"), source_words("Police"), source_words("MASH partners")
    ('individuals', 'the police', 'MASH partners')
    """
    return SOURCE_WORDS.get(str(label), str(label))
