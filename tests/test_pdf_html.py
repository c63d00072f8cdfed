"""pdf.py on a small document: the charts' tables move to an appendix listed in the contents, and
WeasyPrint lays out a section per page with page numbers."""

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
