"""XLIFF 1.2: ``<trans-unit>`` elements, optionally segmented by ``<mrk mtype="seg">`` in ``<seg-source>``.

A unit is left alone when its target is already ``translated``, ``signed-off`` or ``final``, or the unit
is ``approved="yes"``: someone has called that translation done, and a new one must not replace it. A
unit in any other state (``new``, ``needs-translation``, ``needs-review-*``…) is translated. Output
targets get ``state="translated"``, or ``needs-review-translation`` when the translation needs review
(or, in a segmented unit, when some segment has no translation and keeps its source text).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from app.core.formats.document import Translation
from app.core.formats.xliff_inline import InlineDialect, SpanRule, fill, to_markers
from app.core.formats.xliff_units import (
    Extraction,
    KeyMaker,
    SegmentSlot,
    UnitSlots,
    note_text,
    set_language,
    target_after,
    translatable,
)

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
DONE_STATES = frozenset({"translated", "signed-off", "final"})


def _q(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _pair_key(element: Any) -> str | None:
    value = element.get("rid") or element.get("id")
    return None if value is None else str(value)


DIALECT = InlineDialect(
    wraps=frozenset({_q("g"), _q("mrk")}),
    spans={
        _q("bpt"): SpanRule(_q("ept"), _pair_key, _pair_key),
        _q("bx"): SpanRule(_q("ex"), _pair_key, _pair_key),
    },
    opaque=lambda element: element.get("mtype") == "protected",
)


class Xliff12:
    name = "XLIFF 1.2"

    def extract(self, root: Any) -> Extraction:
        keys = KeyMaker()
        units: list[UnitSlots] = []
        skipped: list[str] = []
        for file_number, file in enumerate(root.iter(_q("file")), start=1):
            original = str(file.get("original") or f"file{file_number}")
            for unit_number, unit in enumerate(file.iter(_q("trans-unit")), start=1):
                if not translatable(unit, file):
                    continue
                found = _unit(unit, keys, original, str(unit.get("id") or f"u{unit_number}"))
                if found is None:
                    continue
                if _done(unit):
                    skipped.extend(slot.key for slot in found.slots)
                else:
                    units.append(found)
        return Extraction(tuple(units), tuple(skipped))

    def write(self, unit: UnitSlots, translations: Mapping[str, Translation], fallbacks: list[str]) -> None:
        chosen = [translations.get(slot.key) for slot in unit.slots]
        if all(translation is None for translation in chosen):
            return  # the unit keeps its explicit untranslated state
        element = unit.element
        seg_source = element.find(_q("seg-source"))
        anchor = seg_source if seg_source is not None else element.find(_q("source"))
        target = target_after(element, anchor, _q("target"))
        review = any(translation is None or translation.needs_review for translation in chosen)
        if unit.segmented:
            target.text = seg_source.text
            for child in seg_source:
                target.append(copy.deepcopy(child))
            marks = _segment_marks(target)
            containers = [marks[slot.position] for slot in unit.slots]
        else:
            containers = [target]
        for slot, translation, container in zip(unit.slots, chosen, containers, strict=True):
            if translation is not None and not fill(container, slot.markup, translation.text):
                fallbacks.append(slot.key)
        target.set("state", "needs-review-translation" if review else "translated")

    def set_target_language(self, root: Any, language: str) -> None:
        for file in root.iter(_q("file")):
            file.set("target-language", language)
        for target in root.iter(_q("target")):
            set_language(target, language)


def _unit(unit: Any, keys: KeyMaker, original: str, unit_id: str) -> UnitSlots | None:
    note = note_text(unit.findall(_q("note")))
    seg_source = unit.find(_q("seg-source"))
    marks = _segment_marks(seg_source) if seg_source is not None else []
    if marks:
        slots = []
        for position, mark in enumerate(marks):
            markup = to_markers(mark, DIALECT)
            key = keys.make(original, unit_id, str(mark.get("mid") or position + 1))
            if markup.has_text():
                slots.append(SegmentSlot(key, note, markup, position))
        return UnitSlots(unit, tuple(slots), segmented=True) if slots else None
    source = unit.find(_q("source"))
    if source is None:
        return None
    markup = to_markers(source, DIALECT)
    if not markup.has_text():
        return None
    return UnitSlots(unit, (SegmentSlot(keys.make(original, unit_id), note, markup),))


def _segment_marks(parent: Any) -> list[Any]:
    return [mark for mark in parent.iter(_q("mrk")) if mark.get("mtype") == "seg"]


def _done(unit: Any) -> bool:
    target = unit.find(_q("target"))
    if target is None:
        return False
    return target.get("state") in DONE_STATES or unit.get("approved") == "yes"
