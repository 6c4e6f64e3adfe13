"""What every workspace shares: a form, Generate/Stop, variants, notices, and talking to the engine.

A workspace only reacts to the engine's signals while its own job runs, so switching workspaces during a
generation never mixes outputs. The main window owns drafts and autosave; a workspace just says
``edited`` (any change worth saving) and ``generated`` (a finished run worth a version).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.documents.export import ExportDocument
from app.core.engine.types import CancelToken, ContextOverflowError, Engine, SamplingOptions
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import Emit, Notice, PartReplaced, StepFinished
from app.core.tasks.inputs import InputError
from app.core.tasks.splitting import PieceTooLongError
from app.core.tasks.variants import run_variants
from app.ui.engine_bridge import EngineBridge
from app.ui.workspaces.form_view import FormView

Job = Callable[[Engine, CancelToken, Emit], object]


class Workspace(QWidget):
    edited = Signal()
    generated = Signal(dict)
    """A run finished; the dict is version metadata (seed, speed, model)."""
    run_starting = Signal()
    """A run is about to replace outputs: the window versions hand edits first."""
    run_ended = Signal(bool)
    """A run ended: True when it succeeded, False after an error shown in the notices."""
    step_finished = Signal(object)
    bridge_changed = Signal()
    """The workspace now runs on another engine (see `set_bridge`)."""
    """An engine request finished (its last Chunk), for the status bar's speed and context meters."""

    title_text = "Workspace"

    def __init__(
        self,
        task: TaskDefinition,
        bridge: EngineBridge,
        sampling: Callable[[], SamplingOptions],
        parent: QWidget | None = None,
        *,
        variants: bool = True,
        generate_label: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.task = task
        self.bridge = bridge
        self.sampling = sampling
        self._running = False
        self._loading = False
        self.form = FormView(task)
        self.form.changed.connect(self._on_user_edit)

        label = self.tr("Generate") if generate_label is None else generate_label  # translated by the caller
        self.generate_button = QPushButton(label)
        self.generate_button.setObjectName("generateButton")
        self.generate_button.setAccessibleName(label)
        self.generate_button.setToolTip(self.tr("Ctrl+Enter"))
        self.generate_button.setDefault(True)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setAccessibleName(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Esc"))
        self.stop_button.setEnabled(False)
        self.variant_count = QSpinBox()
        self.variant_count.setObjectName("variantCount")
        self.variant_count.setRange(1, 5)
        self.variant_count.setPrefix(self.tr("Variants: "))
        self.variant_count.setAccessibleName(self.tr("Number of variants"))
        self.variant_count.setToolTip(self.tr("Write several versions side by side, each with a fresh seed"))
        self.variant_count.setVisible(variants)

        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setAccessibleName(self.tr("Notices"))
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setStyleSheet(
            "QLabel { background: palette(alternate-base); padding: 6px; border-radius: 4px; }"
        )
        self.notice.hide()
        self._notices: list[str] = []

        buttons = self.buttons_row = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.variant_count)
        buttons.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(self.form)
        holder_layout.addStretch(1)  # fields keep their natural height; the space goes below them
        scroll.setWidget(holder)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        heading = QLabel(f"<h2>{self.tr(task.name)}</h2>")
        left_layout.addWidget(heading)
        if task.description:
            about = QLabel(self.tr(task.description))
            about.setWordWrap(True)
            about.setStyleSheet("color: palette(placeholder-text);")
            left_layout.addWidget(about)
        left_layout.addWidget(scroll, 1)
        left_layout.addLayout(buttons)
        self.output_area = QWidget()
        self.output_layout = QVBoxLayout(self.output_area)
        self.output_layout.setContentsMargins(6, 0, 0, 0)
        self.output_layout.addWidget(self.notice)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.output_area)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([440, 660])
        outer = QVBoxLayout(self)
        outer.addWidget(self.splitter)

        self.generate_button.clicked.connect(self.generate)
        self.stop_button.clicked.connect(self.stop)
        # Ctrl+Enter is the window's Write > Generate action; Esc belongs to the workspace
        QShortcut(
            QKeySequence(Qt.Key.Key_Escape),
            self,
            self.stop,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self._bridge_links: list[tuple[str, Callable[..., None]]] = [
            ("text_delta", self._on_text_delta),
            ("task_event", self._on_task_event),
            ("task_finished", self._on_task_finished),
            ("task_failed", self._on_task_failed),
            ("busy_changed", self._update_buttons),
            ("model_loaded", self._update_buttons),
            ("model_failed", self._update_buttons),
        ]
        self._link_bridge(bridge, connect=True)
        self._update_buttons()

    # ------------------------------------------------------------ for subclasses

    def make_job(self) -> Job | None:
        """The job for the current form, or None after showing what is wrong."""
        raise NotImplementedError

    def inputs(self) -> dict[str, Any]:
        return self.form.values()

    def outputs(self) -> dict[str, Any]:
        raise NotImplementedError

    def load(self, inputs: dict[str, Any], outputs: dict[str, Any]) -> None:
        """Show a draft; no ``edited`` signal is sent for it."""
        self._loading = True
        try:
            self.form.set_values({**self.task.defaults(), **inputs})
            self.load_outputs(outputs)
            self.clear_notices()
        finally:
            self._loading = False

    def load_outputs(self, outputs: dict[str, Any]) -> None:
        raise NotImplementedError

    def export_document(self) -> ExportDocument:
        raise NotImplementedError

    def draft_title(self) -> str:
        """A title for a new draft, from the most telling field."""
        values = self.form.values()
        for key in ("name", "topic", "title"):
            if str(values.get(key, "")).strip():
                return str(values[key]).strip()[:80]
        return self.tr(self.task.name)

    def before_run(self) -> None:
        """Clear the outputs a new run will write."""

    def on_delta(self, part: str, variant: int, text: str) -> None: ...

    def on_replaced(self, event: PartReplaced) -> None: ...

    def on_result(self, result: object) -> dict[str, Any]:
        """Show the finished result; returns version metadata."""
        return {}

    # ------------------------------------------------------------ running

    @property
    def running(self) -> bool:
        return self._running

    @Slot()
    def generate(self) -> None:
        if self.bridge.busy or self.bridge.model_info is None:
            return
        try:
            job = self.make_job()
        except InputError as exc:
            self.form.show_problems(exc.problems)
            return
        except ValueError as exc:
            self.show_notice(str(exc))
            return
        if job is None:
            return
        self.form.clear_problems()
        self.clear_notices()
        self.run_starting.emit()  # before the outputs are cleared, so hand edits can be versioned
        self.before_run()
        self._launch(job)

    def start_job(self, job: Job) -> None:
        """For workspace-specific actions (regenerate one section) that are not the main Generate."""
        if self.bridge.busy or self.bridge.model_info is None:
            return
        self.clear_notices()
        self.run_starting.emit()
        self._launch(job)

    def _launch(self, job: Job) -> None:
        self._running = True  # before the bridge says "busy", so the Stop button sees it
        if not self.bridge.run_task(job):
            self._running = False
        self._update_buttons()

    @Slot()
    def stop(self) -> None:
        if self._running:
            self.bridge.stop()

    # ------------------------------------------------------------ where it runs

    def listen_to_bridge(self, signal: str, slot: Callable[..., None]) -> None:
        """Connect ``slot`` to the bridge's ``signal`` now and to every bridge the workspace moves to."""
        self._bridge_links.append((signal, slot))
        getattr(self.bridge, signal).connect(slot)

    def set_bridge(self, bridge: EngineBridge) -> None:
        """Run on another engine (this computer, or a server) from the next Generate on. A run still
        going on the old one is stopped: its remaining text would have nowhere to go."""
        if bridge is self.bridge:
            return
        if self._running:
            self.bridge.stop()
            self._running = False
            self.show_notice(self.tr("Stopped: this workspace moved to another engine."))
            self.run_ended.emit(False)
        self._link_bridge(self.bridge, connect=False)
        self.bridge = bridge
        self._link_bridge(bridge, connect=True)
        self._update_buttons()
        self.bridge_changed.emit()

    def _link_bridge(self, bridge: EngineBridge, *, connect: bool) -> None:
        for signal, slot in self._bridge_links:
            instance = getattr(bridge, signal)
            if connect:
                instance.connect(slot)
            else:
                instance.disconnect(slot)

    def variants_job(self, one: Callable[[Engine, CancelToken, Emit, SamplingOptions, int], object]) -> Job:
        """A job that runs ``one`` once per variant asked for, each with a fresh seed; it returns the list."""
        count, base = self.variants(), self.sampling()

        def job(engine: Engine, cancel: CancelToken, emit: Emit) -> list[object]:
            return run_variants(
                count, base, cancel, lambda index, sampling: one(engine, cancel, emit, sampling, index)
            )

        return job

    def variants(self) -> int:
        return self.variant_count.value() if self.variant_count.isVisible() else 1

    # ------------------------------------------------------------ notices

    def show_notice(self, text: str) -> None:
        self._notices.append(text)
        self.notice.setText("\n".join(self._notices[-6:]))
        self.notice.show()

    def clear_notices(self) -> None:
        self._notices.clear()
        self.notice.clear()
        self.notice.hide()

    def notices(self) -> list[str]:
        return list(self._notices)

    # ------------------------------------------------------------ engine signals

    @Slot(str, int, str)
    def _on_text_delta(self, part: str, variant: int, text: str) -> None:
        if self._running:
            self.on_delta(part, variant, text)

    @Slot(object)
    def _on_task_event(self, event: object) -> None:
        if not self._running:
            return
        if isinstance(event, Notice):
            self.show_notice(event.text)
        elif isinstance(event, PartReplaced):
            self.on_replaced(event)
        elif isinstance(event, StepFinished):
            self.step_finished.emit(event.chunk)

    @Slot(object)
    def _on_task_finished(self, result: object) -> None:
        if not self._running:
            return
        self._running = False
        meta = self.on_result(result)
        info = self.bridge.model_info
        if info is not None:
            meta.setdefault("model", info.name)
        self.generated.emit(meta)
        self.edited.emit()
        self.run_ended.emit(True)

    @Slot(object)
    def _on_task_failed(self, error: object) -> None:
        if not self._running:
            return
        self._running = False
        if isinstance(error, InputError):
            self.form.show_problems(error.problems)
        elif isinstance(error, ContextOverflowError | PieceTooLongError):
            self.show_notice(
                self.tr("Too long for the model's context: %1 The text written so far is kept.").replace(
                    "%1", str(error)
                )
            )
        else:
            self.show_notice(
                self.tr("The model stopped with an error: %1. What was written so far is kept.").replace(
                    "%1", str(error).rstrip(".")
                )
            )
        self.edited.emit()
        self.run_ended.emit(False)

    @Slot()
    def _update_buttons(self, *_args: object) -> None:
        busy = self.bridge.busy
        self.generate_button.setEnabled(not busy and self.bridge.model_info is not None)
        self.stop_button.setEnabled(busy and self._running)

    @Slot()
    def _on_user_edit(self) -> None:
        if not self._loading:
            self.edited.emit()
