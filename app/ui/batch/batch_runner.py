"""Runs a batch job on an engine's thread and reports back on the GUI thread: progress, rows, the end.

The job goes through the window's `EngineBridge`, like any generation, so the engine is never used from
two threads and the workspaces see it as busy. Progress and finished rows arrive on the engine thread;
they are handed to this object's own queued signals (never to a lambda: see DESIGN.md §2), through an
`EmitGate` so nothing is delivered once the runner is gone. The end comes from the bridge itself, after
it is idle again, so a new job can start from the ``finished`` handler.

Pause closes the job's gate: rows already running finish and are saved, no new row starts. Cancel
does the same, then stops the job once it waits at the gate, so no work is thrown away; `stop_now`
(or a cancel while paused) stops it at once through the bridge: a row cut short is not written and
is done again on resume. Either way every finished row stays in the job's progress file.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot

from app.core.engine.types import CancelToken, Engine
from app.core.jobs.batch import BatchJob, BatchSummary, RowOutcome
from app.core.jobs.batch_progress import BatchProgress
from app.core.jobs.pause import PauseGate
from app.core.tasks.events import Emit
from app.ui.background import EmitGate
from app.ui.engine_bridge import EngineBridge


class BatchRunner(QObject):
    progress = Signal(object)
    """A `BatchProgress`."""
    row_finished = Signal(object)
    """A `RowOutcome` (its ``error`` is set for a failed row)."""
    finished = Signal(object)
    """The `BatchSummary`; ``cancelled`` says whether it was cut short."""
    failed = Signal(object)
    """The exception that stopped the job (a bad file, a journal from another job...)."""
    paused_changed = Signal(bool)
    running_changed = Signal(bool)

    _progress_arrived = Signal(object)
    _row_arrived = Signal(object)

    def __init__(self, bridge: EngineBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self._gate = EmitGate()
        self._pause = PauseGate()
        self._running = False
        self._cancelling = False
        self._stop_at_gate = False
        queued = Qt.ConnectionType.QueuedConnection
        self._progress_arrived.connect(self._on_progress, queued)
        self._row_arrived.connect(self._on_row, queued)
        self.destroyed.connect(self._gate.close)

    @property
    def running(self) -> bool:
        return self._running

    @property
    def paused(self) -> bool:
        return self._pause.paused

    @property
    def cancelling(self) -> bool:
        return self._cancelling

    def start(
        self,
        build: Callable[[], BatchJob],
        *,
        after: Callable[[BatchSummary], None] | None = None,
    ) -> bool:
        """Run the job ``build()`` makes on the bridge's engine; False (nothing started) when it is busy.

        ``build`` and ``after`` run on the engine thread, so reading a FAQ or writing bookkeeping files
        never blocks the window; an error from ``build`` ends the run like any other (``failed``).
        ``after`` runs only when the job returned a summary.
        """
        if self._running or self.bridge.busy:
            return False
        self._pause.resume()
        self._cancelling = False
        self._stop_at_gate = False
        gate, progress_signal, row_signal = self._gate, self._progress_arrived, self._row_arrived
        pause = self._pause

        def work(engine: Engine, cancel: CancelToken, _emit: Emit) -> BatchSummary:
            job = build()

            def on_progress(report: BatchProgress) -> None:
                gate.emit(progress_signal, report)

            def on_row(outcome: RowOutcome) -> None:
                gate.emit(row_signal, outcome)

            summary = job.run(engine, cancel=cancel, pause=pause, on_progress=on_progress, on_row=on_row)
            if after is not None:
                after(summary)
            return summary

        self.bridge.task_finished.connect(self._on_finished)
        self.bridge.task_failed.connect(self._on_failed)
        self._running = True
        if not self.bridge.run_task(work):
            self._running = False
            self._unlink()
            return False
        self.running_changed.emit(True)
        return True

    @Slot()
    def pause(self) -> None:
        if self._running and not self._pause.paused and not self._cancelling:
            self._pause.pause()
            self.paused_changed.emit(True)

    @Slot()
    def resume(self) -> None:
        if self._pause.paused and not self._cancelling:
            self._pause.resume()
            self.paused_changed.emit(False)

    @Slot()
    def cancel(self) -> None:
        """Let the rows in flight finish, then stop; the job can be resumed later."""
        if not self._running or self._cancelling:
            return
        self._cancelling = True
        if self._pause.paused:  # already waiting at the gate: nothing is in flight
            self.stop_now()
            return
        self._stop_at_gate = True
        self._pause.pause()  # the job reports "paused" once it waits for its next row

    @Slot()
    def stop_now(self) -> None:
        """Stop at once: a row cut short is not saved and runs again on resume."""
        if self._running:
            self._cancelling = True
            self.bridge.stop()  # wakes a paused job too: the gate also waits on the cancel token

    # ------------------------------------------------------------ GUI thread

    @Slot(object)
    def _on_progress(self, report: BatchProgress) -> None:
        if not self._running:
            return
        if self._stop_at_gate and report.paused:
            self._stop_at_gate = False
            self.bridge.stop()
            return  # "paused" is not what is happening: the job is stopping
        self.progress.emit(report)

    @Slot(object)
    def _on_row(self, outcome: RowOutcome) -> None:
        if self._running:
            self.row_finished.emit(outcome)

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        if not self._running:
            return
        self._end()
        self.finished.emit(result)

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        if not self._running:
            return
        self._end()
        self.failed.emit(error)

    def _end(self) -> None:
        self._running = False
        self._stop_at_gate = False
        self._unlink()
        if self._pause.paused:
            self._pause.resume()
            self.paused_changed.emit(False)
        self.running_changed.emit(False)

    def _unlink(self) -> None:
        self.bridge.task_finished.disconnect(self._on_finished)
        self.bridge.task_failed.disconnect(self._on_failed)
