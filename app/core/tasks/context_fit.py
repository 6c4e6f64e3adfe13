"""Does a request fit the model's context? And if not, the numbers the user needs to decide what to do."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.engine.types import ContextOverflowError, Engine, GenerationRequest

SAFETY_TOKENS = 8


@dataclass(frozen=True)
class Fit:
    prompt_tokens: int
    max_tokens: int
    context_size: int

    @property
    def fits(self) -> bool:
        return self.prompt_tokens + self.max_tokens + SAFETY_TOKENS <= self.context_size

    @property
    def room_for_output(self) -> int:
        return max(0, self.context_size - self.prompt_tokens - SAFETY_TOKENS)


def measure(engine: Engine, request: GenerationRequest) -> Fit:
    return Fit(engine.count_tokens(request), request.max_tokens, engine.context_size)


def require_fit(engine: Engine, request: GenerationRequest) -> Fit:
    """Raise the engine's own overflow error (with the counts) before any work is done."""
    fit = measure(engine, request)
    if not fit.fits:
        raise ContextOverflowError(fit.prompt_tokens, fit.max_tokens, fit.context_size)
    return fit
