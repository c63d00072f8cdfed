"""export.py: one offline HTML with no code, no parameters, no tracebacks, and a table of contents."""

import re

import nbformat
import pytest

from boardpack.document.export import (
    build_report,
    merge_notebooks,
    offline,
    remote_references,
    report_title,
)

# Anything that would load from the network: a src/href/data attribute of a loading tag, or CSS
# url()/@import, to http(s) or protocol-relative //.
REMOTE_ATTR = re.compile(
    r"""<(?:script|link|img|style|iframe|source)\b[^>]*\b(?:src|href|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I
)
REMOTE_CSS = re.compile(r"""(?:url\(|@import)\s*["']?\s*(?:https?:)?//""", re.I)


def executed_section(path, section_id, heading, secret_code="SECRET_CODE_TEXT"):
    """A section notebook as papermill leaves it: parameters, injected parameters, outputs."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell(
        'month = "2014-12"',
        execution_count=1,
        outputs=[nbformat.v4.new_output("execute_result", {"text/plain": "'PARAM_OUT'"}, execution_count=1)],
    )
    params.metadata["tags"] = ["parameters"]
    injected = nbformat.v4.new_code_cell('# Parameters\nmonth = "2014-12"\nrun_dir = "/secret/run_dir"')
    injected.metadata["tags"] = ["injected-parameters"]
    injected.outputs = [nbformat.v4.new_output("stream", name="stdout", text="INJECTED_OUT")]
    body = nbformat.v4.new_code_cell(
        f"{secret_code} = 1\ndisplay.show_heading('x')",
        execution_count=3,
        outputs=[
            nbformat.v4.new_output("display_data", {"text/markdown": f"## {heading}", "text/plain": "<Markdown>"}),
            nbformat.v4.new_output("display_data", {"text/html": f"<p class='bp-sentence'>{heading} went up.</p>"}),
            nbformat.v4.new_output("stream", name="stderr", text="FutureWarning: STDERR_NOISE"),
            nbformat.v4.new_output("error", ename="KeyError", evalue="TRACEBACK_VALUE", traceback=["TRACEBACK_LINE"]),
        ],
    )
    notes = nbformat.v4.new_markdown_cell("ANALYST_MARKDOWN_NOTE")
    nb.cells = [params, injected, body, notes]
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def html(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    sections = [
        (sid, executed_section(folder / f"{n:02d}_{sid}.ipynb", sid, title))
        for n, (sid, title) in enumerate(
            [("title", "Front"), ("contacts", "Contacts"), ("referrals", "Referrals & re-referrals")]
        )
    ]
    return build_report(sections, "Demoshire", "2014-12")


def test_title_and_language(html):
    assert "<title>Demoshire improvement board performance report, December 2014</title>" in html
    assert re.search(r'<html lang="en-GB">', html)
    assert report_title("", "2015-03") == "improvement board performance report, March 2015"


def test_nothing_loaded_from_the_network(html):
    assert not REMOTE_ATTR.search(html)
    assert not REMOTE_CSS.search(html)
    assert remote_references(html) == []
    assert "require.js" not in html and "mathjax" not in html.lower()


def test_no_code_parameters_tracebacks_or_stderr(html):
    for text in (
        "SECRET_CODE_TEXT",
        "PARAM_OUT",
        "INJECTED_OUT",
        "/secret/run_dir",
        "TRACEBACK_VALUE",
        "TRACEBACK_LINE",
        "STDERR_NOISE",
        "ANALYST_MARKDOWN_NOTE",
        "In&nbsp;[",
    ):
        assert text not in html, text
    assert not re.search(r"""<div[^>]*class=["'][^"']*jp-(InputArea|InputPrompt|OutputPrompt)\b""", html)
    assert "Contacts went up." in html


def test_table_of_contents_links_to_section_headings(html):
    nav = re.search(r'<nav[^>]*class="bp-toc"[^>]*>(.*?)</nav>', html, re.S).group(1)
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', nav)
    assert links == [("section-contacts", "Contacts"), ("section-referrals", "Referrals &amp; re-referrals")]
    for anchor, _ in links:
        assert re.search(rf'<h2[^>]*id="{anchor}"', html)
    # the contents follow the title section; each later section starts a printed page
    assert html.index('id="section-title"') < html.index('class="bp-toc"') < html.index('id="section-contacts"')
    assert "break-before: page" in html and html.count("celltag_bp-section-start") >= 2


def test_offline_strips_remote_references():
    page = (
        '<html><head><script src="https://cdn.example/x.js"></script><script src="//cdn.example/y.js"></script>'
        '<link rel="stylesheet" href="http://fonts.example/f.css"><style>@import url("https://f.example/a.css");'
        " body { background: url(//img.example/b.png) }</style></head>"
        '<body><img src="https://img.example/c.png" alt="c"><img src="data:image/png;base64,AAAA" alt="ok">'
        '<a href="https://www.gov.uk/">a link is not a load</a></body></html>'
    )
    assert len(remote_references(page)) >= 6
    cleaned = offline(page)
    assert remote_references(cleaned) == []
    assert "data:image/png;base64,AAAA" in cleaned and "https://www.gov.uk/" in cleaned


def test_merge_keeps_only_outputs(tmp_path):
    path = executed_section(tmp_path / "03_contacts.ipynb", "contacts", "Contacts")
    merged, toc = merge_notebooks([("contacts", path)])
    assert toc == [("contacts", "section-contacts", "Contacts")]
    assert all(c.cell_type == "code" and c.source == "" for c in merged.cells)
    kinds = [o.output_type for c in merged.cells for o in c.outputs]
    assert "error" not in kinds


def test_every_image_has_alternative_text_and_no_output_is_a_tab_stop(tmp_path):
    """nbconvert's BeautifulSoup pass is not run (export.BoardExporter): an image shown without
    alternative text still gets nbconvert's stock text, and outputs are not made tab stops."""
    import base64
    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(png, format="png")
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("plot()", execution_count=1)
    cell.outputs = [
        nbformat.v4.new_output("display_data", {"text/markdown": "## Charts & more", "text/plain": ""}),
        nbformat.v4.new_output("display_data", {"image/png": base64.b64encode(png.getvalue()).decode("ascii")}),
        nbformat.v4.new_output("display_data", {"text/html": "<figure><img src='x.png' alt='Chart: up'/></figure>"}),
    ]
    nb.cells = [cell]
    path = tmp_path / "01_contacts.ipynb"
    nbformat.write(nb, path)
    html = build_report([("contacts", path)], "Demoshire", "2014-12")
    images = re.findall(r"<img\b[^>]*>", html)
    assert len(images) == 2 and all(re.search(r"\balt\s*=", tag) for tag in images)
    assert "No description has been provided for this image" in images[0] and "alt='Chart: up'" in images[1]
    assert "tabindex" not in re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    assert '<h2 id="section-contacts" class="bp-heading">Charts &amp; more</h2>' in html
