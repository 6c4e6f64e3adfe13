"""Rewrite a text by mode (shorten, expand, simplify, grammar, tone, custom).

A text too long for one request is rewritten in pieces split at paragraph and sentence boundaries and
joined with the original separators, so the user never has to cut a document up by hand. Only a single
sentence longer than the whole context is refused, with the numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core.engine.types import CancelToken, Chunk, Engine, GenerationRequest, SamplingOptions
from app.core.tasks.context_fit import SAFETY_TOKENS
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import Emit, Notice, PartReplaced, TextDelta
from app.core.tasks.inputs import InputError, clean_inputs
from app.core.tasks.prompting import build_request
from app.core.tasks.splitting import split_to_budget
from app.core.tasks.streaming import stream_text
from app.core.tasks.templating import render

MODES = ("shorten", "expand", "simplify", "grammar", "tone", "custom")


@dataclass(frozen=True)
class RewriteResult:
    text: str
    pieces: int
    complete: bool
    steps: tuple[Chunk, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class RewritePlan:
    task: TaskDefinition
    values: Mapping[str, Any]
    instruction: str
    ratio: float

    @classmethod
    def from_inputs(cls, task: TaskDefinition, raw: Mapping[str, Any]) -> RewritePlan:
        values = clean_inputs(task, raw)
        mode = str(values.get("mode") or "shorten")
        instructions: Mapping[str, str] = task.options.get("instructions", {})
        if mode not in instructions:
            raise ValueError(f"Unknown rewrite mode {mode!r}; choose one of: {', '.join(instructions)}")
        if mode == "custom" and not str(values.get("instruction", "")).strip():
            raise InputError({"instruction": "write what to do with the text"}, task)
        instruction = render(instructions[mode], values, name=f"{mode} instruction")
        ratio = float(task.options.get("ratio", {}).get(mode, 1.5))
        return cls(task, values, instruction, ratio)

    def request_for(self, text: str, sampling: SamplingOptions, max_tokens: int) -> GenerationRequest:
        values = {**self.values, "text": text, "instruction_text": self.instruction}
        return build_request(self.task, values, sampling=sampling, max_tokens=max(1, max_tokens))


def _output_tokens(text_tokens: int, ratio: float) -> int:
    return int(text_tokens * ratio) + 32


def rewrite(
    engine: Engine,
    plan: RewritePlan,
    cancel: CancelToken,
    emit: Emit,
    *,
    sampling: SamplingOptions | None = None,
    variant: int = 0,
) -> RewriteResult:
    sampling = sampling or SamplingOptions()
    text = str(plan.values["text"])
    overhead = engine.count_tokens(plan.request_for("", sampling, 1))

    def text_tokens(piece: str) -> int:
        return max(1, engine.count_tokens(plan.request_for(piece, sampling, 1)) - overhead)

    # a piece of t tokens needs overhead + t + (t * ratio + 32) tokens of context
    budget = int((engine.context_size - overhead - SAFETY_TOKENS - 32) / (1 + plan.ratio))
    pieces = split_to_budget(text, max(16, budget), text_tokens)
    if len(pieces) > 1:
        emit(Notice(f"The text is longer than one request can hold; it is rewritten in {len(pieces)} parts."))
    written: list[str] = []
    steps: list[Chunk] = []
    complete = True
    for index, (piece, separator) in enumerate(pieces):
        if not piece.strip():
            written.append(piece + separator)
            emit(TextDelta("text", piece + separator, variant))
            continue
        request = plan.request_for(piece, sampling, _output_tokens(text_tokens(piece), plan.ratio))
        step = stream_text(
            engine, request, cancel, emit, part="text", variant=variant, step=f"part {index + 1}"
        )
        steps.append(step.final)
        written.append(step.text.strip() + separator)
        if separator:
            emit(TextDelta("text", separator, variant))
        if step.final.finish_reason not in ("eos", "stop"):
            complete = False
            if step.cancelled:
                break
    result = "".join(written).rstrip()
    emit(PartReplaced("text", result, variant))
    return RewriteResult(result, len(pieces), complete, tuple(steps))
