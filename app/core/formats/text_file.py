"""What every text-like format (plain text, Markdown, HTML, subtitles) shares.

Reading the bytes with clear messages, decoding them (a byte-order mark, then strict UTF-8, then a
charset-normalizer guess that is only taken when it is unambiguous), writing them back in the same
encoding, and splicing translated spans into the source text, so every byte outside them is kept.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from app.core.formats.document import FormatError, Segment
from app.core.tables.encoding_guess import candidates, codec_name, detector_matches, guess

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAX_CHAOS = 0.2  # charset-normalizer "mess" above which a reading is not text at all
_EOL = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class TextEncoding:
    """How a file's text was stored, so it can be written back the same way."""

    codec: str
    """Python codec name without any byte-order mark ("utf-8", "cp1252", "utf-16-le")."""
    bom: bytes = b""

    @property
    def label(self) -> str:
        return f"{self.codec} with a byte-order mark" if self.bom else self.codec


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: TextEncoding


def read_source(path: Path) -> bytes:
    """The file's bytes; a missing, unreadable or empty file is a FormatError that says which."""
    if path.is_dir():
        raise FormatError(f"{path} is a folder, not a file.")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FormatError(f"{path} does not exist.") from None
    except OSError as exc:
        raise FormatError(f"{path} cannot be read: {exc.strerror or exc}.") from None
    if not data:
        raise FormatError(f"{path.name} is empty: there is nothing to translate.")
    return data


def starts_with_bom(data: bytes) -> bool:
    return any(data.startswith(mark) for mark, _ in _BOMS)


def decode_text(path: Path, data: bytes, encoding: str | None) -> DecodedText:
    """Decode strictly, so a byte that does not fit is reported instead of becoming a question mark."""
    for mark, codec in _BOMS:
        if data.startswith(mark) and (encoding is None or _same_family(encoding, codec)):
            return DecodedText(_decode_as(path, data[len(mark) :], codec), TextEncoding(codec, mark))
    if encoding is not None:
        codec = _known_codec(encoding)
        return DecodedText(_decode_as(path, data, codec), TextEncoding(codec))
    if b"\x00" in data[:8192]:
        raise FormatError(f"{path.name} does not look like a text file (it holds binary data).")
    try:
        return DecodedText(data.decode("utf-8"), TextEncoding("utf-8"))
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data):
            line = data.count(b"\n", 0, exc.start) + 1
            raise FormatError(
                f"{path.name} is mostly UTF-8, but line {line} has bytes that are not: the file seems to "
                "mix two encodings. Save it again as UTF-8, or choose an encoding (--encoding on the command "
                "line)."
            ) from None
    matches = detector_matches(data)
    if not matches or min(match.chaos for match in matches) > _MAX_CHAOS:
        raise FormatError(f"{path.name} does not look like a text file in any known encoding.")
    chosen = guess(data, matches)
    if chosen is not None:
        try:
            return DecodedText(data.decode(chosen), TextEncoding(chosen))
        except UnicodeDecodeError:  # detection looks at samples; the whole file must fit too
            pass
    likely = ", ".join(candidates(data, matches)[:3]) or "cp1252"
    raise FormatError(
        f"{path.name} is not UTF-8, and its encoding cannot be told for sure. Choose the encoding it was "
        f"saved in (--encoding on the command line); likely: {likely}."
    )


def encode_text(path: Path, text: str, encoding: TextEncoding) -> tuple[bytes, str | None]:
    """The bytes in the source's encoding, or UTF-8 with a note when that encoding cannot hold the text."""
    try:
        return encoding.bom + text.encode(encoding.codec), None
    except UnicodeEncodeError as exc:
        char = exc.object[exc.start : exc.end][:1]
        note = (
            f"{path.name} is stored as {encoding.label}, which cannot hold “{char}” of the translation, "
            "so the translated file was written as UTF-8."
        )
        return text.encode("utf-8"), note


def splice(source: str, replacements: Iterable[tuple[int, int, str]]) -> str:
    """``source`` with each ``(start, end, text)`` span replaced; spans must not overlap."""
    pieces: list[str] = []
    cursor = 0
    for start, end, text in sorted(replacements):
        pieces.append(source[cursor:start])
        pieces.append(text)
        cursor = end
    pieces.append(source[cursor:])
    return "".join(pieces)


def line_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, line ending)`` of every line, split where markdown-it splits (CRLF, CR, LF)."""
    spans: list[tuple[int, int, str]] = []
    start = 0
    for match in _EOL.finditer(text):
        spans.append((start, match.start(), match.group()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text), ""))
    return spans


def normalize_newlines(text: str) -> str:
    return _EOL.sub("\n", text)


def _same_family(requested: str, codec: str) -> bool:
    """Whether a byte-order mark agrees with the encoding the user named ("utf-16" and "utf-16-le")."""
    try:
        name = codec_name(requested)
    except LookupError:
        return False
    return name.split("-")[:2] == codec.split("-")[:2]


def _mostly_utf8(data: bytes) -> bool:
    """Valid multi-byte UTF-8 at least as common as bytes that are not: any single-encoding reading would
    garble part of the file (legacy code pages only now and then form a valid UTF-8 pair)."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    valid = len(text) - len(text.encode("ascii", errors="ignore")) - invalid
    return valid > 0 and valid >= invalid


def _known_codec(encoding: str) -> str:
    try:
        return codec_name(encoding)
    except LookupError:
        raise FormatError(
            f"“{encoding}” is not a known text encoding (try utf-8, cp1252 or latin-1)."
        ) from None


def _decode_as(path: Path, data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FormatError(
            f"{path.name} cannot be read as {codec}: byte 0x{data[exc.start]:02x} on line {line} does not "
            "fit that encoding. Choose the encoding it was saved in (--encoding on the command line)."
        ) from None


class SplicedTextDocument:
    """A decoded text file whose translation is the source with translated spans spliced in.

    Subclasses set ``_segments`` and build the ``(start, end, text)`` replacements in ``render``.
    """

    _segments: tuple[Segment, ...]

    def __init__(self, path: Path, decoded: DecodedText) -> None:
        self._path = path
        self._decoded = decoded
        self.output_encoding_note: str | None = None
        """Set by ``render`` when the translation did not fit the file's encoding and UTF-8 was used."""

    @property
    def path(self) -> Path:
        return self._path

    @property
    def encoding(self) -> TextEncoding:
        return self._decoded.encoding

    @property
    def segments(self) -> tuple[Segment, ...]:
        return self._segments

    def _spliced(self, replacements: Iterable[tuple[int, int, str]]) -> bytes:
        """The source with ``replacements`` in place, in its own encoding (UTF-8 plus a note if need be)."""
        data, self.output_encoding_note = encode_text(
            self._path, splice(self._decoded.text, replacements), self._decoded.encoding
        )
        return data
