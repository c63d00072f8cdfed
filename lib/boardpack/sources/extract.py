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

    def get(self, name: str) -> pd.DataFrame | None:
        """The table, or None when the extract does not hold it."""
        return self.tables.get(name)

    def has(self, *names: str) -> bool:
        """True when every named table is present (an empty table counts as present)."""
        return all(name in self.tables for name in names)

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
