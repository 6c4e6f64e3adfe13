"""Where the download queue's worker thread meets the Qt event loop.

`DownloadQueue` calls ``on_change`` on its own worker thread. Here that callback only emits this object's
private signal, connected (queued) to this object's own slot, which re-emits `item_changed` on the GUI
thread (a lambda or plain function connected to the worker's signal would run on the worker thread in
PySide6 6.12, DESIGN.md §2). Widgets listen to `item_changed` only.

The bridge owns the queue. An app that wants downloads to outlive the dialog creates one bridge (with the
main window as parent: the queue's worker holds a reference to it, so a parentless bridge could be
destroyed on that thread) and passes it to each dialog, and calls `close` at shutdown; otherwise the
dialog makes its own and closes it when it closes (the partial files stay, so the next run resumes them).
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal, Slot

from app.core.models.download import Downloader
from app.core.models.download_queue import DownloadItem, DownloadQueue, DownloadStatus
from app.core.models.download_spec import DownloadSpec
from app.core.models.download_state import discard_partial
from app.ui.background import EmitGate


class DownloadBridge(QObject):
    item_changed = Signal(object)  # DownloadItem, on the GUI thread

    _changed = Signal(object)  # DownloadItem, emitted on the queue's worker thread

    def __init__(self, downloader: Downloader, parent: QObject, *, owns_downloader: bool = True) -> None:
        super().__init__(parent)
        self._downloader = downloader
        self._owns_downloader = owns_downloader
        self._gate = EmitGate()
        self._discard: set[int] = set()
        self._items: dict[int, DownloadItem] = {}
        self._changed.connect(self._on_changed, Qt.ConnectionType.QueuedConnection)
        self.destroyed.connect(self._gate.close)
        self._queue = DownloadQueue(downloader, on_change=self._from_worker)

    # ------------------------------------------------------------------ GUI thread

    def submit(self, spec: DownloadSpec) -> int:
        """Queue ``spec``; a file already queued or running keeps its place and id."""
        item_id = self._queue.submit(spec)
        self._discard.discard(item_id)
        return item_id

    def pause(self, item_id: int) -> None:
        """Stop now and keep the partial file; `resume` continues from it."""
        self._queue.pause(item_id)

    def resume(self, item_id: int) -> None:
        self._discard.discard(item_id)
        self._queue.resume(item_id)

    def cancel(self, item_id: int) -> None:
        """Stop and delete the partial file; starting again begins from zero."""
        self._discard.add(item_id)
        item = self._queue.item(item_id)
        if item.status is DownloadStatus.QUEUED or item.status is DownloadStatus.RUNNING:
            self._queue.cancel(item_id)  # the partial goes when the stop is reported
        elif item.status is not DownloadStatus.DONE:
            _discard_soon(item)
            self.item_changed.emit(item)

    def was_cancelled(self, item_id: int) -> bool:
        """Cancelled for good (partial deleted), as opposed to paused."""
        return item_id in self._discard

    def item(self, item_id: int) -> DownloadItem:
        return self._items.get(item_id) or self._queue.item(item_id)

    def items(self) -> list[DownloadItem]:
        return self._queue.items()

    def close(self) -> None:
        """No more signals; running downloads stop (partials kept) on a helper thread, never blocking."""
        self._gate.close()
        queue, downloader, owns = self._queue, self._downloader, self._owns_downloader

        def stop() -> None:
            queue.close()
            if owns:
                downloader.close()

        threading.Thread(target=stop, name="copydesk-download-close", daemon=True).start()

    @Slot(object)
    def _on_changed(self, item: DownloadItem) -> None:
        if item.id in self._discard and item.status is DownloadStatus.CANCELLED:
            _discard_soon(item)
        self._items[item.id] = item
        self.item_changed.emit(item)

    # ------------------------------------------------------------------ queue worker thread: only emit

    def _from_worker(self, item: DownloadItem) -> None:
        self._gate.emit(self._changed, item)


def _discard_soon(item: DownloadItem) -> None:
    """Deleting a multi-GB partial can take a moment on some file systems: not on the GUI thread."""
    threading.Thread(
        target=discard_partial, args=(item.spec.dest,), name="copydesk-discard", daemon=True
    ).start()
