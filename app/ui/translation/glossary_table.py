"""The glossary editor's table: one editable row per term, each checked while it is typed.

A `Term` cannot exist without a source, or without a translation unless it is do-not-translate, so the
table keeps its own loose `TermRow`s: a half-typed row is allowed on screen and marked with what it
lacks, instead of failing. Only when every row is right can the rows become a `Glossary` (`terms`). Rows
left completely empty are ignored, so "Add term" and then changing one's mind costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication

from app.core.translation.glossary import Term
from app.ui.i18n import fill
from app.ui.workspaces.results_export import error_colour

__all__ = ["CASE", "DNT", "NOTE", "SOURCE", "TARGET", "GlossaryTableModel", "MergeResult", "TermRow"]

AnyIndex = QModelIndex | QPersistentModelIndex
SOURCE, TARGET, DNT, NOTE, CASE = range(5)
CHECK_COLUMNS: Final = (DNT, CASE)
_FIELDS: Final = {SOURCE: "source", TARGET: "target", NOTE: "note"}
_FLAGS: Final = {DNT: "do_not_translate", CASE: "case_sensitive"}
_TINT_ALPHA: Final = 60


@dataclass(frozen=True)
class TermRow:
    """A row as typed; it may be incomplete (see `GlossaryTableModel.problems`)."""

    source: str = ""
    target: str = ""
    do_not_translate: bool = False
    note: str = ""
    case_sensitive: bool = False

    @classmethod
    def from_term(cls, term: Term) -> TermRow:
        return cls(term.source, term.target, term.do_not_translate, term.note, term.case_sensitive)

    def is_blank(self) -> bool:
        texts = (self.source, self.target, self.note)
        return not any(text.strip() for text in texts) and not self.do_not_translate

    def to_term(self) -> Term:
        return Term(
            self.source.strip(),
            self.target.strip(),
            self.do_not_translate,
            self.note.strip(),
            self.case_sensitive,
        )


@dataclass(frozen=True)
class MergeResult:
    added: int = 0
    replaced: int = 0
    kept: int = 0
    """Terms already in the table that were left as they were (a different translation was offered)."""


class GlossaryTableModel(QAbstractTableModel):
    problems_changed = Signal()
    modified_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TermRow] = []
        self._saved: tuple[TermRow, ...] = ()
        self._problems: dict[int, tuple[int, str]] = {}
        self._modified = False
        self._headers = (
            self.tr("Source term"),
            self.tr("Translation"),
            self.tr("Do not translate"),
            self.tr("Note"),
            self.tr("Case-sensitive"),
        )
        self._header_tips = (
            self.tr("The term as it appears in the source text"),
            self.tr("The translation the model should use"),
            self.tr("Copy the term unchanged into every translation (names, brands, code)"),
            self.tr("For you and other translators; not sent to the model"),
            self.tr("Match the term only with exactly this capitalisation"),
        )

    # ------------------------------------------------------------ contents

    def set_terms(self, terms: Sequence[Term]) -> None:
        """Show ``terms`` as the saved state (not modified)."""
        self.beginResetModel()
        self._rows = [TermRow.from_term(term) for term in terms]
        self.endResetModel()
        self.mark_saved()
        self._recheck()

    def snapshot(self) -> tuple[TermRow, ...]:
        """The rows as they are now (blank ones left out), for `mark_saved` once a save has finished."""
        return self._meaningful()

    def mark_saved(self, rows: tuple[TermRow, ...] | None = None) -> None:
        """``rows`` (a `snapshot`; by default the rows now) are what is saved: later edits stay unsaved."""
        self._saved = self._meaningful() if rows is None else rows
        self._update_modified()

    def is_modified(self) -> bool:
        return self._modified

    def row(self, number: int) -> TermRow:
        return self._rows[number]

    def term_count(self) -> int:
        return len(self._meaningful())

    def problems(self) -> list[tuple[int, str]]:
        """``(row number from 0, what is wrong)`` for every row that cannot be saved, in table order."""
        return [(row, message) for row, (_column, message) in sorted(self._problems.items())]

    def terms(self) -> tuple[Term, ...]:
        """The rows as terms, blank rows left out; ``ValueError`` while any row has a problem."""
        if self._problems:
            raise ValueError(self.problems()[0][1])
        return tuple(row.to_term() for row in self._rows if not row.is_blank())

    def add_row(self) -> int:
        """Append an empty row; returns its number."""
        number = len(self._rows)
        self.beginInsertRows(QModelIndex(), number, number)
        self._rows.append(TermRow())
        self.endInsertRows()
        self._recheck()
        return number

    def remove(self, numbers: Iterable[int]) -> int:
        """Remove these rows; returns how many were removed."""
        chosen = sorted({n for n in numbers if 0 <= n < len(self._rows)}, reverse=True)
        for number in chosen:
            self.beginRemoveRows(QModelIndex(), number, number)
            del self._rows[number]
            self.endRemoveRows()
        if chosen:
            self._recheck()
        return len(chosen)

    def merge(self, terms: Iterable[Term], *, replace_existing: bool) -> MergeResult:
        """Add imported terms; a source already in the table (ignoring case) keeps its row, with the
        imported values when ``replace_existing``."""
        where = {row.source.strip().casefold(): n for n, row in enumerate(self._rows) if row.source.strip()}
        added = replaced = kept = 0
        self.beginResetModel()
        for term in terms:
            new = TermRow.from_term(term)
            number = where.get(term.source.strip().casefold())
            if number is None:
                where[term.source.strip().casefold()] = len(self._rows)
                self._rows.append(new)
                added += 1
            elif self._same(number, new):
                continue
            elif replace_existing:
                self._rows[number] = new
                replaced += 1
            else:
                kept += 1
        self.endResetModel()
        self._recheck()
        return MergeResult(added, replaced, kept)

    # ------------------------------------------------------------ Qt model

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's API
        return 0 if parent.isValid() else len(self._headers)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.column() in CHECK_COLUMNS:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        problem = self._problems.get(index.row())
        if column in CHECK_COLUMNS:
            checked = bool(getattr(row, _FLAGS[column]))
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return self.tr("Yes") if checked else self.tr("No")
        elif role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return str(getattr(row, _FIELDS[column]))
        if role == Qt.ItemDataRole.ToolTipRole and problem is not None:
            return problem[1]
        if role == Qt.ItemDataRole.BackgroundRole and problem is not None and problem[0] == column:
            tint = QColor(error_colour(QGuiApplication.palette()))
            tint.setAlpha(_TINT_ALPHA)
            return tint
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        row, column = self._rows[index.row()], index.column()
        if column in CHECK_COLUMNS and role in (Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.EditRole):
            new = _with(row, column, _is_checked(value))
        elif column in _FIELDS and role == Qt.ItemDataRole.EditRole:
            new = _with(row, column, str(value))
        else:
            return False
        if new == row:
            return False
        self._rows[index.row()] = new
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(self._headers) - 1))
        self._recheck()
        return True

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._header_tips[section]
            return None
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            problem = self._problems.get(section)
            if role == Qt.ItemDataRole.DisplayRole:
                return f"⚠ {section + 1}" if problem is not None else str(section + 1)
            if role == Qt.ItemDataRole.ToolTipRole and problem is not None:
                return problem[1]
        return None

    # ------------------------------------------------------------ checking

    def _same(self, number: int, new: TermRow) -> bool:
        current = self._rows[number]
        return (current.target.strip(), current.do_not_translate) == (
            new.target.strip(),
            new.do_not_translate,
        )

    def _meaningful(self) -> tuple[TermRow, ...]:
        return tuple(row for row in self._rows if not row.is_blank())

    def _recheck(self) -> None:
        """Find every row's problem again (a change to one row can make another one a repeat)."""
        problems: dict[int, tuple[int, str]] = {}
        first_row: dict[str, int] = {}
        for number, row in enumerate(self._rows):
            if row.is_blank():
                continue
            key = row.source.strip().casefold()
            if not key:
                problems[number] = (SOURCE, self.tr("Type the source term."))
            elif key in first_row:
                problems[number] = (
                    SOURCE,
                    fill(self.tr("The same term is on row %1; remove one of them."), first_row[key] + 1),
                )
            elif not row.do_not_translate and not row.target.strip():
                problems[number] = (TARGET, self.tr("Type a translation, or tick “Do not translate”."))
            if key:
                first_row.setdefault(key, number)
        changed = problems != self._problems
        old = set(self._problems) | set(problems)
        self._problems = problems
        if changed:
            for number in sorted(old):
                if number < len(self._rows):
                    self.dataChanged.emit(self.index(number, 0), self.index(number, len(self._headers) - 1))
            if self._rows:
                self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._rows) - 1)
            self.problems_changed.emit()
        self._update_modified()

    def _update_modified(self) -> None:
        modified = self._meaningful() != self._saved
        if modified != self._modified:
            self._modified = modified
            self.modified_changed.emit(modified)


def _is_checked(value: Any) -> bool:
    if isinstance(value, Qt.CheckState):
        return value == Qt.CheckState.Checked
    if isinstance(value, bool):
        return value
    return bool(value == Qt.CheckState.Checked.value)


def _with(row: TermRow, column: int, value: str | bool) -> TermRow:
    """``row`` with one cell changed (texts are str, the two flags bool)."""
    if column == SOURCE:
        return replace(row, source=str(value))
    if column == TARGET:
        return replace(row, target=str(value))
    if column == NOTE:
        return replace(row, note=str(value))
    if column == DNT:
        return replace(row, do_not_translate=bool(value))
    return replace(row, case_sensitive=bool(value))
