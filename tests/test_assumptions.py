"""docs/assumptions.md is generated from the docstrings' readings and is never stale."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import gather_assumptions as g  # noqa: E402


def test_readings_take_the_reading_paragraph_and_its_bullets_only():
    docstring = (
        "Title line.\n\nDefinitions.\n\nReadings made here (the catalogue does not say):\n\n"
        "* one;\n* two, written\n  over two lines.\n\nMonths: not a reading.\n\n* a later bullet, not a reading"
    )
    assert g.readings(docstring) == [
        "Readings made here (the catalogue does not say):",
        "* one;\n* two, written\n  over two lines.",
    ]
    assert g.readings("Title.\n\nNo choice made here.") == []


def test_markdown_turns_roles_and_literals_into_code():
    assert g.markdown("see :func:`~boardpack.calendar.month_end` and ``x``") == (
        "see `boardpack.calendar.month_end` and `x`"
    )


def test_the_page_is_current():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gather_assumptions.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_the_page_holds_the_readings_of_the_batch_and_the_domains():
    text = (ROOT / "docs" / "assumptions.md").read_text(encoding="utf-8")
    for module in ("boardpack.run.batch", "boardpack.indicators.child_protection", "boardpack.indicators.workforce"):
        assert f"### `{module}`" in text, module
    assert "9999-12-31" in text and "Not charted" in text and "within range of" in text
