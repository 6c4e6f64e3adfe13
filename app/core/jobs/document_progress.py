"""What a document translation reports while it runs, and what it hands back at the end."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from app.core.formats.document import Translation
from app.core.translation.glossary import Term

SegmentState = Literal["translated", "reused", "check_failed", "cancelled", "pending"]
"""``reused``: an exact match from the translation memory (no model call); ``check_failed``: failed the
output check twice, so the document keeps the source text (marked for review); ``cancelled``: the segment
being translated when the job was stopped; ``pending``: never started."""

_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(f"[{_UNSPACED}]|[^\\s{_UNSPACED}]+")


def count_words(text: str) -> int:
    """Words as a word processor counts them: runs between spaces that hold a letter or digit (a URL is
    one word, a dash alone none); Chinese and Japanese count one word per character."""
    return sum(1 for word in _WORD.findall(text) if any(char.isalnum() for char in word))


@dataclass(frozen=True)
class SegmentResult:
    translation: Translation
    """What the document gets. ``check_failed``: the SOURCE text with ``needs_review``; ``pending`` and
    ``cancelled``: the source text with ``needs_review`` too, but :meth:`DocumentResult.translations`
    leaves them out, so a format keeps its own "untranslated" state (PO, XLIFF)."""
    status: SegmentState
    problems: tuple[str, ...] = ()
    term_misses: tuple[Term, ...] = ()
    attempt: str = ""
    """For ``check_failed``: the model's best attempt, for the user to fix by hand."""


@dataclass(frozen=True)
class DocumentProgress:
    segments_done: int
    segments_total: int
    words_done: int
    words_total: int
    words_per_min: float
    """Speed of the model on the segments it translated in this run; 0.0 until there is one."""
    eta_s: float | None
    """Seconds left for the words still waiting for the model; None while the speed is unknown."""
    paused: bool = False
    reused: int = 0
    flagged: int = 0
    current: str | None = None
    """The key of the segment being translated now."""

    @property
    def fraction(self) -> float:
        return self.words_done / self.words_total if self.words_total else 1.0


@dataclass(frozen=True)
class DocumentResult:
    segments: Mapping[str, SegmentResult]
    """Every segment of the document, in document order."""
    error: str | None = None
    """Why the job stopped early (an engine failure), in the user's words; None when it did not."""
    warnings: tuple[str, ...] = ()
    generated_tokens: int = 0
    model_segments: int = 0
    """Distinct texts sent to the model (identical segments are translated once)."""
    counts: Mapping[SegmentState, int] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "counts", Counter(result.status for result in self.segments.values()))

    @property
    def partial(self) -> bool:
        """Some segments were not translated (cancelled or stopped by an error)."""
        return bool(self.counts.get("pending", 0) or self.counts.get("cancelled", 0))

    @property
    def flagged(self) -> tuple[str, ...]:
        """Keys of the segments that kept their source text because the check failed twice."""
        return tuple(key for key, result in self.segments.items() if result.status == "check_failed")

    def translations(self) -> dict[str, Translation]:
        """What to render: every segment that has a result; pending and cancelled ones are left out."""
        return {
            key: result.translation
            for key, result in self.segments.items()
            if result.status not in ("pending", "cancelled")
        }
