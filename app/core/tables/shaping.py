"""Records of uneven length to a rectangular table, reporting every change and dropping nothing.

- The first non-blank record is the header; blank records are skipped but keep their numbers.
- A short row is padded with empty cells and reported.
- A row with more non-empty cells than the header widens the table with "Column N" columns (reported);
  empty cells past the header's end are ignored silently (spreadsheets often leave trailing delimiters).
- Header names are made unique: a blank one becomes "Column N", a repeated one "Price (2)" (reported).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from app.core.tables.errors import TableError
from app.core.tables.model import RowProblem

Record = tuple[int, list[str]]


@dataclass(frozen=True)
class Shaped:
    header: tuple[str, ...]
    header_row: int
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]
    problems: tuple[RowProblem, ...]


def shape(path: Path, records: Iterable[Record], *, unit: str = "row", where: str = "") -> Shaped:
    """A rectangular table from ``records``. ``unit`` is what the numbers count in messages ("line" for
    CSV, "row" for a sheet); ``where`` names the sheet in the empty-file message (e.g. " (sheet X)")."""
    header_record: Record | None = None
    data: list[tuple[int, list[str], int]] = []  # number, cells, cells used
    width = 0
    for number, cells in records:
        used = _used_length(cells)
        if used == 0:
            continue
        if header_record is None:
            header_record = (number, cells)
        else:
            data.append((number, cells, used))
        width = max(width, used)
    if header_record is None:
        raise TableError(f"{path.name}{where} is empty: it has no header row and no data.")
    header_row, raw_header = header_record
    named = _used_length(raw_header)
    header = _unique_names([*raw_header[:named], *([""] * (width - named))])
    problems = _header_problems(raw_header[:named], header, header_row)
    rows: list[tuple[str, ...]] = []
    for number, cells, used in data:
        if len(cells) < named:
            problems.append(
                RowProblem(
                    number,
                    f"{unit} {number} has {_cells(len(cells))} but the header has {named}; "
                    "the missing cells were left empty.",
                )
            )
        elif used > named:
            extra = ", ".join(header[named:used])
            problems.append(
                RowProblem(
                    number,
                    f"{unit} {number} has {_cells(used)} but the header has {named}; the extra cells were "
                    f"kept in: {extra}.",
                )
            )
        row = cells[:width] if len(cells) >= width else [*cells, *([""] * (width - len(cells)))]
        rows.append(tuple(row))
    return Shaped(
        header=header,
        header_row=header_row,
        rows=tuple(rows),
        row_numbers=tuple(number for number, _, _ in data),
        problems=tuple(problems),
    )


def _used_length(cells: list[str]) -> int:
    """The number of cells up to the last one that holds something (0 for a blank record)."""
    if cells and cells[-1].strip():
        return len(cells)
    for index in range(len(cells) - 1, -1, -1):
        if cells[index].strip():
            return index + 1
    return 0


def _cells(count: int) -> str:
    return "1 cell" if count == 1 else f"{count} cells"


def _header_problems(names: list[str], header: tuple[str, ...], header_row: int) -> list[RowProblem]:
    problems: list[RowProblem] = []
    for index, (name, given) in enumerate(zip(names, header, strict=False)):
        if not name.strip():
            problems.append(
                RowProblem(
                    header_row, f"column {index + 1} has no name in the header; it is called “{given}”."
                )
            )
        elif name != given:
            problems.append(
                RowProblem(
                    header_row,
                    f"the column name “{name}” appears more than once; column {index + 1} is called "
                    f"“{given}”.",
                )
            )
    return problems


def _unique_names(names: list[str]) -> tuple[str, ...]:
    """Names kept where possible: first occurrences keep theirs, then blanks and repeats get new ones."""
    result: list[str | None] = [None] * len(names)
    used: set[str] = set()
    for index, name in enumerate(names):
        if name.strip() and name not in used:
            result[index] = name
            used.add(name)
    for index, name in enumerate(names):
        if result[index] is not None:
            continue
        if name.strip():
            base, suffix = name, 2
            candidate = f"{base} ({suffix})"
        else:
            base, suffix = f"Column {index + 1}", 1
            candidate = base
        while candidate in used:
            suffix += 1
            candidate = f"{base} ({suffix})"
        result[index] = candidate
        used.add(candidate)
    return tuple(name for name in result if name is not None)
