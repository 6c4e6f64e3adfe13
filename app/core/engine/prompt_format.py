"""The exact text a model sees for a request: its own chat template, or plain text for a base model.

The template comes from the GGUF (``tokenizer.chat_template``) and is rendered in llama-cpp-python's
sandboxed Jinja environment. A base model has no template; a foreign format (llama-2's, the library's
silent fallback) would make it ramble, so it gets a plain transcript to complete instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import llama_cpp
from llama_cpp.llama_chat_format import Jinja2ChatFormatter

from app.core.engine.types import EngineError, GenerationRequest

_MARKER = re.compile("\x1e(\\d+)\x1f")


@dataclass(frozen=True)
class RenderedPrompt:
    """The prompt as (text, may-contain-special-tokens) segments.

    The user's text is tokenized with special-token parsing off: a document that happens to contain
    ``<|im_end|>`` must not end the turn. The template's own text keeps its control tokens.
    """

    segments: tuple[tuple[str, bool], ...]
    add_bos: bool
    """Whether llama.cpp should add BOS itself (templates write their own)."""

    @property
    def text(self) -> str:
        return "".join(text for text, _special in self.segments)


class PromptFormatter:
    def __init__(self, model: Any, vocab: Any) -> None:
        self._model = model
        self._vocab = vocab
        self._formatter = self._make_formatter()

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

    def render(self, request: GenerationRequest) -> RenderedPrompt:
        """The exact text the model sees, cut where the user's own text begins and ends."""
        if request.prompt is not None:
            # A raw prompt is written by the caller, special tokens included on purpose.
            return RenderedPrompt(((request.prompt, True),), add_bos=True)
        if self._formatter is None:
            # A base model has no chat format; a plain transcript completes better than a foreign template.
            lines = [f"{m.role.capitalize()}: {m.content}" for m in request.messages]
            return RenderedPrompt((("\n\n".join([*lines, "Assistant:"]), False),), add_bos=True)
        markers = [f"\x1e{index}\x1f" for index in range(len(request.messages))]
        marked: list[Any] = [
            {"role": m.role, "content": mark} for m, mark in zip(request.messages, markers, strict=True)
        ]
        text = self._apply(marked)
        pieces = _MARKER.split(text)
        # split() with one group alternates template text and marker numbers: t0, n0, t1, n1, ..., tk.
        found = [int(n) for n in pieces[1::2]]
        if found != list(range(len(markers))):
            # The template transforms message text (splits or slices it): render plainly instead. Special
            # tokens typed by the user are then read as such, the lesser evil versus a broken prompt.
            plain: list[Any] = [{"role": m.role, "content": m.content} for m in request.messages]
            return RenderedPrompt(((self._apply(plain), True),), add_bos=False)
        segments: list[tuple[str, bool]] = []
        for index, template_text in enumerate(pieces[0::2]):
            segments.append((template_text, True))
            if index < len(request.messages):
                segments.append((request.messages[index].content, False))
        return RenderedPrompt(tuple((t, special) for t, special in segments if t), add_bos=False)

    def _apply(self, messages: list[Any]) -> str:
        assert self._formatter is not None
        try:
            return str(self._formatter(messages=messages).prompt)
        except Exception as exc:  # a template may raise_exception() on e.g. a system role it forbids
            raise EngineError(f"The model's chat template rejected the conversation: {exc}") from exc
