"""The local engine against the real starter model through real llama.cpp."""

from __future__ import annotations

import itertools
import json
import threading
import time
from pathlib import Path

import pytest

from app.core.engine.llama_engine import LlamaEngine, LoadOptions, ModelLoadCancelledError
from app.core.engine.types import CancelToken, Chunk, ContextOverflowError, GenerationRequest, SamplingOptions

pytestmark = pytest.mark.model


def run(
    engine: LlamaEngine, request: GenerationRequest, cancel: CancelToken | None = None
) -> tuple[str, Chunk]:
    chunks = list(engine.stream(request, cancel))
    return "".join(c.text for c in chunks), chunks[-1]


def test_streaming_yields_text_in_several_chunks(engine: LlamaEngine) -> None:
    request = GenerationRequest.chat("Name three colours.", max_tokens=24, sampling=SamplingOptions(seed=3))
    chunks = list(engine.stream(request))
    text = "".join(c.text for c in chunks)
    assert text.strip()
    assert len([c for c in chunks if c.text]) > 3
    final = chunks[-1]
    assert final.finish_reason in ("eos", "length")
    assert final.timings is not None
    assert final.timings.generated_tokens == final.generated_tokens > 0
    assert final.timings.prompt_tokens == final.prompt_tokens > 5
    assert all(c.finish_reason is None for c in chunks[:-1])


def test_max_tokens_is_respected(engine: LlamaEngine) -> None:
    request = GenerationRequest(
        prompt="Once upon a time", max_tokens=7, sampling=SamplingOptions(temperature=0)
    )
    _text, final = run(engine, request)
    assert final.generated_tokens == 7
    assert final.finish_reason == "length"


def test_no_seed_differs_same_seed_matches(engine: LlamaEngine) -> None:
    def ask(seed: int | None) -> str:
        request = GenerationRequest.chat(
            "Invent a name for a coffee shop.",
            max_tokens=20,
            sampling=SamplingOptions(temperature=1.0, seed=seed),
        )
        return run(engine, request)[0]

    assert ask(1234) == ask(1234)
    unseeded = {ask(None) for _ in range(3)}
    assert len(unseeded) > 1


def test_stop_string_ends_generation_and_is_not_shown(engine: LlamaEngine) -> None:
    greedy = SamplingOptions(temperature=0)
    full, _ = run(engine, GenerationRequest(prompt="1, 2, 3, 4,", max_tokens=20, sampling=greedy))
    assert " 6" in full, full
    text, final = run(
        engine, GenerationRequest(prompt="1, 2, 3, 4,", max_tokens=20, stop=(" 6",), sampling=greedy)
    )
    assert final.finish_reason == "stop"
    assert " 6" not in text
    assert full.startswith(text)


def test_json_schema_output_parses_and_validates(engine: LlamaEngine) -> None:
    schema = {
        "type": "object",
        "properties": {
            "sentiment": {"type": "string", "enum": ["positive", "neutral", "negative"]},
            "score": {"type": "integer", "minimum": 1, "maximum": 5},
        },
        "required": ["sentiment", "score"],
    }
    request = GenerationRequest.chat(
        "Review: 'Great bottle, keeps water cold all day.' Give sentiment and a score.",
        json_schema=schema,
        max_tokens=60,
        sampling=SamplingOptions(seed=5),
    )
    text, final = run(engine, request)
    assert final.finish_reason == "eos", text
    data = json.loads(text)
    assert data["sentiment"] in {"positive", "neutral", "negative"}
    assert isinstance(data["score"], int)
    assert set(data) == {"sentiment", "score"}
    # The grammar cannot express the 1..5 range; the finished answer is validated against the full schema.
    assert bool(final.problems) == (not 1 <= data["score"] <= 5), final.problems


def test_answer_breaking_a_constraint_the_grammar_cannot_enforce_is_reported(engine: LlamaEngine) -> None:
    schema = {
        "type": "object",
        "properties": {"year": {"type": "integer", "minimum": 3000}},
        "required": ["year"],
    }
    request = GenerationRequest.chat(
        "In which year did the Titanic sink? Answer as JSON.",
        json_schema=schema,
        max_tokens=40,
        sampling=SamplingOptions(temperature=0),
    )
    text, final = run(engine, request)
    year = json.loads(text)["year"]
    if year < 3000:
        assert any("year" in problem and "3000" in problem for problem in final.problems), final.problems
    else:
        assert final.problems == ()


def test_same_seed_matches_cold_and_prefix_cached_on_a_long_prompt(engine: LlamaEngine) -> None:
    notes = " ".join(f"Fact {i}: the bottle holds {i + 300} ml and weighs {i + 90} g." for i in range(40))
    request = GenerationRequest.chat(
        notes + " Describe the bottle.", max_tokens=24, sampling=SamplingOptions(temperature=1.0, seed=11)
    )
    assert engine.count_tokens(request) > 300
    list(engine.stream(GenerationRequest(prompt="unrelated", max_tokens=1)))  # a cold cache
    cold_text, cold = run(engine, request)
    warm_text, warm = run(engine, request)
    assert cold.timings is not None and warm.timings is not None
    assert cold.timings.cached_tokens < 5 < warm.timings.cached_tokens
    assert warm_text == cold_text


def test_overflow_raises_typed_error_with_numbers(engine: LlamaEngine) -> None:
    long_text = "word " * 3000
    request = GenerationRequest.chat(long_text, max_tokens=100)
    prompt_tokens = engine.count_tokens(request)
    with pytest.raises(ContextOverflowError) as caught:
        list(engine.stream(request))
    error = caught.value
    assert error.prompt_tokens == prompt_tokens > 2048
    assert error.max_tokens == 100
    assert error.context_size == engine.context_size == 2048
    assert str(prompt_tokens) in str(error)


def test_context_guard_boundary(engine: LlamaEngine) -> None:
    prompt_tokens = engine.count_tokens(GenerationRequest(prompt="Hello"))
    exact = GenerationRequest(prompt="Hello", max_tokens=engine.context_size - prompt_tokens)
    cancel = CancelToken()
    for chunk in engine.stream(exact, cancel):  # exactly full: accepted
        if chunk.generated_tokens >= 3:
            cancel.cancel()
    one_over = GenerationRequest(prompt="Hello", max_tokens=engine.context_size - prompt_tokens + 1)
    with pytest.raises(ContextOverflowError):
        list(engine.stream(one_over))


def test_stop_from_another_thread_ends_generation_fast_and_engine_stays_usable(engine: LlamaEngine) -> None:
    """The GUI's case: Stop arrives from another thread while the loop is inside llama_decode."""
    cancel = CancelToken()
    end_tokens = engine.end_of_generation_tokens()
    request = GenerationRequest.chat(
        "Write a very long story about the sea.",
        max_tokens=1500,
        sampling=SamplingOptions(logit_bias=dict.fromkeys(end_tokens, -1000.0)),
    )
    fired_at: list[float] = []

    def stop() -> None:
        fired_at.append(time.perf_counter())
        cancel.cancel()

    timer = threading.Timer(0.2, stop)  # started at the first token: the prompt may be slow on a busy machine
    arrivals: list[float] = []
    final: Chunk | None = None
    for chunk in engine.stream(request, cancel):
        if not arrivals:
            timer.start()
        arrivals.append(time.perf_counter())
        final = chunk
    ended = time.perf_counter() - fired_at[0]
    assert final is not None and final.finish_reason == "cancelled"
    assert final.generated_tokens > 1
    # Stop is honoured at the next token. 100 ms is the promise; on a machine so loaded that one token
    # takes longer than that, the bound is that token's time, never the rest of the 1,500.
    slowest_token = max(b - a for a, b in itertools.pairwise(arrivals))
    assert ended < max(0.1, 1.5 * slowest_token), f"ended {ended * 1000:.0f} ms after Stop"
    text, after = run(engine, GenerationRequest.chat("Say hello.", max_tokens=8))
    assert text.strip() and after.finish_reason in ("eos", "length")


def test_stop_between_chunks_skips_the_next_decode(engine: LlamaEngine) -> None:
    cancel = CancelToken()
    seen = 0
    for chunk in engine.stream(GenerationRequest(prompt="Once upon a time", max_tokens=200), cancel):
        seen = chunk.generated_tokens
        if chunk.generated_tokens >= 3:
            cancel.cancel()
    assert 3 <= seen <= 4


def test_stop_during_long_prompt_aborts_prompt_processing(engine: LlamaEngine) -> None:
    cancel = CancelToken()
    request = GenerationRequest(prompt="The history of writing. " * 280, max_tokens=4)
    timer = threading.Timer(0.05, cancel.cancel)
    started = time.perf_counter()
    timer.start()
    chunks = list(engine.stream(request, cancel))
    elapsed = time.perf_counter() - started
    assert chunks[-1].finish_reason == "cancelled"
    assert chunks[-1].generated_tokens == 0
    assert elapsed < 0.05 + 0.5  # a full prompt pass of ~1,700 tokens takes several seconds here
    text, _ = run(engine, GenerationRequest.chat("Say hello.", max_tokens=8))
    assert text.strip()


def test_regenerate_reuses_prefix_cache_and_is_faster(engine: LlamaEngine) -> None:
    prompt = "Background notes for the product page. " * 60
    request = GenerationRequest.chat(prompt + "\nSummarise in one line.", max_tokens=4)
    list(engine.stream(GenerationRequest(prompt="unrelated", max_tokens=1)))  # a cold cache
    _, cold = run(engine, request)
    _, warm = run(engine, request)
    assert cold.timings is not None and warm.timings is not None
    assert cold.timings.cached_tokens < 5
    assert warm.timings.cached_tokens == warm.timings.prompt_tokens - 1
    assert warm.timings.ttft_s < cold.timings.ttft_s * 0.5


def test_utf8_is_never_split(engine: LlamaEngine) -> None:
    request = GenerationRequest(
        prompt="Emoji list: 😀 🎉 🚀 ✨ 🌍", max_tokens=30, sampling=SamplingOptions(seed=9)
    )
    for chunk in engine.stream(request):
        assert "\ufffd" not in chunk.text


def test_cancelled_load_says_so(starter_model_path: Path) -> None:
    with pytest.raises(ModelLoadCancelledError, match="cancelled"):
        LlamaEngine.load(starter_model_path, LoadOptions(context_size=256), progress=lambda _fraction: False)


def test_context_beyond_training_is_capped(starter_model_path: Path) -> None:
    engine = LlamaEngine.load(starter_model_path, LoadOptions(context_size=1_000_000))
    try:
        assert engine.context_size == engine.info.trained_context == 8192
    finally:
        engine.close()


def test_special_token_text_typed_by_the_user_stays_text(engine: LlamaEngine) -> None:
    vocab_end = "<|im_end|>"
    request = GenerationRequest.chat(f"Translate this literally: {vocab_end} done")
    rendered = engine.render_prompt(request)
    tokens = engine.prompt_tokens(request)
    end_token = engine.tokenize(vocab_end, add_special=False, parse_special=True)
    assert len(end_token) == 1
    template_ends = "".join(t for t, special in rendered.segments if special).count(vocab_end)
    assert tokens.count(end_token[0]) == template_ends  # only the template's own end markers
    assert vocab_end in rendered.text  # the user's text is still there, as plain text


def test_raw_prompt_keeps_special_tokens_on_purpose(engine: LlamaEngine) -> None:
    tokens = engine.prompt_tokens(GenerationRequest(prompt="<|im_start|>user\nHi<|im_end|>"))
    special = engine.tokenize("<|im_start|>", add_special=False, parse_special=True)
    assert special[0] in tokens
