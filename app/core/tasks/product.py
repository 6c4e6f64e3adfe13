"""Product copy: title, bullets and description, each within the channel's character limit.

The model answers in JSON under a grammar, so the three parts always come back apart. The limits are a
guarantee, not a hope: after generating, every part over its limit is first rewritten shorter by the
model, and what is still too long is cut at a sentence (or word) boundary. The user is told each time.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core.engine.types import CancelToken, Chunk, Engine, GenerationRequest, SamplingOptions
from app.core.tasks.channels import Channel, channel
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import Emit, Notice, PartReplaced
from app.core.tasks.inputs import clean_inputs
from app.core.tasks.json_stream import JsonTextStream
from app.core.tasks.limits import char_count, cut_at_sentence, missing_keywords
from app.core.tasks.prompting import build_request
from app.core.tasks.streaming import stream_text
from app.core.tasks.templating import render

DEFAULT_WORDS = {"short": 50, "medium": 110, "long": 220}
_PART_LABELS = {"title": "product title", "bullet": "bullet point", "description": "product description"}


@dataclass(frozen=True)
class ProductCopy:
    title: str = ""
    bullets: tuple[str, ...] = ()
    description: str = ""

    def as_outputs(self) -> dict[str, Any]:
        """The parts as stored in a draft and printed by ``write product --json``."""
        return {"title": self.title, "bullets": list(self.bullets), "description": self.description}

    def texts(self) -> list[str]:
        return [self.title, *self.bullets, self.description]


@dataclass(frozen=True)
class LimitFix:
    part: str
    before: int
    after: int
    how: str
    """``"shortened"`` (asked the model again) or ``"cut"`` (cut at a sentence or word boundary)."""


@dataclass(frozen=True)
class ProductResult:
    copy: ProductCopy
    channel: Channel
    missing_keywords: tuple[str, ...] = ()
    fixes: tuple[LimitFix, ...] = ()
    complete: bool = True
    """False when the user stopped it or the output length ran out before every part was written."""
    steps: tuple[Chunk, ...] = field(default=(), repr=False)

    def limits(self) -> dict[str, int]:
        return self.channel.limits()


@dataclass(frozen=True)
class ProductPlan:
    """What a product run will do, computed up front so the UI can show limits before generating."""

    task: TaskDefinition
    values: Mapping[str, Any]
    channel: Channel
    words: int

    @classmethod
    def from_inputs(cls, task: TaskDefinition, raw: Mapping[str, Any]) -> ProductPlan:
        values = clean_inputs(task, raw)
        chosen = channel(str(values.get("channel") or "generic"))
        words_table = task.options.get("words", DEFAULT_WORDS)
        words = int(words_table.get(str(values.get("length") or "medium"), 110))
        if chosen.description:
            words = min(words, max(12, chosen.description // 7))
        return cls(task, values, chosen, words)

    def template_values(self) -> dict[str, Any]:
        return {
            **self.values,
            "channel": self.channel,
            "bullet_count": self.channel.bullets,
            "words": self.words,
        }

    def schema(self) -> dict[str, Any]:
        properties: dict[str, Any] = {"title": {"type": "string", "minLength": 1}}
        if self.channel.bullets:
            properties["bullets"] = {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "minItems": self.channel.bullets,
                "maxItems": self.channel.bullets,
            }
        properties["description"] = {"type": "string", "minLength": 1}
        return {"type": "object", "properties": properties, "required": list(properties)}

    def max_tokens(self) -> int:
        """Room for every part somewhat past its limit (limits are enforced afterwards), plus JSON syntax:
        running out of tokens would leave the JSON, and so a part, unfinished."""
        bullets = self.channel.bullets * min(self.channel.bullet or 250, 300)
        description = max(self.channel.description and min(self.channel.description, 1200), self.words * 7)
        return min(2048, 96 + (self.channel.title + bullets + description) // 2)

    def request(self, sampling: SamplingOptions) -> GenerationRequest:
        return build_request(
            self.task,
            self.template_values(),
            sampling=sampling,
            max_tokens=self.max_tokens(),
            json_schema=self.schema(),
        )


def _copy_from_parts(parts: Mapping[str, str], bullet_count: int) -> ProductCopy:
    bullets = tuple(parts.get(f"bullets.{i}", "").strip() for i in range(bullet_count))
    return ProductCopy(
        title=parts.get("title", "").strip(),
        bullets=tuple(b for b in bullets if b),
        description=parts.get("description", "").strip(),
    )


def generate_product(
    engine: Engine,
    plan: ProductPlan,
    cancel: CancelToken,
    emit: Emit,
    *,
    sampling: SamplingOptions | None = None,
    variant: int = 0,
) -> ProductResult:
    """Write the copy, streaming each part, then enforce the channel limits."""
    sampling = sampling or SamplingOptions()
    extractor = JsonTextStream()
    parts: dict[str, str] = {}

    def route(text: str) -> list[tuple[str, str]]:
        pieces = extractor.feed(text)
        for path, delta in pieces:
            parts[path] = parts.get(path, "") + delta
        return pieces

    step = stream_text(
        engine, plan.request(sampling), cancel, emit, part=None, variant=variant, transform=route
    )
    copy = _copy_from_parts(parts, plan.channel.bullets)
    # The parts come from the streamed JSON, so a strict-JSON quibble (a raw line break inside a string,
    # which the grammar allows) does not make a finished answer incomplete.
    complete = step.final.finish_reason in ("eos", "stop") and bool(copy.title and copy.description)
    steps = [step.final]
    fixes: list[LimitFix] = []
    copy = _enforce_limits(engine, plan, copy, cancel, emit, sampling, variant, fixes, steps, ask=complete)
    missing = missing_keywords(list(plan.values.get("keywords") or []), copy.texts())
    if not complete and step.final.finish_reason == "length":
        emit(
            Notice(
                "The output length ran out before every part was written; the parts are as far as they got."
            )
        )
    return ProductResult(copy, plan.channel, tuple(missing), tuple(fixes), complete, tuple(steps))


def _limit_for(part: str, chan: Channel) -> int:
    return chan.title if part == "title" else chan.bullet if part.startswith("bullets.") else chan.description


def _enforce_limits(
    engine: Engine,
    plan: ProductPlan,
    copy: ProductCopy,
    cancel: CancelToken,
    emit: Emit,
    sampling: SamplingOptions,
    variant: int,
    fixes: list[LimitFix],
    steps: list[Chunk],
    *,
    ask: bool,
) -> ProductCopy:
    texts = {"title": copy.title, "description": copy.description}
    texts.update({f"bullets.{i}": bullet for i, bullet in enumerate(copy.bullets)})
    for part, text in list(texts.items()):
        limit = _limit_for(part, plan.channel)
        if not limit or char_count(text) <= limit:
            continue
        before = char_count(text)
        if ask and not cancel.cancelled():
            shorter = _ask_shorter(engine, plan, part, text, limit, cancel, emit, sampling, variant, steps)
            if shorter and char_count(shorter) < before:
                text = shorter
                fixes.append(LimitFix(part, before, char_count(text), "shortened"))
        if char_count(text) > limit:
            cut = cut_at_sentence(text, limit)
            fixes.append(LimitFix(part, char_count(text), char_count(cut), "cut"))
            text = cut
        texts[part] = text
        emit(PartReplaced(part, text, variant))
        emit(
            Notice(
                f"The {_human(part)} was {before} characters; the limit is {limit}, now {char_count(text)}."
            )
        )
    bullets = tuple(texts[f"bullets.{i}"] for i in range(len(copy.bullets)))
    return dataclasses.replace(copy, title=texts["title"], bullets=bullets, description=texts["description"])


def _human(part: str) -> str:
    if part.startswith("bullets."):
        return f"bullet {int(part.split('.')[1]) + 1}"
    return part


def _ask_shorter(
    engine: Engine,
    plan: ProductPlan,
    part: str,
    text: str,
    limit: int,
    cancel: CancelToken,
    emit: Emit,
    sampling: SamplingOptions,
    variant: int,
    steps: list[Chunk],
) -> str:
    kind = "bullet" if part.startswith("bullets.") else part
    prompt = render(
        plan.task.prompts["shorten"],
        {
            **plan.template_values(),
            "part_label": _PART_LABELS[kind],
            "limit": limit,
            "length": char_count(text),
            "text": text,
        },
        name="shorten",
    )
    system = render(plan.task.prompts["system"], plan.template_values(), name="system")
    request = GenerationRequest.chat(
        prompt, system=system, sampling=sampling, max_tokens=max(16, min(1024, limit // 2)), stop=("\n\n",)
    )
    step = stream_text(engine, request, cancel, emit, part=None, variant=variant, step="shorten")
    steps.append(step.final)
    if step.cancelled:
        return ""  # half an answer is not a shorter version; the part is cut instead
    return step.text.strip().strip('"').strip()
