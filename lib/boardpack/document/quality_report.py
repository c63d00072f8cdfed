"""The data-quality section: what the run found wrong or odd in the data, counted and explained.

The section is a simple list of :class:`Block` s (a heading, sentences, an optional table), built
by the functions in :data:`BUILDERS`, each taking the Section and returning a Block or None.
Another part of the pack adds its own block (revisions, workforce disagreements, ...) with
:func:`register` or by adding its function to ``BUILDERS``.

Only counts and treatments are shown: ``Extract.quality["rows"]`` (data-row numbers) never
leaves run.json, and any row numbers in a note are replaced by words (:func:`redact`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from boardpack.narrative.phrases import plural

FINDING_COLUMNS = ["Records of", "Check", "Field", "Records", "How the figures treat them", "Figures it touches"]

# The contract's tables as a reader names them, and the figures each one feeds.
TABLE_NAMES = {
    "ssd_person": ("Children (dates of birth)", "ages: looked-after age bands, long-term stability"),
    "ssd_contacts": ("Contacts", "contacts, sources, screening, contacts to referral, health contacts"),
    "ssd_early_help_episodes": ("Early help episodes (CAFs)", "early help started, step-downs, step-ups"),
    "ssd_cin_episodes": ("Referrals", "referrals, re-referrals, referral outcomes, early help step-ups"),
    "ssd_cin_assessments": ("Assessments", "assessments completed, timeliness, no further action, rates"),
    "ext_strategy_discussions": ("Strategy discussions", "strategy discussions started, completed, to s47"),
    "ssd_s47_enquiry": ("Section 47 enquiries", "s47 started, s47 rate, conference timeliness"),
    "ssd_initial_cp_conference": (
        "Initial child protection conferences",
        "conferences, children made subject to a plan",
    ),
    "ssd_cp_plans": ("Child protection plans", "children on plans, rate, repeats, plans open two years"),
    "ssd_cp_visits": ("Child protection visits", "child protection visits in timescale"),
    "ssd_cla_episodes": ("Looked-after episodes", "children looked after, rate, started, ceased"),
    "ssd_cla_placement": ("Placements", "placement stability"),
    "ssd_cla_visits": ("Looked-after children's visits", "looked-after visits in timescale"),
    "ssd_cla_reviews": ("Looked-after children's reviews", "reviews held and in timescale"),
    "ext_cp_medicals": ("Child protection medicals", "child protection medicals"),
    "ext_population": ("Child population", "every rate per 10,000"),
    "ext_workforce": ("Workforce", "permanent and interim FTE, interim share"),
    "ext_workforce_budget": ("Workforce budget", "FTE against budget, over/under headcount"),
}


def table_name(table: str) -> str:
    """A contract table as a reader names it.

    >>> table_name("ssd_cin_episodes"), table_name("my_own_table")
    ('Referrals', 'my_own_table')
    """
    return TABLE_NAMES.get(table, (table, ""))[0]


def field_name(column: str) -> str:
    """A contract column in words: its table prefix dropped, underscores as spaces.

    >>> field_name("cont_contact_screened_date"), field_name("cine_person_id"), field_name("")
    ('contact screened date', 'person id', '')
    """
    parts = str(column or "").split("_")
    return " ".join(parts[1:] if len(parts) > 1 else parts)


@dataclass
class Block:
    """One part of the data-quality section."""

    heading: str = ""
    sentences: list[str] = field(default_factory=list)
    table: pd.DataFrame | None = None
    caption: str = ""
    formats: dict | None = None


_ROWS = re.compile(r"\b(rows?)\s*[\[(]?\s*\d+(?:\s*(?:,|-|–|and|to)\s*\d+)*(?:\s*[\])])?", re.IGNORECASE)


def redact(text: str) -> str:
    """A note with any data-row numbers removed (they are kept for run.json only).

    >>> redact("ssd_contacts.csv: row 12, column x: bad")
    'ssd_contacts.csv: a row, column x: bad'
    >>> redact("rows [3, 4, 9] removed")
    'some rows removed'
    """

    def words(match):
        return "a row" if match.group(1).lower() == "row" else "some rows"

    return _ROWS.sub(words, str(text))


def findings_table(quality: pd.DataFrame | None) -> pd.DataFrame:
    """Findings by table, check and column, with the count of records and their treatment.

    >>> q = pd.DataFrame({"table": ["ssd_contacts"], "rule": ["end before start"], "column": ["x"],
    ...                   "count": [3], "treatment": ["kept"], "rows": [[1, 2, 3]]})
    >>> findings_table(q).to_dict("records")[0]["Records"], findings_table(q).columns.tolist()[:3]
    (3, ['Records of', 'Check', 'Field'])
    """
    if quality is None or quality.empty:
        return pd.DataFrame(columns=FINDING_COLUMNS)
    frame = quality.copy()
    frame["column"] = frame["column"].fillna("").astype("str")
    frame["treatment"] = frame["treatment"].fillna("").astype("str").map(redact)
    grouped = (
        frame.groupby(["table", "rule", "column", "treatment"], sort=False, dropna=False)["count"].sum().reset_index()
    )
    grouped = grouped.sort_values(["table", "rule", "column"], kind="stable")
    tables = grouped["table"].astype("str")
    out = pd.DataFrame(
        {
            "Records of": tables.map(table_name),
            "Check": grouped["rule"].astype("str"),
            "Field": grouped["column"].map(field_name),
            "Records": grouped["count"].astype("int64"),
            "How the figures treat them": grouped["treatment"],
            "Figures it touches": tables.map(lambda t: TABLE_NAMES.get(t, ("", ""))[1]),
        }
    )
    return out.reset_index(drop=True)


def findings_sentence(table: pd.DataFrame) -> str:
    """One sentence summing up the findings.

    >>> t = pd.DataFrame({"Records of": ["a", "a", "b"], "Records": [2, 5, 1]})
    >>> findings_sentence(t)
    'The checks found 8 records with a problem, under 3 checks in 2 tables. None stopped the run: each is counted below with how the figures treat it.'
    >>> findings_sentence(t.iloc[:0])
    'The checks found no record-level problems in the data.'
    """
    if table.empty:
        return "The checks found no record-level problems in the data."
    records = int(table["Records"].sum())
    return (
        f"The checks found {plural(records, 'record')} with a problem, under "
        f"{plural(len(table), 'check')} in {plural(table['Records of'].nunique(), 'table')}. None stopped the run: "
        "each is counted below with how the figures treat it."
    )


def notes_table(notes) -> pd.DataFrame:
    """The run's notes (missing tables, skipped sections, how files were read), redacted, deduplicated.

    >>> notes_table(["ssd_cp_visits: no file; visits not reported", "plain note"]).values.tolist()
    [['ssd_cp_visits', 'no file; visits not reported'], ['', 'plain note']]
    """
    seen, rows = set(), []
    for note in notes or []:
        note = redact(note)
        if note in seen:
            continue
        seen.add(note)
        about, sep, text = note.partition(": ")
        rows.append({"About": about if sep else "", "Note": text if sep else note})
    return pd.DataFrame(rows, columns=["About", "Note"])


# ---------------------------------------------------------------------------------------------
# blocks


def findings_block(s) -> Block:
    """Record-level findings of the checks, by table and check."""
    table = findings_table(s.quality)
    return Block(
        "Record-level checks",
        [findings_sentence(table)],
        None if table.empty else table,
        "Records found by each check, and how the figures treat them",
        {"Records": "{:,}"},
    )


def notes_block(s) -> Block:
    """What the run noted: tables absent, sections not reported, files read in another form."""
    table = notes_table(getattr(s.context, "notes", []))
    if table.empty:
        return Block("Notes on the extract", ["Every table was present and read as the data contract describes."])
    return Block(
        "Notes on the extract",
        [
            f"The run made {plural(len(table), 'note')} on the extract: tables that are absent (their figures "
            "are not reported) and files read in a form other than the contract's."
        ],
        table,
        "Notes made while reading the extract and computing the figures",
    )


def workforce_block(s) -> Block | None:
    """Where HR's staffing figures and the finance FTE summary disagree (workforce.workforce_disagreements)."""

    found = s.derived("workforce_disagreements")
    if found.empty:
        return None
    table = pd.DataFrame(
        {
            "Snapshot": pd.to_datetime(found["snapshot"]).dt.strftime("%d/%m/%Y"),
            "Team": found["team"].astype("str"),
            "Figure": found["figure"].astype("str"),
            "HR (ext_workforce)": found["hr_value"],
            "Finance summary": found["finance_value"],
        }
    )
    return Block(
        "Workforce: two sources disagree",
        [
            f"HR's staffing figures and the finance FTE summary differ on {plural(len(table), 'figure')}. "
            "The workforce section and its over/under headcount use HR's figures."
        ],
        table,
        "Staffing figures that differ between HR and the finance FTE summary",
        {"HR (ext_workforce)": "{:,.2f}", "Finance summary": "{:,.2f}"},
    )


REVISIONS_SHOWN = 15


def revisions_block(s) -> Block | None:
    """Figures for past months that changed since the latest earlier pack (revisions.revisions_table)."""
    from boardpack.board import revisions
    from boardpack.narrative.phrases import month_name

    outputs_dir = getattr(s.context, "outputs_dir", "") or None
    table = revisions.revisions_table(s.indicators, s.month, outputs_dir)
    previous = table.attrs.get("previous_month", "")
    if not previous:
        return None
    if table.empty:
        return Block(
            "Revisions since the last pack",
            [f"No figure for the months both packs cover changed since the {month_name(previous)} pack."],
        )
    by_indicator = table.groupby("indicator_id").size()
    largest = table.assign(size=table["change"].abs()).sort_values("size", ascending=False).head(REVISIONS_SHOWN)
    sentences = [
        f"Because the case management system is live, past figures change as records are added or corrected. "
        f"Since the {month_name(previous)} pack, {plural(len(table), 'figure')} for the months both packs cover "
        f"changed, in {plural(len(by_indicator), 'indicator')}"
        + (f"; the {REVISIONS_SHOWN} largest changes are listed." if len(table) > REVISIONS_SHOWN else "."),
    ]
    return Block(
        "Revisions since the last pack",
        sentences,
        revisions.for_display(largest),
        f"Figures that changed since the {month_name(previous)} pack",
        {"Was": "{:,.2f}", "Now": "{:,.2f}", "Change": "{:+,.2f}"},
    )


BUILDERS: list[Callable] = [findings_block, notes_block, workforce_block, revisions_block]


def register(builder: Callable) -> Callable:
    """Add a block builder (``builder(section) -> Block | None``) to the section; usable as a decorator."""
    if builder not in BUILDERS:
        BUILDERS.append(builder)
    return builder


def blocks(s) -> list[Block]:
    """Every block of the section, in order (builders returning None are skipped)."""
    out = []
    for builder in BUILDERS:
        block = builder(s)
        if block is not None:
            out.append(block)
    return out


def show_block(block: Block) -> None:
    """Show one block (heading level 3, sentences, table)."""
    from boardpack.document import display

    if block.heading:
        display.show_heading(block.heading, level=3)
    display.show_sentences(block.sentences)
    if block.table is not None and not block.table.empty:
        display.show_table(block.table, caption=block.caption, formats=block.formats)


def show(s) -> None:
    """Show the whole section's blocks."""
    for block in blocks(s):
        show_block(block)
