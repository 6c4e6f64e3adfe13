"""Word documents (.docx): every paragraph with text, translated run by run, everything else kept.

python-docx opens the package and finds its stories: the body (tables and nested tables included), and
each section's headers and footers (default, first page, even pages). Text boxes are reached too, being
paragraphs inside those stories; a text box stored twice (``mc:Choice`` for current Word, ``mc:Fallback``
for older readers) is one segment written into both copies. Footnotes, endnotes and comments are not
translated (python-docx does not read those parts); they are kept as they are.

Rendering never goes through python-docx's own save: the output zip is the source zip entry by entry, in
the same order with the same names, dates and compression, and only the story parts that received a
translation are replaced. Styles, numbering, settings, images, relationships and every other part therefore
come back byte for byte. How a paragraph's text maps to runs is in :mod:`app.core.formats.docx_runs`.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import docx
from docx.document import Document as WordDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import XmlPart
from lxml import etree

from app.core.formats.document import FormatError, Segment, Translation
from app.core.formats.docx_runs import MC_NS, ParagraphText, read_paragraph, w
from app.core.formats.text_file import read_source

__all__ = ["DocxDocument", "open_docx"]

_HEADERS_FOOTERS = (
    ("header", "header"),
    ("first_page_header", "header (first page)"),
    ("even_page_header", "header (even pages)"),
    ("footer", "footer"),
    ("first_page_footer", "footer (first page)"),
    ("even_page_footer", "footer (even pages)"),
)


@dataclass(frozen=True)
class _Paragraph:
    key: str
    part: XmlPart
    text: ParagraphText
    note: str
    mirror: bool
    """A Fallback copy of a text box paragraph: written, but not a segment of its own."""


class DocxDocument:
    """An opened Word document; ``render`` builds a translated copy and leaves the source alone."""

    format_name = "Word document"

    def __init__(self, path: Path, data: bytes) -> None:
        self._path = path
        self._data = data
        paragraphs = _paragraphs(_load(path, data))
        self._segments = tuple(
            Segment(paragraph.key, paragraph.text.text, paragraph.note)
            for paragraph in paragraphs
            if not paragraph.mirror
        )
        self._fallbacks: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        return self._path

    @property
    def segments(self) -> tuple[Segment, ...]:
        return self._segments

    @property
    def fallbacks(self) -> tuple[str, ...]:
        """Keys whose translation's markers did not match the source's in the last ``render``: their text
        went into the paragraph's first run, so their inline formatting needs a person's look."""
        return self._fallbacks

    def render(self, translations: Mapping[str, Translation], target_language: str) -> bytes:
        """The translated document; a paragraph without a translation keeps its source text."""
        changed: dict[str, XmlPart] = {}
        fallbacks: list[str] = []
        for paragraph in _paragraphs(_load(self._path, self._data)):
            translation = translations.get(paragraph.key)
            if translation is None:
                continue
            if not paragraph.text.apply(translation.text) and paragraph.key not in fallbacks:
                fallbacks.append(paragraph.key)
            changed[str(paragraph.part.partname)] = paragraph.part
        self._fallbacks = tuple(fallbacks)
        replaced = {name.lstrip("/"): part.blob for name, part in changed.items()}
        return _rewrite_zip(self._path, self._data, replaced)


def open_docx(path: Path) -> DocxDocument:
    """Read ``path`` as a Word document; ``FormatError`` when it is not one or is damaged."""
    return DocxDocument(path, read_source(path))


def _load(path: Path, data: bytes) -> WordDocument:
    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise FormatError(
            f"{path.name} is not a Word document (.docx), or it is damaged or incomplete: {exc}."
        ) from exc
    except KeyError as exc:
        raise FormatError(
            f"{path.name} is not a complete Word document: {exc.args[0] if exc.args else exc}."
        ) from exc
    except etree.XMLSyntaxError as exc:
        raise FormatError(
            f"{path.name} is a damaged Word document: a part is not valid XML ({exc})."
        ) from exc
    except (ValueError, PackageNotFoundError) as exc:
        raise FormatError(f"{path.name} is not a Word document (.docx): {exc}.") from exc


def _paragraphs(document: WordDocument) -> list[_Paragraph]:
    """Every paragraph with text, in the same order and with the same keys on each call."""
    found: list[_Paragraph] = []
    for part, where in _stories(document):
        label = PurePosixPath(str(part.partname)).stem
        by_element: dict[etree._Element, _Paragraph] = {}
        for ordinal, element in enumerate(part.element.iter(w("p"))):
            text = read_paragraph(element)
            if text is None:
                continue
            original = _choice_original(element, by_element, text)
            key = original.key if original is not None else f"{label}:p{ordinal}"
            note = ", ".join(filter(None, (where, _placement(element), _style(element))))
            paragraph = _Paragraph(key, part, text, note, mirror=original is not None)
            by_element[element] = paragraph
            found.append(paragraph)
    return found


def _stories(document: WordDocument) -> Iterator[tuple[XmlPart, str]]:
    yield document.part, ""
    seen = {str(document.part.partname)}
    for section in document.sections:
        for attribute, where in _HEADERS_FOOTERS:
            header_footer = getattr(section, attribute)
            if header_footer.is_linked_to_previous:  # no part of its own; reading .part would add one
                continue
            part = header_footer.part
            if str(part.partname) not in seen:
                seen.add(str(part.partname))
                yield part, where


def _choice_original(
    element: etree._Element, read: Mapping[etree._Element, _Paragraph], text: ParagraphText
) -> _Paragraph | None:
    """For a paragraph in an ``mc:Fallback`` that repeats its ``mc:Choice`` (a text box saved twice), the
    Choice's paragraph; None otherwise (it is then a segment of its own)."""
    fallback = next(element.iterancestors(f"{{{MC_NS}}}Fallback"), None)
    if fallback is None:
        return None
    choice = fallback.getparent().find(f"{{{MC_NS}}}Choice")
    if choice is None:
        return None
    copies = list(fallback.iter(w("p")))
    originals = list(choice.iter(w("p")))
    if len(copies) != len(originals):
        return None
    original = read.get(originals[copies.index(element)])
    return original if original is not None and original.text.text == text.text else None


def _placement(element: etree._Element) -> str:
    for ancestor in element.iterancestors():
        if ancestor.tag == w("txbxContent"):
            return "text box"
        if ancestor.tag == w("tc"):
            return "table cell"
    return ""


def _style(element: etree._Element) -> str:
    style = element.find(f"{w('pPr')}/{w('pStyle')}")
    return "" if style is None else f"style {style.get(w('val'))}"


def _rewrite_zip(path: Path, source: bytes, replaced: Mapping[str, bytes]) -> bytes:
    """The source zip with ``replaced`` entries swapped in; every other entry copied unchanged."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as original, zipfile.ZipFile(output, "w") as copy:
        names = {info.filename for info in original.infolist()}
        missing = sorted(set(replaced) - names)
        if missing:
            raise FormatError(f"{path.name} has no zip entry named {missing[0]}; it cannot be rewritten.")
        for info in original.infolist():
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.compress_type = info.compress_type
            entry.external_attr = info.external_attr
            entry.create_system = info.create_system
            entry.comment = info.comment
            data = replaced[info.filename] if info.filename in replaced else original.read(info)
            copy.writestr(entry, data)
    return output.getvalue()
