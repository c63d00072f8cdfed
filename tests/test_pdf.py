"""The PDF edition of the demo pack: A4 pages numbered "Page n of N" under a running header,
contents with the right page numbers, each section on a new page, no chart cut across pages, the
scorecard on one page, wide tables on landscape pages; the same for the public edition.

The real engine runs (WeasyPrint); pypdf reads back what the PDF file says.
"""

import json
import re
from collections import defaultdict

import pytest

pytestmark = pytest.mark.e2e

HEADER = "Demoshire · December 2014"


def _texts(path):
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return reader, [page.extract_text() or "" for page in reader.pages]


@pytest.fixture(scope="module", params=["board-report", "board-report-public"])
def edition(request, demo_pack):
    out, result, _ = demo_pack
    assert result.returncode == 0, result.stderr
    return out, request.param


def test_pdf_exists_and_every_page_has_its_number_and_the_running_header(edition):
    out, name = edition
    reader, texts = _texts(out / f"{name}.pdf")
    n = len(texts)
    record = json.loads((out / "run.json").read_text())
    assert n == record["timings"]["pdf_pages" if name == "board-report" else "public_pdf_pages"] and n > 20
    for number, text in enumerate(texts, 1):
        assert f"Page {number} of {n}" in text, number
        assert HEADER in text, number
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
    assert (595, 842) in sizes and sizes <= {(595, 842), (842, 595)}


def test_contents_give_the_page_each_section_starts_on(edition):
    out, name = edition
    _, texts = _texts(out / f"{name}.pdf")
    contents = next(t for t in texts if "Contents" in t)
    entries = re.findall(r"^\s*(?:\d+\.\s*)?(\S.*?)\s*\.{3,}\s*(\d+)\s*$", contents, re.MULTILINE)
    titles = {title.strip(" .") for title, _ in entries}
    assert {"Summary", "Contacts", "Workforce", "Data quality"} <= titles, contents
    for title, page in entries:
        body = texts[int(page) - 1]
        # the section's heading opens its page (after the running header)
        assert title.strip(" .").split()[0] in body, (title, page)


@pytest.fixture(scope="module")
def layout(demo_pack):
    """Which pages each element of the full edition's HTML lands on (WeasyPrint's own layout)."""
    from boardpack.document import pdf

    out, result, _ = demo_pack
    document = pdf.render((out / "board-report.html").read_text(encoding="utf-8"), "Demoshire", "2014-12")
    pages = defaultdict(set)
    for number, page in enumerate(document.pages, 1):
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is not None:
                pages[element].add(number)
    return document, pages


def test_no_chart_is_cut_and_the_scorecard_is_one_page(layout):
    document, pages = layout
    figures = [e for e in pages if e.tag == "figure"]
    assert len(figures) > 20
    assert [sorted(pages[f]) for f in figures if len(pages[f]) > 1] == []
    captions = {e: "".join(e.itertext()) for e in pages if e.tag == "caption"}
    scorecard = [c for c, text in captions.items() if text.startswith("Scorecard of headline figures")]
    assert len(scorecard) == 1
    table = next(e for e in pages if e.tag == "table" and scorecard[0] in list(e))
    assert len(pages[table]) == 1


def test_each_section_starts_a_new_page_and_wide_tables_are_landscape(layout):
    document, pages = layout
    starts = [e for e in pages if e.tag == "h2" and re.fullmatch(r"section-[a-z0-9_]+", e.get("id") or "")]
    first_pages = [min(pages[e]) for e in starts]
    assert len(starts) >= 10 and len(set(first_pages)) == len(first_pages)  # no two sections share a page
    wide = [e for e in pages if e.tag == "table" and "bp-wide" in (e.get("class") or "")]
    assert wide
    for table in wide:
        for number in pages[table]:
            page = document.pages[number - 1]
            assert page.width > page.height, number  # landscape

    def font_points(element):
        boxes = [b for page in document.pages for b in page._page_box.descendants() if b.element is element]
        return min(b.style["font_size"] for b in boxes) * 0.75  # CSS px -> points

    assert min(font_points(t) for t in wide) >= 8  # legible: 8 point, not shrunk to fit


def test_a_heading_before_a_wide_table_shares_its_landscape_page(layout):
    """A section whose headline table is wide (the Summary's scorecard) starts on the table's
    landscape page: no portrait page holding its heading alone."""
    document, pages = layout
    wide = [e for e in pages if e.tag == "table" and "bp-wide" in (e.get("class") or "")]
    headed = [e for e in pages if e.tag == "h2" and "bp-wide-next" in (e.get("class") or "")]
    assert {e.get("id") for e in headed} >= {"section-summary"}
    for heading in headed:
        (number,) = pages[heading]
        page = document.pages[number - 1]
        assert page.width > page.height, heading.get("id")
        assert any(number in pages[t] for t in wide), heading.get("id")  # with its table


def test_charts_are_numbered_in_order_like_their_tables_in_the_appendix(edition):
    out, name = edition
    _, texts = _texts(out / f"{name}.pdf")
    start = next(i for i, t in enumerate(texts) if "Appendix: the figures behind the charts" in t and "...." not in t)
    charts = [int(n) for t in texts[:start] for n in re.findall(r"Chart (\d+):", t)]
    tables = [int(n) for t in texts[start:] for n in re.findall(r"Chart (\d+)\b", t)]
    assert len(charts) > 20 and charts == list(range(1, len(charts) + 1))  # each chart its own number
    assert tables == charts
