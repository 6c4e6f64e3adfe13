"""A loopback server that speaks the OpenAI-compatible API (llama-server, vLLM, llama-cpp-python) and fails
on request, so a remote engine client can be tested against real sockets.

Real servers misbehave in ways a mocked transport hides: streams that stop halfway, 429 with Retry-After, a
first byte that takes ages, a stream that goes silent, a JSON-schema request refused with a 500. Each
generation request (``POST /v1/chat/completions`` or ``/v1/completions``) takes the next scripted behaviour;
with nothing scripted it answers normally.

Routes: the two generation endpoints, ``GET /v1/models``, ``GET /props`` (llama-server's context size) and
``GET /health``. Streams are Server-Sent Events in chunked transfer encoding, one flushed event at a time.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
import select
import socket
import ssl
import sys
import threading
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

DEFAULT_TEXT = "Hello from the test server."
SCHEMA_REJECTION = "1 validation error: response_format.type Input should be 'text' or 'json_object'"
"""What llama-cpp-python's server says (with a 500) when asked for ``response_format.type: json_schema``."""

_PIECES = re.compile(r"\S+\s*|\s+")
_POLL_S = 0.05
_CHAT = "/v1/chat/completions"
_COMPLETIONS = "/v1/completions"


@dataclass(frozen=True)
class RecordedRequest:
    """One request as received: header names lower-cased, the body parsed as JSON (None if absent or bad)."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any


# ---------------------------------------------------------------------- behaviours


@dataclass(frozen=True)
class Ok:
    """Answer normally. Streamed: one event per piece of ``text``, ``delay_s`` before each piece.
    Not streamed: one JSON body, after ``delay_s`` per piece."""

    text: str = DEFAULT_TEXT
    usage: bool = True
    finish: str = "stop"
    delay_s: float = 0.0


@dataclass(frozen=True)
class DropAfter:
    """Send the headers and ``chunks`` content events, then close the socket mid-body.
    Not streamed: the headers and the first half of the JSON body."""

    chunks: int
    text: str = DEFAULT_TEXT


@dataclass(frozen=True)
class Status:
    """Answer ``code`` with an OpenAI error body and the given extra headers."""

    code: int
    message: str
    headers: tuple[tuple[str, str], ...] = ()
    error_type: str = ""


@dataclass(frozen=True)
class GarbageSse:
    """A 200 stream with one valid first chunk, then an event that is not JSON, then the end of the body.
    Not streamed: a 200 ``application/json`` body that is not JSON."""


@dataclass(frozen=True)
class SlowFirstByte:
    """Wait ``seconds`` before the status line, then answer like `Ok`."""

    seconds: float
    then: Ok


@dataclass(frozen=True)
class StallAfter:
    """Send the headers and ``chunks`` content events, go silent for ``seconds``, then close mid-body.
    Not streamed: the headers and the first half of the JSON body, then the same silence."""

    chunks: int
    seconds: float
    text: str = DEFAULT_TEXT


@dataclass(frozen=True)
class RejectJsonSchema:
    """Refuse ``response_format.type == "json_schema"`` like llama-cpp-python (500); else answer `then`."""

    then: Ok


@dataclass(frozen=True)
class RawSse:
    """A 200 event stream whose body is exactly ``body`` (after the usual role chunk), sent in one piece
    after ``delay_s``, then a clean end of body: for what real servers send that `Ok` does not (an
    ``error:`` line, keep-alive comments, no ``[DONE]``)."""

    body: str
    delay_s: float = 0.0


@dataclass(frozen=True)
class RejectField:
    """Refuse a request whose body has ``field`` (400, naming it, as OpenAI does); otherwise `then`."""

    field: str
    then: Ok


Behaviour = (
    Ok
    | DropAfter
    | Status
    | GarbageSse
    | SlowFirstByte
    | StallAfter
    | RejectJsonSchema
    | RawSse
    | RejectField
)


def ok(
    text: str = DEFAULT_TEXT, *, usage: bool = True, finish: str = "stop", delay_s: float = 0.0
) -> Behaviour:
    return Ok(text, usage, finish, delay_s)


def drop_after(chunks: int, *, text: str = DEFAULT_TEXT) -> Behaviour:
    return DropAfter(chunks, text)


def status(
    code: int, message: str = "", *, headers: Mapping[str, str] | None = None, error_type: str = ""
) -> Behaviour:
    """``message`` defaults to the status's reason phrase (``Too Many Requests``...)."""
    if not message:
        try:
            message = HTTPStatus(code).phrase
        except ValueError:
            message = "Error"
    return Status(code, message, tuple((headers or {}).items()), error_type)


def garbage_sse() -> Behaviour:
    return GarbageSse()


def raw_sse(body: str, *, delay_s: float = 0.0) -> Behaviour:
    return RawSse(body, delay_s)


def reject_field(field: str, *, text: str = DEFAULT_TEXT, delay_s: float = 0.0) -> Behaviour:
    return RejectField(field, Ok(text, delay_s=delay_s))


def slow_first_byte(seconds: float, *, text: str = DEFAULT_TEXT) -> Behaviour:
    return SlowFirstByte(seconds, Ok(text))


def stall_after(chunks: int, seconds: float, *, text: str = DEFAULT_TEXT) -> Behaviour:
    return StallAfter(chunks, seconds, text)


def reject_json_schema(*, text: str = DEFAULT_TEXT) -> Behaviour:
    return RejectJsonSchema(Ok(text))


# ---------------------------------------------------------------------- the server


class FaultServer:
    """The server, bound to ``127.0.0.1`` on a free port at construction; serves inside ``with``."""

    def __init__(
        self,
        models: Sequence[str] = ("test-model",),
        context_size: int | None = 2048,
        *,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        """``tls``: a server-side context, to serve HTTPS (the handshake happens as a connection is
        accepted; a client that refuses the certificate is simply dropped)."""
        self.models = tuple(models)
        self.scheme = "https" if tls is not None else "http"
        self.context_size = context_size
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._script: deque[Behaviour] = deque()
        self._stopping = threading.Event()
        self._connections: dict[socket.socket, threading.Thread] = {}
        self._watch = threading.Condition()
        self._response_serial = 0
        self._client_gone = False
        self._ids = itertools.count(1)
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self._thread: threading.Thread | None = None

    @property
    def root_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"{self.scheme}://{host!s}:{port}"

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/v1"

    @property
    def pending(self) -> int:
        """Scripted behaviours not used yet."""
        with self._lock:
            return len(self._script)

    def script(self, *behaviours: Behaviour) -> None:
        """Queue behaviours; each generation request takes the next one, and `ok` once they run out."""
        with self._lock:
            self._script.extend(behaviours)

    def disconnected(self, timeout: float) -> bool:
        """Whether the client hung up on the most recent generation response (streamed or not) while the
        server was still waiting, sending or stalling; waits up to ``timeout`` seconds for it to happen."""
        with self._watch:
            return self._watch.wait_for(lambda: self._client_gone, timeout)

    def start(self) -> FaultServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": _POLL_S},
            name="openai-fault-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close every open connection, stalled ones included, within a second."""
        with self._lock:
            self._stopping.set()
            connections = list(self._connections.items())
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=0.5)
            self._thread = None
        for connection, _ in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + 0.4
        for _, thread in connections:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        self._httpd.server_close()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ used by the handler

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def wait_stopping(self, seconds: float) -> bool:
        return self._stopping.wait(seconds)

    def track(self, connection: socket.socket) -> bool:
        """Register an open connection; False (and the caller hangs up) once the server is stopping."""
        with self._lock:
            if self._stopping.is_set():
                return False
            self._connections[connection] = threading.current_thread()
            return True

    def untrack(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.pop(connection, None)

    def record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def next_behaviour(self) -> Behaviour:
        with self._lock:
            return self._script.popleft() if self._script else Ok()

    def next_id(self) -> int:
        return next(self._ids)

    def begin_response(self) -> int:
        with self._watch:
            self._response_serial += 1
            self._client_gone = False
            return self._response_serial

    def client_left(self, serial: int) -> None:
        with self._watch:
            if serial == self._response_serial:
                self._client_gone = True
                self._watch.notify_all()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    owner: FaultServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client hanging up mid-answer is normal here; anything else is a bug worth a traceback."""
        if not isinstance(sys.exc_info()[1], OSError | ValueError):
            super().handle_error(request, client_address)


@dataclass(frozen=True)
class _Call:
    """One generation request, as the answer needs it."""

    chat: bool
    stream: bool
    include_usage: bool
    model: str
    prompt_words: int
    ident: str
    created: int

    def chunk(self, *, piece: str | None = None, role: bool = False, finish: str | None = None) -> Any:
        choice: dict[str, Any]
        if self.chat:
            delta: dict[str, Any] = {}
            if role:
                delta["role"] = "assistant"
            if piece is not None:
                delta["content"] = piece
            choice = {"index": 0, "delta": delta, "finish_reason": finish}
        else:
            choice = {"index": 0, "text": piece or "", "logprobs": None, "finish_reason": finish}
        return self._envelope("chat.completion.chunk" if self.chat else "text_completion", [choice])

    def usage_chunk(self, pieces: int) -> Any:
        chunk = self._envelope("chat.completion.chunk" if self.chat else "text_completion", [])
        chunk["usage"] = self.usage(pieces)
        return chunk

    def whole(self, text: str, finish: str, usage: bool) -> Any:
        choice: dict[str, Any] = {"index": 0, "finish_reason": finish}
        if self.chat:
            choice["message"] = {"role": "assistant", "content": text}
        else:
            choice["text"] = text
            choice["logprobs"] = None
        body = self._envelope("chat.completion" if self.chat else "text_completion", [choice])
        if usage:
            body["usage"] = self.usage(len(_pieces(text)))
        return body

    def usage(self, pieces: int) -> dict[str, int]:
        return {
            "prompt_tokens": self.prompt_words,
            "completion_tokens": pieces,
            "total_tokens": self.prompt_words + pieces,
        }

    def _envelope(self, kind: str, choices: list[Any]) -> dict[str, Any]:
        return {
            "id": self.ident,
            "object": kind,
            "created": self.created,
            "model": self.model,
            "choices": choices,
        }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server
    _serial = 0
    _gone = False

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read `FaultServer.requests`, not logs."""

    def setup(self) -> None:
        super().setup()
        if not self.server.owner.track(self.connection):
            self._hang_up()

    def finish(self) -> None:
        self.server.owner.untrack(self.connection)
        super().finish()

    # ------------------------------------------------------------------ routing

    def do_GET(self) -> None:
        owner = self.server.owner
        self._serial = 0  # not a generation response: a hang-up here says nothing about one
        owner.record(RecordedRequest("GET", self.path, self._headers(), None))
        path = urlsplit(self.path).path.rstrip("/")
        if path in ("/v1/models", "/models"):
            data: list[dict[str, Any]] = []
            for model in owner.models:
                item: dict[str, Any] = {"id": model, "object": "model", "owned_by": "test"}
                if owner.context_size is not None:
                    item["max_model_len"] = owner.context_size
                data.append(item)
            self._json(200, {"object": "list", "data": data})
        elif path == "/props" and owner.context_size is not None:
            self._json(200, {"default_generation_settings": {"n_ctx": owner.context_size}})
        elif path == "/health":
            self._json(200, {"status": "ok"})
        else:
            self._error(404, "Not found", "not_found_error")

    def do_POST(self) -> None:
        owner = self.server.owner
        self._serial = 0
        raw = self._read_body()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        owner.record(RecordedRequest("POST", self.path, self._headers(), body))
        path = urlsplit(self.path).path.rstrip("/")
        if path not in (_CHAT, _COMPLETIONS):
            self._error(404, "Not found", "not_found_error")
            return
        if not isinstance(body, dict):
            self._error(400, "The request body must be a JSON object", "invalid_request_error")
            return
        call = self._call(body, chat=path == _CHAT)
        self._serial = owner.begin_response()
        self._answer(owner.next_behaviour(), call, body)

    def _call(self, body: dict[str, Any], *, chat: bool) -> _Call:
        options = body.get("stream_options")
        model = body.get("model")
        prefix = "chatcmpl" if chat else "cmpl"
        return _Call(
            chat=chat,
            stream=body.get("stream") is True,
            include_usage=isinstance(options, dict) and options.get("include_usage") is True,
            model=model if isinstance(model, str) and model else self.server.owner.models[0],
            prompt_words=_prompt_words(body, chat=chat),
            ident=f"{prefix}-{self.server.owner.next_id()}",
            created=int(time.time()),
        )

    # ------------------------------------------------------------------ behaviours

    def _answer(self, behaviour: Behaviour, call: _Call, body: dict[str, Any]) -> None:
        if isinstance(behaviour, Ok):
            self._ok(call, behaviour)
        elif isinstance(behaviour, SlowFirstByte):
            if self._pause(behaviour.seconds):
                self._ok(call, behaviour.then)
        elif isinstance(behaviour, RejectJsonSchema):
            response_format = body.get("response_format")
            if isinstance(response_format, dict) and response_format.get("type") == "json_schema":
                self._json(500, {"error": {"message": SCHEMA_REJECTION, "type": "internal_server_error"}})
            else:
                self._ok(call, behaviour.then)
        elif isinstance(behaviour, Status):
            self._error(behaviour.code, behaviour.message, behaviour.error_type, dict(behaviour.headers))
        elif isinstance(behaviour, GarbageSse):
            self._garbage(call)
        elif isinstance(behaviour, RejectField):
            if behaviour.field in body:
                message = f"Unrecognized request argument supplied: {behaviour.field}"
                self._error(400, message, "invalid_request_error")
            else:
                self._ok(call, behaviour.then)
        elif isinstance(behaviour, RawSse):
            started = self._stream_start(call, close=True) and self._pause(behaviour.delay_s)
            if started and (not behaviour.body or self._chunk(behaviour.body.encode())):
                self._send(b"0\r\n\r\n")
        else:
            self._cut(call, behaviour)

    def _ok(self, call: _Call, behaviour: Ok) -> None:
        pieces = _pieces(behaviour.text)
        if not call.stream:
            if behaviour.delay_s <= 0 or self._pause(behaviour.delay_s * len(pieces)):
                self._json(200, call.whole(behaviour.text, behaviour.finish, behaviour.usage))
            return
        if not self._stream_start(call):
            return
        for piece in pieces:
            if behaviour.delay_s > 0 and not self._pause(behaviour.delay_s):
                return
            if not self._event(call.chunk(piece=piece)):
                return
        if not self._event(call.chunk(finish=behaviour.finish)):
            return
        if behaviour.usage and call.include_usage and not self._event(call.usage_chunk(len(pieces))):
            return
        if self._chunk(b"data: [DONE]\n\n"):
            self._send(b"0\r\n\r\n")

    def _cut(self, call: _Call, behaviour: DropAfter | StallAfter) -> None:
        """Part of an answer, an optional silence, then a close without the end of the body."""
        if call.stream:
            if not self._stream_start(call, close=True):
                return
            for piece in _pieces(behaviour.text)[: behaviour.chunks]:
                if not self._event(call.chunk(piece=piece)):
                    return
        else:
            body = json.dumps(call.whole(behaviour.text, "stop", usage=True)).encode()
            if not self._head(200, "application/json", {"Content-Length": str(len(body))}, close=True):
                return
            if not self._send(body[: len(body) // 2]):
                return
        if isinstance(behaviour, StallAfter) and not self._pause(behaviour.seconds):
            return
        self._hang_up()

    def _garbage(self, call: _Call) -> None:
        if not call.stream:
            body = b"{not json at all"
            self._head(200, "application/json", {"Content-Length": str(len(body))}, close=True)
            self._send(body)
            return
        if not self._stream_start(call, close=True):
            return
        if not call.chat and not self._event(call.chunk(piece="")):
            return
        if self._chunk(b"data: {not json at all\n\n"):
            self._send(b"0\r\n\r\n")

    # ------------------------------------------------------------------ sending

    def _stream_start(self, call: _Call, *, close: bool = False) -> bool:
        """The event-stream headers and, for chat, the first chunk with the assistant role."""
        headers = {"Cache-Control": "no-cache", "Transfer-Encoding": "chunked"}
        if not self._head(200, "text/event-stream", headers, close=close):
            return False
        return not call.chat or self._event(call.chunk(role=True))

    def _head(self, code: int, content_type: str, headers: Mapping[str, str], *, close: bool = False) -> bool:
        if self._gone:
            return False
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name, value)
        if close:
            self.send_header("Connection", "close")
        try:
            self.end_headers()
        except OSError:
            self._lost()
            return False
        return True

    def _event(self, payload: Any) -> bool:
        return self._chunk(f"data: {json.dumps(payload)}\n\n".encode())

    def _chunk(self, data: bytes) -> bool:
        return self._send(f"{len(data):X}\r\n".encode() + data + b"\r\n")

    def _send(self, data: bytes) -> bool:
        if self._gone:
            return False
        try:
            self.wfile.write(data)
        except OSError:
            self._lost()
            return False
        return True

    def _json(self, code: int, payload: Any, headers: Mapping[str, str] | None = None) -> None:
        body = json.dumps(payload).encode()
        extra = {**(headers or {}), "Content-Length": str(len(body))}
        if self._head(code, "application/json", extra):
            self._send(body)

    def _error(
        self, code: int, message: str, error_type: str, headers: Mapping[str, str] | None = None
    ) -> None:
        self._json(code, {"error": {"message": message, "type": error_type, "code": code}}, headers)

    def _pause(self, seconds: float) -> bool:
        """Wait, sending nothing; False (and the connection is to be dropped) when the server stops or the
        client hangs up first."""
        deadline = time.monotonic() + seconds
        owner = self.server.owner
        while True:
            if owner.stopping:
                self.close_connection = True
                return False
            left = deadline - time.monotonic()
            if left <= 0:
                return True
            if self._peer_closed(min(left, _POLL_S)):
                self._lost()
                return False

    def _peer_closed(self, wait: float) -> bool:
        try:
            readable, _, _ = select.select([self.connection], [], [], wait)
            if not readable:
                return False
            data = self.connection.recv(1, socket.MSG_PEEK)
        except (OSError, ValueError):
            return True
        if data:  # the client sent more: not a hang-up, but do not spin on it
            self.server.owner.wait_stopping(wait)
        return not data

    def _lost(self) -> None:
        self._gone = True
        self.close_connection = True
        self.server.owner.client_left(self._serial)

    def _hang_up(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    # ------------------------------------------------------------------ reading

    def _headers(self) -> dict[str, str]:
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            key = name.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        return headers

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            parts: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""


def _pieces(text: str) -> list[str]:
    return _PIECES.findall(text)


def _prompt_words(body: dict[str, Any], *, chat: bool) -> int:
    texts: list[str] = []
    if chat:
        messages = body.get("messages")
        for message in messages if isinstance(messages, list) else []:
            content = message.get("content") if isinstance(message, dict) else None
            if isinstance(content, str):
                texts.append(content)
            elif isinstance(content, list):
                texts.extend(
                    part["text"]
                    for part in content
                    if isinstance(part, dict) and isinstance(part.get("text"), str)
                )
    else:
        prompt = body.get("prompt")
        if isinstance(prompt, str):
            texts.append(prompt)
        elif isinstance(prompt, list):
            texts.extend(p for p in prompt if isinstance(p, str))
    return sum(len(text.split()) for text in texts)
