"""The PDF edition: ``board-report.pdf`` (A4) from the one HTML, with WeasyPrint (CSS Paged Media).

What the print style adds to the HTML's own ``@media print`` rules (docs/pdf-and-public-edition.md
says why WeasyPrint):

* a running header on every page (the council and the month on the left, the section on the
  right, from ``string-set``) and "Page n of N" at the foot;
* the contents list with each section's page number (``target-counter``) after dot leaders;
* each section on a new page (the export tags each section's first cell ``bp-section-start``);
* charts and short tables never cut across pages (``break-inside: avoid``); the summary
  scorecard on one page (smaller type if it must);
* a wide table (more than ten columns, e.g. the workforce by team and role) on a landscape page of
  its own at 8 point, not shrunk to fit a portrait page;
* the figures behind every chart (a collapsed ``<details>`` in the HTML) gathered into an appendix,
  charts and tables numbered alike ("Chart 12").
"""

from __future__ import annotations

import re

from boardpack.calendar import to_month

APPENDIX_ID = "bp-appendix"
APPENDIX_TITLE = "Appendix: the figures behind the charts"

_DETAILS = re.compile(
    r"""<details class=["']bp-chart-data["'] data-chart=["'](?P<chart>[^"']+)["']>\s*<summary>[^<]*</summary>"""
    r"(?P<table>.*?)</details>",
    re.DOTALL,
)


def _css_string(text: str) -> str:
    """Text as a CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_css(la_name: str, month) -> str:
    """The paged-media style: A4, running header and page numbers, contents, breaks, wide tables."""
    header = " · ".join(p for p in ((la_name or "").strip(), to_month(month).strftime("%B %Y")) if p)
    return f"""
@page {{
  size: A4;
  margin: 20mm 14mm 18mm 14mm;
  @top-left {{ content: {_css_string(header)}; font: 8.5pt "DejaVu Sans", sans-serif; color: #333; }}
  @top-right {{ content: string(section); font: 8.5pt "DejaVu Sans", sans-serif; color: #333; }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages);
                   font: 8.5pt "DejaVu Sans", sans-serif; color: #333; }}
}}
@page wide {{ size: A4 landscape; margin: 18mm 14mm 16mm 14mm; }}
html, body {{ font-size: 10pt; }}
/* the lab template lays cells out with flex boxes, across which paged media cannot break or name
   pages: plain blocks on paper */
.jp-Cell, .jp-Cell-outputWrapper, .jp-OutputArea, .jp-OutputArea-child, .jp-OutputArea-output {{
  display: block !important; }}
.jp-OutputPrompt, .jp-InputPrompt, .jp-Collapser {{ display: none !important; }}
body.jp-Notebook {{ max-width: none; margin: 0; padding: 0; }}
h2.bp-heading {{ string-set: section content(); }}
h1.bp-heading {{ string-set: section ""; }}
.celltag_bp-section-start {{ break-before: page; }}
.bp-heading, h2, h3, caption {{ break-after: avoid; }}
figure.bp-chart, table {{ break-inside: avoid; }}
figure.bp-chart img {{ max-width: 100%; max-height: 225mm; }}
tr {{ break-inside: avoid; }}
nav.bp-toc ol {{ padding-left: 1.5em; }}
nav.bp-toc a {{ color: inherit; text-decoration: none; }}
nav.bp-toc a::after {{ content: leader(".") " " target-counter(attr(href), page); }}
.jp-RenderedHTMLCommon table.bp-table {{ font-size: 8.5pt !important; width: auto; }}
.bp-table-wrap {{ overflow: visible; }}
.bp-table-wrap.bp-wide-wrap {{ page: wide; }}
.jp-RenderedHTMLCommon table.bp-wide {{ font-size: 8pt !important; width: 100%; }}
.jp-RenderedHTMLCommon table.bp-wide th, .jp-RenderedHTMLCommon table.bp-wide td {{
  overflow-wrap: normal !important; padding: 1px 2px !important; }}
.jp-RenderedHTMLCommon table.bp-wide td {{ white-space: nowrap !important; }}
.bp-visually-hidden {{ display: none; }}
section.bp-appendix {{ break-before: page; }}
section.bp-appendix .bp-appendix-item {{ break-inside: avoid; margin-bottom: 0.8em; }}
section.bp-appendix table.bp-table {{ font-size: 8pt !important; }}
section.bp-appendix p.bp-appendix-where {{ font-size: 8pt; margin: 0.2em 0; color: #333; }}
figure.bp-chart[data-figures] {{ counter-increment: chart; }}
figure.bp-chart[data-figures] figcaption::before {{ content: "Chart " counter(chart) ": "; font-weight: 600; }}
section.bp-appendix .bp-appendix-item {{ counter-increment: appendix-chart; }}
section.bp-appendix p.bp-appendix-where::before {{ content: "Chart " counter(appendix-chart); font-weight: 600; }}
section.bp-appendix .bp-appendix-item {{ display: inline-block; vertical-align: top; width: 48%; margin-right: 1.5%; }}
"""


def pdf_html(document: str) -> str:
    """The HTML the PDF is made from: each chart's figures moved from its ``<details>`` into an
    appendix at the end (listed in the contents), each with the page of its chart."""
    items = []

    def collect(match: re.Match) -> str:
        items.append((match.group("chart"), match.group("table")))
        return ""

    document = _DETAILS.sub(collect, document)
    if not items:
        return document
    # Charts and their tables are numbered by CSS counters in the same order ("Chart 12"): a
    # page reference for each (target-counter) would double the time WeasyPrint takes.
    for chart, _ in items:
        document = re.sub(
            rf"""(<figure\b[^>]*\bid=["']{re.escape(chart)}["'])""", r"\1 data-figures='1'", document, count=1
        )
    blocks = "".join(
        f"<div class='bp-appendix-item'><p class='bp-appendix-where'></p>{table}</div>" for chart, table in items
    )
    appendix = (
        f"<section class='bp-appendix jp-RenderedHTMLCommon' aria-labelledby='{APPENDIX_ID}'>"
        f"<h2 id='{APPENDIX_ID}' class='bp-heading'>{APPENDIX_TITLE}</h2>"
        f"<div class='bp-appendix-list'>{blocks}</div></section>"
    )
    document = document.replace("</ol></nav>", f'<li><a href="#{APPENDIX_ID}">{APPENDIX_TITLE}</a></li></ol></nav>', 1)
    at = document.rfind("</main>")
    at = at if at >= 0 else document.rfind("</body>")
    return document[:at] + appendix + document[at:] if at >= 0 else document + appendix


def render(document: str, la_name: str, month):
    """The laid-out PDF document (WeasyPrint ``Document``: ``.pages``, ``.write_pdf()``)."""
    from weasyprint import CSS, HTML

    return HTML(string=pdf_html(document)).render(stylesheets=[CSS(string=page_css(la_name, month))])


def build_pdf(document: str, la_name: str, month) -> tuple[bytes, int]:
    """``(pdf bytes, number of pages)`` of the month's HTML document."""
    laid_out = render(document, la_name, month)
    return laid_out.write_pdf(), len(laid_out.pages)
