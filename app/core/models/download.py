"""Resumable, verified downloads of model files over HTTP(S).

huggingface_hub resolves names and metadata, but its own transfer restarts from byte 0 after a dropped
connection or a restart and leaves the old partial file behind (DESIGN.md §4). Model files are gigabytes,
so the transfer is ours:

- bytes go into ``dest.part``, with ``dest.part.json`` saying which file they belong to (`download_state`);
- a rerun, a retry or a resume after pause asks for ``Range: bytes=<part size>-``; a server that ignores
  the range (200) restarts the file from byte 0, never appends it to the part;
- connection errors, stalls, 5xx and 429 are retried with exponential backoff and jitter (Retry-After is
  honoured); 401/403/404 are not, and say what to do;
- the SHA-256 is computed while writing (the kept part is hashed once on resume), checked after the last
  byte, and only then is the file fsynced and renamed into place: a bad file never sits under its name.

TLS verification is always on. The endpoint and the proxy are passed in (`NetworkSettings`), never read
from globals, so a mirror, a proxy and a test server all go through the same code.
"""

from __future__ import annotations

import threading
from types import TracebackType

import httpx2

from app.core.models.download_errors import DownloadError, DownloadWriteError
from app.core.models.download_http import make_transport
from app.core.models.download_job import DownloadJob
from app.core.models.download_progress import DownloadProgress, ProgressCallback
from app.core.models.download_spec import (
    HUGGING_FACE,
    CancelSignal,
    DownloadOptions,
    DownloadResult,
    DownloadSpec,
    NetworkSettings,
    RetryNote,
    hub_download_spec,
)
from app.core.models.download_state import discard_partial, part_path, partial_size, record_path

__all__ = [
    "HUGGING_FACE",
    "CancelSignal",
    "DownloadError",
    "DownloadOptions",
    "DownloadProgress",
    "DownloadResult",
    "DownloadSpec",
    "Downloader",
    "NetworkSettings",
    "ProgressCallback",
    "RetryNote",
    "discard_partial",
    "hub_download_spec",
    "part_path",
    "partial_size",
    "record_path",
]


class Downloader:
    """Downloads files one call at a time over one connection pool; safe to reuse for many files."""

    def __init__(
        self,
        network: NetworkSettings | None = None,
        options: DownloadOptions | None = None,
        *,
        transport: httpx2.BaseTransport | None = None,
    ) -> None:
        self.network = network or NetworkSettings()
        self.options = options or DownloadOptions()
        stall = self.options.stall_timeout
        if transport is None:
            transport = make_transport(
                proxy=self.network.proxy,
                trust_env=self.network.use_environment,
                read_size=self.options.read_size,
            )
        self._client = httpx2.Client(
            transport=transport,
            trust_env=self.network.use_environment,
            timeout=httpx2.Timeout(stall, connect=self.network.connect_timeout),
            follow_redirects=True,
            headers={"User-Agent": self.network.user_agent},
        )

    def download(
        self,
        spec: DownloadSpec,
        *,
        on_progress: ProgressCallback | None = None,
        cancel: CancelSignal | None = None,
    ) -> DownloadResult:
        """Fetch ``spec`` into ``spec.dest``, resuming a kept part; raise a `DownloadError` on failure."""
        try:
            spec.dest.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DownloadWriteError(spec.dest.parent, exc.strerror or str(exc)) from exc
        job = DownloadJob(spec, self.options, self._client, on_progress, cancel or threading.Event())
        path, size, sha256 = job.run()
        return DownloadResult(
            path=path,
            size=size,
            sha256=sha256,
            fetched=job.fetched,
            resumed_from=job.resumed_from,
            attempts=job.attempts,
            retries=tuple(job.retries),
            already_present=job.already_present,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Downloader:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
