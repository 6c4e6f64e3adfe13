"""One segment through the translate flow: protection, budgets, context, checks, retry, flags, cancel.

The scripted ``WordEngine`` drives the paths the real model reaches only by chance (a retry that
succeeds, two failures, an answer cut off, Stop in the middle of one answer); every path a document needs
also runs on the real model below, where only the guarantees are asserted, never the quality.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from app.core.engine.llama_engine import LlamaEngine
from app.core.engine.types import CancelToken, Chunk, Engine, FinishReason, GenerationRequest, Timings
from app.core.tasks.context_fit import SAFETY_TOKENS
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.events import PartReplaced
from app.core.tasks.translate import (
    CUT_OFF,
    GREEDY,
    UNTRANSLATED,
    SegmentOutcome,
    SegmentTranslator,
    TranslateSettings,
    clean_answer,
    translate_segment,
)
from app.core.tasks.translate_prompt import (
    PromptContext,
    builtin_translate_task,
    output_ratio,
    relevant_terms,
)
from app.core.translation.checks import INSTRUCTIONS_REPEATED, PARAGRAPHS_ADDED, repeated_instructions
from app.core.translation.glossary import Glossary, Term
from app.core.translation.languages import UnknownLanguageError, language
from app.core.translation.protect import protect, restore
from tests.core.tasks.helpers import LentEngine, Recorder

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


# --------------------------------------------------------------------------- the scripted paths


def test_protected_spans_never_reach_the_model_and_come_back_unchanged() -> None:
    engine = WordEngine()
    text = (
        "Copydesk sends the <b>invoice</b> for {count} items to https://example.com/pay?id=7 "
        "or billing@example.org; run `copydesk pay` within 14 days."
    )
    settings = TranslateSettings("en", "de", GLOSSARY)
    events = Recorder()
    outcome = translate_segment(engine, settings, text, None, CancelToken(), emit=events, part="s1")
    assert outcome.status == "translated", outcome.problems
    assert (outcome.attempts, outcome.pieces, len(engine.requests)) == (1, 1, 1)
    asked = asked_text(engine.requests[0])
    for span in ("Copydesk", "<b>", "{count}", "https://example.com/pay?id=7", "billing@", "`copydesk pay`"):
        assert span not in asked
        assert span in outcome.text
    assert "14" in asked and "14" in outcome.text
    assert "Copy tokens like [1] exactly" in engine.requests[0].messages[-1].content
    assert outcome.generated_tokens > 0
    assert events.replaced("s1") == [PartReplaced("s1", outcome.text)]
    assert events.text("s1") == fake_translation(asked)


def test_a_failed_check_is_retried_once_with_sampling_and_the_retry_kept() -> None:
    engine = WordEngine([Scripted("Sparen Sie bei Artikeln.")])  # both numbers lost
    outcome = run(engine, "Save 20 euros on 3 items.")
    assert outcome.status == "translated"
    assert outcome.attempts == 2 and len(engine.requests) == 2
    first, second = (request.sampling for request in engine.requests)
    assert first == GREEDY and first.temperature <= 0
    assert second.temperature == pytest.approx(0.7) and second.seed is None
    assert outcome.text == fake_translation("Save 20 euros on 3 items.")


def test_two_failures_flag_the_segment_with_the_better_attempt() -> None:
    engine = WordEngine([Scripted("Sparen Sie bei Artikeln."), Scripted("Sparen Sie 20 Euro bei Artikeln.")])
    outcome = run(engine, "Save 20 euros on 3 items.")
    assert outcome.status == "check_failed"
    assert outcome.text == "Sparen Sie 20 Euro bei Artikeln."
    assert outcome.problems == ("The number 3 is missing",)
    assert len(engine.requests) == 2, "one retry, no more"


def test_when_the_retry_is_worse_the_first_attempt_is_kept() -> None:
    engine = WordEngine([Scripted("Sparen Sie 20 Euro bei Artikeln."), Scripted("Nein.")])
    outcome = run(engine, "Save 20 euros on 3 items.")
    assert (outcome.status, outcome.text) == ("check_failed", "Sparen Sie 20 Euro bei Artikeln.")


def test_an_answer_cut_off_at_its_length_limit_is_a_problem() -> None:
    cut = Scripted("Sparen Sie 20 Euro bei 3", finish="length")
    engine = WordEngine([cut, cut])
    outcome = run(engine, "Save 20 euros on 3 items.")
    assert outcome.status == "check_failed"
    assert CUT_OFF in outcome.problems
    request = engine.requests[0]
    tokens = engine.count_tokens(GenerationRequest(prompt="Save 20 euros on 3 items."))
    assert (
        request.max_tokens
        == int(tokens * output_ratio(builtin_translate_task(), language("en"), language("de"))) + 32
    )


def test_the_source_sent_back_is_not_a_translation() -> None:
    text = "Please keep this box dry at all times."
    engine = WordEngine([Scripted(text), Scripted(text)])
    outcome = run(engine, text)
    assert (outcome.status, outcome.problems) == ("check_failed", (UNTRANSLATED,))


def test_stop_during_an_answer_ends_the_segment_at_once() -> None:
    engine = WordEngine([Scripted("Sparen Sie 20 Euro bei 3 Artikeln.", cancel_after=6)])
    cancel = CancelToken()
    outcome = translate_segment(engine, SETTINGS, "Save 20 euros on 3 items.", None, cancel)
    assert outcome.status == "cancelled"
    assert len(engine.requests) == 1, "no retry after Stop"
    assert outcome.text == "Sparen"
    assert translate_segment(engine, SETTINGS, "More text.", None, cancel).status == "cancelled"
    assert len(engine.requests) == 1, "a cancelled token starts nothing"


def test_the_text_reaches_the_model_verbatim() -> None:
    # template syntax is not rendered, and a Markdown hard break (two spaces) and blank lines survive
    text = "Write {% if %} here,  \nthen go on.\n\n\nLast   line {#x#}."
    engine = WordEngine()
    outcome = run(engine, text)
    assert asked_text(engine.requests[0]) == text
    assert outcome.text == fake_translation(text)


def test_a_text_with_nothing_to_translate_is_copied_without_the_model() -> None:
    engine = WordEngine()
    for text in ("`npm install` {name} 42", "https://example.com", "  ", "1,234.5 %s"):
        outcome = run(engine, text)
        assert (outcome.status, outcome.text, outcome.attempts) == ("translated", text, 0)
    assert engine.requests == []


def test_a_segment_longer_than_the_context_is_split_never_truncated() -> None:
    engine = WordEngine(context_size=420)
    sentences = [f"Crate {n} holds {n * 7 + 3} apples, and the lid is marked {n}B." for n in range(1, 61)]
    text = " ".join(sentences[:30]) + "\n\n" + " ".join(sentences[30:])
    assert engine.count_tokens(GenerationRequest(prompt=text)) > engine.context_size
    outcome = run(engine, text)
    assert outcome.status == "translated", outcome.problems
    assert outcome.pieces == len(engine.requests) > 4
    assert outcome.text == fake_translation(text), "every piece back, in order, with its separators"
    for request in engine.requests:
        assert engine.count_tokens(request) + request.max_tokens + SAFETY_TOKENS <= engine.context_size
    asked = "".join(asked_text(request) for request in engine.requests)
    assert re.findall(r"\d+", asked) == re.findall(r"\d+", text)


def test_one_enormous_word_is_split_between_characters() -> None:
    engine = WordEngine(context_size=400)
    word = "Pneumono" + "x" * 3000
    outcome = run(engine, f"The word {word} is long.")
    assert outcome.pieces > 1
    asked = "".join(asked_text(request) for request in engine.requests)
    assert asked.replace(" ", "") == f"The word {word} is long.".replace(" ", "")
    assert outcome.text.count("x") == 3000


def test_the_prompt_names_the_languages_and_carries_only_relevant_terms() -> None:
    engine = WordEngine()
    run(
        engine,
        "Print the shipping labels and the invoice.",
        settings=TranslateSettings("en", "pt_BR", GLOSSARY),
    )
    system, user = engine.requests[0].messages
    assert "English" in system.content and "Portuguese" in system.content
    assert not re.search(r"\b(en|pt)\b", system.content + user.content)
    assert "invoice → Rechnung" in system.content and "shipping label → Versandetikett" in system.content
    assert "→" not in user.content, "the glossary goes into the system message, away from the text"
    assert "printer" not in system.content and "Copydesk" not in system.content + user.content
    assert "Copy tokens" not in user.content, "the token line only when there are tokens"
    assert relevant_terms(GLOSSARY, "A PRINTER and a printers' guide") == (GLOSSARY.terms[2],)


def test_the_previous_pair_is_an_earlier_exchange() -> None:
    engine = WordEngine()
    run(
        engine,
        "Your parcel is on its way.",
        previous=("Thank you for your order.", "Danke für Ihre Bestellung."),
    )
    roles = [message.role for message in engine.requests[0].messages]
    assert roles == ["system", "user", "assistant", "user"]
    _, earlier, answer, now = engine.requests[0].messages
    assert earlier.content.endswith("Thank you for your order.")
    assert answer.content == "Danke für Ihre Bestellung."
    assert now.content.endswith("Your parcel is on its way.")


def test_context_that_does_not_fit_goes_before_the_piece_shrinks() -> None:
    # sized so that the text fills one piece: the previous pair would overflow, so it is dropped and the
    # text is still sent whole, with its glossary term
    engine = WordEngine(context_size=700)
    translator = SegmentTranslator(engine, TranslateSettings("en", "de", GLOSSARY))
    unit = "The invoice lists each crate and its weight. "
    text = (unit * 40)[: 4 * (translator.budget - 12)].strip()
    previous = ("x " * 200, "y " * 200)
    assert translator.previous_context(previous) is not None, "short enough to be context on its own"
    outcome = translator.translate(text, previous, CancelToken())
    assert outcome.pieces == 1
    (request,) = engine.requests[-1:]
    assert [m.role for m in request.messages] == ["system", "user"]
    assert "invoice → Rechnung" in request.messages[0].content
    # a long previous pair is never sent at all
    assert translator.previous_context(("word " * 400, "Wort " * 400)) is None


def test_glossary_terms_are_dropped_last_first_when_they_do_not_fit() -> None:
    terms = tuple(Term(f"crate{n}", "Kiste " + "sehr " * 30) for n in range(8))
    settings = TranslateSettings("en", "de", Glossary("en", "de", terms))
    engine = WordEngine(context_size=640)
    translator = SegmentTranslator(engine, settings)
    text = " ".join(f"crate{n}" for n in range(8)) + " " + "apples " * (translator.budget * 4 // 7 - 20)
    translator.translate(text.strip(), None, CancelToken())
    system = engine.requests[0].messages[0].content
    kept = [n for n in range(8) if f"crate{n} →" in system]
    assert kept and kept == list(range(len(kept))) and len(kept) < 8


def test_languages_are_checked_when_the_settings_are_made() -> None:
    with pytest.raises(UnknownLanguageError, match="Unknown language 'deu'"):
        TranslateSettings("en", "deu")


def test_the_output_allowance_follows_the_token_cost_of_both_languages() -> None:
    task = builtin_translate_task()
    en, de, hi = language("en"), language("de"), language("hi")
    assert output_ratio(task, en, de) == pytest.approx(1.25 * 1.9)
    assert output_ratio(task, en, hi) > output_ratio(task, en, de)
    assert output_ratio(task, de, en) == 1.0, "never below the floor"
    assert output_ratio(task, en, language("sw")) == pytest.approx(1.25 * 2.0), "the default cost"
    assert output_ratio(task, en, language("pt-BR")) == pytest.approx(1.25 * 1.9)


def test_a_custom_copy_of_the_task_is_used_and_other_flows_refused(
    builtin: dict[str, TaskDefinition],
) -> None:
    task = dataclasses.replace(
        builtin["translate"],
        id="terse",
        builtin=False,
        prompts={**builtin["translate"].prompts, "system": "Translate to {{ target_language }}. Be terse."},
    )
    engine = WordEngine()
    run(engine, "Good morning.", settings=TranslateSettings("en", "fr", task=task))
    assert engine.requests[0].messages[0].content == "Translate to French. Be terse."
    with pytest.raises(ValueError, match="not a translate task"):
        TranslateSettings("en", "fr", task=builtin["rewrite"])


# ------------------------------------------------------------------ answers that are not translations

LAMPS = "Brightleaf Hub connects up to 12 smart lamps in your home."
LAMP_GLOSSARY = Glossary("en", "de", (Term("smart lamp", "Smarte Lampe"),))
LAMPS_DE = "Brightleaf Hub verbindet bis zu 12 smarte Lampen in Ihrem Zuhause."


def test_an_answer_that_is_the_prompt_is_retried_then_flagged() -> None:
    # seen with the starter model: every number and term is there, so only the echo check sees it
    echo = (
        f"Glossary (use these translations):\n- smart lamp → Smarte Lampe\n\nTranslate into German:\n{LAMPS}"
    )
    engine = WordEngine([Scripted(echo), Scripted(echo)])
    outcome = run(engine, LAMPS, settings=TranslateSettings("en", "de", LAMP_GLOSSARY))
    assert outcome.status == "check_failed" and len(engine.requests) == 2
    assert INSTRUCTIONS_REPEATED in outcome.problems
    assert outcome.term_misses == (), "the copied glossary line even 'uses' the term"


def test_a_retry_that_translates_replaces_the_echo() -> None:
    engine = WordEngine(
        [Scripted(f"Translate into German:\n{LAMPS}\nGlossary (use these translations):"), Scripted(LAMPS_DE)]
    )
    outcome = run(engine, LAMPS, settings=TranslateSettings("en", "de", LAMP_GLOSSARY))
    assert (outcome.status, outcome.text, outcome.attempts) == ("translated", LAMPS_DE, 2)


def test_an_invented_glossary_heading_is_an_echo_even_without_a_glossary() -> None:
    engine = WordEngine([Scripted(f"{LAMPS_DE}\nGlossary (use these translations):")] * 2)
    outcome = run(engine, LAMPS)
    assert "→" not in engine.requests[0].messages[0].content
    assert outcome.problems == (INSTRUCTIONS_REPEATED,)


def test_the_previous_pair_copied_into_the_answer_is_an_echo() -> None:
    previous = ("Thank you for your order from our shop.", "Danke für Ihre Bestellung in unserem Laden.")
    engine = WordEngine([Scripted(f"{previous[1]} {LAMPS_DE}")] * 2)
    outcome = run(engine, LAMPS, previous=previous)
    assert outcome.problems == (INSTRUCTIONS_REPEATED,)
    # when the text repeats the previous source, its translation may come back
    again = WordEngine([Scripted(f"{previous[1]} {LAMPS_DE}")])
    outcome = run(again, f"{previous[0]} {LAMPS}", previous=previous)
    assert outcome.status == "translated", outcome.problems


@pytest.mark.parametrize(
    "label", ["The German: ", "German:\n", "Here is the translation:\n\n", "Translation: "]
)
def test_a_leading_label_is_stripped_from_a_translation(label: str) -> None:
    events = Recorder()
    engine = WordEngine([Scripted(label + LAMPS_DE)])
    outcome = translate_segment(engine, SETTINGS, LAMPS, None, CancelToken(), emit=events, part="p")
    assert (outcome.status, outcome.text, outcome.attempts) == ("translated", LAMPS_DE, 1)
    assert events.replaced("p") == [PartReplaced("p", LAMPS_DE)]


def test_a_label_over_the_source_is_still_untranslated() -> None:
    engine = WordEngine([Scripted(f"The German: {LAMPS}"), Scripted(f"Translate into German: {LAMPS}")])
    outcome = run(engine, LAMPS)
    assert outcome.status == "check_failed"
    assert UNTRANSLATED in outcome.problems and outcome.text == LAMPS


def test_a_one_paragraph_source_answered_in_paragraphs_is_retried() -> None:
    # what the starter model does: the source again, then a note about "changes" it made
    noted = f"{LAMPS_DE}\n\nI made the following changes: none."
    engine = WordEngine([Scripted(noted), Scripted(LAMPS_DE)])
    outcome = run(engine, LAMPS)
    assert (outcome.status, outcome.text, outcome.attempts) == ("translated", LAMPS_DE, 2)
    flagged = run(WordEngine([Scripted(noted)] * 2), LAMPS)
    assert flagged.problems == (PARAGRAPHS_ADDED,)
    # a text of several paragraphs keeps its own
    two = f"{LAMPS}\n\nPress the button."
    assert run(WordEngine(), two).text == fake_translation(two)


def test_a_failed_piece_of_a_long_segment_flags_the_whole_segment() -> None:
    sentences = [f"Crate {n} holds {n * 7 + 3} apples, and the lid is marked {n}B." for n in range(1, 31)]
    text = " ".join(sentences)
    dry = WordEngine(context_size=420)
    assert run(dry, text).status == "translated"
    first = asked_text(dry.requests[0])
    # the first piece keeps every number but repeats the instructions; the segment check alone,
    # reading the joined text, would not see it
    echo = fake_translation(first) + "\nKeep numbers, line breaks and Markdown marks as they are."
    engine = WordEngine([Scripted(echo), Scripted(echo)], context_size=420)
    outcome = run(engine, text)
    assert outcome.pieces == len(dry.requests) > 2
    assert (outcome.status, outcome.problems) == ("check_failed", (INSTRUCTIONS_REPEATED,))


def test_within_one_language_an_unchanged_text_passes() -> None:
    text = "Please keep this box dry at all times."
    engine = WordEngine([Scripted(text)])
    outcome = run(engine, text, settings=TranslateSettings("en", "en-GB"))
    assert (outcome.status, outcome.attempts) == ("translated", 1)
    assert run(WordEngine([Scripted(text)] * 2), text, settings=TranslateSettings("en", "de")).problems == (
        UNTRANSLATED,
    )


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


def test_a_labelled_quoted_answer_on_two_lines_is_cleaned() -> None:
    german = language("de")
    answer = 'The translated text:\n"Öffne die Brightleaf-App."'
    assert clean_answer("Open the Brightleaf app", answer, german) == "Öffne die Brightleaf-App."
