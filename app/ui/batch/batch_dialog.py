"""The batch dialog: run a task over every row of a CSV/XLSX file, and resume it after any stop.

From top to bottom it follows what the user decides: the task and its setup (`task_setup`), the input
file (`input_section`), which column fills which field (`column_mapping`), where the results go
(`output_section`), and then Run. Before running, the job's plan is checked in the background and said
in words (`plan_section`): how many rows will run, how many are skipped, and whether an earlier run left
progress ("40 of 100 rows are already done") that can be resumed or discarded. Then
`run_section` runs the job and shows how it goes. This module puts the parts together: the choices
become a `JobRecipe` (`chosen_recipe`), and Run starts it with its bookkeeping (`run_bookkeeping`).

Nothing here reads a file or calls the model on the GUI thread: files are read through `Background`,
the job runs on the task's engine through `BatchRunner`. Every problem (a bad file, a missing column,
a busy engine) is shown inside the dialog; no message box ever blocks.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.jobs.batch import BatchPlan, BatchSummary
from app.core.runtime import Runtime
from app.core.tables.reading import Table
from app.core.tasks.analysis_lists import AnalysisLists
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.library import TaskLibrary
from app.ui.background import Background
from app.ui.batch.chosen_recipe import chosen_recipe
from app.ui.batch.column_mapping import ColumnMapping
from app.ui.batch.input_section import InputSection
from app.ui.batch.output_section import OutputChoice
from app.ui.batch.plan_section import PlanSection
from app.ui.batch.run_bookkeeping import forget_when_finished, job_builder
from app.ui.batch.run_section import RunSection
from app.ui.batch.task_setup import TaskSetup
from app.ui.batch.unfinished_jobs import JobRecipe, UnfinishedJobs, row_fields
from app.ui.engine_bridge import EngineBridge
from app.ui.i18n import fill
from app.ui.workspaces.form_view import FormView

BridgeFor = Callable[[TaskDefinition], EngineBridge]
"""The engine a task runs on (the window's choice for its flow: this computer or a server)."""
InFlightFor = Callable[[EngineBridge], int]
"""How many rows may run at once on an engine (1 for this computer; a server's setting)."""


def _open_folder(folder: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class BatchDialog(QDialog):
    """Non-modal: the window stays usable (other workspaces on other engines) while a job runs."""

    input_loaded = Signal(object)
    """The input file was read (a `Table`)."""
    plan_ready = Signal(object)
    """A `BatchPlan` for the current choices; Run is enabled."""
    plan_failed = Signal(str)
    """The choices cannot run; the text is also shown in the dialog."""
    run_finished = Signal(object)
    """A `BatchSummary` (``cancelled`` after Cancel)."""
    run_failed = Signal(str)

    def __init__(
        self,
        runtime: Runtime,
        tasks: TaskLibrary,
        bridge_for: BridgeFor,
        parent: QWidget | None = None,
        *,
        recipe: JobRecipe | None = None,
        jobs: UnfinishedJobs | None = None,
        in_flight_for: InFlightFor | None = None,
        open_folder: Callable[[Path], None] = _open_folder,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Run a task over a spreadsheet"))
        self.resize(760, 860)
        self.runtime = runtime
        self.tasks = tasks
        self.bridge_for = bridge_for
        self.jobs = jobs or UnfinishedJobs(runtime.paths.data_dir)
        self.in_flight_for = in_flight_for or (lambda _bridge: 1)
        self.open_folder = open_folder
        self.background = Background(self)
        self.summary: BatchSummary | None = None
        self._pending_mapping: dict[str, str] = dict(recipe.mapping) if recipe else {}
        self._close_when_done = False

        self._build(recipe)
        if recipe is not None:
            self._apply_recipe(recipe)
        else:
            self.task_setup.show_current_task()

    # ------------------------------------------------------------ building

    def _build(self, recipe: JobRecipe | None) -> None:
        self.plan_section = PlanSection(
            self.background,
            recipe=self.recipe,
            task=self.current_task,
            running=lambda: self.running,
            parent=self,
        )
        self.plan_section.ready.connect(self.plan_ready)
        self.plan_section.failed.connect(self.plan_failed)
        self.plan_section.run_button.clicked.connect(lambda: self.run(start_over=False))
        self.plan_section.start_over_button.clicked.connect(lambda: self.run(start_over=True))
        self.task_setup = TaskSetup(
            self.tasks, self.background, self.runtime.paths.data_dir, fill_from_lists=recipe is None
        )
        self.task_setup.task_chosen.connect(self._on_task_chosen)
        self.task_setup.changed.connect(self.plan_section.schedule)
        self.input_section = InputSection(self.background, encoding=recipe.encoding if recipe else None)
        self.input_section.reading.connect(self.plan_section.drop)
        self.input_section.loaded.connect(self._on_input_loaded)
        self.input_section.failed.connect(self._on_input_failed)
        self.mapping = ColumnMapping()
        self.mapping.changed.connect(self._on_mapping_changed)
        self.mapping_group = QGroupBox(self.tr("3. Columns"))
        QVBoxLayout(self.mapping_group).addWidget(self.mapping)
        self.output_choice = OutputChoice(self.input_section.input_edit.text)
        self.output_choice.changed.connect(self.plan_section.schedule)
        self.run_section = RunSection(self)
        self.run_section.finished.connect(self._on_finished)
        self.run_section.failed.connect(self._on_failed)
        self.run_section.open_folder_button.clicked.connect(self._open_output_folder)

        # the controls callers and tests reach directly, under the names they always had
        self.task_group: QGroupBox = self.task_setup
        self.input_group: QGroupBox = self.input_section
        self.output_group: QGroupBox = self.output_choice
        self.faq_edit = self.task_setup.faq_edit
        self.sheet_combo = self.input_section.sheet_combo
        self.encoding_combo = self.input_section.encoding_combo
        self.output_edit = self.output_choice.output_edit
        self.overwrite_box = self.output_choice.overwrite_box
        self.add_columns_radio = self.output_choice.add_columns_radio
        self.plan_label = self.plan_section.plan_label
        self.run_button = self.plan_section.run_button
        self.start_over_button = self.plan_section.start_over_button
        self.progress = self.run_section.progress
        self.stats_label = self.run_section.stats_label
        self.pause_button = self.run_section.pause_button
        self.cancel_button = self.run_section.cancel_button
        self.failures = self.run_section.failures
        self.result_label = self.run_section.result_label
        self.open_folder_button = self.run_section.open_folder_button

        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("batchClose")
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.clicked.connect(self.close)

        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_over_button)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.close_button)
        # A task with many fields needs more height than most screens have: the sections scroll, the
        # buttons stay in view.
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        for group in self._setup_groups():
            body_layout.addWidget(group)
        self.plan_section.add_to(body_layout)
        self.run_section.add_to(body_layout)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("batchSections")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self._show_running(False)

    def _setup_groups(self) -> tuple[QGroupBox, ...]:
        return (self.task_setup, self.input_section, self.mapping_group, self.output_choice)

    # ------------------------------------------------------------ the task and its setup

    @property
    def form(self) -> FormView | None:
        """The chosen task's form (its setup, or the values shared by every row)."""
        return self.task_setup.form

    @property
    def lists(self) -> AnalysisLists | None:
        """The user's saved topics, teams and labels; None until they are read."""
        return self.task_setup.lists

    def current_task(self) -> TaskDefinition | None:
        return self.task_setup.current_task()

    def select_task(self, task_id: str) -> bool:
        return self.task_setup.select_task(task_id)

    def options(self) -> dict[str, Any]:
        """The task's setup as the recipe stores it (see `build_row_task`)."""
        return self.task_setup.options(self.mapping.mapping())

    @Slot(object)
    def _on_task_chosen(self, task: TaskDefinition) -> None:
        self.mapping.set_fields(row_fields(task))
        self.plan_section.schedule()

    @Slot()
    def _on_mapping_changed(self) -> None:
        self.task_setup.show_mapped(self.mapping.mapping())
        self.plan_section.schedule()

    # ------------------------------------------------------------ the input file

    @property
    def table(self) -> Table | None:
        """The input file as read; None while it is read or when it cannot be used."""
        return self.input_section.table

    def set_input(self, path: Path, *, sheet: str | None = None, encoding: str | None = None) -> None:
        """Read ``path`` in the background; ``input_loaded`` or an inline message follows."""
        self.input_section.set_input(path, sheet=sheet, encoding=encoding)

    @Slot(object)
    def _on_input_loaded(self, table: Table) -> None:
        self.mapping.set_columns(table.header, table.rows, table.row_numbers)
        if self._pending_mapping:
            self.mapping.set_mapping(self._pending_mapping)
            self._pending_mapping = {}
        self.output_choice.suggest(table.path)
        self.plan_section.clear_error()
        self.input_loaded.emit(table)
        self.plan_section.schedule()

    @Slot()
    def _on_input_failed(self) -> None:
        self.mapping.set_columns((), ())
        self.plan_section.schedule()

    def output_path(self) -> Path | None:
        return self.output_choice.path(self.input_section.path())

    # ------------------------------------------------------------ the plan

    def recipe(self) -> JobRecipe:
        """The job as chosen now; ``ValueError`` says what is still missing."""
        return chosen_recipe(
            self.task_setup,
            self.input_section,
            self.mapping,
            self.output_choice,
            lambda task: self.in_flight_for(self.bridge_for(task)),
        )

    @property
    def plan(self) -> BatchPlan | None:
        """What Run would do now; None until the choices are checked, and again after any change."""
        return self.plan_section.plan

    @Slot()
    def check_plan(self) -> None:
        """Work out, in the background, what Run would do now (and whether it resumes)."""
        self.plan_section.check()

    # ------------------------------------------------------------ running

    @property
    def running(self) -> bool:
        return self.run_section.running

    def run(self, *, start_over: bool = False) -> bool:
        """Start (or resume) the job; False, with the reason shown, when it cannot start now."""
        task = self.current_task()
        if self.running or task is None:
            return False
        bridge = self.bridge_for(task)
        problem = self.run_section.engine_problem(bridge)
        if problem is not None:
            self.plan_section.show_error(problem)
            return False
        try:
            recipe = dataclasses.replace(self.recipe(), started_at=time.time())
        except ValueError as exc:
            self.plan_section.show_error(str(exc))
            return False
        lists = self.task_setup.lists_to_save(task, dict(recipe.options.get("values") or {}))
        build = job_builder(
            recipe, task, self.jobs, self.runtime.paths.data_dir, lists=lists, start_over=start_over
        )
        if not self.run_section.start(bridge, build, forget_when_finished(recipe, self.jobs), self.plan):
            self.plan_section.show_error(self.tr("The engine is busy; run again when it is free."))
            return False
        if lists is not None:
            self.task_setup.lists = lists
        self.plan_section.clear_error()
        self.summary = None
        self.start_over_button.hide()
        self._show_running(True)
        return True

    @Slot()
    def toggle_pause(self) -> None:
        self.run_section.toggle_pause()

    @Slot()
    def cancel(self) -> None:
        """First press: the rows in flight finish, then the job stops. Second press: stop at once."""
        self.run_section.cancel()

    @Slot(object)
    def _on_finished(self, summary: BatchSummary) -> None:
        self.summary = summary
        self.plan_section.drop()  # the files changed: a new plan is made when the user changes something
        self._show_running(False)
        self.run_finished.emit(summary)
        if self._close_when_done:
            self.close()
        elif summary.cancelled:
            self.plan_section.schedule()  # shows the resume offer

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.plan_section.drop()
        self._show_running(False)
        self.run_failed.emit(message)
        if self._close_when_done:
            self.close()
        else:
            self.plan_section.schedule()

    def failure_rows(self) -> list[tuple[int, str]]:
        """What the failures list shows: (row number, error)."""
        return self.run_section.failure_rows()

    @Slot()
    def _open_output_folder(self) -> None:
        if self.summary is not None:
            self.open_folder(self.summary.output.parent)

    # ------------------------------------------------------------ state shown

    def _show_running(self, running: bool) -> None:
        for group in self._setup_groups():
            group.setEnabled(not running)
        self.run_section.set_running(running, show_progress=running or self.summary is not None)
        self.plan_section.update_run_button()

    def error_text(self) -> str:
        """Every problem shown now: the input file's, then the plan's or the run's."""
        shown = [self.input_section.error or "", self.plan_section.error_shown()]
        return "\n".join(text for text in shown if text)

    # ------------------------------------------------------------ a remembered job, closing

    def _apply_recipe(self, recipe: JobRecipe) -> None:
        if not self.select_task(recipe.task_id):
            self.task_setup.show_current_task()
            self.plan_section.show_error(
                fill(
                    self.tr("The task of this job (%1) no longer exists; choose another task."),
                    recipe.task_id,
                )
            )
            return
        self.task_setup.set_options(recipe.options)
        in_place = recipe.output == recipe.input
        self.output_choice.set_choice(in_place=in_place, output=recipe.output, overwrite=recipe.overwrite)
        self.set_input(recipe.input, sheet=recipe.sheet, encoding=recipe.encoding)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Closing during a run cancels it (finished rows stay) and closes once it has stopped."""
        if self.running:
            self._close_when_done = True
            self.cancel()
            event.ignore()
            return
        self.plan_section.stop()
        super().closeEvent(event)


def open_batch_dialog(
    parent: QWidget | None,
    runtime: Runtime,
    bridge_for: BridgeFor,
    tasks: TaskLibrary,
    *,
    recipe: JobRecipe | None = None,
    in_flight_for: InFlightFor | None = None,
) -> BatchDialog:
    """Show the batch dialog (non-modal, deleted when closed); with ``recipe``, set up as that job."""
    dialog = BatchDialog(runtime, tasks, bridge_for, parent, recipe=recipe, in_flight_for=in_flight_for)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
