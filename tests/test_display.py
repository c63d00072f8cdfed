"""What the board sees: tables and charts escaped, captioned, described."""

import re

import matplotlib.pyplot as plt
import pandas as pd

from boardpack.document import charts, display, edition


def test_table_escapes_text_and_keeps_its_caption():
    html = display.table_html(
        pd.DataFrame({"Team": ["<b>MASH</b>"], "FTE": [8.0]}), caption="Staff & budget", formats={"FTE": "{:.2f}"}
    )
    assert "&lt;b&gt;MASH&lt;/b&gt;" in html and "<b>MASH" not in html
    assert "<caption>Staff &amp; budget</caption>" in html
    assert "8.00" in html
    assert "bp-wide" not in html


def test_table_of_more_than_ten_columns_is_marked_wide_for_print():
    wide = pd.DataFrame({f"c{i}": [i] for i in range(11)})
    html = display.table_html(wide)
    assert "class='dataframe bp-table bp-wide'" in html and "bp-wide-wrap" in html


def test_chart_is_an_inline_png_with_alternative_text():
    fig, ax = plt.subplots()
    ax.set_title("Contacts <by month>", loc="left")
    html = display.chart_html(fig, "Contacts <by month>")
    plt.close(fig)
    assert html.startswith("<figure") and "data:image/png;base64," in html
    assert "alt='Contacts &lt;by month&gt;'" in html and "http" not in html


def test_table_rows_have_row_headers_and_blank_cells_say_why():
    frame = pd.DataFrame(
        {
            "Indicator": ["Contacts", "Re-referrals (%)"],
            "Dec 2014": ["421", ""],
            "Target": ["", "20.0%"],
            "England": [None, ""],
        }
    )
    html = display.table_html(frame, caption="Headlines")
    assert "<th scope='col'>Indicator</th>" in html and "<th scope='row'>Contacts</th>" in html
    hidden = re.findall(r"<span class='bp-visually-hidden'>([^<]*)</span>", html)
    # row 1: Target blank -> no target, England blank -> not published; row 2: Dec 2014 blank -> no data, England
    assert hidden == ["no target", "not published", "no data", "not published"]
    assert "tabindex" not in html


def _contacts_chart():
    months = pd.period_range("2013-01", periods=24, freq="M")
    values = [500.0] * 24
    values[18], values[22], values[23] = 747.0, 555.0, 421.0  # July 2014 peak; Nov 555; Dec 421
    values[2] = 400.0  # March 2013 lower than December 2014's 421
    return charts.this_year_vs_last(pd.Series(values, index=months), "Contacts received each month", "Contacts")


def test_chart_alternative_text_describes_the_figures_and_they_are_in_a_table():
    html = display.chart_html(_contacts_chart())
    alt = re.search(r"alt='([^']*)'", html).group(1)
    # 421 is the lowest since March 2013 (400); the peak 747 in July 2014; December 2013 was 500
    assert alt == (
        "Contacts received each month. Contacts fell from 555 in November to 421 in December 2014, the lowest "
        "since March 2013; the peak was 747 in July 2014. A year earlier, in December 2013, it was 500."
    )
    assert "<figcaption>Contacts received each month</figcaption>" in html
    details = html[html.index("<details") :]
    assert "<summary>The figures in this chart</summary>" in details
    assert "<th scope='row'>Dec 2014</th><td>421</td>" in details and details.count("<th scope='row'>") == 24


def test_public_edition_leaves_small_counts_out_of_charts_tables_and_sentences():
    edition.set_from_params({"edition": "public", "suppression_threshold": 5})
    try:
        months = pd.period_range("2014-10", periods=3, freq="M")
        fig = charts.monthly_bars(pd.DataFrame({"Started": [7.0, 3.0, 9.0]}, index=months), "Started", "Children")
        record = fig.bp_chart
        assert pd.isna(record["data"].loc[months[1], "Started"])  # 3 left out of the chart
        assert record["notes"] == ["1 figure of 1 to 5 not published (c), left out."]
        html = display.table_html(pd.DataFrame({"Month": ["Nov"], "Children": ["3"], "Rate (%)": [""], "Open": ["c"]}))
        assert html.count(">c</td>") == 2  # the count 3 (safety net) and the figure marked suppressed ("c")
        assert "<td class='bp-blank' title='no data'>" in html  # a figure the data lack is not c
        shown = display.sentences_html(["3 children started in November 2014.", "Nine started in December 2014."])
        assert "3 children" not in shown and "Nine started" in shown
    finally:
        edition.set_from_params({})


def test_public_tables_show_c_only_for_a_marked_figure_and_no_data_for_a_missing_one():
    from boardpack.indicators.marks import mark

    months = pd.period_range("2014-10", periods=3, freq="M")
    edition.set_from_params({"edition": "public", "suppression_threshold": 5})
    try:
        # October 12; November suppressed (marked, NaN); December lacking (NaN, no mark)
        table = mark(pd.DataFrame({"Month": ["Oct", "Nov", "Dec"], "Open": [12.0, None, None]}), cells=[(1, "Open")])
        cells = re.findall(r"<td[^>]*>.*?</td>", display.table_html(table, formats={"Open": "{:,.0f}"}))
        assert cells[0] == "<td>12</td>" and ">c</td>" in cells[1] and "title='no data'" in cells[2]
        # a chart's figures: the mark rides with the data the chart keeps
        series = mark(pd.Series([12.0, float("nan"), float("nan")], index=months), rows=[months[1]])
        fig = charts.monthly_lines(series.to_frame("Open"), "Children looked after", "Children")
        details = display.chart_html(fig)
        details = details[details.index("<details") :]
        assert "<th scope='row'>Nov 2014</th><td class='bp-suppressed' title='not published'>c</td>" in details
        assert "<th scope='row'>Dec 2014</th><td class='bp-blank' title='no data'>" in details
    finally:
        edition.set_from_params({})
    # the full edition: the same blank says no data, and no c anywhere
    html = display.table_html(pd.DataFrame({"Month": ["Dec"], "Open": [None]}))
    assert "title='no data'" in html and ">c<" not in html
