"""Step 1 of the batch dialog: the task to run on every row, and the setup every row shares.

An analysis task (feedback, classify, FAQ) is set up once for the whole job: its topics and teams, its
labels, its FAQ file; the user's saved lists fill those in, and a job's new lists are saved for next
time. A writing task takes the same form as its workspace: a field with a column comes from the row,
one without gets the value typed here on every row.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.tasks.analysis_lists import AnalysisLists, load_lists
from app.core.tasks.classify import format_labels, parse_labels
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.inputs import split_list
from app.core.tasks.library import TaskLibrary
from app.core.tasks.teams import format_teams, parse_teams
from app.ui.background import Background
from app.ui.batch.file_field import choose_file, file_field
from app.ui.batch.unfinished_jobs import row_fields, setup_fields
from app.ui.i18n import fill
from app.ui.workspaces.form_view import FormView

log = logging.getLogger(__name__)

BATCH_FLOWS = ("product", "rewrite", "feedback", "classify", "faq", "generic")
"""Flows that run row by row, in the order the task list shows them (blog and chat write one long text)."""
ANALYSIS_FLOWS = ("feedback", "classify", "faq")
"""Flows with a setup of their own; the others take shared values for fields without a column."""
FORM_MAX_HEIGHT = 230
"""The setup form scrolls rather than push the input and results off the dialog."""


def updated_lists(
    saved: AnalysisLists, task: TaskDefinition, values: Mapping[str, Any]
) -> AnalysisLists | None:
    """The saved lists with this job's topics, teams or labels: what the user set up is offered next
    time. None when there is nothing new, or a list does not parse (the job will say why)."""
    if task.flow not in ANALYSIS_FLOWS:
        return None
    lists = saved
    try:
        if "topics" in values:
            lists = dataclasses.replace(lists, topics=tuple(split_list(values["topics"])))
        if "teams" in values and str(values["teams"]).strip():
            lists = dataclasses.replace(lists, teams=parse_teams(str(values["teams"])))
        if "labels" in values and str(values["labels"]).strip():
            lists = dataclasses.replace(lists, labels=parse_labels(str(values["labels"])))
    except ValueError:
        return None
    return None if lists == saved else lists


class TaskSetup(QGroupBox):
    """The task list, the task's form, and the FAQ file for a FAQ task."""

    task_chosen = Signal(object)
    """A task was chosen (a `TaskDefinition`) and its form is shown."""
    changed = Signal()
    """The setup was edited."""

    def __init__(
        self,
        tasks: TaskLibrary,
        background: Background,
        data_dir: Path,
        *,
        fill_from_lists: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        """The saved lists are read from ``data_dir`` in the background; with ``fill_from_lists`` they
        fill the form once read (not for a resumed job, which keeps its own setup)."""
        super().__init__(parent)
        self.setTitle(self.tr("1. Task"))
        self.tasks = tasks
        self.form: FormView | None = None
        self.lists: AnalysisLists | None = None
        """The user's saved topics, teams and labels; None until they are read."""
        self._fill_from_lists = fill_from_lists

        self.task_combo = QComboBox()
        self.task_combo.setObjectName("batchTask")
        self.task_combo.setAccessibleName(self.tr("Task to run on every row"))
        self.task_combo.currentIndexChanged.connect(self.show_current_task)
        self.setup_note = QLabel()
        self.setup_note.setWordWrap(True)
        self.setup_note.setStyleSheet("color: palette(placeholder-text);")
        self.faq_edit, faq_browse = file_field(
            "batchFaq",
            self.tr("FAQ file"),
            self.tr("The FAQ the answers must come from"),
            self.tr("Choose…"),
            self.tr("Choose the FAQ file"),
        )
        self.faq_edit.editingFinished.connect(self.changed)
        faq_browse.clicked.connect(self._choose_faq)
        self.faq_row = QWidget()
        faq_layout = QHBoxLayout(self.faq_row)
        faq_layout.setContentsMargins(0, 0, 0, 0)
        faq_layout.addWidget(QLabel(self.tr("FAQ file")))
        faq_layout.addWidget(self.faq_edit, 1)
        faq_layout.addWidget(faq_browse)
        self.form_holder = QVBoxLayout()
        self.form_holder.setContentsMargins(0, 0, 0, 0)
        form_box = QWidget()
        form_box.setLayout(self.form_holder)
        form_scroll = QScrollArea()
        form_scroll.setWidgetResizable(True)
        form_scroll.setWidget(form_box)
        form_scroll.setMaximumHeight(FORM_MAX_HEIGHT)
        form_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(self.task_combo)
        layout.addWidget(self.setup_note)
        layout.addWidget(self.faq_row)
        layout.addWidget(form_scroll)
        self._fill_tasks()
        background.run(lambda: load_lists(data_dir), self._on_lists_loaded, name="analysis-lists")

    def _fill_tasks(self) -> None:
        order = {flow: index for index, flow in enumerate(BATCH_FLOWS)}
        runnable = [task for task in self.tasks.all() if task.flow in order]
        runnable.sort(key=lambda task: (order[task.flow], not task.builtin, task.name.lower()))
        self.task_combo.blockSignals(True)
        for task in runnable:
            self.task_combo.addItem(self.tr(task.name) if task.builtin else f"{task.name} ★", task.id)
        self.task_combo.blockSignals(False)

    # ------------------------------------------------------------ the task

    def current_task(self) -> TaskDefinition | None:
        task_id = self.task_combo.currentData()
        if not isinstance(task_id, str):
            return None
        try:
            return self.tasks.get(task_id)
        except KeyError:
            return None

    def select_task(self, task_id: str) -> bool:
        index = self.task_combo.findData(task_id)
        if index < 0:
            return False
        self.task_combo.setCurrentIndex(index)
        self.show_current_task()  # also when it was already the current one
        return True

    @Slot()
    def show_current_task(self, *_args: object) -> None:
        """A fresh form for the chosen task; an analysis task hides the fields its rows fill."""
        task = self.current_task()
        if self.form is not None:
            self.form_holder.removeWidget(self.form)
            self.form.deleteLater()
            self.form = None
        if task is None:
            return
        self.form = FormView(task)
        row_names = {field.name for field in row_fields(task)}
        analysis = task.flow in ANALYSIS_FLOWS
        for spec in task.fields:
            if analysis and spec.name in row_names:
                self.form.hide_field(spec.name)
        self.form.changed.connect(self.changed)
        self.form_holder.addWidget(self.form)
        self.faq_row.setVisible(task.flow == "faq")
        self.setup_note.setText(
            self.tr("Set up the task once for every row:")
            if analysis
            else self.tr("Fields without a column get these values on every row:")
        )
        if self.lists is not None:
            self.apply_lists(self.lists)
        self.task_chosen.emit(task)

    @Slot()
    def _choose_faq(self) -> None:
        path = choose_file(
            self,
            self.tr("Choose the FAQ"),
            self.faq_edit,
            self.tr("FAQ files (*.csv *.tsv *.xlsx *.md *.markdown);;All files (*)"),
        )
        if path:
            self.faq_edit.setText(path)
            self.changed.emit()

    def show_mapped(self, mapped: Mapping[str, str]) -> None:
        """A writing task's field that comes from a column cannot also be typed in."""
        task = self.current_task()
        if self.form is None or task is None or task.flow in ANALYSIS_FLOWS:
            return
        for name, widget in self.form.widgets.items():
            widget.setEnabled(name not in mapped)
            if name in mapped:
                widget.setToolTip(fill(self.tr("Comes from the column “%1”."), mapped[name]))

    # ------------------------------------------------------------ the saved lists

    @Slot(object)
    def _on_lists_loaded(self, loaded: tuple[AnalysisLists, str | None]) -> None:
        lists, warning = loaded
        self.lists = lists
        if warning:
            log.warning("%s", warning)
        if self._fill_from_lists:
            self.apply_lists(lists)

    def apply_lists(self, lists: AnalysisLists) -> None:
        """Fill the form's topics, teams and labels from the user's saved lists."""
        if self.form is None:
            return
        names = {spec.name for spec in self.form.task.fields}
        values: dict[str, Any] = {}
        if "topics" in names:
            values["topics"] = list(lists.topics)
        if "teams" in names:
            values["teams"] = format_teams(lists.teams)
        if "labels" in names:
            values["labels"] = format_labels(lists.labels)
        if values:
            self.form.set_values(values)

    def lists_to_save(self, task: TaskDefinition, values: Mapping[str, Any]) -> AnalysisLists | None:
        return None if self.lists is None else updated_lists(self.lists, task, values)

    # ------------------------------------------------------------ the setup as a recipe stores it

    def options(self, mapped: Mapping[str, str]) -> dict[str, Any]:
        """The task's setup as the recipe stores it (see `build_row_task`); ``mapped``: field → column."""
        task = self.current_task()
        if task is None or self.form is None:
            return {}
        values = self.form.values()
        if task.flow in ANALYSIS_FLOWS:
            kept = {name: values[name] for name in setup_fields(task) if name in values}
        else:
            kept = {
                name: value
                for name, value in values.items()
                if name not in mapped and (value if isinstance(value, list) else str(value).strip())
            }
        options: dict[str, Any] = {"values": kept}
        if task.flow == "faq":
            options["faq"] = self.faq_edit.text().strip()
        return options

    def set_options(self, options: Mapping[str, Any]) -> None:
        """Show a remembered job's setup (the task is chosen already)."""
        values = options.get("values")
        if self.form is not None and isinstance(values, dict):
            if self.form.task.flow not in ANALYSIS_FLOWS:
                # a field left empty then was not stored: keep it empty, not at its default
                blank = {
                    s.name: [] if s.kind == "list" else ""
                    for s in self.form.task.fields
                    if s.kind != "number"
                }
                self.form.set_values({**blank, **values})
            else:
                self.form.set_values(values)
        self.faq_edit.setText(str(options.get("faq") or ""))

    def faq_missing(self, task: TaskDefinition) -> bool:
        return task.flow == "faq" and not self.faq_edit.text().strip()
