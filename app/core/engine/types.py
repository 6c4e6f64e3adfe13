"""What every engine takes and yields, independent of where the model runs."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

MAX_SEED = 0xFFFFFFFF
Role = Literal["system", "user", "assistant"]
FinishReason = Literal["stop", "length", "cancelled", "eos"]
"""``eos``: the model ended its answer; ``stop``: a stop string matched; ``length``: max tokens reached."""


@dataclass(frozen=True)
class Message:
    role: Role
    content: str


@dataclass(frozen=True)
class SamplingOptions:
    """Sampler settings. ``temperature <= 0`` means greedy; ``seed=None`` means a fresh random seed."""

    temperature: float = 0.7
    top_k: int = 40
    top_p: float = 0.95
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    repeat_last_n: int = 64
    seed: int | None = None
    logit_bias: Mapping[int, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # 0xFFFFFFFF means "pick a random seed" to llama.cpp; a reported seed must be the one used.
        if self.seed is not None and not 0 <= self.seed < MAX_SEED:
            raise ValueError(f"the seed must be between 0 and {MAX_SEED - 1}, got {self.seed}")


@dataclass(frozen=True)
class GenerationRequest:
    """Either chat ``messages`` (rendered with the model's own template) or a raw ``prompt``."""

    messages: tuple[Message, ...] = ()
    prompt: str | None = None
    sampling: SamplingOptions = field(default_factory=SamplingOptions)
    max_tokens: int = 512
    stop: tuple[str, ...] = ()
    json_schema: Mapping[str, Any] | None = None

    def __post_init__(self) -> None:
        if (self.prompt is None) == (not self.messages):
            raise ValueError("a request needs either messages or a prompt, not both")
        if self.max_tokens < 1:
            raise ValueError("max_tokens must be at least 1")

    @staticmethod
    def chat(text: str, *, system: str | None = None, **kwargs: Any) -> GenerationRequest:
        messages = ((Message("system", system),) if system else ()) + (Message("user", text),)
        return GenerationRequest(messages=messages, **kwargs)


@dataclass(frozen=True)
class Timings:
    prompt_tokens: int
    cached_tokens: int
    """Prompt tokens whose KV cache was reused from the previous request."""
    generated_tokens: int
    ttft_s: float
    """Seconds from the request to the first generated token."""
    prompt_s: float
    generation_s: float
    seed: int

    @property
    def tokens_per_second(self) -> float:
        """Generation speed after the first token, the figure llama-bench calls ``tg``."""
        if self.generated_tokens <= 1 or self.generation_s <= 0:
            return 0.0
        return (self.generated_tokens - 1) / self.generation_s


@dataclass(frozen=True)
class Chunk:
    """A piece of streamed output. The last chunk of a stream carries ``finish_reason`` and ``timings``."""

    text: str
    generated_tokens: int
    prompt_tokens: int
    finish_reason: FinishReason | None = None
    timings: Timings | None = None
    problems: tuple[str, ...] = ()
    """On the last chunk: what is wrong with the finished answer (e.g. it breaks the JSON schema)."""


class CancelToken:
    """Set from any thread to stop a generation; the engine checks it every token and during prompt decode."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []

    def cancel(self) -> None:
        with self._lock:
            self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()

    def on_cancel(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback`` once when cancelled (at once if already cancelled), on the cancelling thread,
        so an engine blocked in a network read can close its socket instead of waiting for the next byte.
        Returns a function that removes the callback; keep callbacks short and non-raising."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)
                return lambda: self._remove(callback)
        callback()
        return lambda: None

    def _remove(self, callback: Callable[[], None]) -> None:
        with self._lock:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

    def wait(self, timeout: float) -> bool:
        """Sleep up to ``timeout`` seconds, waking early on cancel; True when cancelled."""
        return self._event.wait(timeout)

    def cancelled(self) -> bool:
        """A method, not a property: the answer changes under the caller's feet, from another thread."""
        return self._event.is_set()


class EngineError(Exception):
    """Base of every error an engine raises on purpose; its message is meant for the user."""


class ContextOverflowError(EngineError):
    """The prompt plus the requested output does not fit the context window."""

    def __init__(self, prompt_tokens: int, max_tokens: int, context_size: int) -> None:
        self.prompt_tokens = prompt_tokens
        self.max_tokens = max_tokens
        self.context_size = context_size
        super().__init__(
            f"The prompt has {prompt_tokens} tokens and {max_tokens} more were requested, "
            f"but the model's context holds {context_size}. Shorten the text, lower the output length "
            f"or raise the context size."
        )


class ModelLoadError(EngineError):
    """The model file could not be used; the message says why in the user's terms."""


class Engine(Protocol):
    """A loaded model that turns requests into streamed chunks. Not thread-safe: one owner thread."""

    @property
    def context_size(self) -> int: ...

    def count_tokens(self, request: GenerationRequest) -> int:
        """Tokens the request's prompt takes once rendered, as the engine will see it."""
        ...

    def stream(self, request: GenerationRequest, cancel: CancelToken | None = None) -> Iterator[Chunk]: ...

    def close(self) -> None: ...
