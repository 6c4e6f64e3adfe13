"""Running one analysis per item, and showing how far the run has got.

`items_job` runs one analysis per item in a single engine job and emits an `ItemFinished` after each,
so tables and charts fill in while it runs; Stop keeps what is finished, and an item that fails is
reported with its error while the run goes on. `ProgressLine` shows "n of N, items/min".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from app.core.engine.types import CancelToken, Engine, EngineError
from app.core.tasks.events import Emit, StepFinished, TaskEvent
from app.core.tasks.streaming import TaskCancelledError
from app.ui.i18n import fill
from app.ui.workspaces.base import Job

AUTOSAVE_DURING_RUN_MS = 1500
"""While a run goes on, finished items are handed to autosave at most this often."""


@dataclass(frozen=True)
class ItemFinished:
    """One item is done: ``result`` is the analysis, or None with ``error`` saying why it failed."""

    index: int
    result: object | None
    error: str
    done: int
    """Items finished so far in this run, failures included."""
    total: int
    elapsed_s: float


@dataclass(frozen=True)
class ItemsRun:
    """How a run over the items ended (the results themselves came as `ItemFinished` events)."""

    done: int
    total: int
    cancelled: bool


AnalyzeOne = Callable[[Engine, CancelToken, Emit, str], object]


def items_job(texts: Sequence[str], analyze: AnalyzeOne) -> Job:
    """One engine job over ``texts``: ``analyze`` each, emit an `ItemFinished` after each.

    An ``EngineError`` or ``ValueError`` for one item (too long, no valid answer) is recorded against it
    and the run goes on; Stop ends the run after the items already finished.
    """
    items = tuple(texts)

    def job(engine: Engine, cancel: CancelToken, emit: Emit) -> ItemsRun:
        # The bridge delivers any object to the GUI thread; these events are ours, not TaskEvents.
        report = cast(Callable[[object], None], emit)

        def meters_only(event: TaskEvent) -> None:
            if isinstance(event, StepFinished):  # speed and context meters; streamed JSON is not shown
                emit(event)

        started = time.monotonic()
        done = 0
        for index, text in enumerate(items):
            if cancel.cancelled():
                break
            try:
                result: object | None = analyze(engine, cancel, meters_only, text)
                error = ""
            except TaskCancelledError:
                break
            except (EngineError, ValueError) as exc:
                result, error = None, str(exc)
            if cancel.cancelled() and result is None:
                break  # an error caused by the Stop itself is not the item's fault
            done += 1
            report(ItemFinished(index, result, error, done, len(items), time.monotonic() - started))
        return ItemsRun(done, len(items), cancel.cancelled())

    return job


class ProgressLine(QWidget):
    """A progress bar with "n of N items · x items/min · about t left" beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setObjectName("itemsProgress")
        self.bar.setAccessibleName(self.tr("Items analysed"))
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(220)
        self.label = QLabel()
        self.label.setObjectName("progressText")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar)
        row.addWidget(self.label, 1)
        self.hide()

    def start(self, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(0)
        self.label.setText(fill(self.tr("Analysing %1 item(s)…"), total))
        self.bar.show()
        self.show()

    def advance(self, done: int, total: int, elapsed_s: float) -> None:
        self.bar.setValue(done)
        text = fill(self.tr("%1 of %2 items"), done, total)
        if elapsed_s > 0 and done:
            per_minute = done / elapsed_s * 60
            text += " · " + fill(self.tr("%1 items/min"), f"{per_minute:.1f}")
            left = (total - done) / per_minute * 60
            if done < total:
                text += " · " + fill(self.tr("about %1 left"), self._duration(left))
        self.label.setText(text)

    def finish(self, done: int, total: int, failed: int, *, cancelled: bool) -> None:
        self.bar.setValue(done)
        self.bar.hide()
        if cancelled:
            text = fill(self.tr("Stopped after %1 of %2 items."), done, total)
        else:
            text = fill(self.tr("%1 of %2 items analysed."), done, total)
        if failed:
            text += " " + fill(self.tr("%1 failed (see the table)."), failed)
        self.label.setText(text)
        self.show()

    def show_loaded(self, count: int, failed: int) -> None:
        """A saved result set: no run, just what it holds."""
        if not count:
            self.hide()
            return
        self.bar.hide()
        text = self.tr("%n item(s) analysed.", "", count)
        if failed:
            text += " " + fill(self.tr("%1 failed (see the table)."), failed)
        self.label.setText(text)
        self.show()

    def stop_running(self) -> None:
        """The run ended with an error: keep the last count, drop the bar."""
        self.bar.hide()

    def _duration(self, seconds: float) -> str:
        if seconds < 90:
            return fill(self.tr("%1 s"), max(1, round(seconds)))
        if seconds < 5400:
            return fill(self.tr("%1 min"), round(seconds / 60))
        return fill(self.tr("%1 h"), f"{seconds / 3600:.1f}")
