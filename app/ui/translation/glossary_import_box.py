"""The glossary editor's import controls: what to do with terms already there, the file, its encoding.

The duplicate rule is chosen before the file is read, so an import never stops halfway to ask. When a
CSV file's encoding cannot be told, the reader says so with candidates; they are offered here, and
choosing one imports the same file again.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.translation.glossary_io import GLOSSARY_SUFFIXES
from app.ui.i18n import fill

__all__ = ["GlossaryImportBox"]


class GlossaryImportBox(QWidget):
    import_requested = Signal(object, str)
    """``(path, encoding)``: read this file; an empty encoding lets the reader find it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path: Path | None = None
        self._folder = ""
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.setObjectName("importGlossary")
        self.import_button.setToolTip(self.tr("Add the terms of a CSV, TSV or TBX file to this glossary"))
        duplicates = QLabel(self.tr("Terms already here:"))
        self.keep_radio = QRadioButton(self.tr("Keep them"))
        self.keep_radio.setObjectName("keepExisting")
        self.keep_radio.setToolTip(self.tr("An imported term that is already here is skipped"))
        self.replace_radio = QRadioButton(self.tr("Replace them"))
        self.replace_radio.setObjectName("replaceExisting")
        self.replace_radio.setToolTip(self.tr("An imported term replaces the one already here"))
        self.keep_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.keep_radio)
        group.addButton(self.replace_radio)
        duplicates.setBuddy(self.keep_radio)

        self.encoding_label = QLabel(self.tr("The file's encoding is unclear. Read it as:"))
        self.encoding_combo = QComboBox()
        self.encoding_combo.setObjectName("glossaryEncoding")
        self.encoding_combo.setAccessibleName(self.tr("Encoding of the imported file"))
        self.encoding_label.setBuddy(self.encoding_combo)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.import_button)
        row.addSpacing(12)
        row.addWidget(duplicates)
        row.addWidget(self.keep_radio)
        row.addWidget(self.replace_radio)
        row.addStretch()
        encoding_row = QHBoxLayout()
        encoding_row.setContentsMargins(0, 0, 0, 0)
        encoding_row.addWidget(self.encoding_label)
        encoding_row.addWidget(self.encoding_combo)
        encoding_row.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addLayout(encoding_row)
        self.hide_encodings()

        self.import_button.clicked.connect(self.choose_file)
        self.encoding_combo.activated.connect(self._on_encoding_chosen)

    def replace_existing(self) -> bool:
        return self.replace_radio.isChecked()

    def offer_encodings(self, path: Path, candidates: Sequence[str]) -> None:
        """The reader could not tell ``path``'s encoding: let the user pick one of ``candidates``."""
        self._path = path
        self.encoding_combo.clear()
        self.encoding_combo.addItem(self.tr("Choose…"), "")
        for name in candidates:
            self.encoding_combo.addItem(name, name)
        for widget in (self.encoding_label, self.encoding_combo):
            widget.show()

    def hide_encodings(self) -> None:
        for widget in (self.encoding_label, self.encoding_combo):
            widget.hide()

    @Slot()
    def choose_file(self) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in GLOSSARY_SUFFIXES)
        path, _chosen = QFileDialog.getOpenFileName(
            self,
            self.tr("Import a glossary"),
            self._folder,
            fill(self.tr("Glossaries (%1);;All files (*)"), patterns),
        )
        if path:
            self._folder = str(Path(path).parent)
            self.hide_encodings()
            self.import_requested.emit(Path(path), "")

    @Slot(int)
    def _on_encoding_chosen(self, _index: int) -> None:
        encoding = str(self.encoding_combo.currentData() or "")
        if encoding and self._path is not None:
            self.import_requested.emit(self._path, encoding)
