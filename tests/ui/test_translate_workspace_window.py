"""The Translate workspace in the window: its shortcut and Ctrl+Enter, then a Markdown file end to end
with the real model.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.core.engine.llama_engine import LlamaEngine
from app.core.formats.registry import open_document
from app.core.runtime import Runtime
from app.ui.launch import build_app
from app.ui.translation.segment_model import CHECK_FAILED, EDITED, TRANSLATED
from app.ui.workspaces.translate import TranslateWorkspace
from tests.core.tasks.helpers import LentEngine
from tests.ui.translate_helpers import paste

pytestmark = pytest.mark.gui


MODEL_TIMEOUT_MS = 300_000


# ---------------------------------------------------------------- in the window


def test_in_the_window_ctrl_4_opens_it_and_ctrl_enter_confirms_a_segment(qtbot: QtBot) -> None:
    parts = build_app(Runtime.open(), load_model=False)
    qtbot.addWidget(parts.window)
    try:
        window = parts.window
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
        QTest.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
        assert window.current_flow() == "translate"
        workspace = window.current_workspace()
        assert isinstance(workspace, TranslateWorkspace)
        paste(workspace, "One line.\n\nAnother line.")
        pane = workspace.segments
        pane.select(0)
        editor = pane.detail.translation_edit
        editor.setFocus()
        editor.insertPlainText("Eine Zeile.")
        QTest.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert pane.model.row(0).status == EDITED  # the editor's Ctrl+Enter, not the window's Generate
        assert pane.shown_row() == 1
        qtbot.waitUntil(lambda: window.draft_ids["translate"] is not None, timeout=10_000)
    finally:
        parts.window.close()  # as quitting does: the last edits are saved first
        parts.shutdown()


# ---------------------------------------------------------------- the real model, in the window


@pytest.mark.model
@pytest.mark.slow
def test_real_model_translates_a_markdown_file_in_the_window(
    qtbot: QtBot, engine: LlamaEngine, tmp_path: Path
) -> None:
    parts = build_app(Runtime.open(), load_model=False)
    qtbot.addWidget(parts.window)
    try:
        parts.window.show()
        with qtbot.waitSignal(parts.bridge.model_loaded, timeout=60_000):
            parts.bridge.load_model("starter", lambda: LentEngine(engine))
        workspace = parts.window.show_workspace("translate")
        assert isinstance(workspace, TranslateWorkspace)
        assert "SmolLM2 135M Instruct writes well in: en" in workspace.bar.hint_text()
        path = tmp_path / "trip.md"
        path.write_text(
            "# Trip\n\nThe train leaves at 9 from platform 4.\n\n"
            "Bring `ticket.pdf` and 2 bottles of water.\n\nSee https://example.com/map for the route.\n",
            encoding="utf-8",
        )
        with qtbot.waitSignal(workspace.document.opened, timeout=10_000):
            workspace.open_file(path)
        total = workspace.segments.model.rowCount()
        assert total == 4
        with qtbot.waitSignal(workspace.run_ended, timeout=MODEL_TIMEOUT_MS) as ended:
            workspace.generate()
        assert ended.args == [True], workspace.notices()
        rows = workspace.segments.model.rows()
        assert all(row.status in (TRANSLATED, CHECK_FAILED) and row.translation.strip() for row in rows)
        out = tmp_path / "trip.de.md"
        with qtbot.waitSignal(workspace.document.saved, timeout=10_000):
            workspace.save_translation(out)
        saved = open_document(out)
        assert len(saved.segments) == total  # every segment is in the output, structure kept
        written = out.read_text(encoding="utf-8")
        assert "https://example.com/map" in written and "`ticket.pdf`" in written
        qtbot.waitUntil(lambda: parts.window.draft_ids["translate"] is not None, timeout=10_000)
        parts.window.autosaver.flush(timeout_s=5.0)
        draft_id = parts.window.draft_ids["translate"]
        assert draft_id is not None
        draft = parts.library.get(draft_id)
        assert len(draft.outputs["segments"]) == total  # the draft holds every row
    finally:
        parts.window.close()  # as quitting does: the last edits are saved first
        parts.shutdown()
