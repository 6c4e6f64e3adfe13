"""Translate workspace: a text or a whole file, segment by segment, source beside translation.

The languages, the glossary and the file buttons run along the top (`TranslateBar`); the pasted text or
the opened file sits in the left column (`SourcePane`, `DocumentHolder`; with a file open the column moves
above the segments, `SourceColumnPlacer`); the segments fill the rest (`SegmentsPane`: table, memory
matches, the selected pair large). Translate runs the segments that have
no translation yet on the workspace's engine (`translate_run`), filling rows as they finish, with
progress, Pause and Stop; Stop keeps every finished row. A draft holds the languages, where the text came
from and every row, so autosave never loses a translation, even one typed by hand.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from app.core.documents.export import ExportDocument
from app.core.engine.types import SamplingOptions
from app.core.jobs.pause import PauseGate
from app.core.paths import app_paths
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.translate import TranslateSettings
from app.core.translation.memory import default_memory_path
from app.ui.background import Background
from app.ui.engine_bridge import EngineBridge
from app.ui.i18n import fill
from app.ui.translation.segment_model import CHECK_FAILED, NEW, rows_from_state, rows_to_state
from app.ui.workspaces.base import Job, Workspace
from app.ui.workspaces.items_run import AUTOSAVE_DURING_RUN_MS
from app.ui.workspaces.translate_bar import TranslateBar
from app.ui.workspaces.translate_document import DocumentHolder, export_rows, merge_rows
from app.ui.workspaces.translate_io import SourceSpec, project_glossary_path
from app.ui.workspaces.translate_layout import SourceColumnPlacer
from app.ui.workspaces.translate_pair import PairControls
from app.ui.workspaces.translate_progress import TranslationProgress
from app.ui.workspaces.translate_resources import TranslateResources
from app.ui.workspaces.translate_run import (
    DocumentRun,
    RunProgress,
    SegmentDone,
    SegmentRun,
    document_job,
    segment_job,
)
from app.ui.workspaces.translate_segments import SegmentsPane
from app.ui.workspaces.translate_source import SourcePane

MANAGED_FIELDS: Final = ("source_language", "target_language", "text")
"""The task's fields this workspace shows in its own controls."""
RESEGMENT_MS: Final = 400


class TranslateWorkspace(Workspace):
    def __init__(
        self,
        task: TaskDefinition,
        bridge: EngineBridge,
        sampling: Callable[[], SamplingOptions],
        parent: QWidget | None = None,
        *,
        memory_path: Path | None = None,
        glossary_dir: Path | None = None,
    ) -> None:
        super().__init__(task, bridge, sampling, parent, variants=False, generate_label=self.tr("Translate"))
        self.background = Background(self)
        self.resources = TranslateResources(
            self.background,
            memory_path or default_memory_path(),
            glossary_dir or app_paths().data_dir / "glossaries",
            self,
        )
        self.bar = TranslateBar()
        self.source_pane = SourcePane()
        self.document = DocumentHolder(self.background, self.source_pane, self)
        self.segments = SegmentsPane()
        self._pause = PauseGate()
        self.progress = TranslationProgress(self._pause)
        self.pair = PairControls(self.bar, self.resources, self.segments, task, self._project_glossary, self)
        self._run_kind = ""
        self._run_before = 0
        self._place_widgets()

        self._resegment_timer = QTimer(self, singleShot=True, interval=RESEGMENT_MS)
        self._resegment_timer.timeout.connect(self.resegment)
        self._autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_DURING_RUN_MS)
        self._autosave.timeout.connect(self.edited)
        self.pair.changed.connect(self._on_languages)
        self.bar.open_requested.connect(self.document.choose_file)
        self.bar.save_requested.connect(self._choose_save_path)
        self.source_pane.text_edited.connect(self._on_text_edited)
        self.source_pane.paste_requested.connect(self._use_pasted_text)
        self.document.opened.connect(self._on_opened)
        self.document.message.connect(self.show_notice)
        self.segments.retranslate_requested.connect(self.retranslate)
        self.segments.edited.connect(self._on_user_edit)
        self.segments.edited.connect(self._show_summary)
        self.resources.message.connect(self.show_notice)
        self.listen_to_bridge("task_event", self._on_run_event)
        self.listen_to_bridge("model_loaded", self._show_model)
        self.bridge_changed.connect(self._show_model)
        self.run_ended.connect(self._on_run_ended)
        self.pair.show(self.task.defaults())
        self._show_model()

    def _place_widgets(self) -> None:
        for name in MANAGED_FIELDS:
            if name in self.form.widgets:
                self.form.hide_field(name)
        left = self.splitter.widget(0)  # the base's form column: the source goes under the (hidden) form
        column = left.layout() if left is not None else None
        scroll = left.findChild(QScrollArea) if left is not None else None
        if isinstance(column, QVBoxLayout) and scroll is not None:
            scroll.setVisible(any(spec.name not in MANAGED_FIELDS for spec in self.task.fields))
            at = column.indexOf(scroll) + 1
            column.insertWidget(at, self.source_pane, 3)
        self.buttons_row.insertWidget(2, self.progress.pause_button)
        self.output_layout.addWidget(self.progress)
        self.output_layout.addWidget(self.segments, 1)
        outer = self.layout()
        if isinstance(outer, QVBoxLayout):
            outer.insertWidget(0, self.bar)
            outer.setStretchFactor(self.splitter, 1)
        self.splitter.setSizes([320, 980])
        if left is not None:  # a file open: the column goes above the segments
            self.placer = SourceColumnPlacer(self.splitter, left, self.source_pane)

    # ------------------------------------------------------------ what the user does

    def open_file(self, path: Path, *, columns: tuple[str, ...] = (), sheet: str | None = None) -> None:
        """Open ``path`` (off the GUI thread); a table without ``columns`` asks for them first."""
        self.document.open_file(SourceSpec(path=str(path), columns=columns, sheet=sheet))

    def save_translation(self, path: Path) -> None:
        """Write the translated file (same format as the source) off the GUI thread; `DocumentHolder.saved`
        says when it is written."""
        self.document.save(path, self.segments.model.rows(), self.pair.target())

    @Slot()
    def _choose_save_path(self) -> None:
        path = self.document.ask_save_path(self.pair.target())
        if path is not None:
            self.save_translation(path)

    @Slot(int)
    def retranslate(self, number: int) -> None:
        """Translate row ``number`` again on the engine (the row keeps its text until the new one is in)."""
        if self.bridge.busy or self.bridge.model_info is None:
            self.show_notice(self.tr("Wait for the model to be free, then try again."))
            return
        settings = self._settings()
        if settings is None:
            return
        model = self.segments.model
        row = model.row(number)
        before = model.row(number - 1) if number > 0 else None
        previous = (before.source, before.translation) if before is not None and before.done else None
        self._run_kind = "segment"
        self._lock(True)
        self.start_job(segment_job(row.key, row.source, previous, settings, self.resources.memory))

    # ------------------------------------------------------------ Workspace

    def make_job(self) -> Job | None:
        if self._resegment_timer.isActive():
            self.resegment()
        document = self.document.document
        if self.document.opening:
            self.show_notice(self.tr("The file is still being opened."))
            return None
        rows = self.segments.model.rows()
        if document is None or not rows:
            self.show_notice(self.tr("Paste some text or open a file first."))
            return None
        keys = [row.key for row in rows if not row.done]
        if not keys:
            self.show_notice(
                self.tr("Every segment has a translation. Select one and press Ctrl+R to redo it.")
            )
            return None
        settings = self._settings()
        if settings is None:
            return None
        self._run_kind, self._run_before = "document", len(rows) - len(keys)
        self._pause.resume()
        return document_job(document, keys, settings, self.resources.memory, self._pause)

    def before_run(self) -> None:
        self._lock(True)
        self.progress.start(self._run_before, self.segments.model.rowCount())

    def on_result(self, result: object) -> dict[str, Any]:
        self._autosave.stop()
        if isinstance(result, SegmentRun):
            return {"segment": result.key, "status": result.status}
        assert isinstance(result, DocumentRun)
        model = self.segments.model
        done = model.rowCount() - model.count(NEW)
        self.progress.finish(done, model.rowCount(), model.count(CHECK_FAILED), cancelled=result.cancelled)
        for warning in result.warnings:
            self.show_notice(warning)
        if result.error:
            self.show_notice(
                fill(
                    self.tr("The model stopped with an error: %1. Finished segments are kept."), result.error
                )
            )
        return {"segments": result.done, "flagged": result.flagged, "stopped": result.cancelled}

    def inputs(self) -> dict[str, Any]:
        values = self.form.values()
        for name in MANAGED_FIELDS:
            values.pop(name, None)
        spec = dataclasses.replace(self.document.spec, text=self.source_pane.text())
        values.update(
            source_language=self.pair.source(), target_language=self.pair.target(), source=spec.state()
        )
        return values

    def outputs(self) -> dict[str, Any]:
        rows = self.segments.model.rows()
        text = "\n\n".join(row.translation for row in rows if row.translation.strip())
        return {"translation": text, "segments": rows_to_state(rows)} if rows else {}

    def load(self, inputs: dict[str, Any], outputs: dict[str, Any]) -> None:
        self._loading = True
        try:
            current = {"source_language": self.pair.source(), "target_language": self.pair.target()}
            self.pair.show({**current, **inputs})  # a new draft keeps the language pair
            super().load(inputs, outputs)
            spec = SourceSpec.from_state(inputs.get("source"))
            if spec.is_file:
                self.document.open_file(spec, quiet=True)
            else:
                self.document.use_text(spec.text or str(inputs.get("text", "")))
        finally:
            self._loading = False

    def load_outputs(self, outputs: dict[str, Any]) -> None:
        rows = rows_from_state(outputs.get("segments"))
        self.segments.set_rows(rows)
        self._show_summary()

    def export_document(self) -> ExportDocument:
        return export_rows(
            self.draft_title(), self.segments.model.rows(), both=self.source_pane.export_both.isChecked()
        )

    def draft_title(self) -> str:
        spec = self.document.spec
        if spec.is_file:
            return Path(spec.path).name
        first = self.source_pane.text().strip().split("\n", 1)[0]
        return first[:60] or self.tr(self.task.name)

    # ------------------------------------------------------------ reacting

    @Slot(object)
    def _on_run_event(self, event: object) -> None:
        if not self.running:
            return
        if isinstance(event, SegmentDone):
            # a row typed by hand while the whole document ran keeps the person's text
            kept = self.segments.apply_result(event, keep_edited=self._run_kind == "document")
            if kept and not self._autosave.isActive():
                self._autosave.start()
        elif isinstance(event, RunProgress) and self._run_kind == "document":
            done, total = self._run_before + event.done, self.segments.model.rowCount()
            self.progress.advance(done, total, event.words_per_min, event.eta_s, paused=event.paused)

    @Slot(bool)
    def _on_run_ended(self, succeeded: bool) -> None:
        self._autosave.stop()
        self._pause.resume()
        self._lock(False)
        if not succeeded:
            self.progress.stop_running()
        self._run_kind = ""
        self.segments.memory_panel.refresh_count()  # the run stored its translations

    def _lock(self, running: bool) -> None:
        self.source_pane.set_read_only(running)
        self.bar.set_running(running)

    @Slot()
    def _show_summary(self) -> None:
        if self.running:
            return  # the run's own progress is shown
        model = self.segments.model
        self.progress.show_summary(
            model.rowCount() - model.count(NEW), model.rowCount(), model.count(CHECK_FAILED)
        )

    @Slot(bool)
    def _on_opened(self, quiet: bool) -> None:
        document = self.document.document
        if document is None:
            return
        self.pair.reload_glossary(force=not quiet)  # a file may bring its own
        rows = merge_rows(document.segments, self.segments.model.rows())
        self.segments.set_rows(rows)
        self._show_summary()
        if not quiet:
            self._on_user_edit()

    @Slot()
    def _on_text_edited(self) -> None:
        self._resegment_timer.start()
        self._on_user_edit()

    @Slot()
    def resegment(self) -> None:
        """Segment the pasted text now (it is done after a short pause in typing, and before a run)."""
        self._resegment_timer.stop()
        self.document.use_text(self.source_pane.text())

    @Slot()
    def _use_pasted_text(self) -> None:
        self.document.use_text(self.source_pane.text(), quiet=False)

    @Slot()
    def _on_languages(self) -> None:
        if any(row.done for row in self.segments.model.rows()):
            self.show_notice(
                fill(
                    self.tr(
                        "Translated segments keep their text; a new draft translates into %1 from scratch."
                    ),
                    self.pair.target(),
                )
            )
        self._on_user_edit()

    @Slot()
    def _show_model(self, *_args: object) -> None:
        self.pair.show_model(self.bridge.model_info)

    def _project_glossary(self) -> Path | None:
        return project_glossary_path(self.document.spec)

    def _settings(self) -> TranslateSettings | None:
        try:
            return self.pair.settings()
        except ValueError as exc:
            self.show_notice(str(exc))
            return None
