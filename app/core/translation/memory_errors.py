"""What can go wrong with the translation memory file, in words the user can act on."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

# Primary SQLite result codes (the low byte of an extended code).
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26


class TranslationMemoryError(Exception):
    """A translation memory operation failed; the message names the file and says why."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class DamagedMemoryError(TranslationMemoryError):
    """The file is not a usable database. Nothing was changed; ``start_fresh`` keeps it aside and begins a
    new memory."""


class NewerMemoryError(TranslationMemoryError):
    """The file was written by a newer Copydesk; changing it here could lose what the newer one stored."""


class MemoryDiskFullError(TranslationMemoryError):
    """The disk is full; the change was rolled back and nothing stored before was lost."""


class MemoryReadOnlyError(TranslationMemoryError):
    """The file or its folder cannot be written."""


def error_code(exc: sqlite3.Error) -> int:
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def is_damage(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return (
        error_code(exc) in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
        or "not a database" in text
        or "malformed" in text
    )


def damaged(path: Path, reason: str) -> DamagedMemoryError:
    return DamagedMemoryError(
        f"The translation memory {path} is damaged ({reason}) and cannot be used. It was left as it is; "
        "start a fresh memory to keep the damaged file aside and go on.",
        path,
    )


def storage_error(exc: sqlite3.Error, path: Path) -> TranslationMemoryError:
    """Turn an SQLite error into a message the user can act on."""
    code = error_code(exc)
    text = str(exc)
    if code == _SQLITE_FULL or "disk is full" in text:
        return MemoryDiskFullError(
            f"The disk that holds the translation memory {path} is full, so the change was not saved. "
            "Free some space and try again; nothing stored before was lost.",
            path,
        )
    if code == _SQLITE_READONLY or "readonly" in text:
        return MemoryReadOnlyError(
            f"The translation memory {path} cannot be written (the file or its folder is read-only), so "
            "the change was not saved. Check the permissions and try again.",
            path,
        )
    if code == _SQLITE_CANTOPEN or "unable to open" in text:
        return _cannot_open(path, text)
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return TranslationMemoryError(
            f"The translation memory {path} is busy in another Copydesk window or process. Try again in a "
            "moment.",
            path,
        )
    if is_damage(exc):
        return damaged(path, text)
    return TranslationMemoryError(
        f"The translation memory {path} could not be read or written ({text}).", path
    )


def _cannot_open(path: Path, text: str) -> TranslationMemoryError:
    folder = path.parent
    if not os.access(folder, os.W_OK):
        return MemoryReadOnlyError(
            f"The translation memory {path} cannot be opened: its folder {folder} is read-only. Choose "
            "another place for it or change the folder's permissions.",
            path,
        )
    return TranslationMemoryError(f"The translation memory {path} cannot be opened ({text}).", path)
