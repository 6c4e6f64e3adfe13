"""The drafts library in the window's sidebar: search, open, rename, duplicate, trash and restore drafts.

Every library call runs through `Background`, so a slow disk never freezes the window; answers to an older
search are dropped when a newer one was asked, so fast typing never shows stale results. Errors are shown
in a message box with the library's own words (they are written for the user) and nothing else happens.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QDateTime, QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.documents import Draft, DraftLibrary
from app.ui import notify
from app.ui.background import Background

__all__ = ["SEARCH_DELAY_MS", "DraftsPanel", "relative_time"]

SEARCH_DELAY_MS = 200
"""Typing pause before a search runs: one query per pause, not one per key."""
RELABEL_INTERVAL_MS = 60_000
"""How often "edited 5 min ago" labels move on."""
ID_ROLE = Qt.ItemDataRole.UserRole

T = TypeVar("T")


def relative_time(stamp: float, now: float) -> str:
    """A short, human age for a timestamp: "just now", "5 min ago", "3 h ago", "yesterday", a date."""
    seconds = max(0.0, now - stamp)
    if seconds < 60:
        return QCoreApplication.translate("DraftsPanel", "just now")
    if seconds < 3600:
        return QCoreApplication.translate("DraftsPanel", "{n} min ago").format(n=int(seconds // 60))
    if seconds < 86_400:
        return QCoreApplication.translate("DraftsPanel", "{n} h ago").format(n=int(seconds // 3600))
    days = int(seconds // 86_400)
    if days == 1:
        return QCoreApplication.translate("DraftsPanel", "yesterday")
    if days < 7:
        return QCoreApplication.translate("DraftsPanel", "{n} days ago").format(n=days)
    return QDateTime.fromSecsSinceEpoch(int(stamp)).toString("d MMM yyyy")


def _named(widget: QWidget, name: str, tip: str = "") -> None:
    widget.setAccessibleName(name)
    if tip:
        widget.setToolTip(tip)


class DraftsPanel(QWidget):
    """Lists drafts newest first; opening one emits `draft_opened` with the draft as stored now."""

    draft_opened = Signal(object)
    """The `Draft` the user asked to open, read fresh from the library."""
    draft_trashed = Signal(int)
    """A draft went to the trash (its id), so the window can close it if it is open."""

    def __init__(
        self, library: DraftLibrary, task_names: Mapping[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._task_names = dict(task_names)
        self._background = Background(self)
        self._drafts: list[Draft] = []
        self._request = 0
        """Number of the newest list query; answers to older ones are dropped."""
        self._want_selected: int | None = None
        self.setAccessibleName(self.tr("Drafts library"))
        self._build_controls()
        self._build_layout()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self._relabel_timer = QTimer(self)
        self._relabel_timer.setInterval(RELABEL_INTERVAL_MS)
        self._relabel_timer.timeout.connect(self._relabel)
        self._relabel_timer.start()
        self._update_controls()
        self.refresh()

    # -- building ----------------------------------------------------------------------------------

    def _build_controls(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search drafts"))
        self.search.setClearButtonEnabled(True)
        _named(self.search, self.tr("Search drafts"), self.tr("Finds words in titles, inputs and texts."))
        for button in self.search.findChildren(QToolButton):
            _named(button, self.tr("Clear search"))
        self.search.textChanged.connect(self._search_timer_restart)
        self.trash_toggle = QPushButton(self.tr("Trash"))
        self.trash_toggle.setCheckable(True)
        _named(self.trash_toggle, self.tr("Show trash"), self.tr("Show drafts moved to the trash."))
        self.trash_toggle.toggled.connect(self._view_changed)
        self.draft_list = QListWidget()
        _named(self.draft_list, self.tr("Drafts"))
        # long titles end in "…" instead of pushing a horizontal scroll bar under a narrow sidebar
        self.draft_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.draft_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.draft_list.setUniformItemSizes(True)
        self.draft_list.setSpacing(2)
        self.draft_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.draft_list.customContextMenuRequested.connect(self._context_menu)
        self.draft_list.itemActivated.connect(self._item_activated)
        self.draft_list.currentItemChanged.connect(self._update_controls)
        self.draft_list.installEventFilter(self)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setAccessibleName(self.tr("Drafts list status"))
        self.open_button = self._button(self.tr("Open"), self.tr("Open draft"), self.open_selected)
        self.rename_button = self._button(self.tr("Rename…"), self.tr("Rename draft"), self.rename_selected)
        self.duplicate_button = self._button(
            self.tr("Duplicate"), self.tr("Duplicate draft"), self.duplicate_selected
        )
        self.trash_button = self._button(
            self.tr("Move to trash"), self.tr("Move draft to trash"), self.trash_selected
        )
        self.restore_button = self._button(
            self.tr("Restore"), self.tr("Restore draft from trash"), self.restore_selected
        )
        self.delete_button = self._button(
            self.tr("Delete forever…"), self.tr("Delete draft forever"), self.delete_selected_forever
        )
        self.empty_trash_button = self._button(
            self.tr("Empty trash…"), self.tr("Empty trash"), self.empty_trash
        )

    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        _named(button, name)
        button.clicked.connect(slot)
        return button

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.trash_toggle)
        live = QHBoxLayout()
        for button in (self.open_button, self.rename_button, self.duplicate_button, self.trash_button):
            live.addWidget(button)
        trash = QHBoxLayout()
        for button in (self.restore_button, self.delete_button, self.empty_trash_button):
            trash.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.draft_list, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(live)
        layout.addLayout(trash)

    # -- public ------------------------------------------------------------------------------------

    @property
    def showing_trash(self) -> bool:
        return self.trash_toggle.isChecked()

    def shown_ids(self) -> list[int]:
        """The ids of the listed drafts, top to bottom."""
        return [int(self.draft_list.item(row).data(ID_ROLE)) for row in range(self.draft_list.count())]

    def selected_id(self) -> int | None:
        item = self.draft_list.currentItem()
        return None if item is None else int(item.data(ID_ROLE))

    def refresh(self) -> None:
        """Read the list again (after a save, or when the search or view changed)."""
        if self._background.closed:
            return
        self._search_timer.stop()
        self._request += 1
        request, library = self._request, self._library
        search, trashed = self.search.text(), self.showing_trash
        self._run(
            lambda: library.list_drafts(search, trashed=trashed),
            lambda drafts: self._show(request, drafts),
            self.tr("Could not list drafts"),
        )

    def select_draft(self, draft_id: int) -> None:
        """Select a draft in the list; if it is not listed yet, select it when the list next arrives."""
        for row in range(self.draft_list.count()):
            item = self.draft_list.item(row)
            if int(item.data(ID_ROLE)) == draft_id:
                self.draft_list.setCurrentItem(item)
                self._want_selected = None
                return
        self._want_selected = draft_id

    def shutdown(self) -> None:
        """Stop talking to the library (call before closing it); nothing is reported afterwards."""
        self._search_timer.stop()
        self._relabel_timer.stop()
        self._background.close()

    # -- actions -----------------------------------------------------------------------------------

    def open_selected(self) -> None:
        draft_id = self.selected_id()
        if draft_id is None:
            return
        library = self._library
        self._run(lambda: library.get(draft_id), self.draft_opened.emit, self.tr("Could not open draft"))

    def rename_selected(self) -> None:
        draft = self._selected_draft()
        if draft is None:
            return
        title, ok = QInputDialog.getText(
            self, self.tr("Rename draft"), self.tr("New title:"), QLineEdit.EchoMode.Normal, draft.title
        )
        if not ok or title.strip() == draft.title:
            return
        library = self._library
        self._run(lambda: library.rename(draft.id, title.strip()), self._changed, self.tr("Could not rename"))

    def duplicate_selected(self) -> None:
        draft_id = self.selected_id()
        if draft_id is not None:
            library = self._library
            self._run(lambda: library.duplicate(draft_id), self._changed, self.tr("Could not duplicate"))

    def trash_selected(self) -> None:
        draft_id = self.selected_id()
        if draft_id is None or self.showing_trash:
            return
        library = self._library

        def trashed(draft: Draft) -> None:
            self.draft_trashed.emit(draft.id)
            self.refresh()

        self._run(lambda: library.trash(draft_id), trashed, self.tr("Could not move to trash"))

    def restore_selected(self) -> None:
        draft_id = self.selected_id()
        if draft_id is None or not self.showing_trash:
            return
        library = self._library
        self._run(lambda: library.restore(draft_id), self._changed, self.tr("Could not restore"))

    def delete_selected_forever(self) -> None:
        draft = self._selected_draft()
        if draft is None or not self.showing_trash:
            return
        question = self.tr('Delete "{title}" and all its versions forever? This cannot be undone.')
        if not self._confirm(self.tr("Delete forever"), question.format(title=draft.title)):
            return
        library = self._library
        self._run(
            lambda: library.delete_forever(draft.id),
            lambda _none: self.refresh(),
            self.tr("Could not delete"),
        )

    def empty_trash(self) -> None:
        if not self.showing_trash or self.draft_list.count() == 0:
            return
        question = self.tr("Delete all {n} drafts in the trash forever? This cannot be undone.")
        if not self._confirm(self.tr("Empty trash"), question.format(n=self.draft_list.count())):
            return
        library = self._library
        self._run(library.empty_trash, lambda _count: self.refresh(), self.tr("Could not empty the trash"))

    # -- GUI thread helpers ------------------------------------------------------------------------

    def _run(self, op: Callable[[], T], success: Callable[[T], None], problem: str) -> None:
        """Every library call goes through here: off the GUI thread, errors shown, never raised."""
        if self._background.closed:
            return
        self._background.run(op, success, lambda exc: self._show_error(problem, exc), name="drafts")

    def _show_error(self, title: str, exc: BaseException) -> None:
        notify.show_warning(self, title, str(exc) or type(exc).__name__)

    def _confirm(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _changed(self, draft: Draft) -> None:
        """A draft was renamed, copied or restored: list again with it selected."""
        self._want_selected = draft.id
        self.refresh()

    def _selected_draft(self) -> Draft | None:
        draft_id = self.selected_id()
        return next((draft for draft in self._drafts if draft.id == draft_id), None)

    def _search_timer_restart(self) -> None:
        self._search_timer.start()

    def _view_changed(self) -> None:
        self.draft_list.clear()
        self._drafts = []
        self._update_controls()
        self.refresh()

    def _show(self, request: int, drafts: list[Draft]) -> None:
        if request != self._request:
            return
        keep = self._want_selected if self._want_selected is not None else self.selected_id()
        self._want_selected = None
        self._drafts = drafts
        self.draft_list.clear()
        now = time.time()
        for draft in drafts:
            item = QListWidgetItem(self._label(draft, now))
            item.setData(ID_ROLE, draft.id)
            item.setToolTip(self._tooltip(draft))
            self.draft_list.addItem(item)
            if draft.id == keep:
                self.draft_list.setCurrentItem(item)
        self._update_controls()

    def _label(self, draft: Draft, now: float) -> str:
        task = self._task_names.get(draft.task_id, draft.task_id)
        if draft.trashed_at is not None:
            when = self.tr("trashed {age}").format(age=relative_time(draft.trashed_at, now))
        else:
            when = self.tr("edited {age}").format(age=relative_time(draft.updated_at, now))
        return f"{draft.title}\n{task} · {when}"

    def _tooltip(self, draft: Draft) -> str:
        def stamp(seconds: float) -> str:
            return QDateTime.fromSecsSinceEpoch(int(seconds)).toString("d MMM yyyy, HH:mm")

        return self.tr("{title}\nCreated {created}\nLast edited {updated}").format(
            title=draft.title, created=stamp(draft.created_at), updated=stamp(draft.updated_at)
        )

    def _relabel(self) -> None:
        now = time.time()
        for row, draft in enumerate(self._drafts[: self.draft_list.count()]):
            self.draft_list.item(row).setText(self._label(draft, now))

    def _update_controls(self) -> None:
        trash, selected = self.showing_trash, self.draft_list.currentItem() is not None
        for button in (self.open_button, self.rename_button, self.duplicate_button, self.trash_button):
            button.setVisible(not trash)
            button.setEnabled(selected)
        for button in (self.restore_button, self.delete_button):
            button.setVisible(trash)
            button.setEnabled(selected)
        self.empty_trash_button.setVisible(trash)
        self.empty_trash_button.setEnabled(self.draft_list.count() > 0)
        self.empty_label.setText(self._empty_text())
        self.empty_label.setVisible(self.draft_list.count() == 0)

    def _empty_text(self) -> str:
        query = self.search.text().strip()
        if query:
            return self.tr("No drafts match “{query}”.").format(query=query)
        if self.showing_trash:
            return self.tr("The trash is empty.")
        return self.tr("No drafts yet. What you write is kept here.")

    def _item_activated(self, _item: QListWidgetItem) -> None:
        """Double-click or Enter opens a draft; a trashed one must be restored first."""
        if not self.showing_trash:
            self.open_selected()

    def _context_menu(self, pos: QPoint) -> None:
        if self.draft_list.itemAt(pos) is None:
            return
        menu = QMenu(self)
        menu.setAccessibleName(self.tr("Draft actions"))
        buttons: tuple[QPushButton, ...]
        if self.showing_trash:
            buttons = (self.restore_button, self.delete_button)
        else:
            buttons = (self.open_button, self.rename_button, self.duplicate_button, self.trash_button)
        for button in buttons:
            menu.addAction(button.text()).triggered.connect(button.click)
        menu.exec(self.draft_list.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Delete moves the selected draft to the trash (in the trash view: deletes it, after asking)."""
        if watched is self.draft_list and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Delete and self.draft_list.currentItem() is not None:
                if self.showing_trash:
                    self.delete_selected_forever()
                else:
                    self.trash_selected()
                return True
        return super().eventFilter(watched, event)
