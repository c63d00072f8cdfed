"""The Extract: a council's tables, parsed, with what the reader found wrong in them."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

QUALITY_COLUMNS = ["table", "rule", "column", "count", "treatment", "rows"]


class ExtractError(ValueError):
    """Input that stops the run; the message names the file, data row, column and value."""


@dataclass
class Extract:
    """Parsed contract tables (see docs/architecture.md for the types) and their provenance.

    ``quality`` holds record-level findings: one row per table and rule with the count, how the
    pack treats those records, and the data-row numbers (for run.json, never the HTML).
    """

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    quality: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=QUALITY_COLUMNS))
    files: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    source: str = ""
    #: spans of days each table's records are complete for (``coverage.csv``: table, first_day,
    #: last_day, source); None = no coverage.csv, every table covers the span of its own records
    coverage: pd.DataFrame | None = None

    #: tables this copy leaves out although the council's extract holds them (:meth:`only`)
    withheld: frozenset = frozenset()

    def get(self, name: str) -> pd.DataFrame | None:
        """The table, or None when the extract does not hold it."""
        self._check_held(name)
        return self.tables.get(name)

    def has(self, *names: str) -> bool:
        """True when every named table is present (an empty table counts as present)."""
        for name in names:
            self._check_held(name)
        return all(name in self.tables for name in names)

    def only(self, names) -> Extract:
        """A copy holding only the named tables, for work sent to another process (the frames
        are shared, not copied). Asking it for a table the extract holds but the copy left out
        raises: a list of tables fallen behind the code must not read as a table the council lacks."""
        names = set(names)
        return Extract(
            tables={k: v for k, v in self.tables.items() if k in names},
            quality=self.quality,
            files=self.files,
            notes=list(self.notes),
            source=self.source,
            coverage=self.coverage,
            withheld=frozenset(set(self.tables) - names) | self.withheld,
        )

    def _check_held(self, name: str) -> None:
        if name in self.withheld:
            raise KeyError(
                f"{name}: left out of this copy of the extract (Extract.only); list it with the tables the work reads"
            )

    def add_quality(self, table: str, rule: str, column: str, rows, treatment: str) -> None:
        """Record a record-level finding (no-op when ``rows`` is empty)."""
        rows = [int(r) for r in rows]
        if not rows:
            return
        finding = pd.DataFrame(
            [
                {
                    "table": table,
                    "rule": rule,
                    "column": column,
                    "count": len(rows),
                    "treatment": treatment,
                    "rows": rows,
                }
            ],
            columns=QUALITY_COLUMNS,
        )
        self.quality = finding if self.quality.empty else pd.concat([self.quality, finding], ignore_index=True)
