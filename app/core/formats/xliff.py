"""XLIFF 1.2 and 2.x files: segments out, the same file back with targets written in.

The version comes from the root element's namespace. Inline elements become ``<gN>…</gN>`` and
``<xN/>`` markers in the segment text (:mod:`app.core.formats.xliff_inline`); everything else in the file
(namespaces, attributes, notes, ``<alt-trans>``, comments, processing instructions, the declaration and
encoding) is written back as it was. Each render works on a fresh parse of the original bytes, so the
document can be rendered any number of times.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.core.formats.document import FormatError, Segment, Translation
from app.core.formats.xliff_units import Extraction, Version
from app.core.formats.xliff_v12 import NAMESPACE as NAMESPACE_12
from app.core.formats.xliff_v12 import Xliff12
from app.core.formats.xliff_v20 import NAMESPACE as NAMESPACE_20
from app.core.formats.xliff_v20 import Xliff20
from app.core.formats.xliff_xml import XmlSource, parse, read_xml, serialise

__all__ = ["XliffDocument", "open_xliff"]


def open_xliff(path: Path) -> XliffDocument:
    """The XLIFF file at ``path``; FormatError for broken XML, another root or an unsupported version."""
    source, tree = read_xml(path)
    version = _version(path, tree.getroot())
    return XliffDocument(path, source, version, version.extract(tree.getroot()))


class XliffDocument:
    """An XLIFF file's translatable segments; see :mod:`app.core.formats.xliff_v12` / ``xliff_v20`` for
    which units count as already translated and which states the output gets."""

    def __init__(self, path: Path, source: XmlSource, version: Version, found: Extraction) -> None:
        self._path = path
        self._source = source
        self._version = version
        self._segments = tuple(
            Segment(slot.key, slot.markup.text, slot.note) for unit in found.units for slot in unit.slots
        )
        self._skipped = found.skipped_translated
        self._fallbacks: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        return self._path

    @property
    def format_name(self) -> str:
        return self._version.name

    @property
    def segments(self) -> tuple[Segment, ...]:
        return self._segments

    @property
    def skipped_translated(self) -> tuple[str, ...]:
        """Keys of segments left out because their target is already translated or approved."""
        return self._skipped

    @property
    def fallbacks(self) -> tuple[str, ...]:
        """Keys whose translation's markers did not match the source's in the last render: their target
        keeps the markers that made sense, with the missing inline elements appended at its end."""
        return self._fallbacks

    def render(self, translations: Mapping[str, Translation], target_language: str) -> bytes:
        """The file with a target for each translated segment; untranslated ones stay as they were."""
        tree = parse(self._path, self._source.data)
        root = tree.getroot()
        fallbacks: list[str] = []
        for unit in self._version.extract(root).units:
            self._version.write(unit, translations, fallbacks)
        self._version.set_target_language(root, target_language)
        self._fallbacks = tuple(fallbacks)
        return serialise(self._source, root)


def _version(path: Path, root: Any) -> Version:
    tag = root.tag if isinstance(root.tag, str) else ""
    namespace, _, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
    if local != "xliff":
        raise FormatError(f"{path.name} is not an XLIFF file: its root element is <{local or tag}>.")
    if namespace == NAMESPACE_12:
        return Xliff12()
    if namespace == NAMESPACE_20:
        return Xliff20(str(root.get("version") or "2.0"))
    found = root.get("version")
    version = f"version {found}" if found else "an unknown version"
    where = f"namespace {namespace}" if namespace else "no namespace"
    raise FormatError(
        f"{path.name} is XLIFF {version} ({where}), which Copydesk cannot read. It reads XLIFF 1.2 and 2.x; "
        "export the file again in one of those."
    )
