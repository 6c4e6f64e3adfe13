"""TMX in and out of the translation memory, under the memory panel's matches.

A TMX file from another tool can hold hundreds of thousands of pairs, so both directions run off the GUI
thread, and the outcome stays on screen as one line: pairs added, skipped, and the first problems by name.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.translation.memory import TranslationMemory
from app.core.translation.tmx import TmxImport, export_tmx, import_tmx
from app.ui.background import Background
from app.ui.i18n import fill
from app.ui.workspaces.results_export import error_colour

__all__ = ["MemoryFiles"]

PROBLEMS_SHOWN: Final = 3


def _user_message(error: BaseException) -> str:
    return str(error) if str(error) else repr(error)


class MemoryFiles(QWidget):
    imported = Signal()
    """Pairs may have been added: counts and matches shown elsewhere are out of date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._background = Background(self)
        self._memory: TranslationMemory | None = None
        self._source = self._target = ""
        self.import_button = QPushButton(self.tr("Import TMX…"))
        self.import_button.setObjectName("importTmx")
        self.import_button.setAccessibleName(self.tr("Import TMX"))
        self.import_button.setToolTip(self.tr("Add the pairs of a TMX file for this language pair"))
        self.export_button = QPushButton(self.tr("Export TMX…"))
        self.export_button.setObjectName("exportTmx")
        self.export_button.setAccessibleName(self.tr("Export TMX"))
        self.export_button.setToolTip(self.tr("Write this language pair's pairs to a TMX file"))
        self.result_label = QLabel()
        self.result_label.setObjectName("memoryResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.result_label)
        self.import_button.clicked.connect(self.choose_import)
        self.export_button.clicked.connect(self.choose_export)
        self._background.busy_changed.connect(self._refresh_buttons)
        self._refresh_buttons()

    @property
    def busy(self) -> bool:
        return self._background.busy

    def set_memory(self, memory: TranslationMemory | None, source: str, target: str) -> None:
        self._memory, self._source, self._target = memory, source, target
        self._refresh_buttons()

    @Slot()
    def choose_import(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(
            self, self.tr("Import a translation memory"), "", self.tr("TMX files (*.tmx);;All files (*)")
        )
        if path:
            self.import_tmx_file(Path(path))

    @Slot()
    def choose_export(self) -> None:
        suggested = f"memory-{self._source}-{self._target}.tmx"
        path, _chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export the translation memory"), suggested, self.tr("TMX files (*.tmx)")
        )
        if path:
            self.export_tmx_file(Path(path))

    def import_tmx_file(self, path: Path) -> None:
        memory, source, target = self._memory, self._source, self._target
        if memory is None or self.busy:
            return
        self._say(fill(self.tr("Importing %1…"), path.name))
        self._background.run(
            lambda: import_tmx(path, memory, source, target),
            lambda result: self._on_imported(path, result),
            lambda error: self._say(fill(self.tr("Nothing imported: %1"), _user_message(error)), error=True),
            name="tmx-import",
        )

    def _on_imported(self, path: Path, result: TmxImport) -> None:
        problems = [
            fill(self.tr("line %1: %2"), problem.line, problem.message) if problem.line else problem.message
            for problem in result.problems
        ]
        text = fill(
            self.tr("From %1: %2, %3."),
            path.name,
            self.tr("%Ln pair(s) added", "", result.added),
            self.tr("%Ln skipped", "", result.skipped),
        )
        if problems:
            text += " " + fill(self.tr("Problems: %1"), "; ".join(problems[:PROBLEMS_SHOWN]))
            more = len(problems) - PROBLEMS_SHOWN
            if more > 0:
                text += fill(self.tr(" (and %1 more)"), more)
        self._say(text, error=bool(problems))
        self.imported.emit()

    def export_tmx_file(self, path: Path) -> None:
        memory, source, target = self._memory, self._source, self._target
        if memory is None or self.busy:
            return

        self._say(fill(self.tr("Exporting to %1…"), path.name))
        self._background.run(
            lambda: export_tmx(memory, path, source, target),
            lambda count: self._say(fill(self.tr("Exported %Ln pair(s) to %1.", "", count), path.name)),
            lambda error: self._say(fill(self.tr("Not exported: %1"), _user_message(error)), error=True),
            name="tmx-export",
        )

    def _say(self, text: str, *, error: bool = False) -> None:
        self.result_label.setText(text)
        colour = error_colour(self.palette()).name() if error else "palette(window-text)"
        self.result_label.setStyleSheet(f"color: {colour};")

    @Slot()
    def _refresh_buttons(self, *_args: object) -> None:
        usable = self._memory is not None and not self.busy
        self.import_button.setEnabled(usable)
        self.export_button.setEnabled(usable)
