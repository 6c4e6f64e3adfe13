"""The drafts panel, autosave, version history and export, driven against a real library on disk.

Library calls run on worker threads, so the tests wait for what the user would see (rows in the list,
a signal, a file) instead of assuming an order.
"""

from __future__ import annotations

import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.core.documents import (
    Draft,
    DraftLibrary,
    DraftNotFoundError,
    ExportDocument,
    LibraryError,
    document_from_text,
)
from app.ui import notify
from app.ui.background import Background
from app.ui.drafts import Autosaver, DraftsPanel, VersionsDialog, copy_as_rich_text, export_document
from app.ui.drafts.drafts_panel import relative_time
from app.ui.drafts.versions_dialog import meta_summary, outputs_preview

pytestmark = pytest.mark.gui

TASKS = {"product": "Product description", "blog": "Blog post"}


@pytest.fixture
def library(tmp_path: Path) -> Iterator[DraftLibrary]:
    opened = DraftLibrary.open(tmp_path / "drafts.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    """A window stand-in to own autosavers and background helpers."""
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Message boxes answered at once; (title, text) of each is kept."""
    shown: list[tuple[str, str]] = []

    def warn(_parent: QWidget, title: str, text: str) -> None:
        shown.append((title, text))

    monkeypatch.setattr(notify, "show_warning", warn)
    return shown


def answer_questions(monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def ask(_parent: QWidget, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", ask)
    return asked


def open_panel(qtbot: QtBot, library: DraftLibrary) -> DraftsPanel:
    panel = DraftsPanel(library, TASKS)
    qtbot.addWidget(panel)
    panel.show()
    return panel


@pytest.fixture
def make_panel(qtbot: QtBot, library: DraftLibrary) -> Iterator[Callable[[], DraftsPanel]]:
    panels: list[DraftsPanel] = []

    def make() -> DraftsPanel:
        panels.append(open_panel(qtbot, library))
        return panels[-1]

    yield make
    for panel in panels:
        panel.shutdown()


def wait_listed(qtbot: QtBot, panel: DraftsPanel, ids: list[int]) -> None:
    qtbot.waitUntil(lambda: panel.shown_ids() == ids, timeout=3000)


def select(panel: DraftsPanel, draft_id: int) -> None:
    panel.select_draft(draft_id)
    assert panel.selected_id() == draft_id


def seed(library: DraftLibrary) -> list[Draft]:
    """Three drafts, oldest first."""
    return [
        library.create("product", "Müsli bar launch", outputs={"text": "Crunchy oats, no sugar."}),
        library.create("blog", "Café opening", inputs={"topic": "Straße party"}),
        library.create("unknown-task", "Plain notes", outputs={"text": "Nothing special."}),
    ]


# -- the panel -----------------------------------------------------------------------------------------


def test_panel_lists_drafts_newest_first_with_task_and_age(
    qtbot: QtBot, library: DraftLibrary, make_panel: Callable[[], DraftsPanel]
) -> None:
    muesli, cafe, notes = seed(library)
    panel = make_panel()
    wait_listed(qtbot, panel, [notes.id, cafe.id, muesli.id])
    texts = [panel.draft_list.item(row).text() for row in range(3)]
    assert texts[1].splitlines() == ["Café opening", "Blog post · edited just now"]
    assert texts[2].startswith("Müsli bar launch\nProduct description")
    assert "unknown-task" in texts[0]
    assert not panel.empty_label.isVisible()


def test_an_empty_library_says_so(qtbot: QtBot, make_panel: Callable[[], DraftsPanel]) -> None:
    panel = make_panel()
    qtbot.waitUntil(lambda: not panel._background.busy)
    assert panel.shown_ids() == []
    assert panel.empty_label.isVisible()
    assert "No drafts yet" in panel.empty_label.text()


def test_search_filters_as_you_type_in_one_query(
    qtbot: QtBot,
    library: DraftLibrary,
    make_panel: Callable[[], DraftsPanel],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    muesli, cafe, notes = seed(library)
    panel = make_panel()
    wait_listed(qtbot, panel, [notes.id, cafe.id, muesli.id])
    queries: list[str] = []
    real_list = library.list_drafts

    def counting(search: str = "", task_id: str | None = None, trashed: bool = False) -> list[Draft]:
        queries.append(search)
        return real_list(search, task_id, trashed)

    monkeypatch.setattr(library, "list_drafts", counting)
    qtbot.keyClicks(panel.search, "MÜSLI")
    wait_listed(qtbot, panel, [muesli.id])
    assert queries == ["MÜSLI"]  # one query for the whole burst of keys

    panel.search.setText("straße")
    wait_listed(qtbot, panel, [cafe.id])
    panel.search.setText(unicodedata.normalize("NFD", "café"))
    wait_listed(qtbot, panel, [cafe.id])
    panel.search.setText("oats")
    wait_listed(qtbot, panel, [muesli.id])
    panel.search.setText("zzz")
    wait_listed(qtbot, panel, [])
    assert "zzz" in panel.empty_label.text()
    panel.search.clear()
    wait_listed(qtbot, panel, [notes.id, cafe.id, muesli.id])


def test_rename_asks_for_the_title_and_keeps_the_draft_selected(
    qtbot: QtBot,
    library: DraftLibrary,
    make_panel: Callable[[], DraftsPanel],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    muesli, cafe, notes = seed(library)
    panel = make_panel()
    wait_listed(qtbot, panel, [notes.id, cafe.id, muesli.id])
    select(panel, cafe.id)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Ignored", False))
    qtbot.mouseClick(panel.rename_button, Qt.MouseButton.LeftButton)
    assert library.get(cafe.id).title == "Café opening"

    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("  Grand café 🎉  ", True))
    qtbot.mouseClick(panel.rename_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.draft_list.item(0).text().startswith("Grand café 🎉\n"), timeout=3000)
    assert library.get(cafe.id).title == "Grand café 🎉"
    assert panel.selected_id() == cafe.id


def test_duplicate_lists_and_selects_the_copy(
    qtbot: QtBot, library: DraftLibrary, make_panel: Callable[[], DraftsPanel]
) -> None:
    muesli, cafe, notes = seed(library)
    panel = make_panel()
    wait_listed(qtbot, panel, [notes.id, cafe.id, muesli.id])
    select(panel, muesli.id)
    qtbot.mouseClick(panel.duplicate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(panel.shown_ids()) == 4, timeout=3000)
    copy_id = panel.shown_ids()[0]
    assert panel.selected_id() == copy_id
    copy = library.get(copy_id)
    assert copy.title == "Müsli bar launch (copy)"
    assert copy.outputs == muesli.outputs


def test_delete_key_moves_to_trash_and_tells_the_window(
    qtbot: QtBot, library: DraftLibrary, make_panel: Callable[[], DraftsPanel]
) -> None:
    muesli, cafe, notes = seed(library)
    panel = make_panel()
    wait_listed(qtbot, panel, [notes.id, cafe.id, muesli.id])
    select(panel, cafe.id)
    with qtbot.waitSignal(panel.draft_trashed, timeout=3000) as trashed:
        qtbot.keyClick(panel.draft_list, Qt.Key.Key_Delete)
    assert trashed.args == [cafe.id]
    wait_listed(qtbot, panel, [notes.id, muesli.id])
    assert library.get(cafe.id).in_trash

    panel.trash_toggle.click()
    wait_listed(qtbot, panel, [cafe.id])
    assert "trashed just now" in panel.draft_list.item(0).text()
    assert panel.restore_button.isVisible()
    assert not panel.trash_button.isVisible()


def test_trash_view_restores_deletes_forever_and_empties_after_asking(
    qtbot: QtBot,
    library: DraftLibrary,
    make_panel: Callable[[], DraftsPanel],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drafts = seed(library)
    extra = library.create("blog", "Fourth")
    for draft in [*drafts, extra]:
        library.trash(draft.id)
    muesli, cafe, notes = drafts
    panel = make_panel()
    wait_listed(qtbot, panel, [])
    panel.trash_toggle.click()
    wait_listed(qtbot, panel, [extra.id, notes.id, cafe.id, muesli.id])

    select(panel, cafe.id)
    qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    wait_listed(qtbot, panel, [extra.id, notes.id, muesli.id])
    assert not library.get(cafe.id).in_trash

    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.No)
    select(panel, notes.id)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert "Plain notes" in asked[0]
    qtbot.wait(100)
    assert library.get(notes.id).in_trash

    answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.keyClick(panel.draft_list, Qt.Key.Key_Delete)  # in the trash view: delete forever
    wait_listed(qtbot, panel, [extra.id, muesli.id])
    with pytest.raises(DraftNotFoundError):
        library.get(notes.id)

    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(panel.empty_trash_button, Qt.MouseButton.LeftButton)
    assert "2 drafts" in asked[0]
    wait_listed(qtbot, panel, [])
    assert library.list_drafts(trashed=True) == []
    assert "trash is empty" in panel.empty_label.text()

    panel.trash_toggle.click()
    wait_listed(qtbot, panel, [cafe.id])


def test_opening_reads_the_draft_as_stored_now(
    qtbot: QtBot, library: DraftLibrary, make_panel: Callable[[], DraftsPanel]
) -> None:
    muesli, cafe, notes = seed(library)
    panel = make_panel()
    panel.select_draft(muesli.id)  # before the list has arrived
    wait_listed(qtbot, panel, [notes.id, cafe.id, muesli.id])
    assert panel.selected_id() == muesli.id
    library.save(muesli.id, outputs={"text": "Changed after listing."})
    with qtbot.waitSignal(panel.draft_opened, timeout=3000) as opened:
        qtbot.keyClick(panel.draft_list, Qt.Key.Key_Return)
    draft = opened.args[0]
    assert isinstance(draft, Draft)
    assert draft.outputs == {"text": "Changed after listing."}


def test_library_errors_are_shown_not_raised(
    qtbot: QtBot,
    library: DraftLibrary,
    make_panel: Callable[[], DraftsPanel],
    monkeypatch: pytest.MonkeyPatch,
    message_boxes: list[tuple[str, str]],
) -> None:
    muesli, cafe, notes = seed(library)
    panel = make_panel()
    wait_listed(qtbot, panel, [notes.id, cafe.id, muesli.id])

    def full(_draft_id: int) -> Draft:
        raise LibraryError("The disk is full, so the change was not saved.")

    monkeypatch.setattr(library, "duplicate", full)
    select(panel, cafe.id)
    qtbot.mouseClick(panel.duplicate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(message_boxes), timeout=3000)
    assert message_boxes == [("Could not duplicate", "The disk is full, so the change was not saved.")]
    assert panel.shown_ids() == [notes.id, cafe.id, muesli.id]


def test_relative_time_reads_naturally() -> None:
    now = 1_700_000_000.0
    assert relative_time(now - 5, now) == "just now"
    assert relative_time(now + 30, now) == "just now"
    assert relative_time(now - 5 * 60, now) == "5 min ago"
    assert relative_time(now - 3 * 3600, now) == "3 h ago"
    assert relative_time(now - 30 * 3600, now) == "yesterday"
    assert relative_time(now - 4 * 86_400, now) == "4 days ago"
    assert "2023" in relative_time(now - 40 * 86_400, now)


# -- autosave ------------------------------------------------------------------------------------------


def test_a_burst_of_edits_lands_as_the_latest_state_within_two_seconds(
    qtbot: QtBot, library: DraftLibrary, host: QWidget
) -> None:
    draft = library.create("blog", "Draft")
    autosaver = Autosaver(library, host)
    saves: list[int] = []
    autosaver.saved.connect(saves.append)
    for n in range(10):
        autosaver.schedule(draft.id, inputs={"topic": "t"}, outputs={"text": f"version {n}"})
        qtbot.wait(90)
    last_edit = time.monotonic()
    qtbot.waitUntil(lambda: library.get(draft.id).outputs == {"text": "version 9"}, timeout=2000)
    assert time.monotonic() - last_edit < 2.0
    assert library.get(draft.id).inputs == {"topic": "t"}
    assert len(saves) <= 2
    qtbot.waitUntil(lambda: not autosaver.pending)
    assert autosaver.close()


def test_continuous_typing_still_saves_every_two_seconds(
    qtbot: QtBot, library: DraftLibrary, host: QWidget
) -> None:
    draft = library.create("blog", "Draft")
    autosaver = Autosaver(library, host)
    saved_at: list[float] = []
    autosaver.saved.connect(lambda _id: saved_at.append(time.monotonic()))
    start = time.monotonic()
    n = 0
    while time.monotonic() - start < 3.0:
        autosaver.schedule(draft.id, inputs={}, outputs={"text": "x" * n})
        n += 1
        qtbot.wait(100)
    last_edit = time.monotonic()
    qtbot.waitUntil(lambda: library.get(draft.id).outputs == {"text": "x" * (n - 1)}, timeout=2000)
    assert time.monotonic() - last_edit < 2.0
    during = [stamp for stamp in saved_at if stamp < last_edit]
    assert during, "no save while the edits kept coming"
    gaps = [b - a for a, b in zip([start, *saved_at], saved_at, strict=False)]
    assert max(gaps) < 2.6, gaps
    assert autosaver.close()


def test_a_failed_save_is_reported_kept_and_saved_by_flush(
    qtbot: QtBot, library: DraftLibrary, host: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = library.create("blog", "Draft", outputs={"text": "old"})
    real_save = library.save
    failures = ["The disk that holds the library is full."]

    def flaky(draft_id: int, **changes: Any) -> Draft:
        if failures:
            raise LibraryError(failures.pop())
        return real_save(draft_id, **changes)

    monkeypatch.setattr(library, "save", flaky)
    autosaver = Autosaver(library, host, delay_ms=50)
    states: list[str] = []
    autosaver.state_changed.connect(states.append)
    with qtbot.waitSignal(autosaver.save_failed, timeout=3000) as failed:
        autosaver.schedule(draft.id, inputs={}, outputs={"text": "new"}, title="Kept title")
    assert failed.args == [draft.id, "The disk that holds the library is full."]
    assert states[-1] == "Not saved: The disk that holds the library is full."
    assert autosaver.pending == {draft.id}
    assert library.get(draft.id).outputs == {"text": "old"}

    assert autosaver.flush()
    stored = library.get(draft.id)
    assert (stored.title, stored.outputs) == ("Kept title", {"text": "new"})
    assert autosaver.pending == frozenset()
    assert states[-1] == "Saved"
    assert autosaver.close()


def test_the_next_edit_retries_a_failed_save_without_losing_its_title(
    qtbot: QtBot, library: DraftLibrary, host: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = library.create("blog", "Draft")
    real_save = library.save
    failures = ["read-only"]

    def flaky(draft_id: int, **changes: Any) -> Draft:
        if failures:
            raise LibraryError(failures.pop())
        return real_save(draft_id, **changes)

    monkeypatch.setattr(library, "save", flaky)
    autosaver = Autosaver(library, host, delay_ms=50)
    with qtbot.waitSignal(autosaver.save_failed, timeout=3000):
        autosaver.schedule(draft.id, inputs={}, outputs={"text": "one"}, title="Renamed")
    with qtbot.waitSignal(autosaver.saved, timeout=3000):
        autosaver.schedule(draft.id, inputs={}, outputs={"text": "two"})
    stored = library.get(draft.id)
    assert (stored.title, stored.outputs) == ("Renamed", {"text": "two"})
    assert autosaver.close()


def test_writes_never_overlap_and_land_in_order(
    qtbot: QtBot, library: DraftLibrary, host: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = library.create("blog", "First")
    second = library.create("blog", "Second")
    real_save = library.save
    active: list[int] = []
    most_at_once = 0
    written: list[tuple[int, str]] = []
    lock = threading.Lock()

    def slow(draft_id: int, **changes: Any) -> Draft:
        nonlocal most_at_once
        with lock:
            active.append(draft_id)
            most_at_once = max(most_at_once, len(active))
        time.sleep(0.15)
        try:
            return real_save(draft_id, **changes)
        finally:
            with lock:
                active.remove(draft_id)
                written.append((draft_id, changes["outputs"]["text"]))

    monkeypatch.setattr(library, "save", slow)
    autosaver = Autosaver(library, host, delay_ms=20)
    autosaver.schedule(first.id, inputs={}, outputs={"text": "a1"})
    autosaver.schedule(second.id, inputs={}, outputs={"text": "b1"})
    qtbot.waitUntil(lambda: bool(active), timeout=2000)
    autosaver.schedule(first.id, inputs={}, outputs={"text": "a2"})
    assert autosaver.flush()
    assert most_at_once == 1
    assert written == [(first.id, "a1"), (second.id, "b1"), (first.id, "a2")]
    assert library.get(first.id).outputs == {"text": "a2"}
    assert autosaver.pending == frozenset()
    assert autosaver.close()


def test_flush_is_bounded_when_the_disk_hangs(
    qtbot: QtBot, library: DraftLibrary, host: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = library.create("blog", "Draft")
    real_save = library.save
    release = threading.Event()

    def hanging(draft_id: int, **changes: Any) -> Draft:
        release.wait(5)
        return real_save(draft_id, **changes)

    monkeypatch.setattr(library, "save", hanging)
    autosaver = Autosaver(library, host)
    autosaver.schedule(draft.id, inputs={}, outputs={"text": "late"})
    started = time.monotonic()
    assert not autosaver.flush(timeout_s=0.3)
    assert time.monotonic() - started < 1.0
    assert autosaver.pending == {draft.id}
    with qtbot.waitSignal(autosaver.saved, timeout=3000):
        release.set()
    assert library.get(draft.id).outputs == {"text": "late"}
    assert autosaver.close()


def test_the_caller_may_change_its_dicts_after_scheduling(library: DraftLibrary, host: QWidget) -> None:
    draft = library.create("blog", "Draft")
    autosaver = Autosaver(library, host)
    outputs: dict[str, Any] = {"bullets": ["one"]}
    autosaver.schedule(draft.id, inputs={}, outputs=outputs)
    outputs["bullets"].append("two")
    assert autosaver.close()
    assert library.get(draft.id).outputs == {"bullets": ["one"]}


# -- versions ------------------------------------------------------------------------------------------


def test_versions_dialog_lists_previews_and_restores(
    qtbot: QtBot, library: DraftLibrary, message_boxes: list[tuple[str, str]]
) -> None:
    old_outputs = {"headline": "Oats, reimagined", "key_points": ["No sugar", "Crunchy"]}
    draft = library.create("product", "Müsli", outputs=old_outputs)
    library.checkpoint(draft.id, "generation", {"model": "SmolLM2-135M", "seed": 42})
    library.save(draft.id, outputs={"headline": "Newer words", "key_points": []})
    library.checkpoint(draft.id, "edit")
    dialog = VersionsDialog(library, draft.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.version_list.count() == 2, timeout=3000)
    newest, oldest = (dialog.version_list.item(row).text() for row in range(2))
    assert newest.startswith("Edited · ")
    assert oldest.startswith("Generated · ")
    assert "model SmolLM2-135M, seed 42" in oldest
    assert "Newer words" in dialog.preview.toPlainText()

    dialog.version_list.setCurrentRow(1)
    assert dialog.preview.toPlainText() == "Headline\nOats, reimagined\n\nKey points\n• No sugar\n• Crunchy"
    with qtbot.waitSignal(dialog.restored, timeout=3000) as restored:
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    draft_after = restored.args[0]
    assert isinstance(draft_after, Draft)
    assert draft_after.outputs == old_outputs
    assert library.get(draft.id).outputs == old_outputs
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert message_boxes == []


def test_versions_dialog_for_a_missing_draft_says_so(
    qtbot: QtBot, library: DraftLibrary, message_boxes: list[tuple[str, str]]
) -> None:
    dialog = VersionsDialog(library, 999)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(message_boxes), timeout=3000)
    assert "999" in message_boxes[0][1]
    assert not dialog.restore_button.isEnabled()


def test_version_summaries_and_previews() -> None:
    assert meta_summary({}) == ""
    assert meta_summary({"restored_from": 7}) == "from version 7"
    assert meta_summary({"seed": 1, "model": "M", "other": "x"}) == "model M, seed 1"
    assert meta_summary({"engine": "remote", "nested": {"a": 1}}) == "engine remote"
    assert outputs_preview({"text": "Just text"}) == "Just text"
    assert outputs_preview({}) == "(This version has no text yet.)"
    assert outputs_preview({"faq": [{"q": "Why?", "a": "Because."}]}) == "Faq\n• Q: Why?\n  A: Because."


# -- export --------------------------------------------------------------------------------------------

DOC = document_from_text("Spring menu", "## Starters\n\n- Soup\n- Salad\n\nAll day, every day.")


@pytest.mark.parametrize(
    ("suffix", "check"),
    [
        ("md", lambda data: data.startswith(b"# Spring menu\n\n## Starters\n\n- Soup")),
        ("html", lambda data: b"<h1>Spring menu</h1>" in data and b"<li>Salad</li>" in data),
        ("txt", lambda data: data.startswith(b"Spring menu\n\nStarters")),
        ("docx", lambda data: data.startswith(b"PK")),
    ],
)
def test_export_writes_each_format(
    qtbot: QtBot, host: QWidget, tmp_path: Path, suffix: str, check: Callable[[bytes], bool]
) -> None:
    background = Background(host)
    messages: list[str] = []
    target = tmp_path / "out" / f"menu.{suffix}"
    assert export_document(host, background, DOC, "Spring menu", path=target, status=messages.append)
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert messages == [f"Exported to {target}"]
    assert check(target.read_bytes())


def test_export_problems_are_shown(
    qtbot: QtBot, host: QWidget, tmp_path: Path, message_boxes: list[tuple[str, str]]
) -> None:
    background = Background(host)
    assert export_document(host, background, DOC, "x", path=tmp_path / "menu.pdf")
    qtbot.waitUntil(lambda: bool(message_boxes), timeout=3000)
    title, text = message_boxes[0]
    assert title == "Export failed"
    assert "menu.pdf" in text


def test_export_asks_where_and_adds_the_chosen_suffix(
    qtbot: QtBot, host: QWidget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    background = Background(host)
    suggested: list[str] = []

    def choose(_parent: QWidget, _caption: str, start: str, *_args: object) -> tuple[str, str]:
        suggested.append(start)
        return str(tmp_path / "menu"), "Web page (*.html *.htm)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    messages: list[str] = []
    assert export_document(host, background, DOC, 'Menu: "spring"/summer', status=messages.append)
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert Path(suggested[0]).name == "Menu spring summer.md"
    assert (tmp_path / "menu.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: ("", ""))
    assert not export_document(host, background, DOC, "menu")


def test_copy_as_rich_text_puts_html_and_plain_text_on_the_clipboard(qtbot: QtBot) -> None:
    copy_as_rich_text(ExportDocument("Title", DOC.blocks))
    clipboard = QGuiApplication.clipboard()
    try:
        mime = clipboard.mimeData()
        assert mime.hasHtml()
        assert mime.hasText()
        assert "<h1>Title</h1>" in mime.html()
        assert "<li>Soup</li>" in mime.html()
        assert mime.text().startswith("Title\n\nStarters\n\n- Soup")
    finally:
        # The offscreen platform's clipboard still owning this data when QApplication is destroyed at
        # interpreter exit crashes the test process after every test has passed.
        clipboard.clear()


# -- accessibility -------------------------------------------------------------------------------------


def interactive(widget: QWidget) -> bool:
    return (
        isinstance(
            widget, QAbstractButton | QComboBox | QAbstractSpinBox | QLineEdit | QTabBar | QAbstractItemView
        )
        or widget.focusPolicy() != Qt.FocusPolicy.NoFocus
    )


def unnamed(root: QWidget) -> list[str]:
    checked = [w for w in root.findChildren(QWidget) if interactive(w)]
    assert checked
    return [f"{type(w).__name__} {w.objectName()!r}" for w in checked if not w.accessibleName().strip()]


def test_every_interactive_widget_has_an_accessible_name(
    qtbot: QtBot, library: DraftLibrary, make_panel: Callable[[], DraftsPanel]
) -> None:
    draft = library.create("blog", "Draft")
    library.checkpoint(draft.id, "edit")
    panel = make_panel()
    wait_listed(qtbot, panel, [draft.id])
    assert unnamed(panel) == []
    assert panel.accessibleName()
    dialog = VersionsDialog(library, draft.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.version_list.count() == 1, timeout=3000)
    assert unnamed(dialog) == []
    assert dialog.accessibleName()
