"""Classification workspace: the user's labels, many items in, one label (or several) per item out.

The labels are the form's "name: description" lines and "Labels per item" is the single/multi switch;
the answer is chosen under a grammar, so every label in the table is one of the user's. Items come
pasted or from a file column; when a true-label column was loaded too, the confusion view shows how the
model's labels compare, with accuracy, as the run goes. A chart of label counts filters the table.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.documents.export import BulletList, ExportDocument, Heading, Paragraph
from app.core.engine.types import CancelToken, Engine, SamplingOptions
from app.core.paths import app_paths
from app.core.tasks.analysis_lists import load_lists, save_lists
from app.core.tasks.classify import Classification, ClassifySetup, classify_text, format_labels
from app.core.tasks.confusion import confusion_matrix
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import Emit
from app.core.tasks.feedback import LIST_SEPARATOR
from app.ui.background import Background
from app.ui.charts.bar_chart import Bar, BarChart
from app.ui.engine_bridge import EngineBridge
from app.ui.i18n import fill
from app.ui.workspaces.base import Job, Workspace
from app.ui.workspaces.confusion_view import ConfusionView
from app.ui.workspaces.items_input import (
    AUTOSAVE_DURING_RUN_MS,
    ItemFinished,
    ItemsInput,
    ItemsRun,
    ProgressLine,
    items_job,
    place_in_form,
)
from app.ui.workspaces.results_export import ResultRow, ResultsExporter, ResultsModel, RowFilter, results_view

MANAGED_FIELDS = ("text",)


@dataclass(frozen=True)
class ClassifiedRow:
    text: str
    labels: tuple[str, ...] | None
    """The chosen labels; None when the item failed."""
    error: str = ""
    row: int | None = None
    true_label: str | None = None
    """From the true-label column; None when there was none."""

    def correct(self) -> bool | None:
        """Whether the (first) label matches the true label; None when there is nothing to compare."""
        if not self.labels or not self.true_label:
            return None
        return " ".join(self.labels[0].split()).casefold() == " ".join(self.true_label.split()).casefold()


def label_counts(rows: Sequence[ClassifiedRow], names: Sequence[str]) -> dict[str, int]:
    """How many items got each label (an item with several counts under each); ``names`` first, zeros
    included, then labels no longer in the list (an older run)."""
    counts = dict.fromkeys(names, 0)
    for row in rows:
        for label in row.labels or ():
            counts[label] = counts.get(label, 0) + 1
    return counts


class ClassifyWorkspace(Workspace):
    def __init__(
        self,
        task: TaskDefinition,
        bridge: EngineBridge,
        sampling: Callable[[], SamplingOptions],
        parent: QWidget | None = None,
        *,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__(task, bridge, sampling, parent, variants=False, generate_label=self.tr("Classify"))
        self.data_dir = data_dir if data_dir is not None else app_paths().data_dir
        """Where the labels last used are kept."""
        self.analysis_sampling: SamplingOptions | None = None
        """None: the task's own (greedy) sampling, so a rerun gives the same labels."""
        self.background = Background(self)
        self.exporter = ResultsExporter(self.background, self)
        self.exporter.exported.connect(self._on_exported)
        self.exporter.failed.connect(self.show_notice)

        for name in MANAGED_FIELDS:
            if name in self.form.widgets:
                self.form.hide_field(name)
        labels_edit = self.form.widgets.get("labels")
        if isinstance(labels_edit, QPlainTextEdit):
            labels_edit.setFixedHeight(120)
        self.items_input = ItemsInput(self.background, true_labels=True)
        self.items_input.changed.connect(self._on_user_edit)
        self.items_input.loading_changed.connect(self._update_buttons)
        box = QGroupBox(self.tr("Items to classify"))
        QVBoxLayout(box).addWidget(self.items_input)
        place_in_form(self, box)

        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([340, 860])  # the dashboard needs the room more than the form
        self.progress = ProgressLine()
        self.label_chart = BarChart(self.tr("Labels"))
        self.label_chart.setObjectName("labelChart")
        self.label_chart.set_empty_text(self.tr("No items classified yet"))
        self.label_chart.selection_changed.connect(self._apply_filter)
        self.confusion = ConfusionView()
        self.confusion.hide()
        self.filter_label = QLabel()
        self.filter_label.setObjectName("filterLabel")
        self.filter_label.setWordWrap(True)
        self.show_all_button = QPushButton(self.tr("Show all"))
        self.show_all_button.setObjectName("showAllButton")
        self.show_all_button.setAccessibleName(self.tr("Show all items"))
        self.show_all_button.clicked.connect(self.label_chart.clear_selection)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setObjectName("exportButton")
        self.export_button.setAccessibleName(self.tr("Export the table"))
        self.export_button.setToolTip(self.tr("Save the rows shown to a CSV or Excel file"))
        self.export_button.clicked.connect(self.export)
        self.model = ResultsModel(
            [self.tr("Row"), self.tr("Text"), self.tr("Label"), self.tr("True label"), self.tr("Right?")],
            numeric=(0,),
            parent=self,
        )
        self.proxy = RowFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = results_view(self.proxy, "classifyTable", (44, 0, 130, 110, 56))
        self.table.setAccessibleName(self.tr("Classified items"))

        top = QWidget()
        top_row = QHBoxLayout(top)
        top_row.setContentsMargins(0, 0, 0, 0)
        top_row.addWidget(self.label_chart, 2)
        top_row.addWidget(self.confusion, 3)
        top_row.setAlignment(self.label_chart, Qt.AlignmentFlag.AlignTop)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        tools = QHBoxLayout()
        tools.addWidget(self.filter_label, 1)
        tools.addWidget(self.show_all_button)
        tools.addWidget(self.export_button)
        lower_layout.addLayout(tools)
        lower_layout.addWidget(self.table, 1)
        self.results_splitter = QSplitter(Qt.Orientation.Vertical)
        self.results_splitter.addWidget(top)
        self.results_splitter.addWidget(lower)
        self.results_splitter.setStretchFactor(1, 1)
        self.results_splitter.setChildrenCollapsible(False)
        self.output_layout.addWidget(self.progress)
        self.output_layout.addWidget(self.results_splitter, 1)
        self.listen_to_bridge("task_event", self._on_item_event)
        self.run_ended.connect(self._on_run_ended)

        self._rows: list[ClassifiedRow] = []
        self._names: tuple[str, ...] = ()
        self._multi = False
        self._texts: tuple[str, ...] = ()
        self._row_numbers: tuple[int, ...] | None = None
        self._true: tuple[str, ...] | None = None
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DURING_RUN_MS)
        self._autosave.timeout.connect(self.edited)
        self._apply_saved_labels()
        self._refresh()

    # ------------------------------------------------------------ Workspace

    def make_job(self) -> Job | None:
        problem = self.items_input.problem()
        if problem is not None:
            self.show_notice(problem)
            return None
        setup = ClassifySetup.from_values(self.form.values())  # a ValueError (bad labels) becomes a notice
        self._remember_labels(setup)
        items = self.items_input.items()
        self._texts, self._row_numbers, self._true = items.texts, items.rows, items.true_labels
        self._names, self._multi = setup.names, setup.multi
        task, sampling = self.task, self.analysis_sampling

        def one(engine: Engine, cancel: CancelToken, emit: Emit, text: str) -> Classification:
            return classify_text(engine, task, setup, text, cancel, sampling=sampling, emit=emit)

        return items_job(items.texts, one)

    def before_run(self) -> None:
        self.label_chart.clear_selection()
        self._set_rows([])
        self.progress.start(len(self._texts))

    def on_result(self, result: object) -> dict[str, Any]:
        self._autosave.stop()
        assert isinstance(result, ItemsRun)
        failed = self.failed_count()
        self.progress.finish(result.done, result.total, failed, cancelled=result.cancelled)
        meta: dict[str, Any] = {"items": result.done, "failed": failed, "stopped": result.cancelled}
        matrix = self.confusion.matrix()
        if matrix is not None and matrix.total:
            meta["accuracy"] = round(matrix.accuracy, 4)
        return meta

    def inputs(self) -> dict[str, Any]:
        values = self.form.values()
        for name in MANAGED_FIELDS:
            values.pop(name, None)
        values["items"] = self.items_input.state()
        return values

    def outputs(self) -> dict[str, Any]:
        return {
            "labels": list(self._names),
            "multi": self._multi,
            "results": [
                {
                    "text": row.text,
                    "row": row.row,
                    "labels": list(row.labels) if row.labels is not None else None,
                    "true_label": row.true_label,
                    "error": row.error,
                }
                for row in self._rows
            ],
        }

    def load(self, inputs: dict[str, Any], outputs: dict[str, Any]) -> None:
        self._loading = True
        try:
            self.items_input.set_state(inputs.get("items") or {})
        finally:
            self._loading = False
        merged = dict(inputs)
        if "labels" not in merged:
            merged["labels"] = self._saved_labels_text()
        super().load(merged, outputs)

    def load_outputs(self, outputs: dict[str, Any]) -> None:
        saved = [entry for entry in outputs.get("results") or [] if isinstance(entry, dict)]
        self._names = tuple(str(name) for name in outputs.get("labels") or [])
        self._multi = bool(outputs.get("multi", False))
        self.label_chart.clear_selection()
        self._set_rows([_row_from_saved(entry) for entry in saved])
        self.progress.show_loaded(len(self._rows), self.failed_count())

    def export_document(self) -> ExportDocument:
        counts = label_counts(self._rows, self._names)
        blocks: list[Any] = [Heading(self.tr("Summary"), 2)]
        blocks.append(
            Paragraph(
                fill(
                    self.tr("%1 item(s). Labels: %2."),
                    len(self._rows),
                    ", ".join(f"{name}: {count}" for name, count in counts.items()),
                )
            )
        )
        matrix = self.confusion.matrix()
        if matrix is not None and matrix.total:
            blocks.append(Paragraph(fill(self.tr("Accuracy: %1 of %2 right."), matrix.correct, matrix.total)))
        lines = [
            f"{LIST_SEPARATOR.join(row.labels)}: {row.text[:100]}"
            if row.labels is not None
            else fill(self.tr("failed (%1): %2"), row.error, row.text[:100])
            for row in self._rows
        ]
        if lines:
            blocks += [Heading(self.tr("Items"), 2), BulletList(tuple(lines))]
        return ExportDocument(self.draft_title(), tuple(blocks))

    def draft_title(self) -> str:
        items = self.items_input.items()
        if items.source:
            return fill(self.tr("Classification: %1"), items.source)
        if items.texts:
            return fill(self.tr("Classification: %1"), items.texts[0][:60])
        return self.tr(self.task.name)

    # ------------------------------------------------------------ results

    def rows(self) -> list[ClassifiedRow]:
        return list(self._rows)

    def failed_count(self) -> int:
        return sum(1 for row in self._rows if row.labels is None)

    def shown_rows(self) -> list[int]:
        return self.proxy.visible_source_rows()

    def export_table(self) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
        """The header and the rows shown, as written to a file (true label only when there is one)."""
        with_truth = any(row.true_label is not None for row in self._rows)
        header = ("row", "text", "label", *(("true_label",) if with_truth else ()), "error")
        body = []
        for index in self.shown_rows():
            row = self._rows[index]
            number = str(row.row if row.row is not None else index + 1)
            label = LIST_SEPARATOR.join(row.labels) if row.labels is not None else ""
            truth = (row.true_label or "",) if with_truth else ()
            body.append((number, row.text, label, *truth, row.error))
        return header, body

    @Slot()
    def export(self) -> None:
        header, body = self.export_table()
        self.exporter.ask_and_export(self, self.tr("classification.csv"), header, body)

    @Slot(object)
    def _on_item_event(self, event: object) -> None:
        if not self.running or not isinstance(event, ItemFinished):
            return
        index = event.index
        result = event.result if isinstance(event.result, Classification) else None
        row = ClassifiedRow(
            self._texts[index] if index < len(self._texts) else "",
            result.labels if result is not None else None,
            event.error,
            self._row_numbers[index] if self._row_numbers is not None else None,
            self._true[index] if self._true is not None else None,
        )
        self._rows.append(row)
        self.model.append(self._table_row(len(self._rows) - 1, row))
        self._refresh()
        self.progress.advance(event.done, event.total, event.elapsed_s)
        if not self._autosave.isActive():
            self._autosave.start()

    @Slot(bool)
    def _on_run_ended(self, succeeded: bool) -> None:
        self._autosave.stop()
        if not succeeded:
            self.progress.stop_running()

    def _set_rows(self, rows: list[ClassifiedRow]) -> None:
        self._rows = rows
        self.model.set_rows([self._table_row(index, row) for index, row in enumerate(rows)])
        self._refresh()

    def _table_row(self, index: int, row: ClassifiedRow) -> ResultRow:
        number = str(row.row if row.row is not None else index + 1)
        correct = row.correct()
        mark = "" if correct is None else ("✓" if correct else "✗")
        if row.labels is None:
            return ResultRow((number, row.text, row.error, row.true_label or "", ""), failed=True)
        return ResultRow((number, row.text, ", ".join(row.labels), row.true_label or "", mark))

    def _refresh(self) -> None:
        counts = label_counts(self._rows, self._names)
        bars = [Bar(name, name, count) for name, count in counts.items()]
        self.label_chart.set_bars(bars if self._rows else [])
        with_truth = any(row.true_label is not None for row in self._rows)
        self.table.setColumnHidden(3, not with_truth)
        self.table.setColumnHidden(4, not with_truth)
        self.confusion.setVisible(with_truth)
        if with_truth:
            compared = [row for row in self._rows if row.labels is not None]
            matrix = confusion_matrix(
                [row.true_label or "" for row in compared],
                [LIST_SEPARATOR.join(row.labels or ()) for row in compared],
                self._names,
            )
            note = self.tr("With several labels per item, the first one is compared.") if self._multi else ""
            self.confusion.show_matrix(matrix, note)
        else:
            self.confusion.clear()
        self._apply_filter()

    @Slot()
    def _apply_filter(self) -> None:
        chosen = self.label_chart.selected()
        if chosen:
            wanted = set(chosen)
            self.proxy.set_allowed(
                index for index, row in enumerate(self._rows) if wanted & set(row.labels or ())
            )
        else:
            self.proxy.set_allowed(None)
        self.show_all_button.setEnabled(bool(chosen))
        self.export_button.setEnabled(bool(self._rows))
        total = len(self._rows)
        if not total:
            self.filter_label.setText(self.tr("Classified items appear here as they finish."))
        elif chosen:
            self.filter_label.setText(
                fill(self.tr("Showing %1 of %2 items: %3"), self.proxy.rowCount(), total, ", ".join(chosen))
            )
        else:
            self.filter_label.setText(self.tr("%n item(s). Click a bar to show only those items.", "", total))

    @Slot()
    def _update_buttons(self, *_args: object) -> None:
        super()._update_buttons()
        if getattr(self, "items_input", None) is not None and self.items_input.is_loading():
            self.generate_button.setEnabled(False)

    @Slot(str)
    def _on_exported(self, path: str) -> None:
        self.show_notice(fill(self.tr("Exported to %1."), path))

    # ------------------------------------------------------------ the labels kept between runs

    def _saved_labels_text(self) -> str:
        lists, warning = load_lists(self.data_dir)  # one small JSON file
        if warning:
            self.show_notice(warning)
        return format_labels(lists.labels)

    def _apply_saved_labels(self) -> None:
        self._loading = True
        try:
            self.form.set_values({"labels": self._saved_labels_text()})
        finally:
            self._loading = False

    def _remember_labels(self, setup: ClassifySetup) -> None:
        """Keep this run's labels for the next draft; the topics and teams stay as they are."""
        data_dir = self.data_dir

        def write() -> None:
            lists, _warning = load_lists(data_dir)
            save_lists(data_dir, dataclasses.replace(lists, labels=setup.labels))

        self.background.run(
            write,
            lambda _none: None,
            lambda exc: self.show_notice(fill(self.tr("Your labels were not saved: %1"), exc)),
            name="save-lists",
        )


def _row_from_saved(saved: dict[str, Any]) -> ClassifiedRow:
    labels = saved.get("labels")
    number = saved.get("row")
    true_label = saved.get("true_label")
    return ClassifiedRow(
        str(saved.get("text") or ""),
        tuple(str(label) for label in labels) if isinstance(labels, list) else None,
        str(saved.get("error") or ""),
        number if isinstance(number, int) else None,
        str(true_label) if isinstance(true_label, str) else None,
    )
