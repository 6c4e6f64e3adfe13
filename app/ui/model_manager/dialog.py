"""The model manager: Catalog, Search and Installed tabs over one downloads list.

Everything it needs comes in through the constructor, so tests hand it a loopback Hub, fake discovery
roots and a made-up machine, and the app can hand it a download bridge that outlives the dialog. The
dialog is used once and deletes itself when closed (on the GUI thread, so Python's garbage collector never
gets to destroy it on a worker thread): closing stops its background work and its own downloads, which
keep their partial files so the next dialog resumes them. Give it the main window as parent.
"""

from __future__ import annotations

import dataclasses
import logging

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.hardware import HardwareInfo, detect_hardware, refresh_memory
from app.core.models.catalog import Catalog, CatalogError, load_catalog
from app.core.models.discovery import DiscoveryRoots
from app.core.models.download import Downloader
from app.core.models.download_queue import DownloadItem, DownloadStatus
from app.core.models.download_spec import HUGGING_FACE, NetworkSettings
from app.core.models.hub import hub_endpoint
from app.core.models.hub_files import split_part
from app.core.models.network import network_settings
from app.core.models.pull import keep_if_usable
from app.core.runtime import Runtime
from app.ui.background import Background
from app.ui.i18n import fill
from app.ui.model_manager.bridge import DownloadBridge
from app.ui.model_manager.catalog_tab import CatalogTab
from app.ui.model_manager.context import (
    HubClientFactory,
    ManagerContext,
    ManagerServices,
    TokenProvider,
    default_hub_client,
    default_token,
)
from app.ui.model_manager.downloads_panel import DownloadsPanel
from app.ui.model_manager.formatting import error_style
from app.ui.model_manager.installed_tab import InstalledTab
from app.ui.model_manager.search_tab import SearchTab

log = logging.getLogger(__name__)


class ModelManagerDialog(QDialog):
    models_changed = Signal()
    """Installed models changed: a download finished, a model was imported, removed or made default."""
    default_changed = Signal(str)
    """The default model changed (its name); the app may want to load it."""

    def __init__(
        self,
        runtime: Runtime,
        parent: QWidget | None = None,
        *,
        endpoint: str | None = None,
        downloads: DownloadBridge | None = None,
        downloader: Downloader | None = None,
        hub_client_factory: HubClientFactory | None = None,
        token_provider: TokenProvider | None = None,
        discovery_roots: DiscoveryRoots | None = None,
        catalog: Catalog | None = None,
        hardware: HardwareInfo | None = None,
    ) -> None:
        """``endpoint`` defaults to ``HF_ENDPOINT`` (read now), else huggingface.co. ``downloads`` is a
        bridge the app keeps across dialogs; without one the dialog makes its own over ``downloader``
        (or a new `Downloader`). ``discovery_roots`` defaults to each app's usual folders, ``catalog`` to
        the shipped one, ``hardware`` to probing this machine on a worker thread."""
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Models"))
        self.resize(1000, 760)
        self._closed = False
        problems: list[str] = []
        try:
            network = network_settings(runtime.settings)
            if endpoint is not None:
                network = dataclasses.replace(network, endpoint=hub_endpoint(endpoint))
        except ValueError as exc:
            problems.append(fill(self.tr("%1 Using %2 directly instead."), exc, HUGGING_FACE))
            network = NetworkSettings(endpoint=HUGGING_FACE)
        catalog_error: str | None = None
        if catalog is None:
            try:
                catalog = load_catalog()
            except (CatalogError, OSError) as exc:
                catalog_error = str(exc)
        self._owns_downloads = downloads is None
        if downloads is None:
            downloads = DownloadBridge(
                downloader or Downloader(network), self, owns_downloader=downloader is None
            )
        self.background = Background(self)
        self.downloads = downloads
        self.context = ManagerContext(
            ManagerServices(
                runtime=runtime,
                network=network,
                background=self.background,
                downloads=downloads,
                hub_client=hub_client_factory or default_hub_client,
                token=token_provider or default_token,
                discovery_roots=discovery_roots,
                catalog=catalog,
                catalog_error=catalog_error,
            ),
            self,
        )

        self.catalog_tab = CatalogTab(self.context)
        self.search_tab = SearchTab(self.context)
        self.installed_tab = InstalledTab(self.context)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.catalog_tab, self.tr("Catalog"))
        self.tabs.addTab(self.search_tab, self.tr("Search"))
        self.tabs.addTab(self.installed_tab, self.tr("Installed"))
        self.downloads_panel = DownloadsPanel(downloads)
        box = QGroupBox(self.tr("Downloads"))
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.downloads_panel)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.downloads_panel.clear_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for problem in problems:
            label = QLabel(problem)
            label.setWordWrap(True)
            label.setStyleSheet(error_style())
            layout.addWidget(label)
        layout.addWidget(self.tabs, 3)
        layout.addWidget(box, 1)
        layout.addWidget(buttons)

        self.context.models_changed.connect(self.models_changed)
        self.context.default_changed.connect(self.default_changed)
        downloads.item_changed.connect(self._on_download)
        if hardware is not None:
            self.context.set_hardware(hardware)
        else:
            self.background.run(
                lambda: refresh_memory(detect_hardware()),
                self.context.set_hardware,
                self._hardware_failed,
                name="hardware",
            )

    @property
    def closed(self) -> bool:
        return self._closed

    def shutdown(self) -> None:
        """Stop hearing from worker threads; stop this dialog's own downloads (partials are kept)."""
        if self._closed:
            return
        self._closed = True
        self.background.close()
        if self._owns_downloads:
            self.downloads.close()

    def done(self, result: int) -> None:
        self.shutdown()
        super().done(result)

    @Slot(object)
    def _on_download(self, item: DownloadItem) -> None:
        if item.status is not DownloadStatus.DONE or item.result is None or self._closed:
            return
        self.context.models_changed.emit()
        path = item.result.path
        # A split model is checked when it is loaded: its other parts may still be downloading.
        if path.name.lower().endswith(".gguf") and split_part(path.name) is None:

            def unusable(error: BaseException) -> None:
                row = self.downloads_panel.rows.get(item.id)
                if row is not None:
                    row.show_problem(
                        self.tr(
                            "Downloaded and verified, but Copydesk cannot use it, so it was removed: %1"
                        ).replace("%1", str(error))
                    )
                self.context.models_changed.emit()

            self.background.run(lambda: keep_if_usable(path), _ignore, unusable, name="validate")

    def _hardware_failed(self, error: BaseException) -> None:
        log.warning("Could not read this computer's memory for the fit check: %s", error)


def _ignore(_value: object) -> None:
    """A success that needs no answer."""
