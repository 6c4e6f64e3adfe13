"""Cells of a table file changed in place: the CSV and XLSX halves of :mod:`table_columns`.

Built from the parts of :mod:`app.core.tables` that read and write files, so that decoding, delimiters,
line endings, encodings and Excel's limits follow the same rules as everywhere else in Copydesk.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import openpyxl

from app.core.tables.csv_reading import csv_layout, csv_records
from app.core.tables.csv_writing import csv_text, encode_csv, is_unicode
from app.core.tables.decoding import decode_table_bytes
from app.core.tables.errors import TableError
from app.core.tables.formats import default_delimiter, is_macro_workbook
from app.core.tables.model import FileStamp, Table
from app.core.tables.xlsx_losses import dropped_parts, warned_parts
from app.core.tables.xlsx_reading import damaged, quiet_openpyxl
from app.core.tables.xlsx_writing import check_cell, set_text

# (row as the user sees it, column index, column name) -> new text
Changes = Mapping[tuple[int, int, str], str]


@dataclass(frozen=True)
class CsvSource:
    """Every record of a CSV file (blank lines too) by the line it starts on, and how to write it."""

    name: str
    records: tuple[tuple[int, tuple[str, ...]], ...]
    delimiter: str
    terminator: str
    encoding: str
    final_line_break: bool


def read_csv_source(table: Table) -> CsvSource:
    """The records of the file ``table`` was read from, decoded the same way."""
    path = table.path
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TableError(f"{path.name} cannot be read again: {exc.strerror or exc}.") from exc
    decoded = decode_table_bytes(path, data, table.encoding)
    layout = csv_layout(decoded.text, default_delimiter(path))
    records = tuple(
        (line, tuple(cells)) for line, cells in csv_records(path, decoded.text, layout.parse_delimiter)
    )
    return CsvSource(
        name=path.name,
        records=records,
        # A single-column file is parsed on a separator it never contains; writing on it too means no
        # cell gets quotes just because it holds a comma.
        delimiter=layout.parse_delimiter,
        terminator=layout.line_terminator,
        encoding=decoded.encoding,
        final_line_break=decoded.text.endswith(("\n", "\r")),
    )


def render_csv(source: CsvSource, changes: Changes, notes: list[str]) -> bytes:
    by_line = {(line, index): text for (line, index, _), text in changes.items()}
    rows = [
        [by_line.get((line, index), cell) for index, cell in enumerate(cells)]
        for line, cells in source.records
    ]
    if not rows:
        return b""
    text = csv_text(rows[0], rows[1:], delimiter=source.delimiter, terminator=source.terminator)
    if not source.final_line_break:
        text = text[: -len(source.terminator)]
    if is_unicode(source.encoding):
        return text.encode(source.encoding)
    data, used = encode_csv(text, source.encoding)
    if used != source.encoding:
        notes.append(
            f"The translated {source.name} is saved as UTF-8 instead of {source.encoding}, because the "
            f"translation has characters that {source.encoding} cannot hold."
        )
    return data


def text_cells(table: Table, columns: Sequence[int]) -> set[tuple[int, int]]:
    """(sheet row, column index) of the cells in ``columns`` that hold text, not numbers, dates or formulas
    (the table itself only has their displayed text)."""
    path = table.path
    wanted = set(columns)
    found: set[tuple[int, int]] = set()
    with path.open("rb") as handle, quiet_openpyxl():
        try:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=False)
        except Exception as exc:  # anything openpyxl or zipfile raises on a bad file
            raise damaged(path, exc) from exc
        try:
            worksheet = workbook[table.sheet]
            worksheet.reset_dimensions()
            for number, row in enumerate(worksheet.iter_rows(), start=1):
                for index, cell in enumerate(row):
                    if index in wanted and isinstance(cell.value, str) and cell.data_type != "f":
                        found.add((number, index))
        except Exception as exc:  # a damaged sheet part only shows while streaming its rows
            raise damaged(path, exc) from exc
        finally:
            workbook.close()
    return found


def render_xlsx(table: Table, changes: Changes, notes: list[str]) -> bytes:
    path = table.path
    if table.stamp is not None and _stamp(table) != table.stamp:
        raise TableError(
            f"{path.name} has changed since it was read (in another program?). Open it again, so that the "
            "translation matches its cells."
        )
    for (row, _, column), text in changes.items():
        check_cell(path, text, row, column)
    workbook, losses = _load(table)
    if losses:
        notes.append(f"The translated copy of {path.name} lacks these parts of it: {'; '.join(losses)}.")
    worksheet = workbook[table.sheet]
    for (row, index, _), text in changes.items():
        set_text(worksheet, row, index + 1, text)
    buffer = io.BytesIO()
    try:
        workbook.save(buffer)
    except OSError as exc:  # openpyxl's temporary files
        raise TableError(f"Could not build the translated {path.name}: {exc.strerror or exc}.") from exc
    return buffer.getvalue()


def _stamp(table: Table) -> FileStamp | None:
    try:
        return FileStamp.of(table.path)
    except OSError:
        return None


def _load(table: Table) -> tuple[Any, list[str]]:
    """The whole workbook, editable, and what saving it would lose."""
    path = table.path
    keep_vba = is_macro_workbook(path)
    try:
        losses = dropped_parts(path, keep_vba=keep_vba)
        with path.open("rb") as handle, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            workbook = openpyxl.load_workbook(handle, keep_vba=keep_vba, keep_links=True, rich_text=True)
    except OSError as exc:
        raise TableError(f"{path.name} cannot be read again: {exc.strerror or exc}.") from exc
    except Exception as exc:  # anything openpyxl or zipfile raises on a bad file
        raise damaged(path, exc) from exc
    if table.sheet not in workbook.sheetnames:
        raise TableError(f"{path.name} no longer has the sheet “{table.sheet}”. Open it again.")
    return workbook, [*losses, *warned_parts(caught)]
