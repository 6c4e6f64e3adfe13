"""The Translate workspace: pasted text and files become segments side by side, a run fills them (Stop keeps
what is done, Pause holds it), hand edits become "edited" and go to the memory as the user's, one segment
can be translated again, drafts keep everything, and a Markdown file comes back with its structure; then
the same end to end in the window with the real model."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.core.engine.llama_engine import LlamaEngine
from app.core.engine.types import CancelToken, Chunk, GenerationRequest, SamplingOptions
from app.core.formats.registry import open_document
from app.core.runtime import Runtime
from app.core.tasks.definitions import TaskDefinition
from app.core.translation.glossary import Glossary, Term
from app.core.translation.glossary_store import save_file
from app.ui.engine_bridge import EngineBridge
from app.ui.launch import build_app
from app.ui.translation.glossary_dialog import GlossaryDialog
from app.ui.translation.segment_model import (
    CHECK_FAILED,
    EDITED,
    NEW,
    REUSED,
    SOURCE,
    STATUS,
    TRANSLATED,
    TRANSLATION,
)
from app.ui.workspaces.registry import WORKSPACE_ORDER
from app.ui.workspaces.translate import TranslateWorkspace
from app.ui.workspaces.translate_io import SourceSpec
from tests.core.tasks.helpers import LentEngine
from tests.support.ui_fakes import FakeEngine, generate_and_wait, running_bridge

pytestmark = pytest.mark.gui

RUN_TIMEOUT_MS = 20_000
MODEL_TIMEOUT_MS = 300_000

THREE = "The cat sleeps on the sofa.\n\nOrder 42 ships on Monday.\n\nVisit https://example.com for help.\n"
MARKDOWN = (
    "# Garden guide\n\n"
    "Water the roses every 3 days.\n\n"
    "```python\nprint('keep me')\n```\n\n"
    "Read [the notes](https://example.com/notes) before pruning.\n"
)


def piece(request: GenerationRequest) -> str:
    """The text the request asks to translate: what follows the prompt's last "Translate into …:" line."""
    user = request.messages[-1].content
    return user.rsplit("Translate into ", 1)[1].split("\n", 1)[1]


def fake_translation(request: GenerationRequest) -> str:
    """ "DE " before the text: different words, same numbers and placeholders; passes the check. A text
    with "drop-numbers" in it comes back without its digits, so its check fails every time."""
    text = piece(request)
    if "drop-numbers" in text:
        text = re.sub(r"\d", "", text)
    return "DE " + text


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine(fake_translation)


@pytest.fixture
def task(builtin_tasks: dict[str, TaskDefinition]) -> TaskDefinition:
    return builtin_tasks["translate"]


def make_workspace(
    qtbot: QtBot, task: TaskDefinition, bridge: EngineBridge, home: Path
) -> TranslateWorkspace:
    workspace = TranslateWorkspace(
        task, bridge, SamplingOptions, memory_path=home / "tm.sqlite", glossary_dir=home / "glossaries"
    )
    qtbot.addWidget(workspace)
    workspace.resize(1300, 800)
    workspace.show()
    qtbot.waitUntil(lambda: workspace.resources.memory is not None, timeout=10_000)
    return workspace


@pytest.fixture
def workspace(
    qtbot: QtBot, task: TaskDefinition, fake_bridge: EngineBridge, tmp_path: Path
) -> TranslateWorkspace:
    return make_workspace(qtbot, task, fake_bridge, tmp_path)


def paste(workspace: TranslateWorkspace, text: str) -> None:
    workspace.source_pane.paste_edit.setPlainText(text)
    workspace.resegment()  # what a short pause in typing (or pressing Translate) does


def column(workspace: TranslateWorkspace, index: int) -> list[str]:
    model = workspace.segments.model
    return [str(model.index(row, index).data()) for row in range(model.rowCount())]


def statuses(workspace: TranslateWorkspace) -> list[str]:
    return [row.status for row in workspace.segments.model.rows()]


def sources_sent(engine: FakeEngine) -> list[str]:
    return [piece(request) for request in engine.requests]


# ---------------------------------------------------------------- pasted text, a whole run


def test_pasted_text_is_translated_side_by_side(
    workspace: TranslateWorkspace, qtbot: QtBot, fake_engine: FakeEngine
) -> None:
    assert WORKSPACE_ORDER.index("translate") == WORKSPACE_ORDER.index("rewrite") + 1
    paste(workspace, THREE)
    assert column(workspace, SOURCE) == [
        "The cat sleeps on the sofa.",
        "Order 42 ships on Monday.",
        "Visit https://example.com for help.",
    ]
    assert column(workspace, STATUS) == ["New", "New", "New"]
    meta = generate_and_wait(qtbot, workspace, RUN_TIMEOUT_MS)
    assert meta["segments"] == 3 and meta["flagged"] == 0 and not meta["stopped"]
    assert column(workspace, TRANSLATION) == [
        "DE The cat sleeps on the sofa.",
        "DE Order 42 ships on Monday.",
        "DE Visit https://example.com for help.",
    ]
    assert statuses(workspace) == [TRANSLATED] * 3
    assert "3 of 3 segments translated." in workspace.progress.label.text()
    assert "https://example.com" not in "".join(sources_sent(fake_engine))  # masked for the model
    memory = workspace.resources.memory
    assert memory is not None
    stored = memory.exact("en", "de", "Order 42 ships on Monday.")
    assert stored is not None and stored.origin == "machine"
    # the same text again: every segment comes from the memory, the model is not asked
    asked = len(fake_engine.requests)
    workspace.load({"source_language": "en", "target_language": "de", "source": {"text": THREE}}, {})
    generate_and_wait(qtbot, workspace, RUN_TIMEOUT_MS)
    assert statuses(workspace) == [REUSED] * 3 and len(fake_engine.requests) == asked
    assert column(workspace, STATUS)[0] == "From memory"


def test_a_failed_check_is_flagged_with_its_problems(workspace: TranslateWorkspace, qtbot: QtBot) -> None:
    paste(workspace, "Keep drop-numbers 1234 intact.\n\nA quiet line.")
    meta = generate_and_wait(qtbot, workspace, RUN_TIMEOUT_MS)
    assert meta["flagged"] == 1
    assert statuses(workspace) == [CHECK_FAILED, TRANSLATED]
    model = workspace.segments.model
    assert column(workspace, STATUS)[0] == "Check failed"
    tooltip = str(model.index(0, STATUS).data(Qt.ItemDataRole.ToolTipRole))
    assert "1234" in tooltip and tooltip.startswith("Check failed\nProblem:")
    assert model.row(0).translation.startswith("DE Keep drop-numbers")  # the best attempt, to fix by hand
    assert "1 need a look" in workspace.progress.label.text()


def test_preferred_term_misses_are_highlighted(workspace: TranslateWorkspace, qtbot: QtBot) -> None:
    resources = workspace.resources
    resources.store.save(Glossary("en", "de", (Term("sofa", "Couch"),)))
    with qtbot.waitSignal(resources.glossary_changed, timeout=10_000):
        workspace.pair.reload_glossary()
    paste(workspace, "The cat sleeps on the sofa.")
    generate_and_wait(qtbot, workspace, RUN_TIMEOUT_MS)
    model = workspace.segments.model
    assert model.row(0).term_misses == (("sofa", "Couch"),)
    assert "preferred term missed" in column(workspace, STATUS)[0]
    assert model.index(0, TRANSLATION).data(Qt.ItemDataRole.BackgroundRole) is not None
    workspace.segments.select(0)
    assert workspace.segments.detail.source_view.extraSelections()  # "sofa" marked in the source
    workspace.segments.detail.set_translation("Die Katze schläft auf der Couch.")
    workspace.segments.confirm()
    assert model.row(0).term_misses == () and model.row(0).status == EDITED


def test_the_glossary_editor_opens_for_the_pair_and_its_terms_are_used(
    workspace: TranslateWorkspace, qtbot: QtBot, tmp_path: Path
) -> None:
    bar = workspace.bar
    QTest.mouseClick(bar.swap_button, Qt.MouseButton.LeftButton)
    assert (workspace.pair.source(), workspace.pair.target()) == ("de", "en")
    QTest.mouseClick(bar.swap_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(bar.glossary_button, Qt.MouseButton.LeftButton)
    dialog = workspace.findChild(GlossaryDialog)
    assert dialog is not None and dialog.isVisible()
    assert "German" in dialog.windowTitle() and dialog.project_radio.isHidden()  # pasted text: no project
    chosen = Glossary("en", "de", (Term("Copydesk", do_not_translate=True),))
    dialog.glossary_changed.emit(chosen)
    assert workspace.resources.glossary == chosen
    dialog.close()
    # a file may bring its own glossary, which then wins
    path = tmp_path / "guide.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    own = Glossary("en", "de", (Term("roses", "Rosen"),))
    save_file(own, tmp_path / "guide.glossary.json")
    with qtbot.waitSignal(workspace.resources.glossary_changed, timeout=10_000):
        workspace.open_file(path)
    qtbot.waitUntil(lambda: workspace.resources.glossary == own, timeout=10_000)


def test_the_model_hint_and_the_locks_while_running(
    gated: tuple[TranslateWorkspace, GatedEngine], qtbot: QtBot
) -> None:
    workspace, engine = gated
    assert "does not say which languages fake-model handles" in workspace.bar.hint_text()
    paste(workspace, FIVE)
    workspace.generate()
    bar = workspace.bar
    assert not bar.open_button.isEnabled() and not bar.target_picker.isEnabled()
    assert workspace.source_pane.paste_edit.isReadOnly()
    engine.release(10)
    qtbot.waitUntil(lambda: not workspace.running, timeout=RUN_TIMEOUT_MS)
    assert bar.open_button.isEnabled() and not workspace.source_pane.paste_edit.isReadOnly()
    bar.target_picker.set_code("fr")
    assert "new draft translates into fr" in workspace.notices()[-1]


def test_the_line_under_the_languages_names_the_unlisted_ones_and_the_bar_stays_narrow(
    workspace: TranslateWorkspace,
) -> None:
    bar = workspace.bar
    bar.set_model("SmolLM2 135M Instruct", ("en",))
    assert bar.hint_text() == (
        "SmolLM2 135M Instruct writes well in: en (English). "
        "German is not listed for it: expect weak results."
    )
    assert not bar.source_picker.hint.isVisible() and not bar.target_picker.hint.isVisible()
    assert bar.target_picker.support() == "unlisted"  # the pickers still know
    assert bar.sizeHint().width() <= 1100
    bar.source_picker.set_code("fr")
    assert "French and German are not listed for it" in bar.hint_text()
    bar.set_languages("en", "en")
    assert bar.hint_text() == "SmolLM2 135M Instruct writes well in: en (English)."
    bar.set_model("Many", ("*",))
    bar.set_languages("en", "ja")
    assert bar.hint_text() == "Many is made for translation between many languages."


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


# ---------------------------------------------------------------- stop, pause


class GatedEngine(FakeEngine):
    """Answers only when the test lets a segment through (`release`), so it can act between segments."""

    def __init__(self) -> None:
        super().__init__(fake_translation)
        self.gate = threading.Semaphore(0)
        self.waiting = 0
        """Requests that have asked for an answer (the first one may still be held at the gate)."""

    def release(self, count: int = 1) -> None:
        for _ in range(count):
            self.gate.release()

    def stream(self, request: GenerationRequest, cancel: CancelToken | None = None) -> Iterator[Chunk]:
        self.waiting += 1
        while not self.gate.acquire(timeout=0.05):
            if cancel is not None and cancel.cancelled():
                yield Chunk("", 0, 10, "cancelled")
                return
        yield from super().stream(request, cancel)


@pytest.fixture
def gated(
    qtbot: QtBot, task: TaskDefinition, tmp_path: Path
) -> Iterator[tuple[TranslateWorkspace, GatedEngine]]:
    engine = GatedEngine()
    with running_bridge(qtbot, lambda: engine) as bridge:
        yield make_workspace(qtbot, task, bridge, tmp_path), engine


FIVE = "\n\n".join(f"Paragraph number {n} is here." for n in range(1, 6))


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
