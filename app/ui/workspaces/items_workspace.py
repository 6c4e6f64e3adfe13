"""A workspace that runs one analysis over many items: what the feedback and classify workspaces share.

The items come from an `ItemsInput` at the top of the form; "Generate" runs the analysis item by item
in one engine job (`items_job`), each finished item is handed to the subclass at once and counted on a
`ProgressLine`, and Stop keeps the finished items. While a run goes on, finished items reach autosave
every `AUTOSAVE_DURING_RUN_MS` at most. The lists the analysis takes (topics and teams, labels) are kept
in the data folder (``analysis_lists``) and offered again in a new draft.

A subclass sets up the analysis from the form (`prepare_run`), shows each finished item (`add_item`)
and says which form values the saved lists give (`saved_values`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QGroupBox, QPlainTextEdit, QVBoxLayout, QWidget

from app.core.engine.types import CancelToken, Engine, SamplingOptions
from app.core.paths import app_paths
from app.core.tasks.analysis_lists import AnalysisLists, load_lists, save_lists
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import Emit
from app.ui.background import Background
from app.ui.engine_bridge import EngineBridge
from app.ui.i18n import fill
from app.ui.workspaces.base import Job, Workspace
from app.ui.workspaces.items_input import ItemsInput, place_in_form
from app.ui.workspaces.items_run import (
    AUTOSAVE_DURING_RUN_MS,
    AnalyzeOne,
    ItemFinished,
    ItemsRun,
    ProgressLine,
    items_job,
)
from app.ui.workspaces.results_export import ResultsExporter

MANAGED_FIELDS = ("text",)
"""Form fields the workspace fills itself (the items come from `ItemsInput`)."""

SetupT_contra = TypeVar("SetupT_contra", contravariant=True)
T = TypeVar("T")


class AnalyzeItem(Protocol[SetupT_contra]):
    """An analysis of one item, as ``analyze_feedback`` and ``classify_text`` are called."""

    def __call__(
        self,
        engine: Engine,
        task: TaskDefinition,
        setup: SetupT_contra,
        text: str,
        cancel: CancelToken,
        *,
        sampling: SamplingOptions | None = None,
        emit: Emit | None = None,
    ) -> object: ...


def _at(values: Sequence[T] | None, index: int) -> T | None:
    return values[index] if values is not None and index < len(values) else None


class ItemsWorkspace(Workspace):
    def __init__(
        self,
        task: TaskDefinition,
        bridge: EngineBridge,
        sampling: Callable[[], SamplingOptions],
        parent: QWidget | None = None,
        *,
        data_dir: Path | None,
        generate_label: str,
        items_title: str,
        true_labels: bool = False,
    ) -> None:
        """``items_title`` heads the items box; ``true_labels`` offers a true-label column for files."""
        super().__init__(task, bridge, sampling, parent, variants=False, generate_label=generate_label)
        self.data_dir = data_dir if data_dir is not None else app_paths().data_dir
        """Where the lists last used are kept."""
        self.analysis_sampling: SamplingOptions | None = None
        """None: the task's own (greedy) sampling, so the same item gets the same answer."""
        self.background = Background(self)
        self.exporter = ResultsExporter(self.background, self)
        self.exporter.exported.connect(self._on_exported)
        self.exporter.failed.connect(self.show_notice)

        for name in MANAGED_FIELDS:
            if name in self.form.widgets:
                self.form.hide_field(name)
        self.items_input = ItemsInput(self.background, true_labels=true_labels)
        self.items_input.changed.connect(self._on_user_edit)
        self.items_input.loading_changed.connect(self._update_buttons)
        box = QGroupBox(items_title)
        QVBoxLayout(box).addWidget(self.items_input)
        place_in_form(self, box)

        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([340, 860])  # the results need the room more than the form
        self.progress = ProgressLine()
        self.output_layout.addWidget(self.progress)  # the subclass adds its results below
        self.listen_to_bridge("task_event", self._on_item_event)
        self.run_ended.connect(self._on_run_ended)

        self._texts: tuple[str, ...] = ()
        self._row_numbers: tuple[int, ...] | None = None
        self._true_labels: tuple[str, ...] | None = None
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DURING_RUN_MS)
        self._autosave.timeout.connect(self.edited)
        self._apply_saved_lists()

    # ------------------------------------------------------------ for subclasses

    def prepare_run(self, values: dict[str, Any]) -> AnalyzeOne:
        """The analysis of one item for the form's ``values`` (see `analysis`); raises ``ValueError``
        with a message for the user when the setup is wrong."""
        raise NotImplementedError

    def add_item(self, event: ItemFinished, text: str, row: int | None, true_label: str | None) -> None:
        """Show a finished item: its text, the file's row number and true label (None when none)."""
        raise NotImplementedError

    def failed_count(self) -> int:
        raise NotImplementedError

    def saved_values(self, lists: AnalysisLists) -> dict[str, Any]:
        """The form values the user's saved lists give."""
        raise NotImplementedError

    def title_template(self) -> str:
        """A draft's title, with %1 for the file's name or the first item."""
        raise NotImplementedError

    def analysis(self, analyze: AnalyzeItem[T], setup: T) -> AnalyzeOne:
        """``analyze`` with this workspace's task, ``setup`` and sampling, as `items_job` calls it."""
        task, sampling = self.task, self.analysis_sampling

        def one(engine: Engine, cancel: CancelToken, emit: Emit, text: str) -> object:
            return analyze(engine, task, setup, text, cancel, sampling=sampling, emit=emit)

        return one

    def remember_lists(self, not_saved: str, **lists: Any) -> None:
        """Keep this run's ``lists`` (fields of `AnalysisLists`) for the next draft, the others as they
        are; ``not_saved`` is the notice when writing fails, with %1 for why."""
        data_dir = self.data_dir

        def write() -> None:
            saved, _warning = load_lists(data_dir)
            save_lists(data_dir, dataclasses.replace(saved, **lists))

        self.background.run(
            write,
            lambda _none: None,
            lambda exc: self.show_notice(fill(not_saved, exc)),
            name="save-lists",
        )

    def set_field_height(self, name: str, height: int) -> None:
        """A list field (teams, labels) shows a few lines, not a whole screen."""
        edit = self.form.widgets.get(name)
        if isinstance(edit, QPlainTextEdit):
            edit.setFixedHeight(height)

    # ------------------------------------------------------------ Workspace

    def make_job(self) -> Job | None:
        problem = self.items_input.problem()
        if problem is not None:
            self.show_notice(problem)
            return None
        analyze = self.prepare_run(self.form.values())
        items = self.items_input.items()
        self._texts, self._row_numbers, self._true_labels = items.texts, items.rows, items.true_labels
        return items_job(items.texts, analyze)

    def before_run(self) -> None:
        self.progress.start(len(self._texts))

    def on_result(self, result: object) -> dict[str, Any]:
        self._autosave.stop()
        assert isinstance(result, ItemsRun)
        failed = self.failed_count()
        self.progress.finish(result.done, result.total, failed, cancelled=result.cancelled)
        return {"items": result.done, "failed": failed, "stopped": result.cancelled}

    def inputs(self) -> dict[str, Any]:
        values = self.form.values()
        for name in MANAGED_FIELDS:
            values.pop(name, None)
        values["items"] = self.items_input.state()
        return values

    def load(self, inputs: dict[str, Any], outputs: dict[str, Any]) -> None:
        self._loading = True
        try:
            self.items_input.set_state(inputs.get("items") or {})
        finally:
            self._loading = False
        super().load(self._with_saved_lists(inputs), outputs)

    def draft_title(self) -> str:
        items = self.items_input.items()
        if items.source:
            return fill(self.title_template(), items.source)
        if items.texts:
            return fill(self.title_template(), items.texts[0][:60])
        return self.tr(self.task.name)

    # ------------------------------------------------------------ running

    @Slot(object)
    def _on_item_event(self, event: object) -> None:
        if not self.running or not isinstance(event, ItemFinished):
            return
        index = event.index
        text = _at(self._texts, index) or ""
        self.add_item(event, text, _at(self._row_numbers, index), _at(self._true_labels, index))
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

    def _saved_lists(self) -> AnalysisLists:
        lists, warning = load_lists(self.data_dir)  # one small JSON file
        if warning:
            self.show_notice(warning)
        return lists

    def _with_saved_lists(self, inputs: dict[str, Any]) -> dict[str, Any]:
        """A draft's own lists win; a new draft starts from the lists last used."""
        return {**self.saved_values(self._saved_lists()), **inputs}

    def _apply_saved_lists(self) -> None:
        self._loading = True
        try:
            self.form.set_values(self.saved_values(self._saved_lists()))
        finally:
            self._loading = False
