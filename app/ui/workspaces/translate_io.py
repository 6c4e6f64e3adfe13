"""The Translate workspace's file and memory work: plain functions its `Background` runs off the GUI thread.

Opening a document parses the whole file (a large DOCX or XLIFF takes a while); saving renders it and
writes it atomically; the translation memory is SQLite. None of it may run on the GUI thread, so the
workspace hands these functions to ``Background.run`` and hears back there. Nothing here imports Qt.

A table (CSV, Excel) opened without its columns raises ``TableChoiceNeeded`` naming what to choose (a
sheet, the columns, an encoding) and the options; the workspace asks, then opens it again with the choice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from app.core.atomic_files import atomic_write_bytes
from app.core.formats.document import Segment, TranslatableDocument, Translation
from app.core.formats.plain_text import PlainTextDocument
from app.core.formats.registry import open_document
from app.core.formats.text_file import DecodedText, TextEncoding
from app.core.translation.glossary_store import GlossaryStore, LoadedGlossary, load_file
from app.core.translation.memory import DamagedMemoryError, TranslationMemory

PASTED_NAME: Final = "pasted-text.txt"


@dataclass(frozen=True)
class SourceSpec:
    """Where the segments come from: pasted ``text``, or the file ``path`` with its options."""

    text: str = ""
    path: str = ""
    columns: tuple[str, ...] = ()
    sheet: str | None = None
    encoding: str | None = None

    @property
    def is_file(self) -> bool:
        return bool(self.path)

    def state(self) -> dict[str, object]:
        """JSON-ready, for a draft's inputs."""
        return {
            "text": self.text,
            "path": self.path,
            "columns": list(self.columns),
            "sheet": self.sheet or "",
            "encoding": self.encoding or "",
        }

    @classmethod
    def from_state(cls, state: object) -> SourceSpec:
        if not isinstance(state, Mapping):
            return cls()
        columns = state.get("columns")
        return cls(
            text=str(state.get("text") or ""),
            path=str(state.get("path") or ""),
            columns=tuple(str(c) for c in columns) if isinstance(columns, list) else (),
            sheet=str(state.get("sheet") or "") or None,
            encoding=str(state.get("encoding") or "") or None,
        )


def pasted_document(text: str) -> PlainTextDocument:
    """Pasted text as a plain-text document (one segment per paragraph); it reads no file."""
    return PlainTextDocument(Path(PASTED_NAME), DecodedText(text, TextEncoding("utf-8")))


def open_source(spec: SourceSpec) -> TranslatableDocument:
    """The document for ``spec``; raises `FormatError` (or a table error) with a message for the user."""
    if not spec.is_file:
        return pasted_document(spec.text)
    return open_document(Path(spec.path), columns=spec.columns, sheet=spec.sheet, encoding=spec.encoding)


def segments_of(spec: SourceSpec) -> tuple[TranslatableDocument, tuple[Segment, ...]]:
    document = open_source(spec)
    return document, document.segments


def save_translation(
    document: TranslatableDocument, translations: Mapping[str, Translation], target: str, path: Path
) -> Path:
    """Render the translated document and write it atomically; returns ``path``. Never over the source:
    the original is what a second translation (or a fix) starts from."""
    source = document.path
    if path.exists() and source.exists() and path.samefile(source):
        raise ValueError(
            f"{path.name} is the file being translated; choose another name to keep the original."
        )
    atomic_write_bytes(path, document.render(translations, target))
    return path


def open_memory(path: Path) -> tuple[TranslationMemory, str]:
    """The memory at ``path``; a damaged file is kept aside and a fresh memory started (the text says so)."""
    try:
        return TranslationMemory(path), ""
    except DamagedMemoryError:
        memory, moved = TranslationMemory.start_fresh(path)
        return memory, str(moved or "")


def store_pairs(
    memory: TranslationMemory, source_lang: str, target_lang: str, pairs: Sequence[tuple[str, str]]
) -> int:
    """Store confirmed ``(source, target)`` pairs as the user's own; returns how many changed."""
    stored = 0
    for source, target in pairs:
        if source.strip() and target.strip():
            stored += memory.add(source_lang, target_lang, source, target, "human")
    return stored


def project_glossary_path(spec: SourceSpec) -> Path | None:
    """A file's own glossary sits beside it ("guide.md" -> "guide.glossary.json"); pasted text has none."""
    if not spec.is_file:
        return None
    path = Path(spec.path)
    return path.with_name(f"{path.stem}.glossary.json")


def load_glossary(store: GlossaryStore, source: str, target: str, project: Path | None) -> LoadedGlossary:
    """The project's glossary when it has one, else the language pair's. A project glossary that cannot
    be read is an error (`GlossaryError`): it is the user's file, never replaced behind their back."""
    if project is not None and project.exists():
        return LoadedGlossary(load_file(project))
    return store.load_with_warning(source, target)
