"""Pause a running batch between rows, from any thread.

Pausing is not cancelling: rows already running finish and are saved, no new row starts, and the job
carries on from where it was when resumed. The batch waits on the gate before it starts each row, so a
pause takes effect as soon as the rows in flight are done. A cancel must still get through while the
job is paused (the user closes the window), so the wait also wakes on the job's cancel token.
"""

from __future__ import annotations

import threading

from app.core.engine.types import CancelToken


class PauseGate:
    """Open (running) or closed (paused); thread-safe."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._paused = False

    @property
    def paused(self) -> bool:
        with self._changed:
            return self._paused

    def pause(self) -> None:
        with self._changed:
            self._paused = True
            self._changed.notify_all()

    def resume(self) -> None:
        with self._changed:
            self._paused = False
            self._changed.notify_all()

    def wait_while_paused(self, cancel: CancelToken) -> bool:
        """Block while paused; True once open, False as soon as ``cancel`` is cancelled."""
        # Registered outside the condition's lock: the token calls back at once when already cancelled.
        unlink = cancel.on_cancel(self._wake)
        try:
            with self._changed:
                while self._paused and not cancel.cancelled():
                    self._changed.wait()
        finally:
            unlink()
        return not cancel.cancelled()

    def _wake(self) -> None:
        with self._changed:
            self._changed.notify_all()
