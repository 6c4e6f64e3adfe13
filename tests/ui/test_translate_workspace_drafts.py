"""Translate drafts: languages, text, every row and a file's path come back; a missing file keeps them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.tasks.definitions import TaskDefinition
from app.ui.engine_bridge import EngineBridge
from app.ui.translation.segment_model import CHECK_FAILED, EDITED, TRANSLATED
from app.ui.workspaces.translate import TranslateWorkspace
from tests.support.ui_fakes import FakeEngine, generate_and_wait
from tests.ui.translate_helpers import (
    MARKDOWN,
    RUN_TIMEOUT_MS,
    fake_translation,
    make_workspace,
    paste,
    statuses,
)

pytestmark = pytest.mark.gui


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine(fake_translation)


# ---------------------------------------------------------------- drafts


def test_a_draft_round_trips_languages_text_and_every_row(
    workspace: TranslateWorkspace,
    qtbot: QtBot,
    task: TaskDefinition,
    fake_bridge: EngineBridge,
    tmp_path: Path,
) -> None:
    workspace.bar.set_languages("en", "fr")
    paste(workspace, "Keep drop-numbers 77 here.\n\nSecond line.\n\nThird line.")
    generate_and_wait(qtbot, workspace, RUN_TIMEOUT_MS)
    workspace.segments.select(2)
    workspace.segments.detail.set_translation("Troisième ligne.")
    workspace.segments.commit()
    inputs, outputs = (json.loads(json.dumps(part)) for part in (workspace.inputs(), workspace.outputs()))
    assert inputs["source_language"] == "en" and inputs["target_language"] == "fr"
    other = make_workspace(qtbot, task, fake_bridge, tmp_path / "other")
    other.load(inputs, outputs)
    assert (other.pair.source(), other.pair.target()) == ("en", "fr")
    assert other.source_pane.text() == workspace.source_pane.text()
    assert other.segments.model.rows() == workspace.segments.model.rows()
    assert statuses(other) == [CHECK_FAILED, TRANSLATED, EDITED]
    assert other.segments.model.row(0).problems  # the check's findings survive too
    assert other.draft_title() == "Keep drop-numbers 77 here."
    # a new draft keeps the language pair and starts empty
    other.load({}, {})
    assert other.segments.model.rowCount() == 0 and other.pair.target() == "fr"


def test_a_file_draft_reopens_the_file_and_keeps_the_rows(
    workspace: TranslateWorkspace,
    qtbot: QtBot,
    task: TaskDefinition,
    fake_bridge: EngineBridge,
    tmp_path: Path,
) -> None:
    path = tmp_path / "guide.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    with qtbot.waitSignal(workspace.document.opened, timeout=10_000):
        workspace.open_file(path)
    generate_and_wait(qtbot, workspace, RUN_TIMEOUT_MS)
    inputs, outputs = workspace.inputs(), workspace.outputs()
    assert inputs["source"]["path"] == str(path)
    other = make_workspace(qtbot, task, fake_bridge, tmp_path / "other")
    with qtbot.waitSignal(other.document.opened, timeout=10_000):
        other.load(inputs, outputs)
    assert other.segments.model.rows() == workspace.segments.model.rows()
    assert other.document.document is not None and other.draft_title() == "guide.md"
    # the file is gone: the rows stay, and the user is told
    path.unlink()
    third = make_workspace(qtbot, task, fake_bridge, tmp_path / "third")
    third.load(inputs, outputs)
    qtbot.waitUntil(lambda: bool(third.notices()), timeout=10_000)
    assert "guide.md" in third.notices()[-1]
    assert third.segments.model.rows() == workspace.segments.model.rows()
    assert "could not be opened" in third.source_pane.file_label.text()
    assert third.inputs()["source"]["path"] == str(path)  # kept for the next try, never dropped
    assert third.outputs() == outputs
