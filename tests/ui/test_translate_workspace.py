"""The Translate workspace on pasted text: segments side by side, a run fills them and the memory, failed
checks and missed terms are flagged, the glossary editor, and the languages line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.core.translation.glossary import Glossary, Term
from app.core.translation.glossary_store import save_file
from app.ui.translation.glossary_dialog import GlossaryDialog
from app.ui.translation.segment_model import (
    CHECK_FAILED,
    EDITED,
    REUSED,
    SOURCE,
    STATUS,
    TRANSLATED,
    TRANSLATION,
)
from app.ui.workspaces.registry import WORKSPACE_ORDER
from app.ui.workspaces.translate import TranslateWorkspace
from tests.support.ui_fakes import FakeEngine, generate_and_wait
from tests.ui.translate_helpers import (
    FIVE,
    MARKDOWN,
    RUN_TIMEOUT_MS,
    THREE,
    GatedEngine,
    column,
    fake_translation,
    paste,
    sources_sent,
    statuses,
)

pytestmark = pytest.mark.gui


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine(fake_translation)


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
