"""How segments are shown: the side-by-side table, and the selected pair large below it.

`SegmentTable` keeps source and translation in one row each, so they stay aligned however long either
is. Rows grow to fit their text while the document is small; a long document keeps three lines a row,
because measuring every wrapped row of thousands would stall the window on each change.

`SegmentDetail` shows the selected pair large: the source read-only, with the glossary terms whose
preferred translation is missing highlighted, and the translation editable. Ctrl+Enter in the editor
confirms it; the window's Generate shortcut uses the same keys, so the editor claims them first.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.translation.segment_model import (
    NUMBER,
    SOURCE,
    STATUS,
    TRANSLATION,
    SegmentModel,
    SegmentRow,
    term_miss_tint,
)

FIT_ROWS_UP_TO: Final = 400
"""Up to this many rows, each row is as tall as its text; above, rows keep `LINES_PER_ROW` lines."""
LINES_PER_ROW: Final = 3
PAIR_LINES: Final = 4
"""Lines the selected pair's editors show at least: a whole sentence or two, not a slit."""
CONFIRM_KEYS: Final = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter})


class SegmentTable(QTableView):
    """The segments side by side; ``actions`` (Re-translate, Confirm) are offered on right-click."""

    def __init__(self, model: SegmentModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("segmentTable")
        self.setAccessibleName(self.tr("Segments: source and translation side by side"))
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(NUMBER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SOURCE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TRANSLATION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(STATUS, QHeaderView.ResizeMode.ResizeToContents)
        model.modelReset.connect(self._fit_rows)

    def add_actions(self, *actions: QAction) -> None:
        for action in actions:
            self.addAction(action)

    def select_row(self, number: int) -> None:
        self.selectRow(number)
        self.scrollTo(self.model().index(number, SOURCE))

    def selected_row(self) -> int | None:
        rows = self.selectionModel().selectedRows() if self.selectionModel() is not None else []
        return rows[0].row() if rows else None

    def _fits(self) -> bool:
        return self.model().rowCount() <= FIT_ROWS_UP_TO

    def _fit_rows(self) -> None:
        rows = self.verticalHeader()
        if self._fits():
            rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        else:
            rows.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            rows.setDefaultSectionSize(self.fontMetrics().lineSpacing() * LINES_PER_ROW + 6)


class _ConfirmKeys(QObject):
    """Claims Ctrl+Enter in the translation editor (before any window shortcut) and reports it."""

    pressed = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            assert isinstance(event, QKeyEvent)
            control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if control and Qt.Key(event.key()) in CONFIRM_KEYS:
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    self.pressed.emit()
                return True
        return super().eventFilter(watched, event)


class SegmentDetail(QWidget):
    """The selected segment large: source read-only, translation editable, Confirm and Re-translate."""

    confirm_requested = Signal()
    retranslate_requested = Signal()
    editing_finished = Signal()
    """The editor lost the focus: a changed translation should be kept."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source_view = QPlainTextEdit(readOnly=True)
        self.source_view.setObjectName("segmentSource")
        self.source_view.setAccessibleName(self.tr("Selected segment: source"))
        self.translation_edit = QPlainTextEdit()
        self.translation_edit.setObjectName("segmentTranslation")
        self.translation_edit.setAccessibleName(self.tr("Selected segment: translation"))
        self.translation_edit.setPlaceholderText(
            self.tr("Type the translation, or press Re-translate. Ctrl+Enter confirms it.")
        )
        for edit in (self.source_view, self.translation_edit):
            font = edit.font()
            font.setPointSizeF(font.pointSizeF() * 1.15)
            edit.setFont(font)
            margins = edit.contentsMargins()
            frame = 2 * edit.frameWidth() + margins.top() + margins.bottom() + 8  # the document's margin
            edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * PAIR_LINES + frame)
        self._keys = _ConfirmKeys(self)
        self.translation_edit.installEventFilter(self._keys)
        self._keys.pressed.connect(self.confirm_requested)
        self.translation_edit.installEventFilter(self)

        self.info = QLabel()
        self.info.setObjectName("segmentInfo")
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.confirm_button = QPushButton(self.tr("Confirm"))
        self.confirm_button.setObjectName("confirmSegment")
        self.confirm_button.setAccessibleName(self.tr("Confirm translation"))
        self.confirm_button.setToolTip(
            self.tr("Keep this translation and store it in the memory (Ctrl+Enter)")
        )
        self.confirm_button.clicked.connect(self.confirm_requested)
        self.retranslate_button = QPushButton(self.tr("Re-translate"))
        self.retranslate_button.setObjectName("retranslateSegment")
        self.retranslate_button.setAccessibleName(self.tr("Re-translate segment"))
        self.retranslate_button.setToolTip(self.tr("Translate this segment again (Ctrl+R)"))
        self.retranslate_button.clicked.connect(self.retranslate_requested)

        panes = QHBoxLayout()
        panes.addWidget(self.source_view, 1)
        panes.addWidget(self.translation_edit, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.info, 1)
        buttons.addWidget(self.retranslate_button)
        buttons.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(panes, 1)
        layout.addLayout(buttons)
        self.show_row(None, "")

    def show_row(self, row: SegmentRow | None, details: str) -> None:
        """Show ``row`` (None: nothing selected) with ``details`` (status, problems) under it."""
        self.source_view.setPlainText(row.source if row is not None else "")
        self.translation_edit.setPlainText(row.translation if row is not None else "")
        for widget in (self.translation_edit, self.confirm_button, self.retranslate_button):
            widget.setEnabled(row is not None)
        self.show_status(row, details)

    def show_status(self, row: SegmentRow | None, details: str) -> None:
        """Refresh the status line and the term highlights, leaving the editor (and its cursor) alone."""
        self.info.setText(details)
        self._highlight_terms(row.term_misses if row is not None else ())

    def translation(self) -> str:
        return self.translation_edit.toPlainText()

    def set_translation(self, text: str) -> None:
        self.translation_edit.setPlainText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.translation_edit and event.type() == QEvent.Type.FocusOut:
            self.editing_finished.emit()
        return super().eventFilter(watched, event)

    def _highlight_terms(self, misses: tuple[tuple[str, str], ...]) -> None:
        """Mark the source terms whose preferred translation the translation lacks."""
        selections: list[QTextEdit.ExtraSelection] = []
        mark = QTextCharFormat()
        mark.setBackground(term_miss_tint(self.palette()))
        document = self.source_view.document()
        for term, _target in misses:
            cursor = QTextCursor(document)
            while True:
                cursor = document.find(term, cursor, QTextDocument.FindFlag(0))
                if cursor.isNull():
                    break
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                selection.format = mark
                selections.append(selection)
        self.source_view.setExtraSelections(selections)
