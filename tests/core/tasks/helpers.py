"""Shared helpers for the task tests: an event recorder, EOS-free sampling, a scripted engine, and the
session's real engine lent to a test (which may watch or cut short what it streams).

The scripted engine answers with fixed text so a path that the real model reaches only by chance (an
answer far over a limit, a Stop during one particular request) can be driven every time. Each path it
drives is also run on the real model in the same test module.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from app.core.engine.llama_engine import LlamaEngine
from app.core.engine.types import (
    CancelToken,
    Chunk,
    FinishReason,
    GenerationRequest,
    SamplingOptions,
    Timings,
)
from app.core.tasks.events import Notice, PartReplaced, StepFinished, TaskEvent, TextDelta


class Recorder:
    """An ``Emit`` that keeps every event, with a few views for assertions."""

    def __init__(self) -> None:
        self.events: list[TaskEvent] = []

    def __call__(self, event: TaskEvent) -> None:
        self.events.append(event)

    def text(self, part: str) -> str:
        return "".join(e.text for e in self.events if isinstance(e, TextDelta) and e.part == part)

    def delta_count(self, part: str | None = None) -> int:
        return sum(1 for e in self.events if isinstance(e, TextDelta) and (part is None or e.part == part))

    def notices(self) -> list[str]:
        return [e.text for e in self.events if isinstance(e, Notice)]

    def replaced(self, part: str | None = None) -> list[PartReplaced]:
        return [e for e in self.events if isinstance(e, PartReplaced) and (part is None or e.part == part)]

    def steps(self) -> list[StepFinished]:
        return [e for e in self.events if isinstance(e, StepFinished)]


def no_eos(engine: LlamaEngine, seed: int, temperature: float = 0.7) -> SamplingOptions:
    """Sampling that never ends an answer early, so an answer's length is its ``max_tokens``."""
    banned = dict.fromkeys(engine.end_of_generation_tokens(), -1000.0)
    return SamplingOptions(seed=seed, temperature=temperature, logit_bias=banned)


@dataclass(frozen=True)
class Answer:
    text: str
    finish: FinishReason = "eos"
    cancel_after: int | None = None
    """Set the caller's cancel token after this many characters, as a user pressing Stop."""


class ScriptedEngine:
    """An ``Engine`` whose answers are given in advance, streamed three characters at a time."""

    def __init__(self, answers: list[Answer], context_size: int = 4096) -> None:
        self.answers = list(answers)
        self.requests: list[GenerationRequest] = []
        self._context_size = context_size

    @property
    def context_size(self) -> int:
        return self._context_size

    def count_tokens(self, request: GenerationRequest) -> int:
        return 8 + sum(len(message.content) for message in request.messages) // 4

    def stream(self, request: GenerationRequest, cancel: CancelToken | None = None) -> Iterator[Chunk]:
        self.requests.append(request)
        answer = self.answers.pop(0)
        prompt = self.count_tokens(request)
        sent = 0
        finish: FinishReason = answer.finish
        for start in range(0, len(answer.text), 3):
            if cancel is not None and cancel.cancelled():
                finish = "cancelled"
                break
            piece = answer.text[start : start + 3]
            sent += 1
            yield Chunk(piece, sent, prompt)
            if answer.cancel_after is not None and start + 3 >= answer.cancel_after and cancel is not None:
                cancel.cancel()
        timings = Timings(prompt, 0, sent, 0.0, 0.0, 0.0, 1)
        yield Chunk("", sent, prompt, finish, timings)

    def close(self) -> None:
        """Nothing to free."""


@dataclass
class LentEngine:
    """The session's real engine, lent to a test or a worker thread without being closed by it.

    A subclass that overrides ``stream`` sees every chunk on its way (to record or to press Stop)."""

    inner: LlamaEngine

    @property
    def info(self) -> Any:
        return self.inner.info

    @property
    def context_size(self) -> int:
        return self.inner.context_size

    def count_tokens(self, request: GenerationRequest) -> int:
        return self.inner.count_tokens(request)

    def stream(self, request: GenerationRequest, cancel: CancelToken | None = None) -> Iterator[Chunk]:
        return self.inner.stream(request, cancel)

    def close(self) -> None:
        """The session's engine is closed by its fixture."""
