"""Build lib/boardpack/data/benchmarks.csv.gz from the DfE published files.

    .venv/bin/python scripts/build_benchmarks.py [--dfe DIR] [--out FILE]

DIR defaults to ../shared/data/dfe (Explore Education Statistics CSVs; Crown copyright,
Open Government Licence v3.0). The readings (which columns, which population, how the
statistical-neighbour average is taken) are in ``boardpack.board.benchmarks``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from boardpack.board.benchmarks import BENCHMARKS_FILE, build_table

# the source tree this script sits in, and the shared data beside it
DEFAULT_DFE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dfe"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dfe", default=str(DEFAULT_DFE), help="folder of DfE EES CSV files")
    parser.add_argument("--out", default=str(BENCHMARKS_FILE), help="where to write the table")
    args = parser.parse_args(argv)
    dfe = Path(args.dfe)
    if not dfe.is_dir():
        print(f"build_benchmarks: {dfe} is not a folder", file=sys.stderr)
        return 2
    table = build_table(dfe)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    written = table.assign(period_end=table["period_end"].dt.strftime("%Y-%m-%d"))
    # gzip with a fixed mtime: the same DfE files give the same bytes.
    written.to_csv(
        out, index=False, float_format="%.10g", lineterminator="\n", compression={"method": "gzip", "mtime": 0}
    )
    counts = table.groupby(["indicator_id", "geography_level"]).size().unstack(fill_value=0)
    print(f"wrote {out} ({len(table)} rows)")
    print(counts.to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
