"""The middle of the Translate workspace: the segment table, the memory's matches beside it, the pair below.

Selecting a row shows its pair large and asks the memory panel for fuzzy matches. A translation changed by
hand (in the editor, in the table, or by applying a memory match) becomes "edited" and is offered to the
memory as the user's own (`pair_confirmed`); Confirm (Ctrl+Enter) does the same for an unchanged one and
moves on to the next row. The editor's text is kept whenever the selection moves or the editor loses the
focus, so nothing typed is lost. Preferred glossary terms the new text misses are found again at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from app.core.translation.checks import check_translation
from app.core.translation.glossary import Glossary
from app.core.translation.memory import TranslationMemory
from app.ui.translation.memory_panel import MemoryPanel
from app.ui.translation.segment_model import CHECK_FAILED, EDITED, SegmentModel, SegmentRow
from app.ui.translation.segment_view import SegmentDetail, SegmentTable
from app.ui.workspaces.translate_run import SegmentDone

PAIR_SHARE: Final = (2, 1)
"""Table (with the memory) to selected pair, in height: the pair is where a translation is worked on."""


class SegmentsPane(QWidget):
    pair_confirmed = Signal(str, str)
    """``(source, translation)`` the user vouched for: store it in the memory as theirs."""
    retranslate_requested = Signal(int)
    """Translate this row (its number) again."""
    edited = Signal()
    """A translation changed by hand: worth an autosave."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SegmentModel(self)
        self.table = SegmentTable(self.model)
        self.detail = SegmentDetail()
        self.memory_panel = MemoryPanel()
        self._glossary: Glossary | None = None
        self._shown: int | None = None
        self._shown_text = ""
        """The translation the editor was given: typing makes it differ (see `_editor_changed`)."""

        self.retranslate_action = QAction(self.tr("Re-translate"), self)
        self.retranslate_action.setShortcut(QKeySequence("Ctrl+R"))
        self.retranslate_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.retranslate_action.triggered.connect(self.request_retranslate)
        self.confirm_action = QAction(self.tr("Confirm translation"), self)
        self.confirm_action.triggered.connect(self.confirm)
        self.addAction(self.retranslate_action)
        self.table.add_actions(self.retranslate_action, self.confirm_action)

        upper = QSplitter()
        upper.addWidget(self.table)
        upper.addWidget(self.memory_panel)
        upper.setStretchFactor(0, 4)
        upper.setStretchFactor(1, 1)
        upper.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([PAIR_SHARE[0] * 100, PAIR_SHARE[1] * 100])  # kept in proportion when shown
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.model.modelReset.connect(self._on_reset)
        self.model.translation_edited.connect(self._on_table_edit)
        self.detail.confirm_requested.connect(self.confirm)
        self.detail.retranslate_requested.connect(self.request_retranslate)
        self.detail.editing_finished.connect(self.commit)
        self.memory_panel.apply_requested.connect(self.apply_match)

    # ------------------------------------------------------------ what the workspace sets

    def set_rows(self, rows: Sequence[SegmentRow]) -> None:
        self.commit()
        self.model.set_rows(rows)

    def set_glossary(self, glossary: Glossary | None) -> None:
        self._glossary = glossary

    def set_memory(self, memory: TranslationMemory | None, source: str, target: str) -> None:
        self.memory_panel.set_memory(memory, source, target)
        if self._shown is not None:
            self.memory_panel.show_matches_for(self.model.row(self._shown).source)

    def shown_row(self) -> int | None:
        return self._shown

    def select(self, number: int) -> None:
        self.table.select_row(number)

    def apply_result(self, done: SegmentDone, *, keep_edited: bool) -> bool:
        """Put a run's result in its row (``keep_edited``: not over a hand edit); False when it was not."""
        number = self.model.row_of(done.key)
        if number is None or (keep_edited and self.model.row(number).status == EDITED):
            return False
        self.model.update(
            number,
            translation=done.text,
            status=done.status,
            problems=done.problems,
            term_misses=done.term_misses,
        )
        self.refresh_row(number)
        return True

    def refresh_row(self, number: int) -> None:
        """Row ``number`` changed (a run filled it): show it anew unless its editor holds unsaved text."""
        if number == self._shown and not self._editor_changed():
            self._show(number)

    # ------------------------------------------------------------ hand edits

    @Slot()
    def commit(self) -> None:
        """Keep the editor's text in its row when it changed."""
        if self._shown is not None and self._editor_changed():
            self._set_by_hand(self._shown, self.detail.translation())

    @Slot()
    def confirm(self) -> None:
        """The shown translation is right: store it as the user's, then go to the next row."""
        number = self._shown
        if number is None or not self.detail.translation().strip():
            return
        row = self.model.row(number)
        if self._editor_changed() or row.status == CHECK_FAILED:
            self._set_by_hand(number, self.detail.translation())
        else:
            self.pair_confirmed.emit(row.source, row.translation)
        if number + 1 < self.model.rowCount():
            self.select(number + 1)

    @Slot(str)
    def apply_match(self, text: str) -> None:
        """A memory match was chosen: it becomes the shown row's translation. It was made for another
        source, so it is stored for this one only once the user edits or confirms it."""
        if self._shown is not None:
            self.detail.set_translation(text)
            self._set_by_hand(self._shown, text, store=False)

    @Slot()
    def request_retranslate(self) -> None:
        if self._shown is not None:
            self.retranslate_requested.emit(self._shown)

    def _set_by_hand(self, number: int, text: str, *, store: bool = True) -> None:
        if number == self._shown:
            self._shown_text = text
        source = self.model.row(number).source
        row = self.model.update(
            number, translation=text, status=EDITED, problems=(), term_misses=self._misses(source, text)
        )
        if number == self._shown:
            self.detail.show_status(row, self.model.details(row))
        if store and text.strip():
            self.pair_confirmed.emit(source, text)
        self.edited.emit()

    def _misses(self, source: str, text: str) -> tuple[tuple[str, str], ...]:
        if self._glossary is None or not self._glossary.preferred_terms or not text.strip():
            return ()
        misses = check_translation(source, text, self._glossary).term_misses
        return tuple((term.source, term.target) for term in misses)

    def _editor_changed(self) -> bool:
        return self._shown is not None and self.detail.translation() != self._shown_text

    # ------------------------------------------------------------ selection

    @Slot(QItemSelection, QItemSelection)
    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.commit()
        number = self.table.selected_row()
        if number is None:
            self._shown = None
            self.detail.show_row(None, "")
            return
        self._show(number)
        self.memory_panel.show_matches_for(self.model.row(number).source)

    def _show(self, number: int) -> None:
        self._shown = number
        row = self.model.row(number)
        self._shown_text = row.translation
        self.detail.show_row(row, self.model.details(row))

    @Slot()
    def _on_reset(self) -> None:
        self._shown = None
        self.detail.show_row(None, "")

    @Slot(int)
    def _on_table_edit(self, number: int) -> None:
        row = self.model.row(number)
        self.model.update(number, term_misses=self._misses(row.source, row.translation))
        if number == self._shown:
            self._show(number)
        if row.translation.strip():
            self.pair_confirmed.emit(row.source, row.translation)
        self.edited.emit()
