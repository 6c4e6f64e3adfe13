"""XLIFF 2.x (namespace ``urn:oasis:names:tc:xliff:document:2.0``): each ``<segment>`` of each ``<unit>``.

``<ignorable>`` parts are not segments. A segment whose ``state`` is ``translated``, ``reviewed`` or
``final`` is left alone (someone has called it done; the 1.2 reader draws the same line). Output segments
get ``state="translated"``, or ``initial`` when the translation needs review, since 2.0 has no
"needs review" state; ``trgLang`` is set on ``<xliff>``.
"""

from __future__ import annotations

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

NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
DONE_STATES = frozenset({"translated", "reviewed", "final"})


def _q(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _attribute(name: str) -> Any:
    def read(element: Any) -> str | None:
        value = element.get(name)
        return None if value is None else str(value)

    return read


DIALECT = InlineDialect(
    wraps=frozenset({_q("pc"), _q("mrk")}),
    spans={
        _q("sc"): SpanRule(_q("ec"), _attribute("id"), _attribute("startRef")),
        _q("sm"): SpanRule(_q("em"), _attribute("id"), _attribute("startRef")),
    },
    opaque=lambda element: element.get("translate") == "no",
)


class Xliff20:
    def __init__(self, version: str) -> None:
        self.name = f"XLIFF {version}"

    def extract(self, root: Any) -> Extraction:
        keys = KeyMaker()
        units: list[UnitSlots] = []
        skipped: list[str] = []
        for file_number, file in enumerate(root.iter(_q("file")), start=1):
            file_id = str(file.get("id") or f"f{file_number}")
            for unit_number, unit in enumerate(file.iter(_q("unit")), start=1):
                if not translatable(unit, file):
                    continue
                unit_id = str(unit.get("id") or f"u{unit_number}")
                notes = unit.find(_q("notes"))
                note = note_text(notes.findall(_q("note")) if notes is not None else ())
                segments = unit.findall(_q("segment"))
                for number, segment in enumerate(segments, start=1):
                    source = segment.find(_q("source"))
                    if source is None:
                        continue
                    markup = to_markers(source, DIALECT)
                    part = () if len(segments) == 1 else (str(segment.get("id") or number),)
                    key = keys.make(file_id, unit_id, *part)
                    if not markup.has_text():
                        continue
                    if segment.get("state") in DONE_STATES:
                        skipped.append(key)
                    else:
                        units.append(UnitSlots(segment, (SegmentSlot(key, note, markup),)))
        return Extraction(tuple(units), tuple(skipped))

    def write(self, unit: UnitSlots, translations: Mapping[str, Translation], fallbacks: list[str]) -> None:
        (slot,) = unit.slots
        translation = translations.get(slot.key)
        if translation is None:
            return  # the segment keeps its explicit untranslated state
        segment = unit.element
        target = target_after(segment, segment.find(_q("source")), _q("target"))
        if not fill(target, slot.markup, translation.text):
            fallbacks.append(slot.key)
        segment.set("state", "initial" if translation.needs_review else "translated")

    def set_target_language(self, root: Any, language: str) -> None:
        root.set("trgLang", language)
        for target in root.iter(_q("target")):
            set_language(target, language)
