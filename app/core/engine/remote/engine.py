"""The remote engine: the `Engine` interface over an OpenAI-compatible HTTP API.

Servers differ in what they accept, so the engine starts with the richest request and steps down when a
server refuses a part of it, remembering the step for later requests:

* structured output: ``response_format`` ``json_schema`` (OpenAI, vLLM, llama-server, Ollama), then
  ``json_object`` with a ``schema`` (llama-cpp-python's server), then none; the answer is validated
  against the schema every time, so a server that ignored it cannot pass bad JSON on silently;
* llama.cpp's sampler extras (``top_k``, ``min_p``, ``repeat_penalty``, and vLLM's
  ``repetition_penalty``) are dropped if rejected;
* ``stream_options`` (usage in streams) likewise.

Unlike the local engine this one is thread-safe: a batch job may run several streams at once.
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx2

from app.core.engine.remote.errors import (
    IncompleteAnswerError,
    ModelNotFoundError,
    RemoteError,
    ServerFailedError,
)
from app.core.engine.remote.http import (
    RequestCancelledError,
    RetryPolicy,
    build_client,
    send,
    server_root,
    transport_error,
)
from app.core.engine.schema_check import check_json_answer
from app.core.engine.types import (
    MAX_SEED,
    CancelToken,
    Chunk,
    FinishReason,
    GenerationRequest,
    Timings,
)
from app.core.settings import RemoteEndpoint

log = logging.getLogger(__name__)

DEFAULT_CONTEXT = 4096
"""Assumed when neither the server nor the endpoint says how many tokens fit."""
_MESSAGE_OVERHEAD = 6
"""Template tokens a chat message adds around its text (role markers, separators)."""
_SCHEMA_MODES = ("json_schema", "json_object", "none")
_EXTRAS = ("top_k", "min_p", "repeat_penalty", "repetition_penalty")
_COUNT_CACHE_SIZE = 2048


@dataclass(frozen=True)
class RemoteInfo:
    """What the status bar and a draft's version record say about a model on a server."""

    name: str
    """The model id on the server."""
    context_size: int
    host: str
    endpoint: str
    """The saved endpoint's name, or the base URL for a one-off."""


@dataclass(frozen=True)
class RemoteModel:
    id: str
    context_size: int | None = None
    owned_by: str = ""


class RemoteEngine:
    """A model on a server. Build it with `connect`, which checks that the server answers."""

    def __init__(
        self,
        endpoint: RemoteEndpoint,
        api_key: str | None = None,
        *,
        client: httpx2.Client | None = None,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.endpoint = endpoint
        self._client = client or build_client(endpoint, api_key)
        self._policy = policy or RetryPolicy()
        self._lock = threading.Lock()
        self._model = endpoint.model
        self._context_size = endpoint.context_size or DEFAULT_CONTEXT
        self._schema_mode = 0
        self._send_extras = True
        self._send_stream_options = True
        self._tokenizer: str | None = None
        """Which tokenize route works: ``llama-server``, ``llama-cpp-python``, ``vllm`` or ``estimate``."""
        self._counts: dict[str, int] = {}

    @classmethod
    def connect(
        cls,
        endpoint: RemoteEndpoint,
        api_key: str | None = None,
        *,
        model: str = "",
        policy: RetryPolicy | None = None,
    ) -> RemoteEngine:
        """Reach the server, pick the model (``model``, else the endpoint's, else the server's first) and
        learn its context size. Raises a `RemoteError` that says what to fix."""
        engine = cls(endpoint, api_key, policy=policy)
        try:
            models = engine.list_models()
            wanted = model or endpoint.model
            if wanted and models and wanted not in {m.id for m in models}:
                names = ", ".join(m.id for m in models[:10])
                raise ModelNotFoundError(
                    f"The server at {engine.host} has no model called {wanted!r}. It offers: {names}."
                )
            if not wanted and not models:
                raise ModelNotFoundError(f"The server at {engine.host} lists no models.")
            chosen = wanted or models[0].id
            engine._model = chosen
            if not endpoint.context_size:
                listed = next((m.context_size for m in models if m.id == chosen), None)
                engine._context_size = engine._server_context() or listed or DEFAULT_CONTEXT
        except BaseException:
            engine.close()
            raise
        return engine

    # ------------------------------------------------------------ what the UI shows

    @property
    def host(self) -> str:
        return self._client.base_url.netloc.decode("ascii", "replace")

    @property
    def model_name(self) -> str:
        return self._model

    @property
    def info(self) -> RemoteInfo:
        return RemoteInfo(
            self._model, self._context_size, self.host, self.endpoint.name or self.endpoint.base_url
        )

    @property
    def context_size(self) -> int:
        return self._context_size

    def list_models(self) -> list[RemoteModel]:
        """The server's models, from ``/v1/models``."""
        data = self._get_json("models")
        items = data.get("data") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise ServerFailedError(
                f"The server at {self.host} answered /models with something that is not a model list. Is "
                "the address the API root (it usually ends in /v1)?",
                200,
            )
        models = []
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                size = item.get("max_model_len") or (item.get("meta") or {}).get("n_ctx_train")
                models.append(
                    RemoteModel(
                        item["id"],
                        size if isinstance(size, int) and size > 0 else None,
                        str(item.get("owned_by", "")),
                    )
                )
        return models

    # ------------------------------------------------------------ Engine

    def count_tokens(self, request: GenerationRequest) -> int:
        if request.prompt is not None:
            return self._count_text(request.prompt)
        return sum(self._count_text(m.content) + _MESSAGE_OVERHEAD for m in request.messages) + 2

    def stream(self, request: GenerationRequest, cancel: CancelToken | None = None) -> Iterator[Chunk]:
        token = cancel or CancelToken()
        seed = request.sampling.seed if request.sampling.seed is not None else secrets.randbelow(MAX_SEED)
        started = time.perf_counter()
        try:
            response = self._open_stream(request, seed, token)
        except RequestCancelledError:
            yield self._cancelled_chunk(seed, started)
            return
        yield from _StreamReader(self, request, response, token, seed, started).chunks()

    def close(self) -> None:
        self._client.close()

    # ------------------------------------------------------------ requests

    def body(self, request: GenerationRequest, seed: int, *, stream: bool = True) -> dict[str, Any]:
        """The JSON body for ``request`` as this server currently accepts it."""
        sampling = request.sampling
        body: dict[str, Any] = {
            "model": self._model,
            "stream": stream,
            "max_tokens": request.max_tokens,
            "temperature": max(0.0, sampling.temperature),
            "top_p": sampling.top_p,
            "seed": seed,
        }
        if request.prompt is not None:
            body["prompt"] = request.prompt
        else:
            body["messages"] = [{"role": m.role, "content": m.content} for m in request.messages]
        if request.stop:
            body["stop"] = list(request.stop)
        if stream and self._send_stream_options:
            body["stream_options"] = {"include_usage": True}
        if self._send_extras:
            body.update(top_k=sampling.top_k, min_p=sampling.min_p, repeat_penalty=sampling.repeat_penalty)
            body["repetition_penalty"] = sampling.repeat_penalty  # vLLM's name for the same penalty
        if sampling.logit_bias:
            body["logit_bias"] = {str(k): v for k, v in sampling.logit_bias.items()}
        if request.json_schema is not None:
            mode = _SCHEMA_MODES[self._schema_mode]
            schema = dict(request.json_schema)
            if mode == "json_schema":
                body["response_format"] = {
                    "type": "json_schema",
                    "json_schema": {"name": "answer", "schema": schema, "strict": True},
                }
            elif mode == "json_object":
                body["response_format"] = {"type": "json_object", "schema": schema}
        return body

    def _path(self, request: GenerationRequest) -> str:
        return "completions" if request.prompt is not None else "chat/completions"

    def _open_stream(self, request: GenerationRequest, seed: int, cancel: CancelToken) -> httpx2.Response:
        """POST the request, stepping down past parts the server refuses (see the module docstring)."""
        while True:
            try:
                return send(
                    self._client,
                    "POST",
                    self._path(request),
                    body=self.body(request, seed),
                    stream=True,
                    cancel=cancel,
                    policy=self._policy,
                )
            except ServerFailedError as exc:
                if exc.status not in (400, 422, 500) or not self._step_down(str(exc), request):
                    raise

    def _step_down(self, message: str, request: GenerationRequest) -> bool:
        """Drop what the server complained about; False when it was something else."""
        said = message.lower()
        with self._lock:
            if (
                request.json_schema is not None
                and ("response_format" in said or "json_schema" in said)
                and self._schema_mode < len(_SCHEMA_MODES) - 1
            ):
                self._schema_mode += 1
                log.info(
                    "%s: structured output falls back to %s", self.host, _SCHEMA_MODES[self._schema_mode]
                )
                return True
            if self._send_extras and any(name in said for name in _EXTRAS):
                self._send_extras = False
                return True
            if self._send_stream_options and "stream_options" in said:
                self._send_stream_options = False
                return True
        return False

    def _get_json(self, path: str) -> Any:
        response = send(self._client, "GET", path, policy=self._policy)
        try:
            return response.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ServerFailedError(
                f"The server at {self.host} answered {path} with something that is not JSON.", 200
            ) from exc

    def _server_context(self) -> int | None:
        """llama-server's ``/props`` tells the context per slot; other servers have no such route."""
        try:
            data = self._get_json(server_root(str(self._client.base_url)) + "/props")
        except RemoteError:
            return None
        settings = data.get("default_generation_settings") if isinstance(data, dict) else None
        n_ctx = settings.get("n_ctx") if isinstance(settings, dict) else None
        return n_ctx if isinstance(n_ctx, int) and n_ctx > 0 else None

    def _count_text(self, text: str) -> int:
        """Counts are cached: flows that split long texts ask about the same pieces again and again, and
        each question to the server is a round trip."""
        if self._tokenizer == "estimate":
            return estimate_tokens(text)
        with self._lock:
            known = self._counts.get(text)
        if known is not None:
            return known
        count = self._tokenize_remote(text)
        with self._lock:
            if len(self._counts) >= _COUNT_CACHE_SIZE:
                self._counts.clear()
            self._counts[text] = count
        return count

    def _tokenize_remote(self, text: str) -> int:
        """Ask the server's tokenizer (each server names the route differently), else estimate."""
        root = server_root(str(self._client.base_url))
        routes: list[tuple[str, str, dict[str, Any]]] = [
            ("llama-server", root + "/tokenize", {"content": text}),
            ("llama-cpp-python", root + "/extras/tokenize", {"input": text}),
            ("vllm", root + "/tokenize", {"model": self._model, "prompt": text}),
        ]
        for name, url, body in routes:
            if self._tokenizer not in (None, name):
                continue
            try:
                response = send(self._client, "POST", url, body=body, policy=RetryPolicy(attempts=1))
                data = response.json()
            except (RemoteError, json.JSONDecodeError, UnicodeDecodeError):
                continue
            count = data.get("count") if isinstance(data, dict) else None
            tokens = data.get("tokens") if isinstance(data, dict) else None
            if isinstance(count, int) or isinstance(tokens, list):
                self._tokenizer = name
                return count if isinstance(count, int) else len(tokens or [])
        self._tokenizer = "estimate"
        return estimate_tokens(text)

    def _cancelled_chunk(self, seed: int, started: float) -> Chunk:
        elapsed = time.perf_counter() - started
        return Chunk("", 0, 0, "cancelled", Timings(0, 0, 0, 0.0, elapsed, 0.0, seed))


def estimate_tokens(text: str) -> int:
    """A cautious guess for servers without a tokenizer route: about 3 characters per token, which
    over- rather than under-counts for English, so a prompt planned with it still fits."""
    return max(1, (len(text) + 2) // 3) if text else 0


class _StreamReader:
    """Turns one open SSE response into chunks, and closes its socket at once on cancel."""

    def __init__(
        self,
        engine: RemoteEngine,
        request: GenerationRequest,
        response: httpx2.Response,
        cancel: CancelToken,
        seed: int,
        started: float,
    ) -> None:
        self.engine = engine
        self.request = request
        self.response = response
        self.cancel = cancel
        self.seed = seed
        self.started = started
        self.pieces: list[str] = []
        self.deltas = 0
        self.first_token_at: float | None = None
        self.finish: str | None = None
        self.usage: dict[str, Any] = {}

    def chunks(self) -> Iterator[Chunk]:
        remove = self.cancel.on_cancel(self._abort)
        try:
            yield from self._read()
        finally:
            remove()
            self.response.close()

    def _abort(self) -> None:
        """Runs on the cancelling thread: shut the socket so a blocked read returns now, not at the
        server's next token (closing alone does not wake a blocked ``recv`` on Linux)."""
        stream = self.response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _read(self) -> Iterator[Chunk]:
        done = False
        try:
            for event in httpx2.EventSource(self.response):
                if self.cancel.cancelled():
                    break
                data = event.data.strip()
                if not data:
                    continue
                if data == "[DONE]":
                    done = True
                    break
                text = self._take(data)
                if text:
                    yield Chunk(text, self.deltas, self.usage.get("prompt_tokens", 0))
        except (httpx2.TransportError, httpx2.StreamError) as exc:
            if not self.cancel.cancelled():
                raise self._incomplete(self._cut_reason(exc)) from exc
        if self.cancel.cancelled():
            yield self._final("cancelled")
            return
        if not done and self.finish is None:
            raise self._incomplete(
                "The server closed the connection before the answer was finished (no end marker)."
            )
        yield self._final(self._finish_reason())

    def _take(self, data: str) -> str:
        try:
            event = json.loads(data)
        except json.JSONDecodeError:
            raise self._incomplete(
                "The server sent something that is not a JSON event in the middle of the answer: "
                f"{data[:80]!r}."
            ) from None
        if not isinstance(event, dict):
            raise self._incomplete("The server sent an event that is not a JSON object.")
        if isinstance(event.get("error"), dict | str):
            error = event["error"]
            said = error.get("message", error) if isinstance(error, dict) else error
            raise self._incomplete(f"The server reported an error mid-answer: {said}")
        if isinstance(event.get("usage"), dict):
            self.usage = event["usage"]
        choices = event.get("choices") or []
        if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
            return ""
        choice = choices[0]
        delta = choice.get("delta")
        text = delta.get("content") if isinstance(delta, dict) else choice.get("text")
        if choice.get("finish_reason"):
            self.finish = str(choice["finish_reason"])
        if not isinstance(text, str) or not text:
            return ""
        if self.first_token_at is None:
            self.first_token_at = time.perf_counter()
        self.pieces.append(text)
        self.deltas += 1
        return text

    def _finish_reason(self) -> FinishReason:
        if self.finish == "length":
            return "length"
        # OpenAI says "stop" both for the model's own end and for a stop string it matched and removed.
        return "stop" if self.request.stop else "eos"

    def _final(self, finish: FinishReason) -> Chunk:
        now = time.perf_counter()
        generated = int(self.usage.get("completion_tokens") or self.deltas)
        prompt = self.usage.get("prompt_tokens")
        if not isinstance(prompt, int):
            prompt = 0 if finish == "cancelled" else self.engine.count_tokens(self.request)
        details = self.usage.get("prompt_tokens_details")
        cached = details.get("cached_tokens", 0) if isinstance(details, dict) else 0
        first = self.first_token_at or now
        timings = Timings(
            prompt_tokens=prompt,
            cached_tokens=int(cached or 0),
            generated_tokens=generated,
            ttft_s=first - self.started,
            prompt_s=first - self.started,
            generation_s=now - first,
            seed=self.seed,
        )
        problems: tuple[str, ...] = ()
        if self.request.json_schema is not None:
            problems = check_json_answer("".join(self.pieces), self.request.json_schema, finish)
        return Chunk("", generated, prompt, finish, timings, problems)

    def _cut_reason(self, exc: BaseException) -> str:
        if isinstance(exc, httpx2.ReadTimeout):
            waited = self.engine.endpoint.timeout_s
            return f"The server stopped sending for {waited:.0f} s in the middle of the answer."
        if isinstance(exc, httpx2.StreamError | httpx2.SSEError):
            return f"The answer's stream could not be read ({exc})."
        return str(transport_error(exc, str(self.engine._client.base_url), self.engine.endpoint.timeout_s))

    def _incomplete(self, reason: str) -> IncompleteAnswerError:
        received = "".join(self.pieces)
        kept = (
            f" The {self.deltas} tokens received so far are kept, marked incomplete."
            if received
            else " Nothing had arrived yet."
        )
        return IncompleteAnswerError(reason + kept, received, self.deltas)
