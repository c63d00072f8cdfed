"""`boardpack commentary`: one drafted Markdown file per section, never overwriting an analyst's file;
the demo's shipped commentary belongs to the demo only."""

from boardpack.document.drafts import SENTENCES
from boardpack.document.section import Section, build_context
from boardpack.run.cli import main
from test_runner import make_extract


def test_writes_one_file_per_section_and_never_overwrites(capsys, tmp_path):
    folder = tmp_path / "commentary"
    folder.mkdir()
    (folder / "contacts.md").write_text("Our own words.\n", encoding="utf-8")  # the analyst's file
    assert main(["commentary", "--month", "2014-12", "--commentary", str(folder)]) == 0
    out = capsys.readouterr().out
    assert f"kept (already there) {folder / 'contacts.md'}" in out
    assert (folder / "contacts.md").read_text(encoding="utf-8") == "Our own words.\n"
    assert sorted(p.stem for p in folder.glob("*.md")) == sorted(SENTENCES)
    referrals = (folder / "referrals.md").read_text(encoding="utf-8")
    assert "never overwritten" in referrals and "Figures for December 2014:" in referrals
    assert "| Indicator | Dec 2014 | Nov 2014 |" in referrals
    first = referrals
    assert main(["commentary", "--month", "2014-12", "--commentary", str(folder)]) == 0
    assert "wrote" not in capsys.readouterr().out  # second time: every file kept
    assert (folder / "referrals.md").read_text(encoding="utf-8") == first


def test_a_council_must_name_its_folder(capsys, tmp_path):
    data = make_extract(tmp_path / "d")
    assert main(["commentary", "--month", "2014-12", "--data", str(data)]) == 2
    assert "--commentary DIR is needed" in capsys.readouterr().err


def test_the_demo_commentary_never_reaches_another_councils_pack(tmp_path):
    context = build_context("2014-12", str(make_extract(tmp_path / "d")))
    section = Section("contacts", context)
    assert not context.demo and section.commentary_dir() is None
    assert build_context("2014-12").demo  # the bundled demo keeps its params/commentary/2014-12/
