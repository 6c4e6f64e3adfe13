"""Editing in the Translate workspace: a hand edit becomes "edited" and goes to the memory as the
user's, a fuzzy match is offered and applied, and one segment can be translated again.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.ui.translation.segment_model import EDITED, STATUS, TRANSLATED, TRANSLATION
from app.ui.workspaces.translate import TranslateWorkspace
from tests.support.ui_fakes import FakeEngine, generate_and_wait
from tests.ui.translate_helpers import RUN_TIMEOUT_MS, THREE, column, fake_translation, paste, piece

pytestmark = pytest.mark.gui


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine(fake_translation)


# ---------------------------------------------------------------- editing by hand


def test_a_hand_edit_is_marked_edited_and_stored_as_the_users(
    workspace: TranslateWorkspace, qtbot: QtBot
) -> None:
    paste(workspace, THREE)
    generate_and_wait(qtbot, workspace, RUN_TIMEOUT_MS)
    pane = workspace.segments
    pane.table.select_row(0)
    assert pane.detail.source_view.toPlainText() == "The cat sleeps on the sofa."
    assert pane.detail.source_view.isReadOnly()
    editor = pane.detail.translation_edit
    editor.setFocus()
    editor.selectAll()
    editor.insertPlainText("Die Katze schläft auf dem Sofa.")  # QTest types ASCII only
    with qtbot.waitSignal(workspace.edited, timeout=5_000):
        QTest.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Confirm
    row = pane.model.row(0)
    assert (row.translation, row.status) == ("Die Katze schläft auf dem Sofa.", EDITED)
    assert pane.shown_row() == 1  # Confirm moves on
    assert column(workspace, STATUS)[0] == "Edited"
    memory = workspace.resources.memory
    assert memory is not None

    def stored_as_human() -> bool:
        match = memory.exact("en", "de", "The cat sleeps on the sofa.")
        return match is not None and match.origin == "human" and match.target == row.translation

    qtbot.waitUntil(stored_as_human, timeout=5_000)
    # an edit in the table itself counts the same
    model = pane.model
    assert model.setData(model.index(2, TRANSLATION), "Hilfe: https://example.com")
    assert model.row(2).status == EDITED
    qtbot.waitUntil(lambda: memory.count("en", "de") >= 2, timeout=5_000)
    # Translate again only does rows without a translation: none are left
    workspace.generate()
    assert not workspace.running and "Every segment has a translation" in workspace.notices()[-1]


def test_the_memory_count_follows_hand_stored_pairs_and_runs(
    workspace: TranslateWorkspace, qtbot: QtBot
) -> None:
    label = workspace.segments.memory_panel.count_label
    qtbot.waitUntil(lambda: label.text() == "0 pair(s) for English → German", timeout=5_000)
    paste(workspace, THREE)
    model = workspace.segments.model
    assert model.setData(model.index(0, TRANSLATION), "Die Katze schläft auf dem Sofa.")
    qtbot.waitUntil(lambda: label.text() == "1 pair(s) for English → German", timeout=5_000)
    generate_and_wait(qtbot, workspace, RUN_TIMEOUT_MS)  # the two other rows go to the memory
    qtbot.waitUntil(lambda: label.text() == "3 pair(s) for English → German", timeout=5_000)


def test_a_fuzzy_memory_match_is_offered_and_applied(workspace: TranslateWorkspace, qtbot: QtBot) -> None:
    memory = workspace.resources.memory
    assert memory is not None
    memory.add("en", "de", "The cat sleeps on the sofa.", "Die Katze schläft auf dem Sofa.", "human")
    paste(workspace, "The cat sleeps on the red sofa.\n\nSomething else entirely.")
    pane = workspace.segments
    pane.select(0)
    panel = pane.memory_panel
    qtbot.waitUntil(lambda: bool(panel.matches()), timeout=10_000)
    assert panel.matches()[0].source == "The cat sleeps on the sofa."
    panel.apply()
    row = pane.model.row(0)
    assert (row.translation, row.status) == ("Die Katze schläft auf dem Sofa.", EDITED)
    assert pane.detail.translation() == row.translation
    assert memory.exact("en", "de", "The cat sleeps on the red sofa.") is None  # not until confirmed
    pane.detail.set_translation("Die Katze schläft auf dem roten Sofa.")
    pane.confirm()
    qtbot.waitUntil(
        lambda: memory.exact("en", "de", "The cat sleeps on the red sofa.") is not None, timeout=5_000
    )
    assert pane.shown_row() == 1
    qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)
    assert panel.matches() == []  # nothing close: nothing offered


def test_retranslating_one_segment_leaves_the_others(
    workspace: TranslateWorkspace, qtbot: QtBot, fake_engine: FakeEngine
) -> None:
    paste(workspace, THREE)
    generate_and_wait(qtbot, workspace, RUN_TIMEOUT_MS)
    before = column(workspace, TRANSLATION)
    fake_engine.answer = lambda request: "NEU " + piece(request)
    asked = len(fake_engine.requests)
    pane = workspace.segments
    pane.select(1)
    pane.table.setFocus()
    with qtbot.waitSignal(workspace.generated, timeout=RUN_TIMEOUT_MS) as done:
        QTest.keyClick(pane.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert done.args == [{"segment": "p2", "status": TRANSLATED, "model": "fake-model"}]
    assert len(fake_engine.requests) == asked + 1
    after = column(workspace, TRANSLATION)
    assert after == [before[0], "NEU Order 42 ships on Monday.", before[2]]
    assert pane.detail.translation() == "NEU Order 42 ships on Monday."  # the shown pair follows
    assert pane.retranslate_action in pane.table.actions()  # offered on right-click too
