"""The Makefile's promises, checked with make's own dry run (`make -n`) in a copy of the project's
Makefile: `make lab` installs JupyterLab once and opens at the project root; `make setup` sets the
notebook filter."""

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path):
    if not shutil.which("make"):
        pytest.skip("make is needed for the Makefile test")
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").touch()
    return tmp_path


def touch_later(path: Path, seconds: int) -> None:
    path.touch()
    stamp = time.time() + seconds
    os.utime(path, (stamp, stamp))


def dry_run(folder: Path, target: str) -> str:
    result = subprocess.run(["make", "-n", target], cwd=folder, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_lab_installs_once_then_only_starts(project):
    touch_later(project / ".venv" / ".installed", 10)
    first = dry_run(project, "lab")
    assert first.count("pip install") == 1 and '".[test,dev,lab]"' in first
    touch_later(project / ".venv" / ".lab-installed", 20)
    again = dry_run(project, "lab")
    assert "pip install" not in again
    assert f'--ServerApp.root_dir="{project}"' in again  # the project root: notebooks, params, commentary


def test_setup_sets_the_notebook_filter(project):
    touch_later(project / ".venv" / ".installed", 10)
    out = dry_run(project, "setup")
    assert "git config filter.nbstripout.clean '.venv/bin/python -m nbstripout --keep-id'" in out
    assert "git config filter.nbstripout.required true" in out
