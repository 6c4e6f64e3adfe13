"""Read the GGUF header of a file on a server with ranged GETs, before anything is downloaded.

The fit check needs only the header (layers, heads, embedding size, vocabulary, tensor sizes), which
sits at the start of the file and is a few MB even for big vocabularies. So the first ``initial_bytes``
are fetched with ``Range: bytes=0-N``; if the parser runs past them, the next range is fetched and
appended (doubling each time, up to ``max_bytes``). The parser is told the real size of the remote file
(from ``Content-Range``), so its completeness checks mean the same as for a local file.

The transfer sits behind the small `RangeFetcher` callable so tests can serve bytes from memory or a
loopback server. `HttpRangeFetcher` is the real one: standard-library HTTP with TLS verification on,
the environment's proxy settings, and no ``Authorization`` header sent on to another host when the Hub
redirects to its CDN.
"""

from __future__ import annotations

import http.client
import io
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Protocol

from app.core.models.gguf_header import GGUFHeader, GGUFTruncatedError, parse_gguf_header

__all__ = [
    "DEFAULT_INITIAL_BYTES",
    "DEFAULT_MAX_BYTES",
    "HttpRangeFetcher",
    "RangeFetcher",
    "RangeResponse",
    "RemoteHeaderError",
    "read_remote_header",
]

DEFAULT_INITIAL_BYTES: Final = 4 << 20
"""Enough for the header of most models (a 150k-token vocabulary with merges is about 3-4 MB)."""
DEFAULT_MAX_BYTES: Final = 64 << 20
"""Past this the "header" is not one llama.cpp would accept either; stop rather than download a model."""
_CONTENT_RANGE_RE: Final = re.compile(r"^\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*$", re.IGNORECASE)
_USER_AGENT: Final = "Copydesk (GGUF header check)"


class RemoteHeaderError(Exception):
    """The header of a remote file could not be read; the message says what the server did."""

    def __init__(self, url: str, message: str) -> None:
        self.url = url
        super().__init__(f"Could not read the model header from {url}: {message}")


@dataclass(frozen=True)
class RangeResponse:
    data: bytes
    """The bytes from ``start`` on; fewer than asked only at the end of the file."""
    total_size: int
    """Size of the whole remote file."""


class RangeFetcher(Protocol):
    def __call__(self, url: str, start: int, end: int) -> RangeResponse:
        """Bytes ``start..end`` (inclusive, like HTTP ranges) of ``url`` and the file's total size."""
        ...


def read_remote_header(
    url: str,
    fetch: RangeFetcher,
    *,
    initial_bytes: int = DEFAULT_INITIAL_BYTES,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> GGUFHeader:
    """Parse the GGUF header of ``url`` from as few leading bytes as will do.

    Raises `RemoteHeaderError` for transfer problems and `GGUFError` subclasses for a file that is not
    a usable GGUF (the same errors as for a local file, sized with the remote file's real size).
    """
    if initial_bytes <= 0 or max_bytes < initial_bytes:
        raise ValueError("need 0 < initial_bytes <= max_bytes")
    first = fetch(url, 0, initial_bytes - 1)
    data = bytearray(first.data)
    total = first.total_size
    if total <= 0:
        raise RemoteHeaderError(url, "the server did not say how large the file is")
    want = initial_bytes
    while True:
        complete = len(data) >= total
        try:
            return parse_gguf_header(io.BytesIO(bytes(data)), total)
        except GGUFTruncatedError:
            # A short prefix looks like a cut file to the parser; only the whole file can really be one.
            if complete:
                raise
        if len(data) >= max_bytes:
            raise RemoteHeaderError(
                url,
                f"its header is longer than {max_bytes >> 20} MB, more than any model file should need",
            )
        want = min(want * 2, max_bytes, total)
        more = fetch(url, len(data), want - 1)
        if not more.data:
            raise RemoteHeaderError(url, f"the server sent no bytes from offset {len(data):,}")
        data += more.data


class HttpRangeFetcher:
    """`RangeFetcher` over HTTP(S) with the standard library: TLS verified, proxies from the environment.

    ``headers`` go with every request (an ``Authorization: Bearer`` token for gated Hub repositories);
    the token is dropped when a redirect leaves the original host, as the Hub's CDN needs none.
    """

    def __init__(self, headers: Mapping[str, str] | None = None, *, timeout: float = 30.0) -> None:
        self._headers = dict(headers or {})
        self._timeout = timeout
        self._opener = urllib.request.build_opener(_SameHostAuthRedirectHandler())

    def __call__(self, url: str, start: int, end: int) -> RangeResponse:
        if start < 0 or end < start:
            raise ValueError(f"bad range {start}-{end}")
        request = urllib.request.Request(url, method="GET")
        request.add_header("User-Agent", _USER_AGENT)
        for name, value in self._headers.items():
            request.add_header(name, value)
        request.add_header("Range", f"bytes={start}-{end}")
        request.add_header("Accept-Encoding", "identity")  # a compressed body would break the offsets
        try:
            with self._opener.open(request, timeout=self._timeout) as response:
                return _range_from_response(url, response, start, end - start + 1)
        except urllib.error.HTTPError as error:
            raise RemoteHeaderError(url, _describe_http_error(error)) from None
        except urllib.error.URLError as error:
            raise RemoteHeaderError(url, f"the server could not be reached ({error.reason})") from None
        except (TimeoutError, ConnectionError, http.client.HTTPException) as error:
            raise RemoteHeaderError(url, f"the connection failed ({error})") from None


def _range_from_response(
    url: str, response: http.client.HTTPResponse, start: int, wanted: int
) -> RangeResponse:
    headers = response.headers
    if response.status == 206:
        total = _total_from_content_range(url, headers.get("Content-Range"), start)
        return RangeResponse(_read_up_to(response, wanted), total)
    if response.status == 200:
        # The server ignored the range: read only what is needed, never the whole model.
        size = _int_header(headers.get("X-Linked-Size")) or _int_header(headers.get("Content-Length"))
        if size is None:
            raise RemoteHeaderError(url, "the server ignored the byte range and sent no size")
        _read_up_to(response, start, keep=False)
        return RangeResponse(_read_up_to(response, wanted), size)
    raise RemoteHeaderError(url, f"unexpected HTTP status {response.status}")


class _SameHostAuthRedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follow redirects, but keep credentials for the host they were meant for."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: object,
        code: int,
        msg: str,
        headers: object,
        newurl: str,
    ) -> urllib.request.Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)  # type: ignore[arg-type]
        if new is not None:
            old, moved = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(new.full_url)
            # Another host, or the same host over plain HTTP: the token must not follow.
            if (old.scheme, old.netloc.lower()) != (moved.scheme, moved.netloc.lower()):
                new.remove_header("Authorization")
        return new


def _total_from_content_range(url: str, value: str | None, start: int) -> int:
    match = _CONTENT_RANGE_RE.match(value or "")
    if match is None or match.group(3) == "*":
        raise RemoteHeaderError(url, f"the server sent a part without a usable Content-Range ({value!r})")
    if int(match.group(1)) != start:
        raise RemoteHeaderError(url, f"asked for bytes from {start:,}, the server sent {value!r}")
    return int(match.group(3))


def _int_header(value: str | None) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    return int(value.strip())


def _read_up_to(response: http.client.HTTPResponse, count: int, *, keep: bool = True) -> bytes:
    """``count`` bytes, or fewer at the end of the body; dropped as they come when ``keep`` is False."""
    parts: list[bytes] = []
    left = count
    while left > 0:
        chunk = response.read(min(left, 1 << 20))
        if not chunk:
            break
        left -= len(chunk)
        if keep:
            parts.append(chunk)
    return b"".join(parts)


def _describe_http_error(error: urllib.error.HTTPError) -> str:
    code = error.code
    if code in (401, 403):
        return (
            f"access was refused (HTTP {code}); the repository may be gated: accept its licence on the "
            f"Hub and add an access token"
        )
    if code == 404:
        return "the file is not there (HTTP 404); check the repository and file name"
    if code == 416:
        return "the server refused the byte range (HTTP 416); the file may be empty"
    if 500 <= code < 600:
        return f"the server had a problem (HTTP {code}); try again later"
    return f"HTTP {code} {error.reason}"
