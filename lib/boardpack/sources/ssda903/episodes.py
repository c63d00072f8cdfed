"""SSDA903 episodes: chain repairs, periods of care and placements (vectorised over all children).

Input: the stacked ``episodes`` of every year given, text columns upper-cased, plus ``DECOM``/``DEC``
as datetimes, ``_year_end`` (31 March of the episode's return), ``_file`` and ``_row``.

Repairs, after LIIA's ``fix_episodes`` (SocialFinanceDigitalLabs/liia-tools-pipeline,
``docs/fix_episodes.md``), each logged in the report with its rule:

* ``RULE_3A`` an episode (child, DECOM) in more than one year's return: the later return's is kept;
* ``RULE_3`` the same episode twice in one return: kept once;
* ``RULE_1`` an open episode (DEC blank, whatever REC says) followed by another whose RNE is not S:
  DEC = the next DECOM, REC = X1 (and REASON_PLACE_CHANGE = LIIAF when the next RNE is P, B, T or U);
* ``RULE_1A`` an open episode followed by one with RNE = S (the child left care and came back):
  DEC = the earlier of its year's 31 March and the day before the next DECOM, REC = E99;
* ``RULE_2`` an open episode with no next episode, from a return earlier than the latest one given
  (the child is not in the later year): DEC = its year's 31 March, REC = E99;
* ``RULE_4`` an episode ending after the next one starts (overlap): DEC = the next DECOM;
* ``RULE_5`` an X1 episode ending before the next one starts (a gap in continuous care): DEC = the next DECOM;
* ``X1_LAST`` an X1 episode with a DEC and no next episode: care cannot go on with no episode, so
  REC = E99 (ceased, reason not known);
* ``DEC_AFTER_YEAR`` a DEC after its return's 31 March: blank (the episode was open at the year end);
* ``REC_OPEN`` a REC on an open episode: blank (an episode is open when DEC is blank).

Then, on the repaired chain (sorted by child and DECOM): a **period of care** starts at the child's
first episode, at RNE = S, or after an episode whose REC is not X1, and is named ``CHILD|DECOM`` of
its first episode (``PERIOD_NO_S`` logged where one starts without RNE = S after the first); a
**placement** is a run of episodes in which every episode after the first has RNE = L, named
``CHILD|DECOM`` of its first episode, ending at the last episode's DEC.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from boardpack.calendar import days_before
from boardpack.sources.convert import Report, record_key

PLACEMENT_CHANGES = ("P", "B", "T", "U")


def _next(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame.groupby("CHILD", sort=False)[column].shift(-1)


def _log(report: Report, frame: pd.DataFrame, mask: pd.Series, code: str, column: str, message: str) -> None:
    report.add_where(code, frame, mask, column, message)


def deduplicate(episodes: pd.DataFrame, report: Report) -> pd.DataFrame:
    """RULE_3A (later return kept) and RULE_3 (kept once)."""
    episodes = episodes.sort_values(["CHILD", "DECOM", "_year_end", "_row"], kind="stable")
    key = ["CHILD", "DECOM"]
    later = episodes.duplicated(key, keep="last")
    same_year = later & episodes.duplicated(key + ["_year_end"], keep="last")
    _log(report, episodes, same_year, "RULE_3", "DECOM", "the same episode twice in one return: kept once")
    _log(report, episodes, later & ~same_year, "RULE_3A", "DECOM", "episode replaced in a later return: the later kept")
    return episodes.loc[~later].reset_index(drop=True)


def repair(episodes: pd.DataFrame, report: Report) -> pd.DataFrame:
    """The chain repairs of the module docstring, in order; returns the repaired episodes."""
    e = deduplicate(episodes, report)
    latest = e["_year_end"].max()
    after_year = e["DEC"].notna() & (e["DEC"] > e["_year_end"])
    _log(
        report, e, after_year, "DEC_AFTER_YEAR", "DEC", "ends after its return's 31 March: read as open at the year end"
    )
    e.loc[after_year, "DEC"] = pd.NaT
    e.loc[after_year, "REC"] = np.nan

    nxt_decom, nxt_rne = _next(e, "DECOM"), _next(e, "RNE")
    has_next = nxt_decom.notna()
    open_ = e["DEC"].isna()
    rule1 = open_ & has_next & (nxt_rne != "S")
    rule1a = open_ & has_next & (nxt_rne == "S")
    rule2 = open_ & ~has_next & (e["_year_end"] < latest)
    _log(report, e, rule1, "RULE_1", "DEC", "open episode followed by another: DEC = next DECOM, REC = X1")
    _log(
        report,
        e,
        rule1a,
        "RULE_1A",
        "DEC",
        "open episode, child re-entered care later: DEC = min(31 March, next DECOM - 1 day), REC = E99",
    )
    _log(report, e, rule2, "RULE_2", "DEC", "open episode not in the later return: DEC = its 31 March, REC = E99")
    e.loc[rule1, "DEC"] = nxt_decom[rule1]
    e.loc[rule1, "REC"] = "X1"
    change = rule1 & nxt_rne.isin(PLACEMENT_CHANGES)
    if "REASON_PLACE_CHANGE" in e:
        e.loc[change, "REASON_PLACE_CHANGE"] = "LIIAF"
    e.loc[rule1a, "DEC"] = np.minimum(e.loc[rule1a, "_year_end"], days_before(nxt_decom[rule1a]))
    e.loc[rule1a, "REC"] = "E99"
    e.loc[rule2, "DEC"] = e.loc[rule2, "_year_end"]
    e.loc[rule2, "REC"] = "E99"

    overlap = e["DEC"].notna() & has_next & (e["DEC"] > nxt_decom)
    gap = e["DEC"].notna() & has_next & (e["REC"] == "X1") & (e["DEC"] < nxt_decom)
    _log(report, e, overlap, "RULE_4", "DEC", "overlaps the next episode: DEC = next DECOM")
    _log(report, e, gap, "RULE_5", "DEC", "gap before the next episode of continuous care (X1): DEC = next DECOM")
    e.loc[overlap | gap, "DEC"] = nxt_decom[overlap | gap]

    x1_last = e["DEC"].notna() & ~has_next & (e["REC"] == "X1")
    _log(report, e, x1_last, "X1_LAST", "REC", "X1 (care continues) with no next episode: REC = E99")
    e.loc[x1_last, "REC"] = "E99"
    rec_open = e["DEC"].isna() & e["REC"].notna()
    _log(report, e, rec_open, "REC_OPEN", "REC", "a reason episode ceased on an open episode: ignored")
    e.loc[rec_open, "REC"] = np.nan
    return e


def chains(e: pd.DataFrame, report: Report) -> pd.DataFrame:
    """Add ``period_id`` (period of care) and ``placement_id`` to repaired, child-and-DECOM-sorted episodes."""
    e = e.sort_values(["CHILD", "DECOM"], kind="stable").reset_index(drop=True)
    first = ~e["CHILD"].duplicated()
    prev_rec = e.groupby("CHILD", sort=False)["REC"].shift(1)
    new_period = first | (e["RNE"] == "S") | (~first & (prev_rec != "X1"))
    no_s = new_period & ~first & (e["RNE"] != "S")
    _log(
        report,
        e,
        no_s,
        "PERIOD_NO_S",
        "RNE",
        "a period of care starts here (the previous episode ended care) without RNE = S",
    )
    new_placement = new_period | (e["RNE"] != "L")
    key = record_key(e["CHILD"], e["DECOM"])
    e["period_id"] = key.where(new_period).ffill()
    e["placement_id"] = key.where(new_placement).ffill()
    return e


def placements(e: pd.DataFrame) -> pd.DataFrame:
    """One row per placement: first episode's start and PLACE, last episode's DEC and reason."""
    groups = e.groupby("placement_id", sort=False)
    out = groups.agg(
        CHILD=("CHILD", "first"),
        period_id=("period_id", "first"),
        start=("DECOM", "first"),
        end=("DEC", "last"),
        place=("PLACE", "first"),
    )
    if "REASON_PLACE_CHANGE" in e:
        out["reason"] = groups["REASON_PLACE_CHANGE"].last()
    else:
        out["reason"] = np.nan
    # an open last episode leaves the placement open ("last" skips NaT: take the last row's own DEC)
    out["end"] = groups["DEC"].nth(-1).set_axis(out.index)
    return out.reset_index()
