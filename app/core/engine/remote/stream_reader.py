"""Reading one answer from a server: streamed events (or a whole JSON answer) into chunks.

Everything that can go wrong mid-answer ends here as an `IncompleteAnswerError` that keeps the text
received so far: a cut connection, garbage in the stream, an ``error:`` event, a stall, a cancel that
arrives while a read is blocked (the socket is shut down so the read returns at once).
"""

from __future__ import annotations

import contextlib
import json
import socket
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import httpx2

from app.core.engine.remote.errors import IncompleteAnswerError, ServerFailedError
from app.core.engine.remote.explain import transport_error
from app.core.engine.remote.sse import read_events
from app.core.engine.schema_check import check_json_answer
from app.core.engine.types import CancelToken, Chunk, FinishReason, GenerationRequest, Timings

if TYPE_CHECKING:
    from app.core.engine.remote.engine import RemoteEngine


class StreamReader:
    """Turns one open response into chunks, and closes its socket at once on cancel."""

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
        self.problems: list[str] = []

    def chunks(self) -> Iterator[Chunk]:
        remove = self.cancel.on_cancel(self._abort)
        try:
            content_type = self.response.headers.get("content-type", "").lower()
            if "text/event-stream" in content_type:
                yield from self._read_stream()
            else:  # a server that ignored "stream": the whole answer at once
                yield from self._read_whole()
        finally:
            remove()
            self.response.close()

    def _abort(self) -> None:
        """Runs on the cancelling thread: shut the socket so a blocked read returns now, not at the
        server's next token (closing alone does not wake a blocked ``recv`` on Linux). A response already
        closed may have handed its connection to another request: that one is left alone."""
        if self.response.is_closed:
            return
        stream = self.response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _read_stream(self) -> Iterator[Chunk]:
        done = False
        stall_limit = self.engine.endpoint.timeout_s
        last_progress = time.monotonic()
        try:
            for event in read_events(self.response.iter_lines()):
                if self.cancel.cancelled():
                    break
                if event.kind == "comment":  # a keep-alive is not progress
                    if time.monotonic() - last_progress > stall_limit:
                        raise self._incomplete(
                            f"The server sent only keep-alives for {stall_limit:.0f} s in the middle of "
                            "the answer."
                        )
                    continue
                last_progress = time.monotonic()
                if event.kind == "error":
                    raise self._incomplete(f"The server reported an error mid-answer: {_said(event.data)}")
                data = event.data.strip()
                if data == "[DONE]":
                    done = True
                    break
                text = self._take(data)
                if text:
                    yield Chunk(text, self.deltas, self.usage.get("prompt_tokens", 0))
        except (httpx2.TransportError, httpx2.StreamError) as exc:
            # A cut after the server said why the answer ended loses nothing (usage at most).
            if not self.cancel.cancelled() and self.finish is None:
                raise self._incomplete(self._cut_reason(exc)) from exc
        if self.cancel.cancelled():
            yield self._final("cancelled")
            return
        if not done and self.finish is None:
            raise self._incomplete(
                "The server closed the connection before the answer was finished (no end marker)."
            )
        yield self._final(self._finish_reason())

    def _read_whole(self) -> Iterator[Chunk]:
        try:
            self.response.read()
            data = self.response.json()
        except (httpx2.TransportError, httpx2.StreamError) as exc:
            if self.cancel.cancelled():
                yield self._final("cancelled")
                return
            raise self._incomplete(self._cut_reason(exc)) from exc
        except (json.JSONDecodeError, UnicodeDecodeError):
            kind = self.response.headers.get("content-type", "no content type")
            raise ServerFailedError(
                f"The server at {self.engine.host} answered with {kind} instead of a stream of events. "
                "Is the address the API root (it usually ends in /v1)?",
                self.response.status_code,
            ) from None
        if not isinstance(data, dict) or not isinstance(data.get("choices"), list) or not data["choices"]:
            raise ServerFailedError(f"The server at {self.engine.host} sent an answer without choices.", 200)
        choice = data["choices"][0]
        message = choice.get("message") if isinstance(choice, dict) else None
        text = message.get("content") if isinstance(message, dict) else choice.get("text")
        if isinstance(data.get("usage"), dict):
            self.usage = data["usage"]
        self.finish = str(choice.get("finish_reason") or "stop")
        if isinstance(text, str) and text:
            self.first_token_at = time.perf_counter()
            self.pieces.append(text)
            self.deltas = 1
            yield Chunk(text, 1, self.usage.get("prompt_tokens", 0))
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
            raise self._incomplete(f"The server reported an error mid-answer: {_said(event['error'])}")
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
        if self.finish in ("abort", "error"):
            raise self._incomplete(f"The server ended the answer early ({self.finish}).")
        if self.finish == "content_filter":
            self.problems.append("The server's content filter cut the answer short.")
        # OpenAI says "stop" both for the model's own end and for a stop string it matched and removed.
        return "stop" if self.request.stop else "eos"

    def _final(self, finish: FinishReason) -> Chunk:
        now = time.perf_counter()
        completion = self.usage.get("completion_tokens")
        # Without usage, one streamed piece is one token: true for llama.cpp's servers, an undercount
        # where a server merges tokens into one piece.
        generated = completion if isinstance(completion, int) and completion >= 0 else self.deltas
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
        problems = list(self.problems)
        if self.request.json_schema is not None:
            problems.extend(check_json_answer("".join(self.pieces), self.request.json_schema, finish))
        return Chunk("", generated, prompt, finish, timings, tuple(problems))

    def _cut_reason(self, exc: BaseException) -> str:
        if isinstance(exc, httpx2.ReadTimeout):
            waited = self.engine.endpoint.timeout_s
            return f"The server stopped sending for {waited:.0f} s in the middle of the answer."
        if isinstance(exc, httpx2.StreamError):
            return f"The answer's stream could not be read ({exc})."
        return str(transport_error(exc, str(self.engine.base_url), self.engine.endpoint.timeout_s))

    def _incomplete(self, reason: str) -> IncompleteAnswerError:
        received = "".join(self.pieces)
        kept = (
            f" The {self.deltas} tokens received so far are kept, marked incomplete."
            if received
            else " Nothing had arrived yet."
        )
        return IncompleteAnswerError(reason + kept, received, self.deltas)


def _said(error: Any) -> str:
    """The message in an error event: ``{"message": ...}``, a JSON string of that, or plain text."""
    if isinstance(error, str):
        text: str = error
        try:
            error = json.loads(text)
        except json.JSONDecodeError:
            return text.strip()
    if isinstance(error, dict):
        inner = error.get("error", error)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return str(inner["message"])
        if isinstance(inner, str):
            return inner
    return str(error)
