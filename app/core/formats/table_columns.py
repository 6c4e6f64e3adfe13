"""Chosen columns of a CSV file or a worksheet, translated cell by cell in place.

Reading goes through :mod:`app.core.tables` (encodings, delimiters, sheets, clear errors). Each cell of
the chosen columns that holds text is a segment keyed ``"r{row}:{column}"`` with the row number the user
sees; empty cells, numbers, dates and formulas are not. Rendering writes the same table back with only
those cells changed:

- CSV: every record of the file, blank lines included, with the file's delimiter, line ending and
  encoding (UTF-8 instead when the translation has characters the file's code page lacks: see
  ``render_notes``). Quoting is the csv module's minimal style, so a file that quoted every cell comes
  back quoting only where needed; the values are the same.
- XLSX: the workbook through openpyxl, other sheets, styles and formulas kept; parts openpyxl cannot keep
  are listed in ``render_notes``. A translated cell becomes plain text (rich text inside it is lost).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from app.core.formats.document import FormatError, Segment, Translation
from app.core.formats.table_cells import CsvSource, read_csv_source, render_csv, render_xlsx, text_cells
from app.core.tables import EncodingUnclearError, RowProblem, SheetChoiceNeeded, Table, TableError, read_table

__all__ = ["TableChoiceNeeded", "TableColumnsDocument", "open_table_columns"]

Choice = Literal["sheet", "columns", "encoding"]


class TableChoiceNeeded(FormatError):  # noqa: N818 - a question for the user rather than a failure
    """The user must choose before the file can be read: a sheet, the columns, or the encoding;
    ``options`` are what to offer (for an encoding, the most likely first; may be empty)."""

    def __init__(self, message: str, what: Choice, options: tuple[str, ...]) -> None:
        super().__init__(message)
        self.what = what
        self.options = options


@dataclass(frozen=True)
class _Cell:
    key: str
    row: int  # as the user sees it: CSV line where the record starts, sheet row
    index: int  # column index in the table
    column: str


def open_table_columns(
    path: Path, *, columns: Sequence[str], sheet: str | None = None, encoding: str | None = None
) -> TableColumnsDocument:
    """The chosen ``columns`` of the table in ``path`` (.csv, .tsv, .xlsx, .xlsm)."""
    table = _read(path, sheet, encoding)
    chosen = _chosen(table, columns)
    try:
        if table.format == "csv":
            csv_source: CsvSource | None = read_csv_source(table)
            allowed = None
        else:
            csv_source = None
            allowed = text_cells(table, [index for index, _ in chosen])
    except TableError as exc:
        raise FormatError(str(exc)) from exc
    cells: list[_Cell] = []
    segments: list[Segment] = []
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        for index, name in chosen:
            text = row[index]
            if not any(char.isalpha() for char in text):
                continue
            if allowed is not None and (number, index) not in allowed:
                continue
            cell = _Cell(f"r{number}:{name}", number, index, name)
            cells.append(cell)
            segments.append(Segment(cell.key, text, note=name))
    return TableColumnsDocument(table, csv_source, tuple(cells), tuple(segments))


class TableColumnsDocument:
    def __init__(
        self,
        table: Table,
        csv_source: CsvSource | None,
        cells: tuple[_Cell, ...],
        segments: tuple[Segment, ...],
    ) -> None:
        self._table = table
        self._csv = csv_source
        self._cells = cells
        self._segments = segments
        self._notes: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        return self._table.path

    @property
    def format_name(self) -> str:
        return "CSV table" if self._table.format == "csv" else "Excel workbook"

    @property
    def segments(self) -> tuple[Segment, ...]:
        return self._segments

    @property
    def sheet(self) -> str | None:
        return self._table.sheet

    @property
    def problems(self) -> tuple[RowProblem, ...]:
        """What reading the table changed or noticed (ragged rows, renamed columns), by row."""
        return self._table.problems

    @property
    def render_notes(self) -> tuple[str, ...]:
        """What the last render's output differs in beyond the translated cells (encoding, lost parts)."""
        return self._notes

    def render(self, translations: Mapping[str, Translation], target_language: str) -> bytes:
        """The table with each translated cell replaced; ``target_language`` is not stored in a table."""
        changes = {
            (cell.row, cell.index, cell.column): translations[cell.key].text
            for cell in self._cells
            if cell.key in translations
        }
        notes: list[str] = []
        try:
            if self._csv is not None:
                data = render_csv(self._csv, changes, notes)
            else:
                data = render_xlsx(self._table, changes, notes)
        except TableError as exc:
            raise FormatError(str(exc)) from exc
        self._notes = tuple(notes)
        return data


def _read(path: Path, sheet: str | None, encoding: str | None) -> Table:
    try:
        return read_table(path, sheet=sheet, encoding=encoding)
    except SheetChoiceNeeded as exc:
        raise TableChoiceNeeded(str(exc), "sheet", exc.sheets) from exc
    except EncodingUnclearError as exc:
        raise TableChoiceNeeded(str(exc), "encoding", exc.candidates) from exc
    except TableError as exc:
        raise FormatError(str(exc)) from exc


def _chosen(table: Table, columns: Sequence[str]) -> tuple[tuple[int, str], ...]:
    listed = ", ".join(f"“{name}”" for name in table.header)
    if not columns:
        raise TableChoiceNeeded(
            f"{table.path.name}: choose the columns to translate. Its columns are: {listed}.",
            "columns",
            table.header,
        )
    chosen: dict[int, str] = {}
    for name in columns:
        try:
            index = table.column(name)
        except TableError as exc:
            close = difflib.get_close_matches(name, table.header, n=3, cutoff=0.6)
            hint = f" Did you mean {' or '.join(f'“{match}”' for match in close)}?" if close else ""
            raise TableChoiceNeeded(f"{exc}{hint}", "columns", table.header) from exc
        chosen.setdefault(index, table.header[index])
    return tuple(chosen.items())
