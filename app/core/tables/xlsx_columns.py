"""New columns written into an existing workbook, keeping its other sheets, styles and formulas.

The workbook is loaded in full (not read-only) and saved through openpyxl. New header cells go into the
table's header row after the last used column of the sheet; each value goes into the sheet row the source
row came from, so rows stay aligned even where blank rows were skipped on reading.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

from app.core.tables.errors import TableError
from app.core.tables.formats import is_macro_workbook
from app.core.tables.model import Table
from app.core.tables.xlsx_losses import dropped_parts, warned_parts
from app.core.tables.xlsx_reading import damaged
from app.core.tables.xlsx_writing import MAX_COLUMNS, check_cell, set_text


@dataclass
class SavedWorkbook:
    data: bytes
    notes: list[str] = field(default_factory=list)


def workbook_with_columns(
    source: Table,
    target: Path,
    new_header: Sequence[str],
    new_rows: Sequence[Sequence[str]],
    *,
    in_place: bool,
) -> SavedWorkbook:
    """The source workbook with the new columns added to its table's sheet, as bytes for ``target``."""
    keep_vba = is_macro_workbook(source.path) and is_macro_workbook(target)
    workbook, losses = _load(source.path, keep_vba=keep_vba)
    saved = SavedWorkbook(b"")
    if losses:
        listed = "; ".join(losses)
        if in_place:
            raise TableError(
                f"Saving results into {source.path.name} would remove parts of it that Copydesk cannot keep "
                f"({listed}). Save the results to a new file instead; the original stays as it is."
            )
        saved.notes.append(f"{target.name} does not have these parts of {source.path.name}: {listed}.")
    if source.sheet not in workbook.sheetnames:
        raise TableError(f"{source.path.name} no longer has the sheet “{source.sheet}”. Read the file again.")
    worksheet = workbook[source.sheet]
    first = max(_last_used_column(worksheet), len(source.header)) + 1
    if first + len(new_header) - 1 > MAX_COLUMNS:
        raise TableError(
            f"{source.path.name}: the sheet “{source.sheet}” has no room for {len(new_header)} more columns "
            f"(an Excel sheet holds at most {MAX_COLUMNS:,}). Save the results as CSV instead."
        )
    for offset, name in enumerate(new_header):
        check_cell(target, name, source.header_row, name)
        set_text(worksheet, source.header_row, first + offset, name)
    for number, values in zip(source.row_numbers, new_rows, strict=True):
        for offset, (name, text) in enumerate(zip(new_header, values, strict=True)):
            check_cell(target, text, number, name)
            set_text(worksheet, number, first + offset, text)
    if _has_formulas(workbook):
        saved.notes.append(
            f"The formulas in {target.name} are kept; their results show once the file is opened in Excel "
            "or LibreOffice (saving it there also stores them for other programs)."
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    saved.data = buffer.getvalue()
    return saved


def _load(path: Path, *, keep_vba: bool) -> tuple[Any, list[str]]:
    """The whole workbook, editable, and what saving it would lose."""
    try:
        losses = dropped_parts(path, keep_vba=keep_vba)
        with path.open("rb") as handle, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            workbook = openpyxl.load_workbook(handle, keep_vba=keep_vba, keep_links=True, rich_text=True)
    except OSError:
        raise
    except Exception as exc:  # anything openpyxl or zipfile raises on a bad file
        raise damaged(path, exc) from exc
    return workbook, [*losses, *warned_parts(caught)]


def _last_used_column(worksheet: Any) -> int:
    """The rightmost column holding a value or covered by merged cells (new cells must not land there)."""
    last = 0
    for row in worksheet.iter_rows():
        for cell in reversed(row):
            if cell.value is not None:
                last = max(last, int(cell.column))
                break
    for merged in worksheet.merged_cells.ranges:
        last = max(last, int(merged.max_col))
    return last


def _has_formulas(workbook: Any) -> bool:
    return any(
        cell.data_type == "f" for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
    )
