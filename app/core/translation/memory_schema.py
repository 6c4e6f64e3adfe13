"""The translation memory's file: schema, migrations, and opening it safely.

A file is checked before anything is written to it: a file that is not SQLite, or fails SQLite's quick
integrity check, raises :class:`DamagedMemoryError` and is left untouched (:func:`move_aside` keeps it under
another name when the user chooses to start fresh); a file from a newer Copydesk is refused.

The schema version lives in ``PRAGMA user_version``; ``MIGRATIONS[n]`` turns version ``n`` into ``n + 1``
in one transaction. The full-text index is not part of the migrations: whether it can exist depends on
the SQLite build, not on the file (see :mod:`app.core.translation.memory_index`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from app.core.sqlite_files import (
    BUSY_TIMEOUT_MS,
    connect,
    integrity_problem,
    is_damage,
    is_foreign_file,
    transaction,
)
from app.core.sqlite_files import move_aside as move_with_side_files
from app.core.translation.memory_errors import (
    NewerMemoryError,
    TranslationMemoryError,
    damaged,
    storage_error,
)

SCHEMA_VERSION = 1
MMAP_BYTES = 256 * 1024 * 1024
CACHE_KIB = 16 * 1024


def _schema_v1(conn: sqlite3.Connection) -> None:
    """Entries keyed by language pair and normalised source (``key`` is its hash, ``norm`` the text)."""
    conn.execute(
        """
        CREATE TABLE IF NOT EXISTS entries (
            id INTEGER PRIMARY KEY,
            source_lang TEXT NOT NULL,
            target_lang TEXT NOT NULL,
            key INTEGER NOT NULL,
            source TEXT NOT NULL,
            norm TEXT NOT NULL,
            length INTEGER NOT NULL,
            target TEXT NOT NULL,
            origin TEXT NOT NULL CHECK (origin IN ('human', 'machine', 'import')),
            created REAL NOT NULL,
            updated REAL NOT NULL,
            uses INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    conn.execute("CREATE INDEX IF NOT EXISTS entries_by_key ON entries (key, source_lang, target_lang)")
    # (source_lang, target_lang) ends in the rowid: export pages through a pair in id order with it.
    conn.execute("CREATE INDEX IF NOT EXISTS entries_by_pair ON entries (source_lang, target_lang)")
    conn.execute("CREATE INDEX IF NOT EXISTS entries_by_length ON entries (source_lang, target_lang, length)")
    conn.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
    # How many entries hold each word (see memory_index): lets a fuzzy search skip the common words.
    conn.execute(
        "CREATE TABLE IF NOT EXISTS terms (term TEXT PRIMARY KEY, docs INTEGER NOT NULL) WITHOUT ROWID"
    )


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {0: _schema_v1}
"""``MIGRATIONS[n]`` upgrades schema ``n`` to ``n + 1``; 0 is a new file."""


def open_connection(path: Path, latest: int = SCHEMA_VERSION) -> sqlite3.Connection:
    """Open or create the memory at schema ``latest``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TranslationMemoryError(
            f"The folder for the translation memory {path.parent} cannot be created ({exc.strerror or exc}).",
            path,
        ) from exc
    _check_header(path)
    try:
        conn = connect(path)
    except sqlite3.Error as exc:
        raise storage_error(exc, path) from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > latest:
            raise NewerMemoryError(
                f"The translation memory {path} was written by a newer Copydesk (format {version}; this "
                f"version reads up to {latest}). Update Copydesk to use it; the file was left as it is.",
                path,
            )
        problem = integrity_problem(conn)
        if problem is not None:
            raise damaged(path, problem)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        # A fuzzy lookup reads a few thousand scattered rows: through a memory map they cost a memory
        # access each instead of a read() call (3-6x faster on a 100,000-entry memory).
        conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        _migrate(conn, version, latest)
        return conn
    except sqlite3.Error as exc:
        conn.close()
        raise (damaged(path, str(exc)) if is_damage(exc) else storage_error(exc, path)) from exc
    except BaseException:
        conn.close()
        raise


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
        raise TranslationMemoryError(
            f"The translation memory {path} cannot be read ({exc.strerror or exc}).", path
        ) from exc
    if foreign:
        raise damaged(path, "it is not a database")


def move_aside(path: Path) -> Path:
    """Rename a damaged memory (and its WAL/SHM side files, keeping SQLite's naming so a recovery tool
    finds them) to ``<name>.damaged-<time>``; returns the new name. Nothing is deleted."""
    try:
        return move_with_side_files(path, "damaged")
    except OSError as exc:
        raise TranslationMemoryError(
            f"The translation memory {path} could not be moved aside ({exc.strerror or exc}). Move or "
            "rename it yourself, then try again.",
            path,
        ) from exc
