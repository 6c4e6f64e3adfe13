"""What can go wrong with a table file, in messages the user can act on.

Every error is a ``ValueError`` so that code which already reports bad input (the CLI, a batch row) shows
these too; the subclasses carry what a front end needs to ask the user a question instead of giving up.
"""

from __future__ import annotations

import errno
from pathlib import Path


class TableError(ValueError):
    """Message for the user: names the file, and row numbers where relevant."""


class EncodingUnclearError(TableError):
    """The text encoding of a CSV file could not be told with confidence; the user should choose one.

    ``candidates`` are Python codec names worth offering, most likely first (may be empty when nothing
    decodes the file at all)."""

    def __init__(self, message: str, candidates: tuple[str, ...]) -> None:
        super().__init__(message)
        self.candidates = candidates


class SheetChoiceNeeded(TableError):  # noqa: N818 - a question for the user rather than a failure
    """A workbook has several sheets and none was chosen; ``sheets`` lists them in workbook order."""

    def __init__(self, message: str, sheets: tuple[str, ...]) -> None:
        super().__init__(message)
        self.sheets = sheets


def save_error(path: Path, exc: OSError) -> TableError:
    """A failed save in words: nothing was replaced, so the user only needs to know why and what to do."""
    unchanged = "Nothing was written; any older file there is unchanged."
    if exc.errno == errno.ENOSPC or exc.errno == getattr(errno, "EDQUOT", None):
        reason = "the disk is full. Free some space and try again"
    elif isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = (
            "permission was denied (the file or its folder is read-only, or another program such as "
            "Excel has the file open). Close it there or choose another place"
        )
    elif isinstance(exc, IsADirectoryError):
        reason = "a folder has that name. Choose a file name"
    elif isinstance(exc, FileNotFoundError):
        reason = f"the folder {path.parent} does not exist. Choose an existing folder"
    else:
        reason = exc.strerror or str(exc)
    return TableError(f"Could not save {path.name}: {reason}. {unchanged}")
