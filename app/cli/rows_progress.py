"""A one-line progress bar for batch jobs: rows done of the total, failures, speed, ETA and "paused"."""

from __future__ import annotations

from app.cli.line_progress import LineProgress, bar, duration, per_minute
from app.core.jobs.batch_progress import BatchProgress


class RowsProgress(LineProgress):
    """Draws ``BatchProgress`` updates on the stream (see ``LineProgress`` for terminal vs log)."""

    def update(self, progress: BatchProgress) -> None:
        self.show(describe_rows(progress), finished=progress.done >= progress.total)


def describe_rows(progress: BatchProgress) -> str:
    """``[######------]  40/100 rows, 2 failed, 12.5 rows/min, ETA 4m48s (paused)``."""
    handled = progress.done  # failed rows are done too: recorded with their error
    parts = [f"{bar(progress.fraction)} {handled}/{progress.total} rows"]
    if progress.failed:
        parts.append(f"{progress.failed} failed")
    if progress.skipped:
        parts.append(f"{progress.skipped} empty")
    if progress.rows_per_min:
        parts.append(f"{per_minute(progress.rows_per_min)} rows/min")
    if progress.eta_s is not None and handled < progress.total and not progress.paused:
        parts.append(f"ETA {duration(progress.eta_s)}")
    line = ", ".join(parts)
    return line + " (paused)" if progress.paused else line
