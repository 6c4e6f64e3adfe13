"""TMX 1.4b in and out of the translation memory, so memories move between Copydesk and other tools.

Reading streams the file (lxml ``iterparse``; each ``<tu>`` is dropped once read), so memory use stays flat
however large the file is. The parser never fetches anything and never expands entities (no DTD, no
network, lxml's size limits kept), so a hostile file can neither read local files nor blow up; a unit
whose text uses an entity is skipped and reported, since its text would be incomplete. The whole
file is checked before anything is stored: a malformed file raises :class:`TmxError` with its line and
leaves the memory as it was.

What is read: each ``<tu>``'s ``<tuv>`` in the source language and the one in the target language
(``xml:lang``, or ``lang`` as TMX 1.1 spelled it). Codes compare without case; when the exact code is absent
a variant with the same primary subtag is taken (``en-GB`` text for ``en-US``, the bare ``en`` first). The
header's ``srclang`` is not needed (``*all*`` or a single language both work): the caller names the
direction, which also lets a de->en memory be read from an en->de file. Inside ``<seg>``, ``<hi>`` keeps its
text, while the native-code elements ``<bpt> <ept> <ph> <it> <ut>`` (and any ``<sub>`` inside them) are
dropped, since the memory stores plain text. A ``<tu>`` without text on one side is skipped and reported by
line. The unit's dates and usage count are kept.

Writing produces TMX 1.4b with Copydesk's header, ``creationdate``/``changedate`` in TMX's
``YYYYMMDDThhmmssZ`` form, ``usagecount`` and the entry's origin as ``<prop type="x-origin">``, replacing
the file atomically. Control characters that XML 1.0 cannot carry at all are left out of the file.
"""

from __future__ import annotations

import calendar
import io
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from app import __version__
from app.core.atomic_files import atomic_write_bytes
from app.core.translation.memory import MemoryEntry, Origin, TranslationMemory
from app.core.translation.memory_text import display_language, language_key, primary_subtag

TMX_DATE = "%Y%m%dT%H%M%SZ"
MAX_PROBLEMS = 100
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_CODE_ELEMENTS = frozenset({"bpt", "ept", "ph", "it", "ut"})
# Characters XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DOCTYPE = '<!DOCTYPE tmx PUBLIC "-//LISA OSCAR:1998//DTD for Translation Memory eXchange//EN" "tmx14.dtd">'


class TmxError(ValueError):
    """A TMX file that cannot be read or written; the message names the file and, where known, the line."""


@dataclass(frozen=True)
class TmxProblem:
    line: int
    message: str


@dataclass(frozen=True)
class TmxImport:
    added: int
    """Units stored (new entries, or ones that replaced an entry of the same or a lower rank)."""
    skipped: int
    """Units not stored: a side missing or empty, or a human translation already held for the source."""
    problems: tuple[TmxProblem, ...]
    """Why units were skipped, by line (the first :data:`MAX_PROBLEMS`, then a count of the rest)."""


@dataclass(frozen=True)
class TmxUnit:
    """One ``<tu>``: its line, its variants as (language key, text), dates and usage count if given."""

    line: int
    variants: tuple[tuple[str, str], ...]
    created: float | None = None
    updated: float | None = None
    uses: int = 0
    entities: tuple[str, ...] = ()
    """Entity references in its segments; they are never expanded, so the unit's text is incomplete."""


def import_tmx(
    path: Path, memory: TranslationMemory, source_lang: str, target_lang: str, *, origin: Origin = "import"
) -> TmxImport:
    """Add the file's pairs for one direction to ``memory`` (see the module docstring for what is read)."""
    src, tgt = language_key(source_lang), language_key(target_lang)
    total = sum(1 for _unit in iter_units(path))  # a malformed file fails here, before anything is stored
    problems: list[TmxProblem] = []
    missing = 0

    def entries() -> Iterator[MemoryEntry]:
        nonlocal missing
        for unit in iter_units(path):
            source, target = _pick(unit.variants, src), _pick(unit.variants, tgt)
            if source is None or target is None or unit.entities:
                missing += 1
                if len(problems) < MAX_PROBLEMS:
                    problems.append(TmxProblem(unit.line, _skip_message(unit, src, tgt, source, target)))
                continue
            yield MemoryEntry(src, tgt, source, target, origin, unit.created, unit.updated, unit.uses)

    added = memory.add_many(entries())
    if missing > len(problems):
        problems.append(TmxProblem(0, f"{missing - len(problems)} more units were skipped for these reasons"))
    return TmxImport(added, total - added, tuple(problems))


def iter_units(path: Path) -> Iterator[TmxUnit]:
    """Stream the file's ``<tu>`` elements; raises :class:`TmxError` for a file that is not TMX."""
    try:
        parser = etree.iterparse(
            str(path),
            events=("end",),
            tag=("{*}tu", "{*}header"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        checked = False
        for _event, element in parser:
            if not checked:
                _check_root(path, element.getroottree().getroot())
                checked = True
            if _local(element.tag) == "tu":
                yield _unit(element)
            element.clear(keep_tail=False)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
        if not checked:
            _check_root(path, parser.root)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else exc.lineno
        raise TmxError(f"{path} is not well-formed XML: line {line}: {exc.msg}") from exc
    except OSError as exc:
        raise TmxError(f"The TMX file {path} cannot be read ({exc.strerror or exc}).") from exc


def export_tmx(memory: TranslationMemory, path: Path, source_lang: str, target_lang: str) -> int:
    """Write every entry of one language pair as TMX 1.4b; returns how many units were written."""
    src, tgt = display_language(language_key(source_lang)), display_language(language_key(target_lang))
    buffer = io.BytesIO()
    written = 0
    with etree.xmlfile(buffer, encoding="UTF-8") as xf:
        xf.write_declaration()
        xf.write_doctype(_DOCTYPE)
        with xf.element("tmx", version="1.4"):
            xf.write("\n", _header(src), "\n")
            with xf.element("body"):
                for entry in memory.entries(src, tgt):
                    xf.write("\n", _tu_element(entry, src, tgt))
                    written += 1
                xf.write("\n")
    try:
        atomic_write_bytes(path, buffer.getvalue() + b"\n")
    except OSError as exc:
        raise TmxError(f"The TMX file {path} cannot be written ({exc.strerror or exc}).") from exc
    return written


def tmx_date(moment: float) -> str:
    return time.strftime(TMX_DATE, time.gmtime(moment))


def parse_tmx_date(text: str | None) -> float | None:
    """A TMX date (UTC, ``20240131T235959Z``) as seconds since the epoch; None when absent or malformed."""
    if not text:
        return None
    try:
        return float(calendar.timegm(time.strptime(text.strip(), TMX_DATE)))
    except ValueError:
        return None


# -- reading ----------------------------------------------------------------------------------------


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _check_root(path: Path, root: Any) -> None:
    if root is None or _local(root.tag) != "tmx":
        name = "nothing" if root is None else f"<{_local(root.tag)}>"
        raise TmxError(f"{path} is not a TMX file: its root element is {name}, not <tmx>.")


def _unit(tu: Any) -> TmxUnit:
    variants = []
    entities: list[str] = []
    for tuv in tu:
        if _local(tuv.tag) != "tuv":
            continue
        lang = tuv.get(_XML_LANG) or tuv.get("lang")
        seg = next((child for child in tuv if _local(child.tag) == "seg"), None)
        if lang and seg is not None:
            variants.append((_lang_key(lang), seg_text(seg)))
            entities += [f"&{node.name};" for node in seg.iter() if node.tag is etree.Entity]
    uses = tu.get("usagecount", "")
    return TmxUnit(
        int(tu.sourceline or 0),
        tuple(variants),
        parse_tmx_date(tu.get("creationdate")),
        parse_tmx_date(tu.get("changedate")),
        int(uses) if uses.isdigit() else 0,
        tuple(entities),
    )


def seg_text(element: Any) -> str:
    """The plain text of a ``<seg>``: ``<hi>`` (and anything unknown) keeps its text, native-code
    elements are dropped; text after every element is kept."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and _local(child.tag) not in _CODE_ELEMENTS:
            parts.append(seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _lang_key(code: str) -> str:
    try:
        return language_key(code)
    except ValueError:
        return code.strip().lower()


def _pick(variants: tuple[tuple[str, str], ...], wanted: str) -> str | None:
    """The text in ``wanted``, else in the bare primary language, else in another variant of it."""
    primary = primary_subtag(wanted)
    ranked = sorted(
        (0 if lang == wanted else 1 if lang == primary else 2, index, text)
        for index, (lang, text) in enumerate(variants)
        if primary_subtag(lang) == primary and text.strip()
    )
    return ranked[0][2] if ranked else None


def _skip_message(unit: TmxUnit, src: str, tgt: str, source: str | None, target: str | None) -> str:
    if unit.entities:
        names = ", ".join(sorted(set(unit.entities)))
        return f"skipped: it uses entities ({names}), which are never expanded, so its text is incomplete"
    absent = [display_language(code) for code, text in ((src, source), (tgt, target)) if text is None]
    present = ", ".join(sorted({display_language(lang) for lang, text in unit.variants if text.strip()}))
    return f"skipped: no {' or '.join(absent)} text (this unit has {present or 'no text'})"


# -- writing ----------------------------------------------------------------------------------------


def _header(src: str) -> Any:
    return etree.Element(
        "header",
        creationtool="Copydesk",
        creationtoolversion=__version__,
        datatype="plaintext",
        segtype="sentence",
        adminlang="en",
        srclang=src,
        attrib={"o-tmf": "Copydesk", "creationdate": tmx_date(time.time())},
    )


def _tu_element(entry: MemoryEntry, src: str, tgt: str) -> Any:
    created = entry.created if entry.created is not None else time.time()
    updated = entry.updated if entry.updated is not None else created
    tu = etree.Element(
        "tu", creationdate=tmx_date(created), changedate=tmx_date(updated), usagecount=str(entry.uses)
    )
    prop = etree.SubElement(tu, "prop", type="x-origin")
    prop.text = entry.origin
    for lang, text in ((src, entry.source), (tgt, entry.target)):
        tuv = etree.SubElement(tu, "tuv", {_XML_LANG: lang})
        etree.SubElement(tuv, "seg").text = _NOT_XML.sub("", text)
    return tu
