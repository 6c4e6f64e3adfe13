"""``map_in_order``: concurrency bounded by ``in_flight``, output in input order, prompt cancel and close."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from app.core.engine.types import CancelToken
from app.core.jobs.in_flight import Outcome, map_in_order

# A hang here would otherwise wait for the suite-wide timeout.
pytestmark = pytest.mark.timeout(10)

WAIT = 2.0
"""Upper bound for waits that should end in milliseconds; only reached when the code under test is wrong."""


class Counting:
    """An input that records how far it has been read."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pulled = 0

    def __iter__(self) -> Iterator[int]:
        for value in range(self.size):
            self.pulled += 1
            yield value


def test_in_flight_below_one_is_refused_at_the_call() -> None:
    with pytest.raises(ValueError, match="in_flight"):
        map_in_order(lambda item, _: item, [1], in_flight=0, cancel=CancelToken())


def test_rows_come_out_in_input_order_when_later_ones_finish_first() -> None:
    finished: list[int] = []
    done = [threading.Event() for _ in range(4)]

    def work(item: int, _: CancelToken) -> str:
        if item < 3:  # each row waits for the next one: they finish 3, 2, 1, 0
            assert done[item + 1].wait(WAIT)
        finished.append(item)
        done[item].set()
        return f"row {item}"

    outcomes = list(map_in_order(work, range(4), in_flight=4, cancel=CancelToken()))

    assert finished == [3, 2, 1, 0]
    assert [o.index for o in outcomes] == [0, 1, 2, 3]
    assert [o.result for o in outcomes] == ["row 0", "row 1", "row 2", "row 3"]
    assert all(o.error is None and o.ok for o in outcomes)


def test_concurrency_reaches_in_flight_and_never_exceeds_it() -> None:
    lock = threading.Lock()
    running = 0
    peak = 0
    # The first three rows can only pass this barrier while all three run at once.
    together = threading.Barrier(3, timeout=WAIT)

    def work(item: int, _: CancelToken) -> int:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        if item < 3:
            together.wait()
        time.sleep(0.005)
        with lock:
            running -= 1
        return item

    outcomes = list(map_in_order(work, range(15), in_flight=3, cancel=CancelToken()))

    assert [o.result for o in outcomes] == list(range(15))
    assert peak == 3


@pytest.mark.parametrize("in_flight", [1, 3])
def test_an_error_is_reported_on_its_row_and_the_job_goes_on(in_flight: int) -> None:
    def work(item: int, _: CancelToken) -> int:
        if item % 2:
            raise ValueError(f"bad row {item}")
        return item * 10

    outcomes = list(map_in_order(work, range(6), in_flight=in_flight, cancel=CancelToken()))

    assert [o.index for o in outcomes] == list(range(6))
    assert [o.result for o in outcomes] == [0, None, 20, None, 40, None]
    errors = [o.error for o in outcomes]
    assert errors[0::2] == [None, None, None]
    assert [str(e) for e in errors[1::2]] == ["bad row 1", "bad row 3", "bad row 5"]
    assert all(isinstance(e, ValueError) for e in errors[1::2])


@pytest.mark.parametrize("in_flight", [1, 4])
def test_items_are_pulled_lazily(in_flight: int) -> None:
    source = Counting(1_000_000)
    baseline = threading.active_count()
    outcomes = map_in_order(lambda item, _: item, source, in_flight=in_flight, cancel=CancelToken())

    assert source.pulled == 0  # nothing is read before the first request for a row
    for outcome in outcomes:
        # Read beyond the row being handed over: at most in_flight rows.
        assert source.pulled <= outcome.index + 1 + in_flight
        if outcome.index == 20:
            break
    assert source.pulled <= 21 + in_flight
    assert source.pulled >= 21
    outcomes.close()
    assert threading.active_count() == baseline


def test_cancel_yields_rows_finished_before_it_and_stops_promptly() -> None:
    cancel = CancelToken()
    baseline = threading.active_count()
    source = Counting(100)

    def work(item: int, token: CancelToken) -> int:
        if item == 1 and token.wait(WAIT):
            return -1  # cut short: must not come out as a finished row
        if item >= 2:
            time.sleep(0.001)
        return item

    timer = threading.Timer(0.05, cancel.cancel)
    started = time.monotonic()
    timer.start()
    outcomes = list(map_in_order(work, source, in_flight=3, cancel=cancel))
    elapsed = time.monotonic() - started
    timer.join()

    assert [o.result for o in outcomes] == [0]
    assert elapsed < 0.5
    assert source.pulled <= 4  # row 1 held the window: nothing was read far ahead
    assert threading.active_count() == baseline


def test_an_error_raised_because_of_the_cancel_is_not_reported() -> None:
    cancel = CancelToken()

    def work(item: int, token: CancelToken) -> int:
        if token.wait(WAIT):
            raise RuntimeError("cancelled")
        return item

    timer = threading.Timer(0.03, cancel.cancel)
    timer.start()
    assert list(map_in_order(work, range(10), in_flight=2, cancel=cancel)) == []
    timer.join()


@pytest.mark.parametrize("in_flight", [1, 3])
def test_cancel_from_the_consumer_ends_the_iteration(in_flight: int) -> None:
    cancel = CancelToken()
    calls: list[int] = []

    def work(item: int, token: CancelToken) -> int:
        calls.append(item)
        if item >= 1:
            token.wait(WAIT)
        return item

    seen: list[Outcome[int, int]] = []
    started = time.monotonic()
    for outcome in map_in_order(work, range(100), in_flight=in_flight, cancel=cancel):
        seen.append(outcome)
        cancel.cancel()

    assert [o.index for o in seen] == [0]
    assert time.monotonic() - started < 0.5
    assert max(calls) <= in_flight  # nothing was started after the cancel


def test_closing_early_cancels_running_calls_and_joins_their_threads() -> None:
    cancel = CancelToken()
    baseline = threading.active_count()
    tokens: list[CancelToken] = []
    stopped = threading.Event()

    def work(item: int, token: CancelToken) -> int:
        tokens.append(token)
        if item >= 1 and token.wait(WAIT):
            stopped.set()
        return item

    outcomes = map_in_order(work, range(100), in_flight=4, cancel=cancel)
    first = next(outcomes)
    assert threading.active_count() > baseline
    started = time.monotonic()
    outcomes.close()

    assert first.index == 0
    assert time.monotonic() - started < 0.5
    assert stopped.is_set()
    assert all(token.cancelled() for token in tokens)
    assert not cancel.cancelled()  # the caller's token is the caller's to set
    assert threading.active_count() == baseline


def test_in_flight_one_runs_inline_in_the_calling_thread() -> None:
    baseline = threading.active_count()
    threads: list[int] = []
    counts: list[int] = []

    def work(item: int, _: CancelToken) -> int:
        threads.append(threading.get_ident())
        counts.append(threading.active_count())
        return item

    outcomes = list(map_in_order(work, range(5), in_flight=1, cancel=CancelToken()))

    assert [o.result for o in outcomes] == list(range(5))
    assert threads == [threading.get_ident()] * 5
    assert counts == [baseline] * 5


def test_a_cancel_before_the_start_runs_nothing() -> None:
    cancel = CancelToken()
    cancel.cancel()
    calls: list[int] = []

    def work(item: int, _: CancelToken) -> int:
        calls.append(item)
        return item

    assert list(map_in_order(work, range(5), in_flight=3, cancel=cancel)) == []
    assert list(map_in_order(work, range(5), in_flight=1, cancel=cancel)) == []
    assert calls == []


class Abort(BaseException):
    """Not an ``Exception``: like ``KeyboardInterrupt``, it must end the job rather than fill a row."""


def test_a_base_exception_from_work_propagates_after_joining() -> None:
    baseline = threading.active_count()

    def work(item: int, token: CancelToken) -> int:
        if item == 1:
            raise Abort
        token.wait(WAIT if item > 1 else 0)
        return item

    results: list[int | None] = []
    with pytest.raises(Abort):
        for outcome in map_in_order(work, range(10), in_flight=3, cancel=CancelToken()):
            results.append(outcome.result)
    assert results == [0]
    assert threading.active_count() == baseline


def test_an_error_of_the_input_propagates_after_joining() -> None:
    baseline = threading.active_count()

    def rows() -> Iterator[int]:
        yield 0
        yield 1
        raise OSError("input file went away")

    def work(item: int, token: CancelToken) -> int:
        token.wait(WAIT)
        return item

    started = time.monotonic()
    with pytest.raises(OSError, match="went away"):
        list(map_in_order(work, rows(), in_flight=3, cancel=CancelToken()))
    assert time.monotonic() - started < 0.5
    assert threading.active_count() == baseline
