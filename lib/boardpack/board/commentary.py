"""Analysts' commentary: one Markdown file per section and month.

Files live in ``params/commentary/<YYYY-MM>/<section_id>.md`` (or the run's ``--commentary DIR``
folder, which holds the ``<section_id>.md`` files directly). They are rendered with markdown-it-py
in CommonMark mode with raw HTML off: any ``<script>``, ``<img onerror=...>`` or other markup in
a file shows as text; links whose address is ``javascript:``, ``vbscript:``, ``file:`` or
``data:`` are not made into links (markdown-it's link validation); headings are moved down to
level 4 so an analyst's "# Heading" does not break the document's outline.

A file may start with YAML front matter; ``public: true`` there puts the commentary in the public
edition too (``boardpack run --publish``), which otherwise shows none::

    ---
    public: true
    ---
    Contacts fell in December because ...

In JupyterLab an analyst can start from the drafted sentences and save the file::

    from boardpack.board import commentary
    from boardpack.document.board_view import draft_commentary
    print(draft_commentary(s))                 # the drafted sentences, as Markdown
    commentary.write(s, "Contacts fell because ...")
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt

ENCODING = "utf-8"
_BLOCKED_SCHEMES = ("javascript:", "vbscript:", "file:", "data:")


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    default_validate = md.validateLink

    def validate(url: str) -> bool:
        cleaned = "".join(url.split()).lower()
        return default_validate(url) and not cleaned.startswith(_BLOCKED_SCHEMES)

    md.validateLink = validate
    return md


def render(text: str) -> str:
    """Markdown as safe HTML (raw HTML escaped; unsafe links left as text; headings at h4+).

    >>> render("<script>alert(1)</script>")
    '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\\n'
    >>> render("# Why")
    '<h4>Why</h4>\\n'
    """
    md = _markdown()
    tokens = md.parse(text or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = int(token.tag[1])
            token.tag = f"h{min(level + 3, 6)}"
    return md.renderer.render(tokens, md.options, {})


def path_for(folder, section_id: str) -> Path:
    """The commentary file of a section in a month's folder."""
    return Path(folder) / f"{section_id}.md"


def section_path(s) -> Path | None:
    """The commentary file of the section ``s`` (``Section``) for its month; None when the run has
    no commentary folder (another council's data without ``--commentary``)."""
    folder = s.commentary_dir()
    return None if folder is None else path_for(folder, s.id)


def front_matter(text: str) -> tuple[dict, str]:
    r"""``(front matter, body)`` of a commentary file; no front matter gives ``({}, text)``.

    >>> front_matter("---\npublic: true\n---\nFell.\n")
    ({'public': True}, 'Fell.\n')
    >>> front_matter("Fell.")
    ({}, 'Fell.')
    """
    import yaml

    match = re.match(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", text or "", re.DOTALL)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError:
        meta = {}
    return (meta if isinstance(meta, dict) else {}), text[match.end() :]


def read(s, public: bool = False) -> str | None:
    """The section's commentary text (front matter removed), or None when there is no file (or
    it is blank); with ``public`` only a file marked ``public: true``."""
    path = section_path(s)
    if path is None or not path.exists():
        return None
    meta, text = front_matter(path.read_text(encoding="utf-8-sig"))
    if public and meta.get("public") is not True:
        return None
    return text if text.strip() else None


def html_for(text: str | None, heading: str = "Commentary") -> str:
    """The commentary block as HTML ("" when there is no text)."""
    if not text:
        return ""
    return f"<div class='bp-commentary'><h3>{heading}</h3>{render(text)}</div>"


def write(s, text: str, overwrite: bool = True) -> Path:
    """Save ``text`` as the section's commentary for its month; returns the file written.

    Refuses to replace an existing file when ``overwrite`` is False.
    """
    path = section_path(s)
    if path is None:
        raise FileNotFoundError("no commentary folder: give one (--commentary DIR) for a council's own data")
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} exists; pass overwrite=True to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    body = text if text.endswith("\n") else text + "\n"
    temporary = path.with_suffix(".md.tmp")
    temporary.write_text(body, encoding=ENCODING)
    temporary.replace(path)
    return path
