"""The command line: ``boardpack run``, ``boardpack indicators``, ``boardpack demo``.

::

    boardpack run --month YYYY-MM [--data DIR] [--params FILE] [--out DIR] [--commentary DIR] [--jobs N]
    boardpack indicators --month YYYY-MM [--data DIR] [--params FILE] --out FILE.csv
    boardpack demo [--out DIR] [--scale N]
    boardpack bench [--scales 1,10,50] [--pack-scales 1,10] [--repeats 3] [--out DIR]

``run`` builds the month's pack (default data: the bundled demo council; default out:
``outputs/<month>/``) and prints the path of the HTML. ``indicators`` reads the extract and
writes the catalogue's figures to a CSV (blank = no value; values unrounded) without running any
notebook; notes on skipped tables and domains go to stderr. ``demo`` writes the demo council's
extract and prints its folder (``--scale N``: N copies, default folder ``data/demo-Nx``).
``bench`` times ``indicators`` and ``run`` on councils of several sizes (docs/performance.md).

Exit codes: 0 done; 2 bad input or usage (a month not ``YYYY-MM``, a missing folder or file, an
extract or parameters file that cannot be read, a reporting month outside the data); 1 a run
that failed (a section that raised, a kernel that died, an export that failed, SIGTERM/SIGINT).
Every failure prints ONE line on stderr (``boardpack: ...``), never a traceback.

The reporting month must lie within the data: between the month of the earliest and the month
of the latest *event date* in the extract (contact, referral, assessment start, plan start,
visit, workforce snapshot... see :func:`boardpack.run.runner.data_span`), inclusive. A month after
the latest record (the extract ends before it) or before the earliest stops with exit 2.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

MONTH_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class UsageError(Exception):
    """Bad command-line input (exit 2)."""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (no usage block) and exit code 2."""

    def error(self, message):
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def _month(text: str) -> str:
    if not MONTH_PATTERN.match(text.strip()):
        raise argparse.ArgumentTypeError(f"month {text!r} is not in the form YYYY-MM (e.g. 2014-12)")
    return text.strip()


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"--jobs {text!r} must be a whole number of 1 or more")
    return value


def _whole(option: str):
    """An argparse type: a whole number of 1 or more, named ``option`` in the error."""

    def parse(text: str) -> int:
        if not text.strip().isdigit() or int(text) < 1:
            raise argparse.ArgumentTypeError(f"{option} {text!r} must be a whole number of 1 or more")
        return int(text)

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="boardpack", description="Monthly improvement board performance report for children's social care."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = sub.add_parser("run", help="build the month's board report pack")
    run.add_argument("--month", required=True, type=_month, help="reporting month, YYYY-MM")
    run.add_argument(
        "--data", default="", metavar="DIR", help="the council's extract folder (default: the demo council)"
    )
    run.add_argument("--params", default="", metavar="FILE", help="YAML laid over params/defaults.yaml")
    run.add_argument("--out", default="", metavar="DIR", help="where the pack goes (default: outputs/<month>/)")
    run.add_argument(
        "--commentary",
        default="",
        metavar="DIR",
        help="analysts' commentary folder (default: params/commentary/<month>/)",
    )
    run.add_argument("--jobs", default=1, type=_jobs, metavar="N", help="sections run at once (default 1)")
    run.add_argument("--notebooks", default="", metavar="DIR", help=argparse.SUPPRESS)  # tests, development

    ind = sub.add_parser("indicators", help="write the catalogue's figures to a CSV (no notebooks)")
    ind.add_argument("--month", required=True, type=_month, help="reporting month, YYYY-MM")
    ind.add_argument(
        "--data", default="", metavar="DIR", help="the council's extract folder (default: the demo council)"
    )
    ind.add_argument("--params", default="", metavar="FILE", help="YAML laid over params/defaults.yaml")
    ind.add_argument("--out", required=True, metavar="FILE.csv", help="the CSV to write")

    demo = sub.add_parser("demo", help="write the demo council's extract")
    demo.add_argument("--out", default="", metavar="DIR", help="folder (default: the bundled demo folder)")
    demo.add_argument(
        "--scale", default=1, type=_whole("--scale"), metavar="N", help="a council N times the demo (default 1)"
    )

    bench = sub.add_parser("bench", help="time indicators and the pack at 1x, 10x, 50x; write outputs/bench/")
    bench.add_argument("--scales", default="1,10,50", metavar="N,N", help="council sizes for indicators")
    bench.add_argument("--pack-scales", default="1,10", metavar="N,N", help="sizes for the whole pack ('' = none)")
    bench.add_argument(
        "--repeats", default=3, type=_whole("--repeats"), metavar="N", help="runs per timing (median; default 3)"
    )
    bench.add_argument("--out", default="", metavar="DIR", help="folder for bench.json (default: outputs/bench/)")
    return parser


def _data_dir(data: str) -> str:
    if data:
        if not Path(data).is_dir():
            raise UsageError(f"--data {data}: no such folder")
        return data
    from boardpack.sources.demo import ensure_demo

    return str(ensure_demo())


def _check_file(option: str, path: str) -> None:
    if path and not Path(path).is_file():
        raise UsageError(f"{option} {path}: no such file")


def cmd_run(args) -> int:
    from boardpack.paths import NOTEBOOKS_DIR
    from boardpack.run.runner import run_pack

    _check_file("--params", args.params)
    if args.commentary and not Path(args.commentary).is_dir():
        raise UsageError(f"--commentary {args.commentary}: no such folder")
    data_dir = _data_dir(args.data)
    result = run_pack(
        args.month,
        data_dir,
        args.params,
        args.out or None,
        args.commentary,
        jobs=args.jobs,
        notebooks_dir=args.notebooks or NOTEBOOKS_DIR,
    )
    if not result.ok:
        print(f"boardpack: run failed: {result.message()}", file=sys.stderr)
        return 1
    print(result.html)
    return 0


def cmd_indicators(args) -> int:
    from boardpack.indicators.registry import compute_all
    from boardpack.params import load_params
    from boardpack.run.outputs import write_indicators_csv
    from boardpack.run.runner import check_month
    from boardpack.sources.reader import read_extract

    _check_file("--params", args.params)
    params = load_params(args.params or None)
    extract = read_extract(_data_dir(args.data), args.month)
    check_month(extract, args.month)
    frame, notes = compute_all(extract, args.month, params)
    for note in list(extract.notes) + list(notes):
        print(f"note: {note}", file=sys.stderr)
    write_indicators_csv(frame, args.out)
    print(args.out)
    return 0


def cmd_demo(args) -> int:
    from boardpack.sources.demo import scaled_folder, write_demo

    folder = write_demo(args.out or scaled_folder(args.scale), scale=args.scale)
    print(folder)
    return 0


def cmd_bench(args) -> int:
    from boardpack.run.bench import bench_main, council_sizes

    try:
        scales, pack_scales = council_sizes(args.scales), council_sizes(args.pack_scales)
    except ValueError as error:
        raise UsageError(str(error)) from None
    return bench_main(scales, pack_scales, args.repeats, args.out or None)


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text


def main(argv=None) -> int:
    """Entry point of the ``boardpack`` command; returns the exit code."""
    from boardpack.params import ParamsError
    from boardpack.run.runner import RunError
    from boardpack.sources.extract import ExtractError

    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not args.command:
            raise UsageError("a command is needed: run, indicators or demo (see `boardpack --help`)")
        command = {"run": cmd_run, "indicators": cmd_indicators, "demo": cmd_demo, "bench": cmd_bench}[args.command]
        return command(args)
    except (UsageError, ExtractError, ParamsError, RunError) as error:
        print(f"boardpack: {_one_line(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("boardpack: interrupted", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001  (one line, never a traceback)
        print(f"boardpack: {type(error).__name__}: {_one_line(error)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
