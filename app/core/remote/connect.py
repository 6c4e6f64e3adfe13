"""From what the user named (a saved endpoint, or a URL) to a connected `RemoteEngine`."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from app.core.engine.remote import RemoteEngine
from app.core.remote.api_keys import read_api_key
from app.core.remote.endpoints import resolve_endpoint
from app.core.settings import RemoteEndpoint, RemoteSection


@dataclass(frozen=True)
class RemoteChoice:
    """Everything needed to connect, gathered on the calling thread; connecting happens elsewhere."""

    endpoint: RemoteEndpoint
    model: str = ""
    api_key_env: str = ""

    @property
    def label(self) -> str:
        """How the status bar and ``--stats`` name it: the saved name, else the host."""
        return self.endpoint.name or self.endpoint.base_url

    def connect(self, environ: Mapping[str, str] | None = None) -> RemoteEngine:
        """Blocking (network): call it off the GUI thread. Reads the key from the keyring or the
        environment, then reaches the server."""
        key = read_api_key(self.endpoint, self.api_key_env, environ)
        return RemoteEngine.connect(self.endpoint, key, model=self.model)


def remote_choice(
    section: RemoteSection,
    spec: str,
    *,
    model: str = "",
    api_key_env: str = "",
    timeout_s: float | None = None,
) -> RemoteChoice:
    endpoint = resolve_endpoint(spec, section)
    if timeout_s is not None:
        endpoint = dataclasses.replace(endpoint, timeout_s=timeout_s)
    return RemoteChoice(endpoint, model, api_key_env)
