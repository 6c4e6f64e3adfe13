"""Markdown files: the inline text of headings, paragraphs, list items, quotes and table cells is translated;
everything else (front matter, code, HTML blocks, link definitions, list and quote markers, table pipes,
blank lines, line endings) is kept byte for byte.

markdown-it-py finds the blocks; each segment is located in the source through the token's line map, so
the output is the source with only those spans replaced. Inline markup (``**bold**``, ``[text](url)``,
`` `code` ``, inline HTML) stays inside the segment text: the translation step protects URLs, code and tags.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

from app.core.formats.document import Segment, Translation
from app.core.formats.text_file import (
    DecodedText,
    SplicedTextDocument,
    decode_text,
    line_spans,
    normalize_newlines,
    read_source,
)

_Kind = Literal["flow", "line", "cell"]
_PARAGRAPH = ["paragraph_open", "inline", "paragraph_close"]
_PREFIX_CHARS = frozenset(" \t>-+*.)0123456789")
_FRONT_MATTER_ENDS = {"---": ("---", "..."), "+++": ("+++",)}


@functools.cache
def _parser() -> MarkdownIt:
    """Blocks only: inline content is never interpreted here, which keeps a long document fast."""
    return MarkdownIt("commonmark").enable("table").disable("inline")


@dataclass(frozen=True)
class _Placement:
    """Where a segment's text lies in the source, and what sits between its source lines."""

    start: int
    end: int
    separators: tuple[str, ...]
    kind: _Kind


class MarkdownDocument(SplicedTextDocument):
    """A Markdown file opened for translation."""

    format_name = "Markdown"

    def __init__(self, path: Path, decoded: DecodedText) -> None:
        super().__init__(path, decoded)
        segments, placements = _locate(decoded.text)
        self._segments = tuple(segments)
        self._placements = tuple(placements)

    def render(self, translations: Mapping[str, Translation], target_language: str) -> bytes:
        """The file with each translated span in place; the rest is the source's own text."""
        replacements: list[tuple[int, int, str]] = []
        for segment, place in zip(self._segments, self._placements, strict=True):
            translation = translations.get(segment.key)
            if translation is None or translation.text == segment.text:
                continue
            lines = [line.lstrip(" \t") for line in normalize_newlines(translation.text).strip().split("\n")]
            lines = [line for line in lines if line.strip()]
            if lines:
                replacements.append((place.start, place.end, _rebuild(lines, place)))
        return self._spliced(replacements)


def open_markdown(path: Path, *, encoding: str | None = None) -> MarkdownDocument:
    """Read a Markdown file; ``encoding`` overrides detection."""
    return MarkdownDocument(path, decode_text(path, read_source(path), encoding))


def _rebuild(lines: list[str], place: _Placement) -> str:
    """The translated lines as source text: one line for headings and cells, container prefixes for the
    rest. A line that would start a new block (a list, a heading underline) joins the line before it."""
    if place.kind != "flow":
        joined = " ".join(line.strip() for line in lines)
        return joined.replace("|", "\\|") if place.kind == "cell" else joined
    merged = [_safe_first_line(lines[0])]
    for line in lines[1:]:
        if _continues(merged[-1], line):
            merged.append(line)
        else:
            merged[-1] = f"{merged[-1].rstrip()} {line}"
    if len(merged) == len(place.separators) + 1:
        separators: Sequence[str] = place.separators
    elif place.separators:
        separators = [place.separators[0]] * (len(merged) - 1)
    else:
        return " ".join(line.strip() for line in merged)
    return merged[0] + "".join(sep + line for sep, line in zip(separators, merged[1:], strict=True))


def _is_paragraph(source: str, lines: int) -> bool:
    tokens = _parser().parse(source)
    return [token.type for token in tokens] == _PARAGRAPH and tokens[1].content.count("\n") == lines - 1


def _continues(previous: str, line: str) -> bool:
    return line[0].isalpha() or _is_paragraph(f"{previous}\n{line}", 2)


def _safe_first_line(line: str) -> str:
    """``line``, with the character that would make it a block marker ("1.", "#", "-") escaped."""
    if line[0].isalpha() or _is_paragraph(line, 1):
        return line
    at = len(line) - len(line.lstrip("0123456789"))
    if at < len(line) and line[at].isascii() and not line[at].isalnum() and not line[at].isspace():
        escaped = f"{line[:at]}\\{line[at:]}"
        if _is_paragraph(escaped, 1):
            return escaped
    return line


def _front_matter_lines(text: str, lines: list[tuple[int, int, str]]) -> int:
    """How many leading lines are YAML (``---``) or TOML (``+++``) front matter; 0 when there is none."""
    if not lines:
        return 0
    ends = _FRONT_MATTER_ENDS.get(text[lines[0][0] : lines[0][1]].rstrip())
    if ends is None:
        return 0
    for number, (start, end, _) in enumerate(lines[1:], start=1):
        if text[start:end].rstrip() in ends:
            return number + 1
    return 0


def _locate(text: str) -> tuple[list[Segment], list[_Placement]]:
    lines = line_spans(text)
    skipped = _front_matter_lines(text, lines)
    body = "\n" * skipped + (text[lines[skipped][0] :] if skipped < len(lines) else "")
    tokens = _parser().parse(body)
    segments: list[Segment] = []
    placements: list[_Placement] = []
    containers: list[str] = []
    row: list[Token] = []
    for index, token in enumerate(tokens):
        if token.type in ("blockquote_open", "list_item_open"):
            containers.append("blockquote" if token.type == "blockquote_open" else "list item")
        elif token.type in ("blockquote_close", "list_item_close"):
            containers.pop()
        elif token.type == "tr_close":
            cells = _place_row(text, lines, row, in_container=bool(containers))
            for cell, place in zip(row, cells, strict=True):
                if place is not None and cell.content.strip():
                    header = tokens[index - 1].type == "th_close"
                    note = "table header cell" if header else "table cell"
                    segments.append(Segment(f"b{len(segments) + 1}", cell.content, note))
                    placements.append(place)
            row = []
        elif token.type == "inline" and tokens[index - 1].type in ("th_open", "td_open"):
            row.append(token)
        elif token.type == "inline" and token.content.strip():
            opener = tokens[index - 1]
            heading = opener.type == "heading_open"
            kind: _Kind = "line" if heading and opener.markup.startswith("#") else "flow"
            place = _place_lines(text, lines, token, kind)
            if place is not None:
                note = f"heading {opener.tag[1:]}" if heading else (containers or ["paragraph"])[-1]
                segments.append(Segment(f"b{len(segments) + 1}", token.content, note))
                placements.append(place)
    return segments, placements


def _place_lines(
    text: str, lines: list[tuple[int, int, str]], token: Token, kind: _Kind
) -> _Placement | None:
    """The span of a block's inline content: each content line is the tail of its source line (after the
    container prefix), except for trailing blanks and an ATX heading's closing ``#``s."""
    if token.map is None:
        return None
    first, last = token.map
    content_lines = token.content.split("\n")
    if len(content_lines) != last - first:
        return None
    spans: list[tuple[int, int]] = []
    for (start, end, _), content in zip(lines[first:last], content_lines, strict=True):
        needle = content.lstrip(" \t")
        at = text.rfind(needle, start, end) if needle else -1
        if at < 0:
            return None
        spans.append((at, at + len(needle)))
    separators = tuple(text[spans[i][1] : spans[i + 1][0]] for i in range(len(spans) - 1))
    return _Placement(spans[0][0], spans[-1][1], separators, kind)


def _place_row(
    text: str, lines: list[tuple[int, int, str]], cells: list[Token], *, in_container: bool
) -> list[_Placement | None]:
    """Each cell's span in its table row: columns split at unescaped pipes, as markdown-it splits them."""
    none: list[_Placement | None] = [None] * len(cells)
    if not cells or cells[0].map is None:
        return none
    start, end, _ = lines[cells[0].map[0]]
    line = text[start:end]
    pipes = [at for at, char in enumerate(line) if char == "|" and (at == 0 or line[at - 1] != "\\")]
    bounds = [-1, *pipes, len(line)]
    columns = [(bounds[i] + 1, bounds[i + 1]) for i in range(len(bounds) - 1)]
    leading = line[: columns[0][1]].strip()
    skip = 1 if not leading or (in_container and set(leading) <= _PREFIX_CHARS) else 0
    placed: list[_Placement | None] = []
    for number, cell in enumerate(cells):
        if not cell.content.strip():
            placed.append(None)
            continue
        if number + skip >= len(columns):
            return none
        col_start, col_end = columns[number + skip]
        column = line[col_start:col_end]
        core = column.strip()
        raw = cell.content.replace("|", "\\|")
        prefixed = number == 0 and skip == 0
        if not (core.endswith(raw) if prefixed else core == raw):
            return none
        at = start + col_start + len(column) - len(column.lstrip()) + len(core) - len(raw)
        placed.append(_Placement(at, at + len(raw), (), "cell"))
    return placed
