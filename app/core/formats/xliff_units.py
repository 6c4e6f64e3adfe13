"""What the two XLIFF versions share: where each segment lives, unique keys, notes, and target elements.

Reading and rendering walk the tree with the same code, so a render on a fresh parse of the file finds
each segment by the same key without keeping element references between calls.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from lxml import etree

from app.core.formats.document import Translation
from app.core.formats.xliff_inline import Markup


@dataclass(frozen=True)
class SegmentSlot:
    key: str
    note: str
    markup: Markup
    position: int = 0
    """1.2 segmented units: the index of the segment's ``<mrk mtype="seg">`` in ``<seg-source>``."""


@dataclass(frozen=True)
class UnitSlots:
    """The element a target is written into (1.2 ``<trans-unit>``, 2.0 ``<segment>``) and its segments."""

    element: Any
    slots: tuple[SegmentSlot, ...]
    segmented: bool = False


@dataclass(frozen=True)
class Extraction:
    units: tuple[UnitSlots, ...]
    skipped_translated: tuple[str, ...]


class Version(Protocol):
    """One XLIFF version: how to find segments, and how to write their targets."""

    name: str

    def extract(self, root: Any) -> Extraction: ...

    def write(self, unit: UnitSlots, translations: Mapping[str, Translation], fallbacks: list[str]) -> None:
        """Write the unit's target(s); append the keys whose markers did not match to ``fallbacks``."""
        ...

    def set_target_language(self, root: Any, language: str) -> None: ...


class KeyMaker:
    """Keys as the file names them; a repeated id (invalid, but seen) gets " (2)" rather than a clash."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def make(self, *parts: str) -> str:
        key = "#".join(parts)
        candidate, count = key, 1
        while candidate in self._seen:
            count += 1
            candidate = f"{key} ({count})"
        self._seen.add(candidate)
        return candidate


def translatable(element: Any, stop: Any) -> bool:
    """XLIFF's ``translate`` attribute is inherited: the nearest one from ``element`` up to ``stop`` wins."""
    current = element
    while current is not None:
        value = current.get("translate")
        if value is not None:
            return str(value) != "no"
        if current is stop:
            return True
        current = current.getparent()
    return True


def note_text(notes: Iterable[Any]) -> str:
    return "\n".join(
        " ".join("".join(note.itertext()).split()) for note in notes if "".join(note.itertext()).strip()
    )


def target_after(parent: Any, anchor: Any, tag: str) -> Any:
    """The ``tag`` child of ``parent``, emptied, or a new one right after ``anchor`` (same layout)."""
    target = parent.find(tag)
    if target is not None:
        target.text = None
        for child in list(target):
            target.remove(child)
        return target
    target = etree.Element(tag)
    target.tail = anchor.tail
    if anchor.getnext() is None:  # the anchor's tail indents the parent's end tag; the target's must now
        previous = anchor.getprevious()
        indent = parent.text if previous is None else previous.tail
        if indent is not None and not indent.strip():
            anchor.tail = indent
    parent.insert(parent.index(anchor) + 1, target)
    return target


def set_language(element: Any, language: str) -> None:
    """Update an ``xml:lang`` the element already has; a missing one stays missing."""
    name = "{http://www.w3.org/XML/1998/namespace}lang"
    if element.get(name) is not None:
        element.set(name, language)
