"""Every abbreviation and term of art the pack prints, in plain words, for the end of the document.

The board are not analysts: a reader meets "ICPC", "s47" or "SPC" in a table and finds it here.
:func:`glossary_table` lists them, and a test checks that every abbreviation the notebooks and the
narrative print is listed.
"""

from __future__ import annotations

import pandas as pd

GLOSSARY: dict[str, str] = {
    "CAF": "Common Assessment Framework: an early help assessment, and the support planned from it",
    "CIN": "Child in need (Children Act 1989, section 17); the CIN census is DfE's yearly return",
    "CLA": "Child looked after by the council (in care), also written LAC",
    "CP": "Child protection",
    "CPP": "Child protection plan",
    "CSE": "Child sexual exploitation",
    "DfE": "Department for Education, which publishes the England, region and neighbour figures",
    "England / region": "The figure for all councils in England, or in the council's region, in DfE's latest year",
    "FTE": "Full-time equivalent: staff counted by hours (two half-time posts are 1 FTE)",
    "ICPC": "Initial child protection conference: the meeting that decides whether a child needs a plan",
    "IRO": "Independent reviewing officer, who chairs looked-after children's reviews",
    "LA": "Local authority (the council)",
    "MASH": "Multi-agency safeguarding hub, where contacts are screened",
    "NFA": "No further action: the case closed without services",
    "per 10,000": "For every 10,000 children aged 0 to 17 living in the area (ONS mid-year estimate)",
    "pts": "Percentage points: the difference between two percentages (50% to 55% is +5 pts)",
    "s47": "Section 47 enquiry (Children Act 1989): an investigation when a child may be suffering significant harm",
    "SPC": (
        "Statistical process control (NHS Making Data Count): whether a month is within the usual "
        "range of the series, or a special cause (outside the limits, a run or a trend)"
    ),
    "Statistical neighbours": "The ten councils DfE judges most like this one; the figure shown is their average",
    "Year to date": "From 1 April (the start of the financial year) to the end of the month",
}


def glossary_table() -> pd.DataFrame:
    """The glossary as a two-column table, in alphabetical order.

    >>> glossary_table().iloc[0].tolist()[0]
    'CAF'
    """
    items = sorted(GLOSSARY.items(), key=lambda kv: kv[0].lower())
    return pd.DataFrame(items, columns=["Term", "Meaning"])
