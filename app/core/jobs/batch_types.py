"""What a batch job takes and gives back: its spec, its plan, each row's outcome and the summary.

Kept apart from the job so that the UI and the CLI can name these types without the running code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.jobs.journal import JournalContents
from app.core.tables.reading import Table

ERROR_COLUMN = "copydesk_error"


class BatchError(ValueError):
    """The job cannot start or go on as asked; the message says why and what to do."""


@dataclass(frozen=True)
class BatchSpec:
    input: Path
    output: Path
    """May be ``input`` itself: the same file with the new columns added."""
    mapping: Mapping[str, str]
    """Task field name -> column name in the input."""
    sheet: str | None = None
    encoding: str | None = None
    in_flight: int = 1
    """Rows running at once; above 1 only for an engine that is safe to call from several threads."""
    overwrite: bool = False
    """Replace an output file that exists and is not the input (without progress of this job)."""


@dataclass(frozen=True)
class RowOutcome:
    index: int
    """Data row, counted from 0."""
    row_number: int
    """The row as the user sees it in the file."""
    values: Mapping[str, str]
    """The task's output columns; empty text when the row failed."""
    error: str | None = None


@dataclass(frozen=True)
class BatchPlan:
    """What a run will do, before it starts: the batch dialog shows it, the CLI prints it."""

    table: Table
    rows: int
    """Data rows in the input."""
    to_do: int
    """Rows still to run; rows done before and skipped rows are not among them."""
    already_done: int
    """Rows found done in the progress file, failed ones included."""
    skipped_rows: tuple[int, ...]
    """File row numbers where every mapped cell is empty."""
    problems: tuple[str, ...]
    """What the reader noticed in the input (ragged rows...), each with its row number."""
    output_header: tuple[str, ...]
    """Every column of the output: the input's, then the new ones."""
    resuming: bool
    new_columns: tuple[str, ...] = ()
    """The columns the job adds (the task's output columns, then the error column), renamed where the
    input already has a column of that name."""
    finished: bool = False
    """The job had finished and only its progress file is left to remove."""
    row_indices: tuple[int, ...] = field(default=(), repr=False)
    """Every data row the job runs (0-based), skipped ones excluded, done ones included."""
    columns: Mapping[str, int] = field(default_factory=dict, repr=False)
    """Task field -> column position in the input."""
    journal: JournalContents | None = field(default=None, repr=False)
    header: Mapping[str, Any] = field(default_factory=dict, repr=False)
    """The progress file header that this job writes or expects."""

    def preview(self, n: int = 5) -> list[dict[str, str]]:
        """The first ``n`` data rows as the task will see them: mapped field -> cell."""
        return [{name: row[column] for name, column in self.columns.items()} for row in self.table.rows[:n]]


@dataclass(frozen=True)
class BatchSummary:
    output: Path
    rows: int
    done: int
    """Rows finished (failed ones included), in this run and before it."""
    failed: int
    skipped: int
    cancelled: bool
    note: str | None
    """What writing the output had to tell (e.g. a format detail); None when nothing."""
    failures: tuple[RowOutcome, ...]
