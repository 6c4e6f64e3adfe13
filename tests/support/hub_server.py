"""A loopback HTTP server that speaks enough of the Hugging Face Hub protocol to test downloads for real.

The Hub is unreachable from tests, and a mocked HTTP layer would not catch what matters in a download:
dropped connections, partial bodies, ranges, stalls. This server serves real bytes over real sockets, answers
like the Hub does (the headers ``huggingface_hub`` reads, the JSON ``HfApi`` parses), and can misbehave on
request, one fault per GET, so a test can say "drop the next three connections after 100 kB" and then
count exactly how many bytes were sent.

Routes:
- ``HEAD``/``GET /{repo}/resolve/{revision}/{filename}``: the file, with ranges;
- ``GET /api/models?search=&filter=&sort=&limit=``: the listing;
- ``GET /api/models/{repo}[/revision/{revision}][?blobs=true]``: repo info, with per-file LFS data;
- ``GET /api/agent-harnesses``: an empty registry, so huggingface_hub's probe stays quiet.
It also answers requests in proxy form (``GET http://any-host/...``), so a proxy setting can be tested.

Run it alone (for benchmarks) with ``python -m tests.support.hub_server --file PATH``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from tests.support.loopback import LoopbackServer

_SLICE = 1024 * 1024
_TIMESTAMP = "2024-05-01T12:00:00.000Z"
_RESOLVE = re.compile(r"^/(?P<repo>.+?)/resolve/(?P<rev>[^/]+)/(?P<file>.+)$")
_INFO = re.compile(r"^/api/models/(?P<repo>.+?)(?:/revision/(?P<rev>[^/]+))?$")
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


@dataclass(frozen=True)
class Drop:
    """Send the headers and ``after`` body bytes, then close the connection."""

    after: int


@dataclass(frozen=True)
class Fail:
    """Answer ``status`` (401, 404, 416, 429, 5xx...) instead of the file."""

    status: int
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Stall:
    """Send the headers and ``after`` body bytes, then go silent for ``seconds`` and close."""

    after: int
    seconds: float


@dataclass(frozen=True)
class SlowStart:
    """Wait ``seconds`` before the first byte of the answer, then answer normally."""

    seconds: float


Fault = Drop | Fail | Stall | SlowStart


class HubFile:
    """One served file: its bytes, the faults queued for its next GETs, and what was sent."""

    def __init__(self, repo: HubRepo, filename: str, content: bytes | Path, sha256: str | None) -> None:
        self.repo = repo
        self.filename = filename
        self.content = content
        self.size = len(content) if isinstance(content, bytes) else content.stat().st_size
        self.sha256 = sha256 or _sha256_of(content)
        self.corrupt = False
        """Serve wrong bytes (one flipped byte in the middle) under the right headers."""
        self.ignore_range = False
        """Answer every ranged GET with 200 and the whole file, like a server without range support."""
        self._faults: deque[Fault] = deque()
        self._lock = threading.Lock()
        self.get_requests = 0
        self.head_requests = 0
        self.bytes_served = 0
        self.range_headers: list[str | None] = []
        self.statuses: list[int] = []

    # ------------------------------------------------------------------ fault injection

    def inject(self, *faults: Fault) -> None:
        """Queue faults; each following GET takes the next one."""
        with self._lock:
            self._faults.extend(faults)

    def drop_after(self, after: int, times: int = 1) -> None:
        self.inject(*[Drop(after)] * times)

    def fail(self, status: int, times: int = 1, retry_after: str | None = None) -> None:
        headers = (("Retry-After", retry_after),) if retry_after is not None else ()
        self.inject(*[Fail(status, headers)] * times)

    def stall(self, after: int, seconds: float, times: int = 1) -> None:
        self.inject(*[Stall(after, seconds)] * times)

    def slow_start(self, seconds: float, times: int = 1) -> None:
        self.inject(*[SlowStart(seconds)] * times)

    @property
    def pending_faults(self) -> int:
        with self._lock:
            return len(self._faults)

    def url(self, endpoint: str, revision: str = "main") -> str:
        return f"{endpoint}/{self.repo.repo_id}/resolve/{quote(revision, safe='')}/{quote(self.filename)}"

    # ------------------------------------------------------------------ used by the handler

    def next_fault(self) -> Fault | None:
        with self._lock:
            self.get_requests += 1
            return self._faults.popleft() if self._faults else None

    def count(self, *, head: bool = False, range_header: str | None = None, status: int = 0) -> None:
        with self._lock:
            if head:
                self.head_requests += 1
            else:
                self.range_headers.append(range_header)
                self.statuses.append(status)

    def add_served(self, n: int) -> None:
        with self._lock:
            self.bytes_served += n

    def body(self, start: int, end: int) -> Iterator[bytes]:
        """Bytes ``start..end`` inclusive, in slices, with the corruption applied when asked for."""
        flip = self.size // 2 if self.corrupt else -1
        position = start
        with _open_content(self.content) as read:
            while position <= end:
                piece = read(position, min(_SLICE, end - position + 1))
                if position <= flip < position + len(piece):
                    mutable = bytearray(piece)
                    mutable[flip - position] ^= 0xFF
                    piece = bytes(mutable)
                yield piece
                position += len(piece)


@dataclass
class HubRepo:
    """A model repository: its files, its commit, whether it is gated, what the listing says about it."""

    repo_id: str
    license: str = "apache-2.0"
    downloads: int = 0
    tags: tuple[str, ...] = ("gguf",)
    gated_token: str | None = None
    """When set, file downloads need ``Authorization: Bearer <gated_token>`` (metadata stays public)."""
    gguf: dict[str, Any] | None = None
    files: dict[str, HubFile] = field(default_factory=dict)

    @property
    def commit(self) -> str:
        return hashlib.sha1(self.repo_id.encode()).hexdigest()

    def summary(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "_id": self.commit[:24],
            "id": self.repo_id,
            "modelId": self.repo_id,
            "author": self.repo_id.split("/")[0],
            "sha": self.commit,
            "lastModified": _TIMESTAMP,
            "createdAt": _TIMESTAMP,
            "private": False,
            "gated": "manual" if self.gated_token else False,
            "disabled": False,
            "downloads": self.downloads,
            "likes": 0,
            "library_name": "gguf",
            "pipeline_tag": "text-generation",
            "tags": [*self.tags, f"license:{self.license}"],
        }
        if self.gguf is not None:
            data["gguf"] = self.gguf
        return data

    def info(self, blobs: bool) -> dict[str, Any]:
        siblings: list[dict[str, Any]] = []
        for name, served in self.files.items():
            sibling: dict[str, Any] = {"rfilename": name}
            if blobs:
                sibling["blobId"] = hashlib.sha1(served.sha256.encode()).hexdigest()
                sibling["size"] = served.size
                sibling["lfs"] = {"sha256": served.sha256, "size": served.size, "pointerSize": 135}
            siblings.append(sibling)
        return {
            **self.summary(),
            "cardData": {"license": self.license},
            "siblings": siblings,
            "usedStorage": sum(f.size for f in self.files.values()),
        }


class HubServer(LoopbackServer):
    """The server and its registry. Start with `start` (or ``with``); `endpoint` is the base URL."""

    thread_name = "hub-server"

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.repos: dict[str, HubRepo] = {}
        self.api_requests: list[str] = []
        self.proxied_requests: list[str] = []
        """Absolute URLs asked for as a forward proxy (``GET http://host/path``): proves a proxy setting."""
        self._active = 0
        self._idle = threading.Condition()
        super().__init__()
        self._httpd = _Server((host, port), _Handler)
        self._httpd.hub = self

    @property
    def endpoint(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def add_repo(self, repo_id: str, **fields: Any) -> HubRepo:
        repo = self.repos.get(repo_id)
        if repo is None:
            repo = self.repos[repo_id] = HubRepo(repo_id, **fields)
        else:
            for key, value in fields.items():
                setattr(repo, key, value)
        return repo

    def add_file(
        self, repo_id: str, filename: str, content: bytes | Path, *, sha256: str | None = None
    ) -> HubFile:
        """Serve ``content`` as ``filename`` in ``repo_id`` (created when new). Any name is accepted, even
        a malicious one such as ``../../evil.gguf``: listing it is the point of some tests."""
        repo = self.add_repo(repo_id)
        served = repo.files[filename] = HubFile(repo, filename, content, sha256)
        return served

    def url(self, repo_id: str, filename: str, revision: str = "main") -> str:
        return self.repos[repo_id].files[filename].url(self.endpoint, revision)

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until no request is being answered, so byte counters no longer move."""
        with self._idle:
            return self._idle.wait_for(lambda: self._active == 0, timeout)

    def track(self, delta: int) -> None:
        with self._idle:
            self._active += delta
            self._idle.notify_all()

    def sleep(self, seconds: float) -> None:
        """Sleep that ends early when the server stops, so a stalled answer never delays teardown."""
        self._stopping.wait(seconds)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    hub: HubServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up mid-answer is normal here (tests do it on purpose)."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read counters, not logs."""

    def do_HEAD(self) -> None:
        self._tracked(head=True)

    def do_GET(self) -> None:
        self._tracked(head=False)

    def _tracked(self, *, head: bool) -> None:
        self.server.hub.track(+1)
        try:
            self._route(head=head)
        finally:
            self.server.hub.track(-1)

    # ------------------------------------------------------------------ routing

    def _route(self, *, head: bool) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        hub = self.server.hub
        if parts.scheme in ("http", "https"):  # asked as a proxy: answer as if we were that host
            hub.proxied_requests.append(self.path)
        if parts.path == "/api/agent-harnesses":
            self._json(200, {"standardEnvVars": [], "harnesses": {}}, head=head)
        elif parts.path == "/api/models":
            hub.api_requests.append(self.path)
            self._json(200, self._listing(query), head=head)
        elif match := _INFO.match(parts.path):
            hub.api_requests.append(self.path)
            repo = hub.repos.get(unquote(match["repo"]))
            if repo is None:
                self._error(404, "RepoNotFound", "Repository not found", head=head)
            elif not self._revision_ok(repo, match["rev"]):
                self._error(404, "RevisionNotFound", "Invalid rev id", head=head)
            else:
                blobs = query.get("blobs", ["false"])[0].lower() == "true"
                self._json(200, repo.info(blobs), head=head)
        elif match := _RESOLVE.match(parts.path):
            self._resolve(unquote(match["repo"]), match["rev"], unquote(match["file"]), head=head)
        else:
            self._error(404, "", "Not found", head=head)

    def _listing(self, query: dict[str, list[str]]) -> list[dict[str, Any]]:
        search = query.get("search", [""])[0].lower()
        filters = query.get("filter", [])
        repos = [
            repo
            for repo in self.server.hub.repos.values()
            if search in repo.repo_id.lower() and all(f in repo.tags for f in filters)
        ]
        if query.get("sort", [""])[0] == "downloads":
            repos.sort(key=lambda r: r.downloads, reverse=True)
        if "limit" in query:
            repos = repos[: int(query["limit"][0])]
        wants_files = "full" in query or "siblings" in query.get("expand", [])
        return [repo.info(blobs=False) if wants_files else repo.summary() for repo in repos]

    @staticmethod
    def _revision_ok(repo: HubRepo, revision: str | None) -> bool:
        return revision is None or unquote(revision) in ("main", repo.commit)

    # ------------------------------------------------------------------ files

    def _resolve(self, repo_id: str, revision: str, filename: str, *, head: bool) -> None:
        repo = self.server.hub.repos.get(repo_id)
        if repo is None:
            self._error(404, "RepoNotFound", "Repository not found", head=head)
            return
        if not self._revision_ok(repo, revision):
            self._error(404, "RevisionNotFound", "Invalid rev id", head=head)
            return
        served = repo.files.get(filename)
        if served is None:
            self._error(404, "EntryNotFound", "Entry not found", head=head)
            return
        range_header = self.headers.get("Range")
        if repo.gated_token is not None:
            # Counted before the answer goes out: the client may send its next request the moment it
            # has this one, and the order of ``statuses`` must be the order of the requests.
            status = self._gate(
                repo,
                head=head,
                record=lambda code: served.count(head=head, range_header=range_header, status=code),
            )
            if status:
                return
        if head:
            served.count(head=True)
            self._file_headers(served, 200, 0, served.size - 1)
            self.end_headers()
            return
        fault = served.next_fault()
        if isinstance(fault, SlowStart):
            self.server.hub.sleep(fault.seconds)
        if isinstance(fault, Fail):
            served.count(range_header=range_header, status=fault.status)
            self._fail(served, fault)
            return
        span = self._span(served, range_header)
        if span is None:
            served.count(range_header=range_header, status=416)
            self._error(416, "", "Requested range not satisfiable", head=False, extra=self._star(served))
            return
        status, start, end = span
        served.count(range_header=range_header, status=status)
        self._file_headers(served, status, start, end)
        self.end_headers()
        limit = fault.after if isinstance(fault, Drop | Stall) else None
        self._send_body(served, start, end, limit)
        if isinstance(fault, Stall):
            self.server.hub.sleep(fault.seconds)
        if limit is not None:
            self._hang_up()

    def _gate(self, repo: HubRepo, *, head: bool, record: Callable[[int], None]) -> int:
        """Answer like the Hub for a gated repo: 401 without a token, 403 with a token that has no access."""
        auth = self.headers.get("Authorization", "")
        if auth == f"Bearer {repo.gated_token}":
            return 0
        if not auth:
            record(401)
            message = f"Access to model {repo.repo_id} is restricted. You must be authenticated to access it."
            self._error(401, "GatedRepo", message, head=head)
            return 401
        record(403)
        message = f"Access to model {repo.repo_id} is restricted and you are not in the authorized list."
        self._error(403, "GatedRepo", message, head=head)
        return 403

    def _span(self, served: HubFile, range_header: str | None) -> tuple[int, int, int] | None:
        """(status, first byte, last byte) for the request; None when the range cannot be satisfied."""
        last = served.size - 1
        if range_header is None or served.ignore_range:
            return 200, 0, last
        match = _RANGE.match(range_header.strip())
        if match is None or match.group(1) == match.group(2) == "":
            return 200, 0, last
        first_text, last_text = match.groups()
        if first_text == "":  # suffix range: the last N bytes
            length = int(last_text)
            return (206, max(0, served.size - length), last) if length > 0 else None
        start = int(first_text)
        end = min(int(last_text), last) if last_text else last
        if start >= served.size or end < start:
            return None
        return 206, start, end

    def _file_headers(self, served: HubFile, status: int, start: int, end: int) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(end - start + 1))
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{served.size}")
        self.send_header("ETag", f'"{served.sha256}"')
        self.send_header("X-Linked-Etag", f'"{served.sha256}"')
        self.send_header("X-Linked-Size", str(served.size))
        self.send_header("X-Repo-Commit", served.repo.commit)
        self.send_header("Content-Disposition", f'attachment; filename="{Path(served.filename).name}";')

    def _send_body(self, served: HubFile, start: int, end: int, limit: int | None) -> None:
        budget = end - start + 1 if limit is None else min(limit, end - start + 1)
        try:
            for piece in served.body(start, end):
                chunk = piece[:budget]
                self.wfile.write(chunk)
                served.add_served(len(chunk))
                budget -= len(chunk)
                if budget <= 0:
                    break
        except OSError:
            self.close_connection = True

    def _hang_up(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _fail(self, served: HubFile, fault: Fail) -> None:
        extra = dict(fault.headers)
        if fault.status == 416:
            extra.update(self._star(served))
        codes = {401: "GatedRepo", 403: "GatedRepo", 404: "EntryNotFound"}
        self._error(
            fault.status, codes.get(fault.status, ""), f"Injected {fault.status}", head=False, extra=extra
        )

    @staticmethod
    def _star(served: HubFile) -> dict[str, str]:
        return {"Content-Range": f"bytes */{served.size}"}

    # ------------------------------------------------------------------ plain answers

    def _json(self, status: int, payload: Any, *, head: bool) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _error(
        self, status: int, code: str, message: str, *, head: bool, extra: dict[str, str] | None = None
    ) -> None:
        body = json.dumps({"error": message}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if code:
            self.send_header("X-Error-Code", code)
        self.send_header("X-Error-Message", message)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)


@contextlib.contextmanager
def _open_content(content: bytes | Path) -> Iterator[Callable[[int, int], bytes]]:
    """A positional reader over bytes or a file, so a 512 MB benchmark file is never held in memory."""
    if isinstance(content, bytes):
        view = memoryview(content)
        yield lambda position, length: bytes(view[position : position + length])
        return
    with content.open("rb", buffering=0) as handle:

        def read(position: int, length: int) -> bytes:
            handle.seek(position)
            return handle.read(length)

        yield read


def _sha256_of(content: bytes | Path) -> str:
    if isinstance(content, bytes):
        return hashlib.sha256(content).hexdigest()
    digest = hashlib.sha256()
    with content.open("rb") as handle:
        while chunk := handle.read(_SLICE * 4):
            digest.update(chunk)
    return digest.hexdigest()


def main() -> None:
    """Serve one file until killed; prints ``<endpoint> <url> <sha256>`` on the first line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--file", type=Path, required=True)
    parser.add_argument("--repo", default="bench/model")
    parser.add_argument("--sha256", help="skip hashing the file at start")
    args = parser.parse_args()
    server = HubServer().start()
    served = server.add_file(args.repo, args.file.name, args.file, sha256=args.sha256)
    print(server.endpoint, served.url(server.endpoint), served.sha256, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
