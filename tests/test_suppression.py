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
    # a figure the data lack (no denominator) stays blank: c only for a suppressed one
    lacking = suppression.to_public_csv_frame(
        suppression.suppress(frame([("rereferrals_pct", DEC, "", NAN, 0.0, 0.0)]))
    )
    assert pd.isna(lacking.iloc[0]["value"])


def test_secondary_across_shares_of_one_denominator():
    # Repeat plans by the year of the earlier plan: 3 + 8 + 9 = 20, every row's denominator.
    # 3 of 20 is hidden (numerator 1 to 5); shown alone it is 20 - 8 - 9, so the smallest other
    # share (8 of 20) is hidden too; 9 of 20 stays (20 - 9 = 11 = 3 + 8, split unknown).
    result = suppression.suppress(
        frame(
            [
                ("cp_repeat_open_pct", DEC, "2012", 15.0, 3.0, 20.0),
                ("cp_repeat_open_pct", DEC, "2013", 40.0, 8.0, 20.0),
                ("cp_repeat_open_pct", DEC, "2014", 45.0, 9.0, 20.0),
            ]
        )
    )
    assert hidden(result) == {("cp_repeat_open_pct", 31, "2012"), ("cp_repeat_open_pct", 31, "2013")}


def _ytd(months):
    """s47_started by month (Period str -> count) and s47_rate_per_10k_ytd rows (population 10,000)."""
    rows, total, year = [], 0.0, None
    for month, count in months.items():
        end = pd.Period(month, "M").end_time.normalize()
        total = count + (total if year == pd.Period(month, "M").qyear else 0.0)
        year = pd.Period(month, "M").qyear
        rows.append(("s47_started", end, "", count, NAN, NAN))
        rows.append(("s47_rate_per_10k_ytd", end, "", total, total, 10000.0))
    return frame(rows)


def test_across_months_the_year_to_date_total_of_the_latest_month_is_hidden():
    # Apr 10, May 3 (c). Year to date: Apr 10, May 13. May = 13 - 10 from the May total.
    # Hiding April instead would not do (April = its own year-to-date total, 10), so the May
    # total is hidden: its rate row (value, numerator, denominator).
    result = suppression.suppress(_ytd({"2014-04": 10.0, "2014-05": 3.0}))
    assert hidden(result) == {("s47_started", 31, ""), ("s47_rate_per_10k_ytd", 31, "")}


def test_across_months_a_month_inside_the_year_takes_one_more_month_and_a_total():
    # Apr 10, May 3 (c), Jun 12; year to date 10, 13, 25. May = 13 - 10 (May total) and
    # = 25 - 10 - 12 (June total). One cell alone leaves May found (hiding April: April = 10 from
    # its own total). First pick: the May total (leaves one way, the smallest total); then May =
    # 25 - 10 - Jun, so June (12, a month before a total) is hidden: May + Jun = 15, split unknown.
    result = suppression.suppress(_ytd({"2014-04": 10.0, "2014-05": 3.0, "2014-06": 12.0}))
    assert hidden(result) == {("s47_started", 31, ""), ("s47_rate_per_10k_ytd", 31, ""), ("s47_started", 30, "")}
    left = result.loc[~result["suppressed"]]
    assert sorted(left["value"].tolist()) == [10.0, 10.0, 25.0]  # April, its total, the June total


def test_across_months_needs_the_equations_to_hold():
    # the totals are not the sums of the months (13 != 10 + 2): not a period total of them, so
    # only the month of 2 is hidden
    rows = _ytd({"2014-04": 10.0, "2014-05": 2.0})
    rows.loc[rows["indicator_id"] == "s47_rate_per_10k_ytd", "numerator"] += 1
    assert hidden(suppression.suppress(rows)) == {("s47_started", 31, "")}


def test_window_months_of_a_year_to_date_and_a_rolling_total():
    assert [str(m) for m in suppression.window_months(pd.Period("2015-03", "M"), "ytd")][::11] == ["2014-04", "2015-03"]
    assert str(suppression.window_months(pd.Period("2014-12", "M"), "12m")[0]) == "2014-01"


def test_figures_from_records_are_suppressed_at_source_with_the_frame():
    # New CAFs in December: 20 = School 9 + Health 8 + Police 3. Police 3 is primary; the lead
    # agencies add up to eh_started (20), so Health 8 (the smallest other) is hidden too.
    # Looked after: 46 = bands 6 + 10 + 10 + 8 + 9 (43) + 3 with no usable date of birth. The 3
    # is primary; with the bands it makes up the total, so the smallest band (Under 1, 6) is
    # hidden, and the share of the looked after who are under 1 (6 of 46), built on it, too.
    bands = [("Under 1", 6.0), ("1-4", 10.0), ("5-9", 10.0), ("10-15", 8.0), ("16-17", 9.0)]
    rows = frame(
        [("eh_started", DEC, "", 20.0, NAN, NAN), ("cla_open", DEC, "", 46.0, NAN, NAN)]
        + [("cla_open", DEC, band, n, NAN, NAN) for band, n in bands]
        + [("cla_band_pct", DEC, "Under 1", 100 * 6 / 46, 6.0, 46.0)]
    )
    agencies = pd.Series({"School": 9, "Health": 8, "Police": 3})
    pieces = {"lead_agency_counts": agencies, "missing_dob_count": 3, "data_as_at": pd.Timestamp("2014-12-31")}
    result, shown = suppression.suppress_with_pieces(rows, pieces, "2014-12")
    assert hidden(result) == {("cla_open", 31, "Under 1"), ("cla_band_pct", 31, "Under 1")}
    assert len(result) == len(rows)  # the pieces' own rows are not in the public frame
    lead = shown["lead_agency_counts"]
    assert lead["School"] == 9 and lead[["Health", "Police"]].isna().all()
    assert suppression.marked(lead).iloc[:, 0].tolist() == [False, True, True]
    assert math.isnan(shown["missing_dob_count"])
    assert shown["data_as_at"] == pd.Timestamp("2014-12-31")
    # none to protect: the pieces come back as they were
    _, same = suppression.suppress_with_pieces(rows, {"missing_dob_count": 0}, "2014-12")
    assert same["missing_dob_count"] == 0


def test_the_mark_rides_through_what_charts_do_and_c_only_where_marked():
    months = pd.period_range("2014-10", periods=3, freq="M")
    series = suppression.mark(
        pd.Series([12.0, NAN, NAN], index=months), rows=[months[1]]
    )  # Nov suppressed, Dec lacking
    masked, n = suppression.mask_counts(series.sort_index()[series.index > months[0] - 24].to_frame("Contacts"))
    assert n == 0 and suppression.marked(masked)["Contacts"].tolist() == [False, True, False]
    shown = suppression.with_c(masked)
    assert shown["Contacts"].tolist()[:2] == [12.0, "c"] and math.isnan(shown["Contacts"].iloc[2])
    counts, n = suppression.mask_counts(pd.Series([4.0, 9.0], index=months[:2]))
    assert n == 1 and suppression.marked(counts).iloc[:, 0].tolist() == [True, False]
