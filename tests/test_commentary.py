"""Commentary: safe rendering, files by section and month, write and draft helpers."""

import pandas as pd
import pytest

from boardpack.board import commentary
from boardpack.document import board_view as board
from boardpack.document import display
from boardpack.document.section import RunContext, Section
from boardpack.indicators import frames
from boardpack.sources.extract import Extract


def section(folder, section_id="contacts", indicators=None, params=None):
    months = pd.period_range(end="2014-12", periods=3, freq="M")
    if indicators is None:
        indicators = frames.tidy("contacts", pd.Series([500.0, 557.0, 421.0], index=months))
    context = RunContext(months[-1], params or {}, Extract(tables={}), indicators, [], str(folder))
    return Section(section_id, context)


@pytest.fixture
def shown(monkeypatch):
    captured = []
    monkeypatch.setattr(display, "display", lambda obj: captured.append(getattr(obj, "data", obj)))
    return captured


def test_script_shows_as_text():
    html = commentary.render("Fell because <script>alert(1)</script> of holidays")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "[click](JAVASCRIPT:alert(1))",
        "<javascript:alert(1)>",
        "[click](vbscript:msgbox(1))",
        "![x](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_unsafe_links_are_not_links(text):
    html = commentary.render(text)
    assert "href" not in html and "src=" not in html


def test_raw_html_attributes_escaped():
    html = commentary.render('<img src=x onerror="alert(1)"> and <a href="javascript:alert(1)">x</a>')
    assert "<img" not in html and "<a " not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_markdown_still_works():
    html = commentary.render("# Why\n\nContacts **fell**; see [DfE](https://www.gov.uk/).\n\n- a\n- b\n")
    assert "<h4>Why</h4>" in html and "<strong>fell</strong>" in html
    assert '<a href="https://www.gov.uk/">DfE</a>' in html and "<li>a</li>" in html


def test_no_file_shows_nothing(tmp_path, shown):
    board.show_commentary(section(tmp_path))
    assert shown == []


def test_blank_file_shows_nothing(tmp_path, shown):
    (tmp_path / "contacts.md").write_text("  \n", encoding="utf-8")
    board.show_commentary(section(tmp_path))
    assert shown == []


def test_file_shown_escaped(tmp_path, shown):
    (tmp_path / "contacts.md").write_text("Audit found <b>no</b> risk.", encoding="utf-8")
    from boardpack.document import board_view as board

    board.show_commentary(section(tmp_path))
    assert len(shown) == 1
    assert "Commentary" in shown[0] and "&lt;b&gt;no&lt;/b&gt;" in shown[0]


def test_write_then_read(tmp_path):
    s = section(tmp_path / "2014-12")
    path = commentary.write(s, "Contacts fell after the new missing-children process.")
    assert path == tmp_path / "2014-12" / "contacts.md"
    assert commentary.read(s) == "Contacts fell after the new missing-children process.\n"
    with pytest.raises(FileExistsError):
        commentary.write(s, "again", overwrite=False)
    commentary.write(s, "Replaced")
    assert commentary.read(s) == "Replaced\n"


def test_default_folder_is_params_commentary_month_for_the_demo_only():
    months = pd.period_range(end="2014-12", periods=1, freq="M")
    s = Section("contacts", RunContext(months[-1], {}, Extract(tables={}), frames.empty(), [], "", demo=True))
    assert commentary.section_path(s).parts[-3:] == ("commentary", "2014-12", "contacts.md")
    # Another council's data without --commentary: the demo's commentary is never shown in its pack.
    other = Section("contacts", RunContext(months[-1], {}, Extract(tables={}), frames.empty(), [], "", demo=False))
    assert commentary.section_path(other) is None and commentary.read(other) is None


def test_draft_gives_the_headline_sentences(tmp_path):
    text = board.draft_commentary(section(tmp_path))
    # 421 against 557: -24.42%; against nothing a year before (not in the data)
    assert text.startswith("Contacts: 421 in December 2014, a decrease of 24.42% compared to the previous month")


def test_sample_commentary_renders():
    from boardpack.paths import COMMENTARY_DIR

    text = (COMMENTARY_DIR / "2014-12" / "contacts.md").read_text(encoding="utf-8")
    assert "<ul>" in commentary.render(text)
