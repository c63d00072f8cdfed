"""The run's PDF worker: a separate process that lays out part of the PDF; if it dies, the part is
laid out in the run's own process instead (the run does not fail for it)."""

import os
import signal
import time

from boardpack.run.pdf_worker import PdfWorker


def test_the_worker_is_another_process_and_a_dead_worker_falls_back_to_this_one():
    worker = PdfWorker()
    try:
        pid = worker.submit(os.getpid).result()
        assert pid != os.getpid()
        os.kill(pid, signal.SIGKILL)
        for _ in range(100):  # until the executor has noticed its process is gone
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        assert worker.submit(os.getpid).result() == os.getpid()
        assert worker.submit(divmod, 7, 2).result() == (3, 1)
    finally:
        worker.close()
