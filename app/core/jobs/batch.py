"""Run any row task over the rows of a CSV/XLSX file, with progress, pause, cancel and resume.

The output is written once, at the end, from a progress file kept next to it (see ``journal``): every
finished row is appended there and synced to disk before it counts as done, so a job stopped at any
moment (cancel, crash, SIGKILL, power cut) loses at most the rows that were running, and a rerun with
the same input, task, mapping and output resumes at the first unfinished row.

The end of a job is the delicate part, because the output may replace the input itself:

1. every row is in the progress file -> append ``{"assembled": true}`` and sync;
2. write the output (input cells plus the new columns) atomically: temporary file, then rename;
3. delete the progress file.

A rerun that finds the "assembled" mark finishes the job instead of starting it: if the input is still
the file the job read (same checksum), step 2 is done again (it gives the same file) and then step 3.
If the input changed and the output is the input itself, the rename of step 2 already happened (the
input now carries the new columns), so only step 3 is left. A progress file without the mark resumes
the rows, whatever state the output is in, because the output is only ever written from it.

Rows whose mapped cells are all empty are skipped and counted, never sent to the model; their new
cells stay empty. A row that fails is recorded with its error in the error column and the job goes on.

Pausing holds back the next row before it starts (rows in flight finish). With several rows in flight,
rows that finish while paused are saved when the job resumes or is cancelled; a crash during the pause
only means they are done again, never twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from app.core.engine.types import CancelToken, Engine
from app.core.jobs.batch_progress import BatchProgress, RateMeter
from app.core.jobs.in_flight import map_in_order
from app.core.jobs.journal import (
    JournalContents,
    JournalEntry,
    JournalError,
    JournalWriter,
    read_journal,
    remove_journal,
)
from app.core.jobs.journal import (
    journal_path as _journal_path,
)
from app.core.jobs.pause import PauseGate
from app.core.jobs.row_task import RowField, RowTask
from app.core.tables.errors import TableError
from app.core.tables.formats import table_format
from app.core.tables.reading import RowProblem, Table, read_table
from app.core.tables.writing import write_with_columns
from app.core.tasks.streaming import TaskCancelledError

ERROR_COLUMN = "copydesk_error"
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


class BatchJob:
    """One task over one input file into one output file; ``run`` again after any stop to resume."""

    def __init__(self, spec: BatchSpec, task: RowTask) -> None:
        self.spec = spec
        self.task = task

    @staticmethod
    def journal_path(output: Path) -> Path:
        """Where the progress of a job writing ``output`` is kept."""
        return _journal_path(output)

    def discard_progress(self) -> None:
        """Start over: forget the rows done so far (the input and any finished output stay as they are)."""
        remove_journal(self.journal_path(self.spec.output))

    # ------------------------------------------------------------------ planning

    def plan(self) -> BatchPlan:
        """Read the input and the progress file, check the mapping; raises ``BatchError``/``TableError``."""
        spec = self.spec
        if spec.in_flight < 1:
            raise BatchError(f"Rows in flight must be at least 1, not {spec.in_flight}.")
        table_format(spec.output)  # a bad extension fails now, not after the last row
        if not spec.output.parent.is_dir():
            raise BatchError(f"The folder {spec.output.parent} does not exist. Choose an existing folder.")
        table = read_table(spec.input, sheet=spec.sheet, encoding=spec.encoding)
        columns = self._columns(table)
        skipped: list[int] = []
        indices: list[int] = []
        for index, row in enumerate(table.rows):
            if any(row[column].strip() for column in columns.values()):
                indices.append(index)
            else:
                skipped.append(table.row_numbers[index])
        new_columns = _new_column_names(table.header, (*self.task.output_columns, ERROR_COLUMN))
        size, digest = _file_digest(spec.input)
        header: dict[str, Any] = {
            "kind": self.task.kind,
            "fingerprint": self.task.fingerprint(),
            "input": str(spec.input),
            "input_size": size,
            "input_sha256": digest,
            "sheet": table.sheet,
            "mapping": dict(sorted(spec.mapping.items())),
            "output_columns": list(self.task.output_columns),
            "new_columns": list(new_columns),
            "rows": len(table.rows),
        }
        journal = self._read_journal()
        finished = False
        if journal is not None:
            saved = journal.header
            changed_input = any(saved.get(key) != header[key] for key in ("input_size", "input_sha256"))
            if journal.assembled and changed_input and self._in_place():
                # Either the output replaced the input just before a crash (the job is done), or the
                # input was edited after a failed write; only the first leaves the job's cells in it.
                self._check_same_job(saved, header, keys=_SAME_JOB_KEYS)
                if not _carries_output(table, saved, journal, self.task.output_columns):
                    raise BatchError(
                        f"{spec.input.name} changed after every row of the job was done, and it does not "
                        f"hold the job's new columns. {_START_OVER}"
                    )
                finished = True
                new_columns = tuple(str(name) for name in saved.get("new_columns", new_columns))
            else:
                self._check_same_job(saved, header, keys={**_SAME_JOB_KEYS, **_INPUT_KEYS})
                try:
                    journal.check_prefix(indices)
                except JournalError as exc:
                    raise self._damaged(exc) from None
        elif spec.output.exists() and not self._in_place() and not spec.overwrite:
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

    def _in_place(self) -> bool:
        return _same_file(self.spec.input, self.spec.output)

    def _columns(self, table: Table) -> dict[str, int]:
        """Task field -> column position; every problem with the mapping named at once."""
        fields = {spec.name: spec for spec in self.task.fields}
        mapping = self.spec.mapping
        if not mapping:
            raise BatchError(f"Map at least one column to a field. The fields are: {_field_list(fields)}.")
        unknown = [name for name in mapping if name not in fields]
        if unknown:
            raise BatchError(
                f"The {self.task.kind} task has no field {', '.join(map(repr, unknown))}. "
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
        unmapped = [spec.label for spec in fields.values() if spec.required and spec.name not in mapping]
        if unmapped:
            raise BatchError(f"Map a column to the required field(s): {', '.join(unmapped)}.")
        return columns

    def _read_journal(self) -> JournalContents | None:
        try:
            return read_journal(self.journal_path(self.spec.output))
        except JournalError as exc:
            raise self._damaged(exc) from None

    def _damaged(self, exc: JournalError) -> BatchError:
        path = self.journal_path(self.spec.output)
        return BatchError(f"The progress file {path} is damaged: {exc}. {_START_OVER}")

    def _check_same_job(
        self, saved: Mapping[str, Any], expected: Mapping[str, Any], *, keys: Mapping[str, str]
    ) -> None:
        changed = list(dict.fromkeys(label for key, label in keys.items() if saved.get(key) != expected[key]))
        if changed:
            path = self.journal_path(self.spec.output)
            raise BatchError(
                f"{path.name} holds the progress of a different job writing {self.spec.output.name}: "
                f"{', '.join(changed)} changed since it started. {_START_OVER}"
            )

    # ------------------------------------------------------------------ running

    def run(
        self,
        engine: Engine,
        *,
        cancel: CancelToken,
        pause: PauseGate | None = None,
        on_progress: Callable[[BatchProgress], None] | None = None,
        on_row: Callable[[RowOutcome], None] | None = None,
    ) -> BatchSummary:
        """Run (or resume, or finish) the job. Callbacks come from the calling thread, in row order."""
        plan = self.plan()
        path = self.journal_path(self.spec.output)
        if plan.finished:
            remove_journal(path)
            return self._summary(plan, list(plan.journal.entries if plan.journal else ()), None)
        try:
            if plan.journal is None:
                writer = JournalWriter.create(path, plan.header)
            else:
                writer = JournalWriter.reopen(path, plan.journal)
        except JournalError as exc:
            raise BatchError(f"The job cannot use its progress file {path}: {exc}.") from None
        except OSError as exc:
            raise BatchError(f"The progress file {path} cannot be written: {exc.strerror or exc}.") from exc
        entries = list(plan.journal.entries) if plan.journal is not None else []
        note: str | None = None
        with writer:
            if plan.journal is None or not plan.journal.assembled:
                _Runner(self, plan, engine, writer, entries, cancel, pause, on_progress, on_row).run()
            complete = len(entries) == len(plan.row_indices)
            if complete:
                note = self._assemble(
                    plan, entries, writer, mark=not (plan.journal and plan.journal.assembled)
                )
        if complete:
            remove_journal(path)
        return self._summary(plan, entries, note)

    def _assemble(
        self, plan: BatchPlan, entries: list[JournalEntry], writer: JournalWriter, *, mark: bool
    ) -> str | None:
        if mark:
            _write_or_fail(writer.mark_assembled, writer.path)
        by_index = {entry.index: entry for entry in entries}
        blank = [""] * len(plan.new_columns)
        new_rows: list[list[str]] = []
        for index in range(plan.rows):
            entry = by_index.get(index)
            if entry is None:
                new_rows.append(blank)
            else:
                outputs = [entry.out.get(column, "") for column in self.task.output_columns]
                new_rows.append([*outputs, entry.error or ""])
        try:
            return write_with_columns(plan.table, self.spec.output, plan.new_columns, new_rows)
        except TableError as exc:
            raise BatchError(
                f"{exc} Every row is done and kept in {writer.path.name}; run the job again to write "
                f"{self.spec.output.name}."
            ) from exc

    def _summary(self, plan: BatchPlan, entries: list[JournalEntry], note: str | None) -> BatchSummary:
        blank = dict.fromkeys(self.task.output_columns, "")
        failures = tuple(
            RowOutcome(entry.index, _row_number(plan.table, entry.index), blank, entry.error)
            for entry in entries
            if entry.error is not None
        )
        return BatchSummary(
            output=self.spec.output,
            rows=plan.rows,
            done=len(entries),
            failed=len(failures),
            skipped=len(plan.skipped_rows),
            cancelled=len(entries) < len(plan.row_indices) and not plan.finished,
            note=note,
            failures=failures,
        )


class _Runner:
    """The rows of one run: feeds them to ``map_in_order``, journals each result, reports progress."""

    def __init__(
        self,
        job: BatchJob,
        plan: BatchPlan,
        engine: Engine,
        writer: JournalWriter,
        entries: list[JournalEntry],
        cancel: CancelToken,
        pause: PauseGate | None,
        on_progress: Callable[[BatchProgress], None] | None,
        on_row: Callable[[RowOutcome], None] | None,
    ) -> None:
        self.job = job
        self.task = job.task
        self.plan = plan
        self.engine = engine
        self.writer = writer
        self.entries = entries
        self.cancel = cancel
        self.pause = pause
        self.on_progress = on_progress
        self.on_row = on_row
        self.meter = RateMeter()
        self.resumed = len(entries)
        self.failed = sum(1 for entry in entries if entry.error is not None)
        self.required = [spec for spec in self.task.fields if spec.required and spec.name in plan.columns]

    def run(self) -> None:
        remaining = self.plan.row_indices[len(self.entries) :]
        self.report()
        outcomes = map_in_order(
            self.work, self.rows(remaining), in_flight=self.job.spec.in_flight, cancel=self.cancel
        )
        try:
            for outcome in outcomes:
                if isinstance(outcome.error, TaskCancelledError):
                    return  # a task that stopped on its own: the row is not done
                error = None if outcome.error is None else _error_text(outcome.error)
                values = dict(outcome.result or {}) if error is None else {}
                entry = JournalEntry(outcome.item, values, error)
                _write_or_fail(partial(self.writer.append, entry), self.writer.path)
                self.entries.append(entry)
                self.meter.add()
                self.failed += error is not None
                if self.on_row is not None:
                    blank = dict.fromkeys(self.task.output_columns, "")
                    row_number = _row_number(self.plan.table, entry.index)
                    self.on_row(RowOutcome(entry.index, row_number, values or blank, error))
                self.report()
        finally:
            outcomes.close()

    def rows(self, remaining: tuple[int, ...]) -> Iterator[int]:
        """The rows to start, held back while paused: rows in flight finish, no new one starts."""
        for index in remaining:
            if self.pause is not None and self.pause.paused:
                self.meter.pause()
                self.report(paused=True)
                going_on = self.pause.wait_while_paused(self.cancel)
                self.meter.resume()
                if not going_on:
                    return
                self.report(paused=False)
            yield index

    def work(self, index: int, cancel: CancelToken) -> Mapping[str, str]:
        row = self.plan.table.rows[index]
        values = {name: row[column] for name, column in self.plan.columns.items()}
        empty = [spec.label for spec in self.required if not values[spec.name].strip()]
        if empty:
            raise ValueError(f"The required cell(s) {', '.join(empty)} are empty in this row.")
        result = self.task.run(self.engine, values, cancel)
        return {column: str(result.get(column) or "") for column in self.task.output_columns}

    def report(self, *, paused: bool | None = None) -> None:
        if self.on_progress is None:
            return
        total = len(self.plan.row_indices)
        done = len(self.entries)
        self.on_progress(
            BatchProgress(
                total=total,
                done=done,
                failed=self.failed,
                skipped=len(self.plan.skipped_rows),
                resumed=self.resumed,
                rows_per_min=self.meter.rows_per_min(),
                eta_s=self.meter.eta_s(total - done),
                paused=paused if paused is not None else bool(self.pause and self.pause.paused),
            )
        )


def _write_or_fail(write: Callable[[], None], path: Path) -> None:
    try:
        write()
    except OSError as exc:
        raise BatchError(
            f"The progress file {path} cannot be written: {exc.strerror or exc}. "
            "The rows saved so far are kept; free some space and run the job again."
        ) from exc


def _problem_text(problem: RowProblem) -> str:
    """``Line 4 has 3 cells...`` as the reader says it, or ``Row 1: the column name...``."""
    text = problem.message
    if not text.lower().startswith(("line ", "row ")):
        text = f"Row {problem.row}: {text}"
    return text[:1].upper() + text[1:]


def _error_text(error: BaseException) -> str:
    text = str(error).strip()
    return text or type(error).__name__


def _row_number(table: Table, index: int) -> int:
    return table.row_numbers[index]


def _field_list(fields: Mapping[str, RowField]) -> str:
    return ", ".join(
        f"{name} ({spec.label}{', required' if spec.required else ''})" for name, spec in fields.items()
    )


def _carries_output(
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
