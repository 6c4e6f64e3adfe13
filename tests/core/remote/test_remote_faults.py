"""Every way a server can fail, from a loopback server that misbehaves on purpose.

Each failure must give a clear message, retry only when that is safe, keep the text that had already
arrived, and never hang: every wait has a timeout and every wait wakes on cancel.
"""

from __future__ import annotations

import dataclasses
import json
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
    raw_sse,
    reject_field,
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


def test_a_cancel_while_waiting_for_the_first_byte_returns_at_once(server: FaultServer) -> None:
    """llama-server sends no headers until its first token: Stop must not wait for them."""
    server.script(slow_first_byte(5))
    engine = engine_for(server, timeout_s=30.0)
    cancel = CancelToken()
    threading.Timer(0.3, cancel.cancel).start()
    started = time.monotonic()
    chunks = list(engine.stream(REQUEST, cancel))
    assert chunks[-1].finish_reason == "cancelled"
    assert time.monotonic() - started < 1.0


def test_streams_refused_at_once_each_step_down_once(server: FaultServer) -> None:
    """Four requests refused together for top_k: all succeed, none skips a level or gives up."""
    server.script(*(reject_field("top_k", text=f"answer {i}", delay_s=0.02) for i in range(8)))
    engine = engine_for(server)
    results: list[BaseException | str] = []
    lock = threading.Lock()
    go = threading.Barrier(4)

    def one() -> None:
        go.wait()
        chunks, error = run(engine)
        with lock:
            results.append(error if error is not None else "".join(c.text for c in chunks))

    threads = [threading.Thread(target=one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert all(isinstance(r, str) and r.startswith("answer") for r in results), results
    assert "top_k" not in engine.body(REQUEST, 1)


def test_a_request_sent_before_a_step_down_is_simply_sent_again(server: FaultServer) -> None:
    engine = engine_for(server)
    before = engine._shape_for(REQUEST)
    assert engine._step_down("Unrecognized request argument supplied: top_k", REQUEST, before)
    # a second request sent with the old shape, refused for the same reason: no further step
    assert engine._step_down("Unrecognized request argument supplied: top_k", REQUEST, before)
    assert engine._shape_for(REQUEST).stream_options, "nothing else was dropped"


def test_a_schema_fallback_is_remembered_per_schema(server: FaultServer) -> None:
    first = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    second = {"type": "object", "properties": {"b": {"type": "string"}}, "required": ["b"]}
    server.script(
        reject_json_schema(), ok('{"a": "x"}'), reject_json_schema(), ok('{"b": "y"}'), ok('{"a": "z"}')
    )
    engine = engine_for(server)
    for schema in (first, second, first):
        _chunks, error = run(engine, GenerationRequest.chat("JSON", json_schema=schema))
        assert error is None
    formats = [body["response_format"]["type"] for body in generation_requests(server)]  # type: ignore[index]
    assert formats == ["json_schema", "json_object", "json_schema", "json_object", "json_object"]


def test_llama_servers_error_line_is_shown_with_its_reason(server: FaultServer) -> None:
    error = {"code": 400, "message": "the request exceeds the available context size", "type": "x"}
    server.script(raw_sse(f"error: {json.dumps(error)}\n\n"))
    _chunks, failure = run(engine_for(server))
    assert isinstance(failure, IncompleteAnswerError)
    assert "exceeds the available context size" in str(failure)


def test_a_clean_close_without_an_end_is_incomplete_but_one_after_the_end_is_not(server: FaultServer) -> None:
    piece = {"choices": [{"index": 0, "delta": {"content": "Half"}, "finish_reason": None}]}
    end = {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
    server.script(raw_sse(f"data: {json.dumps(piece)}\n\n"))
    _chunks, failure = run(engine_for(server))
    assert isinstance(failure, IncompleteAnswerError) and failure.partial_text == "Half"
    assert "no end marker" in str(failure)

    server.script(raw_sse(f"data: {json.dumps(piece)}\n\n: ping\n\ndata: {json.dumps(end)}\n\n"))
    chunks, failure = run(engine_for(server))
    assert failure is None and chunks[-1].finish_reason == "eos"


def test_a_redirect_names_where_it_points(server: FaultServer) -> None:
    server.script(status(301, headers={"Location": "https://ai.example.org/v1/chat/completions"}))
    _chunks, failure = run(engine_for(server))
    assert isinstance(failure, ServerFailedError) and "https://ai.example.org/v1" in str(failure)


def test_credentials_in_the_address_never_appear_in_messages() -> None:
    port = free_port()
    endpoint = RemoteEndpoint(name="x", base_url=f"http://alice:s3cret@127.0.0.1:{port}/v1")
    _chunks, failure = run(opened(RemoteEngine(endpoint, policy=FAST)))
    assert isinstance(failure, ServerUnreachableError)
    assert "s3cret" not in str(failure) and f"127.0.0.1:{port}" in str(failure)


def test_https_to_a_plain_http_port_says_to_use_http(server: FaultServer) -> None:
    endpoint = RemoteEndpoint(name="x", base_url=server.base_url.replace("http://", "https://"))
    _chunks, failure = run(opened(RemoteEngine(endpoint, policy=FAST)))
    assert isinstance(failure, TlsError) and "use an http:// address" in str(failure)


def test_without_a_tokenizer_route_counts_are_estimated_and_never_low(server: FaultServer) -> None:
    engine = engine_for(server)
    english = "The quick brown fox jumps over the lazy dog. " * 4
    japanese = "吾輩は猫である。名前はまだ無い。" * 4
    assert engine.count_tokens(GenerationRequest(prompt=english)) >= len(english.split())
    assert engine.count_tokens(GenerationRequest(prompt=japanese)) >= len(japanese)
    asked = len(server.requests)
    engine.count_tokens(GenerationRequest(prompt="again"))
    assert len(server.requests) == asked, "routes the server lacks are not asked again"
