"""One worksheet of an Excel workbook to records of text, with the sheet's own row numbers.

Workbooks are opened read-only (streaming, fast on large sheets) with cached formula results, and always
closed. Any failure inside openpyxl means a damaged or disguised file; it becomes one clear message
instead of a zipfile or KeyError traceback.
"""

from __future__ import annotations

import datetime
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import openpyxl

from app.core.tables.errors import SheetChoiceNeeded, TableError
from app.core.tables.shaping import Shaped, shape

# Excel keeps 15 significant digits; more would show binary noise ("0.30000000000000004").
_FLOAT_FORMAT = ".15g"
_LARGEST_EXACT_INTEGER = 2.0**53


def cell_text(value: object) -> str:
    """A cell value as the text a user would type for it: whole numbers without ".0", ISO dates."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < _LARGEST_EXACT_INTEGER:
            return str(int(value))
        return format(value, _FLOAT_FORMAT)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time() and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def damaged(path: Path, exc: Exception) -> TableError:
    detail = str(exc) or type(exc).__name__
    return TableError(
        f"{path.name} cannot be opened as an Excel workbook: it is damaged or is not really an Excel file "
        f"({detail}). Open it in Excel or LibreOffice and save it again as .xlsx."
    )


@contextmanager
def quiet_openpyxl() -> Iterator[None]:
    """openpyxl warns about parts it skips (e.g. data validation extensions); reading does not need them.
    Note that ``catch_warnings`` changes process-wide state for the duration."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


@contextmanager
def read_only_workbook(path: Path) -> Iterator[Any]:
    """An openpyxl read-only workbook over a handle this function owns, so both are always closed."""
    with path.open("rb") as handle, quiet_openpyxl():
        try:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except Exception as exc:  # anything openpyxl or zipfile raises on a bad file
            raise damaged(path, exc) from exc
        try:
            yield workbook
        finally:
            workbook.close()


def worksheet_names(workbook: Any) -> tuple[str, ...]:
    """Worksheets only: chart sheets hold no cells."""
    return tuple(str(sheet.title) for sheet in workbook.worksheets)


def sheet_names(path: Path) -> tuple[str, ...]:
    with read_only_workbook(path) as workbook:
        return worksheet_names(workbook)


def choose_sheet(path: Path, names: tuple[str, ...], sheet: str | None) -> str:
    listed = ", ".join(f"“{name}”" for name in names)
    if not names:
        raise TableError(f"{path.name} has no worksheets with cells.")
    if sheet is None:
        if len(names) == 1:
            return names[0]
        raise SheetChoiceNeeded(f"{path.name} has {len(names)} sheets ({listed}); choose one.", names)
    if sheet in names:
        return sheet
    raise TableError(f"{path.name} has no sheet “{sheet}”. Its sheets are: {listed}.")


def read_sheet(path: Path, sheet: str | None) -> tuple[str, Shaped]:
    """The chosen sheet's name and its shaped table."""
    with read_only_workbook(path) as workbook:
        name = choose_sheet(path, worksheet_names(workbook), sheet)
        try:
            worksheet = workbook[name]
            # The stored size of the used range is sometimes wrong (other writers); read what is there.
            worksheet.reset_dimensions()
            records = (
                (number, [cell_text(value) for value in values])
                for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
            )
            return name, shape(path, records, unit="row", where=f" (sheet “{name}”)")
        except TableError:
            raise
        except Exception as exc:  # a damaged sheet part only shows while streaming its rows
            raise damaged(path, exc) from exc
