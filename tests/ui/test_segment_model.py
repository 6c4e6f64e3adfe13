"""The segment table's model: statuses as words and colours, tooltips with the check's problems, hand edits,
and rows that survive a draft's JSON round trip."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui.theme import DARK, LIGHT, build_palette
from app.ui.translation.segment_model import (
    CHECK_FAILED,
    EDITED,
    NEW,
    REUSED,
    SOURCE,
    STATUS,
    STATUS_ROLE,
    STATUSES,
    TRANSLATED,
    TRANSLATION,
    SegmentModel,
    SegmentRow,
    rows_from_state,
    rows_to_state,
    status_colour,
)

pytestmark = pytest.mark.gui

ROWS = (
    SegmentRow("b1", "Hello world", "Hallo Welt", TRANSLATED),
    SegmentRow(
        "b2", "Visit https://x.org", "Besuchen", CHECK_FAILED, problems=("URL missing: https://x.org",)
    ),
    SegmentRow("b3", "Save the file", "Datei sichern", REUSED, term_misses=(("file", "Datei"),)),
    SegmentRow("b4", "Not yet", note="a heading"),
)


@pytest.fixture
def model(qtbot: QtBot) -> SegmentModel:
    model = SegmentModel()
    model.set_rows(ROWS)
    return model


def cell(model: SegmentModel, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> object:
    return model.data(model.index(row, column), role)


def test_rows_show_number_source_translation_and_status_words(model: SegmentModel) -> None:
    assert model.rowCount() == 4 and model.columnCount() == 4
    assert [cell(model, 0, c) for c in range(4)] == ["1", "Hello world", "Hallo Welt", "Translated"]
    assert cell(model, 1, STATUS) == "Check failed"
    assert cell(model, 2, STATUS) == "From memory · preferred term missed"
    assert cell(model, 3, STATUS) == "New"
    # screen readers get the same words as the eye
    assert cell(model, 1, STATUS, Qt.ItemDataRole.AccessibleTextRole) == "Check failed"
    assert [cell(model, r, SOURCE, STATUS_ROLE) for r in range(4)] == [TRANSLATED, CHECK_FAILED, REUSED, NEW]


def test_tooltips_list_problems_and_term_misses(model: SegmentModel) -> None:
    failed = cell(model, 1, STATUS, Qt.ItemDataRole.ToolTipRole)
    assert failed == "Check failed\nProblem: URL missing: https://x.org"
    missed = cell(model, 2, TRANSLATION, Qt.ItemDataRole.ToolTipRole)
    assert missed == "From memory\nPreferred term not used: file → Datei"
    assert cell(model, 2, TRANSLATION, Qt.ItemDataRole.BackgroundRole) is not None  # tinted
    assert cell(model, 0, TRANSLATION, Qt.ItemDataRole.BackgroundRole) is None
    assert cell(model, 3, SOURCE, Qt.ItemDataRole.ToolTipRole) == "a heading"


def test_status_colours_differ_and_follow_the_theme(model: SegmentModel) -> None:
    for scheme in (LIGHT, DARK):
        palette = build_palette(scheme)
        colours = {status: status_colour(status, palette).name() for status in STATUSES}
        assert len(set(colours.values())) == len(STATUSES), colours
        assert colours[EDITED] == palette.color(QPalette.ColorRole.Link).name()
        # the usual outcome is quiet: not the text colour, a greyed tint, readable on the base
        translated = status_colour(TRANSLATED, palette)
        assert translated != palette.color(QPalette.ColorRole.Text)
        assert translated.hslSaturationF() <= 0.31
        base = palette.color(QPalette.ColorRole.Base).lightnessF()
        assert abs(translated.lightnessF() - base) >= 0.3
    light_red = status_colour(CHECK_FAILED, build_palette(LIGHT))
    dark_red = status_colour(CHECK_FAILED, build_palette(DARK))
    assert dark_red.lightness() > light_red.lightness()  # readable on a dark background
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    shown = cell(model, 1, STATUS, Qt.ItemDataRole.ForegroundRole)
    assert isinstance(shown, QColor) and shown == status_colour(CHECK_FAILED, app.palette())


def test_editing_a_translation_in_the_table_marks_it_edited(model: SegmentModel, qtbot: QtBot) -> None:
    assert model.flags(model.index(0, TRANSLATION)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, SOURCE)) & Qt.ItemFlag.ItemIsEditable
    with qtbot.waitSignal(model.translation_edited) as edited:
        assert model.setData(model.index(1, TRANSLATION), "Besuchen Sie https://x.org")
    assert edited.args == [1]
    row = model.row(1)
    assert (row.translation, row.status, row.problems) == ("Besuchen Sie https://x.org", EDITED, ())
    assert not model.setData(model.index(1, TRANSLATION), "Besuchen Sie https://x.org")  # unchanged
    assert not model.setData(model.index(1, SOURCE), "changed")
    assert model.row(1).source == "Visit https://x.org"


def test_rows_are_found_by_key_and_updated(model: SegmentModel) -> None:
    number = model.row_of("b4")
    assert number == 3 and model.row_of("nope") is None
    model.update(number, translation="Noch nicht", status=TRANSLATED)
    assert model.count(TRANSLATED) == 2 and model.count(NEW) == 0
    with pytest.raises(ValueError, match="b1"):
        model.replace_row(0, SegmentRow("b9", "x"))
    assert model.rowCount(model.index(0, 0)) == 0 and model.rowCount(QModelIndex()) == 4


def test_rows_round_trip_through_json() -> None:
    state = json.loads(json.dumps(rows_to_state(ROWS)))
    assert tuple(rows_from_state(state)) == ROWS
    broken = [*state, "junk", {"no": "key"}, {"key": "b5", "status": "bogus", "term_misses": [["a"]]}]
    rows = rows_from_state(broken)
    assert len(rows) == 5 and rows[-1] == SegmentRow("b5", "")
    assert rows_from_state(None) == []
