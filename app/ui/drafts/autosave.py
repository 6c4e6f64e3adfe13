"""Autosave: the newest state of each draft reaches disk within about two seconds of an edit.

Why a debounce and a maximum wait: saving on every keystroke wears the disk and stalls on a slow one, but
a debounce alone never fires while someone types without a pause, so the maximum wait bounds what a crash
can take. Writes run on a worker thread one at a time, so two writes of the same draft never race and
they land in the order they were made. A failed write keeps its state (under anything newer) and is tried
again on the next edit or `Autosaver.flush`: nothing typed is dropped because the disk said no once.
"""

from __future__ import annotations

import copy
import threading
import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.documents import DraftLibrary, DraftNotFoundError
from app.ui.background import Background

__all__ = ["DEFAULT_DELAY_MS", "DEFAULT_MAX_WAIT_MS", "Autosaver"]

DEFAULT_DELAY_MS = 800
"""Quiet time after the last edit before saving."""
DEFAULT_MAX_WAIT_MS = 2000
"""Longest an edit waits for a save while edits keep coming."""


@dataclass(frozen=True)
class _State:
    """What one draft should look like on disk; ``title`` None leaves the stored title alone."""

    inputs: dict[str, Any]
    outputs: dict[str, Any]
    title: str | None

    def replaced_by(self, newer: _State) -> _State:
        """``newer`` wins, but a title only this state carries survives a newer "title unchanged"."""
        return _State(newer.inputs, newer.outputs, self.title if newer.title is None else newer.title)


class _Write:
    """One save on a worker thread. `done` lets `Autosaver.flush` wait for it without the event loop."""

    def __init__(self, draft_id: int, state: _State) -> None:
        self.draft_id = draft_id
        self.state = state
        self.done = threading.Event()
        self.ok = False
        self.error: Exception | None = None
        self.handled = False

    def run(self, library: DraftLibrary) -> None:
        """Worker thread: touches the library only, never a Qt object."""
        try:
            library.save(
                self.draft_id, inputs=self.state.inputs, outputs=self.state.outputs, title=self.state.title
            )
            self.ok = True
        except Exception as exc:  # reported on the GUI thread as save_failed
            self.error = exc
        finally:
            self.done.set()


class Autosaver(QObject):
    """Saves drafts shortly after they change; call `flush` before switching drafts and at close."""

    saved = Signal(int)
    """A draft's newest scheduled state is on disk (the draft id)."""
    save_failed = Signal(int, str)
    """(draft id, reason). The state is kept and saved on the next edit or flush."""
    state_changed = Signal(str)
    """A short status for the status bar: "Saving…", "Saved" or "Not saved: <reason>"."""

    def __init__(
        self,
        library: DraftLibrary,
        parent: QObject,
        delay_ms: int = DEFAULT_DELAY_MS,
        *,
        max_wait_ms: int = DEFAULT_MAX_WAIT_MS,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._background = Background(self)
        self._pending: dict[int, _State] = {}
        self._due: set[int] = set()
        """Pending drafts whose timer has fired: written as soon as the writer is free."""
        self._in_flight: _Write | None = None
        self._failed_ids: set[int] = set()
        """Drafts whose last write failed; "Saved" is not shown while any is left."""
        self._status = ""
        self._debounce = self._single_shot(delay_ms)
        self._max_wait = self._single_shot(max(delay_ms, max_wait_ms))

    def _single_shot(self, interval_ms: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval_ms)
        timer.timeout.connect(self._timer_fired)
        return timer

    # -- public ------------------------------------------------------------------------------------

    @property
    def pending(self) -> frozenset[int]:
        """Drafts with changes not yet confirmed on disk (waiting, failed or being written)."""
        writing = {self._in_flight.draft_id} if self._in_flight is not None else set()
        return frozenset(self._pending) | writing

    def schedule(
        self, draft_id: int, *, inputs: dict[str, Any], outputs: dict[str, Any], title: str | None = None
    ) -> None:
        """Remember this as the draft's newest state and save it soon. The values are copied, so the
        caller may keep changing its own dicts while a worker thread writes these."""
        if self._background.closed:
            raise RuntimeError("this Autosaver has been closed")
        state = _State(copy.deepcopy(inputs), copy.deepcopy(outputs), title)
        older = self._pending.get(draft_id)
        self._pending[draft_id] = state if older is None else older.replaced_by(state)
        self._debounce.start()
        if not self._max_wait.isActive():
            self._max_wait.start()

    def forget(self, draft_id: int) -> None:
        """Drop unsaved changes of a draft that no longer exists (deleted forever)."""
        self._pending.pop(draft_id, None)
        self._due.discard(draft_id)
        self._failed_ids.discard(draft_id)

    def flush(self, timeout_s: float = 5.0) -> bool:
        """Write everything pending now, waiting at most ``timeout_s``; True when nothing is left.

        Runs on the GUI thread without the event loop, so it also works as the last step of shutdown.
        A write still running at the deadline finishes on its own and reports through the event loop.
        """
        deadline = time.monotonic() + timeout_s
        self._stop_timers()
        self._due.update(self._pending)
        while True:
            write = self._in_flight
            if write is None:
                if self._next_due_id() is None or self._background.closed:
                    break
                self._pump()
                continue
            if not write.done.wait(max(0.0, deadline - time.monotonic())):
                return False
            self._finish(write)
        return not self.pending

    def close(self, timeout_s: float = 5.0) -> bool:
        """Flush, then stop: nothing is scheduled or reported afterwards. True when all was saved."""
        flushed = self.flush(timeout_s)
        self._stop_timers()
        self._background.close()
        return flushed

    # -- GUI thread --------------------------------------------------------------------------------

    def _stop_timers(self) -> None:
        self._debounce.stop()
        self._max_wait.stop()

    def _timer_fired(self) -> None:
        self._stop_timers()
        self._due.update(self._pending)
        self._pump()

    def _next_due_id(self) -> int | None:
        return next((draft_id for draft_id in self._pending if draft_id in self._due), None)

    def _pump(self) -> None:
        """Start the next due write unless one is running: one writer keeps the writes in order."""
        draft_id = self._next_due_id()
        if self._in_flight is not None or draft_id is None or self._background.closed:
            return
        self._due.discard(draft_id)
        write = _Write(draft_id, self._pending.pop(draft_id))
        self._in_flight = write
        self._set_status(self.tr("Saving…"))
        library = self._library
        self._background.run(
            lambda: write.run(library),
            lambda _none: self._finish(write),
            lambda _exc: self._finish(write),
            name="autosave",
        )

    def _finish(self, write: _Write) -> None:
        """Report a finished write once (flush may get there before the event loop does)."""
        if write.handled:
            return
        write.handled = True
        if self._in_flight is write:
            self._in_flight = None
        if write.ok:
            self._failed_ids.discard(write.draft_id)
            self.saved.emit(write.draft_id)
            if self._next_due_id() is None and not self._failed_ids:
                self._set_status(self.tr("Saved"))
        else:
            self._failed(write)
        self._pump()

    def _failed(self, write: _Write) -> None:
        error = write.error
        reason = str(error) if error is not None and str(error) else self.tr("the save was interrupted")
        if not isinstance(error, DraftNotFoundError):  # a deleted draft cannot be saved by retrying
            newer = self._pending.get(write.draft_id)
            self._pending[write.draft_id] = write.state if newer is None else write.state.replaced_by(newer)
            self._failed_ids.add(write.draft_id)
        self.save_failed.emit(write.draft_id, reason)
        self._set_status(self.tr("Not saved: {reason}").format(reason=reason))

    def _set_status(self, text: str) -> None:
        if text != self._status:
            self._status = text
            self.state_changed.emit(text)
