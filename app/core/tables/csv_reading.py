"""Text of a CSV file to records, each with the physical line it starts on; parsing is the csv module's.

The delimiter is sniffed, then checked against the header line: a delimiter that the header does not use
would split free text in the body into phantom columns.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.core.tables.errors import TableError

DELIMITERS = ",;\t|"
_SNIFF_CHARS = 64 * 1024
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
# A separator for files with a single column: the csv module needs one, and this one never occurs in text.
_NO_DELIMITER = "\x1f"
# The csv module's default cell limit (128 KiB) would turn a long e-mail into an error; the limit is
# process-wide, so it is only ever raised, never lowered.
_FIELD_LIMIT = 256 * 1024 * 1024

Record = tuple[int, list[str]]


@dataclass(frozen=True)
class CsvLayout:
    delimiter: str  # what the file uses, and what writing it back uses
    parse_delimiter: str  # what the parser splits on (differs only for a single-column file)
    line_terminator: str


def csv_layout(text: str, default: str) -> CsvLayout:
    """How ``text`` is laid out; ``default`` is the delimiter of a single-column file (by extension)."""
    sample = _sample(text)
    first_line = next((line for line in _LINE_BREAK.split(sample) if line.strip()), "")
    present = [char for char in DELIMITERS if char in first_line]
    try:
        sniffed: str | None = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    terminator_match = _LINE_BREAK.search(text)
    terminator = terminator_match.group() if terminator_match else "\r\n"
    if sniffed is not None and sniffed in present:
        return CsvLayout(sniffed, sniffed, terminator)
    if present:
        chosen = max(present, key=first_line.count)  # ties keep DELIMITERS order
        return CsvLayout(chosen, chosen, terminator)
    parse = _NO_DELIMITER if _NO_DELIMITER not in text else default
    return CsvLayout(default, parse, terminator)


def csv_records(path: Path, text: str, delimiter: str) -> Iterator[Record]:
    """Each record with the line it starts on; a quote left open at the end of the file is an error."""
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)
    current: list[str] = []  # the physical lines of the record being read

    def lines() -> Iterator[str]:
        for line in io.StringIO(text, newline=""):
            current.append(line)
            yield line

    reader = csv.reader(lines(), delimiter=delimiter)
    start = 1
    last_start = 0
    last_lines: list[str] = []
    try:
        for cells in reader:
            last_start, last_lines = start, current
            current = []  # the generator above reads the name afresh for every line
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise TableError(f"{path.name}, line {start}: the CSV text cannot be read ({exc}).") from None
    if len(last_lines) > 1:
        _check_closed(path, last_lines, last_start, delimiter)


def _check_closed(path: Path, lines: list[str], start: int, delimiter: str) -> None:
    """A lenient reader swallows the rest of the file into one cell after an unclosed quote: refuse that."""
    try:
        for _ in csv.reader(lines, delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" not in str(exc):
            return  # other strictness complaints (text after a closing quote) are read leniently
        raise TableError(
            f'{path.name}, line {start}: a quote (") opened on this line is never closed, so the rest of '
            f"the file ({len(lines)} lines) would become one cell. Close the quote and try again."
        ) from None


def _sample(text: str) -> str:
    """The start of the file, cut at a line break so the sniffer never sees half a record line."""
    if len(text) <= _SNIFF_CHARS:
        return text
    sample = text[:_SNIFF_CHARS]
    cut = max(sample.rfind("\n"), sample.rfind("\r"))
    return sample[:cut] if cut > 0 else sample
