"""Blog posts longer than the model's context: an editable outline, then one section at a time.

Each section request carries the outline and a running summary of what came before, never the whole
text, so a 5,000-word post works with a 2,048-token model. Each section remembers the summary it was
written from, so one section can be regenerated without rewriting the rest, and a stopped post continues
from the first unfinished section.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core.engine.types import CancelToken, Chunk, ContextOverflowError, Engine, SamplingOptions
from app.core.tasks.context_fit import SAFETY_TOKENS
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import Emit, PartReplaced
from app.core.tasks.inputs import clean_inputs
from app.core.tasks.json_stream import JsonTextStream
from app.core.tasks.prompting import build_request
from app.core.tasks.streaming import stream_text

OUTLINE_TOKENS_PER_SECTION = 120
"""A heading and up to four points in JSON; an answer cut short loses its last sections."""


@dataclass(frozen=True)
class OutlineSection:
    heading: str
    points: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outline:
    title: str
    sections: tuple[OutlineSection, ...]

    def to_text(self) -> str:
        """The editable form: ``# Title``, ``## Heading`` and ``- point`` lines."""
        lines = [f"# {self.title}", ""]
        for section in self.sections:
            lines.append(f"## {section.heading}")
            lines += [f"- {point}" for point in section.points]
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"

    @classmethod
    def from_text(cls, text: str) -> Outline:
        """Read an outline the user edited. Lenient: any line that is not a point starts a section."""
        title = ""
        sections: list[OutlineSection] = []
        for raw in text.splitlines():
            line = raw.strip()
            if not line:
                continue
            if re.match(r"^#\s", line) and not title and not sections:
                title = line[1:].strip()
            elif re.match(r"^[-*•]\s*", line) and sections:
                point = re.sub(r"^[-*•]\s*", "", line)
                last = sections[-1]
                sections[-1] = OutlineSection(last.heading, (*last.points, point))
            else:
                heading = re.sub(r"^(#+|\d+[.)])\s*", "", line).strip()
                if heading:
                    sections.append(OutlineSection(heading))
        return cls(title, tuple(sections))

    def for_prompt(self) -> str:
        return "\n".join(f"{i}. {section.heading}" for i, section in enumerate(self.sections, start=1))


@dataclass(frozen=True)
class SectionDraft:
    heading: str
    text: str = ""
    done: bool = False
    summary_before: str = ""
    summary_after: str = ""


@dataclass(frozen=True)
class BlogDraft:
    outline: Outline
    sections: tuple[SectionDraft, ...] = ()

    @classmethod
    def start(cls, outline: Outline) -> BlogDraft:
        return cls(outline, tuple(SectionDraft(s.heading) for s in outline.sections))

    def with_outline(self, outline: Outline) -> BlogDraft:
        """Follow an edited outline, keeping the text of every section whose heading is unchanged."""
        by_heading = {section.heading: section for section in self.sections}
        return BlogDraft(
            outline, tuple(by_heading.get(s.heading, SectionDraft(s.heading)) for s in outline.sections)
        )

    def next_unfinished(self) -> int | None:
        return next((i for i, section in enumerate(self.sections) if not section.done), None)

    def markdown(self) -> str:
        parts = [f"# {self.outline.title}"] if self.outline.title else []
        for section in self.sections:
            parts.append(f"## {section.heading}")
            if section.text.strip():
                parts.append(section.text.strip())
        return "\n\n".join(parts) + "\n"

    def word_count(self) -> int:
        return sum(len(section.text.split()) for section in self.sections)

    def to_outputs(self) -> dict[str, Any]:
        return {
            "outline": self.outline.to_text(),
            "sections": [dataclasses.asdict(section) for section in self.sections],
            "text": self.markdown(),
        }

    @classmethod
    def from_outputs(cls, outputs: Mapping[str, Any]) -> BlogDraft:
        outline = Outline.from_text(str(outputs.get("outline", "")))
        sections = tuple(
            SectionDraft(**{k: v for k, v in entry.items() if k in SectionDraft.__dataclass_fields__})
            for entry in outputs.get("sections", [])
            if isinstance(entry, Mapping)
        )
        draft = cls(outline, sections)
        return draft if len(sections) == len(outline.sections) else draft.with_outline(outline)


@dataclass(frozen=True)
class BlogResult:
    draft: BlogDraft
    complete: bool
    steps: tuple[Chunk, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class BlogPlan:
    task: TaskDefinition
    values: Mapping[str, Any]
    section_count: int
    section_words: int

    @classmethod
    def from_inputs(cls, task: TaskDefinition, raw: Mapping[str, Any]) -> BlogPlan:
        values = clean_inputs(task, raw)
        words = int(values.get("words") or 1200)
        per_section = int(task.options.get("words_per_section", 250))
        low, high = int(task.options.get("min_sections", 3)), int(task.options.get("max_sections", 40))
        count = max(low, min(high, round(words / per_section)))
        return cls(task, values, count, max(60, words // count))

    def outline_schema(self) -> dict[str, Any]:
        point = {"type": "string", "minLength": 1}
        section = {
            "type": "object",
            "properties": {
                "heading": {"type": "string", "minLength": 1},
                "points": {"type": "array", "items": point, "minItems": 2, "maxItems": 4},
            },
            "required": ["heading", "points"],
        }
        sections = {
            "type": "array",
            "items": section,
            "minItems": self.section_count,
            "maxItems": self.section_count,
        }
        return {
            "type": "object",
            "properties": {"title": {"type": "string", "minLength": 1}, "sections": sections},
            "required": ["title", "sections"],
        }


def generate_outline(
    engine: Engine,
    plan: BlogPlan,
    cancel: CancelToken,
    emit: Emit,
    *,
    sampling: SamplingOptions | None = None,
) -> tuple[Outline, Chunk]:
    """The outline, shown as editable text while it is written (part ``outline``)."""
    values = {**plan.values, "sections": plan.section_count}
    request = build_request(
        plan.task,
        values,
        prompt="outline",
        sampling=sampling or SamplingOptions(),
        max_tokens=48 + plan.section_count * OUTLINE_TOKENS_PER_SECTION,
        json_schema=plan.outline_schema(),
    )
    room = engine.context_size - engine.count_tokens(request) - SAFETY_TOKENS
    if room < request.max_tokens:
        request = dataclasses.replace(request, max_tokens=max(1, room))
    extractor = JsonTextStream()
    fields: dict[str, str] = {}

    def route(text: str) -> list[tuple[str, str]]:
        for path, delta in extractor.feed(text):
            fields[path] = fields.get(path, "") + delta
        emit(PartReplaced("outline", _outline_from_fields(fields).to_text()))
        return []

    step = stream_text(engine, request, cancel, emit, part=None, step="outline", transform=route)
    outline = _outline_from_fields(fields)
    if not outline.title:
        outline = Outline(str(plan.values.get("topic", "")), outline.sections)
    emit(PartReplaced("outline", outline.to_text()))
    return outline, step.final


def _outline_from_fields(fields: Mapping[str, str]) -> Outline:
    sections: list[OutlineSection] = []
    index = 0
    while f"sections.{index}.heading" in fields:
        points = []
        point = 0
        while f"sections.{index}.points.{point}" in fields:
            if text := fields[f"sections.{index}.points.{point}"].strip():
                points.append(text)
            point += 1
        heading = fields[f"sections.{index}.heading"].strip()
        if heading:
            sections.append(OutlineSection(heading, tuple(points)))
        index += 1
    return Outline(fields.get("title", "").strip(), tuple(sections))


def write_sections(
    engine: Engine,
    plan: BlogPlan,
    draft: BlogDraft,
    cancel: CancelToken,
    emit: Emit,
    *,
    sampling: SamplingOptions | None = None,
    only: int | None = None,
) -> BlogResult:
    """Write every unfinished section in order (or just section ``only``), streaming into
    ``section.N``; stops cleanly with the partial section kept when cancelled."""
    sampling = sampling or SamplingOptions()
    if not draft.outline.sections:
        raise ValueError("The outline has no sections; add at least one heading.")
    sections = list(draft.sections)
    steps: list[Chunk] = []
    indexes = [only] if only is not None else [i for i, s in enumerate(sections) if not s.done]
    for index in indexes:
        summary = sections[index - 1].summary_after if index > 0 else ""
        if only is not None:
            summary = sections[index].summary_before or summary
        section, chunks, stopped = _write_one(
            engine, plan, draft.outline, index, summary, cancel, emit, sampling
        )
        steps += chunks
        sections[index] = section
        if stopped:
            return BlogResult(BlogDraft(draft.outline, tuple(sections)), False, tuple(steps))
    done = BlogDraft(draft.outline, tuple(sections))
    return BlogResult(done, done.next_unfinished() is None, tuple(steps))


def _write_one(
    engine: Engine,
    plan: BlogPlan,
    outline: Outline,
    index: int,
    summary: str,
    cancel: CancelToken,
    emit: Emit,
    sampling: SamplingOptions,
) -> tuple[SectionDraft, list[Chunk], bool]:
    target = outline.sections[index]
    values = {
        **plan.values,
        "title": outline.title,
        "outline": outline.for_prompt(),
        "summary": summary,
        "number": index + 1,
        "count": len(outline.sections),
        "heading": target.heading,
        "points": list(target.points),
        "section_words": plan.section_words,
        "summary_words": int(plan.task.options.get("summary_words", 90)),
    }
    wanted = int(plan.section_words * 1.6) + 32
    request = build_request(plan.task, values, prompt="section", sampling=sampling, max_tokens=wanted)
    prompt_tokens = engine.count_tokens(request)
    room = engine.context_size - prompt_tokens - SAFETY_TOKENS
    if room < 64:
        raise ContextOverflowError(prompt_tokens, wanted, engine.context_size)
    if room < wanted:
        request = dataclasses.replace(request, max_tokens=room)
    part = f"section.{index}"
    emit(PartReplaced(part, ""))
    step = stream_text(engine, request, cancel, emit, part=part, step=f"section {index + 1}")
    text = step.text.strip()
    if step.cancelled:
        return SectionDraft(target.heading, text, False, summary, ""), [step.final], True
    summary_request = build_request(
        plan.task,
        {**values, "text": text},
        prompt="summary",
        sampling=sampling,
        max_tokens=int(values["summary_words"] * 2),
    )
    # the section may have used most of the context; the summary gets what is left
    summary_room = engine.context_size - engine.count_tokens(summary_request) - SAFETY_TOKENS
    if summary_room < summary_request.max_tokens:
        summary_request = dataclasses.replace(summary_request, max_tokens=max(1, summary_room))
    summarized = stream_text(engine, summary_request, cancel, emit, part=None, step="summary")
    after = summarized.text.strip() if not summarized.cancelled else summary
    section = SectionDraft(target.heading, text, True, summary, after)
    emit(PartReplaced(part, text))
    return section, [step.final, summarized.final], summarized.cancelled
