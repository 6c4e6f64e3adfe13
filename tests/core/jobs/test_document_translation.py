"""A whole document through the translation job: memory reuse, copies translated once, flags, pause,
cancel and resume, progress, and the written file; then the real model on small and 20,000-word files."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.core.engine.llama_engine import LlamaEngine
from app.core.engine.types import CancelToken, Chunk, EngineError, GenerationRequest
from app.core.formats.document import Translation
from app.core.formats.markdown_text import MarkdownDocument, open_markdown
from app.core.formats.plain_text import open_plain_text
from app.core.jobs.document_translation import (
    DocumentOutputError,
    DocumentProgress,
    DocumentResult,
    DocumentTranslation,
    SegmentResult,
    write_output,
)
from app.core.jobs.pause import PauseGate
from app.core.tasks.translate import TranslateSettings
from app.core.translation.checks import INSTRUCTIONS_REPEATED, PARAGRAPHS_ADDED
from app.core.translation.glossary import Glossary, Term
from app.core.translation.memory import MemoryEntry, MemoryMatch, TranslationMemory
from app.core.translation.protect import protect
from tests.core.tasks.helpers import LentEngine
from tests.core.tasks.test_translate import Scripted, WordEngine, asked_text, expected_translation

SETTINGS = TranslateSettings("en", "de")
PARAGRAPHS = [
    "Your order ships within 2 working days from our store in Leeds.",
    "Returns are free for 30 days; see https://example.com/returns for the form.",
    "Every bottle holds 750 ml and keeps drinks cold for 24 hours.",
    "Write to help@example.com if a part is missing or damaged.",
    "We plant 1 tree for every 10 orders, and we publish the numbers each year.",
]


def write_markdown(path: Path, blocks: list[str]) -> MarkdownDocument:
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return open_markdown(path)


@pytest.fixture
def memory(tmp_path: Path) -> Iterator[TranslationMemory]:
    opened = TranslationMemory(tmp_path / "memory.sqlite")
    yield opened
    opened.close()


def masked(text: str) -> str:
    return protect(text, None).masked


def statuses(result: DocumentResult) -> list[str]:
    return [segment.status for segment in result.segments.values()]


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


def test_cancel_keeps_what_is_done_and_a_rerun_resumes_without_the_model(
    tmp_path: Path, memory: TranslationMemory
) -> None:
    document = write_markdown(tmp_path / "guide.md", PARAGRAPHS)
    cancel = CancelToken()
    engine = WordEngine([Scripted(None), Scripted("Die Rücksendung", cancel_after=6)])
    seen: list[str] = []
    job = DocumentTranslation(
        document, SETTINGS, memory, cancel=cancel, on_segment=lambda key, _r: seen.append(key)
    )
    result = job.run(engine)
    assert statuses(result) == ["translated", "cancelled", "pending", "pending", "pending"]
    assert result.partial and len(engine.requests) == 2
    assert seen == ["b1", "b2"]
    assert set(result.translations()) == {"b1"}
    out = tmp_path / "partial.md"
    write_output(document, result, out, "de")
    assert expected_translation(PARAGRAPHS[0]) in out.read_text("utf-8")
    assert all(text in out.read_text("utf-8") for text in PARAGRAPHS[1:]), "the rest keeps its source"

    again = WordEngine()
    rerun = DocumentTranslation(document, SETTINGS, memory).run(again)
    assert statuses(rerun) == ["reused", "translated", "translated", "translated", "translated"]
    assert [asked_text(request) for request in again.requests] == [masked(p) for p in PARAGRAPHS[1:]]


def test_pause_holds_the_next_segment_and_resume_carries_on(tmp_path: Path) -> None:
    document = write_markdown(tmp_path / "guide.md", PARAGRAPHS[:3])
    engine = WordEngine()
    gate = PauseGate()
    reports: list[DocumentProgress] = []
    paused_seen = threading.Event()

    def on_progress(progress: DocumentProgress) -> None:
        reports.append(progress)
        if progress.paused:
            paused_seen.set()

    def pause_after_first(key: str, _result: SegmentResult) -> None:
        if key == "b1":
            gate.pause()

    job = DocumentTranslation(
        document, SETTINGS, None, on_progress=on_progress, pause=gate, on_segment=pause_after_first
    )
    results: list[DocumentResult] = []
    worker = threading.Thread(target=lambda: results.append(job.run(engine)))
    worker.start()
    assert paused_seen.wait(10)
    time.sleep(0.2)
    assert len(engine.requests) == 1, "nothing starts while paused"
    assert reports[-1].paused and reports[-1].segments_done == 1
    gate.resume()
    worker.join(10)
    assert not worker.is_alive()
    (result,) = results
    assert statuses(result) == ["translated"] * 3
    final = reports[-1]
    assert not final.paused and final.segments_done == 3


def test_cancel_while_paused_ends_the_job(tmp_path: Path) -> None:
    document = write_markdown(tmp_path / "guide.md", PARAGRAPHS[:2])
    gate, cancel = PauseGate(), CancelToken()
    gate.pause()
    engine = WordEngine()
    results: list[DocumentResult] = []
    job = DocumentTranslation(document, SETTINGS, None, pause=gate, cancel=cancel)
    worker = threading.Thread(target=lambda: results.append(job.run(engine)))
    worker.start()
    time.sleep(0.2)
    cancel.cancel()
    worker.join(5)
    assert not worker.is_alive()
    assert statuses(results[0]) == ["pending", "pending"] and engine.requests == []


def test_progress_counts_segments_and_words_to_the_end(tmp_path: Path, memory: TranslationMemory) -> None:
    document = write_markdown(tmp_path / "guide.md", ["# Delivery", *PARAGRAPHS, PARAGRAPHS[0]])
    memory.add("en", "de", "Delivery", "Lieferung", "human")
    reports: list[DocumentProgress] = []
    DocumentTranslation(document, SETTINGS, memory, on_progress=reports.append).run(WordEngine())
    first, last = reports[0], reports[-1]
    assert (first.segments_done, first.reused, first.words_done) == (1, 1, 1), "the memory hit comes first"
    assert first.eta_s is None and first.words_per_min == 0.0
    assert (last.segments_done, last.segments_total) == (7, 7)
    assert (
        last.words_done
        == last.words_total
        == 1 + sum(len(p.split()) for p in PARAGRAPHS) + len(PARAGRAPHS[0].split())
    )
    assert last.words_per_min > 0 and last.eta_s == 0.0 and last.fraction == 1.0
    done = [report.words_done for report in reports]
    assert done == sorted(done)
    assert {report.current for report in reports} >= {"b2", "b6"}
    assert "b7" not in {report.current for report in reports}, "the copy of b2 needs no model"


def test_an_engine_failure_stops_the_job_and_keeps_what_is_done(tmp_path: Path) -> None:
    class FailingSecond(WordEngine):
        def stream(self, request: GenerationRequest, cancel: CancelToken | None = None) -> Iterator[Chunk]:
            if self.requests:
                raise EngineError("The server closed the connection.")
            return super().stream(request, cancel)

    document = write_markdown(tmp_path / "guide.md", PARAGRAPHS[:3])
    result = DocumentTranslation(document, SETTINGS, None).run(FailingSecond())
    assert result.error == "The server closed the connection."
    assert statuses(result) == ["translated", "pending", "pending"] and result.partial


def test_a_closed_memory_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    document = write_markdown(tmp_path / "guide.md", PARAGRAPHS[:2])
    closed = TranslationMemory(tmp_path / "closed.sqlite")
    closed.close()
    result = DocumentTranslation(document, SETTINGS, closed).run(WordEngine())
    assert statuses(result) == ["translated", "translated"]
    assert len(result.warnings) == 1 and "closed" in result.warnings[0]


def test_the_output_never_replaces_the_input_and_a_bad_folder_is_named(tmp_path: Path) -> None:
    source = tmp_path / "guide.md"
    document = write_markdown(source, PARAGRAPHS[:2])
    original = source.read_bytes()
    result = DocumentTranslation(document, SETTINGS, None).run(WordEngine())
    for same in (source, tmp_path / "." / "guide.md"):
        with pytest.raises(DocumentOutputError, match="choose another output file"):
            write_output(document, result, same, "de")
    assert source.read_bytes() == original
    missing = tmp_path / "no-such-folder" / "guide.de.md"
    with pytest.raises(DocumentOutputError, match="no-such-folder"):
        write_output(document, result, missing, "de")
    out = tmp_path / "guide.de.md"
    write_output(document, result, out, "de")
    again = open_markdown(out)
    assert [segment.text for segment in again.segments] == [expected_translation(p) for p in PARAGRAPHS[:2]]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [], "no temporary file left"


# --------------------------------------------------------------------------- the real model


class TokenCounter(LentEngine):
    """The real engine, adding up the tokens each answer's last chunk reports."""

    streams = 0
    generated = 0

    def stream(self, request: GenerationRequest, cancel: CancelToken | None = None) -> Iterator[Chunk]:
        self.streams += 1
        for chunk in self.inner.stream(request, cancel):
            if chunk.timings is not None:
                self.generated += chunk.timings.generated_tokens
            yield chunk


def _pool() -> list[str]:
    """Markdown blocks a product manual repeats: headings, paragraphs, list items, a code block."""
    return [
        "## Delivery and returns",
        *PARAGRAPHS,
        "- Free returns within 30 days\n- Spare lids for 4 euros",
        "```sh\ncopydesk translate --from en --to de guide.md\n```",
        "Read the [care guide](https://example.com/care) before the first use; wash the lid by hand.",
    ]


@pytest.mark.model
def test_a_fully_remembered_document_generates_no_tokens(
    engine: LlamaEngine, tmp_path: Path, memory: TranslationMemory
) -> None:
    document = write_markdown(tmp_path / "guide.md", _pool())
    for segment in document.segments:
        memory.add("en", "de", segment.text, f"DE {segment.key}: {segment.text}", "human")
    counter = TokenCounter(engine)
    result = DocumentTranslation(document, SETTINGS, memory).run(counter)
    assert (counter.streams, counter.generated, result.generated_tokens) == (0, 0, 0)
    assert set(statuses(result)) == {"reused"}
    out = tmp_path / "guide.de.md"
    write_output(document, result, out, "de")
    assert [s.text for s in open_markdown(out).segments] == [
        f"DE {s.key}: {s.text}" for s in document.segments
    ]


SENTENCES = [
    "The bottle keeps drinks cold for {a} hours and hot for {b} hours.",
    "Its steel wall is {a} mm thick, so the outside never gets wet.",
    "The lid closes with a quarter turn and does not leak in a bag.",
    "We ship orders within {a} days and send a tracking link by e-mail.",
    "A spare seal costs {a} euros and fits every lid made since {b}.",
    "Wash the lid by hand; the bottle itself can go in the dishwasher.",
    "Our team in Leeds answers questions within {a} hours on working days.",
    "Each colour is tested in sunlight for {b} days before we sell it.",
]


def paragraph(n: int) -> str:
    """About 60 words, different for every ``n`` (its numbers change), so no two are the same text."""
    picked = [SENTENCES[(n + k) % len(SENTENCES)] for k in range(4)]
    return " ".join(s.format(a=n + 3 * k + 1, b=2000 + n + k) for k, s in enumerate(picked))


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.timeout(900)
def test_a_600_word_slice_goes_through_the_model_with_every_segment_accounted_for(
    engine: LlamaEngine, tmp_path: Path, memory: TranslationMemory
) -> None:
    blocks = [paragraph(n) for n in range(11)] + ["## Care and spare parts"]
    document = write_markdown(tmp_path / "slice.md", blocks)
    assert 550 <= sum(len(segment.text.split()) for segment in document.segments) <= 700
    counter = TokenCounter(engine)
    reports: list[DocumentProgress] = []
    result = DocumentTranslation(document, SETTINGS, memory, on_progress=reports.append).run(counter)
    assert set(result.segments) == {segment.key for segment in document.segments}
    assert set(statuses(result)) <= {"translated", "check_failed"}
    assert result.model_segments == len(document.segments), "a fresh memory reuses nothing"
    assert counter.generated == result.generated_tokens > 0
    assert len(document.segments) <= counter.streams <= 2 * len(document.segments)
    translated = [key for key, r in result.segments.items() if r.status == "translated"]
    assert memory.count("en", "de") == len(translated)
    for segment in document.segments:
        flagged = result.segments[segment.key]
        if flagged.status == "check_failed":
            assert flagged.translation == Translation(segment.text, needs_review=True) and flagged.problems
    last = reports[-1]
    assert (last.segments_done, last.words_done) == (len(document.segments), last.words_total)
    out = tmp_path / "slice.de.md"
    write_output(document, result, out, "de")
    assert len(open_markdown(out).segments) == len(document.segments)


@pytest.mark.model
@pytest.mark.slow
def test_a_20000_word_markdown_document_completes(
    engine: LlamaEngine, tmp_path: Path, memory: TranslationMemory
) -> None:
    # A manual that repeats its sections: copies are translated once and the memory knows most texts, so
    # the model sees only two short list items however long the file is.
    section = _pool()
    document = write_markdown(tmp_path / "manual.md", section * 240)
    words = sum(len(segment.text.split()) for segment in document.segments)
    assert words >= 20_000
    left_for_model = {"Free returns within 30 days", "Spare lids for 4 euros"}
    for text in {segment.text for segment in document.segments} - left_for_model:
        memory.add("en", "de", text, f"[DE] {text}", "human")
    counter = TokenCounter(engine)
    reports: list[DocumentProgress] = []
    started = time.perf_counter()
    result = DocumentTranslation(document, SETTINGS, memory, on_progress=reports.append).run(counter)
    elapsed = time.perf_counter() - started
    assert len(result.segments) == len(document.segments) > 1500
    assert set(statuses(result)) <= {"reused", "translated", "check_failed"}, "every segment accounted for"
    assert result.model_segments == 2 and 2 <= counter.streams <= 4
    for segment in document.segments:
        expected = "reused" if segment.text not in left_for_model else None
        got = result.segments[segment.key]
        assert got.status == expected if expected else got.status in ("translated", "check_failed")
    assert (
        reports[-1].words_done
        == reports[-1].words_total
        == sum(len(segment.text.split()) for segment in document.segments)
    )
    out = tmp_path / "manual.de.md"
    write_output(document, result, out, "de")
    rendered = out.read_text("utf-8")
    assert rendered.count("```sh\ncopydesk translate --from en --to de guide.md\n```") == 240
    assert len(open_markdown(out).segments) == len(document.segments)
    assert elapsed < 120, f"the job took {elapsed:.0f} s"
