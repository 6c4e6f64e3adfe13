"""The exact text a model sees for a request: its own chat template, or plain text for a base model.

The template comes from the GGUF (``tokenizer.chat_template``) and is rendered in llama-cpp-python's
sandboxed Jinja environment. A base model has no template; a foreign format (llama-2's, the library's
silent fallback) would make it ramble, so it gets a plain transcript to complete instead.
"""

from __future__ import annotations

from typing import Any

import llama_cpp
from llama_cpp.llama_chat_format import Jinja2ChatFormatter

from app.core.engine.types import EngineError, GenerationRequest


class PromptFormatter:
    def __init__(self, model: Any, vocab: Any) -> None:
        self._model = model
        self._vocab = vocab
        self._formatter = self._make_formatter()

    @property
    def has_template(self) -> bool:
        return self._formatter is not None

    def _make_formatter(self) -> Jinja2ChatFormatter | None:
        raw = llama_cpp.llama_model_chat_template(self._model, None)
        if not raw:
            return None
        return Jinja2ChatFormatter(
            template=raw.decode("utf-8", errors="replace"),
            eos_token=self._special_text(llama_cpp.llama_vocab_eos(self._vocab)),
            bos_token=self._special_text(llama_cpp.llama_vocab_bos(self._vocab)),
            add_generation_prompt=True,
        )

    def _special_text(self, token: int) -> str:
        if token < 0:
            return ""
        text = llama_cpp.llama_vocab_get_text(self._vocab, token)
        return text.decode("utf-8", errors="replace") if text else ""

    def render(self, request: GenerationRequest) -> tuple[str, bool]:
        """The exact text the model sees, and whether llama.cpp should add BOS itself."""
        if request.prompt is not None:
            return request.prompt, True
        if self._formatter is None:
            # A base model has no chat format; a plain transcript completes better than a foreign template.
            lines = [f"{m.role.capitalize()}: {m.content}" for m in request.messages]
            return "\n\n".join([*lines, "Assistant:"]), True
        messages: list[Any] = [{"role": m.role, "content": m.content} for m in request.messages]
        try:
            rendered = self._formatter(messages=messages)
        except Exception as exc:  # a template may raise_exception() on e.g. a system role it forbids
            raise EngineError(f"The model's chat template rejected the conversation: {exc}") from exc
        return rendered.prompt, False
