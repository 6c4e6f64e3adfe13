"""Glossaries from TBX term bases (ISO 30042), the exchange format of terminology tools.

Accepted: TBX 2008 / TBX-Basic / TBX-Default (root ``martif``: termEntry -> langSet -> tig | ntig) and
TBX 2019 (root ``tbx``, any namespace: conceptEntry -> langSec -> termSec). Elements are matched by local
name. Languages are matched on ``xml:lang`` (or the older ``lang``), exactly or else by primary subtag,
ignoring case. Entities declared inside the file are expanded (libxml2 caps the amplification, so an
"entity bomb" fails fast); external ones are never read and nothing is fetched, so a hostile file cannot
reach the disk or network: such a file fails as "Entity ... not defined".

- A term whose ``administrativeStatus`` (or ``normativeAuthorization``) is deprecatedTerm or
  supersededTerm (with or without the ``-admn-sts`` suffix) is left out.
- Of several target terms the preferredTerm one wins, else the first in the file. Every usable source
  term (synonyms too) maps to that target.
- "Do not translate" is read from the entry itself or its source and target language sections: a
  ``note``, ``descrip``, ``termNote`` or ``admin`` whose ``type`` is doNotTranslate / dnt /
  untranslatable (text yes, true, 1, x or empty), whose ``type`` is translatable with the text no / false
  / 0, or whose whole text says "do not translate", "don't translate", "DNT", "untranslatable", "not
  translatable" or "not to be translated". Such an entry needs no target term.
- A target identical to the source is NOT taken as do-not-translate: shared words ("Hotel", "Computer")
  still take the target language's grammar and capitals, which masking would freeze in the source form.
  The term stays a preferred translation, which the output check still watches.
- The first definition ``descrip`` (else the first plain ``note``) becomes the term's note.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Final

from lxml import etree

from app.core.translation.glossary import GlossaryError, Term
from app.core.translation.glossary_import import (
    GlossaryImport,
    TermCollector,
    parse_flag,
    read_glossary_file,
)
from app.core.translation.languages import UnknownLanguageError, language, primary_subtag

__all__ = ["read_tbx"]

_XML_LANG: Final = "{http://www.w3.org/XML/1998/namespace}lang"
_ROOTS: Final = frozenset({"martif", "tbx"})
_ENTRIES: Final = frozenset({"termEntry", "conceptEntry"})
_LANG_SECTIONS: Final = frozenset({"langSet", "langSec"})
_TERM_HOLDERS: Final = frozenset({"tig", "ntig", "termSec"})
_MARKERS: Final = frozenset({"note", "descrip", "termNote", "admin"})
_STATUS_TYPES: Final = frozenset({"administrative status", "normative authorization"})
_LEFT_OUT: Final = frozenset({"deprecated term", "superseded term"})
_PREFERRED: Final = "preferred term"
_DNT_TYPES: Final = frozenset({"do not translate", "dnt", "untranslatable"})
_DNT_TEXTS: Final = frozenset(
    {
        "do not translate",
        "don't translate",
        "dnt",
        "untranslatable",
        "not translatable",
        "not to be translated",
    }
)
_CAMEL: Final = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SEPARATORS: Final = re.compile(r"[\s_\-]+")
_WHERE_SUFFIX: Final = re.compile(r", line \d+, column \d+$")

Element = Any  # lxml elements carry no type information


def read_tbx(path: Path, source_language: str, target_language: str) -> GlossaryImport:
    """The source->target terms of a TBX file; unusable entries are skipped and reported by line.

    Raises `GlossaryError` naming the file when it is not well-formed XML (with the line), not TBX, or
    has no usable term for the pair.
    """
    root = _parse(path)
    collector = TermCollector(source_language, target_language)
    found = False
    for entry in root.iter(etree.Element):
        if _local(entry) in _ENTRIES:
            found = True
            _read_entry(entry, collector, source_language, target_language)
    return collector.result(
        path, nothing_found="" if found else "it has no termEntry or conceptEntry elements"
    )


def _parse(path: Path) -> Element:
    data = read_glossary_file(path)
    if not data.strip():
        raise GlossaryError(f"{path.name} is empty: there are no terms in it.")
    parser = etree.XMLParser(
        resolve_entities="internal", no_network=True, load_dtd=False, remove_comments=True, remove_pis=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        message = _WHERE_SUFFIX.sub("", exc.msg)
        hint = " (entities from outside the file are never read)" if "not defined" in message else ""
        raise GlossaryError(
            f"{path.name} is not well-formed XML (line {exc.lineno}): {message}{hint}. Nothing was imported."
        ) from None
    name = _local(root)
    if name not in _ROOTS:
        raise GlossaryError(
            f"{path.name} is not a TBX file: its root element is <{name}>, not <martif> or <tbx>."
        )
    return root


def _read_entry(entry: Element, collector: TermCollector, source_language: str, target_language: str) -> None:
    line = int(entry.sourceline or 0)
    identity = entry.get("id") or entry.get("{http://www.w3.org/XML/1998/namespace}id")
    called = f"entry “{identity}”" if identity else "the entry"
    sections = [child for child in entry if _local(child) in _LANG_SECTIONS]
    source_sections = _sections_for(sections, source_language, ())
    target_sections = _sections_for(sections, target_language, source_sections)
    sources = [text for text, status in _terms(source_sections) if status not in _LEFT_OUT]
    if not sources:
        collector.problem(line, f"{called} has no usable {source_language} term; it was skipped.")
        return
    scope = [child for child in entry if _local(child) not in _LANG_SECTIONS]
    scope += [*source_sections, *target_sections]
    dnt = any(_says_do_not_translate(element) for element in _within(scope))
    targets = [(text, status) for text, status in _terms(target_sections) if status not in _LEFT_OUT]
    preferred = [text for text, status in targets if status == _PREFERRED]
    target = (preferred or [text for text, _ in targets] or [""])[0]
    if not target and not dnt:
        collector.problem(
            line,
            f"{called} ({sources[0]!r}) has no usable {target_language} term and is not marked "
            "do-not-translate; it was skipped.",
        )
        return
    note = _note(_within(scope))
    for source in sources:
        collector.add(line, Term(source, target, dnt, note))


def _sections_for(sections: Sequence[Element], code: str, taken: Sequence[Element]) -> list[Element]:
    """The language sections for ``code``: exact matches when there are any, else same primary subtag."""
    scored = [(_lang_score(_lang_of(section), code), section) for section in sections if section not in taken]
    best = max((score for score, _ in scored), default=0)
    return [section for score, section in scored if score == best and best > 0]


def _lang_score(tag: str, code: str) -> int:
    if not tag:
        return 0
    if tag.replace("_", "-").casefold() == code.replace("_", "-").casefold():
        return 2
    try:
        if language(tag) == language(code):
            return 2
    except UnknownLanguageError:
        pass
    return 1 if primary_subtag(tag) == primary_subtag(code) else 0


def _terms(sections: Sequence[Element]) -> Iterator[tuple[str, str]]:
    """(term text, normalised status) for each non-empty term in the sections, in file order."""
    for section in sections:
        for holder in section.iter(etree.Element):
            if _local(holder) not in _TERM_HOLDERS:
                continue
            term = next((node for node in holder.iter(etree.Element) if _local(node) == "term"), None)
            if term is None:
                continue
            text = " ".join("".join(term.itertext()).split())
            if text:
                yield text, _status(holder)


def _status(holder: Element) -> str:
    for node in holder.iter(etree.Element):
        if _local(node) == "termNote" and _words(node.get("type", "")) in _STATUS_TYPES:
            return _words(_text(node)).removesuffix(" admn sts")
    return ""


def _says_do_not_translate(element: Element) -> bool:
    if _local(element) not in _MARKERS:
        return False
    kind = _words(element.get("type", ""))
    text = _text(element)
    if kind in _DNT_TYPES:
        return not text or parse_flag(text) is True
    if kind == "translatable":
        return bool(text) and parse_flag(text) is False
    return _words(text).replace("’", "'").strip(" .!") in _DNT_TEXTS


def _note(elements: Iterator[Element]) -> str:
    definitions: list[str] = []
    notes: list[str] = []
    for element in elements:
        name, text = _local(element), _text(element)
        if not text or _says_do_not_translate(element):
            continue
        if name == "descrip" and _words(element.get("type", "")) == "definition":
            definitions.append(text)
        elif name == "note":
            notes.append(text)
    return (definitions or notes or [""])[0]


def _within(elements: Sequence[Element]) -> Iterator[Element]:
    for element in elements:
        yield from element.iter(etree.Element)


def _lang_of(section: Element) -> str:
    return str(section.get(_XML_LANG) or section.get("lang") or "")


def _text(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _words(value: str) -> str:
    """ "administrativeStatus", "do-not-translate", "DNT" -> "administrative status", ... "dnt"."""
    return _SEPARATORS.sub(" ", _CAMEL.sub(" ", value)).strip().casefold()


def _local(element: Element) -> str:
    return str(etree.QName(element).localname)
