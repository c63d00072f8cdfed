"""The public edition's mark, from the suppressed frame to the cell: hand-worked frames through the
section, the scorecard, the section tables and the sentences (c only for a suppressed figure)."""

import math
import re

import pandas as pd

from boardpack.board import summary, suppression
from boardpack.document.section import RunContext, Section, _read_piece, _write_piece
from boardpack.indicators import referrals
from boardpack.indicators.frames import INDICATOR_COLUMNS
from boardpack.narrative.early_help import lead_agency_sentence
from boardpack.narrative.strategy import team_sentence
from boardpack.sources.extract import Extract

NAN = float("nan")
END = {m: pd.Period(m, "M").end_time.normalize() for m in ("2014-10", "2014-11", "2014-12")}


def section(rows, month="2014-12") -> Section:
    frame = suppression.suppress(pd.DataFrame(rows, columns=INDICATOR_COLUMNS))
    return Section("referrals", RunContext(pd.Period(month, "M"), {}, Extract(tables={}), frame, [], ""))


def test_section_marks_suppressed_figures_and_not_missing_ones():
    # referrals: October 12, November 3 (c); December not in the frame (missing)
    s = section([("referrals", END["2014-10"], "", 12.0, NAN, NAN), ("referrals", END["2014-11"], "", 3.0, NAN, NAN)])
    series = s.series("referrals")
    assert suppression.marked(series).iloc[:, 0].tolist() == [False, True]
    assert s.suppressed("referrals", month="2014-11") and not s.suppressed("referrals", month="2014-12")
    assert not s.suppressed("referrals", month="2014-10")


def test_scorecard_c_for_a_suppressed_figure_its_changes_and_status_and_blank_for_a_missing_one():
    # contacts: October 40, November 4 (c), December 30 -> this month 30, last month c, change on
    # last month c (30 against a suppressed 4 would give it back); a year earlier: not in the frame -> blank
    rows = [("contacts", END[m], "", v, NAN, NAN) for m, v in (("2014-10", 40.0), ("2014-11", 4.0), ("2014-12", 30.0))]
    s = section(rows)
    table = summary.compare(s.indicators, s.month, {}, [("contacts", "", "Contacts")])
    card = summary.scorecard(table, s.month)
    row = card.iloc[0]
    assert row["Dec 2014"] == "30" and row["Nov 2014"] == "c" and row["Change on Nov 2014"] == "c"
    assert row["Dec 2013"] == "" and row["Change on Dec 2013"] == ""
    assert row["Status"] != "c"
    # this month suppressed: the figure, the change on last month and the status are c (whatever
    # the status would have said, it was judged on the suppressed figure)
    rows[-1] = ("contacts", END["2014-12"], "", 2.0, NAN, NAN)
    s = section(rows)
    table = summary.compare(s.indicators, s.month, {}, [("contacts", "", "Contacts")])
    card = summary.scorecard(table, s.month)
    # (the change on December 2013, not in the frame, stays a blank: it is missing, not suppressed)
    shown = card.iloc[0][["Dec 2014", "Change on Nov 2014", "Change on Dec 2013", "Status"]]
    assert shown.tolist() == ["c", "c", "", "c"]


def test_source_table_keeps_a_suppressed_source_as_c_and_its_shares():
    # referrals in December: 30 = Police 3 (c) + Schools 8 (c, secondary) + Health 19. The rows stay
    # (a missing row would be worked back from the total); every share is c: their denominator,
    # the sum of the sources, is built on the suppressed ones.
    s = section(
        [
            ("referrals", END["2014-12"], "", 30.0, NAN, NAN),
            ("referrals", END["2014-12"], "Police", 3.0, NAN, NAN),
            ("referrals", END["2014-12"], "Schools", 8.0, NAN, NAN),
            ("referrals", END["2014-12"], "Health", 19.0, NAN, NAN),
        ]
    )
    table = suppression.with_c(referrals.source_table(s))
    assert table["Source"].tolist() == ["Health", "Police", "Schools"]  # suppressed rows last: no ranking shown
    assert table["Referrals"].tolist() == [19.0, "c", "c"]
    assert table["Share of referrals (%)"].tolist() == ["c", "c", "c"]


def test_sentences_over_a_suppressed_part_are_left_out():
    # a team or an agency suppressed: the total of the others would mislead (and with the
    # published total give the suppressed ones back)
    assert team_sentence("2014-12", pd.Series({"MASH": 60.0, "North": NAN, "South": NAN})) is None
    assert lead_agency_sentence("2014-12", pd.Series({"School": 9.0, "Health": NAN, "Police": NAN})) is None
    assert team_sentence("2014-12", pd.Series({"MASH": 60.0, "North": 29.0})).startswith("MASH started")


def test_a_suppressed_piece_keeps_its_mark_through_the_shared_context(tmp_path):
    agencies = suppression.mark(pd.Series({"School": 9.0, "Health": NAN}), rows=["Health"])
    entry = _write_piece(tmp_path, "lead_agency_counts", agencies)
    assert entry["suppressed"] == ["Health"]
    back = _read_piece(tmp_path, entry)
    assert suppression.marked(back).iloc[:, 0].tolist() == [False, True] and math.isnan(back["Health"])


def test_public_sentences_never_quote_a_figure_suppressed_across_months_or_secondarily():
    # s47 enquiries: Apr 10, May 3 (c), Jun 12; year to date 10, 13, 25 (population 10,000). Across
    # months, June (12) and the May total (13) are suppressed too (see test_suppression). The June
    # sentences may quote the June year-to-date total (25, published) but never 12, 13 or 3.
    from boardpack.document import display, edition
    from boardpack.narrative import strategy

    rows, total = [], 0.0
    for month, count in (("2014-04", 10.0), ("2014-05", 3.0), ("2014-06", 12.0)):
        total += count
        end = pd.Period(month, "M").end_time.normalize()
        rows += [("s47_started", end, "", count, NAN, NAN), ("s47_rate_per_10k_ytd", end, "", total, total, 10000.0)]
    frame = suppression.suppress(pd.DataFrame(rows, columns=INDICATOR_COLUMNS))
    context = RunContext(pd.Period("2014-06", "M"), {}, Extract(tables={}), frame, [], "")
    context.loaded["s47_first_month"] = pd.Period("2014-04", "M")
    drafted = strategy.sentences(Section("strategy_s47", context))
    edition.set_from_params({"edition": "public"})
    try:
        shown = display.sentences_html(drafted)
    finally:
        edition.set_from_params({})
    assert "(25 enquiries)" in shown
    numbers = set(re.findall(r"\d+(?:\.\d+)?", shown))
    assert not numbers & {"12", "13", "3"}, shown


def test_the_public_context_starts_with_no_comparison_of_the_full_editions_figures():
    """``public_context`` copies the run's context: a comparison worked out on the full edition's
    figures (``section_compare``'s memo) must not be read back for the public edition."""
    from boardpack.run.public import public_context

    rows = [("referrals", END["2014-11"], "", 30.0, NAN, NAN), ("referrals", END["2014-12"], "", 3.0, NAN, NAN)]
    full = RunContext(
        pd.Period("2014-12", "M"), {}, Extract(tables={}), pd.DataFrame(rows, columns=INDICATOR_COLUMNS), [], ""
    )
    heads = [("referrals", "referrals", "", "Referrals")]
    shown = summary.section_compare(Section("referrals", full), heads)
    assert shown.loc[0, "this_month"] == 3.0 and not shown.loc[0, "this_month_suppressed"]
    public = public_context(full)
    assert public.comparisons == {} and full.comparisons  # the full edition keeps its own
    published = summary.section_compare(Section("referrals", public), heads)
    assert published.loc[0, "this_month_suppressed"] and math.isnan(published.loc[0, "this_month"])
