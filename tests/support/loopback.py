"""What every scripted loopback HTTP server in the tests shares: serving on a thread, stopping cleanly."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer
from typing import Self


class LoopbackServer:
    """Subclasses set ``self._httpd`` (bound to 127.0.0.1) before using `start`; ``with`` starts and
    stops it, and `stopping` wakes any handler that is waiting on purpose."""

    thread_name = "loopback-server"
    _httpd: ThreadingHTTPServer

    def __init__(self) -> None:
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Self:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=self.thread_name,
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
        self._httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
