"""How long the converters take on returns of a real size (not a test: run by hand, prints seconds).

    .venv/bin/python scripts/measure_sources.py [WORKDIR]

* SSDA903: the shared sample (one year, 5,050 episodes) copied into five collection years, each
  copy's dates moved on by one year more (the same children, so the years stack and the chain
  repairs see the next year's episodes), converted in one call;
* CIN census: the shared sample's children repeated under new ids until the file passes 20 MB,
  converted (schema validation included).
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "external"
if not EXTERNAL.is_dir():
    EXTERNAL = Path("/work/shared/data/external")


def shift_years(text: str, years: int) -> str:
    return re.sub(r"(\d{2}/\d{2}/)(\d{4})", lambda m: f"{m.group(1)}{int(m.group(2)) + years}", text)


def five_903_years(work: Path) -> list[Path]:
    folders = []
    for k in range(5):
        folder = work / f"903_{2018 + k}"
        folder.mkdir(parents=True, exist_ok=True)
        for path in (EXTERNAL / "ssda903-validator-fake").glob("*.csv"):
            (folder / f"SSDA903_{2018 + k}_{path.name}").write_text(shift_years(path.read_text(), k))
        folders.append(folder)
    return folders


def big_cin(work: Path, megabytes: int = 20) -> Path:
    text = (EXTERNAL / "cin-census-fake" / "fake_CIN_data.xml").read_text()
    head, rest = text.split("<Children>", 1)
    children, tail = rest.rsplit("</Children>", 1)
    copies, size, k = [], 0, 0
    while size < megabytes * 1_000_000:
        block = children.replace("<LAchildID>", f"<LAchildID>C{k:04d}")
        copies.append(block)
        size += len(block)
        k += 1
    path = work / "big_cin.xml"
    path.write_text(head + "<Children>" + "".join(copies) + "</Children>" + tail)
    return path


def main() -> int:
    from boardpack.sources.cin_census.convert import convert as convert_cin
    from boardpack.sources.ssda903.convert import convert as convert_903

    work = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="boardpack-measure-"))
    folders = five_903_years(work)
    t0 = time.perf_counter()
    out = convert_903(folders, work / "out_903")
    rows = sum(1 for _ in open(out / "ssd_cla_episodes.csv")) - 1
    print(f"ssda903: 5 years, {rows} episodes written, {time.perf_counter() - t0:.1f} s")
    path = big_cin(work)
    t0 = time.perf_counter()
    out = convert_cin([path], work / "out_cin")
    rows = sum(1 for _ in open(out / "ssd_cin_episodes.csv")) - 1
    print(f"cin census: {path.stat().st_size / 1e6:.1f} MB, {rows} referrals written, {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
