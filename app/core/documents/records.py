"""Drafts and versions as values, and how they are kept in the library's rows.

Inputs, outputs and version notes are JSON columns; ``search_text`` holds a draft's words normalised by
:func:`search_key`, so search ignores case and Unicode spelling variants.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal, get_args

DEFAULT_TITLE = "Untitled"

VersionKind = Literal["generation", "edit", "restore"]
VERSION_KINDS: tuple[VersionKind, ...] = get_args(VersionKind)


@dataclass(frozen=True)
class Draft:
    """One piece of work: the form values that produced it and its named output parts."""

    id: int
    title: str
    task_id: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    created_at: float
    updated_at: float
    trashed_at: float | None

    @property
    def in_trash(self) -> bool:
        return self.trashed_at is not None


@dataclass(frozen=True)
class Version:
    """A snapshot of a draft's inputs and outputs, kept so the user can go back to it."""

    id: int
    draft_id: int
    kind: VersionKind
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    created_at: float
    meta: dict[str, Any]


def to_json(value: dict[str, Any]) -> str:
    """Serialise before any transaction starts, so bad data fails without touching the file."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def from_json(text: str) -> dict[str, Any]:
    """A stored JSON object; anything else reads as empty."""
    value = json.loads(text)
    return value if isinstance(value, dict) else {}


def search_key(text: str) -> str:
    """Normalise text for matching: NFKC plus case folding, so "MÜSLI" finds "Müsli" and a decomposed
    "café" finds a composed one (SQLite's own LIKE only folds ASCII)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def _words(value: Any, into: list[str]) -> None:
    """Collect the text inside a JSON value (strings and numbers; not keys, which are not the user's)."""
    if isinstance(value, str):
        into.append(value)
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int | float):
        into.append(str(value))
    elif isinstance(value, dict):
        for item in value.values():
            _words(item, into)
    elif isinstance(value, list | tuple):
        for item in value:
            _words(item, into)


def search_text(title: str, inputs: dict[str, Any], outputs: dict[str, Any]) -> str:
    """What search matches against: the title and every word of the inputs and outputs."""
    parts = [title]
    _words(inputs, parts)
    _words(outputs, parts)
    return search_key("\n".join(parts))


def clean_title(title: str) -> str:
    """An empty or blank title becomes "Untitled"."""
    return title if title.strip() else DEFAULT_TITLE


def draft_from_row(row: sqlite3.Row) -> Draft:
    return Draft(
        id=row["id"],
        title=row["title"],
        task_id=row["task_id"],
        inputs=from_json(row["inputs"]),
        outputs=from_json(row["outputs"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        trashed_at=row["trashed_at"],
    )


def version_from_row(row: sqlite3.Row) -> Version:
    return Version(
        id=row["id"],
        draft_id=row["draft_id"],
        kind=row["kind"],
        inputs=from_json(row["inputs"]),
        outputs=from_json(row["outputs"]),
        created_at=row["created_at"],
        meta=from_json(row["meta"]),
    )
