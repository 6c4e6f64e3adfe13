"""Any task that is one prompt in and one text out (the user's own tasks, and simple built-ins)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core.engine.types import CancelToken, Chunk, Engine, SamplingOptions
from app.core.tasks.context_fit import require_fit
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import Emit
from app.core.tasks.inputs import clean_inputs
from app.core.tasks.prompting import build_request
from app.core.tasks.streaming import stream_text

DEFAULT_MAX_TOKENS = 600


@dataclass(frozen=True)
class TextResult:
    text: str
    complete: bool
    steps: tuple[Chunk, ...] = field(default=(), repr=False)


def generate_text(
    engine: Engine,
    task: TaskDefinition,
    raw: Mapping[str, Any],
    cancel: CancelToken,
    emit: Emit,
    *,
    sampling: SamplingOptions | None = None,
    variant: int = 0,
) -> TextResult:
    values = clean_inputs(task, raw)
    max_tokens = int(task.options.get("max_tokens", DEFAULT_MAX_TOKENS))
    request = build_request(task, values, sampling=sampling or SamplingOptions(), max_tokens=max_tokens)
    require_fit(engine, request)
    step = stream_text(engine, request, cancel, emit, part="text", variant=variant)
    return TextResult(step.text.strip(), step.final.finish_reason in ("eos", "stop"), (step.final,))
