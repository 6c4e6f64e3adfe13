"""HTTP for the remote engine: one client per endpoint, retries that are safe, and errors in words.

A request is retried only while nothing of its answer has arrived: the connection failed, or the server
said 429 (after its ``Retry-After``) or 502/503/504 (a proxy or a server starting up). Once text flows, a
retry would repeat it, so a cut stream is reported with its partial text instead. Every wait, the
backoff sleeps included, wakes at once on cancel.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx2

from app.core.engine.remote.errors import RemoteError, TlsError
from app.core.engine.remote.explain import (
    CONNECT_TIMEOUT_S,
    is_dns_failure,
    is_tls_failure,
    retry_after,
    status_error,
    transport_error,
)
from app.core.engine.types import CancelToken
from app.core.settings import RemoteEndpoint

RETRYABLE_STATUS = frozenset({429, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    """The first try plus three retries."""
    base_delay_s: float = 0.5
    max_delay_s: float = 8.0
    max_retry_after_s: float = 30.0
    """A longer ``Retry-After`` is reported to the user rather than waited out silently."""

    def delay(self, attempt: int) -> float:
        return float(min(self.max_delay_s, self.base_delay_s * 2**attempt))


class RequestCancelledError(RemoteError):
    """The user cancelled while the request was still waiting (connecting, or backing off)."""

    def __init__(self) -> None:
        super().__init__("Stopped.")


def server_root(base_url: str) -> str:
    """``http://host:8080/v1`` -> ``http://host:8080``: llama-server's ``/props`` and ``/tokenize`` live
    at the root, beside the OpenAI API."""
    parts = urlsplit(base_url)
    path = parts.path.rstrip("/")
    if path.endswith("/v1"):
        path = path[: -len("/v1")]
    return f"{parts.scheme}://{parts.netloc}{path}"


def build_client(endpoint: RemoteEndpoint, api_key: str | None) -> httpx2.Client:
    """A client for one endpoint: its timeout on every wait, TLS as configured, the key as a bearer."""
    verify: ssl.SSLContext | bool = True
    if not endpoint.verify_tls:
        verify = False
    elif endpoint.ca_file:
        try:
            verify = ssl.create_default_context(cafile=str(Path(endpoint.ca_file).expanduser()))
        except (OSError, ssl.SSLError) as exc:
            raise TlsError(
                f"The CA file {endpoint.ca_file} set for {endpoint.name or endpoint.base_url} could not be "
                f"read ({exc}). Choose a PEM file with the certificate authority that signed the server's "
                "certificate."
            ) from exc
    headers = {"Accept": "application/json"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    timeout = httpx2.Timeout(endpoint.timeout_s, connect=min(endpoint.timeout_s, CONNECT_TIMEOUT_S))
    return httpx2.Client(
        base_url=endpoint.base_url.rstrip("/") + "/",
        headers=headers,
        timeout=timeout,
        verify=verify,
        trust_env=True,
        limits=httpx2.Limits(max_connections=max(16, 2 * endpoint.in_flight)),
    )


def send(
    client: httpx2.Client,
    method: str,
    url: str,
    *,
    body: Mapping[str, Any] | None = None,
    stream: bool = False,
    cancel: CancelToken | None = None,
    policy: RetryPolicy = RetryPolicy(),
    retry_transport_errors: bool = True,
) -> httpx2.Response:
    """Send with retries; returns a 2xx response (still open when ``stream``: close it) or raises a
    `RemoteError` that says what happened and what to do."""
    token = cancel or CancelToken()
    last: RemoteError | None = None
    for attempt in range(policy.attempts):
        if token.cancelled():
            raise RequestCancelledError()
        wait: float | None = None
        try:
            request = client.build_request(method, url, json=dict(body) if body is not None else None)
            response = _send_cancellable(client, request, stream, cancel)
        except httpx2.TransportError as exc:
            if token.cancelled():
                raise RequestCancelledError() from exc
            last = transport_error(exc, str(client.base_url), client.timeout.read, client.timeout.connect)
            if not retry_transport_errors or not _retryable_transport(exc):
                raise last from exc
            wait = policy.delay(attempt)
        else:
            if response.is_success:
                return response
            try:
                response.read()
            except httpx2.TransportError:
                pass
            finally:
                response.close()
            last = status_error(response)
            if response.status_code not in RETRYABLE_STATUS:
                raise last
            wait = retry_after(response) if response.status_code == 429 else None
            if wait is not None and wait > policy.max_retry_after_s:
                raise last
            if wait is None:
                wait = policy.delay(attempt)
        if attempt + 1 < policy.attempts and token.wait(wait):
            raise RequestCancelledError()
    assert last is not None
    raise last


def _send_cancellable(
    client: httpx2.Client, request: httpx2.Request, stream: bool, cancel: CancelToken | None
) -> httpx2.Response:
    """``client.send``, but a cancel returns at once even while it waits to connect or for the first
    byte (a server reading a long prompt sends no headers until its first token). The abandoned send
    finishes on its own thread, bounded by the client's timeouts, and its late response is closed."""
    if cancel is None:
        return client.send(request, stream=stream)
    outcome: list[httpx2.Response | BaseException] = []
    finished = threading.Event()

    def run() -> None:
        try:
            outcome.append(client.send(request, stream=stream))
        except BaseException as exc:  # handed to the waiting thread, which raises it there
            outcome.append(exc)
        finally:
            finished.set()
            wake.set()

    wake = threading.Event()
    remove = cancel.on_cancel(wake.set)
    worker = threading.Thread(target=run, name="copydesk-http-send", daemon=True)
    worker.start()
    try:
        wake.wait()
    finally:
        remove()
    if not finished.is_set():  # cancelled first
        threading.Thread(target=_close_when_done, args=(finished, outcome), daemon=True).start()
        raise RequestCancelledError()
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _close_when_done(finished: threading.Event, outcome: list[httpx2.Response | BaseException]) -> None:
    finished.wait()
    if outcome and isinstance(outcome[0], httpx2.Response):
        outcome[0].close()


def _retryable_transport(exc: httpx2.TransportError) -> bool:
    if isinstance(exc, httpx2.ConnectError) and is_dns_failure(exc):
        return False  # a name that does not resolve will not resolve in a second either
    if isinstance(exc, httpx2.ConnectError) and is_tls_failure(exc):
        return False
    # A read timeout means the server is working on it: asking again would only add to its queue.
    return isinstance(exc, httpx2.ConnectError | httpx2.ConnectTimeout | httpx2.RemoteProtocolError)
