"""The HTTP side of a download: the transport, size and range headers, Retry-After, prompt cancel.

Apart from the attempt loop in `download_job` so each piece can be read (and tested) alone.
"""

from __future__ import annotations

import contextlib
import email.utils
import re
import socket
import ssl
import threading
import time
from collections.abc import Iterable
from typing import Any, Final

import httpcore2
import httpx2

from app.core.models.download_spec import CancelSignal

_CONTENT_RANGE: Final = re.compile(r"^bytes (?:(\d+)-(\d+)|\*)/(\d+|\*)$")
_WATCH_INTERVAL: Final = 0.1


class CancelWatch:
    """Makes cancel prompt even while a read is blocked on a stalled server: a watcher thread shuts the
    connection's socket down, which ends the read at once (the stall timeout would otherwise decide)."""

    def __init__(self, response: httpx2.Response, cancel: CancelSignal) -> None:
        stream = response.extensions.get("network_stream")
        self._socket: socket.socket | None = None
        if stream is not None:
            candidate = stream.get_extra_info("socket")
            self._socket = candidate if isinstance(candidate, socket.socket) else None
        self._cancel = cancel
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> CancelWatch:
        if self._socket is not None:
            self._thread = threading.Thread(
                target=self._watch, args=(self._socket,), name="download-cancel-watch", daemon=True
            )
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()

    def _watch(self, sock: socket.socket) -> None:
        while not self._done.wait(_WATCH_INTERVAL):
            if self._cancel.is_set():
                # The base class method: SSLSocket.shutdown would also tear down TLS state under the reader.
                with contextlib.suppress(OSError):
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)
                return


def first_header(chain: list[httpx2.Response], name: str) -> str | None:
    for response in chain:
        value = response.headers.get(name)
        if value:
            return value
    return None


def content_total(response: httpx2.Response) -> int | None:
    """The full size from ``Content-Range`` (206, 416), else ``Content-Length`` of a 200."""
    match = _CONTENT_RANGE.match(response.headers.get("Content-Range", "").strip())
    if match and match.group(3) != "*":
        return int(match.group(3))
    length = response.headers.get("Content-Length", "")
    return int(length) if response.status_code == 200 and length.isdigit() else None


def range_start(value: str | None) -> int | None:
    match = _CONTENT_RANGE.match((value or "").strip())
    return int(match.group(1)) if match and match.group(1) else None


def parse_retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds, from either of its two forms (seconds, or an HTTP date)."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def describe(exc: httpx2.TransportError) -> str:
    """A short reason for retry notes and the final message: the error class says more than its text."""
    if isinstance(exc, httpx2.TimeoutException):
        return "no data arrived in time (stalled)" if isinstance(exc, httpx2.ReadTimeout) else "timed out"
    if isinstance(exc, httpx2.ConnectError):
        return f"could not connect ({exc})"
    if isinstance(exc, httpx2.RemoteProtocolError | httpx2.ReadError):
        return "the connection was closed"
    return f"network error ({type(exc).__name__})"


class _LargeReads(httpcore2.NetworkBackend):
    """Asks the socket for up to ``read_size`` bytes per read instead of httpcore's fixed 64 KiB.

    On a fast link (loopback, a LAN mirror) the Python work per read, not the network, limits a 64 KiB
    reader to about 450 MB/s here; 1 MiB reads pass 1.5 GB/s. A TLS socket hands back one record (16 KiB)
    per read whatever is asked, so HTTPS behaves as before.
    """

    def __init__(self, inner: httpcore2.NetworkBackend, read_size: int) -> None:
        self._inner = inner
        self._read_size = read_size

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore2.SOCKET_OPTION] | None = None,
    ) -> httpcore2.NetworkStream:
        stream = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _LargeReadStream(stream, self._read_size)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore2.SOCKET_OPTION] | None = None,
    ) -> httpcore2.NetworkStream:
        stream = self._inner.connect_unix_socket(path, timeout, socket_options)
        return _LargeReadStream(stream, self._read_size)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _LargeReadStream(httpcore2.NetworkStream):
    def __init__(self, inner: httpcore2.NetworkStream, read_size: int) -> None:
        self._inner = inner
        self._read_size = read_size

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max(max_bytes, self._read_size), timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore2.NetworkStream:
        stream = self._inner.start_tls(ssl_context, server_hostname, timeout)
        return _LargeReadStream(stream, self._read_size)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


def make_transport(*, proxy: str | None, trust_env: bool, read_size: int) -> httpx2.HTTPTransport:
    """httpx2's transport with TLS verification on, the given proxy, and large reads where possible.

    httpx2 offers no parameter for the network backend, so the one its connection pool holds is wrapped.
    Should that attribute ever move, downloads still work, only at httpcore's default read size.
    """
    transport = httpx2.HTTPTransport(verify=True, trust_env=trust_env, proxy=proxy)
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if pool is not None and isinstance(backend, httpcore2.NetworkBackend):
        pool._network_backend = _LargeReads(backend, read_size)
    return transport
