"""The pack as people install it: a wheel built from the source tree, installed in a new virtual
environment, run from a folder outside the source tree.

Offline and quick: the wheel is built without build isolation (setuptools is pinned in the test
extra) and installed without its dependencies, which the new environment takes from this one's
site-packages through a ``.pth`` line (the editable install's own ``.pth`` is not processed there,
so the source tree is not importable from it).
"""

import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "backtests" / "demo-2014-12-indicators.csv"
SKIP = {".venv", ".git", "outputs", "data", "build", "dist", "__pycache__", ".pytest_cache", ".hypothesis"}

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the wheel test drives a POSIX virtual environment")


def run(*args, **kwargs):
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """``(venv, workdir, env)``: the wheel installed in a new venv; a work folder outside the tree."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    shutil.copytree(
        ROOT,
        source,
        symlinks=True,
        ignore=lambda folder, names: [n for n in names if n in SKIP or n.endswith(".egg-info")],
    )
    dist = tmp / "dist"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", dist, source)
    (wheel,) = dist.glob("boardpack-*.whl")

    venv = tmp / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel)
    target = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())
    (target / "boardpack_test_dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")

    work = tmp / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("BOARDPACK_HOME", "PYTHONPATH", "VIRTUAL_ENV")}
    env["XDG_CACHE_HOME"] = str(tmp / "cache")
    return venv, work, env, tmp


def test_the_wheel_holds_the_notebooks_and_defaults(installed):
    venv, work, env, _ = installed
    out = run(
        venv / "bin" / "python",
        "-c",
        "import boardpack, boardpack.paths as p; print(boardpack.__file__); print(p.NOTEBOOKS_DIR);"
        " print(len(list(p.NOTEBOOKS_DIR.glob('*.ipynb')))); print(p.DEFAULT_PARAMS)",
        cwd=work,
        env=env,
    ).splitlines()
    package = str(venv / "lib")
    assert out[0].startswith(package) and out[1].startswith(package), out  # not the source tree
    assert out[2] == "12"
    assert Path(out[3]).read_bytes() == (ROOT / "params" / "defaults.yaml").read_bytes()
    for name in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert (Path(out[1]) / name.name).read_bytes() == name.read_bytes(), name.name


def test_version_from_one_source(installed):
    import boardpack

    venv, work, env, _ = installed
    assert (
        run(venv / "bin" / "boardpack", "--version", cwd=work, env=env).strip() == f"boardpack {boardpack.__version__}"
    )
    assert run(venv / "bin" / "python", "-m", "boardpack", "--version", cwd=work, env=env).strip() == (
        f"boardpack {boardpack.__version__}"
    )
    metadata = run(venv / "bin" / "python", "-c", "import importlib.metadata as m; print(m.version('boardpack'))")
    assert metadata.strip() == boardpack.__version__


def test_indicators_on_the_demo_from_outside_the_tree(installed):
    venv, work, env, tmp = installed
    out = run(
        venv / "bin" / "boardpack", "indicators", "--month", "2014-12", "--out", "indicators.csv", cwd=work, env=env
    )
    assert out.strip() == "indicators.csv"
    assert (work / "indicators.csv").read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")
    # the demo council went to the user's cache folder, not into the installed package
    assert (tmp / "cache" / "boardpack" / "demo" / "ssd_contacts.csv").is_file()
    assert not list((venv / "lib").rglob("ssd_contacts.csv"))
    assert sorted(p.name for p in work.iterdir()) == ["indicators.csv"]


def test_sections_listing_from_the_wheel(installed):
    venv, work, env, _ = installed
    out = run(venv / "bin" / "boardpack", "sections", cwd=work, env=env)
    assert "contacts\n  indicators: contacts, missing_notifications" in out
