"""Write tables: a new file, or a source table with result columns added, always atomically.

Every save goes to a temporary file next to the target that replaces it in one step, so a crash, a full
disk or a permission error leaves any older file as it was and no half-written file behind. The format
follows the target's extension. Writing into the file a table was read from is refused when the file has
changed since, so edits made meanwhile (in Excel, say) are never overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from app.core.atomic_files import atomic_write_bytes
from app.core.tables.csv_writing import NEW_FILE_ENCODING, csv_text, encode_csv, is_unicode
from app.core.tables.errors import TableError, save_error
from app.core.tables.formats import default_delimiter, is_macro_workbook, table_format
from app.core.tables.model import FileStamp, Table, TableFormat
from app.core.tables.xlsx_columns import workbook_with_columns
from app.core.tables.xlsx_writing import new_workbook_bytes

__all__ = ["write_table", "write_with_columns"]


def write_table(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[str]], *, sheet: str = "Results"
) -> None:
    """A new table file (replacing any file there): CSV in UTF-8 with a byte-order mark so Excel reads
    it correctly (tab-separated for .tsv), or a workbook with one sheet named ``sheet``."""
    kind = table_format(path)
    _refuse_new_macro_workbook(path, None)
    header = tuple(header)
    body = [tuple(row) for row in rows]
    _check_widths(header, body)
    if kind == "csv":
        data = csv_text(header, body, delimiter=default_delimiter(path)).encode(NEW_FILE_ENCODING)
    else:
        try:
            data = new_workbook_bytes(path, header, body, sheet=sheet)
        except OSError as exc:  # openpyxl's temporary files
            raise _build_error(path, exc) from exc
    _save(path, data)


def write_with_columns(
    source: Table, target: Path, new_header: Sequence[str], new_rows: Sequence[Sequence[str]]
) -> str | None:
    """The source file with new columns appended; ``new_rows[i]`` belongs to ``source.rows[i]``.

    ``target`` may be the source file itself or a new path; the format follows its extension. A workbook
    written as a workbook keeps its other sheets, styles and formulas; across formats the output is the
    plain table. Returns a note for the user when the output differs in a way they should know about
    (a changed encoding, workbook parts a copy lacks), else None.
    """
    kind = table_format(target)
    _refuse_new_macro_workbook(target, source)
    new_header = tuple(new_header)
    if len(new_rows) != len(source.rows):
        raise ValueError(f"{len(new_rows)} new rows for a table of {len(source.rows)} rows")
    _check_widths(new_header, new_rows)
    in_place = _same_file(source.path, target)
    if in_place or (kind == "xlsx" and source.format == "xlsx"):
        _check_unchanged(source)
    notes: list[str] = []
    try:
        data = _output_bytes(source, target, kind, new_header, new_rows, in_place, notes)
    except OSError as exc:  # the source cannot be read again, or openpyxl's temporary files failed
        raise _build_error(target, exc) from exc
    if in_place:
        _check_unchanged(source)  # the file may have changed while the output was being built
    _save(target, data)
    return " ".join(notes) or None


def _output_bytes(
    source: Table,
    target: Path,
    kind: TableFormat,
    new_header: tuple[str, ...],
    new_rows: Sequence[Sequence[str]],
    in_place: bool,
    notes: list[str],
) -> bytes:
    if kind == "csv":
        return _csv_with_columns(source, target, new_header, new_rows, notes)
    if source.format == "xlsx":
        saved = workbook_with_columns(source, target, new_header, new_rows, in_place=in_place)
        notes.extend(saved.notes)
        return saved.data
    rows = [(*row, *extra) for row, extra in zip(source.rows, new_rows, strict=True)]
    return new_workbook_bytes(target, (*source.header, *new_header), rows, sheet="Results")


def _csv_with_columns(
    source: Table,
    target: Path,
    new_header: tuple[str, ...],
    new_rows: Sequence[Sequence[str]],
    notes: list[str],
) -> bytes:
    """The source as CSV plus the new columns, with the source's delimiter, line ending and encoding."""
    tab_file = target.suffix.lower() == ".tsv"
    delimiter = "\t" if tab_file else source.delimiter or default_delimiter(target)
    rows = ((*row, *extra) for row, extra in zip(source.rows, new_rows, strict=True))
    text = csv_text(
        (*source.header, *new_header),
        rows,
        delimiter=delimiter,
        terminator=source.line_terminator or "\r\n",
    )
    wanted = source.encoding if source.format == "csv" and source.encoding else NEW_FILE_ENCODING
    if is_unicode(wanted):
        return text.encode(wanted)
    data, used = encode_csv(text, wanted)
    if used != wanted:
        notes.append(
            f"{target.name} is saved as UTF-8 instead of {wanted} (the encoding of {source.path.name}), "
            f"because some of the new text has characters that {wanted} cannot hold."
        )
    return data


def _refuse_new_macro_workbook(target: Path, source: Table | None) -> None:
    """An .xlsm file without macros is one Excel refuses to open: only a macro workbook's copy may be one."""
    if is_macro_workbook(target) and (source is None or not is_macro_workbook(source.path)):
        raise TableError(
            f"{target.name}: only a macro workbook (.xlsm) can be saved as .xlsm. Choose a name ending in "
            ".xlsx instead."
        )


def _check_widths(header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    for index, row in enumerate(rows):
        if len(row) != len(header):
            raise ValueError(f"row {index} has {len(row)} cells for {len(header)} columns")


def _same_file(source: Path, target: Path) -> bool:
    try:
        return target.exists() and source.samefile(target)
    except OSError:
        return False


def _check_unchanged(source: Table) -> None:
    """Refuse to build on a file that changed after it was read: its rows may no longer match."""
    if source.stamp is None:
        return
    try:
        current = FileStamp.of(source.path)
    except OSError:
        raise TableError(
            f"{source.path.name} can no longer be read (it was moved or deleted after it was read)."
        ) from None
    if current != source.stamp:
        raise TableError(
            f"{source.path.name} has changed since it was read (in another program?). Nothing was saved; "
            "read it again, so that those changes are not overwritten."
        )


def _build_error(target: Path, exc: OSError) -> TableError:
    where = f" ({exc.filename})" if exc.filename else ""
    return TableError(
        f"Could not save {target.name}: {exc.strerror or exc}{where}. Nothing was written; any older file "
        "there is unchanged."
    )


def _save(path: Path, data: bytes) -> None:
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise save_error(path, exc) from exc
