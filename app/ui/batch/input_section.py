"""Step 2 of the batch dialog: the file to run over, its sheet, and its encoding when that is unclear.

The file is read in the background and read again whenever the user picks another sheet or encoding;
a read that a newer one overtook is dropped. A file that cannot be used says why right here, and an
unclear encoding offers the likely ones to pick from.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.core.tables.errors import EncodingUnclearError
from app.core.tables.reading import Table, list_sheets, read_table
from app.ui.background import Background
from app.ui.batch.file_field import choose_file, file_field
from app.ui.batch.user_message import user_message
from app.ui.i18n import fill

PROBLEMS_SHOWN = 5
"""Rows with problems listed under the file; the rest are counted."""


def read_input(path: Path, sheet: str | None, encoding: str | None) -> tuple[Table, tuple[str, ...]]:
    """Off the GUI thread: a workbook with several sheets is read at its first one unless one is named."""
    sheets = list_sheets(path) if path.suffix.lower() == ".xlsx" else ()
    if sheet is None and len(sheets) > 1:
        sheet = sheets[0]
    return read_table(path, sheet=sheet, encoding=encoding), sheets


class InputSection(QGroupBox):
    """The input file's path, its sheet and encoding pickers, and what reading it found."""

    reading = Signal()
    """A read started: the table read before no longer counts."""
    loaded = Signal(object)
    """The file was read (a `Table`, also in `table`)."""
    failed = Signal()
    """The file cannot be used; `error` says why."""

    def __init__(
        self, background: Background, *, encoding: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("2. Input file"))
        self.background = background
        self.table: Table | None = None
        self.encoding = encoding
        """The encoding the user picked for this file; None to detect it."""
        self.error: str | None = None
        """Why the file cannot be used, as shown."""
        self._read_serial = 0

        self.input_edit, input_browse = file_field(
            "batchInput",
            self.tr("Input file"),
            self.tr("A CSV or XLSX file with one item per row"),
            self.tr("Open…"),
            self.tr("Choose the input file"),
        )
        self.input_edit.returnPressed.connect(self._on_input_entered)
        input_browse.clicked.connect(self._choose_input)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("batchSheet")
        self.sheet_combo.setAccessibleName(self.tr("Worksheet"))
        self.sheet_combo.activated.connect(self._on_sheet_chosen)
        self.sheet_combo.hide()
        self.encoding_combo = QComboBox()
        self.encoding_combo.setObjectName("batchEncoding")
        self.encoding_combo.setAccessibleName(self.tr("Text encoding"))
        self.encoding_combo.activated.connect(self._on_encoding_chosen)
        self.encoding_combo.hide()
        self.input_status = QLabel()
        self.input_status.setObjectName("batchInputStatus")
        self.input_status.setWordWrap(True)
        self.input_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.input_edit, 1)
        row.addWidget(input_browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.sheet_combo)
        layout.addWidget(self.encoding_combo)
        layout.addWidget(self.input_status)

    def path(self) -> Path | None:
        text = self.input_edit.text().strip()
        return Path(text) if text else None

    @Slot()
    def _choose_input(self) -> None:
        path = choose_file(
            self,
            self.tr("Choose the input file"),
            self.input_edit,
            self.tr("Tables (*.csv *.tsv *.xlsx);;All files (*)"),
        )
        if path:
            self.set_input(Path(path))

    @Slot()
    def _on_input_entered(self) -> None:
        if self.input_edit.text().strip():
            self.set_input(Path(self.input_edit.text().strip()))

    def set_input(self, path: Path, *, sheet: str | None = None, encoding: str | None = None) -> None:
        """Read ``path`` in the background; ``loaded`` or ``failed`` follows, unless a newer read starts."""
        if path != self.path():
            self.encoding_combo.hide()
            self.encoding = encoding
        elif encoding is not None:
            self.encoding = encoding
        self.input_edit.setText(str(path))
        self.table = None
        self.reading.emit()
        self._read_serial += 1
        serial = self._read_serial
        self.error = None
        self.input_status.setText(fill(self.tr("Reading %1…"), path.name))
        self.input_status.setStyleSheet("")
        chosen_encoding = self.encoding
        self.background.run(
            lambda: read_input(path, sheet, chosen_encoding),
            lambda result: self._on_input_read(serial, result),
            lambda error: self._on_input_failed(serial, path, error),
            name="batch-input",
        )

    def _on_input_read(self, serial: int, result: tuple[Table, tuple[str, ...]]) -> None:
        if serial != self._read_serial:
            return
        table, sheets = result
        self.table = table
        self._show_sheets(sheets, table.sheet)
        if table.encoding and not self.encoding_combo.isHidden():
            self.encoding_combo.hide()  # the chosen encoding worked
        self.input_status.setText(self._table_text(table))
        self.input_status.setStyleSheet("color: #e65100;" if table.problems else "")
        self.loaded.emit(table)

    def _table_text(self, table: Table) -> str:
        text = fill(
            self.tr("%1: %2 data rows, columns: %3."),
            table.path.name,
            len(table.rows),
            ", ".join(table.header),
        )
        if table.problems:
            shown = "\n".join(
                f"• {fill(self.tr('Row %1: %2'), p.row, p.message)}" for p in table.problems[:PROBLEMS_SHOWN]
            )
            text += "\n" + shown
            if len(table.problems) > PROBLEMS_SHOWN:
                text += "\n" + self.tr("…and %n more.", "", len(table.problems) - PROBLEMS_SHOWN)
        return text

    def _on_input_failed(self, serial: int, path: Path, error: BaseException) -> None:
        if serial != self._read_serial:
            return
        self.table = None
        if isinstance(error, EncodingUnclearError):
            self.encoding_combo.clear()
            self.encoding_combo.addItem(self.tr("Choose the text encoding…"), None)
            for candidate in error.candidates:
                self.encoding_combo.addItem(candidate, candidate)
            self.encoding_combo.show()
            message = fill(self.tr("%1 Pick the encoding whose preview looks right."), user_message(error))
        else:
            message = fill(self.tr("%1 cannot be used: %2"), path.name, user_message(error))
        self.error = message
        self.input_status.setText(message)
        self.input_status.setStyleSheet("color: #c62828;")
        self.failed.emit()

    def _show_sheets(self, sheets: Sequence[str], current: str | None) -> None:
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(sheets))
        if current is not None:
            self.sheet_combo.setCurrentText(current)
        self.sheet_combo.blockSignals(False)
        self.sheet_combo.setVisible(len(sheets) > 1)
        self.sheet_combo.setToolTip(self.tr("This workbook has several sheets: choose the one to run over."))

    @Slot(int)
    def _on_sheet_chosen(self, _index: int) -> None:
        path = self.path()
        if path is not None:
            self.set_input(path, sheet=self.sheet_combo.currentText())

    @Slot(int)
    def _on_encoding_chosen(self, index: int) -> None:
        encoding = self.encoding_combo.itemData(index)
        path = self.path()
        if isinstance(encoding, str) and path is not None:
            self.set_input(path, encoding=encoding)
