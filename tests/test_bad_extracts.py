"""The bad-extract corpus (tests/data/bad/<case>/case.yml): each case stops or goes on as declared.

``behaviour: stop`` - read_extract raises ExtractError, a single line holding every fragment in
``message`` (file, row, column, value). ``behaviour: go_on`` - read_extract returns an Extract whose
tables, notes, encodings, values and quality findings are those declared. When ``quality`` is
given it lists *every* finding (table, rule, column, count, rows).
"""

from pathlib import Path

import pandas as pd
import pytest
import yaml

from boardpack.calendar import month_end, report_months
from boardpack.indicators.population import population_by_month
from boardpack.indicators.registry import compute_all
from boardpack.params import load_params
from boardpack.run.cli import main as cli_main
from boardpack.sources.extract import ExtractError
from boardpack.sources.reader import read_extract

BAD = Path(__file__).parent / "data" / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if (p / "case.yml").is_file())


def load(case: str) -> dict:
    return yaml.safe_load((BAD / case / "case.yml").read_text(encoding="utf-8"))


def test_corpus_is_there():
    assert len(CASES) >= 19
    for case in CASES:
        assert load(case)["behaviour"] in ("stop", "go_on"), case


def check_indicators(extract, spec) -> None:
    """Each declared figure, worked by hand in the case file: a number, 0, or ``blank`` (NaN)."""
    if not spec.get("indicators"):
        return
    frame, _ = compute_all(extract, spec["month"], load_params())
    for expected in spec["indicators"]:
        rows = frame[
            (frame["indicator_id"] == expected["id"])
            & (frame["breakdown"] == expected.get("breakdown", ""))
            & (frame["period_end"] == month_end(str(expected["month"])))
        ]
        assert len(rows) == 1, expected
        value = rows["value"].iloc[0]
        if expected["value"] == "blank":
            assert pd.isna(value), (expected, value)
        else:
            assert value == pytest.approx(float(expected["value"])), (expected, value)


@pytest.mark.parametrize("case", CASES)
def test_case(case, tmp_path, capsys):
    spec = load(case)
    folder = BAD / case
    if spec["behaviour"] == "stop" and spec.get("stage") == "command line":
        code = cli_main(
            [
                "indicators",
                "--month",
                str(spec["month"]),
                "--data",
                str(folder),
                "--out",
                str(tmp_path / "indicators.csv"),
            ]
        )
        err = capsys.readouterr().err.strip()
        assert code != 0 and len(err.splitlines()) == 1 and "Traceback" not in err, err
        for fragment in spec["message"]:
            assert fragment.lower() in err.lower(), (fragment, err)
        assert not (tmp_path / "indicators.csv").exists()
        return
    if spec["behaviour"] == "stop":
        with pytest.raises(ExtractError) as caught:
            read_extract(folder, spec["month"])
        message = str(caught.value)
        assert "\n" not in message
        for fragment in spec["message"]:
            assert fragment.lower() in message.lower(), (fragment, message)
        return

    extract = read_extract(folder, spec["month"])
    for table, rows in spec.get("tables", {}).items():
        assert extract.has(table), table
        assert len(extract.get(table)) == rows, table
    for table in spec.get("absent", []):
        assert extract.get(table) is None
    for fragment in spec.get("notes", []):
        assert any(fragment.lower() in note.lower() for note in extract.notes), (fragment, extract.notes)
    encodings = {f["table"]: f["encoding"] for f in extract.files}
    for table, encoding in spec.get("encoding", {}).items():
        assert encodings[table] == encoding
    for value in spec.get("values", []):
        frame = extract.get(value["table"])
        got = frame[value["column"]].iloc[value["row"] - 1]
        if pd.api.types.is_datetime64_any_dtype(frame[value["column"]].dtype):
            got = got.strftime("%Y-%m-%d")
        assert got == value["value"], value
    if "quality" in spec:
        found = extract.quality
        assert len(found) == len(spec["quality"]), found[["table", "rule", "column", "count"]]
        for expected in spec["quality"]:
            hit = found[(found["table"] == expected["table"]) & (found["rule"] == expected["rule"])]
            if "column" in expected:
                hit = hit[hit["column"] == expected["column"]]
            assert len(hit) == 1, (expected, found)
            row = hit.iloc[0]
            assert row["count"] == expected["count"]
            if "rows" in expected:
                assert list(row["rows"]) == expected["rows"]
            assert row["treatment"]
    check_indicators(extract, spec)
    if spec.get("population_blank"):
        months = report_months(spec["month"], 3)
        population, notes = population_by_month(extract, months)
        assert population.isna().all()
        assert any("no population rows" in note for note in notes)


def test_quality_treatments_hold_no_identifiers():
    """Treatment text never quotes an identifier from the records."""
    for case in CASES:
        spec = load(case)
        if spec["behaviour"] != "go_on":
            continue
        extract = read_extract(BAD / case, spec["month"])
        ids = set()
        for frame in extract.tables.values():
            for col in frame.columns:
                if col.endswith("_id"):
                    ids |= set(frame[col].dropna())
        for text in extract.quality["treatment"]:
            assert not any(i in text for i in ids), text
