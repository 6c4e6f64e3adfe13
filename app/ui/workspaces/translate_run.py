"""Running translations on the workspace's engine: the whole document, or one segment again.

Both are engine jobs (``EngineBridge.run_task``). A document run hands `DocumentTranslation` only the
segments that have no translation yet, so a second run after Stop picks up where the first ended, and
hand edits are never sent to the model again. Each finished segment comes back as a `SegmentDone` event
and the counts as `RunProgress`, in order, through the bridge's ``task_event``; the bridge delivers any
object, so these events are ours rather than the task events it knows.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from app.core.engine.types import CancelToken, Engine
from app.core.formats.document import Segment, TranslatableDocument, Translation
from app.core.jobs.document_translation import DocumentProgress, DocumentTranslation, SegmentResult
from app.core.jobs.pause import PauseGate
from app.core.tasks.events import Emit, Notice
from app.core.tasks.translate import TranslateSettings, translate_segment
from app.core.translation.glossary import Term
from app.core.translation.memory import TranslationMemory
from app.core.translation.memory_errors import TranslationMemoryError
from app.ui.translation.segment_model import CHECK_FAILED, NEW, REUSED, TRANSLATED
from app.ui.workspaces.base import Job

_STATUSES: Mapping[str, str] = {"translated": TRANSLATED, "reused": REUSED, "check_failed": CHECK_FAILED}


@dataclass(frozen=True)
class SegmentDone:
    """A segment's result. ``status`` is a segment-table status; NEW when it was stopped half-way."""

    key: str
    text: str
    status: str
    problems: tuple[str, ...] = ()
    term_misses: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RunProgress:
    done: int
    """Segments of this run finished (reused and flagged ones included)."""
    total: int
    words_per_min: float
    eta_s: float | None
    paused: bool


@dataclass(frozen=True)
class DocumentRun:
    """How a document run ended; the segments themselves came as `SegmentDone` events."""

    done: int
    total: int
    flagged: int
    cancelled: bool
    error: str | None
    warnings: tuple[str, ...]
    generated_tokens: int


@dataclass(frozen=True)
class SegmentRun:
    """A single segment was translated again (or not, when stopped)."""

    key: str
    status: str


def misses(terms: Collection[Term]) -> tuple[tuple[str, str], ...]:
    return tuple((term.source, term.target) for term in terms)


def segment_done(key: str, result: SegmentResult) -> SegmentDone:
    """The table's view of a result: a flagged segment shows the model's best attempt to fix by hand
    (the saved file keeps the source until then)."""
    status = _STATUSES.get(result.status, NEW)
    if status == NEW:
        return SegmentDone(key, "", NEW)
    text = result.attempt if status == CHECK_FAILED else result.translation.text
    return SegmentDone(key, text, status, tuple(result.problems), misses(result.term_misses))


class _Remaining:
    """The document with only the segments still to do: what `DocumentTranslation` is given."""

    def __init__(self, document: TranslatableDocument, keys: Collection[str]) -> None:
        self._document = document
        wanted = set(keys)
        self._segments = tuple(segment for segment in document.segments if segment.key in wanted)

    @property
    def path(self) -> Path:
        return self._document.path

    @property
    def format_name(self) -> str:
        return self._document.format_name

    @property
    def segments(self) -> tuple[Segment, ...]:
        return self._segments

    def render(self, translations: Mapping[str, Translation], target_language: str) -> bytes:
        return self._document.render(translations, target_language)


def document_job(
    document: TranslatableDocument,
    keys: Collection[str],
    settings: TranslateSettings,
    memory: TranslationMemory | None,
    pause: PauseGate,
) -> Job:
    """Translate the segments ``keys`` of ``document``; Stop keeps every segment finished."""
    remaining = _Remaining(document, keys)

    def job(engine: Engine, cancel: CancelToken, emit: Emit) -> DocumentRun:
        report = cast(Callable[[object], None], emit)

        def on_progress(progress: DocumentProgress) -> None:
            report(
                RunProgress(
                    progress.segments_done,
                    progress.segments_total,
                    progress.words_per_min,
                    progress.eta_s,
                    progress.paused,
                )
            )

        translation = DocumentTranslation(
            remaining,
            settings,
            memory,
            on_progress=on_progress,
            pause=pause,
            cancel=cancel,
            on_segment=lambda key, result: report(segment_done(key, result)),
            emit=emit,
        )
        result = translation.run(engine)
        counts = result.counts
        done = sum(counts.get(state, 0) for state in ("translated", "reused", "check_failed"))
        return DocumentRun(
            done,
            len(remaining.segments),
            counts.get("check_failed", 0),
            result.partial and cancel.cancelled(),
            result.error,
            result.warnings,
            result.generated_tokens,
        )

    return job


def segment_job(
    key: str,
    text: str,
    previous: tuple[str, str] | None,
    settings: TranslateSettings,
    memory: TranslationMemory | None,
) -> Job:
    """Translate one segment again; a translation that passes the check goes to the memory as
    the model's (a person's entry for the same text is never replaced by it)."""

    def job(engine: Engine, cancel: CancelToken, emit: Emit) -> SegmentRun:
        outcome = translate_segment(engine, settings, text, previous, cancel, emit=emit, part=key)
        status = _STATUSES.get(outcome.status, NEW)
        if status == TRANSLATED and memory is not None:
            try:
                memory.add(settings.source_language, settings.target_language, text, outcome.text, "machine")
            except TranslationMemoryError as exc:  # the translation is shown all the same
                emit(Notice(f"The translation memory could not store this segment: {exc}"))
        if status != NEW:
            report = cast(Callable[[object], None], emit)
            report(SegmentDone(key, outcome.text, status, outcome.problems, misses(outcome.term_misses)))
        return SegmentRun(key, status)

    return job
