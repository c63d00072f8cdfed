"""The mark a suppressed figure carries from the public indicator frame to the table cell.

The public edition (``board.suppression``) leaves a suppressed figure blank (NaN) so that charts
leave it out and sentences do not quote it; a table must still tell it from a figure the data
lack ("no data"). So a Series or frame built from suppressed rows carries a mark in its
``attrs`` (:data:`MARK`: index labels suppressed whole, and (label, column) cells), which pandas
keeps through most operations (slicing, sorting, ``astype``, ``to_frame``, ``mask``); builders
that assemble a table from several series keep it with :func:`frame_of` or
:func:`mark_columns`, and ``display.table_html`` shows ``c`` in every marked cell
(:func:`with_c`). Low in the layers so that indicator-level table builders can mark too.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SUPPRESSED = "c"

MARK = "bp_suppressed"  # attrs key: {"rows": labels suppressed whole, "cells": (label, column) pairs}


def mark(data, rows=(), cells=()):
    """``data`` (a Series or frame) with suppressed rows (index labels) and cells ((label, column))
    added to its mark; the mark rides in ``attrs``, which pandas keeps through most operations."""
    old = data.attrs.get(MARK) or {}
    new = {
        "rows": frozenset(old.get("rows", frozenset())) | frozenset(rows),
        "cells": frozenset(old.get("cells", frozenset())) | frozenset(cells),
    }
    data.attrs = {**data.attrs, MARK: new}  # a new dict: attrs may be shared with the data it came from
    return data


def marked(data) -> pd.DataFrame:
    """True where a figure of ``data`` (Series or frame) is marked suppressed, shaped as a frame."""
    frame = data.to_frame() if isinstance(data, pd.Series) else data
    out = pd.DataFrame(False, index=frame.index, columns=frame.columns)
    found = data.attrs.get(MARK) or {}
    rows = found.get("rows", frozenset())
    if rows:
        out.loc[out.index.isin(list(rows)), :] = True
    for label, column in found.get("cells", frozenset()):
        if column in out.columns and label in out.index:
            out.loc[label, column] = True
    return out


def mark_columns(frame: pd.DataFrame, flags: dict) -> pd.DataFrame:
    """``frame`` marked where ``flags`` (column -> booleans in the frame's row order) are True."""
    return mark(
        frame,
        cells=[(label, column) for column, hidden in flags.items() for label in frame.index[np.asarray(hidden, bool)]],
    )


def frame_of(columns: dict) -> pd.DataFrame:
    """``pd.DataFrame(columns)`` of Series, keeping each Series' mark as cells of its column."""
    frame = pd.DataFrame(columns)
    for name, series in columns.items():
        if isinstance(series, pd.Series) and series.attrs.get(MARK):
            hidden = marked(series).iloc[:, 0]
            mark(frame, cells=[(label, name) for label in hidden.index[hidden.to_numpy(bool)]])
    return frame


def with_c(frame: pd.DataFrame) -> pd.DataFrame:
    """A table's frame with ``c`` in every marked cell (for ``display.table_html``)."""
    hidden = marked(frame)
    if not hidden.to_numpy().any():
        return frame
    out = frame.astype({c: object for c in frame.columns[hidden.any().to_numpy()]})
    for column in out.columns[hidden.any().to_numpy()]:
        out.loc[hidden[column].to_numpy(bool), column] = SUPPRESSED
    out.attrs.pop(MARK, None)
    return out


def rename_columns(frame: pd.DataFrame, names) -> pd.DataFrame:
    """``frame.rename(columns=names)`` (a function or a mapping) with its mark renamed alike."""
    rename = names if callable(names) else (lambda c: names.get(c, c))
    out = frame.rename(columns=rename)
    found = frame.attrs.get(MARK)
    if found:
        out.attrs = {
            **out.attrs,
            MARK: {"rows": found["rows"], "cells": frozenset((i, rename(c)) for i, c in found["cells"])},
        }
    return out
