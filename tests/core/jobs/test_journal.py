"""The progress file: what is written is synced, a torn last line is ignored and cut, damage is refused."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from app.core.jobs.journal import (
    JournalBusyError,
    JournalEntry,
    JournalError,
    JournalWriter,
    journal_path,
    read_journal,
    remove_journal,
)

HEADER = {"kind": "fake", "fingerprint": "abc", "rows": 5}


def _write_rows(path: Path, indices: list[int]) -> None:
    with JournalWriter.create(path, HEADER) as writer:
        for index in indices:
            writer.append(JournalEntry(index, {"title": f"row {index}"}, None))


def test_the_file_sits_next_to_the_output_and_is_visible(tmp_path: Path) -> None:
    path = journal_path(tmp_path / "report.csv")
    assert path == tmp_path / "report.csv.copydesk-progress.jsonl"
    assert not path.name.startswith(".")


def test_rows_round_trip_in_order(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    with JournalWriter.create(path, HEADER) as writer:
        writer.append(JournalEntry(0, {"title": "Ä first"}, None))
        writer.append(JournalEntry(2, {}, "the model said no"))
    contents = read_journal(path)
    assert contents is not None
    assert contents.header == {"version": 1, **HEADER}
    assert contents.entries == (
        JournalEntry(0, {"title": "Ä first"}, None),
        JournalEntry(2, {}, "the model said no"),
    )
    assert not contents.assembled
    assert contents.good_bytes == path.stat().st_size
    contents.check_prefix([0, 2, 3])
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3  # one line per row, readable by people
    assert json.loads(lines[1]) == {"i": 0, "out": {"title": "Ä first"}, "error": None}


def test_every_line_is_synced_before_it_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode):  # the folder is synced too, after the file is created
            synced.append(info.st_size)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    path = tmp_path / "p.jsonl"
    with JournalWriter.create(path, HEADER) as writer:
        after_header = list(synced)
        writer.append(JournalEntry(0, {"title": "a"}))
        after_row = list(synced)
        writer.mark_assembled()
    assert after_header and after_header[-1] == len(path.read_bytes().splitlines(keepends=True)[0])
    assert len(after_row) == len(after_header) + 1
    assert len(synced) == len(after_row) + 1
    assert synced[-1] == path.stat().st_size  # the synced size is the whole file, mark included


def test_a_torn_last_line_is_ignored_and_cut_before_appending(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    _write_rows(path, [0, 1])
    intact = path.stat().st_size
    with path.open("ab") as handle:
        handle.write(b'{"i": 2, "out": {"title": "ro')  # the process died mid-write
    contents = read_journal(path)
    assert contents is not None
    assert [entry.index for entry in contents.entries] == [0, 1]
    assert contents.good_bytes == intact
    with JournalWriter.reopen(path, contents) as writer:
        writer.append(JournalEntry(2, {"title": "row 2"}))
    again = read_journal(path)
    assert again is not None
    assert [entry.index for entry in again.entries] == [0, 1, 2]
    assert again.good_bytes == path.stat().st_size


def test_a_complete_but_unreadable_last_line_is_a_torn_write_too(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    _write_rows(path, [0])
    with path.open("ab") as handle:
        handle.write(b'{"i": 1, "out"\n')
    contents = read_journal(path)
    assert contents is not None
    assert [entry.index for entry in contents.entries] == [0]


def test_a_bad_line_in_the_middle_is_damage(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    _write_rows(path, [0])
    with path.open("ab") as handle:
        handle.write(b"garbage\n")
        handle.write(b'{"i": 1, "out": {}, "error": null}\n')
    with pytest.raises(JournalError, match="line 3"):
        read_journal(path)


@pytest.mark.parametrize("indices", [[0, 2], [1], [0, 1, 1], [0, 1, 3]])
def test_rows_must_be_the_first_ones_of_the_job_in_order(tmp_path: Path, indices: list[int]) -> None:
    path = tmp_path / "p.jsonl"
    expected = [0, 1, 2, 4]  # data row 3 (index 3) is skipped by the job
    lines = [json.dumps({"version": 1, **HEADER})]
    lines += [json.dumps({"i": index, "out": {}, "error": None}) for index in indices]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(JournalError, match="data row"):
        contents = read_journal(path)
        assert contents is not None
        contents.check_prefix(expected)


def test_skipped_rows_need_no_line(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    _write_rows(path, [0, 1, 2, 4])
    contents = read_journal(path)
    assert contents is not None
    contents.check_prefix([0, 1, 2, 4, 5])
    with pytest.raises(JournalError, match="only 3"):
        contents.check_prefix([0, 1, 2])


def test_the_assembled_mark_is_last_and_means_complete(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    with JournalWriter.create(path, HEADER) as writer:
        writer.append(JournalEntry(0, {}))
        writer.mark_assembled()
    contents = read_journal(path)
    assert contents is not None and contents.assembled
    contents.check_prefix([0])
    with pytest.raises(JournalError, match="missing"):
        contents.check_prefix([0, 1])
    with path.open("ab") as handle:
        handle.write(b'{"i": 1, "out": {}, "error": null}\n')
        handle.write(b'{"i": 2, "out": {}, "error": null}\n')
    with pytest.raises(JournalError, match="after the line that marks"):
        read_journal(path)


def test_missing_file_or_torn_header_means_no_progress(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    assert read_journal(path) is None
    path.write_bytes(b'{"version": 1, "kind": "fa')
    assert read_journal(path) is None
    with JournalWriter.create(path, HEADER) as writer:  # replaces the torn one
        writer.append(JournalEntry(0, {}))
    contents = read_journal(path)
    assert contents is not None and len(contents.entries) == 1


@pytest.mark.parametrize(
    ("first_line", "message"),
    [
        ('{"hello": 1}', "not a Copydesk progress header"),
        ('{"version": 99, "kind": "fake"}', "newer Copydesk"),
    ],
)
def test_a_foreign_or_newer_header_is_refused(tmp_path: Path, first_line: str, message: str) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(first_line + "\n", encoding="utf-8")
    with pytest.raises(JournalError, match=message):
        read_journal(path)


@pytest.mark.parametrize(
    "line",
    [
        '{"i": -1, "out": {}, "error": null}',
        '{"i": true, "out": {}, "error": null}',
        '{"i": 0, "out": {"a": 1}, "error": null}',
        '{"i": 0, "out": [], "error": null}',
        '{"i": 0, "out": {}, "error": 5}',
        "[1, 2]",
    ],
)
def test_malformed_rows_are_damage(tmp_path: Path, line: str) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"version": 1, **HEADER}) + "\n" + line + "\n{}\n", encoding="utf-8")
    with pytest.raises(JournalError, match="line 2"):
        read_journal(path)


@pytest.mark.skipif(os.name != "posix", reason="the lock is a POSIX flock")
def test_two_runs_cannot_write_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    with JournalWriter.create(path, HEADER):
        contents = read_journal(path)
        assert contents is not None
        with pytest.raises(JournalBusyError):
            JournalWriter.reopen(path, contents)
        with pytest.raises(JournalBusyError):
            JournalWriter.create(path, HEADER)
    contents = read_journal(path)
    assert contents is not None
    JournalWriter.reopen(path, contents).close()  # free again once the first run closed it


def test_reopen_refuses_a_file_that_changed_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    _write_rows(path, [0])
    contents = read_journal(path)
    assert contents is not None
    with JournalWriter.reopen(path, contents) as writer:
        writer.append(JournalEntry(1, {}))
    with pytest.raises(JournalBusyError, match="changed it meanwhile"):
        JournalWriter.reopen(path, contents)


def test_remove_is_quiet_when_there_is_nothing(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    remove_journal(path)
    _write_rows(path, [0])
    remove_journal(path)
    assert not path.exists()
