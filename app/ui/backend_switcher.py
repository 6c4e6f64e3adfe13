"""Which engine each workspace runs on: the model on this computer, or a server the team shares.

Each server gets its own `EngineBridge` and worker thread, made when a workspace first picks it, so a
product description can stream from the team's server while a rewrite runs locally. Connecting (key
from the keyring, the server's model list) happens on that worker thread, never on the GUI thread.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core.engine.worker import EngineWorker
from app.core.remote.connect import RemoteChoice
from app.core.remote.endpoints import LOCAL, backend_for, with_backend
from app.core.runtime import Runtime
from app.core.settings import RemoteEndpoint, Settings, SettingsError
from app.ui.engine_bridge import EngineBridge

log = logging.getLogger(__name__)


class BackendSwitcher(QObject):
    bridge_created = Signal(object)
    """A new server bridge (the window listens to its loading signals)."""
    bridges_changed = Signal()
    """Servers were edited or removed: workspaces should ask `bridge_for` again."""
    bridge_retired = Signal(object)
    """A server's bridge is no longer used: stop listening to it."""

    def __init__(self, local: EngineBridge, runtime: Runtime, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.local = local
        self.runtime = runtime
        self._remote: dict[str, tuple[RemoteEndpoint, EngineBridge]] = {}
        self._retired: list[EngineBridge] = []

    def endpoint_names(self) -> list[str]:
        return [e.name for e in self.runtime.settings.remote.endpoints]

    def chosen(self, flow: str) -> str:
        """The saved choice for ``flow``: an endpoint name, or "" for this computer."""
        endpoint = backend_for(self.runtime.settings.remote, flow)
        return endpoint.name if endpoint is not None else LOCAL

    def bridge_for(self, flow: str) -> EngineBridge:
        name = self.chosen(flow)
        return self.remote_bridge(name) if name else self.local

    def assign(self, flow: str, name: str) -> EngineBridge:
        """Run ``flow`` on ``name`` ("" for this computer) from now on, and remember it."""
        settings = self.runtime.settings
        remote = with_backend(settings.remote, flow, name)
        if remote != settings.remote:
            try:
                self.runtime.save(dataclasses.replace(settings, remote=remote))
            except (OSError, SettingsError) as exc:  # the choice still applies for this session
                log.warning("Could not save the workspace's server choice: %s", exc)
                self.runtime.settings = dataclasses.replace(settings, remote=remote)
        if not name:
            return self.local
        bridge = self.remote_bridge(name)
        if bridge.model_info is None and bridge.loading_name is None:
            self.connect_bridge(name)  # an earlier attempt failed: picking it again retries
        return bridge

    def remote_bridge(self, name: str) -> EngineBridge:
        endpoint = self.runtime.settings.remote.endpoint(name)
        if endpoint is None:
            return self.local
        known = self._remote.get(name)
        if known is not None and _same_connection(known[0], endpoint):
            return known[1]
        if known is not None:
            self._drop(name)
        bridge = EngineBridge(EngineWorker(name=f"copydesk-server-{name}"), self, remote=True)
        self._remote[name] = (endpoint, bridge)
        self.bridge_created.emit(bridge)
        self.connect_bridge(name)
        return bridge

    def connect_bridge(self, name: str) -> None:
        endpoint, bridge = self._remote[name]
        bridge.load_model(name, RemoteChoice(endpoint).connect)

    def name_of(self, bridge: EngineBridge) -> str:
        return next((name for name, (_e, b) in self._remote.items() if b is bridge), LOCAL)

    def settings_changed(self, settings: Settings | Any = None) -> None:
        """Drop bridges whose server was removed or edited; they reconnect with the new values on use."""
        current = self.runtime.settings.remote
        stale = [
            name
            for name, (endpoint, _bridge) in self._remote.items()
            if (now := current.endpoint(name)) is None or not _same_connection(endpoint, now)
        ]
        for name in stale:
            self._drop(name)
        self.bridges_changed.emit()

    def keys_changed(self, names: list[str]) -> None:
        """A server's API key changed in the keyring: connect again with the new one."""
        for name in names:
            if name in self._remote:
                self._drop(name)
        self.bridges_changed.emit()

    def _drop(self, name: str) -> None:
        """Stop a server's bridge without waiting on the GUI thread for a slow server: its thread is a
        daemon that is not inside llama.cpp. The bridge object is kept (not deleted) because its worker
        may still report back to it once."""
        _endpoint, bridge = self._remote.pop(name)
        self.bridge_retired.emit(bridge)
        bridge.stop()
        bridge.worker.shutdown(timeout=0)  # never a join on the GUI thread
        self._retired.append(bridge)

    def shutdown(self) -> None:
        for name in list(self._remote):
            self._drop(name)


def _same_connection(before: RemoteEndpoint, after: RemoteEndpoint) -> bool:
    """Whether a connected bridge still fits an edited endpoint: how many requests a batch keeps in
    flight does not change the connection, so editing it does not stop a running answer."""
    return dataclasses.replace(before, in_flight=0) == dataclasses.replace(after, in_flight=0)
