"""A horizontal bar chart that doubles as a filter: click a bar (or pick it with the keyboard) to select it.

QtCharts is not shipped with the packaged app, and a dashboard needs only labelled bars with counts, so this
is a plain widget painted with QPainter. Every colour comes from the palette (a bar may carry its own hue
for meaning, e.g. sentiment), so the light and dark themes both read well.

Selection: a click selects only that bar (a second click on the only selected bar clears it); Ctrl+click
toggles a bar in or out. Keyboard: Up/Down (Home/End) move the focused bar, Space toggles it, Enter
selects only it, Escape clears the selection.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.ui.i18n import fill

MARGIN = 8
GAP = 6
"""Space between the label column, the bar and its count."""
MIN_BAR = 2
"""A count above zero is always visible, however small next to the largest."""


@dataclass(frozen=True)
class Bar:
    key: str
    """What the selection reports (a sentiment, a topic name)."""
    label: str
    """What the chart shows (may be translated)."""
    count: int
    color: QColor | None = None
    """A hue that carries meaning; None uses the palette's highlight colour."""


class BarChart(QWidget):
    selection_changed = Signal(list)
    """The keys of the selected bars, in the chart's order (empty: nothing selected)."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._bars: list[Bar] = []
        self._selected: set[str] = set()
        self._hovered: int | None = None
        self._current = 0
        self._empty_text = self.tr("No data yet")
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover, True)
        self._describe()

    # ------------------------------------------------------------------ data

    def set_title(self, title: str) -> None:
        self._title = title
        self._describe()
        self.updateGeometry()
        self.update()

    def title(self) -> str:
        return self._title

    def set_empty_text(self, text: str) -> None:
        self._empty_text = text
        self._describe()
        self.update()

    def set_bars(self, bars: Iterable[Bar]) -> None:
        """Show these bars; a selected key that is gone is dropped from the selection (and reported)."""
        self._bars = list(bars)
        keys = {bar.key for bar in self._bars}
        dropped = self._selected - keys
        self._selected &= keys
        self._current = min(self._current, max(0, len(self._bars) - 1))
        if self._hovered is not None and self._hovered >= len(self._bars):
            self._hovered = None
        self._describe()
        self.updateGeometry()
        self.update()
        if dropped:
            self.selection_changed.emit(self.selected())

    def bars(self) -> list[Bar]:
        return list(self._bars)

    def selected(self) -> list[str]:
        return [bar.key for bar in self._bars if bar.key in self._selected]

    def set_selected(self, keys: Iterable[str]) -> None:
        wanted = set(keys) & {bar.key for bar in self._bars}
        if wanted != self._selected:
            self._selected = wanted
            self._selection_edited()

    def clear_selection(self) -> None:
        self.set_selected(())

    # ------------------------------------------------------------------ geometry

    def _metrics(self) -> tuple[QFontMetrics, QFontMetrics]:
        bold = QFont(self.font())
        bold.setBold(True)
        return QFontMetrics(self.font()), QFontMetrics(bold)

    def _row_height(self) -> int:
        return max(QFontMetrics(self.font()).height() + 10, 22)

    def _top(self) -> int:
        if not self._title:
            return MARGIN
        return MARGIN + self._metrics()[1].height() + GAP

    def bar_rect(self, index: int) -> QRect:
        """The whole row of bar ``index`` (label, bar and count): the area a click selects."""
        height = self._row_height()
        return QRect(MARGIN, self._top() + index * height, self.width() - 2 * MARGIN, height)

    def bar_at(self, pos: QPoint) -> int | None:
        for index in range(len(self._bars)):
            if self.bar_rect(index).contains(pos):
                return index
        return None

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        rows = max(len(self._bars), 2)
        return QSize(360, self._top() + rows * self._row_height() + MARGIN)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        rows = max(len(self._bars), 1)
        return QSize(180, self._top() + rows * self._row_height() + MARGIN)

    # ------------------------------------------------------------------ painting

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        palette = self.palette()
        normal, bold = self._metrics()
        frame = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(frame, 4, 4)
        text_colour = palette.color(QPalette.ColorRole.Text)
        if self._title:
            painter.setFont(self._bold_font())
            painter.setPen(text_colour)
            painter.drawText(
                QRect(MARGIN, MARGIN, self.width() - 2 * MARGIN, bold.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                bold.elidedText(self._title, Qt.TextElideMode.ElideRight, self.width() - 2 * MARGIN),
            )
            painter.setFont(self.font())
        if not self._bars:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                QRect(MARGIN, self._top(), self.width() - 2 * MARGIN, self._row_height() * 2),
                Qt.AlignmentFlag.AlignCenter,
                self._empty_text,
            )
            return
        inner = self.width() - 2 * MARGIN - 2 * GAP
        widest = max(bold.horizontalAdvance(bar.label) for bar in self._bars) + 2  # bold when selected
        label_width = min(widest, int(inner * 0.4))
        biggest = max(bar.count for bar in self._bars)
        count_width = normal.horizontalAdvance(str(max(biggest, 0))) + GAP
        track = max(inner - label_width - count_width - GAP, 10)
        filtering = bool(self._selected)
        for index, bar in enumerate(self._bars):
            row = self.bar_rect(index)
            selected = bar.key in self._selected
            if index == self._hovered or selected:
                shade = QColor(palette.color(QPalette.ColorRole.Highlight))
                shade.setAlpha(70 if selected else 35)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(shade)
                painter.drawRoundedRect(QRectF(row).adjusted(0, 1, 0, -1), 3, 3)
            if self.hasFocus() and index == self._current:
                pen = QPen(text_colour, 1, Qt.PenStyle.DotLine)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(QRectF(row).adjusted(0.5, 1.5, -0.5, -1.5), 3, 3)
            painter.setPen(text_colour)
            label_rect = QRect(row.left() + GAP, row.top(), label_width, row.height())
            painter.setFont(self._bold_font() if selected else self.font())
            painter.drawText(
                label_rect,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                (bold if selected else normal).elidedText(
                    bar.label, Qt.TextElideMode.ElideRight, label_width
                ),
            )
            painter.setFont(self.font())
            length = 0 if biggest <= 0 else round(track * bar.count / biggest)
            if bar.count > 0:
                length = max(length, MIN_BAR)
            colour = QColor(bar.color or palette.color(QPalette.ColorRole.Highlight))
            if index == self._hovered:
                colour = colour.lighter(115)
            if filtering and not selected:
                colour.setAlpha(90)
            bar_left = label_rect.right() + 1 + GAP
            bar_height = max(row.height() - 10, 8)
            bar_rect = QRectF(bar_left, row.top() + (row.height() - bar_height) / 2, length, bar_height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(bar_rect, 2, 2)
            painter.setPen(text_colour)
            painter.drawText(
                QRect(bar_left + length + GAP, row.top(), count_width + GAP, row.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                str(bar.count),
            )

    def _bold_font(self) -> QFont:
        bold = QFont(self.font())
        bold.setBold(True)
        return bold

    # ------------------------------------------------------------------ input

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self._set_hovered(self.bar_at(event.position().toPoint()))
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        self._set_hovered(None)
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        index = self.bar_at(event.position().toPoint())
        if event.button() != Qt.MouseButton.LeftButton or index is None:
            super().mousePressEvent(event)
            return
        self._current = index
        toggle = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        self._click(index, toggle=toggle)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        if not self._bars:
            super().keyPressEvent(event)
            return
        moves = {
            Qt.Key.Key_Up: self._current - 1,
            Qt.Key.Key_Down: self._current + 1,
            Qt.Key.Key_Home: 0,
            Qt.Key.Key_End: len(self._bars) - 1,
        }
        if key in moves:
            self._current = max(0, min(len(self._bars) - 1, moves[Qt.Key(key)]))
            self._describe()
            self.update()
        elif key == Qt.Key.Key_Space:
            self._click(self._current, toggle=True)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._click(self._current, toggle=False)
        elif key == Qt.Key.Key_Escape and self._selected:
            self.clear_selection()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.bar_at(event.pos())
            if index is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self._bar_text(self._bars[index]), self)
            return True
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        self.update()

    # ------------------------------------------------------------------ helpers

    def _click(self, index: int, *, toggle: bool) -> None:
        key = self._bars[index].key
        if toggle:
            self._selected ^= {key}
        elif self._selected == {key}:
            self._selected = set()
        else:
            self._selected = {key}
        self._selection_edited()

    def _selection_edited(self) -> None:
        self._describe()
        self.update()
        self.selection_changed.emit(self.selected())

    def _set_hovered(self, index: int | None) -> None:
        if index != self._hovered:
            self._hovered = index
            self.update()

    def _bar_text(self, bar: Bar) -> str:
        total = sum(b.count for b in self._bars)
        share = round(100 * bar.count / total) if total else 0
        return fill(self.tr("%1: %2 (%3%)"), bar.label, bar.count, share)

    def _describe(self) -> None:
        """Screen readers hear the title, every bar's count, the focused bar and the selection."""
        self.setAccessibleName(self._title or self.tr("Bar chart"))
        if not self._bars:
            self.setAccessibleDescription(self._empty_text)
            return
        parts = [fill(self.tr("%1: %2"), bar.label, bar.count) for bar in self._bars]
        text = "; ".join(parts)
        chosen = [bar.label for bar in self._bars if bar.key in self._selected]
        if chosen:
            text += ". " + fill(self.tr("Selected: %1"), ", ".join(chosen))
        current = self._bars[min(self._current, len(self._bars) - 1)]
        text += ". " + fill(self.tr("Focused: %1"), current.label)
        self.setAccessibleDescription(text)
