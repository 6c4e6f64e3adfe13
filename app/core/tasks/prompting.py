"""From a task and its values to an engine request: the one place prompts are rendered."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.core.engine.types import GenerationRequest, Message, SamplingOptions
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.templating import render


def build_request(
    task: TaskDefinition,
    values: Mapping[str, Any],
    *,
    prompt: str = "user",
    sampling: SamplingOptions,
    max_tokens: int,
    json_schema: Mapping[str, Any] | None = None,
    stop: tuple[str, ...] = (),
) -> GenerationRequest:
    """A chat request with the task's system prompt and its ``prompt`` template as the user turn."""
    system = render(task.prompts["system"], values, name=f"{task.id} system")
    user = render(task.prompts[prompt], values, name=f"{task.id} {prompt}")
    messages = ((Message("system", system),) if system else ()) + (Message("user", user),)
    return GenerationRequest(
        messages=messages, sampling=sampling, max_tokens=max_tokens, json_schema=json_schema, stop=stop
    )
