"""The issue's resume test: SIGKILL a real batch process at random points, 10 times, then let it finish.

A child process (``tests/support/batch_child.py``) rewrites the rows of a CSV file in place with the
real model. It is killed while loading the model, between and during rows, halfway through writing a
progress line, just before the output replaces the input and just after; each time it is started
again. The final run must leave exactly the input's rows, in order, each once, each with output or an
error, and no progress file. Along the way every kill is checked: the progress file only ever grows by
whole rows (what was saved is never changed or repeated) and no row is reported done twice.
"""

from __future__ import annotations

import json
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.jobs.batch import ERROR_COLUMN, BatchJob
from app.core.jobs.journal import JournalEntry, read_journal
from app.core.tables.reading import read_table
from app.core.tables.writing import write_table

pytestmark = [pytest.mark.model, pytest.mark.slow, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[3]
ROWS = 24
KILLS = 10
STALL = 30.0
"""How long the child holds still at a chosen moment; it is killed long before."""
QUIET = 120.0

ITEMS = ["bottle", "backpack", "lamp", "kettle", "tent", "jacket", "mug", "blanket"]
MATERIALS = ["steel", "recycled nylon", "bamboo", "cast iron", "wool", "ceramic"]
FEATURES = [
    "keeps drinks cold for a whole day on the trail",
    "folds flat so it fits into any bag",
    "has a soft grip that stays warm in winter",
    "comes with a lifetime warranty and free repairs",
    "is light enough to carry all day without noticing",
]


def _texts() -> list[str]:
    pick = random.Random(11)
    return [
        f"Item {n}: this {pick.choice(ITEMS)} is made of {pick.choice(MATERIALS)}, "
        f"and it really {pick.choice(FEATURES)}."
        for n in range(ROWS)
    ]


class Child:
    """One run of the batch child, with its stdout lines read on a thread."""

    def __init__(self, spec: Path, log: Path, *extra: str) -> None:
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.batch_child", str(spec), *extra],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            encoding="utf-8",
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for(self, prefix: str, count: int = 1) -> str:
        """The ``count``-th line starting with ``prefix``; gives up after ``QUIET`` s without a line, so
        a busy machine slows the test down instead of failing it."""
        while True:
            try:
                line = self.lines.get(timeout=QUIET)
            except queue.Empty:
                raise AssertionError(f"the child said nothing for {QUIET} s: {self.seen}") from None
            if line is None:
                raise AssertionError(f"the child ended before {prefix!r}: {self.seen}; see {self.log.name}")
            self.seen.append(line)
            if line.startswith(prefix):
                count -= 1
                if count == 0:
                    return line

    def kill(self) -> None:
        assert self.process.poll() is None, f"the child had already ended: {self.seen}"
        os.kill(self.process.pid, signal.SIGKILL)
        self.close()
        assert self.process.returncode == -signal.SIGKILL

    def close(self) -> None:
        """Wait for the process (killing it if it is still running) and free its pipe and log."""
        if self.process.poll() is None:
            try:
                self.process.wait(QUIET)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(QUIET)
        while not self.lines.empty():
            line = self.lines.get_nowait()
            if line is not None:
                self.seen.append(line)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.log.close()


@pytest.fixture
def children() -> Iterator[list[Child]]:
    """Every child started by the test; one left running by a failed assertion is killed."""
    started: list[Child] = []
    yield started
    for child in started:
        if child.process.poll() is None:
            child.process.kill()
        child.close()


def _entries(path: Path) -> tuple[JournalEntry, ...]:
    contents = read_journal(path)
    return () if contents is None else contents.entries


def test_sigkill_at_random_points_loses_and_repeats_no_row(
    tmp_path: Path, starter_model_path: Path, children: list[Child]
) -> None:
    started = time.monotonic()
    texts = _texts()
    keys = [f"K{n:03d}" for n in range(ROWS)]
    data = tmp_path / "products.csv"
    write_table(data, ("Key", "Text"), list(zip(keys, texts, strict=True)))
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps(
            {
                "model": str(starter_model_path),
                "input": str(data),
                "output": str(data),  # in place: the hardest case, the output replaces the input
                "mapping": {"text": "Text"},
                "options": {"mode": "shorten"},
            }
        ),
        encoding="utf-8",
    )
    journal = BatchJob.journal_path(data)
    log = tmp_path / "child.log"
    pick = random.Random(20240606)
    phases = ["load", "load", "row", "row", "row", "row", "row", "torn"]
    pick.shuffle(phases)
    phases += ["assembling", "assembled"]
    assert len(phases) == KILLS

    saved: tuple[JournalEntry, ...] = ()
    reported: list[int] = []
    hits: list[str] = []
    for phase in phases:
        extra = {"torn": ("--torn-stall", str(STALL))}.get(phase, ())
        if phase.startswith("assembl"):
            extra = ("--assembly-stall", str(STALL))
        child = Child(spec, log, *extra)
        children.append(child)
        if phase == "load":
            child.wait_for("STARTED")
            time.sleep(pick.uniform(0.0, 0.8))
        elif phase == "row":
            child.wait_for("ROW", pick.randint(1, 3))
            time.sleep(pick.uniform(0.0, 0.6))
        elif phase == "torn":
            child.wait_for("TORN")
        else:
            child.wait_for(phase.upper())
        child.kill()
        reported += [int(line.split()[1]) for line in child.seen if line.startswith("ROW ")]
        hits.append(f"{phase}:{'LOADED' in child.seen}:{len(reported)}")

        entries = _entries(journal)
        assert entries[: len(saved)] == saved, "rows already saved were changed or lost"
        assert [entry.index for entry in entries] == list(range(len(entries)))
        saved = entries
        if phase == "torn":
            assert not journal.read_bytes().endswith(b"\n"), "the kill should have left a torn line"
        if phase == "assembling":
            assert read_table(data).header == ("Key", "Text")  # the input is not replaced yet
        if phase == "assembled":
            assert read_table(data).header[-1] == ERROR_COLUMN  # replaced, progress file still there
            assert journal.exists()

    final = Child(spec, log)
    children.append(final)
    done = json.loads(final.wait_for("DONE")[len("DONE ") :])
    final.close()
    assert final.process.returncode == 0
    elapsed = time.monotonic() - started

    assert done == {"done": ROWS, "failed": done["failed"], "rows": ROWS, "cancelled": False}
    assert len(saved) == ROWS  # every row was in the progress file before the last kill
    assert max(Counter(reported).values()) == 1, "a row was done twice"
    assert reported == sorted(reported)
    result = read_table(data)
    assert result.header == ("Key", "Text", "rewritten", ERROR_COLUMN)  # the columns were added once
    assert [row[0] for row in result.rows] == keys  # exactly N rows, in order, each key once
    assert [row[1] for row in result.rows] == texts
    for row, entry in zip(result.rows, saved, strict=True):
        assert (row[2].strip() != "") != (row[3].strip() != ""), f"{row[0]} needs output or an error"
        assert row[2] == entry.out.get("rewritten", "") and row[3] == (entry.error or "")
    assert not journal.exists()
    print(f"\nkill test: {KILLS} kills ({', '.join(hits)}), {ROWS} rows, {elapsed:.1f} s")
