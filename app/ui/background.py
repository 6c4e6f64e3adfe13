"""Run a slow callable off the GUI thread and hear back on it: the shape every slow step of the UI uses.

Hashing, copying, discovery and network calls never run on the GUI thread. `Background.run` starts the
callable on a daemon thread (so a stalled network call never keeps the app from exiting) and delivers its
result or exception to ``success`` / ``failure`` on the thread the `Background` lives in, the GUI thread.

Why a QObject with a private signal: in PySide6 6.12 a signal emitted on a worker thread and connected to
a lambda or a plain function runs that function on the worker thread (DESIGN.md §2). Here the worker only
emits this object's own signal, connected (queued) to this object's own slot, and that slot calls the
callbacks, so they run on the GUI thread whatever they are.

After `close` nothing is delivered any more: the owner is going away, and its widgets with it. The gate
that enforces this also keeps a worker from emitting on an object that is being destroyed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, SignalInstance, Slot

__all__ = ["Background", "EmitGate"]

log = logging.getLogger(__name__)

T = TypeVar("T")
P = TypeVar("P")


class EmitGate:
    """Lets worker threads emit a QObject's signal only while that object is open.

    `close` takes the same lock as `emit`, so once it returns no emit is in flight and none will start:
    the object can then be destroyed safely.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open = True

    @property
    def is_open(self) -> bool:
        with self._lock:
            return self._open

    def emit(self, signal: SignalInstance, *args: object) -> bool:
        with self._lock:
            if not self._open:
                return False
            signal.emit(*args)
            return True

    def close(self, *_ignored: object) -> None:
        with self._lock:
            self._open = False


@dataclass
class _Task:
    name: str
    success: Callable[[Any], None]
    failure: Callable[[BaseException], None] | None
    progress: Callable[[Any], None] | None


class Background(QObject):
    """Runs callables on daemon threads; their results come back on the GUI thread.

    Create it on the GUI thread as a child of the window that uses it (the parent is required: worker
    threads hold references to it, and a parentless one could be destroyed on whichever thread drops the
    last one), and `close` it when that window closes.
    """

    busy_changed = Signal(bool)
    """True when the first task starts, False when the last one has been delivered."""

    _done = Signal(int, bool, object)  # (task id, succeeded, result or exception)
    _progress = Signal(int, object)  # (task id, progress value)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._gate = EmitGate()
        self._tasks: dict[int, _Task] = {}
        self._next_id = 1
        queued = Qt.ConnectionType.QueuedConnection
        self._done.connect(self._on_done, queued)
        self._progress.connect(self._on_progress, queued)
        self.destroyed.connect(self._gate.close)

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    @property
    def closed(self) -> bool:
        return not self._gate.is_open

    def run(
        self,
        op: Callable[[], T],
        success: Callable[[T], None],
        failure: Callable[[BaseException], None] | None = None,
        *,
        name: str = "task",
    ) -> int:
        """Start ``op()`` on a worker thread; then ``success(result)`` or ``failure(exc)`` on this thread.

        Without ``failure`` an error is logged, never swallowed silently. Returns the task's id.
        """
        return self._start(lambda _report: op(), success, failure, None, name)

    def run_with_progress(
        self,
        op: Callable[[Callable[[P], None]], T],
        progress: Callable[[P], None],
        success: Callable[[T], None],
        failure: Callable[[BaseException], None] | None = None,
        *,
        name: str = "task",
    ) -> int:
        """Like `run`, but ``op`` gets a ``report(value)`` function whose values reach ``progress`` here."""
        return self._start(op, success, failure, progress, name)

    def close(self) -> None:
        """Drop every result still to come; callbacks are never called after this returns."""
        self._gate.close()
        was_busy = bool(self._tasks)
        self._tasks.clear()
        if was_busy:
            self.busy_changed.emit(False)

    # ------------------------------------------------------------------ GUI thread

    def _start(
        self,
        op: Callable[[Callable[[Any], None]], Any],
        success: Callable[[Any], None],
        failure: Callable[[BaseException], None] | None,
        progress: Callable[[Any], None] | None,
        name: str,
    ) -> int:
        if self.closed:
            raise RuntimeError("this Background has been closed")
        task_id = self._next_id
        self._next_id += 1
        self._tasks[task_id] = _Task(name, success, failure, progress)
        if len(self._tasks) == 1:
            self.busy_changed.emit(True)
        gate, done, report_signal = self._gate, self._done, self._progress

        def report(value: object) -> None:
            gate.emit(report_signal, task_id, value)

        def work() -> None:
            try:
                result = op(report)
            except BaseException as exc:  # delivered to the GUI thread, which decides what to say
                gate.emit(done, task_id, False, exc)
            else:
                gate.emit(done, task_id, True, result)

        threading.Thread(target=work, name=f"copydesk-{name}", daemon=True).start()
        return task_id

    @Slot(int, object)
    def _on_progress(self, task_id: int, value: object) -> None:
        task = self._tasks.get(task_id)
        if task is not None and task.progress is not None:
            task.progress(value)

    @Slot(int, bool, object)
    def _on_done(self, task_id: int, ok: bool, value: object) -> None:
        task = self._tasks.pop(task_id, None)
        if task is None:
            return
        try:
            if ok:
                task.success(value)
            elif task.failure is not None:
                assert isinstance(value, BaseException)
                task.failure(value)
            else:
                log.error("Background task %s failed: %s", task.name, value)
        finally:
            if not self._tasks:
                self.busy_changed.emit(False)
