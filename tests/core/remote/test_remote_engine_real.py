"""The remote engine against a real OpenAI-compatible server running the real starter model.

The server is llama-cpp-python's own (``python -m llama_cpp.server``) on loopback: streaming, cancel,
structured output (this server refuses ``json_schema`` and needs the ``json_object`` fallback), token
counts, and a whole task flow running remotely.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import pytest

from app.core.engine.remote import RemoteEngine
from app.core.engine.types import CancelToken, Chunk, GenerationRequest, SamplingOptions
from app.core.settings import RemoteEndpoint
from tests.support.llama_cpp_server import MODEL_ALIAS, LlamaCppServer

pytestmark = [pytest.mark.model, pytest.mark.slow]

SCHEMA = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "rating": {"type": "integer", "enum": [1, 2, 3, 4, 5]}},
    "required": ["name", "rating"],
    "additionalProperties": False,
}


@pytest.fixture
def remote(openai_server: LlamaCppServer) -> Iterator[RemoteEngine]:
    engine = RemoteEngine.connect(RemoteEndpoint(name="test", base_url=openai_server.base_url))
    yield engine
    engine.close()


def _collect(
    engine: RemoteEngine, request: GenerationRequest, cancel: CancelToken | None = None
) -> list[Chunk]:
    return list(engine.stream(request, cancel))


def test_connect_picks_the_servers_model_and_lists_it(remote: RemoteEngine) -> None:
    assert remote.model_name == MODEL_ALIAS
    assert [m.id for m in remote.list_models()] == [MODEL_ALIAS]


def test_chat_streams_in_pieces_and_reports_the_end(remote: RemoteEngine) -> None:
    request = GenerationRequest.chat("Name three colours.", max_tokens=24, sampling=SamplingOptions(seed=11))
    chunks = _collect(remote, request)
    texts = [c.text for c in chunks if c.text]
    final = chunks[-1]
    assert len(texts) > 3, "the answer must arrive piece by piece, not in one block"
    assert final.finish_reason in ("eos", "length")
    assert final.timings is not None
    assert final.timings.seed == 11
    # this server sends no usage in streams: every streamed piece is one token
    assert final.generated_tokens == len(texts)
    assert final.prompt_tokens > 0
    assert final.timings.ttft_s > 0


def test_the_same_seed_gives_the_same_text(remote: RemoteEngine) -> None:
    request = GenerationRequest.chat(
        "Invent a product name.", max_tokens=16, sampling=SamplingOptions(seed=3)
    )
    first = "".join(c.text for c in _collect(remote, request))
    second = "".join(c.text for c in _collect(remote, request))
    assert first and first == second


def test_plain_completion_uses_the_completions_route(remote: RemoteEngine) -> None:
    request = GenerationRequest(
        prompt="The capital of France is", max_tokens=8, sampling=SamplingOptions(seed=1)
    )
    chunks = _collect(remote, request)
    assert "".join(c.text for c in chunks).strip()
    assert chunks[-1].finish_reason in ("eos", "length")


def test_json_schema_falls_back_to_what_the_server_takes_and_validates(remote: RemoteEngine) -> None:
    request = GenerationRequest.chat(
        "Review a coffee mug as JSON with a name and a rating.",
        max_tokens=60,
        json_schema=SCHEMA,
        sampling=SamplingOptions(seed=5),
    )
    for _ in range(3):  # the fallback is learned once and kept
        chunks = _collect(remote, request)
        answer = json.loads("".join(c.text for c in chunks))
        assert set(answer) == {"name", "rating"} and answer["rating"] in range(1, 6)
        assert chunks[-1].problems == ()
    assert remote.body(request, 1)["response_format"]["type"] == "json_object"


def test_cancel_closes_the_stream_at_once_and_the_server_stays_usable(remote: RemoteEngine) -> None:
    cancel = CancelToken()
    request = GenerationRequest.chat("Tell a very long story about the sea.", max_tokens=800)
    chunks: list[Chunk] = []
    got_text = threading.Event()
    cancelled_at: list[float] = []

    def read() -> None:
        for chunk in remote.stream(request, cancel):
            chunks.append(chunk)
            if chunk.text:
                got_text.set()

    reader = threading.Thread(target=read)
    reader.start()
    assert got_text.wait(60)
    cancelled_at.append(time.perf_counter())
    cancel.cancel()
    reader.join(5)
    stopped_after = time.perf_counter() - cancelled_at[0]
    assert not reader.is_alive()
    assert stopped_after < 0.5, f"the stream took {stopped_after:.2f} s to stop"
    assert chunks[-1].finish_reason == "cancelled"
    assert chunks[-1].generated_tokens < 800
    follow_up = _collect(remote, GenerationRequest.chat("Say yes.", max_tokens=4))
    assert follow_up[-1].finish_reason in ("eos", "length")


def test_token_counts_come_from_the_servers_tokenizer(remote: RemoteEngine) -> None:
    short = remote.count_tokens(GenerationRequest(prompt="hello world"))
    longer = remote.count_tokens(GenerationRequest(prompt="hello world " * 50))
    assert short == 2  # SmolLM2's tokenizer: "hello", " world"
    assert longer > 50 * 2 - 5


def test_a_task_flow_runs_remotely(remote: RemoteEngine) -> None:
    """The product flow (JSON under a schema, channel limits enforced) works the same over the wire."""
    from app.core.tasks.library import load_builtin_tasks
    from app.core.tasks.product import ProductPlan, generate_product

    task = next(t for t in load_builtin_tasks() if t.id == "product")
    inputs = {
        "name": "Trailhead insulated water bottle, 750 ml",
        "features": "keeps drinks cold for 24 hours; stainless steel",
        "channel": "amazon",
        "length": "short",
    }
    plan = ProductPlan.from_inputs(task, inputs)
    events: list[object] = []
    result = generate_product(remote, plan, CancelToken(), events.append, sampling=SamplingOptions(seed=9))
    assert result.copy.title, "the title streamed out of the JSON answer"
    assert len(result.copy.title) <= result.channel.title
    assert events
