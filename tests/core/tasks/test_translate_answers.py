"""Answers that are not translations: the prompt or the previous pair echoed, a leading label, added
paragraphs, the source sent back; each is retried, then flagged, never passed.
"""

from __future__ import annotations

import pytest

from app.core.engine.types import CancelToken
from app.core.tasks.events import PartReplaced
from app.core.tasks.translate import UNTRANSLATED, TranslateSettings, clean_answer, translate_segment
from app.core.translation.checks import INSTRUCTIONS_REPEATED, PARAGRAPHS_ADDED
from app.core.translation.languages import language
from tests.core.tasks.helpers import Recorder
from tests.core.tasks.translate_helpers import (
    LAMP_GLOSSARY,
    LAMPS,
    LAMPS_DE,
    SETTINGS,
    Scripted,
    WordEngine,
    asked_text,
    fake_translation,
    run,
)

# ------------------------------------------------------------------ answers that are not translations


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


def test_a_labelled_quoted_answer_on_two_lines_is_cleaned() -> None:
    german = language("de")
    answer = 'The translated text:\n"Öffne die Brightleaf-App."'
    assert clean_answer("Open the Brightleaf app", answer, german) == "Öffne die Brightleaf-App."
