"""Classification workspace: the user's labels, many items in, one label (or several) per item out.

The labels are the form's "name: description" lines and "Labels per item" is the single/multi switch;
the answer is chosen under a grammar, so every label in the table is one of the user's. Items come
pasted or from a file column; when a true-label column was loaded too, the confusion view shows how the
model's labels compare, with accuracy, as the run goes. A chart of label counts filters the table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QWidget

from app.core.documents.export import BulletList, ExportDocument, Heading, Paragraph
from app.core.engine.types import SamplingOptions
from app.core.tasks.analysis_lists import AnalysisLists
from app.core.tasks.classify import Classification, ClassifySetup, classify_text, format_labels
from app.core.tasks.confusion import confusion_matrix
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.feedback import LIST_SEPARATOR
from app.ui.charts.bar_chart import Bar, BarChart
from app.ui.engine_bridge import EngineBridge
from app.ui.i18n import fill
from app.ui.workspaces.confusion_view import ConfusionView
from app.ui.workspaces.items_run import AnalyzeOne, ItemFinished
from app.ui.workspaces.items_workspace import ItemsWorkspace
from app.ui.workspaces.results_export import ResultRow
from app.ui.workspaces.results_pane import ResultsPane


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


class ClassifyWorkspace(ItemsWorkspace):
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
            generate_label=self.tr("Classify"),
            items_title=self.tr("Items to classify"),
            true_labels=True,
        )
        self.set_field_height("labels", 120)
        self.label_chart = BarChart(self.tr("Labels"))
        self.label_chart.setObjectName("labelChart")
        self.label_chart.set_empty_text(self.tr("No items classified yet"))
        self.label_chart.selection_changed.connect(self._apply_filter)
        self.confusion = ConfusionView()
        self.confusion.hide()
        self.results = ResultsPane(
            [self.tr("Row"), self.tr("Text"), self.tr("Label"), self.tr("True label"), self.tr("Right?")],
            "classifyTable",
            (44, 0, 130, 110, 56),
            numeric=(0,),
        )
        self.results.add_above(self.label_chart, 2, top=True)
        self.results.add_above(self.confusion, 3)
        self.model, self.proxy, self.table = self.results.model, self.results.proxy, self.results.table
        self.filter_label = self.results.filter_label
        self.show_all_button, self.export_button = self.results.show_all_button, self.results.export_button
        self.table.setAccessibleName(self.tr("Classified items"))
        self.show_all_button.clicked.connect(self.label_chart.clear_selection)
        self.export_button.clicked.connect(self.export)
        self.output_layout.addWidget(self.results, 1)

        self._rows: list[ClassifiedRow] = []
        self._names: tuple[str, ...] = ()
        self._multi = False
        self._refresh()

    # ------------------------------------------------------------ ItemsWorkspace

    def prepare_run(self, values: dict[str, Any]) -> AnalyzeOne:
        setup = ClassifySetup.from_values(values)  # a ValueError (bad labels) becomes a notice
        self.remember_lists(self.tr("Your labels were not saved: %1"), labels=setup.labels)
        self._names, self._multi = setup.names, setup.multi
        return self.analysis(classify_text, setup)

    def add_item(self, event: ItemFinished, text: str, row: int | None, true_label: str | None) -> None:
        result = event.result if isinstance(event.result, Classification) else None
        item = ClassifiedRow(
            text, result.labels if result is not None else None, event.error, row, true_label
        )
        self._rows.append(item)
        self.model.append(self._table_row(len(self._rows) - 1, item))
        self._refresh()

    def failed_count(self) -> int:
        return sum(1 for row in self._rows if row.labels is None)

    def saved_values(self, lists: AnalysisLists) -> dict[str, Any]:
        return {"labels": format_labels(lists.labels)}

    def title_template(self) -> str:
        return self.tr("Classification: %1")

    # ------------------------------------------------------------ Workspace

    def before_run(self) -> None:
        self.label_chart.clear_selection()
        self._set_rows([])
        super().before_run()

    def on_result(self, result: object) -> dict[str, Any]:
        meta = super().on_result(result)
        matrix = self.confusion.matrix()
        if matrix is not None and matrix.total:
            meta["accuracy"] = round(matrix.accuracy, 4)
        return meta

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

    # ------------------------------------------------------------ results

    def rows(self) -> list[ClassifiedRow]:
        return list(self._rows)

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
        wanted = set(chosen)
        allowed = [index for index, row in enumerate(self._rows) if wanted & set(row.labels or ())]
        self.results.show_filter(
            len(self._rows),
            chosen,
            allowed if chosen else None,
            self.tr("Classified items appear here as they finish."),
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
