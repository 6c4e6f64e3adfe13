"""What each translate request carries and how it fits: pieces of a long segment, the languages, the
relevant terms and the previous pair in the prompt, what is dropped first, and the task's settings.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from app.core.engine.types import CancelToken, GenerationRequest
from app.core.tasks.context_fit import SAFETY_TOKENS
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.translate import SegmentTranslator, TranslateSettings
from app.core.tasks.translate_prompt import builtin_translate_task, output_ratio, relevant_terms
from app.core.translation.glossary import Glossary, Term
from app.core.translation.languages import UnknownLanguageError, language
from tests.core.tasks.translate_helpers import GLOSSARY, WordEngine, asked_text, fake_translation, run


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


def test_a_one_paragraph_text_stops_at_a_blank_line_and_a_longer_one_does_not() -> None:
    engine = WordEngine()
    run(engine, "Open the app and sign in.")
    run(engine, "Open the app.\n\nThen sign in.")
    assert [request.stop for request in engine.requests] == [("\n\n",), ()]
