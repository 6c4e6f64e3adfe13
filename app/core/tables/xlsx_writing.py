"""New Excel workbooks from rows of text, and the limits every cell written to Excel must respect.

Text is always stored as text: a cell starting with "=" stays a string instead of becoming a formula (a
review that starts with "=" must not turn into a broken or active formula). Cells Excel cannot hold
(control characters, more than 32,767 characters) are refused with their row and column, never cut.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from app.core.tables.errors import TableError

MAX_CELL_CHARS = 32_767
MAX_COLUMNS = 16_384
MAX_ROWS = 1_048_576
_SAVE_AS_CSV = "Save the results as CSV instead, so that nothing is cut or changed."


def check_cell(path: Path, text: str, row: int, column: str) -> None:
    """Raise when Excel cannot store ``text`` as it is; ``row`` is the sheet row for the message."""
    if len(text) > MAX_CELL_CHARS:
        raise TableError(
            f"{path.name}: row {row}, column “{column}” holds {len(text):,} characters, but an Excel cell "
            f"holds at most {MAX_CELL_CHARS:,}. {_SAVE_AS_CSV}"
        )
    bad = ILLEGAL_CHARACTERS_RE.search(text)
    if bad is not None:
        raise TableError(
            f"{path.name}: row {row}, column “{column}” holds a control character (U+{ord(bad.group()):04X}) "
            f"that Excel files cannot store. {_SAVE_AS_CSV}"
        )


def set_text(worksheet: Any, row: int, column: int, text: str) -> None:
    """Write ``text`` into a cell of a normal (not write-only) worksheet, as text."""
    cell = worksheet.cell(row=row, column=column)
    cell.value = text
    if text.startswith("="):
        cell.data_type = "s"


def check_size(path: Path, rows: int, columns: int) -> None:
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        raise TableError(
            f"{path.name} would need {rows:,} rows and {columns:,} columns, but an Excel sheet holds at most "
            f"{MAX_ROWS:,} rows and {MAX_COLUMNS:,} columns. {_SAVE_AS_CSV}"
        )


def new_workbook_bytes(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[str]], *, sheet: str
) -> bytes:
    """A one-sheet workbook: ``header`` in row 1, then ``rows``; ``path`` only names the file in messages."""
    check_size(path, len(rows) + 1, len(header))
    # Checked before the workbook exists: a write-only workbook left unfinished breaks when collected.
    for number, values in enumerate([header, *rows], start=1):
        for column, text in zip(header, values, strict=True):
            check_cell(path, text, number, column)
    workbook = openpyxl.Workbook(write_only=True)
    try:
        worksheet = workbook.create_sheet(title=sheet)
    except ValueError as exc:
        raise TableError(f"“{sheet}” cannot be the name of a sheet: {exc}.") from exc
    for values in [header, *rows]:
        worksheet.append([_text_cell(worksheet, text) for text in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_cell(worksheet: Any, text: str) -> Any:
    if not text.startswith("="):
        return text
    cell = WriteOnlyCell(worksheet, value=text)
    cell.data_type = "s"
    return cell
