"""One offline HTML document from the executed section notebooks.

:func:`merge_notebooks` joins the sections (nbformat) keeping only what a board member reads:
the OUTPUTS of code cells. Dropped: code, prompts, the ``parameters`` cell and papermill's
``injected-parameters`` cell, papermill's error banners, error outputs (tracebacks), text written
to stderr (warnings), Markdown and raw cells (notes for analysts in JupyterLab). Each section's
headings (``display.show_heading``: a Markdown output ``## Title``) become HTML headings with
stable ids, ``section-<id>`` for the section's first level-2 heading and ``section-<id>-<n>`` for
the rest; the table of contents links to the first of each section and follows the title section.

:func:`export_html` renders once with nbconvert's ``HTMLExporter`` and the ``boardpack`` template
(``templates/boardpack``, based on ``lab``), which drops require.js, MathJax, mermaid and widget
scripts and adds a print style (a page break before each section, readable type, bordered
tables). :func:`offline` then removes any remaining remote ``<script>``/``<link>``/``<img>``
reference, ``@import`` or ``url(http...)``, and :func:`remote_references` checks none is left.
"""

from __future__ import annotations

import copy
import html
import re
from importlib.resources import files
from pathlib import Path

import nbformat

from boardpack.calendar import to_month

TEMPLATES_DIR = Path(str(files("boardpack.document") / "templates"))  # package data, in a wheel too
TEMPLATE_NAME = "boardpack"
SECTION_START_TAG = "bp-section-start"
LANG = "en-GB"

_HEADING = re.compile(r"^\s*(#{1,6})\s+(.+?)\s*#*\s*$")
_DROP_TAGS = {"parameters", "injected-parameters", "papermill-error-cell-tag"}

# Remote references: a tag that loads something, CSS url()/@import. "//host" counts as remote.
_REMOTE = r"""(?:https?:)?//"""
_REMOTE_TAG = re.compile(
    r"""<(script|link|img|iframe|source|audio|video|embed|object|image|use|track|input)\b[^>]*?"""
    r"""\b(?:src|href|data|xlink:href|poster|srcset)\s*=\s*["']?\s*""" + _REMOTE + r"""[^>]*>""",
    re.IGNORECASE | re.DOTALL,
)
_REMOTE_URL = re.compile(r"""url\(\s*["']?\s*""" + _REMOTE + r"""[^)]*\)""", re.IGNORECASE)
_REMOTE_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']?\s*""" + _REMOTE + r"""[^;]*;?""", re.IGNORECASE)


def report_title(la_name: str, month) -> str:
    """The document title.

    >>> report_title("Demoshire", "2014-12")
    'Demoshire improvement board performance report, December 2014'
    """
    month = to_month(month)
    name = (la_name or "").strip()
    return f"{name + ' ' if name else ''}improvement board performance report, {month.strftime('%B %Y')}".strip()


def _heading(output) -> tuple[int, str] | None:
    """``(level, text)`` when a display output is a Markdown heading and nothing else."""
    if output.get("output_type") not in ("display_data", "execute_result"):
        return None
    text = output.get("data", {}).get("text/markdown")
    if not isinstance(text, str) or "\n" in text.strip():
        return None
    match = _HEADING.match(text)
    return (len(match.group(1)), match.group(2)) if match else None


def _keep(output) -> bool:
    kind = output.get("output_type")
    if kind == "error":
        return False
    if kind == "stream" and output.get("name") == "stderr":
        return False
    return True


# The section notebooks were written by papermill and the cells below are built here: nbformat's
# validation of each (a JSON-schema walk of every output, base64 images included) is skipped;
# nbconvert validates the merged notebook once.
def _read(path) -> nbformat.NotebookNode:
    return nbformat.v4.reads(Path(path).read_text(encoding="utf-8"))


def _display(html_text: str) -> nbformat.NotebookNode:
    return nbformat.from_dict({"output_type": "display_data", "data": {"text/html": html_text}, "metadata": {}})


def _code_cell(outputs: list) -> nbformat.NotebookNode:
    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": outputs, "source": ""}
    return nbformat.from_dict(cell | {"id": nbformat.v4.nbbase.random_cell_id()})


def merge_notebooks(sections, title: str = "") -> tuple[nbformat.NotebookNode, list[tuple[str, str, str]]]:
    """One notebook from ``[(section_id, path), ...]`` and its table of contents
    ``[(section_id, anchor, heading text), ...]`` (see the module docstring)."""
    merged = nbformat.v4.new_notebook()
    merged.metadata["title"] = title
    merged.metadata["language_info"] = {"name": "python"}
    toc = []
    toc_after = None
    for position, (section_id, path) in enumerate(sections):
        nb = _read(path)
        first_cell = True
        n_headings = 0
        for cell in nb.cells:
            tags = set(cell.get("metadata", {}).get("tags", []))
            if cell.cell_type != "code" or tags & _DROP_TAGS:
                continue
            outputs = []
            for output in cell.get("outputs", []):
                if not _keep(output):
                    continue
                heading = _heading(output)
                if heading:
                    level, text = heading
                    # show_heading escaped the text; a heading written otherwise may not have been
                    text = html.escape(html.unescape(text), quote=False)
                    n_headings += 1
                    if level == 2 and not any(t[0] == section_id for t in toc):
                        anchor = f"section-{section_id}"
                        toc.append((section_id, anchor, text))
                    else:
                        anchor = f"section-{section_id}-{n_headings}"
                    output = _display(f'<h{level} id="{anchor}" class="bp-heading">{text}</h{level}>')
                else:
                    output = copy.deepcopy(output)
                    output.get("metadata", {}).pop("papermill", None)
                outputs.append(output)
            if not outputs:
                continue
            new = _code_cell(outputs)
            new.metadata["tags"] = [f"bp-section-{section_id}"] + (
                [SECTION_START_TAG] if first_cell and position else []
            )
            first_cell = False
            merged.cells.append(new)
        if section_id == "title":
            toc_after = len(merged.cells)
    toc_entries = [t for t in toc if t[0] != "title"]
    if toc_entries:
        items = "".join(f'<li><a href="#{anchor}">{text}</a></li>' for _, anchor, text in toc_entries)
        nav = _code_cell(
            [
                _display(
                    f'<nav class="bp-toc" aria-labelledby="bp-toc-title"><h2 id="bp-toc-title">Contents</h2>'
                    f"<ol>{items}</ol></nav>"
                )
            ]
        )
        nav.metadata["tags"] = ["bp-toc"] + ([SECTION_START_TAG] if toc_after else [])
        merged.cells.insert(toc_after or 0, nav)
    return merged, toc


def remote_references(html: str) -> list[str]:
    """Every place the document would load something from the network (should be none)."""
    found = [m.group(0)[:200] for m in _REMOTE_TAG.finditer(html)]
    found += [m.group(0)[:200] for m in _REMOTE_URL.finditer(html)]
    found += [m.group(0)[:200] for m in _REMOTE_IMPORT.finditer(html)]
    return found


def offline(html: str) -> str:
    """Remove remote scripts (with their body), links, images, ``@import`` and ``url(http...)``."""
    html = re.sub(
        r"<script\b[^>]*?\bsrc\s*=\s*[\"']?\s*" + _REMOTE + r"[^>]*>.*?</script\s*>",
        "",
        html,
        flags=re.IGNORECASE | re.DOTALL,
    )
    html = _REMOTE_TAG.sub("", html)
    html = _REMOTE_IMPORT.sub("", html)
    html = _REMOTE_URL.sub("none", html)
    return html


_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\balt\s*=)", re.IGNORECASE)
NO_ALT = "No description has been provided for this image"


def _exporter_class():
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class BoardExporter(HTMLExporter):
        """nbconvert's HTML exporter without its last pass, which parses and writes out the whole
        document again with BeautifulSoup (two thirds of the export's time) to give an image
        without alternative text nbconvert's stock one and to make every output a tab stop: every
        chart has its own text, the pack does not want the tab stops, and the template's output
        is left as written. :func:`export_html` gives an image without alternative text the
        stock one all the same."""

        def from_notebook_node(self, nb, resources=None, **kw):
            # HTMLExporter.from_notebook_node (nbconvert 7.17) up to its BeautifulSoup pass
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter(
                "highlight_code", self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
            )
            resources = self._init_resources(resources)
            self.register_filter(
                "filter_data_type",
                WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources),
            )
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return BoardExporter


def export_html(nb: nbformat.NotebookNode, title: str = "") -> str:
    """The merged notebook as one offline HTML document (nbconvert, once)."""
    exporter = _exporter_class()(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        embed_images=True,
        require_js_url="",
        mathjax_url="",
        language_code="en",
    )
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    if title:
        nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title or "Board report"}})
    body = re.sub(r"<html\b[^>]*>", f'<html lang="{LANG}">', body, count=1)
    body = _IMG_WITHOUT_ALT.sub(f'<img alt="{NO_ALT}"', body)
    body = offline(body)
    left = remote_references(body)
    if left:
        raise ValueError(f"the HTML would load {left[0]!r} from the network")
    return body


def build_report(sections, la_name: str, month) -> str:
    """Merge ``[(section_id, executed notebook), ...]`` and export the month's document."""
    title = report_title(la_name, month)
    merged, _ = merge_notebooks(sections, title)
    return export_html(merged, title)
