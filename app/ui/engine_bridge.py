"""The one place where the engine's worker thread meets the Qt event loop.

Worker callbacks only emit this object's private signals. Because the bridge is a QObject living in the
GUI thread and the receivers are its own methods, Qt queues every delivery onto the GUI thread (connecting
worker signals to lambdas or plain functions would run them on the worker thread). Text is gathered and
flushed on a short timer, so a fast model does not repaint the window once per token.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from app.core.engine.types import CancelToken, Chunk, Engine, GenerationRequest
from app.core.engine.worker import EngineWorker, Generation, WorkerClosedError
from app.core.tasks.events import Emit, TaskEvent, TextDelta

if TYPE_CHECKING:  # llama.cpp is imported by the worker when it loads a model
    from app.core.engine.llama_engine import ModelInfo
    from app.core.engine.remote import RemoteInfo

    EngineInfo = ModelInfo | RemoteInfo

FLUSH_INTERVAL_MS = 40


class EngineBridge(QObject):
    model_loading = Signal(str)
    model_loaded = Signal(object)  # ModelInfo, or RemoteInfo for a server
    model_failed = Signal(str)
    text_ready = Signal(str)
    generation_finished = Signal(object)  # the final Chunk
    generation_failed = Signal(str)
    busy_changed = Signal(bool)
    reload_requested = Signal()
    """The default model changed elsewhere (the model manager): load it when idle."""

    task_event = Signal(object)
    """A ``Notice``, ``PartReplaced`` or ``StepFinished`` from the running task, after the text before it."""
    text_delta = Signal(str, int, str)
    """``(part, variant, text)``: streamed text gathered over one flush interval."""
    task_finished = Signal(object)  # the task's result
    task_failed = Signal(object)  # the exception; its message is for the user

    _chunk_arrived = Signal(object)
    _event_arrived = Signal(object)
    _task_done = Signal(object, object)  # (result, exception | None)
    _load_done = Signal(object, object)  # (ModelInfo | None, error message | None)
    _generation_done = Signal(object, object)  # (Chunk | None, error message | None)

    def __init__(
        self, worker: EngineWorker[Any], parent: QObject | None = None, *, remote: bool = False
    ) -> None:
        super().__init__(parent)
        self._worker = worker
        self.remote = remote
        """True when the engine is a server: the status bar says "connecting", not "loading"."""
        self._pending: list[str] = []
        self._generation: Generation | None = None
        self._info: EngineInfo | None = None
        self.loading_name: str | None = None
        """What is being loaded or connected to right now; None when idle."""
        self.last_error: str | None = None
        """Why the last load or connection failed; None after a success."""
        self._flush_timer = QTimer(self)
        self._flush_timer.setInterval(FLUSH_INTERVAL_MS)
        self._flush_timer.timeout.connect(self._flush)
        # Queued even when emitted on the GUI thread (a future already done calls back at once): the
        # receiver must never run inside ``generate`` before it has finished setting up.
        queued = Qt.ConnectionType.QueuedConnection
        self._chunk_arrived.connect(self._on_chunk, queued)
        self._load_done.connect(self._on_load_done, queued)
        self._generation_done.connect(self._on_generation_done, queued)
        self._event_arrived.connect(self._on_event, queued)
        self._task_done.connect(self._on_task_done, queued)
        self._task_pending: dict[tuple[str, int], list[str]] = {}
        self._task_cancel: CancelToken | None = None

    @property
    def model_info(self) -> EngineInfo | None:
        return self._info

    @property
    def worker(self) -> EngineWorker[Any]:
        return self._worker

    @property
    def busy(self) -> bool:
        return self._generation is not None or self._task_cancel is not None

    def run_task(self, job: Callable[[Engine, CancelToken, Emit], object]) -> bool:
        """Run ``job(engine, cancel, emit)`` on the engine's thread; False if something is running.

        Events come back as ``text_delta`` (batched on the flush timer) and ``task_event``, then
        ``task_finished`` or ``task_failed``. ``stop`` cancels it.
        """
        if self.busy:
            return False
        self._task_pending.clear()
        self._task_cancel = CancelToken()
        self._flush_timer.start()
        self.busy_changed.emit(True)
        future = self._worker.run(
            lambda engine, cancel: job(engine, cancel, self._event_arrived.emit), self._task_cancel
        )
        future.add_done_callback(self._task_callback)
        return True

    def load_model(self, name: str, factory: Callable[[], Engine]) -> None:
        """Load (or connect) on the worker thread; the window stays responsive and hears back through
        signals."""
        self.loading_name = name
        self.model_loading.emit(name)
        self._worker.load(factory).add_done_callback(self._load_callback)

    def generate(self, request: GenerationRequest) -> None:
        if self._generation is not None:
            return
        self._pending.clear()
        self._flush_timer.start()
        self.busy_changed.emit(True)
        self._generation = self._worker.generate(request, self._chunk_arrived.emit, CancelToken())
        self._generation.future.add_done_callback(self._generation_callback)

    def stop(self) -> None:
        if self._generation is not None:
            self._generation.cancel()
        if self._task_cancel is not None:
            self._task_cancel.cancel()

    # ---- worker thread: only emit
    def _load_callback(self, future: Future[Any]) -> None:
        if future.cancelled():
            self._load_done.emit(None, self.tr("Loading was dropped because the engine shut down."))
            return
        error = future.exception()
        self._load_done.emit(None if error else future.result().info, str(error) if error else None)

    def _generation_callback(self, future: Future[Chunk]) -> None:
        if future.cancelled():
            self._generation_done.emit(None, self.tr("The request was dropped because the engine shut down."))
            return
        error = future.exception()
        self._generation_done.emit(None if error else future.result(), str(error) if error else None)

    def _task_callback(self, future: Future[object]) -> None:
        if future.cancelled():
            self._task_done.emit(
                None, WorkerClosedError(self.tr("The task was dropped because the engine shut down."))
            )
            return
        error = future.exception()
        self._task_done.emit(None if error else future.result(), error)

    # ---- GUI thread
    @Slot(object)
    def _on_event(self, event: TaskEvent) -> None:
        if isinstance(event, TextDelta):
            self._task_pending.setdefault((event.part, event.variant), []).append(event.text)
            return
        self._flush()
        self.task_event.emit(event)

    @Slot(object, object)
    def _on_task_done(self, result: object, error: BaseException | None) -> None:
        self._flush_timer.stop()
        self._flush()
        self._task_cancel = None
        self.busy_changed.emit(False)
        if error is None:
            self.task_finished.emit(result)
        else:
            self.task_failed.emit(error)

    @Slot(object)
    def _on_chunk(self, chunk: Chunk) -> None:
        if chunk.text:
            self._pending.append(chunk.text)

    @Slot()
    def _flush(self) -> None:
        if self._task_pending:
            pending, self._task_pending = self._task_pending, {}
            for (part, variant), pieces in pending.items():
                self.text_delta.emit(part, variant, "".join(pieces))
        if self._pending:
            text = "".join(self._pending)
            self._pending.clear()
            self.text_ready.emit(text)

    @Slot(object, object)
    def _on_load_done(self, info: EngineInfo | None, error: str | None) -> None:
        self.loading_name = None
        if info is not None:
            self._info = info
            self.last_error = None
            self.model_loaded.emit(info)
        else:
            self.last_error = error or self.tr("unknown error")
            self.model_failed.emit(self.last_error)

    @Slot(object, object)
    def _on_generation_done(self, final: Chunk | None, error: str | None) -> None:
        self._flush_timer.stop()
        self._flush()
        self._generation = None
        self.busy_changed.emit(False)
        if final is not None:
            self.generation_finished.emit(final)
        else:
            self.generation_failed.emit(error or self.tr("unknown error"))
