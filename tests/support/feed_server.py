"""A loopback HTTP(S) server for release-feed tests: fixed routes, optional delays, and a record of every
request (path and headers), so a test can count requests and see exactly what was sent."""

from __future__ import annotations

import contextlib
import json
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.support.loopback import LoopbackServer


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


@dataclass(frozen=True)
class SeenRequest:
    path: str
    headers: dict[str, str]
    """Header names in lower case."""


class FeedServer(LoopbackServer):
    thread_name = "feed-server"

    def __init__(self, *, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[SeenRequest] = []
        self._lock = threading.Lock()
        super().__init__()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self._httpd.feed = self  # type: ignore[attr-defined]
        self._scheme = "https" if tls is not None else "http"

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"{self._scheme}://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def serve(self, path: str, body: bytes | str, status: int = 200, **options: object) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(status, data, **options)  # type: ignore[arg-type]
        return self.url(path)

    def feed(self, path: str, version: str, page_url: str = "https://example.org/copydesk/releases") -> str:
        latest = {
            "version": version,
            "released": "2026-12-01",
            "notes_url": "https://example.org/copydesk/notes",
            "page_url": page_url,
        }
        return self.serve(path, json.dumps({"latest": latest}), headers={"Content-Type": "application/json"})

    def count(self, path: str | None = None) -> int:
        with self._lock:
            return sum(1 for r in self.requests if path is None or r.path == path)

    def record(self, request: SeenRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def wait(self, seconds: float) -> None:
        self._stopping.wait(seconds)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        server: FeedServer = self.server.feed  # type: ignore[attr-defined]
        server.record(SeenRequest(self.path, {k.lower(): v for k, v in self.headers.items()}))
        route = server.routes.get(self.path)
        if route is None:
            route = Route(404, b"not found", {"Content-Type": "text/plain"})
        if route.delay_s:
            server.wait(route.delay_s)
        self.send_response(route.status)
        for name, value in route.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(route.body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the client gave up (a timeout test)
            self.wfile.write(route.body)
