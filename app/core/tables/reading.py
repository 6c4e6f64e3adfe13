"""Read a CSV or XLSX file into a :class:`Table`, or fail with a message the user can act on.

Nothing is lost on the way: bytes are decoded strictly, ragged rows are padded or widened and reported
with their row numbers, and blank rows are skipped without renumbering the others. A file with a header
and no data rows is a valid, empty table (``rows == ()``); a file without even a header is an error.
"""

from __future__ import annotations

from pathlib import Path

from app.core.tables.csv_reading import csv_layout, csv_records
from app.core.tables.decoding import decode_table_bytes
from app.core.tables.errors import TableError
from app.core.tables.formats import default_delimiter, table_format
from app.core.tables.model import FileStamp, RowProblem, Table
from app.core.tables.shaping import shape
from app.core.tables.xlsx_reading import read_sheet, sheet_names

__all__ = ["RowProblem", "Table", "list_sheets", "read_table"]


def list_sheets(path: Path) -> tuple[str, ...]:
    """The worksheets of a workbook in order; ``()`` for a CSV file, which has no sheets."""
    if table_format(path) == "csv":
        return ()
    _check_file(path)
    try:
        return sheet_names(path)
    except OSError as exc:
        raise _read_error(path, exc) from exc


def read_table(path: Path, *, sheet: str | None = None, encoding: str | None = None) -> Table:
    """The table in ``path``; ``sheet`` picks a worksheet, ``encoding`` overrides CSV detection.

    Raises :class:`SheetChoiceNeeded` when a workbook has several sheets and none was chosen,
    :class:`EncodingUnclearError` when a CSV file's encoding must be chosen by the user, and
    :class:`TableError` for everything else.
    """
    kind = table_format(path)
    _check_file(path)
    try:
        stamp = FileStamp.of(path)
        if stamp.size == 0:
            raise TableError(f"{path.name} is empty (0 bytes): there is no header row and no data.")
        if kind == "csv":
            return _read_csv(path, encoding, stamp)
        name, shaped = read_sheet(path, sheet)
    except OSError as exc:
        raise _read_error(path, exc) from exc
    return Table(
        path=path,
        format="xlsx",
        header=shaped.header,
        rows=shaped.rows,
        row_numbers=shaped.row_numbers,
        encoding=None,
        delimiter=None,
        sheet=name,
        problems=shaped.problems,
        header_row=shaped.header_row,
        stamp=stamp,
    )


def _read_csv(path: Path, encoding: str | None, stamp: FileStamp) -> Table:
    data = path.read_bytes()
    decoded = decode_table_bytes(path, data, encoding)
    if not decoded.text.strip():
        raise TableError(f"{path.name} is empty: it has only blank lines, no header row and no data.")
    layout = csv_layout(decoded.text, default_delimiter(path))
    shaped = shape(path, csv_records(path, decoded.text, layout.parse_delimiter), unit="line")
    return Table(
        path=path,
        format="csv",
        header=shaped.header,
        rows=shaped.rows,
        row_numbers=shaped.row_numbers,
        encoding=decoded.encoding,
        delimiter=layout.delimiter,
        sheet=None,
        problems=shaped.problems,
        header_row=shaped.header_row,
        line_terminator=layout.line_terminator,
        stamp=stamp,
    )


def _check_file(path: Path) -> None:
    if path.is_dir():
        raise TableError(f"{path} is a folder, not a table file. Choose a .csv or .xlsx file.")
    if not path.exists():
        raise TableError(f"{path} was not found. Check the name and the folder.")


def _read_error(path: Path, exc: OSError) -> TableError:
    if isinstance(exc, PermissionError):
        return TableError(f"{path.name} cannot be read: permission denied. Check the file's permissions.")
    if isinstance(exc, FileNotFoundError):
        return TableError(f"{path} was not found (it may have been moved or deleted).")
    return TableError(f"{path.name} cannot be read: {exc.strerror or exc}.")
