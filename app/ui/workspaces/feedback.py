"""Feedback analysis workspace: many items in, a dashboard of sentiment and topics out.

Items come pasted or from a file column (`ItemsInput`). "Analyze" runs ``analyze_feedback`` item by item
in one engine job; each finished item lands in the table and the charts at once, with a progress line.
Stop keeps the finished items, and an item that fails shows its error in the table while the run goes
on. Topics and teams are the form's own fields; the ones last used are kept in the data folder
(``analysis_lists``) and offered again in a new draft.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QGroupBox, QPlainTextEdit, QVBoxLayout, QWidget

from app.core.documents.export import BulletList, ExportDocument, Heading, Paragraph
from app.core.engine.types import CancelToken, Engine, SamplingOptions
from app.core.paths import app_paths
from app.core.tasks.analysis_lists import load_lists, save_lists
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import Emit
from app.core.tasks.feedback import SENTIMENTS, FeedbackItem, FeedbackSetup, analyze_feedback
from app.core.tasks.feedback_summary import summarize
from app.core.tasks.teams import format_teams
from app.ui.background import Background
from app.ui.engine_bridge import EngineBridge
from app.ui.i18n import fill
from app.ui.workspaces.base import Job, Workspace
from app.ui.workspaces.feedback_dashboard import FeedbackDashboard, FeedbackRow
from app.ui.workspaces.items_input import (
    AUTOSAVE_DURING_RUN_MS,
    ItemFinished,
    ItemsInput,
    ItemsRun,
    ProgressLine,
    items_job,
    place_in_form,
)
from app.ui.workspaces.results_export import ResultsExporter

MANAGED_FIELDS = ("text",)
"""Form fields this workspace fills itself (the items come from `ItemsInput`)."""


class FeedbackWorkspace(Workspace):
    def __init__(
        self,
        task: TaskDefinition,
        bridge: EngineBridge,
        sampling: Callable[[], SamplingOptions],
        parent: QWidget | None = None,
        *,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__(task, bridge, sampling, parent, variants=False, generate_label=self.tr("Analyze"))
        self.data_dir = data_dir if data_dir is not None else app_paths().data_dir
        """Where the topics and teams last used are kept."""
        self.analysis_sampling: SamplingOptions | None = None
        """None: the task's own (greedy) sampling, so the same feedback gets the same answer."""
        self.background = Background(self)
        self.exporter = ResultsExporter(self.background, self)
        self.exporter.exported.connect(self._on_exported)
        self.exporter.failed.connect(self.show_notice)

        for name in MANAGED_FIELDS:
            if name in self.form.widgets:
                self.form.hide_field(name)
        teams_edit = self.form.widgets.get("teams")
        if isinstance(teams_edit, QPlainTextEdit):
            teams_edit.setFixedHeight(110)
        self.items_input = ItemsInput(self.background)
        self.items_input.changed.connect(self._on_user_edit)
        self.items_input.loading_changed.connect(self._update_buttons)
        box = QGroupBox(self.tr("Feedback items"))
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.items_input)
        place_in_form(self, box)

        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([340, 860])  # the dashboard needs the room more than the form
        self.progress = ProgressLine()
        self.dashboard = FeedbackDashboard(self.exporter)
        self.output_layout.addWidget(self.progress)
        self.output_layout.addWidget(self.dashboard, 1)
        self.listen_to_bridge("task_event", self._on_item_event)
        self.run_ended.connect(self._on_run_ended)

        self._texts: tuple[str, ...] = ()
        self._row_numbers: tuple[int, ...] | None = None
        self._topics: tuple[str, ...] = ()
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DURING_RUN_MS)
        self._autosave.timeout.connect(self.edited)
        self._apply_saved_lists()

    # ------------------------------------------------------------ Workspace

    def make_job(self) -> Job | None:
        problem = self.items_input.problem()
        if problem is not None:
            self.show_notice(problem)
            return None
        values = self.form.values()
        setup = FeedbackSetup.from_values(values)  # a ValueError (bad topic or team) becomes a notice
        self._remember_lists(setup)
        items = self.items_input.items()
        self._texts, self._row_numbers = items.texts, items.rows
        self._topics = setup.all_topics
        task, sampling = self.task, self.analysis_sampling

        def one(engine: Engine, cancel: CancelToken, emit: Emit, text: str) -> FeedbackItem:
            return analyze_feedback(engine, task, setup, text, cancel, sampling=sampling, emit=emit)

        return items_job(items.texts, one)

    def before_run(self) -> None:
        self.dashboard.clear()
        self.dashboard.set_topics(self._topics)
        self.progress.start(len(self._texts))

    def on_result(self, result: object) -> dict[str, Any]:
        self._autosave.stop()
        assert isinstance(result, ItemsRun)
        failed = self.dashboard.failed_count()
        self.progress.finish(result.done, result.total, failed, cancelled=result.cancelled)
        return {"items": result.done, "failed": failed, "stopped": result.cancelled}

    def inputs(self) -> dict[str, Any]:
        values = self.form.values()
        for name in MANAGED_FIELDS:
            values.pop(name, None)
        values["items"] = self.items_input.state()
        return values

    def outputs(self) -> dict[str, Any]:
        return {
            "topics": list(self._topics),
            "results": [
                {
                    "text": row.text,
                    "row": row.row,
                    "result": row.item.as_columns() if row.item is not None else None,
                    "error": row.error,
                }
                for row in self.dashboard.rows()
            ],
        }

    def load(self, inputs: dict[str, Any], outputs: dict[str, Any]) -> None:
        self._loading = True
        try:
            self.items_input.set_state(inputs.get("items") or {})
        finally:
            self._loading = False
        super().load(self._with_saved_lists(inputs), outputs)

    def load_outputs(self, outputs: dict[str, Any]) -> None:
        rows = [_row_from_saved(saved) for saved in outputs.get("results") or [] if isinstance(saved, dict)]
        self.dashboard.clear()
        topics = outputs.get("topics")
        self._topics = tuple(str(t) for t in topics) if isinstance(topics, list) else ()
        self.dashboard.set_topics(self._topics)
        self.dashboard.set_rows(rows)
        self.progress.show_loaded(len(rows), self.dashboard.failed_count())

    def export_document(self) -> ExportDocument:
        rows = self.dashboard.rows()
        summary = summarize([row.item for row in rows if row.item is not None])
        counts = ", ".join(f"{s}: {summary.sentiment_counts.get(s, 0)}" for s in SENTIMENTS)
        topics = ", ".join(f"{t}: {n}" for t, n in sorted(summary.topic_counts.items(), key=lambda p: -p[1]))
        lines = []
        for row in rows:
            if row.item is None:
                lines.append(fill(self.tr("%1 — failed: %2"), row.text[:80], row.error))
            else:
                item = row.item
                lines.append(f"[{item.sentiment}, {item.urgency}, {item.team}] {item.summary}")
        blocks: list[Any] = [Heading(self.tr("Summary"), 2)]
        blocks.append(Paragraph(fill(self.tr("%1 item(s). Sentiment: %2."), len(rows), counts)))
        if topics:
            blocks.append(Paragraph(fill(self.tr("Topics: %1."), topics)))
        if lines:
            blocks += [Heading(self.tr("Items"), 2), BulletList(tuple(lines))]
        return ExportDocument(self.draft_title(), tuple(blocks))

    def draft_title(self) -> str:
        items = self.items_input.items()
        if items.source:
            return fill(self.tr("Feedback: %1"), items.source)
        if items.texts:
            return fill(self.tr("Feedback: %1"), items.texts[0][:60])
        return self.tr(self.task.name)

    # ------------------------------------------------------------ running

    @Slot(object)
    def _on_item_event(self, event: object) -> None:
        if not self.running or not isinstance(event, ItemFinished):
            return
        result = event.result if isinstance(event.result, FeedbackItem) else None
        index = event.index
        row_number = (
            self._row_numbers[index]
            if self._row_numbers is not None and index < len(self._row_numbers)
            else None
        )
        text = self._texts[index] if index < len(self._texts) else ""
        self.dashboard.append(FeedbackRow(text, result, event.error, row_number))
        self.progress.advance(event.done, event.total, event.elapsed_s)
        if not self._autosave.isActive():
            self._autosave.start()

    @Slot(bool)
    def _on_run_ended(self, succeeded: bool) -> None:
        self._autosave.stop()
        if not succeeded:
            self.progress.stop_running()

    @Slot()
    def _update_buttons(self, *_args: object) -> None:
        super()._update_buttons()
        if getattr(self, "items_input", None) is not None and self.items_input.is_loading():
            self.generate_button.setEnabled(False)

    @Slot(str)
    def _on_exported(self, path: str) -> None:
        self.show_notice(fill(self.tr("Exported to %1."), path))

    # ------------------------------------------------------------ the lists kept between runs

    def _with_saved_lists(self, inputs: dict[str, Any]) -> dict[str, Any]:
        """A draft's own topics and teams win; a new draft starts from the lists last used."""
        lists, warning = load_lists(self.data_dir)  # one small JSON file
        if warning:
            self.show_notice(warning)
        merged = dict(inputs)
        merged.setdefault("topics", list(lists.topics))
        merged.setdefault("teams", format_teams(lists.teams))
        return merged

    def _apply_saved_lists(self) -> None:
        merged = self._with_saved_lists({})
        self._loading = True
        try:
            self.form.set_values({"topics": merged["topics"], "teams": merged["teams"]})
        finally:
            self._loading = False

    def _remember_lists(self, setup: FeedbackSetup) -> None:
        """Keep this run's topics and teams for the next draft; the labels stay as they are."""
        data_dir = self.data_dir

        def write() -> None:
            lists, _warning = load_lists(data_dir)
            save_lists(data_dir, dataclasses.replace(lists, topics=setup.topics, teams=setup.teams))

        self.background.run(
            write,
            lambda _none: None,
            lambda exc: self.show_notice(fill(self.tr("Your topics and teams were not saved: %1"), exc)),
            name="save-lists",
        )


def _row_from_saved(saved: dict[str, Any]) -> FeedbackRow:
    """A result from a draft; a damaged one comes back as a failed row that says so."""
    text = str(saved.get("text") or "")
    row = saved.get("row")
    number = row if isinstance(row, int) else None
    result = saved.get("result")
    if isinstance(result, dict):
        try:
            item = FeedbackItem.from_columns({str(k): str(v) for k, v in result.items()})
        except ValueError as exc:
            return FeedbackRow(text, None, f"saved result unreadable: {exc}", number)
        return FeedbackRow(text, item, "", number)
    return FeedbackRow(text, None, str(saved.get("error") or ""), number)
