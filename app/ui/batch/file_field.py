"""A file path the user types or picks with "Open…": the input file and the FAQ file of the batch dialog.

Both are a named line edit and a browse button that opens a file dialog at the path typed so far; the
texts come in translated by the section that shows them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QLineEdit, QPushButton, QWidget


def file_field(
    object_name: str, accessible_name: str, placeholder: str, browse_text: str, browse_name: str
) -> tuple[QLineEdit, QPushButton]:
    """The path edit and its browse button; the caller connects them and lays them out."""
    edit = QLineEdit()
    edit.setObjectName(object_name)
    edit.setAccessibleName(accessible_name)
    edit.setPlaceholderText(placeholder)
    browse = QPushButton(browse_text)
    browse.setAccessibleName(browse_name)
    return edit, browse


def choose_file(parent: QWidget, title: str, edit: QLineEdit, filters: str) -> str:
    """The file the user picked, starting from the path in ``edit``; "" when they cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, edit.text(), filters)
    return path
