"""Where each workspace runs, shown and chosen: the "Run on" chooser, the status bar's model label and
context meter, and the moves between this computer and the saved servers.

The window hands over its workspaces and status-bar widgets; everything about engines being created,
connecting, failing or retiring is handled here, so the window itself only lays things out.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar

from app.core.runtime import Runtime
from app.ui.backend_picker import BackendPicker
from app.ui.backend_switcher import BackendSwitcher
from app.ui.engine_bridge import EngineBridge
from app.ui.workspaces.base import Workspace


class RunOnControls(QObject):
    def __init__(
        self,
        local: EngineBridge,
        runtime: Runtime,
        workspaces: dict[str, Workspace],
        current_flow: Callable[[], str],
        status_bar: QStatusBar,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspaces = workspaces
        self.current_flow = current_flow
        self.status_bar = status_bar
        self.model_label: QLabel | None = None
        self.context_meter: QProgressBar | None = None
        self.switcher = BackendSwitcher(local, runtime, self)
        self.switcher.bridge_created.connect(self.watch)
        self.switcher.bridges_changed.connect(self.apply_backends)
        self.switcher.bridge_retired.connect(self.forget)
        self.picker = BackendPicker()
        self.picker.activated.connect(self.on_chosen)

    def show_in(self, model_label: QLabel, context_meter: QProgressBar) -> None:
        """The status-bar widgets to keep up to date (they exist only once the window has built them)."""
        self.model_label = model_label
        self.context_meter = context_meter
        self.refresh()

    def watch(self, bridge: EngineBridge) -> None:
        """Every engine's loading news goes to the status bar, which shows the current workspace's."""
        bridge.model_loading.connect(self.refresh)
        bridge.model_loaded.connect(self.refresh)
        bridge.model_failed.connect(self.refresh)
        if bridge.remote:
            bridge.model_failed.connect(self.on_server_failed)

    @Slot(object)
    def forget(self, bridge: EngineBridge) -> None:
        bridge.model_loading.disconnect(self.refresh)
        bridge.model_loaded.disconnect(self.refresh)
        bridge.model_failed.disconnect(self.refresh)
        bridge.model_failed.disconnect(self.on_server_failed)

    @Slot()
    def refresh(self, *_args: object) -> None:
        """The status bar and the chooser always say where the current workspace runs."""
        workspace = self.workspaces.get(self.current_flow())
        if workspace is None or self.model_label is None or self.context_meter is None:
            return  # a server's bridge reports while the window is still being built
        name = self.switcher.name_of(workspace.bridge)
        text, tip = self.picker.describe(workspace.bridge, name)
        self.model_label.setText(text)
        self.model_label.setToolTip(tip)
        info = workspace.bridge.model_info
        if info is not None:
            self.context_meter.setMaximum(info.context_size)
        self.picker.fill(self.switcher.endpoint_names(), name)

    @Slot(int)
    def on_chosen(self, _index: int) -> None:
        flow = self.current_flow()
        workspace = self.workspaces[flow]
        if workspace.running:
            self.status_bar.showMessage(self.tr("Stop the running generation first."), 4000)
            self.refresh()
            return
        workspace.set_bridge(self.switcher.assign(flow, self.picker.chosen()))
        self.refresh()

    @Slot()
    def apply_backends(self) -> None:
        """Servers were edited in the settings: move each workspace to the engine it should use now."""
        for flow, workspace in self.workspaces.items():
            workspace.set_bridge(self.switcher.bridge_for(flow))
        self.refresh()

    @Slot(str)
    def on_server_failed(self, message: str) -> None:
        failed = self.sender()
        for workspace in self.workspaces.values():
            if workspace.bridge is failed:
                workspace.show_notice(
                    self.tr(
                        "Could not connect to the server: %1 Choose it again under Run on to retry."
                    ).replace("%1", message)
                )
