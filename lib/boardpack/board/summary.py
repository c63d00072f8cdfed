"""The board's scorecard: each headline figure with all its comparisons, in one table.

:func:`compare` works on a plain indicator frame (``frames.INDICATOR_COLUMNS``), the reporting
month and the parameters, so the Summary section and every section's headline table
(``board.show_headlines``) are built the same way:

* this month, last month, the same month last year (blank when the data do not cover it);
* direction of travel (``targets.direction``) against the same month last year, or last month
  (params ``direction_compare``), worded with the indicator's better direction;
* the target and the status against it (``targets``);
* England, region and statistical-neighbour benchmarks (``benchmarks``; DfE's latest year ended);
* the SPC signal of this month (``spc.classify``) over the months of the frame.

Workforce figures are snapshots (period_end = the snapshot date): a month's value is the latest
snapshot in that month.
"""

from __future__ import annotations

import math

import pandas as pd

from boardpack.board import benchmarks as bench
from boardpack.board import spc, targets
from boardpack.board.headlines import SECTION_HEADLINES, section_headlines, summary_headlines
from boardpack.board.suppression import SUPPRESSED
from boardpack.calendar import to_month
from boardpack.indicators.frames import HEADLINE
from boardpack.params import decimals


def is_percentage(indicator_id: str) -> bool:
    """Percentages (ids containing ``_pct``) are compared in percentage points; the rest by relative change.

    >>> is_percentage("cp_repeat_starts_pct_12m"), is_percentage("cp_rate_per_10k")
    (True, False)
    """
    return "_pct" in indicator_id


def _rows_of(indicators: pd.DataFrame, indicator_id: str, breakdown: str) -> pd.DataFrame:
    """The frame's rows of one indicator and breakdown, by period end (stable: a month's last row last)."""
    rows = indicators.loc[(indicators["indicator_id"] == indicator_id) & (indicators["breakdown"] == breakdown)]
    return rows.sort_values("period_end", kind="stable")


def monthly_series(indicators: pd.DataFrame, indicator_id: str, breakdown: str = HEADLINE) -> pd.Series:
    """Values of one indicator and breakdown by month (Period); a month's last row wins."""
    return _series(_rows_of(indicators, indicator_id, breakdown))


def _series(rows: pd.DataFrame) -> pd.Series:
    series = pd.Series(
        rows["value"].astype("float").to_numpy(), index=pd.PeriodIndex(rows["period_end"].dt.to_period("M"))
    )
    series = series[~series.index.duplicated(keep="last")]
    series.index.name = "month"
    return series


def suppressed_months(indicators: pd.DataFrame, indicator_id: str, breakdown: str = HEADLINE) -> set:
    """The months (Periods) whose figure was suppressed (the public frame's ``suppressed`` mark)."""
    return _suppressed(_rows_of(indicators, indicator_id, breakdown))


def _suppressed(rows: pd.DataFrame) -> set:
    if "suppressed" not in rows:
        return set()
    return set(rows.loc[rows["suppressed"].astype(bool), "period_end"].dt.to_period("M"))


def _month_row(rows: pd.DataFrame, month) -> pd.Series | None:
    """The month's last row of one indicator and breakdown (``rows`` sorted by period end)."""
    rows = rows.loc[rows["period_end"].dt.to_period("M") == month]
    return None if rows.empty else rows.iloc[-1]


def compare_one(
    indicators: pd.DataFrame,
    month,
    params: dict,
    indicator_id: str,
    breakdown: str = HEADLINE,
    label: str = "",
    section: str = "",
    benchmark_table: pd.DataFrame | None = None,
) -> dict | None:
    """All comparisons of one headline figure (see the module docstring); None when the frame
    has no row at all for it."""
    month = to_month(month)
    rows = _rows_of(indicators, indicator_id, breakdown)
    series = _series(rows)
    series = series[series.index <= month]
    if series.empty:
        return None
    this = float(series.get(month, math.nan))
    last = float(series.get(month - 1, math.nan))
    last_year = float(series.get(month - 12, math.nan))
    first_month = bool(series.index.min() == month)
    better = targets.better_for(params, indicator_id, breakdown)
    against = "last_month" if params.get("direction_compare", "last_year") == "last_month" else "last_year"
    compare_with = last if against == "last_month" else last_year
    travel = targets.direction(this, compare_with, better)
    target = targets.target_for(params, indicator_id, breakdown)
    options = params.get("benchmarks") or {}
    if options.get("enabled") is False:
        marks = pd.DataFrame(columns=["label", "level", "value", "year", "source"])
    else:
        marks = bench.benchmark_rows(
            indicator_id,
            month,
            bench.council_code(params),
            breakdown,
            table=benchmark_table,
            min_neighbours=int(options.get("min_neighbours", 5)),
        )
    by_level = {row["level"]: row for row in marks.to_dict("records")}
    if spc.applies(indicator_id):
        signal = spc.classify(series, better, params, events=spc.event_months(params, indicator_id))
    else:
        signal = {"signal": spc.NOT_APPLICABLE, "rule": "", "side": ""}
    within = float(options.get("within_range_pct", 5))
    shown_signal = "since_change" if signal.get("rule") == "since_change" else signal["signal"]
    overall = targets.overall_status(this, target, better, marks.to_dict("records"), shown_signal, within)
    row = _month_row(rows, month)
    hidden = _suppressed(rows)
    result = {
        "section": section,
        "indicator_id": indicator_id,
        "breakdown": breakdown,
        "label": label or indicator_id,
        "percentage": is_percentage(indicator_id),
        "this_month": this,
        "last_month": last,
        "last_year": last_year,
        "first_month": first_month,
        # the public edition: which of the three figures were suppressed (shown c, not "no data")
        "this_month_suppressed": month in hidden,
        "last_month_suppressed": month - 1 in hidden,
        "last_year_suppressed": month - 12 in hidden,
        # a status is judged on the figure (a target, a benchmark or SPC): c when it is suppressed
        "status_judged": target is not None or len(marks) > 0 or spc.applies(indicator_id),
        "numerator": math.nan if row is None else float(row["numerator"]),
        "denominator": math.nan if row is None else float(row["denominator"]),
        "better": better,
        "direction": travel["text"],
        "direction_word": travel["word"],
        "direction_compare": against,
        "target": math.nan if target is None else float(target["value"]),
        "status": targets.status(this, target),
        "status_text": overall["text"],
        "status_basis": overall["basis"],
        "dp": decimals(params, indicator_id),
        "mr_bar": spc.usual_variation(series),
        "benchmarks": marks.to_dict("records"),
        "spc_signal": signal["signal"],
        "spc_rule": signal["rule"],
        "spc_side": signal["side"],
    }
    for level, key in (("england", "england"), ("region", "region"), ("sn_average", "neighbours")):
        mark = by_level.get(level)
        result[key] = math.nan if mark is None else mark["value"]
        result[f"{key}_label"] = "" if mark is None else mark["label"]
    return result


def _headline(item) -> tuple[str, str, str, str]:
    """``(section, id, breakdown, label)`` from either form of a headline tuple."""
    return tuple(item) if len(item) == 4 else ("", *item)


def compare(
    indicators: pd.DataFrame, month, params: dict, headlines, benchmark_table: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per headline found in the frame. ``headlines``: ``(section, id, breakdown, label)``
    tuples, or ``(id, breakdown, label)`` (section blank)."""
    rows = []
    for section, indicator_id, breakdown, label in map(_headline, headlines):
        row = compare_one(indicators, month, params, indicator_id, breakdown, label, section, benchmark_table)
        if row is not None:
            rows.append(row)
    return pd.DataFrame(rows)


def section_compare(s, headlines) -> pd.DataFrame:
    """:func:`compare` over a section's figures (``s.indicators``, ``s.month``, ``s.params``), each
    indicator and breakdown worked out once per section: the Summary's scorecard and its biggest
    movements, a section's headline table, its trend charts (``board.show_trend``) and its
    commentary draft ask for the same rows. The memo is the section's own (``s.context.comparisons``;
    a run reads a fresh context for every section), so no section sees another's."""
    memo = getattr(getattr(s, "context", None), "comparisons", None)
    memo = {} if memo is None else memo
    rows = []
    for section, indicator_id, breakdown, label in map(_headline, headlines):
        key = (indicator_id, breakdown)
        if key not in memo:
            memo[key] = compare_one(s.indicators, s.month, s.params, indicator_id, breakdown)
        if memo[key] is not None:
            rows.append(memo[key] | {"label": label or indicator_id, "section": section})
    return pd.DataFrame(rows)


def all_headlines() -> list[tuple[str, str, str, str]]:
    """(section, id, breakdown, label) of every section's headlines, in report order."""
    return [(section, *h) for section, heads in SECTION_HEADLINES.items() for h in heads]


def fmt_cell(value, percentage: bool = False, dp: int | None = None) -> str:
    """A figure for a table cell at ``dp`` decimal places (default: counts whole, others one place),
    blank if missing.

    >>> fmt_cell(421.0), fmt_cell(43.214, True), fmt_cell(float("nan")), fmt_cell(1234.0), fmt_cell(43.214, dp=2)
    ('421', '43.2%', '', '1,234', '43.21')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if dp is None:
        dp = 1 if percentage or not float(value).is_integer() else 0
    return f"{value:,.{dp}f}" + ("%" if percentage else "")


def fmt_change(current, previous, percentage: bool, dp: int = 2) -> str:
    """A labelled change for a table cell, as the sentences say it (two decimals, as the seed
    writes changes): percentage points for a percentage, else the relative change; blank when it
    cannot be worked out.

    >>> fmt_change(51.3, 43.9, True), fmt_change(421, 555, False), fmt_change(5, 0, False), fmt_change(7, 7, False)
    ('+7.40 pts', '-24.14%', '', '0.00%')
    """
    if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in (current, previous)):
        return ""
    if percentage:
        return f"{current - previous:+.{dp}f} pts"
    if previous == 0:
        return ""
    change = 100.0 * (current - previous) / previous
    return f"{change:+.2f}%" if round(change, 2) != 0 else "0.00%"


SECTION_NAMES = {
    "early_help": "Early help",
    "contacts": "Contacts",
    "referrals": "Referrals",
    "assessments": "Assessments",
    "strategy_s47": "Strategy and s47",
    "child_protection": "Child protection",
    "looked_after": "Looked after",
    "health": "Health",
    "workforce": "Workforce",
}


def scorecard(table: pd.DataFrame, month, grouped: bool = False) -> pd.DataFrame:
    """The comparison table as shown: short column names, formatted cells (each figure at its own
    ``dp``), one row a figure, ONE status column (``targets.overall_status``).

    Columns: [Section, shown on the first row of each section when ``grouped``], Indicator,
    <Mon YYYY>, <previous month>, Change on <previous month>, <same month last year>, Change on
    <that month>, Target, England, Region and Neighbours (only when any row has them), Status.
    """
    month = to_month(month)
    if table.empty:
        return pd.DataFrame()
    this, last, year = (m.strftime("%b %Y") for m in (month, month - 1, month - 12))
    pct = table["percentage"]
    dps = table["dp"] if "dp" in table else pd.Series([None] * len(table))

    def flags(column):
        name = f"{column}_suppressed"
        return table[name].fillna(False).astype(bool).tolist() if name in table else [False] * len(table)

    def cell(column):  # a suppressed figure (public edition) shows c
        return [SUPPRESSED if h else fmt_cell(v, p, d) for v, p, d, h in zip(table[column], pct, dps, flags(column))]

    this_cells = cell("this_month")
    for i, (value, target, status, p) in enumerate(zip(table["this_month"], table["target"], table["status"], pct)):
        places = 2 if dps.iloc[i] is None else int(dps.iloc[i])
        if this_cells[i] == SUPPRESSED:
            continue
        if status == targets.NOT_MET and round(value, places) == round(float(target), places):
            this_cells[i] = f"{value:,.{places + 1}f}" + ("%" if p else "")  # 84.997% must not read as 85.00%

    def change(column):  # a change built on a suppressed figure is suppressed too; one on a missing figure stays blank
        there = [
            (a or not pd.isna(v), b or not pd.isna(w))
            for a, b, v, w in zip(flags("this_month"), flags(column), table["this_month"], table[column])
        ]
        hidden = [(a or b) and x and y for (x, y), a, b in zip(there, flags("this_month"), flags(column))]
        return [
            SUPPRESSED if h else fmt_change(v, w, p, 2 if d is None or d == 0 else d)
            for v, w, p, d, h in zip(table["this_month"], table[column], pct, dps, hidden)
        ]

    published = lambda column: [fmt_cell(v, p, 1) for v, p in zip(table[column], pct)]  # noqa: E731  DfE's 1 dp
    shown = pd.DataFrame({"Indicator": table["label"].to_numpy()})
    if grouped and "section" in table:
        sections = table["section"].astype("str")
        first = sections.ne(sections.shift())
        shown.insert(0, "Section", [SECTION_NAMES.get(x, x) if f else "" for x, f in zip(sections, first)])
    shown[this] = this_cells
    shown[last] = cell("last_month")
    shown[f"Change on {last}"] = change("last_month")
    shown[year] = cell("last_year")
    shown[f"Change on {year}"] = change("last_year")
    shown["Target"] = ["" if pd.isna(t) else f"{float(t):g}" + ("%" if p else "") for t, p in zip(table["target"], pct)]
    shown["England"] = published("england")
    if table["region"].notna().any():
        shown["Region"] = published("region")
    if table["neighbours"].notna().any():
        shown["Neighbours"] = published("neighbours")
    # a status judged on a suppressed figure (public edition) is suppressed too
    judged = table["status_judged"].fillna(True).astype(bool) if "status_judged" in table else [True] * len(table)
    shown["Status"] = [
        SUPPRESSED if h and j else text for text, h, j in zip(table["status_text"], flags("this_month"), judged)
    ]
    return shown


def benchmark_caption(table: pd.DataFrame) -> str:
    """Which published years the benchmark columns hold, e.g. "England: DfE 2013-14"."""
    years = sorted({b["year"] for marks in table.get("benchmarks", []) for b in marks})
    if not years:
        return "No published benchmark for these figures."
    return f"Benchmarks: Department for Education, latest year published ({', '.join(years)})."


def table_note(table: pd.DataFrame, params: dict) -> str:
    """The note under a comparison table: what the changes and the Status mean, and the benchmarks' years."""
    within = (params.get("benchmarks") or {}).get("within_range_pct", 5)
    return (
        "Changes: percentage points (pts) for a percentage, otherwise the change as a % of the earlier month. "
        "Status: against the local target where there is one; else against England (\u2248 in line: within "
        f"{within:g}% of it); else the SPC signal (statistical process control, NHS Making Data Count: "
        "\u25cf usual range, \u2605 improving, \u26a0 concern, \u25c6 unusual, \u25cb too few months since a "
        "change of process to judge). "
        f"{benchmark_caption(table)}"
    ) + (" " + bench.borrowed_note(params) if bench.borrowed_note(params) else "")


def build(indicators: pd.DataFrame, month, params: dict, benchmark_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The Summary section's comparison rows: the scorecard's headlines (``board.SUMMARY_HEADLINES``),
    short enough to fit a screen; every section's own headlines are shown in that section."""
    return compare(indicators, month, params, summary_headlines(), benchmark_table)


def comparison_rows(s, section_id: str | None = None) -> pd.DataFrame:
    """The section's headlines with every comparison (``compare`` rows, :func:`section_compare`)."""
    return section_compare(s, section_headlines(section_id or s.id, s.params))


def headline_table(s, section_id: str | None = None) -> pd.DataFrame:
    """The section's headline table as shown (short labels, formatted cells)."""
    return scorecard(comparison_rows(s, section_id), s.month)
