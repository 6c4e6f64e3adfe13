"""Which kind of table a file name means: the extension decides, so output formats are predictable."""

from __future__ import annotations

from pathlib import Path

from app.core.tables.errors import TableError
from app.core.tables.model import TableFormat

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


def table_format(path: Path) -> TableFormat:
    """``"csv"`` or ``"xlsx"`` from the extension; anything else is refused with the accepted ones."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    if suffix == ".xls":
        raise TableError(
            f"{path.name} is an old-style Excel file (.xls). Open it in Excel or LibreOffice and save it "
            "as .xlsx or .csv."
        )
    accepted = ", ".join((*CSV_SUFFIXES, *XLSX_SUFFIXES))
    shown = f"“{path.suffix}”" if path.suffix else "no extension"
    raise TableError(f"{path.name} has {shown}; tables must be one of: {accepted}.")


def default_delimiter(path: Path) -> str:
    """The delimiter a new CSV file gets: a tab for ``.tsv``, a comma otherwise."""
    return "\t" if path.suffix.lower() == ".tsv" else ","


def is_macro_workbook(path: Path) -> bool:
    return path.suffix.lower() == ".xlsm"
