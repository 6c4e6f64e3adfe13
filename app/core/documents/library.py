"""The drafts library: every draft the user writes, kept in SQLite so no crash or full disk loses work.

One file (``data_dir / "drafts.sqlite3"``) in WAL mode with ``synchronous=FULL``: a change is on disk when
the call returns, and a killed process leaves the last committed state, never half of a change. Every write
is one transaction. A damaged file is moved aside (never deleted) and a fresh library is started with a
warning; a file from a newer Copydesk is refused rather than touched.

Autosave goes through :meth:`DraftLibrary.save` (updates in place, no history row). History is explicit:
:meth:`DraftLibrary.checkpoint` after a generation or a deliberate edit, and restoring a version first
checkpoints what it replaces, so going back never loses the newer text.

Opening and checking the file, the schema and its migrations are in :mod:`app.core.documents.schema`; the
errors, and SQLite's errors in words for the user, in :mod:`app.core.documents.errors`; drafts and
versions as values, and their rows, in :mod:`app.core.documents.records`.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from app.core.documents.errors import (
    DraftNotFoundError,
    DraftNotInTrashError,
    LibraryDiskFullError,
    LibraryError,
    LibraryReadOnlyError,
    NewerLibraryError,
    VersionNotFoundError,
    storage_error,
)
from app.core.documents.records import (
    DEFAULT_TITLE,
    VERSION_KINDS,
    Draft,
    Version,
    VersionKind,
    clean_title,
    draft_from_row,
    search_key,
    search_text,
    to_json,
    version_from_row,
)
from app.core.documents.schema import MIGRATIONS, SCHEMA_VERSION, open_connection
from app.core.sqlite_files import transaction

__all__ = [
    "DEFAULT_TITLE",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "VERSION_KINDS",
    "Draft",
    "DraftLibrary",
    "DraftNotFoundError",
    "DraftNotInTrashError",
    "LibraryDiskFullError",
    "LibraryError",
    "LibraryReadOnlyError",
    "NewerLibraryError",
    "Version",
    "VersionKind",
    "VersionNotFoundError",
    "search_key",
]


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
        conn, warnings = open_connection(path, SCHEMA_VERSION)
        return cls(path, conn, warnings)

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
                raise storage_error(exc, self.path) from exc

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all of a change is saved, or (on any error) none of it."""
        with self._lock:
            conn = self._require_open()
            try:
                with transaction(conn):
                    yield conn
            except sqlite3.Error as exc:
                raise storage_error(exc, self.path) from exc

    def _draft_row(self, conn: sqlite3.Connection, draft_id: int) -> Draft:
        row = conn.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            raise DraftNotFoundError(f"Draft {draft_id} does not exist (it may have been deleted).")
        return draft_from_row(row)

    def _latest_version(self, conn: sqlite3.Connection, draft_id: int) -> Version | None:
        row = conn.execute(
            "SELECT * FROM versions WHERE draft_id = ? ORDER BY id DESC LIMIT 1", (draft_id,)
        ).fetchone()
        return None if row is None else version_from_row(row)

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
            (draft.id, kind, to_json(draft.inputs), to_json(draft.outputs), to_json(meta), created),
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
                to_json(inputs),
                to_json(outputs),
                search_text(title, inputs, outputs),
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
        title = clean_title(title)
        inputs = dict(inputs or {})
        outputs = dict(outputs or {})
        encoded = (to_json(inputs), to_json(outputs), search_text(title, inputs, outputs))
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
            to_json(inputs)
        if outputs is not None:
            to_json(outputs)
        with self._write() as conn:
            draft = self._draft_row(conn, draft_id)
            new_title = draft.title if title is None else clean_title(title)
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
                (title, search_text(title, source.inputs, source.outputs), now, now, draft_id),
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
            return [draft_from_row(row) for row in conn.execute(query, params).fetchall()]

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
        to_json(meta)
        with self._write() as conn:
            return self._add_version(conn, self._draft_row(conn, draft_id), kind, meta)

    def versions(self, draft_id: int) -> list[Version]:
        """A draft's history, newest first."""
        with self._read() as conn:
            self._draft_row(conn, draft_id)
            rows = conn.execute(
                "SELECT * FROM versions WHERE draft_id = ? ORDER BY id DESC", (draft_id,)
            ).fetchall()
            return [version_from_row(row) for row in rows]

    def restore_version(self, version_id: int) -> Draft:
        """Put a version's inputs/outputs back into its draft. What the draft held before is kept first
        as an "edit" version (unless the newest version already holds it), so nothing is lost, and the
        restore itself is recorded as a "restore" version."""
        with self._write() as conn:
            row = conn.execute("SELECT * FROM versions WHERE id = ?", (version_id,)).fetchone()
            if row is None:
                raise VersionNotFoundError(f"Version {version_id} does not exist.")
            version = version_from_row(row)
            draft = self._draft_row(conn, version.draft_id)
            if (draft.inputs, draft.outputs) == (version.inputs, version.outputs):
                return draft
            latest = self._latest_version(conn, draft.id)
            if latest is None or (latest.inputs, latest.outputs) != (draft.inputs, draft.outputs):
                self._add_version(conn, draft, "edit", {})
            restored = self._update(conn, draft, draft.title, version.inputs, version.outputs)
            self._add_version(conn, restored, "restore", {"restored_from": version_id})
            return restored
