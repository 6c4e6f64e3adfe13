"""The local engine: a lean decode loop on llama.cpp's C API through llama-cpp-python's bindings.

Why not ``Llama.create_chat_completion``: its per-token Python work (dicts, numpy logits copies) costs
18% of the speed on this CPU and two thirds on a fast GPU. This loop does one ``llama_decode``, one
sampler call and one detokenize per token, with buffers made once per request.

Not thread-safe: one thread owns an engine (see ``app.core.engine.worker``).
"""

from __future__ import annotations

import ctypes
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import llama_cpp

from app.core.engine.llama_loader import (
    LoadedModel,
    LoadOptions,
    ModelInfo,
    ModelLoadCancelledError,
    load_model,
)
from app.core.engine.prompt_format import PromptFormatter, RenderedPrompt
from app.core.engine.sampler import SamplerChain, schema_to_grammar
from app.core.engine.schema_check import check_json_answer
from app.core.engine.text import StopMatcher, Utf8Assembler
from app.core.engine.thread_tune import probe_request
from app.core.engine.types import (
    MAX_SEED,
    CancelToken,
    Chunk,
    ContextOverflowError,
    EngineError,
    FinishReason,
    GenerationRequest,
    Timings,
)
from app.core.hardware import HardwareInfo

__all__ = [
    "GenerationCancelledError",
    "LlamaEngine",
    "LoadOptions",
    "ModelInfo",
    "ModelLoadCancelledError",
    "measure_decode_speed",
    "measure_prompt_speed",
]

_DECODE_ABORTED = 2


class GenerationCancelledError(EngineError):
    """Raised inside the engine when Stop arrives during prompt processing."""


def _trim_answer_start(text: str) -> str:
    """Drop the line breaks and the single space a chat template or tokenizer puts before an answer,
    but keep deeper indentation (an answer may start with indented code)."""
    text = text.lstrip("\r\n")
    return text[1:] if text.startswith(" ") and not text.startswith("  ") else text


def _fresh_seed() -> int:
    return random.SystemRandom().randrange(0, MAX_SEED)


class LlamaEngine:
    """A loaded GGUF model with one context. Create with :meth:`load`."""

    def __init__(self, loaded: LoadedModel) -> None:
        model, ctx = loaded.model, loaded.ctx
        self._model = model
        self._ctx = ctx
        self._vocab = llama_cpp.llama_model_get_vocab(model)
        self._n_vocab = int(llama_cpp.llama_vocab_n_tokens(self._vocab))
        self._memory = llama_cpp.llama_get_memory(ctx)
        self.info = info = loaded.info
        self._batch_size = loaded.batch_size
        self._threads = info.threads
        self._batch_threads = info.batch_threads
        self._kv_tokens: list[int] = []
        """Tokens whose keys and values are in the cache now, in order: the prefix cache."""
        self._piece_buffer = ctypes.create_string_buffer(256)
        self._active_cancel: CancelToken | None = None
        self._end_tokens: list[int] | None = None
        # Aborts prompt processing when Stop arrives; the reference must live as long as the context.
        # llama.cpp calls it after every graph node (~500 per token on a small model), so it is attached
        # only while a prompt is read; during generation the loop checks Stop between tokens instead.
        self._abort_callback = llama_cpp.ggml_abort_callback(self._should_abort)
        self._no_abort_callback = llama_cpp.ggml_abort_callback()
        self._formatter = PromptFormatter(model, self._vocab)

    @classmethod
    def load(
        cls,
        path: Path,
        options: LoadOptions | None = None,
        *,
        hardware: HardwareInfo | None = None,
        progress: Callable[[float], bool] | None = None,
    ) -> LlamaEngine:
        """Validate, plan offload and load (see ``llama_loader.load_model``)."""
        return cls(load_model(path, options, hardware=hardware, progress=progress))

    # ----------------------------------------------------------------- public API

    @property
    def context_size(self) -> int:
        return self.info.context_size

    @property
    def threads(self) -> int:
        return self._threads

    def set_threads(self, threads: int, batch_threads: int | None = None) -> None:
        self._threads = max(1, threads)
        if batch_threads is not None:
            self._batch_threads = max(1, batch_threads)
        llama_cpp.llama_set_n_threads(self._ctx, self._threads, self._batch_threads)

    def render_prompt(self, request: GenerationRequest) -> RenderedPrompt:
        """The exact text the model sees, in segments that say where special tokens may be parsed."""
        return self._formatter.render(request)

    def tokenize(self, text: str, *, add_special: bool, parse_special: bool = True) -> list[int]:
        data = text.encode("utf-8")
        capacity = len(data) + 16
        buffer = (llama_cpp.llama_token * capacity)()
        count = llama_cpp.llama_tokenize(
            self._vocab, data, len(data), buffer, capacity, add_special, parse_special
        )
        if count < 0:
            capacity = -count
            buffer = (llama_cpp.llama_token * capacity)()
            count = llama_cpp.llama_tokenize(
                self._vocab, data, len(data), buffer, capacity, add_special, parse_special
            )
        return list(buffer[:count])

    def prompt_tokens(self, request: GenerationRequest) -> list[int]:
        rendered = self.render_prompt(request)
        tokens: list[int] = []
        for index, (text, special) in enumerate(rendered.segments):
            tokens += self.tokenize(text, add_special=rendered.add_bos and index == 0, parse_special=special)
        return tokens

    def end_of_generation_tokens(self) -> list[int]:
        """Every token that ends an answer (EOS, EOT, ...); probes and benchmarks ban them."""
        if self._end_tokens is None:
            is_eog = llama_cpp.llama_vocab_is_eog
            self._end_tokens = [token for token in range(self._n_vocab) if is_eog(self._vocab, token)]
        return list(self._end_tokens)

    def count_tokens(self, request: GenerationRequest) -> int:
        return len(self.prompt_tokens(request))

    def stream(self, request: GenerationRequest, cancel: CancelToken | None = None) -> Iterator[Chunk]:
        """Yields text as it is generated; the last chunk has ``finish_reason`` and ``timings``."""
        cancel = cancel or CancelToken()
        started = time.perf_counter()
        tokens = self.prompt_tokens(request)
        if not tokens:
            raise EngineError("The prompt is empty.")
        if len(tokens) + request.max_tokens > self.context_size:
            raise ContextOverflowError(len(tokens), request.max_tokens, self.context_size)
        seed = request.sampling.seed if request.sampling.seed is not None else _fresh_seed()
        grammar = schema_to_grammar(request.json_schema) if request.json_schema is not None else None
        with SamplerChain(self._vocab, self._n_vocab, request.sampling, seed, grammar) as sampler:
            yield from self._generate(request, tokens, sampler.handle, seed, cancel, started)

    def close(self) -> None:
        if self._ctx:
            llama_cpp.llama_free(self._ctx)
            self._ctx = None
        if self._model:
            llama_cpp.llama_model_free(self._model)
            self._model = None

    # ----------------------------------------------------------------- the loop

    def _should_abort(self, _data: ctypes.c_void_p) -> bool:
        cancel = self._active_cancel
        return cancel is not None and cancel.cancelled()

    def _evaluate_prompt(self, tokens: list[int]) -> int:
        """Bring the KV cache to ``tokens``, reusing the longest common prefix. Returns tokens reused."""
        common = 0
        for cached, wanted in zip(self._kv_tokens, tokens, strict=False):
            if cached != wanted:
                break
            common += 1
        # The last prompt token must be decoded again: its logits pick the first new token.
        common = min(common, len(tokens) - 1)
        if not llama_cpp.llama_memory_seq_rm(self._memory, 0, common, -1):
            llama_cpp.llama_memory_clear(self._memory, True)
            common = 0
        del self._kv_tokens[common:]
        llama_cpp.llama_set_abort_callback(self._ctx, self._abort_callback, None)
        try:
            self._decode_prompt(tokens, common)
        finally:
            llama_cpp.llama_set_abort_callback(self._ctx, self._no_abort_callback, None)
        return common

    def _decode_prompt(self, tokens: list[int], position: int) -> None:
        """Decode ``tokens[position:]`` in batches, the last token always on its own.

        The CPU kernels give slightly different logits for a token decoded inside a large batch and the
        same token decoded alone. A regenerate decodes only the last token (the rest is cached), so a cold
        run must too, or the same seed would give different text cold and warm.
        """
        last = len(tokens) - 1
        while position < len(tokens):
            if self._active_cancel is not None and self._active_cancel.cancelled():
                # Between batches: the abort callback covers the CPU; GPU backends do not call it.
                raise GenerationCancelledError("Stopped while reading the prompt.")
            end = last if position < last else len(tokens)
            piece = tokens[position : min(end, position + self._batch_size)]
            array = (llama_cpp.llama_token * len(piece))(*piece)
            result = llama_cpp.llama_decode(self._ctx, llama_cpp.llama_batch_get_one(array, len(piece)))
            if result != 0:
                # Whatever the failed batch left behind is not trustworthy; keep only what we know.
                llama_cpp.llama_memory_seq_rm(self._memory, 0, len(self._kv_tokens), -1)
                if result == _DECODE_ABORTED:
                    raise GenerationCancelledError("Stopped while reading the prompt.")
                raise EngineError(f"llama.cpp could not process the prompt (llama_decode returned {result}).")
            self._kv_tokens.extend(piece)
            position += len(piece)

    def _generate(
        self,
        request: GenerationRequest,
        tokens: list[int],
        sampler: Any,
        seed: int,
        cancel: CancelToken,
        started: float,
    ) -> Iterator[Chunk]:
        n_prompt = len(tokens)
        self._active_cancel = cancel
        try:
            try:
                reused = self._evaluate_prompt(tokens)
            except GenerationCancelledError:
                now = time.perf_counter()
                timings = Timings(n_prompt, 0, 0, 0.0, now - started, 0.0, seed)
                yield Chunk("", 0, n_prompt, "cancelled", timings)
                return
            prompt_done = time.perf_counter()
            yield from self._decode_loop(
                request, n_prompt, reused, sampler, seed, cancel, started, prompt_done
            )
        finally:
            # A generator abandoned without close() runs this late, maybe during a newer request.
            if self._active_cancel is cancel:
                self._active_cancel = None

    def _decode_loop(
        self,
        request: GenerationRequest,
        n_prompt: int,
        reused: int,
        sampler: Any,
        seed: int,
        cancel: CancelToken,
        started: float,
        prompt_done: float,
    ) -> Iterator[Chunk]:
        ctx, vocab = self._ctx, self._vocab
        buffer, buffer_size = self._piece_buffer, len(self._piece_buffer)
        token_array = (llama_cpp.llama_token * 1)()
        batch = llama_cpp.llama_batch_get_one(token_array, 1)  # points at token_array; reused every step
        sample, decode = llama_cpp.llama_sampler_sample, llama_cpp.llama_decode
        to_piece, is_eog = llama_cpp.llama_token_to_piece, llama_cpp.llama_vocab_is_eog
        assembler, stopper = Utf8Assembler(), StopMatcher(request.stop)
        strip_leading = request.prompt is None  # chat answers should not start with the template's blank
        kv_tokens = self._kv_tokens
        answer: list[str] | None = [] if request.json_schema is not None else None
        generated = 0
        first_token_at = 0.0
        finish: FinishReason = "length"
        while generated < request.max_tokens:
            if cancel.cancelled():
                finish = "cancelled"
                break
            token = sample(sampler, ctx, -1)
            if generated == 0:
                first_token_at = time.perf_counter()
            if is_eog(vocab, token):
                finish = "eos"
                break
            generated += 1
            size = to_piece(vocab, token, buffer, buffer_size, 0, False)
            if size < 0:
                buffer = self._piece_buffer = ctypes.create_string_buffer(-size)
                buffer_size = -size
                size = to_piece(vocab, token, buffer, buffer_size, 0, False)
            text = stopper.feed(assembler.feed(buffer.raw[:size]))
            if strip_leading and text:
                text = _trim_answer_start(text)
                strip_leading = not text
            if answer is not None:
                answer.append(text)
            if stopper.matched:
                finish = "stop"
                if text:
                    yield Chunk(text, generated, n_prompt)
                break
            if text:
                yield Chunk(text, generated, n_prompt)
            if generated >= request.max_tokens:
                break
            if cancel.cancelled():  # Stop pressed while the caller handled this chunk: skip the next decode
                finish = "cancelled"
                break
            token_array[0] = token
            result = decode(ctx, batch)
            if result != 0:
                llama_cpp.llama_memory_seq_rm(self._memory, 0, len(kv_tokens), -1)
                raise EngineError(f"llama.cpp failed while generating (llama_decode returned {result}).")
            kv_tokens.append(token)
        tail = "" if finish == "stop" else stopper.feed(assembler.flush()) + stopper.flush()
        if strip_leading:
            tail = _trim_answer_start(tail)
        now = time.perf_counter()
        first = first_token_at or now
        timings = Timings(
            prompt_tokens=n_prompt,
            cached_tokens=reused,
            generated_tokens=generated,
            ttft_s=first - started,
            prompt_s=prompt_done - started,
            generation_s=now - first,
            seed=seed,
        )
        problems: tuple[str, ...] = ()
        if answer is not None and request.json_schema is not None:
            problems = check_json_answer("".join(answer) + tail, request.json_schema, finish)
        yield Chunk(tail, generated, n_prompt, finish, timings, problems)


def measure_decode_speed(engine: LlamaEngine, threads: int, tokens: int = 32) -> float:
    """Generation tok/s with ``threads`` on a fixed probe; leaves the engine on that count."""
    engine.set_threads(threads)
    last: Chunk | None = None
    for chunk in engine.stream(probe_request(engine.end_of_generation_tokens(), tokens)):
        last = chunk
    return last.timings.tokens_per_second if last is not None and last.timings is not None else 0.0


def measure_prompt_speed(engine: LlamaEngine, batch_threads: int, tokens: int = 128) -> float:
    """Prompt-reading tok/s with ``batch_threads`` on a fresh (uncached) prompt of about ``tokens``."""
    engine.set_threads(engine.threads, batch_threads)
    list(engine.stream(GenerationRequest(prompt="Clear the cache.", max_tokens=1)))
    text = " ".join(f"item {i}" for i in range(tokens // 2))
    final = list(engine.stream(GenerationRequest(prompt=text, max_tokens=1)))[-1]
    timings = final.timings
    if timings is None or timings.prompt_s <= 0:
        return 0.0
    return (timings.prompt_tokens - timings.cached_tokens) / timings.prompt_s
