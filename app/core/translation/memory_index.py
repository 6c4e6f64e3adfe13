"""The full-text index behind fuzzy lookups, and the scan that replaces it where SQLite has no FTS5.

Two parts, kept in step with the entries table inside the same transactions:

- ``entries_fts`` (FTS5, rowid = entry id) holds each source's words (:func:`memory_text.search_text`);
- ``terms`` counts the entries that hold each word, so a lookup can search by the source's rarest words
  only (:func:`memory_text.candidate_query`). Asking FTS5 itself (``fts5vocab``) costs a walk over a
  common word's whole posting list: 25 ms a lookup at 100,000 entries, against microseconds here.

Candidates are the entries the query finds in the right language pair and length window; all of them
are scored (a few thousand at most), which is cheaper than ranking them in SQL first: ordering by BM25
costs about 10 µs a row, rapidfuzz well under 1 µs.

Without FTS5 (a rare SQLite build) the candidates are every entry of the pair in the length window:
the same results, slower on a large memory. The index is then marked stale, because entries added
meanwhile are missing from it, and the next open with FTS5 rebuilds it from the entries table.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from typing import Any

from app.core.sqlite_files import transaction
from app.core.translation.memory_text import TOKENIZER, candidate_query, index_terms, search_text

INDEX_TABLE = "entries_fts"
MAX_CANDIDATES = 8000
"""Rows a lookup scores at most; only a query of common words alone comes near it."""
_BATCH = 2000
_MAX_PARAMS = 900  # below SQLite's oldest limit on host parameters (999)


def fts5_available(conn: sqlite3.Connection) -> bool:
    """Whether this SQLite build has FTS5 (a probe table in the temporary schema; the file is not touched)."""
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x)")
    except sqlite3.OperationalError:
        return False
    conn.execute("DROP TABLE temp.fts5_probe")
    return True


def prepare_index(conn: sqlite3.Connection) -> bool:
    """Create or rebuild the index as needed; False when this SQLite has no FTS5."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (INDEX_TABLE,)
    ).fetchone()
    stale = conn.execute("SELECT 1 FROM meta WHERE name = 'index_stale'").fetchone()
    if not fts5_available(conn):
        if exists and not stale:
            with transaction(conn):
                conn.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('index_stale', '1')")
        return False
    if exists and not stale:
        return True
    with transaction(conn):
        conn.execute(
            f'CREATE VIRTUAL TABLE IF NOT EXISTS {INDEX_TABLE} USING fts5(words, tokenize = "{TOKENIZER}")'
        )
        _rebuild(conn)
        conn.execute("DELETE FROM meta WHERE name = 'index_stale'")
    return True


def _rebuild(conn: sqlite3.Connection) -> None:
    conn.execute(f"DELETE FROM {INDEX_TABLE}")
    conn.execute("DELETE FROM terms")
    counts: Counter[str] = Counter()
    last = 0
    while batch := conn.execute(
        "SELECT id, norm FROM entries WHERE id > ? ORDER BY id LIMIT ?", (last, _BATCH)
    ).fetchall():
        conn.executemany(
            f"INSERT INTO {INDEX_TABLE} (rowid, words) VALUES (?, ?)",
            [(row[0], search_text(row[1])) for row in batch],
        )
        for row in batch:
            counts.update(index_terms(row[1]))
        last = int(batch[-1][0])
    conn.executemany("INSERT INTO terms (term, docs) VALUES (?, ?)", counts.items())


def index_entry(conn: sqlite3.Connection, rowid: int, norm: str) -> None:
    conn.execute(f"INSERT INTO {INDEX_TABLE} (rowid, words) VALUES (?, ?)", (rowid, search_text(norm)))
    conn.executemany(
        "INSERT INTO terms (term, docs) VALUES (?, 1) ON CONFLICT (term) DO UPDATE SET docs = docs + 1",
        [(term,) for term in index_terms(norm)],
    )


def unindex_entry(conn: sqlite3.Connection, rowid: int, norm: str) -> None:
    conn.execute(f"DELETE FROM {INDEX_TABLE} WHERE rowid = ?", (rowid,))
    terms = [(term,) for term in index_terms(norm)]
    conn.executemany("UPDATE terms SET docs = docs - 1 WHERE term = ?", terms)
    conn.executemany("DELETE FROM terms WHERE term = ? AND docs <= 0", terms)


def candidates(
    conn: sqlite3.Connection, pair: tuple[str, str], norm: str, lengths: tuple[int, int]
) -> list[Any]:
    """``(id, norm)`` of entries of the language pair that may resemble ``norm``."""
    terms = sorted(index_terms(norm), key=len, reverse=True)[:_MAX_PARAMS]
    if not terms:
        return []
    marks = ", ".join("?" * len(terms))
    counts = dict(conn.execute(f"SELECT term, docs FROM terms WHERE term IN ({marks})", terms).fetchall())
    query = candidate_query(terms, counts)
    if query is None:
        return []
    # CROSS JOIN keeps the index as the outer loop: left to itself, the planner walks every entry of the
    # pair in the length window and probes the index for each (seconds instead of milliseconds).
    return conn.execute(
        f"SELECT e.id, e.norm FROM {INDEX_TABLE} f CROSS JOIN entries e ON e.id = f.rowid "
        f"WHERE {INDEX_TABLE} MATCH ? AND e.source_lang = ? AND e.target_lang = ? "
        "AND e.length BETWEEN ? AND ? LIMIT ?",
        (query, *pair, *lengths, MAX_CANDIDATES),
    ).fetchall()


def scan_candidates(conn: sqlite3.Connection, pair: tuple[str, str], lengths: tuple[int, int]) -> list[Any]:
    """``(id, norm)`` of every entry of the pair whose length can reach the threshold (without FTS5)."""
    return conn.execute(
        "SELECT id, norm FROM entries WHERE source_lang = ? AND target_lang = ? AND length BETWEEN ? AND ?",
        (*pair, *lengths),
    ).fetchall()
