"""The main window around the workspaces: drafts that come back, custom tasks, errors, export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from pytestqt.qtbot import QtBot

from app.core.engine.llama_engine import LlamaEngine, LoadOptions
from app.core.engine.types import CancelToken, Engine, EngineError, GenerationRequest, SamplingOptions
from app.core.runtime import Runtime
from app.core.tasks.events import Emit
from app.core.tasks.streaming import stream_text
from app.ui.drafts.export_actions import export_document
from app.ui.launch import AppParts, build_app
from app.ui.task_editor import TaskEditorDialog
from app.ui.workspaces.product import ProductWorkspace

pytestmark = [pytest.mark.gui]


@pytest.fixture
def idle_parts(qtbot: QtBot) -> Iterator[AppParts]:
    """The window without a model: enough for drafts, tasks and export."""
    app_parts = build_app(Runtime.open(), load_model=False)
    qtbot.addWidget(app_parts.window)
    app_parts.window.show()
    yield app_parts
    app_parts.shutdown()


def test_drafts_come_back_after_a_restart(qtbot: QtBot) -> None:
    first = build_app(Runtime.open(), load_model=False)
    qtbot.addWidget(first.window)
    workspace = first.window.show_workspace("product")
    assert isinstance(workspace, ProductWorkspace)
    workspace.form.set_values({"name": "Ceramic mug", "features": ["holds 350 ml", "dishwasher safe"]})
    workspace.title_edit.setText("The mug you reach for first")
    qtbot.waitUntil(lambda: first.window.draft_ids["product"] is not None, timeout=5_000)
    draft_id = first.window.draft_ids["product"]
    assert draft_id is not None
    qtbot.waitUntil(
        lambda: first.library.get(draft_id).outputs.get("title") == "The mug you reach for first",
        timeout=5_000,
    )
    first.window.close()
    first.shutdown()

    second = build_app(Runtime.open(), load_model=False)
    qtbot.addWidget(second.window)
    try:
        reopened = second.window.workspaces["product"]
        assert isinstance(reopened, ProductWorkspace)
        qtbot.waitUntil(lambda: reopened.title_edit.text() == "The mug you reach for first", timeout=5_000)
        assert reopened.form.values()["features"] == ["holds 350 ml", "dishwasher safe"]
        assert second.window.draft_ids["product"] == draft_id
    finally:
        second.shutdown()


def test_opening_a_draft_from_the_library_switches_workspace(idle_parts: AppParts, qtbot: QtBot) -> None:
    draft = idle_parts.library.create("rewrite", "Old text", {"mode": "grammar"}, {"text": "Hello wrold."})
    window = idle_parts.window
    window.show_workspace("product")
    window.open_draft(draft)
    assert window.current_flow() == "rewrite"
    assert window.workspaces["rewrite"].outputs() == {"text": "Hello wrold."}
    assert window.draft_ids["rewrite"] == draft.id


def test_a_custom_task_is_saved_and_used(idle_parts: AppParts, qtbot: QtBot, isolated_home: Path) -> None:
    window = idle_parts.window
    window.show_workspace("product")
    dialog = TaskEditorDialog(window.tasks, window.workspaces["product"].task, window)
    qtbot.addWidget(dialog)
    # a mistake is shown and nothing is used
    dialog.editor.setPlainText("flow = [unclosed")
    dialog.save()
    assert not dialog.error.isHidden() and "TOML" in dialog.error.text()
    original = window.tasks.get("product")
    dialog.editor.setPlainText(
        dialog_table_text(original).replace("expert e-commerce copywriter", "copywriter for a tea shop")
    )
    dialog.name_edit.setText("Tea shop copy")
    with qtbot.waitSignal(dialog.task_saved) as saved:
        dialog.save()
    task = saved.args[0] if saved.args else None
    assert task is not None and not task.builtin and task.based_on == "product"
    assert "tea shop" in task.prompts["system"]
    assert (isolated_home / "data" / "tasks" / f"{task.id}.toml").is_file()
    window.use_task(task)
    assert window.workspaces["product"].task.id == task.id
    combo_ids = [window.task_combo.itemData(i) for i in range(window.task_combo.count())]
    assert combo_ids == ["product", task.id]


def dialog_table_text(task: object) -> str:
    import tomli_w

    from app.core.tasks.definitions import TaskDefinition, task_to_table

    assert isinstance(task, TaskDefinition)
    table = task_to_table(task)
    table.pop("name")
    return tomli_w.dumps(table, multiline_strings=True)


def test_export_of_a_product_draft_to_word(idle_parts: AppParts, qtbot: QtBot, tmp_path: Path) -> None:
    workspace = idle_parts.window.show_workspace("product")
    assert isinstance(workspace, ProductWorkspace)
    workspace.form.set_values({"name": "Lamp", "features": ["warm"], "channel": "amazon"})
    workspace.load_outputs(
        {"title": "Warm lamp", "bullets": ["Soft light", "USB-C"], "description": "A lamp."}
    )
    target = tmp_path / "lamp.docx"
    assert export_document(
        idle_parts.window, idle_parts.window.background, workspace.export_document(), "lamp", path=target
    )
    qtbot.waitUntil(target.exists, timeout=10_000)
    document = docx.Document(str(target))
    texts = [p.text for p in document.paragraphs]
    assert "Warm lamp" in texts and "Soft light" in texts and "A lamp." in texts


@pytest.mark.model
def test_a_model_error_mid_generation_keeps_the_partial_text(qtbot: QtBot, starter_model_path: Path) -> None:
    parts = build_app(Runtime.open(), load_model=False)
    qtbot.addWidget(parts.window)
    try:
        with qtbot.waitSignal(parts.bridge.model_loaded, timeout=60_000):
            parts.bridge.load_model(
                starter_model_path.stem,
                lambda: LlamaEngine.load(starter_model_path, LoadOptions(context_size=1024)),
            )
        workspace = parts.window.show_workspace("product")
        assert isinstance(workspace, ProductWorkspace)

        def failing_job(engine: Engine, cancel: CancelToken, emit: Emit) -> object:
            request = GenerationRequest.chat(
                "Name a colour.", max_tokens=12, sampling=SamplingOptions(seed=1)
            )
            stream_text(engine, request, cancel, emit, part="description")  # real text first
            raise EngineError("the GPU driver stopped responding")

        with qtbot.waitSignal(workspace.run_ended, timeout=60_000) as ended:
            workspace.start_job(failing_job)
        assert ended.args == [False]
        assert workspace.description_edit.toPlainText().strip()  # what was written stays
        assert any("GPU driver stopped responding" in n for n in workspace.notices())
        assert workspace.generate_button.isEnabled()
    finally:
        parts.shutdown()


@pytest.mark.model
def test_hand_edits_become_a_version_before_a_new_run_replaces_them(
    qtbot: QtBot, starter_model_path: Path
) -> None:
    parts = build_app(Runtime.open(), load_model=False)
    qtbot.addWidget(parts.window)
    try:
        with qtbot.waitSignal(parts.bridge.model_loaded, timeout=60_000):
            parts.bridge.load_model(
                starter_model_path.stem,
                lambda: LlamaEngine.load(starter_model_path, LoadOptions(context_size=1024)),
            )
        window = parts.window
        workspace = window.show_workspace("product")
        assert isinstance(workspace, ProductWorkspace)
        workspace.sampling = lambda: SamplingOptions(seed=9)
        workspace.form.set_values({"name": "Wool socks", "features": ["merino", "warm"], "channel": "meta"})
        workspace.title_edit.setText("My own title, written by hand")
        qtbot.waitUntil(lambda: window.draft_ids["product"] is not None, timeout=5_000)
        draft_id = window.draft_ids["product"]
        assert draft_id is not None
        with qtbot.waitSignal(workspace.generated, timeout=120_000):
            workspace.generate()
        qtbot.waitUntil(lambda: len(parts.library.versions(draft_id)) == 2, timeout=5_000)
        newest, older = parts.library.versions(draft_id)
        assert (newest.kind, older.kind) == ("generation", "edit")
        assert older.outputs["title"] == "My own title, written by hand"
        assert newest.outputs["title"] == workspace.title_edit.text()
    finally:
        parts.shutdown()
