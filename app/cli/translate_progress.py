"""The progress line of ``copydesk translate``: segments and words done, speed, ETA, reuse and flags."""

from __future__ import annotations

from app.cli.line_progress import LineProgress, bar, duration, per_minute
from app.core.jobs.document_progress import DocumentProgress


class TranslateProgress(LineProgress):
    """Draws ``DocumentProgress`` updates on the stream (see ``LineProgress`` for terminal vs log)."""

    def update(self, progress: DocumentProgress) -> None:
        finished = progress.segments_done >= progress.segments_total
        self.show(describe_progress(progress), finished=finished)


def describe_progress(progress: DocumentProgress) -> str:
    """``[#####---]  3/6 segments, 40/120 words, 85 words/min, ETA 1m02s, 2 reused, 1 flagged``."""
    parts = [
        f"{bar(progress.fraction)} {progress.segments_done}/{progress.segments_total} segments",
        f"{progress.words_done}/{progress.words_total} words",
    ]
    if progress.words_per_min:
        parts.append(f"{per_minute(progress.words_per_min)} words/min")
    unfinished = progress.segments_done < progress.segments_total
    if progress.eta_s is not None and unfinished and not progress.paused:
        parts.append(f"ETA {duration(progress.eta_s)}")
    if progress.reused:
        parts.append(f"{progress.reused} reused")
    if progress.flagged:
        parts.append(f"{progress.flagged} flagged")
    return ", ".join(parts)
