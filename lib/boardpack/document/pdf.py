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

Laid out in two parts at once. The appendix (some 2,300 table cells on the demo) costs WeasyPrint
about as much as the rest of the report, so :func:`build_pdf` lays the report out in this process
while a worker lays out the appendix (``submit``: an executor's ``submit``, :mod:`boardpack.run.worker`),
then :func:`join` puts the two PDFs together with pypdf and stamps "Page n of N" on every page.
The contents list still gets the appendix's page from WeasyPrint: the report part ends with an
empty page carrying the appendix's anchor (``target-counter`` finds it), which the join leaves out.
Without ``submit`` the parts are laid out one after the other, with the same result.
"""

from __future__ import annotations

import io
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


PAGE_NUMBER_CSS = """@bottom-right { content: "Page " counter(page) " of " counter(pages);
                 font: 8.5pt "DejaVu Sans", sans-serif; color: #333; }"""
PAGES_CSS = """@page { size: A4; margin: 20mm 14mm 18mm 14mm; %s }
@page wide { size: A4 landscape; margin: 18mm 14mm 16mm 14mm; }"""


def page_css(la_name: str, month, numbered: bool = True) -> str:
    """The paged-media style: A4, running header and page numbers, contents, breaks, wide tables.
    ``numbered=False`` leaves out "Page n of N" (a part of the PDF that :func:`join` numbers)."""
    header = " · ".join(p for p in ((la_name or "").strip(), to_month(month).strftime("%B %Y")) if p)
    return f"""
@page {{
  size: A4;
  margin: 20mm 14mm 18mm 14mm;
  @top-left {{ content: {_css_string(header)}; font: 8.5pt "DejaVu Sans", sans-serif; color: #333; }}
  @top-right {{ content: string(section); font: 8.5pt "DejaVu Sans", sans-serif; color: #333; }}
  {PAGE_NUMBER_CSS if numbered else ""}
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
.bp-table-wrap.bp-wide-wrap, .bp-heading.bp-wide-next {{ page: wide; }}
.jp-RenderedHTMLCommon table.bp-wide {{ font-size: 8pt !important; width: 100%; }}
.jp-RenderedHTMLCommon table.bp-wide th, .jp-RenderedHTMLCommon table.bp-wide td {{
  overflow-wrap: normal !important; padding: 1px 2px !important; }}
.jp-RenderedHTMLCommon table.bp-wide td {{ white-space: nowrap !important; }}
.bp-visually-hidden {{ display: none; }}
section.bp-appendix {{ break-before: page; }}
section.bp-appendix .bp-appendix-item {{ break-inside: avoid; margin-bottom: 0.8em; }}
section.bp-appendix table.bp-table {{ font-size: 8pt !important; }}
section.bp-appendix p.bp-appendix-where {{ font-size: 8pt; margin: 0.2em 0; color: #333; }}
body {{ counter-reset: chart; }}  /* one counter for the document: without it each chart starts its own */
figure.bp-chart[data-figures] {{ counter-increment: chart; }}
figure.bp-chart[data-figures] figcaption::before {{ content: "Chart " counter(chart) ": "; font-weight: 600; }}
section.bp-appendix .bp-appendix-item {{ counter-increment: appendix-chart; }}
section.bp-appendix p.bp-appendix-where::before {{ content: "Chart " counter(appendix-chart); font-weight: 600; }}
/* two columns of floats, fixed table layout: a third of the time inline blocks and auto layout take */
section.bp-appendix .bp-appendix-item {{ float: left; width: 48%; margin-right: 1.5%; }}
section.bp-appendix.jp-RenderedHTMLCommon table.bp-table {{ table-layout: fixed !important; width: 100% !important; }}
"""


# a heading with nothing but the markup of outputs between it and a wide table
_HEADING_BEFORE_WIDE = re.compile(
    r"""(<h[1-6]\b[^>]*\bclass=["']bp-heading)(["'][^>]*>(?:(?!</h[1-6]>).)*</h[1-6]>\s*"""
    r"""(?:</div>\s*)*(?:<div\b[^>]*>\s*)*<div class=["']bp-table-wrap bp-wide-wrap)""",
    re.DOTALL,
)


def pdf_html(document: str) -> str:
    """The HTML the PDF is made from: each chart's figures moved from its ``<details>`` into an
    appendix at the end (listed in the contents), each with the page of its chart; a heading
    straight before a wide table goes on the table's landscape page (``bp-wide-next``), not
    alone on a portrait page before it."""
    document = _HEADING_BEFORE_WIDE.sub(r"\1 bp-wide-next\2", document)
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


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_image_data(png: bytes) -> bytes | None:
    """The compressed pixel data (its IDAT chunks) of an 8-bit RGB, non-interlaced PNG, which is
    what a PDF image stream holds (``/FlateDecode`` with PNG predictors); None for any other PNG."""
    header = png[8:33]
    if (
        len(header) < 25
        or png[:8] != _PNG_SIGNATURE
        or header[4:8] != b"IHDR"
        or header[16:19] != b"\x08\x02\x00"
        or header[20]
    ):
        return None  # not: bit depth 8, colour type 2 (RGB), deflate ... interlace 0
    chunks, at = [], 8
    while at + 8 <= len(png):
        length, kind = int.from_bytes(png[at : at + 4], "big"), png[at + 4 : at + 8]
        if kind == b"IDAT":
            chunks.append(png[at + 8 : at + 8 + length])
        at += 12 + length
    return b"".join(chunks) or None


def _charts_as_drawn() -> None:
    """Let WeasyPrint put each chart's PNG data in the PDF as it is.

    WeasyPrint (70) decodes every PNG and encodes it again with Pillow to take out its pixel data
    (``RasterImage._get_png_data``): a sixth of the time to lay the report out, for the same
    pixels. The charts are opaque 8-bit RGB PNGs (``display.png_bytes``), whose own data is
    already what the PDF stream needs; any other image goes WeasyPrint's way."""
    from weasyprint.images import RasterImage

    encode = RasterImage.__dict__["_get_png_data"].__func__
    if getattr(encode, "boardpack", False):
        return

    def png_data(pillow_image):
        source = getattr(pillow_image, "fp", None)
        data = png_image_data(source.getvalue()) if isinstance(source, io.BytesIO) else None
        return data if data is not None else encode(pillow_image)

    png_data.boardpack = True
    RasterImage._get_png_data = staticmethod(png_data)


def _laid_out(print_html: str, la_name: str, month, numbered: bool = True):
    from weasyprint import CSS, HTML

    _charts_as_drawn()

    return HTML(string=print_html).render(stylesheets=[CSS(string=page_css(la_name, month, numbered))])


def render(document: str, la_name: str, month):
    """The whole report laid out as one document (WeasyPrint ``Document``: ``.pages``,
    ``.write_pdf()``): the layout :func:`build_pdf` produces in parts, page for page."""
    return _laid_out(pdf_html(document), la_name, month)


APPENDIX_MARK = f"<div id='{APPENDIX_ID}' class='bp-appendix-mark' style='break-before: page'></div>"


def split(document: str) -> tuple[str, str | None]:
    """The print HTML in two documents: the report (ending with an empty page that holds the
    appendix's anchor, for the contents' page number) and the appendix on its own with the same
    head; ``(report, None)`` when there are no charts and so no appendix."""
    whole = pdf_html(document)
    start = whole.find("<section class='bp-appendix")
    if start < 0:
        return whole, None
    end = whole.index("</section>", start) + len("</section>")
    body = whole.index(">", whole.index("<body")) + 1
    report = whole[:start] + APPENDIX_MARK + whole[end:]
    appendix = whole[:body] + "<main>" + whole[start:end] + "</main></body></html>"
    return report, appendix


def render_part(html: str, la_name: str, month, drop_last: bool = False) -> tuple[bytes, list[bool]]:
    """One part laid out without page numbers: ``(pdf bytes, landscape or not for each page to
    keep)``; ``drop_last`` keeps all but the last page (the report part's anchor page, which stays in
    the bytes so that the contents' link to the appendix is written; :func:`join` leaves it out).
    Runs in the run's worker too."""
    laid_out = _laid_out(html, la_name, month, numbered=False)
    keep = laid_out.pages[:-1] if drop_last else laid_out.pages
    return laid_out.write_pdf(), [page.width > page.height for page in keep]


def _page_numbers(landscape: list[bool]) -> bytes:
    """A PDF of empty pages, portrait or landscape like the report's, each with its "Page n of N"."""
    from weasyprint import CSS, HTML

    pages = "".join("<div class='wide'></div>" if wide else "<div></div>" for wide in landscape)
    css = PAGES_CSS % PAGE_NUMBER_CSS + " div + div { break-before: page; } div.wide { page: wide; }"
    return HTML(string=f"<html><body>{pages}</body></html>").render(stylesheets=[CSS(string=css)]).write_pdf()


def _relink_appendix(writer, report, kept: int) -> None:
    """Put back the report part's links to the appendix: pypdf drops them, because in that part
    their target is the anchor page the join leaves out; in the joined PDF the name is the
    appendix's own destination."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

    for index, page in enumerate(report.pages[:kept]):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Dest") == APPENDIX_ID:
                link = {"/Type": NameObject("/Annot"), "/Subtype": NameObject("/Link")}
                link |= {"/Rect": ArrayObject(annotation["/Rect"]), "/Border": ArrayObject([NumberObject(0)] * 3)}
                link["/Dest"] = TextStringObject(APPENDIX_ID)
                writer.add_annotation(index, DictionaryObject({NameObject(k): v for k, v in link.items()}))


def _nest_outline(writer, reader, items, parent, offset: int) -> None:
    """Add a part's bookmarks (pypdf's nested list: an item, then a list of its children) under
    ``parent``, their pages moved on by ``offset``."""
    added = parent
    for item in items:
        if isinstance(item, list):
            _nest_outline(writer, reader, item, added, offset)
        else:
            page = offset + reader.get_destination_page_number(item)
            added = writer.add_outline_item(title=item.title, page_number=page, parent=parent)


def join(parts: list[tuple[bytes, list[bool]]]) -> bytes:
    """The parts' PDFs as one, in order, "Page n of N" stamped on every page; the first part's
    metadata and language, every part's bookmarks (a later part's under the first part's title)
    and link targets (named destinations). Of each part only the pages its landscape list
    describes are kept."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter()
    readers = [PdfReader(io.BytesIO(data)) for data, _ in parts]
    for index, (reader, (_, landscape)) in enumerate(zip(readers, parts, strict=True)):
        # a later part's bookmarks go where one laid-out document puts them: under the last
        # bookmark that holds others (the report's title, over its sections), else beside them
        outline = writer.outline
        start, nest = len(writer.pages), index > 0 and len(outline) > 1 and isinstance(outline[-1], list)
        writer.append(reader, pages=(0, len(landscape)), import_outline=not nest)
        if nest:
            _nest_outline(writer, reader, reader.outline, outline[-2].indirect_reference, start)
    _relink_appendix(writer, readers[0], len(parts[0][1]))
    if readers[0].metadata:
        writer.add_metadata(dict(readers[0].metadata))
    lang = readers[0].trailer["/Root"].get("/Lang")
    if lang is not None:
        writer.root_object[NameObject("/Lang")] = lang
    numbers = PdfReader(io.BytesIO(_page_numbers([wide for _, landscape in parts for wide in landscape])))
    for page, number in zip(writer.pages, numbers.pages, strict=True):
        page.merge_page(number)
        page.compress_content_streams()  # merging leaves the page's drawing uncompressed
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def build_pdf(document: str, la_name: str, month, submit=None) -> tuple[bytes, int]:
    """``(pdf bytes, number of pages)`` of the month's HTML document; ``submit(fn, *args)`` (an
    executor's) lays the appendix out in a worker while this process lays out the report."""
    report, appendix = split(document)
    if appendix is None:
        laid_out = _laid_out(report, la_name, month)
        return laid_out.write_pdf(), len(laid_out.pages)
    later = submit(render_part, appendix, la_name, month) if submit else None
    first = render_part(report, la_name, month, drop_last=True)
    second = later.result() if later is not None else render_part(appendix, la_name, month)
    return join([first, second]), len(first[1]) + len(second[1])
