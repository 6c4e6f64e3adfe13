"""Rewrite workspace: work on a text, rewrite the selection (or all of it), undo in one step.

The result streams into a preview first; when it is finished it replaces the selection inside one edit
block, so a single Undo brings the original back. Several variants can be compared before choosing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from app.core.documents.export import ExportDocument, document_from_text
from app.core.engine.types import CancelToken, Engine, SamplingOptions
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import Emit, PartReplaced
from app.core.tasks.rewrite import RewritePlan, RewriteResult, rewrite
from app.ui.engine_bridge import EngineBridge
from app.ui.workspaces.base import Job, Workspace
from app.ui.workspaces.variants_panel import VariantsPanel


def _render(parts: Mapping[str, str]) -> str:
    return parts.get("text", "")


class RewriteWorkspace(Workspace):
    def __init__(
        self,
        task: TaskDefinition,
        bridge: EngineBridge,
        sampling: Callable[[], SamplingOptions],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(task, bridge, sampling, parent, generate_label=self.tr("Rewrite"))
        self.form.hide_field("text")
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("rewriteEditor")
        self.editor.setAccessibleName(self.tr("Text to rewrite"))
        self.editor.setPlaceholderText(
            self.tr(
                "Paste or write your text here. Select a part to rewrite only that part; "
                "Ctrl+Z undoes a rewrite."
            )
        )
        self.preview = QPlainTextEdit(readOnly=True)
        self.preview.setObjectName("rewritePreview")
        self.preview.setAccessibleName(self.tr("Rewrite preview"))
        self.preview.setMaximumHeight(160)
        self.preview.hide()
        self.scope = QLabel()
        self.scope.setStyleSheet("color: palette(placeholder-text);")
        self.variants_panel = VariantsPanel(_render)
        self.variants_panel.chosen.connect(self.use_variant)
        self.output_layout.addWidget(self.editor, 3)
        self.output_layout.addWidget(self.scope)
        self.output_layout.addWidget(self.preview, 1)
        self.output_layout.addWidget(self.variants_panel, 2)
        self.editor.textChanged.connect(self._on_editor_changed)
        self.editor.selectionChanged.connect(self._show_scope)
        self._target: tuple[int, int] = (0, 0)
        self._results: list[RewriteResult] = []
        self._show_scope()

    # ------------------------------------------------------------ Workspace

    def make_job(self) -> Job | None:
        cursor = self.editor.textCursor()
        if cursor.hasSelection():
            start, end = cursor.selectionStart(), cursor.selectionEnd()
        else:
            start, end = 0, len(self.editor.toPlainText())
        text = self.editor.toPlainText()[start:end]
        if not text.strip():
            self.show_notice(self.tr("Write or paste some text first, then choose how to rewrite it."))
            return None
        plan = RewritePlan.from_inputs(self.task, {**self.form.values(), "text": text})
        self._target = (start, end)

        def one(
            engine: Engine, cancel: CancelToken, emit: Emit, sampling: SamplingOptions, index: int
        ) -> object:
            return rewrite(engine, plan, cancel, emit, sampling=sampling, variant=index)

        return self.variants_job(one)

    def before_run(self) -> None:
        count = self.variants()
        self.variants_panel.reset(count)
        self.preview.clear()
        self.preview.setVisible(count == 1)
        self.editor.setReadOnly(True)

    def on_delta(self, part: str, variant: int, text: str) -> None:
        if self.variants_panel.count() > 1:
            self.variants_panel.append(variant, part, text)
        else:
            cursor = self.preview.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText(text)
            self.preview.ensureCursorVisible()

    def on_replaced(self, event: PartReplaced) -> None:
        if self.variants_panel.count() > 1:
            self.variants_panel.replace(event.variant, event.part, event.text)
        else:
            self.preview.setPlainText(event.text)

    def on_result(self, result: object) -> dict[str, Any]:
        self.editor.setReadOnly(False)
        assert isinstance(result, list)
        self._results = result
        if len(result) == 1 and result[0].text.strip():
            self.replace_target(result[0].text)
            self.preview.hide()
        return {"variants": len(result)}

    @Slot(int)
    def use_variant(self, index: int) -> None:
        text = (
            self._results[index].text
            if index < len(self._results)
            else self.variants_panel.parts(index).get("text", "")
        )
        if text.strip():
            self.replace_target(text)

    def replace_target(self, text: str) -> None:
        """Replace the rewritten range in one edit block: one Undo restores the original."""
        start, end = self._target
        end = min(end, len(self.editor.toPlainText()))
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(text)
        cursor.endEditBlock()
        cursor.setPosition(start)
        cursor.setPosition(start + len(text), QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self._target = (start, start + len(text))

    def _on_task_failed(self, error: object) -> None:
        self.editor.setReadOnly(False)
        super()._on_task_failed(error)

    def outputs(self) -> dict[str, Any]:
        return {"text": self.editor.toPlainText()}

    def inputs(self) -> dict[str, Any]:
        values = self.form.values()
        values.pop("text", None)
        return values

    def load_outputs(self, outputs: dict[str, Any]) -> None:
        text = str(outputs.get("text", ""))
        if self.editor.toPlainText() != text:
            self.editor.setPlainText(text)
        self.preview.clear()
        self.preview.hide()
        self.variants_panel.reset(0)

    def export_document(self) -> ExportDocument:
        return document_from_text(self.draft_title(), self.editor.toPlainText())

    def draft_title(self) -> str:
        first = self.editor.toPlainText().strip().split("\n", 1)[0]
        return first[:60] or self.tr("Rewrite")

    @Slot()
    def _on_editor_changed(self) -> None:
        self._show_scope()
        self._on_user_edit()

    @Slot()
    def _show_scope(self) -> None:
        cursor = self.editor.textCursor()
        if cursor.hasSelection():
            chars = cursor.selectionEnd() - cursor.selectionStart()
            self.scope.setText(self.tr("Rewrites the selection (%1 characters).").replace("%1", str(chars)))
        else:
            self.scope.setText(self.tr("Rewrites the whole text. Select a part to rewrite only that."))
