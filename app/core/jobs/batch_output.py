"""The end of a batch job: the output written from the progress file, and a job a crash cut short.

The end of a job is the delicate part, because the output may replace the input itself:

1. every row is in the progress file -> append ``{"assembled": true}`` and sync;
2. write the output (input cells plus the new columns) atomically: temporary file, then rename;
3. delete the progress file.

``assemble`` does steps 1 and 2; ``BatchJob.run`` does step 3 once the progress file is closed.

A rerun that finds the "assembled" mark finishes the job instead of starting it: if the input is still
the file the job read (same checksum), step 2 is done again (it gives the same file) and then step 3.
If the input changed and the output is the input itself, the rename of step 2 already happened (the
input now carries the new columns, which ``carries_output`` checks), so only step 3 is left. A progress
file without the mark resumes the rows, whatever state the output is in, because the output is only
ever written from it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from app.core.jobs.batch_types import BatchError, BatchPlan, BatchSummary, RowOutcome
from app.core.jobs.journal import JournalContents, JournalEntry, JournalWriter
from app.core.tables.errors import TableError
from app.core.tables.reading import Table
from app.core.tables.writing import write_with_columns


def assemble(
    plan: BatchPlan,
    entries: list[JournalEntry],
    writer: JournalWriter,
    output_columns: tuple[str, ...],
    output: Path,
    *,
    mark: bool,
) -> str | None:
    """Steps 1 and 2 above (step 1 only when ``mark``); returns what writing the output had to tell."""
    if mark:
        write_or_fail(writer.mark_assembled, writer.path)
    by_index = {entry.index: entry for entry in entries}
    blank = [""] * len(plan.new_columns)
    new_rows: list[list[str]] = []
    for index in range(plan.rows):
        entry = by_index.get(index)
        if entry is None:
            new_rows.append(blank)
        else:
            outputs = [entry.out.get(column, "") for column in output_columns]
            new_rows.append([*outputs, entry.error or ""])
    try:
        return write_with_columns(plan.table, output, plan.new_columns, new_rows)
    except TableError as exc:
        raise BatchError(
            f"{exc} Every row is done and kept in {writer.path.name}; run the job again to write "
            f"{output.name}."
        ) from exc


def summarize(
    plan: BatchPlan,
    entries: list[JournalEntry],
    note: str | None,
    output_columns: tuple[str, ...],
    output: Path,
) -> BatchSummary:
    blank = dict.fromkeys(output_columns, "")
    failures = tuple(
        RowOutcome(entry.index, row_number(plan.table, entry.index), blank, entry.error)
        for entry in entries
        if entry.error is not None
    )
    return BatchSummary(
        output=output,
        rows=plan.rows,
        done=len(entries),
        failed=len(failures),
        skipped=len(plan.skipped_rows),
        cancelled=len(entries) < len(plan.row_indices) and not plan.finished,
        note=note,
        failures=failures,
    )


def write_or_fail(write: Callable[[], None], path: Path) -> None:
    try:
        write()
    except OSError as exc:
        raise BatchError(
            f"The progress file {path} cannot be written: {exc.strerror or exc}. "
            "The rows saved so far are kept; free some space and run the job again."
        ) from exc


def row_number(table: Table, index: int) -> int:
    return table.row_numbers[index]


def carries_output(
    table: Table, saved: Mapping[str, Any], journal: JournalContents, output_columns: tuple[str, ...]
) -> bool:
    """Whether ``table`` is the output this job writes: its new columns last, holding what was journaled."""
    new = tuple(str(name) for name in saved.get("new_columns", ()))
    if not new or table.header[-len(new) :] != new or len(table.rows) != saved.get("rows"):
        return False
    expected = {
        entry.index: [*(entry.out.get(column, "") for column in output_columns), entry.error or ""]
        for entry in journal.entries
    }
    blank = [""] * len(new)
    for index, row in enumerate(table.rows):
        cells = row[-len(new) :]
        if [_plain(cell) for cell in cells] != [_plain(cell) for cell in expected.get(index, blank)]:
            return False
    return True


def _plain(text: str) -> str:
    """Cell text as a file round trip keeps it: line endings and trailing spaces may change."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()
