"""Edit a custom task's fields and prompts as TOML, checked before it is saved.

Built-in tasks are never changed: editing one first makes the user's own copy. The text is parsed and
validated exactly as the app will load it, so a saved task always works; a mistake is shown with the
line and nothing is written.
"""

from __future__ import annotations

import tomllib

import tomli_w
from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.tasks.definitions import TaskDefinition, TaskDefinitionError, parse_task, task_to_table
from app.core.tasks.library import TaskLibrary, TaskLibraryError


class TaskEditorDialog(QDialog):
    task_saved = Signal(object)  # the saved TaskDefinition

    def __init__(self, library: TaskLibrary, task: TaskDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        if task.builtin:
            task = library.duplicate(task.id)
        self.task = task
        self.setWindowTitle(self.tr("Edit task — %1").replace("%1", task.name))
        self.resize(760, 640)
        self.name_edit = QLineEdit(task.name)
        self.name_edit.setAccessibleName(self.tr("Task name"))
        explanation = QLabel(
            self.tr(
                "This is your own copy. Edit the prompts and fields below (TOML). "
                "Prompts are Jinja templates: {{ name }} inserts a field. "
                "Saved copies appear in the task list of their workspace."
            )
        )
        explanation.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("taskToml")
        self.editor.setAccessibleName(self.tr("Task definition"))
        mono: QFont = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.editor.setFont(mono)
        table = task_to_table(task)
        table.pop("name", None)
        self.editor.setPlainText(tomli_w.dumps(table, multiline_strings=True))
        self.error = QLabel()
        self.error.setObjectName("taskError")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Name")))
        layout.addWidget(self.name_edit)
        layout.addWidget(explanation)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    @Slot()
    def save(self) -> None:
        try:
            table = tomllib.loads(self.editor.toPlainText())
        except tomllib.TOMLDecodeError as exc:
            self._fail(self.tr("The text is not valid TOML: %1").replace("%1", str(exc)))
            return
        table["id"] = self.task.id  # the file name stays tied to the task
        table["name"] = self.name_edit.text().strip() or self.task.name
        table["based_on"] = self.task.based_on
        try:
            task = parse_task(table, source=f"{self.task.id}.toml", builtin=False)
            if task.flow != self.task.flow:
                raise TaskDefinitionError(
                    self.tr("the flow must stay %1").replace("%1", repr(self.task.flow))
                )
            saved = self.library.save(task)
        except (TaskDefinitionError, TaskLibraryError) as exc:
            self._fail(str(exc))
            return
        self.task = saved
        self.task_saved.emit(saved)
        self.accept()

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
