"""What a running batch reports: rows done of the total, failures, speed and time left.

The speed is measured over this run only (rows finished before a resume took no time today) and over a
sliding window, so it follows a model that slows down or a server that gets busy instead of averaging
over the whole job. Time spent paused is not working time: the meter's clock stops while paused, so
neither the speed nor the ETA drop because the user went for lunch.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

DEFAULT_WINDOW_S = 120.0


@dataclass(frozen=True)
class BatchProgress:
    total: int
    """Rows to do in this file; rows skipped for empty cells are not counted."""
    done: int
    """Rows finished, failed ones included, rows found done when the job resumed included."""
    failed: int
    skipped: int
    """Rows left out because every mapped cell was empty."""
    resumed: int
    """Rows found done in the progress file when this run started."""
    rows_per_min: float
    """Speed of this run over the last few minutes; 0.0 until there is something to measure."""
    eta_s: float | None
    """Seconds left at the current speed; None while the speed is unknown."""
    paused: bool = False

    @property
    def remaining(self) -> int:
        return max(0, self.total - self.done)

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


class RateMeter:
    """Rows per minute over a sliding window of working time, and the ETA that follows from it."""

    def __init__(self, *, window_s: float = DEFAULT_WINDOW_S, clock: Callable[[], float] = time.monotonic):
        if window_s <= 0:
            raise ValueError("the window must be longer than zero seconds")
        self._window = window_s
        self._clock = clock
        self._started = clock()
        self._paused_since: float | None = None
        self._paused_total = 0.0
        self._finished: deque[float] = deque()
        """Working-time stamps of the rows finished inside the window."""

    def _working_now(self) -> float:
        now = self._clock()
        paused = self._paused_total + (now - self._paused_since if self._paused_since is not None else 0.0)
        return now - self._started - paused

    def pause(self) -> None:
        if self._paused_since is None:
            self._paused_since = self._clock()

    def resume(self) -> None:
        if self._paused_since is not None:
            self._paused_total += self._clock() - self._paused_since
            self._paused_since = None

    def add(self, rows: int = 1) -> None:
        """Count ``rows`` as finished now."""
        stamp = self._working_now()
        self._finished.extend([stamp] * rows)
        self._trim(stamp)

    def _trim(self, now: float) -> None:
        while self._finished and self._finished[0] <= now - self._window:
            self._finished.popleft()

    def rows_per_min(self) -> float:
        now = self._working_now()
        self._trim(now)
        span = min(self._window, now)
        if span <= 0 or not self._finished:
            return 0.0
        return len(self._finished) * 60.0 / span

    def eta_s(self, remaining: int) -> float | None:
        if remaining <= 0:
            return 0.0
        rate = self.rows_per_min()
        return remaining * 60.0 / rate if rate > 0 else None
