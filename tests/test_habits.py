"""The habits the git hooks keep (.pre-commit-config.yaml), checked in `make test` too, so a clone
without the hooks is caught: ruff lint and format, notebooks without outputs, no large file, and
the notebook filter `make setup` defines really strips a notebook saved with outputs (real git)."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
# Audited exceptions, each with its reason (and excluded from the pre-commit large-file hook too).
LARGE_ON_PURPOSE = {
    "tests/vendor/axe-core/axe.min.js": "axe-core 4.14.1 (MPL-2.0), unmodified: the accessibility tests run offline",
}
MAX_KB = 500  # the same limit as the check-added-large-files hook
CODE = ["lib", "tests", "scripts"]


def committed_files() -> list[Path]:
    """The files git tracks (every file of the tree when this is not a git checkout)."""
    if shutil.which("git") and (ROOT / ".git").exists():
        names = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, text=True
        ).stdout.split("\0")
        return [ROOT / n for n in names if n]
    skip = {".venv", ".git", "outputs", "data", "build", "__pycache__", ".pytest_cache", ".hypothesis"}
    return [p for p in ROOT.rglob("*") if p.is_file() and not skip & set(p.relative_to(ROOT).parts)]


def ruff(*args):
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_lint_is_clean():
    result = ruff("check", "--no-cache", *CODE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = ruff("format", "--check", "--no-cache", *CODE)
    assert result.returncode == 0, "run `.venv/bin/ruff format lib tests scripts`:\n" + result.stdout + result.stderr


def notebook_problems(nb) -> list[str]:
    """What nbstripout would remove: outputs and execution counts of code cells."""
    problems = []
    for number, cell in enumerate(nb.cells, 1):
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"cell {number} has outputs")
        if cell.get("execution_count") is not None:
            problems.append(f"cell {number} has execution count {cell['execution_count']}")
    return problems


def test_notebook_problems_finds_outputs_and_counts():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Title"),
            nbformat.v4.new_code_cell("1 + 1", execution_count=3, outputs=[nbformat.v4.new_output("stream", text="2")]),
            nbformat.v4.new_code_cell("x = 1"),
        ]
    )
    assert notebook_problems(nb) == ["cell 2 has outputs", "cell 2 has execution count 3"]


def test_every_committed_notebook_is_without_outputs():
    notebooks = [p for p in committed_files() if p.suffix == ".ipynb"]
    assert len(notebooks) >= 12
    found = {str(p.relative_to(ROOT)): notebook_problems(nbformat.read(p, as_version=4)) for p in notebooks}
    assert not {k: v for k, v in found.items() if v}


def test_no_committed_file_is_large():
    large = [
        f"{p.relative_to(ROOT)} ({p.stat().st_size // 1024} kB)"
        for p in committed_files()
        if p.is_file()
        and not p.is_symlink()
        and p.stat().st_size > MAX_KB * 1024
        and p.relative_to(ROOT).as_posix() not in LARGE_ON_PURPOSE
    ]
    assert not large, f"over {MAX_KB} kB: {large}"


def pinned(requirement: str) -> tuple[str, str]:
    name, version = requirement.split("==")
    return name.split("[")[0].strip().lower(), version.strip()  # psycopg[binary] is conda's psycopg


def test_hooks_pin_the_versions_pyproject_pins():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = dict(pinned(r) for group in ("test", "dev") for r in project["optional-dependencies"][group])
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [h for repo in config["repos"] for h in repo["hooks"]]
    assert {h["id"] for h in hooks} >= {"ruff-check", "ruff-format", "nbstripout", "detect-secrets"}
    for hook in hooks:
        for requirement in hook.get("additional_dependencies", []):
            name, version = pinned(requirement)
            assert extras.get(name) == version, (
                f"{hook['id']}: {requirement} but pyproject.toml pins {extras.get(name)}"
            )


def test_environment_yml_pins_what_pyproject_pins():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + [r for g in project["optional-dependencies"].values() for r in g]
    conda = {}
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s+- ([A-Za-z0-9_.-]+)=([0-9][^\s=]*)$", line)
        if match:
            conda[match.group(1).lower().replace("_", "-")] = match.group(2)
    for requirement in requirements:
        name, version = pinned(requirement)
        assert conda.get(name.replace("_", "-")) == version, f"environment.yml: {name} {conda.get(name)} != {version}"


# --- the notebook filter, with real git -------------------------------------------------------


def git(repo: Path, *args) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path):
    """A new git repository with this project's .gitattributes and the filter `make setup` defines
    (the Makefile's own recipe, run in the new repository)."""
    if not shutil.which("git") or not shutil.which("make"):
        pytest.skip("git and make are needed for the notebook filter test")
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "test@example.org")
    git(repo, "config", "user.name", "test")
    shutil.copy(ROOT / ".gitattributes", repo / ".gitattributes")
    (repo / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)  # the filter runs .venv/bin/python
    result = subprocess.run(
        ["make", "-s", "-f", str(ROOT / "Makefile"), "git-filters"], cwd=repo, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert ".venv/bin/python -m nbstripout" in git(repo, "config", "filter.nbstripout.clean")
    return repo


def notebook_with_outputs(source: Path) -> str:
    """The committed notebook as JupyterLab saves it after a run: outputs, an image, execution counts."""
    nb = nbformat.read(source, as_version=4)
    for count, cell in enumerate((c for c in nb.cells if c.cell_type == "code"), 1):
        cell.execution_count = count
        cell.outputs = [
            nbformat.v4.new_output("stream", text="Contacts: 421\n"),
            nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}),
        ]
    return nbformat.writes(nb)


def test_a_notebook_saved_with_outputs_is_committed_without_them(repo):
    committed = ROOT / "notebooks" / "03_contacts.ipynb"
    target = repo / "03_contacts.ipynb"
    target.write_text(notebook_with_outputs(committed), encoding="utf-8")
    assert notebook_problems(nbformat.read(target, as_version=4))  # the saved file has outputs
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "notebook")
    stored = git(repo, "show", "HEAD:03_contacts.ipynb")
    assert notebook_problems(nbformat.reads(stored, as_version=4)) == []
    assert json.loads(stored)["cells"] == json.loads(committed.read_text(encoding="utf-8"))["cells"]  # ids kept

    # Saving it again with new outputs (a rerun in Lab) leaves the working tree clean.
    target.write_text(notebook_with_outputs(committed).replace("421", "555"), encoding="utf-8")
    assert git(repo, "status", "--porcelain") == ""
    assert subprocess.run(["git", "diff", "--quiet"], cwd=repo).returncode == 0


def test_no_secret_beyond_the_baseline():
    """detect-secrets (the dev extra, installed by `make setup`) over the files git tracks: every
    finding must be one audited in .secrets.baseline (today: none)."""
    try:
        import detect_secrets  # noqa: F401
    except ImportError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("detect-secrets is not installed (pip install -e '.[dev]', or make setup)")
    result = subprocess.run(
        [sys.executable, "-m", "detect_secrets", "scan", "--exclude-files", r"^\.secrets\.baseline$"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(result.stdout)["results"]
    baseline = json.loads((ROOT / ".secrets.baseline").read_text(encoding="utf-8"))["results"]
    known = {(f, s["hashed_secret"]) for f, secrets in baseline.items() for s in secrets}
    new = [
        f"{f}:{s['line_number']} {s['type']}"
        for f, ss in found.items()
        for s in ss
        if (f, s["hashed_secret"]) not in known
    ]
    assert not new, f"possible secrets (audit them, then refresh .secrets.baseline): {new}"
