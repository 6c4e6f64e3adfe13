"""Moving a Word paragraph's formatted groups and inline objects into the order a translation gives them.

"Click <g1>Save</g1>, then <g2>wait</g2>" may come back as "<g2>Warten</g2> Sie, nachdem Sie auf
<g1>Speichern</g1> klicken". Text alone cannot follow that (each group's words must stay in its runs), so
the runs themselves move: each top-level group or object is a block of the paragraph's direct children
(runs, a hyperlink, a field), and the blocks trade places. The text between them stays where it was and
receives the translation's text between the markers. When a block shares a run with other text (a tab
inside a run of text), it cannot move on its own; the caller then falls back to the whole translation in
the first run.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from app.core.formats.docx_markers import Piece, Slot, Unit, top_order


def reorder(paragraph: etree._Element, source: Sequence[Piece], order: list[Unit]) -> bool:
    """Put the top-level blocks of ``paragraph`` in ``order``; False (nothing changed) when impossible."""
    current = top_order(source)
    if current == order:
        return True
    children = list(paragraph)
    position = {child: index for index, child in enumerate(children)}
    owner: dict[int, Unit] = {}
    for unit, leaves in _leaves(source).items():
        for leaf in leaves:
            index = position[_direct_child(leaf, paragraph)]
            if owner.setdefault(index, unit) != unit:
                return False
    blocks: dict[Unit, tuple[int, int]] = {}
    for unit in current:
        indices = [index for index, held_by in owner.items() if held_by == unit]
        first, last = min(indices), max(indices)
        if any(owner.get(index, unit) != unit for index in range(first, last + 1)):
            return False
        blocks[unit] = (first, last)
    replacement = {blocks[here][0]: blocks[there] for here, there in zip(current, order, strict=True)}
    ends = {first: last for first, last in blocks.values()}
    arranged: list[etree._Element] = []
    index = 0
    while index < len(children):
        if index in replacement:
            first, last = replacement[index]
            arranged.extend(children[first : last + 1])
            index = ends[index] + 1
        else:
            arranged.append(children[index])
            index += 1
    for child in arranged:
        paragraph.append(child)  # appending an existing child moves it: the children end up in order
    return True


def _leaves(source: Sequence[Piece]) -> dict[Unit, list[etree._Element]]:
    """The text and object elements of each top-level unit; top-level text counts as units of its own
    (``("t", n)``), so that a block sharing a run with it is found and refused."""
    leaves: dict[Unit, list[etree._Element]] = {}
    group = 0
    texts = 0
    for piece in source:
        if isinstance(piece, Slot):
            if group:
                leaves.setdefault(("g", group), []).extend(piece.elements)
            else:
                texts += 1
                leaves[("t", texts)] = list(piece.elements)
        elif piece.kind == "open":
            group = piece.number
        elif piece.kind == "close":
            group = 0
        else:
            unit = ("g", group) if group else ("x", piece.number)
            leaves.setdefault(unit, []).extend(piece.objects)
    return leaves


def _direct_child(element: etree._Element, paragraph: etree._Element) -> etree._Element:
    while element.getparent() is not paragraph:
        element = element.getparent()
    return element
