"""Where the Translate workspace's source column goes: beside the segments, or above them.

Pasted text wants a tall editor beside the table, and a table's questions (which columns, which sheet)
want a tall list. With a file open the column holds only the title, the file's name and the run buttons,
so a side column would stand mostly empty while the segments squeeze; it moves above the segments then,
as short as its content, and the segments get the whole width and the rest of the height.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QWidget

from app.ui.workspaces.translate_source import SourcePane

UNLIMITED: Final = 16_777_215
"""Qt's QWIDGETSIZE_MAX: no maximum height."""


class SourceColumnPlacer(QObject):
    """Turns ``splitter`` upright while ``pane`` shows a file, with ``column`` (its first widget) as short
    as its content; back beside the segments, at the widths it had, when it shows pasted text again."""

    def __init__(self, splitter: QSplitter, column: QWidget, pane: SourcePane) -> None:
        super().__init__(splitter)
        self._splitter, self._column, self._pane = splitter, column, pane
        self._side_sizes = splitter.sizes()
        pane.mode_changed.connect(self.arrange)
        splitter.installEventFilter(self)  # a new width wraps the column's text anew

    def above(self) -> bool:
        return self._splitter.orientation() == Qt.Orientation.Vertical

    @Slot()
    def arrange(self) -> None:
        compact = self._pane.showing_file()
        if compact == self.above():
            return
        splitter = self._splitter
        if compact:
            self._side_sizes = splitter.sizes()
            self._pane.set_compact(True)
            splitter.setOrientation(Qt.Orientation.Vertical)
            height = self._fit_height(splitter.width())
            total = sum(splitter.sizes())
            if total > height:
                splitter.setSizes([height, total - height])
        else:
            self._column.setMaximumHeight(UNLIMITED)
            self._pane.set_compact(False)
            splitter.setOrientation(Qt.Orientation.Horizontal)
            splitter.setSizes(self._side_sizes)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._splitter and event.type() == QEvent.Type.Resize and self.above():
            assert isinstance(event, QResizeEvent)
            self._fit_height(event.size().width())
        return super().eventFilter(watched, event)

    def _fit_height(self, width: int) -> int:
        """At most as tall as the column's content at ``width`` (the splitter gives the rest to the
        segments); returns that height."""
        column = self._column
        layout = column.layout()
        height = column.sizeHint().height()
        if layout is not None and layout.hasHeightForWidth() and width > 0:
            height = max(layout.totalHeightForWidth(width), column.minimumSizeHint().height())
        column.setMaximumHeight(height)
        return height
