"""The translate flow on the real model: only the guarantees are asserted (protected spans kept, every
request within the context, echoes never passed), never the quality.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from app.core.engine.llama_engine import LlamaEngine
from app.core.engine.types import CancelToken, Chunk, GenerationRequest
from app.core.tasks.translate import SegmentTranslator, TranslateSettings, translate_segment
from app.core.tasks.translate_prompt import PromptContext, relevant_terms
from app.core.translation.checks import repeated_instructions
from app.core.translation.glossary import Glossary, Term
from app.core.translation.protect import protect
from tests.core.tasks.helpers import LentEngine, Recorder
from tests.core.tasks.translate_helpers import GLOSSARY, LAMP_GLOSSARY, LAMPS, asked_text

# --------------------------------------------------------------------------- the real model


class FitWatcher(LentEngine):
    """The real engine, checking that every request fits its context and keeping them."""

    requests: list[GenerationRequest]

    def stream(self, request: GenerationRequest, cancel: CancelToken | None = None) -> Iterator[Chunk]:
        self.requests = [*getattr(self, "requests", []), request]
        assert self.inner.count_tokens(request) + request.max_tokens <= self.inner.context_size
        return self.inner.stream(request, cancel)


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+", text)


@pytest.mark.model
def test_the_real_model_translates_a_sentence_and_keeps_what_is_protected(engine: LlamaEngine) -> None:
    watcher = FitWatcher(engine)
    text = "Copydesk opens https://example.com/help in 2 seconds."
    settings = TranslateSettings("en", "de", GLOSSARY)
    events = Recorder()
    outcome = translate_segment(
        watcher, settings, text, ("Good morning.", "Guten Morgen."), CancelToken(), emit=events, part="p"
    )
    assert outcome.status in ("translated", "check_failed")
    assert outcome.generated_tokens == sum(step.chunk.generated_tokens for step in events.steps()) > 0
    assert 1 <= outcome.attempts == len(watcher.requests) <= 2
    assert all("https://example.com" not in request.messages[-1].content for request in watcher.requests)
    assert outcome.text.strip()
    if outcome.status == "translated":
        assert "https://example.com/help" in outcome.text and "Copydesk" in outcome.text
        assert "2" in _numbers(outcome.text)
    else:
        assert outcome.problems


@pytest.mark.model
@pytest.mark.slow
def test_the_real_model_gets_a_segment_longer_than_the_context_in_pieces(
    small_engine: LlamaEngine,
) -> None:
    # German into English: the answer may be no longer than the piece, which keeps this test short
    sentences = [f"Im Lager {n} stehen {n * 13 + 5} Kisten mit Äpfeln." for n in range(1, 26)]
    text = " ".join(sentences)
    assert len(small_engine.tokenize(text, add_special=False)) > small_engine.context_size
    watcher = FitWatcher(small_engine)
    outcome = translate_segment(watcher, TranslateSettings("de", "en"), text, None, CancelToken())
    assert outcome.status in ("translated", "check_failed")
    assert outcome.pieces > 1
    first_tries = [r for r in watcher.requests if r.sampling.temperature <= 0]
    assert len(first_tries) == outcome.pieces
    sent = "".join(asked_text(request) for request in first_tries)
    assert _numbers(sent) == _numbers(text), "every sentence went to the model, in order"
    assert outcome.text.strip()
    if outcome.status == "translated":
        assert sorted(_numbers(outcome.text)) == sorted(_numbers(text))
    else:
        assert outcome.problems


@pytest.mark.model
def test_what_the_real_model_answers_never_passes_as_the_prompt_or_the_source(engine: LlamaEngine) -> None:
    # the sentence and glossary of the run where the prompt itself was stored as the translation
    glossary = Glossary("en", "de", (Term("Brightleaf", do_not_translate=True), LAMP_GLOSSARY.terms[0]))
    settings = TranslateSettings("en", "de", glossary)
    translator = SegmentTranslator(FitWatcher(engine), settings)
    previous = (
        "Thank you for choosing our products.",
        "Vielen Dank, dass Sie unsere Produkte gewählt haben.",
    )
    for text, context in ((LAMPS, previous), ("Keep your smart lamp away from water and heat.", None)):
        outcome = translator.translate(text, context, CancelToken())
        assert outcome.status in ("translated", "check_failed") and 1 <= outcome.attempts <= 2
        if outcome.status == "check_failed":
            assert outcome.problems
            continue
        masked = protect(text, glossary).masked
        scaffold = translator.prompt.scaffold(
            masked, PromptContext(context, relevant_terms(glossary, masked))
        )
        assert not repeated_instructions(text, outcome.text, scaffold), outcome.text
        assert "\n\n" not in outcome.text.strip() and outcome.text.strip() != text
        assert sorted(_numbers(outcome.text)) == sorted(_numbers(text))
        assert outcome.text.count("Brightleaf") == text.count("Brightleaf")
