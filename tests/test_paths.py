"""Where boardpack reads what it ships (package resources) and writes what it makes (the workspace)."""

import os
from pathlib import Path

import pytest

from boardpack import paths

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_files_are_the_editable_sources_in_a_source_tree():
    # the package's resources/ links lead to the top-level files analysts edit
    assert paths.NOTEBOOKS_DIR == (ROOT / "notebooks").resolve()
    assert paths.DEFAULT_PARAMS == (ROOT / "params" / "defaults.yaml").resolve()
    assert len(list(paths.NOTEBOOKS_DIR.glob("*.ipynb"))) == 12
    assert (paths.PACKAGE_DATA_DIR / "benchmarks.csv.gz").is_file()


def test_the_workspace_is_found_from_anywhere_in_the_source_tree():
    assert paths.find_workspace(ROOT / "notebooks", environ={}) == (ROOT, True)
    assert paths.find_workspace(ROOT / "lib" / "boardpack" / "run", environ={}) == (ROOT, True)


def test_boardpack_home_wins(tmp_path):
    assert paths.find_workspace(ROOT, environ={"BOARDPACK_HOME": str(tmp_path)}) == (tmp_path.resolve(), True)


def test_the_nearest_folder_with_params_is_the_workspace(tmp_path):
    council = tmp_path / "council"
    (council / "params").mkdir(parents=True)
    deep = council / "outputs" / ".staging" / "2014-12-x"
    deep.mkdir(parents=True)
    assert paths.find_workspace(deep, environ={}) == (council.resolve(), True)


def test_without_a_workspace_the_current_folder_and_the_user_cache(tmp_path, monkeypatch):
    alone = tmp_path / "alone"
    alone.mkdir()
    if any((p / "params").is_dir() for p in alone.resolve().parents):
        pytest.skip(f"a params/ folder above {alone} makes it a workspace")
    folder, found = paths.find_workspace(alone, environ={})
    assert (folder, found) == (alone.resolve(), False)
    if os.name == "posix":
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
        assert paths.demo_dir(folder, found) == tmp_path / "cache" / "boardpack" / "demo"
    assert paths.demo_dir(ROOT, True) == ROOT / "data" / "demo"


def test_a_link_checked_out_as_a_text_file_is_followed(tmp_path):
    # git without core.symlinks (Windows) writes a link as a file holding its target
    (tmp_path / "notebooks").mkdir()
    link = tmp_path / "lib" / "boardpack" / "resources" / "notebooks"
    link.parent.mkdir(parents=True)
    link.write_text("../../../notebooks", encoding="utf-8")
    assert paths.follow_link_file(link) == (tmp_path / "notebooks").resolve()
    # an ordinary small file is itself
    small = tmp_path / "defaults.yaml"
    small.write_text("la_name: X\n", encoding="utf-8")
    assert paths.follow_link_file(small) == small.resolve()
    # a text "link" whose target is missing stays what it is
    broken = tmp_path / "lib" / "broken"
    broken.write_text("../nowhere", encoding="utf-8")
    assert paths.follow_link_file(broken) == broken.resolve()
