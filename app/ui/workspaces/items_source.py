"""Where the items to analyse come from, without widgets: pasted text split into items, one column of a
CSV or Excel table, and the file read that feeds it (run off the GUI thread by `ItemsInput`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.core.tables.reading import Table, list_sheets, read_table

SPLIT_LINES = "lines"
SPLIT_BLOCKS = "blocks"
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
_TEXT_COLUMNS = ("text", "feedback", "review", "comment", "message", "body", "content", "item")
"""Column names that usually hold the items, in order of preference."""
_LABEL_COLUMNS = ("true_label", "true label", "label", "expected", "category", "class")
"""Column names that usually hold the true labels, in order of preference."""


def split_items(text: str, mode: str = SPLIT_LINES) -> list[str]:
    """Pasted text as items: every non-blank line, or (``blocks``) every run of lines between blank
    lines, so a multi-line e-mail stays one item."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pieces = _BLANK_LINES.split(text) if mode == SPLIT_BLOCKS else text.split("\n")
    return [piece.strip() for piece in pieces if piece.strip()]


def guess_column(header: Sequence[str], names: Sequence[str]) -> str | None:
    """The first column whose name reads like one of ``names`` (case and spaces ignored)."""
    wanted = [name.replace(" ", "_") for name in names]
    keyed = {column.strip().casefold().replace(" ", "_"): column for column in header}
    for name in wanted:
        if name in keyed:
            return keyed[name]
    return None


def choose_columns(
    header: Sequence[str], wanted: str, wanted_label: str, *, guess_label: bool
) -> tuple[str | None, str | None]:
    """The text column and the true-label column to select for ``header``: the ones asked for when the
    file has them, else guessed from their names. The text column falls back to the first column; the
    label column is guessed only when ``guess_label`` (not when a named label column is missing)."""
    column = wanted if wanted in header else guess_column(header, _TEXT_COLUMNS)
    if column is None and header:
        column = header[0]
    label = wanted_label if wanted_label in header else None
    if label is None and guess_label:
        label = guess_column([c for c in header if c != column], _LABEL_COLUMNS)
    return column, label


@dataclass(frozen=True)
class Items:
    """The items to analyse, with what the file said about them."""

    texts: tuple[str, ...] = ()
    true_labels: tuple[str, ...] | None = None
    """Aligned with ``texts``; None when no true-label column was chosen."""
    rows: tuple[int, ...] | None = None
    """The file's row numbers, as the user sees them; None for pasted items."""
    source: str = ""
    """The file's name, or "" for pasted items."""
    skipped: int = 0
    """Rows whose text cell was empty."""


def items_from_table(table: Table, column: str, label_column: str | None = None) -> Items:
    """The non-empty cells of ``column``; a row with an empty text cell is skipped and counted."""
    at = table.column(column)
    label_at = table.column(label_column) if label_column else None
    texts: list[str] = []
    labels: list[str] = []
    rows: list[int] = []
    skipped = 0
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        text = row[at].strip()
        if not text:
            skipped += 1
            continue
        texts.append(text)
        rows.append(number)
        if label_at is not None:
            labels.append(row[label_at].strip())
    return Items(
        tuple(texts),
        tuple(labels) if label_at is not None else None,
        tuple(rows),
        Path(table.path).name,
        skipped,
    )


def read_items_file(path: Path, sheet: str | None, encoding: str | None) -> tuple[Table, tuple[str, ...]]:
    """The table and the workbook's sheets (``()`` for CSV), off the GUI thread. A workbook with several
    sheets opens on the one asked for, or on its first sheet (a draft's sheet may have been renamed): the
    sheet picker then shows them all, with the one read selected."""
    sheets = list_sheets(path)
    if sheets and sheet not in sheets:
        sheet = sheets[0]
    return read_table(path, sheet=sheet, encoding=encoding), sheets
