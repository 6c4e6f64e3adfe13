"""Translate a whole document: memory first, the model for the rest, every segment accounted for.

1. Exact translation-memory matches are applied without the model (status ``reused``). Fuzzy matches are
   never applied here: the window offers them to the translator. Each applied entry gets one more use
   counted (once per distinct text), after the model's work, so a resumed job starts at once.
2. Identical segments (same text after whitespace normalisation) are translated once and shared.
3. The rest go through :func:`translate_segment` in document order, each with the previous segment pair as
   context. A translation that passes the check is stored in the memory as ``machine`` at once; a human
   entry is never overwritten by it. That is also what makes a rerun after a stop (Cancel, Ctrl+C, a
   crash) resume at no cost: everything finished before is an exact memory hit the second time.
4. A segment that fails the check twice keeps its SOURCE text, marked for review, and its best attempt
   is kept in the result for the user. Nothing is dropped: the result lists every segment.

Pause holds the next segment before it starts (the current one finishes). Cancel stops at once; what
is done is kept (``result.partial``). An engine failure stops the job the same way, with ``result.error``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.core.atomic_files import atomic_write_bytes
from app.core.engine.types import CancelToken, Engine, EngineError
from app.core.formats.document import Segment, TranslatableDocument, Translation
from app.core.jobs.batch_progress import RateMeter
from app.core.jobs.document_progress import (
    DocumentProgress,
    DocumentResult,
    SegmentResult,
    count_words,
)
from app.core.jobs.pause import PauseGate
from app.core.tasks.events import Emit
from app.core.tasks.translate import SegmentOutcome, SegmentTranslator, TranslateSettings
from app.core.translation.memory import TranslationMemory
from app.core.translation.memory_errors import TranslationMemoryError
from app.core.translation.memory_text import normalise

__all__ = [
    "DocumentOutputError",
    "DocumentProgress",
    "DocumentResult",
    "DocumentTranslation",
    "SegmentResult",
    "write_output",
]


class DocumentOutputError(ValueError):
    """The translated document cannot be written where asked; the message names the path."""


class DocumentTranslation:
    """One document into one language; ``run(engine)`` on the engine's thread, callbacks come from it."""

    def __init__(
        self,
        document: TranslatableDocument,
        settings: TranslateSettings,
        memory: TranslationMemory | None,
        *,
        on_progress: Callable[[DocumentProgress], None] | None = None,
        pause: PauseGate | None = None,
        cancel: CancelToken | None = None,
        on_segment: Callable[[str, SegmentResult], None] | None = None,
        emit: Emit | None = None,
    ) -> None:
        """``on_segment(key, result)`` fires as each segment gets its result; ``emit`` receives the
        model's streamed text with the segment key as the part (see :func:`translate_segment`)."""
        self.document = document
        self.settings = settings
        self.memory = memory
        self.on_progress = on_progress
        self.pause = pause or PauseGate()
        self.cancel = cancel or CancelToken()
        self.on_segment = on_segment
        self.emit = emit

    def run(self, engine: Engine) -> DocumentResult:
        return _Run(self, engine).run()


class _Run:
    def __init__(self, job: DocumentTranslation, engine: Engine) -> None:
        self.job = job
        self.engine = engine
        self.settings = job.settings
        self.memory = job.memory
        """Set to None for the rest of the run when the memory fails (the job goes on without it)."""
        self.segments = job.document.segments
        self.results: dict[str, SegmentResult] = {
            segment.key: SegmentResult(Translation(segment.text, needs_review=True), "pending")
            for segment in self.segments
        }
        self.words = {segment.key: count_words(segment.text) for segment in self.segments}
        self.words_total = sum(self.words.values())
        self.groups: dict[str, list[Segment]] = {}
        for segment in self.segments:
            self.groups.setdefault(normalise(segment.text), []).append(segment)
        self.meter = RateMeter()
        self.translator: SegmentTranslator | None = None
        self.done_segments = 0
        self.done_words = 0
        self.model_words_left = 0
        self.generated = 0
        self.model_segments = 0
        self.warnings: list[str] = []
        self.error: str | None = None
        self.reused_sources: list[str] = []

    def run(self) -> DocumentResult:
        try:
            self.translate_all()
        finally:
            self.record_uses()
        return DocumentResult(
            dict(self.results), self.error, tuple(self.warnings), self.generated, self.model_segments
        )

    def translate_all(self) -> None:
        waiting = self.reuse_from_memory()
        self.model_words_left = sum(self.words[group[0].key] for group in waiting.values())
        self.report()
        for index, segment in enumerate(self.segments):
            group = waiting.get(normalise(segment.text))
            if group is None or self.results[segment.key].status != "pending":
                continue  # reused, or translated as an earlier copy of the same text
            if not self.hold_while_paused():
                break
            outcome = self.translate(segment, self.previous_pair(index))
            if outcome is None:
                break
            self.settle(group, self.from_outcome(segment, outcome))
            if outcome.status == "cancelled":
                break

    def reuse_from_memory(self) -> dict[str, list[Segment]]:
        """Apply exact memory matches; returns the groups left for the model, by normalised text."""
        waiting: dict[str, list[Segment]] = {}
        for norm, group in self.groups.items():
            match = None
            if self.memory is not None and norm:
                try:
                    match = self.memory.exact(
                        self.settings.source_language, self.settings.target_language, group[0].text
                    )
                except TranslationMemoryError as exc:
                    self.warn(f"The translation memory could not be read: {exc}")
                    self.memory = None
            if match is None:
                waiting[norm] = group
            else:
                self.settle(group, SegmentResult(Translation(match.target), "reused"), report=False)
                self.reused_sources.append(group[0].text)
        return waiting

    def record_uses(self) -> None:
        """Count a use of each applied memory entry, in one write, done last so a document that is all
        memory hits shows its result first in the window's progress."""
        if self.memory is None or not self.reused_sources:
            return
        try:
            self.memory.record_uses(
                self.settings.source_language, self.settings.target_language, self.reused_sources
            )
        except TranslationMemoryError as exc:
            self.warn(f"The translation memory could not count the reused entries: {exc}")
            self.memory = None

    def previous_pair(self, index: int) -> tuple[str, str] | None:
        if index == 0:
            return None
        before = self.segments[index - 1]
        result = self.results[before.key]
        if result.status not in ("translated", "reused"):
            return None
        return before.text, result.translation.text

    def hold_while_paused(self) -> bool:
        """Wait while paused; False when cancelled (before or during the pause)."""
        if self.job.pause.paused:
            self.meter.pause()
            self.report(paused=True)
            self.job.pause.wait_while_paused(self.job.cancel)
            self.meter.resume()
            self.report()
        return not self.job.cancel.cancelled()

    def translate(self, segment: Segment, previous: tuple[str, str] | None) -> SegmentOutcome | None:
        self.report(current=segment.key)
        try:
            if self.translator is None:
                self.translator = SegmentTranslator(self.engine, self.settings)
            outcome = self.translator.translate(
                segment.text, previous, self.job.cancel, emit=self.job.emit, part=segment.key
            )
        except EngineError as exc:
            self.error = str(exc)
            return None
        self.generated += outcome.generated_tokens
        self.model_segments += outcome.attempts > 0
        if outcome.status != "cancelled":
            self.meter.add(self.words[segment.key])
            self.model_words_left -= self.words[segment.key]
        return outcome

    def from_outcome(self, segment: Segment, outcome: SegmentOutcome) -> SegmentResult:
        if outcome.status == "translated":
            self.remember(segment.text, outcome.text)
            return SegmentResult(Translation(outcome.text), "translated", (), outcome.term_misses)
        if outcome.status == "check_failed":
            return SegmentResult(
                Translation(segment.text, needs_review=True),
                "check_failed",
                outcome.problems,
                outcome.term_misses,
                attempt=outcome.text,
            )
        return SegmentResult(Translation(segment.text, needs_review=True), "cancelled", attempt=outcome.text)

    def remember(self, source: str, target: str) -> None:
        if self.memory is None or not target.strip():
            return
        try:
            self.memory.add(
                self.settings.source_language, self.settings.target_language, source, target, "machine"
            )
        except TranslationMemoryError as exc:
            self.warn(f"Translations are no longer saved to the translation memory: {exc}")
            self.memory = None

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def settle(self, group: list[Segment], result: SegmentResult, *, report: bool = True) -> None:
        """Give every copy of one text the same result (a cancelled one only to the segment it was)."""
        targets = group[:1] if result.status == "cancelled" else group
        for segment in targets:
            self.results[segment.key] = result
            if result.status != "cancelled":
                self.done_segments += 1
                self.done_words += self.words[segment.key]
            if self.job.on_segment is not None:
                self.job.on_segment(segment.key, result)
        if report:
            self.report()

    def report(self, *, paused: bool = False, current: str | None = None) -> None:
        if self.job.on_progress is None:
            return
        statuses = [result.status for result in self.results.values()]
        self.job.on_progress(
            DocumentProgress(
                segments_done=self.done_segments,
                segments_total=len(self.segments),
                words_done=self.done_words,
                words_total=self.words_total,
                words_per_min=self.meter.rows_per_min(),
                eta_s=self.meter.eta_s(self.model_words_left),
                paused=paused,
                reused=statuses.count("reused"),
                flagged=statuses.count("check_failed"),
                current=current,
            )
        )


def write_output(
    document: TranslatableDocument, result: DocumentResult, path: Path, target_language: str
) -> None:
    """Render the translated document and write it atomically; never over the input file."""
    if _same_file(document.path, path):
        raise DocumentOutputError(
            f"{path} is the document being translated; choose another output file so the original is kept."
        )
    data = document.render(result.translations(), target_language)
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise DocumentOutputError(
            f"The translation cannot be written to {path}: {exc.strerror or exc}"
        ) from exc


def _same_file(first: Path, second: Path) -> bool:
    try:
        if second.exists() and first.exists():
            return first.samefile(second)
    except OSError:
        pass
    return first.resolve() == second.resolve()
