"""One progress line on stderr, shared by the batch and translate commands.

On a terminal the line is redrawn in place; in a log (stderr redirected, CI) a plain line is written
every few seconds and once at the end, so a long job neither floods the log nor looks stuck.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

BAR_WIDTH = 24
_LOG_EVERY_S = 5.0


class LineProgress:
    """Shows lines from ``show``; ``note`` prints a line above the bar without garbling it."""

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
        self._latest: str | None = None
        self._logged: str | None = None

    def show(self, line: str, *, finished: bool) -> None:
        """Redraw ``line`` on a terminal; in a log, write it unless one was written moments ago."""
        self._latest = line
        if self._live:
            self._draw(line)
            return
        now = self._clock()
        if line == self._logged:
            return
        if self._last_line is not None and now - self._last_line < _LOG_EVERY_S and not finished:
            return
        self._last_line = now
        self._logged = line
        self._stream.write(line + "\n")
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
        """End the bar's line; in a log, make sure the last state was written. Safe to call twice."""
        if self._live:
            if self._drawn:
                self._stream.write("\n")
                self._stream.flush()
                self._drawn = ""
        elif self._latest is not None and self._latest != self._logged:
            self._logged = self._latest
            self._stream.write(self._latest + "\n")
            self._stream.flush()

    def _draw(self, line: str) -> None:
        padding = " " * max(0, len(self._drawn) - len(line))
        self._stream.write(f"\r{line}{padding}")
        self._stream.flush()
        self._drawn = line


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    """``[#####-------]``: ``fraction`` of ``width`` filled, never more than full."""
    filled = min(width, int(fraction * width))
    return "[" + "#" * filled + "-" * (width - filled) + "]"


def duration(seconds: float) -> str:
    """``4m48s``, ``1h02m``, ``12s``: short enough for a progress line."""
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


def per_minute(rate: float) -> str:
    """``250`` or ``12.5``: one decimal only while it still says something."""
    return f"{rate:.0f}" if rate >= 100 else f"{rate:.1f}"
