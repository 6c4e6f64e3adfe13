"""The results table both analysis workspaces show, filter and export.

`ResultsModel` holds one row per analysed item as plain text cells (the same text that is exported), a
`RowFilter` shows the rows a chart selection allows, and `ResultsExporter` writes a CSV or Excel file on a
background thread through ``app.core.tables.writing.write_table``: a large export never freezes the window.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QFileDialog, QHeaderView, QTableView, QWidget

from app.core.tables.writing import write_table
from app.ui.background import Background
from app.ui.i18n import fill

AnyIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class ResultRow:
    cells: tuple[str, ...]
    """One text per column, as shown and as exported."""
    failed: bool = False
    """The item has no result: its row is drawn in the error colour."""


def error_colour(palette: QPalette) -> QColor:
    """The app's error red, lighter on a dark background so it stays readable."""
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    return QColor("#ef9a9a" if dark else "#c62828")


class ResultsModel(QAbstractTableModel):
    """Rows of text cells under translated headers; ``numeric`` columns sort as numbers."""

    def __init__(
        self, headers: Sequence[str], *, numeric: Sequence[int] = (), parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._numeric = set(numeric)
        self._rows: list[ResultRow] = []

    def set_rows(self, rows: Sequence[ResultRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def append(self, row: ResultRow) -> None:
        at = len(self._rows)
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.append(row)
        self.endInsertRows()

    def rows(self) -> list[ResultRow]:
        return list(self._rows)

    # ------------------------------------------------------------ Qt model

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's API
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        text = row.cells[column] if column < len(row.cells) else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return " ".join(text.split()) if "\n" in text else text
        if role == Qt.ItemDataRole.ToolTipRole:
            return text if len(text) > 40 else None
        if role == SORT_ROLE:
            if column in self._numeric:
                try:
                    return int(text)
                except ValueError:
                    return -1
            return text.casefold()
        if role == Qt.ItemDataRole.ForegroundRole and row.failed:
            app = QApplication.instance()
            palette = app.palette() if isinstance(app, QApplication) else QPalette()
            return error_colour(palette)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self._numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class RowFilter(QSortFilterProxyModel):
    """Shows only the source rows in ``allowed`` (all rows when it is None), and sorts by `SORT_ROLE`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._allowed: frozenset[int] | None = None
        self.setSortRole(SORT_ROLE)

    def set_allowed(self, rows: Iterable[int] | None) -> None:
        allowed = None if rows is None else frozenset(rows)
        if allowed == self._allowed:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+, where the invalidate* calls are deprecated
            self.beginFilterChange()
            self._allowed = allowed
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._allowed = allowed
            self.invalidateRowsFilter()

    def allowed(self) -> frozenset[int] | None:
        return self._allowed

    def filterAcceptsRow(self, source_row: int, _parent: AnyIndex) -> bool:  # noqa: N802 - Qt's name
        return self._allowed is None or source_row in self._allowed

    def visible_source_rows(self) -> list[int]:
        """Source rows in the order shown (sorted and filtered)."""
        return [self.mapToSource(self.index(row, 0)).row() for row in range(self.rowCount())]


def results_view(proxy: RowFilter, name: str, widths: Sequence[int]) -> QTableView:
    """A read-only, sortable table for ``proxy``: columns get ``widths``, and a width of 0 makes a
    column share the spare width (the long texts), so the table fits without scrolling sideways."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # input order until the user sorts
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setMinimumSectionSize(36)
    for column, width in enumerate(widths):
        if width:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        else:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    return view


class ResultsExporter(QObject):
    """Asks where to save, then writes the rows off the GUI thread; says how it went through signals."""

    exported = Signal(str)
    """The file that was written."""
    failed = Signal(str)
    """Why the file could not be written, for the user."""

    def __init__(self, background: Background, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._background = background
        self.busy = False

    def ask_and_export(
        self, parent: QWidget, suggested: str, header: Sequence[str], rows: Sequence[Sequence[str]]
    ) -> None:
        """The file dialog (CSV or Excel by the chosen filter or the typed extension), then `export`."""
        csv_filter = self.tr("CSV file (*.csv)")
        xlsx_filter = self.tr("Excel workbook (*.xlsx)")
        path, chosen = QFileDialog.getSaveFileName(
            parent, self.tr("Export results"), suggested, f"{csv_filter};;{xlsx_filter}"
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".csv", ".xlsx"):
            target = target.with_name(target.name + (".xlsx" if chosen == xlsx_filter else ".csv"))
        self.export(target, header, rows)

    def export(self, target: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """Write ``rows`` to ``target`` (.csv or .xlsx) on a background thread."""
        if self.busy:
            self.failed.emit(self.tr("An export is still being written; try again in a moment."))
            return
        self.busy = True
        head = tuple(header)
        body = tuple(tuple(row) for row in rows)
        self._background.run(
            lambda: write_table(target, head, body),
            lambda _result: self._done(str(target), None),
            lambda exc: self._done(str(target), exc),
            name="export-results",
        )

    def _done(self, target: str, error: BaseException | None) -> None:
        self.busy = False
        if error is None:
            self.exported.emit(target)
        else:
            self.failed.emit(fill(self.tr("Could not write %1: %2"), target, error))
