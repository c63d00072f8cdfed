"""pdf.py on a small document: the charts' tables move to an appendix listed in the contents, and
WeasyPrint lays out a section per page with page numbers."""

import re

import pandas as pd

from boardpack.document import charts, display, pdf


def _document():
    months = pd.period_range("2014-10", periods=3, freq="M")
    chart = display.chart_html(
        charts.monthly_lines(pd.DataFrame({"Seen": [50.0, 60.0, 70.0]}, index=months), "Seen", "%")
    )
    return (
        '<html lang="en-GB"><head><title>T</title></head><body class="jp-Notebook"><main>'
        '<nav class="bp-toc"><h2>Contents</h2><ol><li><a href="#section-contacts">Contacts</a></li></ol></nav>'
        '<div class="celltag_bp-section-start"><h2 id="section-contacts" class="bp-heading">Contacts</h2>'
        f"{chart}</div></main></body></html>"
    )


def test_chart_tables_move_to_an_appendix_listed_in_the_contents():
    html = pdf.pdf_html(_document())
    assert "<details" not in html
    assert html.index("id='bp-appendix'") > html.index("<figure")
    assert f'<li><a href="#{pdf.APPENDIX_ID}">{pdf.APPENDIX_TITLE}</a></li></ol></nav>' in html
    assert "data-figures='1'" in html  # the chart is numbered alongside its table
    assert "<th scope='row'>Dec 2014</th><td>70%</td>" in html


def test_sections_start_new_pages_and_pages_are_numbered():
    document = pdf.render(_document(), "Demoshire", "2014-12")
    # contents; Contacts (a new page); the appendix (a new page)
    assert len(document.pages) == 3
    laid_out, pages = pdf.build_pdf(_document(), "Demoshire", "2014-12")
    assert laid_out.startswith(b"%PDF") and pages == 3
    assert '"Demoshire · December 2014"' in pdf.page_css("Demoshire", "2014-12")


def _pages_text(data: bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def test_the_report_and_its_appendix_are_split_with_the_same_head():
    report, appendix = pdf.split(_document())
    assert pdf.APPENDIX_MARK in report and "bp-appendix-item" not in report
    assert report.count(f"id='{pdf.APPENDIX_ID}'") == 1  # the mark, for the contents' page number
    assert appendix.startswith(report[: report.index("<body")]) and "bp-appendix-item" in appendix
    assert "<figure" not in appendix
    # a document without charts has no appendix
    plain = _document().replace(_document()[_document().index("<figure") : _document().index("</figure>") + 9], "")
    assert pdf.split(plain)[1] is None


def test_the_parts_joined_are_numbered_page_by_page_and_the_contents_find_the_appendix():
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as executor:
        data, pages = pdf.build_pdf(_document(), "Demoshire", "2014-12", executor.submit)
    texts = _pages_text(data)
    # contents (1), Contacts (2), the appendix (3): the report part's empty anchor page is left out
    assert pages == len(texts) == 3
    for number, text in enumerate(texts, 1):
        assert f"Page {number} of 3" in text and "Demoshire · December 2014" in text
    assert pdf.APPENDIX_TITLE in texts[2] and "Dec 2014" in texts[2]
    contents = texts[0]
    assert re.search(rf"{re.escape(pdf.APPENDIX_TITLE)}\s*\.+\s*3\b", contents), contents
    assert re.search(r"Contacts\s*\.+\s*2\b", contents), contents
    # the same layout without a worker
    alone, alone_pages = pdf.build_pdf(_document(), "Demoshire", "2014-12")
    assert alone_pages == 3 and _pages_text(alone) == texts


def test_the_contents_link_to_the_appendix_survives_the_join():
    import io

    from pypdf import PdfReader

    data, _ = pdf.build_pdf(_document(), "Demoshire", "2014-12")
    reader = PdfReader(io.BytesIO(data))
    assert pdf.APPENDIX_ID in reader.named_destinations
    assert reader.get_destination_page_number(reader.named_destinations[pdf.APPENDIX_ID]) == 2  # page 3
    links = [a.get_object().get("/Dest") for a in reader.pages[0].get("/Annots") or []]
    assert pdf.APPENDIX_ID in links


def test_a_document_without_charts_is_laid_out_whole():
    document = _document()
    plain = document.replace(document[document.index("<figure") : document.index("</figure>") + 9], "")
    data, pages = pdf.build_pdf(plain, "Demoshire", "2014-12")
    assert pages == 2 and "Page 2 of 2" in _pages_text(data)[1]


def _pdf_images(data: bytes):
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [image for page in reader.pages for image in page.images]


def test_a_chart_goes_into_the_pdf_as_drawn_pixel_for_pixel():
    """The chart's own PNG data is the PDF's image stream (WeasyPrint does not encode it again),
    and it decodes to the chart's pixels; a PNG of another kind (RGBA) still goes WeasyPrint's way."""
    import base64
    import io

    import numpy as np
    from PIL import Image

    document = _document()
    png = base64.b64decode(re.search(r"data:image/png;base64,([A-Za-z0-9+/=]+)", document).group(1))
    laid_out = pdf.render(document, "D", "2014-12").write_pdf()
    assert pdf.png_image_data(png) is not None and pdf.png_image_data(png) in laid_out
    image = _pdf_images(laid_out)[0]  # (every page lists the document's images)
    assert np.array_equal(
        np.asarray(image.image.convert("RGB")), np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    )

    rgba = io.BytesIO()
    Image.new("RGBA", (40, 20), (200, 30, 30, 128)).save(rgba, format="png")
    assert pdf.png_image_data(rgba.getvalue()) is None
    assert pdf.png_image_data(png[:28]) is None and pdf.png_image_data(b"") is None  # cut short: not ours
    other = document.replace(base64.b64encode(png).decode("ascii"), base64.b64encode(rgba.getvalue()).decode("ascii"))
    assert _pdf_images(pdf.render(other, "D", "2014-12").write_pdf())[0].image.size == (40, 20)


def _outline(data: bytes) -> list:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))

    def walk(items, depth):
        for item in items:
            yield from (
                walk(item, depth + 1)
                if isinstance(item, list)
                else [(depth, item.title, reader.get_destination_page_number(item) + 1)]
            )

    return list(walk(reader.outline, 0))


def test_the_appendix_bookmark_sits_where_one_laid_out_document_puts_it():
    """Joined from parts, the PDF's bookmarks are those of the whole report laid out at once: the
    appendix under the title beside the sections when there is a title (h1), beside them if not."""
    titled = _document().replace("<main>", "<main><h1 class='bp-heading'>Demoshire board report</h1>", 1)
    for document in (titled, _document()):
        joined, _ = pdf.build_pdf(document, "Demoshire", "2014-12")
        assert _outline(joined) == _outline(pdf.render(document, "Demoshire", "2014-12").write_pdf())
    assert (1, pdf.APPENDIX_TITLE, 3) in _outline(pdf.build_pdf(titled, "Demoshire", "2014-12")[0])
