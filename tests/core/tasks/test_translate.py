"""One segment through the translate flow on the scripted engine: protection, checks, retry, flags,
cut-off answers, Stop, and texts with nothing to translate.
"""

from __future__ import annotations

import pytest

from app.core.engine.types import CancelToken, GenerationRequest
from app.core.tasks.events import PartReplaced
from app.core.tasks.translate import CUT_OFF, GREEDY, UNTRANSLATED, TranslateSettings, translate_segment
from app.core.tasks.translate_prompt import builtin_translate_task, output_ratio
from app.core.translation.languages import language
from tests.core.tasks.helpers import Recorder
from tests.core.tasks.translate_helpers import (
    GLOSSARY,
    SETTINGS,
    Scripted,
    WordEngine,
    asked_text,
    fake_translation,
    run,
)

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
