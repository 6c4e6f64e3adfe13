"""XLIFF inline elements as numbered markers in the segment text, and back.

A translator works on ``Click <g1>Save</g1> now<x2/>``; the original elements (attributes, native code
inside ``<ph>`` or ``<bpt>``, comments, entity references) are kept aside, numbered in order of
appearance, and rebuilt exactly in the target. Three kinds of code:

- a *wrap* (1.2 ``<g>``/``<mrk>``, 2.0 ``<pc>``/``<mrk>``) holds translatable text: ``<gN>…</gN>``;
- a *span* is two sibling elements that open and close a range (``<bpt>``/``<ept>``, ``<bx/>``/``<ex/>``,
  ``<sc/>``/``<ec/>``, ``<sm/>``/``<em/>``): also ``<gN>…</gN>``, so a translation cannot close it before
  opening it; a pair that is split over two levels or crosses another pair is left as two singles;
- anything else (``<x/>``, ``<ph>``, ``<it>``, ``<cp/>``, protected ``<mrk>``, comments, entity
  references) is a *single* ``<xN/>`` whose content is never offered for translation.

When a translation's markers differ from the source's, nothing is dropped: the markers that make sense
are kept where they are, invented or repeated ones are left out, and every source code that is missing is
appended at the end of the target, so the file keeps all its codes and the caller is told.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

CodeKind = Literal["wrap", "span", "single"]

_MARKER = re.compile(r"<(/?)g(\d+)>|<x(\d+)\s*/>")
# Characters XML 1.0 cannot hold; a translation may contain them, the target must not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class SpanRule:
    """How the closing element of a span finds its opening element."""

    closer: str
    open_key: Callable[[Any], str | None]
    close_key: Callable[[Any], str | None]


@dataclass(frozen=True)
class InlineDialect:
    """The inline elements of one XLIFF version (tags in Clark notation)."""

    wraps: frozenset[str]
    spans: Mapping[str, SpanRule]
    opaque: Callable[[Any], bool]
    """Elements whose content must stay as it is (``translate="no"``, protected marks)."""


@dataclass(frozen=True)
class InlineCode:
    number: int
    kind: CodeKind
    elements: tuple[Any, ...]
    """wrap: an empty shell of the element; span: opener and closer; single: the element."""


@dataclass(frozen=True)
class Markup:
    """A segment's text with markers, and the codes the markers stand for."""

    text: str
    codes: tuple[InlineCode, ...]

    def has_text(self) -> bool:
        return bool(_MARKER.sub("", self.text).strip())


def to_markers(container: Any, dialect: InlineDialect) -> Markup:
    """The content of ``container`` (a ``<source>``, a segment ``<mrk>``) as marker text."""
    builder = _Builder(dialect)
    builder.walk(container)
    return Markup("".join(builder.parts), tuple(builder.codes))


def fill(container: Any, markup: Markup, translated: str) -> bool:
    """Replace the content of ``container`` with ``translated``, rebuilding the codes of ``markup``.

    Returns False when the markers did not match the source's (see the module notes on what happens).
    """
    return _Filler(container, markup).run(_NOT_XML.sub("", translated))


def _detached(element: Any) -> Any:
    clone = copy.deepcopy(element)
    clone.tail = None
    return clone


def _shell(element: Any) -> Any:
    clone = _detached(element)
    clone.text = None
    for child in list(clone):
        clone.remove(child)
    return clone


class _Builder:
    def __init__(self, dialect: InlineDialect) -> None:
        self.dialect = dialect
        self.parts: list[str] = []
        self.codes: list[InlineCode] = []

    def _code(self, kind: CodeKind, *elements: Any) -> int:
        number = len(self.codes) + 1
        self.codes.append(InlineCode(number, kind, elements))
        return number

    def walk(self, parent: Any) -> None:
        self.parts.append(parent.text or "")
        children = list(parent)
        pairs = _span_pairs(children, self.dialect)
        closing: dict[int, int] = {}  # closer index -> marker number
        for index, child in enumerate(children):
            if index in pairs:
                closer = pairs[index]
                number = self._code("span", _detached(child), _detached(children[closer]))
                closing[closer] = number
                self.parts.append(f"<g{number}>")
            elif index in closing:
                self.parts.append(f"</g{closing[index]}>")
            elif child.tag in self.dialect.wraps and not self.dialect.opaque(child):
                number = self._code("wrap", _shell(child))
                self.parts.append(f"<g{number}>")
                self.walk(child)
                self.parts.append(f"</g{number}>")
            else:
                self.parts.append(f"<x{self._code('single', _detached(child))}/>")
            self.parts.append(child.tail or "")


def _span_pairs(children: list[Any], dialect: InlineDialect) -> dict[int, int]:
    """Opener index -> closer index for the spans among siblings that nest properly."""
    candidates: dict[int, int] = {}
    taken: set[int] = set()
    for index, child in enumerate(children):
        rule = dialect.spans.get(child.tag) if isinstance(child.tag, str) else None
        key = rule.open_key(child) if rule is not None else None
        if rule is None or key is None:
            continue
        for later in range(index + 1, len(children)):
            other = children[later]
            if later not in taken and other.tag == rule.closer and rule.close_key(other) == key:
                candidates[index] = later
                taken.add(later)
                break
    crossing = {
        start
        for start, end in candidates.items()
        for other_start, other_end in candidates.items()
        if start < other_start < end < other_end or other_start < start < other_end < end
    }
    return {start: end for start, end in candidates.items() if start not in crossing}


@dataclass
class _Open:
    code: InlineCode
    parent: Any
    """For a wrap, the element it was appended to; for a span, the element holding the opener."""
    element: Any = None


@dataclass
class _Filler:
    container: Any
    markup: Markup
    exact: bool = True
    used: set[int] = field(default_factory=set)
    stack: list[_Open] = field(default_factory=list)

    def run(self, translated: str) -> bool:
        self.container.text = None
        for child in list(self.container):
            self.container.remove(child)
        codes = {code.number: code for code in self.markup.codes}
        position = 0
        for match in _MARKER.finditer(translated):
            self._text(translated[position : match.start()])
            position = match.end()
            closing, paired, single = match.groups()
            number = int(paired or single)
            code = codes.get(number)
            wanted: tuple[CodeKind, ...] = ("single",) if single else ("wrap", "span")
            if code is None or code.kind not in wanted or (number in self.used and not closing):
                self.exact = False  # invented or repeated: left out
            elif closing:
                self._close(number)
            elif single:
                self.used.add(number)
                self._parent().append(_detached(code.elements[0]))
            else:
                self._open(code)
        self._text(translated[position:])
        while self.stack:
            self.exact = False
            self._finish(self.stack.pop())
        for code in self.markup.codes:
            if code.number not in self.used:
                self.exact = False
                for element in code.elements:
                    self.container.append(_detached(element))
        return self.exact

    def _parent(self) -> Any:
        for entry in reversed(self.stack):
            if entry.code.kind == "wrap":
                return entry.element
        return self.container

    def _text(self, text: str) -> None:
        if not text:
            return
        parent = self._parent()
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    def _open(self, code: InlineCode) -> None:
        self.used.add(code.number)
        parent = self._parent()
        element = _detached(code.elements[0])
        parent.append(element)
        self.stack.append(_Open(code, parent, element))

    def _close(self, number: int) -> None:
        if all(entry.code.number != number for entry in self.stack):
            self.exact = False  # a closing marker with nothing open: left out
            return
        while True:
            entry = self.stack.pop()
            if entry.code.number == number:
                self._finish(entry)
                return
            self.exact = False  # closed by an outer marker: it ends here
            self._finish(entry)

    def _finish(self, entry: _Open) -> None:
        if entry.code.kind == "span":
            entry.parent.append(_detached(entry.code.elements[1]))
