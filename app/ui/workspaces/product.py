"""Product description workspace: title, bullets and description as separate, editable parts.

Each part has a live character counter against the channel's limit (red when over, which only a manual
edit can cause: generated copy is always brought within the limit), and the SEO keywords that the copy
does not use are listed so they can be worked in by hand.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.core.documents.export import BulletList, ExportDocument, Heading, Paragraph
from app.core.engine.types import CancelToken, Engine, SamplingOptions
from app.core.tasks.channels import Channel, channel
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import Emit, PartReplaced
from app.core.tasks.limits import char_count, missing_keywords
from app.core.tasks.product import ProductPlan, ProductResult, generate_product
from app.ui.engine_bridge import EngineBridge
from app.ui.i18n import fill
from app.ui.workspaces.base import Job, Workspace
from app.ui.workspaces.variants_panel import VariantsPanel

MAX_BULLETS = 5


def _counter() -> QLabel:
    label = QLabel()
    label.setMinimumWidth(80)
    return label


def render_variant(parts: Mapping[str, str]) -> str:
    lines = [parts.get("title", "")]
    bullets = sorted((k for k in parts if k.startswith("bullets.")), key=lambda k: int(k.split(".")[1]))
    lines += [f"• {parts[k]}" for k in bullets]
    lines.append("")
    lines.append(parts.get("description", ""))
    return "\n".join(lines).strip()


class ProductWorkspace(Workspace):
    def __init__(
        self,
        task: TaskDefinition,
        bridge: EngineBridge,
        sampling: Callable[[], SamplingOptions],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(task, bridge, sampling, parent)
        self.channel = channel("generic")
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("titleEdit")
        self.title_edit.setAccessibleName(self.tr("Product title"))
        self.title_count = _counter()
        self.bullet_edits: list[QLineEdit] = []
        self.bullet_counts: list[QLabel] = []
        self.description_edit = QPlainTextEdit()
        self.description_edit.setObjectName("descriptionEdit")
        self.description_edit.setAccessibleName(self.tr("Product description"))
        self.description_count = _counter()
        self.keywords_label = QLabel()
        self.keywords_label.setObjectName("missingKeywords")
        self.keywords_label.setAccessibleName(self.tr("Missing keywords"))
        self.keywords_label.setWordWrap(True)
        self.channel_note = QLabel()
        self.channel_note.setWordWrap(True)
        self.channel_note.setStyleSheet("color: palette(placeholder-text);")

        parts = QWidget()
        layout = QFormLayout(parts)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(self.channel_note)
        layout.addRow(self.tr("Title"), self._with_counter(self.title_edit, self.title_count))
        for index in range(MAX_BULLETS):
            edit = QLineEdit()
            edit.setObjectName(f"bulletEdit{index}")
            edit.setAccessibleName(self.tr("Bullet %n", "", index + 1))
            count = _counter()
            self.bullet_edits.append(edit)
            self.bullet_counts.append(count)
            layout.addRow(self.tr("Bullet %n", "", index + 1), self._with_counter(edit, count))
            edit.textChanged.connect(self._on_part_edited)
        layout.addRow(self.tr("Description"), self.description_edit)
        layout.addRow("", self.description_count)
        layout.addRow(self.keywords_label)
        self.variants_panel = VariantsPanel(render_variant)
        self.variants_panel.chosen.connect(self.use_variant)
        self.output_layout.addWidget(parts, 3)
        self.output_layout.addWidget(self.variants_panel, 2)
        self._form_layout = layout

        self.title_edit.textChanged.connect(self._on_part_edited)
        self.description_edit.textChanged.connect(self._on_part_edited)
        self.form.changed.connect(self._on_form_changed)
        self._results: list[ProductResult] = []
        self._on_form_changed()

    @staticmethod
    def _with_counter(edit: QWidget, counter: QLabel) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        row.addWidget(counter)
        return box

    # ------------------------------------------------------------ Workspace

    def make_job(self) -> Job:
        plan = ProductPlan.from_inputs(self.task, self.form.values())
        self._set_channel(plan.channel)

        def one(
            engine: Engine, cancel: CancelToken, emit: Emit, sampling: SamplingOptions, index: int
        ) -> object:
            return generate_product(engine, plan, cancel, emit, sampling=sampling, variant=index)

        return self.variants_job(one)

    def before_run(self) -> None:
        count = self.variants()
        self.variants_panel.reset(count)
        if count == 1:
            self._set_parts({"title": "", "bullets": [], "description": ""})

    def on_delta(self, part: str, variant: int, text: str) -> None:
        if self.variants_panel.count() > 1:
            self.variants_panel.append(variant, part, text)
            return
        widget = self._widget_for(part)
        if isinstance(widget, QLineEdit):
            widget.setText(widget.text() + text)
        elif isinstance(widget, QPlainTextEdit):
            cursor = widget.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            cursor.insertText(text)

    def on_replaced(self, event: PartReplaced) -> None:
        if self.variants_panel.count() > 1:
            self.variants_panel.replace(event.variant, event.part, event.text)
            return
        widget = self._widget_for(event.part)
        if isinstance(widget, QLineEdit):
            widget.setText(event.text)
            widget.setCursorPosition(0)
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(event.text)

    def on_result(self, result: object) -> dict[str, Any]:
        assert isinstance(result, list)
        self._results = result
        if not result:
            return {}
        if len(result) == 1:
            self._set_parts(result[0].copy.as_outputs())
        seeds = [step.timings.seed for r in result for step in r.steps[:1] if step.timings is not None]
        return {"seeds": seeds, "variants": len(result)}

    @Slot(int)
    def use_variant(self, index: int) -> None:
        if index < len(self._results):
            self._set_parts(self._results[index].copy.as_outputs())
        else:
            parts = self.variants_panel.parts(index)
            bullets = [parts[k] for k in sorted(parts) if k.startswith("bullets.")]
            self._set_parts(
                {
                    "title": parts.get("title", ""),
                    "bullets": bullets,
                    "description": parts.get("description", ""),
                }
            )
        self.edited.emit()

    def outputs(self) -> dict[str, Any]:
        return {
            "title": self.title_edit.text(),
            "bullets": [
                edit.text() for edit in self.bullet_edits[: self.channel.bullets or 0] if edit.text()
            ],
            "description": self.description_edit.toPlainText(),
            "variants": self.variants_panel.state() if self.variants_panel.count() > 1 else [],
        }

    def load_outputs(self, outputs: dict[str, Any]) -> None:
        self._on_form_changed()
        self._set_parts(outputs)
        variants = outputs.get("variants") or []
        self.variants_panel.reset(len(variants))
        for index, parts in enumerate(variants):
            for part, text in parts.items():
                self.variants_panel.replace(index, part, text)
        self._results = []

    def export_document(self) -> ExportDocument:
        blocks: list[Any] = []
        bullets = tuple(edit.text() for edit in self.bullet_edits if edit.text().strip())
        if bullets:
            blocks.append(BulletList(bullets))
        if self.description_edit.toPlainText().strip():
            blocks += [
                Paragraph(p.strip()) for p in self.description_edit.toPlainText().split("\n\n") if p.strip()
            ]
        title = self.title_edit.text().strip() or self.draft_title()
        return ExportDocument(title, (Heading(title, 1), *blocks))

    # ------------------------------------------------------------ parts

    def _widget_for(self, part: str) -> QLineEdit | QPlainTextEdit | None:
        if part == "title":
            return self.title_edit
        if part == "description":
            return self.description_edit
        if part.startswith("bullets."):
            index = int(part.split(".")[1])
            return self.bullet_edits[index] if index < len(self.bullet_edits) else None
        return None

    def _set_parts(self, outputs: Mapping[str, Any]) -> None:
        self.title_edit.setText(str(outputs.get("title", "")))
        self.title_edit.setCursorPosition(0)
        bullets = list(outputs.get("bullets") or [])
        for index, edit in enumerate(self.bullet_edits):
            edit.setText(str(bullets[index]) if index < len(bullets) else "")
            edit.setCursorPosition(0)  # show how a part starts, not where the cursor landed
        description = str(outputs.get("description", ""))
        if self.description_edit.toPlainText() != description:
            self.description_edit.setPlainText(description)
        self._refresh_counters()

    def _set_channel(self, chosen: Channel) -> None:
        self.channel = chosen
        self.channel_note.setText(self.tr(chosen.note))
        for index, edit in enumerate(self.bullet_edits):
            visible = index < chosen.bullets
            edit.setVisible(visible)
            self.bullet_counts[index].setVisible(visible)
            box = edit.parentWidget()
            if box is not None:
                self._form_layout.setRowVisible(box, visible)
        self._refresh_counters()

    @Slot()
    def _on_form_changed(self) -> None:
        try:
            chosen = channel(str(self.form.values().get("channel") or "generic"))
        except ValueError:
            chosen = self.channel
        if chosen != self.channel or not self.channel_note.text():
            self._set_channel(chosen)
        self._refresh_keywords()

    @Slot()
    def _on_part_edited(self) -> None:
        self._refresh_counters()
        if not self.running:
            self._on_user_edit()

    def _refresh_counters(self) -> None:
        self._show_count(self.title_count, self.title_edit.text(), self.channel.title)
        for edit, count in zip(self.bullet_edits, self.bullet_counts, strict=True):
            self._show_count(count, edit.text(), self.channel.bullet)
        self._show_count(
            self.description_count, self.description_edit.toPlainText(), self.channel.description
        )
        self._refresh_keywords()

    def _show_count(self, label: QLabel, text: str, limit: int) -> None:
        used = char_count(text)
        label.setText(f"{used} / {limit}" if limit else f"{used}")
        over = bool(limit) and used > limit
        label.setStyleSheet("color: #c62828; font-weight: bold;" if over else "")
        label.setAccessibleName(
            fill(self.tr("%1 of %2 characters"), used, limit)
            if limit
            else self.tr("%n character(s)", "", used)
        )

    def _refresh_keywords(self) -> None:
        keywords = list(self.form.values().get("keywords") or [])
        texts = [
            self.title_edit.text(),
            *(e.text() for e in self.bullet_edits),
            self.description_edit.toPlainText(),
        ]
        if not keywords or not any(t.strip() for t in texts):
            self.keywords_label.clear()
            return
        missing = missing_keywords(keywords, texts)
        if missing:
            chips = "&nbsp;&nbsp;".join(
                f'<span style="background:#ffe0b2; color:#5d4037;">&nbsp;{html.escape(k)}&nbsp;</span>'
                for k in missing
            )
            self.keywords_label.setText(self.tr("Keywords not used yet:") + " " + chips)
        else:
            self.keywords_label.setText(self.tr("All keywords are used."))
