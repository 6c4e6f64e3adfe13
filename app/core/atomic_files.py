"""Write a whole file so that readers, and a crash, see either the older file or the new one.

The bytes go to a hidden temporary file in the target's folder, are flushed and fsynced, and the
temporary file is renamed over the target; the folder is then fsynced so the rename itself survives a
power cut. On any failure the temporary file is removed and an older file is left as it was. Overwriting
keeps the older file's permissions; a new file gets the usual ones (``0o666`` less the umask).

Callers translate ``OSError`` into their own messages; these functions raise it unchanged and never
create missing folders.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_NAME_ATTEMPTS = 100


def fsync_dir(folder: Path) -> None:
    """Make a rename durable on POSIX; other systems do not allow opening a folder and do not need it."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, *, keep_mode: bool = True, private: bool = False) -> None:
    """Replace ``path`` with ``data`` in one step; with ``keep_mode`` an older file's permissions stay.
    ``private`` files are readable by their owner only, whatever the older file allowed."""
    fd, temporary = _create_temporary(path)
    try:
        if private:
            with contextlib.suppress(OSError):  # Windows has no POSIX modes; its profile folder is private
                temporary.chmod(0o600)
            keep_mode = False
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if keep_mode:
            _copy_mode(path, temporary)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8", *, private: bool = False) -> None:
    """:func:`atomic_write_bytes` for text, written as given: line endings are not translated."""
    atomic_write_bytes(path, text.encode(encoding), private=private)


def _create_temporary(path: Path) -> tuple[int, Path]:
    """A new hidden file next to ``path``, opened for writing; a name already taken is never reused."""
    for _ in range(_NAME_ATTEMPTS):
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temporary, _CREATE_FLAGS, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "No free temporary file name", str(path.parent))


def _copy_mode(path: Path, temporary: Path) -> None:
    """Overwriting keeps the older file's permissions rather than the temporary file's."""
    with contextlib.suppress(OSError):
        temporary.chmod(path.stat().st_mode & 0o7777)
