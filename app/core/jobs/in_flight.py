"""Run a batch with several requests in flight, yet hand the results back in input order.

A remote OpenAI-compatible server has parallel slots, so a batch job is only as fast as the server
allows when several requests are running at once. The job's writer, however, appends rows to its
output in order and resumes at the first unfinished row; results that arrive out of order must be
held back until every earlier row is done. ``map_in_order`` does both, with a bounded look-ahead so
that a million-row input is never read ahead of what is in flight.

Cancelling is defined so that a resumed job never trusts a row that the cancel cut short: an outcome
is handed out only if its ``work`` call returned (or raised) before its token was cancelled.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Generic, TypeVar

from app.core.engine.types import CancelToken

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Outcome(Generic[T, R]):
    """One row's result: ``error`` is None when ``work`` returned ``result``, else what it raised."""

    index: int
    """Position of ``item`` in the input, counted from 0."""
    item: T
    result: R | None
    error: BaseException | None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class _Done(Generic[R]):
    result: R | None
    error: Exception | None
    clean: bool
    """False when the token was already cancelled as ``work`` came back: the row may be cut short."""


def map_in_order(
    work: Callable[[T, CancelToken], R],
    items: Iterable[T],
    *,
    in_flight: int,
    cancel: CancelToken,
) -> Generator[Outcome[T, R], None, None]:
    """Call ``work(item, token)`` for each item, at most ``in_flight`` at once, yielding in input order.

    - An ``Exception`` from ``work`` becomes that row's ``Outcome.error`` and the job goes on; other
      ``BaseException``s (``KeyboardInterrupt``...) and errors of ``items`` itself propagate.
    - Items are pulled lazily: at most ``in_flight`` items are read beyond the last one handed to the
      consumer (running, or finished and waiting for an earlier row).
    - ``in_flight == 1`` runs ``work`` inline in the consumer's thread: no threads, no overhead.
    - Once ``cancel`` is cancelled nothing more is started. Outcomes next in order whose ``work`` came
      back before the cancel are still yielded; the first one that did not ends the iteration.
      Running calls see the cancel through their token and must return or raise promptly: they are
      waited for, so no thread outlives the iteration.
    - Closing the generator early (``close()``, or dropping it after a ``break``) cancels the running
      calls' tokens the same way, without cancelling ``cancel`` itself, and waits for them.
    """
    if in_flight < 1:
        raise ValueError(f"in_flight must be at least 1, got {in_flight}")
    if in_flight == 1:
        return _sequential(work, items, cancel)
    return _concurrent(work, items, in_flight, cancel)


def _call(work: Callable[[T, CancelToken], R], item: T, token: CancelToken) -> _Done[R]:
    try:
        result = work(item, token)
    except Exception as exc:
        return _Done(None, exc, clean=not token.cancelled())
    return _Done(result, None, clean=not token.cancelled())


def _sequential(
    work: Callable[[T, CancelToken], R], items: Iterable[T], cancel: CancelToken
) -> Generator[Outcome[T, R], None, None]:
    # Nothing runs while the consumer holds a yielded outcome, so the caller's token can be passed as is.
    source = iter(items)
    index = 0
    while not cancel.cancelled():
        try:
            item = next(source)
        except StopIteration:
            return
        done = _call(work, item, cancel)
        if not done.clean:
            return
        yield Outcome(index, item, done.result, done.error)
        index += 1


def _concurrent(
    work: Callable[[T, CancelToken], R], items: Iterable[T], in_flight: int, cancel: CancelToken
) -> Generator[Outcome[T, R], None, None]:
    # The calls get a token of their own, cancelled with the caller's, so that closing the generator
    # early can stop them without cancelling anything the caller owns.
    token = CancelToken()
    wake = threading.Event()
    token.on_cancel(wake.set)
    unlink = cancel.on_cancel(token.cancel)
    source = iter(items)
    exhausted = False
    pending: deque[tuple[int, T, Future[_Done[R]]]] = deque()
    next_index = 0
    executor = ThreadPoolExecutor(max_workers=in_flight, thread_name_prefix="in-flight")

    def fill() -> None:
        nonlocal exhausted, next_index
        while not exhausted and len(pending) < in_flight and not token.cancelled():
            try:
                item = next(source)
            except StopIteration:
                exhausted = True
                return
            future = executor.submit(_call, work, item, token)
            future.add_done_callback(lambda _: wake.set())
            pending.append((next_index, item, future))
            next_index += 1

    try:
        fill()
        while pending:
            index, item, head = pending[0]
            while True:
                wake.clear()  # before the checks, so a completion right after them still ends the wait
                if head.done() or token.cancelled():
                    break
                wake.wait()
            if not head.done():
                return
            done = head.result()  # re-raises a BaseException that is not an Exception
            if not done.clean:
                return
            pending.popleft()
            fill()  # before handing the row over, so the slots stay busy while the consumer writes it
            yield Outcome(index, item, done.result, done.error)
    finally:
        token.cancel()
        unlink()
        executor.shutdown(wait=True, cancel_futures=True)
