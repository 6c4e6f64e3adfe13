"""Blog posts longer than the context: outline, sections one at a time, stop and continue, regenerate."""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass

import pytest

from app.core.engine.llama_engine import LlamaEngine
from app.core.engine.types import CancelToken, Chunk, SamplingOptions
from app.core.tasks.blog import (
    BlogDraft,
    BlogPlan,
    BlogResult,
    Outline,
    OutlineSection,
    SectionDraft,
    generate_outline,
    write_sections,
)
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import TaskEvent, TextDelta
from tests.core.tasks.helpers import Recorder, no_eos

TOPIC = "How to choose a water bottle for long hikes"
OUTLINE = Outline(
    "Water bottles for long hikes",
    (
        OutlineSection("Why the bottle matters", ("weight", "how much water a day")),
        OutlineSection("Steel, plastic or soft flasks", ("durability", "taste", "packing")),
        OutlineSection("Keeping water cold", ("insulation", "lids that do not leak")),
    ),
)


def short_sections_task(blog: TaskDefinition, **options: int) -> TaskDefinition:
    """The built-in blog task with shorter sections and summaries, so a test writes a post quickly."""
    return dataclasses.replace(blog, options={**blog.options, **options})


# ----------------------------------------------------------------- the outline


@dataclass(frozen=True)
class OutlineRun:
    plan: BlogPlan
    outline: Outline
    final: Chunk
    events: Recorder


@pytest.fixture(scope="module")
def outline_run(engine: LlamaEngine, builtin: dict[str, TaskDefinition]) -> OutlineRun:
    plan = BlogPlan.from_inputs(builtin["blog"], {"topic": TOPIC, "words": 750})
    events = Recorder()
    outline, final = generate_outline(engine, plan, CancelToken(), events, sampling=SamplingOptions(seed=3))
    return OutlineRun(plan, outline, final, events)


@pytest.mark.model
def test_the_outline_has_the_planned_sections(outline_run: OutlineRun) -> None:
    assert outline_run.plan.section_count == 3
    assert outline_run.final.finish_reason == "eos", "the JSON outline was finished, not cut short"
    assert outline_run.final.problems == ()
    outline = outline_run.outline
    assert outline.title
    assert len(outline.sections) == 3
    for section in outline.sections:
        assert section.heading
        assert 1 <= len(section.points) <= 4
    updates = outline_run.events.replaced("outline")
    assert len(updates) > 3, "the outline is shown while it is written"
    assert updates[-1].text == outline.to_text()
    assert Outline.from_text(outline.to_text()) == outline


def test_outline_text_round_trip() -> None:
    assert Outline.from_text(OUTLINE.to_text()) == OUTLINE
    tricky = Outline(
        "10 tips: #1 is water",
        (
            OutlineSection("1. Numbered heading", ("- a point that starts with a dash", "#hashtag")),
            OutlineSection("#2 Hashtag heading", ()),
            OutlineSection("Plain", ("",)),
        ),
    )
    assert Outline.from_text(tricky.to_text()) == tricky


def test_a_hand_edited_outline_is_read_leniently() -> None:
    text = """
    #   My post

    Introduction
    * first point
    •second point
    2) Gear
    -  boots
    3. Food
    ### Water
    - filter

    """
    assert Outline.from_text(text) == Outline(
        "My post",
        (
            OutlineSection("Introduction", ("first point", "second point")),
            OutlineSection("Gear", ("boots",)),
            OutlineSection("Food"),
            OutlineSection("Water", ("filter",)),
        ),
    )
    # in a Markdown heading the number is part of the heading's text (as ``to_text`` writes it)
    assert Outline.from_text("## 2) Gear").sections == (OutlineSection("2) Gear"),)
    assert Outline.from_text("Just a heading").title == ""
    assert Outline.from_text("") == Outline("", ())


def test_an_edited_outline_keeps_the_sections_whose_heading_is_unchanged() -> None:
    draft = BlogDraft(
        OUTLINE,
        tuple(
            SectionDraft(s.heading, f"Text {i}.", True, f"before {i}", f"after {i}")
            for i, s in enumerate(OUTLINE.sections)
        ),
    )
    first, second, third = OUTLINE.sections
    edited = Outline("New title", (third, OutlineSection("A new section"), first))
    moved = draft.with_outline(edited)
    assert moved.outline == edited
    assert moved.sections == (draft.sections[2], SectionDraft("A new section"), draft.sections[0])
    assert moved.next_unfinished() == 1
    assert "Text 1." not in moved.markdown()
    assert second.heading not in moved.markdown()


def test_outputs_round_trip_and_a_stale_section_list_follows_the_outline() -> None:
    draft = BlogDraft.start(OUTLINE)
    draft = dataclasses.replace(
        draft,
        sections=(SectionDraft(OUTLINE.sections[0].heading, "Body.", True, "", "S"), *draft.sections[1:]),
    )
    assert BlogDraft.from_outputs(draft.to_outputs()) == draft
    outputs = draft.to_outputs()
    outputs["sections"] = outputs["sections"][:1]  # saved before the outline grew
    restored = BlogDraft.from_outputs(outputs)
    assert restored.sections[0].text == "Body."
    assert len(restored.sections) == 3 and restored.next_unfinished() == 1


def test_a_plan_follows_the_length_and_the_task_options(builtin: dict[str, TaskDefinition]) -> None:
    blog = builtin["blog"]
    assert (BlogPlan.from_inputs(blog, {"topic": "t", "words": 2500}).section_count, 10) == (10, 10)
    assert BlogPlan.from_inputs(blog, {"topic": "t", "words": 150}).section_count == 3
    assert BlogPlan.from_inputs(blog, {"topic": "t", "words": 20000}).section_count == 40
    short = BlogPlan.from_inputs(
        short_sections_task(blog, words_per_section=100), {"topic": "t", "words": 300}
    )
    assert (short.section_count, short.section_words) == (3, 100)


# ----------------------------------------------------------------- writing a post longer than the context


@dataclass(frozen=True)
class WrittenPost:
    plan: BlogPlan
    stopped: BlogResult
    partial: str
    finished: BlogResult
    events: list[TaskEvent]


@pytest.fixture(scope="module")
def written_post(small_engine: LlamaEngine, builtin: dict[str, TaskDefinition]) -> WrittenPost:
    """A three-section post on a 512-token context: written until Stop in the third section, then
    continued. Answers never end early, so every section is as long as its request allows."""
    task = short_sections_task(builtin["blog"], words_per_section=100, summary_words=15)
    plan = BlogPlan.from_inputs(task, {"topic": TOPIC, "words": 300})
    sampling = no_eos(small_engine, seed=21)
    cancel = CancelToken()
    events = Recorder()

    def emit(event: TaskEvent) -> None:
        events(event)
        if isinstance(event, TextDelta) and events.delta_count("section.2") == 5:
            cancel.cancel()

    stopped = write_sections(small_engine, plan, BlogDraft.start(OUTLINE), cancel, emit, sampling=sampling)
    partial = events.text("section.2")
    finished = write_sections(small_engine, plan, stopped.draft, CancelToken(), events, sampling=sampling)
    return WrittenPost(plan, stopped, partial, finished, events.events)


@pytest.mark.model
def test_stop_keeps_finished_sections_and_continue_writes_the_rest_once(written_post: WrittenPost) -> None:
    stopped, finished = written_post.stopped, written_post.finished
    assert not stopped.complete
    assert [s.done for s in stopped.draft.sections] == [True, True, False]
    assert stopped.draft.next_unfinished() == 2
    assert written_post.partial.strip()
    assert stopped.draft.sections[2].text == written_post.partial.strip()

    assert finished.complete
    assert [s.done for s in finished.draft.sections] == [True, True, True]
    assert finished.draft.sections[:2] == stopped.draft.sections[:2], "finished sections are not rewritten"
    third = finished.draft.sections[2].text
    assert third.count(written_post.partial.strip()[:25]) <= 1, "the stopped text is replaced, not extended"
    section_steps = [c for c in finished.steps if c.generated_tokens > 100]
    assert len(section_steps) == 1, "only the unfinished section was written on continue"

    markdown = finished.draft.markdown()
    positions = [markdown.index(f"## {s.heading}") for s in OUTLINE.sections]
    assert positions == sorted(positions)
    for section in finished.draft.sections:
        assert markdown.count(f"## {section.heading}") == 1
        assert markdown.count(section.text) == 1


@pytest.mark.model
def test_the_post_is_longer_than_the_context_while_every_request_fits(
    small_engine: LlamaEngine, written_post: WrittenPost
) -> None:
    draft = written_post.finished.draft
    post_tokens = len(small_engine.tokenize(draft.markdown(), add_special=False))
    assert post_tokens > small_engine.context_size
    every_step = [*written_post.stopped.steps, *written_post.finished.steps]
    for chunk in every_step:
        assert chunk.prompt_tokens + chunk.generated_tokens <= small_engine.context_size
    # each section was written from a running summary, not from the text before it
    sections = draft.sections
    for before, after in itertools.pairwise(sections):
        assert after.summary_before == before.summary_after
        assert after.summary_before and before.text not in after.summary_before


@pytest.mark.model
def test_regenerating_one_section_changes_only_that_section(
    small_engine: LlamaEngine, written_post: WrittenPost
) -> None:
    draft = written_post.finished.draft
    events = Recorder()
    result = write_sections(
        small_engine,
        written_post.plan,
        draft,
        CancelToken(),
        events,
        sampling=no_eos(small_engine, seed=99),
        only=1,
    )
    assert result.complete
    new, old = result.draft.sections, draft.sections
    assert (new[0], new[2]) == (old[0], old[2])
    assert new[1].text and new[1].text != old[1].text
    assert new[1].summary_before == old[1].summary_before
    assert {e.part for e in events.events if isinstance(e, TextDelta)} == {"section.1"}


@pytest.mark.model
def test_a_long_section_leaves_its_summary_the_room_that_is_left(
    small_engine: LlamaEngine, builtin: dict[str, TaskDefinition]
) -> None:
    """A section that fills most of a small context still gets summarized instead of overflowing."""
    task = short_sections_task(builtin["blog"], words_per_section=150)  # the built-in 90-word summaries
    plan = BlogPlan.from_inputs(task, {"topic": TOPIC, "words": 450})
    outline = Outline(OUTLINE.title, OUTLINE.sections[:1])
    result = write_sections(
        small_engine,
        plan,
        BlogDraft.start(outline),
        CancelToken(),
        Recorder(),
        sampling=no_eos(small_engine, 4),
    )
    section_step, summary_step = result.steps
    summary_wanted = 2 * int(task.options["summary_words"])
    assert summary_step.prompt_tokens + summary_wanted > small_engine.context_size, "the case being tested"
    assert result.complete
    assert result.draft.sections[0].summary_after
    assert summary_step.prompt_tokens + summary_step.generated_tokens <= small_engine.context_size
    assert section_step.generated_tokens >= 200
