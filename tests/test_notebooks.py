"""The committed section notebooks: clean (no outputs), parameterised, one per declared section."""

import ast
from pathlib import Path

import nbformat
import pytest

from boardpack.paths import NOTEBOOKS_DIR
from boardpack.run.runner import SECTIONS, section_notebooks

PARAMETERS = {"month", "data_dir", "params_file", "run_dir", "commentary_dir"}
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


# The sections whose notebook shows the board's headline table (title, summary, workforce and data
# quality have their own tables).
WITH_HEADLINES = {
    "early_help",
    "contacts",
    "referrals",
    "assessments",
    "strategy_s47",
    "child_protection",
    "looked_after",
    "health",
}


@pytest.mark.parametrize("section_id, path", section_notebooks(NOTEBOOKS_DIR), ids=SECTIONS)
def test_notebook_is_thin_and_opens_its_own_section(section_id, path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    namespace = {}
    exec(code[0].source, namespace)
    # Opened in JupyterLab it runs as is: the demo council's latest month, nothing else to set.
    assert {k: namespace[k] for k in PARAMETERS} == {
        "month": "2014-12",
        "data_dir": "",
        "params_file": "",
        "run_dir": "",
        "commentary_dir": "",
    }
    source = "\n".join(c.source for c in code)
    assert f'open_section("{section_id}", month, data_dir, params_file, run_dir, commentary_dir)' in source
    assert ("board.show_headlines(s)" in source) == (section_id in WITH_HEADLINES)
    if section_id != "title":
        assert "board.show_commentary(s)" in code[-1].source
    # Thin: loading, calling and showing; no cell of logic.
    assert all(len(c.source.splitlines()) <= 25 for c in code)
    assert not any(word in source for word in ("groupby(", "merge(", "pivot", "for _, ", "iterrows"))


def test_every_declared_section_has_its_notebook():
    assert [s for s, _ in section_notebooks(NOTEBOOKS_DIR)] == SECTIONS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_is_clean_and_parameterised(path: Path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "no code cell"
    for cell in code:
        assert cell.outputs == [], "committed with outputs"
        assert cell.execution_count is None, "committed with an execution count"
    first = code[0]
    assert "parameters" in first.metadata.get("tags", []), "first code cell not tagged parameters"
    assigned = {
        t.id
        for node in ast.parse(first.source).body
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name)
    }
    assert PARAMETERS <= assigned, f"parameters cell lacks {PARAMETERS - assigned}"


def test_a_section_opened_alone_runs_with_its_default_parameters(tmp_path):
    """As an analyst opens it in JupyterLab: no run_dir, the demo council, the month in the cell."""
    import papermill as pm

    from boardpack.run.kernels import _kernel_manager_class

    out = tmp_path / "contacts.ipynb"
    pm.execute_notebook(
        str(NOTEBOOKS_DIR / "03_contacts.ipynb"),
        str(out),
        kernel_name="python3",
        kernel_manager_class=_kernel_manager_class(),
        progress_bar=False,
        cwd=str(NOTEBOOKS_DIR),
    )
    nb = nbformat.read(out, as_version=4)
    shown = "".join(str(o.get("data", {})) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "The figure of 421 contacts for December 2014" in shown
    assert not any(o.get("output_type") == "error" for c in nb.cells if c.cell_type == "code" for o in c.outputs)
