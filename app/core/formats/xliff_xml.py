"""Reading an XLIFF file safely, and writing it back with its own declaration, prolog and encoding.

Parsing never loads a DTD, expands an entity or touches the network, so a file that refers to
``file:///etc/passwd`` or nests entities a billion deep is read as it is written. lxml keeps comments,
processing instructions, CDATA sections and entity references in the tree; the text before and after
the root element (declaration, comments, DOCTYPE and the line breaks between them) is copied from the
source as it was, because lxml would join those nodes onto one line.
"""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from app.core.formats.document import FormatError

# Names both Python and libxml2 know; with the mark kept apart, the body is written without one.
_BOMS = (
    (codecs.BOM_UTF8, "UTF-8"),
    (codecs.BOM_UTF16_LE, "UTF-16LE"),
    (codecs.BOM_UTF16_BE, "UTF-16BE"),
)


@dataclass(frozen=True)
class XmlSource:
    """An XML file as read: its bytes, what sits around the root element, and the encoding to write."""

    data: bytes
    bom: bytes
    codec: str
    prolog: str
    epilog: str


def parser() -> Any:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        strip_cdata=False,
        remove_blank_text=False,
    )


def read_xml(path: Path) -> tuple[XmlSource, Any]:
    """The file's source description and its parsed tree; FormatError for an unreadable or broken file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"{path.name} cannot be read: {exc.strerror or exc}.") from exc
    if not data.strip():
        raise FormatError(f"{path.name} is empty: there is nothing to translate.")
    tree = parse(path, data)
    bom, codec = _encoding(path, data, tree)
    text = data[len(bom) :].decode(codec, errors="replace")
    prolog, epilog = _surroundings(text, tree.getroot())
    return XmlSource(data, bom, codec, prolog, epilog), tree


def parse(path: Path, data: bytes) -> Any:
    try:
        return etree.parse(io.BytesIO(data), parser())
    except etree.XMLSyntaxError as exc:
        line = f", line {exc.lineno}" if exc.lineno else ""
        raise FormatError(f"{path.name}{line}: this is not well-formed XML ({exc.msg}).") from None


def serialise(source: XmlSource, root: Any) -> bytes:
    """The document with ``root`` in place of the original root element, in the original encoding."""
    body: bytes = etree.tostring(root, encoding=source.codec, xml_declaration=False, with_tail=False)
    prolog = source.prolog.encode(source.codec, errors="xmlcharrefreplace")
    epilog = source.epilog.encode(source.codec, errors="xmlcharrefreplace")
    return source.bom + prolog + body + epilog


def _encoding(path: Path, data: bytes, tree: Any) -> tuple[bytes, str]:
    for mark, codec in _BOMS:
        if data.startswith(mark):
            return mark, codec
    declared = str(tree.docinfo.encoding or "UTF-8")
    try:
        codecs.lookup(declared)
    except LookupError:
        raise FormatError(
            f"{path.name} is written in the encoding “{declared}”, which Copydesk cannot write back. "
            "Save it as UTF-8 and try again."
        ) from None
    return b"", declared


def _surroundings(text: str, root: Any) -> tuple[str, str]:
    """The text before the root's start tag and after its end tag, found from the root's line."""
    name = re.escape(root.tag.rpartition("}")[2])
    prefix = f"(?:{re.escape(root.prefix)}:)" if root.prefix else ""
    lines = text.splitlines(keepends=True)
    offset = sum(len(line) for line in lines[: max((root.sourceline or 1) - 1, 0)])
    start = re.compile(rf"<{prefix}{name}[\s/>]").search(text, offset)
    if start is None:
        return "", ""
    ends = list(re.finditer(rf"</{prefix}{name}\s*>", text))
    end = ends[-1].end() if ends else _self_closed_end(text, start.start())
    return text[: start.start()], text[end:]


def _self_closed_end(text: str, start: int) -> int:
    """A root with no content (``<xliff …/>``): the end of its only tag."""
    found = text.find("/>", start)
    return found + 2 if found >= 0 else len(text)
