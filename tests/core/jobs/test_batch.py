"""Batch jobs with a scripted row task (no model): output, failures, skipped rows, resume, pause, cancel.

The real model runs the same jobs in ``test_batch_kill.py`` and ``test_text_rows.py``.
"""

from __future__ import annotations

import csv
import random
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import cast

import openpyxl
import pytest

from app.core.engine.types import CancelToken, Engine
from app.core.jobs import batch as batch_module
from app.core.jobs import batch_output
from app.core.jobs.batch import (
    ERROR_COLUMN,
    BatchError,
    BatchJob,
    BatchSpec,
    BatchSummary,
    RowOutcome,
)
from app.core.jobs.batch_progress import BatchProgress
from app.core.jobs.journal import read_journal
from app.core.jobs.pause import PauseGate
from app.core.jobs.row_task import RowField
from app.core.tables.errors import TableError
from app.core.tables.reading import read_table
from app.core.tasks.streaming import TaskCancelledError

pytestmark = pytest.mark.timeout(30)

NO_ENGINE = cast(Engine, object())
"""The scripted task never touches the engine."""
WAIT = 5.0
HEADER = ("SKU", "Name", "Note")
ROWS = [(f"S{n}", f"item {n}", f"note {n}") for n in range(6)]
MAPPING = {"name": "Name", "note": "Note"}


class Crash(BaseException):
    """Stands for the process dying: nothing catches it, nothing after it runs."""


class FakeRows:
    """A thread-safe row task: the title is the name in capitals; failures, waits and crashes on demand."""

    kind = "fake"
    fields = (RowField("name", "Name", required=True), RowField("note", "Note"))
    output_columns = ("title", "summary")

    def __init__(
        self,
        *,
        version: str = "v1",
        fail: tuple[str, ...] = (),
        crash_at: str | None = None,
        before: Callable[[str, CancelToken], None] | None = None,
    ) -> None:
        self.version = version
        self.fail = fail
        self.crash_at = crash_at
        self.before = before
        self.calls: list[str] = []
        self._lock = threading.Lock()

    def fingerprint(self) -> str:
        return self.version

    def run(self, engine: Engine, values: Mapping[str, str], cancel: CancelToken) -> Mapping[str, str]:
        name = values["name"]
        if name == self.crash_at:
            raise Crash
        with self._lock:
            self.calls.append(name)
        if self.before is not None:
            self.before(name, cancel)
        if name in self.fail:
            raise ValueError(f"cannot write about {name}")
        return {"title": name.upper(), "summary": f"{name} / {values.get('note', '')}", "extra": "ignored"}


def write_csv(path: Path, rows: Sequence[Sequence[str]], header: tuple[str, ...] = HEADER) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def spec(path: Path, output: Path | None = None, **changes: object) -> BatchSpec:
    fields: dict[str, object] = {"input": path, "output": output or path.with_name("out.csv")}
    fields["mapping"] = MAPPING
    fields.update(changes)
    return BatchSpec(**fields)  # type: ignore[arg-type]


def run(
    job: BatchJob, *, cancel: CancelToken | None = None, pause: PauseGate | None = None
) -> tuple[BatchSummary, list[BatchProgress], list[RowOutcome]]:
    """Run ``job``, keeping every progress update and finished row it reports."""
    progress: list[BatchProgress] = []
    rows: list[RowOutcome] = []
    summary = job.run(
        NO_ENGINE,
        cancel=cancel or CancelToken(),
        pause=pause,
        on_progress=progress.append,
        on_row=rows.append,
    )
    return summary, progress, rows


def output_rows(path: Path, sheet: str | None = None) -> list[dict[str, str]]:
    return read_table(path, sheet=sheet).records()


def test_every_row_gets_its_new_columns_in_a_new_file(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ROWS)
    before = source.read_bytes()
    task = FakeRows()
    job = BatchJob(spec(source), task)

    summary, progress, rows = run(job)

    out = output_rows(tmp_path / "out.csv")
    assert [row["SKU"] for row in out] == [f"S{n}" for n in range(6)]
    assert list(out[0]) == [*HEADER, "title", "summary", ERROR_COLUMN]
    assert out[2] == {
        "SKU": "S2",
        "Name": "item 2",
        "Note": "note 2",
        "title": "ITEM 2",
        "summary": "item 2 / note 2",
        ERROR_COLUMN: "",
    }
    assert source.read_bytes() == before
    assert not BatchJob.journal_path(tmp_path / "out.csv").exists()
    assert task.calls == [f"item {n}" for n in range(6)]
    assert summary == BatchSummary(
        output=tmp_path / "out.csv",
        rows=6,
        done=6,
        failed=0,
        skipped=0,
        cancelled=False,
        note=None,
        failures=(),
    )
    assert [row.index for row in rows] == list(range(6))
    assert [row.row_number for row in rows] == list(range(2, 8))
    assert rows[0].values == {"title": "ITEM 0", "summary": "item 0 / note 0"}
    assert [p.done for p in progress] == list(range(7))
    assert {p.total for p in progress} == {6}
    assert progress[-1].rows_per_min > 0
    assert progress[-1].eta_s == 0.0


def test_the_plan_says_what_will_happen(tmp_path: Path) -> None:
    rows = [
        ("S1", "bottle", "steel", ""),
        ("S2", "", "", ""),
        ("S3", "", "blue", ""),
        ("S4", "bag", "", "", "x"),
    ]
    source = tmp_path / "in.csv"
    source.write_text(
        "SKU,Name,Note,title\n" + "\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8"
    )
    job = BatchJob(spec(source), FakeRows())

    plan = job.plan()

    assert plan.rows == 4
    assert plan.to_do == 3 and plan.already_done == 0 and not plan.resuming
    assert plan.skipped_rows == (3,)  # the file row number, header included
    assert len(plan.problems) == 1 and plan.problems[0].startswith("Line 5 ")
    assert plan.new_columns == ("title (2)", "summary", ERROR_COLUMN)
    assert plan.table.header[:4] == ("SKU", "Name", "Note", "title")
    assert plan.output_header == (*plan.table.header, "title (2)", "summary", ERROR_COLUMN)
    assert plan.preview(2) == [{"name": "bottle", "note": "steel"}, {"name": "", "note": ""}]
    assert len(plan.preview()) == 4


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({}, "Map at least one column to a field. The fields are: name (Name, required), note (Note)"),
        ({"name": "Name", "colour": "Note"}, "task has no field 'colour'. Its fields are: name"),
        ({"name": "Nmae"}, "in.csv has no column “Nmae”. Its columns are: “SKU”, “Name”, “Note”"),
        ({"note": "Note"}, "Map a column to the required field(s): Name"),
    ],
)
def test_a_bad_mapping_is_explained(tmp_path: Path, mapping: dict[str, str], message: str) -> None:
    source = write_csv(tmp_path / "in.csv", ROWS)
    with pytest.raises(BatchError) as caught:
        BatchJob(spec(source, mapping=mapping), FakeRows()).plan()
    assert message in str(caught.value)


def test_a_column_name_matches_ignoring_case(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ROWS)
    plan = BatchJob(spec(source, mapping={"name": " name "}), FakeRows()).plan()
    assert plan.columns == {"name": 1}


def test_a_failed_row_is_recorded_and_the_job_goes_on(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ROWS)
    summary, progress, rows = run(BatchJob(spec(source), FakeRows(fail=("item 1", "item 4"))))

    out = output_rows(tmp_path / "out.csv")
    assert [row[ERROR_COLUMN] for row in out] == [
        "",
        "cannot write about item 1",
        "",
        "",
        "cannot write about item 4",
        "",
    ]
    assert out[1]["title"] == "" and out[2]["title"] == "ITEM 2"
    assert summary.done == 6 and summary.failed == 2 and not summary.cancelled
    failures = summary.failures
    assert [(f.index, f.row_number, f.error) for f in failures] == [
        (1, 3, "cannot write about item 1"),
        (4, 6, "cannot write about item 4"),
    ]
    assert failures[0].values == {"title": "", "summary": ""}
    assert rows[1].error == "cannot write about item 1" and rows[1].values == {"title": "", "summary": ""}
    assert progress[-1].failed == 2 and progress[-1].done == 6


def test_empty_rows_are_skipped_and_counted_and_a_missing_required_cell_fails(tmp_path: Path) -> None:
    rows = [("S1", "bottle", "steel"), ("S2", " ", ""), ("S3", "", "blue only"), ("S4", "bag", "")]
    source = write_csv(tmp_path / "in.csv", rows)
    task = FakeRows()
    summary, progress, _ = run(BatchJob(spec(source), task))

    assert task.calls == ["bottle", "bag"]  # the empty row and the row without a name never reach the task
    out = output_rows(tmp_path / "out.csv")
    assert [row["SKU"] for row in out] == ["S1", "S2", "S3", "S4"]
    assert [row["title"] for row in out] == ["BOTTLE", "", "", "BAG"]
    assert out[1][ERROR_COLUMN] == ""  # skipped, not failed
    assert "Name" in out[2][ERROR_COLUMN] and "empty" in out[2][ERROR_COLUMN]
    assert summary.skipped == 1 and summary.failed == 1 and summary.done == 3
    assert progress[-1].total == 3 and progress[-1].skipped == 1


def test_resume_after_a_crash_gives_every_row_once(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ROWS)
    output = tmp_path / "out.csv"
    with pytest.raises(Crash):
        run(BatchJob(spec(source), FakeRows(crash_at="item 3")))
    journal = BatchJob.journal_path(output)
    with journal.open("ab") as handle:  # and the last write was torn
        handle.write(b'{"i": 3, "out": {"title": "IT')
    assert not output.exists()

    task = FakeRows()
    job = BatchJob(spec(source), task)
    plan = job.plan()
    assert plan.resuming and plan.already_done == 3 and plan.to_do == 3
    summary, progress, rows = run(job)

    assert task.calls == ["item 3", "item 4", "item 5"]
    out = output_rows(output)
    assert [row["SKU"] for row in out] == [f"S{n}" for n in range(6)]
    assert [row["title"] for row in out] == [f"ITEM {n}" for n in range(6)]
    assert summary.done == 6 and not summary.cancelled
    assert progress[0].done == 3 and progress[0].resumed == 3 and progress[-1].done == 6
    assert [row.index for row in rows] == [3, 4, 5]
    assert not journal.exists()


def test_an_existing_output_is_not_replaced_unless_asked(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ROWS)
    run(BatchJob(spec(source), FakeRows()))
    with pytest.raises(BatchError, match=r"out.csv already exists.*--overwrite"):
        BatchJob(spec(source), FakeRows()).plan()
    (tmp_path / "out.csv").write_text("mine\n", encoding="utf-8")
    task = FakeRows(version="v2")
    summary, _, _ = run(BatchJob(spec(source, overwrite=True), task))
    assert len(task.calls) == 6 and summary.done == 6
    assert len(output_rows(tmp_path / "out.csv")) == 6


def _crash_after(source: Path, rows: int) -> None:
    with pytest.raises(Crash):
        run(BatchJob(spec(source), FakeRows(crash_at=f"item {rows}")))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"task": FakeRows(version="v2")}, "the task's settings changed"),
        ({"mapping": {"name": "Name"}}, "the column mapping changed"),
        ({"input": "edited"}, "the input file changed"),
    ],
)
def test_progress_of_a_different_job_is_refused(
    tmp_path: Path, change: dict[str, object], reason: str
) -> None:
    source = write_csv(tmp_path / "in.csv", ROWS)
    _crash_after(source, 2)
    if "input" in change:
        write_csv(source, [*ROWS, ("S9", "late", "row")])
    mapping = cast(dict[str, str], change.get("mapping", MAPPING))
    task = cast(FakeRows, change.get("task", FakeRows()))
    job = BatchJob(spec(source, mapping=mapping), task)
    with pytest.raises(BatchError) as caught:
        job.run(NO_ENGINE, cancel=CancelToken())
    message = str(caught.value)
    assert "out.csv.copydesk-progress.jsonl holds the progress of a different job" in message
    assert reason in message and "--restart" in message and "Start over" in message
    assert task.calls == []

    job.discard_progress()
    summary = job.run(NO_ENGINE, cancel=CancelToken())
    assert summary.done == len(read_table(source).rows) and len(task.calls) == summary.done


def test_a_damaged_progress_file_is_refused_with_the_way_out(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ROWS)
    _crash_after(source, 3)
    journal = BatchJob.journal_path(tmp_path / "out.csv")
    lines = journal.read_text(encoding="utf-8").splitlines(keepends=True)
    journal.write_text(lines[0] + lines[2] + lines[1] + lines[3], encoding="utf-8")  # rows out of order
    with pytest.raises(BatchError, match=r"progress file .* is damaged: line 3 .*--restart"):
        BatchJob(spec(source), FakeRows()).plan()


def test_in_place_csv_gets_the_new_columns(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ROWS)
    summary, _, _ = run(BatchJob(spec(source, output=source), FakeRows()))
    out = output_rows(source)
    assert len(out) == 6 and out[5]["title"] == "ITEM 5" and out[5]["Name"] == "item 5"
    assert summary.output == source
    assert not BatchJob.journal_path(source).exists()
    # running it again in place is a new job: its columns come beside the first ones
    run(BatchJob(spec(source, output=source), FakeRows()))
    assert list(output_rows(source)[0])[-3:] == ["title (2)", "summary (2)", f"{ERROR_COLUMN} (2)"]


def test_in_place_xlsx_keeps_the_other_sheets(tmp_path: Path) -> None:
    source = tmp_path / "catalog.xlsx"
    book = openpyxl.Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Notes"
    notes.append(["keep me"])
    products = book.create_sheet("Products")
    products.append(list(HEADER))
    for row in ROWS[:3]:
        products.append(list(row))
    book.save(source)
    book.close()

    job = BatchJob(spec(source, output=source, sheet="Products"), FakeRows())
    summary, _, _ = run(job)

    assert summary.done == 3
    out = output_rows(source, sheet="Products")
    assert [row["title"] for row in out] == ["ITEM 0", "ITEM 1", "ITEM 2"]
    assert read_table(source, sheet="Notes").header == ("keep me",)
    assert not BatchJob.journal_path(source).exists()


def test_a_csv_job_can_write_a_workbook(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ROWS[:2])
    run(BatchJob(spec(source, output=tmp_path / "out.xlsx"), FakeRows()))
    assert [row["title"] for row in output_rows(tmp_path / "out.xlsx")] == ["ITEM 0", "ITEM 1"]


def test_an_output_format_that_cannot_be_written_fails_before_any_row(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ROWS)
    task = FakeRows()
    with pytest.raises(TableError, match=r"out\.doc"):
        BatchJob(spec(source, output=tmp_path / "out.doc"), task).run(NO_ENGINE, cancel=CancelToken())
    assert task.calls == []


def test_a_crash_while_writing_the_output_is_finished_by_the_rerun(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_csv(tmp_path / "in.csv", ROWS)
    before = source.read_bytes()

    def crash(*_args: object) -> None:
        raise Crash

    with monkeypatch.context() as patch:
        patch.setattr(batch_output, "write_with_columns", crash)
        with pytest.raises(Crash):
            run(BatchJob(spec(source, output=source), FakeRows()))
    contents = read_journal(BatchJob.journal_path(source))
    assert contents is not None and contents.assembled and len(contents.entries) == 6
    assert source.read_bytes() == before

    task = FakeRows()
    summary, _, _ = run(BatchJob(spec(source, output=source), task))
    assert task.calls == []  # nothing is generated again
    assert summary.done == 6 and not summary.cancelled
    assert [row["title"] for row in output_rows(source)] == [f"ITEM {n}" for n in range(6)]
    assert not BatchJob.journal_path(source).exists()


def test_a_crash_after_the_output_replaced_the_input_is_finished_by_the_rerun(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_csv(tmp_path / "in.csv", ROWS)

    def crash(_path: Path) -> None:
        raise Crash

    with monkeypatch.context() as patch:
        patch.setattr(batch_module, "remove_journal", crash)
        with pytest.raises(Crash):
            run(BatchJob(spec(source, output=source), FakeRows(fail=("item 2",))))
    after_crash = source.read_bytes()
    assert BatchJob.journal_path(source).exists()

    task = FakeRows()
    job = BatchJob(spec(source, output=source), task)
    plan = job.plan()
    assert plan.finished and plan.to_do == 0 and plan.already_done == 6
    summary, _, _ = run(job)

    assert task.calls == []
    assert source.read_bytes() == after_crash  # the columns are there once, not added again
    assert list(output_rows(source)[0]) == [*HEADER, "title", "summary", ERROR_COLUMN]
    assert summary.done == 6 and summary.failed == 1 and not summary.cancelled
    assert not BatchJob.journal_path(source).exists()


def test_an_input_edited_after_a_failed_write_is_not_taken_for_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_csv(tmp_path / "in.csv", ROWS)

    def refuse(*_args: object) -> None:
        raise TableError("in.csv has changed since it was read.")

    with monkeypatch.context() as patch:
        patch.setattr(batch_output, "write_with_columns", refuse)
        with pytest.raises(BatchError, match=r"changed since it was read\. Every row is done and kept"):
            run(BatchJob(spec(source, output=source), FakeRows()))
    write_csv(source, ROWS[:5])  # the user edits the file
    with pytest.raises(BatchError, match=r"does not hold the job's new columns.*--restart"):
        BatchJob(spec(source, output=source), FakeRows()).plan()
    assert BatchJob.journal_path(source).exists()  # the rows done are not thrown away


def test_pause_lets_the_running_row_finish_and_starts_no_new_one(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ROWS)
    gate = PauseGate()
    task = FakeRows()
    paused = threading.Event()
    progress: list[BatchProgress] = []

    def on_row(outcome: RowOutcome) -> None:
        if outcome.index == 1:
            gate.pause()

    def on_progress(update: BatchProgress) -> None:
        progress.append(update)
        if update.paused and update.done == 2:
            paused.set()

    job = BatchJob(spec(source), task)
    result: list[BatchSummary] = []
    thread = threading.Thread(
        target=lambda: result.append(
            job.run(NO_ENGINE, cancel=CancelToken(), pause=gate, on_progress=on_progress, on_row=on_row)
        )
    )
    thread.start()
    assert paused.wait(WAIT)
    time.sleep(0.2)
    assert task.calls == ["item 0", "item 1"]
    gate.resume()
    thread.join(WAIT)
    assert not thread.is_alive()
    assert len(task.calls) == 6 and len(output_rows(tmp_path / "out.csv")) == 6
    flags = [(p.done, p.paused) for p in progress]
    assert (2, True) in flags and flags.index((2, True)) < flags.index((2, False))
    assert flags[-1] == (6, False)


def test_cancel_while_paused_ends_the_run(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ROWS)
    gate = PauseGate()
    gate.pause()
    cancel = CancelToken()
    task = FakeRows()
    timer = threading.Timer(0.2, cancel.cancel)
    timer.start()
    summary, progress, _ = run(BatchJob(spec(source), task), cancel=cancel, pause=gate)
    timer.join()
    assert task.calls == []
    assert summary.cancelled and summary.done == 0
    assert progress[-1].paused


def test_cancel_keeps_the_finished_rows_and_drops_the_one_it_cut_short(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ROWS)
    cancel = CancelToken()

    def stop_during(name: str, token: CancelToken) -> None:
        if name == "item 2":
            cancel.cancel()  # the user presses Stop while row 2 runs; the row returns anyway
            assert token.cancelled()

    first = FakeRows(before=stop_during)
    summary, _, rows = run(BatchJob(spec(source), first), cancel=cancel)
    assert summary.cancelled and summary.done == 2
    assert [row.index for row in rows] == [0, 1]
    assert not (tmp_path / "out.csv").exists()
    contents = read_journal(BatchJob.journal_path(tmp_path / "out.csv"))
    assert contents is not None and [entry.index for entry in contents.entries] == [0, 1]

    second = FakeRows()
    summary, _, _ = run(BatchJob(spec(source), second))
    assert second.calls == ["item 2", "item 3", "item 4", "item 5"]
    assert [row["title"] for row in output_rows(tmp_path / "out.csv")] == [f"ITEM {n}" for n in range(6)]


def test_a_task_that_stops_on_its_own_stops_the_run(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ROWS)

    def stopped(name: str, _token: CancelToken) -> None:
        if name == "item 1":
            raise TaskCancelledError

    summary, _, _ = run(BatchJob(spec(source), FakeRows(before=stopped)))
    assert summary.cancelled and summary.done == 1


def test_rows_in_flight_run_at_once_and_come_out_in_order(tmp_path: Path) -> None:
    rows = [(f"S{n}", f"item {n}", "") for n in range(20)]
    source = write_csv(tmp_path / "in.csv", rows)
    delays = random.Random(6)
    waits = {f"item {n}": delays.uniform(0.0, 0.03) for n in range(20)}
    lock = threading.Lock()
    running = 0
    peak = 0

    def slow(name: str, _token: CancelToken) -> None:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(waits[name])
        with lock:
            running -= 1

    summary, progress, outcomes = run(BatchJob(spec(source, in_flight=4), FakeRows(before=slow)))

    assert 1 < peak <= 4
    assert [outcome.index for outcome in outcomes] == list(range(20))
    assert [p.done for p in progress] == list(range(21))
    out = output_rows(tmp_path / "out.csv")
    assert [row["title"] for row in out] == [f"ITEM {n}" for n in range(20)]
    assert summary.done == 20


def test_rows_in_flight_must_be_positive(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ROWS)
    with pytest.raises(BatchError, match="at least 1"):
        BatchJob(spec(source, in_flight=0), FakeRows()).plan()


def test_an_output_folder_that_does_not_exist_is_named(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ROWS)
    with pytest.raises(BatchError, match=r"folder .*missing does not exist"):
        BatchJob(spec(source, output=tmp_path / "missing" / "out.csv"), FakeRows()).plan()


def test_with_rows_in_flight_a_pause_starts_nothing_new_and_a_cancel_keeps_what_finished(
    tmp_path: Path,
) -> None:
    rows = [(f"S{n}", f"item {n}", "") for n in range(12)]
    source = write_csv(tmp_path / "in.csv", rows)
    gate = PauseGate()
    cancel = CancelToken()
    task = FakeRows()
    paused = threading.Event()

    def on_progress(update: BatchProgress) -> None:
        if update.paused:
            paused.set()

    def on_row(outcome: RowOutcome) -> None:
        if outcome.index == 0:
            gate.pause()

    job = BatchJob(spec(source, in_flight=3), task)
    result: list[BatchSummary] = []
    thread = threading.Thread(
        target=lambda: result.append(
            job.run(NO_ENGINE, cancel=cancel, pause=gate, on_progress=on_progress, on_row=on_row)
        )
    )
    thread.start()
    assert paused.wait(WAIT)
    time.sleep(0.2)
    started = len(task.calls)
    assert started <= 1 + 3  # row 0, and at most the rows that were already in flight
    cancel.cancel()
    thread.join(WAIT)
    assert not thread.is_alive()
    (summary,) = result
    assert summary.cancelled and summary.done == started  # every row that finished is kept
    contents = read_journal(BatchJob.journal_path(tmp_path / "out.csv"))
    assert contents is not None
    assert [entry.index for entry in contents.entries] == list(range(started))


def test_a_file_with_nothing_to_do_still_gets_its_columns(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", [("S1", "", ""), ("S2", "", "")])
    task = FakeRows()
    summary, progress, _ = run(BatchJob(spec(source), task))
    assert task.calls == []
    assert summary.done == 0 and summary.skipped == 2 and not summary.cancelled
    assert [row["title"] for row in output_rows(tmp_path / "out.csv")] == ["", ""]
    assert progress[-1].total == 0 and progress[-1].skipped == 2
