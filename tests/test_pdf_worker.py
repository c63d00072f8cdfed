"""The run's PDF worker: a separate process that lays out part of the PDF; if it dies, the part is
laid out in the run's own process instead (the run does not fail for it)."""

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from boardpack.run.pdf_worker import PdfWorker


def test_the_worker_is_another_process_and_a_dead_worker_falls_back_to_this_one():
    worker = PdfWorker()
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
    worker = PdfWorker()
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
            from boardpack.run.pdf_worker import PdfWorker
            print("started", flush=True)
            worker = PdfWorker()
            assert worker.submit(os.getpid).result() != os.getpid()
            worker.close()
            """
        ),
        encoding="utf-8",
    )
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("started") == 1
