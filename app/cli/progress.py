"""A one-line download progress bar for the terminal (plain lines when stderr is not a terminal)."""

from __future__ import annotations

import time
from typing import TextIO

from app.cli.line_progress import bar, duration
from app.core.models.download_progress import DownloadProgress

MIB = 1024**2
_WIDTH = 28
_LOG_EVERY_S = 5.0


class TerminalProgress:
    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._live = stream.isatty()
        self._last_line = 0.0
        self._drawn = False

    def update(self, name: str, progress: DownloadProgress) -> None:
        now = time.monotonic()
        if not self._live and now - self._last_line < _LOG_EVERY_S and progress.phase != "done":
            return
        self._last_line = now
        line = _describe(name, progress)
        if self._live:
            self._stream.write(f"\r{line:<100}")
            self._drawn = True
        else:
            self._stream.write(line + "\n")
        self._stream.flush()

    def finish(self) -> None:
        if self._drawn:
            self._stream.write("\n")
            self._stream.flush()
            self._drawn = False


def _describe(name: str, progress: DownloadProgress) -> str:
    done = f"{progress.done / MIB:,.1f}"
    if progress.total:
        fraction = progress.done / progress.total
        amount = f"{bar(fraction, _WIDTH)} {fraction:>4.0%} {done}/{progress.total / MIB:,.1f} MiB"
    else:
        amount = f"{done} MiB"
    speed = f" {progress.speed / MIB:.1f} MiB/s" if progress.speed else ""
    eta = (
        f" ETA {duration(progress.eta)}"
        if progress.eta is not None and progress.phase == "downloading"
        else ""
    )
    phase = "" if progress.phase == "downloading" else f" ({progress.phase})"
    return f"{name} {amount}{speed}{eta}{phase}"
