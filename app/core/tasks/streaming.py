"""Run one engine request and pass its text on as it arrives.

Every flow goes through ``stream_text``: it forwards deltas, reports the final chunk, and tells a
cancelled request apart from a finished one so flows can keep partial text instead of losing it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.core.engine.types import CancelToken, Chunk, Engine, EngineError, GenerationRequest
from app.core.tasks.events import Emit, StepFinished, TextDelta


class TaskCancelledError(EngineError):
    """The user stopped the task; whatever was written so far has been kept by the flow."""

    def __init__(self) -> None:
        super().__init__("Stopped.")


@dataclass(frozen=True)
class StepResult:
    text: str
    final: Chunk

    @property
    def cancelled(self) -> bool:
        return self.final.finish_reason == "cancelled"


def stream_text(
    engine: Engine,
    request: GenerationRequest,
    cancel: CancelToken,
    emit: Emit,
    *,
    part: str | None,
    variant: int = 0,
    step: str = "",
    transform: Callable[[str], list[tuple[str, str]]] | None = None,
) -> StepResult:
    """Stream ``request``; deltas go to ``part`` (or through ``transform``, which maps raw text to
    ``(part, delta)`` pairs, e.g. the JSON field extractor). ``part=None`` streams nothing."""
    pieces: list[str] = []
    final: Chunk | None = None
    for chunk in engine.stream(request, cancel):
        if chunk.text:
            pieces.append(chunk.text)
            if transform is not None:
                for target, delta in transform(chunk.text):
                    emit(TextDelta(target, delta, variant))
            elif part is not None:
                emit(TextDelta(part, chunk.text, variant))
        final = chunk
    if final is None:
        raise EngineError("The engine ended without a result.")
    emit(StepFinished(final, step))
    return StepResult("".join(pieces), final)
