"""One Word paragraph as segment text with inline markers, and a translation put back into the same runs.

A paragraph's visible text sits in ``w:t`` elements inside runs (``w:r``), each run with its own formatting
(``w:rPr``). Run boundaries that matter to the reader become markers in the segment text, so the
translator can move them with the words they belong to:

- text in a formatting other than the paragraph's main one (the formatting holding the most characters) is
  wrapped as ``<g1>…</g1>``, numbered per paragraph; a hyperlink, field or content control counts as
  formatting too, so its text keeps its boundaries;
- tabs, breaks, images, field characters and other inline objects between two pieces of text become
  ``<x1/>`` (several in a row become one marker); those before the first or after the last text need none.

Only ``w:t`` text changes (and, when a translation reorders groups, the order of the runs holding them):
run properties and objects stay as they were. A stretch of text spread over several runs of one
formatting (Word splits runs for spell checking and revision ids) gets the translation in its first
``w:t``; the others are emptied. When a translation's markers do not match the source's (missing,
duplicated, invented, moved into another group), the whole translation goes into the first ``w:t`` of the
paragraph, markers removed, and ``apply`` returns False so the caller can report it: that paragraph loses
its inline formatting, never its text.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from app.core.formats.docx_markers import MARKER, Marker, Piece, Slot, place
from app.core.formats.docx_reorder import reorder

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Characters XML 1.0 cannot hold; a translation carrying one would make the part unwritable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


# Runs under these are not the paragraph's visible text: deleted revisions, the Fallback copy of an
# mc:Choice, a nested paragraph (text box), a run inside a run (ruby).
_NOT_TEXT_CONTAINERS = frozenset({w("del"), w("moveFrom"), f"{{{MC_NS}}}Fallback", w("r"), w("p")})
# Run children that neither hold text nor show anything between two words.
_INVISIBLE = frozenset(
    {w("rPr"), w("lastRenderedPageBreak"), w("instrText"), w("delInstrText"), w("softHyphen")}
)
# Properties that only steer proofing; runs differing in them alone have one formatting.
_PROOFING_ONLY = (w("lang"), w("noProof"))

_Identity = tuple[tuple[int, ...], bytes]


@dataclass(frozen=True)
class _Text:
    element: etree._Element
    identity: _Identity
    containers: tuple[etree._Element, ...]
    """Held so that the element ids in ``identity`` stay unique while the paragraph is read."""


@dataclass(frozen=True)
class _Object:
    element: etree._Element


class ParagraphText:
    """A paragraph's segment text, and the slots its translation goes back into."""

    def __init__(self, paragraph: etree._Element, pieces: tuple[Piece, ...], *, literal: bool) -> None:
        self._paragraph = paragraph
        self._pieces = pieces
        self._literal = literal
        self.text = "".join(piece.text for piece in pieces)

    def apply(self, translation: str) -> bool:
        """Write ``translation`` into the paragraph; False when its markers did not fit (text kept whole)."""
        translation = _NOT_XML.sub("", translation)
        placement = None if self._literal else place(self._pieces, translation)
        if placement is not None and reorder(self._paragraph, self._pieces, placement.order):
            for slot, text in placement.shares:
                _write(slot, text)
            return True
        whole = translation if self._literal else MARKER.sub("", translation)
        slots = [piece for piece in self._pieces if isinstance(piece, Slot)]
        for index, slot in enumerate(slots):
            _write(slot, whole if index == 0 else "")
        return self._literal


def read_paragraph(paragraph: etree._Element) -> ParagraphText | None:
    """The paragraph's text with markers; None when it holds no visible text (empty, only images)."""
    tokens = list(_tokens(paragraph))
    texts = [token for token in tokens if isinstance(token, _Text)]
    raw = "".join(token.element.text for token in texts)
    if not raw.strip():
        return None
    if MARKER.search(raw):
        # The text itself looks like our markers (a document about markup): no markers at all, so none
        # can be confused with the text; the translation goes in whole.
        return ParagraphText(paragraph, (Slot(tuple(token.element for token in texts)),), literal=True)
    body = tokens[tokens.index(texts[0]) : tokens.index(texts[-1]) + 1]
    return ParagraphText(paragraph, _pieces(body, _main_identity(texts)), literal=False)


def _tokens(paragraph: etree._Element) -> Iterator[_Text | _Object]:
    """The paragraph's own runs in order: a ``_Text`` per non-empty ``w:t``, an ``_Object`` per visible
    inline object."""
    for run in paragraph.iter(w("r")):
        chain = _containers(run, paragraph)
        if chain is None:
            continue
        identity = ((*(id(element) for element in chain),), _properties_key(run))
        for child in run:
            if child.tag == w("t"):
                if child.text:  # an emptied w:t (left by an earlier translation) shows nothing
                    yield _Text(child, identity, chain)
            elif isinstance(child.tag, str) and child.tag not in _INVISIBLE:
                yield _Object(child)


def _containers(run: etree._Element, paragraph: etree._Element) -> tuple[etree._Element, ...] | None:
    """The elements between ``run`` and ``paragraph`` (hyperlink, field, content control); None when the
    run is not part of the paragraph's visible text (see ``_NOT_TEXT_CONTAINERS``)."""
    chain: list[etree._Element] = []
    parent = run.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag in _NOT_TEXT_CONTAINERS:
            return None
        chain.append(parent)
        parent = parent.getparent()
    return tuple(chain)


def _properties_key(run: etree._Element) -> bytes:
    properties = run.find(w("rPr"))
    if properties is None:
        return b""
    properties = copy.deepcopy(properties)
    for tag in _PROOFING_ONLY:
        for child in properties.findall(tag):
            properties.remove(child)
    if len(properties) == 0 and not properties.attrib:
        return b""  # nothing but proofing: the same as no properties at all
    return bytes(etree.tostring(properties, method="c14n"))


def _main_identity(texts: list[_Text]) -> _Identity:
    """The formatting holding the most characters (the first such on a tie)."""
    counts: dict[_Identity, int] = {}
    for token in texts:
        counts[token.identity] = counts.get(token.identity, 0) + len(token.element.text)
    return max(counts, key=lambda identity: counts[identity])


def _pieces(body: list[_Text | _Object], main: _Identity) -> tuple[Piece, ...]:
    """Slots and markers: stretches of one formatting, grouped when not the main one, objects between."""
    stretches: list[tuple[_Identity, list[etree._Element]] | list[etree._Element]] = []
    for token in body:
        last = stretches[-1] if stretches else None
        if isinstance(token, _Object):
            if isinstance(last, list):
                last.append(token.element)
            else:
                stretches.append([token.element])
        elif isinstance(last, tuple) and last[0] == token.identity:
            last[1].append(token.element)
        else:
            stretches.append((token.identity, [token.element]))
    pieces: list[Piece] = []
    groups = objects = 0
    open_identity: _Identity | None = None
    for index, stretch in enumerate(stretches):
        if isinstance(stretch, list):
            following = stretches[index + 1]
            assert isinstance(following, tuple)  # the body ends with text, and objects in a row are one
            if open_identity is not None and following[0] != open_identity:
                pieces.append(Marker("close", groups))
                open_identity = None
            objects += 1
            pieces.append(Marker("object", objects, tuple(stretch)))
            continue
        identity, elements = stretch
        if open_identity is not None and identity != open_identity:
            pieces.append(Marker("close", groups))
            open_identity = None
        if identity != main and open_identity is None:
            groups += 1
            pieces.append(Marker("open", groups))
            open_identity = identity
        pieces.append(Slot(tuple(elements)))
    if open_identity is not None:
        pieces.append(Marker("close", groups))
    return tuple(pieces)


def _write(slot: Slot, text: str) -> None:
    """The slot's first ``w:t`` gets ``text``; the others are emptied (their runs and properties stay)."""
    head, *rest = slot.elements
    head.text = text
    if text != text.strip():
        head.set(_XML_SPACE, "preserve")
    for element in rest:
        element.text = ""
