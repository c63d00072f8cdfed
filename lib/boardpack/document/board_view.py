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
from boardpack.board.headlines import events_for, full_year_benchmarks, reference_lines, target_for
from boardpack.board.summary import comparison_rows
from boardpack.document import display
from boardpack.indicators.frames import HEADLINE
from boardpack.narrative.board import headline_sentences
from boardpack.narrative.phrases import month_name

__all__ = [
    "show_headlines",
    "show_spc",
    "show_commentary",
    "draft_commentary",
    "reference_lines",
    "full_year_benchmarks",
    "show_trend",
]


def show_headlines(s) -> None:
    """The section's headline figures with every comparison and one status in a table (each fact
    once: the benchmarks, target and status are in the table, not repeated in sentences), then the
    SPC chart of each headline the table marks as a special cause; the section's own sentences say
    what matters."""
    rows = comparison_rows(s)
    if rows.empty:
        return
    display.show_table(summary.scorecard(rows, s.month), caption=f"Headline figures, {month_name(s.month)}")
    display.show_note(summary.table_note(rows, s.params))


# Counts whose rate per 10,000 is charted too: the SPC chart goes with the rate (one chart a fact).
_COUNT_WITH_RATE = {"cp_plans_open", "cla_open"}


def show_trend(s, indicator_id: str, breakdown: str, figure) -> None:
    """Show a figure's trend chart, or, when this month is a special cause (SPC), the SPC chart itself
    in its place (with its target, process changes and recalculated limits), so that the label in the
    headline table is explained by its chart and the fact is charted once."""
    from boardpack.board.headlines import section_headlines

    labels = {(i, b): label for i, b, label in section_headlines(s.id, s.params)}
    row = None
    if (indicator_id, breakdown) in labels and indicator_id not in _COUNT_WITH_RATE and spc.applies(indicator_id):
        rows = summary.section_compare(s, [(s.id, indicator_id, breakdown, labels[(indicator_id, breakdown)])])
        row = None if rows.empty else rows.iloc[0]
    if row is not None and str(row["spc_signal"]).startswith("special cause"):
        show_spc(s, indicator_id, breakdown, spc_title(row))
    else:
        display.show_chart(figure)


def show_spc(s, indicator_id: str, breakdown: str = HEADLINE, title: str | None = None, ylabel: str = "") -> None:
    """An SPC (XmR) chart of one indicator over the pack's months, with its target."""
    from boardpack.document import charts  # noqa: PLC0415 (matplotlib only when an SPC chart is drawn)

    series = s.series(indicator_id, breakdown)
    if series.dropna().empty:
        return
    options = spc.options(s.params)
    chart = spc.xmr_rebased(
        series,
        spc.event_months(s.params, indicator_id),
        int(options["shift_points"]),
        int(options["trend_points"]),
        bool(options["two_of_three"]),
    )
    target = target_for(s.params, indicator_id, breakdown)
    title = title or f"{indicator_id}: monthly values against their usual range"
    display.show_chart(
        charts.xmr(
            chart,
            title,
            ylabel or ("%" if summary.is_percentage(indicator_id) else ""),
            None if target is None else target["value"],
            targets.better_for(s.params, indicator_id, breakdown),
            events=events_for(s.params, indicator_id),
        )
    )


def spc_title(row) -> str:
    """The title of a headline's SPC chart: what it shows and why it is shown."""
    label = str(row["label"]).removesuffix(" (%)")
    return f"{label}: each month against its usual range (SPC), {spc.short_label(row['spc_signal']).split(' ', 1)[-1].lower()} this month"


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
