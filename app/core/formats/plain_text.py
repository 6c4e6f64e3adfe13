"""Plain text files: one segment per paragraph; everything between paragraphs is kept byte for byte."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from app.core.formats.document import Segment, Translation
from app.core.formats.text_file import (
    DecodedText,
    SplicedTextDocument,
    decode_text,
    line_spans,
    normalize_newlines,
    read_source,
)

_BLANK = " \t\f\v"
_WHITESPACE = " \t\f\v\r\n"


@dataclass(frozen=True)
class _Paragraph:
    start: int
    end: int
    newline: str


class PlainTextDocument(SplicedTextDocument):
    """A plain text file; segments are its paragraphs (runs of non-blank lines)."""

    format_name = "Plain text"

    def __init__(self, path: Path, decoded: DecodedText) -> None:
        super().__init__(path, decoded)
        self._paragraphs = _paragraphs(decoded.text)
        self._segments = tuple(
            Segment(f"p{index}", normalize_newlines(decoded.text[para.start : para.end]), "paragraph")
            for index, para in enumerate(self._paragraphs, start=1)
        )

    def render(self, translations: Mapping[str, Translation], target_language: str) -> bytes:
        """The file with each paragraph replaced; line endings inside a paragraph follow the source's."""
        replacements: list[tuple[int, int, str]] = []
        for segment, para in zip(self._segments, self._paragraphs, strict=True):
            translation = translations.get(segment.key)
            if translation is None or translation.text == segment.text:
                continue
            text = normalize_newlines(translation.text).strip(_WHITESPACE) or segment.text
            replacements.append((para.start, para.end, text.replace("\n", para.newline)))
        return self._spliced(replacements)


def _paragraphs(text: str) -> list[_Paragraph]:
    lines = line_spans(text)
    default_newline = lines[0][2] if lines and lines[0][2] else "\n"
    paragraphs: list[_Paragraph] = []
    group: list[tuple[int, int, str]] = []
    for line in [*lines, (len(text), len(text), "")]:
        if text[line[0] : line[1]].strip(_BLANK):
            group.append(line)
            continue
        if group:
            first = text[group[0][0] : group[0][1]]
            start = group[0][0] + len(first) - len(first.lstrip(_BLANK))
            end = group[-1][0] + len(text[group[-1][0] : group[-1][1]].rstrip(_BLANK))
            newline = next((eol for _, _, eol in group if eol), default_newline)
            paragraphs.append(_Paragraph(start, end, newline))
            group = []
    return paragraphs


def open_plain_text(path: Path, *, encoding: str | None = None) -> PlainTextDocument:
    """Read a plain text file; ``encoding`` overrides detection (a byte-order mark of the same Unicode
    encoding is still honoured, so "utf-16" reads a big-endian file right)."""
    return PlainTextDocument(path, decode_text(path, read_source(path), encoding))
