"""The batch dialog, its column mapping, its runner and the unfinished-jobs list.

Most tests drive the dialog with a fake engine that echoes each row (slowly when a test needs time to
press Pause or Cancel, and failing on rows that say so); the last ones run the real model. The dialog
is used like a user would: files on disk, widgets clicked, results read back from the files written.
"""

from __future__ import annotations

import csv
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.core.engine.llama_engine import LlamaEngine
from app.core.engine.types import CancelToken, Chunk, EngineError, GenerationRequest, Timings
from app.core.jobs.batch import BatchJob, BatchPlan, BatchSummary
from app.core.jobs.row_task import RowField
from app.core.runtime import Runtime
from app.core.tasks.analysis_lists import AnalysisLists, save_lists
from app.core.tasks.classify import Label
from app.core.tasks.library import TaskLibrary
from app.core.tasks.teams import Team
from app.ui.batch.batch_dialog import BatchDialog
from app.ui.batch.column_mapping import ColumnMapping, auto_match, mapped_preview
from app.ui.batch.resume_offer import UnfinishedJobsOffer
from app.ui.batch.run_section import format_duration, progress_text
from app.ui.batch.unfinished_jobs import JOBS_FILE, JobRecipe, UnfinishedJobs
from app.ui.engine_bridge import EngineBridge
from tests.core.tasks.helpers import LentEngine
from tests.support.ui_fakes import RoughTokens, running_bridge, write_workbook

pytestmark = pytest.mark.gui

WAIT_MS = 10_000


# ---------------------------------------------------------------------------- a fake engine


class EchoEngine(RoughTokens):
    """Answers a rewrite request with "Done: <the text>", a few characters at a time.

    ``delay_s`` slows every piece down (time to press Pause or Cancel); a text containing "FAIL"
    raises, as a model error would; ``calls`` counts the rows the engine saw.
    """

    def __init__(self, delay_s: float = 0.0) -> None:
        self.delay_s = delay_s
        self.calls: list[str] = []
        self.info = SimpleNamespace(name="echo", context_size=4096)
        self._lock = threading.Lock()

    def stream(self, request: GenerationRequest, cancel: CancelToken | None = None) -> Iterator[Chunk]:
        text = request.messages[-1].content.rsplit("Text:", 1)[-1].strip()
        with self._lock:
            self.calls.append(text)
        if "FAIL" in text:
            raise EngineError("The model could not write this row.")
        answer = f"Done: {text}"
        prompt = self.count_tokens(request)
        sent = 0
        for start in range(0, len(answer), 4):
            if cancel is not None and cancel.cancelled():
                yield Chunk("", sent, prompt, "cancelled", Timings(prompt, 0, sent, 0.0, 0.0, 0.0, 1))
                return
            if self.delay_s:
                time.sleep(self.delay_s)
            sent += 1
            yield Chunk(answer[start : start + 4], sent, prompt)
        yield Chunk("", sent, prompt, "eos", Timings(prompt, 0, sent, 0.0, 0.0, 0.0, 1))

    def close(self) -> None:
        """Nothing to free."""


@dataclass
class Setup:
    runtime: Runtime
    tasks: TaskLibrary
    bridge: EngineBridge
    engine: Any

    def dialog(self, qtbot: QtBot, **kwargs: Any) -> BatchDialog:
        dialog = BatchDialog(self.runtime, self.tasks, lambda _task: self.bridge, **kwargs)
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog


def setup_with(qtbot: QtBot, engine: Any) -> Iterator[Setup]:
    """The dialog's surroundings with ``engine`` loaded, for a fixture to yield from."""
    runtime = Runtime.open()
    with running_bridge(qtbot, lambda: engine, name="echo", timeout_ms=WAIT_MS) as bridge:
        yield Setup(runtime, TaskLibrary(runtime.paths.data_dir / "tasks"), bridge, engine)


@pytest.fixture
def echo(qtbot: QtBot) -> Iterator[Setup]:
    yield from setup_with(qtbot, EchoEngine())


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def planned(qtbot: QtBot, dialog: BatchDialog) -> BatchPlan:
    qtbot.waitUntil(lambda: dialog.plan is not None or bool(dialog.error_text()), timeout=WAIT_MS)
    assert dialog.plan is not None, dialog.error_text()
    return dialog.plan


def run_to_end(
    qtbot: QtBot, dialog: BatchDialog, *, start_over: bool = False, timeout: int = WAIT_MS
) -> BatchSummary:
    with qtbot.waitSignal(dialog.run_finished, timeout=timeout) as finished:
        assert dialog.run(start_over=start_over), dialog.error_text()
    summary = finished.args[0] if finished.args else None
    assert isinstance(summary, BatchSummary)
    return summary


def rewrite_dialog(qtbot: QtBot, setup: Setup, source: Path, **kwargs: Any) -> BatchDialog:
    dialog = setup.dialog(qtbot, **kwargs)
    assert dialog.select_task("rewrite")
    assert dialog.form is not None
    dialog.form.set_values({"mode": "grammar"})
    dialog.set_input(source)
    return dialog


# ---------------------------------------------------------------------------- mapping


def test_columns_are_matched_to_fields_by_name_and_label() -> None:
    fields = (
        RowField("name", "Product name", True),
        RowField("features", "Key features", True),
        RowField("audience", "Audience"),
        RowField("keywords", "SEO keywords"),
    )
    header = ["SKU", "Product Name", "features (short)", "Notes", "Keywords"]
    assert auto_match(fields, header) == {
        "name": "Product Name",
        "features": "features (short)",
        "keywords": "Keywords",
    }
    assert auto_match(fields, []) == {}
    # an exact match wins over a looser one, and a column is used once
    assert auto_match((RowField("text", "Text"),), ["Text (old)", "text"]) == {"text": "text"}
    preview = mapped_preview(
        fields, header, [["1", "Lamp", "warm", "n", "desk lamp"]], {"name": "Product Name"}
    )
    assert preview == [{"name": "Lamp", "features": "", "audience": "", "keywords": ""}]


def test_mapping_widget_marks_required_fields_and_previews_rows(qtbot: QtBot) -> None:
    widget = ColumnMapping()
    qtbot.addWidget(widget)
    widget.set_fields((RowField("text", "Text", True), RowField("tone", "Tone")))
    widget.set_columns(("ID", "Body"), [("1", "first"), ("2", "second")], (2, 3))
    assert widget.mapping() == {}  # nothing is called like a field
    assert [field.name for field in widget.missing_required()] == ["text"]
    assert "required" in widget.hint.text()
    widget.combos["text"].setCurrentIndex(widget.combos["text"].findData("Body"))
    assert widget.mapping() == {"text": "Body"}
    assert widget.missing_required() == []
    item = widget.preview.item(1, 0)
    assert item is not None and item.text() == "second"
    header = widget.preview.verticalHeaderItem(1)
    assert header is not None and header.text() == "3"  # the file's own row numbers
    # new columns from another file: the chosen column stays when it exists there too
    widget.set_columns(("Body", "Tone"), [("x", "warm")])
    assert widget.mapping() == {"text": "Body", "tone": "Tone"}


# ---------------------------------------------------------------------------- the dialog, fake engine


def test_dialog_maps_previews_plans_and_writes_a_new_file(qtbot: QtBot, echo: Setup, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ["ID", "Text"], [["1", "alpha"], ["2", ""], ["3", "gamma"]])
    dialog = rewrite_dialog(qtbot, echo, source)
    plan = planned(qtbot, dialog)
    assert dialog.mapping.mapping() == {"text": "Text"}
    assert dialog.mapping.preview_rows()[0] == {"text": "alpha"}
    assert plan.to_do == 2 and plan.skipped_rows == (3,) and not plan.resuming
    assert "2 row(s) to run" in dialog.plan_label.text() and "skipped" in dialog.plan_label.text()
    assert dialog.output_edit.text() == str(tmp_path / "in-results.csv")
    assert dialog.run_button.isEnabled() and dialog.run_button.text() == "Run"

    summary = run_to_end(qtbot, dialog)
    assert not summary.cancelled and summary.done == 2 and summary.skipped == 1
    rows = read_csv(tmp_path / "in-results.csv")
    assert [row["rewritten"] for row in rows] == ["Done: alpha", "", "Done: gamma"]
    assert [row["ID"] for row in rows] == ["1", "2", "3"]
    assert read_csv(source) == [
        {"ID": "1", "Text": "alpha"},
        {"ID": "2", "Text": ""},
        {"ID": "3", "Text": "gamma"},
    ]
    assert "Done" in dialog.result_label.text()
    assert dialog.open_folder_button.isVisible()
    opened: list[Path] = []
    dialog.open_folder = opened.append
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened == [tmp_path]
    assert UnfinishedJobs(echo.runtime.paths.data_dir).all() == []  # a finished job is not offered


def test_add_columns_to_the_input_file(qtbot: QtBot, echo: Setup, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "texts.csv", ["Text"], [["one"], ["two"]])
    dialog = rewrite_dialog(qtbot, echo, source)
    planned(qtbot, dialog)
    dialog.add_columns_radio.setChecked(True)
    assert not dialog.output_edit.isEnabled()
    planned(qtbot, dialog)
    run_to_end(qtbot, dialog)
    assert read_csv(source) == [
        {"Text": "one", "rewritten": "Done: one", "copydesk_error": ""},
        {"Text": "two", "rewritten": "Done: two", "copydesk_error": ""},
    ]


def test_failed_rows_are_listed_with_their_row_numbers(qtbot: QtBot, echo: Setup, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ["Text"], [["fine"], ["FAIL here"], ["also fine"]])
    dialog = rewrite_dialog(qtbot, echo, source)
    planned(qtbot, dialog)
    summary = run_to_end(qtbot, dialog)
    assert summary.failed == 1 and summary.done == 3
    assert dialog.failure_rows() == [(3, "The model could not write this row.")]
    assert dialog.failures.isVisible()
    rows = read_csv(tmp_path / "in-results.csv")
    assert [row["copydesk_error"] for row in rows] == ["", "The model could not write this row.", ""]
    assert [row["rewritten"] for row in rows] == ["Done: fine", "", "Done: also fine"]


def test_bad_files_and_mappings_are_explained_inline(qtbot: QtBot, echo: Setup, tmp_path: Path) -> None:
    dialog = echo.dialog(qtbot)
    assert dialog.select_task("rewrite")
    dialog.set_input(tmp_path / "missing.csv")
    qtbot.waitUntil(lambda: "missing.csv" in dialog.error_text(), timeout=WAIT_MS)
    assert not dialog.run_button.isEnabled()

    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    dialog.set_input(empty)
    qtbot.waitUntil(lambda: "empty" in dialog.error_text(), timeout=WAIT_MS)

    no_match = write_csv(tmp_path / "other.csv", ["Body"], [["x"]])
    dialog.set_input(no_match)
    qtbot.waitUntil(lambda: "Choose a column for: Text" in dialog.plan_label.text(), timeout=WAIT_MS)
    assert not dialog.run_button.isEnabled()

    taken = write_csv(tmp_path / "in-results.csv", ["a"], [["b"]])
    source = write_csv(tmp_path / "in.csv", ["Text"], [["x"]])
    dialog.output_edit.clear()
    dialog.set_input(source)
    qtbot.waitUntil(lambda: "already exists" in dialog.error_text(), timeout=WAIT_MS)
    dialog.overwrite_box.setChecked(True)
    planned(qtbot, dialog)
    run_to_end(qtbot, dialog)
    assert [row["rewritten"] for row in read_csv(taken)] == ["Done: x"]


def test_unclear_encoding_asks_for_one_of_the_candidates(qtbot: QtBot, echo: Setup, tmp_path: Path) -> None:
    source = tmp_path / "mixed.csv"
    source.write_bytes("Text\nCafé crème\n".encode() + "Müller Straße\n".encode("cp1252"))
    dialog = echo.dialog(qtbot)
    assert dialog.select_task("rewrite")
    dialog.set_input(source)
    qtbot.waitUntil(lambda: bool(dialog.error_text()), timeout=WAIT_MS)
    assert "encoding" in dialog.error_text()
    assert dialog.encoding_combo.isVisible() and dialog.encoding_combo.count() > 1
    assert dialog.plan is None and not dialog.run_button.isEnabled()
    index = dialog.encoding_combo.findData("cp1252")
    index = index if index > 0 else 1
    chosen = dialog.encoding_combo.itemData(index)
    dialog.encoding_combo.setCurrentIndex(index)
    dialog.encoding_combo.activated.emit(index)
    plan = planned(qtbot, dialog)
    assert plan.table.encoding == chosen
    assert not dialog.error_text()


def test_a_workbook_with_several_sheets_offers_a_sheet_picker(
    qtbot: QtBot, echo: Setup, tmp_path: Path
) -> None:
    source = write_workbook(
        tmp_path / "book.xlsx",
        {"Notes": [["Remark"], ["ignore me"]], "Texts": [["Text"], ["from the second sheet"]]},
    )
    dialog = echo.dialog(qtbot)
    assert dialog.select_task("rewrite")
    dialog.set_input(source)
    qtbot.waitUntil(lambda: dialog.table is not None, timeout=WAIT_MS)
    assert dialog.sheet_combo.isVisible()
    assert [dialog.sheet_combo.itemText(i) for i in range(dialog.sheet_combo.count())] == ["Notes", "Texts"]
    dialog.sheet_combo.setCurrentIndex(1)
    dialog.sheet_combo.activated.emit(1)
    plan = planned(qtbot, dialog)
    assert plan.table.sheet == "Texts" and dialog.mapping.mapping() == {"text": "Text"}
    assert dialog.output_edit.text().endswith("book-results.xlsx")


def test_a_faq_job_needs_a_usable_faq_file(qtbot: QtBot, echo: Setup, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "questions.csv", ["Customer question"], [["Where is my parcel?"]])
    dialog = echo.dialog(qtbot)
    assert dialog.select_task("faq")
    assert dialog.faq_edit.isVisible()
    dialog.set_input(source)
    qtbot.waitUntil(lambda: "Choose the FAQ file" in dialog.plan_label.text(), timeout=WAIT_MS)
    assert dialog.mapping.mapping() == {"question": "Customer question"}
    bad = tmp_path / "faq.csv"
    bad.write_text("Question,Answer\n", encoding="utf-8")
    dialog.faq_edit.setText(str(bad))
    dialog.faq_edit.editingFinished.emit()
    qtbot.waitUntil(lambda: "no usable question and answer pairs" in dialog.error_text(), timeout=WAIT_MS)
    assert dialog.plan is None and not dialog.run_button.isEnabled()
    bad.write_text("Question,Answer\nWhere is my parcel?,Track it with the link in your e-mail.\n")
    dialog.faq_edit.editingFinished.emit()
    assert planned(qtbot, dialog).to_do == 1
    assert dialog.form is not None
    assert dialog.options() == {"values": {"teams": dialog.form.values()["teams"]}, "faq": str(bad)}


def test_every_control_has_an_accessible_name(qtbot: QtBot, echo: Setup, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox

    dialog = echo.dialog(qtbot)
    dialog.set_input(write_csv(tmp_path / "in.csv", ["Text"], [["x"]]))
    missing: list[str] = []
    for task_id in ("product", "rewrite", "feedback", "classify", "faq"):
        assert dialog.select_task(task_id)
        for kind in (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QSpinBox):
            for widget in dialog.findChildren(kind):
                if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox | QSpinBox):
                    continue
                if not widget.objectName().startswith("qt_") and not widget.accessibleName():
                    missing.append(f"{task_id}: {type(widget).__name__} {widget.objectName()!r}")
    assert not missing, missing


def test_a_busy_engine_is_said_and_nothing_starts(qtbot: QtBot, echo: Setup, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ["Text"], [["x"]])
    dialog = rewrite_dialog(qtbot, echo, source)
    planned(qtbot, dialog)
    release = threading.Event()
    assert echo.bridge.run_task(lambda _engine, cancel, _emit: release.wait(5) or cancel.cancelled())
    try:
        assert not dialog.run()
        assert "busy" in dialog.error_text()
        assert not (tmp_path / "in-results.csv").exists()
    finally:
        with qtbot.waitSignal(echo.bridge.task_finished, timeout=WAIT_MS):
            release.set()


def test_pause_holds_rows_and_cancel_keeps_them_for_a_resume(
    qtbot: QtBot, echo: Setup, tmp_path: Path
) -> None:
    echo.engine.delay_s = 0.03
    rows = [[f"row {n}"] for n in range(1, 9)]
    source = write_csv(tmp_path / "in.csv", ["Text"], rows)
    dialog = rewrite_dialog(qtbot, echo, source)
    planned(qtbot, dialog)
    assert dialog.run()
    assert dialog.pause_button.isVisible() and dialog.cancel_button.isEnabled()
    assert not dialog.input_group.isEnabled()  # the setup cannot change under a running job
    qtbot.waitUntil(lambda: dialog.progress.value() >= 1, timeout=WAIT_MS)

    qtbot.mouseClick(dialog.pause_button, Qt.MouseButton.LeftButton)
    assert dialog.pause_button.text() == "Resume"
    qtbot.waitUntil(lambda: "paused" in dialog.stats_label.text(), timeout=WAIT_MS)
    held = len(echo.engine.calls)
    qtbot.wait(400)
    assert len(echo.engine.calls) == held  # no new row starts while paused
    qtbot.mouseClick(dialog.pause_button, Qt.MouseButton.LeftButton)
    assert dialog.pause_button.text() == "Pause"
    qtbot.waitUntil(lambda: len(echo.engine.calls) > held, timeout=WAIT_MS)

    with qtbot.waitSignal(dialog.run_finished, timeout=WAIT_MS) as finished:
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    summary = finished.args[0] if finished.args else None
    assert isinstance(summary, BatchSummary) and summary.cancelled and 0 < summary.done < 8
    assert len(echo.engine.calls) == summary.done  # the row in flight was finished and kept, not cut
    assert "Stopped" in dialog.result_label.text()
    assert not (tmp_path / "in-results.csv").exists()  # written only when every row is done

    # the dialog offers to resume at once
    plan = planned(qtbot, dialog)
    assert plan.resuming and plan.already_done == summary.done
    assert f"{summary.done} of 8 rows are already done" in dialog.plan_label.text()
    assert dialog.run_button.text() == "Resume" and dialog.start_over_button.isVisible()
    remembered = UnfinishedJobs(echo.runtime.paths.data_dir).resumable()
    assert [job.output for job in remembered] == [tmp_path / "in-results.csv"]

    echo.engine.delay_s = 0.0
    done_before = summary.done
    calls_before = len(echo.engine.calls)
    summary = run_to_end(qtbot, dialog)
    assert not summary.cancelled and summary.done == 8
    assert len(echo.engine.calls) - calls_before == 8 - done_before  # no finished row ran twice
    written = read_csv(tmp_path / "in-results.csv")
    assert [row["rewritten"] for row in written] == [f"Done: row {n}" for n in range(1, 9)]
    assert UnfinishedJobs(echo.runtime.paths.data_dir).resumable() == []


def test_stop_now_cuts_the_row_in_flight_and_it_runs_again_on_resume(
    qtbot: QtBot, echo: Setup, tmp_path: Path
) -> None:
    echo.engine.delay_s = 0.02
    texts = [f"row {n}" + " long text" * 30 for n in range(4)]  # over a second a row
    source = write_csv(tmp_path / "in.csv", ["Text"], [[text] for text in texts])
    dialog = rewrite_dialog(qtbot, echo, source)
    planned(qtbot, dialog)
    assert dialog.run()
    qtbot.waitUntil(lambda: dialog.progress.value() >= 1 and len(echo.engine.calls) == 2, timeout=WAIT_MS)
    with qtbot.waitSignal(dialog.run_finished, timeout=WAIT_MS) as finished:
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        assert dialog.cancel_button.text() == "Stop now"
        stopped_at = time.monotonic()
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert time.monotonic() - stopped_at < 1.0  # it did not wait for the row to finish
    summary = finished.args[0] if finished.args else None
    assert isinstance(summary, BatchSummary) and summary.cancelled and summary.done == 1
    assert len(echo.engine.calls) == 2  # the second row was cut short and not saved
    echo.engine.delay_s = 0.0
    summary = run_to_end(qtbot, planned_dialog(qtbot, dialog))
    assert summary.done == 4 and echo.engine.calls[2:] == texts[1:]
    assert [row["rewritten"] for row in read_csv(tmp_path / "in-results.csv")] == [
        f"Done: {t}" for t in texts
    ]


def planned_dialog(qtbot: QtBot, dialog: BatchDialog) -> BatchDialog:
    planned(qtbot, dialog)
    return dialog


def test_start_over_discards_the_progress(qtbot: QtBot, echo: Setup, tmp_path: Path) -> None:
    echo.engine.delay_s = 0.03
    source = write_csv(tmp_path / "in.csv", ["Text"], [[f"t{n}"] for n in range(6)])
    dialog = rewrite_dialog(qtbot, echo, source)
    planned(qtbot, dialog)
    assert dialog.run()
    qtbot.waitUntil(lambda: dialog.progress.value() >= 2, timeout=WAIT_MS)
    with qtbot.waitSignal(dialog.run_finished, timeout=WAIT_MS):
        dialog.cancel()
    assert planned(qtbot, dialog).resuming
    echo.engine.delay_s = 0.0
    echo.engine.calls.clear()
    summary = run_to_end(qtbot, dialog, start_over=True)
    assert summary.done == 6 and len(echo.engine.calls) == 6


def test_closing_during_a_run_cancels_and_keeps_the_rows(qtbot: QtBot, echo: Setup, tmp_path: Path) -> None:
    echo.engine.delay_s = 0.03
    source = write_csv(tmp_path / "in.csv", ["Text"], [[f"t{n}"] for n in range(6)])
    dialog = rewrite_dialog(qtbot, echo, source)
    planned(qtbot, dialog)
    assert dialog.run()
    qtbot.waitUntil(lambda: dialog.progress.value() >= 1, timeout=WAIT_MS)
    with qtbot.waitSignal(dialog.run_finished, timeout=WAIT_MS):
        dialog.close()
        assert dialog.isVisible()  # it closes once the job has stopped
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert BatchJob.journal_path(tmp_path / "in-results.csv").exists()
    assert not echo.bridge.busy


def test_feedback_setup_starts_from_the_saved_lists_and_saves_them_back(
    qtbot: QtBot, echo: Setup, tmp_path: Path
) -> None:
    data_dir = echo.runtime.paths.data_dir
    save_lists(
        data_dir, AnalysisLists(("speed", "price"), (Team("Care", "Everything"),), (Label("a"), Label("b")))
    )
    dialog = echo.dialog(qtbot)
    qtbot.waitUntil(lambda: dialog.lists is not None, timeout=WAIT_MS)  # read in the background
    assert dialog.select_task("feedback")
    assert dialog.form is not None
    values = dialog.form.values()
    assert values["topics"] == ["speed", "price"] and values["teams"] == "Care: Everything"
    assert not dialog.form.widgets["text"].isVisibleTo(dialog)  # the text comes from a column
    assert [field.name for field in dialog.mapping.missing_required()] == ["text"]
    assert dialog.select_task("classify")
    assert dialog.form is not None and dialog.form.values()["labels"] == "a\nb"
    options = dialog.options()
    assert set(options["values"]) == {"labels", "labels_per_item"}


def test_a_remembered_job_is_offered_after_a_restart(qtbot: QtBot, echo: Setup, tmp_path: Path) -> None:
    echo.engine.delay_s = 0.03
    source = write_csv(tmp_path / "in.csv", ["Text"], [[f"t{n}"] for n in range(5)])
    dialog = rewrite_dialog(qtbot, echo, source)
    assert dialog.form is not None
    dialog.form.set_values({"mode": "tone", "tone": "playful"})
    planned(qtbot, dialog)
    assert dialog.run()
    qtbot.waitUntil(lambda: dialog.progress.value() >= 2, timeout=WAIT_MS)
    with qtbot.waitSignal(dialog.run_finished, timeout=WAIT_MS):
        dialog.cancel()
    done = dialog.summary.done if dialog.summary else 0
    dialog.close()

    # "after a restart": a new offer reads the remembered jobs from disk
    parent = echo.dialog(qtbot)  # any window will do as the parent
    with qtbot.waitSignal(
        UnfinishedJobsOffer(parent, echo.runtime, lambda _t: echo.bridge, echo.tasks).found, timeout=WAIT_MS
    ) as found:
        pass
    offered = found.args[0] if found.args else []
    assert [job.output for job in offered] == [tmp_path / "in-results.csv"]
    offer = parent.findChild(UnfinishedJobsOffer)
    assert offer is not None and offer.dialog is not None and offer.dialog.isVisible()
    resume = offer.dialog.findChild(QPushButton, "resumeJob")
    assert resume is not None
    qtbot.mouseClick(resume, Qt.MouseButton.LeftButton)
    assert len(offer.opened) == 1 and not offer.dialog.isVisible()
    resumed = offer.opened[0]
    qtbot.addWidget(resumed)
    plan = planned(qtbot, resumed)
    assert plan.resuming and plan.already_done == done
    assert resumed.form is not None and resumed.form.values()["tone"] == "playful"
    echo.engine.delay_s = 0.0
    summary = run_to_end(qtbot, resumed)
    assert summary.done == 5
    assert len(read_csv(tmp_path / "in-results.csv")) == 5


# ---------------------------------------------------------------------------- remembered jobs


def test_unfinished_jobs_are_kept_per_output_and_dropped_without_a_journal(tmp_path: Path) -> None:
    jobs = UnfinishedJobs(tmp_path)
    assert jobs.all() == []
    first = JobRecipe(
        "rewrite",
        tmp_path / "a.csv",
        tmp_path / "a-out.csv",
        {"text": "Text"},
        {"values": {"mode": "grammar"}},
    )
    stamped = jobs.remember(first)
    assert stamped.started_at > 0
    jobs.remember(
        JobRecipe("rewrite", tmp_path / "b.csv", tmp_path / "b-out.csv", {"text": "Body"}, sheet="S1")
    )
    again = jobs.remember(JobRecipe("classify", tmp_path / "a.csv", tmp_path / "a-out.csv", {"text": "Text"}))
    assert [job.task_id for job in jobs.all()] == ["rewrite", "classify"]  # one job per output file
    assert jobs.all()[1] == again
    assert jobs.all()[0].sheet == "S1" and jobs.all()[0].mapping == {"text": "Body"}

    assert jobs.resumable() == []  # no progress file: nothing to resume, and the list is cleaned
    assert jobs.all() == []
    jobs.remember(first)
    BatchJob.journal_path(first.output).write_text("{}\n")
    assert [job.output for job in jobs.resumable()] == [first.output]
    jobs.forget(first.output)
    assert jobs.all() == []


def test_a_damaged_jobs_file_is_treated_as_empty(tmp_path: Path) -> None:
    (tmp_path / JOBS_FILE).write_text("{not json")
    jobs = UnfinishedJobs(tmp_path)
    assert jobs.all() == []
    (tmp_path / JOBS_FILE).write_text(json.dumps({"version": 1, "jobs": [{"task_id": "x"}, "junk"]}))
    assert jobs.all() == []
    recipe = JobRecipe("rewrite", tmp_path / "a.csv", tmp_path / "b.csv", {"text": "T"})
    jobs.remember(recipe)
    assert [job.task_id for job in jobs.all()] == ["rewrite"]


def test_progress_is_said_in_words() -> None:
    from app.core.jobs.batch_progress import BatchProgress

    text = progress_text(BatchProgress(100, 40, 2, 1, 10, 12.5, 290.0))
    assert text == "40 of 100 rows done · 2 failed · 12.5 rows/min · about 5 min left"
    assert (
        progress_text(BatchProgress(10, 3, 0, 0, 0, 0.0, None, paused=True)) == "3 of 10 rows done · paused"
    )
    assert format_duration(20) == "under a minute" and format_duration(3 * 3600 + 300) == "3 h 5 min"


# ---------------------------------------------------------------------------- the real model


@pytest.fixture
def real(qtbot: QtBot, engine: LlamaEngine) -> Iterator[Setup]:
    yield from setup_with(qtbot, LentEngine(engine))


TICKETS = [
    "I was charged twice for my subscription this month.",
    "My parcel has not arrived after two weeks.",
    "The app crashes when I open the settings page.",
    "Please send me an invoice for order 1234.",
    "The tracking number you gave me does not work.",
    "I cannot sign in since I changed my password.",
]
LABELS = "billing: payments and invoices\nshipping: parcels and delivery\nproduct: bugs and crashes"


def classify_dialog(qtbot: QtBot, setup: Setup, source: Path, **kwargs: Any) -> BatchDialog:
    dialog = setup.dialog(qtbot, **kwargs)
    qtbot.waitUntil(lambda: dialog.lists is not None, timeout=WAIT_MS)
    assert dialog.select_task("classify")
    assert dialog.form is not None
    dialog.form.set_values({"labels": LABELS})
    dialog.set_input(source)
    return dialog


@pytest.mark.model
def test_real_model_writes_every_row_of_a_batch(qtbot: QtBot, real: Setup, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "tickets.csv", ["id", "Text"], [[str(n), t] for n, t in enumerate(TICKETS[:4])]
    )
    dialog = classify_dialog(qtbot, real, source)
    plan = planned(qtbot, dialog)
    assert plan.to_do == 4 and dialog.mapping.mapping() == {"text": "Text"}
    summary = run_to_end(qtbot, dialog, timeout=120_000)
    assert not summary.cancelled and summary.done == 4 and summary.failed == 0, summary.failures
    rows = read_csv(tmp_path / "tickets-results.csv")
    assert [row["id"] for row in rows] == ["0", "1", "2", "3"]
    assert all(row["label"] in {"billing", "shipping", "product"} for row in rows), rows
    assert dialog.progress.value() == 4


@pytest.mark.model
def test_real_model_cancel_then_resume_from_the_offer_gives_every_row_once(
    qtbot: QtBot, real: Setup, tmp_path: Path
) -> None:
    source = write_csv(tmp_path / "tickets.csv", ["Text"], [[t] for t in TICKETS])
    dialog = classify_dialog(qtbot, real, source)
    planned(qtbot, dialog)
    assert dialog.run()
    qtbot.waitUntil(lambda: dialog.progress.value() >= 2, timeout=120_000)
    with qtbot.waitSignal(dialog.run_finished, timeout=60_000) as finished:
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    stopped = finished.args[0] if finished.args else None
    assert isinstance(stopped, BatchSummary) and stopped.cancelled and 2 <= stopped.done < len(TICKETS)
    journal = BatchJob.journal_path(tmp_path / "tickets-results.csv")
    saved = [json.loads(line) for line in journal.read_text().splitlines()[1:]]
    dialog.close()

    parent = real.dialog(qtbot)
    offer = UnfinishedJobsOffer(parent, real.runtime, lambda _t: real.bridge, real.tasks)
    qtbot.waitUntil(lambda: offer.dialog is not None, timeout=WAIT_MS)
    [recipe] = real_jobs = UnfinishedJobs(real.runtime.paths.data_dir).resumable()
    assert real_jobs and recipe.task_id == "classify"
    resumed = offer.resume(recipe)
    qtbot.addWidget(resumed)
    plan = planned(qtbot, resumed)
    assert plan.resuming and plan.already_done == stopped.done
    assert resumed.run_button.text() == "Resume"
    summary = run_to_end(qtbot, resumed, timeout=120_000)
    assert summary.done == len(TICKETS) and not summary.cancelled
    rows = read_csv(tmp_path / "tickets-results.csv")
    assert [row["Text"] for row in rows] == TICKETS  # every row once, in order
    assert all(row["label"] in {"billing", "shipping", "product"} for row in rows)
    # the rows done before the cancel were kept as they were, not written again
    assert [rows[entry["i"]]["label"] for entry in saved] == [entry["out"]["label"] for entry in saved]
    assert not journal.exists()
