"""Plain words: every abbreviation the pack prints is in the glossary; source groups said as a reader would."""

import re
from pathlib import Path

import nbformat

from boardpack.narrative import glossary
from boardpack.narrative.phrases import source_words
from boardpack.paths import NOTEBOOKS_DIR

PROJECT_ROOT = Path(__file__).resolve().parents[1]

ABBREVIATION = re.compile(r"\b(CAF|CIN|CLA|LAC|CPP|CSE|DfE|FTE|ICPC|IRO|MASH|NFA|SPC|s47)\b")


def printed_text() -> str:
    """The notebooks' code and the wording modules: where every printed word comes from."""
    parts = [c.source for p in sorted(NOTEBOOKS_DIR.glob("*.ipynb")) for c in nbformat.read(p, as_version=4).cells]
    for folder in ("narrative", "board", "document"):
        parts += [p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / "lib" / "boardpack" / folder).glob("*.py")]
    return "\n".join(parts)


def test_every_abbreviation_printed_is_explained():
    used = set(ABBREVIATION.findall(printed_text()))
    listed = set(glossary.GLOSSARY) | {"LAC"}  # LAC is explained under CLA
    assert used - listed == set()
    assert {"CAF", "ICPC", "s47", "CSE", "NFA", "SPC", "FTE"} <= set(glossary.GLOSSARY)


def test_glossary_is_in_the_document():
    nb = nbformat.read(NOTEBOOKS_DIR / "11_data_quality.ipynb", as_version=4)
    assert "glossary.glossary_table()" in "\n".join(c.source for c in nb.cells)


def test_source_groups_as_a_reader_says_them():
    assert [source_words(g) for g in ("Individual", "Police", "LA social care", "Other", "Our own")] == [
        "individuals",
        "the police",
        "the council's own social care services",
        "other sources",
        "Our own",
    ]
