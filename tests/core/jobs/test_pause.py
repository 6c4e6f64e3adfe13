"""``PauseGate``: blocks while paused, lets go on resume, and never holds back a cancel."""

from __future__ import annotations

import threading

import pytest

from app.core.engine.types import CancelToken
from app.core.jobs.pause import PauseGate

pytestmark = pytest.mark.timeout(10)

WAIT = 2.0


def _waiter(gate: PauseGate, cancel: CancelToken) -> tuple[threading.Thread, list[bool]]:
    result: list[bool] = []
    thread = threading.Thread(target=lambda: result.append(gate.wait_while_paused(cancel)))
    thread.start()
    return thread, result


def test_an_open_gate_does_not_wait() -> None:
    gate = PauseGate()
    assert not gate.paused
    assert gate.wait_while_paused(CancelToken()) is True


def test_a_paused_gate_blocks_until_resumed() -> None:
    gate = PauseGate()
    gate.pause()
    assert gate.paused
    thread, result = _waiter(gate, CancelToken())
    thread.join(0.2)
    assert thread.is_alive() and result == []
    gate.resume()
    thread.join(WAIT)
    assert not thread.is_alive()
    assert result == [True]
    assert not gate.paused


def test_cancel_wakes_a_paused_wait_and_says_so() -> None:
    gate = PauseGate()
    gate.pause()
    cancel = CancelToken()
    thread, result = _waiter(gate, cancel)
    thread.join(0.2)
    assert thread.is_alive()
    cancel.cancel()
    thread.join(WAIT)
    assert not thread.is_alive()
    assert result == [False]
    assert gate.paused  # cancelling is not resuming


def test_an_already_cancelled_token_returns_at_once() -> None:
    gate = PauseGate()
    gate.pause()
    cancel = CancelToken()
    cancel.cancel()
    assert gate.wait_while_paused(cancel) is False
    gate.resume()
    assert gate.wait_while_paused(cancel) is False


def test_every_waiter_is_released_and_callbacks_are_removed() -> None:
    gate = PauseGate()
    gate.pause()
    cancel = CancelToken()
    waiters = [_waiter(gate, cancel) for _ in range(3)]
    gate.resume()
    for thread, result in waiters:
        thread.join(WAIT)
        assert result == [True]
    # the gate unregistered itself from the token: cancelling later calls nothing stale
    assert cancel._callbacks == []
