"""Product copy on the real model: every part within its channel's limit, whatever the model writes."""

from __future__ import annotations

import dataclasses
import json
import time
from dataclasses import dataclass

import pytest

from app.core.engine.llama_engine import LlamaEngine
from app.core.engine.types import CancelToken, SamplingOptions
from app.core.tasks.channels import Channel, channel, load_channels
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import PartReplaced, TaskEvent, TextDelta
from app.core.tasks.limits import char_count, missing_keywords
from app.core.tasks.product import LimitFix, ProductPlan, ProductResult, generate_product
from tests.core.tasks.helpers import Answer, Recorder, ScriptedEngine

NONSENSE = "zorbquax"
INPUTS = {
    "name": "Trailhead insulated water bottle, 750 ml",
    "features": "keeps drinks cold for 24 hours; stainless steel; leak-proof lid",
    "keywords": f"water bottle, {NONSENSE}",
    "length": "short",
}
TINY = Channel("tiny", "Tiny", title=12, bullets=2, bullet=20, description=40)


@dataclass(frozen=True)
class Run:
    plan: ProductPlan
    result: ProductResult
    events: Recorder


def assert_within_limits(result: ProductResult) -> None:
    chan = result.channel
    copy = result.copy
    assert copy.title, "a title is always written"
    assert char_count(copy.title) <= chan.title
    assert len(copy.bullets) <= chan.bullets
    for bullet in copy.bullets:
        assert char_count(bullet) <= chan.bullet
    if chan.description:
        assert char_count(copy.description) <= chan.description


def assert_fixes_were_announced(run: Run) -> None:
    """Every part that was changed after streaming got a PartReplaced with its final text."""
    final = {"title": run.result.copy.title, "description": run.result.copy.description}
    final |= {f"bullets.{i}": b for i, b in enumerate(run.result.copy.bullets)}
    fixed = {fix.part for fix in run.result.fixes}
    replaced = {event.part: event.text for event in run.events.replaced()}
    assert set(replaced) == fixed
    for part in fixed:
        assert replaced[part] == final[part]
    assert len([n for n in run.events.notices() if "; the limit is " in n]) == len(fixed)


@pytest.fixture(scope="module")
def channel_runs(engine: LlamaEngine, builtin: dict[str, TaskDefinition]) -> dict[str, Run]:
    runs: dict[str, Run] = {}
    for channel_id in load_channels():
        plan = ProductPlan.from_inputs(builtin["product"], {**INPUTS, "channel": channel_id})
        events = Recorder()
        result = generate_product(engine, plan, CancelToken(), events, sampling=SamplingOptions(seed=11))
        runs[channel_id] = Run(plan, result, events)
    return runs


@pytest.mark.model
@pytest.mark.parametrize("channel_id", list(load_channels()))
def test_every_channel_gets_copy_within_its_limits(channel_runs: dict[str, Run], channel_id: str) -> None:
    run = channel_runs[channel_id]
    assert run.result.channel == channel(channel_id)
    assert run.result.complete, run.result.steps[0]
    assert len(run.result.copy.bullets) == channel(channel_id).bullets
    assert_within_limits(run.result)
    assert_fixes_were_announced(run)
    # one request for the copy, then one for each part over its limit
    assert len(run.result.steps) == 1 + len({fix.part for fix in run.result.fixes})


@pytest.mark.model
def test_streamed_text_is_the_final_text_when_nothing_was_fixed(channel_runs: dict[str, Run]) -> None:
    checked = 0
    for run in channel_runs.values():
        fixed = {fix.part for fix in run.result.fixes}
        parts = {"title": run.result.copy.title, "description": run.result.copy.description}
        parts |= {f"bullets.{i}": bullet for i, bullet in enumerate(run.result.copy.bullets)}
        for part, text in parts.items():
            if part not in fixed:
                assert run.events.text(part).strip() == text
                checked += 1
        assert run.events.delta_count() > len(parts), "parts stream in several pieces"
    assert checked >= 10
    assert all(
        e.part in {"title", "description"} or e.part.startswith("bullets.")
        for run in channel_runs.values()
        for e in run.events.events
        if isinstance(e, TextDelta)
    ), "no JSON syntax or keys leak into the stream"


@pytest.mark.model
def test_missing_keywords_are_reported(channel_runs: dict[str, Run]) -> None:
    for run in channel_runs.values():
        expected = missing_keywords(["water bottle", NONSENSE], run.result.copy.texts())
        assert list(run.result.missing_keywords) == expected
    assert any(NONSENSE in run.result.missing_keywords for run in channel_runs.values())


@pytest.mark.model
def test_a_tiny_channel_forces_shortening_and_cutting(
    engine: LlamaEngine, builtin: dict[str, TaskDefinition]
) -> None:
    plan = dataclasses.replace(ProductPlan.from_inputs(builtin["product"], INPUTS), channel=TINY)
    events = Recorder()
    result = generate_product(engine, plan, CancelToken(), events, sampling=SamplingOptions(seed=5))
    assert result.complete
    assert len(result.copy.bullets) == 2
    assert_within_limits(result)
    assert_fixes_were_announced(Run(plan, result, events))
    assert "description" in {fix.part for fix in result.fixes}
    by_part: dict[str, list[LimitFix]] = {}
    for fix in result.fixes:
        by_part.setdefault(fix.part, []).append(fix)
    for part, fixes in by_part.items():
        limit = (
            TINY.title
            if part == "title"
            else TINY.bullet
            if part.startswith("bullets.")
            else TINY.description
        )
        assert fixes[0].before > limit
        assert fixes[-1].after <= limit
        assert [fix.how for fix in fixes] in (["shortened"], ["cut"], ["shortened", "cut"])
    shorten_steps = [s for s in events.steps() if s.step == "shorten"]
    assert len(shorten_steps) == len(by_part), "the model is asked once per part over its limit"


@pytest.mark.model
def test_stop_mid_stream_keeps_partial_copy_within_limits(
    engine: LlamaEngine, builtin: dict[str, TaskDefinition]
) -> None:
    plan = ProductPlan.from_inputs(builtin["product"], {**INPUTS, "channel": "shopify", "length": "long"})
    cancel = CancelToken()
    events = Recorder()
    stopped_at: list[float] = []

    def emit(event: TaskEvent) -> None:
        events(event)
        if isinstance(event, TextDelta) and events.delta_count() == 12:
            stopped_at.append(time.perf_counter())
            cancel.cancel()

    result = generate_product(engine, plan, cancel, emit, sampling=SamplingOptions(seed=2))
    assert stopped_at, "the answer streamed at least 12 pieces"
    assert time.perf_counter() - stopped_at[0] < 1.0
    assert not result.complete
    assert result.steps[-1].finish_reason == "cancelled"
    assert len(result.steps) == 1, "nothing more is asked of the model after Stop"
    assert result.copy.title == events.text("title").strip()
    assert_within_limits(result)


# ----------------------------------------------------------------- scripted answers, exact paths


def scripted_plan(builtin: dict[str, TaskDefinition]) -> ProductPlan:
    return dataclasses.replace(ProductPlan.from_inputs(builtin["product"], INPUTS), channel=TINY)


def over_limit_answer() -> str:
    return json.dumps(
        {
            "title": "Trailhead Bottle 750",  # 20 > 12
            "bullets": ["Cold for a full day", "Stainless steel body, no taste"],  # 19 ok, 30 > 20
            "description": "Keeps drinks cold. Made of steel. Has a lid that never leaks at all.",  # 68 > 40
        }
    )


def test_each_part_over_its_limit_is_shortened_then_cut(builtin: dict[str, TaskDefinition]) -> None:
    engine = ScriptedEngine(
        [
            Answer(over_limit_answer()),
            Answer('"Trail Bottle 750"'),  # title: shorter (16) but still over 12 -> shortened, then cut
            Answer("A very long answer that is even longer than the description it should shorten."),
            Answer("Steel body, no taste"),  # bullet 2: 20 -> shortened, fits
        ]
    )
    events = Recorder()
    result = generate_product(engine, scripted_plan(builtin), CancelToken(), events)
    assert result.fixes == (
        LimitFix("title", 20, 16, "shortened"),
        LimitFix("title", 16, 12, "cut"),
        LimitFix("description", 68, 33, "cut"),
        LimitFix("bullets.1", 30, 20, "shortened"),
    )
    assert result.copy.title == "Trail Bottle"
    assert result.copy.bullets == ("Cold for a full day", "Steel body, no taste")
    assert result.copy.description == "Keeps drinks cold. Made of steel."
    assert [(e.part, e.text) for e in events.replaced()] == [
        ("title", "Trail Bottle"),
        ("description", "Keeps drinks cold. Made of steel."),
        ("bullets.1", "Steel body, no taste"),
    ]
    assert "The title was 20 characters; the limit is 12, now 12." in events.notices()
    assert "The bullet 2 was 30 characters; the limit is 20, now 20." in events.notices()
    shorten_prompt = engine.requests[1].messages[-1].content
    assert "at most 12 characters" in shorten_prompt and "It is 20 characters now" in shorten_prompt
    assert result.complete and engine.answers == []


def test_stop_while_shortening_cuts_instead_of_keeping_half_an_answer(
    builtin: dict[str, TaskDefinition],
) -> None:
    engine = ScriptedEngine(
        [
            Answer(over_limit_answer()),
            Answer("Trail bottle for every long hike", cancel_after=6),  # Stop after "Trail "
        ]
    )
    events = Recorder()
    result = generate_product(engine, scripted_plan(builtin), CancelToken(), events)
    assert result.copy.title == "Trailhead"  # the original cut at a word end, not the half answer
    assert [fix.how for fix in result.fixes] == ["cut", "cut", "cut"]
    assert len(engine.requests) == 2, "after Stop no other part is sent to the model"
    assert_within_limits(result)


def test_an_answer_cut_by_the_output_length_is_incomplete_and_not_shortened(
    builtin: dict[str, TaskDefinition],
) -> None:
    answer = over_limit_answer()
    engine = ScriptedEngine([Answer(answer[: answer.index("description") + 30], finish="length")])
    events = Recorder()
    result = generate_product(engine, scripted_plan(builtin), CancelToken(), events)
    assert not result.complete
    assert len(engine.requests) == 1
    assert_within_limits(result)
    assert result.copy.description == "Keeps drinks co"  # as far as it got, within the limit
    assert any("output length ran out" in notice for notice in events.notices())
    assert not any(isinstance(e, PartReplaced) and e.part == "bullets.0" for e in events.events)
