"""Stop and Pause in the Translate workspace: Stop keeps what is done, Pause holds the next segment."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.ui.translation.segment_model import NEW, TRANSLATED, TRANSLATION
from app.ui.workspaces.translate import TranslateWorkspace
from tests.support.ui_fakes import generate_and_wait
from tests.ui.translate_helpers import FIVE, RUN_TIMEOUT_MS, GatedEngine, column, paste, piece, statuses

pytestmark = pytest.mark.gui


# ---------------------------------------------------------------- stop, pause


def test_stop_keeps_finished_segments_and_the_next_run_does_the_rest(
    gated: tuple[TranslateWorkspace, GatedEngine], qtbot: QtBot
) -> None:
    workspace, engine = gated
    paste(workspace, FIVE)
    workspace.generate()
    engine.release(2)
    qtbot.waitUntil(lambda: statuses(workspace)[:2] == [TRANSLATED] * 2, timeout=RUN_TIMEOUT_MS)
    assert "2 of 5 segments" in workspace.progress.label.text()
    with qtbot.waitSignal(workspace.run_ended, timeout=RUN_TIMEOUT_MS):
        workspace.stop()
    assert statuses(workspace) == [TRANSLATED, TRANSLATED, NEW, NEW, NEW]
    assert column(workspace, TRANSLATION)[2:] == ["", "", ""]
    assert "Stopped: 2 of 5 segments translated" in workspace.progress.label.text()
    sent = len(engine.requests)
    engine.release(10)
    meta = generate_and_wait(qtbot, workspace, RUN_TIMEOUT_MS)
    assert meta["segments"] == 3
    assert statuses(workspace) == [TRANSLATED] * 5
    assert [piece(r) for r in engine.requests[sent:]] == [
        f"Paragraph number {n} is here." for n in (3, 4, 5)
    ]  # nothing done before went to the model again


def test_pause_holds_the_next_segment_until_resumed(
    gated: tuple[TranslateWorkspace, GatedEngine], qtbot: QtBot
) -> None:
    workspace, engine = gated
    paste(workspace, FIVE)
    pause = workspace.progress.pause_button
    assert not pause.isVisible()  # only while a run goes on
    workspace.generate()
    qtbot.waitUntil(lambda: engine.waiting == 1, timeout=RUN_TIMEOUT_MS)  # the first segment is in flight
    assert pause.isVisible() and workspace.stop_button.isEnabled()
    QTest.mouseClick(pause, Qt.MouseButton.LeftButton)
    assert pause.text() == "Resume"
    engine.release(10)  # the segment in flight finishes, the next waits
    qtbot.waitUntil(lambda: "paused" in workspace.progress.label.text(), timeout=RUN_TIMEOUT_MS)
    done = statuses(workspace).count(TRANSLATED)
    assert done == 1
    QTest.qWait(300)
    assert statuses(workspace).count(TRANSLATED) == done and workspace.running
    with qtbot.waitSignal(workspace.generated, timeout=RUN_TIMEOUT_MS):
        QTest.mouseClick(pause, Qt.MouseButton.LeftButton)  # Resume
    assert statuses(workspace) == [TRANSLATED] * 5 and not pause.isVisible()


def test_stop_while_paused_ends_the_run(gated: tuple[TranslateWorkspace, GatedEngine], qtbot: QtBot) -> None:
    workspace, engine = gated
    paste(workspace, FIVE)
    workspace.generate()
    qtbot.waitUntil(lambda: engine.waiting == 1, timeout=RUN_TIMEOUT_MS)
    QTest.mouseClick(workspace.progress.pause_button, Qt.MouseButton.LeftButton)
    engine.release(1)
    qtbot.waitUntil(lambda: "paused" in workspace.progress.label.text(), timeout=RUN_TIMEOUT_MS)
    with qtbot.waitSignal(workspace.run_ended, timeout=5_000):
        workspace.stop()
    assert statuses(workspace).count(TRANSLATED) == 1 and not workspace.running
