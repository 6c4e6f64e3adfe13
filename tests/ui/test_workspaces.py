"""The main window and its workspaces, driven like a user would, with the real model (offscreen Qt)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox
from pytestqt.qtbot import QtBot

from app.core.documents.export import to_plain_text
from app.core.engine.llama_engine import LlamaEngine, LoadOptions
from app.core.engine.types import SamplingOptions
from app.core.runtime import Runtime
from app.core.tasks.limits import char_count
from app.ui.launch import AppParts, build_app
from app.ui.workspaces.blog import BlogWorkspace
from app.ui.workspaces.chat import ChatWorkspace
from app.ui.workspaces.product import ProductWorkspace
from app.ui.workspaces.rewrite import RewriteWorkspace

pytestmark = [pytest.mark.gui, pytest.mark.model]

GENERATION_TIMEOUT_MS = 120_000


def _load(parts: AppParts, qtbot: QtBot, model: Path, context: int = 2048) -> None:
    with qtbot.waitSignal(parts.bridge.model_loaded, timeout=60_000):
        parts.bridge.load_model(
            model.stem, lambda: LlamaEngine.load(model, LoadOptions(context_size=context))
        )


@pytest.fixture
def parts(qtbot: QtBot, starter_model_path: Path) -> Iterator[AppParts]:
    app_parts = build_app(Runtime.open(), load_model=False)
    qtbot.addWidget(app_parts.window)
    app_parts.window.show()
    _load(app_parts, qtbot, starter_model_path)
    yield app_parts
    app_parts.shutdown()


def _no_end(parts: AppParts) -> SamplingOptions:
    """Sampling that never ends on its own, for Stop tests."""
    engine = parts.worker.engine
    assert engine is not None
    ends = engine.end_of_generation_tokens()
    return SamplingOptions(seed=7, logit_bias=dict.fromkeys(ends, -1000.0))


class ThreadProbe(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.threads: set[int] = set()

    @Slot(str, int, str)
    def record(self, *_args: object) -> None:
        self.threads.add(threading.get_ident())


def test_product_streams_parts_within_limits_and_is_saved(parts: AppParts, qtbot: QtBot) -> None:
    window = parts.window
    workspace = window.show_workspace("product")
    assert isinstance(workspace, ProductWorkspace)
    workspace.sampling = lambda: SamplingOptions(seed=3)
    probe = ThreadProbe()
    parts.bridge.text_delta.connect(probe.record)
    workspace.form.set_values(
        {"name": "Trail bottle", "features": ["keeps drinks cold 24 hours", "BPA-free"], "channel": "meta"}
    )
    with qtbot.waitSignal(workspace.generated, timeout=GENERATION_TIMEOUT_MS):
        qtbot.mouseClick(workspace.generate_button, Qt.MouseButton.LeftButton)
        assert workspace.stop_button.isEnabled()
    assert probe.threads == {threading.get_ident()}  # every update ran on the GUI thread
    outputs = workspace.outputs()
    assert outputs["title"] and outputs["description"]
    assert char_count(outputs["title"]) <= 60 and char_count(outputs["description"]) <= 155
    assert not any(edit.isVisible() for edit in workspace.bullet_edits)  # meta descriptions have no bullets
    assert workspace.description_count.text().endswith("/ 155")
    assert "tok/s" in window.speed_label.text() and window.context_meter.value() > 0
    # autosave: the draft is on disk with the generated text, and the run is a version
    qtbot.waitUntil(lambda: window.draft_ids["product"] is not None, timeout=5_000)
    draft_id = window.draft_ids["product"]
    assert draft_id is not None
    qtbot.waitUntil(
        lambda: parts.library.get(draft_id).outputs.get("title") == outputs["title"], timeout=5_000
    )
    qtbot.waitUntil(
        lambda: [v.kind for v in parts.library.versions(draft_id)] == ["generation"], timeout=5_000
    )


def test_manual_edit_is_autosaved_within_two_seconds(parts: AppParts, qtbot: QtBot) -> None:
    window = parts.window
    workspace = window.show_workspace("product")
    assert isinstance(workspace, ProductWorkspace)
    workspace.form.set_values({"name": "Lamp", "features": ["warm light"]})
    workspace.title_edit.setText("A hand-written title")
    qtbot.waitUntil(lambda: window.draft_ids["product"] is not None, timeout=5_000)
    draft_id = window.draft_ids["product"]
    assert draft_id is not None
    workspace.title_edit.setText("A better hand-written title")
    edited_at = time.monotonic()
    qtbot.waitUntil(
        lambda: parts.library.get(draft_id).outputs.get("title") == "A better hand-written title",
        timeout=5_000,
    )
    assert time.monotonic() - edited_at <= 2.5


def test_empty_required_fields_get_inline_messages(parts: AppParts, qtbot: QtBot) -> None:
    workspace = parts.window.show_workspace("product")
    workspace.form.set_values({"name": "", "features": []})
    qtbot.mouseClick(workspace.generate_button, Qt.MouseButton.LeftButton)
    assert not parts.bridge.busy
    assert workspace.form.messages["name"].isVisible()
    assert "required" in workspace.form.messages["name"].text()
    assert workspace.form.messages["features"].isVisible()


def test_stop_stops_quickly_and_variants_can_be_picked(parts: AppParts, qtbot: QtBot) -> None:
    workspace = parts.window.show_workspace("product")
    assert isinstance(workspace, ProductWorkspace)
    workspace.form.set_values({"name": "Desk lamp", "features": ["dimmable", "USB-C"], "channel": "etsy"})
    workspace.sampling = lambda: _no_end(parts)
    workspace.generate()
    qtbot.waitUntil(lambda: len(workspace.title_edit.text()) > 3, timeout=30_000)
    stopped_at = time.monotonic()
    with qtbot.waitSignal(workspace.generated, timeout=10_000):
        qtbot.keyClick(workspace.title_edit, Qt.Key.Key_Escape)
    assert time.monotonic() - stopped_at < 2.0
    assert char_count(workspace.title_edit.text()) <= 140  # the limit holds for a stopped run too

    workspace.sampling = lambda: SamplingOptions()
    workspace.variant_count.setValue(2)
    with qtbot.waitSignal(workspace.generated, timeout=GENERATION_TIMEOUT_MS) as done:
        workspace.generate()
    assert done.args is not None and done.args[0]["variants"] == 2
    assert len(set(done.args[0]["seeds"])) == 2
    assert workspace.variants_panel.isVisible()
    second = workspace.variants_panel.parts(1)
    qtbot.mouseClick(
        workspace.variants_panel.findChild(QAbstractButton, "use_variant_1"), Qt.MouseButton.LeftButton
    )
    assert workspace.title_edit.text().strip() == second["title"].strip()


def test_blog_outline_sections_stop_continue_and_regenerate(parts: AppParts, qtbot: QtBot) -> None:
    workspace = parts.window.show_workspace("blog")
    assert isinstance(workspace, BlogWorkspace)
    workspace.sampling = lambda: SamplingOptions(seed=5)
    workspace.form.set_values({"topic": "Packing for a day hike", "words": 450})
    with qtbot.waitSignal(workspace.generated, timeout=GENERATION_TIMEOUT_MS):
        workspace.generate()
    assert workspace.outline_edit.toPlainText().startswith("# ")
    # the user edits the outline: their headings are what gets written
    workspace.outline_edit.setPlainText(
        "# Day hike packing\n\n## Water\n- how much\n\n## Food\n\n## Layers\n"
    )
    assert [s.heading for s in workspace.draft.sections] == ["Water", "Food", "Layers"]

    workspace.sampling = lambda: _no_end(parts)
    workspace.write_post()
    qtbot.waitUntil(lambda: len(workspace.section_edit.toPlainText()) > 20, timeout=30_000)
    with qtbot.waitSignal(workspace.generated, timeout=10_000):
        workspace.stop()
    assert not workspace.draft.sections[0].done and workspace.write_button.text() == "Continue"

    workspace.sampling = lambda: SamplingOptions(seed=5)
    with qtbot.waitSignal(workspace.generated, timeout=GENERATION_TIMEOUT_MS * 2):
        workspace.write_post()
    assert all(section.done and section.text for section in workspace.draft.sections)
    before = [section.text for section in workspace.draft.sections]
    workspace.sections.setCurrentRow(1)
    workspace.sampling = lambda: SamplingOptions(seed=99)
    with qtbot.waitSignal(workspace.generated, timeout=GENERATION_TIMEOUT_MS):
        workspace.regenerate_section()
    after = [section.text for section in workspace.draft.sections]
    assert after[0] == before[0] and after[2] == before[2] and after[1] != before[1]
    exported = to_plain_text(workspace.export_document())
    assert "Water" in exported and "Layers" in exported


def test_rewrite_replaces_the_selection_and_one_undo_restores_it(parts: AppParts, qtbot: QtBot) -> None:
    workspace = parts.window.show_workspace("rewrite")
    assert isinstance(workspace, RewriteWorkspace)
    workspace.sampling = lambda: SamplingOptions(seed=2)
    original = (
        "Keep this first line.\n\nthis sentence have some grammer mistake in it.\n\nKeep this last line."
    )
    workspace.editor.setPlainText(original)
    start = original.index("this sentence")
    end = original.index("\n\nKeep this last")
    cursor = workspace.editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    workspace.editor.setTextCursor(cursor)
    workspace.form.set_values({"mode": "grammar"})
    with qtbot.waitSignal(workspace.generated, timeout=GENERATION_TIMEOUT_MS):
        workspace.generate()
    text = workspace.editor.toPlainText()
    assert text.startswith("Keep this first line.\n\n") and text.endswith("\n\nKeep this last line.")
    assert text != original
    workspace.editor.undo()
    assert workspace.editor.toPlainText() == original


def test_chat_keeps_history_and_says_when_turns_were_summarized(
    qtbot: QtBot, starter_model_path: Path
) -> None:
    app_parts = build_app(Runtime.open(), load_model=False)
    qtbot.addWidget(app_parts.window)
    try:
        app_parts.window.show()
        _load(app_parts, qtbot, starter_model_path, context=512)
        workspace = app_parts.window.show_workspace("chat")
        assert isinstance(workspace, ChatWorkspace)
        workspace.sampling = lambda: SamplingOptions(seed=4)
        for turn in range(8):
            if workspace.notices():
                break
            workspace.input.setPlainText(f"Question {turn}: tell me a long story about bottles and rivers.")
            with qtbot.waitSignal(workspace.run_ended, timeout=GENERATION_TIMEOUT_MS) as ended:
                qtbot.keyClick(workspace.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            assert ended.args == [True], workspace.notices()
        assert any("summarized" in notice for notice in workspace.notices()), workspace.notices()
        transcript = workspace.transcript.toPlainText()
        assert "Question 0" in transcript  # the user still sees every turn
        assert workspace.state.summary and workspace.state.summarized_turns > 0
    finally:
        app_parts.shutdown()


def test_settings_warning_is_visible_in_the_window(qtbot: QtBot, isolated_home: Path) -> None:
    settings = isolated_home / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text("not json")
    app_parts = build_app(Runtime.open(), load_model=False)
    qtbot.addWidget(app_parts.window)
    try:
        assert any("Default settings are in use" in n for n in app_parts.window.current_workspace().notices())
    finally:
        app_parts.shutdown()


def test_first_run_without_models_opens_the_model_manager(qtbot: QtBot) -> None:
    from app.ui.model_manager.dialog import ModelManagerDialog

    app_parts = build_app(Runtime.open())
    qtbot.addWidget(app_parts.window)
    try:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ModelManagerDialog)]
        assert len(dialogs) == 1 and dialogs[0].isVisible()
        assert any("No model is installed yet" in n for n in app_parts.window.current_workspace().notices())
        assert not app_parts.window.current_workspace().generate_button.isEnabled()
        dialogs[0].close()
    finally:
        app_parts.shutdown()


def test_every_control_has_an_accessible_name(parts: AppParts) -> None:
    window = parts.window
    missing: list[str] = []
    for kind in (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QSpinBox):
        for widget in window.findChildren(kind):
            if widget.objectName().startswith("qt_") or widget.parent() is None:
                continue
            if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox | QSpinBox):
                continue  # the inner editor of a combo or spin box is named through its owner
            if not widget.accessibleName():
                missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    assert not missing, missing
