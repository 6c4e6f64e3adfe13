"""The feedback dashboard: counts per sentiment and topic as bar charts, over a table of the items.

Clicking bars filters the table (bars of one chart add up, the two charts narrow each other down); "Show
all" clears the filter. Counts come from ``feedback_summary.summarize`` and the filter from
``filter_items``, so the dashboard agrees with the CLI and batch output. Export writes the rows shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.core.tasks.feedback import SENTIMENTS, FeedbackItem
from app.core.tasks.feedback_summary import filter_items, summarize
from app.ui.charts.bar_chart import Bar, BarChart
from app.ui.workspaces.results_export import ResultRow, ResultsExporter
from app.ui.workspaces.results_pane import ResultsPane

SENTIMENT_COLOURS = {
    "positive": QColor("#43a047"),
    "neutral": QColor("#9e9e9e"),
    "negative": QColor("#e53935"),
}
"""Mid-tone hues that read on light and dark backgrounds alike."""

EXPORT_HEADER: tuple[str, ...] = ("row", "text", *FeedbackItem.OUTPUT_COLUMNS, "error")
"""Column names of an exported file: the same names the CLI and batch jobs write."""


@dataclass(frozen=True)
class FeedbackRow:
    """One item of a run: its text and analysis, or the error that stopped its analysis."""

    text: str
    item: FeedbackItem | None
    error: str = ""
    row: int | None = None
    """The file's row number; None for pasted items."""


def rows_matching(rows: Sequence[FeedbackRow], sentiments: Sequence[str], topics: Sequence[str]) -> set[int]:
    """Indices of ``rows`` whose sentiment is one of ``sentiments`` and that share a topic with ``topics``
    (an empty selection does not filter); failed rows match only when nothing is selected."""
    if not sentiments and not topics:
        return set(range(len(rows)))
    analysed = [index for index, row in enumerate(rows) if row.item is not None]
    items = [item for row in rows if (item := row.item) is not None]
    chosen = set(range(len(items)))
    if sentiments:
        chosen &= {at for value in sentiments for at in filter_items(items, sentiment=value)}
    if topics:
        chosen &= {at for value in topics for at in filter_items(items, topic=value)}
    return {analysed[at] for at in chosen}


class FeedbackDashboard(QWidget):
    filter_changed = Signal()

    def __init__(self, exporter: ResultsExporter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._exporter = exporter
        self._rows: list[FeedbackRow] = []
        self._topics: tuple[str, ...] = ()
        self.sentiment_chart = BarChart(self.tr("Sentiment"))
        self.sentiment_chart.setObjectName("sentimentChart")
        self.topic_chart = BarChart(self.tr("Topics"))
        self.topic_chart.setObjectName("topicChart")
        for chart in (self.sentiment_chart, self.topic_chart):
            chart.set_empty_text(self.tr("No items analysed yet"))
            chart.selection_changed.connect(self._apply_filter)
        self.results = ResultsPane(
            [
                self.tr("Row"),
                self.tr("Feedback"),
                self.tr("Sentiment"),
                self.tr("Score"),
                self.tr("Topics"),
                self.tr("Summary"),
                self.tr("Urgency"),
                self.tr("Team"),
            ],
            "feedbackTable",
            (40, 0, 72, 48, 96, 0, 60, 72),
            numeric=(0, 3),
        )
        self.results.add_above(self.sentiment_chart, 2, top=True)
        self.results.add_above(self.topic_chart, 3, top=True)
        self.model, self.proxy, self.table = self.results.model, self.results.proxy, self.results.table
        self.filter_label = self.results.filter_label
        self.show_all_button, self.export_button = self.results.show_all_button, self.results.export_button
        self.show_all_button.setToolTip(self.tr("Clear the chart selection"))
        self.table.setAccessibleName(self.tr("Analysed items"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.results)

        self.show_all_button.clicked.connect(self.show_all)
        self.export_button.clicked.connect(self.export)
        self._refresh()

    # ------------------------------------------------------------ rows

    def rows(self) -> list[FeedbackRow]:
        return list(self._rows)

    def set_rows(self, rows: Iterable[FeedbackRow]) -> None:
        self._rows = list(rows)
        self.model.set_rows([self._table_row(index, row) for index, row in enumerate(self._rows)])
        self._refresh()

    def set_topics(self, topics: Sequence[str]) -> None:
        """The topics that could be chosen: the chart shows them with zero bars when nobody used them."""
        self._topics = tuple(topics)
        self._refresh()

    def append(self, row: FeedbackRow) -> None:
        self._rows.append(row)
        self.model.append(self._table_row(len(self._rows) - 1, row))
        self._refresh()

    def clear(self) -> None:
        self.sentiment_chart.clear_selection()
        self.topic_chart.clear_selection()
        self.set_rows([])

    def failed_count(self) -> int:
        return sum(1 for row in self._rows if row.item is None)

    # ------------------------------------------------------------ filter and export

    @Slot()
    def show_all(self) -> None:
        self.sentiment_chart.clear_selection()
        self.topic_chart.clear_selection()

    def shown_rows(self) -> list[int]:
        """Indices of the rows the table shows, in the order it shows them."""
        return self.proxy.visible_source_rows()

    def export_table(self) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
        """The header and the rows shown, as they are written to a file."""
        body = []
        for index in self.shown_rows():
            row = self._rows[index]
            columns = row.item.as_columns() if row.item is not None else {}
            number = str(row.row if row.row is not None else index + 1)
            cells = [columns.get(name, "") for name in FeedbackItem.OUTPUT_COLUMNS]
            body.append((number, row.text, *cells, row.error))
        return EXPORT_HEADER, body

    @Slot()
    def export(self) -> None:
        header, body = self.export_table()
        self._exporter.ask_and_export(self, self.tr("feedback-analysis.csv"), header, body)

    # ------------------------------------------------------------ drawing

    def _table_row(self, index: int, row: FeedbackRow) -> ResultRow:
        number = str(row.row if row.row is not None else index + 1)
        item = row.item
        if item is None:
            return ResultRow((number, row.text, self.tr("failed"), "", "", row.error, "", ""), failed=True)
        return ResultRow(
            (
                number,
                row.text,
                self._sentiment_label(item.sentiment),
                str(item.score),
                ", ".join(item.topics),
                item.summary,
                item.urgency,
                item.team,
            )
        )

    def _sentiment_label(self, sentiment: str) -> str:
        labels = {
            "positive": self.tr("positive"),
            "neutral": self.tr("neutral"),
            "negative": self.tr("negative"),
        }
        return labels.get(sentiment, sentiment)

    def _refresh(self) -> None:
        summary = summarize([row.item for row in self._rows if row.item is not None], topics=self._topics)
        self.sentiment_chart.set_bars(
            Bar(key, self._sentiment_label(key), summary.sentiment_counts.get(key, 0), SENTIMENT_COLOURS[key])
            for key in SENTIMENTS
        )
        self.topic_chart.set_bars(Bar(topic, topic, count) for topic, count in summary.topic_counts.items())
        if not self._rows:
            self.sentiment_chart.set_bars([])
            self.topic_chart.set_bars([])
        self._apply_filter()

    @Slot()
    def _apply_filter(self) -> None:
        sentiments = self.sentiment_chart.selected()
        topics = self.topic_chart.selected()
        filtering = bool(sentiments or topics)
        self.results.show_filter(
            len(self._rows),
            [self._sentiment_label(s) for s in sentiments] + list(topics),
            rows_matching(self._rows, sentiments, topics) if filtering else None,
            self.tr("Analysed items appear here as they finish."),
        )
        self.filter_changed.emit()
