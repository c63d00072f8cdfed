"""The board's view of a section, as shown: headline figures with their comparisons, SPC charts
and commentary.

Every section notebook calls ``show_headlines(s)`` under its heading and ``show_commentary(s)``
at its end, and passes ``reference_lines(s, id, breakdown)`` to its charts, so that targets,
benchmarks and statistical process control signals reach every section from one place. The
figures come from ``board.headlines`` (which headlines, their comparisons); the words from
``narrative.board``.
"""

from __future__ import annotations

from boardpack.board import commentary, spc, summary, targets
from boardpack.board.headlines import reference_lines, target_for
from boardpack.board.summary import comparison_rows
from boardpack.document import display
from boardpack.indicators.frames import HEADLINE
from boardpack.narrative.board import context_sentence, headline_sentences
from boardpack.narrative.phrases import month_name

__all__ = ["show_headlines", "show_spc", "show_commentary", "draft_commentary", "reference_lines"]


def show_headlines(s) -> None:
    """The section's headline figures with their comparisons, then one sentence on each headline's
    SPC signal, benchmarks and target (the section's own sentences say the changes)."""
    rows = comparison_rows(s)
    if rows.empty:
        return
    display.show_table(summary.scorecard(rows, s.month), caption=f"Headline figures, {month_name(s.month)}")
    display.show_note(summary.table_note(rows, s.params))
    display.show_sentences(context_sentence(row, s.month, s.params) for row in rows.to_dict("records"))


def show_spc(s, indicator_id: str, breakdown: str = HEADLINE, title: str | None = None, ylabel: str = "") -> None:
    """An SPC (XmR) chart of one indicator over the pack's months, with its target."""
    from boardpack.document import charts  # noqa: PLC0415 (matplotlib only when an SPC chart is drawn)

    series = s.series(indicator_id, breakdown)
    if series.dropna().empty:
        return
    options = spc.options(s.params)
    chart = spc.xmr(series, int(options["shift_points"]), int(options["trend_points"]), bool(options["two_of_three"]))
    target = target_for(s.params, indicator_id, breakdown)
    title = title or f"{indicator_id}: monthly values against their usual range"
    display.show_chart(
        charts.xmr(
            chart,
            title,
            ylabel,
            None if target is None else target["value"],
            targets.better_for(s.params, indicator_id, breakdown),
        )
    )


def show_commentary(s) -> None:
    """The analysts' commentary for this section and month, if any (rendered with HTML escaped);
    a section with no file shows nothing, and the public edition only commentary marked public."""
    block = commentary.html_for(commentary.read(s, public=s.params.get("edition") == "public"))
    if block:
        display.display(display.HTML(block))


def draft_commentary(s) -> str:
    """The drafted sentences of the section's headlines, as Markdown to start the commentary from."""
    table = comparison_rows(s)
    paragraphs = [" ".join(headline_sentences(row, s.month, s.params)) for row in table.to_dict("records")]
    return "\n\n".join(paragraphs) + ("\n" if paragraphs else "")
