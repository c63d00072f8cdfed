"""Disclosure control for the public edition: hand-worked cases of each rule."""

import math

import pandas as pd

from boardpack.board import suppression
from boardpack.indicators.frames import INDICATOR_COLUMNS

DEC, NOV = pd.Timestamp("2014-12-31"), pd.Timestamp("2014-11-30")
NAN = float("nan")


def frame(rows):
    """Rows (indicator_id, period_end, breakdown, value, numerator, denominator)."""
    return pd.DataFrame(rows, columns=INDICATOR_COLUMNS)


def hidden(result):
    """(indicator, month day, breakdown) of every suppressed row."""
    rows = result.loc[result["suppressed"]]
    return {(i, p.day, b) for i, p, b in zip(rows["indicator_id"], rows["period_end"], rows["breakdown"])}


def test_primary_counts_of_one_to_five_are_suppressed_zero_and_six_are_not():
    result = suppression.suppress(
        frame(
            [
                ("cla_started", DEC, "", 0.0, NAN, NAN),  # 0: shown
                ("cla_started", NOV, "", 1.0, NAN, NAN),  # 1: c
                ("cla_ceased", DEC, "", 5.0, NAN, NAN),  # 5: c (the threshold itself)
                ("cla_ceased", NOV, "", 6.0, NAN, NAN),  # 6: shown
                ("wf_interim_fte", DEC, "", 3.0, NAN, NAN),  # staff FTE: not people to protect
            ]
        )
    )
    assert hidden(result) == {("cla_started", 30, ""), ("cla_ceased", 31, "")}
    assert result.loc[result["suppressed"], "value"].isna().all()
    assert result["value"].tolist()[::3] == [0.0, 6.0]


def test_threshold_is_a_parameter():
    rows = frame([("cla_started", DEC, "", 7.0, NAN, NAN), ("cla_ceased", DEC, "", 8.0, NAN, NAN)])
    assert hidden(suppression.suppress(rows, threshold=7)) == {("cla_started", 31, "")}
    assert suppression.threshold_from({"suppression_threshold": 7}) == 7


def test_secondary_across_a_breakdown_and_its_total():
    # Referrals in December by source: total 30 = Police 3 + Schools 8 + Health 19.
    # Police 3 is primary; shown alone it is 30 - 8 - 19, so the next smallest slice (Schools 8)
    # is suppressed too. Health 19 and the total 30 stay: 30 - 19 = 11 = Police + Schools, unknown split.
    result = suppression.suppress(
        frame(
            [
                ("referrals", DEC, "", 30.0, NAN, NAN),
                ("referrals", DEC, "Police", 3.0, NAN, NAN),
                ("referrals", DEC, "Schools", 8.0, NAN, NAN),
                ("referrals", DEC, "Health", 19.0, NAN, NAN),
            ]
        )
    )
    assert hidden(result) == {("referrals", 31, "Police"), ("referrals", 31, "Schools")}


def test_secondary_two_primary_cells_need_no_more_and_zero_is_never_the_second_cell():
    # total 9 = A 4 + B 0 + C 5: A and C are both primary, two unknowns (4 + 5 = 9 but which is
    # which is not known): nothing more is hidden, and the 0 stays published.
    two = suppression.suppress(
        frame(
            [
                ("contacts", DEC, "", 9.0, NAN, NAN),
                ("contacts", DEC, "A", 4.0, NAN, NAN),
                ("contacts", DEC, "B", 0.0, NAN, NAN),
                ("contacts", DEC, "C", 5.0, NAN, NAN),
            ]
        )
    )
    assert hidden(two) == {("contacts", 31, "A"), ("contacts", 31, "C")}
    # slices that are not the whole (10 != 4 + 0): nothing can be worked back, only A is hidden
    partial = suppression.suppress(
        frame(
            [
                ("contacts", DEC, "", 10.0, NAN, NAN),
                ("contacts", DEC, "A", 4.0, NAN, NAN),
                ("contacts", DEC, "B", 0.0, NAN, NAN),
            ]
        )
    )
    assert hidden(partial) == {("contacts", 31, "A")}


def test_secondary_works_family_by_family():
    # total 24; family p: A 4 + B 0 + C 20 = 24 -> A primary, the smallest other non-zero slice
    # (C 20; B is 0) hidden; family q: X 24 = 24 with nothing hidden -> shown.
    result = suppression.suppress(
        frame(
            [
                ("contacts", DEC, "", 24.0, NAN, NAN),
                ("contacts", DEC, "p|A", 4.0, NAN, NAN),
                ("contacts", DEC, "p|B", 0.0, NAN, NAN),
                ("contacts", DEC, "p|C", 20.0, NAN, NAN),
                ("contacts", DEC, "q|X", 24.0, NAN, NAN),
            ]
        )
    )
    assert hidden(result) == {("contacts", 31, "p|A"), ("contacts", 31, "p|C")}


def test_a_rate_on_a_suppressed_count_is_suppressed():
    result = suppression.suppress(
        frame(
            [
                # 3 of 40 referrals were re-referrals: numerator 3 -> c
                ("rereferrals_pct", DEC, "", 7.5, 3.0, 40.0),
                # 38 of 40 reviews in timescale: 2 were not (the complement) -> c
                ("cla_reviews_in_timescale_pct", DEC, "", 95.0, 38.0, 40.0),
                # 20 of 40: shown
                ("referrals_nfa_pct", DEC, "", 50.0, 20.0, 40.0),
                # a rate per 10,000 on 4 children -> c
                ("cla_rate_per_10k", DEC, "", 1.0, 4.0, 40000.0),
                # Schools 8 is suppressed secondarily (see above); the share of contacts from
                # Schools, 8 of 30, is built on it -> c; Health 19 of 30 shown
                ("referrals", DEC, "", 30.0, NAN, NAN),
                ("referrals", DEC, "Police", 3.0, NAN, NAN),
                ("referrals", DEC, "Schools", 8.0, NAN, NAN),
                ("referrals", DEC, "Health", 19.0, NAN, NAN),
                ("referrals_source_pct", DEC, "Schools", 100 * 8 / 30, 8.0, 30.0),
                ("referrals_source_pct", DEC, "Health", 100 * 19 / 30, 19.0, 30.0),
            ]
        )
    )
    assert hidden(result) == {
        ("rereferrals_pct", 31, ""),
        ("cla_reviews_in_timescale_pct", 31, ""),
        ("cla_rate_per_10k", 31, ""),
        ("referrals", 31, "Police"),
        ("referrals", 31, "Schools"),
        ("referrals_source_pct", 31, "Schools"),
    }
    row = result.loc[result["indicator_id"] == "rereferrals_pct"].iloc[0]
    assert math.isnan(row["value"]) and math.isnan(row["numerator"]) and math.isnan(row["denominator"])


def test_public_csv_shows_c_in_every_suppressed_cell():
    result = suppression.suppress(
        frame([("cla_started", DEC, "", 2.0, NAN, NAN), ("rereferrals_pct", DEC, "", 25.0, 10.0, 40.0)])
    )
    csv = suppression.to_public_csv_frame(result)
    assert list(csv.columns) == INDICATOR_COLUMNS
    assert csv.iloc[0][["value", "numerator", "denominator"]].tolist() == ["c", "c", "c"]
    assert csv.iloc[1]["value"] == 25.0 and csv.iloc[1]["period_end"] == "2014-12-31"
