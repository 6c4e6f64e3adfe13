"""The drafts library: every draft the user writes, kept in SQLite so no crash or full disk loses work.

One file (``data_dir / "drafts.sqlite3"``) in WAL mode with ``synchronous=FULL``: a change is on disk when
the call returns, and a killed process leaves the last committed state, never half of a change. Every write
is one transaction. A damaged file is moved aside (never deleted) and a fresh library is started with a
warning; a file from a newer Copydesk is refused rather than touched.

Autosave goes through :meth:`DraftLibrary.save` (updates in place, no history row). History is explicit:
:meth:`DraftLibrary.checkpoint` after a generation or a deliberate edit, and restoring a version first
checkpoints what it replaces, so going back never loses the newer text.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

SCHEMA_VERSION = 1
DEFAULT_TITLE = "Untitled"
BUSY_TIMEOUT_MS = 5000

VersionKind = Literal["generation", "edit", "restore"]
VERSION_KINDS: tuple[VersionKind, ...] = get_args(VersionKind)

# Primary SQLite result codes (the low byte of an extended code).
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_NOTADB = 26
_DAMAGE_CODES = frozenset({_SQLITE_CORRUPT, _SQLITE_NOTADB})
_SIDE_FILES = ("-wal", "-shm", "-journal")
_SQLITE_MAGIC = b"SQLite format 3\x00"


class LibraryError(Exception):
    """A drafts library operation failed; the message is written for the user."""


class DraftNotFoundError(LibraryError):
    """No draft has this id (it may have been deleted forever)."""


class VersionNotFoundError(LibraryError):
    """No version has this id."""


class DraftNotInTrashError(LibraryError):
    """Deleting forever is only allowed from the trash, so one click never destroys a live draft."""


class NewerLibraryError(LibraryError):
    """The file was written by a newer Copydesk; changing it here could lose what the newer one stored."""


class LibraryDiskFullError(LibraryError):
    """The disk is full; the change was rolled back and the caller still holds its data."""


class LibraryReadOnlyError(LibraryError):
    """The library file or its folder cannot be written."""


@dataclass(frozen=True)
class Draft:
    """One piece of work: the form values that produced it and its named output parts."""

    id: int
    title: str
    task_id: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    created_at: float
    updated_at: float
    trashed_at: float | None

    @property
    def in_trash(self) -> bool:
        return self.trashed_at is not None


@dataclass(frozen=True)
class Version:
    """A snapshot of a draft's inputs and outputs, kept so the user can go back to it."""

    id: int
    draft_id: int
    kind: VersionKind
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    created_at: float
    meta: dict[str, Any]


class _DamagedError(Exception):
    """Internal: the file is not a usable SQLite database and must be moved aside."""


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


def _to_json(value: dict[str, Any]) -> str:
    """Serialise before any transaction starts, so bad data fails without touching the file."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _from_json(text: str) -> dict[str, Any]:
    value = json.loads(text)
    return value if isinstance(value, dict) else {}


def search_key(text: str) -> str:
    """Normalise text for matching: NFKC plus case folding, so "MÜSLI" finds "Müsli" and a decomposed
    "café" finds a composed one (SQLite's own LIKE only folds ASCII)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def _words(value: Any, into: list[str]) -> None:
    """Collect the text inside a JSON value (strings and numbers; not keys, which are not the user's)."""
    if isinstance(value, str):
        into.append(value)
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int | float):
        into.append(str(value))
    elif isinstance(value, dict):
        for item in value.values():
            _words(item, into)
    elif isinstance(value, list | tuple):
        for item in value:
            _words(item, into)


def _search_text(title: str, inputs: dict[str, Any], outputs: dict[str, Any]) -> str:
    parts = [title]
    _words(inputs, parts)
    _words(outputs, parts)
    return search_key("\n".join(parts))


def _clean_title(title: str) -> str:
    return title if title.strip() else DEFAULT_TITLE


def _draft_from_row(row: sqlite3.Row) -> Draft:
    return Draft(
        id=row["id"],
        title=row["title"],
        task_id=row["task_id"],
        inputs=_from_json(row["inputs"]),
        outputs=_from_json(row["outputs"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        trashed_at=row["trashed_at"],
    )


def _version_from_row(row: sqlite3.Row) -> Version:
    return Version(
        id=row["id"],
        draft_id=row["draft_id"],
        kind=row["kind"],
        inputs=_from_json(row["inputs"]),
        outputs=_from_json(row["outputs"]),
        created_at=row["created_at"],
        meta=_from_json(row["meta"]),
    )


def _error_code(exc: sqlite3.Error) -> int:
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def _is_damage(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return _error_code(exc) in _DAMAGE_CODES or "not a database" in text or "malformed" in text


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


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    """Bring an older schema up to date one step at a time, each step in its own transaction."""
    while version < SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise
        version += 1


def _rollback(conn: sqlite3.Connection) -> None:
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


def _open_checked(path: Path) -> sqlite3.Connection:
    """Open, refuse a newer schema before writing anything, check integrity, then configure and migrate."""
    _check_header(path)
    conn = _connect(path)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise NewerLibraryError(
                f"The drafts library {path} was written by a newer Copydesk (format {version}; this "
                f"version reads up to {SCHEMA_VERSION}). Update Copydesk to open it; the file was left as "
                "it is."
            )
        _check_integrity(conn)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        _migrate(conn, version)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if _is_damage(exc):
            raise _DamagedError(str(exc)) from exc
        raise _storage_error(exc, path) from exc
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


def _storage_error(exc: sqlite3.Error, path: Path) -> LibraryError:
    """Turn an SQLite error into a message the user can act on."""
    code = _error_code(exc)
    text = str(exc)
    if code == _SQLITE_FULL or "disk is full" in text:
        return LibraryDiskFullError(
            f"The disk that holds {path} is full, so the change was not saved. Free some space and try "
            "again; your text is still open and nothing saved before was lost."
        )
    if code == _SQLITE_READONLY or "readonly" in text:
        return LibraryReadOnlyError(
            f"The drafts library {path} cannot be written (it or its folder is read-only), so the change "
            "was not saved. Check the permissions and try again."
        )
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return LibraryError(
            f"The drafts library {path} is busy in another Copydesk window or process. Try again in a moment."
        )
    if _is_damage(exc):
        return LibraryError(
            f"The drafts library {path} is damaged ({text}). Restart Copydesk: it keeps a copy of the "
            "damaged file and starts a fresh library."
        )
    if code == _SQLITE_IOERR:
        return LibraryError(f"The drafts library {path} could not be read or written ({text}).")
    return LibraryError(f"The drafts library {path} failed: {text}.")


class DraftLibrary:
    """All drafts in one SQLite file. Thread-safe: one connection behind a lock, so the UI may call it
    from a background thread and the CLI from the main thread."""

    def __init__(self, path: Path, conn: sqlite3.Connection, warnings: tuple[str, ...] = ()) -> None:
        """Use :meth:`open`; this only wires up an already checked connection."""
        self.path = path
        self.warnings = warnings
        """Problems found on open (e.g. a damaged file moved aside) for the UI to show once."""
        self._conn: sqlite3.Connection | None = conn
        self._lock = threading.RLock()
        self._last_time = 0.0

    # -- opening and closing -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> DraftLibrary:
        """Open or create the library; a damaged file is moved aside and a fresh one started."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(
                f"The folder for the drafts library {path.parent} cannot be created ({exc.strerror or exc})."
            ) from exc
        try:
            return cls(path, _open_checked(path))
        except _DamagedError as damage:
            moved = _move_aside(path)
            warning = (
                f"The drafts library {path} was damaged ({damage}) and could not be opened. It was kept "
                f"as {moved} and a new, empty library was started."
            )
        try:
            return cls(path, _open_checked(path), (warning,))
        except _DamagedError as damage:
            raise LibraryError(f"A new drafts library at {path} could not be created ({damage}).") from damage

    def close(self) -> None:
        """Close the connection; the last close also folds the WAL back into the main file."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> DraftLibrary:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- plumbing ------------------------------------------------------------------------------------

    def _require_open(self) -> sqlite3.Connection:
        if self._conn is None:
            raise LibraryError(f"The drafts library {self.path} is closed.")
        return self._conn

    def _now(self) -> float:
        """Wall-clock time, nudged forward when the clock is coarse, so "newest first" stays in order."""
        now = time.time()
        if now <= self._last_time:
            now = self._last_time + 1e-6
        self._last_time = now
        return now

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._require_open()
            try:
                yield conn
            except sqlite3.Error as exc:
                raise _storage_error(exc, self.path) from exc

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all of a change is saved, or (on any error) none of it."""
        with self._lock:
            conn = self._require_open()
            try:
                conn.execute("BEGIN IMMEDIATE")
                yield conn
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                _rollback(conn)
                raise _storage_error(exc, self.path) from exc
            except BaseException:
                _rollback(conn)
                raise

    def _draft_row(self, conn: sqlite3.Connection, draft_id: int) -> Draft:
        row = conn.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            raise DraftNotFoundError(f"Draft {draft_id} does not exist (it may have been deleted).")
        return _draft_from_row(row)

    def _latest_version(self, conn: sqlite3.Connection, draft_id: int) -> Version | None:
        row = conn.execute(
            "SELECT * FROM versions WHERE draft_id = ? ORDER BY id DESC LIMIT 1", (draft_id,)
        ).fetchone()
        return None if row is None else _version_from_row(row)

    def _add_version(
        self, conn: sqlite3.Connection, draft: Draft, kind: VersionKind, meta: dict[str, Any]
    ) -> Version:
        """Snapshot ``draft``, unless the newest version is the same kind with the same content."""
        latest = self._latest_version(conn, draft.id)
        if (
            latest is not None
            and latest.kind == kind
            and (latest.inputs, latest.outputs) == (draft.inputs, draft.outputs)
        ):
            return latest
        created = self._now()
        cursor = conn.execute(
            "INSERT INTO versions (draft_id, kind, inputs, outputs, meta, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (draft.id, kind, _to_json(draft.inputs), _to_json(draft.outputs), _to_json(meta), created),
        )
        return Version(
            int(cursor.lastrowid or 0), draft.id, kind, draft.inputs, draft.outputs, created, dict(meta)
        )

    def _update(
        self,
        conn: sqlite3.Connection,
        draft: Draft,
        title: str,
        inputs: dict[str, Any],
        outputs: dict[str, Any],
    ) -> Draft:
        """Write new content over ``draft`` in place and return it as stored."""
        updated = self._now()
        conn.execute(
            "UPDATE drafts SET title = ?, inputs = ?, outputs = ?, search_text = ?, updated_at = ?"
            " WHERE id = ?",
            (
                title,
                _to_json(inputs),
                _to_json(outputs),
                _search_text(title, inputs, outputs),
                updated,
                draft.id,
            ),
        )
        return self._draft_row(conn, draft.id)

    # -- drafts --------------------------------------------------------------------------------------

    def create(
        self,
        task_id: str,
        title: str,
        inputs: dict[str, Any] | None = None,
        outputs: dict[str, Any] | None = None,
    ) -> Draft:
        """Start a new draft; it is on disk when this returns."""
        title = _clean_title(title)
        inputs = dict(inputs or {})
        outputs = dict(outputs or {})
        encoded = (_to_json(inputs), _to_json(outputs), _search_text(title, inputs, outputs))
        with self._write() as conn:
            now = self._now()
            cursor = conn.execute(
                "INSERT INTO drafts (title, task_id, inputs, outputs, search_text, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (title, task_id, *encoded, now, now),
            )
            return self._draft_row(conn, int(cursor.lastrowid or 0))

    def get(self, draft_id: int) -> Draft:
        """The draft as stored now."""
        with self._read() as conn:
            return self._draft_row(conn, draft_id)

    def save(
        self,
        draft_id: int,
        *,
        inputs: dict[str, Any] | None = None,
        outputs: dict[str, Any] | None = None,
        title: str | None = None,
    ) -> Draft:
        """The autosave path: overwrite the given parts in place, no history row. Saving identical
        content writes nothing, so an idle autosave timer neither wears the disk nor reorders the list."""
        if inputs is not None:
            _to_json(inputs)
        if outputs is not None:
            _to_json(outputs)
        with self._write() as conn:
            draft = self._draft_row(conn, draft_id)
            new_title = draft.title if title is None else _clean_title(title)
            new_inputs = draft.inputs if inputs is None else dict(inputs)
            new_outputs = draft.outputs if outputs is None else dict(outputs)
            if (new_title, new_inputs, new_outputs) == (draft.title, draft.inputs, draft.outputs):
                return draft
            return self._update(conn, draft, new_title, new_inputs, new_outputs)

    def rename(self, draft_id: int, title: str) -> Draft:
        """Change only the title; an empty one becomes "Untitled"."""
        return self.save(draft_id, title=title)

    def duplicate(self, draft_id: int) -> Draft:
        """Copy a draft's title, inputs and outputs into a new draft. Versions are not copied: the copy
        starts its own history, and the original keeps its full one."""
        with self._write() as conn:
            source = self._draft_row(conn, draft_id)
            title = f"{source.title} (copy)"
            now = self._now()
            cursor = conn.execute(
                "INSERT INTO drafts (title, task_id, inputs, outputs, search_text, created_at, updated_at)"
                " SELECT ?, task_id, inputs, outputs, ?, ?, ? FROM drafts WHERE id = ?",
                (title, _search_text(title, source.inputs, source.outputs), now, now, draft_id),
            )
            return self._draft_row(conn, int(cursor.lastrowid or 0))

    def list_drafts(self, search: str = "", task_id: str | None = None, trashed: bool = False) -> list[Draft]:
        """Drafts newest-updated first. Every word of ``search`` must appear in the title or the text of
        the inputs/outputs, ignoring case and Unicode spelling variants (see :func:`search_key`)."""
        clauses = ["trashed_at IS NOT NULL" if trashed else "trashed_at IS NULL"]
        params: list[Any] = []
        if task_id is not None:
            clauses.append("task_id = ?")
            params.append(task_id)
        for word in search_key(search).split():
            clauses.append("instr(search_text, ?) > 0")
            params.append(word)
        query = f"SELECT * FROM drafts WHERE {' AND '.join(clauses)} ORDER BY updated_at DESC, id DESC"
        with self._read() as conn:
            return [_draft_from_row(row) for row in conn.execute(query, params).fetchall()]

    # -- trash ---------------------------------------------------------------------------------------

    def trash(self, draft_id: int) -> Draft:
        """Move a draft to the trash; it keeps its content and versions until deleted forever."""
        with self._write() as conn:
            draft = self._draft_row(conn, draft_id)
            if draft.trashed_at is None:
                conn.execute("UPDATE drafts SET trashed_at = ? WHERE id = ?", (self._now(), draft_id))
            return self._draft_row(conn, draft_id)

    def restore(self, draft_id: int) -> Draft:
        """Take a draft back out of the trash."""
        with self._write() as conn:
            self._draft_row(conn, draft_id)
            conn.execute("UPDATE drafts SET trashed_at = NULL WHERE id = ?", (draft_id,))
            return self._draft_row(conn, draft_id)

    def delete_forever(self, draft_id: int) -> None:
        """Delete a trashed draft and its versions. Refused for a live draft, so it takes two steps."""
        with self._write() as conn:
            draft = self._draft_row(conn, draft_id)
            if draft.trashed_at is None:
                raise DraftNotInTrashError(
                    f'"{draft.title}" is not in the trash. Move it to the trash before deleting it forever.'
                )
            conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))

    def empty_trash(self) -> int:
        """Delete every trashed draft forever; returns how many went."""
        with self._write() as conn:
            return conn.execute("DELETE FROM drafts WHERE trashed_at IS NOT NULL").rowcount

    # -- versions ------------------------------------------------------------------------------------

    def checkpoint(self, draft_id: int, kind: VersionKind, meta: dict[str, Any] | None = None) -> Version:
        """Keep the draft's current inputs/outputs as a version. When the newest version is the same kind
        with the same content, that one is returned instead of a duplicate."""
        if kind not in VERSION_KINDS:
            raise ValueError(f"unknown version kind {kind!r}; expected one of {VERSION_KINDS}")
        meta = dict(meta or {})
        _to_json(meta)
        with self._write() as conn:
            return self._add_version(conn, self._draft_row(conn, draft_id), kind, meta)

    def versions(self, draft_id: int) -> list[Version]:
        """A draft's history, newest first."""
        with self._read() as conn:
            self._draft_row(conn, draft_id)
            rows = conn.execute(
                "SELECT * FROM versions WHERE draft_id = ? ORDER BY id DESC", (draft_id,)
            ).fetchall()
            return [_version_from_row(row) for row in rows]

    def restore_version(self, version_id: int) -> Draft:
        """Put a version's inputs/outputs back into its draft. What the draft held before is kept first
        as an "edit" version (unless the newest version already holds it), so nothing is lost, and the
        restore itself is recorded as a "restore" version."""
        with self._write() as conn:
            row = conn.execute("SELECT * FROM versions WHERE id = ?", (version_id,)).fetchone()
            if row is None:
                raise VersionNotFoundError(f"Version {version_id} does not exist.")
            version = _version_from_row(row)
            draft = self._draft_row(conn, version.draft_id)
            if (draft.inputs, draft.outputs) == (version.inputs, version.outputs):
                return draft
            latest = self._latest_version(conn, draft.id)
            if latest is None or (latest.inputs, latest.outputs) != (draft.inputs, draft.outputs):
                self._add_version(conn, draft, "edit", {})
            restored = self._update(conn, draft, draft.title, version.inputs, version.outputs)
            self._add_version(conn, restored, "restore", {"restored_from": version_id})
            return restored
