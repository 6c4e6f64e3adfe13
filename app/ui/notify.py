"""Messages for the user that never stall the event loop.

A static ``QMessageBox.warning`` runs a nested event loop until it is clicked. For failures reported
from background work (a library call, an export) that is the wrong shape: the box may appear during
shutdown or in a test with nobody to click it. These boxes are window-modal but return at once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def show_warning(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
