"""The translation job under control and failure: cancel and resume, pause, progress, an engine or a
memory that fails, and the written file.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.engine.types import CancelToken, Chunk, EngineError, GenerationRequest
from app.core.formats.markdown_text import open_markdown
from app.core.jobs.document_translation import (
    DocumentOutputError,
    DocumentProgress,
    DocumentResult,
    DocumentTranslation,
    SegmentResult,
    write_output,
)
from app.core.jobs.pause import PauseGate
from app.core.translation.memory import TranslationMemory
from tests.core.jobs.document_helpers import PARAGRAPHS, SETTINGS, masked, statuses, write_markdown
from tests.core.tasks.translate_helpers import Scripted, WordEngine, asked_text, expected_translation


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
