"""Property tests: whatever lands in a cell, read_extract returns an Extract or raises ExtractError."""

import csv
import io

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boardpack.sources.extract import Extract, ExtractError
from boardpack.sources.reader import read_extract

HEADER = [
    "cont_contact_id",
    "cont_person_id",
    "cont_contact_date",
    "cont_contact_source_code",
    "cont_contact_outcome_json",
    "cont_contact_screened_date",
]
GOOD = ["C1", "P1", "2014-11-03", "1A", '{"NEW_REFERRAL_FLAG": "Y"}', "04/11/2014"]

cells = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.sampled_from(list(",;\"'\n\r\t /-:{}0123456789YNyn£é")), max_size=20),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        [
            "",
            " ",
            '""',
            "NULL",
            "NA",
            "31/02/2014",
            "2014-02-29",
            "41974",
            "01/12/14",
            "9999-12-31",
            "Y",
            "yes",
            "0",
            '{"MISSING_FLAG": "Y"',
            "\ufeff",
            "\x00",
        ]
    ),
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def outcome(folder, month="2014-12"):
    try:
        result = read_extract(folder, month)
    except ExtractError as error:
        assert str(error) and "\n" not in str(error)
        return None
    assert isinstance(result, Extract)
    return result


@SETTINGS
@given(rows=st.lists(st.tuples(st.integers(0, len(HEADER) - 1), cells), min_size=1, max_size=6))
def test_arbitrary_cells_quoted_csv(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("prop")
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # default \r\n: values holding \r or \n are quoted
    writer.writerow(HEADER)
    for position, value in rows:
        row = list(GOOD)
        row[position] = value
        writer.writerow(row)
    (folder / "ssd_contacts.csv").write_bytes(buffer.getvalue().encode("utf-8", errors="surrogatepass"))
    (folder / "ssd_person.csv").write_text("pers_person_id,pers_dob\nP1,2010-01-01\n")
    extract = outcome(folder)
    if extract is not None:
        contacts = extract.get("ssd_contacts")
        assert contacts["cont_contact_date"].dtype == "datetime64[ns]"
        assert contacts["cont_new_referral"].dtype == bool
        assert len(contacts) <= len(rows)


@SETTINGS
@given(
    raw=st.lists(st.lists(cells, min_size=1, max_size=8), min_size=0, max_size=5),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_arbitrary_raw_lines(tmp_path_factory, raw, encoding):
    """Unquoted, ragged, any separator: still only an Extract or an ExtractError."""
    folder = tmp_path_factory.mktemp("raw")
    text = ",".join(HEADER) + "\n" + "".join(",".join(line) + "\n" for line in raw)
    (folder / "ssd_contacts.csv").write_bytes(text.encode(encoding, errors="replace"))
    outcome(folder)


@SETTINGS
@given(values=st.lists(st.one_of(st.none(), cells), min_size=1, max_size=5))
def test_arbitrary_cells_parquet(tmp_path_factory, values):
    folder = tmp_path_factory.mktemp("pq")
    n = len(values)
    frame = pd.DataFrame(
        {"wkb_as_at": values, "wkb_team": values, "wkb_budget_fte": values, "wkb_new_starters_fte": ["1"] * n}
    )
    frame.to_parquet(folder / "ext_workforce_budget.parquet", index=False)
    extract = outcome(folder)
    if extract is not None:
        assert extract.get("ext_workforce_budget")["wkb_budget_fte"].dtype == "float64"
