"""What every settings tab does to its controls: names for screen readers, and a top-aligned form."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


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


def ok_cancel_buttons(dialog: QDialog, ok_tip: str, cancel_tip: str) -> QDialogButtonBox:
    """OK (the default, so Enter in any field accepts) and Cancel, named for screen readers and wired
    to the dialog's accept and reject. The tips are translated by the caller."""
    standard = QDialogButtonBox.StandardButton
    buttons = QDialogButtonBox(standard.Ok | standard.Cancel)
    ok = buttons.button(standard.Ok)
    ok.setDefault(True)
    ok.setAccessibleName(QCoreApplication.translate("Dialogs", "OK"))
    ok.setToolTip(ok_tip)
    cancel = buttons.button(standard.Cancel)
    cancel.setAccessibleName(QCoreApplication.translate("Dialogs", "Cancel"))
    cancel.setToolTip(cancel_tip)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
