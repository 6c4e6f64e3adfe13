"""Rewrites on the real model: every mode, and texts longer than the context rewritten in pieces."""

from __future__ import annotations

import dataclasses

import pytest

from app.core.engine.llama_engine import LlamaEngine
from app.core.engine.types import CancelToken, SamplingOptions
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import Notice, StepFinished, TextDelta
from app.core.tasks.inputs import InputError
from app.core.tasks.rewrite import MODES, RewritePlan, rewrite
from app.core.tasks.splitting import PieceTooLongError
from tests.core.tasks.helpers import Recorder

SHORT_TEXT = "Our bottle keep drinks cold for a hole day. It is made from steel and it dont leak."
PARAGRAPHS = [
    "The Trailhead bottle holds 750 ml of water and keeps it cold for a full day on the trail. "
    "Its double steel wall stops condensation, so the bottle never soaks your pack or your maps.",
    "The lid screws on with a quarter turn and seals with a silicone ring. It does not leak when the "
    "bottle lies on its side in a bag, and the wide mouth takes ice cubes and is easy to clean.",
    "A powder coat gives a firm grip with cold or wet hands. The coat resists scratches from rocks "
    "and keys, and it comes in five colours that are easy to find at the bottom of a tent.",
    "The bottle weighs 380 grams empty. That is more than a plastic bottle, but it lasts for years, "
    "it never takes on the taste of old coffee, and every part can be replaced when it wears out.",
]


@pytest.mark.model
@pytest.mark.parametrize("mode", MODES)
def test_every_mode_rewrites_the_text(
    engine: LlamaEngine, builtin: dict[str, TaskDefinition], mode: str
) -> None:
    values = {
        "mode": mode,
        "text": SHORT_TEXT,
        "tone": "playful",
        "instruction": "Make it sound like a pirate.",
    }
    plan = RewritePlan.from_inputs(builtin["rewrite"], values)
    if mode == "tone":
        assert "playful tone" in plan.instruction
    if mode == "custom":
        assert plan.instruction == "Make it sound like a pirate."
    events = Recorder()
    result = rewrite(engine, plan, CancelToken(), events, sampling=SamplingOptions(seed=8))
    assert result.text.strip()
    assert result.pieces == 1
    assert events.notices() == []
    assert events.replaced("text")[-1].text == result.text
    assert events.text("text").strip() == result.text
    (final,) = result.steps
    assert final.finish_reason in ("eos", "length")
    # the output allowance follows the mode's ratio: expanding gets more room than shortening
    text_tokens = engine.count_tokens(
        plan.request_for(SHORT_TEXT, SamplingOptions(), 1)
    ) - engine.count_tokens(plan.request_for("", SamplingOptions(), 1))
    assert final.generated_tokens <= int(text_tokens * plan.ratio) + 32


def test_custom_mode_needs_an_instruction(builtin: dict[str, TaskDefinition]) -> None:
    with pytest.raises(InputError) as caught:
        RewritePlan.from_inputs(builtin["rewrite"], {"mode": "custom", "text": "Hello.", "instruction": "  "})
    assert set(caught.value.problems) == {"instruction"}
    with pytest.raises(InputError) as caught:
        RewritePlan.from_inputs(builtin["rewrite"], {"mode": "paraphrase", "text": "Hello."})
    assert set(caught.value.problems) == {"mode"}


@pytest.mark.model
def test_a_text_longer_than_the_context_is_rewritten_in_pieces(
    small_engine: LlamaEngine, builtin: dict[str, TaskDefinition]
) -> None:
    text = "\n\n".join(f"Day {day}. {paragraph}" for day in (1, 2, 3) for paragraph in PARAGRAPHS)
    assert len(small_engine.tokenize(text, add_special=False)) > small_engine.context_size
    # a tighter shortening ratio than the built-in's leaves room for bigger pieces: two, not three
    rewrite_task = builtin["rewrite"]
    task = dataclasses.replace(rewrite_task, options={**rewrite_task.options, "ratio": {"shorten": 0.3}})
    plan = RewritePlan.from_inputs(task, {"mode": "shorten", "text": text})
    events = Recorder()
    result = rewrite(small_engine, plan, CancelToken(), events, sampling=SamplingOptions(seed=4))
    assert result.pieces == 2
    assert events.notices() == ["The text is longer than one request can hold; it is rewritten in 2 parts."]
    assert isinstance(events.events[0], Notice), "the user is told before the first part is written"
    assert len(result.steps) == result.pieces
    for step in result.steps:
        assert step.prompt_tokens + step.generated_tokens <= small_engine.context_size
        assert step.generated_tokens > 0
        assert step.finish_reason in ("eos", "length")
    assert result.complete == all(step.finish_reason == "eos" for step in result.steps)
    # the paragraph break between pieces is streamed and kept in the result
    kinds = [
        "sep" if isinstance(e, TextDelta) and e.text == "\n\n" else "step"
        for e in events.events
        if isinstance(e, StepFinished) or (isinstance(e, TextDelta) and e.text == "\n\n")
    ]
    assert kinds[:2] == ["step", "sep"]
    assert result.text.count("\n\n") >= result.pieces - 1
    assert events.replaced("text")[-1].text == result.text


def test_one_sentence_longer_than_a_request_is_refused_with_the_numbers(
    small_engine: LlamaEngine, builtin: dict[str, TaskDefinition]
) -> None:
    giant = " ".join(["hikers carry water bottles on long trails"] * 60)  # no sentence end at all
    plan = RewritePlan.from_inputs(builtin["rewrite"], {"mode": "grammar", "text": f"Fine.\n\n{giant}"})
    events = Recorder()
    with pytest.raises(PieceTooLongError) as caught:
        rewrite(small_engine, plan, CancelToken(), events)
    assert caught.value.tokens > caught.value.budget > 16
    assert caught.value.tokens >= 60 * 7
    assert f"{caught.value.tokens} tokens" in str(caught.value)
    assert "hikers carry water" in str(caught.value)
    assert events.events == [], "nothing was sent to the model"
