"""Memory entries as values, and the rule that decides whether a new target replaces a stored one.

Who wrote a target ranks it: ``human`` (confirmed or edited by the user) > ``import`` (from a TMX file,
made by people in another tool) > ``machine`` (model output that passed the checks). A target replaces
one of the same or a lower rank, never a higher one, so a model run can never undo a translator's
correction. Between two of the same rank the newer wins; an entry that carries its own, older date (a
unit from an old TMX file) does not replace a newer one.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any, Literal, cast

from app.core.translation.memory_index import index_entry
from app.core.translation.memory_text import language_key, normalise, text_key

Origin = Literal["human", "machine", "import"]
RANK: dict[str, int] = {"machine": 0, "import": 1, "human": 2}
COLUMNS = "id, source, norm, target, origin, created, updated, uses"
"""What lookups read; :func:`match_from_row` and :meth:`MemoryEntry` rows follow this order."""
BY_KEY = "key = ? AND source_lang = ? AND target_lang = ? AND norm = ?"


@dataclass(frozen=True)
class MemoryMatch:
    source: str
    target: str
    score: float
    """100 for an exact match; otherwise rapidfuzz ``ratio`` of the normalised sources."""
    origin: Origin
    updated: float = 0.0
    uses: int = 0


@dataclass(frozen=True)
class MemoryEntry:
    """One stored pair, as exported; also what ``TranslationMemory.add_many`` takes (times of None mean
    now)."""

    source_lang: str
    target_lang: str
    source: str
    target: str
    origin: Origin
    created: float | None = None
    updated: float | None = None
    uses: int = 0


def key_parts(source_lang: str, target_lang: str, source: str) -> tuple[str, str, str]:
    """Stored language codes and normalised source; raises ``ValueError`` for a malformed code."""
    return language_key(source_lang), language_key(target_lang), normalise(source)


def key_params(src: str, tgt: str, norm: str) -> tuple[int, str, str, str]:
    """Parameters for :data:`BY_KEY`."""
    return text_key(src, tgt, norm), src, tgt, norm


def match_from_row(row: Any, score: float) -> MemoryMatch:
    return MemoryMatch(row[1], row[3], score, cast(Origin, row[4]), float(row[6]), int(row[7]))


def upsert(conn: sqlite3.Connection, entry: MemoryEntry, now: float, indexed: bool) -> bool:
    """Store ``entry`` inside the caller's transaction; False when the stored target outranks it."""
    if entry.origin not in RANK:
        raise ValueError(f"unknown origin {entry.origin!r}; expected one of {', '.join(RANK)}")
    src, tgt, norm = key_parts(entry.source_lang, entry.target_lang, entry.source)
    if not norm or not entry.target.strip():
        raise ValueError("a translation memory entry needs both a source and a target text")
    params = key_params(src, tgt, norm)
    updated = entry.updated if entry.updated is not None else now
    row = conn.execute(f"SELECT id, origin, updated FROM entries WHERE {BY_KEY}", params).fetchone()
    if row is None:
        created = entry.created if entry.created is not None else updated
        cursor = conn.execute(
            "INSERT INTO entries (key, source_lang, target_lang, norm, source, length, target, origin, "
            "created, updated, uses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*params, entry.source, len(norm), entry.target, entry.origin, created, updated, entry.uses),
        )
        if indexed:
            index_entry(conn, int(cursor.lastrowid or 0), norm)
        return True
    rank, stored_rank = RANK[entry.origin], RANK[str(row[1])]
    if rank < stored_rank or (rank == stored_rank and updated < float(row[2])):
        return False
    conn.execute(
        "UPDATE entries SET source = ?, target = ?, origin = ?, updated = ?, uses = max(uses, ?) "
        "WHERE id = ?",
        (entry.source, entry.target, entry.origin, updated, entry.uses, row[0]),
    )
    return True
