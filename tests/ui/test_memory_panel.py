"""The memory panel over a real translation memory: fuzzy matches, Apply, stale lookups, counts, TMX."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.translation.memory import MemoryMatch, Origin, TranslationMemory
from app.ui.translation.memory_diff import diff_parts
from app.ui.translation.memory_panel import MemoryPanel

pytestmark = pytest.mark.gui

PAIRS: list[tuple[str, str, Origin]] = [
    ("The invoice was paid on Monday.", "Die Rechnung wurde am Montag bezahlt.", "human"),
    ("Open the settings to change your password.", "Öffnen Sie die Einstellungen.", "machine"),
    ("Good morning.", "Guten Morgen.", "import"),
]


@pytest.fixture
def memory(tmp_path: Path) -> Iterator[TranslationMemory]:
    with TranslationMemory(tmp_path / "tm.sqlite") as opened:
        for source, target, origin in PAIRS:
            opened.add("en", "de", source, target, origin)
        yield opened


def make_panel(qtbot: QtBot, memory: TranslationMemory | None) -> MemoryPanel:
    panel = MemoryPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_memory(memory, "en", "de")
    idle(qtbot, panel)
    return panel


def idle(qtbot: QtBot, panel: MemoryPanel) -> None:
    qtbot.waitUntil(lambda: not panel.busy)


def test_a_near_sentence_gets_its_fuzzy_match_and_apply_sends_the_translation(
    qtbot: QtBot, memory: TranslationMemory
) -> None:
    panel = make_panel(qtbot, memory)
    assert panel.count_label.text() == "3 pair(s) for English → German"
    memory.add("en", "de", "Good night.", "Gute Nacht.", "machine")  # a run or a hand edit stored one
    assert panel.count_label.text() == "3 pair(s) for English → German"  # counted on request only
    panel.refresh_count()
    qtbot.waitUntil(lambda: panel.count_label.text() == "4 pair(s) for English → German")

    panel.show_matches_for("The invoice was paid on Tuesday.")
    idle(qtbot, panel)

    matches = panel.matches()
    assert [m.target for m in matches] == ["Die Rechnung wurde am Montag bezahlt."]
    assert 75 <= matches[0].score < 100
    item = panel.match_list.item(0)
    assert item.text().startswith(f"{round(matches[0].score)}% · confirmed\n")
    assert "Monday" in panel.diff_label.text() and "underline" in panel.diff_label.text()
    assert "Tuesday" in panel.diff_label.text() and "line-through" in panel.diff_label.text()
    assert "It has instead: Monday." in panel.diff_label.accessibleDescription()
    assert panel.apply_button.isEnabled()

    with qtbot.waitSignal(panel.apply_requested) as applied:
        qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    assert applied.args == ["Die Rechnung wurde am Montag bezahlt."]
    idle(qtbot, panel)
    used = memory.exact("en", "de", "The invoice was paid on Monday.")
    assert used is not None and used.uses == 1

    centre = panel.match_list.visualItemRect(item).center()
    qtbot.mouseClick(panel.match_list.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    with qtbot.waitSignal(panel.apply_requested) as applied:
        qtbot.mouseDClick(panel.match_list.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert applied.args == ["Die Rechnung wurde am Montag bezahlt."]


def test_an_exact_match_comes_first_and_nothing_near_says_so(qtbot: QtBot, memory: TranslationMemory) -> None:
    panel = make_panel(qtbot, memory)
    panel.show_matches_for("Good  morning.")  # spacing is forgiven
    idle(qtbot, panel)
    assert [(m.target, m.score) for m in panel.matches()] == [("Guten Morgen.", 100.0)]
    assert panel.match_list.item(0).text().startswith("100% · imported")

    panel.show_matches_for("Something else entirely, with no near sentence.")
    idle(qtbot, panel)
    assert panel.matches() == []
    assert panel.list_note.text() == "No matches of 75% or more."
    assert not panel.apply_button.isEnabled()


class GatedMemory(TranslationMemory):
    """A real memory whose lookup of one text waits for a gate: makes a lookup finish late on purpose."""

    slow_text = "The invoice was paid on Friday."

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.gate = threading.Event()
        self.slow_started = threading.Event()

    def fuzzy(
        self, source_lang: str, target_lang: str, source: str, *, threshold: float = 75, limit: int = 5
    ) -> list[MemoryMatch]:
        if source == self.slow_text:
            self.slow_started.set()
            self.gate.wait(10)
        return super().fuzzy(source_lang, target_lang, source, threshold=threshold, limit=limit)


def test_a_result_for_an_older_text_is_dropped(qtbot: QtBot, tmp_path: Path) -> None:
    memory = GatedMemory(tmp_path / "tm.sqlite")
    try:
        for source, target, origin in PAIRS:
            memory.add("en", "de", source, target, origin)
        panel = make_panel(qtbot, memory)

        panel.show_matches_for(GatedMemory.slow_text)
        assert memory.slow_started.wait(5)
        panel.show_matches_for("Open the settings to change the password.")
        qtbot.waitUntil(lambda: bool(panel.matches()))
        assert [m.target for m in panel.matches()] == ["Öffnen Sie die Einstellungen."]

        memory.gate.set()  # the older lookup finishes now, after the newer one
        idle(qtbot, panel)
        assert [m.target for m in panel.matches()] == ["Öffnen Sie die Einstellungen."]
        assert "Montag" not in panel.match_list.item(0).text()
    finally:
        memory.gate.set()
        memory.close()


def test_without_a_memory_nothing_is_looked_up(qtbot: QtBot) -> None:
    panel = make_panel(qtbot, None)
    assert panel.count_label.text() == "No translation memory is open."
    panel.show_matches_for("The invoice was paid on Tuesday.")
    assert not panel.busy
    assert panel.matches() == []
    assert not panel.files.import_button.isEnabled()


def test_a_closed_memory_is_reported_not_raised(qtbot: QtBot, tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "tm.sqlite")
    panel = make_panel(qtbot, memory)
    memory.close()
    panel.show_matches_for("The invoice was paid on Tuesday.")
    idle(qtbot, panel)
    assert panel.list_note.text().startswith("The memory could not be searched:")
    assert "closed" in panel.list_note.text()


def test_diff_parts_mark_changed_and_missing_words() -> None:
    assert diff_parts("Pay the invoice today.", "Pay the bill today.") == [
        ("same", "Pay the "),
        ("missing", "invoice"),
        ("changed", "bill"),
        ("same", " today."),
    ]
    assert diff_parts("Hello", "Hello") == [("same", "Hello")]


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
<header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="none" adminlang="en"
        srclang="en" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="en-US"><seg>The report is ready for review.</seg></tuv>
    <tuv xml:lang="de-DE"><seg>Der Bericht ist bereit zur Prüfung.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Only the source is here.</seg></tuv></tu>
</body>
</tmx>
"""


def test_tmx_import_and_export_through_the_panel(
    qtbot: QtBot, memory: TranslationMemory, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, memory)
    panel.show_matches_for("The report is ready for a review.")
    idle(qtbot, panel)
    assert panel.matches() == []
    tmx_file = tmp_path / "vendor.tmx"
    tmx_file.write_text(TMX, encoding="utf-8")

    panel.files.import_tmx_file(tmx_file)
    idle(qtbot, panel)

    result = panel.files.result_label.text()
    assert result.startswith("From vendor.tmx: 1 pair(s) added, 1 skipped. Problems: line 8: ")
    assert panel.count_label.text() == "4 pair(s) for English → German"
    assert [m.target for m in panel.matches()] == ["Der Bericht ist bereit zur Prüfung."]  # looked up again
    assert panel.match_list.item(0).text().split("\n")[0].endswith("· imported")

    out = tmp_path / "out.tmx"
    panel.files.export_tmx_file(out)
    idle(qtbot, panel)
    assert panel.files.result_label.text() == "Exported 4 pair(s) to out.tmx."
    with TranslationMemory(tmp_path / "copy.sqlite") as copy:
        other = make_panel(qtbot, copy)
        other.files.import_tmx_file(out)
        idle(qtbot, other)
        assert other.count_label.text() == "4 pair(s) for English → German"
        for source, target, _origin in [
            *PAIRS,
            ("The report is ready for review.", "Der Bericht ist bereit zur Prüfung.", "import"),
        ]:
            found = copy.exact("en", "de", source)
            assert found is not None and found.target == target


def test_a_broken_tmx_is_reported_and_nothing_is_added(
    qtbot: QtBot, memory: TranslationMemory, tmp_path: Path
) -> None:
    panel = make_panel(qtbot, memory)
    broken = tmp_path / "broken.tmx"
    broken.write_text("<tmx><body><tu>", encoding="utf-8")
    panel.files.import_tmx_file(broken)
    idle(qtbot, panel)
    assert panel.files.result_label.text().startswith("Nothing imported:")
    assert "broken.tmx" in panel.files.result_label.text()
    assert memory.count("en", "de") == len(PAIRS)
