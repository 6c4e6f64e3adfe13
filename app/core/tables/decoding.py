"""Bytes of a CSV file to text, in an encoding that is either certain, chosen by the user, or asked about.

Order: the encoding the user chose; a byte-order mark; strict UTF-8; then a guess
(:mod:`app.core.tables.encoding_guess`). Decoding is always strict, so a byte that does not fit is never
replaced by a question mark without anyone knowing.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from app.core.tables.encoding_guess import candidates, codec_name, detector_matches, guess
from app.core.tables.errors import EncodingUnclearError, TableError

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

__all__ = ["Decoded", "codec_name", "decode_table_bytes"]


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python codec name, e.g. "utf-8", "utf-8-sig", "cp1252"


def decode_table_bytes(path: Path, data: bytes, encoding: str | None) -> Decoded:
    """The text of ``data`` (read from ``path``) with the encoding used; raises with a message otherwise."""
    if encoding is not None:
        return _decode_as(path, data, encoding)
    for mark, name in _BOMS:
        if data.startswith(mark):
            return _decode_as(path, data, name)
    _refuse_binary(path, data)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _has_utf8_text(data):
        # Valid multi-byte UTF-8 next to bytes that are not: the file mixes encodings (two exports pasted
        # together). Any single choice garbles part of it, so the user must decide.
        line = _line_of(data, utf8_error.start)
        raise EncodingUnclearError(
            f"{path.name} is mostly UTF-8, but line {line} has bytes that are not UTF-8: the file seems to "
            "mix two encodings. Choose an encoding, or save the file again as UTF-8.",
            ("utf-8", *(name for name in candidates(data) if name != "utf-8")),
        )
    return _detect(path, data)


def _decode_as(path: Path, data: bytes, encoding: str) -> Decoded:
    try:
        name = codec_name(encoding)
    except LookupError:
        raise TableError(
            f"“{encoding}” is not a known text encoding (try utf-8, cp1252 or latin-1)."
        ) from None
    if name == "utf-8" and data.startswith(codecs.BOM_UTF8):
        name = "utf-8-sig"  # the mark is not part of the first column's name
    try:
        return Decoded(data.decode(name), name)
    except UnicodeDecodeError as exc:
        where = f" on line {_line_of(data, exc.start)}" if _is_byte_oriented(name) else ""
        raise EncodingUnclearError(
            f"{path.name} cannot be read as {name}: byte 0x{data[exc.start]:02x}{where} does not fit that "
            "encoding. Choose another encoding.",
            tuple(candidate for candidate in candidates(data) if candidate != name),
        ) from None


def _detect(path: Path, data: bytes) -> Decoded:
    matches = detector_matches(data)
    if not matches:
        raise TableError(
            f"{path.name} does not look like a text file in any known encoding, so it cannot be read as a "
            "table. Check that it really is a CSV file."
        )
    chosen = guess(data, matches)
    if chosen is None:
        raise EncodingUnclearError(
            f"The text encoding of {path.name} is not UTF-8 and cannot be told for sure. Choose the "
            "encoding it was saved in.",
            candidates(data, matches),
        )
    try:
        return Decoded(data.decode(chosen), chosen)
    except UnicodeDecodeError:  # detection looks at samples; the whole file must fit too
        raise EncodingUnclearError(
            f"The text encoding of {path.name} cannot be told for sure. Choose the encoding it was saved in.",
            tuple(name for name in candidates(data, matches) if name != chosen),
        ) from None


def _refuse_binary(path: Path, data: bytes) -> None:
    """Spreadsheets saved under a .csv name are common; say so instead of guessing an encoding."""
    if data.startswith(_ZIP_MAGIC):
        raise TableError(
            f"{path.name} is not a CSV file: it looks like an Excel workbook. Rename it to .xlsx and try "
            "again."
        )
    if data.startswith(_OLE_MAGIC):
        raise TableError(
            f"{path.name} is not a CSV file: it looks like an old Excel (.xls) workbook. Save it as .xlsx or "
            "as CSV in Excel or LibreOffice."
        )


def _has_utf8_text(data: bytes) -> bool:
    """Whether valid multi-byte UTF-8 characters are at least as common as bytes that are not UTF-8;
    other code pages (Cyrillic cp1251 especially) form a valid pair only now and then."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    valid = len(text) - len(text.encode("ascii", errors="ignore")) - invalid
    return valid > 0 and valid >= invalid


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _is_byte_oriented(name: str) -> bool:
    return not name.startswith(("utf-16", "utf-32"))
