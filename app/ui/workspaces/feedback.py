"""Feedback analysis workspace: many items in, a dashboard of sentiment and topics out.

Items come pasted or from a file column (`ItemsInput`). "Analyze" runs ``analyze_feedback`` item by item
in one engine job; each finished item lands in the table and the charts at once, with a progress line.
Stop keeps the finished items, and an item that fails shows its error in the table while the run goes
on. Topics and teams are the form's own fields; the ones last used are kept in the data folder
(``analysis_lists``) and offered again in a new draft.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from app.core.documents.export import BulletList, ExportDocument, Heading, Paragraph
from app.core.engine.types import SamplingOptions
from app.core.tasks.analysis_lists import AnalysisLists
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.feedback import SENTIMENTS, FeedbackItem, FeedbackSetup, analyze_feedback
from app.core.tasks.feedback_summary import summarize
from app.core.tasks.teams import format_teams
from app.ui.engine_bridge import EngineBridge
from app.ui.i18n import fill
from app.ui.workspaces.feedback_dashboard import FeedbackDashboard, FeedbackRow
from app.ui.workspaces.items_run import AnalyzeOne, ItemFinished
from app.ui.workspaces.items_workspace import ItemsWorkspace


class FeedbackWorkspace(ItemsWorkspace):
    def __init__(
        self,
        task: TaskDefinition,
        bridge: EngineBridge,
        sampling: Callable[[], SamplingOptions],
        parent: QWidget | None = None,
        *,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__(
            task,
            bridge,
            sampling,
            parent,
            data_dir=data_dir,
            generate_label=self.tr("Analyze"),
            items_title=self.tr("Feedback items"),
        )
        self.set_field_height("teams", 110)
        self.dashboard = FeedbackDashboard(self.exporter)
        self.output_layout.addWidget(self.dashboard, 1)
        self._topics: tuple[str, ...] = ()

    # ------------------------------------------------------------ ItemsWorkspace

    def prepare_run(self, values: dict[str, Any]) -> AnalyzeOne:
        setup = FeedbackSetup.from_values(values)  # a ValueError (bad topic or team) becomes a notice
        self.remember_lists(
            self.tr("Your topics and teams were not saved: %1"), topics=setup.topics, teams=setup.teams
        )
        self._topics = setup.all_topics
        return self.analysis(analyze_feedback, setup)

    def add_item(self, event: ItemFinished, text: str, row: int | None, true_label: str | None) -> None:
        result = event.result if isinstance(event.result, FeedbackItem) else None
        self.dashboard.append(FeedbackRow(text, result, event.error, row))

    def failed_count(self) -> int:
        return self.dashboard.failed_count()

    def saved_values(self, lists: AnalysisLists) -> dict[str, Any]:
        return {"topics": list(lists.topics), "teams": format_teams(lists.teams)}

    def title_template(self) -> str:
        return self.tr("Feedback: %1")

    # ------------------------------------------------------------ Workspace

    def before_run(self) -> None:
        self.dashboard.clear()
        self.dashboard.set_topics(self._topics)
        super().before_run()

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
