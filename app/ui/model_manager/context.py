"""What every tab of the model manager shares, passed in rather than looked up: the runtime, the network
settings, the background runner, the downloads, the Hub client factory and what the machine offers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.core.hardware import HardwareInfo
from app.core.models.catalog import Catalog, published_sha256
from app.core.models.discovery import DiscoveryRoots
from app.core.models.download_queue import DownloadStatus
from app.core.models.download_spec import DownloadSpec, NetworkSettings
from app.core.models.hub import HubClient
from app.core.runtime import Runtime
from app.ui.background import Background
from app.ui.model_manager.bridge import DownloadBridge

HubClientFactory = Callable[[NetworkSettings, str | None], HubClient]
"""Builds a Hub client from the network settings and a token (or None); called on a worker thread."""
TokenProvider = Callable[[], str | None]
"""The Hugging Face token to send, or None; may read the OS keyring, so it is called on a worker thread."""


def default_hub_client(network: NetworkSettings, token: str | None) -> HubClient:
    return HubClient(network, token)


def default_token() -> str | None:
    from app.core.models.hub_token import read_token

    token = read_token()
    return token.value if token is not None else None


@dataclass
class ManagerServices:
    """Plain dependencies of the tabs; every field is set by the dialog from its constructor arguments."""

    runtime: Runtime
    network: NetworkSettings
    background: Background
    downloads: DownloadBridge
    hub_client: HubClientFactory
    token: TokenProvider
    discovery_roots: DiscoveryRoots | None
    catalog: Catalog | None
    catalog_error: str | None


class ManagerContext(QObject):
    """The services plus the one piece of shared state that arrives late: the hardware snapshot."""

    hardware_changed = Signal(object)  # HardwareInfo
    default_changed = Signal(str)  # the new default model's name
    models_changed = Signal()
    """The installed models changed (download finished, import, removal, default)."""

    def __init__(self, services: ManagerServices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._hardware: HardwareInfo | None = None

    @property
    def runtime(self) -> Runtime:
        return self.services.runtime

    @property
    def background(self) -> Background:
        return self.services.background

    @property
    def downloads(self) -> DownloadBridge:
        return self.services.downloads

    @property
    def hardware(self) -> HardwareInfo | None:
        return self._hardware

    def set_hardware(self, hardware: HardwareInfo) -> None:
        self._hardware = hardware
        self.hardware_changed.emit(hardware)

    def fit_settings(self) -> tuple[int, int | None]:
        """The context size and GPU layers a load would use, so the fit matches what will happen."""
        engine = self.runtime.settings.engine
        return engine.context_size, engine.gpu_layers

    def known_sha256(self, path: Path) -> str | None:
        """A hash for ``path`` with a known source: this session's verified download of it, else a cited
        catalog value. None when neither knows the file."""
        for item in self.downloads.items():
            if item.status is DownloadStatus.DONE and item.result is not None and item.result.path == path:
                return item.result.sha256
        catalog = self.services.catalog
        return published_sha256(catalog, path) if catalog is not None else None

    def submit_downloads(self, specs: list[DownloadSpec]) -> list[int]:
        """Queue files into the models folder (``hub_download_spec`` already stores a file from a repository
        subfolder under its plain name, where the installed list and the loader look)."""
        return [self.downloads.submit(spec) for spec in specs]
