"""A scripted engine for the translate flow's tests, and the settings, glossary and texts they share.

``WordEngine`` drives the paths the real model reaches only by chance (a retry that succeeds, two
failures, an answer cut off, Stop in the middle of one answer); each test module runs the same paths
on the real model where a document needs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from app.core.engine.types import CancelToken, Chunk, Engine, FinishReason, GenerationRequest, Timings
from app.core.tasks.translate import SegmentOutcome, TranslateSettings, translate_segment
from app.core.translation.glossary import Glossary, Term
from app.core.translation.protect import protect, restore

_WORD = re.compile(r"[^\W\d_]+")
_ASK = re.compile(r"Translate into [^\n:]+:\n", re.IGNORECASE)


def fake_translation(text: str) -> str:
    """A "translation" that keeps numbers, tokens and layout and changes every word."""
    return _WORD.sub(lambda match: match.group() + "o", text)


def expected_translation(text: str, glossary: Glossary | None = None) -> str:
    """What the flow makes of ``text`` with ``fake_translation`` as the model: protected spans untouched."""
    protected = protect(text, glossary)
    return restore(protected, fake_translation(protected.masked)).text


def asked_text(request: GenerationRequest) -> str:
    """The text the last user message asks to translate."""
    return _ASK.split(request.messages[-1].content)[-1]


@dataclass(frozen=True)
class Scripted:
    text: str | None = None
    """None: answer with ``fake_translation`` of the asked text."""
    finish: FinishReason = "eos"
    cancel_after: int | None = None


class WordEngine:
    """An engine that counts a token per four characters and answers from a script, then by
    ``fake_translation``; it records every request and raises if one does not fit its context."""

    def __init__(self, script: list[Scripted] | None = None, context_size: int = 4096) -> None:
        self.script = list(script or [])
        self.requests: list[GenerationRequest] = []
        self._context_size = context_size

    @property
    def context_size(self) -> int:
        return self._context_size

    def count_tokens(self, request: GenerationRequest) -> int:
        if request.prompt is not None:
            return 1 + len(request.prompt) // 4
        return 2 + sum(4 + len(message.content) // 4 for message in request.messages)

    def stream(self, request: GenerationRequest, cancel: CancelToken | None = None) -> Iterator[Chunk]:
        prompt = self.count_tokens(request)
        assert prompt + request.max_tokens <= self._context_size, "the request does not fit"
        self.requests.append(request)
        step = self.script.pop(0) if self.script else Scripted()
        text = fake_translation(asked_text(request)) if step.text is None else step.text
        finish: FinishReason = step.finish
        sent = 0
        for start in range(0, len(text), 3):
            if cancel is not None and cancel.cancelled():
                finish = "cancelled"
                break
            sent += 1
            yield Chunk(text[start : start + 3], sent, prompt)
            if step.cancel_after is not None and start + 3 >= step.cancel_after and cancel is not None:
                cancel.cancel()
        yield Chunk("", sent, prompt, finish, Timings(prompt, 0, sent, 0.0, 0.0, 0.0, 1))

    def close(self) -> None:
        """Nothing to free."""


SETTINGS = TranslateSettings("en", "de")
GLOSSARY = Glossary(
    "en",
    "de",
    (
        Term("Copydesk", do_not_translate=True),
        Term("invoice", "Rechnung"),
        Term("printer", "Drucker"),
        Term("shipping label", "Versandetikett"),
    ),
)


def run(
    engine: Engine,
    text: str,
    *,
    settings: TranslateSettings = SETTINGS,
    previous: tuple[str, str] | None = None,
) -> SegmentOutcome:
    return translate_segment(engine, settings, text, previous, CancelToken())


LAMPS = "Brightleaf Hub connects up to 12 smart lamps in your home."
LAMP_GLOSSARY = Glossary("en", "de", (Term("smart lamp", "Smarte Lampe"),))
LAMPS_DE = "Brightleaf Hub verbindet bis zu 12 smarte Lampen in Ihrem Zuhause."
