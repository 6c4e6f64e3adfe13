"""A form built from a task definition: one widget per field, with an inline message under each.

The task's TOML decides which fields exist, so a custom task with new fields gets a working form
without code. Values go in and out as plain dicts (the same shape drafts store).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.tasks.definitions import FieldSpec, TaskDefinition
from app.core.tasks.inputs import split_keywords, split_list

FieldWidget = QLineEdit | QPlainTextEdit | QComboBox | QSpinBox


class FormView(QWidget):
    changed = Signal()

    def __init__(self, task: TaskDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.task = task
        self.widgets: dict[str, FieldWidget] = {}
        self.messages: dict[str, QLabel] = {}
        self._rows: dict[str, QWidget] = {}
        layout = QFormLayout(self)
        self._layout = layout
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setContentsMargins(0, 0, 0, 0)
        for spec in task.fields:
            widget = self._make_widget(spec)
            widget.setObjectName(f"field_{spec.name}")
            widget.setAccessibleName(spec.label)
            if spec.help:
                widget.setToolTip(spec.help)
                widget.setAccessibleDescription(spec.help)
            message = QLabel()
            message.setObjectName(f"message_{spec.name}")
            message.setStyleSheet("color: #c62828;")
            message.setWordWrap(True)
            message.hide()
            box = QWidget()
            box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(message)
            label = QLabel(self.tr(spec.label) + (" *" if spec.required else ""))
            label.setBuddy(widget)
            layout.addRow(label, box)
            self.widgets[spec.name] = widget
            self.messages[spec.name] = message
            self._rows[spec.name] = box
        self.set_values(task.defaults())

    def _make_widget(self, spec: FieldSpec) -> FieldWidget:
        widget: FieldWidget
        if spec.kind == "choice":
            widget = QComboBox()
            widget.addItems(list(spec.choices))
            widget.setEditable(spec.editable)
            widget.currentTextChanged.connect(self.changed)
        elif spec.kind == "number":
            widget = QSpinBox()
            widget.setRange(spec.minimum if spec.minimum is not None else 0, spec.maximum or 1_000_000)
            widget.setSingleStep(50 if (spec.maximum or 0) > 1000 else 1)
            widget.valueChanged.connect(self.changed)
        elif spec.kind == "multiline" or (spec.kind == "list" and not spec.name.endswith("keywords")):
            widget = QPlainTextEdit()
            widget.setTabChangesFocus(True)
            widget.setFixedHeight(84 if spec.kind == "list" else 64)
            widget.textChanged.connect(self.changed)
        else:
            widget = QLineEdit()
            widget.textChanged.connect(self.changed)
        if spec.placeholder and isinstance(widget, QLineEdit | QPlainTextEdit):
            widget.setPlaceholderText(spec.placeholder)
        return widget

    def hide_field(self, name: str) -> None:
        """For a field the workspace fills itself (the rewrite text comes from its editor)."""
        self._layout.setRowVisible(self._rows[name], False)

    def values(self) -> dict[str, Any]:
        """What the user entered, lightly shaped (lists as lists); ``clean_inputs`` does the checking."""
        values: dict[str, Any] = {}
        for spec in self.task.fields:
            widget = self.widgets[spec.name]
            if isinstance(widget, QComboBox):
                values[spec.name] = widget.currentText()
            elif isinstance(widget, QSpinBox):
                values[spec.name] = widget.value()
            else:
                text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
                if spec.kind == "list":
                    values[spec.name] = (
                        split_keywords(text) if spec.name.endswith("keywords") else split_list(text)
                    )
                else:
                    values[spec.name] = text
        return values

    def set_values(self, values: Mapping[str, Any]) -> None:
        for spec in self.task.fields:
            if spec.name not in values:
                continue
            value = values[spec.name]
            widget = self.widgets[spec.name]
            if isinstance(widget, QComboBox):
                text = str(value)
                if widget.findText(text) < 0 and widget.isEditable():
                    widget.addItem(text)
                if widget.findText(text) >= 0:
                    widget.setCurrentText(text)
            elif isinstance(widget, QSpinBox):
                try:
                    widget.setValue(int(value))
                except (TypeError, ValueError):
                    continue  # a damaged draft value: keep the widget's current value
            else:
                if isinstance(value, list | tuple):
                    separator = ", " if spec.name.endswith("keywords") else "\n"
                    value = separator.join(str(item) for item in value)
                if isinstance(widget, QPlainTextEdit):
                    if widget.toPlainText() != str(value):
                        widget.setPlainText(str(value))
                elif widget.text() != str(value):
                    widget.setText(str(value))
        self.clear_problems()

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """Inline messages under the fields, and focus on the first bad one."""
        self.clear_problems()
        first: FieldWidget | None = None
        for name, message in problems.items():
            if name in self.messages:
                self.messages[name].setText(message[:1].upper() + message[1:] + ".")
                self.messages[name].show()
                first = first or self.widgets[name]
        if first is not None:
            first.setFocus()

    def clear_problems(self) -> None:
        for label in self.messages.values():
            label.hide()
            label.clear()
