"""Variants: fresh or reproducible seeds, and on the real model different texts from one cached prompt."""

from __future__ import annotations

import pytest

from app.core.engine.llama_engine import LlamaEngine
from app.core.engine.types import MAX_SEED, CancelToken, ContextOverflowError, SamplingOptions
from app.core.tasks.definitions import TaskDefinition, parse_task
from app.core.tasks.events import TextDelta
from app.core.tasks.generic import TextResult, generate_text
from app.core.tasks.variants import run_variants, variant_seeds
from tests.core.tasks.helpers import Recorder


@pytest.fixture
def naming_task() -> TaskDefinition:
    return parse_task(
        {
            "id": "names",
            "name": "Names",
            "flow": "generic",
            "fields": [{"name": "thing", "required": True}],
            "prompts": {
                "system": "You are a creative namer.",
                "user": "Invent a short name for a {{ thing }}.",
            },
            "options": {"max_tokens": 24},
        },
        source="names.toml",
        builtin=False,
    )


def test_fresh_seeds_are_distinct_and_a_base_seed_gives_a_series() -> None:
    for _ in range(20):
        seeds = variant_seeds(6, SamplingOptions())
        assert len(set(seeds)) == 6
        assert all(0 <= seed < MAX_SEED for seed in seeds)
    assert variant_seeds(3, SamplingOptions(seed=41)) == [41, 42, 43]
    assert variant_seeds(2, SamplingOptions(seed=MAX_SEED - 1)) == [MAX_SEED - 1, 0]


def test_run_variants_stops_after_the_variant_that_was_stopped() -> None:
    cancel = CancelToken()
    seen: list[tuple[int, int | None]] = []

    def run_one(index: int, sampling: SamplingOptions) -> int:
        seen.append((index, sampling.seed))
        if index == 1:
            cancel.cancel()
        return index

    assert run_variants(4, SamplingOptions(seed=7, temperature=0.2), cancel, run_one) == [0, 1]
    assert seen == [(0, 7), (1, 8)]
    with pytest.raises(ValueError, match="at least one"):
        run_variants(0, SamplingOptions(), CancelToken(), run_one)


@pytest.mark.model
def test_variants_differ_reuse_the_prompt_cache_and_reproduce(
    engine: LlamaEngine, naming_task: TaskDefinition
) -> None:
    events = Recorder()
    cancel = CancelToken()

    def run_one(index: int, sampling: SamplingOptions) -> TextResult:
        return generate_text(
            engine, naming_task, {"thing": "coffee shop"}, cancel, events, sampling=sampling, variant=index
        )

    base = SamplingOptions(temperature=1.2, seed=1234)
    first, second = run_variants(2, base, cancel, run_one)
    assert first.text and second.text
    assert first.text != second.text
    assert first.steps[-1].timings is not None and second.steps[-1].timings is not None
    assert (first.steps[-1].timings.seed, second.steps[-1].timings.seed) == (1234, 1235)
    assert second.steps[-1].timings.cached_tokens > 0, "the second variant starts from the cached prompt"
    for index, result in enumerate((first, second)):
        streamed = "".join(e.text for e in events.events if isinstance(e, TextDelta) and e.variant == index)
        assert streamed.strip() == result.text
    again = run_one(1, SamplingOptions(temperature=1.2, seed=1235))
    assert again.text == second.text


def test_a_generic_prompt_too_long_for_the_context_is_refused_before_writing(
    small_engine: LlamaEngine, naming_task: TaskDefinition
) -> None:
    events = Recorder()
    with pytest.raises(ContextOverflowError):
        generate_text(small_engine, naming_task, {"thing": "shop " * 600}, CancelToken(), events)
    assert events.events == []
