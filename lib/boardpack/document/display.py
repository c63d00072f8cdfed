"""How a section notebook shows things: sentences, tables, charts, notes.

Everything shown goes through these functions, so the HTML has one look, charts carry
alternative text, and text that came from data or analysts is escaped.
"""

from __future__ import annotations

import base64
import html
import io

import pandas as pd
from IPython.display import HTML, Markdown, display  # noqa: F401  (re-exported for board.py)


def show_heading(text: str, level: int = 2) -> None:
    """A heading in the document (it becomes an entry of the table of contents)."""
    display(Markdown(f"{'#' * level} {html.escape(text, quote=False)}"))


def show_sentences(sentences) -> None:
    """Drafted sentences, one paragraph each (blank ones skipped)."""
    paragraphs = [html.escape(s, quote=False) for s in sentences if s]
    if paragraphs:
        display(HTML("".join(f"<p class='bp-sentence'>{p}</p>" for p in paragraphs)))


def show_note(text: str) -> None:
    """A short note in smaller type (e.g. "No data: the extract holds no ssd_cp_visits")."""
    display(HTML(f"<p class='bp-note'><em>{html.escape(text, quote=False)}</em></p>"))


def chart_html(fig, alt: str) -> str:
    """A figure as an inline PNG inside a <figure>, with its alternative text and caption."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    alt = html.escape(alt)
    return (
        f"<figure class='bp-chart'><img src='data:image/png;base64,{data}' alt='{alt}' "
        f"style='max-width:100%'/><figcaption>{alt}</figcaption></figure>"
    )


def show_chart(fig, alt: str | None = None) -> None:
    """Show a chart; ``alt`` defaults to the chart's title."""
    if alt is None:
        # the house style puts titles on the left ("axes.titlelocation"), where get_title() does not look
        titles = [ax.get_title(loc) for ax in fig.axes[:1] for loc in ("left", "center", "right")]
        alt = next((t for t in titles if t), "Chart")
    display(HTML(chart_html(fig, alt)))


def table_html(frame: pd.DataFrame, caption: str = "", formats: dict | None = None, index: bool = False) -> str:
    """A small table as HTML with a caption; values escaped; ``formats`` maps column -> format string."""
    frame = frame.copy()
    for column, fmt in (formats or {}).items():
        if column in frame:
            frame[column] = frame[column].map(lambda v, f=fmt: "" if pd.isna(v) else f.format(v))
    # A table of more than ten columns (the workforce by team and role) is marked wide: the print
    # style sets it smaller so that it fits the page.
    classes = "bp-table bp-wide" if len(frame.columns) > 10 else "bp-table"
    table = frame.to_html(index=index, escape=True, na_rep="", border=0, classes=classes)
    if caption:
        table = table.replace(">", f"><caption>{html.escape(caption)}</caption>", 1)
    return table


def show_table(frame: pd.DataFrame, caption: str = "", formats: dict | None = None, index: bool = False) -> None:
    """Show a table with a caption that says what it holds."""
    display(HTML(table_html(frame, caption, formats, index)))
