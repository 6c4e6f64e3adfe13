"""Files in the Translate workspace: a Markdown file comes back with its structure, a table asks which
columns, and a file that cannot be read loses nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.core.formats.registry import open_document
from app.ui.translation.segment_model import SOURCE
from app.ui.workspaces.translate import TranslateWorkspace
from app.ui.workspaces.translate_io import SourceSpec
from tests.support.ui_fakes import FakeEngine, generate_and_wait
from tests.ui.translate_helpers import MARKDOWN, RUN_TIMEOUT_MS, THREE, column, fake_translation, paste

pytestmark = pytest.mark.gui


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine(fake_translation)


# ---------------------------------------------------------------- files in, same files out


def test_a_markdown_file_is_opened_translated_and_saved(
    workspace: TranslateWorkspace, qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "guide.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    splitter = workspace.splitter
    assert splitter.orientation() == Qt.Orientation.Horizontal  # the pasted-text editor beside the table
    with qtbot.waitSignal(workspace.document.opened, timeout=10_000):
        workspace.open_file(path)
    assert "guide.md (Markdown): 3 segments" in workspace.source_pane.file_label.text()
    # nothing to type: the source column goes above the segments, short, and they get the room
    assert splitter.orientation() == Qt.Orientation.Vertical
    qtbot.waitUntil(lambda: splitter.sizes()[1] > 3 * splitter.sizes()[0])
    assert workspace.generate_button.isVisible() and workspace.source_pane.paste_button.isVisible()
    assert column(workspace, SOURCE) == [s.text for s in open_document(path).segments]
    generate_and_wait(qtbot, workspace, RUN_TIMEOUT_MS)
    out = tmp_path / "guide.de.md"
    with qtbot.waitSignal(workspace.document.saved, timeout=10_000):
        workspace.save_translation(out)
    written = out.read_text(encoding="utf-8")
    assert "```python\nprint('keep me')\n```" in written  # code untouched
    assert "# DE Garden guide" in written and "DE Water the roses every 3 days." in written
    assert "(https://example.com/notes)" in written
    assert path.read_text(encoding="utf-8") == MARKDOWN  # the source is never changed
    workspace.save_translation(path)
    qtbot.waitUntil(lambda: "Could not save guide.md" in workspace.notices()[-1], timeout=10_000)
    assert path.read_text(encoding="utf-8") == MARKDOWN
    assert any("Saved the translation to" in notice for notice in workspace.notices())
    exported = workspace.export_document()
    assert exported.title == "guide.md" and len(exported.blocks) == 3
    workspace.source_pane.export_both.setChecked(True)
    both = workspace.export_document()
    assert "Water the roses" in str(both.blocks[1]) and "DE Water the roses" in str(both.blocks[1])
    QTest.mouseClick(workspace.source_pane.paste_button, Qt.MouseButton.LeftButton)  # back to pasting
    assert splitter.orientation() == Qt.Orientation.Horizontal
    assert workspace.source_pane.paste_edit.isVisible()


def test_a_csv_file_asks_which_columns(workspace: TranslateWorkspace, qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "shop.csv"
    path.write_text("id,name,description\n1,Mug,A blue mug\n2,Lamp,A warm lamp\n", encoding="utf-8")
    workspace.open_file(path)
    pane = workspace.source_pane
    qtbot.waitUntil(lambda: pane.asking() == "columns", timeout=10_000)
    assert workspace.splitter.orientation() == Qt.Orientation.Horizontal  # the tall list stays beside
    names = [pane.column_list.item(i).text() for i in range(pane.column_list.count())]
    assert names == ["id", "name", "description"]
    QTest.mouseClick(pane.choice_button, Qt.MouseButton.LeftButton)  # nothing ticked
    assert "at least one column" in pane.choice_label.text()
    pane.set_columns(["description"])
    with qtbot.waitSignal(workspace.document.opened, timeout=10_000):
        QTest.mouseClick(pane.choice_button, Qt.MouseButton.LeftButton)
    assert column(workspace, SOURCE) == ["A blue mug", "A warm lamp"]
    assert workspace.inputs()["source"]["columns"] == ["description"]


def test_a_file_that_cannot_be_read_is_reported_and_nothing_is_lost(
    workspace: TranslateWorkspace, qtbot: QtBot, tmp_path: Path
) -> None:
    paste(workspace, THREE)
    rows = workspace.segments.model.rows()
    for name, content in (("notes.rtf", b"{\\rtf1 hi}"), ("empty.md", b"")):
        path = tmp_path / name
        path.write_bytes(content)
        workspace.clear_notices()
        workspace.open_file(path)
        qtbot.waitUntil(lambda: bool(workspace.notices()), timeout=10_000)
        assert name in workspace.notices()[-1]
        assert workspace.segments.model.rows() == rows  # the pasted text is still what is translated
        assert workspace.source_pane.paste_edit.isVisibleTo(workspace)
        assert workspace.inputs()["source"] == {**SourceSpec(text=THREE).state()}
