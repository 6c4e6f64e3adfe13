"""The QPainter bar chart: bars drawn to scale in palette colours, selection by mouse and keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from app.ui.charts import Bar, BarChart
from app.ui.theme import DARK, LIGHT, build_palette

pytestmark = pytest.mark.gui


@pytest.fixture
def chart(qtbot: QtBot) -> BarChart:
    widget = BarChart("Sentiment")
    qtbot.addWidget(widget)
    widget.resize(400, widget.sizeHint().height())
    widget.set_bars(
        [Bar("positive", "positive", 6), Bar("neutral", "neutral", 3), Bar("negative", "negative", 0)]
    )
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _centre(chart: BarChart, index: int) -> QPoint:
    return chart.bar_rect(index).center()


def test_click_selects_one_bar_and_a_second_click_clears_it(chart: BarChart, qtbot: QtBot) -> None:
    with qtbot.waitSignal(chart.selection_changed) as first:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=_centre(chart, 1))
    assert first.args == [["neutral"]]
    with qtbot.waitSignal(chart.selection_changed) as other:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=_centre(chart, 0))
    assert other.args == [["positive"]]  # a plain click replaces the selection
    with qtbot.waitSignal(chart.selection_changed) as cleared:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=_centre(chart, 0))
    assert cleared.args == [[]]


def test_ctrl_click_adds_bars_in_chart_order(chart: BarChart, qtbot: QtBot) -> None:
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=_centre(chart, 2))
    with qtbot.waitSignal(chart.selection_changed) as both:
        qtbot.mouseClick(
            chart, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, _centre(chart, 0)
        )
    assert both.args == [["positive", "negative"]]
    assert chart.selected() == ["positive", "negative"]


def test_click_outside_the_bars_changes_nothing(chart: BarChart, qtbot: QtBot) -> None:
    below = QPoint(10, chart.bar_rect(2).bottom() + 3)
    assert chart.bar_at(below) is None
    with qtbot.assertNotEmitted(chart.selection_changed):
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=below)


def test_keyboard_moves_selects_and_clears(chart: BarChart, qtbot: QtBot) -> None:
    chart.setFocus()
    qtbot.keyClick(chart, Qt.Key.Key_Down)
    with qtbot.waitSignal(chart.selection_changed) as entered:
        qtbot.keyClick(chart, Qt.Key.Key_Return)
    assert entered.args == [["neutral"]]
    qtbot.keyClick(chart, Qt.Key.Key_End)
    with qtbot.waitSignal(chart.selection_changed) as toggled:
        qtbot.keyClick(chart, Qt.Key.Key_Space)
    assert toggled.args == [["neutral", "negative"]]
    assert "Selected: neutral, negative" in chart.accessibleDescription()
    with qtbot.waitSignal(chart.selection_changed) as cleared:
        qtbot.keyClick(chart, Qt.Key.Key_Escape)
    assert cleared.args == [[]]


def test_accessible_text_names_every_bar(chart: BarChart) -> None:
    assert chart.accessibleName() == "Sentiment"
    description = chart.accessibleDescription()
    assert "positive: 6" in description and "neutral: 3" in description and "negative: 0" in description


def test_new_bars_drop_a_selection_that_is_gone(chart: BarChart, qtbot: QtBot) -> None:
    chart.set_selected(["negative", "neutral"])
    with qtbot.waitSignal(chart.selection_changed) as dropped:
        chart.set_bars([Bar("positive", "positive", 2), Bar("neutral", "neutral", 1)])
    assert dropped.args == [["neutral"]]


def test_hover_highlights_the_bar_under_the_pointer(chart: BarChart, qtbot: QtBot) -> None:
    plain = chart.grab().toImage()
    qtbot.mouseMove(chart, _centre(chart, 1))
    qtbot.waitUntil(lambda: chart.grab().toImage() != plain, timeout=2_000)
    qtbot.mouseMove(chart, QPoint(chart.width() - 2, chart.height() - 2))
    qtbot.waitUntil(lambda: chart.grab().toImage() == plain, timeout=2_000)


@pytest.mark.parametrize("scheme", [LIGHT, DARK], ids=["light", "dark"])
def test_bars_are_drawn_to_scale_in_palette_colours(qtbot: QtBot, scheme: object) -> None:
    widget = BarChart("Topics")
    qtbot.addWidget(widget)
    palette = build_palette(scheme)  # type: ignore[arg-type]
    widget.setPalette(palette)
    widget.set_bars([Bar("price", "price", 8), Bar("quality", "quality", 4)])
    widget.resize(400, widget.sizeHint().height())
    image = widget.grab().toImage()
    highlight = palette.color(QPalette.ColorRole.Highlight)
    base = palette.color(QPalette.ColorRole.Base)

    def bar_length(index: int) -> int:
        y = widget.bar_rect(index).center().y()
        return sum(1 for x in range(image.width()) if QColor(image.pixel(x, y)) == highlight)

    long, short = bar_length(0), bar_length(1)
    assert long > 40 and abs(short * 2 - long) <= 2  # 8 and 4: half the length
    assert QColor(image.pixel(widget.width() // 2, 3)) == base  # the panel uses the theme's base colour


def test_empty_chart_says_so(qtbot: QtBot) -> None:
    widget = BarChart("Topics")
    qtbot.addWidget(widget)
    widget.set_empty_text("Nothing yet")
    assert widget.accessibleDescription() == "Nothing yet"
    assert widget.bar_at(QPoint(20, 40)) is None
