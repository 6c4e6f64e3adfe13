"""Gettext catalogs (.po and .pot) read and written with polib: msgids out, msgstr and plural forms back.

Segments are the msgids of the entries still waiting for a translation: untranslated or ``fuzzy``.
Entries that already have a translation that is not fuzzy are left alone (a translator re-running the
tool must not lose work) and counted in ``skipped_translated``; obsolete entries (``#~``) are kept as
they are. A plural entry gives two segments, the singular and the plural (``plural_of`` = the singular's
key). Keys are ``msgid``, or ``msgctxt + "\\x04" + msgid`` when there is a context (gettext's own
separator, which no message holds), and ``+ "\\x00plural"`` for the plural segment.

On render, every plural form the target language has is filled (``nplurals`` from
:mod:`app.core.translation.languages`): form 0 gets the singular's translation and the others the plural's,
except in languages with a single form, where that form serves every number and so gets the plural's.
Languages with more than two forms (Russian, Polish, Arabic…) need words a two-form source cannot give, so
those entries are also marked ``fuzzy`` for a person to finish forms 2 and up. A translation flagged
``needs_review``, or one whose format directives differ from its msgid's (see
:mod:`app.core.formats.gettext_po_formats`), is marked ``fuzzy`` too; otherwise ``fuzzy`` and the
previous-msgid lines (``#|``) go. The header gets Language, Plural-Forms, PO-Revision-Date and a UTF-8
Content-Type; other fields are kept. A catalog that already has a Language and a Plural-Forms rule for the
target keeps that rule, so its existing translations stay valid.

The output is what polib writes: comments, flags, order and obsolete entries are kept, but long lines are
re-wrapped at 78 columns, so an unchanged catalog parses to the same entries, not to the same bytes.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import polib

from app.core.formats.document import FormatError, Segment, Translation
from app.core.formats.gettext_po_formats import directives_match
from app.core.formats.text_file import read_source
from app.core.translation.languages import UnknownLanguageError, language, primary_subtag

__all__ = ["PoDocument", "open_po"]

_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_PLURAL_SUFFIX = "\x00plural"


class PoDocument:
    """An opened catalog; ``render`` builds the translated catalog and leaves the source alone."""

    def __init__(self, path: Path, text: str) -> None:
        self._path = path
        self._text = text
        catalog = _parse(path, text)
        self.skipped_translated = sum(1 for entry in catalog if entry.translated())
        """Entries left alone because they already have a translation that is not fuzzy."""
        segments: list[Segment] = []
        lines: dict[str, int] = {}
        for entry in _pending(catalog):
            key = _key(entry)
            if key in lines:
                # polib numbers the first entry 0, whatever comments precede it
                first = f"line {lines[key]}" if lines[key] else "the first entry"
                raise FormatError(
                    f"{path.name}, line {entry.linenum}: the message “{entry.msgid[:60]}” appears twice "
                    f"(first as {first}); gettext refuses such a catalog."
                )
            lines[key] = entry.linenum
            segments.append(Segment(key, entry.msgid, _note(entry)))
            if entry.msgid_plural:
                segments.append(
                    Segment(key + _PLURAL_SUFFIX, entry.msgid_plural, _note(entry), plural_of=key)
                )
        self._segments = tuple(segments)
        self.marked_fuzzy: tuple[str, ...] = ()
        """Keys of the entries the last ``render`` marked fuzzy (review asked, directives differ, or plural
        forms a person must finish)."""

    @property
    def path(self) -> Path:
        return self._path

    @property
    def format_name(self) -> str:
        return "Gettext PO template" if self._path.suffix.lower() == ".pot" else "Gettext PO"

    @property
    def segments(self) -> tuple[Segment, ...]:
        return self._segments

    def render(self, translations: Mapping[str, Translation], target_language: str) -> bytes:
        """The catalog with msgstr filled for each translated segment, encoded as UTF-8."""
        catalog = _parse(self._path, self._text)
        self._check_language(catalog, target_language)
        nplurals, plural_forms = _plural_rule(self._path, catalog, target_language)
        marked: list[str] = []
        for entry in _pending(catalog):
            key = _key(entry)
            if entry.msgid_plural:
                filled = _fill_plural(entry, translations, key, nplurals)
            else:
                filled = _fill_singular(entry, translations.get(key))
            if filled and entry.fuzzy:
                marked.append(key)
        _set_header(catalog, target_language, plural_forms)
        self.marked_fuzzy = tuple(marked)
        return str(catalog).encode("utf-8")

    def _check_language(self, catalog: Any, target_language: str) -> None:
        """A catalog already translated into one language cannot take a translation into another."""
        current = str(catalog.metadata.get("Language", "")).strip()
        if current and self.skipped_translated and primary_subtag(current) != primary_subtag(target_language):
            raise FormatError(
                f"{self._path.name} is already a catalog for “{current}” ({self.skipped_translated} messages "
                f"are translated), so it cannot become a “{target_language}” catalog. Translate its .pot "
                "template instead."
            )


def open_po(path: Path) -> PoDocument:
    """Read a .po or .pot file; its charset comes from the Content-Type header (UTF-8 when unset)."""
    data = read_source(path)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    charset = polib.detect_encoding(data)
    try:
        text = data.decode(charset)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FormatError(
            f"{path.name}, line {line}: the file says its charset is {charset}, but byte "
            f"0x{data[exc.start]:02x} does not fit it."
        ) from None
    return PoDocument(path, text)


def _parse(path: Path, text: str) -> Any:
    try:
        catalog = polib.pofile(text, wrapwidth=78)
    except (OSError, ValueError) as exc:
        raise FormatError(f"{path.name} is not a valid PO file: {exc}.") from None
    if not len(catalog) and not catalog.metadata:
        raise FormatError(f"{path.name} holds no gettext messages: it is empty or not a PO file.")
    return catalog


def _pending(catalog: Any) -> Iterator[Any]:
    """The entries waiting for a translation, in file order."""
    for entry in catalog:
        if not entry.obsolete and not entry.translated():
            yield entry


def _key(entry: Any) -> str:
    msgid = str(entry.msgid)
    return msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{msgid}"


def _note(entry: Any) -> str:
    parts: list[str] = []
    if entry.msgctxt is not None:
        parts.append(f"context: {entry.msgctxt}")
    parts.extend(comment for comment in (entry.comment, entry.tcomment) if comment)
    if entry.occurrences:
        parts.append(" ".join(f"{file}:{line}" if line else str(file) for file, line in entry.occurrences))
    return "; ".join(parts)


def _fill_singular(entry: Any, translation: Translation | None) -> bool:
    if translation is None or not translation.text.strip():  # an empty msgstr would read as untranslated
        return False
    entry.msgstr = _same_newlines(translation.text, entry.msgid)
    review = translation.needs_review or not directives_match(entry.msgid, entry.msgstr, entry.flags)
    _set_fuzzy(entry, review)
    return True


def _fill_plural(entry: Any, translations: Mapping[str, Translation], key: str, nplurals: int) -> bool:
    singular = translations.get(key)
    plural = translations.get(key + _PLURAL_SUFFIX)
    if singular is None or plural is None or not singular.text.strip() or not plural.text.strip():
        if not any(entry.msgstr_plural.values()):  # untranslated: as many empty forms as the language has
            entry.msgstr_plural = dict.fromkeys(range(nplurals), "")
        return False
    singular_text = _same_newlines(singular.text, entry.msgid)
    plural_text = _same_newlines(plural.text, entry.msgid_plural)
    if nplurals == 1:
        entry.msgstr_plural = {0: plural_text}
    else:
        entry.msgstr_plural = {0: singular_text, **dict.fromkeys(range(1, nplurals), plural_text)}
    review = (
        nplurals > 2
        or singular.needs_review
        or plural.needs_review
        or not directives_match(entry.msgid_plural, plural_text, entry.flags)
        or (nplurals > 1 and not directives_match(entry.msgid, singular_text, entry.flags))
    )
    _set_fuzzy(entry, review)
    return True


def _set_fuzzy(entry: Any, fuzzy: bool) -> None:
    entry.fuzzy = fuzzy
    if not fuzzy:  # the previous msgid only explains why an entry is fuzzy
        entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None


def _same_newlines(text: str, source: str) -> str:
    """msgfmt refuses a msgstr that does not begin and end with a newline exactly when its msgid does."""
    text = text.strip("\n")
    if source.startswith("\n"):
        text = "\n" + text
    if source.endswith("\n"):
        text += "\n"
    return text


def _plural_rule(path: Path, catalog: Any, target_language: str) -> tuple[int, str]:
    """``(nplurals, Plural-Forms value)`` for the target: the catalog's own rule when it already is a
    catalog for that language, else the table's."""
    current = str(catalog.metadata.get("Language", "")).strip()
    existing = str(catalog.metadata.get("Plural-Forms", ""))
    match = _NPLURALS.search(existing)
    if current and match and primary_subtag(current) == primary_subtag(target_language):
        return int(match.group(1)), existing
    try:
        target = language(target_language)
    except UnknownLanguageError as exc:
        raise FormatError(f"{path.name} cannot be written for this language: {exc}") from None
    return target.nplurals, target.plural_forms


def _set_header(catalog: Any, target_language: str, plural_forms: str) -> None:
    metadata = catalog.metadata
    metadata["Language"] = target_language.replace("-", "_")
    metadata["Plural-Forms"] = plural_forms
    metadata["Content-Type"] = "text/plain; charset=UTF-8"
    metadata["PO-Revision-Date"] = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M%z")
    metadata.setdefault("MIME-Version", "1.0")
    metadata["Content-Transfer-Encoding"] = "8bit"
    catalog.metadata_is_fuzzy = []  # a template's header is fuzzy until a language is set, as it now is
    catalog.encoding = "utf-8"
