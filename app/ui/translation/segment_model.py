"""The segment table's data: one row per segment, source beside translation, and where each row stands.

A row's status says where its translation came from (new, translated, edited, reused from memory, check
failed). The status column shows it as words (screen readers read those) and as a colour taken from the
palette, so it stays readable in the dark theme; its tooltip lists the check's problems and the glossary
terms whose preferred translation was not used. A translation cell with such term misses is tinted.

Rows are plain frozen records, so a draft stores them as they are (`rows_to_state` / `rows_from_state`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

AnyIndex = QModelIndex | QPersistentModelIndex

NEW: Final = "new"
TRANSLATED: Final = "translated"
EDITED: Final = "edited"
REUSED: Final = "reused"
CHECK_FAILED: Final = "check_failed"
STATUSES: Final = (NEW, TRANSLATED, EDITED, REUSED, CHECK_FAILED)
DONE_STATUSES: Final = frozenset({TRANSLATED, EDITED, REUSED, CHECK_FAILED})
"""Rows a second run leaves alone: they have a translation, good or flagged."""

NUMBER, SOURCE, TRANSLATION, STATUS = range(4)
STATUS_ROLE: Final = Qt.ItemDataRole.UserRole + 1
"""The status code of a row (any column), for views and tests."""


@dataclass(frozen=True)
class SegmentRow:
    key: str
    source: str
    translation: str = ""
    status: str = NEW
    problems: tuple[str, ...] = ()
    """Why the output check failed (numbers, links, placeholders missing…)."""
    term_misses: tuple[tuple[str, str], ...] = ()
    """Glossary terms whose preferred translation is missing: (source term, preferred translation)."""
    note: str = ""
    """Context from the file (a PO comment, a column name)."""

    @property
    def done(self) -> bool:
        return self.status in DONE_STATUSES


def status_colour(status: str, palette: QPalette) -> QColor:
    """The status's colour, from the palette where it has one; the others lighter on a dark background."""
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    if status == CHECK_FAILED:
        return QColor("#ef9a9a" if dark else "#c62828")
    if status == REUSED:
        return QColor("#a5d6a7" if dark else "#2e7d32")
    if status == EDITED:
        return palette.color(QPalette.ColorRole.Link)
    if status == NEW:
        return palette.color(QPalette.ColorRole.PlaceholderText)
    return translated_colour(palette)


def translated_colour(palette: QPalette) -> QColor:
    """The usual outcome, so a quiet one: the theme's highlight hue, greyed, dark enough to read on a
    light base and light enough on a dark one (the text colour made a heavy black marker)."""
    highlight = palette.color(QPalette.ColorRole.Highlight)
    hue = highlight.hslHueF()
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    if hue < 0:  # a grey highlight has no hue: a slate blue then
        hue, saturation = 0.58, 0.25
    else:
        saturation = min(highlight.hslSaturationF(), 0.3)
    return QColor.fromHslF(hue, saturation, 0.68 if dark else 0.42)


def term_miss_tint(palette: QPalette) -> QColor:
    """A soft amber behind a translation that misses a preferred term."""
    dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
    return QColor("#5d4a1f" if dark else "#fff3c4")


def _palette() -> QPalette:
    app = QApplication.instance()
    return app.palette() if isinstance(app, QApplication) else QPalette()


def rows_to_state(rows: Iterable[SegmentRow]) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts for a draft."""
    return [
        {
            "key": row.key,
            "source": row.source,
            "translation": row.translation,
            "status": row.status,
            "problems": list(row.problems),
            "term_misses": [list(miss) for miss in row.term_misses],
            "note": row.note,
        }
        for row in rows
    ]


def rows_from_state(state: object) -> list[SegmentRow]:
    """Rows back from a draft; entries that are not rows are skipped, an unknown status reads as new."""
    rows: list[SegmentRow] = []
    if not isinstance(state, list):
        return rows
    for item in state:
        if not isinstance(item, Mapping) or "key" not in item:
            continue
        status = str(item.get("status", NEW))
        rows.append(
            SegmentRow(
                key=str(item["key"]),
                source=str(item.get("source", "")),
                translation=str(item.get("translation", "")),
                status=status if status in STATUSES else NEW,
                problems=tuple(str(p) for p in item.get("problems") or ()),
                term_misses=_misses(item.get("term_misses")),
                note=str(item.get("note", "")),
            )
        )
    return rows


def _misses(value: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list):
        return ()
    pairs = (item for item in value if isinstance(item, list | tuple) and len(item) == 2)
    return tuple((str(source), str(target)) for source, target in pairs)


def miss_text(miss: tuple[str, str]) -> str:
    return f"{miss[0]} → {miss[1]}"


class SegmentModel(QAbstractTableModel):
    """Rows of segments; the translation column can be edited in place."""

    translation_edited = Signal(int)
    """A translation was changed in the table by hand (the row number); it is now "edited"."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SegmentRow] = []
        self._index: dict[str, int] = {}

    # ------------------------------------------------------------ rows

    def set_rows(self, rows: Sequence[SegmentRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._index = {row.key: number for number, row in enumerate(self._rows)}
        self.endResetModel()

    def rows(self) -> tuple[SegmentRow, ...]:
        return tuple(self._rows)

    def row(self, number: int) -> SegmentRow:
        return self._rows[number]

    def row_of(self, key: str) -> int | None:
        return self._index.get(key)

    def replace_row(self, number: int, row: SegmentRow) -> None:
        if row.key != self._rows[number].key:
            raise ValueError(f"row {number} holds {self._rows[number].key!r}, not {row.key!r}")
        self._rows[number] = row
        self.dataChanged.emit(self.index(number, 0), self.index(number, STATUS))

    def update(self, number: int, **changes: Any) -> SegmentRow:
        """Change fields of row ``number``; returns the new row."""
        row = replace(self._rows[number], **changes)
        self.replace_row(number, row)
        return row

    def count(self, *statuses: str) -> int:
        return sum(1 for row in self._rows if row.status in statuses)

    def status_text(self, status: str) -> str:
        texts = {
            NEW: self.tr("New"),
            TRANSLATED: self.tr("Translated"),
            EDITED: self.tr("Edited"),
            REUSED: self.tr("From memory"),
            CHECK_FAILED: self.tr("Check failed"),
        }
        return texts.get(status, status)

    def details(self, row: SegmentRow) -> str:
        """The check's problems and the term misses, one per line (the status tooltip)."""
        lines = [self.status_text(row.status)]
        lines += [self.tr("Problem: %1").replace("%1", problem) for problem in row.problems]
        lines += [
            self.tr("Preferred term not used: %1").replace("%1", miss_text(miss)) for miss in row.term_misses
        ]
        return "\n".join(lines)

    # ------------------------------------------------------------ Qt model

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's API
        return 0 if parent.isValid() else 4

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        headers = (self.tr("#"), self.tr("Source"), self.tr("Translation"), self.tr("Status"))
        return headers[section] if 0 <= section < len(headers) else None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == TRANSLATION:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, index.row(), column)
        if role == Qt.ItemDataRole.EditRole and column == TRANSLATION:
            return row.translation
        if role == STATUS_ROLE:
            return row.status
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == STATUS or (column == TRANSLATION and row.term_misses):
                return self.details(row)
            if column == SOURCE and row.note:
                return row.note
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS:
            return status_colour(row.status, _palette())
        if role == Qt.ItemDataRole.DecorationRole and column == STATUS:
            return status_colour(row.status, _palette())
        if role == Qt.ItemDataRole.BackgroundRole and column == TRANSLATION and row.term_misses:
            return term_miss_tint(_palette())
        if role == Qt.ItemDataRole.TextAlignmentRole and column == NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or index.column() != TRANSLATION or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value)
        if text == self._rows[index.row()].translation:
            return False
        self.update(index.row(), translation=text, status=EDITED, problems=(), term_misses=())
        self.translation_edited.emit(index.row())
        return True

    def _text(self, row: SegmentRow, number: int, column: int) -> str:
        if column == NUMBER:
            return str(number + 1)
        if column == SOURCE:
            return row.source
        if column == TRANSLATION:
            return row.translation
        if row.term_misses:
            return self.tr("%1 · preferred term missed").replace("%1", self.status_text(row.status))
        return self.status_text(row.status)
