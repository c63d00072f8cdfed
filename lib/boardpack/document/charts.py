"""The pack's charts, in one house style (seaborn/matplotlib).

Every function returns a matplotlib Figure whose title says what the chart shows in words; the
notebook shows it with ``display.show_chart`` (a PNG inlined in the HTML, with alternative text).
Colours come from a colour-blind-safe palette, and no chart relies on colour alone: lines also
differ in style and carry markers.

Charts that do not mislead:

* a percentage (``percent=True``, or a y label with "%") is drawn on a 0-100 axis, its points
  never clipped at the top;
* time axes end at the last month of the series (the reporting month), with no empty margin after;
* a target and benchmarks are drawn when given (the notebook passes ``board.reference_lines``,
  which also carries the ``events``), and a title promises only what is drawn;
* process changes (params ``events``: date and label) are vertical dashed lines marked in the
  legend with their date; an SPC chart's limits are recalculated after them (``spc.xmr_rebased``);
* a year-to-date figure is one line per financial year (:func:`financial_years`), so that the
  reset every April does not read as a collapse.

Long because each chart type keeps its whole drawing in one function, beside the helpers they share.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

PALETTE = sns.color_palette("colorblind")
THIS_YEAR, LAST_YEAR = PALETTE[0], PALETTE[7]
TARGET_COLOUR, BENCHMARK_COLOUR = PALETTE[3], PALETTE[2]
FIGSIZE = (9, 3.6)


def house_style() -> None:
    """Apply the house style (called by every chart function)."""
    sns.set_theme(style="whitegrid", context="notebook", palette=PALETTE, font_scale=0.95)
    plt.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 110,
            "axes.titleweight": "bold",
            "axes.titlesize": 12,
            "axes.titlelocation": "left",
            # the title at the top of the axes, not moved above tick labels found there (none are):
            # the automatic placement measured every tick label of the chart again (a fifth of its time)
            "axes.titley": 1.0,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
        }
    )


def _figure(title: str, ylabel: str = ""):
    house_style()
    fig, ax = plt.subplots(figsize=FIGSIZE, layout="constrained")
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    return fig, ax


def _published(data, unit: str):
    """In the public edition, a count chart's points of 1 to the threshold left out (NaN), with
    the note its alternative text carries; otherwise the data as given."""
    from boardpack.board.suppression import is_count_unit, mask_counts
    from boardpack.document.edition import public_threshold

    threshold = public_threshold()
    if not threshold or data is None or len(data) == 0:
        return data, []
    n = 0
    if is_count_unit(unit):
        data, n = mask_counts(data, threshold)
    if n:
        return data, [f"{n} {'figure' if n == 1 else 'figures'} of 1 to {threshold} not published (c), left out."]
    if np.isnan(np.asarray(data, dtype=float)).any():  # suppressed in the indicator frame, or blank
        return data, ["Figures left out are not published (c) or not available."]
    return data, []


def _finish(fig, kind: str = "", data=None, unit: str = "", **extra) -> plt.Figure:
    """Close the figure and attach what it drew (``fig.bp_chart``: kind, title, unit, data), from
    which ``display.show_chart`` builds the alternative text and the chart's table."""
    plt.close(fig)
    title = next((t for ax in fig.axes[:1] for t in (ax.get_title("left"), ax.get_title()) if t), "")
    if data is not None:
        fig.bp_chart = {"kind": kind, "title": title, "unit": unit, "data": data, **extra}
    return fig


EVENT_COLOUR = PALETTE[7]


def _is_percent(ylabel: str, percent: bool | None) -> bool:
    return bool(percent) if percent is not None else "%" in (ylabel or "")


def percent_axis(ax, values=(), start: float = 0.0) -> None:
    """A percentage axis from 0 to 100 (further only if a value is above 100), points not clipped.

    ``start`` above 0 (SPC charts, whose limits need the room) makes a stated, marked break: the
    axis starts there, a break mark sits on the axis and the axis says "axis starts at N%"."""
    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    top = max(100.0, float(finite.max()) if finite.size else 100.0)
    ax.set_ylim(start, top)
    if start > 0:
        ax.text(0, 0, "≈", transform=ax.transAxes, ha="center", va="center", fontsize=14, clip_on=False)
        ax.annotate(
            f"axis starts at {start:g}%",
            xy=(0, 0),
            xycoords="axes fraction",
            xytext=(4, 4),
            textcoords="offset points",
            fontsize=8,
            style="italic",
        )
    for artist in ax.lines + ax.collections:
        artist.set_clip_on(False)


def _month_axis(ax, x) -> None:
    """Dates on the x axis ending at the last month shown (half a month of margin either side)."""
    if len(x):
        half = pd.Timedelta(days=15)
        ax.set_xlim(pd.Timestamp(x[0]) - half, pd.Timestamp(x[-1]) + half)
    ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%b %y"))


def _event_lines(ax, events, position=None) -> None:
    """Process changes as marked vertical lines; ``position`` maps a date to the x value (None: off the chart)."""
    for i, (date, label) in enumerate(events or []):
        date = pd.Timestamp(date)
        x = date if position is None else position(date)
        if x is None:
            continue
        ax.axvline(
            x,
            color=EVENT_COLOUR,
            linestyle=(0, (5, 2)),
            linewidth=1.4,
            label=f"Change: {label} ({date.day} {date.strftime('%b %Y')})",
        )


def _reference_lines(ax, target=None, benchmarks: dict | None = None) -> None:
    if target is not None and not pd.isna(target):
        ax.axhline(target, color=TARGET_COLOUR, linestyle="--", linewidth=1.4, label=f"Target ({target:g})")
    for i, (label, value) in enumerate((benchmarks or {}).items()):
        if value is not None and not pd.isna(value):
            ax.axhline(
                value, color=BENCHMARK_COLOUR, linestyle=[":", "-."][i % 2], linewidth=1.3, label=f"{label} ({value:g})"
            )


def this_year_vs_last(
    series: pd.Series,
    title: str,
    ylabel: str = "",
    target=None,
    benchmarks: dict | None = None,
    events=None,
    percent: bool | None = None,
) -> plt.Figure:
    """The 12 months to M against the 12 months before, on one Jan..Dec style axis.

    ``series`` is indexed by monthly Periods (the 24 months ending with M); ``events``: (date,
    label) pairs, drawn at their month when it is one of the 12 months to M.
    """
    series, notes = _published(series, ylabel)
    fig, ax = _figure(title, ylabel)
    series = series.sort_index()
    last = series.index.max()
    recent = series[series.index > last - 12]
    earlier = series[(series.index <= last - 12) & (series.index > last - 24)]
    positions = np.arange(12)
    labels = [(last - 11 + i).strftime("%b") for i in positions]

    def plot(part, colour, style, label):
        shifted = part.reindex(
            [p for p in pd.period_range(end=part.index.max() if len(part) else last, periods=12, freq="M")]
        )
        ax.plot(
            positions,
            shifted.to_numpy(dtype=float),
            color=colour,
            linestyle=style,
            marker="o",
            markersize=4,
            linewidth=2 if style == "-" else 1.5,
            label=label,
        )

    if len(earlier):
        plot(earlier, LAST_YEAR, "--", f"12 months to {(last - 12).strftime('%b %Y')}")
    plot(recent, THIS_YEAR, "-", f"12 months to {last.strftime('%b %Y')}")
    _reference_lines(ax, target, benchmarks)

    def position(date):
        back = (last - pd.Period(date, freq="M")).n
        return 11 - back if 0 <= back <= 11 else None

    _event_lines(ax, events, position)
    ax.set_xticks(positions, labels)
    ax.set_xlim(-0.5, 11.5)
    if _is_percent(ylabel, percent):
        percent_axis(ax, series.to_numpy(dtype=float))
    else:
        ax.set_ylim(bottom=0)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _finish(
        fig, "year_on_year", series[series.index > last - 24].to_frame(ylabel or "Value"), ylabel, notes=notes
    )


def monthly_lines(
    frame: pd.DataFrame,
    title: str,
    ylabel: str = "",
    target=None,
    benchmarks: dict | None = None,
    events=None,
    percent: bool | None = None,
) -> plt.Figure:
    """One line per column over the months of the index (Periods), the axis ending at the last month."""
    frame, notes = _published(frame, ylabel)
    fig, ax = _figure(title, ylabel)
    x = frame.index.to_timestamp() if isinstance(frame.index, pd.PeriodIndex) else frame.index
    styles = ["-", "--", "-.", ":"]
    markers = ["o", "s", "^", "D", "v", "P"]
    for i, column in enumerate(frame.columns):
        ax.plot(
            x,
            frame[column].to_numpy(dtype=float),
            linestyle=styles[i % 4],
            marker=markers[i % 6],
            markersize=4,
            label=str(column) or "All",
            color=PALETTE[i % len(PALETTE)],
        )
    _reference_lines(ax, target, benchmarks)
    _event_lines(
        ax, [e for e in events or [] if len(x) and x[0] <= pd.Timestamp(e[0]) <= x[-1] + pd.Timedelta(days=31)]
    )
    if _is_percent(ylabel, percent):
        percent_axis(ax, frame.to_numpy(dtype=float).ravel())
    else:
        ax.set_ylim(bottom=0)
    _month_axis(ax, x)
    if len(frame.columns) > 1 or target is not None or benchmarks or events:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _finish(fig, "monthly", frame, ylabel, notes=notes)


def financial_years(
    series: pd.Series, title: str, ylabel: str = "", paces: dict | None = None, percent: bool | None = None
) -> plt.Figure:
    """A year-to-date figure as one line per financial year on an April..March axis, so that its
    reset every April is not read as a fall. ``paces``: label -> a published full-year value (e.g.
    ``{"England 2013-14": 124.4}``), drawn as the line a year at that pace would follow (a twelfth
    of it each month)."""
    shown, notes = _published(series.sort_index().to_frame(ylabel or "Value"), ylabel)
    fig, ax = _figure(title, ylabel)
    series = shown.iloc[:, 0].dropna()
    positions = np.arange(12)
    ax.set_xticks(positions, ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"])
    if not series.empty:
        starts = [p.year if p.month >= 4 else p.year - 1 for p in series.index]
        years = sorted(set(starts))
        styles = ["--", "-"]
        for i, year in enumerate(years):
            part = series[[s == year for s in starts]]
            where = [(p.month - 4) % 12 for p in part.index]
            last_year = i == len(years) - 1
            label = f"{year}-{(year + 1) % 100:02d}" + (
                f" (to {part.index[-1].strftime('%b %Y')})" if last_year else ""
            )
            ax.plot(
                where,
                part.to_numpy(dtype=float),
                color=THIS_YEAR if last_year else LAST_YEAR,
                linestyle=styles[int(last_year)],
                marker="o",
                markersize=4,
                linewidth=2 if last_year else 1.5,
                label=label,
            )
    for i, (label, value) in enumerate((paces or {}).items()):
        if value is not None and not pd.isna(value):
            ax.plot(
                positions,
                float(value) * (positions + 1) / 12,
                color=BENCHMARK_COLOUR,
                linestyle=[":", "-."][i % 2],
                linewidth=1.3,
                label=f"{label} at the same pace ({float(value):g} a year)",
            )
    ax.set_xlim(-0.5, 11.5)
    if _is_percent(ylabel, percent):
        percent_axis(ax, series.to_numpy(dtype=float))
    else:
        ax.set_ylim(bottom=0)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _finish(fig, "monthly", shown, ylabel, notes=notes)


def monthly_bars(frame: pd.DataFrame, title: str, ylabel: str = "", stacked: bool = True) -> plt.Figure:
    """Bars per month (index: Periods), one colour and hatch per column, stacked by default."""
    frame, notes = _published(frame, ylabel)
    fig, ax = _figure(title, ylabel)
    labels = [p.strftime("%b %y") for p in frame.index]
    bottom = np.zeros(len(frame))
    width = 0.8 if stacked else 0.8 / max(len(frame.columns), 1)
    hatches = ["", "//", "..", "xx", "\\\\", "oo", "--"]
    for i, column in enumerate(frame.columns):
        values = frame[column].fillna(0).to_numpy(dtype=float)
        x = np.arange(len(frame)) + (0 if stacked else (i - (len(frame.columns) - 1) / 2) * width)
        ax.bar(
            x,
            values,
            width=width,
            bottom=bottom if stacked else None,
            label=str(column),
            color=PALETTE[i % len(PALETTE)],
            hatch=hatches[i % len(hatches)],
            edgecolor="white",
        )
        if stacked:
            bottom = bottom + values
    ax.set_xticks(np.arange(len(frame)), labels, rotation=45, ha="right")
    if len(frame.columns) > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _finish(fig, "bars", frame, ylabel, stacked=stacked, notes=notes)


def horizontal_bars(values: pd.Series, title: str, xlabel: str = "", annotate: str = "{:.1f}") -> plt.Figure:
    """One bar per label (e.g. sources), largest first, each labelled with its value."""
    values, notes = _published(values, xlabel)
    values = values.sort_values()
    house_style()
    fig, ax = plt.subplots(figsize=(9, max(2.2, 0.35 * len(values) + 1)), layout="constrained")
    ax.set_title(title)
    ax.barh([str(i) for i in values.index], values.to_numpy(dtype=float), color=THIS_YEAR)
    for y, v in enumerate(values.to_numpy(dtype=float)):
        if not np.isnan(v):
            ax.text(v, y, " " + annotate.format(v), va="center", fontsize=9)
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    if "%" in (xlabel or ""):
        ax.set_xlim(0, max(100.0, float(np.nanmax(values.to_numpy(dtype=float))) if len(values) else 100.0))
    return _finish(
        fig, "categories", values.sort_values(ascending=False).to_frame(xlabel or "Value"), xlabel, notes=notes
    )


def xmr(
    chart: pd.DataFrame,
    title: str,
    ylabel: str = "",
    target=None,
    better: str | None = None,
    events=None,
    percent: bool | None = None,
) -> plt.Figure:
    """An SPC (XmR) chart from ``spc.xmr(series)`` or ``spc.xmr_rebased(series, breaks)``: the
    values, the mean (solid) and process limits (dashed) of each part between process changes
    (``events``, drawn as marked lines), and the points a rule flags marked by shape as well as
    colour (▲ for a high signal, ▼ for a low one), labelled "improvement"/"concern" when
    ``better`` is known."""
    fig, ax = _figure(title, ylabel)
    if chart.empty:
        return _finish(fig, "spc", chart, ylabel)
    index = chart.index
    x = index.to_timestamp() if isinstance(index, pd.PeriodIndex) else index
    ax.plot(
        x,
        chart["value"].to_numpy(dtype=float),
        color=LAST_YEAR,
        marker="o",
        markersize=4,
        linewidth=1.5,
        label="Monthly value",
    )
    parts = chart["part"].to_numpy() if "part" in chart else np.zeros(len(chart), dtype=int)
    for k in sorted(set(parts.tolist())):
        here = parts == k
        xs = np.asarray(x)[here]
        first = k == parts[0]
        ax.plot(
            xs,
            chart["mean"].to_numpy(dtype=float)[here],
            color=THIS_YEAR,
            linewidth=1.4,
            label=f"Average ({chart['mean'].to_numpy(dtype=float)[here][0]:.4g})"
            + ("" if len(set(parts.tolist())) == 1 else f" from {pd.Timestamp(xs[0]).strftime('%b %Y')}"),
        )
        ax.plot(
            xs,
            chart["ucl"].to_numpy(dtype=float)[here],
            color=THIS_YEAR,
            linestyle="--",
            linewidth=1.1,
            label="Process limits" if first else None,
        )
        ax.plot(xs, chart["lcl"].to_numpy(dtype=float)[here], color=THIS_YEAR, linestyle="--", linewidth=1.1)
    words = {"high": "higher", "low": "lower"}
    if better in ("higher", "lower"):
        words = {
            "high": "improvement" if better == "higher" else "concern",
            "low": "concern" if better == "higher" else "improvement",
        }
    colours = {"improvement": PALETTE[0], "concern": PALETTE[1], "higher": PALETTE[4], "lower": PALETTE[4]}
    for side, marker in (("high", "^"), ("low", "v")):
        flagged = (chart["side"] == side).to_numpy()
        if flagged.any():
            ax.scatter(
                np.asarray(x)[flagged],
                chart["value"].to_numpy(dtype=float)[flagged],
                marker=marker,
                s=70,
                color=colours[words[side]],
                zorder=3,
                label=f"Special cause ({words[side]})",
            )
    if target is not None and not pd.isna(target):
        ax.axhline(target, color=TARGET_COLOUR, linestyle=":", linewidth=1.4, label=f"Target ({target:g})")
    _event_lines(ax, events)
    if _is_percent(ylabel, percent):
        lowest = np.nanmin(np.r_[chart["value"].to_numpy(dtype=float), chart["lcl"].to_numpy(dtype=float)])
        percent_axis(ax, chart["value"].to_numpy(dtype=float), start=max(0.0, np.floor((lowest - 5) / 10) * 10))
    elif np.nanmin(chart["value"].to_numpy(dtype=float)) >= 0:
        ax.set_ylim(bottom=0)  # counts: a lower limit below 0 is cut at 0
    _month_axis(ax, x)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _finish(fig, "spc", chart, ylabel)


def column_bars(values: pd.Series, title: str, ylabel: str = "", annotate: str = "{:.1f}") -> plt.Figure:
    """One vertical bar per label in the order given (e.g. years, oldest first), each labelled."""
    values, notes = _published(values, ylabel)
    fig, ax = _figure(title, ylabel)
    heights = values.to_numpy(dtype=float)
    positions = np.arange(len(values))
    ax.bar(positions, np.nan_to_num(heights), color=THIS_YEAR, edgecolor="white")
    for x, v in zip(positions, heights):
        if not np.isnan(v):
            ax.text(x, v, annotate.format(v), ha="center", va="bottom", fontsize=9)
    ax.set_xticks(positions, [str(i) for i in values.index])
    ax.grid(axis="x", visible=False)
    if _is_percent(ylabel, None):
        percent_axis(ax, heights)
    else:
        ax.set_ylim(bottom=0)
    return _finish(fig, "categories", values.to_frame(ylabel or "Value"), ylabel, notes=notes)
