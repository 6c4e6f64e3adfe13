"""A one-line progress bar for batch jobs: rows done of the total, failures, speed, ETA and "paused".

On a terminal the line is redrawn in place; in a log (stderr redirected, CI) a plain line is written
every few seconds and once at the end, so a long job neither floods the log nor looks stuck.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from app.core.jobs.batch_progress import BatchProgress

_WIDTH = 24
_LOG_EVERY_S = 5.0


class RowsProgress:
    """Draws ``BatchProgress`` updates on ``stream``; ``note`` prints a line without garbling the bar."""

    def __init__(
        self,
        stream: TextIO,
        *,
        live: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._live = stream.isatty() if live is None else live
        self._clock = clock
        self._last_line: float | None = None
        self._drawn = ""
        self._latest: BatchProgress | None = None
        self._logged: BatchProgress | None = None

    def update(self, progress: BatchProgress) -> None:
        self._latest = progress
        if self._live:
            self._draw(describe_rows(progress))
            return
        now = self._clock()
        finished = progress.done >= progress.total
        if self._last_line is not None and now - self._last_line < _LOG_EVERY_S and not finished:
            return
        if progress == self._logged:
            return
        self._last_line = now
        self._logged = progress
        self._stream.write(describe_rows(progress) + "\n")
        self._stream.flush()

    def note(self, line: str) -> None:
        """A message (a warning, a failed row) above the bar; the bar is drawn again below it."""
        if self._drawn:
            self._stream.write("\r" + " " * len(self._drawn) + "\r")
        self._stream.write(line + "\n")
        if self._drawn:
            self._stream.write(self._drawn)
        self._stream.flush()

    def finish(self) -> None:
        """End the bar's line; in a log, make sure the last state was written."""
        if self._live:
            if self._drawn:
                self._stream.write("\n")
                self._stream.flush()
                self._drawn = ""
        elif self._latest is not None and self._latest != self._logged:
            self._logged = self._latest
            self._stream.write(describe_rows(self._latest) + "\n")
            self._stream.flush()

    def _draw(self, line: str) -> None:
        padding = " " * max(0, len(self._drawn) - len(line))
        self._stream.write(f"\r{line}{padding}")
        self._stream.flush()
        self._drawn = line


def describe_rows(progress: BatchProgress) -> str:
    """``[######------]  40/100 rows, 2 failed, 12.5 rows/min, ETA 4m48s (paused)``."""
    handled = progress.done  # failed rows are done too: recorded with their error
    filled = min(_WIDTH, int(progress.fraction * _WIDTH))
    bar = "#" * filled + "-" * (_WIDTH - filled)
    parts = [f"[{bar}] {handled}/{progress.total} rows"]
    if progress.failed:
        parts.append(f"{progress.failed} failed")
    if progress.skipped:
        parts.append(f"{progress.skipped} empty")
    if progress.rows_per_min:
        parts.append(f"{_speed(progress.rows_per_min)} rows/min")
    if progress.eta_s is not None and handled < progress.total and not progress.paused:
        parts.append(f"ETA {_duration(progress.eta_s)}")
    line = ", ".join(parts)
    return line + " (paused)" if progress.paused else line


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


def _speed(rows_per_min: float) -> str:
    return f"{rows_per_min:.0f}" if rows_per_min >= 100 else f"{rows_per_min:.1f}"
