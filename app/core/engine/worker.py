"""One thread owns the model; every caller talks to it through a queue.

llama.cpp contexts must never be used from two threads at once, and model loading and generation must
never run on the GUI thread. The worker runs jobs in order; the GUI and the CLI get futures and chunk
callbacks, and cancel through a token that the engine checks every token.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from app.core.engine.types import CancelToken, Chunk, Engine, EngineError, GenerationRequest

T = TypeVar("T")
E = TypeVar("E", bound=Engine)
log = logging.getLogger(__name__)

_SHUTDOWN = object()


class WorkerClosedError(EngineError):
    """A job was submitted after the worker shut down."""


class NoModelLoadedError(EngineError):
    def __init__(self) -> None:
        super().__init__("No model is loaded yet.")


@dataclass
class _Job(Generic[T]):
    run: Callable[[], T]
    future: Future[T] = field(default_factory=Future)
    cancel_token: CancelToken | None = None
    """Set for generations, so shutdown can stop one at any point: queued, starting or running."""


@dataclass(frozen=True)
class Generation:
    """A running generation: cancel it, or wait for its last chunk."""

    cancel_token: CancelToken
    future: Future[Chunk]

    def cancel(self) -> None:
        self.cancel_token.cancel()


class EngineWorker(Generic[E]):
    """Runs every engine call on one daemon thread, in submission order."""

    def __init__(self, name: str = "copydesk-engine") -> None:
        self._jobs: queue.Queue[_Job[Any] | object] = queue.Queue()
        self._engine: E | None = None
        self._closed = False
        self._lock = threading.Lock()
        self._live_tokens: set[CancelToken] = set()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    # ------------------------------------------------------------ submitting

    def submit(self, fn: Callable[[], T], cancel_token: CancelToken | None = None) -> Future[T]:
        job: _Job[T] = _Job(fn, cancel_token=cancel_token)
        with self._lock:
            if self._closed:
                raise WorkerClosedError("The engine has shut down.")
            if cancel_token is not None:
                self._live_tokens.add(cancel_token)
                job.future.add_done_callback(lambda _f: self._forget(cancel_token))
            self._jobs.put(job)
        return job.future

    def _forget(self, token: CancelToken) -> None:
        with self._lock:
            self._live_tokens.discard(token)

    def load(self, factory: Callable[[], E]) -> Future[E]:
        """Build a new engine on the worker thread, closing the old one first to free its memory."""

        def run() -> E:
            if self._engine is not None:
                self._engine.close()
                self._engine = None
            self._engine = factory()
            return self._engine

        return self.submit(run)

    def call(self, fn: Callable[[E], T]) -> Future[T]:
        """Run ``fn(engine)`` on the worker thread (token counts, thread tuning, ...)."""
        return self.submit(lambda: fn(self._require_engine()))

    def run(self, fn: Callable[[E, CancelToken], T], cancel: CancelToken) -> Future[T]:
        """Run a whole job (several requests, e.g. a product copy with its limit checks) on the engine's
        thread; ``cancel`` stops it and is set by ``cancel_all`` and ``shutdown`` too."""
        return self.submit(lambda: fn(self._require_engine(), cancel), cancel)

    def generate(
        self,
        request: GenerationRequest,
        on_chunk: Callable[[Chunk], None],
        cancel: CancelToken | None = None,
    ) -> Generation:
        """Stream ``request``; ``on_chunk`` runs on the worker thread for every chunk, the last included."""
        token = cancel or CancelToken()

        def run() -> Chunk:
            engine = self._require_engine()
            last: Chunk | None = None
            for chunk in engine.stream(request, token):
                last = chunk
                on_chunk(chunk)
            if last is None:
                raise EngineError("The engine ended without a result.")
            return last

        return Generation(token, self.submit(run, token))

    def stream(self, request: GenerationRequest, cancel: CancelToken | None = None) -> Iterator[Chunk]:
        """Blocking iterator for callers on other threads (the CLI). Closing it early cancels."""
        chunks: queue.Queue[Chunk | BaseException | None] = queue.Queue()
        generation = self.generate(request, chunks.put, cancel)

        def finished(future: Future[Chunk]) -> None:
            if future.cancelled():  # dropped by shutdown before it ran
                chunks.put(WorkerClosedError("The engine shut down before the request ran."))
                return
            error = future.exception()
            chunks.put(error if error is not None else None)

        generation.future.add_done_callback(finished)
        try:
            while True:
                item = chunks.get()
                if item is None:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            if not generation.future.done():
                generation.cancel()

    # ------------------------------------------------------------ lifecycle

    @property
    def engine(self) -> E | None:
        """For reading facts only (e.g. ``info``); never call engine methods from another thread."""
        return self._engine

    def cancel_all(self) -> None:
        """Stop every generation, queued or running."""
        with self._lock:
            tokens = list(self._live_tokens)
        for token in tokens:
            token.cancel()

    def shutdown(self, timeout: float = 10.0) -> None:
        """Cancel what runs, drop what waits, close the engine, join the thread."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self.cancel_all()
        while True:
            try:
                pending = self._jobs.get_nowait()
            except queue.Empty:
                break
            if isinstance(pending, _Job):
                pending.future.cancel()
        self._jobs.put(_SHUTDOWN)
        self._thread.join(timeout)

    # ------------------------------------------------------------ the thread

    def _require_engine(self) -> E:
        if self._engine is None:
            raise NoModelLoadedError()
        return self._engine

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is _SHUTDOWN:
                break
            assert isinstance(job, _Job)
            if not job.future.set_running_or_notify_cancel():
                continue
            try:
                job.future.set_result(job.run())
            except BaseException as exc:  # delivered to the caller through the future
                job.future.set_exception(exc)
        if self._engine is not None:
            try:
                self._engine.close()
            except Exception:
                log.exception("closing the engine failed")
            self._engine = None
