"""Runs Python's garbage collector on the GUI thread only.

Automatic collection starts on whichever thread happens to allocate; when that is a worker thread (the
engine, a download, a background task) and the garbage includes a Qt object, Qt destroys it off its own
thread, which can crash. So automatic collection is off and a GUI-thread timer collects instead.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class GarbageCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._collect)
        gc.disable()
        self._timer.start()

    def _collect(self) -> None:
        # Cheap young-generation passes as CPython would do; a full pass only when it would have.
        threshold0, threshold1, threshold2 = gc.get_threshold()
        count0, count1, count2 = gc.get_count()
        if count0 > threshold0:
            gc.collect(0)
            if count1 > threshold1:
                gc.collect(1)
                if count2 > threshold2:
                    gc.collect(2)
