"""``RateMeter``: rows per minute over a sliding window of working time, and the ETA from it."""

from __future__ import annotations

import pytest

from app.core.jobs.batch_progress import BatchProgress, RateMeter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_no_rows_means_no_speed_and_no_eta() -> None:
    clock = Clock()
    meter = RateMeter(clock=clock)
    assert meter.rows_per_min() == 0.0
    clock.now += 10
    assert meter.rows_per_min() == 0.0
    assert meter.eta_s(5) is None
    assert meter.eta_s(0) == 0.0


def test_speed_counts_the_time_since_the_start() -> None:
    clock = Clock()
    meter = RateMeter(clock=clock)
    for _ in range(4):
        clock.now += 3  # one row every 3 s
        meter.add()
    assert meter.rows_per_min() == pytest.approx(20.0)
    assert meter.eta_s(10) == pytest.approx(30.0)
    clock.now += 3  # a row is running: the time counts even before it ends
    assert meter.rows_per_min() == pytest.approx(4 * 60 / 15)


def test_the_window_forgets_old_speed() -> None:
    clock = Clock()
    meter = RateMeter(window_s=60, clock=clock)
    for _ in range(60):  # one row a second for a minute
        clock.now += 1
        meter.add()
    assert meter.rows_per_min() == pytest.approx(60.0)
    for _ in range(6):  # then one row every 10 s for a minute
        clock.now += 10
        meter.add()
    assert meter.rows_per_min() == pytest.approx(6.0)
    assert meter.eta_s(3) == pytest.approx(30.0)


def test_paused_time_is_not_working_time() -> None:
    clock = Clock()
    meter = RateMeter(clock=clock)
    clock.now += 2
    meter.add()
    clock.now += 2
    meter.add()
    meter.pause()
    clock.now += 600
    assert meter.rows_per_min() == pytest.approx(30.0)
    meter.pause()  # twice is harmless
    meter.resume()
    meter.resume()
    clock.now += 2
    meter.add()
    assert meter.rows_per_min() == pytest.approx(30.0)


def test_add_several_rows_at_once_and_a_bad_window() -> None:
    clock = Clock()
    meter = RateMeter(clock=clock)
    clock.now += 30
    meter.add(5)
    assert meter.rows_per_min() == pytest.approx(10.0)
    with pytest.raises(ValueError):
        RateMeter(window_s=0)


def test_progress_views() -> None:
    progress = BatchProgress(total=10, done=4, failed=1, skipped=2, resumed=3, rows_per_min=6.0, eta_s=60.0)
    assert progress.remaining == 6
    assert progress.fraction == pytest.approx(0.4)
    assert not progress.paused
    assert BatchProgress(0, 0, 0, 3, 0, 0.0, None).fraction == 1.0
