"""HTML pages: text nodes and a few human-readable attributes are translated; every other byte is kept.

The stdlib ``html.parser`` reads the page and ``getpos()`` places each text node and attribute value in the
source, so the output is the source with only those spans replaced: doctype, comments, attribute order and
quoting, indentation and entities outside translated text stay as they were.

Translated: text nodes outside ``script``, ``style``, ``code``, ``pre``, ``template`` and ``noscript`` and
outside ``translate="no"`` (one segment per text node; whitespace-only nodes are skipped); the ``alt``,
``title``, ``placeholder`` and ``aria-label`` attributes; ``<meta name="description"|"keywords" content>``.
A ``lang`` attribute on ``<html>`` is set to the target language; a page without one gets none.

The charset comes from a byte-order mark, then ``<meta charset>`` or ``http-equiv="Content-Type"``, then
UTF-8, then a guess taken only when it is unambiguous. Characters of a translation that the charset cannot
hold are written as numeric character references, so the page keeps its declared charset.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import Message
from html.parser import HTMLParser
from pathlib import Path

from app.core.formats.document import FormatError, Segment, Translation
from app.core.formats.text_file import (
    DecodedText,
    SplicedTextDocument,
    decode_text,
    read_source,
    splice,
    starts_with_bom,
)
from app.core.tables.encoding_guess import codec_name

_NO_TEXT = frozenset({"script", "style", "code", "pre", "template", "noscript"})
_NO_ATTRIBUTES = frozenset({"script", "style", "template", "noscript"})
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
_ATTRIBUTES = {name: f"{name} attribute" for name in ("alt", "title", "placeholder", "aria-label")}
_META_NAMES = {"description": "meta description", "keywords": "meta keywords"}
_SPACE = " \t\n\r\f"
_PRESCAN_BYTES = 16 * 1024
_NEEDS_QUOTES = re.compile(r"[\s\"'=<>`]")
# The tolerant start-tag grammar of html.parser (its ``tagfind_tolerant`` and ``attrfind_tolerant``), used
# only to find where the values the parser reported lie; each value found is checked against the parser's.
_TAG_NAME = re.compile(r"<[a-zA-Z][^\t\n\r\f />\x00]*(?:\s|/(?!>))*")
_ATTRIBUTE = re.compile(
    r"((?<=['\"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|\"[^\"]*\"|(?!['\"])[^>\s]*))?(?:\s|/(?!>))*"
)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    quote: str | None
    """None for a text node; the attribute value's quote character, or "" when it was unquoted."""


@dataclass(frozen=True)
class _Element:
    tag: str
    translate: bool
    text_allowed: bool
    attributes_allowed: bool


class _Scanner(HTMLParser):
    """Collects the translatable spans of a page, in document order."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = text
        self.found: list[tuple[_Span, str]] = []
        self.lang: _Span | None = None
        self._line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self._stack: list[_Element] = [_Element("", True, True, True)]
        self._pending: int | None = None

    def scan(self) -> None:
        self.feed(self.source)
        self.close()
        self._flush(len(self.source))

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _flush(self, end: int) -> None:
        """Close the text node that began at ``self._pending``; html.parser may report it in pieces."""
        start, self._pending = self._pending, None
        if start is None:
            return
        raw = self.source[start:end]
        inner = raw.strip(_SPACE)
        if html.unescape(inner).strip():
            lead = len(raw) - len(raw.lstrip(_SPACE))
            in_svg = any(element.tag == "svg" for element in self._stack)
            note = "page title" if self._stack[-1].tag == "title" and not in_svg else "text"
            self.found.append((_Span(start + lead, start + lead + len(inner), None), note))

    def handle_data(self, data: str) -> None:
        if self._pending is None and self._stack[-1].text_allowed and self._stack[-1].translate:
            self._pending = self._offset()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=tag in _VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def handle_endtag(self, tag: str) -> None:
        self._flush(self._offset())
        for depth in range(len(self._stack) - 1, 0, -1):
            if self._stack[depth].tag == tag:
                del self._stack[depth:]
                break

    def handle_comment(self, data: str) -> None:
        self._flush(self._offset())

    def handle_decl(self, decl: str) -> None:
        self._flush(self._offset())

    def handle_pi(self, data: str) -> None:
        self._flush(self._offset())

    def unknown_decl(self, data: str) -> None:
        self._flush(self._offset())

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], *, closed: bool) -> None:
        start = self._offset()
        self._flush(start)
        parent = self._stack[-1]
        values = dict(attrs)
        translate = parent.translate
        if "translate" in values:
            translate = (values["translate"] or "").strip().lower() != "no"
        element = _Element(
            tag,
            translate,
            parent.text_allowed and tag not in _NO_TEXT,
            parent.attributes_allowed and tag not in _NO_ATTRIBUTES,
        )
        spans = _value_spans(self.get_starttag_text() or "", start, attrs)
        for (name, value), span in zip(attrs, spans, strict=True):
            if span is None or value is None:
                continue
            if tag == "html" and name == "lang" and self.lang is None:
                self.lang = span
            note = _attribute_note(tag, name, values)
            if note and value.strip() and element.translate and element.attributes_allowed:
                self.found.append((span, note))
        if not closed:
            self._stack.append(element)


def _attribute_note(tag: str, name: str, values: Mapping[str, str | None]) -> str | None:
    if tag == "meta":
        kind = (values.get("name") or "").strip().lower()
        return _META_NAMES.get(kind) if name == "content" else None
    return _ATTRIBUTES.get(name)


def _value_spans(tag_text: str, offset: int, attrs: list[tuple[str, str | None]]) -> list[_Span | None]:
    """Where each attribute value lies in the source; all None when the tag cannot be read back exactly."""
    unknown: list[_Span | None] = [None] * len(attrs)
    match = _TAG_NAME.match(tag_text)
    if match is None:
        return unknown
    spans: list[_Span | None] = []
    position = match.end()
    for name, value in attrs:
        found = _ATTRIBUTE.match(tag_text, position)
        if found is None or found.group(1).lower() != name:
            return unknown
        position = found.end()
        raw = found.group(3)
        if raw is None:
            spans.append(None)
            continue
        quote = raw[0] if raw[:1] in ("'", '"') else ""
        inner = raw[1:-1] if quote else raw
        if html.unescape(inner) != value:
            return unknown
        start = offset + found.start(3) + len(quote)
        spans.append(_Span(start, start + len(inner), quote))
    return spans


class _CharsetScanner(HTMLParser):
    """Finds the charset a page declares in a ``<meta>`` tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.charset: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta" or self.charset is not None:
            return
        values = {name: value or "" for name, value in attrs}
        if values.get("charset", "").strip():
            self.charset = values["charset"].strip()
        elif values.get("http-equiv", "").strip().lower() == "content-type":
            header = Message()
            header["content-type"] = values.get("content", "")
            self.charset = header.get_content_charset()


def _declared_charset(path: Path, data: bytes) -> str | None:
    scanner = _CharsetScanner()
    scanner.feed(data[:_PRESCAN_BYTES].decode("latin-1"))
    if scanner.charset is None:
        return None
    try:
        return codec_name(scanner.charset)
    except LookupError:
        raise FormatError(
            f"{path.name} declares the charset “{scanner.charset}”, which is not a known text encoding. "
            "Choose the encoding it was saved in (--encoding on the command line)."
        ) from None


class HtmlDocument(SplicedTextDocument):
    """An HTML page opened for translation; its ``output_encoding_note`` stays None, since characters the
    page's charset cannot hold are written as character references."""

    format_name = "HTML"

    def __init__(self, path: Path, decoded: DecodedText) -> None:
        super().__init__(path, decoded)
        scanner = _Scanner(decoded.text)
        scanner.scan()
        self._spans = tuple(span for span, _ in scanner.found)
        self._lang = scanner.lang
        self._segments = tuple(
            Segment(f"{'t' if span.quote is None else 'a'}{index}", _text_of(decoded.text, span), note)
            for index, (span, note) in enumerate(scanner.found, start=1)
        )

    def render(self, translations: Mapping[str, Translation], target_language: str) -> bytes:
        """The page with each translated span escaped into place and ``<html lang>`` set, if present."""
        replacements: list[tuple[int, int, str]] = []
        for segment, span in zip(self._segments, self._spans, strict=True):
            translation = translations.get(segment.key)
            if translation is None or translation.text == segment.text or not translation.text.strip():
                continue
            replacements.append((span.start, span.end, _escaped(translation.text.strip(), span)))
        if self._lang is not None:
            replacements.append((self._lang.start, self._lang.end, _escaped(target_language, self._lang)))
        text = splice(self._decoded.text, replacements)
        encoding = self._decoded.encoding
        return encoding.bom + text.encode(encoding.codec, errors="xmlcharrefreplace")


def _text_of(source: str, span: _Span) -> str:
    return html.unescape(source[span.start : span.end])


def _escaped(text: str, span: _Span) -> str:
    """Text escaped for where it goes; an unquoted attribute value stays unquoted while that is valid."""
    if span.quote is None:
        return html.escape(text, quote=False)
    if not span.quote and text and not _NEEDS_QUOTES.search(text):
        return text.replace("&", "&amp;")
    quote = span.quote or '"'
    value = text.replace("&", "&amp;").replace(quote, "&quot;" if quote == '"' else "&#x27;")
    return value if span.quote else f'"{value}"'


def open_html(path: Path, *, encoding: str | None = None) -> HtmlDocument:
    """Read an HTML page; ``encoding`` overrides the declared charset."""
    data = read_source(path)
    declared = None if encoding is not None or starts_with_bom(data) else _declared_charset(path, data)
    try:
        decoded = decode_text(path, data, encoding or declared)
    except FormatError as exc:
        if declared is None:
            raise
        raise FormatError(f"{exc} (Its <meta> tag declares the charset {declared}.)") from None
    return HtmlDocument(path, decoded)
