"""SSDA903 -> contract tables (boardpack convert ssda903): the sample's figures worked out by hand, and a
hand-built return with every trap of the spec (file names, BOM, header case, extra columns, the
placement and period-of-care rules, each LIIA chain repair, stacking years, coverage)."""

import re
from pathlib import Path

import pandas as pd
import pytest

from boardpack.indicators.registry import compute_all
from boardpack.params import load_params
from boardpack.run.cli import main
from boardpack.sources.extract import ExtractError
from boardpack.sources.reader import read_extract
from helpers import figure_row
from samples import sample

HEAD = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"


def episodes(rows: list[str], lower=True, bom=True, extra=True) -> bytes:
    """An episodes file: ``CHILD,DECOM,RNE,PLACE,DEC,REC`` per row, the other columns filled in."""
    head = HEAD.lower() if lower else HEAD
    lines = [head + (",Notes" if extra else "")]
    for row in rows:
        child, decom, rne, place, dec, rec = row.split(",")
        lines.append(f"{child},{decom},{rne},C2,N1,{place},PR1,{dec},{rec},,,,1{',x' if extra else ''}")
    return (b"\xef\xbb\xbf" if bom else b"") + ("\n".join(lines) + "\n").encode()


def report(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "convert-report.csv", dtype=str, keep_default_na=False)


def figures(out: Path, month: str) -> pd.DataFrame:
    frame, _ = compute_all(read_extract(out, month), month, load_params())
    return frame


@pytest.fixture
def year_2019(tmp_path) -> Path:
    """Collection year 2019-20 (1 April 2019 to 31 March 2020), files named as councils name them."""
    folder = tmp_path / "903_2019-20"
    folder.mkdir()
    (folder / "SSDA903_Episodes_2020.csv").write_bytes(
        episodes(
            [
                # A: S, L (same placement), P (new placement) then care ends (E2); back in care later (S)
                "A,01/05/2019,S,U1,01/06/2019,X1",
                "A,01/06/2019,L,U1,01/07/2019,X1",
                "A,01/07/2019,P,U2,01/08/2019,E2",
                "A,01/09/2019,S,U3,,",
                # B: overlap (RULE_4): first ends 15/05 after the next starts 01/05
                "B,01/04/2019,S,U1,15/05/2019,X1",
                "B,01/05/2019,P,U2,,",
                # C: X1 with a gap before the next (RULE_5)
                "C,01/04/2019,S,U1,01/05/2019,X1",
                "C,10/05/2019,T,U2,,",
                # D: open episode (REC X1 but no DEC) followed by a placement change (RULE_1)
                "D,01/04/2019,S,U1,,X1",
                "D,01/06/2019,P,U2,,",
                # E: open episode followed by a new start (RULE_1A)
                "E,01/04/2019,S,U1,,",
                "E,01/10/2019,S,U2,,",
                # F: X1 and no next episode (X1_LAST)
                "F,01/04/2019,S,U1,01/06/2019,X1",
                # G: ceased after the year's 31 March (DEC_AFTER_YEAR)
                "G,01/04/2019,S,U1,01/04/2020,E2",
                # H: the same episode twice (RULE_3)
                "H,01/04/2019,S,U1,,",
                "H,01/04/2019,S,U1,,",
                # M: started in March 2020 (the latest DECOM: the year is 2019-20)
                "M,15/03/2020,S,U1,,",
            ]
        )
    )
    (folder / "2019-header.csv").write_text(
        "child,sex,dob,ethnic,upn,mother,mc_dob\n"
        + "".join(f"{c},{1 + i % 2},01/01/2010,WBRI,,,\n" for i, c in enumerate("ABCDEFGHM"))
    )
    (folder / "reviews.csv").write_text(
        "CHILD,DOB,REVIEW,REVIEW_CODE\nA,01/01/2010,15/05/2019,PN1\nA,01/01/2010,15/10/2019,PN1\nA,01/01/2010,15/04/2020,PN1\n"
    )
    (folder / "uasc.csv").write_text("CHILD,SEX,DOB,DUC\nA,1,01/01/2010,01/01/2028\n")
    (folder / "notes.csv").write_text("foo,bar\n1,2\n")
    return folder


def test_tables_known_by_headers_and_the_chain_rules(year_2019, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["convert", "ssda903", str(year_2019), "--out", str(out)]) == 0
    rep = report(out)
    codes = rep["code"].value_counts()
    # one line per repair, named by rule
    for code, n in {
        "RULE_1": 1,
        "RULE_1A": 1,
        "RULE_3": 1,
        "RULE_4": 1,
        "RULE_5": 1,
        "X1_LAST": 1,
        "DEC_AFTER_YEAR": 1,
    }.items():
        assert codes.get(code) == n, (code, codes.get(code))
    assert "RULE_2" not in codes  # one year: nothing later to be absent from
    assert set(rep.loc[rep["code"] == "unknown file", "file"]) == {"notes.csv"}
    assert set(rep.loc[rep["code"] == "table not used", "file"]) == {"uasc.csv"}
    assert rep.loc[rep["code"] == "skipped", "value"].tolist() == ["15/04/2020"]  # review after the year

    e = pd.read_csv(out / "ssd_cla_episodes.csv", dtype=str).set_index("clae_cla_episode_id")
    assert e.loc["B|2019-04-01", "clae_cla_episode_ceased_date"] == "2019-05-01"  # RULE_4
    assert e.loc["C|2019-04-01", "clae_cla_episode_ceased_date"] == "2019-05-10"  # RULE_5
    assert e.loc["D|2019-04-01", ["clae_cla_episode_ceased_date", "clae_cla_episode_ceased_reason"]].tolist() == [
        "2019-06-01",
        "X1",
    ]  # RULE_1
    assert e.loc["E|2019-04-01", ["clae_cla_episode_ceased_date", "clae_cla_episode_ceased_reason"]].tolist() == [
        "2019-09-30",
        "E99",
    ]  # RULE_1A: min(31/03/2020, 01/10/2019 - 1 day)
    assert e.loc["F|2019-04-01", "clae_cla_episode_ceased_reason"] == "E99"  # X1_LAST
    assert pd.isna(e.loc["G|2019-04-01", "clae_cla_episode_ceased_date"])  # DEC_AFTER_YEAR
    assert (e["clae_person_id"] == "H").sum() == 1  # RULE_3
    # periods of care: A has two (S after E2), each named by its first episode
    assert e.loc[e["clae_person_id"] == "A", "clae_cla_id"].tolist() == ["A|2019-05-01"] * 3 + ["A|2019-09-01"]
    assert e.loc["E|2019-10-01", "clae_cla_id"] == "E|2019-10-01"
    # placements: A's S+L is one, P another, the second period's S a third
    p = pd.read_csv(out / "ssd_cla_placement.csv", dtype=str)
    a = p.loc[p["clap_person_id"] == "A"]
    assert a["clap_cla_placement_start_date"].tolist() == ["2019-05-01", "2019-07-01", "2019-09-01"]
    assert a["clap_cla_placement_end_date"].fillna("").tolist() == ["2019-07-01", "2019-08-01", ""]
    assert a["clap_cla_placement_type"].tolist() == ["U1", "U2", "U3"]
    # reviews reach the period of care holding their date
    r = pd.read_csv(out / "ssd_cla_reviews.csv", dtype=str)
    assert r["clar_cla_id"].tolist() == ["A|2019-05-01", "A|2019-09-01"]
    cov = pd.read_csv(out / "coverage.csv", dtype=str)
    assert set(cov["table"]) == {"ssd_cla_episodes", "ssd_cla_placement", "ssd_cla_reviews"}
    assert set(cov["first_day"]) == {"2019-04-01"} and set(cov["last_day"]) == {"2020-03-31"}


def test_figures_from_the_hand_built_year(year_2019, tmp_path):
    out = tmp_path / "out"
    from boardpack.sources.ssda903.convert import convert

    convert([year_2019], out)
    frame = figures(out, "2020-03")
    # looked after at 31 March 2020: A (2nd period), B, C, D, E (2nd period), G (DEC after the year),
    # H, M = 8; F ceased (X1_LAST -> E99)
    assert figure_row(frame, "cla_open", "2020-03")["value"] == 8
    # started in April 2019, the first month of the return (no undercount at its edge): B C D E F G H = 7
    assert figure_row(frame, "cla_started", "2019-04")["value"] == 7
    # placements current in April 2019 - March 2020 of those 8: A has 3 (S+L, P, S), so 1 of 8
    row = figure_row(frame, "cla_3plus_placements_pct", "2020-03")
    assert (row["numerator"], row["denominator"]) == (1, 8) and row["value"] == pytest.approx(12.5)
    # reviews in timescale blank, not 0% (903 has no due dates)
    assert pd.isna(figure_row(frame, "cla_reviews_in_timescale_pct", "2019-10")["value"])
    assert figure_row(frame, "cla_reviews_held", "2019-10")["value"] == 1
    assert not (frame["indicator_id"] == "cla_visits_in_timescale_pct").any()  # no visits table at all


def test_stacked_years_keep_the_later_return_and_close_the_absent(tmp_path):
    y1, y2, y4 = tmp_path / "y1", tmp_path / "y2", tmp_path / "y4"
    for folder in (y1, y2, y4):
        folder.mkdir()
    (y1 / "episodes.csv").write_bytes(episodes(["J,01/06/2019,S,U1,,", "K,01/07/2019,S,U1,,"], lower=False))
    # 2020-21: J's episode again, now closed; K absent; L starts
    (y2 / "episodes.csv").write_bytes(episodes(["J,01/06/2019,S,U1,01/06/2020,E2", "L,01/05/2020,S,U1,,"]))
    (y4 / "episodes.csv").write_bytes(episodes(["N,01/05/2022,S,U1,,"]))
    out = tmp_path / "out"
    from boardpack.sources.ssda903.convert import convert

    convert([y2, y1], out)  # any order: the later year wins
    e = pd.read_csv(out / "ssd_cla_episodes.csv", dtype=str).set_index("clae_cla_episode_id")
    assert e.loc["J|2019-06-01", "clae_cla_episode_ceased_date"] == "2020-06-01"  # RULE_3A: the 2020-21 row
    assert e.loc["K|2019-07-01", ["clae_cla_episode_ceased_date", "clae_cla_episode_ceased_reason"]].tolist() == [
        "2020-03-31",
        "E99",
    ]  # RULE_2: open in 2019-20, not in 2020-21
    codes = report(out)["code"].value_counts()
    assert codes["RULE_3A"] == 1 and codes["RULE_2"] == 1
    cov = pd.read_csv(out / "coverage.csv", dtype=str)
    assert cov.loc[cov["table"] == "ssd_cla_episodes", ["first_day", "last_day"]].values.tolist() == [
        ["2019-04-01", "2021-03-31"]
    ]
    convert([y1, y4], out)  # a gap (2020-21 to 2021-22 missing): two spans
    cov = pd.read_csv(out / "coverage.csv", dtype=str)
    assert cov.loc[cov["table"] == "ssd_cla_episodes", ["first_day", "last_day"]].values.tolist() == [
        ["2019-04-01", "2020-03-31"],
        ["2022-04-01", "2023-03-31"],
    ]


def test_two_files_of_one_table_and_no_episodes_stop(tmp_path):
    folder = tmp_path / "y"
    folder.mkdir()
    (folder / "a.csv").write_bytes(episodes(["J,01/06/2019,S,U1,,"]))
    (folder / "b.csv").write_bytes(episodes(["K,01/06/2019,S,U1,,"]))
    with pytest.raises(ExtractError, match="two files hold the SSDA903 episodes table"):
        from boardpack.sources.ssda903.convert import convert

        convert([folder], tmp_path / "out")
    (folder / "a.csv").unlink()
    (folder / "b.csv").write_text("CHILD,SEX,DOB,ETHNIC\n1,1,01/01/2010,WBRI\n")
    with pytest.raises(ExtractError, match="no SSDA903 episodes file"):
        convert([folder], tmp_path / "out")


def test_the_shared_sample_by_hand(tmp_path):
    """The sample (collection year 2017-18: latest DECOM 31/03/2018).

    Looked after at 31 March 2018, by hand from episodes.csv: 1,419 children have an episode with
    DECOM <= 31/03/2018 and DEC blank or after it. Five of them (235151, 473732, 643786, 733953,
    777256) have that open episode followed, by DECOM, by later episodes whose last ended care
    before 31 March (e.g. 235151: S 30/08/2017 open, then P 25/11/2017, P 16/12/2017 ended E45 on
    31/01/2018); RULE_1 closes the open one at the next DECOM, so 1,419 - 5 = 1,414.

    3 or more placements in April 2017 - March 2018 among those 1,414 (placements = runs of RNE L,
    current on a day of the year): 459 by the RNE rule alone; three (310237, 350225, 925547) have a
    first placement that overlapped the next episode (e.g. 310237: P 02/01/2017 ceased 06/04/2017
    but S began 04/03/2017); RULE_4 ends it on 04/03/2017, before the year, leaving two: 459 - 3 = 456.
    Twelve DECs are 01/04/2018, after the year (DEC_AFTER_YEAR: open at its end).
    """
    out = tmp_path / "out"
    assert main(["convert", "ssda903", str(sample("ssda903-validator-fake")), "--out", str(out)]) == 0
    frame = figures(out, "2018-03")
    assert figure_row(frame, "cla_open", "2018-03")["value"] == 1414
    row = figure_row(frame, "cla_3plus_placements_pct", "2018-03")
    assert (row["numerator"], row["denominator"]) == (456, 1414)
    assert report(out)["code"].value_counts()["DEC_AFTER_YEAR"] == 12
    assert pd.isna(figure_row(frame, "cla_reviews_in_timescale_pct", "2018-03")["value"])
    assert pd.isna(figure_row(frame, "cla_open", "2017-03")["value"])  # before the year: blank


def test_convert_usage_errors_are_one_line(tmp_path, capsys):
    assert main(["convert", "ssda903", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 2
    assert "nowhere: no such file or folder" in capsys.readouterr().err
    assert main(["convert", "census", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "invalid choice" in err


def test_a_step_line_per_input_then_one_for_the_stacking_and_quiet_hides_them(year_2019, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["convert", "ssda903", str(year_2019), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    # one input folder and the stacking: two steps, counted [1/2] and [2/2]
    assert re.fullmatch(r"\[1/2\] 903_2019-20 \d+\.\d s", lines[0]), lines
    assert re.fullmatch(rf"\[2/2\] stacked, checked and written to {re.escape(str(out))}; \d+\.\d s in all", lines[1])
    assert captured.out.strip() == str(out)
    assert main(["convert", "ssda903", str(year_2019), "--out", str(tmp_path / "again"), "--quiet"]) == 0
    assert capsys.readouterr().err == ""
