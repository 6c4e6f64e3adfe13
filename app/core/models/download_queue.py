"""Several downloads in a line, one at a time, each with a status and its own cancel.

One worker thread runs them in order: parallel downloads of multi-GB files from the same server only
split the same bandwidth, and two writers on one disk slow both. Pause is cancel (the part is kept) and
`resume` puts the item back in line; it continues where it stopped. Plain threads and callbacks, no Qt:
the UI wraps `on_change` in a signal to reach the GUI thread.
"""

from __future__ import annotations

import dataclasses
import enum
import itertools
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from app.core.models.download import Downloader
from app.core.models.download_errors import DownloadCancelledError, DownloadError
from app.core.models.download_progress import DownloadProgress
from app.core.models.download_spec import DownloadResult, DownloadSpec


class DownloadStatus(enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    """Stopped by the user; the partial file is kept, `DownloadQueue.resume` continues it."""

    @property
    def finished(self) -> bool:
        return self in (DownloadStatus.DONE, DownloadStatus.FAILED, DownloadStatus.CANCELLED)


@dataclass(frozen=True)
class DownloadItem:
    """A snapshot of one queued download; a new one is made on every change, so it can cross threads."""

    id: int
    spec: DownloadSpec
    status: DownloadStatus = DownloadStatus.QUEUED
    progress: DownloadProgress | None = None
    result: DownloadResult | None = None
    error: str | None = None
    """The user-facing message of the error that stopped it."""
    exception: BaseException | None = dataclasses.field(default=None, repr=False, compare=False)


ChangeCallback = Callable[[DownloadItem], None]


class UnexpectedDownloadError(DownloadError):
    """A bug, not a network or disk problem; kept so the worker survives and the UI can show something."""


class DownloadQueue:
    """Runs submitted downloads in order on one worker thread. Close it with `close` (or ``with``)."""

    def __init__(self, downloader: Downloader, on_change: ChangeCallback | None = None) -> None:
        self._downloader = downloader
        self._on_change = on_change
        self._lock = threading.Condition()
        self._items: dict[int, DownloadItem] = {}
        self._waiting: deque[int] = deque()
        self._cancels: dict[int, threading.Event] = {}
        self._ids = itertools.count(1)
        self._closing = False
        self._worker = threading.Thread(target=self._run, name="download-queue", daemon=True)
        self._worker.start()

    # ------------------------------------------------------------------ for callers (any thread)

    def submit(self, spec: DownloadSpec) -> int:
        """Queue ``spec``; returns its id. A file already queued or running is not queued twice."""
        with self._lock:
            if self._closing:
                raise RuntimeError("the download queue is closed")
            for item in self._items.values():
                # The same file asked for twice is one download; another URL for the same name is queued
                # and stopped at the end, never allowed to overwrite (``DestinationExistsError``).
                if item.spec.dest == spec.dest and item.spec.url == spec.url and not item.status.finished:
                    return item.id
            item = DownloadItem(next(self._ids), spec)
            self._queue(item)
        self._notify(item)
        return item.id

    def cancel(self, item_id: int) -> None:
        """Stop a download (pause): a queued one never starts, a running one stops within moments.
        The partial file is kept either way."""
        changed: DownloadItem | None = None
        with self._lock:
            item = self._items[item_id]
            if item.status is DownloadStatus.QUEUED:
                self._waiting.remove(item_id)
                changed = self._set(item, status=DownloadStatus.CANCELLED)
            elif item.status is DownloadStatus.RUNNING:
                self._cancels[item_id].set()
        if changed is not None:
            self._notify(changed)

    pause = cancel

    def resume(self, item_id: int) -> None:
        """Put a cancelled or failed download back in line; it continues from its partial file."""
        with self._lock:
            item = self._items[item_id]
            if item.status not in (DownloadStatus.CANCELLED, DownloadStatus.FAILED):
                return
            item = dataclasses.replace(item, status=DownloadStatus.QUEUED, error=None, exception=None)
            self._queue(item)
        self._notify(item)

    def item(self, item_id: int) -> DownloadItem:
        with self._lock:
            return self._items[item_id]

    def items(self) -> list[DownloadItem]:
        with self._lock:
            return list(self._items.values())

    def wait(self, item_id: int, timeout: float | None = None) -> DownloadItem:
        """Block until the item is done, failed or cancelled (or the timeout passes)."""
        with self._lock:
            self._lock.wait_for(lambda: self._items[item_id].status.finished, timeout)
            return self._items[item_id]

    def close(self, timeout: float | None = None) -> None:
        """Cancel everything (parts are kept) and stop the worker."""
        with self._lock:
            self._closing = True
            for event in self._cancels.values():
                event.set()
            queued = [self._set(self._items[i], status=DownloadStatus.CANCELLED) for i in self._waiting]
            self._waiting.clear()
            self._lock.notify_all()
        for item in queued:
            self._notify(item)
        self._worker.join(timeout)

    def __enter__(self) -> DownloadQueue:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ the worker

    def _run(self) -> None:
        while True:
            with self._lock:
                self._lock.wait_for(lambda: self._closing or bool(self._waiting))
                if self._closing:
                    return
                item_id = self._waiting.popleft()
                cancel = self._cancels[item_id] = threading.Event()
                item = self._set(self._items[item_id], status=DownloadStatus.RUNNING)
            self._notify(item)
            self._notify(self._download(item, cancel))

    def _download(self, item: DownloadItem, cancel: threading.Event) -> DownloadItem:
        def report(progress: DownloadProgress) -> None:
            with self._lock:
                snapshot = self._set(self._items[item.id], progress=progress)
            self._notify(snapshot)

        fields: dict[str, object]
        try:
            result = self._downloader.download(item.spec, on_progress=report, cancel=cancel)
            fields = {"status": DownloadStatus.DONE, "result": result}
        except DownloadCancelledError as exc:
            fields = {"status": DownloadStatus.CANCELLED, "error": str(exc), "exception": exc}
        except DownloadError as exc:
            fields = {"status": DownloadStatus.FAILED, "error": str(exc), "exception": exc}
        except Exception as exc:
            wrapped = UnexpectedDownloadError(f"Download of {item.spec.display_name} failed: {exc!r}")
            fields = {"status": DownloadStatus.FAILED, "error": str(wrapped), "exception": exc}
        with self._lock:
            self._cancels.pop(item.id, None)
            return self._set(self._items[item.id], **fields)

    # ------------------------------------------------------------------ helpers (lock held)

    def _queue(self, item: DownloadItem) -> None:
        self._items[item.id] = item
        self._waiting.append(item.id)
        self._lock.notify_all()

    def _set(self, item: DownloadItem, **changes: object) -> DownloadItem:
        updated = dataclasses.replace(item, **changes)  # type: ignore[arg-type]
        self._items[item.id] = updated
        self._lock.notify_all()
        return updated

    def _notify(self, item: DownloadItem) -> None:
        if self._on_change is not None:
            self._on_change(item)
