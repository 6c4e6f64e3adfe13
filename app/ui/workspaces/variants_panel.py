"""Variants side by side: each streams into its own column; "Use this" copies one into the editor.

Merging by hand works the usual way: every column is selectable text, so pieces can be copied across.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget


class VariantsPanel(QWidget):
    chosen = Signal(int)

    def __init__(self, render: Callable[[Mapping[str, str]], str], parent: QWidget | None = None) -> None:
        """``render`` turns a variant's parts (``{"title": ..., "bullets.0": ...}``) into display text."""
        super().__init__(parent)
        self._render = render
        self._parts: list[dict[str, str]] = []
        self._views: list[QPlainTextEdit] = []
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self.setObjectName("variantsPanel")
        self.hide()

    def reset(self, count: int) -> None:
        while self._row.count():
            item = self._row.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        self._parts = [{} for _ in range(count)]
        self._views = []
        for index in range(count):
            column = QWidget()
            layout = QVBoxLayout(column)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(QLabel(self.tr("Variant %n", "", index + 1)))
            view = QPlainTextEdit(readOnly=True)
            view.setAccessibleName(self.tr("Variant %n", "", index + 1))
            view.setObjectName(f"variant_{index}")
            layout.addWidget(view, 1)
            use = QPushButton(self.tr("Use this"))
            use.setAccessibleName(self.tr("Use variant %n", "", index + 1))
            use.setObjectName(f"use_variant_{index}")
            use.clicked.connect(lambda _checked=False, i=index: self.chosen.emit(i))
            layout.addWidget(use)
            self._row.addWidget(column, 1)
            self._views.append(view)
        self.setVisible(count > 1)

    def append(self, variant: int, part: str, text: str) -> None:
        if 0 <= variant < len(self._parts):
            self._parts[variant][part] = self._parts[variant].get(part, "") + text
            self._show(variant)

    def replace(self, variant: int, part: str, text: str) -> None:
        if 0 <= variant < len(self._parts):
            self._parts[variant][part] = text
            self._show(variant)

    def parts(self, variant: int) -> dict[str, str]:
        return dict(self._parts[variant])

    def count(self) -> int:
        return len(self._parts)

    def _show(self, variant: int) -> None:
        self._views[variant].setPlainText(self._render(self._parts[variant]))

    def state(self) -> list[dict[str, Any]]:
        return [dict(parts) for parts in self._parts]
