"""The OpenAI-compatible fault server does what its behaviours promise, so a remote client test that uses it
fails because of the client, never because of the server."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest

from tests.support.openai_fault_server import (
    DEFAULT_TEXT,
    SCHEMA_REJECTION,
    FaultServer,
    drop_after,
    garbage_sse,
    ok,
    reject_json_schema,
    slow_first_byte,
    stall_after,
    status,
)

PIECES = ["Hello ", "from ", "the ", "test ", "server."]
CHAT: dict[str, Any] = {"model": "test-model", "messages": [{"role": "user", "content": "Say hi to me"}]}


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running


@pytest.fixture
def client(server: FaultServer) -> Iterator[httpx2.Client]:
    with httpx2.Client(base_url=server.base_url, timeout=5) as http:
        yield http


def stream_chat(**extra: Any) -> dict[str, Any]:
    return {**CHAT, "stream": True, **extra}


def read_events(response: httpx2.Response) -> list[Any]:
    """Every ``data:`` payload, parsed; ``[DONE]`` stays a string."""
    events: list[Any] = []
    for line in response.iter_lines():
        if line.startswith("data: "):
            data = line.removeprefix("data: ")
            events.append(data if data == "[DONE]" else json.loads(data))
    return events


def contents(events: list[Any]) -> list[str]:
    return [
        event["choices"][0]["delta"]["content"]
        for event in events
        if isinstance(event, dict) and event["choices"] and "content" in event["choices"][0]["delta"]
    ]


def test_ok_streams_one_event_per_piece_then_done(client: httpx2.Client) -> None:
    with client.stream("POST", "/chat/completions", json=stream_chat()) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = read_events(response)
    assert events[0]["choices"][0]["delta"] == {"role": "assistant"}
    assert events[0]["object"] == "chat.completion.chunk" and events[0]["model"] == "test-model"
    assert contents(events) == PIECES
    assert events[-2]["choices"][0] == {"index": 0, "delta": {}, "finish_reason": "stop"}
    assert events[-1] == "[DONE]"
    assert not any("usage" in event for event in events if isinstance(event, dict))


def test_usage_chunk_only_when_the_request_asks(client: httpx2.Client) -> None:
    asked = stream_chat(stream_options={"include_usage": True})
    with client.stream("POST", "/chat/completions", json=asked) as response:
        events = read_events(response)
    assert events[-2]["choices"] == []
    assert events[-2]["usage"] == {"prompt_tokens": 4, "completion_tokens": 5, "total_tokens": 9}
    assert events[-1] == "[DONE]"

    with client.stream("POST", "/chat/completions", json=stream_chat()) as response:
        assert not any("usage" in e for e in read_events(response) if isinstance(e, dict))


def test_ok_can_leave_usage_out_and_set_the_finish_reason(server: FaultServer, client: httpx2.Client) -> None:
    server.script(ok("Two words", usage=False, finish="length"))
    asked = stream_chat(stream_options={"include_usage": True})
    with client.stream("POST", "/chat/completions", json=asked) as response:
        events = read_events(response)
    assert contents(events) == ["Two ", "words"]
    assert events[-2]["choices"][0]["finish_reason"] == "length" and events[-1] == "[DONE]"


def test_completions_stream_text(client: httpx2.Client) -> None:
    body = {"model": "test-model", "prompt": "Once upon", "stream": True}
    with client.stream("POST", "/completions", json=body) as response:
        events = read_events(response)
    texts = [event["choices"][0]["text"] for event in events[:-1]]
    assert "".join(texts) == DEFAULT_TEXT and texts[:2] == ["Hello ", "from "]
    assert events[-2]["choices"][0]["finish_reason"] == "stop" and events[-1] == "[DONE]"


def test_non_streamed_answers(client: httpx2.Client) -> None:
    chat = client.post("/chat/completions", json=CHAT).json()
    assert chat["object"] == "chat.completion"
    assert chat["choices"] == [
        {"index": 0, "message": {"role": "assistant", "content": DEFAULT_TEXT}, "finish_reason": "stop"}
    ]
    assert chat["usage"] == {"prompt_tokens": 4, "completion_tokens": 5, "total_tokens": 9}
    completion = client.post("/completions", json={"prompt": "Once upon a time"}).json()
    assert completion["choices"][0]["text"] == DEFAULT_TEXT and completion["usage"]["prompt_tokens"] == 4


def test_events_arrive_one_at_a_time(server: FaultServer, client: httpx2.Client) -> None:
    server.script(ok(delay_s=0.15))
    start = time.monotonic()
    arrivals: list[float] = []
    with client.stream("POST", "/chat/completions", json=stream_chat()) as response:
        for line in response.iter_lines():
            if line.startswith("data: "):
                arrivals.append(time.monotonic() - start)
    assert arrivals[-1] - arrivals[1] >= 0.4  # the first piece came well before the end


def test_drop_after_cuts_the_stream(server: FaultServer, client: httpx2.Client) -> None:
    server.script(drop_after(2))
    lines: list[str] = []
    with (
        pytest.raises(httpx2.RemoteProtocolError),
        client.stream("POST", "/chat/completions", json=stream_chat()) as response,
    ):
        lines.extend(response.iter_lines())
    events = [json.loads(line.removeprefix("data: ")) for line in lines if line]
    assert contents(events) == PIECES[:2]
    assert "data: [DONE]" not in lines


def test_status_429_carries_retry_after(server: FaultServer, client: httpx2.Client) -> None:
    server.script(status(429, "Too busy", headers={"Retry-After": "1"}, error_type="rate_limit_exceeded"))
    response = client.post("/chat/completions", json=stream_chat())
    assert response.status_code == 429 and response.headers["retry-after"] == "1"
    assert response.json() == {"error": {"message": "Too busy", "type": "rate_limit_exceeded", "code": 429}}
    assert client.post("/chat/completions", json=CHAT).status_code == 200  # the script ran out: ok again


def test_garbage_sse_sends_a_broken_event(server: FaultServer, client: httpx2.Client) -> None:
    server.script(garbage_sse())
    with client.stream("POST", "/chat/completions", json=stream_chat()) as response:
        lines = [line for line in response.iter_lines() if line]
    assert json.loads(lines[0].removeprefix("data: "))["choices"][0]["delta"] == {"role": "assistant"}
    assert lines[1:] == ["data: {not json at all"]


def test_slow_first_byte_delays_the_headers(server: FaultServer, client: httpx2.Client) -> None:
    server.script(slow_first_byte(0.3))
    start = time.monotonic()
    with client.stream("POST", "/chat/completions", json=stream_chat()) as response:
        waited = time.monotonic() - start
        events = read_events(response)
    assert waited >= 0.25
    assert contents(events) == PIECES and events[-1] == "[DONE]"


def test_client_closing_a_stalled_stream_is_seen(server: FaultServer, client: httpx2.Client) -> None:
    server.script(stall_after(1, 10))
    with client.stream("POST", "/chat/completions", json=stream_chat()) as response:
        lines = response.iter_lines()
        assert next(lines).startswith("data: ")  # the role chunk
        next(lines)
        assert json.loads(next(lines).removeprefix("data: "))["choices"][0]["delta"]["content"] == "Hello "
        assert not server.disconnected(timeout=0.2)
    assert server.disconnected(timeout=2)


def test_a_finished_stream_is_not_a_disconnect(server: FaultServer, client: httpx2.Client) -> None:
    with client.stream("POST", "/chat/completions", json=stream_chat()) as response:
        read_events(response)
    assert not server.disconnected(timeout=0.2)


def test_reject_json_schema_applies_to_one_request(server: FaultServer, client: httpx2.Client) -> None:
    schema = {"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "object"}}}
    server.script(reject_json_schema())
    refused = client.post("/chat/completions", json={**CHAT, "response_format": schema})
    assert refused.status_code == 500
    assert refused.json() == {"error": {"message": SCHEMA_REJECTION, "type": "internal_server_error"}}
    assert client.post("/chat/completions", json={**CHAT, "response_format": schema}).status_code == 200

    server.script(reject_json_schema(), status(503))
    assert client.post("/chat/completions", json=CHAT).status_code == 200  # no schema: answered normally
    assert client.post("/chat/completions", json=CHAT).status_code == 503  # and the next behaviour is next
    assert server.pending == 0


def test_models_and_props(client: httpx2.Client, server: FaultServer) -> None:
    assert client.get("/models").json() == {
        "object": "list",
        "data": [{"id": "test-model", "object": "model", "owned_by": "test", "max_model_len": 2048}],
    }
    props = httpx2.get(f"{server.root_url}/props")
    assert props.json() == {"default_generation_settings": {"n_ctx": 2048}}


def test_without_a_context_size() -> None:
    with FaultServer(models=("a", "b"), context_size=None) as bare, httpx2.Client() as http:
        models = http.get(f"{bare.base_url}/models").json()["data"]
        assert models == [
            {"id": "a", "object": "model", "owned_by": "test"},
            {"id": "b", "object": "model", "owned_by": "test"},
        ]
        assert http.get(f"{bare.root_url}/props").status_code == 404


def test_unknown_paths_get_an_openai_404(client: httpx2.Client) -> None:
    response = client.get("/nowhere")
    assert response.status_code == 404 and response.json()["error"]["code"] == 404
    assert client.post("/embeddings", json={}).status_code == 404


def test_requests_are_recorded(server: FaultServer, client: httpx2.Client) -> None:
    client.get("/models", headers={"Authorization": "Bearer sk-test"})
    client.post("/chat/completions", json=CHAT, headers={"X-Custom": "yes"})
    first, second = server.requests
    assert (first.method, first.path, first.body) == ("GET", "/v1/models", None)
    assert first.headers["authorization"] == "Bearer sk-test"
    assert (second.method, second.path, second.body) == ("POST", "/v1/chat/completions", CHAT)
    assert second.headers["x-custom"] == "yes" and "X-Custom" not in second.headers


def test_shutdown_with_a_stalled_stream_is_prompt() -> None:
    with httpx2.Client(timeout=5) as http:
        server = FaultServer().__enter__()
        server.script(stall_after(1, 30))
        with http.stream("POST", f"{server.base_url}/chat/completions", json=stream_chat()) as response:
            lines = response.iter_lines()
            next(lines)
            start = time.monotonic()
            server.__exit__(None, None, None)
            assert time.monotonic() - start < 1
            with pytest.raises(httpx2.RemoteProtocolError):
                list(lines)


def test_shutdown_cuts_a_slow_first_byte_short() -> None:
    server = FaultServer().__enter__()
    server.script(slow_first_byte(30))
    errors: list[Exception] = []

    def ask() -> None:
        try:
            with httpx2.Client(timeout=5) as http:
                http.post(f"{server.base_url}/chat/completions", json=CHAT)
        except httpx2.HTTPError as error:
            errors.append(error)

    asking = threading.Thread(target=ask)
    asking.start()
    deadline = time.monotonic() + 1
    while not server.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    start = time.monotonic()
    server.__exit__(None, None, None)
    assert time.monotonic() - start < 1
    asking.join(timeout=2)
    assert not asking.is_alive() and len(errors) == 1
