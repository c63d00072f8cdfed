"""Drafted sentences for the health section: contacts and referrals from health, CP medicals.

Seed: "The drop in the number of child protection medicals being undertaken correlates [with] the
drop in the number of children being subject to a Child Protection Plan."
"""

from __future__ import annotations

from boardpack.calendar import to_month
from boardpack.narrative.phrases import (
    change_phrase,
    fmt_number,
    fmt_pct,
    is_blank,
    month_name,
    plural,
)


def contacts_sentence(month, contacts, previous, to_referral_pct, share_pct=None) -> str:
    """Contacts from health in the month, their change and the share progressed to referral.

    >>> contacts_sentence("2014-12", 40, 50, 45.0, 9.5)
    'There were 40 contacts from health in December 2014 (9.50% of all contacts), a decrease of 20.00% compared to the previous month; 45.00% of them progressed to a referral.'
    """
    if is_blank(contacts):
        return ""
    text = (
        f"There {'was' if contacts == 1 else 'were'} {plural(contacts, 'contact')} from health in {month_name(month)}"
    )
    if not is_blank(share_pct):
        text += f" ({fmt_pct(share_pct)} of all contacts)"
    change = change_phrase(contacts, previous)
    if change is not None:
        text += f", {change} compared to the previous month"
    if not is_blank(to_referral_pct):
        text += f"; {fmt_pct(to_referral_pct)} of them progressed to a referral"
    return text + "."


def referrals_sentence(month, referrals) -> str:
    """Referrals from health in the month.

    >>> referrals_sentence("2014-12", 18)
    '18 referrals came from health in December 2014.'
    """
    if is_blank(referrals):
        return ""
    return f"{plural(referrals, 'referral')} came from health in {month_name(month)}."


def medicals_sentence(month, medicals, previous, children_on_plans) -> str:
    """CP medicals in the month against the previous month, beside the children on plans.

    >>> medicals_sentence("2014-12", 5, 8, 150)
    '5 child protection medicals were undertaken in December 2014, compared with 8 in November 2014; 150 children were subject to a child protection plan at the end of the month.'
    """
    if is_blank(medicals):
        return ""
    month = to_month(month)
    text = (
        f"{plural(medicals, 'child protection medical')} {'was' if medicals == 1 else 'were'} undertaken "
        f"in {month_name(month)}"
    )
    if not is_blank(previous):
        text += f", compared with {fmt_number(previous)} in {month_name(month - 1)}"
    if not is_blank(children_on_plans):
        text += (
            f"; {plural(children_on_plans, 'child', 'children')} {'was' if children_on_plans == 1 else 'were'} "
            f"subject to a child protection plan at the end of the month"
        )
    return text + "."


def sentences(s) -> list[str]:
    """The section's sentences from a :class:`~boardpack.document.section.Section`."""
    from boardpack.indicators.health import health_conversion, health_groups, health_series

    m = s.month
    contacts = health_series(s, "contacts")
    out = []
    if len(contacts):
        share = sum(v for v in (s.value("contacts_source_pct", g) for g in health_groups(s.params)) if not is_blank(v))
        if any(s.suppressed("contacts_source_pct", g) for g in health_groups(s.params)):
            share = float("nan")  # public edition: a share over a suppressed group is not quoted
        conversion = health_conversion(s)
        out.append(
            contacts_sentence(
                m,
                contacts.get(m),
                contacts.get(m - 1),
                conversion.get(m),
                share if s.rows("contacts_source_pct").size else None,
            )
        )
    referrals = health_series(s, "referrals")
    if len(referrals):
        out.append(referrals_sentence(m, referrals.get(m)))
    out.append(
        medicals_sentence(m, s.value("cp_medicals"), s.value("cp_medicals", month=m - 1), s.value("cp_plans_open"))
    )
    return [x for x in out if x]


def no_medicals_note() -> str:
    """Shown when the extract has no child protection medicals."""
    return "No data: the extract holds no ext_cp_medicals, so child protection medicals are not reported."


def no_contacts_note() -> str:
    """Shown when no contacts from health can be reported."""
    return (
        "No data: the extract holds no ssd_contacts (or none from the health source groups), so contacts "
        "and referrals from health are not reported."
    )
