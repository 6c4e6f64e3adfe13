"""The inline markers of a Word paragraph's segment text, and how a translation's text is shared out.

A paragraph is read as a sequence of pieces: slots (stretches of ``w:t`` text of one formatting) and
markers (``<g1>``, ``</g1>``, ``<x1/>``). A translation is parsed into text and the same markers. The text
between two markers (a *gap*) goes to the slot in the same gap of the source: gaps are counted within
their group (0 for the paragraph's main formatting), so text may move freely around a marker, and groups
may change order (the caller then moves their runs; see :mod:`app.core.formats.docx_reorder`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

MARKER = re.compile(r"<(/?)g(\d+)>|<x(\d+)\s*/>")

Gap = tuple[int, int]  # (group number, 0 for the main formatting; position within that group)
Unit = tuple[str, int]  # a top-level marker: ("g", n) for a group, ("x", n) for an object


@dataclass(frozen=True)
class Slot:
    """Consecutive ``w:t`` elements of one formatting with nothing between them; the first gets the text."""

    elements: tuple[etree._Element, ...]

    @property
    def text(self) -> str:
        return "".join(element.text or "" for element in self.elements)


@dataclass(frozen=True)
class Marker:
    kind: str  # "open" | "close" | "object"
    number: int
    objects: tuple[etree._Element, ...] = field(default=(), compare=False)
    """For an object marker read from a paragraph: the tab, break, drawing… elements it stands for."""

    @property
    def text(self) -> str:
        if self.kind == "object":
            return f"<x{self.number}/>"
        return f"<{'/' if self.kind == 'close' else ''}g{self.number}>"


Piece = Slot | Marker


@dataclass(frozen=True)
class Placement:
    shares: list[tuple[Slot, str]]
    order: list[Unit]
    """The translation's order of top-level groups and objects."""


def parse(translation: str) -> list[str | Marker]:
    parsed: list[str | Marker] = []
    position = 0
    for match in MARKER.finditer(translation):
        parsed.append(translation[position : match.start()])
        slash, group, obj = match.groups()
        if obj is not None:
            parsed.append(Marker("object", int(obj)))
        else:
            parsed.append(Marker("close" if slash else "open", int(group)))
        position = match.end()
    parsed.append(translation[position:])
    return parsed


def top_order(pieces: Sequence[str | Piece]) -> list[Unit]:
    """Groups and objects outside any group, in order."""
    order: list[Unit] = []
    group = 0
    for piece in pieces:
        if isinstance(piece, Marker):
            if piece.kind == "open":
                order.append(("g", piece.number))
                group = piece.number
            elif piece.kind == "close":
                group = 0
            elif group == 0:
                order.append(("x", piece.number))
    return order


def place(source: Sequence[Piece], translation: str) -> Placement | None:
    """Each slot's share of ``translation``; None when its markers do not match the source's."""
    parsed = parse(translation)
    wanted = sorted((m.kind, m.number) for m in source if isinstance(m, Marker))
    found = sorted((m.kind, m.number) for m in parsed if isinstance(m, Marker))
    if wanted != found or _inner_objects(parsed) != _inner_objects(source):
        return None
    source_gaps = _gaps(source)
    target_gaps = _gaps(parsed)
    if source_gaps is None or target_gaps is None:
        return None
    slots = {gap: next(p for p in contents if isinstance(p, Slot)) for gap, contents in source_gaps.items()}
    shares = {gap: "" for gap in slots}
    for gap, contents in sorted(target_gaps.items()):
        text = "".join(piece for piece in contents if isinstance(piece, str))
        if gap in slots:
            shares[gap] += text
        elif text:
            _share_with_neighbour(shares, gap, text)
    return Placement([(slots[gap], shares[gap]) for gap in slots], top_order(parsed))


def _gaps(pieces: Sequence[str | Piece]) -> dict[Gap, list[str | Piece]] | None:
    """What lies between markers, by group and position; None when groups nest or do not close."""
    gaps: dict[Gap, list[str | Piece]] = {}
    group = 0
    position = {0: 0}
    for piece in pieces:
        if isinstance(piece, Marker):
            if piece.kind == "open":
                if group != 0:
                    return None
                group = piece.number
                position[group] = 0
            elif piece.kind == "close":
                if group != piece.number:
                    return None
                group = 0
                position[0] += 1
            else:
                position[group] += 1
        else:
            gaps.setdefault((group, position[group]), []).append(piece)
    return gaps if group == 0 else None


def _inner_objects(pieces: Sequence[str | Piece]) -> dict[int, list[int]]:
    """The objects inside each group, in order: they cannot move out of their group or past each other."""
    inside: dict[int, list[int]] = {}
    group = 0
    for piece in pieces:
        if isinstance(piece, Marker):
            if piece.kind == "object" and group:
                inside.setdefault(group, []).append(piece.number)
            elif piece.kind != "object":
                group = piece.number if piece.kind == "open" else 0
    return inside


def _share_with_neighbour(shares: dict[Gap, str], gap: Gap, text: str) -> None:
    """Text where the source had none (before a group that opened the paragraph): it joins the nearest
    slot of the same group, so no words are lost; they take that slot's formatting."""
    group, position = gap
    after = sorted(p for g, p in shares if g == group and p > position)
    before = sorted(p for g, p in shares if g == group and p < position)
    if after:
        shares[(group, after[0])] = text + shares[(group, after[0])]
    elif before:
        shares[(group, before[-1])] += text
    else:  # every group holds text in the source, so this is only a guard
        first = next(iter(shares))
        shares[first] += text
