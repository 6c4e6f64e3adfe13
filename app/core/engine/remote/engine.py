"""The remote engine: the `Engine` interface over an OpenAI-compatible HTTP API.

Servers differ in what they accept, so the engine starts with the richest request and steps down when a
server refuses a part of it, remembering the step for later requests:

* structured output: ``response_format`` ``json_schema`` (OpenAI, vLLM, llama-server, Ollama), then
  ``json_object`` with a ``schema`` (llama-cpp-python's server), then none, remembered per schema (one
  schema a server cannot convert does not cost every other one its constraint); the answer is validated
  against the schema every time, so a server that ignored it cannot pass bad JSON on silently;
* llama.cpp's sampler extras (``top_k``, ``min_p``, ``repeat_penalty``, and vLLM's
  ``repetition_penalty``) are dropped if rejected;
* ``stream_options`` (usage in streams) likewise.

Unlike the local engine this one is thread-safe: a batch job may run several streams at once. A request
remembers the shape it was sent in, so when several are refused at once each steps down only past what
it was refused for, and none skips a level.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import httpx2

from app.core.engine.remote.errors import (
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
)
from app.core.engine.remote.stream_reader import StreamReader
from app.core.engine.remote.tokens import TokenCounter
from app.core.engine.types import (
    MAX_SEED,
    CancelToken,
    Chunk,
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
_CONNECT_POLICY = RetryPolicy(attempts=2)
"""Connecting is what the user waits on with nothing else to do: one retry, not three."""


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


@dataclass(frozen=True)
class _Shape:
    """What a request was sent with, so a refusal steps down from there (see the module docstring)."""

    schema_mode: int = 0
    extras: bool = True
    stream_options: bool = True


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
        self._shape = _Shape()
        self._schema_modes: dict[str, int] = {}
        self._counter = TokenCounter(self._client, lambda: self._model)

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
            models = engine.list_models(policy=policy or _CONNECT_POLICY)
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
        """``host:port`` without any credentials the URL may carry."""
        url = self._client.base_url
        return f"{url.host}:{url.port}" if url.port else url.host

    @property
    def base_url(self) -> str:
        return str(self._client.base_url)

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

    def list_models(self, policy: RetryPolicy | None = None) -> list[RemoteModel]:
        """The server's models, from ``/v1/models``."""
        data = self._get_json("models", policy)
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
                # vLLM's max_model_len is what it serves; a training context (n_ctx_train) is not, so it
                # is never taken for the context a request may fill.
                size = item.get("max_model_len")
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
            return self._counter.count(request.prompt)
        return sum(self._counter.count(m.content) + _MESSAGE_OVERHEAD for m in request.messages) + 2

    def stream(self, request: GenerationRequest, cancel: CancelToken | None = None) -> Iterator[Chunk]:
        token = cancel or CancelToken()
        seed = request.sampling.seed if request.sampling.seed is not None else secrets.randbelow(MAX_SEED)
        started = time.perf_counter()
        try:
            response = self._open_stream(request, seed, token)
        except RequestCancelledError:
            yield self._cancelled_chunk(seed, started)
            return
        yield from StreamReader(self, request, response, token, seed, started).chunks()

    def close(self) -> None:
        self._client.close()

    # ------------------------------------------------------------ requests

    def body(
        self, request: GenerationRequest, seed: int, *, stream: bool = True, shape: _Shape | None = None
    ) -> dict[str, Any]:
        """The JSON body for ``request`` as this server currently accepts it (or in ``shape``)."""
        shape = shape or self._shape_for(request)
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
        if stream and shape.stream_options:
            body["stream_options"] = {"include_usage": True}
        if shape.extras:
            body.update(top_k=sampling.top_k, min_p=sampling.min_p, repeat_penalty=sampling.repeat_penalty)
            body["repetition_penalty"] = sampling.repeat_penalty  # vLLM's name for the same penalty
        if sampling.logit_bias:
            body["logit_bias"] = {str(k): v for k, v in sampling.logit_bias.items()}
        if request.json_schema is not None:
            mode = _SCHEMA_MODES[shape.schema_mode]
            schema = dict(request.json_schema)
            # No "strict": OpenAI refuses strict schemas with optional properties, and the answer is
            # validated here anyway.
            if mode == "json_schema":
                body["response_format"] = {
                    "type": "json_schema",
                    "json_schema": {"name": "answer", "schema": schema},
                }
            elif mode == "json_object":
                body["response_format"] = {"type": "json_object", "schema": schema}
        return body

    def _shape_for(self, request: GenerationRequest) -> _Shape:
        with self._lock:
            return self._shape_locked(request)

    def _shape_locked(self, request: GenerationRequest) -> _Shape:
        mode = 0
        if request.json_schema is not None:
            mode = self._schema_modes.get(_schema_key(request.json_schema), 0)
        return replace(self._shape, schema_mode=mode)

    def _path(self, request: GenerationRequest) -> str:
        return "completions" if request.prompt is not None else "chat/completions"

    def _open_stream(self, request: GenerationRequest, seed: int, cancel: CancelToken) -> httpx2.Response:
        """POST the request, stepping down past parts the server refuses (see the module docstring)."""
        while True:
            shape = self._shape_for(request)
            try:
                return send(
                    self._client,
                    "POST",
                    self._path(request),
                    body=self.body(request, seed, shape=shape),
                    stream=True,
                    cancel=cancel,
                    policy=self._policy,
                )
            except ServerFailedError as exc:
                if exc.status not in (400, 422, 500) or not self._step_down(str(exc), request, shape):
                    raise

    def _step_down(self, message: str, request: GenerationRequest, sent: _Shape) -> bool:
        """Drop what the server complained about in a request sent as ``sent``; True to send again,
        False when the complaint was about something else."""
        said = message.lower()
        with self._lock:
            if self._shape_locked(request) != sent:
                return True  # another request already stepped down past this: just send again
            schema_refused = "response_format" in said or "json_schema" in said
            if (
                request.json_schema is not None
                and schema_refused
                and sent.schema_mode < len(_SCHEMA_MODES) - 1
            ):
                self._schema_modes[_schema_key(request.json_schema)] = sent.schema_mode + 1
                log.info(
                    "%s: structured output falls back to %s", self.host, _SCHEMA_MODES[sent.schema_mode + 1]
                )
                return True
            if sent.extras and any(name in said for name in _EXTRAS):
                self._shape = replace(self._shape, extras=False)
                return True
            if sent.stream_options and "stream_options" in said:
                self._shape = replace(self._shape, stream_options=False)
                return True
        return False

    def _get_json(self, path: str, policy: RetryPolicy | None = None) -> Any:
        response = send(self._client, "GET", path, policy=policy or self._policy)
        try:
            return response.json()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ServerFailedError(
                f"The server at {self.host} answered {path} with something that is not JSON.", 200
            ) from exc

    def _server_context(self) -> int | None:
        """llama-server's ``/props`` tells the context per slot; other servers have no such route."""
        try:
            data = self._get_json(server_root(str(self._client.base_url)) + "/props", RetryPolicy(attempts=1))
        except RemoteError:
            return None
        settings = data.get("default_generation_settings") if isinstance(data, dict) else None
        n_ctx = settings.get("n_ctx") if isinstance(settings, dict) else None
        return n_ctx if isinstance(n_ctx, int) and n_ctx > 0 else None

    def _cancelled_chunk(self, seed: int, started: float) -> Chunk:
        elapsed = time.perf_counter() - started
        return Chunk("", 0, 0, "cancelled", Timings(0, 0, 0, 0.0, elapsed, 0.0, seed))


def _schema_key(schema: Any) -> str:
    return json.dumps(schema, sort_keys=True, default=str)
