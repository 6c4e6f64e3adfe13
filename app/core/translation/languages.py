"""The languages Copydesk translates between (``resources/languages.toml``), looked up forgivingly.

People type language codes in many shapes ("pt_BR", "de-DE", "German", "zh-TW"), and the PO writer needs
the exact gettext plural rule of the target language, so both live in one validated table instead of being
guessed at each call site. Lookups never guess silently: an unknown code fails with the closest matches.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from app.core.models.catalog import ANY_LANGUAGE
from app.core.resources import resource_path

__all__ = [
    "LANGUAGES_RESOURCE",
    "Language",
    "UnknownLanguageError",
    "all_languages",
    "catalog_language_support",
    "language",
    "load_languages",
    "plural_forms_header",
    "primary_subtag",
]

LANGUAGES_RESOURCE: Final = "languages.toml"
SCHEMA_VERSION: Final = 1
_MAX_PLURALS: Final = 6
_TAG: Final = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*")
_PLURAL_CHARS: Final = re.compile(r"[n0-9\s()!=<>%&|?:]+")
_MAX_SUGGESTIONS: Final = 3


@dataclass(frozen=True)
class Language:
    """One language: ``code`` is its BCP 47 tag; ``plural`` the C expression gettext evaluates for ``n``."""

    code: str
    name: str
    native_name: str
    nplurals: int
    plural: str

    @property
    def plural_forms(self) -> str:
        """The value of a PO file's ``Plural-Forms`` header."""
        return f"nplurals={self.nplurals}; plural={self.plural};"

    @property
    def label(self) -> str:
        """``"de (German)"``: how messages name a language."""
        return f"{self.code} ({self.name})"


class UnknownLanguageError(ValueError):
    """A language code or name that is not in the table; ``suggestions`` are the closest ones, best first."""

    def __init__(self, given: str, suggestions: tuple[Language, ...]) -> None:
        self.given = given
        self.suggestions = suggestions
        if not given.strip():
            message = "No language was given. Give a code such as en, de or pt-BR, or a language name."
        elif suggestions:
            labels = [item.label for item in suggestions]
            choices = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} or {labels[-1]}"
            message = f"Unknown language {given!r}; did you mean {choices}?"
        else:
            message = f"Unknown language {given!r}. Give a code such as en, de or pt-BR, or a language name."
        super().__init__(message)


@dataclass(frozen=True)
class _Table:
    languages: tuple[Language, ...]
    by_code: Mapping[str, Language]  # normalised code or alias -> language
    by_name: Mapping[str, Language]  # casefolded English or native name -> language


def all_languages() -> tuple[Language, ...]:
    """Every language in the table, sorted by English name (the order pickers show)."""
    return _shipped_table().languages


def language(code: str) -> Language:
    """The language for a code ("pt_BR", "DE-de", "zh-TW") or a name ("German", "Deutsch").

    A region or script the table does not list falls back to the primary language ("de-AT" -> de). Raises
    `UnknownLanguageError` (a ``ValueError``) naming the closest matches.
    """
    table = _shipped_table()
    key = _normal(code)
    found = table.by_code.get(key) or table.by_name.get(key)
    if found is not None:
        return found
    if _TAG.fullmatch(key):
        parts = key.split("-")
        for end in range(len(parts) - 1, 0, -1):
            found = table.by_code.get("-".join(parts[:end]))
            if found is not None:
                return found
    raise UnknownLanguageError(code, _suggestions(table, key))


def plural_forms_header(code: str) -> str:
    """``"nplurals=2; plural=(n != 1);"`` for ``code``; raises `UnknownLanguageError`."""
    return language(code).plural_forms


def primary_subtag(code: str) -> str:
    """The language part of a tag, lower case: ``"pt_BR"`` -> ``"pt"``. Known aliases resolve first."""
    try:
        return language(code).code.split("-")[0].casefold()
    except UnknownLanguageError:
        return _normal(code).split("-")[0]


def catalog_language_support(
    model_languages: Sequence[str], code: str
) -> Literal["listed", "many", "unlisted"]:
    """How a catalog model's ``languages`` cover ``code``: named ("listed"), a many-language model that
    does not name each one ("many"), or not at all ("unlisted"). Regions do not matter: a model listed
    for "pt" writes pt-BR."""
    wanted = primary_subtag(code)
    named = {primary_subtag(item) for item in model_languages if item != ANY_LANGUAGE}
    if wanted in named:
        return "listed"
    if ANY_LANGUAGE in model_languages:
        return "many"
    return "unlisted"


def load_languages(path: Path | None = None) -> tuple[Language, ...]:
    """Read and validate a languages file (the shipped one by default); ``ValueError`` names the mistake."""
    return _load(path).languages


@functools.cache
def _shipped_table() -> _Table:
    """Read once per process: the shipped table never changes while the app runs."""
    return _load(None)


def _load(path: Path | None) -> _Table:
    source = path if path is not None else resource_path(LANGUAGES_RESOURCE)
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{source.name} is not valid TOML: {error}") from None
    return _parse(data, source.name)


def _parse(data: Mapping[str, Any], where: str) -> _Table:
    if data.get("schema_version") != SCHEMA_VERSION:
        raise ValueError(f"{where}: schema_version must be {SCHEMA_VERSION}")
    entries = data.get("languages")
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{where}: no [[languages]] entries")
    languages = [
        _parse_entry(entry, f"{where}, language #{number}") for number, entry in enumerate(entries, 1)
    ]
    by_code: dict[str, Language] = {}
    for item in languages:
        key = _normal(item.code)
        if key in by_code:
            raise ValueError(f"{where}: the code {item.code!r} is listed twice")
        by_code[key] = item
    aliases = data.get("aliases", {})
    if not isinstance(aliases, dict):
        raise ValueError(f"{where}: [aliases] must be a table")
    for alias, target in aliases.items():
        if not isinstance(target, str) or _normal(target) not in by_code:
            raise ValueError(f"{where}: the alias {alias!r} points to an unknown code {target!r}")
        if _normal(alias) in by_code:
            raise ValueError(f"{where}: the alias {alias!r} is also a language code")
        by_code[_normal(alias)] = by_code[_normal(target)]
    ordered = tuple(sorted(languages, key=lambda item: item.name.casefold()))
    return _Table(ordered, by_code, _names(languages))


def _parse_entry(entry: object, where: str) -> Language:
    if not isinstance(entry, dict):
        raise ValueError(f"{where} must be a table")
    texts: dict[str, str] = {}
    for field in ("code", "name", "native_name", "plural"):
        value = entry.get(field)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{where}: {field!r} must be a non-empty string")
        texts[field] = value
    code = texts["code"]
    if not _TAG.fullmatch(_normal(code)):
        raise ValueError(f"{where}: {code!r} is not a BCP 47 language tag")
    nplurals = entry.get("nplurals")
    if not isinstance(nplurals, int) or isinstance(nplurals, bool) or not 1 <= nplurals <= _MAX_PLURALS:
        raise ValueError(f"{where} ({code}): nplurals must be a whole number from 1 to {_MAX_PLURALS}")
    if not _PLURAL_CHARS.fullmatch(texts["plural"]):
        raise ValueError(f"{where} ({code}): the plural expression may only use n, numbers and C operators")
    return Language(code, texts["name"], texts["native_name"], nplurals, texts["plural"])


def _names(languages: Sequence[Language]) -> dict[str, Language]:
    """English and native names, plus the name without its qualifier ("Chinese" for "Chinese
    (Simplified)"), which goes to the language without a region or script subtag."""
    names: dict[str, Language] = {}
    for item in sorted(languages, key=lambda entry: "-" in entry.code):
        for name in (item.name, item.native_name):
            names.setdefault(name.casefold(), item)
            names.setdefault(name.split(" (")[0].casefold(), item)
    return names


def _suggestions(table: _Table, key: str) -> tuple[Language, ...]:
    if not key:
        return ()
    keys = {**{_normal(item.code): item for item in table.languages}, **table.by_name}
    found: list[Language] = []
    close = difflib.get_close_matches(key, list(keys), n=_MAX_SUGGESTIONS * 2, cutoff=0.6)
    starts = [name for name in keys if len(key) >= 3 and name.startswith(key)]
    for match in (*close, *starts):
        item = keys[match]
        if item not in found:
            found.append(item)
    return tuple(found[:_MAX_SUGGESTIONS])


def _normal(code: str) -> str:
    """Lookup form: POSIX locale suffixes cut ("de_DE.UTF-8", "sr@latin"), "_" as "-", case folded."""
    return re.split(r"[.@]", code.strip(), maxsplit=1)[0].replace("_", "-").casefold()
