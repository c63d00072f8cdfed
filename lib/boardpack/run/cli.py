"""The command line: ``boardpack run``, ``boardpack indicators``, ``boardpack demo``, ``boardpack sections``.

::

    boardpack run --month YYYY-MM|latest [--data DIR] [--params FILE] [--out DIR] [--commentary DIR] [--jobs N]
                  [--only SECTION[,SECTION]] [--quiet] [--issued YYYY-MM-DD] [--publish]
    boardpack indicators --month YYYY-MM|latest [--data DIR] [--params FILE] --out FILE.csv
    boardpack demo [--out DIR] [--scale N] [--quiet]
    boardpack bench [--scales 1,10,50] [--pack-scales 1,10] [--repeats 3] [--out DIR]
    boardpack commentary --month YYYY-MM [--data DIR] [--params FILE] [--commentary DIR]
    boardpack run|indicators ... --db URL | --db-env VAR [--schema NAME]   (instead of --data)
    boardpack extract --db URL | --db-env VAR [--schema NAME] --out DIR
    boardpack convert cin|ssda903|annex-a INPUT... --out DIR
    boardpack sections
    boardpack --version

``run`` builds the month's pack (default data: the bundled demo council) into the outputs folder
(``--out DIR``, default ``outputs/``): the pack is ``DIR/<month>/``, and its staging, archive and
failed runs stay inside DIR (see :mod:`boardpack.run.outputs`). ``--month latest`` is the latest month the data wholly cover (:mod:`boardpack.run.batch`).
On success it prints one line on stdout (month, sections, time, path of the HTML:
:func:`boardpack.run.batch.summary_line`) and one line per step on stderr (``[4/12] contacts 6.0 s``; ``--quiet`` silences them).
``--jobs N``: sections at once, each on its own kernel kept for the run (default: one per core,
at most one per section). ``--only contacts`` (repeatable, or a comma list) rebuilds those
sections alone, for an analyst iterating on them: a pack of just those sections in
``DIR/<month>-only-contacts/``, so the full pack ``DIR/<month>/`` is never replaced by a partial one.
The PDF ``board-report.pdf`` is written beside the HTML, and with ``--publish`` the public edition
too (``board-report-public.html``/``.pdf``, ``indicators-public.csv``). ``--issued`` is the date on
the title page (default today). ``indicators`` reads the extract and
writes the catalogue's figures to a CSV (blank = no value; values unrounded) without running any
notebook; notes on skipped tables and domains go to stderr. ``demo`` writes the demo council's
extract and prints its folder (``--scale N``: N copies, default folder ``data/demo-Nx``).
``bench`` times ``indicators`` and ``run`` on councils of several sizes (docs/performance.md).

Exit codes: 0 done; 2 bad input or usage (a month not ``YYYY-MM``, a missing folder or file, an
extract or parameters file that cannot be read, a reporting month outside the data); 1 a run
that failed (a section that raised, a kernel that died, an export that failed, SIGTERM/SIGINT).
Every failure prints ONE line on stderr (``boardpack: ...``, after the step lines), never a traceback.

The reporting month must lie within the data: between the month of the earliest and the month
of the latest *event date* in the extract (contact, referral, assessment start, plan start,
visit, workforce snapshot... see :func:`boardpack.run.months.data_span`), inclusive. A month after
the latest record (the extract ends before it) or before the earliest stops with exit 2.

Long because it is the one command line: every verb, its options and the one-line errors with
their exit codes, read top to bottom as the user meets them.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from boardpack import __version__

MONTH_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class UsageError(Exception):
    """Bad command-line input (exit 2)."""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (no usage block) and exit code 2."""

    def error(self, message):
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def _month(text: str) -> str:
    if text.strip().lower() == "latest":
        return "latest"
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


def _whole(option: str):
    """An argparse type: a whole number of 1 or more, named ``option`` in the error."""

    def parse(text: str) -> int:
        if not text.strip().isdigit() or int(text) < 1:
            raise argparse.ArgumentTypeError(f"{option} {text!r} must be a whole number of 1 or more")
        return int(text)

    return parse


LATEST_HELP = "reporting month, YYYY-MM, or latest (the latest month the data wholly cover)"


def _month_data_params(parser, month_help: str) -> None:
    """The options every command on a month of a council's data takes: --month, --data, --params."""
    parser.add_argument("--month", required=True, type=_month, help=month_help)
    parser.add_argument(
        "--data", default="", metavar="DIR", help="the council's extract folder (default: the demo council)"
    )
    parser.add_argument("--params", default="", metavar="FILE", help="YAML laid over params/defaults.yaml")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="boardpack", description="Monthly improvement board performance report for children's social care."
    )
    parser.add_argument("--version", action="version", version=f"boardpack {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = sub.add_parser("run", help="build the month's board report pack")
    _month_data_params(run, LATEST_HELP)
    run.add_argument(
        "--out", default="", metavar="DIR", help="the outputs folder; the pack goes to DIR/<month>/ (default: outputs/)"
    )
    run.add_argument(
        "--commentary",
        default="",
        metavar="DIR",
        help="analysts' commentary folder (default: params/commentary/<month>/)",
    )
    run.add_argument(
        "--jobs", default=None, type=_jobs, metavar="N", help="sections run at once (default: one per core)"
    )
    run.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="SECTION",
        help="rebuild just these sections (repeat, or a comma list) into <out>/<month>-only-<sections>/",
    )
    run.add_argument("--quiet", action="store_true", help="no step lines on stderr")
    run.add_argument("--issued", default=None, type=_issued, metavar="YYYY-MM-DD", help="issue date (default today)")
    run.add_argument("--publish", action="store_true", help="also write the public edition (disclosure control)")
    run.add_argument("--notebooks", default="", metavar="DIR", help=argparse.SUPPRESS)  # tests, development

    ind = sub.add_parser("indicators", help="write the catalogue's figures to a CSV (no notebooks)")
    _month_data_params(ind, LATEST_HELP)
    ind.add_argument("--out", required=True, metavar="FILE.csv", help="the CSV to write")

    com = sub.add_parser("commentary", help="write each section's drafted commentary (never overwrites a file)")
    _month_data_params(com, "reporting month, YYYY-MM")
    com.add_argument(
        "--commentary",
        default="",
        metavar="DIR",
        help="where to write (default, demo only: params/commentary/<month>/; required for a council's own data)",
    )

    ext = sub.add_parser("extract", help="freeze the council's database tables as an extract folder")
    ext.add_argument("--out", required=True, metavar="DIR", help="the folder to write (one CSV per table)")
    for p in (run, ind, ext):
        _db_options(p)
    conv = sub.add_parser(
        "convert", help="convert statutory returns (CIN census, SSDA903, Annex A) to an extract folder"
    )
    conv.add_argument("kind", choices=["cin", "ssda903", "annex-a"], help="the return's kind")
    conv.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="CIN census XML files, 903 year folders or Annex A workbooks"
    )
    conv.add_argument("--out", required=True, metavar="DIR", help="the extract folder to write")
    conv.add_argument("--quiet", action="store_true", help="no step lines on stderr")

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

    demo.add_argument("--quiet", action="store_true", help="no step lines on stderr")

    sub.add_parser("sections", help="list each section with the indicator ids and tables it needs")
    return parser


# --- database source (issue 9): --db URL | --db-env VAR, --schema NAME -------------------------------------


def _db_options(parser) -> None:
    group = parser.add_argument_group("database source (instead of --data)")
    group.add_argument("--db", default="", metavar="URL", help="SQLAlchemy URL of the SSD database")
    group.add_argument(
        "--db-env", default="", metavar="VAR", help="read the database URL from this environment variable"
    )
    group.add_argument(
        "--schema", default=None, metavar="NAME", help="schema holding the tables (default ssd_development)"
    )


def _db_url(args) -> str:
    if args.db and args.db_env:
        raise UsageError("give --db or --db-env, not both")
    if args.db_env:
        from boardpack.sources.database import url_from_env

        url = url_from_env(args.db_env)
    else:
        url = args.db
    if url and getattr(args, "data", ""):
        raise UsageError("give --data or a database (--db/--db-env), not both")
    return url


def cmd_extract(args) -> int:
    from boardpack.sources.database import freeze

    url = _db_url(args)
    if not url:
        raise UsageError("extract needs --db URL or --db-env VAR")
    print(freeze(url, args.out, args.schema))
    return 0


def cmd_convert(args) -> int:
    import importlib

    module = {"cin": "cin_census", "ssda903": "ssda903", "annex-a": "annex_a"}[args.kind]
    for path in args.inputs:
        if not Path(path).exists():
            raise UsageError(f"{path}: no such file or folder")
    convert = importlib.import_module(f"boardpack.sources.{module}.convert").convert
    started = time.monotonic()
    folder = convert(args.inputs, args.out)
    steps = len(args.inputs) + 1
    logging.getLogger("boardpack.convert").info(
        "[%d/%d] stacked, checked and written to %s; %.1f s in all", steps, steps, folder, time.monotonic() - started
    )
    print(folder)
    return 0


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


def _only(values: list[str]) -> list[str]:
    from boardpack.run.runner import SECTIONS

    sections = [v.strip() for value in values for v in value.split(",") if v.strip()]
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown:
        raise UsageError(f"--only {', '.join(unknown)}: no such section (the sections are {', '.join(SECTIONS)})")
    return sections


def cmd_run(args) -> int:
    from boardpack.paths import NOTEBOOKS_DIR
    from boardpack.run.batch import resolve_month, summary_line
    from boardpack.run.runner import run_pack

    only = _only(args.only)
    _check_file("--params", args.params)
    if args.commentary and not Path(args.commentary).is_dir():
        raise UsageError(f"--commentary {args.commentary}: no such folder")
    url = _db_url(args)
    with tempfile.TemporaryDirectory(prefix="boardpack-db-") as snapshot:
        if url:  # the database's contract columns, frozen for this run; the password never leaves here
            from boardpack.sources.database import freeze, masked

            freeze(url, snapshot, args.schema)
        data_dir = snapshot if url else _data_dir(args.data)
        result = run_pack(
            resolve_month(args.month, data_dir),
            data_dir,
            args.params,
            args.out or None,
            args.commentary,
            jobs=args.jobs,
            notebooks_dir=args.notebooks or NOTEBOOKS_DIR,
            only=only or None,
            issued=args.issued or None,
            publish=args.publish,
            **({"source": masked(url) + (f" schema {args.schema}" if args.schema else "")} if url else {}),
        )
    from boardpack.indicators.source_groups import OTHER

    for note in result.notes:  # codes that fell in Other unasked: say so where the analyst looks
        if note.endswith(f"counted under {OTHER}"):
            print(f"warning: {note}", file=sys.stderr)
    if not result.ok:
        print(f"boardpack: run failed: {result.message()}", file=sys.stderr)
        return 1
    print(summary_line(result))
    return 0


def cmd_indicators(args) -> int:
    from boardpack.document.section import run_params
    from boardpack.indicators.registry import compute_all
    from boardpack.indicators.source_groups import flag_unmapped
    from boardpack.run.batch import LATEST, latest_month, resolve_month
    from boardpack.run.months import check_month
    from boardpack.run.outputs import write_indicators_csv
    from boardpack.sources.reader import read_extract

    _check_file("--params", args.params)
    url = _db_url(args)
    params = run_params(args.params, args.data or ("database" if url else ""))
    if url:
        from boardpack.sources.database import read_database

        month = args.month
        if month == LATEST:  # the month is known only once the tables are read
            month = str(latest_month(read_database(url, args.schema, None)))
        extract = read_database(url, args.schema, month)
    else:
        data_dir = _data_dir(args.data)
        month = resolve_month(args.month, data_dir)
        extract = read_extract(data_dir, month)
    check_month(extract, month)
    extract.notes.extend(flag_unmapped(extract, params))
    frame, notes = compute_all(extract, month, params)
    for note in list(extract.notes) + list(notes):
        print(f"note: {note}", file=sys.stderr)
    write_indicators_csv(frame, args.out)
    print(args.out)
    return 0


def cmd_commentary(args) -> int:
    from boardpack.document.drafts import write_drafts
    from boardpack.document.section import build_context, is_demo
    from boardpack.paths import COMMENTARY_DIR
    from boardpack.run.months import check_month

    _check_file("--params", args.params)
    if not args.commentary and not is_demo(args.data):
        raise UsageError(
            "--commentary DIR is needed for a council's own data (params/commentary/ holds the demo's commentary)"
        )
    data_dir = _data_dir(args.data)
    folder = Path(args.commentary) if args.commentary else COMMENTARY_DIR / args.month
    context = build_context(args.month, data_dir, args.params, str(folder))
    check_month(context.extract, args.month)
    for path, written in write_drafts(context, folder):
        print(f"{'wrote' if written else 'kept (already there)'} {path}")
    return 0


def cmd_demo(args) -> int:
    import time

    from boardpack.sources.demo import scaled_folder, write_demo

    started = time.monotonic()
    folder = Path(write_demo(args.out or scaled_folder(args.scale), scale=args.scale))
    tables = len(list(folder.glob("*.csv")))
    logging.getLogger("boardpack.demo").info(
        "[1/1] demo council: %d tables written in %.1f s", tables, time.monotonic() - started
    )
    print(folder)
    return 0


def cmd_sections(args) -> int:
    from boardpack.run.listing import describe, section_needs

    try:
        print(describe(section_needs()), flush=True)
    except BrokenPipeError:  # `boardpack sections | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
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


class _StepLines(logging.Handler):
    """The ``boardpack`` logger's lines on stderr, as they come (the stream looked up each time)."""

    def emit(self, record):
        try:
            print(self.format(record), file=sys.stderr, flush=True)
        except Exception:  # noqa: BLE001
            self.handleError(record)


def _feedback(quiet: bool) -> None:
    """One line per step on stderr (``logging``, logger ``boardpack``); ``--quiet``: warnings only."""
    logger = logging.getLogger("boardpack")
    for handler in [h for h in logger.handlers if isinstance(h, _StepLines)]:
        logger.removeHandler(handler)
    handler = _StepLines()
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
    logger.propagate = False


def main(argv=None) -> int:
    """Entry point of the ``boardpack`` command; returns the exit code."""
    from boardpack.params import ParamsError
    from boardpack.run.runner import RunError
    from boardpack.sources.extract import ExtractError

    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not args.command:
            raise UsageError(
                "a command is needed: run, indicators, commentary, extract, convert, demo, sections or bench"
                " (see `boardpack --help`)"
            )
        _feedback(getattr(args, "quiet", False))
        command = {
            "run": cmd_run,
            "indicators": cmd_indicators,
            "demo": cmd_demo,
            "sections": cmd_sections,
            "commentary": cmd_commentary,
            "extract": cmd_extract,
            "convert": cmd_convert,
            "bench": cmd_bench,
        }[args.command]
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


def console() -> None:
    """The ``boardpack`` command (and ``python -m boardpack``): :func:`main`, then the process ends
    without tearing the interpreter down. Freeing everything a run built (pandas, matplotlib,
    WeasyPrint and their objects) took half a second after the pack was published; the exit
    functions still run and the output streams are flushed, so nothing written is lost."""
    import atexit

    code = main()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe
            pass
    os._exit(code)


if __name__ == "__main__":
    console()
