"""Which column of the file fills which field of the task, with a preview of the first rows as mapped.

The user should rarely have to touch the combos: columns whose names match a field (its name or its
label, ignoring case, spaces and punctuation) are chosen up front. Required fields are marked, and a
required field left unmapped is named in `missing_required`, so the dialog can refuse to run instead
of failing on every row. The preview is computed from rows already read, so it never touches the disk.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.jobs.row_task import RowField

PREVIEW_ROWS = 5
PREVIEW_CELL_CHARS = 120
"""A long cell is shortened in the preview only; the job reads the whole cell."""

_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


def _key(text: str) -> str:
    return _NOT_ALNUM.sub("", text.casefold())


def _exact(key: str, wanted: str) -> bool:
    return key == wanted


def _prefix(key: str, wanted: str) -> bool:
    return key.startswith(wanted) or wanted.startswith(key)


def _contains(key: str, wanted: str) -> bool:
    return wanted in key


def auto_match(fields: Sequence[RowField], header: Sequence[str]) -> dict[str, str]:
    """Field name -> column for every field whose name or label matches a column; each column once.

    Exact matches win over looser ones (a column that starts with or contains the field's name), so
    "text" picks a "Text" column before a "Text (original)" one.
    """
    keys = [_key(column) for column in header]
    used: set[int] = set()
    mapping: dict[str, str] = {}
    for test in (_exact, _prefix, _contains):
        for field in fields:
            if field.name in mapping:
                continue
            wanted = [k for k in (_key(field.name), _key(field.label)) if k]
            for index, key in enumerate(keys):
                if index not in used and key and any(test(key, w) for w in wanted):
                    mapping[field.name] = header[index]
                    used.add(index)
                    break
    return mapping


def mapped_preview(
    fields: Sequence[RowField],
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    mapping: Mapping[str, str],
    limit: int = PREVIEW_ROWS,
) -> list[dict[str, str]]:
    """The first ``limit`` rows as the task will see them: field name -> cell ("" when unmapped)."""
    index = {column: position for position, column in enumerate(header)}
    preview = []
    for row in rows[:limit]:
        values = {}
        for field in fields:
            column = mapping.get(field.name)
            position = index.get(column) if column is not None else None
            values[field.name] = row[position] if position is not None and position < len(row) else ""
        preview.append(values)
    return preview


class ColumnMapping(QWidget):
    """One combo per task field listing the file's columns, and a table of the first rows as mapped."""

    changed = Signal()
    """The mapping changed, by the user or by `set_columns`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fields: tuple[RowField, ...] = ()
        self._header: tuple[str, ...] = ()
        self._rows: tuple[tuple[str, ...], ...] = ()
        self._row_numbers: tuple[int, ...] = ()
        self.combos: dict[str, QComboBox] = {}
        self._form = QFormLayout()
        self._form.setContentsMargins(0, 0, 0, 0)
        self.hint = QLabel()
        self.hint.setObjectName("mappingHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.preview = QTableWidget()
        self.preview.setObjectName("mappingPreview")
        self.preview.setAccessibleName(self.tr("Preview of the first rows as mapped"))
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.preview.setMaximumHeight(170)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._form)
        layout.addWidget(self.hint)
        layout.addWidget(self.preview)

    # ------------------------------------------------------------ state

    def set_fields(self, fields: Sequence[RowField]) -> None:
        """The task's fields: rebuilds the combos, keeping the columns already chosen where they fit."""
        kept = self.mapping()
        self._fields = tuple(fields)
        while self._form.rowCount():
            self._form.removeRow(0)
        self.combos = {}
        for field in self._fields:
            combo = QComboBox()
            combo.setObjectName(f"map_{field.name}")
            label = self.tr(field.label) + (" *" if field.required else "")
            combo.setAccessibleName(self.tr("Column for %1").replace("%1", self.tr(field.label)))
            combo.setToolTip(
                self.tr("Required: every row needs this field.")
                if field.required
                else self.tr("Optional: leave it on “(not used)” if no column fits.")
            )
            combo.currentIndexChanged.connect(self._on_combo_changed)
            self.combos[field.name] = combo
            self._form.addRow(label, combo)
        self._fill_combos({**auto_match(self._fields, self._header), **self._valid(kept)})

    def set_columns(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], row_numbers: Sequence[int] = ()
    ) -> None:
        """The file's columns and its first rows (with their numbers as the user sees them in the file);
        columns are matched to fields by name again."""
        kept = self.mapping()
        self._header = tuple(header)
        self._rows = tuple(tuple(row) for row in rows[:PREVIEW_ROWS])
        self._row_numbers = tuple(row_numbers[:PREVIEW_ROWS])
        self._fill_combos({**auto_match(self._fields, self._header), **self._valid(kept)})

    def set_mapping(self, mapping: Mapping[str, str]) -> None:
        """Choose columns by hand (a resumed job's mapping); unknown fields or columns are ignored."""
        self._fill_combos({**self.mapping(), **self._valid(mapping)})

    def mapping(self) -> dict[str, str]:
        """Field name -> column name, for the fields that have a column."""
        chosen = {}
        for name, combo in self.combos.items():
            column = combo.currentData()
            if isinstance(column, str):
                chosen[name] = column
        return chosen

    def missing_required(self) -> list[RowField]:
        chosen = self.mapping()
        return [field for field in self._fields if field.required and field.name not in chosen]

    def preview_rows(self) -> list[dict[str, str]]:
        return mapped_preview(self._fields, self._header, self._rows, self.mapping())

    # ------------------------------------------------------------ drawing

    def _valid(self, mapping: Mapping[str, str]) -> dict[str, str]:
        names = {field.name for field in self._fields}
        return {f: c for f, c in mapping.items() if f in names and c in self._header}

    def _fill_combos(self, mapping: Mapping[str, str]) -> None:
        for name, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("(not used)"), None)
            for column in self._header:
                combo.addItem(column, column)
            wanted = mapping.get(name)
            combo.setCurrentIndex(max(0, combo.findData(wanted)) if wanted is not None else 0)
            combo.blockSignals(False)
        self._refresh()

    @Slot()
    def _on_combo_changed(self, *_args: object) -> None:
        self._refresh()

    def _refresh(self) -> None:
        missing = self.missing_required()
        if not self._header:
            self.hint.setText(self.tr("Choose a file to see its columns."))
        elif missing:
            names = ", ".join(self.tr(field.label) for field in missing)
            self.hint.setText(self.tr("Choose a column for: %1 (required).").replace("%1", names))
        else:
            self.hint.setText(self.tr("Fields marked * are required. The first rows as the task sees them:"))
        self.hint.setStyleSheet("color: #c62828;" if missing and self._header else "color: gray;")
        self._draw_preview()
        self.changed.emit()

    def _draw_preview(self) -> None:
        rows = self.preview_rows()
        self.preview.clear()
        self.preview.setColumnCount(len(self._fields))
        self.preview.setHorizontalHeaderLabels([self.tr(field.label) for field in self._fields])
        self.preview.setRowCount(len(rows))
        if len(self._row_numbers) == len(rows):
            self.preview.setVerticalHeaderLabels([str(number) for number in self._row_numbers])
        for row_index, values in enumerate(rows):
            for column_index, field in enumerate(self._fields):
                text = values.get(field.name, "")
                shown = text if len(text) <= PREVIEW_CELL_CHARS else text[: PREVIEW_CELL_CHARS - 1] + "…"
                item = QTableWidgetItem(shown.replace("\n", " ⏎ "))
                item.setToolTip(text[:2000])
                self.preview.setItem(row_index, column_index, item)
