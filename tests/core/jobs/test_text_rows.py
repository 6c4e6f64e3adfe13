"""The writing tasks as row tasks: fields, fingerprints, and a few rows each on the real model."""

from __future__ import annotations

import dataclasses

import pytest

from app.core.engine.llama_engine import LlamaEngine
from app.core.engine.types import CancelToken, EngineError, SamplingOptions
from app.core.jobs.row_task import RowTask
from app.core.jobs.text_rows import (
    BULLET_SEPARATOR,
    ProductRows,
    RewriteRows,
    TextTaskRows,
    row_task_for,
)
from app.core.tasks.definitions import TaskDefinition, parse_task
from app.core.tasks.inputs import InputError
from app.core.tasks.library import load_builtin_tasks
from app.core.tasks.streaming import TaskCancelledError
from tests.core.tasks.helpers import no_eos

TAGLINE = {
    "id": "tagline",
    "name": "Tagline",
    "flow": "generic",
    "fields": [
        {"name": "product", "label": "Product", "required": True},
        {"name": "mood", "label": "Mood", "default": "cheerful"},
    ],
    "prompts": {
        "system": "You write short taglines.",
        "user": "Write one {{ mood }} tagline for {{ product }}. Reply with the tagline only.",
    },
    "options": {"max_tokens": 40},
}


@pytest.fixture(scope="module")
def tasks() -> dict[str, TaskDefinition]:
    found = {task.id: task for task in load_builtin_tasks()}
    found["tagline"] = parse_task(TAGLINE, source="tagline.toml", builtin=False)
    return found


def test_row_task_for_picks_the_adapter_by_flow(tasks: dict[str, TaskDefinition]) -> None:
    assert isinstance(row_task_for(tasks["product"]), ProductRows)
    assert isinstance(row_task_for(tasks["rewrite"], {"mode": "grammar"}), RewriteRows)
    assert isinstance(row_task_for(tasks["tagline"]), TextTaskRows)
    with pytest.raises(ValueError, match="cannot run over rows"):
        row_task_for(tasks["blog"])
    for flow in ("feedback", "classify", "faq"):
        setup = dataclasses.replace(tasks["tagline"], flow=flow)
        with pytest.raises(ValueError, match="its own"):
            row_task_for(setup)
    with pytest.raises(ValueError, match="no field colour; its fields are: name, category"):
        row_task_for(tasks["product"], {"colour": "red"})
    with pytest.raises(ValueError, match=r"Unknown rewrite mode|choose one of"):
        row_task_for(tasks["rewrite"], {"mode": "paraphrase"})
    with pytest.raises(InputError):
        row_task_for(tasks["rewrite"], {"mode": "custom"})  # custom needs an instruction, said once


def test_fields_and_columns(tasks: dict[str, TaskDefinition]) -> None:
    product = row_task_for(tasks["product"])
    assert product.kind == "product"
    names = [field.name for field in product.fields]
    assert names[:3] == ["name", "category", "features"]
    assert {field.name for field in product.fields if field.required} == {"name", "features"}
    assert product.output_columns == ("title", "bullets", "description")
    # a required field the job fills for every row need not be mapped
    fixed = row_task_for(tasks["product"], {"name": "Trailhead bottle"})
    assert {field.name for field in fixed.fields if field.required} == {"features"}

    rewrite = row_task_for(tasks["rewrite"], {"mode": "tone", "tone": "formal"})
    assert [(f.name, f.required) for f in rewrite.fields] == [("text", True)]
    assert rewrite.output_columns == ("rewritten",)

    tagline = row_task_for(tasks["tagline"])
    assert tagline.kind == "tagline"
    assert [(f.name, f.label, f.required) for f in tagline.fields] == [
        ("product", "Product", True),
        ("mood", "Mood", False),
    ]
    assert tagline.output_columns == ("text",)


def test_the_fingerprint_follows_whatever_changes_the_output(tasks: dict[str, TaskDefinition]) -> None:
    rewrite = tasks["rewrite"]
    base = row_task_for(rewrite, {"mode": "shorten"}).fingerprint()
    assert row_task_for(rewrite, {"mode": "shorten"}).fingerprint() == base
    assert len(base) == 64
    assert row_task_for(rewrite, {"mode": "simplify"}).fingerprint() != base
    reworded = dataclasses.replace(rewrite, prompts={**rewrite.prompts, "system": "Be brief."})
    assert row_task_for(reworded, {"mode": "shorten"}).fingerprint() != base
    greedy = SamplingOptions(temperature=0)
    assert row_task_for(rewrite, {"mode": "shorten"}, sampling=greedy).fingerprint() != base
    renamed = dataclasses.replace(rewrite, name="Rewrite (renamed)", description="other words")
    assert row_task_for(renamed, {"mode": "shorten"}).fingerprint() == base  # the name writes nothing


def _run(task: RowTask, engine: LlamaEngine, values: dict[str, str]) -> dict[str, str]:
    return dict(task.run(engine, values, CancelToken()))


@pytest.mark.model
@pytest.mark.slow
def test_product_rows_on_the_real_model(engine: LlamaEngine, tasks: dict[str, TaskDefinition]) -> None:
    product = row_task_for(tasks["product"], {"length": "short", "channel": "generic"})
    bottle = _run(
        product, engine, {"name": "Trailhead water bottle", "features": "750 ml; keeps drinks cold all day"}
    )
    assert set(bottle) == {"title", "bullets", "description"}
    assert bottle["title"].strip() and bottle["description"].strip()
    assert len(bottle["title"]) <= 120  # the channel's limit is kept
    bullets = bottle["bullets"].split(BULLET_SEPARATOR)
    assert 1 <= len(bullets) <= 5 and all(bullet.strip() for bullet in bullets)
    # a cell overrides the job's option: a meta description has no bullets and at most 155 characters
    tote = _run(product, engine, {"name": "Canvas tote bag", "features": "organic cotton", "channel": "meta"})
    assert tote["title"].strip() and tote["bullets"] == ""
    assert 0 < len(tote["description"]) <= 155
    with pytest.raises(ValueError, match=r"^Key features: add at least one item$"):
        _run(product, engine, {"name": "No features here"})


@pytest.mark.model
def test_rewrite_rows_are_repeatable_per_row(engine: LlamaEngine, tasks: dict[str, TaskDefinition]) -> None:
    rewrite = row_task_for(tasks["rewrite"], {"mode": "grammar"})
    texts = [
        "Our bottle keep drinks cold for a hole day.",
        "The bag have a inner pocket for you're phone.",
        "This lamp are very bright and it dont get hot.",
    ]
    first = [_run(rewrite, engine, {"text": text})["rewritten"] for text in texts]
    assert all(out.strip() for out in first)
    # the seed comes from the row, so a redone row (after a crash) is written the same way
    assert _run(rewrite, engine, {"text": texts[1]})["rewritten"] == first[1]


@pytest.mark.model
def test_an_unfinished_answer_is_an_error_not_a_truncated_cell(
    engine: LlamaEngine, tasks: dict[str, TaskDefinition]
) -> None:
    rewrite = row_task_for(tasks["rewrite"], {"mode": "shorten"}, sampling=no_eos(engine, seed=3))
    with pytest.raises(EngineError, match="ran out of output length"):
        _run(rewrite, engine, {"text": "A long sentence about a bottle that keeps water cold all day."})
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(TaskCancelledError):
        rewrite.run(engine, {"text": "Stop before starting."}, cancel)


@pytest.mark.model
def test_text_task_rows_on_the_real_model(engine: LlamaEngine, tasks: dict[str, TaskDefinition]) -> None:
    tagline = row_task_for(tasks["tagline"], {"mood": "calm"}, sampling=SamplingOptions(temperature=0))
    outs = [
        _run(tagline, engine, {"product": "a herbal tea", "mood": ""}),  # an empty cell keeps the option
        _run(tagline, engine, {"product": "running shoes", "mood": "bold"}),
    ]
    assert all(out["text"].strip() for out in outs)
    with pytest.raises(ValueError, match=r"^Product: this field is required$"):
        _run(tagline, engine, {"product": "  "})
