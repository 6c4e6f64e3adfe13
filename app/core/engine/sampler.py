"""Builds a llama.cpp sampler chain from our sampling options.

The chain runs in C for every token. Order matters for speed as much as for behaviour: top-k first
cuts the vocabulary (~50k entries) to a few dozen, so the repeat penalty and the nucleus filters work on
a short list instead of scanning every token each step.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import llama_cpp
from llama_cpp.llama_grammar import json_schema_to_gbnf

from app.core.engine.types import EngineError, SamplingOptions


class GrammarError(EngineError):
    """The requested JSON schema could not be turned into a grammar the sampler accepts."""


def schema_to_grammar(schema: Mapping[str, Any]) -> str:
    try:
        return str(json_schema_to_gbnf(json.dumps(schema)))
    except Exception as exc:  # the converter raises bare Exceptions for unsupported constructs
        raise GrammarError(f"The JSON schema cannot be used for constrained output: {exc}") from exc


class SamplerChain:
    """Owns a ``llama_sampler`` chain; free it with ``close`` (or use as a context manager)."""

    def __init__(
        self,
        vocab: Any,
        n_vocab: int,
        options: SamplingOptions,
        seed: int,
        grammar: str | None = None,
    ) -> None:
        params = llama_cpp.llama_sampler_chain_default_params()
        params.no_perf = True
        self.handle = llama_cpp.llama_sampler_chain_init(params)
        try:
            self._build(vocab, n_vocab, options, seed, grammar)
        except BaseException:
            self.close()
            raise

    def _add(self, sampler: Any) -> None:
        if not sampler:
            raise EngineError("llama.cpp could not create a sampler with these settings")
        llama_cpp.llama_sampler_chain_add(self.handle, sampler)

    def _build(
        self, vocab: Any, n_vocab: int, options: SamplingOptions, seed: int, grammar: str | None
    ) -> None:
        if options.logit_bias:
            biases = (llama_cpp.llama_logit_bias * len(options.logit_bias))()
            for slot, (token, bias) in zip(biases, options.logit_bias.items(), strict=True):
                slot.token = int(token)
                slot.bias = float(bias)
            self._add(llama_cpp.llama_sampler_init_logit_bias(n_vocab, len(options.logit_bias), biases))
        if grammar is not None:
            sampler = llama_cpp.llama_sampler_init_grammar(vocab, grammar.encode("utf-8"), b"root")
            if not sampler:
                raise GrammarError("llama.cpp rejected the grammar built from the JSON schema")
            self._add(sampler)
        if options.top_k > 0:
            self._add(llama_cpp.llama_sampler_init_top_k(options.top_k))
        if options.repeat_penalty != 1.0 and options.repeat_last_n != 0:
            self._add(
                llama_cpp.llama_sampler_init_penalties(
                    n_vocab, options.repeat_last_n, options.repeat_penalty, 0.0, 0.0
                )
            )
        if options.temperature <= 0:
            self._add(llama_cpp.llama_sampler_init_greedy())
            return
        if options.top_p < 1.0:
            self._add(llama_cpp.llama_sampler_init_top_p(options.top_p, 1))
        if options.min_p > 0.0:
            self._add(llama_cpp.llama_sampler_init_min_p(options.min_p, 1))
        self._add(llama_cpp.llama_sampler_init_temp(options.temperature))
        self._add(llama_cpp.llama_sampler_init_dist(seed))

    def close(self) -> None:
        if self.handle:
            llama_cpp.llama_sampler_free(self.handle)
            self.handle = None

    def __enter__(self) -> SamplerChain:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
