"""What a running download reports: bytes, total, speed and time left.

Speed is a moving average over the last few seconds, not since the start: after a resume or a stall the
instant figure would jump around and the overall one would lie, and users read the ETA.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DownloadProgress:
    done: int
    """Bytes in the partial file, including those kept from an earlier run."""
    total: int | None
    """None until the server has said how big the file is."""
    speed: float
    """Bytes per second over the last few seconds; 0.0 before the first measurement."""
    eta: float | None
    """Seconds left at the current speed; None when unknown."""
    resumed_from: int = 0
    """Bytes that were already there when this run started."""
    phase: str = "downloading"
    """``checking`` (hashing a kept part), ``downloading``, ``retrying``, ``verifying`` or ``done``."""

    @property
    def fraction(self) -> float | None:
        return self.done / self.total if self.total else None


ProgressCallback = Callable[[DownloadProgress], None]


class SpeedMeter:
    """Moving-average throughput over a time window, fed with cumulative byte counts."""

    def __init__(self, window: float = 3.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._window = window
        self._clock = clock
        self._samples: deque[tuple[float, int]] = deque()

    def add(self, received: int) -> None:
        """Record that ``received`` bytes have arrived in total so far (network bytes, this run)."""
        now = self._clock()
        self._samples.append((now, received))
        while len(self._samples) > 2 and now - self._samples[1][0] >= self._window:
            self._samples.popleft()

    def reset(self) -> None:
        """After a stall or a retry the old samples describe another connection."""
        self._samples.clear()

    @property
    def speed(self) -> float:
        if len(self._samples) < 2:
            return 0.0
        (t0, b0), (t1, b1) = self._samples[0], self._samples[-1]
        return (b1 - b0) / (t1 - t0) if t1 > t0 else 0.0

    def eta(self, remaining: int | None) -> float | None:
        speed = self.speed
        if remaining is None or speed <= 0:
            return None
        return remaining / speed


class ProgressReporter:
    """Turns byte counts into `DownloadProgress` reports, at most one per ``interval`` seconds (phase
    changes always pass), so a callback that repaints a widget is not called per network read."""

    def __init__(self, callback: ProgressCallback | None, interval: float) -> None:
        self.meter = SpeedMeter()
        self._callback = callback
        self._interval = interval
        self._last = 0.0

    def emit(
        self, phase: str, done: int, total: int | None, resumed_from: int, *, force: bool = False
    ) -> None:
        if self._callback is None:
            return
        now = time.monotonic()
        if not force and now - self._last < self._interval:
            return
        self._last = now
        remaining = total - done if total is not None else None
        self._callback(
            DownloadProgress(
                done=done,
                total=total,
                speed=self.meter.speed,
                eta=self.meter.eta(remaining),
                resumed_from=resumed_from,
                phase=phase,
            )
        )
