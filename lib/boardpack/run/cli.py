"""The command line: ``boardpack run``, ``boardpack indicators``, ``boardpack demo``.

::

    boardpack run --month YYYY-MM [--data DIR] [--params FILE] [--out DIR] [--commentary DIR] [--jobs N]
                  [--issued YYYY-MM-DD] [--publish]
    boardpack indicators --month YYYY-MM [--data DIR] [--params FILE] --out FILE.csv
    boardpack demo [--out DIR]

``run`` builds the month's pack (default data: the bundled demo council; default out:
``outputs/<month>/``) and prints the path of the HTML; the PDF ``board-report.pdf`` is written beside
it, and with ``--publish`` the public edition too (``board-report-public.html``/``.pdf``,
``indicators-public.csv``). ``--issued`` is the date on the title page (default today). ``indicators`` reads the extract and
writes the catalogue's figures to a CSV (blank = no value; values unrounded) without running any
notebook; notes on skipped tables and domains go to stderr. ``demo`` writes the demo council's
extract and prints its folder.

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


def _issued(text: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"--issued {text!r} is not a date in the form YYYY-MM-DD") from None


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"--jobs {text!r} must be a whole number of 1 or more")
    return value


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
    run.add_argument("--issued", default=None, type=_issued, metavar="YYYY-MM-DD", help="issue date (default today)")
    run.add_argument("--publish", action="store_true", help="also write the public edition (disclosure control)")
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
        issued=args.issued or None,
        publish=args.publish,
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
    from boardpack.sources.demo import write_demo

    folder = write_demo(args.out) if args.out else write_demo()
    print(folder)
    return 0


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
        command = {"run": cmd_run, "indicators": cmd_indicators, "demo": cmd_demo}[args.command]
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
