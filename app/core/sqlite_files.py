"""SQLite files that belong to the user (the drafts library, the translation memory): the checks and moves
that keep such a file safe when it is damaged, and all-or-nothing transactions.

Each store keeps its own messages and error classes; this module only knows SQLite. Functions that touch
the file system raise ``OSError`` unchanged for the caller to put in words.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

BUSY_TIMEOUT_MS = 5000

# Primary SQLite result codes (the low byte of an extended code).
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

_SIDE_FILES = ("-wal", "-shm", "-journal")
_SQLITE_MAGIC = b"SQLite format 3\x00"


def connect(path: Path) -> sqlite3.Connection:
    """One connection in autocommit mode (transactions are begun and ended explicitly), usable from any
    thread under the owner's lock, waiting for a writer in another process rather than failing."""
    return sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )


def error_code(exc: sqlite3.Error) -> int:
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def is_damage(exc: sqlite3.Error) -> bool:
    """Whether the file itself is bad (not a database, malformed), rather than locked, full or read-only."""
    text = str(exc).lower()
    return (
        error_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB) or "not a database" in text or "malformed" in text
    )


def is_foreign_file(path: Path) -> bool:
    """A file that exists, is not empty and is not SQLite. Checked before SQLite touches it: closing a
    connection to such a file would delete a ``-wal`` beside it, and that file belongs to the user."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        return False
    return bool(header) and header != _SQLITE_MAGIC


def integrity_problem(conn: sqlite3.Connection) -> str | None:
    """What SQLite's quick integrity check found wrong (its first three findings); None when all is well."""
    rows = [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]
    if rows == ["ok"]:
        return None
    return "; ".join(rows[:3]) or "the integrity check gave no answer"


def move_aside(path: Path, label: str) -> Path:
    """Rename ``path`` to ``<name>.<label>-<time>`` with its WAL/SHM/journal side files, keeping SQLite's
    naming so a recovery tool that opens the copy also finds its WAL; returns the new name. Nothing is
    deleted."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.{label}-{stamp}-{counter}")
        counter += 1
    path.replace(target)
    for suffix in _SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(target.with_name(target.name + suffix))
    return target


def rollback(conn: sqlite3.Connection) -> None:
    """End an open transaction without keeping any of it; a failing rollback changes nothing more."""
    if conn.in_transaction:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any error (a failed commit included), so nothing
    is ever half written."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise
