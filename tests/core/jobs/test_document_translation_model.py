"""The translation job on the real model: a remembered document, a 600-word slice, and a 20,000-word file."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.engine.llama_engine import LlamaEngine
from app.core.engine.types import CancelToken, Chunk, GenerationRequest
from app.core.formats.document import Translation
from app.core.formats.markdown_text import open_markdown
from app.core.jobs.document_translation import DocumentProgress, DocumentTranslation, write_output
from app.core.translation.memory import TranslationMemory
from tests.core.jobs.document_helpers import PARAGRAPHS, SETTINGS, statuses, write_markdown
from tests.core.tasks.helpers import LentEngine

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
