"""The editing part of the glossary dialog: the terms table, a filter, Add, Remove, and what rows lack.

Kept apart from the dialog, which deals with files and scopes, so each stays small. Rows that cannot be
saved yet are named under the table (and marked in it), in words and with a sign, not by colour alone.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.ui.i18n import fill
from app.ui.translation.glossary_table import CASE, DNT, NOTE, SOURCE, TARGET, GlossaryTableModel
from app.ui.workspaces.results_export import error_colour

__all__ = ["GlossaryEditor"]

ROW_PROBLEMS_SHOWN: Final = 3


class GlossaryEditor(QWidget):
    changed = Signal()
    """Rows were added, removed or edited, or their problems changed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = GlossaryTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("glossaryFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filter terms"))
        self.filter_edit.setAccessibleName(self.tr("Filter terms"))
        self.filter_edit.setClearButtonEnabled(True)
        self.table = QTableView()
        self.table.setObjectName("glossaryTable")
        self.table.setAccessibleName(self.tr("Glossary terms"))
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column in (SOURCE, TARGET, NOTE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column in (DNT, CASE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.add_button = QPushButton(self.tr("Add term"))
        self.add_button.setObjectName("addTerm")
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("removeTerms")
        self.remove_button.setToolTip(self.tr("Remove the selected terms (Delete)"))
        remove_action = QAction(self.tr("Remove the selected terms"), self.table)
        remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove_action.triggered.connect(self.remove_selected)
        self.table.addAction(remove_action)
        self.count_label = QLabel()
        self.count_label.setObjectName("termCount")
        self.row_problems = QLabel()
        self.row_problems.setObjectName("rowProblems")
        self.row_problems.setWordWrap(True)
        self.row_problems.setStyleSheet(f"color: {error_colour(self.palette()).name()};")

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.count_label)
        buttons.addStretch()
        buttons.addWidget(self.filter_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.row_problems)

        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.add_button.clicked.connect(self.add_term)
        self.remove_button.clicked.connect(self.remove_selected)
        for signal in (
            self.model.problems_changed,
            self.model.rowsInserted,
            self.model.rowsRemoved,
            self.model.modelReset,
            self.model.dataChanged,
        ):
            signal.connect(self._on_model_changed)
        self._on_model_changed()

    def set_editable(self, editable: bool) -> None:
        """False while the glossary's file could not be read: nothing here may be saved over it."""
        for widget in (self.table, self.add_button, self.remove_button):
            widget.setEnabled(editable)

    @Slot()
    def add_term(self) -> None:
        """A new empty row, its source cell open for typing."""
        self.filter_edit.clear()  # the new, empty row must not be filtered out
        number = self.model.add_row()
        index = self.proxy.mapFromSource(self.model.index(number, SOURCE))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self.table.edit(index)

    @Slot()
    def remove_selected(self) -> None:
        selection = self.table.selectionModel()
        indexes = selection.selectedIndexes() if selection is not None else []
        if not indexes and self.table.currentIndex().isValid():
            indexes = [self.table.currentIndex()]
        self.model.remove({self.proxy.mapToSource(index).row() for index in indexes})

    @Slot()
    def _on_model_changed(self, *_args: object) -> None:
        self.count_label.setText(self.tr("%n term(s)", "", self.model.term_count()))
        problems = self.model.problems()
        if problems:
            shown = "; ".join(
                fill(self.tr("row %1: %2"), row + 1, text) for row, text in problems[:ROW_PROBLEMS_SHOWN]
            )
            more = len(problems) - ROW_PROBLEMS_SHOWN
            tail = fill(self.tr(" (and %1 more)"), more) if more > 0 else ""
            self.row_problems.setText(
                fill(self.tr("⚠ %n row(s) cannot be saved yet: %1%2", "", len(problems)), shown, tail)
            )
        self.row_problems.setVisible(bool(problems))
        self.changed.emit()
