"""``boardpack commentary``: one Markdown file per section with the drafted sentences and the
figures, as the analyst's starting point, written where the run will read it.

Each file holds the section's own drafted sentences (``narrative.<section>.sentences``), the
sentences of its headline figures, and the headline table as Markdown (this month, last month, a
year ago, target, England, region, neighbours, status). A file that is already there is never
replaced: it is the analyst's.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from boardpack.board import commentary, summary
from boardpack.narrative import assessments as assessment_words
from boardpack.narrative import (
    child_protection,
    contacts,
    early_help,
    health,
    looked_after,
    referrals,
    strategy,
    workforce,
)
from boardpack.narrative.board import headline_sentences, movement_sentences
from boardpack.narrative.phrases import month_name

# The sections with commentary, in report order (the title page has none), and their sentences.
SENTENCES = {
    "summary": lambda s: movement_sentences(summary.section_compare(s, summary.all_headlines()), s.month, s.params),
    "early_help": early_help.sentences,
    "contacts": contacts.sentences,
    "referrals": referrals.sentences,
    "assessments": lambda s: [
        sentence
        for kind in ("initial", "core", "single")
        if not s.series("assessments_completed", kind).dropna().empty
        for sentence in assessment_words.sentences(s, kind)
    ],
    "strategy_s47": strategy.sentences,
    "child_protection": child_protection.sentences,
    "looked_after": looked_after.sentences,
    "health": health.sentences,
    "workforce": workforce.sentences,
    "data_quality": lambda s: [],
}


def markdown_table(frame: pd.DataFrame) -> str:
    """A small frame as a Markdown table (pipes in cells escaped).

    >>> print(markdown_table(pd.DataFrame({"A": ["x|y"], "B": [1]})))
    | A | B |
    |---|---|
    | x\\|y | 1 |
    """
    if frame.empty:
        return ""

    def cell(value) -> str:
        return str("" if pd.isna(value) else value).replace("|", "\\|")

    lines = ["| " + " | ".join(cell(c) for c in frame.columns) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)


def draft(s) -> str:
    """The section's starting text: drafted sentences, headline sentences and the headline table."""
    parts = [
        f"<!-- Drafted by boardpack for {month_name(s.month)}: edit freely; this file is yours and is "
        "never overwritten. -->"
    ]
    try:
        sentences = [x for x in SENTENCES.get(s.id, lambda _: [])(s) if x]
    except KeyError:  # a section whose tables are absent has nothing to draft
        sentences = []
    if sentences:
        parts.append("\n\n".join(sentences))
    rows = summary.comparison_rows(s) if s.id not in ("summary", "data_quality") else pd.DataFrame()
    if not rows.empty:
        parts.append("\n".join(" ".join(headline_sentences(r, s.month, s.params)) for r in rows.to_dict("records")))
        parts.append(f"Figures for {month_name(s.month)}:\n\n" + markdown_table(summary.scorecard(rows, s.month)))
    return "\n\n".join(parts) + "\n"


def write_drafts(context, folder, sections=None) -> list[tuple[Path, bool]]:
    """Write each section's draft into ``folder``; returns (path, written) pairs, ``written`` False
    where a file was already there and was kept."""
    from boardpack.document.section import Section

    out = []
    Path(folder).mkdir(parents=True, exist_ok=True)
    for section_id in sections or SENTENCES:
        path = commentary.path_for(folder, section_id)
        if path.exists():
            out.append((path, False))
            continue
        text = draft(Section(section_id, context))
        try:
            with path.open("x", encoding=commentary.ENCODING) as handle:  # "x": never replace a file
                handle.write(text)
            out.append((path, True))
        except FileExistsError:
            out.append((path, False))
    return out
