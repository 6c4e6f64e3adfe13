"""Free chat with history that outgrows the context gracefully.

Before each reply the conversation is fitted into the context: when it no longer fits, the oldest turns
are summarized by the model (or dropped, by the user's choice, or when summarizing cannot help), and the
user is told exactly which happened. The full history stays in the draft; only the request is trimmed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from app.core.engine.types import (
    CancelToken,
    Chunk,
    ContextOverflowError,
    Engine,
    GenerationRequest,
    Message,
    SamplingOptions,
)
from app.core.tasks.context_fit import SAFETY_TOKENS
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import Emit, Notice
from app.core.tasks.streaming import stream_text
from app.core.tasks.templating import render

Overflow = Literal["summarize", "drop"]
SUMMARY_WORDS = 120


@dataclass(frozen=True)
class ChatState:
    """The conversation as the user sees it, plus the summary that stands in for turns left out."""

    turns: tuple[Message, ...] = ()
    summary: str = ""
    summarized_turns: int = 0
    """How many of the oldest ``turns`` the summary covers (they are no longer sent)."""


@dataclass(frozen=True)
class ChatReply:
    text: str
    state: ChatState
    final: Chunk
    notice: str = ""
    steps: tuple[Chunk, ...] = field(default=(), repr=False)


def _request(
    task: TaskDefinition,
    persona: str,
    state: ChatState,
    start: int,
    sampling: SamplingOptions,
    max_tokens: int,
) -> GenerationRequest:
    system = render(
        task.prompts["system"], {"persona": persona, "summary": state.summary}, name="chat system"
    )
    messages = ((Message("system", system),) if system else ()) + state.turns[start:]
    return GenerationRequest(messages=messages, sampling=sampling, max_tokens=max_tokens)


def reply(
    engine: Engine,
    task: TaskDefinition,
    state: ChatState,
    user_text: str,
    cancel: CancelToken,
    emit: Emit,
    *,
    persona: str = "",
    sampling: SamplingOptions | None = None,
    overflow: Overflow | None = None,
) -> ChatReply:
    """Add ``user_text``, fit the history, and stream the assistant's answer into the part ``reply``."""
    sampling = sampling or SamplingOptions()
    overflow = overflow or task.options.get("overflow", "summarize")
    reply_tokens = min(int(task.options.get("reply_tokens", 512)), engine.context_size // 3)
    persona = persona or str(task.defaults().get("persona", ""))
    state = ChatState((*state.turns, Message("user", user_text)), state.summary, state.summarized_turns)
    steps: list[Chunk] = []
    state, notice = _fit(engine, task, persona, state, sampling, reply_tokens, overflow, cancel, emit, steps)
    if notice:
        emit(Notice(notice))
    request = _request(task, persona, state, state.summarized_turns, sampling, reply_tokens)
    step = stream_text(engine, request, cancel, emit, part="reply", step="reply")
    steps.append(step.final)
    answer = step.text.strip()
    if answer:
        state = ChatState((*state.turns, Message("assistant", answer)), state.summary, state.summarized_turns)
    return ChatReply(answer, state, step.final, notice, tuple(steps))


def _fits(
    engine: Engine, task: TaskDefinition, persona: str, state: ChatState, start: int, reply_tokens: int
) -> bool:
    request = _request(task, persona, state, start, SamplingOptions(), reply_tokens)
    return engine.count_tokens(request) + reply_tokens + SAFETY_TOKENS <= engine.context_size


def _fit(
    engine: Engine,
    task: TaskDefinition,
    persona: str,
    state: ChatState,
    sampling: SamplingOptions,
    reply_tokens: int,
    overflow: Overflow,
    cancel: CancelToken,
    emit: Emit,
    steps: list[Chunk],
) -> tuple[ChatState, str]:
    start = state.summarized_turns
    if _fits(engine, task, persona, state, start, reply_tokens):
        return state, ""
    last = len(state.turns) - 1  # the new user message is always sent
    cut = start
    while cut < last and not _fits(
        engine, task, persona, ChatState(state.turns, state.summary, cut), cut, reply_tokens
    ):
        cut += 1
        # keep user/assistant pairs together: never start the kept history with an assistant turn
        while cut < last and state.turns[cut].role == "assistant":
            cut += 1
    if not _fits(engine, task, persona, ChatState(state.turns, state.summary, cut), cut, reply_tokens):
        only = _request(task, persona, state, last, sampling, reply_tokens)
        raise ContextOverflowError(engine.count_tokens(only), reply_tokens, engine.context_size)
    left_out = cut - start
    if overflow == "summarize":
        summary = _summarize(engine, task, state, start, cut, sampling, cancel, emit, steps)
        candidate = ChatState(state.turns, summary, cut)
        if summary and _fits(engine, task, persona, candidate, cut, reply_tokens):
            return candidate, (
                f"The conversation outgrew the model's context ({engine.context_size} tokens): "
                f"the oldest {_messages(left_out)} were summarized."
            )
    kept = ChatState(state.turns, state.summary, cut)
    if not _fits(engine, task, persona, kept, cut, reply_tokens):
        kept = ChatState(state.turns, "", cut)
    return kept, (
        f"The conversation outgrew the model's context ({engine.context_size} tokens): "
        f"the oldest {_messages(left_out)} were left out of what the model sees (they stay in the draft)."
    )


def _messages(count: int) -> str:
    return "message" if count == 1 else f"{count} messages"


def _summarize(
    engine: Engine,
    task: TaskDefinition,
    state: ChatState,
    start: int,
    cut: int,
    sampling: SamplingOptions,
    cancel: CancelToken,
    emit: Emit,
    steps: list[Chunk],
) -> str:
    """Fold the previous summary and the turns being left out into one new summary."""
    lines = [f"Earlier: {state.summary}"] if state.summary else []
    lines += [f"{turn.role.capitalize()}: {turn.content}" for turn in state.turns[start:cut]]
    transcript = "\n".join(lines)
    summary_tokens = min(SUMMARY_WORDS * 2, engine.context_size // 8)  # a small context gets a short summary

    def summary_request(text: str) -> GenerationRequest:
        prompt = render(task.prompts["summary"], {"words": SUMMARY_WORDS, "transcript": text}, name="summary")
        return GenerationRequest.chat(prompt, sampling=sampling, max_tokens=summary_tokens)

    # measured with the summary prompt around it, as the engine will see it
    request = summary_request(transcript)
    while transcript and engine.count_tokens(request) + summary_tokens + SAFETY_TOKENS > engine.context_size:
        transcript = transcript[max(1, len(transcript) // 4) :]  # the oldest part goes first
        request = summary_request(transcript)
    step = stream_text(engine, request, cancel, emit, part=None, step="summary")
    steps.append(step.final)
    return "" if step.cancelled else step.text.strip()
