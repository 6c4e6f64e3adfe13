"""Glossary files in and out, by extension: CSV/TSV term lists and TBX term bases.

One entry point for front ends (the CLI's ``--glossary``, the glossary editor's Import button) so they
never decide formats themselves; the readers live in :mod:`glossary_csv` and :mod:`glossary_tbx`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from app.core.translation.glossary import GlossaryError
from app.core.translation.glossary_csv import CSV_HEADER, read_glossary_csv, write_glossary_csv
from app.core.translation.glossary_import import GlossaryImport, ImportProblem
from app.core.translation.glossary_tbx import read_tbx

__all__ = [
    "CSV_HEADER",
    "GLOSSARY_SUFFIXES",
    "GlossaryImport",
    "ImportProblem",
    "read_glossary",
    "read_glossary_csv",
    "read_tbx",
    "write_glossary_csv",
]

CSV_SUFFIXES: Final = (".csv", ".tsv")
TBX_SUFFIXES: Final = (".tbx",)
GLOSSARY_SUFFIXES: Final = (*CSV_SUFFIXES, *TBX_SUFFIXES)


def read_glossary(
    path: Path, source_language: str, target_language: str, *, encoding: str | None = None
) -> GlossaryImport:
    """Import ``path`` by its extension (case-insensitive); ``encoding`` applies to CSV only.

    Raises `GlossaryError` for an unsupported extension, listing the supported ones.
    """
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return read_glossary_csv(path, source_language, target_language, encoding=encoding)
    if suffix in TBX_SUFFIXES:
        return read_tbx(path, source_language, target_language)
    shown = f"“{path.suffix}”" if path.suffix else "no extension"
    raise GlossaryError(
        f"{path.name} has {shown}; glossaries can be imported from {', '.join(GLOSSARY_SUFFIXES)} files."
    )
