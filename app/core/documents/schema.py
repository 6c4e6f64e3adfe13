"""The drafts library's file: its schema and migrations, and opening it safely.

A file is checked before anything is written to it: a file that is not SQLite, or fails the integrity
check, is moved aside with its side files (never deleted) and a fresh library started; a file from a newer
Copydesk is refused and left as it is.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from app.core.documents.errors import LibraryError, NewerLibraryError, is_damage, storage_error

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 5000

_SIDE_FILES = ("-wal", "-shm", "-journal")
_SQLITE_MAGIC = b"SQLite format 3\x00"


class _DamagedError(Exception):
    """The file is not a usable SQLite database and must be moved aside."""


def _schema_v1(conn: sqlite3.Connection) -> None:
    """The first schema. ``search_text`` holds the normalised words of a draft for case-insensitive search."""
    conn.execute(
        """
        CREATE TABLE IF NOT EXISTS drafts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL,
            task_id TEXT NOT NULL,
            inputs TEXT NOT NULL,
            outputs TEXT NOT NULL,
            search_text TEXT NOT NULL,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            trashed_at REAL
        )
        """
    )
    conn.execute(
        """
        CREATE TABLE IF NOT EXISTS versions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('generation', 'edit', 'restore')),
            inputs TEXT NOT NULL,
            outputs TEXT NOT NULL,
            meta TEXT NOT NULL,
            created_at REAL NOT NULL
        )
        """
    )
    conn.execute("CREATE INDEX IF NOT EXISTS drafts_by_update ON drafts (updated_at DESC, id DESC)")
    conn.execute("CREATE INDEX IF NOT EXISTS versions_by_draft ON versions (draft_id, id)")


# MIGRATIONS[n] turns a schema of version n into version n + 1 inside one transaction; 0 is a new file.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {0: _schema_v1}


def open_connection(path: Path, latest: int = SCHEMA_VERSION) -> tuple[sqlite3.Connection, tuple[str, ...]]:
    """Open or create the library file at schema version ``latest``, with warnings for the user (a damaged
    file moved aside and a fresh one started)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LibraryError(
            f"The folder for the drafts library {path.parent} cannot be created ({exc.strerror or exc})."
        ) from exc
    try:
        return _open_checked(path, latest), ()
    except _DamagedError as damage:
        moved = _move_aside(path)
        warning = (
            f"The drafts library {path} was damaged ({damage}) and could not be opened. It was kept "
            f"as {moved} and a new, empty library was started."
        )
    try:
        return _open_checked(path, latest), (warning,)
    except _DamagedError as damage:
        raise LibraryError(f"A new drafts library at {path} could not be created ({damage}).") from damage


def _connect(path: Path) -> sqlite3.Connection:
    """One connection in autocommit mode: transactions are begun and ended explicitly."""
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    conn.row_factory = sqlite3.Row
    return conn


def _check_integrity(conn: sqlite3.Connection) -> None:
    rows = [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]
    if rows != ["ok"]:
        raise _DamagedError("; ".join(rows[:3]) or "the integrity check gave no answer")


def _migrate(conn: sqlite3.Connection, version: int, latest: int) -> None:
    """Bring an older schema up to date one step at a time, each step in its own transaction."""
    while version < latest:
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise
        version += 1


def rollback(conn: sqlite3.Connection) -> None:
    """End an open transaction without keeping any of it; a failing rollback changes nothing more."""
    if conn.in_transaction:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite touches it: closing a connection to such a file
    would delete a ``-wal`` beside it, and that file belongs to the user."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise LibraryError(f"The drafts library {path} cannot be read ({exc.strerror or exc}).") from exc
    if header and header != _SQLITE_MAGIC:
        raise _DamagedError("file is not a database")


def _open_checked(path: Path, latest: int) -> sqlite3.Connection:
    """Open, refuse a newer schema before writing anything, check integrity, then configure and migrate."""
    _check_header(path)
    conn = _connect(path)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > latest:
            raise NewerLibraryError(
                f"The drafts library {path} was written by a newer Copydesk (format {version}; this "
                f"version reads up to {latest}). Update Copydesk to open it; the file was left as "
                "it is."
            )
        _check_integrity(conn)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        _migrate(conn, version, latest)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if is_damage(exc):
            raise _DamagedError(str(exc)) from exc
        raise storage_error(exc, path) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def _aside_name(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    return candidate


def _move_aside(path: Path) -> Path:
    """Rename the damaged file and its WAL/SHM side files together, keeping SQLite's naming so a
    recovery tool that opens the copy also finds its WAL."""
    target = _aside_name(path)
    try:
        path.replace(target)
        for suffix in _SIDE_FILES:
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.replace(target.with_name(target.name + suffix))
    except OSError as exc:
        raise LibraryError(
            f"The drafts library {path} is damaged and could not be moved aside ({exc.strerror or exc}). "
            "Move or rename it yourself, then start Copydesk again."
        ) from exc
    return target
