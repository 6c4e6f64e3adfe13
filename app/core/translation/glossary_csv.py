"""Glossaries as CSV: the spreadsheet export every terminology tool and translator can produce.

Decoding, delimiter sniffing and physical line numbers come from :mod:`app.core.tables`, so a glossary
in cp1252 or with semicolons reads like any other table, and a term with a quoted line break does not
shift the line numbers in messages. The first non-blank line is a header when it names the source column
(or two known columns); names are matched ignoring case, spaces, "-" and "_":

- source: source, term, source term, source text, original, or the source language's code or name
- target: target, translation, target term, target text, translated, or the target language's code or name
- do not translate: dnt, do not translate, keep, untranslatable (yes/y/true/1/x/✓ mean yes)
- note: note, notes, comment, comments, description, definition
- case sensitive: case, case sensitive, match case

Without a header, the first two columns are source and target.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from app.core.atomic_files import atomic_write_bytes
from app.core.tables.csv_reading import csv_layout, csv_records
from app.core.tables.csv_writing import NEW_FILE_ENCODING, csv_text
from app.core.tables.decoding import decode_table_bytes
from app.core.tables.errors import TableError, save_error
from app.core.tables.formats import default_delimiter
from app.core.translation.glossary import Glossary, GlossaryError, Term
from app.core.translation.glossary_import import (
    GlossaryImport,
    TermCollector,
    parse_flag,
    read_glossary_file,
)
from app.core.translation.languages import UnknownLanguageError, language, primary_subtag

__all__ = ["CSV_HEADER", "read_glossary_csv", "write_glossary_csv"]

Role = Literal["source", "target", "dnt", "note", "case"]

CSV_HEADER: Final = ("source", "target", "dnt", "note", "case_sensitive")
_ROLE_NAMES: Final[dict[Role, frozenset[str]]] = {
    "source": frozenset({"source", "term", "source term", "source text", "original"}),
    "target": frozenset({"target", "translation", "target term", "target text", "translated"}),
    "dnt": frozenset({"dnt", "do not translate", "keep", "untranslatable"}),
    "note": frozenset({"note", "notes", "comment", "comments", "description", "definition"}),
    "case": frozenset({"case", "case sensitive", "match case"}),
}
_ROLE_LABELS: Final[dict[Role, str]] = {
    "source": "source term",
    "target": "translation",
    "dnt": "do-not-translate",
    "note": "note",
    "case": "case-sensitive",
}
_SEPARATORS: Final = re.compile(r"[\s_\-]+")
_HEADERLESS_WIDTH: Final = 2

Row = tuple[int, list[str]]


@dataclass(frozen=True)
class _Columns:
    """Where each field is; ``width`` is how many columns a row may fill."""

    width: int
    source: int
    target: int | None = None
    dnt: int | None = None
    note: int | None = None
    case: int | None = None


def read_glossary_csv(
    path: Path, source_language: str, target_language: str, *, encoding: str | None = None
) -> GlossaryImport:
    """The terms of a CSV glossary; bad rows are skipped and reported by line.

    Raises `GlossaryError` naming the file when it cannot be read or holds no usable term. When the text
    encoding is unclear the error's ``__cause__`` is the tables' ``EncodingUnclearError`` with the
    candidates to offer; pass the chosen one as ``encoding``.
    """
    text = _read_text(path, encoding)
    layout = csv_layout(text, default_delimiter(path))
    try:
        return _collect(
            path,
            _rows(csv_records(path, text, layout.parse_delimiter)),
            source_language,
            target_language,
            layout.delimiter,
        )
    except TableError as exc:
        raise GlossaryError(str(exc)) from exc


def write_glossary_csv(glossary: Glossary, path: Path) -> None:
    """Save as UTF-8 CSV (with the byte-order mark Excel needs) in one atomic step; reads back unchanged."""
    rows = [
        (
            term.source,
            term.target,
            _yes_no(term.do_not_translate),
            term.note,
            _yes_no(term.case_sensitive),
        )
        for term in glossary.terms
    ]
    text = csv_text(CSV_HEADER, rows, delimiter=default_delimiter(path))
    try:
        atomic_write_bytes(path, text.encode(NEW_FILE_ENCODING))
    except OSError as exc:
        raise GlossaryError(str(save_error(path, exc))) from exc


def _read_text(path: Path, encoding: str | None) -> str:
    data = read_glossary_file(path)
    if not data:
        raise GlossaryError(f"{path.name} is empty (0 bytes): there are no terms in it.")
    try:
        text = decode_table_bytes(path, data, encoding).text
    except TableError as exc:
        raise GlossaryError(str(exc)) from exc
    if not text.strip():
        raise GlossaryError(f"{path.name} is empty: it has only blank lines, no terms.")
    return text


def _rows(records: Iterable[Row]) -> Iterator[Row]:
    """Non-blank records with their cells stripped."""
    for line, cells in records:
        stripped = [cell.strip() for cell in cells]
        if any(stripped):
            yield line, stripped


def _collect(
    path: Path, rows: Iterator[Row], source_language: str, target_language: str, delimiter: str
) -> GlossaryImport:
    collector = TermCollector(source_language, target_language)
    first = next(rows, None)
    if first is None:  # pragma: no cover - _read_text refuses blank files first
        raise GlossaryError(f"{path.name} is empty: it has no terms.")
    columns = _header_columns(path, first, source_language, target_language, collector)
    if columns is None:
        columns = _Columns(width=_HEADERLESS_WIDTH, source=0, target=1)
        _add_row(collector, columns, first, delimiter)
    for row in rows:
        _add_row(collector, columns, row, delimiter)
    return collector.result(path, nothing_found="it has a header row but no terms below it")


def _header_columns(
    path: Path, first: Row, source_language: str, target_language: str, collector: TermCollector
) -> _Columns | None:
    """The columns a header row names, or ``None`` when the first row is already a term."""
    line, cells = first
    width = _used(cells)
    roles = [_role(cell, source_language, target_language) for cell in cells[:width]]
    named = {role for role in roles if role is not None}
    if "source" not in named and len(named) < 2:
        if width <= _HEADERLESS_WIDTH:
            return None
        raise GlossaryError(
            f"{path.name}, line {line}: the first line does not name the glossary's columns "
            f"({_listed(cells[:width])}). Name them {', '.join(CSV_HEADER)}, or use the language codes "
            f"{source_language} and {target_language} for the term columns."
        )
    where: dict[Role, int] = {}
    for index, role in enumerate(roles):
        if role is None:
            continue
        if role in where:
            raise GlossaryError(
                f"{path.name}, line {line}: the columns “{cells[where[role]]}” and “{cells[index]}” both "
                f"look like the {_ROLE_LABELS[role]} column; rename one of them."
            )
        where[role] = index
    if "source" not in where:
        raise GlossaryError(
            f"{path.name}, line {line}: no column holds the source terms ({_listed(cells[:width])}). "
            f"Name it source, term or {source_language}."
        )
    if "target" not in where and "dnt" not in where:
        raise GlossaryError(
            f"{path.name}, line {line}: no column holds the {target_language} translations "
            f"({_listed(cells[:width])}). Name it target, translation or {target_language}, or add a dnt "
            "column for terms that stay as they are."
        )
    unused = [cell for cell, role in zip(cells[:width], roles, strict=True) if role is None]
    if unused:
        collector.problem(line, f"the columns {_listed(unused)} are not glossary fields and were ignored.")
    return _Columns(
        width=width,
        source=where["source"],
        target=where.get("target"),
        dnt=where.get("dnt"),
        note=where.get("note"),
        case=where.get("case"),
    )


def _add_row(collector: TermCollector, columns: _Columns, row: Row, delimiter: str) -> None:
    line, cells = row
    used = _used(cells)
    if used > columns.width:
        shown = "tab" if delimiter == "\t" else f"“{delimiter}”"
        collector.problem(
            line,
            f"it has {used} cells but there are only {columns.width} columns (is there an unquoted {shown} "
            "inside a term?); the row was skipped.",
        )
        return
    source = _cell(cells, columns.source)
    if not source:
        collector.problem(line, "it has no source term; the row was skipped.")
        return
    flags: list[bool] = []
    for index, label in ((columns.dnt, "do-not-translate"), (columns.case, "case-sensitive")):
        raw = _cell(cells, index)
        flag = parse_flag(raw)
        if flag is None:
            collector.problem(
                line, f"{source!r}: “{raw}” in the {label} column is neither yes nor no; the row was skipped."
            )
            return
        flags.append(flag)
    dnt, case_sensitive = flags
    target = _cell(cells, columns.target)
    if not target and not dnt:
        collector.problem(
            line, f"{source!r} has no translation and is not marked do-not-translate; the row was skipped."
        )
        return
    collector.add(line, Term(source, target, dnt, _cell(cells, columns.note), case_sensitive))


def _role(cell: str, source_language: str, target_language: str) -> Role | None:
    key = _SEPARATORS.sub(" ", cell).strip().casefold()
    if not key:
        return None
    for role, names in _ROLE_NAMES.items():
        if key in names:
            return role
    as_source = _language_match(cell, source_language)
    as_target = _language_match(cell, target_language)
    if max(as_source, as_target) == 0:
        return None
    return "source" if as_source >= as_target else "target"


def _language_match(cell: str, code: str) -> int:
    """2 when a header names exactly this language ("de", "German", "de-DE" for de), 1 when only the
    primary subtags agree ("pt" for pt-BR), 0 otherwise."""
    try:
        named = language(cell)
    except UnknownLanguageError:
        return 0
    try:
        if named == language(code):
            return 2
    except UnknownLanguageError:
        pass
    return 1 if primary_subtag(named.code) == primary_subtag(code) else 0


def _cell(cells: Sequence[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index]


def _used(cells: Sequence[str]) -> int:
    """How many cells count: trailing empty ones (a trailing delimiter) do not."""
    used = len(cells)
    while used and not cells[used - 1]:
        used -= 1
    return used


def _listed(cells: Sequence[str]) -> str:
    return ", ".join(f"“{cell}”" for cell in cells)


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"
