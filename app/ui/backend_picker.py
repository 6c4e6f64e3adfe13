"""The "Run on" chooser above each workspace, and the status bar's words for where a model runs."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from app.core.remote.endpoints import LOCAL
from app.ui.engine_bridge import EngineBridge


class BackendPicker(QComboBox):
    """This computer, or one of the saved servers; the item data is the endpoint name ("" = local)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backendPicker")
        self.setAccessibleName(self.tr("Run on"))
        self.setToolTip(
            self.tr(
                "Where this workspace's model runs: this computer, or a server saved in Settings → Servers"
            )
        )

    def fill(self, names: list[str], chosen: str) -> None:
        self.blockSignals(True)
        self.clear()
        self.addItem(self.tr("This computer"), LOCAL)
        for name in names:
            self.addItem(self.tr("Server: %1").replace("%1", name), name)
        self.setCurrentIndex(max(0, self.findData(chosen)))
        self.blockSignals(False)
        # With no server saved there is nothing to choose; the control stays, so users learn it exists.
        self.setEnabled(bool(names))

    def chosen(self) -> str:
        data = self.currentData()
        return data if isinstance(data, str) else LOCAL

    def describe(self, bridge: EngineBridge, name: str) -> tuple[str, str]:
        """The status bar's text and tooltip for the engine a workspace uses right now."""
        if bridge.remote:
            if bridge.loading_name is not None:
                return self.tr("Connecting to server %1…").replace("%1", name), ""
            info = bridge.model_info
            if info is None:
                return (
                    self.tr("Server %1: not connected").replace("%1", name),
                    bridge.last_error or "",
                )
            host = getattr(info, "host", "")
            text = self.tr("%1 · server %2").replace("%1", info.name).replace("%2", name)
            return text, self.tr("Runs on %1; texts are sent to that server.").replace("%1", host)
        if bridge.loading_name is not None:
            return self.tr("Loading %1…").replace("%1", bridge.loading_name), ""
        local = bridge.model_info
        if local is None:
            return self.tr("No model"), bridge.last_error or ""
        gpu_layers = getattr(local, "gpu_layers", 0)
        threads = getattr(local, "threads", 0)
        where = getattr(local, "backend", "") if gpu_layers else self.tr("CPU, %n thread(s)", "", threads)
        return f"{local.name} · {where} · " + self.tr("this computer"), getattr(local, "offload_note", "")
