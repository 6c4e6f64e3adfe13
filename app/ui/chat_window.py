"""The first window: a conversation with the default model, streamed as it is written.

Deliberately small; the task workspaces replace it. It shows the parts every workspace shares: streamed
output, Stop that stops at once, and a status bar with model, backend, speed and a context meter.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.engine.llama_engine import ModelInfo
from app.core.engine.types import Chunk, GenerationRequest, Message, SamplingOptions
from app.ui.engine_bridge import EngineBridge


class ChatWindow(QMainWindow):
    manage_models_requested = Signal()
    """The user wants the model manager; the app opens it (the window does not know how)."""

    def __init__(self, bridge: EngineBridge) -> None:
        super().__init__()
        self.setWindowTitle("Copydesk")
        self.resize(820, 620)
        self._bridge = bridge
        self._history: list[Message] = []
        self._reply_parts: list[str] = []

        self.transcript = QPlainTextEdit(readOnly=True)
        self.transcript.setObjectName("transcript")
        self.transcript.setPlaceholderText("The conversation appears here.")
        self.input = QPlainTextEdit()
        self.input.setObjectName("input")
        self.input.setPlaceholderText("Write a message. Ctrl+Enter sends, Esc stops.")
        self.input.setMaximumHeight(110)
        self.send_button = QPushButton("Send")
        self.send_button.setToolTip("Ctrl+Enter")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Esc")
        self.stop_button.setEnabled(False)
        self.send_button.setEnabled(False)
        self.new_chat_button = QPushButton("New chat")
        self.new_chat_button.setToolTip("Start over with an empty conversation")
        self.models_button = QPushButton("Models…")
        self.models_button.setToolTip("Download, import, choose and remove models")
        self.sampling = SamplingOptions()
        """Sampling for every reply; the settings screen will own this, tests pin it."""

        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch()
        buttons.addWidget(self.new_chat_button)
        buttons.addWidget(self.models_button)
        row = QHBoxLayout()
        row.addWidget(self.input, 1)
        row.addLayout(buttons)
        column = QVBoxLayout()
        column.addWidget(self.transcript, 1)
        column.addLayout(row)
        central = QWidget()
        central.setLayout(column)
        self.setCentralWidget(central)

        self.model_label = QLabel("No model")
        self.speed_label = QLabel("")
        self.context_meter = QProgressBar()
        self.context_meter.setObjectName("contextMeter")
        self.context_meter.setFixedWidth(240)
        self.context_meter.setFormat("context %v/%m tokens")
        self.context_meter.setToolTip("Tokens of the model's context used by this conversation")
        self.context_meter.setValue(0)
        status = self.statusBar()
        status.addWidget(self.model_label, 1)
        status.addPermanentWidget(self.speed_label)
        status.addPermanentWidget(self.context_meter)

        self.send_button.clicked.connect(self.send)
        self.stop_button.clicked.connect(self.stop)
        self.new_chat_button.clicked.connect(self.new_chat)
        self.models_button.clicked.connect(self.manage_models_requested)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.send)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.send)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.stop)

        bridge.model_loading.connect(self._on_model_loading)
        bridge.model_loaded.connect(self._on_model_loaded)
        bridge.model_failed.connect(self._on_model_failed)
        bridge.text_ready.connect(self._on_text)
        bridge.generation_finished.connect(self._on_finished)
        bridge.generation_failed.connect(self._on_failed)
        bridge.busy_changed.connect(self._on_busy)

    # ------------------------------------------------------------ actions

    @Slot()
    def send(self) -> None:
        text = self.input.toPlainText().strip()
        if not text or self._bridge.busy or self._bridge.model_info is None:
            return
        self.input.clear()
        self._history.append(Message("user", text))
        self._append(f"You: {text}\n\nAssistant: ")
        self._reply_parts = []
        request = GenerationRequest(messages=tuple(self._history), max_tokens=512, sampling=self.sampling)
        self._bridge.generate(request)

    @Slot()
    def new_chat(self) -> None:
        if self._bridge.busy:
            return
        self._history.clear()
        self.transcript.clear()
        self.context_meter.setValue(0)

    @Slot()
    def stop(self) -> None:
        self._bridge.stop()

    def show_notice(self, text: str) -> None:
        """Warnings the user must see (a recovered settings file, a missing model)."""
        self._append(f"[{text}]\n\n")

    # ------------------------------------------------------------ engine events

    @Slot(str)
    def _on_model_loading(self, name: str) -> None:
        self.model_label.setText(f"Loading {name}…")
        self.send_button.setEnabled(False)

    @Slot(object)
    def _on_model_loaded(self, info: ModelInfo) -> None:
        where = (
            info.backend
            if info.gpu_layers
            else f"CPU, {info.threads} thread{'' if info.threads == 1 else 's'}"
        )
        self.model_label.setText(f"{info.name} · {where}")
        self.model_label.setToolTip(info.offload_note)
        self.context_meter.setMaximum(info.context_size)
        self.send_button.setEnabled(True)

    @Slot(str)
    def _on_model_failed(self, message: str) -> None:
        self.model_label.setText("No model")
        self.show_notice(f"The model could not be loaded: {message}")

    @Slot(str)
    def _on_text(self, text: str) -> None:
        self._reply_parts.append(text)
        self._append(text)

    @Slot(object)
    def _on_finished(self, final: Chunk) -> None:
        self._history.append(Message("assistant", "".join(self._reply_parts)))
        ending = {"cancelled": " [stopped]", "length": " [length limit]"}.get(final.finish_reason or "", "")
        self._append(f"{ending}\n\n")
        if final.timings is not None:
            self.speed_label.setText(f"{final.timings.tokens_per_second:.1f} tok/s")
        self.context_meter.setValue(
            min(final.prompt_tokens + final.generated_tokens, self.context_meter.maximum())
        )

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        if self._history and self._history[-1].role == "user":
            failed = self._history.pop()  # a failed turn must not poison the next request
            if not self.input.toPlainText().strip():
                self.input.setPlainText(failed.content)  # and the user's text is not lost
        self._append(f"\n[{message}]\n\n")

    @Slot(bool)
    def _on_busy(self, busy: bool) -> None:
        self.stop_button.setEnabled(busy)
        self.new_chat_button.setEnabled(not busy)
        self.send_button.setEnabled(not busy and self._bridge.model_info is not None)

    def _append(self, text: str) -> None:
        cursor = self.transcript.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)
        self.transcript.setTextCursor(cursor)
        self.transcript.ensureCursorVisible()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self._bridge.stop()
        super().closeEvent(event)
