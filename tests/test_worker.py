"""The run's worker: a separate process that reads a large extract's biggest file, computes some
indicator domains and lays out part of the PDF; if it dies, the work is done in the run's own
process instead (the run does not fail for it)."""

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from boardpack.run.worker import RunWorker


def test_the_worker_is_another_process_and_a_dead_worker_falls_back_to_this_one():
    worker = RunWorker()
    try:
        pid = worker.submit(os.getpid).result()
        assert pid != os.getpid()
        assert worker.submit(divmod, 7, 2).result() == (3, 1)
        os.kill(pid, signal.SIGKILL)
        job = worker.submit(os.getpid)  # sent, or not, as the worker goes: computed here either way
        assert job.result() == os.getpid()
        assert worker.submit(os.getpid).result() == os.getpid()
    finally:
        worker.close()


def test_an_error_in_the_worker_is_raised_here():
    worker = RunWorker()
    try:
        with pytest.raises(ZeroDivisionError):
            worker.submit(divmod, 1, 0).result()
        assert worker.submit(divmod, 9, 4).result() == (2, 1)  # and the worker goes on
    finally:
        worker.close()


def test_a_script_without_a_main_guard_starts_one_worker_not_itself_again(tmp_path):
    # multiprocessing's spawn would run this script again in the worker (and start a worker there)
    script = tmp_path / "unguarded.py"
    script.write_text(
        textwrap.dedent(
            """
            import os
            from boardpack.run.worker import RunWorker
            print("started", flush=True)
            worker = RunWorker()
            assert worker.submit(os.getpid).result() != os.getpid()
            worker.close()
            """
        ),
        encoding="utf-8",
    )
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("started") == 1


@pytest.fixture(scope="module")
def demo_context():
    from boardpack.document.section import build_context

    return build_context("2014-12")


def test_the_worker_computes_its_domains_to_the_same_frame(demo_context):
    """``compute_all`` with the worker's ``submit``: the ELSEWHERE domains computed in the worker
    from only the tables they list give the frame, notes and marks computed in one process."""
    import pandas as pd

    from boardpack.indicators import registry

    extract, params = demo_context.extract, demo_context.params
    alone, alone_notes = registry.compute_all(extract, "2014-12", params)
    worker = RunWorker()
    try:
        sent = []
        submit = lambda fn, *args: sent.append(args[3]) or worker.submit(fn, *args)  # noqa: E731
        both, both_notes = registry.compute_all(extract, "2014-12", params, submit=submit)
    finally:
        worker.close()
    assert sent == [list(registry.ELSEWHERE)]
    pd.testing.assert_frame_equal(both, alone)
    assert both_notes == alone_notes and both.attrs == alone.attrs


def test_a_domain_sent_away_reads_only_the_tables_it_lists(demo_context):
    """Each ELSEWHERE domain runs on the extract cut to its READS (a table it reads but does not
    list would raise), and a table left out of the copy is never taken for one the council lacks."""
    import pandas as pd

    from boardpack.indicators import registry
    from boardpack.indicators.registry import report_months

    extract, params = demo_context.extract, demo_context.params
    months = report_months(pd.Period("2014-12", "M"), 24)
    for module in (m for m in registry.domain_modules() if m.__name__.rsplit(".", 1)[-1] in registry.ELSEWHERE):
        cut = extract.only(module.READS)
        pd.testing.assert_frame_equal(
            module.indicators(cut, months, params), module.indicators(extract, months, params)
        )
    cut = extract.only(["ssd_person"])
    assert cut.has("ssd_person") and cut.get("ssd_person") is extract.get("ssd_person")
    with pytest.raises(KeyError, match="ssd_contacts: left out of this copy"):
        cut.get("ssd_contacts")
    with pytest.raises(KeyError, match="ssd_cla_episodes"):
        cut.has("ssd_person", "ssd_cla_episodes")
    assert not extract.only([]).has("ext_no_such_table")  # absent from the council's extract too: just absent


def test_the_worker_reads_the_largest_files_to_the_same_extract(tmp_path, monkeypatch):
    """``read_extract`` with the worker's ``submit`` (the split forced on the demo's small folder):
    the same tables, notes, provenance and findings; a bad value in a file the worker read stops
    the run with the same message, and the first bad table in contract order is the one named."""
    import shutil

    import pandas as pd

    from boardpack.sources import reader
    from boardpack.sources.demo import ensure_demo
    from boardpack.sources.extract import ExtractError

    monkeypatch.setattr(reader, "SPLIT_FROM_BYTES", 0)
    demo = ensure_demo()
    alone = reader.read_extract(demo, "2014-12")
    worker = RunWorker()
    try:
        sent = []
        submit = lambda fn, *args: sent.append([name for _, name in args[0]]) or worker.submit(fn, *args)  # noqa: E731
        both = reader.read_extract(demo, "2014-12", submit=submit)
        assert sent == [["ssd_contacts"]]  # the largest file, under half the folder's bytes with the next
        assert list(both.tables) == list(alone.tables)
        for name, frame in alone.tables.items():
            pd.testing.assert_frame_equal(both.tables[name], frame)
        assert both.notes == alone.notes and both.files == alone.files
        pd.testing.assert_frame_equal(both.quality, alone.quality)

        bad = tmp_path / "bad"
        shutil.copytree(demo, bad)
        contacts = (bad / "ssd_contacts.csv").read_text(encoding="utf-8")
        (bad / "ssd_contacts.csv").write_text(
            contacts.replace(",2012-01-01,5A,", ",2012-13-01,5A,", 1), encoding="utf-8"
        )
        with pytest.raises(ExtractError) as here:
            reader.read_extract(bad, "2014-12")
        with pytest.raises(ExtractError) as there:
            reader.read_extract(bad, "2014-12", submit=worker.submit)
        assert str(there.value) == str(here.value) and "ssd_contacts" in str(here.value)
        person = (bad / "ssd_person.csv").read_text(encoding="utf-8")
        (bad / "ssd_person.csv").write_text(
            person.replace("C000001,2004-10-20", "C000001,2004-02-30", 1), encoding="utf-8"
        )
        with pytest.raises(ExtractError, match="ssd_person"):  # before ssd_contacts in the contract
            reader.read_extract(bad, "2014-12", submit=worker.submit)
    finally:
        worker.close()


def test_a_domain_the_worker_cannot_compute_is_computed_here(demo_context, monkeypatch):
    """A list of tables fallen behind the code (ssd_person left out of looked_after.READS): the
    worker's copy of the extract refuses the table, and the run computes the domain itself."""
    import pandas as pd

    from boardpack.indicators import looked_after, registry
    from boardpack.indicators.registry import report_months

    extract, params = demo_context.extract, demo_context.params
    alone, _ = registry.compute_all(extract, "2014-12", params)
    months = report_months(pd.Period("2014-12", "M"), 24)
    monkeypatch.setattr(looked_after, "READS", tuple(t for t in looked_after.READS if t != "ssd_person"))
    worker = RunWorker()
    try:
        with pytest.raises(KeyError, match="ssd_person: left out"):
            registry.compute_domains(extract.only(looked_after.READS), months, params, ["looked_after"])
        both, _ = registry.compute_all(extract, "2014-12", params, submit=worker.submit)
    finally:
        worker.close()
    pd.testing.assert_frame_equal(both, alone)
