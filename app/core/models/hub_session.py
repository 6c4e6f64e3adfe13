"""The HTTP session huggingface_hub uses, made to fail fast and honour Copydesk's network settings.

huggingface_hub 2.x sends every API call through one process-wide ``httpx2.Client`` with no timeout,
and retries its listing calls on network errors, 429 and 5xx for about 25 s (longer when rate-limited).
A search box must instead answer within seconds and say what is wrong. It has no per-call client either,
so this module installs a client factory once (`install`) whose transport looks at a context variable:

- inside `scope` (set by `hub` around each call, per thread): the request goes through a client built
  for the given `NetworkSettings` (proxy, environment, TLS verification on), with our timeouts, and a
  network failure, 408, 429 or 5xx raises `HubTransportError`, which huggingface_hub does not retry;
- outside it: the request goes out as huggingface_hub's own client would send it (environment proxies,
  no timeout), so other users of the library in this process see no change.

Installing also turns huggingface_hub's telemetry off (``HF_HUB_DISABLE_TELEMETRY``): with it on, the
first request also fetches ``/api/agent-harnesses`` from the default endpoint, whatever mirror is set.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import httpx2
from huggingface_hub import constants, set_client_factory
from huggingface_hub.utils._http import hf_request_event_hook

from app.core.models.download_http import describe, make_transport
from app.core.models.download_spec import NetworkSettings

__all__ = ["HubConnection", "HubTransportError", "install", "scope"]

_RETRIED_STATUSES = frozenset({408, 429})
_API_READ_SIZE = 64 * 1024


class HubTransportError(Exception):
    """Raised inside `scope` instead of what huggingface_hub would retry; `hub` translates it."""

    def __init__(
        self, reason: str, *, status: int | None = None, headers: httpx2.Headers | None = None
    ) -> None:
        self.reason = reason
        self.status = status
        self.headers = headers if headers is not None else httpx2.Headers()
        super().__init__(reason)


class HubConnection:
    """A connection pool for Hub API calls under one `NetworkSettings`; close it when done."""

    def __init__(self, network: NetworkSettings, *, read_timeout: float) -> None:
        self.network = network
        self.timeouts = httpx2.Timeout(read_timeout, connect=network.connect_timeout).as_dict()
        self.client = httpx2.Client(
            transport=make_transport(
                proxy=network.proxy, trust_env=network.use_environment, read_size=_API_READ_SIZE
            ),
            trust_env=network.use_environment,
            follow_redirects=False,  # the outer client follows them, so every hop comes back here
        )

    def close(self) -> None:
        self.client.close()


@dataclass(frozen=True)
class _Scope:
    connection: HubConnection


_SCOPE: ContextVar[_Scope | None] = ContextVar("copydesk_hub_scope", default=None)
_INSTALL_LOCK = threading.Lock()
_installed = False


class _Router(httpx2.BaseTransport):
    """Sends each request through the connection of the current `scope`, or the stock way outside one."""

    def __init__(self) -> None:
        self._stock = httpx2.Client(trust_env=True, follow_redirects=False, timeout=None)

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        current = _SCOPE.get()
        if current is None:
            return self._stock.send(request, stream=True)
        connection = current.connection
        request.extensions = {**request.extensions, "timeout": connection.timeouts}
        try:
            response = connection.client.send(request, stream=True)
        except httpx2.TransportError as exc:
            raise HubTransportError(describe(exc)) from exc
        status = response.status_code
        if status in _RETRIED_STATUSES or status >= 500:
            response.close()
            raise HubTransportError(f"HTTP {status}", status=status, headers=response.headers)
        return response

    def close(self) -> None:
        self._stock.close()


def _client_factory() -> httpx2.Client:
    """huggingface_hub's default client (its request hook checks offline mode), over `_Router`."""
    return httpx2.Client(
        transport=_Router(),
        event_hooks={"request": [hf_request_event_hook]},
        follow_redirects=True,
        timeout=None,
        trust_env=False,  # proxies are the router's business: env proxies here would bypass it
    )


def install() -> None:
    """Make huggingface_hub use `_client_factory` (once per process) and keep telemetry off."""
    global _installed
    constants.HF_HUB_DISABLE_TELEMETRY = True
    with _INSTALL_LOCK:
        if not _installed:
            set_client_factory(_client_factory)
            _installed = True


@contextmanager
def scope(connection: HubConnection) -> Iterator[None]:
    """Route this thread's huggingface_hub requests through ``connection`` until the block ends."""
    install()
    token = _SCOPE.set(_Scope(connection))
    try:
        yield
    finally:
        _SCOPE.reset(token)
