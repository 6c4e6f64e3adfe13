"""Every way a server can fail, from a loopback server that misbehaves on purpose.

Each failure must give a clear message, retry only when that is safe, keep the text that had already
arrived, and never hang: every wait has a timeout and every wait wakes on cancel.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator

import pytest

from app.core.engine.remote import (
    AuthenticationError,
    IncompleteAnswerError,
    ModelNotFoundError,
    RateLimitedError,
    RemoteEngine,
    ServerFailedError,
    ServerTimeoutError,
    ServerUnreachableError,
    TlsError,
)
from app.core.engine.remote.engine import DEFAULT_CONTEXT
from app.core.engine.remote.http import RetryPolicy
from app.core.engine.types import CancelToken, Chunk, GenerationRequest, SamplingOptions
from app.core.settings import RemoteEndpoint
from tests.support.llama_cpp_server import free_port
from tests.support.openai_fault_server import (
    DEFAULT_TEXT,
    FaultServer,
    drop_after,
    garbage_sse,
    ok,
    reject_json_schema,
    slow_first_byte,
    stall_after,
    status,
)

FAST = RetryPolicy(attempts=3, base_delay_s=0.05, max_delay_s=0.2, max_retry_after_s=5)
REQUEST = GenerationRequest.chat("Hello?", max_tokens=32, sampling=SamplingOptions(seed=4))


_open: list[RemoteEngine] = []


@pytest.fixture(autouse=True)
def close_engines() -> Iterator[None]:
    """Every engine a test opens is closed after it, so no socket is left for the collector."""
    yield
    while _open:
        _open.pop().close()


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer(models=("test-model", "other-model")) as running:
        yield running


def opened(engine: RemoteEngine) -> RemoteEngine:
    _open.append(engine)
    return engine


def engine_for(server: FaultServer, **changes: object) -> RemoteEngine:
    endpoint = RemoteEndpoint(name="faulty", base_url=server.base_url, model="test-model", timeout_s=5.0)
    endpoint = dataclasses.replace(endpoint, **changes)  # type: ignore[arg-type]
    return opened(RemoteEngine(endpoint, "sk-test", policy=FAST))


def run(
    engine: RemoteEngine, request: GenerationRequest = REQUEST
) -> tuple[list[Chunk], BaseException | None]:
    """Chunks received before the stream ended or failed, and the failure."""
    chunks: list[Chunk] = []
    try:
        for chunk in engine.stream(request):
            chunks.append(chunk)
    except Exception as exc:
        return chunks, exc
    return chunks, None


def generation_requests(server: FaultServer) -> list[dict[str, object]]:
    return [r.body for r in server.requests if r.method == "POST" and isinstance(r.body, dict)]


def test_a_normal_stream_uses_the_servers_usage_counts_and_sends_what_was_asked(server: FaultServer) -> None:
    server.script(ok("one two three four"))
    chunks, error = run(engine_for(server))
    assert error is None
    assert "".join(c.text for c in chunks) == "one two three four"
    final = chunks[-1]
    assert final.finish_reason == "eos"
    assert final.generated_tokens == 4  # from usage
    assert final.prompt_tokens == 1  # the server counted one word of prompt
    body = generation_requests(server)[0]
    assert body["model"] == "test-model" and body["seed"] == 4 and body["max_tokens"] == 32
    assert body["stream_options"] == {"include_usage": True}
    assert body["top_k"] == 40 and body["repeat_penalty"] == 1.1
    assert server.requests[-1].headers["authorization"] == "Bearer sk-test"


def test_a_stream_cut_midway_keeps_the_partial_text_and_says_it_is_incomplete(server: FaultServer) -> None:
    server.script(drop_after(3, text="alpha beta gamma delta epsilon"))
    chunks, error = run(engine_for(server))
    assert isinstance(error, IncompleteAnswerError)
    assert error.partial_text == "alpha beta gamma "
    assert "".join(c.text for c in chunks) == error.partial_text, "the partial text was streamed first"
    assert "incomplete" in str(error) and "3 tokens" in str(error)
    assert len(generation_requests(server)) == 1, "text had arrived: no retry that would repeat it"


def test_garbage_in_the_stream_is_reported_not_swallowed(server: FaultServer) -> None:
    server.script(garbage_sse())
    _chunks, error = run(engine_for(server))
    assert isinstance(error, IncompleteAnswerError)
    assert "not a JSON event" in str(error)


def test_429_waits_for_retry_after_then_succeeds(server: FaultServer) -> None:
    server.script(status(429, headers={"Retry-After": "1"}), ok("fine now"))
    started = time.monotonic()
    chunks, error = run(engine_for(server))
    assert error is None and "".join(c.text for c in chunks) == "fine now"
    assert time.monotonic() - started >= 0.9, "Retry-After was honoured"
    assert len(generation_requests(server)) == 2


def test_429_with_a_long_retry_after_is_reported_at_once(server: FaultServer) -> None:
    server.script(status(429, headers={"Retry-After": "120"}))
    started = time.monotonic()
    _chunks, error = run(engine_for(server))
    assert isinstance(error, RateLimitedError)
    assert error.retry_after_s == 120 and "120 s" in str(error)
    assert time.monotonic() - started < 1


def test_a_cancel_during_the_backoff_wait_stops_at_once(server: FaultServer) -> None:
    server.script(status(429, headers={"Retry-After": "4"}))
    engine = engine_for(server)
    cancel = CancelToken()
    threading.Timer(0.3, cancel.cancel).start()
    started = time.monotonic()
    chunks = list(engine.stream(REQUEST, cancel))
    assert chunks[-1].finish_reason == "cancelled"
    assert time.monotonic() - started < 1.5


def test_5xx_is_retried_with_backoff_and_then_explained(server: FaultServer) -> None:
    server.script(status(503), ok("recovered"))
    chunks, error = run(engine_for(server))
    assert error is None and "".join(c.text for c in chunks) == "recovered"

    server.script(status(502), status(502), status(502))
    _chunks, error = run(engine_for(server))
    assert isinstance(error, ServerFailedError) and error.status == 502
    assert "failed with error 502" in str(error)


def test_a_plain_500_is_explained_with_the_servers_words(server: FaultServer) -> None:
    server.script(status(500, "CUDA out of memory"))
    _chunks, error = run(engine_for(server))
    assert isinstance(error, ServerFailedError)
    assert "CUDA out of memory" in str(error)


@pytest.mark.parametrize("code", [401, 403])
def test_a_refused_key_is_not_retried_and_says_where_to_set_it(server: FaultServer, code: int) -> None:
    server.script(status(code, "invalid api key"))
    _chunks, error = run(engine_for(server))
    assert isinstance(error, AuthenticationError)
    assert "API key" in str(error) and "invalid api key" in str(error)
    assert len(generation_requests(server)) == 1


def test_an_unknown_model_is_a_404_with_the_servers_message(server: FaultServer) -> None:
    server.script(status(404, "model 'nope' not found"))
    _chunks, error = run(engine_for(server))
    assert isinstance(error, ModelNotFoundError)
    assert "model 'nope' not found" in str(error)


def test_connect_names_the_models_the_server_has(server: FaultServer) -> None:
    endpoint = RemoteEndpoint(name="faulty", base_url=server.base_url, model="missing")
    with pytest.raises(ModelNotFoundError, match="test-model, other-model"):
        RemoteEngine.connect(endpoint, policy=FAST)


def test_connect_learns_the_context_size(server: FaultServer) -> None:
    endpoint = RemoteEndpoint(name="faulty", base_url=server.base_url)
    engine = RemoteEngine.connect(endpoint, policy=FAST)
    assert engine.model_name == "test-model" and engine.context_size == 2048
    engine.close()
    configured = RemoteEngine.connect(RemoteEndpoint(name="x", base_url=server.base_url, context_size=999))
    assert configured.context_size == 999
    configured.close()


def test_a_server_that_does_not_say_gets_the_default_context() -> None:
    with FaultServer(context_size=None) as quiet:
        engine = RemoteEngine.connect(RemoteEndpoint(name="q", base_url=quiet.base_url), policy=FAST)
        assert engine.context_size == DEFAULT_CONTEXT
        engine.close()


def test_a_slow_first_byte_times_out_with_a_clear_message(server: FaultServer) -> None:
    server.script(slow_first_byte(4))
    started = time.monotonic()
    _chunks, error = run(engine_for(server, timeout_s=1.0))
    assert isinstance(error, ServerTimeoutError)
    assert "sent nothing for 1 s" in str(error)
    assert time.monotonic() - started < 2.5, "a read timeout is not retried: the server is busy"


def test_a_stall_midway_times_out_and_keeps_the_text(server: FaultServer) -> None:
    server.script(stall_after(2, 5, text="first second third"))
    started = time.monotonic()
    _chunks, error = run(engine_for(server, timeout_s=1.0))
    assert isinstance(error, IncompleteAnswerError)
    assert error.partial_text == "first second "
    assert "stopped sending for 1 s" in str(error)
    assert time.monotonic() - started < 2.5


def test_cancel_closes_a_stalled_stream_at_once(server: FaultServer) -> None:
    server.script(stall_after(2, 10))
    engine = engine_for(server, timeout_s=30.0)
    cancel = CancelToken()
    chunks: list[Chunk] = []
    first = threading.Event()

    def read() -> None:
        for chunk in engine.stream(REQUEST, cancel):
            chunks.append(chunk)
            first.set()

    reader = threading.Thread(target=read)
    reader.start()
    assert first.wait(5)
    time.sleep(0.2)  # the reader is now blocked in a socket read
    cancelled = time.monotonic()
    cancel.cancel()
    reader.join(5)
    assert time.monotonic() - cancelled < 0.5
    assert chunks[-1].finish_reason == "cancelled"
    assert server.disconnected(2), "the server saw the connection close"


def test_a_server_that_refuses_json_schema_gets_json_object(server: FaultServer) -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    request = GenerationRequest.chat("JSON please", max_tokens=16, json_schema=schema)
    server.script(reject_json_schema(), ok('{"a": "b"}'))
    chunks, error = run(engine_for(server), request)
    assert error is None and chunks[-1].problems == ()
    formats = [body.get("response_format") for body in generation_requests(server)]
    assert [f["type"] for f in formats if isinstance(f, dict)] == ["json_schema", "json_object"]


def test_an_answer_that_breaks_the_schema_is_flagged(server: FaultServer) -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    server.script(ok("not json at all"))
    chunks, error = run(engine_for(server), GenerationRequest.chat("JSON", json_schema=schema))
    assert error is None
    assert chunks[-1].problems and "not valid JSON" in chunks[-1].problems[0]


def test_sampler_extras_are_dropped_when_a_server_rejects_them(server: FaultServer) -> None:
    server.script(status(400, "Unrecognized request argument supplied: top_k"), ok(DEFAULT_TEXT))
    _chunks, error = run(engine_for(server))
    assert error is None
    first, second = generation_requests(server)
    assert "top_k" in first and "top_k" not in second


def test_a_server_that_is_down_is_retried_then_named() -> None:
    port = free_port()  # nothing listens there
    endpoint = RemoteEndpoint(name="down", base_url=f"http://127.0.0.1:{port}/v1")
    started = time.monotonic()
    _chunks, error = run(opened(RemoteEngine(endpoint, policy=FAST)))
    assert isinstance(error, ServerUnreachableError)
    assert f"127.0.0.1:{port}" in str(error) and "running" in str(error)
    assert time.monotonic() - started < 3


def test_a_name_that_does_not_resolve_is_a_dns_error_without_retries() -> None:
    endpoint = RemoteEndpoint(name="typo", base_url="http://inference.invalid:8080/v1")
    started = time.monotonic()
    _chunks, error = run(opened(RemoteEngine(endpoint, policy=RetryPolicy(base_delay_s=1.0))))
    assert isinstance(error, ServerUnreachableError)
    assert "DNS" in str(error)
    assert time.monotonic() - started < 0.9, "a name that does not resolve is not retried"


def test_a_missing_ca_file_is_named() -> None:
    endpoint = RemoteEndpoint(name="tls", base_url="https://127.0.0.1:1/v1", ca_file="/nonexistent/ca.pem")
    with pytest.raises(TlsError, match=r"/nonexistent/ca\.pem"):
        RemoteEngine(endpoint)


def test_several_streams_run_at_once_on_one_engine(server: FaultServer) -> None:
    engine = engine_for(server)
    server.script(*(ok(f"answer {i}", delay_s=0.05) for i in range(4)))
    results: list[str] = []
    lock = threading.Lock()

    def one() -> None:
        text = "".join(c.text for c in engine.stream(REQUEST))
        with lock:
            results.append(text)

    threads = [threading.Thread(target=one) for _ in range(4)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert sorted(results) == [f"answer {i}" for i in range(4)]
    assert time.monotonic() - started < 0.5, "the four answers streamed side by side, not one after another"
