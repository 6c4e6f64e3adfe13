"""Where glossaries live between sessions: one JSON file per language pair, or a project's own file.

JSON keeps every field of a term exactly (CSV would need quoting rules and an encoding guess on the way
back) and is readable in any editor. Saves are atomic, so a crash leaves the older file. A file that
cannot be read is never overwritten: the store moves it aside as ``<name>.damaged-<time>`` and starts an
empty glossary, telling the caller why, so the user can still recover the terms by hand.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from app.core.atomic_files import atomic_write_text
from app.core.paths import app_paths
from app.core.translation.glossary import Glossary, GlossaryError, Term
from app.core.translation.languages import UnknownLanguageError, language

__all__ = [
    "FILE_FORMAT",
    "FILE_VERSION",
    "GlossaryStore",
    "LoadedGlossary",
    "default_glossary_folder",
    "load_file",
    "save_file",
]

FILE_FORMAT: Final = "copydesk-glossary"
FILE_VERSION: Final = 1
_CODE: Final = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_ASIDE_ATTEMPTS: Final = 100


@dataclass(frozen=True)
class LoadedGlossary:
    """``warning`` is set when a damaged file was moved aside and ``glossary`` is a fresh empty one."""

    glossary: Glossary
    warning: str | None = None


def default_glossary_folder() -> Path:
    return app_paths().data_dir / "glossaries"


class GlossaryStore:
    """The per-language-pair glossaries in ``folder`` (``en-de.json``, ``en-pt-BR.json``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, source_language: str, target_language: str) -> Path:
        return self.folder / f"{_code(source_language)}-{_code(target_language)}.json"

    def load(self, source_language: str, target_language: str) -> Glossary:
        """The saved glossary, or an empty one. Front ends that can show a message should call
        `load_with_warning`: this drops the warning (the damaged file is still kept aside)."""
        return self.load_with_warning(source_language, target_language).glossary

    def load_with_warning(self, source_language: str, target_language: str) -> LoadedGlossary:
        source, target = _code(source_language), _code(target_language)
        path = self.path_for(source, target)
        empty = Glossary(source, target)
        if not path.exists():
            return LoadedGlossary(empty)
        try:
            glossary = load_file(path)
            if (_code(glossary.source_language), _code(glossary.target_language)) != (source, target):
                raise GlossaryError(
                    f"{path.name} holds {glossary.source_language}→{glossary.target_language} terms, "
                    f"not {source}→{target}"
                )
        except GlossaryError as exc:
            aside = _move_aside(path, exc)
            return LoadedGlossary(
                empty,
                f"The {source}→{target} glossary could not be read ({exc}). It was kept as {aside.name} "
                "in the same folder, and an empty glossary was started.",
            )
        return LoadedGlossary(glossary)

    def save(self, glossary: Glossary) -> Path:
        """Write the glossary under its language pair; returns the file written."""
        path = self.path_for(glossary.source_language, glossary.target_language)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise GlossaryError(
                f"Could not create the glossary folder {self.folder}: {_reason(exc)}."
            ) from exc
        save_file(glossary, path)
        return path


def load_file(path: Path) -> Glossary:
    """A glossary saved by `save_file`; `GlossaryError` names the file and what is wrong (JSON line too)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GlossaryError(f"The glossary file {path} was not found.") from None
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"{path.name} is not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise GlossaryError(f"{path.name} cannot be read: {_reason(exc)}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GlossaryError(
            f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    return _from_json(path, data)


def save_file(glossary: Glossary, path: Path) -> None:
    """Write ``glossary`` to ``path`` atomically (the folder must exist), its language codes spelled as
    the language table does; `GlossaryError` if it fails."""
    data = {
        "format": FILE_FORMAT,
        "version": FILE_VERSION,
        "source_language": _code(glossary.source_language),
        "target_language": _code(glossary.target_language),
        "terms": [
            {
                "source": term.source,
                "target": term.target,
                "do_not_translate": term.do_not_translate,
                "note": term.note,
                "case_sensitive": term.case_sensitive,
            }
            for term in glossary.terms
        ],
    }
    try:
        atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    except OSError as exc:
        raise GlossaryError(
            f"Could not save the glossary {path.name}: {_reason(exc)}. Any older file there is unchanged."
        ) from exc


def _from_json(path: Path, data: Any) -> Glossary:
    if not isinstance(data, dict) or data.get("format") != FILE_FORMAT:
        raise GlossaryError(f"{path.name} is not a Copydesk glossary file")
    if data.get("version") != FILE_VERSION:
        raise GlossaryError(
            f"{path.name} has glossary format version {data.get('version')!r}; this Copydesk reads "
            f"version {FILE_VERSION}"
        )
    languages = [data.get("source_language"), data.get("target_language")]
    if not all(isinstance(code, str) and _CODE.fullmatch(code.replace("_", "-")) for code in languages):
        raise GlossaryError(f"{path.name} does not say which languages it is for")
    terms = data.get("terms")
    if not isinstance(terms, list):
        raise GlossaryError(f"{path.name} has no list of terms")
    return Glossary(
        data["source_language"],
        data["target_language"],
        tuple(_term(path, n, t) for n, t in enumerate(terms, 1)),
    )


def _term(path: Path, number: int, item: Any) -> Term:
    where = f"{path.name}, term {number}"
    if not isinstance(item, dict):
        raise GlossaryError(f"{where} is not an object")
    texts = {name: item.get(name, "") for name in ("source", "target", "note")}
    flags = {name: item.get(name, False) for name in ("do_not_translate", "case_sensitive")}
    for name, value in texts.items():
        if not isinstance(value, str):
            raise GlossaryError(f"{where}: {name!r} must be text")
    for name, flag in flags.items():
        if not isinstance(flag, bool):
            raise GlossaryError(f"{where}: {name!r} must be true or false")
    try:
        return Term(
            texts["source"],
            texts["target"],
            flags["do_not_translate"],
            texts["note"],
            flags["case_sensitive"],
        )
    except GlossaryError as exc:
        raise GlossaryError(f"{where}: {exc}") from None


def _code(code: str) -> str:
    """The table's spelling of a language code ("pt_br" -> "pt-BR"); other well-formed tags as given,
    so a file name can never leave the folder."""
    try:
        return language(code).code
    except UnknownLanguageError:
        cleaned = code.strip().replace("_", "-")
        if not _CODE.fullmatch(cleaned):
            raise GlossaryError(f"{code!r} is not a language code") from None
        return cleaned


def _move_aside(path: Path, problem: GlossaryError) -> Path:
    """Rename the damaged file out of the way; when that fails, refuse rather than risk overwriting it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for attempt in range(_ASIDE_ATTEMPTS):
        suffix = f"-{attempt + 1}" if attempt else ""
        aside = path.with_name(f"{path.name}.damaged-{stamp}{suffix}")
        if aside.exists():
            continue
        try:
            path.rename(aside)
        except OSError as exc:
            raise GlossaryError(
                f"{path.name} could not be read ({problem}) and could not be moved aside ({_reason(exc)}). "
                "It was left as it is; move or repair it and try again."
            ) from exc
        return aside
    raise GlossaryError(
        f"{path.name} could not be read ({problem}), and no free name was left to keep it aside."
    )


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
