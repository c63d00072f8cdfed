"""The public edition of the demo pack (`boardpack run --publish`): `c` for every count of 1 to 5
and for what would reveal one, in the CSV, the tables and the charts; commentary only where
marked public; the key; no identifier; and the issue date on the title page."""

import re

import numpy as np
import pandas as pd
import pytest

from boardpack.board.suppression import is_count
from conftest import ISSUED

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def pack(demo_pack):
    out, result, _ = demo_pack
    assert result.returncode == 0, result.stderr
    return out


def _read(path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["period_end"] = pd.to_datetime(frame["period_end"])
    return frame


def test_public_csv_has_c_for_every_count_of_one_to_five(pack):
    full, public = _read(pack / "indicators.csv"), _read(pack / "indicators-public.csv")
    assert list(full.columns) == list(public.columns) and len(full) == len(public)
    numbers = full.assign(
        **{c: pd.to_numeric(full[c].replace("", np.nan)) for c in ("value", "numerator", "denominator")}
    )
    small = is_count(numbers) & numbers["value"].between(1, 5)
    assert small.sum() > 0
    assert (public.loc[small, "value"] == "c").all()
    # nothing published is a count of 1 to 5, and no numerator or denominator of 1 to 5 is shown
    shown = public.loc[public["value"] != "c"]
    shown_numbers = numbers.loc[shown.index]
    assert not (is_count(shown_numbers) & shown_numbers["value"].between(1, 5)).any()
    assert not shown_numbers.loc[~shown_numbers["indicator_id"].str.startswith("wf_"), "numerator"].between(1, 5).any()
    # figures that are not suppressed are the full edition's, character for character
    assert (shown["value"] == full.loc[shown.index, "value"]).all()


def test_no_breakdown_family_leaves_a_single_suppressed_cell(pack):
    public = _read(pack / "indicators-public.csv")
    full = _read(pack / "indicators.csv")
    numbers = full.assign(
        **{c: pd.to_numeric(full[c].replace("", np.nan)) for c in ("value", "numerator", "denominator")}
    )
    frame = numbers.assign(hidden=public["value"].eq("c")).loc[is_count(numbers) & numbers["value"].notna()]
    heads = frame.loc[frame["breakdown"] == ""].set_index(["indicator_id", "period_end"])
    slices = frame.loc[frame["breakdown"] != ""]
    slices = slices.assign(family=slices["breakdown"].str.extract(r"^([^|]*)\|", expand=False).fillna(""))
    checked = 0
    for (indicator, period, _), group in slices.groupby(["indicator_id", "period_end", "family"]):
        if (indicator, period) not in heads.index or not np.isclose(
            group["value"].sum(), heads.loc[(indicator, period), "value"]
        ):
            continue
        unknowns = int(group["hidden"].sum()) + int(heads.loc[(indicator, period), "hidden"])
        assert unknowns != 1, (indicator, period)
        checked += 1
    assert checked > 50


def test_public_html_has_the_key_and_c_and_only_public_commentary(pack):
    html = (pack / "board-report-public.html").read_text(encoding="utf-8")
    assert "Public edition" in html and "Key — c: not published" in html
    assert ">c</td>" in html
    assert "PUBLIC-COMMENTARY" in html  # referrals.md is marked public: true
    assert "Contacts fell in December." not in html  # contacts.md is not
    # a chart with a point left out says so (every count of 1 to 5 is suppressed at source now, so
    # the chart's own net, "n figures of 1 to 5 ... left out", has none left to catch)
    assert "Figures left out are not published (c) or not available." in html
    full = (pack / "board-report.html").read_text(encoding="utf-8")
    assert "Contacts fell in December." in full and "PUBLIC-COMMENTARY" in full


def test_public_sentences_quote_no_small_count(pack):
    html = (pack / "board-report-public.html").read_text(encoding="utf-8")
    sentences = re.findall(r"<p class=[\"']bp-sentence[\"']>(.*?)</p>", html)
    assert sentences
    from boardpack.board.suppression import sentence_discloses

    # the key itself quotes the range "1 to 5" and is allowed
    assert [s for s in sentences if sentence_discloses(s)] == []


def test_title_page_carries_the_issue_date_and_the_data_date(pack):
    for name in ("board-report.html", "board-report-public.html"):
        html = (pack / name).read_text(encoding="utf-8")
        day = pd.Timestamp(ISSUED)
        assert f"Issued on {day.day} {day.strftime('%B %Y')}." in html
        assert "Data as at 31 December 2014" in html  # the data's date, not the issue date


def _identifiers() -> set[str]:
    """Every person id and a sample of every record table's first column (ids), as in test_end_to_end."""
    import random

    from boardpack.sources.demo import ensure_demo

    demo = ensure_demo()
    ids = set(pd.read_csv(demo / "ssd_person.csv", dtype=str, usecols=["pers_person_id"])["pers_person_id"])
    rng = random.Random(2014)
    for path in sorted(demo.glob("ssd_*.csv")) + sorted(demo.glob("ext_*medicals.csv")):
        column = pd.read_csv(path, dtype=str, usecols=[0]).iloc[:, 0].dropna().tolist()
        ids.update(rng.sample(column, min(300, len(column))))
    return ids


def test_no_child_or_record_identifier_in_the_public_html_or_either_pdf(pack):
    from pypdf import PdfReader

    ids = _identifiers()
    html = (pack / "board-report-public.html").read_text(encoding="utf-8")
    texts = {"board-report-public.html": re.sub(r"data:[a-z/+.-]+;base64,[A-Za-z0-9+/=]+", "", html)}
    for name in ("board-report.pdf", "board-report-public.pdf"):
        texts[name] = " ".join(page.extract_text() or "" for page in PdfReader(str(pack / name)).pages)
    for name, text in texts.items():
        leaked = sorted(ids & set(re.findall(r"[A-Za-z0-9_]+", text)))
        assert leaked == [], (name, leaked[:10])


def _tables(path) -> dict:
    """caption -> [(column headers, [(row header, [(kind, text) per cell])])] of every bp-table;
    kind: "c" (suppressed), the blank's reason ("no data", "no target", ...), or "text"."""
    from collections import defaultdict

    import lxml.html

    out = defaultdict(list)
    for table in lxml.html.parse(str(path)).getroot().find_class("bp-table"):
        caption = " ".join(table.xpath("string(caption)").split())
        heads = [" ".join(th.text_content().split()) for th in table.xpath("thead//th")]
        rows = []
        for tr in table.xpath("tbody/tr"):
            header, *cells = tr.xpath("th|td")
            shown = []
            for cell in cells:
                classes = cell.get("class") or ""
                kind = "c" if "bp-suppressed" in classes else (cell.get("title") if "bp-blank" in classes else "text")
                shown.append((kind, " ".join(cell.text_content().split())))
            rows.append((" ".join(header.text_content().split()), shown))
        out[caption].append((heads, rows))
    return out


def test_public_tables_c_only_where_suppressed_blank_where_the_data_lack_a_figure(pack):
    """Cell by cell against the full edition: a blank there ("no data", "no target", ...) is the
    same blank here, never c; a count of 1 to 5 there is c here; a figure there is never a
    "no data" blank here (a suppressed figure shows c)."""
    full, public = _tables(pack / "board-report.html"), _tables(pack / "board-report-public.html")
    compared = suppressed = 0
    for caption, tables in public.items():
        for (heads, rows), (full_heads, full_rows) in zip(tables, full.get(caption, [])):
            if heads != full_heads or sorted(r for r, _ in rows) != sorted(r for r, _ in full_rows):
                continue  # a chart the public edition draws differently (its SPC signal)
            headers = [r for r, _ in rows]
            if len(set(headers)) == len(headers):  # suppressed rows sort last: match rows by their header
                order = [r for r, _ in full_rows]
                rows = sorted(rows, key=lambda row: order.index(row[0]))
            for (header, full_cells), (_, cells) in zip(full_rows, rows):
                for column, (was, now) in zip(heads[1:], zip(full_cells, cells)):
                    compared += 1
                    suppressed += now[0] == "c"
                    where = (caption, header, column, was, now)
                    if was[0] not in ("text", "c"):
                        assert now == was, where  # the same blank, saying the same reason
                    elif was[1].isdigit() and 1 <= int(was[1]) <= 5 and "%" not in column and "FTE" not in caption:
                        assert now[0] == "c", where
                    else:
                        assert now[0] != "no data", where
    assert compared > 3000 and suppressed > 100
