"""Export a draft to Markdown, HTML, plain text or Word.

Every format is rendered from one neutral model (:class:`ExportDocument`: a title plus headings, paragraphs
and bullet lists), so the formats agree with each other. Files are written atomically: a crash or a full
disk leaves the older file in place, never half of a new one.
"""

from __future__ import annotations

import errno
import html
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeAlias

from app.core.atomic_files import atomic_write_bytes
from app.core.documents.library import Draft

ExportFormat = Literal["md", "html", "txt", "docx"]

SUFFIX_FORMATS: dict[str, ExportFormat] = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".txt": "txt",
    ".docx": "docx",
}

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_BULLET = re.compile(r"^[ \t]*[-*•][ \t]+(\S.*)$")
# Line starts that Markdown would read as structure when they appear inside a paragraph.
_MARKDOWN_LINE_START = re.compile(r"^([ \t]*)(#{1,6}(?=[ \t]|$)|[-*+•](?=[ \t])|\d+[.)](?=[ \t])|>)")


class ExportError(Exception):
    """An export that could not be written; the message names the file and says why."""


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.level <= 6:
            raise ValueError(f"heading level must be 1 to 6, not {self.level}")


@dataclass(frozen=True)
class Paragraph:
    """Text that may hold line breaks; they are kept as breaks in every format."""

    text: str


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


Block: TypeAlias = Heading | Paragraph | BulletList


@dataclass(frozen=True)
class ExportDocument:
    """A title (shown as the top heading) and the blocks below it."""

    title: str
    blocks: tuple[Block, ...] = ()


# -- building documents ------------------------------------------------------------------------------


def _text_blocks(text: str) -> list[Block]:
    """Split Markdown-ish text into blocks: ``#`` headings, ``-``/``*`` bullets, blank-line paragraphs."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    bullets: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Paragraph("\n".join(paragraph)))
            paragraph.clear()
        if bullets:
            blocks.append(BulletList(tuple(bullets)))
            bullets.clear()

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        heading = _HEADING.match(line)
        bullet = _BULLET.match(line)
        if not line.strip():
            flush()
        elif heading:
            flush()
            blocks.append(Heading(heading.group(2), len(heading.group(1))))
        elif bullet:
            if paragraph:
                flush()
            bullets.append(bullet.group(1).rstrip())
        else:
            if bullets:
                flush()
            paragraph.append(line.rstrip())
    flush()
    return blocks


def _same_title(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def document_from_text(title: str, text: str) -> ExportDocument:
    """Build a document from plain or Markdown-ish text. A leading ``# heading`` that repeats the title
    (or stands in for a missing one) becomes the title, so it is not shown twice."""
    blocks = _text_blocks(text)
    first = blocks[0] if blocks else None
    if (
        isinstance(first, Heading)
        and first.level == 1
        and (not title.strip() or _same_title(first.text, title))
    ):
        return ExportDocument(first.text if not title.strip() else title, tuple(blocks[1:]))
    return ExportDocument(title, tuple(blocks))


def _part_blocks(value: Any) -> list[Block]:
    """Blocks for one output part: text is parsed, a list of strings becomes bullets."""
    if isinstance(value, str):
        return _text_blocks(value)
    if isinstance(value, list | tuple):
        items = tuple(str(item) for item in value if str(item).strip())
        return [BulletList(items)] if items else []
    if isinstance(value, dict):
        return [block for item in value.values() for block in _part_blocks(item)]
    return [] if value is None else [Paragraph(str(value))]


def document_from_draft(draft: Draft) -> ExportDocument:
    """The draft's outputs as a document, in the order the task produced them. An output part named
    ``title`` becomes the document title; otherwise the draft's title is used."""
    outputs = dict(draft.outputs)
    part_title = outputs.pop("title", None)
    title = part_title.strip() if isinstance(part_title, str) and part_title.strip() else draft.title
    if len(outputs) == 1 and isinstance(next(iter(outputs.values())), str):
        return document_from_text(title, next(iter(outputs.values())))
    blocks = [block for value in outputs.values() for block in _part_blocks(value)]
    return ExportDocument(title, tuple(blocks))


# -- rendering ---------------------------------------------------------------------------------------


def _markdown_line(line: str) -> str:
    """Escape a paragraph line that Markdown would otherwise read as a heading, list or quote."""
    return _MARKDOWN_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", line, count=1)


def _markdown_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"{'#' * block.level} {block.text}"
    if isinstance(block, Paragraph):
        return "\n".join(_markdown_line(line) for line in block.text.split("\n"))
    return "\n".join(f"- {item}" for item in block.items)


def to_markdown(doc: ExportDocument) -> str:
    """Markdown with the title as a level-1 heading."""
    parts = [f"# {doc.title}"] if doc.title.strip() else []
    parts.extend(_markdown_block(block) for block in doc.blocks)
    return "\n\n".join(parts) + "\n"


def _html_text(text: str) -> str:
    return "<br>\n".join(html.escape(line) for line in text.split("\n"))


def _html_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{_html_text(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        return f"<p>{_html_text(block.text)}</p>"
    items = "\n".join(f"<li>{_html_text(item)}</li>" for item in block.items)
    return f"<ul>\n{items}\n</ul>"


def to_html_fragment(doc: ExportDocument) -> str:
    """The body only, for putting on the clipboard as rich text."""
    parts = [f"<h1>{_html_text(doc.title)}</h1>"] if doc.title.strip() else []
    parts.extend(_html_block(block) for block in doc.blocks)
    return "\n".join(parts) + "\n"


def to_html(doc: ExportDocument) -> str:
    """A complete HTML5 page in UTF-8 that opens the same in any browser or word processor."""
    return (
        "<!DOCTYPE html>\n"
        '<html>\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(doc.title.replace(chr(10), ' '))}</title>\n"
        f"</head>\n<body>\n{to_html_fragment(doc)}</body>\n</html>\n"
    )


def _plain_block(block: Block) -> str:
    if isinstance(block, Heading | Paragraph):
        return block.text
    return "\n".join(f"- {item}" for item in block.items)


def to_plain_text(doc: ExportDocument) -> str:
    """Plain text: the title, then blocks separated by blank lines, bullets as ``- item``."""
    parts = [doc.title] if doc.title.strip() else []
    parts.extend(_plain_block(block) for block in doc.blocks)
    return "\n\n".join(parts) + "\n"


def to_docx_bytes(doc: ExportDocument) -> bytes:
    """A Word document with real heading styles and "List Bullet" paragraphs, so it outlines properly."""
    import docx  # python-docx (with lxml) loads only when a Word file is exported

    word = docx.Document()
    word.core_properties.title = doc.title
    if doc.title.strip():
        word.add_heading(doc.title, level=0)
    for block in doc.blocks:
        if isinstance(block, Heading):
            word.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            word.add_paragraph(block.text)
        else:
            for item in block.items:
                word.add_paragraph(item, style="List Bullet")
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def write_docx(doc: ExportDocument, path: Path) -> Path:
    """Write a Word document atomically."""
    return _write_atomically(path, to_docx_bytes(doc))


def render(doc: ExportDocument, fmt: ExportFormat) -> bytes:
    """The file content for ``fmt``; text formats are UTF-8."""
    if fmt == "docx":
        return to_docx_bytes(doc)
    renderers = {"md": to_markdown, "html": to_html, "txt": to_plain_text}
    return renderers[fmt](doc).encode("utf-8")


# -- writing -----------------------------------------------------------------------------------------


def format_for(path: Path) -> ExportFormat:
    """The export format a file name asks for."""
    fmt = SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(set(SUFFIX_FORMATS)))
        raise ExportError(f"Cannot export to {path.name}: choose a file name ending in one of {known}.")
    return fmt


def export(doc: ExportDocument, path: Path, fmt: ExportFormat | None = None) -> Path:
    """Write ``doc`` to ``path`` in ``fmt`` (from the extension when not given); returns the path."""
    return _write_atomically(path, render(doc, fmt or format_for(path)))


def _export_error(exc: OSError, path: Path) -> ExportError:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        reason = "there is not enough free space on the disk"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = "Copydesk is not allowed to write there"
    elif exc.errno == errno.EISDIR:
        reason = "a folder has that name"
    else:
        reason = exc.strerror or str(exc)
    return ExportError(f"Could not export to {path}: {reason}. Any older file there was left as it was.")


def _write_atomically(path: Path, data: bytes) -> Path:
    """Readers see the old file or the new one; a failure is reported in words and leaves the old one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise _export_error(exc, path) from exc
    return path
