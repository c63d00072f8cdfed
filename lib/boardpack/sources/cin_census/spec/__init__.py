"""The CIN census structure by collection year: the XSDs shipped here (``CIN_schema_<year>.xsd``, DfE's
published schema as kept in SocialFinanceDigitalLabs/liia-tools-pipeline
``liiatools/cin_census_pipeline/spec/``), and what changed between years that the converter reads.

A file is validated against the schema of its collection year, or, where none is shipped for that
year, the latest earlier one (the report says which). Changes read by the converter whatever the
schema says: ``GenderCurrent`` (1/2/0/9) before 2024-25, ``Sex`` (M/F/U) from 2024-25; booleans
``0/1`` in the schema, ``true/false`` in many files.
"""

from __future__ import annotations

import re
from pathlib import Path

SPEC_DIR = Path(__file__).parent

#: first collection year (the header's ``Year``) in which children carry ``Sex`` instead of ``GenderCurrent``
SEX_FROM_YEAR = 2025


def schemas() -> dict[int, Path]:
    """Shipped XSDs by collection year."""
    found = {}
    for path in SPEC_DIR.glob("CIN_schema_*.xsd"):
        match = re.search(r"(\d{4})", path.stem)
        if match:
            found[int(match.group(1))] = path
    return dict(sorted(found.items()))


def schema_for(year: int | None) -> tuple[int, Path]:
    """(year of the schema used, its path) for a file of collection ``year`` (None = the latest)."""
    shipped = schemas()
    earlier = [y for y in shipped if year is None or y <= year]
    chosen = max(earlier) if earlier else min(shipped)
    return chosen, shipped[chosen]
