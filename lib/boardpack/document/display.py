"""How a section notebook shows things: sentences, tables, charts, notes.

Everything shown goes through these functions, so the HTML has one look, charts carry
alternative text, and text that came from data or analysts is escaped.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io

import pandas as pd
from IPython.display import HTML, Markdown, display  # noqa: F401  (re-exported for board.py)

from boardpack.board.suppression import SUPPRESSED, cell_discloses, marked, sentence_discloses, with_c
from boardpack.document import edition
from boardpack.narrative.charts import describe, fmt_value, is_number


def show_heading(text: str, level: int = 2) -> None:
    """A heading in the document (it becomes an entry of the table of contents)."""
    display(Markdown(f"{'#' * level} {html.escape(text, quote=False)}"))


def sentences_html(sentences) -> str:
    """Drafted sentences, one paragraph each (blank ones skipped). In the public edition a sentence
    that would quote a suppressed figure or a count of 1 to the threshold is left out."""
    threshold = edition.public_threshold()
    sentences = [s for s in sentences if s and not (threshold and sentence_discloses(s, threshold))]
    return "".join(f"<p class='bp-sentence'>{html.escape(s, quote=False)}</p>" for s in sentences)


def show_sentences(sentences) -> None:
    """Show drafted sentences (see :func:`sentences_html`)."""
    paragraphs = sentences_html(sentences)
    if paragraphs:
        display(HTML(paragraphs))


def show_note(text: str) -> None:
    """A short note in smaller type (e.g. "No data: the extract holds no ssd_cp_visits")."""
    display(HTML(f"<p class='bp-note'><em>{html.escape(text, quote=False)}</em></p>"))


def _figures_table(record: dict) -> str:
    """The numbers behind a chart as a table: one row a month (or a label), one column a series.
    In the public edition a figure suppressed in the indicator frame, or left out of the chart as a
    count of 1 to the threshold, carries the mark (``attrs``, from the section and the chart) and
    shows ``c``; a figure the data lack stays blank ("no data")."""
    data = record["data"]
    if isinstance(data, pd.Series):
        data = data.to_frame()
    hidden = marked(record["data"])
    hidden.columns = data.columns
    data = data.copy()
    if record.get("kind") == "spc":
        names = {"value": "Value", "mean": "Average", "lcl": "Lower limit", "ucl": "Upper limit"}
        kept = [c for c in names if c in data]
        data, hidden = data[kept].rename(columns=names), hidden.reindex(columns=kept, fill_value=False)
        hidden = hidden.rename(columns=names)
    index = data.index
    if isinstance(index, pd.DatetimeIndex):
        index = index.to_period("M")
    first = "Month" if isinstance(index, pd.PeriodIndex) else "Label"
    labels = [p.strftime("%b %Y") if isinstance(p, pd.Period) else str(p) for p in index]
    unit = record.get("unit", "") or ""
    columns = {c: (str(c) if any(ch.isalpha() for ch in str(c)) else f"Value ({c})".replace(" ()", "")) for c in data}
    shown = pd.DataFrame({first: labels})
    for column, name in columns.items():
        shown[name] = [
            SUPPRESSED
            if h and not is_number(v)
            else ("" if not is_number(v) else fmt_value(round(float(v), 2) if not float(v).is_integer() else v, unit))
            for v, h in zip(data[column].to_numpy(), hidden[column].to_numpy(bool))
        ]
    return table_html(shown, caption=f"The figures in the chart: {record.get('title') or 'chart'}")


def png_bytes(fig) -> bytes:
    """The chart as an opaque (RGB) PNG at ``savefig.dpi``, drawn once.

    Not ``savefig``: with a layout engine it draws the figure twice, and it writes an alpha channel
    the white charts do not use, which the PDF engine would split off and encode again. The charts'
    constrained layout already fits titles, legends and labels, so no ``bbox_inches="tight"``.
    """
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    dpi = float(mpl.rcParams["savefig.dpi"]) if mpl.rcParams["savefig.dpi"] != "figure" else fig.dpi
    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(physical=True), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="png", compress_level=3, dpi=(round(dpi), round(dpi)))
    return buffer.getvalue()


def chart_html(fig, alt: str | None = None) -> str:
    """A figure as an inline PNG inside a <figure>: alternative text that says what the chart shows
    (built from the figures the chart function attached, ``fig.bp_chart``, by
    :func:`boardpack.narrative.charts.describe`), the title as caption, and the figures as a table
    in a collapsed ``<details>`` (the PDF lists them in an appendix)."""
    record = getattr(fig, "bp_chart", None)
    title = (record or {}).get("title") or alt or "Chart"
    if alt is None:
        alt = f"{title}. {describe(record)}" if record else title
    data = base64.b64encode(png_bytes(fig)).decode("ascii")
    caption = " ".join([title, *((record or {}).get("notes") or [])])
    chart_id = "chart-" + hashlib.sha1((title + alt).encode("utf-8")).hexdigest()[:12]
    details = ""
    if record is not None and record.get("data") is not None and len(record["data"]):
        details = (
            f"<details class='bp-chart-data' data-chart='{chart_id}'><summary>The figures in this chart</summary>"
            f"{_figures_table(record)}</details>"
        )
    return (
        f"<figure class='bp-chart' id='{chart_id}'><img src='data:image/png;base64,{data}' "
        f"alt='{html.escape(alt)}' style='max-width:100%'/><figcaption>{html.escape(caption)}</figcaption>"
        f"{details}</figure>"
    )


def show_chart(fig, alt: str | None = None) -> None:
    """Show a chart; ``alt`` defaults to a description built from the chart's figures."""
    display(HTML(chart_html(fig, alt)))


# Why a cell is blank, by the column it is in (the rest: "no data").
BLANK_REASONS = (
    (("target", "status"), "no target"),
    (("england", "region", "neighbour", "benchmark"), "not published"),
    (("spc",), "no signal"),
    (("travel",), "no comparison"),
)


def blank_reason(column: str) -> str:
    """What a blank cell in ``column`` means.

    >>> blank_reason("Target"), blank_reason("England"), blank_reason("Dec 2014")
    ('no target', 'not published', 'no data')
    """
    name = str(column).lower()
    return next((reason for words, reason in BLANK_REASONS if any(w in name for w in words)), "no data")


def _cell(value, column: str) -> str:
    """One data cell; a blank one shows a dash and says why to a screen reader (and on hover).
    In the public edition a suppressed figure (the builder put ``c`` in the cell, from the mark it
    carries) shows ``c``, and so does a count of 1 to the threshold (the safety net); a figure the
    data lack stays a blank that says "no data", as in the full edition."""
    text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    reason = blank_reason(column)
    threshold = edition.public_threshold()
    if threshold and (text.strip() == SUPPRESSED or cell_discloses(text, threshold)):
        return f"<td class='bp-suppressed' title='not published'>{SUPPRESSED}</td>"
    if text.strip():
        return f"<td>{html.escape(text)}</td>"
    return (
        f"<td class='bp-blank' title='{reason}'><span aria-hidden='true'>–</span>"
        f"<span class='bp-visually-hidden'>{reason}</span></td>"
    )


def table_html(frame: pd.DataFrame, caption: str = "", formats: dict | None = None, index: bool = False) -> str:
    """A small table as HTML with a caption: column headers ``<th scope="col">``, the first column
    (or the index) as row headers ``<th scope="row">``, values escaped, and a blank cell saying why
    it is blank (no target, not published, no data). ``formats`` maps column -> format string."""
    frame = with_c(frame)  # a marked (suppressed) cell shows c
    frame = frame.copy()
    if index:
        frame = frame.reset_index()
    for column, fmt in (formats or {}).items():
        if column in frame:
            frame[column] = frame[column].map(
                lambda v, f=fmt: v if isinstance(v, str) and v == SUPPRESSED else ("" if pd.isna(v) else f.format(v))
            )
    # A table of more than ten columns (the workforce by team and role) is marked wide: the PDF
    # puts it on a landscape page.
    classes = "bp-table bp-wide" if len(frame.columns) > 10 else "bp-table"
    columns = [str(c) for c in frame.columns]
    head = "".join(f"<th scope='col'>{html.escape(c)}</th>" for c in columns)
    rows = []
    for values in frame.itertuples(index=False, name=None):  # a shown table: tens of rows at most
        cells = []
        for position, (column, value) in enumerate(zip(columns, values)):
            if position == 0:
                text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
                cells.append(f"<th scope='row'>{html.escape(text)}</th>")
            else:
                cells.append(_cell(value, column))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    caption_html = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    # The wrapper scrolls a table wider than a small screen (the page itself never scrolls
    # sideways); the template's script makes it a named, focusable region only when it does scroll.
    wrap = "bp-table-wrap bp-wide-wrap" if len(frame.columns) > 10 else "bp-table-wrap"
    return (
        f"<div class='{wrap}' data-label='{html.escape(caption or 'Table')}'>"
        f"<table class='dataframe {classes}'>{caption_html}<thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def show_table(frame: pd.DataFrame, caption: str = "", formats: dict | None = None, index: bool = False) -> None:
    """Show a table with a caption that says what it holds."""
    display(HTML(table_html(frame, caption, formats, index)))
