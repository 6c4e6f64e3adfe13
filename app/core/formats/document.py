"""What every translatable format hands out and takes back.

A format reads a file into ``Segment`` objects in document order, and renders the same file with each
segment's translation in place. Formats never call a model; the translation job sits between the two.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


class FormatError(ValueError):
    """A file that cannot be read or written as its format; the message names the file and says why."""


@dataclass(frozen=True)
class Segment:
    """One piece of translatable text.

    ``text`` is what the translator (model or person) works on. It may hold inline markup that belongs to
    the sentence (Markdown emphasis and links, HTML tags, ``<g1>…</g1>`` run markers): the translation
    step protects those spans, so they come back unchanged.
    """

    key: str
    """Stable and unique within the document (``"b12"``, ``"unit:intro.title"``, ``"r4:Description"``)."""
    text: str
    note: str = ""
    """Context for the translator: a PO comment or msgctxt, a column name, "alt text", a heading level."""
    plural_of: str | None = None
    """For a plural form (PO ``msgid_plural``): the key of its singular segment."""


@dataclass(frozen=True)
class Translation:
    """A segment's translated text, and whether a person should look at it before it is trusted."""

    text: str
    needs_review: bool = False
    """Set when the output check failed twice; formats with a review state use it (PO ``fuzzy``, XLIFF
    ``needs-review-translation`` / ``initial``), the others just carry the text."""


class TranslatableDocument(Protocol):
    """An opened file: its segments, and a way to render it with translations.

    ``render`` never changes the source file. A segment missing from ``translations`` keeps its source
    text (a partial export), except where the format has an explicit "untranslated" state (PO, XLIFF),
    which it then keeps.
    """

    @property
    def path(self) -> Path: ...

    @property
    def format_name(self) -> str:
        """Shown to the user: "Markdown", "Word document", "XLIFF 1.2"…"""
        ...

    @property
    def segments(self) -> tuple[Segment, ...]: ...

    def render(self, translations: Mapping[str, Translation], target_language: str) -> bytes:
        """The whole translated file; ``target_language`` is a BCP 47 code ("de", "pt-BR")."""
        ...
