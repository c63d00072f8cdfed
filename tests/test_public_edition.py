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
    assert "not published (c), left out." in html  # a chart with a point left out says so
    full = (pack / "board-report.html").read_text(encoding="utf-8")
    assert "Contacts fell in December." in full and "PUBLIC-COMMENTARY" in full


def test_public_sentences_quote_no_small_count(pack):
    html = (pack / "board-report-public.html").read_text(encoding="utf-8")
    sentences = re.findall(r"<p class=\"bp-sentence\">(.*?)</p>", html)
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
