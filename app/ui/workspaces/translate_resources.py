"""What the Translate workspace keeps beside the document: the translation memory, the glossary of the
language pair, and the model catalog's language lists. All three live in files, so each is opened or read
on a background thread and announced when ready; until then the workspace works without it.

A damaged memory file is kept aside and a fresh memory started (with a message); a memory that cannot be
opened at all leaves translation working without one. Pairs the user confirms are written off the GUI
thread too, in the order they were confirmed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.core.models.catalog import Catalog, load_catalog
from app.core.translation.glossary import Glossary
from app.core.translation.glossary_store import GlossaryStore, LoadedGlossary
from app.core.translation.memory import TranslationMemory
from app.ui.background import Background
from app.ui.i18n import fill
from app.ui.workspaces.translate_io import load_glossary, open_memory, store_pairs


class TranslateResources(QObject):
    memory_ready = Signal()
    glossary_changed = Signal()
    catalog_ready = Signal()
    pair_stored = Signal()
    """A pair the user confirmed is in the memory now."""
    message = Signal(str)

    def __init__(
        self, background: Background, memory_path: Path, glossary_dir: Path, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._background = background
        self.memory: TranslationMemory | None = None
        self.store = GlossaryStore(glossary_dir)
        self.glossary: Glossary | None = None
        self.catalog: Catalog | None = None
        self._loads = 0
        background.run(lambda: open_memory(memory_path), self._on_memory, self._on_memory_failed, name="tm")
        background.run(load_catalog, self._on_catalog, lambda _exc: None, name="catalog")

    # ------------------------------------------------------------ glossary

    def load_glossary(self, source: str, target: str, project: Path | None) -> None:
        """Read the ``project`` glossary if there is one, else the one of ``source``→``target``;
        `glossary_changed` when it is in."""
        self._loads += 1
        load_id, store = self._loads, self.store

        def loaded(result: LoadedGlossary) -> None:
            if load_id == self._loads:
                self.glossary = result.glossary if result.glossary.terms else None
                self.glossary_changed.emit()
                if result.warning:
                    self.message.emit(result.warning)

        def failed(exc: BaseException) -> None:
            if load_id == self._loads:
                self.message.emit(fill(self.tr("The glossary could not be read: %1"), exc))

        self._background.run(
            lambda: load_glossary(store, source, target, project), loaded, failed, name="glossary"
        )

    def set_glossary(self, glossary: Glossary) -> None:
        """Use ``glossary`` (one just saved in the editor); a load still under way is dropped."""
        self._loads += 1
        self.glossary = glossary if glossary.terms else None
        self.glossary_changed.emit()

    # ------------------------------------------------------------ memory

    def store_pair(self, source_lang: str, target_lang: str, source: str, target: str) -> None:
        """Keep a pair the user confirmed as theirs (nothing when the memory is not open)."""
        memory = self.memory
        if memory is None:
            return
        self._background.run(
            lambda: store_pairs(memory, source_lang, target_lang, [(source, target)]),
            lambda _count: self.pair_stored.emit(),
            lambda exc: self.message.emit(fill(self.tr("Not stored in the translation memory: %1"), exc)),
            name="tm-store",
        )

    def _on_memory(self, opened: tuple[TranslationMemory, str]) -> None:
        memory, moved = opened
        self.memory = memory
        self.destroyed.connect(memory.close)
        if moved:
            self.message.emit(
                fill(
                    self.tr("The translation memory was damaged; it was kept as %1 and a new one started."),
                    moved,
                )
            )
        self.memory_ready.emit()

    def _on_memory_failed(self, exc: BaseException) -> None:
        self.message.emit(
            fill(
                self.tr("The translation memory could not be opened (%1). Translating works without it."), exc
            )
        )
        self.memory_ready.emit()

    def _on_catalog(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.catalog_ready.emit()
