"""The language pair and what hangs on it: the glossary, the memory's matches for the pair, the
catalog's hint about the model, and the settings a run is started with.

A document may have its own glossary beside it ("guide.glossary.json"), which then wins over the language
pair's. Changing either language loads the glossary again (off the GUI thread) and points the memory panel
at the pair; the glossary editor edits the same glossary and hands its result straight back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.translate import TranslateSettings
from app.ui.translation.glossary_dialog import GlossaryDialog
from app.ui.workspaces.translate_bar import TranslateBar, catalog_entry_for
from app.ui.workspaces.translate_resources import TranslateResources
from app.ui.workspaces.translate_segments import SegmentsPane

DEFAULT_PAIR = ("en", "de")


class PairControls(QObject):
    changed = Signal()
    """The user chose other languages."""

    def __init__(
        self,
        bar: TranslateBar,
        resources: TranslateResources,
        segments: SegmentsPane,
        task: TaskDefinition,
        project_glossary: Callable[[], Path | None],
        parent: QObject | None = None,
    ) -> None:
        """``project_glossary`` names the open document's own glossary file (None: pasted text)."""
        super().__init__(parent)
        self.bar = bar
        self.resources = resources
        self.segments = segments
        self.task = task
        self._project_glossary = project_glossary
        self._glossary_for: tuple[str, str, Path | None] | None = None
        self._glossary_dialog: GlossaryDialog | None = None
        self._model_info: object = None
        bar.languages_changed.connect(self._on_languages)
        bar.glossary_requested.connect(self.open_glossary)
        resources.memory_ready.connect(self.share_memory)
        resources.glossary_changed.connect(self._on_glossary)
        resources.catalog_ready.connect(self._show_model)
        resources.pair_stored.connect(segments.memory_panel.refresh_count)
        segments.pair_confirmed.connect(self._store_pair)

    def source(self) -> str:
        return self.bar.source()

    def target(self) -> str:
        return self.bar.target()

    def show(self, values: dict[str, Any]) -> None:
        """Show the ``source_language`` / ``target_language`` of ``values`` (a draft's, or the defaults)."""
        source = str(values.get("source_language") or DEFAULT_PAIR[0])
        target = str(values.get("target_language") or DEFAULT_PAIR[1])
        self.bar.set_languages(source, target)
        self._follow_pair()

    def settings(self) -> TranslateSettings:
        """The run's settings; ``ValueError`` (an unknown language) says what to fix."""
        if self.source() == self.target():
            raise ValueError(self.tr("Choose two different languages."))
        return TranslateSettings(self.source(), self.target(), self.resources.glossary, task=self.task)

    def show_model(self, info: object) -> None:
        """The engine now runs ``info`` (ModelInfo, RemoteInfo or None)."""
        self._model_info = info
        self._show_model()

    @Slot()
    def open_glossary(self) -> None:
        if self._glossary_dialog is not None:  # one dialog at a time; the last one closed is freed here
            if self._glossary_dialog.isVisible():
                self._glossary_dialog.raise_()
                self._glossary_dialog.activateWindow()
                return
            self._glossary_dialog.deleteLater()
        dialog = self._glossary_dialog = GlossaryDialog(
            self.resources.store,
            self.source(),
            self.target(),
            self.bar.window(),
            project_file=self._project_glossary(),
        )
        dialog.glossary_changed.connect(self.resources.set_glossary)
        dialog.open()

    @Slot()
    def share_memory(self) -> None:
        self.segments.set_memory(self.resources.memory, self.source(), self.target())

    @Slot()
    def _on_languages(self) -> None:
        self._follow_pair()
        self.changed.emit()

    def reload_glossary(self, *, force: bool = True) -> None:
        """Read the glossary again; without ``force`` only when the pair or the project file changed
        (pasted text is segmented anew after every pause in typing, and keeps its glossary)."""
        wanted = (self.source(), self.target(), self._project_glossary())
        if force or wanted != self._glossary_for:
            self._glossary_for = wanted
            self.resources.load_glossary(*wanted)

    def _follow_pair(self) -> None:
        self.reload_glossary()
        self.share_memory()

    @Slot()
    def _on_glossary(self) -> None:
        self.segments.set_glossary(self.resources.glossary)

    @Slot(str, str)
    def _store_pair(self, source: str, target: str) -> None:
        self.resources.store_pair(self.source(), self.target(), source, target)

    @Slot()
    def _show_model(self) -> None:
        info = self._model_info
        entry = catalog_entry_for(self.resources.catalog, info)
        name = entry.name if entry is not None else str(getattr(info, "name", "") or "")
        self.bar.set_model(name, entry.languages if entry is not None else None)
