"""The engine worker: one owner thread, requests in order, cancel, clean shutdown."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.core.engine.llama_engine import LlamaEngine, LoadOptions
from app.core.engine.types import CancelToken, Chunk, EngineError, GenerationRequest
from app.core.engine.worker import EngineWorker, NoModelLoadedError, WorkerClosedError


class RecordingEngine:
    """Records which thread calls it; streams numbered chunks slowly so a cancel can land mid-way."""

    context_size = 100

    def __init__(self) -> None:
        self.threads: set[int] = set()
        self.closed = False

    def count_tokens(self, request: GenerationRequest) -> int:
        self.threads.add(threading.get_ident())
        return 1

    def stream(self, request: GenerationRequest, cancel: CancelToken | None = None) -> Iterator[Chunk]:
        self.threads.add(threading.get_ident())
        for i in range(request.max_tokens):
            if cancel is not None and cancel.cancelled():
                yield Chunk("", i, 1, "cancelled")
                return
            time.sleep(0.005)
            yield Chunk(f"{i} ", i + 1, 1)
        yield Chunk("", request.max_tokens, 1, "length")

    def close(self) -> None:
        self.closed = True


def test_every_engine_call_runs_on_the_one_worker_thread() -> None:
    worker: EngineWorker[RecordingEngine] = EngineWorker()
    engine = worker.load(RecordingEngine).result(5)
    worker.call(lambda e: e.count_tokens(GenerationRequest(prompt="x"))).result(5)
    text = "".join(c.text for c in worker.stream(GenerationRequest(prompt="x", max_tokens=3)))
    assert text == "0 1 2 "
    assert len(engine.threads) == 1 and threading.get_ident() not in engine.threads
    worker.shutdown()
    assert engine.closed


def test_requests_run_in_submission_order() -> None:
    worker: EngineWorker[RecordingEngine] = EngineWorker()
    worker.load(RecordingEngine)
    order: list[int] = []

    def job(n: int) -> Callable[[], None]:
        return lambda: order.append(n)

    futures = [worker.submit(job(n)) for n in range(20)]
    for future in futures:
        future.result(5)
    assert order == list(range(20))
    worker.shutdown()


def test_cancel_from_another_thread_ends_generation() -> None:
    worker: EngineWorker[RecordingEngine] = EngineWorker()
    worker.load(RecordingEngine)
    seen: list[Chunk] = []
    generation = worker.generate(GenerationRequest(prompt="x", max_tokens=10_000), seen.append)
    while not seen:
        time.sleep(0.001)
    generation.cancel()
    final = generation.future.result(5)
    assert final.finish_reason == "cancelled"
    worker.shutdown()


def test_without_a_model_calls_fail_clearly() -> None:
    worker: EngineWorker[RecordingEngine] = EngineWorker()
    with pytest.raises(NoModelLoadedError, match="No model"):
        worker.call(lambda e: e.count_tokens(GenerationRequest(prompt="x"))).result(5)
    worker.shutdown()


def test_engine_errors_reach_the_caller_and_the_worker_survives() -> None:
    worker: EngineWorker[RecordingEngine] = EngineWorker()
    worker.load(RecordingEngine)

    def boom(_engine: RecordingEngine) -> None:
        raise EngineError("bad request")

    with pytest.raises(EngineError, match="bad request"):
        worker.call(boom).result(5)
    assert worker.call(lambda e: e.context_size).result(5) == 100
    worker.shutdown()


def test_shutdown_cancels_the_running_generation_and_refuses_new_work() -> None:
    worker: EngineWorker[RecordingEngine] = EngineWorker()
    worker.load(RecordingEngine)
    seen: list[Chunk] = []
    generation = worker.generate(GenerationRequest(prompt="x", max_tokens=10_000), seen.append)
    while not seen:
        time.sleep(0.001)
    started = time.perf_counter()
    worker.shutdown()
    assert time.perf_counter() - started < 1
    assert generation.future.result(1).finish_reason == "cancelled"
    with pytest.raises(WorkerClosedError):
        worker.submit(lambda: None)


@pytest.mark.model
def test_real_engine_loads_and_streams_through_the_worker(starter_model_path: Path) -> None:
    worker: EngineWorker[LlamaEngine] = EngineWorker()
    engine = worker.load(lambda: LlamaEngine.load(starter_model_path, LoadOptions(context_size=512))).result(
        60
    )
    assert engine.info.architecture == "llama"
    chunks = list(worker.stream(GenerationRequest.chat("Say hi.", max_tokens=8)))
    assert "".join(c.text for c in chunks).strip()
    assert chunks[-1].timings is not None
    worker.shutdown()


def test_shutdown_cancels_a_generation_that_has_not_started_yet() -> None:
    worker: EngineWorker[RecordingEngine] = EngineWorker()
    worker.load(RecordingEngine)
    gate = threading.Event()
    worker.submit(gate.wait)  # keeps the worker busy so the generation below waits in the queue
    waiting = worker.stream(GenerationRequest(prompt="x", max_tokens=10_000))
    errors: list[BaseException] = []

    def consume() -> None:
        try:
            list(waiting)
        except BaseException as exc:
            errors.append(exc)

    collector = threading.Thread(target=consume, daemon=True)
    collector.start()
    time.sleep(0.05)
    gate.set()
    worker.shutdown()
    collector.join(2)
    assert not collector.is_alive(), "a stream waiting on a dropped request must not hang"
