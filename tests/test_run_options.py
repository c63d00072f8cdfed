"""`boardpack run` options of the run layer: --out DIR holds everything, --only, step lines, --quiet."""

import pytest

from boardpack.run.cli import main
from boardpack.run.runner import SECTIONS, RunError, run_pack
from test_runner import make_extract, make_notebooks, make_pack, tree

KINDS = {"title": "ok", "contacts": "ok", "referrals": "ok"}


def cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_out_dir_holds_the_pack_its_archive_and_failed_runs(tmp_path):
    data = make_extract(tmp_path / "data")
    notebooks = make_notebooks(tmp_path / "nb", KINDS)
    out = tmp_path / "packs"
    first = run_pack("2014-12", data, "", out, "", jobs=1, notebooks_dir=notebooks, sections=list(KINDS))
    assert first.ok and first.folder == out / "2014-12" and first.html == out / "2014-12" / "board-report.html"
    again = run_pack("2014-12", data, "", out, "", jobs=1, notebooks_dir=notebooks, sections=list(KINDS))
    assert again.ok
    broken = make_notebooks(tmp_path / "broken", {"title": "ok", "contacts": "raises", "referrals": "ok"})
    failed = run_pack("2014-12", data, "", out, "", jobs=1, notebooks_dir=broken, sections=list(KINDS))
    assert not failed.ok and failed.folder.parent == out
    assert len(list((out / "archive").iterdir())) == 1
    # nothing was written beside the outputs folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken", "data", "nb", "packs"]


def test_out_dir_that_is_a_pack_itself_is_refused(tmp_path):
    data = make_extract(tmp_path / "data")
    pack = make_pack(tmp_path / "2014-12", "a pack")
    before = tree(tmp_path)
    with pytest.raises(RunError, match="holds a pack itself"):
        run_pack(
            "2014-12", data, "", pack, "", notebooks_dir=make_notebooks(tmp_path / "nb", KINDS), sections=list(KINDS)
        )
    assert {k: v for k, v in tree(tmp_path).items() if not k.startswith("nb/")} == before


def test_only_publishes_its_own_pack_and_never_replaces_the_full_one(capsys, tmp_path):
    data = make_extract(tmp_path / "data")
    notebooks = make_notebooks(tmp_path / "nb", KINDS)
    out = tmp_path / "outputs"
    full = tree(make_pack(out / "2014-12", "the issued December pack"))
    args = ["run", "--month", "2014-12", "--data", data, "--out", out, "--notebooks", notebooks]
    code, stdout, _ = cli(capsys, *args, "--only", "referrals,contacts", "--quiet")
    assert code == 0
    partial = out / "2014-12-only-contacts+referrals"  # the document's order, whatever order was given
    assert stdout.strip().startswith("board report for 2014-12: 2 sections in ")
    assert stdout.strip().endswith(": " + str(partial / "board-report.html"))
    assert sorted(p.name for p in (partial / "sections").iterdir()) == ["01_contacts.ipynb", "02_referrals.ipynb"]
    assert tree(out / "2014-12") == full
    code, _, _ = cli(capsys, *args, "--only", "contacts", "--only", "referrals", "--quiet")
    assert code == 0 and tree(out / "2014-12") == full
    assert [p.name.startswith("2014-12-only-contacts+referrals-") for p in (out / "archive").iterdir()] == [True]
    code, _, err = cli(capsys, *args, "--only", "contacts,nonesuch")
    assert code == 2 and "--only nonesuch: no such section" in err and len(err.strip().splitlines()) == 1


def test_a_line_per_step_on_stderr_and_quiet(capsys, tmp_path):
    data = make_extract(tmp_path / "data")
    notebooks = make_notebooks(tmp_path / "nb", {s: "ok" for s in SECTIONS})
    out = tmp_path / "outputs"
    args = ["run", "--month", "2014-12", "--data", data, "--out", out, "--notebooks", notebooks, "--jobs", "1"]
    code, stdout, err = cli(capsys, *args)
    assert code == 0 and stdout.strip().startswith("board report for 2014-12: 12 sections in ")
    assert stdout.strip().endswith(": " + str(out / "2014-12" / "board-report.html"))
    lines = err.strip().splitlines()
    assert lines[0].startswith("context ")
    steps = lines[1:13]
    assert [line.split()[:2] for line in steps] == [[f"[{n}/12]", s] for n, s in enumerate(SECTIONS, 1)]
    assert all(line.endswith(" s") for line in steps)
    assert lines[13].startswith("export ") and lines[14].startswith("published 2014-12 in ")
    assert lines[14].endswith(str(out / "2014-12")) and len(lines) == 15
    # a rerun names the pack it archived and where
    code, _, err = cli(capsys, *args)
    archived = next((out / "archive").iterdir())
    assert code == 0 and f"archived the previous 2014-12 pack to {archived}" in err
    code, stdout, err = cli(capsys, *args, "--quiet")
    assert code == 0 and err == "" and stdout.strip()
    code, _, err = cli(capsys, "demo", "--out", tmp_path / "demo")
    assert code == 0 and err.startswith("[1/1] demo council: ") and err.strip().endswith(" s")
