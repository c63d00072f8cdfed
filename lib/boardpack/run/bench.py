"""``boardpack bench`` (``make bench``): how long the pack takes at a council's size, measured here.

What it measures, each as a separate process started the way a user starts it (so start-up and
imports count), on councils built by the demo generator at a scale (``boardpack demo --scale N``:
N copies of Demoshire, ids unique per copy, population and FTEs scaled with it):

* ``boardpack indicators`` at each of ``scales`` (default 1, 10 and 50 times the demo): the
  median wall-clock seconds of ``repeats`` runs (default 3) and the peak memory of the whole
  process tree (the resident sets of the process and its children summed, polled every 20 ms,
  and never less than the kernel's own ``ru_maxrss`` of the process);
* ``boardpack run`` with default options at each of ``pack_scales`` (default 1 and 10): median
  seconds;
* the *floor*, in the same run: as many notebooks as the pack has sections, each executed by
  papermill in a fresh kernel, in sequence, that only import the pack's libraries (pandas,
  matplotlib, seaborn, boardpack) and draw one chart: what any notebook pack of that many
  sections costs on this machine. ``ratio`` is the pack at 1x over the floor.

It writes ``outputs/bench/bench.json``::

    {"indicators": [{"scale": 1, "seconds": 4.1, "peak_mb": 270.0}, ...],
     "pack": {"seconds": 77.0, "seconds_10x": 80.0, "floor_seconds": 42.5, "ratio": 1.81}}

(``pack`` values are null when ``pack_scales`` leaves them out) and prints a small table. A
timing is not a test: nothing here is part of ``make test``; tests/test_bench.py only runs a
tiny bench and checks the file's shape. Numbers from a machine shared with other work are
noisy: compare medians from one quiet machine.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from boardpack import paths

MONTH = "2014-12"
POLL_SECONDS = 0.02
FLOOR_LIBRARIES = ("pandas", "matplotlib", "seaborn", "boardpack")


class BenchError(RuntimeError):
    """A command the bench timed did not succeed."""


# ---------------------------------------------------------------------------------------------
# one timed process


def _tree_rss(process) -> int:
    """Bytes resident in ``process`` and all its descendants (0 for any that has gone)."""
    import psutil

    total = 0
    try:
        members = [process] + process.children(recursive=True)
    except psutil.Error:
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass
    return total


def time_command(argv: list[str], cwd=None) -> tuple[float, float]:
    """Run ``argv``; return (wall-clock seconds, peak MB of its process tree). Raises BenchError.

    The peak is the largest sum of resident sets of the process and its descendants seen by
    polling, and never less than the process's own ``ru_maxrss`` (which no poll can miss).
    """
    import psutil

    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr)
        watched = psutil.Process(child.pid)
        peak = 0
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _tree_rss(watched))
            time.sleep(POLL_SECONDS)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            stderr.seek(0)
            lines = stderr.read().decode("utf-8", "replace").strip().splitlines() or ["(no message)"]
            raise BenchError(f"{' '.join(argv[2:5])}...: exit {child.returncode}: {lines[-1]}")
    peak = max(peak, usage.ru_maxrss * 1024)  # ru_maxrss is in KB on Linux
    return seconds, peak / 2**20


def _median_run(argv: list[str], repeats: int) -> tuple[float, float]:
    runs = [time_command(argv) for _ in range(repeats)]
    return statistics.median(s for s, _ in runs), max(mb for _, mb in runs)


def _boardpack(*args: str) -> list[str]:
    return [sys.executable, "-m", "boardpack", *args]


# ---------------------------------------------------------------------------------------------
# what is timed


def council(scale: int) -> Path:
    """The demo council at ``scale`` (written once; rewritten when the generator changes)."""
    from boardpack.sources.demo import ensure_demo, scaled_folder

    return ensure_demo(scaled_folder(scale), scale)


def time_indicators(scale: int, repeats: int, work: Path) -> dict:
    """``boardpack indicators`` on the council at ``scale``: median seconds and peak MB."""
    folder = council(scale)
    argv = _boardpack("indicators", "--month", MONTH, "--data", str(folder), "--out", str(work / f"ind-{scale}x.csv"))
    seconds, peak = _median_run(argv, repeats)
    return {"scale": scale, "seconds": round(seconds, 2), "peak_mb": round(peak, 1)}


def time_pack(scale: int, repeats: int, work: Path) -> float:
    """``boardpack run`` with default options on the council at ``scale``: median seconds."""
    folder = council(scale)
    runs = []
    for i in range(repeats):
        out = work / f"pack-{scale}x-{i}"
        runs.append(time_command(_boardpack("run", "--month", MONTH, "--data", str(folder), "--out", str(out)))[0])
        shutil.rmtree(out, ignore_errors=True)
    return statistics.median(runs)


FLOOR_CODE = textwrap.dedent(
    """\
    import io

    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt
    import pandas as pd
    import seaborn as sns
    from IPython.display import Image, display

    import boardpack  # noqa: F401

    frame = pd.DataFrame({"month": range(24), "value": [400 + 10 * (i % 7) for i in range(24)]})
    figure, axes = plt.subplots(figsize=(8, 3.5))
    sns.lineplot(data=frame, x="month", y="value", ax=axes)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    plt.close(figure)
    display(Image(buffer.getvalue()))
    """
)


def write_floor_notebooks(folder: Path, n: int) -> list[Path]:
    """``n`` notebooks that import the pack's libraries and draw one chart."""
    import nbformat

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(n):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_CODE)])
        nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
        path = folder / f"{i:02d}_floor.ipynb"
        nbformat.write(nb, path)
        written.append(path)
    return written


def run_floor(folder) -> None:
    """Execute every ``*_floor.ipynb`` in ``folder`` with papermill, each in a fresh kernel, in order."""
    import papermill

    folder = Path(folder)
    for notebook in sorted(folder.glob("*_floor.ipynb")):
        papermill.execute_notebook(
            str(notebook), str(notebook.with_suffix(".out.ipynb")), kernel_name="python3", progress_bar=False
        )


def pack_sections() -> int:
    """How many section notebooks the pack runs."""
    from boardpack.run.runner import SECTIONS

    return len(SECTIONS)


def time_floor(n: int, repeats: int, work: Path) -> float:
    """The floor for ``n`` notebooks: median seconds of one process executing them in sequence."""
    folder = work / "floor"
    write_floor_notebooks(folder, n)
    argv = [sys.executable, "-c", "import sys; from boardpack.run.bench import run_floor; run_floor(sys.argv[1])"]
    return _median_run(argv + [str(folder)], repeats)[0]


# ---------------------------------------------------------------------------------------------
# the whole bench


def bench(scales, pack_scales, repeats: int = 3, out=None, floor_notebooks: int | None = None) -> dict:
    """Run the bench, write ``bench.json`` into ``out`` (default outputs/bench/), return the result."""
    out = Path(out) if out else paths.OUTPUTS_DIR / "bench"
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".work-", dir=out))
    try:
        indicators = [time_indicators(scale, repeats, work) for scale in scales]
        pack = {"seconds": None, "seconds_10x": None, "floor_seconds": None, "ratio": None}
        timed = {scale: round(time_pack(scale, repeats, work), 2) for scale in pack_scales}
        if timed:
            floor = time_floor(floor_notebooks or pack_sections(), repeats, work)
            pack["seconds"] = timed[min(timed)]  # 1x by default
            pack["seconds_10x"] = timed[max(timed)] if len(timed) > 1 else None  # 10x by default
            pack["floor_seconds"] = round(floor, 2)
            pack["ratio"] = round(pack["seconds"] / floor, 3)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = {"indicators": indicators, "pack": pack}
    target = out / "bench.json"
    partial = target.with_suffix(".json.tmp")
    partial.write_text(json.dumps(result, indent=2) + "\n")
    os.replace(partial, target)
    return result


def table(result: dict) -> str:
    """The result as a small text table."""
    lines = [f"{'what':<28}{'seconds':>10}{'peak MB':>10}"]
    for row in result["indicators"]:
        lines.append(f"{'indicators ' + str(row['scale']) + 'x':<28}{row['seconds']:>10.2f}{row['peak_mb']:>10.0f}")
    pack = result["pack"]
    for label, key in (("pack 1x", "seconds"), ("pack 10x", "seconds_10x"), ("floor", "floor_seconds")):
        if pack[key] is not None:
            lines.append(f"{label:<28}{pack[key]:>10.2f}")
    if pack["ratio"] is not None:
        lines.append(f"{'pack / floor':<28}{pack['ratio']:>10.2f}")
    return "\n".join(lines)


def council_sizes(text: str) -> list[int]:
    """``"1,10,50"`` -> ``[1, 10, 50]`` (blank -> none); ValueError for anything else."""
    sizes = []
    for part in (p.strip() for p in str(text).split(",")):
        if not part:
            continue
        if not part.isdigit() or int(part) < 1:
            raise ValueError(f"--scales/--pack-scales: {part!r} is not a council size (a whole number of 1 or more)")
        sizes.append(int(part))
    return sizes


def bench_main(scales=(1, 10, 50), pack_scales=(1, 10), repeats: int = 3, out=None) -> int:
    """``boardpack bench``: run, print the table and the path of bench.json; exit code."""
    result = bench(list(scales), list(pack_scales), repeats, out)
    print(table(result))
    print(Path(out) / "bench.json" if out else paths.OUTPUTS_DIR / "bench" / "bench.json")
    return 0
