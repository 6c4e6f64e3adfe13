"""The drafts library's file: its schema and migrations, and opening it safely.

A file is checked before anything is written to it: a file that is not SQLite, or fails the integrity
check, is moved aside with its side files (never deleted) and a fresh library started; a file from a newer
Copydesk is refused and left as it is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from app.core.documents.errors import LibraryError, NewerLibraryError, storage_error
from app.core.sqlite_files import (
    BUSY_TIMEOUT_MS,
    connect,
    integrity_problem,
    is_damage,
    is_foreign_file,
    move_aside,
    transaction,
)

SCHEMA_VERSION = 1


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


def _migrate(conn: sqlite3.Connection, version: int, latest: int) -> None:
    """Bring an older schema up to date one step at a time, each step in its own transaction."""
    while version < latest:
        with transaction(conn):
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        version += 1


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite touches it (see ``is_foreign_file``)."""
    try:
        foreign = is_foreign_file(path)
    except OSError as exc:
        raise LibraryError(f"The drafts library {path} cannot be read ({exc.strerror or exc}).") from exc
    if foreign:
        raise _DamagedError("file is not a database")


def _open_checked(path: Path, latest: int) -> sqlite3.Connection:
    """Open, refuse a newer schema before writing anything, check integrity, then configure and migrate."""
    _check_header(path)
    conn = connect(path)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > latest:
            raise NewerLibraryError(
                f"The drafts library {path} was written by a newer Copydesk (format {version}; this "
                f"version reads up to {latest}). Update Copydesk to open it; the file was left as "
                "it is."
            )
        problem = integrity_problem(conn)
        if problem is not None:
            raise _DamagedError(problem)
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


def _move_aside(path: Path) -> Path:
    """Keep the damaged file and its side files as ``<name>.corrupt-<time>``."""
    try:
        return move_aside(path, "corrupt")
    except OSError as exc:
        raise LibraryError(
            f"The drafts library {path} is damaged and could not be moved aside ({exc.strerror or exc}). "
            "Move or rename it yourself, then start Copydesk again."
        ) from exc
