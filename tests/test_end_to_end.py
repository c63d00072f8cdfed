"""The whole pack on the demo council, once per session: `boardpack run --month latest` (2014-12)."""

import json
import random
import re

import pandas as pd
import pytest

from boardpack.document.export import remote_references
from boardpack.run.runner import SECTIONS
from boardpack.sources.demo import ensure_demo

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def pack(demo_pack):
    """The demo pack of tests/conftest.py (built once per session, with the public edition)."""
    return demo_pack


def test_run_succeeds_and_writes_the_pack(pack):
    out, result, seconds = pack
    assert result.returncode == 0, result.stderr
    # one summary line for a scheduler's log: month, sections, time, and last the HTML's path
    line = result.stdout.strip()
    assert "\n" not in line and line.startswith("board report for 2014-12: 12 sections in ")
    assert line.endswith(f" s: {out / 'board-report.html'}")
    for name in ("board-report.html", "indicators.csv", "run.json"):
        assert (out / name).is_file(), name
    assert sorted(p.name for p in (out / "sections").iterdir()) == sorted(
        f"{n:02d}_{s}.ipynb" for n, s in enumerate(SECTIONS)
    )
    assert not (out / "_context").exists()
    record = json.loads((out / "run.json").read_text())
    assert record["status"] == "complete" and all(s["status"] == "ok" for s in record["sections"])
    timings = record["timings"]
    # the full edition alone (the public edition, built by the same run, is timed apart)
    assert timings["total_seconds"] - timings["public_sections_seconds"] - timings["public_pdf_seconds"] < 180


def test_html_has_every_section_heading_and_is_offline(pack):
    out, result, _ = pack
    html = (out / "board-report.html").read_text(encoding="utf-8")
    for section in SECTIONS[1:]:  # the title page has the document's h1
        assert f'id="section-{section}"' in html, section
    assert "Demoshire improvement board performance report, December 2014" in html
    assert remote_references(html) == []


def test_no_child_or_record_identifier_in_the_html(pack):
    out, result, _ = pack
    html = (out / "board-report.html").read_text(encoding="utf-8")
    text = re.sub(r"data:[a-z/+.-]+;base64,[A-Za-z0-9+/=]+", "", html)  # inline images
    demo = ensure_demo()
    ids = set(pd.read_csv(demo / "ssd_person.csv", dtype=str, usecols=["pers_person_id"])["pers_person_id"])
    rng = random.Random(2014)
    for path in (
        sorted(demo.glob("ssd_*.csv")) + sorted(demo.glob("ext_*medicals.csv")) + sorted(demo.glob("ext_strategy*.csv"))
    ):
        column = pd.read_csv(path, dtype=str, usecols=[0]).iloc[:, 0].dropna().tolist()
        ids.update(rng.sample(column, min(300, len(column))))
    words = set(re.findall(r"[A-Za-z0-9_]+", text))
    leaked = sorted(ids & words)
    assert leaked == [], leaked[:10]


def test_commentary_is_shown_as_text_never_run(pack):
    out, result, _ = pack
    html = (out / "board-report.html").read_text(encoding="utf-8")
    assert "Contacts fell in December." in html
    assert (
        "&lt;script&gt;alert(&#x27;boardpack-xss&#x27;)&lt;/script&gt;" in html
        or "&lt;script&gt;alert('boardpack-xss')&lt;/script&gt;" in html
    )
    assert "<script>alert('boardpack-xss')" not in html
    assert 'href="javascript:' not in html
