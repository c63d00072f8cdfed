"""Revisions: figures that changed since the latest earlier pack."""

import numpy as np
import pandas as pd

from boardpack.board import revisions as r
from boardpack.indicators.registry import to_csv_frame

NAN = np.nan


def frame(rows):
    out = pd.DataFrame(rows, columns=["indicator_id", "period_end", "breakdown", "value"])
    out["period_end"] = pd.to_datetime(out["period_end"])
    out["numerator"] = NAN
    out["denominator"] = NAN
    return out


EARLIER = frame(
    [
        ("contacts", "2014-10-31", "", 500.0),  # revised to 503
        ("contacts", "2014-11-30", "", 557.0),  # unchanged
        ("contacts", "2014-11-30", "Police", 90.0),  # unchanged breakdown
        ("rereferrals_pct", "2014-11-30", "", NAN),  # blank then, a value now
        ("rereferrals_pct", "2014-10-31", "", NAN),  # blank both times: not a change
    ]
)
CURRENT = frame(
    [
        ("contacts", "2014-10-31", "", 503.0),
        ("contacts", "2014-11-30", "", 557.0),
        ("contacts", "2014-11-30", "Police", 90.0),
        ("contacts", "2014-11-30", "Schools", 4.0),  # a new row in a period both cover
        ("contacts", "2014-12-31", "", 421.0),  # the new month: not a revision
        ("rereferrals_pct", "2014-11-30", "", 25.0),
        ("rereferrals_pct", "2014-10-31", "", NAN),
        ("cla_open", "2014-11-30", "", 270.0),  # an indicator the earlier pack lacked
    ]
)


def test_compare_frames():
    out = r.compare_frames(EARLIER, CURRENT)
    assert out[["indicator_id", "breakdown"]].values.tolist() == [
        ["contacts", ""],
        ["contacts", "Schools"],
        ["rereferrals_pct", ""],
    ]
    first = out.iloc[0]
    assert first["period_end"] == pd.Timestamp("2014-10-31")
    assert (first["was"], first["now"], first["change"]) == (500.0, 503.0, 3.0)
    assert np.isnan(out.iloc[1]["was"]) and out.iloc[1]["now"] == 4.0
    assert np.isnan(out.iloc[2]["was"]) and out.iloc[2]["now"] == 25.0 and np.isnan(out.iloc[2]["change"])


def test_removed_row_counts():
    out = r.compare_frames(CURRENT, EARLIER)  # the other way round: Schools row disappears
    row = out.loc[out["breakdown"] == "Schools"].iloc[0]
    assert row["was"] == 4.0 and np.isnan(row["now"])


def write_pack(folder, month, frame_):
    path = folder / month
    path.mkdir(parents=True)
    to_csv_frame(frame_).to_csv(path / "indicators.csv", index=False)


def test_revisions_table_uses_latest_earlier_pack(tmp_path):
    write_pack(tmp_path, "2014-10", EARLIER.assign(value=EARLIER["value"] + 1000))
    write_pack(tmp_path, "2014-11", EARLIER)
    write_pack(tmp_path, "2015-01", CURRENT)  # later: ignored
    (tmp_path / "2014-11.failed-20141201").mkdir()  # failed runs ignored
    out = r.revisions_table(CURRENT, "2014-12", tmp_path)
    assert out.attrs["previous_month"] == "2014-11"
    assert len(out) == 3 and out.iloc[0]["was"] == 500.0


def test_headline_blank_breakdown_survives_csv(tmp_path):
    write_pack(tmp_path, "2014-11", CURRENT)
    out = r.revisions_table(CURRENT, "2014-12", tmp_path)
    assert out.empty


def test_no_earlier_pack(tmp_path):
    out = r.revisions_table(CURRENT, "2014-12", tmp_path)
    assert out.empty and list(out.columns) == r.COLUMNS and out.attrs["previous_month"] == ""
    assert r.revisions_table(CURRENT, "2014-12", tmp_path / "missing").empty


def test_for_display():
    shown = r.for_display(r.compare_frames(EARLIER, CURRENT), {"contacts": "Contacts"})
    assert shown.iloc[0].tolist()[:3] == ["Contacts", "All", "Oct 2014"]
