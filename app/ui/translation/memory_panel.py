"""The translation memory beside the segments: matches for the selected segment, and TMX in and out.

Lookups run off the GUI thread: a fuzzy search over a large memory takes longer than a keystroke, and
the user moves through segments faster than that. Each lookup carries a number; a result for any but
the latest one is dropped, so the list never shows matches for a segment no longer selected. The list is
cleared when a lookup starts, so Apply can never put an older segment's match into this one.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.translation.languages import UnknownLanguageError, language
from app.core.translation.memory import MemoryMatch, TranslationMemory
from app.ui.background import Background
from app.ui.i18n import fill
from app.ui.translation.memory_diff import diff_html, diff_parts
from app.ui.translation.memory_files import MemoryFiles

__all__ = ["FUZZY_THRESHOLD", "MATCH_LIMIT", "MemoryPanel"]

FUZZY_THRESHOLD: Final = 75
MATCH_LIMIT: Final = 5


def _name(code: str) -> str:
    try:
        return language(code).name
    except UnknownLanguageError:
        return code


def _user_message(error: BaseException) -> str:
    return str(error) if str(error) else repr(error)


class MemoryPanel(QWidget):
    apply_requested = Signal(str)
    """The chosen match's translation, to put into the selected segment."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._background = Background(self)
        self._memory: TranslationMemory | None = None
        self._source = self._target = ""
        self._text = ""
        self._lookup = 0
        self._count_id = 0
        self._matches: list[MemoryMatch] = []
        self._origins = {
            "human": self.tr("confirmed"),
            "import": self.tr("imported"),
            "machine": self.tr("machine"),
        }

        heading = QLabel(self.tr("Translation memory"))
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.count_label = QLabel()
        self.count_label.setObjectName("memoryCount")
        self.count_label.setWordWrap(True)
        self.count_label.setStyleSheet("color: palette(placeholder-text);")
        self.match_list = QListWidget()
        self.match_list.setObjectName("memoryMatches")
        self.match_list.setAccessibleName(self.tr("Memory matches for the selected segment"))
        self.match_list.setWordWrap(True)
        self.match_list.setAlternatingRowColors(True)
        heading.setBuddy(self.match_list)
        self.list_note = QLabel()
        self.list_note.setObjectName("memoryListNote")
        self.list_note.setWordWrap(True)
        self.list_note.setStyleSheet("color: palette(placeholder-text);")
        self.diff_label = QLabel()
        self.diff_label.setObjectName("memoryDiff")
        self.diff_label.setWordWrap(True)
        self.diff_label.setTextFormat(Qt.TextFormat.RichText)
        self.diff_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.setObjectName("applyMatch")
        self.apply_button.setAccessibleName(self.tr("Apply memory match"))
        self.apply_button.setToolTip(
            self.tr("Use this match's translation for the segment (or double-click it)")
        )
        self.files = MemoryFiles()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.count_label)
        layout.addWidget(self.match_list, 1)
        layout.addWidget(self.list_note)
        layout.addWidget(self.diff_label)
        layout.addWidget(self.apply_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.files)

        self.match_list.currentRowChanged.connect(self._on_current)
        self.match_list.itemActivated.connect(self._on_activated)
        self.apply_button.clicked.connect(self.apply)
        self.files.imported.connect(self._on_imported)
        self.set_memory(None, "", "")

    # ------------------------------------------------------------ what the workspace sets

    @property
    def busy(self) -> bool:
        """A lookup, count or TMX file is in progress."""
        return self._background.busy or self.files.busy

    def set_memory(self, memory: TranslationMemory | None, source: str, target: str) -> None:
        """Which memory and language pair to search; the matches shown so far are cleared."""
        self._memory, self._source, self._target = memory, source, target
        self.files.set_memory(memory, source, target)
        self._lookup += 1
        self._text = ""
        self._show_matches([])
        self.list_note.setText("")
        self.refresh_count()
        self._refresh_buttons()

    def show_matches_for(self, text: str) -> None:
        """Look up ``text`` in the background; only the latest lookup's result is shown."""
        self._lookup += 1
        lookup, memory, source, target = self._lookup, self._memory, self._source, self._target
        self._text = text
        self._show_matches([])
        if memory is None or not text.strip():
            self.list_note.setText("")
            return
        self.list_note.setText(self.tr("Looking for matches…"))

        def find() -> list[MemoryMatch]:
            exact = memory.exact(source, target, text)
            fuzzy = memory.fuzzy(source, target, text, threshold=FUZZY_THRESHOLD, limit=MATCH_LIMIT)
            if exact is None:
                return fuzzy
            return [exact, *fuzzy[: MATCH_LIMIT - 1]]

        self._background.run(
            find,
            lambda found: self._on_found(lookup, found),
            lambda error: self._on_lookup_failed(lookup, error),
            name="memory-lookup",
        )

    def matches(self) -> list[MemoryMatch]:
        return list(self._matches)

    # ------------------------------------------------------------ matches

    def _on_found(self, lookup: int, found: list[MemoryMatch]) -> None:
        if lookup != self._lookup:
            return
        self._show_matches(found)
        if not found:
            self.list_note.setText(fill(self.tr("No matches of %1% or more."), FUZZY_THRESHOLD))
        else:
            self.list_note.setText("")
            self.match_list.setCurrentRow(0)

    def _on_lookup_failed(self, lookup: int, error: BaseException) -> None:
        if lookup == self._lookup:
            self.list_note.setText(
                fill(self.tr("The memory could not be searched: %1"), _user_message(error))
            )

    def _show_matches(self, matches: list[MemoryMatch]) -> None:
        self._matches = list(matches)
        self.match_list.clear()
        for number, match in enumerate(self._matches):
            origin = self._origins.get(match.origin, match.origin)
            item = QListWidgetItem(fill(self.tr("%1% · %2\n%3"), round(match.score), origin, match.target))
            item.setData(Qt.ItemDataRole.UserRole, number)
            item.setToolTip(fill(self.tr("Stored source: %1"), match.source))
            self.match_list.addItem(item)
        self._on_current(self.match_list.currentRow())

    @Slot(int)
    def _on_current(self, row: int) -> None:
        match = self._matches[row] if 0 <= row < len(self._matches) else None
        if match is None:
            self.diff_label.setText("")
            self.diff_label.setAccessibleDescription("")
        else:
            tint = QColor(self.palette().color(QPalette.ColorRole.Highlight))
            tint.setAlpha(70)
            muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
            marked = diff_html(
                self._text,
                match.source,
                changed_background=tint.name(QColor.NameFormat.HexArgb),
                missing_colour=muted,
            )
            self.diff_label.setText(fill(self.tr("<b>Stored source:</b> %1"), marked))
            self.diff_label.setAccessibleDescription(self._describe_diff(match))
        self._refresh_buttons()

    def _describe_diff(self, match: MemoryMatch) -> str:
        """The differences in words, for screen readers (the marks are visual)."""
        parts = diff_parts(self._text, match.source)
        changed = [text.strip() for kind, text in parts if kind == "changed" and text.strip()]
        missing = [text.strip() for kind, text in parts if kind == "missing" and text.strip()]
        said = [fill(self.tr("Stored source: %1."), match.source)]
        if changed:
            said.append(fill(self.tr("It has instead: %1."), "; ".join(changed)))
        if missing:
            said.append(fill(self.tr("It lacks: %1."), "; ".join(missing)))
        return " ".join(said)

    @Slot(QListWidgetItem)
    def _on_activated(self, item: QListWidgetItem) -> None:
        self.match_list.setCurrentItem(item)
        self.apply()

    @Slot()
    def apply(self) -> None:
        """Send the current match's translation to the segment and count one more use of it."""
        row = self.match_list.currentRow()
        if not 0 <= row < len(self._matches):
            return
        match = self._matches[row]
        self.apply_requested.emit(match.target)
        memory, source, target = self._memory, self._source, self._target
        if memory is not None:
            self._background.run(
                lambda: memory.record_use(source, target, match.source), lambda _used: None, name="memory-use"
            )

    # ------------------------------------------------------------ count

    @Slot()
    def _on_imported(self) -> None:
        self.refresh_count()
        if self._text:
            self.show_matches_for(self._text)

    @Slot()
    def refresh_count(self) -> None:
        """Count the pair's entries again (off the GUI thread): after a run or a pair stored by hand the
        memory holds more than when it was set."""
        self._count_id += 1
        count_id, memory, source, target = self._count_id, self._memory, self._source, self._target
        if memory is None:
            self.count_label.setText(self.tr("No translation memory is open."))
            return
        pair = (_name(source), _name(target))
        self._background.run(
            lambda: memory.count(source, target),
            lambda count: self._show_count(
                count_id, fill(self.tr("%Ln pair(s) for %1 → %2", "", count), *pair)
            ),
            lambda error: self._show_count(count_id, _user_message(error)),
            name="memory-count",
        )

    def _show_count(self, count_id: int, text: str) -> None:
        if count_id == self._count_id:  # an older count (another memory or pair) is dropped
            self.count_label.setText(text)

    def _refresh_buttons(self) -> None:
        self.apply_button.setEnabled(0 <= self.match_list.currentRow() < len(self._matches))
