"""Planning a batch job: read the input and its progress file, check the mapping, say what is left.

A progress file left by a different job (another task, settings, mapping, or an input changed under
it) is refused rather than mixed in; how a job that crashed while writing its output is recognised as
finished is explained in ``batch_output``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.core.jobs.batch_output import carries_output
from app.core.jobs.batch_types import ERROR_COLUMN, BatchError, BatchPlan, BatchSpec
from app.core.jobs.journal import JournalContents, JournalError, journal_path, read_journal
from app.core.jobs.row_task import RowField, RowTask
from app.core.tables.errors import TableError
from app.core.tables.formats import table_format
from app.core.tables.reading import RowProblem, Table, read_table

_START_OVER = (
    "To start over and redo every row, run the same command with --restart, "
    "or choose Start over in the batch window."
)
_SAME_JOB_KEYS = {
    "kind": "the task",
    "fingerprint": "the task's settings",
    "sheet": "the sheet",
    "mapping": "the column mapping",
    "output_columns": "the task's output columns",
}
_INPUT_KEYS = {"input_size": "the input file", "input_sha256": "the input file", "rows": "the input file"}


def plan_batch(spec: BatchSpec, task: RowTask) -> BatchPlan:
    """Read the input and the progress file, check the mapping; raises ``BatchError``/``TableError``."""
    if spec.in_flight < 1:
        raise BatchError(f"Rows in flight must be at least 1, not {spec.in_flight}.")
    table_format(spec.output)  # a bad extension fails now, not after the last row
    if not spec.output.parent.is_dir():
        raise BatchError(f"The folder {spec.output.parent} does not exist. Choose an existing folder.")
    table = read_table(spec.input, sheet=spec.sheet, encoding=spec.encoding)
    columns = _columns(spec.mapping, task, table)
    skipped: list[int] = []
    indices: list[int] = []
    for index, row in enumerate(table.rows):
        if any(row[column].strip() for column in columns.values()):
            indices.append(index)
        else:
            skipped.append(table.row_numbers[index])
    new_columns = _new_column_names(table.header, (*task.output_columns, ERROR_COLUMN))
    size, digest = _file_digest(spec.input)
    header: dict[str, Any] = {
        "kind": task.kind,
        "fingerprint": task.fingerprint(),
        "input": str(spec.input),
        "input_size": size,
        "input_sha256": digest,
        "sheet": table.sheet,
        "mapping": dict(sorted(spec.mapping.items())),
        "output_columns": list(task.output_columns),
        "new_columns": list(new_columns),
        "rows": len(table.rows),
    }
    journal = _read_journal(spec.output)
    finished = False
    if journal is not None:
        saved = journal.header
        changed_input = any(saved.get(key) != header[key] for key in ("input_size", "input_sha256"))
        if journal.assembled and changed_input and _in_place(spec):
            # Either the output replaced the input just before a crash (the job is done), or the
            # input was edited after a failed write; only the first leaves the job's cells in it.
            _check_same_job(spec.output, saved, header, keys=_SAME_JOB_KEYS)
            if not carries_output(table, saved, journal, task.output_columns):
                raise BatchError(
                    f"{spec.input.name} changed after every row of the job was done, and it does not "
                    f"hold the job's new columns. {_START_OVER}"
                )
            finished = True
            new_columns = tuple(str(name) for name in saved.get("new_columns", new_columns))
        else:
            _check_same_job(spec.output, saved, header, keys={**_SAME_JOB_KEYS, **_INPUT_KEYS})
            try:
                journal.check_prefix(indices)
            except JournalError as exc:
                raise _damaged(spec.output, exc) from None
    elif spec.output.exists() and not _in_place(spec) and not spec.overwrite:
        raise BatchError(
            f"{spec.output} already exists. Choose another output file, or replace it "
            "(--overwrite on the command line)."
        )
    done = len(journal.entries) if journal is not None else 0
    problems = tuple(_problem_text(problem) for problem in table.problems)
    return BatchPlan(
        table=table,
        rows=len(table.rows),
        to_do=0 if finished else len(indices) - done,
        already_done=done,
        skipped_rows=tuple(skipped),
        problems=problems,
        output_header=(*table.header, *new_columns) if not finished else tuple(table.header),
        resuming=journal is not None,
        new_columns=new_columns,
        finished=finished,
        row_indices=tuple(indices),
        columns=columns,
        journal=journal,
        header=header,
    )


def _in_place(spec: BatchSpec) -> bool:
    """Whether the output is the input itself."""
    return _same_file(spec.input, spec.output)


def _columns(mapping: Mapping[str, str], task: RowTask, table: Table) -> dict[str, int]:
    """Task field -> column position; every problem with the mapping named at once."""
    fields = {field.name: field for field in task.fields}
    if not mapping:
        raise BatchError(f"Map at least one column to a field. The fields are: {_field_list(fields)}.")
    unknown = [name for name in mapping if name not in fields]
    if unknown:
        raise BatchError(
            f"The {task.kind} task has no field {', '.join(map(repr, unknown))}. "
            f"Its fields are: {_field_list(fields)}."
        )
    columns: dict[str, int] = {}
    problems: list[str] = []
    for name, column in mapping.items():
        try:
            columns[name] = table.column(column)
        except TableError as exc:
            problems.append(str(exc))
    if problems:
        raise BatchError(" ".join(dict.fromkeys(problems)))
    unmapped = [field.label for field in fields.values() if field.required and field.name not in mapping]
    if unmapped:
        raise BatchError(f"Map a column to the required field(s): {', '.join(unmapped)}.")
    return columns


def _read_journal(output: Path) -> JournalContents | None:
    try:
        return read_journal(journal_path(output))
    except JournalError as exc:
        raise _damaged(output, exc) from None


def _damaged(output: Path, exc: JournalError) -> BatchError:
    path = journal_path(output)
    return BatchError(f"The progress file {path} is damaged: {exc}. {_START_OVER}")


def _check_same_job(
    output: Path, saved: Mapping[str, Any], expected: Mapping[str, Any], *, keys: Mapping[str, str]
) -> None:
    changed = list(dict.fromkeys(label for key, label in keys.items() if saved.get(key) != expected[key]))
    if changed:
        path = journal_path(output)
        raise BatchError(
            f"{path.name} holds the progress of a different job writing {output.name}: "
            f"{', '.join(changed)} changed since it started. {_START_OVER}"
        )


def _problem_text(problem: RowProblem) -> str:
    """``Line 4 has 3 cells...`` as the reader says it, or ``Row 1: the column name...``."""
    text = problem.message
    if not text.lower().startswith(("line ", "row ")):
        text = f"Row {problem.row}: {text}"
    return text[:1].upper() + text[1:]


def _field_list(fields: Mapping[str, RowField]) -> str:
    return ", ".join(
        f"{name} ({spec.label}{', required' if spec.required else ''})" for name, spec in fields.items()
    )


def _new_column_names(header: tuple[str, ...], names: tuple[str, ...]) -> tuple[str, ...]:
    """``names``, each made unique against the input's columns and the other new ones: "title (2)"."""
    taken = {column.strip().casefold() for column in header}
    chosen: list[str] = []
    for name in names:
        candidate, number = name, 2
        while candidate.casefold() in taken:
            candidate, number = f"{name} ({number})", number + 1
        taken.add(candidate.casefold())
        chosen.append(candidate)
    return tuple(chosen)


def _file_digest(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return a.resolve() == b.resolve()
