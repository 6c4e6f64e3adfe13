"""What can go wrong with the drafts library, and SQLite's errors put in words the user can act on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.core.sqlite_files import (
    SQLITE_BUSY,
    SQLITE_FULL,
    SQLITE_IOERR,
    SQLITE_LOCKED,
    SQLITE_READONLY,
    error_code,
    is_damage,
)


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


def storage_error(exc: sqlite3.Error, path: Path) -> LibraryError:
    """Turn an SQLite error into a message the user can act on."""
    code = error_code(exc)
    text = str(exc)
    if code == SQLITE_FULL or "disk is full" in text:
        return LibraryDiskFullError(
            f"The disk that holds {path} is full, so the change was not saved. Free some space and try "
            "again; your text is still open and nothing saved before was lost."
        )
    if code == SQLITE_READONLY or "readonly" in text:
        return LibraryReadOnlyError(
            f"The drafts library {path} cannot be written (it or its folder is read-only), so the change "
            "was not saved. Check the permissions and try again."
        )
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return LibraryError(
            f"The drafts library {path} is busy in another Copydesk window or process. Try again in a moment."
        )
    if is_damage(exc):
        return LibraryError(
            f"The drafts library {path} is damaged ({text}). Restart Copydesk: it keeps a copy of the "
            "damaged file and starts a fresh library."
        )
    if code == SQLITE_IOERR:
        return LibraryError(f"The drafts library {path} could not be read or written ({text}).")
    return LibraryError(f"The drafts library {path} failed: {text}.")
