"""The runner: section notebooks, the month against the data, and faults (issue 6).

Fast: tiny test notebooks (tests/data/notebooks/) run over a two-table extract built here.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from boardpack.run.months import check_month, data_span
from boardpack.run.runner import SECTIONS, RunError, run_pack, section_notebooks
from boardpack.sources.reader import read_extract

TEST_NOTEBOOKS = Path(__file__).parent / "data" / "notebooks"
BIN = Path(sys.executable).parent


# ---------------------------------------------------------------------------------------------
# helpers (also used by test_outputs.py)


def make_extract(folder: Path) -> Path:
    """Two children and two contacts, the last on the last day of December 2014."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ssd_person.csv").write_text("pers_person_id,pers_dob,pers_sex\nP001,2010-01-02,M\nP002,2012-05-06,F\n")
    (folder / "ssd_contacts.csv").write_text(
        "cont_contact_id,cont_person_id,cont_contact_date,cont_contact_source_code\n"
        "C01,P001,2014-11-03,6\nC02,P002,2014-12-31,3A\n"
    )
    return folder


def make_notebooks(folder: Path, kinds: dict) -> Path:
    """``NN_<id>.ipynb`` for each ``{section_id: kind}`` (kind: ok, raises, dies, slow)."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, (section_id, kind) in enumerate(kinds.items()):
        text = (TEST_NOTEBOOKS / f"{kind}.ipynb").read_text(encoding="utf-8")
        text = text.replace("{id}", section_id).replace("{title}", section_id.replace("_", " ").capitalize())
        (folder / f"{number:02d}_{section_id}.ipynb").write_text(text, encoding="utf-8")
    return folder


def make_pack(folder: Path, marker: str) -> Path:
    """A stand-in for a complete published pack."""
    folder.mkdir(parents=True)
    (folder / "board-report.html").write_text(marker)
    return folder


def tree(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def setup(tmp_path):
    data = make_extract(tmp_path / "data")
    out = tmp_path / "outputs"
    previous = make_pack(out / "2014-12", "previous December pack")
    other = make_pack(out / "2014-11", "November pack")
    return data, out, tree(previous), tree(other)


# ---------------------------------------------------------------------------------------------
# sections and months


def test_section_notebooks_in_report_order_and_missing_one_named(tmp_path):
    make_notebooks(tmp_path, {s: "ok" for s in reversed(SECTIONS) if s != "health"})
    with pytest.raises(RunError, match="no notebook for section health"):
        section_notebooks(tmp_path)
    make_notebooks(tmp_path / "all", {s: "ok" for s in SECTIONS})
    found = section_notebooks(tmp_path / "all")
    assert [s for s, _ in found] == SECTIONS
    assert found[0][1].name == "00_title.ipynb" and found[-1][1].name == "11_data_quality.ipynb"


def test_data_span_and_month_rule(tmp_path):
    extract = read_extract(make_extract(tmp_path / "d"), "2014-12")
    # contacts dated 3 Nov 2014 and 31 Dec 2014 (the last day of the month counts in December)
    assert data_span(extract) == (pd.Period("2014-11", "M"), pd.Period("2014-12", "M"))
    check_month(extract, "2014-12")
    check_month(extract, "2014-11")
    with pytest.raises(RunError, match="after the data end.*2014-12"):
        check_month(extract, "2015-01")
    with pytest.raises(RunError, match="before the data start.*2014-11"):
        check_month(extract, "2014-10")


# ---------------------------------------------------------------------------------------------
# faults: every section runs, the failure is named, the partial notebook kept, packs untouched


def _assert_failed_run(result, out, previous, other, section, cell, source, error):
    assert not result.ok
    message = result.message()
    assert "\n" not in message
    assert f"{section} in cell {cell}" in message and source in message and error in message
    failed = result.folder
    assert failed.parent == out and failed.name.startswith("2014-12.failed-")
    # every section ran; the failing one's partial notebook is kept
    assert [s.status for s in result.sections] == ["ok", "failed", "ok"]
    for name in ("00_title.ipynb", "01_contacts.ipynb", "02_referrals.ipynb"):
        assert (failed / "sections" / name).is_file()
    assert not (failed / "_context").exists()  # record-level pickle never left behind
    record = json.loads((failed / "run.json").read_text())
    assert record["status"] == "failed" and section in record["error"]
    assert not (failed / "board-report.html").exists()
    # the published December pack and the November pack are untouched; nothing archived
    assert tree(out / "2014-12") == previous
    assert tree(out / "2014-11") == other
    assert not (out / "archive").exists()


def test_section_that_raises(setup, tmp_path):
    data, out, previous, other = setup
    notebooks = make_notebooks(tmp_path / "nb", {"title": "ok", "contacts": "raises", "referrals": "ok"})
    result = run_pack(
        "2014-12", data, "", out, "", notebooks_dir=notebooks, sections=["title", "contacts", "referrals"]
    )
    _assert_failed_run(
        result, out, previous, other, "contacts", 5, "result = 1 / 0", "ZeroDivisionError: division by zero"
    )
    kept = json.loads((result.folder / "sections" / "01_contacts.ipynb").read_text())
    assert any(o.get("ename") == "ZeroDivisionError" for c in kept["cells"] for o in c.get("outputs", []))


def test_kernel_that_dies(setup, tmp_path):
    data, out, previous, other = setup
    notebooks = make_notebooks(tmp_path / "nb", {"title": "ok", "contacts": "dies", "referrals": "ok"})
    result = run_pack(
        "2014-12", data, "", out, "", notebooks_dir=notebooks, sections=["title", "contacts", "referrals"]
    )
    _assert_failed_run(result, out, previous, other, "contacts", 4, "os._exit(1)", "kernel died")


def test_failures_collected_in_parallel(setup, tmp_path):
    data, out, previous, other = setup
    notebooks = make_notebooks(tmp_path / "nb", {"title": "ok", "contacts": "raises", "referrals": "ok"})
    result = run_pack(
        "2014-12",
        data,
        "",
        out,
        "",
        jobs=2,
        notebooks_dir=notebooks,
        sections=["title", "contacts", "referrals"],
    )
    _assert_failed_run(result, out, previous, other, "contacts", 5, "result = 1 / 0", "ZeroDivisionError")


def _run_and_sigterm(data, out, notebooks, jobs: str):
    """``boardpack run`` with a slow contacts section, SIGTERM once it has started; (process, its
    stdout, stderr, the slow section's kernel pid)."""
    process = subprocess.Popen(
        [
            str(BIN / "boardpack"),
            "run",
            "--month",
            "2014-12",
            "--data",
            str(data),
            "--out",
            str(out),
            "--notebooks",
            str(notebooks),
            "--jobs",
            jobs,
            "--quiet",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 90
    started = []
    while not (started and started[0].read_text().strip()):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the slow section never started"
        time.sleep(0.2)
        started = list(out.glob(".staging/2014-12-*/slow-started"))
    kernel = int(started[0].read_text())
    # the marker is written by the cell before the slow one: let that cell end and the slow one
    # start (milliseconds), so that the signal finds the section in its sleeping cell 4
    time.sleep(1.0)
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=60)
    return process, stdout, stderr, kernel


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_sigterm_stops_the_run_names_the_section_and_publishes_nothing(setup, tmp_path):
    data, out, previous, other = setup
    notebooks = make_notebooks(tmp_path / "nb", {s: ("slow" if s == "contacts" else "ok") for s in SECTIONS})
    process, stdout, stderr, kernel = _run_and_sigterm(data, out, notebooks, "1")
    assert process.returncode == 1
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr
    assert "contacts in cell 4" in lines[0] and "interrupted by SIGTERM" in lines[0]
    assert stdout == ""
    assert _gone(kernel)  # the kernel running the slow cell was killed
    assert tree(out / "2014-12") == previous and tree(out / "2014-11") == other
    failed = list(out.glob("2014-12.failed-*"))
    assert len(failed) == 1 and (failed[0] / "sections" / "03_contacts.ipynb").is_file()
    record = json.loads((failed[0] / "run.json").read_text())
    statuses = {s["id"]: s["status"] for s in record["sections"]}
    assert statuses["title"] == "ok" and statuses["contacts"] == "failed" and statuses["referrals"] == "not run"
    assert not list(out.glob(".staging/2014-12-*"))


def test_sigterm_with_two_kernels_kills_both_and_publishes_nothing(setup, tmp_path):
    data, out, previous, other = setup
    # contacts and workforce both sleep: whichever kernels hold them when the signal comes are killed
    kinds = {s: ("slow" if s in ("contacts", "workforce") else "ok") for s in SECTIONS}
    notebooks = make_notebooks(tmp_path / "nb", kinds)
    process, stdout, stderr, kernel = _run_and_sigterm(data, out, notebooks, "2")
    assert process.returncode == 1 and stdout == ""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr
    assert "contacts in cell 4" in lines[0] and "interrupted by SIGTERM" in lines[0]
    assert _gone(kernel)
    assert tree(out / "2014-12") == previous and tree(out / "2014-11") == other
    failed = list(out.glob("2014-12.failed-*"))
    assert len(failed) == 1
    record = json.loads((failed[0] / "run.json").read_text())
    statuses = {s["id"]: s["status"] for s in record["sections"]}
    assert statuses["title"] == "ok" and statuses["contacts"] == "failed"
    assert statuses["data_quality"] in ("ok", "not run") and "failed" not in {statuses["title"], statuses["summary"]}
    assert not list(out.glob(".staging/2014-12-*"))


def test_runs_on_this_interpreter(tmp_path):
    """The kernel is sys.executable, even with a user-level python3 kernel spec elsewhere."""
    data = make_extract(tmp_path / "data")
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": ["/nonexistent/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3",
                "language": "python",
            }
        )
    )
    notebooks = make_notebooks(tmp_path / "nb", {"title": "ok"})
    old = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(tmp_path / "jupyter")
    try:
        result = run_pack("2014-12", data, "", tmp_path / "out", "", notebooks_dir=notebooks, sections=["title"])
    finally:
        if old is None:
            del os.environ["JUPYTER_PATH"]
        else:
            os.environ["JUPYTER_PATH"] = old
    assert result.ok, result.message()


# ---------------------------------------------------------------------------------------------
# kernels kept for the run, one per job, each section's namespace cleared


def _kernel_pids(folder: Path) -> dict:
    """``{notebook: pid}`` from the ``kernel <pid>`` line each test section prints."""
    pids = {}
    for path in sorted((folder / "sections").glob("*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        text = "".join("".join(o.get("text", "")) for c in cells for o in c.get("outputs", []))
        if "kernel " in text:
            pids[path.name] = int(text.split("kernel ")[1].split()[0])
    return pids


def test_one_kernel_for_the_run_and_no_variable_crosses_sections(tmp_path):
    data = make_extract(tmp_path / "data")
    kinds = {"title": "sets", "contacts": "sees", "referrals": "sets", "assessments": "sees"}
    notebooks = make_notebooks(tmp_path / "nb", kinds)
    result = run_pack("2014-12", data, "", tmp_path / "out", "", jobs=1, notebooks_dir=notebooks, sections=list(kinds))
    # "sees" fails if LEFT_BY_A_SECTION, set by the section before it on the same kernel, is still defined
    assert result.ok, result.message()
    pids = _kernel_pids(result.folder)
    assert len(pids) == 4 and len(set(pids.values())) == 1  # one kernel ran all four sections
    assert json.loads((result.folder / "run.json").read_text())["timings"]["kernels_started"] == 1


def test_one_kernel_per_job_in_parallel_and_order_kept(tmp_path):
    data = make_extract(tmp_path / "data")
    kinds = {"title": "sets", "contacts": "sees", "referrals": "sets", "assessments": "sees", "health": "sees"}
    notebooks = make_notebooks(tmp_path / "nb", kinds)
    result = run_pack("2014-12", data, "", tmp_path / "out", "", jobs=2, notebooks_dir=notebooks, sections=list(kinds))
    assert result.ok, result.message()
    assert [s.id for s in result.sections] == list(kinds)  # the document's order, whatever finished first
    assert len(set(_kernel_pids(result.folder).values())) == 2  # two kernels for five sections


def test_a_dead_kernel_is_replaced_for_the_next_section(tmp_path):
    data = make_extract(tmp_path / "data")
    kinds = {"title": "sets", "contacts": "dies", "referrals": "sees", "assessments": "sees"}
    notebooks = make_notebooks(tmp_path / "nb", kinds)
    result = run_pack("2014-12", data, "", tmp_path / "out", "", jobs=1, notebooks_dir=notebooks, sections=list(kinds))
    assert [s.status for s in result.sections] == ["ok", "failed", "ok", "ok"]
    assert "kernel died" in result.sections[1].error
    pids = _kernel_pids(result.folder)
    # the sections after the death share one new kernel
    assert pids["02_referrals.ipynb"] == pids["03_assessments.ipynb"] != pids["00_title.ipynb"]
    assert json.loads((result.folder / "run.json").read_text())["timings"]["kernels_started"] == 2


def test_a_cell_over_its_timeout_fails_and_the_next_section_gets_a_fresh_kernel(tmp_path):
    data = make_extract(tmp_path / "data")
    kinds = {"title": "ok", "contacts": "slow", "referrals": "ok"}
    notebooks = make_notebooks(tmp_path / "nb", kinds)
    result = run_pack(
        "2014-12", data, "", tmp_path / "out", "", jobs=1, notebooks_dir=notebooks, sections=list(kinds), cell_timeout=2
    )
    # the slow cell still sleeps in the old kernel: referrals runs only because its kernel is a new one
    assert [s.status for s in result.sections] == ["ok", "failed", "ok"]
    assert "contacts in cell 4 ('time.sleep(120)  # slow cell')" in result.message()
    assert "ran longer than 2 seconds (CellTimeoutError)" in result.message()


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities on this system (os.nice)")
def test_kernels_yield_the_cpu_to_the_run_itself(tmp_path):
    """The kernels run at a lower priority than the run's own process (which reads the extract and
    computes what every section waits for): nice 10, and on Linux their session's autogroup too."""
    import nbformat

    folder = tmp_path / "nb"
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('month = "2014-12"\nrun_dir = ""')
    params.metadata["tags"] = ["parameters"]
    probe = "import os, pathlib\ngroup = pathlib.Path('/proc/self/autogroup')\n"
    probe += "print('nice', os.nice(0), group.read_text().split()[-1] if group.exists() else 'none')"
    nb.cells = [params, nbformat.v4.new_code_cell(probe)]
    nbformat.write(nb, folder / "00_title.ipynb")
    result = run_pack(
        "2014-12", make_extract(tmp_path / "data"), "", tmp_path / "out", "", notebooks_dir=folder, sections=["title"]
    )
    assert result.ok, result.message()
    cells = json.loads((result.folder / "sections" / "00_title.ipynb").read_text())["cells"]
    printed = "".join("".join(o.get("text", "")) for c in cells for o in c.get("outputs", [])).split()
    nice, group = printed[printed.index("nice") + 1 :][:2]
    assert int(nice) == min(19, os.nice(0) + 10)
    assert group in ("10", "none") or not Path("/proc/self/autogroup").exists()
