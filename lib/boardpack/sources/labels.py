"""Codes and labels as the returns and databases write them, read onto the contract's codes.

One module for every source (database, CIN census, SSDA903, Annex A), so that a label means the
same wherever it comes from. All functions take and return pandas ``str`` Series (vectorised).

* Annex A prefixes its values with a list letter (``a) Yes``, ``b) Female``, ``q) 6: Police``):
  :func:`strip_prefix` removes ``a) `` and :func:`code_before_colon` keeps the ``6`` of ``6: Police``.
* Booleans arrive as ``0/1``, ``true/false``, ``Y/N``, ``Yes/No`` (any case, NCHAR padded):
  :func:`flag_text` writes the contract's ``Y``/``N``; anything else is kept as it is, so that the
  reader's one parser stops on it with the table, row, column and value.
* Sex: the CIN census writes ``GenderCurrent`` 1 male, 2 female, 0 not known, 9 not specified
  before 2024-25 and ``Sex`` M/F/U from 2024-25 (DfE CIN census technical specifications);
  Annex A writes ``a) Male`` / ``b) Female`` / words. :func:`sex_code` gives the contract's M/F/U.
* Child protection categories: codes, words (``Neglect``, ``Physical abuse``), Annex A labels
  (``a) Neglect``) and the CIN census's ``Multiple/not recommended`` (:data:`CP_CATEGORY_WORDS`,
  read by the reader's normal form of ``ssd_cp_plans``).
* SSDA903 RNE in words (Liquidlogic loads ``CARE_REASON_DESC`` into
  ``clae_cla_episode_start_reason``): :func:`rne_code`.
"""

from __future__ import annotations

import pandas as pd

#: CP plan categories (CIN census category of abuse) and the words and labels accepted for them
#: (lower case, Annex A prefix removed).
CP_CATEGORY_WORDS = {
    "neg": "NEG",
    "neglect": "NEG",
    "phy": "PHY",
    "physical abuse": "PHY",
    "physical": "PHY",
    "emo": "EMO",
    "emotional abuse": "EMO",
    "emotional": "EMO",
    "sab": "SAB",
    "sexual abuse": "SAB",
    "sexual": "SAB",
    "mul": "MUL",
    "multiple": "MUL",
    "mixed": "MUL",
    "multiple/not recommended": "MUL",
    "multiple (not recommended)": "MUL",
    "multiple / not recommended": "MUL",
}

TRUE_WORDS = ("y", "yes", "1", "true", "t")
FALSE_WORDS = ("n", "no", "0", "false", "f")

#: CIN census GenderCurrent (before 2024-25) -> contract sex.
GENDER_CURRENT = {"1": "M", "2": "F", "0": "U", "9": "U"}
#: Words and Annex A labels -> contract sex.
SEX_WORDS = {
    "m": "M",
    "male": "M",
    "f": "F",
    "female": "F",
    "u": "U",
    "unknown": "U",
    "not known": "U",
    "not specified": "U",
    "indeterminate": "U",
    "unborn": "U",
}

#: SSDA903 reason for new episode (RNE) in the words case-management systems load.
RNE_WORDS = {
    "started to be looked after": "S",
    "change of legal status only": "L",
    "change of placement and carer(s) only": "P",
    "change of placement and carer only": "P",
    "change of placement only": "P",
    "change of legal status and placement and carer(s) at the same time": "B",
    "change of legal status and placement at the same time": "B",
    "changed legal status and carer at the same time": "B",
    "change of placement (but carer(s) unchanged)": "T",
    "change of placement but carer unchanged": "T",
    "change of carer(s) only": "U",
    "change of carer only": "U",
}

_PREFIX = r"^\s*\(?[a-z]{1,2}\)\s*"


def _text(s: pd.Series) -> pd.Series:
    s = pd.Series(s, dtype="str").str.strip()
    return s.mask(s == "")


def strip_prefix(s: pd.Series) -> pd.Series:
    """``a) Yes`` -> ``Yes``; ``q) 6: Police`` -> ``6: Police``; blank -> missing."""
    return _text(s).str.replace(_PREFIX, "", regex=True).str.strip()


def code_before_colon(s: pd.Series) -> pd.Series:
    """``q) 6: Police`` -> ``6``; ``1A: Individual`` -> ``1A``; a value without a colon is kept."""
    s = strip_prefix(s)
    return s.str.replace(r"\s*:.*$", "", regex=True).str.strip()


def flag_text(s: pd.Series) -> pd.Series:
    """Booleans in any of their forms -> ``Y``/``N``; blank -> missing; other values kept as they are."""
    s = strip_prefix(s)
    low = s.str.lower()
    out = s.where(~low.isin(TRUE_WORDS), "Y")
    return out.where(~low.isin(FALSE_WORDS), "N")


def sex_code(s: pd.Series, gender_current: bool = False) -> pd.Series:
    """The contract's M/F/U from ``Sex`` (M/F/U, words, Annex A labels) or, with ``gender_current``,
    from the CIN census's ``GenderCurrent`` codes 1/2/0/9; anything else -> missing.

    >>> sex_code(pd.Series(["1", "2", "0", "9", "3"]), gender_current=True).tolist()
    ['M', 'F', 'U', 'U', nan]
    >>> sex_code(pd.Series(["b) Female", "M", " u ", "x"])).tolist()
    ['F', 'M', 'U', nan]
    """
    s = strip_prefix(s)
    if gender_current:
        s = s.str.replace(r"\.0$", "", regex=True)
        return s.map(GENDER_CURRENT).astype("str")
    return s.str.lower().map(SEX_WORDS).astype("str")


def rne_code(s: pd.Series) -> pd.Series:
    """SSDA903 RNE: a code is kept (upper case), a description from :data:`RNE_WORDS` becomes its code.

    >>> rne_code(pd.Series(["s", "Started to be looked after", "L", None])).tolist()
    ['S', 'S', 'L', nan]
    """
    s = strip_prefix(s)
    words = s.str.lower().map(RNE_WORDS)
    return words.where(words.notna(), s.str.upper()).astype("str")


def child_id(s: pd.Series) -> pd.Series:
    """A child identifier as text: surrounding spaces removed and a spreadsheet's ``123.0`` read as ``123``.

    Leading zeros lost in a spreadsheet cannot be put back (``007`` and ``7`` are different
    children): ids are kept as they arrive, never padded.

    >>> child_id(pd.Series([" 123.0 ", "007", "A12"])).tolist()
    ['123', '007', 'A12']
    """
    return _text(s).str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
