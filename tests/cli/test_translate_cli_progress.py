"""``copydesk translate``'s progress line and how it shows segment keys."""

from __future__ import annotations

import io

from app.cli.translate_progress import TranslateProgress, describe_progress
from app.cli.translate_report import show_key
from app.core.jobs.document_progress import DocumentProgress

# ------------------------------------------------------------------------------------------ the progress line


def test_the_progress_line_names_segments_words_speed_eta_reuse_and_flags() -> None:
    line = describe_progress(DocumentProgress(3, 6, 40, 120, 85.0, 62.0, reused=2, flagged=1))
    assert line.startswith("[" + "#" * 8 + "-" * 16 + "] 3/6 segments, 40/120 words")
    for part in ("85.0 words/min", "ETA 1m02s", "2 reused", "1 flagged"):
        assert part in line
    assert "ETA" not in describe_progress(DocumentProgress(6, 6, 120, 120, 85.0, 0.0))


def test_a_log_gets_a_line_every_few_seconds_and_the_last_state() -> None:
    stream, now = io.StringIO(), [0.0]
    bar = TranslateProgress(stream, live=False, clock=lambda: now[0])
    for done in range(5):
        now[0] = done * 2.0
        bar.update(DocumentProgress(done, 10, done * 5, 50, 30.0, 10.0))
    bar.finish()
    counts = [line.split("] ")[1].split(" segments")[0] for line in stream.getvalue().splitlines()]
    assert counts == ["0/10", "3/10", "4/10"]
    assert "\r" not in stream.getvalue()


def test_segment_keys_are_shown_on_one_short_line() -> None:
    assert show_key("b12") == "b12"
    assert show_key("menu\x04Open the file\x00plural") == "menu | Open the file | plural"
    assert len(show_key("word " * 40)) <= 48
