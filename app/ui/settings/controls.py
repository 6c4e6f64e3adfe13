"""What every settings tab does to its controls: names for screen readers, and a top-aligned form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget


def name_control(widget: QWidget, name: str, tip: str | None = None) -> None:
    """Give a control the name screen readers announce (and its inner text field, if it has one)."""
    widget.setAccessibleName(name)
    if tip:
        widget.setToolTip(tip)
    for inner in widget.findChildren(QLineEdit, options=Qt.FindChildOption.FindDirectChildrenOnly):
        inner.setAccessibleName(name)
    if isinstance(widget, QComboBox):
        widget.view().setAccessibleName(name)


def set_form(page: QWidget, form: QFormLayout) -> None:
    """Lay ``form`` out on ``page``, at the top, with the free space below it."""
    layout = QVBoxLayout(page)
    layout.addLayout(form)
    layout.addStretch(1)
