"""Catalog tab: the curated models, their sizes per quant, licence, languages and tasks, a fit badge, and
Download. Sizes without a cited source are approximate and marked so; the Hub's own figures are used when
the file is fetched."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.hardware import HardwareInfo
from app.core.models.catalog import ANY_LANGUAGE, CatalogEntry, CatalogFile
from app.core.models.download_spec import DownloadSpec, hub_download_spec
from app.core.models.fit import FitEstimate
from app.core.models.remote_names import hub_file_url
from app.ui.i18n import fill
from app.ui.model_manager.context import ManagerContext
from app.ui.model_manager.fit_badge import FitBadge, FitQuery, approximate_fit
from app.ui.model_manager.formatting import (
    APPROX_MARK,
    VERDICT_COLOURS,
    error_style,
    fit_short,
    human_bytes,
)
from app.ui.model_manager.tables import make_table, selected_row

COLUMNS = (
    QT_TRANSLATE_NOOP("CatalogTab", "Model"),
    QT_TRANSLATE_NOOP("CatalogTab", "Sizes"),
    QT_TRANSLATE_NOOP("CatalogTab", "Licence"),
    QT_TRANSLATE_NOOP("CatalogTab", "Languages"),
    QT_TRANSLATE_NOOP("CatalogTab", "Tasks"),
    QT_TRANSLATE_NOOP("CatalogTab", "Fit"),
)
"""The column headers in English; the table shows them translated."""
FIT_COLUMN = COLUMNS.index("Fit")


def size_text(entry: CatalogEntry, item: CatalogFile) -> str:
    """Exact when the catalog cites a size, else '≈' and the estimate from parameters and quant."""
    mark = "" if item.size_bytes is not None else f"{APPROX_MARK} "
    return f"{mark}{human_bytes(entry.approx_size_bytes(item))}"


class CatalogTab(QWidget):
    def __init__(self, context: ManagerContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = context
        services = context.services
        self.entries: tuple[CatalogEntry, ...] = tuple(services.catalog or ())
        self._exact: dict[tuple[str, str], FitEstimate] = {}
        self._fit_request = 0

        self.table = make_table(tuple(self.tr(str(column)) for column in COLUMNS), "catalogTable")
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            self._fill_row(row, entry)

        self.title = QLabel()
        self.title.setStyleSheet("QLabel { font-weight: bold; }")
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.quant = QComboBox()
        self.quant.setObjectName("catalogQuant")
        self.size_label = QLabel()
        self.fit = FitBadge()
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setEnabled(False)
        self.message = QLabel()
        self.message.setObjectName("catalogMessage")
        self.message.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Quantization"), self.quant)
        form.addRow(self.tr("Download size"), self.size_label)
        form.addRow(self.tr("Fit"), self.fit)
        actions = QHBoxLayout()
        actions.addWidget(self.download_button)
        actions.addStretch()
        details = QWidget()
        column = QVBoxLayout(details)
        for widget in (self.title, self.description, self.source):
            column.addWidget(widget)
        column.addLayout(form)
        column.addLayout(actions)
        column.addWidget(self.message)
        column.addStretch()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(details)
        layout = QVBoxLayout(self)
        if services.catalog_error:
            problem = QLabel(
                self.tr("The model catalog could not be read: %1").replace("%1", services.catalog_error)
            )
            problem.setWordWrap(True)
            problem.setStyleSheet(error_style())
            layout.addWidget(problem)
        layout.addWidget(splitter)

        self.table.itemSelectionChanged.connect(self._on_selection)
        self.quant.currentIndexChanged.connect(self._on_quant)
        self.download_button.clicked.connect(self.download)
        context.hardware_changed.connect(self._on_hardware)

    # ------------------------------------------------------------------ table

    def _fill_row(self, row: int, entry: CatalogEntry) -> None:
        languages = self.tr("many") if ANY_LANGUAGE in entry.languages else ", ".join(entry.languages)
        cells = (
            entry.name,
            ", ".join(f"{f.quant} {size_text(entry, f)}" for f in entry.files),
            entry.license,
            languages,
            ", ".join(entry.tasks),
            "…",
        )
        for col, text in enumerate(cells):
            cell = QTableWidgetItem(text)
            cell.setToolTip(entry.description if col == 0 else text)
            self.table.setItem(row, col, cell)

    def _set_fit_cell(self, row: int, estimate: FitEstimate, *, approximate: bool) -> None:
        cell = QTableWidgetItem(fit_short(estimate, approximate=approximate))
        cell.setForeground(QColor(VERDICT_COLOURS[estimate.verdict]))
        tip = estimate.explanation
        if approximate:
            tip = self.tr("%1 (approximate: weights only)").replace("%1", tip)
        cell.setToolTip(tip)
        self.table.setItem(row, FIT_COLUMN, cell)

    @Slot(object)
    def _on_hardware(self, hardware: HardwareInfo) -> None:
        context, gpu_layers = self._ctx.fit_settings()
        for row, entry in enumerate(self.entries):
            exact = self._exact.get((entry.repo, entry.default_file.file))
            if exact is not None:
                self._set_fit_cell(row, exact, approximate=False)
            else:
                size = entry.approx_size_bytes(entry.default_file)
                self._set_fit_cell(
                    row, approximate_fit(size, context, hardware, gpu_layers), approximate=True
                )
        self._show_fit()

    # ------------------------------------------------------------------ details

    def selected_entry(self) -> CatalogEntry | None:
        row = selected_row(self.table, len(self.entries))
        return None if row is None else self.entries[row]

    def selected_file(self) -> CatalogFile | None:
        entry = self.selected_entry()
        index = self.quant.currentIndex()
        return entry.files[index] if entry is not None and 0 <= index < len(entry.files) else None

    @Slot()
    def _on_selection(self) -> None:
        entry = self.selected_entry()
        self.message.clear()
        self.quant.blockSignals(True)
        self.quant.clear()
        if entry is not None:
            self.quant.addItems([f"{f.quant} ({f.file})" for f in entry.files])
            self.title.setText(entry.name)
            self.description.setText(entry.description)
            source = (
                fill(self.tr("%1 at %2"), entry.repo, entry.revision[:12]) if entry.revision else entry.repo
            )
            self.source.setText(
                fill(
                    self.tr("%1 · %2 · context %3 tokens"),
                    source,
                    entry.architecture,
                    f"{entry.context_length:,}",
                )
            )
        self.quant.blockSignals(False)
        self._on_quant()

    @Slot()
    def _on_quant(self) -> None:
        entry, item = self.selected_entry(), self.selected_file()
        if entry is None or item is None:
            self.download_button.setEnabled(False)
            self.fit.clear_badge()
            return
        installed = (self._ctx.runtime.paths.models_dir / item.file).is_file()
        size = size_text(entry, item)
        if item.size_bytes is None:
            size = self.tr("%1 (approximate; the Hub gives the exact size)").replace("%1", size)
        if installed:
            size = self.tr("%1 · installed").replace("%1", size)
        self.size_label.setText(size)
        self.download_button.setEnabled(not installed)
        self.download_button.setText(self.tr("Installed") if installed else self.tr("Download"))
        self._show_fit()
        if (entry.repo, item.file) not in self._exact:
            self._check_fit(entry, item)

    def _show_fit(self) -> None:
        entry, item = self.selected_entry(), self.selected_file()
        if entry is None or item is None:
            return
        exact = self._exact.get((entry.repo, item.file))
        hardware = self._ctx.hardware
        if exact is not None:
            self.fit.show_estimate(exact, approximate=False)
        elif hardware is not None:
            context, gpu_layers = self._ctx.fit_settings()
            size = entry.approx_size_bytes(item)
            self.fit.show_estimate(approximate_fit(size, context, hardware, gpu_layers), approximate=True)
        else:
            self.fit.clear_badge(self.tr("Fit: looking at this computer's memory…"))

    def _check_fit(self, entry: CatalogEntry, item: CatalogFile) -> None:
        """Read the header (local file, else a ranged GET) on a worker thread, for the exact verdict."""
        self._fit_request += 1
        request = self._fit_request
        context, gpu_layers = self._ctx.fit_settings()
        services = self._ctx.services
        query = FitQuery(
            url=hub_file_url(services.network.endpoint, entry.repo, item.file, entry.revision or "main"),
            context_size=context,
            gpu_layers=gpu_layers,
            hardware=self._ctx.hardware,
            local_path=self._ctx.runtime.paths.models_dir / item.file,
        )
        token = services.token
        self.fit.show_pending()
        key = (entry.repo, item.file)

        def done(estimate: FitEstimate) -> None:
            self._exact[key] = estimate
            row = self.entries.index(entry)
            if item is entry.default_file:
                self._set_fit_cell(row, estimate, approximate=False)
            if request == self._fit_request:
                self.fit.show_estimate(estimate, approximate=False)

        def failed(error: BaseException) -> None:
            if request == self._fit_request:
                self.fit.show_failure(str(error))

        self._ctx.background.run(
            lambda: dataclasses.replace(query, token=token()).run(), done, failed, name="catalog-fit"
        )

    # ------------------------------------------------------------------ download

    @Slot()
    def download(self) -> None:
        entry, item = self.selected_entry(), self.selected_file()
        if entry is None or item is None:
            return
        services = self._ctx.services
        network, folder, token = services.network, self._ctx.runtime.paths.models_dir, services.token

        def spec() -> DownloadSpec:
            return hub_download_spec(
                network,
                entry.repo,
                item.file,
                folder,
                revision=entry.revision or "main",
                size=item.size_bytes,
                sha256=item.sha256,
                token=token(),
            )

        self.message.setStyleSheet("")
        self.message.setText(
            fill(self.tr("Queued %1 %2; progress is in the downloads list below."), entry.name, item.quant)
        )
        self._ctx.background.run(spec, self._queue, self._failed, name="catalog-download")

    def _queue(self, spec: DownloadSpec) -> None:
        self._ctx.submit_downloads([spec])

    def _failed(self, error: BaseException) -> None:
        self.message.setStyleSheet(error_style())
        self.message.setText(self.tr("Could not start the download: %1").replace("%1", str(error)))
