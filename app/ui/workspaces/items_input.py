"""The items box of the feedback and classification workspaces: where the items to analyse come from.

`ItemsInput` takes pasted items (one per line, or blocks separated by blank lines) or one column of a CSV
or Excel file, with a sheet picker for workbooks with several sheets, an encoding picker when the file's
encoding is unclear, and (for classification) a true-label column. Files are read on a background thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.tables.errors import EncodingUnclearError, TableError
from app.core.tables.reading import Table
from app.ui.background import Background
from app.ui.i18n import fill
from app.ui.workspaces.base import Workspace
from app.ui.workspaces.items_file_status import FileStatusLabel
from app.ui.workspaces.items_source import (
    SPLIT_BLOCKS,
    SPLIT_LINES,
    Items,
    choose_columns,
    items_from_table,
    read_items_file,
    split_items,
)


def place_in_form(workspace: Workspace, widget: QWidget) -> None:
    """Put ``widget`` (the items box) at the top of a workspace's scrolling form column."""
    holder = workspace.form.parentWidget()
    layout = holder.layout() if holder is not None else None
    if isinstance(layout, QVBoxLayout):
        layout.insertWidget(0, widget)


class ItemsInput(QWidget):
    changed = Signal()
    """The items (or where they come from) changed."""
    loading_changed = Signal(bool)
    """A file is being read (True) or reading ended (False)."""

    def __init__(
        self, background: Background, *, true_labels: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._background = background
        self._with_labels = true_labels
        self._table: Table | None = None
        self._path: Path | None = None
        self._sheet: str | None = None
        self._encoding: str | None = None
        self._reads = 0
        self._quiet_read = 0
        self._loading = False
        self._setting = False
        self._wanted_column = ""
        self._wanted_label = ""
        self._file_message = ""

        self.tabs = QTabWidget()
        self.tabs.setObjectName("itemsSource")
        self.tabs.setDocumentMode(True)

        paste = QWidget()
        paste_layout = QVBoxLayout(paste)
        paste_layout.setContentsMargins(0, 4, 0, 0)
        self.split_combo = QComboBox()
        self.split_combo.setObjectName("splitMode")
        self.split_combo.addItem(self.tr("One item per line"), SPLIT_LINES)
        self.split_combo.addItem(self.tr("Items separated by blank lines"), SPLIT_BLOCKS)
        self.split_combo.setAccessibleName(self.tr("How pasted items are separated"))
        self.paste_edit = QPlainTextEdit()
        self.paste_edit.setObjectName("pastedItems")
        self.paste_edit.setAccessibleName(self.tr("Pasted items"))
        self.paste_edit.setPlaceholderText(self.tr("Paste reviews, e-mails or posts here"))
        self.paste_edit.setTabChangesFocus(True)
        self.paste_edit.setMinimumHeight(120)
        self.paste_count = QLabel()
        self.paste_count.setObjectName("pastedCount")
        self.paste_count.setStyleSheet("color: palette(placeholder-text);")
        paste_layout.addWidget(self.split_combo)
        paste_layout.addWidget(self.paste_edit, 1)
        paste_layout.addWidget(self.paste_count)

        file_tab = QWidget()
        form = self._file_form = QFormLayout(file_tab)
        form.setContentsMargins(0, 4, 0, 0)
        self.choose_button = QPushButton(self.tr("Choose a CSV or Excel file…"))
        self.choose_button.setObjectName("chooseFile")
        self.choose_button.setAccessibleName(self.tr("Choose a CSV or Excel file"))
        self.file_label = QLabel()
        self.file_label.setObjectName("fileName")
        self.file_label.setWordWrap(True)
        chooser = QWidget()
        chooser_row = QHBoxLayout(chooser)
        chooser_row.setContentsMargins(0, 0, 0, 0)
        chooser_row.addWidget(self.choose_button)
        chooser_row.addWidget(self.file_label, 1)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("sheetCombo")
        self.sheet_combo.setAccessibleName(self.tr("Sheet"))
        self.encoding_combo = QComboBox()
        self.encoding_combo.setObjectName("encodingCombo")
        self.encoding_combo.setAccessibleName(self.tr("Encoding"))
        self.column_combo = QComboBox()
        self.column_combo.setObjectName("columnCombo")
        self.column_combo.setAccessibleName(self.tr("Column with the items"))
        self.label_combo = QComboBox()
        self.label_combo.setObjectName("labelColumnCombo")
        self.label_combo.setAccessibleName(self.tr("Column with the true labels"))
        self.label_combo.setToolTip(
            self.tr("Optional: a column with the right label for each item, to measure accuracy")
        )
        self.file_status = FileStatusLabel()
        self.file_status.setObjectName("fileStatus")
        self.file_status.setWordWrap(True)
        form.addRow(chooser)
        form.addRow(self.tr("Sheet"), self.sheet_combo)
        form.addRow(self.tr("Encoding"), self.encoding_combo)
        form.addRow(self.tr("Column"), self.column_combo)
        form.addRow(self.tr("True label"), self.label_combo)
        form.addRow(self.file_status)
        form.setRowVisible(self.sheet_combo, False)
        form.setRowVisible(self.encoding_combo, False)
        form.setRowVisible(self.label_combo, true_labels)

        self.tabs.addTab(paste, self.tr("Paste"))
        self.tabs.addTab(file_tab, self.tr("From a file"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self.paste_edit.textChanged.connect(self._on_paste_changed)
        self.split_combo.currentIndexChanged.connect(self._on_paste_changed)
        self.tabs.currentChanged.connect(self._on_edited)
        self.choose_button.clicked.connect(self.choose_file)
        self.sheet_combo.activated.connect(self._on_sheet_chosen)
        self.encoding_combo.activated.connect(self._on_encoding_chosen)
        self.column_combo.currentIndexChanged.connect(self._on_column_changed)
        self.label_combo.currentIndexChanged.connect(self._on_column_changed)
        self._on_paste_changed()

    # ------------------------------------------------------------ what the workspace asks

    def from_file(self) -> bool:
        return self.tabs.currentIndex() == 1

    def is_loading(self) -> bool:
        return self._loading

    def items(self) -> Items:
        """The items of the source shown now (the pasted text, or the chosen file column)."""
        if not self.from_file():
            return Items(tuple(split_items(self.paste_edit.toPlainText(), self._split_mode())))
        if self._table is None or not self.column_combo.currentText():
            return Items()
        label = self.label_combo.currentData() if self._with_labels else None
        return items_from_table(self._table, self.column_combo.currentText(), label or None)

    def problem(self) -> str | None:
        """Why there is nothing to analyse yet, in the user's terms; None when there are items."""
        if self._loading:
            return self.tr("The file is still being read; try again in a moment.")
        if self.items().texts:
            return None
        if not self.from_file():
            return self.tr("Paste some items first (one per line), or load them from a file.")
        if self._path is None:
            return self.tr("Choose a CSV or Excel file first, or paste the items.")
        if self._table is None:
            return self._file_message or self.tr("The file could not be read.")
        return fill(self.tr("The column '%1' has no text in any row."), self.column_combo.currentText())

    def state(self) -> dict[str, Any]:
        """Plain data for drafts: the pasted text and the file choices (the file is read again)."""
        return {
            "source": "file" if self.from_file() else "paste",
            "split": self._split_mode(),
            "text": self.paste_edit.toPlainText(),
            "file": str(self._path) if self._path is not None else "",
            "sheet": self._sheet or "",
            "encoding": self._encoding or "",
            "column": self.column_combo.currentText() or self._wanted_column,
            "label_column": (self.label_combo.currentData() or "") or self._wanted_label,
        }

    def set_state(self, state: Mapping[str, Any]) -> None:
        """Show a saved state; a saved file is read again in the background (no ``changed`` for it)."""
        self._setting = True
        try:
            index = self.split_combo.findData(str(state.get("split") or SPLIT_LINES))
            self.split_combo.setCurrentIndex(max(index, 0))
            text = str(state.get("text") or "")
            if self.paste_edit.toPlainText() != text:
                self.paste_edit.setPlainText(text)
            self.tabs.setCurrentIndex(1 if state.get("source") == "file" else 0)
            path = str(state.get("file") or "")
            self._wanted_column = str(state.get("column") or "")
            self._wanted_label = str(state.get("label_column") or "")
            if path:
                self.load_file(
                    Path(path),
                    sheet=str(state.get("sheet") or "") or None,
                    encoding=str(state.get("encoding") or "") or None,
                    remember_columns=True,
                    quiet=True,
                )
            else:
                self._forget_file()
        finally:
            self._setting = False

    # ------------------------------------------------------------ files

    @Slot()
    def choose_file(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(
            self,
            self.tr("Load items from a file"),
            str(self._path.parent) if self._path is not None else "",
            self.tr("Tables (*.csv *.tsv *.txt *.xlsx *.xlsm);;All files (*)"),
        )
        if path:
            self.tabs.setCurrentIndex(1)
            self.load_file(Path(path))

    def load_file(
        self,
        path: Path,
        *,
        sheet: str | None = None,
        encoding: str | None = None,
        remember_columns: bool = False,
        quiet: bool = False,
    ) -> None:
        """Read ``path`` on a background thread; only the latest read is shown. A ``quiet`` read (a draft
        being shown again) sends no ``changed``: nothing was edited."""
        if not remember_columns and path != self._path:
            self._wanted_column = self._wanted_label = ""
        if path != self._path:
            self.form_rows_reset()
        self._path, self._sheet, self._encoding = path, sheet, encoding
        self._reads += 1
        read_id = self._reads
        self._quiet_read = read_id if quiet else 0
        self.file_label.setText(path.name)
        self.file_label.setToolTip(str(path))
        self.file_status.show_message(self.tr("Reading the file…"))
        self._set_loading(True)
        self._background.run(
            lambda: read_items_file(path, sheet, encoding),
            lambda read: self._on_read(read_id, *read),
            lambda error: self._on_read_failed(read_id, error),
            name="read-items",
        )

    def form_rows_reset(self) -> None:
        """A new file: its sheets and encoding are not known yet."""
        self.sheet_combo.clear()
        self.encoding_combo.clear()
        self._file_form.setRowVisible(self.sheet_combo, False)
        self._file_form.setRowVisible(self.encoding_combo, False)

    def _on_read(self, read_id: int, table: Table, sheets: tuple[str, ...]) -> None:
        if read_id != self._reads:
            return
        self._table = table
        self._sheet = table.sheet
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(sheets))
        self.sheet_combo.setCurrentText(table.sheet or "")
        self.sheet_combo.blockSignals(False)
        self._file_form.setRowVisible(self.sheet_combo, len(sheets) > 1)
        self._fill_columns(table)
        self._refresh_file_status()
        self._set_loading(False)  # only now: whoever waits for the file finds its items ready
        self._after_read(read_id)

    def _after_read(self, read_id: int) -> None:
        if self._quiet_read != read_id:
            self._on_edited()

    def _on_read_failed(self, read_id: int, error: BaseException) -> None:
        if read_id != self._reads:
            return
        self._table = None
        if isinstance(error, EncodingUnclearError):
            self.encoding_combo.clear()
            self.encoding_combo.addItem(self.tr("Choose…"), "")
            for candidate in error.candidates:
                self.encoding_combo.addItem(str(candidate), str(candidate))
            self._file_form.setRowVisible(self.encoding_combo, True)
            self._file_message = fill(self.tr("%1 Pick the encoding above."), error)
        elif isinstance(error, TableError | OSError | ValueError):
            self._file_message = str(error)
        else:
            self._file_message = fill(self.tr("The file could not be read: %1"), error)
        self._fill_columns(None)
        self.file_status.show_message(self._file_message, error=True)
        self._set_loading(False)
        self._after_read(read_id)

    def _fill_columns(self, table: Table | None) -> None:
        header = list(table.header) if table is not None else []
        wanted = self._wanted_column or self.column_combo.currentText()
        wanted_label = self._wanted_label or str(self.label_combo.currentData() or "")
        for combo in (self.column_combo, self.label_combo):
            combo.blockSignals(True)
            combo.clear()
        self.column_combo.addItems(header)
        self.label_combo.addItem(self.tr("(none)"), "")
        for name in header:
            self.label_combo.addItem(name, name)
        guess_label = self._with_labels and not self._wanted_label
        column, label = choose_columns(header, wanted, wanted_label, guess_label=guess_label)
        if column is not None:
            self.column_combo.setCurrentText(column)
        self.label_combo.setCurrentIndex(max(self.label_combo.findData(label or ""), 0))
        for combo in (self.column_combo, self.label_combo):
            combo.blockSignals(False)
        self._wanted_column = self._wanted_label = ""

    def _refresh_file_status(self) -> None:
        if self._table is not None:
            self.file_status.show_summary(
                self.items(),
                self.column_combo.currentText(),
                self.sheet_combo.count(),
                self._sheet,
                self._table.problems,
            )

    def _forget_file(self) -> None:
        self._reads += 1
        self._path = self._table = None
        self._sheet = self._encoding = None
        self.file_label.clear()
        self.form_rows_reset()
        self._fill_columns(None)
        self.file_status.show_message(self.tr("No file loaded."))
        self._set_loading(False)

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.choose_button.setEnabled(not loading)
            self.loading_changed.emit(loading)

    # ------------------------------------------------------------ reacting

    def _split_mode(self) -> str:
        return str(self.split_combo.currentData() or SPLIT_LINES)

    @Slot()
    def _on_paste_changed(self) -> None:
        count = len(split_items(self.paste_edit.toPlainText(), self._split_mode()))
        self.paste_count.setText(self.tr("%n item(s)", "", count))
        self._on_edited()

    @Slot(int)
    def _on_sheet_chosen(self, _index: int) -> None:
        if self._path is not None and self.sheet_combo.currentText() != self._sheet:
            self.load_file(self._path, sheet=self.sheet_combo.currentText(), encoding=self._encoding)

    @Slot(int)
    def _on_encoding_chosen(self, _index: int) -> None:
        encoding = str(self.encoding_combo.currentData() or "")
        if self._path is not None and encoding:
            self.load_file(self._path, sheet=self._sheet, encoding=encoding, remember_columns=True)

    @Slot()
    def _on_column_changed(self) -> None:
        self._refresh_file_status()
        self._on_edited()

    @Slot()
    def _on_edited(self) -> None:
        if not self._setting:
            self.changed.emit()
