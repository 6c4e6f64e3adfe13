"""Chat workspace: a conversation with history, streamed, that survives outgrowing the context.

When the history no longer fits, the chat flow summarizes (or drops) the oldest turns for the model and
the notice here says which; the transcript itself always keeps every message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QWidget

from app.core.documents.export import ExportDocument, Heading, Paragraph
from app.core.engine.types import CancelToken, Engine, Message, SamplingOptions
from app.core.tasks.chat import ChatReply, ChatState, reply
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import Emit, PartReplaced
from app.ui.engine_bridge import EngineBridge
from app.ui.workspaces.base import Job, Workspace


class ChatWorkspace(Workspace):
    def __init__(
        self,
        task: TaskDefinition,
        bridge: EngineBridge,
        sampling: Callable[[], SamplingOptions],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(task, bridge, sampling, parent, variants=False, generate_label=self.tr("Send"))
        self.state = ChatState()
        self.transcript = QPlainTextEdit(readOnly=True)
        self.transcript.setObjectName("transcript")
        self.transcript.setAccessibleName(self.tr("Conversation"))
        self.transcript.setPlaceholderText(self.tr("The conversation appears here."))
        self.input = QPlainTextEdit()
        self.input.setObjectName("chatInput")
        self.input.setAccessibleName(self.tr("Message"))
        self.input.setPlaceholderText(self.tr("Write a message. Ctrl+Enter sends, Esc stops."))
        self.input.setMaximumHeight(110)
        self.new_chat_button = QPushButton(self.tr("New chat"))
        self.new_chat_button.setAccessibleName(self.tr("New chat"))
        self.new_chat_button.setToolTip(self.tr("Start over with an empty conversation"))
        self.new_chat_button.clicked.connect(self.new_chat)
        self.output_layout.addWidget(self.transcript, 1)
        self.output_layout.addWidget(self.input)
        row = QHBoxLayout()  # Send and Stop sit under the message box, where the eye is
        row.addWidget(self.generate_button)
        row.addWidget(self.stop_button)
        row.addStretch()
        row.addWidget(self.new_chat_button)
        self.output_layout.addLayout(row)
        self.splitter.setSizes([400, 700])
        self._pending_user = ""
        self._reply_started = False

    def make_job(self) -> Job | None:
        text = self.input.toPlainText().strip()
        if not text:
            self.input.setFocus()
            return None
        persona = str(self.form.values().get("persona", ""))
        state, sampling, task = self.state, self.sampling(), self.task
        self._pending_user = text

        def job(engine: Engine, cancel: CancelToken, emit: Emit) -> ChatReply:
            return reply(engine, task, state, text, cancel, emit, persona=persona, sampling=sampling)

        return job

    def before_run(self) -> None:
        self.input.clear()
        self._append(f"{self.tr('You')}: {self._pending_user}\n\n{self.tr('Assistant')}: ")
        self._reply_started = True

    def on_delta(self, part: str, variant: int, text: str) -> None:
        self._append(text)

    def on_replaced(self, event: PartReplaced) -> None:
        """Chat never replaces text it has streamed."""

    def on_result(self, result: object) -> dict[str, Any]:
        assert isinstance(result, ChatReply)
        if not result.text:  # stopped before a word: the question stays in the conversation
            self.state = ChatState(
                (*self.state.turns, Message("user", self._pending_user)),
                self.state.summary,
                self.state.summarized_turns,
            )
        else:
            self.state = result.state
        ending = {"cancelled": " " + self.tr("[stopped]"), "length": " " + self.tr("[length limit]")}.get(
            result.final.finish_reason or "", ""
        )
        self._append(f"{ending}\n\n")
        self._reply_started = False
        timings = result.final.timings
        return {"seed": timings.seed} if timings is not None else {}

    def _on_task_failed(self, error: object) -> None:
        if self.running and self._pending_user and not self.input.toPlainText().strip():
            self.input.setPlainText(self._pending_user)  # the user's words are never lost
        if self._reply_started:
            self._append("\n\n")
            self._reply_started = False
        super()._on_task_failed(error)

    @Slot()
    def new_chat(self) -> None:
        if self.running:
            return
        self.state = ChatState()
        self.transcript.clear()
        self.clear_notices()
        self.edited.emit()

    def outputs(self) -> dict[str, Any]:
        return {
            "turns": [{"role": m.role, "content": m.content} for m in self.state.turns],
            "summary": self.state.summary,
            "summarized_turns": self.state.summarized_turns,
            "text": self._plain_transcript(),
        }

    def load_outputs(self, outputs: dict[str, Any]) -> None:
        turns = tuple(
            Message(t["role"], str(t["content"]))
            for t in outputs.get("turns", [])
            if isinstance(t, dict) and t.get("role") in ("user", "assistant")
        )
        self.state = ChatState(
            turns, str(outputs.get("summary", "")), int(outputs.get("summarized_turns", 0))
        )
        self.transcript.setPlainText(self._plain_transcript())

    def _speaker(self, role: str) -> str:
        return self.tr("You") if role == "user" else self.tr("Assistant")

    def _plain_transcript(self) -> str:
        return "".join(f"{self._speaker(m.role)}: {m.content}\n\n" for m in self.state.turns)

    def export_document(self) -> ExportDocument:
        blocks = [Paragraph(f"{self._speaker(m.role)}: {m.content}") for m in self.state.turns]
        return ExportDocument(self.draft_title(), (Heading(self.draft_title(), 1), *blocks))

    def draft_title(self) -> str:
        first = next((m.content for m in self.state.turns if m.role == "user"), "")
        return first.strip().split("\n", 1)[0][:60] or self.tr("Chat")

    def _append(self, text: str) -> None:
        cursor = self.transcript.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)
        self.transcript.setTextCursor(cursor)
        self.transcript.ensureCursorVisible()
