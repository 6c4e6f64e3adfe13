"""The batch progress line: what it says, and how often it is written to a log."""

from __future__ import annotations

import io

from app.cli.rows_progress import RowsProgress, describe_rows
from app.core.jobs.batch_progress import BatchProgress


def progress(done: int, *, total: int = 100, failed: int = 0, rate: float = 0.0, eta: float | None = None,
             paused: bool = False, skipped: int = 0) -> BatchProgress:  # fmt: skip
    return BatchProgress(total, done, failed, skipped, 0, rate, eta, paused)


def test_the_line_names_rows_failures_speed_and_eta() -> None:
    line = describe_rows(progress(40, failed=2, rate=12.5, eta=288, skipped=3))
    assert line.startswith("[" + "#" * 9 + "-" * 15 + "] 40/100 rows")
    assert ", 2 failed" in line and ", 3 empty" in line
    assert "12.5 rows/min" in line and "ETA 4m48s" in line
    assert "paused" not in line


def test_a_paused_job_shows_no_eta_and_says_paused() -> None:
    line = describe_rows(progress(40, rate=12.5, eta=288, paused=True))
    assert line.endswith("(paused)") and "ETA" not in line


def test_unknown_speed_and_a_finished_job_show_neither_speed_nor_eta() -> None:
    assert describe_rows(progress(0)) == "[" + "-" * 24 + "] 0/100 rows"
    done = describe_rows(progress(100, rate=250.0, eta=0.0))
    assert "ETA" not in done and "250 rows/min" in done and "#" * 24 in done


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_log_gets_a_line_every_few_seconds_and_the_last_state() -> None:
    stream, clock = io.StringIO(), FakeClock()
    bar = RowsProgress(stream, live=False, clock=clock)
    for done in range(10):
        clock.now = done * 1.0
        bar.update(progress(done, total=20))
    clock.now = 10.0
    bar.update(progress(10, total=20))
    bar.finish()
    lines = stream.getvalue().splitlines()
    assert [line.split("] ")[1].split(" rows")[0] for line in lines] == ["0/20", "5/20", "10/20"]
    assert "\r" not in stream.getvalue()


def test_a_log_gets_the_final_line_at_once() -> None:
    stream, clock = io.StringIO(), FakeClock()
    bar = RowsProgress(stream, live=False, clock=clock)
    bar.update(progress(1, total=2))
    clock.now = 0.5
    bar.update(progress(2, total=2))
    bar.finish()
    assert len(stream.getvalue().splitlines()) == 2
    assert "2/2 rows" in stream.getvalue().splitlines()[-1]


def test_a_terminal_line_is_redrawn_in_place_and_notes_go_above_it() -> None:
    stream = io.StringIO()
    bar = RowsProgress(stream, live=True)
    bar.update(progress(1, total=3, rate=30.0, eta=4.0))
    bar.update(progress(2, total=3))
    bar.note("copydesk: warning: row 3 failed: too long")
    bar.finish()
    text = stream.getvalue()
    assert text.count("\r") >= 3 and text.endswith("\n")
    # The shorter second line covers the longer first one completely.
    second = describe_rows(progress(2, total=3))
    first = describe_rows(progress(1, total=3, rate=30.0, eta=4.0))
    assert "\r" + second + " " * (len(first) - len(second)) in text
    assert "\ncopydesk: warning: row 3 failed: too long\n" + second in text.replace("\r", "\n")
