"""Blog workspace: outline first (editable), then the post section by section.

"Write outline" fills the outline editor; the user edits headings and points freely. "Write post" writes
every unfinished section in order, each streamed into view; Stop keeps the partial section, and "Continue"
picks up from the first unfinished one. Any section can be regenerated on its own, or edited by hand.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QWidget,
)

from app.core.documents.export import ExportDocument, document_from_text
from app.core.engine.types import CancelToken, Engine, SamplingOptions
from app.core.tasks.blog import BlogDraft, BlogPlan, BlogResult, Outline, generate_outline, write_sections
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import Emit, PartReplaced
from app.ui.engine_bridge import EngineBridge
from app.ui.workspaces.base import Job, Workspace


class BlogWorkspace(Workspace):
    def __init__(
        self,
        task: TaskDefinition,
        bridge: EngineBridge,
        sampling: Callable[[], SamplingOptions],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            task, bridge, sampling, parent, variants=False, generate_label=self.tr("Write outline")
        )
        self.draft = BlogDraft(Outline("", ()))
        self.outline_edit = QPlainTextEdit()
        self.outline_edit.setObjectName("outlineEdit")
        self.outline_edit.setAccessibleName(self.tr("Outline"))
        self.outline_edit.setPlaceholderText(
            self.tr("# Title\n\n## First section\n- a point to cover\n\n## Second section\n- …")
        )
        self.write_button = QPushButton(self.tr("Write post"))
        self.write_button.setObjectName("writePostButton")
        self.write_button.setAccessibleName(self.tr("Write post"))
        self.write_button.setToolTip(self.tr("Write every unfinished section, in order"))
        self.regenerate_button = QPushButton(self.tr("Regenerate section"))
        self.regenerate_button.setObjectName("regenerateButton")
        self.regenerate_button.setAccessibleName(self.tr("Regenerate section"))
        self.progress = QLabel()
        self.progress.setObjectName("blogProgress")
        self.sections = QListWidget()
        self.sections.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.sections.setObjectName("sectionList")
        self.sections.setAccessibleName(self.tr("Sections"))
        self.section_edit = QPlainTextEdit()
        self.section_edit.setObjectName("sectionEdit")
        self.section_edit.setAccessibleName(self.tr("Section text"))
        self.section_edit.setPlaceholderText(self.tr("Choose a section to read or edit it."))

        actions = QHBoxLayout()
        actions.addWidget(self.write_button)
        actions.addWidget(self.regenerate_button)
        actions.addWidget(self.progress, 1)
        lower = QSplitter()
        lower.addWidget(self.sections)
        lower.addWidget(self.section_edit)
        lower.setStretchFactor(1, 3)
        vertical = QSplitter(Qt.Orientation.Vertical)
        vertical.addWidget(self.outline_edit)
        vertical.addWidget(lower)
        vertical.setStretchFactor(1, 2)
        self.output_layout.addWidget(
            QLabel(self.tr("<b>Outline</b> — edit freely: ## headings and - points"))
        )
        self.output_layout.addWidget(vertical, 1)
        self.output_layout.addLayout(actions)

        self.write_button.clicked.connect(self.write_post)
        self.regenerate_button.clicked.connect(self.regenerate_section)
        self.outline_edit.textChanged.connect(self._on_outline_edited)
        self.sections.currentRowChanged.connect(self._show_section)
        self.section_edit.textChanged.connect(self._on_section_edited)
        self.listen_to_bridge("busy_changed", self._update_blog_buttons)
        self.listen_to_bridge("model_loaded", self._update_blog_buttons)
        self.listen_to_bridge("model_failed", self._update_blog_buttons)
        self._mode = "outline"
        self._writing: int | None = None
        self._syncing = False
        self._update_blog_buttons()

    # ------------------------------------------------------------ jobs

    def _plan(self) -> BlogPlan:
        return BlogPlan.from_inputs(self.task, self.form.values())

    def make_job(self) -> Job:
        plan, sampling = self._plan(), self.sampling()
        self._mode = "outline"

        def job(engine: Engine, cancel: CancelToken, emit: Emit) -> Outline:
            outline, _final = generate_outline(engine, plan, cancel, emit, sampling=sampling)
            return outline

        return job

    @Slot()
    def write_post(self) -> None:
        self._start_sections(None)

    @Slot()
    def regenerate_section(self) -> None:
        row = self.sections.currentRow()
        if row >= 0:
            self._start_sections(row)

    def _start_sections(self, only: int | None) -> None:
        try:
            plan = self._plan()
        except ValueError as exc:
            problems = getattr(exc, "problems", None)
            if problems:
                self.form.show_problems(problems)
            else:
                self.show_notice(str(exc))
            return
        self._sync_outline()
        if not self.draft.outline.sections:
            self.show_notice(
                self.tr("The outline has no sections yet: write an outline first, or type ## headings.")
            )
            return
        if only is None and self.draft.next_unfinished() is None:
            self.show_notice(
                self.tr("Every section is written. Regenerate a section, or edit the outline to add one.")
            )
            return
        draft, sampling = self.draft, self.sampling()
        self._mode = "sections"

        def job(engine: Engine, cancel: CancelToken, emit: Emit) -> BlogResult:
            return write_sections(engine, plan, draft, cancel, emit, sampling=sampling, only=only)

        self.start_job(job)

    # ------------------------------------------------------------ streaming

    def on_delta(self, part: str, variant: int, text: str) -> None:
        if part.startswith("section."):
            index = int(part.split(".")[1])
            self._select_writing(index)
            cursor = self.section_edit.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.End)
            self._syncing = True
            cursor.insertText(text)
            self._syncing = False
            self.section_edit.ensureCursorVisible()

    def on_replaced(self, event: PartReplaced) -> None:
        if event.part == "outline":
            self._syncing = True
            self.outline_edit.setPlainText(event.text)
            self._syncing = False
        elif event.part.startswith("section."):
            index = int(event.part.split(".")[1])
            self._select_writing(index)
            self._syncing = True
            self.section_edit.setPlainText(event.text)
            self._syncing = False
            if index < len(self.draft.sections):
                sections = list(self.draft.sections)
                sections[index] = dataclasses.replace(sections[index], text=event.text)
                self.draft = BlogDraft(self.draft.outline, tuple(sections))

    def on_result(self, result: object) -> dict[str, Any]:
        if isinstance(result, Outline):
            self.draft = self.draft.with_outline(result) if self.draft.sections else BlogDraft.start(result)
            self._syncing = True
            self.outline_edit.setPlainText(result.to_text())
            self._syncing = False
            self._refresh_sections()
            self.show_notice(self.tr("Edit the outline if you like, then press “Write post”."))
        elif isinstance(result, BlogResult):
            self.draft = result.draft
            self._refresh_sections()
            if not result.complete:
                self.show_notice(self.tr("Stopped. “Continue” writes the remaining sections."))
        self._writing = None
        self._update_blog_buttons()
        return {"step": self._mode, "words": self.draft.word_count()}

    def _select_writing(self, index: int) -> None:
        if self._writing != index:
            self._writing = index
            self._refresh_sections()
            self.sections.setCurrentRow(index)
            self._syncing = True
            self.section_edit.clear()
            self._syncing = False

    # ------------------------------------------------------------ outline and sections

    def _sync_outline(self) -> None:
        outline = Outline.from_text(self.outline_edit.toPlainText())
        if outline != self.draft.outline:
            self.draft = self.draft.with_outline(outline)
            self._refresh_sections()

    @Slot()
    def _on_outline_edited(self) -> None:
        if self._syncing:
            return
        self._sync_outline()
        self._on_user_edit()

    @Slot()
    def _on_section_edited(self) -> None:
        if self._syncing or self.running:
            return
        row = self.sections.currentRow()
        if 0 <= row < len(self.draft.sections):
            sections = list(self.draft.sections)
            text = self.section_edit.toPlainText()
            sections[row] = dataclasses.replace(
                sections[row], text=text, done=bool(text.strip()) or sections[row].done
            )
            self.draft = BlogDraft(self.draft.outline, tuple(sections))
            self._update_progress()
            self._on_user_edit()

    @Slot(int)
    def _show_section(self, row: int) -> None:
        if self._writing is not None and self.running:
            return
        self._syncing = True
        self.section_edit.setPlainText(
            self.draft.sections[row].text if 0 <= row < len(self.draft.sections) else ""
        )
        self._syncing = False

    def _refresh_sections(self) -> None:
        current = self.sections.currentRow()
        self.sections.blockSignals(True)
        self.sections.clear()
        for index, section in enumerate(self.draft.sections):
            mark = "✓" if section.done else ("✎" if index == self._writing else "○")
            item = QListWidgetItem(f"{mark} {index + 1}. {section.heading}")
            item.setToolTip(section.heading)
            self.sections.addItem(item)
        self.sections.blockSignals(False)
        if 0 <= current < self.sections.count():
            self.sections.setCurrentRow(current)
        self._update_progress()
        self._update_blog_buttons()

    def _update_progress(self) -> None:
        done = sum(1 for s in self.draft.sections if s.done)
        total = len(self.draft.sections)
        self.progress.setText(
            self.tr("%1 of %2 sections · %3 words")
            .replace("%1", str(done))
            .replace("%2", str(total))
            .replace("%3", str(self.draft.word_count()))
            if total
            else ""
        )

    @Slot()
    def _update_blog_buttons(self, *_args: object) -> None:
        idle = not self.bridge.busy and self.bridge.model_info is not None
        started = any(s.done or s.text for s in self.draft.sections)
        unfinished = self.draft.next_unfinished() is not None
        self.write_button.setText(self.tr("Continue") if started and unfinished else self.tr("Write post"))
        self.write_button.setEnabled(idle and bool(self.draft.sections))
        self.regenerate_button.setEnabled(idle and self.sections.currentRow() >= 0)

    # ------------------------------------------------------------ drafts

    def outputs(self) -> dict[str, Any]:
        self._sync_outline()
        return self.draft.to_outputs()

    def load_outputs(self, outputs: dict[str, Any]) -> None:
        self.draft = BlogDraft.from_outputs(outputs) if outputs else BlogDraft(Outline("", ()))
        self._syncing = True
        self.outline_edit.setPlainText(str(outputs.get("outline", "")) if outputs else "")
        self.section_edit.clear()
        self._syncing = False
        self._writing = None
        self._refresh_sections()

    def export_document(self) -> ExportDocument:
        return document_from_text(self.draft.outline.title or self.draft_title(), self.draft.markdown())
