"""The pack's charts, in one house style (seaborn/matplotlib).

Every function returns a matplotlib Figure whose title says what the chart shows in words; the
notebook shows it with ``display.show_chart`` (a PNG inlined in the HTML, with alternative text).
Colours come from a colour-blind-safe palette, and no chart relies on colour alone: lines also
differ in style and carry markers.
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


def _reference_lines(ax, target=None, benchmarks: dict | None = None) -> None:
    if target is not None and not pd.isna(target):
        ax.axhline(target, color=TARGET_COLOUR, linestyle="--", linewidth=1.4, label=f"Target ({target:g})")
    for i, (label, value) in enumerate((benchmarks or {}).items()):
        if value is not None and not pd.isna(value):
            ax.axhline(
                value, color=BENCHMARK_COLOUR, linestyle=[":", "-."][i % 2], linewidth=1.3, label=f"{label} ({value:g})"
            )


def this_year_vs_last(
    series: pd.Series, title: str, ylabel: str = "", target=None, benchmarks: dict | None = None
) -> plt.Figure:
    """The 12 months to M against the 12 months before, on one Jan..Dec style axis.

    ``series`` is indexed by monthly Periods (the 24 months ending with M).
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
    ax.set_xticks(positions, labels)
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _finish(
        fig, "year_on_year", series[series.index > last - 24].to_frame(ylabel or "Value"), ylabel, notes=notes
    )


def monthly_lines(
    frame: pd.DataFrame, title: str, ylabel: str = "", target=None, benchmarks: dict | None = None
) -> plt.Figure:
    """One line per column over the months of the index (Periods)."""
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
    ax.set_ylim(bottom=0)
    ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%b %y"))
    if len(frame.columns) > 1 or target is not None or benchmarks:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _finish(fig, "monthly", frame, ylabel, notes=notes)


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
    return _finish(
        fig, "categories", values.sort_values(ascending=False).to_frame(xlabel or "Value"), xlabel, notes=notes
    )


def xmr(chart: pd.DataFrame, title: str, ylabel: str = "", target=None, better: str | None = None) -> plt.Figure:
    """An SPC (XmR) chart from ``spc.xmr(series)``: the values, the mean (solid), the process
    limits (dashed), and the points a rule flags marked by shape as well as colour (▲ for a
    high signal, ▼ for a low one), labelled "improvement"/"concern" when ``better`` is known."""
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
    ax.plot(
        x,
        chart["mean"].to_numpy(dtype=float),
        color=THIS_YEAR,
        linewidth=1.4,
        label=f"Average ({chart['mean'].iloc[0]:.4g})",
    )
    ax.plot(
        x, chart["ucl"].to_numpy(dtype=float), color=THIS_YEAR, linestyle="--", linewidth=1.1, label="Process limits"
    )
    ax.plot(x, chart["lcl"].to_numpy(dtype=float), color=THIS_YEAR, linestyle="--", linewidth=1.1)
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
    if np.nanmin(chart["value"].to_numpy(dtype=float)) >= 0:
        ax.set_ylim(bottom=0)  # counts and percentages: a lower limit below 0 is cut at 0
    ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%b %y"))
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
    ax.set_ylim(bottom=0)
    return _finish(fig, "categories", values.to_frame(ylabel or "Value"), ylabel, notes=notes)
