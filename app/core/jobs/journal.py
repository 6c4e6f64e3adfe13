"""The progress file of a batch job: what lets a job killed at any moment resume without losing or
repeating a row.

It is a JSON Lines file. The first line is a header that says which job it belongs to (task, input file
and its checksum, mapping...); every other line is one finished row, in input order::

    {"version": 1, "kind": "rewrite", "fingerprint": "...", "input_sha256": "...", ...}
    {"i": 0, "out": {"rewritten": "..."}, "error": null}
    {"i": 2, "out": {}, "error": "The answer was cut short"}
    {"assembled": true}

Each line is written with one call, flushed and fsynced before the row counts as done, so a crash
leaves at most one torn line at the end: it is ignored on reading and cut off before appending. The
header is written the same way into a file created exclusively, so a file whose only line is torn
holds no progress and is simply started again. Any other damage (a bad line in the middle, rows out of
order) is refused rather than guessed at: guessing is how rows get lost or written twice.

While a job runs it holds an exclusive lock on the file (POSIX ``flock``; the system drops it when the
process dies, even by SIGKILL), so two runs of the same job cannot interleave their rows.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from app.core.atomic_files import fsync_dir

VERSION = 1
SUFFIX = ".copydesk-progress.jsonl"


class JournalError(ValueError):
    """The progress file cannot be trusted; the message says where it is wrong."""


class JournalBusyError(JournalError):
    """Another run of the same job holds the progress file."""


@dataclass(frozen=True)
class JournalEntry:
    """One finished row: ``out`` maps the task's output columns to text; ``error`` is set when it failed."""

    index: int
    out: Mapping[str, str]
    error: str | None = None

    def line(self) -> dict[str, Any]:
        return {"i": self.index, "out": dict(self.out), "error": self.error}


@dataclass(frozen=True)
class JournalContents:
    header: Mapping[str, Any]
    entries: tuple[JournalEntry, ...]
    assembled: bool
    """Every row was done and the output was being written when the file was last touched."""
    good_bytes: int
    """Length of the file up to the end of its last intact line; anything after it is a torn write."""

    def check_prefix(self, expected: Sequence[int]) -> None:
        """The rows must be exactly the first ones of ``expected`` (the rows the job has to do), in order."""
        if len(self.entries) > len(expected):
            raise JournalError(f"it records {len(self.entries)} rows but the job has only {len(expected)}")
        for position, entry in enumerate(self.entries):
            if entry.index != expected[position]:
                raise JournalError(
                    f"row {position + 1} of the file is data row {entry.index + 1}, "
                    f"where data row {expected[position] + 1} was expected"
                )
        if self.assembled and len(self.entries) != len(expected):
            raise JournalError("it is marked finished but rows are missing")


def journal_path(output: Path) -> Path:
    """``report.csv`` -> ``report.csv.copydesk-progress.jsonl``, in the same folder, visible."""
    return output.with_name(output.name + SUFFIX)


def read_journal(path: Path) -> JournalContents | None:
    """The file's contents, or None when there is none or its header never got written whole."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise JournalError(f"it cannot be read ({exc.strerror or exc})") from exc
    lines = data.split(b"\n")
    # The last piece has no newline: empty after a clean write, else a torn write to ignore.
    complete = lines[:-1]
    good_bytes = sum(len(line) + 1 for line in complete)
    if not complete:
        return None
    header = _parse(complete[0], 1, last=len(complete) == 1)
    if header is None:
        return None
    _check_header(header)
    entries: list[JournalEntry] = []
    assembled = False
    for number, raw in enumerate(complete[1:], start=2):
        last = number == len(complete)
        record = _parse(raw, number, last=last)
        if record is None:  # a complete but unreadable last line is a torn write as well
            good_bytes -= len(raw) + 1
            break
        if assembled:
            raise JournalError(f"line {number} comes after the line that marks the job finished")
        if record.get("assembled") is True and len(record) == 1:
            assembled = True
            continue
        entry = _entry(record, number)
        if entries and entry.index <= entries[-1].index:
            raise JournalError(
                f"line {number} repeats or goes back to data row {entry.index + 1} "
                f"after data row {entries[-1].index + 1}"
            )
        entries.append(entry)
    return JournalContents(header, tuple(entries), assembled, good_bytes)


def _parse(raw: bytes, number: int, *, last: bool) -> dict[str, Any] | None:
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        if last:
            return None
        raise JournalError(f"line {number} is not readable") from None
    if not isinstance(value, dict):
        if last:
            return None
        raise JournalError(f"line {number} is not a record")
    return value


def _check_header(header: Mapping[str, Any]) -> None:
    version = header.get("version")
    if not isinstance(version, int) or "kind" not in header:
        raise JournalError("its first line is not a Copydesk progress header")
    if version > VERSION:
        raise JournalError(f"it was written by a newer Copydesk (format {version}, this one reads {VERSION})")


def _entry(record: Mapping[str, Any], number: int) -> JournalEntry:
    index, out, error = record.get("i"), record.get("out"), record.get("error")
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise JournalError(f"line {number} has no row number")
    if not isinstance(out, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in out.items()
    ):
        raise JournalError(f"line {number} has no readable output")
    if error is not None and not isinstance(error, str):
        raise JournalError(f"line {number} has an unreadable error")
    return JournalEntry(index, out, error)


def _encode(record: Mapping[str, Any]) -> bytes:
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


class JournalWriter:
    """Appends finished rows to a progress file it holds locked; one per running job."""

    def __init__(self, path: Path, handle: IO[bytes]) -> None:
        self.path = path
        self._handle = handle

    @classmethod
    def create(cls, path: Path, header: Mapping[str, Any]) -> JournalWriter:
        """A new file holding ``header``; one left with a torn header (no progress in it) is replaced."""
        if path.exists() and read_journal(path) is None:
            path.unlink()
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            raise JournalBusyError("another run of this job has just started it") from None
        handle = os.fdopen(fd, "wb")
        try:
            _lock(handle)
            writer = cls(path, handle)
            writer._write(_encode({"version": VERSION, **header}))
        except BaseException:
            handle.close()
            path.unlink(missing_ok=True)
            raise
        fsync_dir(path.parent)
        return writer

    @classmethod
    def reopen(cls, path: Path, contents: JournalContents) -> JournalWriter:
        """Continue ``contents`` (as read just before): lock, make sure nobody added rows meanwhile, and
        cut off a torn last line so the next row starts on a line of its own."""
        handle = path.open("r+b")
        try:
            _lock(handle)
            fresh = read_journal(path)
            if fresh is None or fresh.entries != contents.entries or fresh.assembled != contents.assembled:
                raise JournalBusyError("another run of this job changed it meanwhile")
            handle.truncate(contents.good_bytes)
            handle.seek(contents.good_bytes)
            os.fsync(handle.fileno())
        except BaseException:
            handle.close()
            raise
        return cls(path, handle)

    def append(self, entry: JournalEntry) -> None:
        self._write(_encode(entry.line()))

    def mark_assembled(self) -> None:
        """Every row is in: the output is about to be written from this file."""
        self._write(_encode({"assembled": True}))

    def _write(self, line: bytes) -> None:
        self._handle.write(line)
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        self._handle.close()  # closing drops the lock

    def __enter__(self) -> JournalWriter:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _lock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":  # no advisory locks that leave the file readable; runs rarely collide
        return
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise JournalBusyError("another run of this job is using it right now") from None


def remove_journal(path: Path) -> None:
    """Delete the file (if any) so that the deletion survives a crash as well."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
        fsync_dir(path.parent)
