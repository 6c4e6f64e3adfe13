"""Killing the app in the middle of autosave never loses or corrupts a saved draft.

A child process autosaves large drafts in a loop and logs each save once ``save()`` has returned. The
test kills it with SIGKILL at a random moment, 20 times over the same library file, and after each kill
checks that the library opens cleanly and every acknowledged save is there, exactly.
"""

from __future__ import annotations

import os
import random
import secrets
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.core.documents.library import DraftLibrary
from tests.core.documents.autosave_child import make_content

ROUNDS = 20
READY_TIMEOUT_S = 20.0
CHILD = Path(__file__).with_name("autosave_child.py")
REPO_ROOT = Path(__file__).resolve().parents[3]


@dataclass
class Ledger:
    """What the parent knows: acknowledged saves, and what each draft held after the previous round."""

    acked: dict[int, int] = field(default_factory=dict)
    """Draft id -> the latest acknowledged counter."""
    found: dict[int, int] = field(default_factory=dict)
    """Draft id -> the counter its content had after the previous round (may be an unacknowledged one)."""
    lines_read: int = 0


def _start_child(
    library: Path, ack_log: Path, ready: Path, first_counter: int, stderr: Path
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    with stderr.open("wb") as err:
        return subprocess.Popen(
            [sys.executable, str(CHILD), str(library), str(ack_log), str(ready), str(first_counter)],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=env,
            cwd=REPO_ROOT,
        )


def _wait_until_ready(child: subprocess.Popen[bytes], ready: Path, stderr: Path, where: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not ready.exists():
        if child.poll() is not None:
            pytest.fail(f"the autosave child exited early {where}:\n{stderr.read_text(errors='replace')}")
        if time.monotonic() > deadline:
            child.kill()
            child.wait()
            pytest.fail(f"the autosave child did not start within {READY_TIMEOUT_S} s {where}")
        time.sleep(0.005)


def _kill_after(child: subprocess.Popen[bytes], delay: float, stderr: Path, where: str) -> None:
    time.sleep(delay)
    if child.poll() is not None:
        pytest.fail(f"the autosave child died on its own {where}:\n{stderr.read_text(errors='replace')}")
    child.kill()  # SIGKILL on POSIX: no cleanup, no atexit, no flush
    child.wait()


def _read_new_acks(ack_log: Path, ledger: Ledger) -> list[tuple[int, int]]:
    """Complete lines written since the last round; a torn last line is dropped (it was never acked)."""
    if not ack_log.exists():
        return []
    text = ack_log.read_text(encoding="utf-8")
    if text and not text.endswith("\n"):
        text = text[: text.rfind("\n") + 1]
        ack_log.write_text(text, encoding="utf-8")
    lines = text.splitlines()[ledger.lines_read :]
    ledger.lines_read += len(lines)
    acks = []
    for line in lines:
        draft_id, counter = line.split()
        acks.append((int(draft_id), int(counter)))
    return acks


def _verify(library_path: Path, ledger: Ledger, in_flight: int, where: str) -> None:
    """The library opens, passes its checks, and every draft holds an acknowledged or in-flight write."""
    found: dict[int, int] = {}
    with DraftLibrary.open(library_path) as library:  # first opener after the kill, as the app would be
        assert library.warnings == (), where
        conn = sqlite3.connect(library_path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], where
        finally:
            conn.close()
        drafts = {draft.id: draft for draft in library.list_drafts()}
        missing = sorted(set(ledger.acked) - set(drafts))
        assert not missing, f"acknowledged drafts {missing} are gone {where}"
        for draft in drafts.values():
            counter = draft.inputs.get("counter")
            assert isinstance(counter, int), f"draft {draft.id} lost its content {where}"
            acked = ledger.acked.get(draft.id)
            allowed = {in_flight, acked, ledger.found.get(draft.id)}
            assert counter in allowed, (
                f"draft {draft.id} holds write {counter}, expected one of {allowed} {where}"
            )
            assert acked is None or counter >= acked, f"draft {draft.id} went back to {counter} {where}"
            title, inputs, outputs = make_content(counter)
            assert (draft.title, draft.inputs, draft.outputs) == (title, inputs, outputs), (
                f"draft {draft.id} is corrupt {where}"
            )
            for version in library.versions(draft.id):
                _, inputs, outputs = make_content(version.inputs["counter"])
                assert (version.inputs, version.outputs) == (inputs, outputs), (
                    f"bad version {version.id} {where}"
                )
            found[draft.id] = counter
    unacked = [i for i, c in found.items() if c == in_flight and ledger.acked.get(i) != c]
    assert len(unacked) <= 1, f"write {in_flight} landed in several drafts {unacked} {where}"
    ledger.found = found


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_sigkill_during_autosave_never_loses_or_corrupts_a_draft(tmp_path: Path) -> None:
    seed = int(os.environ.get("COPYDESK_CRASH_SEED") or secrets.randbits(32))
    rng = random.Random(seed)
    library_path = tmp_path / "data" / "drafts.sqlite3"
    ack_log = tmp_path / "acks.log"
    ledger = Ledger()
    total_acks = 0
    for round_number in range(1, ROUNDS + 1):
        where = f"(round {round_number}, seed {seed}; rerun with COPYDESK_CRASH_SEED={seed})"
        first_counter = round_number * 1_000_000
        ready = tmp_path / f"ready-{round_number}"
        stderr = tmp_path / f"child-{round_number}.err"
        child = _start_child(library_path, ack_log, ready, first_counter, stderr)
        try:
            _wait_until_ready(child, ready, stderr, where)
            _kill_after(child, rng.uniform(0.05, 0.4), stderr, where)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        acks = _read_new_acks(ack_log, ledger)
        for draft_id, counter in acks:
            ledger.acked[draft_id] = counter
        total_acks += len(acks)
        in_flight = acks[-1][1] + 1 if acks else first_counter
        _verify(library_path, ledger, in_flight, where)
    assert total_acks >= ROUNDS, f"the child saved too little to test anything (seed {seed})"
