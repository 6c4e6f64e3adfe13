"""What can go wrong with the translation memory file, in words the user can act on."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from app.core.sqlite_files import (
    SQLITE_BUSY,
    SQLITE_CANTOPEN,
    SQLITE_FULL,
    SQLITE_LOCKED,
    SQLITE_READONLY,
    error_code,
    is_damage,
)


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
    if code == SQLITE_FULL or "disk is full" in text:
        return MemoryDiskFullError(
            f"The disk that holds the translation memory {path} is full, so the change was not saved. "
            "Free some space and try again; nothing stored before was lost.",
            path,
        )
    if code == SQLITE_READONLY or "readonly" in text:
        return MemoryReadOnlyError(
            f"The translation memory {path} cannot be written (the file or its folder is read-only), so "
            "the change was not saved. Check the permissions and try again.",
            path,
        )
    if code == SQLITE_CANTOPEN or "unable to open" in text:
        return _cannot_open(path, text)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
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
