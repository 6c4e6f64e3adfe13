"""Chat on a 512-token context: the history outgrows it and is summarized or left out, never lost."""

from __future__ import annotations

import dataclasses

import pytest

from app.core.engine.llama_engine import LlamaEngine
from app.core.engine.types import CancelToken, ContextOverflowError, Message, SamplingOptions
from app.core.tasks.chat import ChatReply, ChatState, Overflow, reply
from app.core.tasks.context_fit import SAFETY_TOKENS
from app.core.tasks.definitions import TaskDefinition
from tests.core.tasks.helpers import Recorder

LONG_ANSWER = (
    "Green tea is made from leaves that are steamed or pan-fired soon after picking, which stops them "
    "from oxidizing and keeps their fresh, grassy taste. Black tea leaves are rolled and left to oxidize "
    "fully, which gives a darker colour and a stronger, malty flavour. Oolong sits between the two. "
    "All of them come from the same plant, Camellia sinensis; the differences come from how the leaves "
    "are processed, where they grow and when they are picked. Water temperature matters as well: green "
    "tea turns bitter in boiling water and is best brewed at about 80 degrees Celsius for two minutes, "
    "while black tea wants water just off the boil and three to five minutes. Green tea usually has a "
    "little less caffeine than black tea, but the amount depends far more on the leaf, the cut and the "
    "brewing time than on the colour of the tea. Many people drink green tea in the morning and black "
    "tea with milk in the afternoon, and both can be brewed again from the same leaves at least once."
)
HISTORY = (
    Message("user", "What is the difference between green tea and black tea?"),
    Message("assistant", LONG_ANSWER),
)
QUESTIONS = ["Which one has more caffeine?", "How hot should the water be?", "And how long should it steep?"]


def reply_tokens(engine: LlamaEngine, task: TaskDefinition) -> int:
    return min(int(task.options["reply_tokens"]), engine.context_size // 3)


def chat_until_overflow(
    engine: LlamaEngine, task: TaskDefinition, overflow: Overflow
) -> tuple[list[ChatReply], ChatState, Recorder]:
    state = ChatState(HISTORY)
    replies: list[ChatReply] = []
    events = Recorder()
    for question in QUESTIONS:
        answer = reply(
            engine,
            task,
            state,
            question,
            CancelToken(),
            events,
            sampling=SamplingOptions(seed=6, temperature=0.3),
            overflow=overflow,
        )
        replies.append(answer)
        state = answer.state
        if answer.notice:
            break
    return replies, state, events


def assert_the_reply_fitted(engine: LlamaEngine, task: TaskDefinition, last: ChatReply) -> None:
    assert last.final.prompt_tokens + reply_tokens(engine, task) + SAFETY_TOKENS <= engine.context_size
    assert last.text


@pytest.mark.model
def test_an_overflowing_history_is_summarized(
    small_engine: LlamaEngine, builtin: dict[str, TaskDefinition]
) -> None:
    task = builtin["chat"]
    assert task.options["overflow"] == "summarize"
    replies, state, events = chat_until_overflow(small_engine, task, "summarize")
    last = replies[-1]
    assert "were summarized" in last.notice
    assert last.notice.startswith("The conversation outgrew the model's context (512 tokens)")
    assert last.notice in events.notices()
    assert [s.step for s in events.steps()][-2:] == ["summary", "reply"]
    assert state.summary
    assert state.summarized_turns >= 2
    assert state.turns[state.summarized_turns].role == "user", "a kept history never starts mid-exchange"
    assert f"oldest {state.summarized_turns} messages" in last.notice
    assert_the_reply_fitted(small_engine, task, last)
    # the draft keeps every message, in order
    asked = [m.content for m in state.turns if m.role == "user"]
    assert asked == [HISTORY[0].content, *QUESTIONS[: len(replies)]]
    assert len(state.turns) == len(HISTORY) + 2 * len(replies)
    assert state.turns[: len(HISTORY)] == HISTORY


@pytest.mark.model
def test_an_overflowing_history_can_be_left_out_instead(
    small_engine: LlamaEngine, builtin: dict[str, TaskDefinition]
) -> None:
    task = dataclasses.replace(builtin["chat"], options={**builtin["chat"].options, "overflow": "drop"})
    long_history = ChatState((*HISTORY, Message("user", "Tell me more."), Message("assistant", LONG_ANSWER)))
    events = Recorder()
    answer = reply(
        small_engine,
        task,
        long_history,
        QUESTIONS[0],
        CancelToken(),
        events,
        sampling=SamplingOptions(seed=2),
    )
    assert "were left out of what the model sees (they stay in the draft)" in answer.notice
    assert answer.state.summary == ""
    assert answer.state.summarized_turns >= 2
    assert [s.step for s in events.steps()] == ["reply"], "nothing is summarized"
    assert_the_reply_fitted(small_engine, task, answer)
    assert answer.state.turns[:4] == long_history.turns
    assert answer.state.turns[4] == Message("user", QUESTIONS[0])
    assert answer.state.turns[5] == Message("assistant", answer.text)


def test_a_message_too_long_on_its_own_is_refused(
    small_engine: LlamaEngine, builtin: dict[str, TaskDefinition]
) -> None:
    events = Recorder()
    with pytest.raises(ContextOverflowError) as caught:
        reply(small_engine, builtin["chat"], ChatState(HISTORY), "tea " * 600, CancelToken(), events)
    assert caught.value.prompt_tokens > 400
    assert caught.value.context_size == small_engine.context_size
    assert events.events == []
