"""Golden back-test: the demo council's ``indicators.csv`` for 2014-12 is frozen in
``tests/backtests/``. Every figure must come out identical, to the last digit, through the same
command line a council uses. A figure that changes on purpose changes the frozen file in the same
commit and is named in CHANGELOG.md under "Changed figures".

To refresh it after such a change: ``BOARDPACK_REFRESH_BACKTEST=1 make test``.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

GOLDEN = Path(__file__).parent / "backtests" / "demo-2014-12-indicators.csv"


def test_demo_indicators_equal_the_frozen_file(tmp_path):
    out = tmp_path / "indicators.csv"
    result = subprocess.run(
        [sys.executable, "-m", "boardpack", "indicators", "--month", "2014-12", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    if os.environ.get("BOARDPACK_REFRESH_BACKTEST") == "1":
        shutil.copyfile(out, GOLDEN)
    # Text, not numbers: "identical" means the same characters, so no tolerance hides a change.
    got = pd.read_csv(out, dtype=str, keep_default_na=False)
    want = pd.read_csv(GOLDEN, dtype=str, keep_default_na=False)
    assert list(got.columns) == list(want.columns)
    key = ["indicator_id", "period_end", "breakdown"]
    merged = want.merge(got, on=key, how="outer", suffixes=("_want", "_got"), indicator=True)
    only = merged[merged["_merge"] != "both"]
    assert only.empty, f"rows in one file only:\n{only[key + ['_merge']].head(20)}"
    for column in ["value", "numerator", "denominator"]:
        moved = merged[merged[f"{column}_want"] != merged[f"{column}_got"]]
        assert moved.empty, f"{column} moved:\n{moved[key + [f'{column}_want', f'{column}_got']].head(20)}"
    assert out.read_bytes() == GOLDEN.read_bytes()
