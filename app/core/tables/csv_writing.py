"""Rows to CSV bytes: the csv module's quoting, the source file's line ending, and an encoding that can
hold every character (a legacy code page is kept only when all the text fits it)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence

from app.core.tables.encoding_guess import codec_name

NEW_FILE_ENCODING = "utf-8-sig"  # Excel opens UTF-8 correctly only with the mark
_UNICODE_CODECS = ("utf-8", "utf-16", "utf-32")
# The csv writer quotes a cell holding a line break only if that character is in the line terminator
# (Python 3.11), so rows are written with CRLF and the terminator is swapped afterwards.
_WRITER_TERMINATOR = "\r\n"


class _RowSink:
    """A file-like target for ``csv.writer`` that gives each row the wanted line ending."""

    def __init__(self, terminator: str) -> None:
        self.parts: list[str] = []
        self._terminator = terminator

    def write(self, line: str) -> int:
        if not line.endswith(_WRITER_TERMINATOR):  # the writer emits one whole row per call
            raise AssertionError("csv writer wrote a partial row")
        self.parts.append(line[: -len(_WRITER_TERMINATOR)] + self._terminator)
        return len(line)


def csv_text(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, delimiter: str, terminator: str = "\r\n"
) -> str:
    sink = _RowSink(terminator)
    writer = csv.writer(sink, delimiter=delimiter, lineterminator=_WRITER_TERMINATOR)
    writer.writerow(header)
    writer.writerows(rows)
    return "".join(sink.parts)


def is_unicode(encoding: str) -> bool:
    return codec_name(encoding).startswith(_UNICODE_CODECS)


def encode_csv(text: str, encoding: str) -> tuple[bytes, str]:
    """``text`` in ``encoding`` when it fits, else in UTF-8 with a byte-order mark; returns the codec used."""
    try:
        return text.encode(encoding), encoding
    except UnicodeEncodeError:
        return text.encode(NEW_FILE_ENCODING), NEW_FILE_ENCODING
