"""Models other apps already downloaded (LM Studio, Ollama, GPT4All, the Hugging Face cache), found on a
worker thread and offered for use in place, without copying gigabytes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal, Slot
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.models.discovery import DiscoveredModel, discover_models
from app.ui.model_manager.context import ManagerContext
from app.ui.model_manager.formatting import error_style, human_bytes
from app.ui.model_manager.tables import fill_table, make_table, selected_row

FOUND_COLUMNS = (
    QT_TRANSLATE_NOOP("DiscoverBox", "From"),
    QT_TRANSLATE_NOOP("DiscoverBox", "Model"),
    QT_TRANSLATE_NOOP("DiscoverBox", "Size"),
    QT_TRANSLATE_NOOP("DiscoverBox", "Path"),
)
"""The column headers in English; the table shows them translated."""


class DiscoverBox(QGroupBox):
    """Hidden until the first search; `use_requested` carries the path the user chose."""

    use_requested = Signal(object)  # Path

    def __init__(self, context: ManagerContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Models found on this computer"))
        self._ctx = context
        self.found: list[DiscoveredModel] = []
        self.running = False
        self.status = QLabel()
        self.status.setObjectName("discoverStatus")
        self.status.setWordWrap(True)
        self.table = make_table(tuple(self.tr(str(column)) for column in FOUND_COLUMNS), "foundTable")
        self.use_button = QPushButton(self.tr("Use selected in place"))
        self.use_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.use_button)
        column = QVBoxLayout(self)
        column.addWidget(self.table)
        column.addLayout(row)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.use_button.clicked.connect(self._use_selected)
        self.hide()

    @Slot()
    def discover(self) -> None:
        if self.running:
            return
        self.running = True
        self.show()
        self._say(self.tr("Looking for models from LM Studio, Ollama, GPT4All and the Hugging Face cache…"))
        roots = self._ctx.services.discovery_roots
        self._ctx.background.run(lambda: discover_models(roots), self._show, self._failed, name="discover")

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet(error_style() if error else "")
        self.status.setText(text)

    def _show(self, found: list[DiscoveredModel]) -> None:
        self.running = False
        self.found = found
        fill_table(
            self.table,
            [(m.source.value, m.display_name, human_bytes(m.size_bytes), str(m.path)) for m in found],
        )
        self._say(
            self.tr("Found %n model(s). Choose one and press Use selected in place.", "", len(found))
            if found
            else self.tr("No models from other apps were found.")
        )

    def _failed(self, error: BaseException) -> None:
        self.running = False
        self._say(self.tr("Discovery failed: %1").replace("%1", str(error)), error=True)

    @Slot()
    def _on_selection(self) -> None:
        self.use_button.setEnabled(selected_row(self.table, len(self.found)) is not None)

    @Slot()
    def _use_selected(self) -> None:
        row = selected_row(self.table, len(self.found))
        if row is not None:
            self.use_requested.emit(Path(self.found[row].path))
