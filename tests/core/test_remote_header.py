"""Reading a GGUF header over HTTP ranges: from memory, and from a real server on loopback."""

from __future__ import annotations

import contextlib
import http.server
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pytest

from app.core.models.gguf_header import (
    GGUFMagicError,
    GGUFTruncatedError,
    read_gguf_header,
)
from app.core.models.remote_header import (
    HttpRangeFetcher,
    RangeResponse,
    RemoteHeaderError,
    read_remote_header,
)
from tests.core.gguf_samples import write_sample_gguf

URL = "https://hub.example/org/repo/resolve/main/model.gguf"


@dataclass
class MemoryFetcher:
    """Serves one file's bytes like a server honouring ranges, and records what was asked."""

    data: bytes
    calls: list[tuple[int, int]] = field(default_factory=list)

    def __call__(self, url: str, start: int, end: int) -> RangeResponse:
        assert url == URL
        self.calls.append((start, end))
        return RangeResponse(self.data[start : end + 1], len(self.data))

    @property
    def fetched(self) -> int:
        return sum(min(end + 1, len(self.data)) - start for start, end in self.calls)


@pytest.fixture(scope="module")
def big_vocab_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A header of about 2 MB (a 100k-token vocabulary), so small first reads must grow."""
    return write_sample_gguf(tmp_path_factory.mktemp("remote") / "big.gguf", vocab=100_000)


def test_header_matches_the_local_read(big_vocab_file: Path) -> None:
    local = read_gguf_header(big_vocab_file)
    fetch = MemoryFetcher(big_vocab_file.read_bytes())
    remote = read_remote_header(URL, fetch, initial_bytes=64 << 10)
    assert remote.vocab_size == local.vocab_size == 100_000
    assert remote.tensor_bytes == local.tensor_bytes
    assert remote.data_offset == local.data_offset
    assert remote.file_size == local.file_size
    assert remote.is_complete
    # The reads grew from 64 KiB by doubling, appended (no byte fetched twice), and stopped near the header.
    assert fetch.calls[0] == (0, (64 << 10) - 1)
    assert all(prev[1] + 1 == cur[0] for prev, cur in zip(fetch.calls, fetch.calls[1:], strict=False))
    assert fetch.fetched < 2 * local.data_offset + (64 << 10)


def test_one_read_is_enough_for_a_small_header(big_vocab_file: Path) -> None:
    fetch = MemoryFetcher(big_vocab_file.read_bytes())
    read_remote_header(URL, fetch)  # the 4 MB default covers a 2 MB header
    assert len(fetch.calls) == 1


def test_a_header_longer_than_the_limit_stops(big_vocab_file: Path) -> None:
    fetch = MemoryFetcher(big_vocab_file.read_bytes())
    with pytest.raises(RemoteHeaderError, match="longer than 1 MB"):
        read_remote_header(URL, fetch, initial_bytes=256 << 10, max_bytes=1 << 20)
    assert fetch.fetched == 1 << 20


def test_not_a_gguf_file() -> None:
    with pytest.raises(GGUFMagicError):
        read_remote_header(URL, MemoryFetcher(b"<!DOCTYPE html><html>login</html>" * 10))


def test_a_cut_file_is_still_reported_as_truncated(big_vocab_file: Path) -> None:
    data = big_vocab_file.read_bytes()[:500_000]  # ends inside the vocabulary
    with pytest.raises(GGUFTruncatedError):
        read_remote_header(URL, MemoryFetcher(data), initial_bytes=64 << 10)


def test_a_server_without_sizes_is_refused() -> None:
    def no_size(url: str, start: int, end: int) -> RangeResponse:
        return RangeResponse(b"GGUF", 0)

    with pytest.raises(RemoteHeaderError, match="did not say how large"):
        read_remote_header(URL, no_size)


# ----------------------------------------------------------------------------- a real HTTP server


class _Handler(http.server.BaseHTTPRequestHandler):
    files: ClassVar[dict[str, bytes]] = {}
    seen_auth: ClassVar[list[tuple[str, str | None]]] = []
    redirect_to: ClassVar[str] = ""

    def log_message(self, format: str, *args: object) -> None:
        return None

    def do_GET(self) -> None:
        self.seen_auth.append((self.path, self.headers.get("Authorization")))
        if self.path == "/gated.gguf":
            self._empty(401)
            return
        if self.path == "/redirect.gguf":
            self.send_response(302)
            self.send_header("Location", self.redirect_to)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = self.files.get(self.path.removeprefix("/ignore-range"))
        if data is None:
            self._empty(404)
            return
        match = re.fullmatch(r"bytes=(\d+)-(\d+)", self.headers.get("Range", ""))
        if match is None or self.path.startswith("/ignore-range"):
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            # The client hangs up once it has what it needs: that is the behaviour under test.
            with contextlib.suppress(ConnectionError):
                self.wfile.write(data)
            return
        start, end = int(match.group(1)), min(int(match.group(2)), len(data) - 1)
        body = data[start : end + 1]
        self.send_response(206)
        self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _empty(self, code: int) -> None:
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def server(big_vocab_file: Path) -> Iterator[str]:
    _Handler.files = {"/model.gguf": big_vocab_file.read_bytes()}
    _Handler.seen_auth = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    port = httpd.server_address[1]
    # Same server, other host name: a redirect there must not carry the token.
    _Handler.redirect_to = f"http://localhost:{port}/model.gguf"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_http_ranges_read_the_header(server: str, big_vocab_file: Path) -> None:
    header = read_remote_header(f"{server}/model.gguf", HttpRangeFetcher(), initial_bytes=256 << 10)
    assert header.vocab_size == 100_000
    assert header.file_size == big_vocab_file.stat().st_size


def test_http_server_that_ignores_ranges_is_read_only_in_part(server: str, big_vocab_file: Path) -> None:
    fetch = HttpRangeFetcher()
    part = fetch(f"{server}/ignore-range/model.gguf", 1000, 1999)
    assert part.data == big_vocab_file.read_bytes()[1000:2000]
    assert part.total_size == big_vocab_file.stat().st_size


def test_http_errors_are_explained(server: str) -> None:
    fetch = HttpRangeFetcher({"Authorization": "Bearer secret"})
    with pytest.raises(RemoteHeaderError, match="HTTP 404"):
        read_remote_header(f"{server}/missing.gguf", fetch)
    with pytest.raises(RemoteHeaderError, match="gated"):
        read_remote_header(f"{server}/gated.gguf", fetch)


def test_token_is_not_sent_to_another_host(server: str) -> None:
    fetch = HttpRangeFetcher({"Authorization": "Bearer secret"})
    header = read_remote_header(f"{server}/redirect.gguf", fetch)
    assert header.vocab_size == 100_000
    assert ("/redirect.gguf", "Bearer secret") in _Handler.seen_auth
    assert ("/model.gguf", None) in _Handler.seen_auth
    assert ("/model.gguf", "Bearer secret") not in _Handler.seen_auth


def test_unreachable_server() -> None:
    with pytest.raises(RemoteHeaderError, match=r"could not be reached|connection failed"):
        HttpRangeFetcher(timeout=5)("http://127.0.0.1:9/model.gguf", 0, 99)
