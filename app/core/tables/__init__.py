"""Reading and writing the CSV and XLSX tables that batch jobs and analyses run over.

Qt-free. Bad input gives a :class:`TableError` whose message names the file and the rows concerned;
nothing in a file is dropped or cut without the user being told.
"""

from __future__ import annotations

from app.core.tables.errors import EncodingUnclearError, SheetChoiceNeeded, TableError
from app.core.tables.reading import RowProblem, Table, list_sheets, read_table
from app.core.tables.writing import write_table, write_with_columns

__all__ = [
    "EncodingUnclearError",
    "RowProblem",
    "SheetChoiceNeeded",
    "Table",
    "TableError",
    "list_sheets",
    "read_table",
    "write_table",
    "write_with_columns",
]
