"""What the board sees: tables and charts escaped, captioned, described."""

import matplotlib.pyplot as plt
import pandas as pd

from boardpack.document import display


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
    assert 'class="dataframe bp-table bp-wide"' in display.table_html(wide)


def test_chart_is_an_inline_png_with_alternative_text():
    fig, ax = plt.subplots()
    ax.set_title("Contacts <by month>", loc="left")
    html = display.chart_html(fig, "Contacts <by month>")
    plt.close(fig)
    assert html.startswith("<figure") and "data:image/png;base64," in html
    assert "alt='Contacts &lt;by month&gt;'" in html and "http" not in html
