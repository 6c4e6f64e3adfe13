"""Which draft each workspace shows, and when its text becomes a draft, an autosave or a version.

A workspace's first change creates its draft in the background; later changes are autosaved. A finished
run becomes a "generation" version once its text is saved (or as soon as its draft exists, when the run
ended first). Hand edits become an "edit" version before a new run, another draft or quitting replaces
them. The window builds the workspaces and shows what this reports; the library does the storing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal, Slot

from app.core.documents.library import Draft, DraftLibrary
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.library import TaskLibrary
from app.ui.background import Background
from app.ui.drafts.autosave import Autosaver
from app.ui.workspaces.base import Workspace

BRAND_VOICE_FIELD = "brand_voice"
"""Kept when a new draft starts: the brand's voice rarely changes from one piece to the next."""


class WorkspaceHost(Protocol):
    """What the keeper needs from the window around the workspaces."""

    def current_flow(self) -> str: ...

    def show_workspace(self, flow: str) -> Workspace: ...

    def use_task(self, task: TaskDefinition) -> None:
        """Rebuild the task's workspace for this task (another task of the same flow)."""


class DraftKeeper(QObject):
    """The draft bookkeeping of the window's workspaces (``workspaces`` is the window's own dict)."""

    draft_shown = Signal()
    """A workspace now shows another draft, or a new one that is not saved yet."""
    drafts_changed = Signal()
    """A draft was created, so a list of drafts is out of date."""
    message = Signal(str, int)
    """A short note for the status bar and how long it stays (ms); failed background saves too."""
    not_saved = Signal(str)
    """A new draft could not be created; the text says why."""
    task_missing = Signal(str)
    """A draft to open was made with a task that no longer exists (the task's id)."""

    def __init__(
        self,
        library: DraftLibrary,
        tasks: TaskLibrary,
        autosaver: Autosaver,
        background: Background,
        workspaces: dict[str, Workspace],
        flows: Iterable[str],
        host: WorkspaceHost,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.tasks = tasks
        self.autosaver = autosaver
        self.background = background
        self.workspaces = workspaces
        self._host = host
        self.draft_ids: dict[str, int | None] = dict.fromkeys(flows)
        """The draft each workspace shows; None for a new one not saved yet."""
        self._creating: set[str] = set()
        self._edited_since_version: set[str] = set()
        """Workspaces whose draft was changed by hand after its newest version."""
        self._run_just_ended: set[str] = set()
        self._pending_version: dict[str, dict[str, Any]] = {}
        """A generation that finished before its draft existed: versioned once the draft is created."""
        self._dirty_while_creating: set[str] = set()

    # ------------------------------------------------------------ what the workspaces report

    def on_edited(self, flow: str) -> None:
        """A workspace's inputs or outputs changed: create its draft, or autosave it."""
        workspace = self.workspaces[flow]
        if workspace.running:
            pass  # streamed output: versioned as a generation when the run ends
        elif flow in self._run_just_ended:
            self._run_just_ended.discard(flow)  # the "edited" that follows every run is not a hand edit
        else:
            self._edited_since_version.add(flow)
        draft_id = self.draft_ids[flow]
        if draft_id is not None:
            self.autosaver.schedule(draft_id, inputs=workspace.inputs(), outputs=workspace.outputs())
            return
        if flow in self._creating:
            self._dirty_while_creating.add(flow)
            return
        self._creating.add(flow)
        task_id, title = workspace.task.id, workspace.draft_title()
        inputs, outputs = workspace.inputs(), workspace.outputs()

        def created(draft: Draft) -> None:
            self._creating.discard(flow)
            self.draft_ids[flow] = draft.id
            self.draft_shown.emit()
            self.drafts_changed.emit()
            if flow in self._pending_version:
                meta = self._pending_version.pop(flow)
                self.background.run(
                    lambda: self.library.checkpoint(draft.id, "generation", meta), lambda _v: None, self._warn
                )
            if flow in self._dirty_while_creating:
                self._dirty_while_creating.discard(flow)
                self.on_edited(flow)

        def failed(exc: BaseException) -> None:
            self._creating.discard(flow)
            self.not_saved.emit(self.tr("Not saved: %1").replace("%1", str(exc)))

        self.background.run(lambda: self.library.create(task_id, title, inputs, outputs), created, failed)

    def on_generated(self, flow: str, meta: dict[str, Any]) -> None:
        """A finished run becomes a version, once its text is safely saved."""
        draft_id = self.draft_ids[flow]
        workspace = self.workspaces[flow]
        self._run_just_ended.add(flow)
        self._edited_since_version.discard(flow)
        if draft_id is None:
            self._pending_version[flow] = meta  # versioned as soon as the draft exists
            return
        self.autosaver.schedule(draft_id, inputs=workspace.inputs(), outputs=workspace.outputs())
        self.autosaver.flush(timeout_s=2.0)
        self.background.run(
            lambda: self.library.checkpoint(draft_id, "generation", meta), lambda _v: None, self._warn
        )

    def checkpoint_edits(self, flow: str) -> None:
        """Hand edits become a version before anything replaces them (a new run, another draft, quit)."""
        draft_id = self.draft_ids[flow]
        if draft_id is None or flow not in self._edited_since_version:
            return
        self._edited_since_version.discard(flow)
        workspace = self.workspaces[flow]
        self.autosaver.schedule(draft_id, inputs=workspace.inputs(), outputs=workspace.outputs())
        self.autosaver.flush(timeout_s=2.0)
        self.background.run(lambda: self.library.checkpoint(draft_id, "edit"), lambda _v: None, self._warn)

    # ------------------------------------------------------------ what the user asks for

    @Slot()
    def save_version(self) -> None:
        flow = self._host.current_flow()
        draft_id = self.draft_ids[flow]
        if draft_id is None:
            self.message.emit(self.tr("Nothing to save yet."), 3000)
            return
        workspace = self.workspaces[flow]
        self.autosaver.schedule(draft_id, inputs=workspace.inputs(), outputs=workspace.outputs())
        self.autosaver.flush(timeout_s=2.0)
        self._edited_since_version.discard(flow)
        self.background.run(
            lambda: self.library.checkpoint(draft_id, "edit"),
            lambda _v: self.message.emit(self.tr("Version saved."), 3000),
            self._warn,
        )

    @Slot()
    def new_draft(self) -> None:
        flow = self._host.current_flow()
        workspace = self.workspaces[flow]
        if workspace.running:
            return
        self.checkpoint_edits(flow)
        self.autosaver.flush(timeout_s=2.0)
        keep = {BRAND_VOICE_FIELD: workspace.inputs().get(BRAND_VOICE_FIELD, "")}
        self.draft_ids[flow] = None
        workspace.load({k: v for k, v in keep.items() if v}, {})
        self.draft_shown.emit()

    @Slot(object)
    def open_draft(self, draft: Draft) -> None:
        try:
            task = self.tasks.get(draft.task_id)
        except KeyError:
            self.task_missing.emit(draft.task_id)
            return
        if task.flow not in self.workspaces:
            return
        if self.workspaces[task.flow].running:
            self.message.emit(self.tr("Stop the running generation first."), 4000)
            return
        self.checkpoint_edits(task.flow)
        self.autosaver.flush(timeout_s=2.0)
        if self.workspaces[task.flow].task.id != task.id:
            self._host.use_task(task)
        workspace = self._host.show_workspace(task.flow)
        workspace.load(dict(draft.inputs), dict(draft.outputs))
        self.draft_ids[task.flow] = draft.id
        self.draft_shown.emit()

    @Slot(int)
    def on_draft_trashed(self, draft_id: int) -> None:
        for flow, open_id in self.draft_ids.items():
            if open_id == draft_id:
                self.autosaver.forget(draft_id)
                self.draft_ids[flow] = None
                self.workspaces[flow].load({}, {})
        self.draft_shown.emit()

    def load_recent_drafts(self) -> None:
        """Reopen the newest draft of every workspace, so the user continues where they left off."""

        def newest() -> dict[str, Draft]:
            found: dict[str, Draft] = {}
            for draft in self.library.list_drafts():
                with contextlib.suppress(KeyError):
                    flow = self.tasks.get(draft.task_id).flow
                    found.setdefault(flow, draft)
            return found

        def show(found: dict[str, Draft]) -> None:
            current = self._host.current_flow()
            for flow, draft in found.items():
                if (
                    self.draft_ids.get(flow) is None
                    and flow not in self._creating
                    and flow in self.workspaces
                ):
                    self.open_draft(draft)
            self._host.show_workspace(current)

        self.background.run(newest, show, self._warn)

    def save_before_quit(self) -> None:
        """Save what is pending, and keep the last hand edits as a version, before the window goes."""
        for flow in list(self._edited_since_version):
            draft_id = self.draft_ids[flow]
            if draft_id is not None:
                workspace = self.workspaces[flow]
                self.autosaver.schedule(draft_id, inputs=workspace.inputs(), outputs=workspace.outputs())
        self.autosaver.flush(timeout_s=5.0)
        for flow in list(self._edited_since_version):  # the last hand edits become a version, in place
            draft_id = self.draft_ids[flow]
            if draft_id is not None:
                with contextlib.suppress(Exception):
                    self.library.checkpoint(draft_id, "edit")
        self._edited_since_version.clear()

    def _warn(self, exc: BaseException) -> None:
        self.message.emit(str(exc), 8000)
