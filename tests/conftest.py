"""Fixtures shared by test files: the demo council's whole pack, built once per session."""

import subprocess
import sys
import time
from pathlib import Path

import pytest

ISSUED = "2015-01-14"


@pytest.fixture(scope="session")
def demo_pack(tmp_path_factory):
    """``boardpack run --month latest --publish --issued 2015-01-14`` on the demo council, with
    commentary an analyst pasted (markup that must stay text) and one file marked public:
    ``(out folder, CompletedProcess, seconds)``."""

    root = tmp_path_factory.mktemp("e2e")
    out = root / "2014-12"
    commentary = root / "commentary"
    commentary.mkdir()
    (commentary / "contacts.md").write_text(
        "Contacts fell in December.\n\n<script>alert('boardpack-xss')</script>\n\n"
        "[a link](javascript:alert('boardpack-js'))\n",
        encoding="utf-8",
    )
    (commentary / "referrals.md").write_text(
        "---\npublic: true\n---\nReferrals PUBLIC-COMMENTARY: the new front door is working.\n", encoding="utf-8"
    )
    started = time.monotonic()
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "boardpack"),
            "run",
            "--month",
            "latest",  # the demo's records run to 31 December 2014: the latest whole month is 2014-12
            "--out",
            str(root),  # the outputs folder: the pack is root/2014-12/
            "--commentary",
            str(commentary),
            "--publish",
            "--issued",
            ISSUED,
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    return out, result, time.monotonic() - started
