"""Run any row task over the rows of a CSV/XLSX file, with progress, pause, cancel and resume.

The output is written once, at the end, from a progress file kept next to it (see ``journal``): every
finished row is appended there and synced to disk before it counts as done, so a job stopped at any
moment (cancel, crash, SIGKILL, power cut) loses at most the rows that were running, and a rerun with
the same input, task, mapping and output resumes at the first unfinished row. Planning a run (what is
left, whether the progress file belongs to this job) is ``batch_plan``; the end of a job, the delicate
part that must survive a crash, is ``batch_output``.

Rows whose mapped cells are all empty are skipped and counted, never sent to the model; their new
cells stay empty. A row that fails is recorded with its error in the error column and the job goes on.

Pausing holds back the next row before it starts (rows in flight finish). With several rows in flight,
rows that finish while paused are saved when the job resumes or is cancelled; a crash during the pause
only means they are done again, never twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import partial
from pathlib import Path

from app.core.engine.types import CancelToken, Engine
from app.core.jobs.batch_output import assemble, row_number, summarize, write_or_fail
from app.core.jobs.batch_plan import plan_batch
from app.core.jobs.batch_progress import BatchProgress, RateMeter
from app.core.jobs.batch_types import (
    ERROR_COLUMN,
    BatchError,
    BatchPlan,
    BatchSpec,
    BatchSummary,
    RowOutcome,
)
from app.core.jobs.in_flight import map_in_order
from app.core.jobs.journal import JournalEntry, JournalError, JournalWriter, remove_journal
from app.core.jobs.journal import journal_path as _journal_path
from app.core.jobs.pause import PauseGate
from app.core.jobs.row_task import RowTask
from app.core.tasks.streaming import TaskCancelledError

__all__ = [
    "ERROR_COLUMN",
    "BatchError",
    "BatchJob",
    "BatchPlan",
    "BatchSpec",
    "BatchSummary",
    "RowOutcome",
]


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

    def plan(self) -> BatchPlan:
        """Read the input and the progress file, check the mapping; raises ``BatchError``/``TableError``."""
        return plan_batch(self.spec, self.task)

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
                mark = not (plan.journal and plan.journal.assembled)
                note = assemble(plan, entries, writer, self.task.output_columns, self.spec.output, mark=mark)
        if complete:
            remove_journal(path)  # step 3 of the end of a job (see ``batch_output``)
        return self._summary(plan, entries, note)

    def _summary(self, plan: BatchPlan, entries: list[JournalEntry], note: str | None) -> BatchSummary:
        return summarize(plan, entries, note, self.task.output_columns, self.spec.output)


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
                write_or_fail(partial(self.writer.append, entry), self.writer.path)
                self.entries.append(entry)
                self.meter.add()
                self.failed += error is not None
                if self.on_row is not None:
                    blank = dict.fromkeys(self.task.output_columns, "")
                    number = row_number(self.plan.table, entry.index)
                    self.on_row(RowOutcome(entry.index, number, values or blank, error))
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


def _error_text(error: BaseException) -> str:
    text = str(error).strip()
    return text or type(error).__name__
