"""A whole document through the translation job on the scripted engine: memory reuse, copies translated
once, the previous segment as context, flags, and use counts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from app.core.formats.document import Translation
from app.core.formats.plain_text import open_plain_text
from app.core.jobs.document_translation import DocumentTranslation, write_output
from app.core.tasks.translate import TranslateSettings
from app.core.translation.checks import INSTRUCTIONS_REPEATED, PARAGRAPHS_ADDED
from app.core.translation.glossary import Glossary, Term
from app.core.translation.memory import MemoryEntry, MemoryMatch, TranslationMemory
from app.core.translation.protect import protect
from tests.core.jobs.document_helpers import PARAGRAPHS, SETTINGS, masked, statuses, write_markdown
from tests.core.tasks.translate_helpers import Scripted, WordEngine, asked_text, expected_translation

# --------------------------------------------------------------------------- scripted engine


def test_memory_hits_are_reused_and_the_rest_is_translated_and_remembered(
    tmp_path: Path, memory: TranslationMemory
) -> None:
    document = write_markdown(tmp_path / "guide.md", ["# Delivery", *PARAGRAPHS[:3]])
    memory.add("en", "de", "Delivery", "Lieferung", "human")
    # one word away from a remembered text: a fuzzy match is offered in the window, never applied here
    memory.add("en", "de", PARAGRAPHS[0].replace("2", "3"), "Fast gleich.", "human")
    engine = WordEngine()
    result = DocumentTranslation(document, SETTINGS, memory).run(engine)
    assert statuses(result) == ["reused", "translated", "translated", "translated"]
    assert result.segments["b1"].translation.text == "Lieferung"
    assert len(engine.requests) == 3 and result.model_segments == 3
    assert not result.partial and result.error is None
    for text in PARAGRAPHS[:3]:
        stored = memory.exact("en", "de", text)
        assert stored is not None and stored.origin == "machine"
        assert stored.target == expected_translation(text)


def test_the_previous_segment_goes_with_each_request_as_context(tmp_path: Path) -> None:
    document = write_markdown(tmp_path / "guide.md", PARAGRAPHS[:3])
    engine = WordEngine()
    DocumentTranslation(document, SETTINGS, None).run(engine)
    first, second, _ = engine.requests
    assert len(first.messages) == 2
    _, earlier, answer, _ = second.messages
    assert earlier.content.endswith(masked(PARAGRAPHS[0]))
    assert answer.content == expected_translation(PARAGRAPHS[0])


def test_identical_segments_are_translated_once(tmp_path: Path) -> None:
    blocks = [
        PARAGRAPHS[0],
        PARAGRAPHS[1],
        PARAGRAPHS[0],
        "- " + PARAGRAPHS[0].replace(" ", "  "),
        PARAGRAPHS[1],
    ]
    document = write_markdown(tmp_path / "guide.md", blocks)
    engine = WordEngine()
    result = DocumentTranslation(document, SETTINGS, None).run(engine)
    assert [asked_text(request) for request in engine.requests] == [masked(p) for p in PARAGRAPHS[:2]]
    texts = [segment.translation.text for segment in result.segments.values()]
    assert texts[0] == texts[2] == texts[3] and texts[1] == texts[4]
    assert statuses(result) == ["translated"] * 5


def test_a_segment_failing_twice_keeps_its_source_for_review(
    tmp_path: Path, memory: TranslationMemory
) -> None:
    document = write_markdown(tmp_path / "guide.md", PARAGRAPHS[1:3])
    # the first answer loses the number and the link, the retry only the link: the retry is kept
    engine = WordEngine([Scripted("Rücksendungen sind frei."), Scripted("Rücksendungen 30 Tage frei.")])
    result = DocumentTranslation(document, SETTINGS, memory).run(engine)
    flagged = result.segments["b1"]
    assert flagged.status == "check_failed" and result.flagged == ("b1",)
    assert flagged.translation == Translation(PARAGRAPHS[1], needs_review=True)
    assert flagged.attempt == "Rücksendungen 30 Tage frei."
    assert flagged.problems == ("The URL https://example.com/returns is missing",)
    assert memory.exact("en", "de", PARAGRAPHS[1]) is None, "a failed translation is never remembered"
    assert result.segments["b2"].status == "translated"
    out = tmp_path / "guide.de.md"
    write_output(document, result, out, "de")
    written = out.read_text("utf-8")
    assert PARAGRAPHS[1] in written and expected_translation(PARAGRAPHS[2]) in written


def test_an_answer_repeating_the_prompt_is_never_remembered_nor_written(
    tmp_path: Path, memory: TranslationMemory
) -> None:
    # the real run that passed every other check: numbers, DNT term and even the preferred term present
    source = "Brightleaf Hub connects up to 12 smart lamps in your home."
    path = tmp_path / "hub.txt"
    path.write_text(source + "\n", encoding="utf-8")
    document = open_plain_text(path)
    glossary = Glossary(
        "en", "de", (Term("Brightleaf", do_not_translate=True), Term("smart lamp", "Smarte Lampe"))
    )
    echo = "Glossary (use these translations):\n- smart lamp → Smarte Lampe\n\nTranslate into German:\n"
    engine = WordEngine([Scripted(echo + masked_with(source, glossary))] * 2)
    result = DocumentTranslation(document, TranslateSettings("en", "de", glossary), memory).run(engine)
    (segment,) = result.segments.values()
    assert segment.status == "check_failed" and len(engine.requests) == 2
    assert set(segment.problems) == {INSTRUCTIONS_REPEATED, PARAGRAPHS_ADDED}
    assert segment.term_misses == ()
    assert segment.translation == Translation(source, needs_review=True)
    assert memory.exact("en", "de", source) is None
    out = tmp_path / "hub.de.txt"
    write_output(document, result, out, "de")
    assert out.read_text("utf-8") == source + "\n", "the source kept, no paragraph added"


def test_each_applied_memory_entry_counts_one_use(tmp_path: Path, memory: TranslationMemory) -> None:
    document = write_markdown(tmp_path / "guide.md", [PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[0]])
    memory.add("en", "de", PARAGRAPHS[0], "Versand in 2 Tagen.", "human")
    for run_number in (1, 2):
        result = DocumentTranslation(document, SETTINGS, memory).run(WordEngine())
        assert statuses(result)[0] == statuses(result)[2] == "reused"
        reused = memory.exact("en", "de", PARAGRAPHS[0])
        assert reused is not None and reused.uses == run_number, "once per distinct text and run"
    translated = memory.exact("en", "de", PARAGRAPHS[1])
    assert translated is not None and translated.uses == 1, "reused in the second run only"


def test_counting_uses_keeps_a_remembered_document_fast(tmp_path: Path, memory: TranslationMemory) -> None:
    blocks = [f"Crate {n} holds {n * 7} apples and a spare lid." for n in range(300)]
    document = write_markdown(tmp_path / "crates.md", blocks)
    memory.add_many(MemoryEntry("en", "de", text, f"Kiste: {text}", "human") for text in blocks)
    started = time.perf_counter()
    result = DocumentTranslation(document, SETTINGS, memory).run(WordEngine())
    elapsed = time.perf_counter() - started
    assert set(statuses(result)) == {"reused"}
    assert all(match is not None and match.uses == 1 for match in map(_exact(memory), blocks))
    assert elapsed < 5.0, f"{elapsed:.2f} s for 300 reused segments"


def _exact(memory: TranslationMemory) -> Callable[[str], MemoryMatch | None]:
    return lambda text: memory.exact("en", "de", text)


def masked_with(text: str, glossary: Glossary) -> str:
    return protect(text, glossary).masked
