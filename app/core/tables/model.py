"""The table every reader returns: a rectangular grid of text plus what the user must be told about it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from app.core.tables.errors import TableError

TableFormat = Literal["csv", "xlsx"]

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class RowProblem:
    """Something about one row that the user should know; the row was kept, never dropped or cut."""

    row: int  # the row number as the user sees it: CSV physical line where the record starts; XLSX sheet row
    message: str


@dataclass(frozen=True)
class FileStamp:
    """Size and modification time when the file was read, so an in-place write can refuse a changed file."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileStamp:
        info = path.stat()
        return cls(info.st_size, info.st_mtime_ns)


@dataclass(frozen=True)
class Table:
    """A CSV file or one worksheet, as text.

    Every row has exactly ``len(header)`` cells and the header names are unique, so callers can index
    without checks. Blank rows are left out, but ``row_numbers`` keep the numbers the user sees in the
    file. A file with a header and no data rows is a valid table with ``rows == ()``: the caller decides
    how to say that there is nothing to do.
    """

    path: Path
    format: TableFormat
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    problems: tuple[RowProblem, ...]
    header_row: int = 1  # file row number of the header (blank rows above it are skipped)
    line_terminator: str | None = None  # csv: the line ending the file uses, kept when writing it back
    stamp: FileStamp | None = None

    def column(self, name: str) -> int:
        """The index of a column: an exact name first, then ignoring case and extra spaces."""
        if name in self.header:
            return self.header.index(name)
        wanted = _loose(name)
        matches = [index for index, title in enumerate(self.header) if _loose(title) == wanted]
        if len(matches) == 1:
            return matches[0]
        columns = ", ".join(f"“{title}”" for title in self.header)
        if matches:
            similar = ", ".join(f"“{self.header[index]}”" for index in matches)
            raise TableError(
                f"{self.path.name}: the column name “{name}” matches several columns ({similar}); "
                "give the exact name."
            )
        raise TableError(f"{self.path.name} has no column “{name}”. Its columns are: {columns}.")

    def records(self) -> list[dict[str, str]]:
        """Each data row as column name -> cell text."""
        return [dict(zip(self.header, row, strict=True)) for row in self.rows]


def _loose(name: str) -> str:
    return _SPACES.sub(" ", name).strip().casefold()
