"""The translation memory: every confirmed segment pair, reused exactly or offered as a fuzzy match.

One SQLite file (WAL, ``synchronous=FULL``, a busy timeout so a second process waits instead of failing).
An entry is one (source language, target language, normalised source) with its latest target; see
:mod:`app.core.translation.memory_text` for what "normalised" forgives. Who wrote a target decides whether
a later one replaces it (``human`` > ``import`` > ``machine``; see
:mod:`app.core.translation.memory_entries`), so a model run can never undo a translator's correction.

Exact lookups go through an indexed 64-bit hash of the normalised source. Fuzzy lookups take candidates
from an FTS5 index (entries sharing the source's rarest words, only lengths that can reach the threshold;
see :mod:`app.core.translation.memory_index`) and score them with rapidfuzz's ``fuzz.ratio`` (normalised
Indel similarity, 0–100) on the normalised texts. ``ratio`` alone is the score shown:
``token_sort_ratio`` would rate a reordered sentence as a near-perfect match, yet reordered words usually
need another translation. Where SQLite lacks FTS5 the candidates are every entry of the pair in the
length window (correct, slower on a large memory), and the index is rebuilt the next time a SQLite with
FTS5 opens the file.

Thread safety: one connection (``check_same_thread=False``) behind a lock, so the translation worker
can add and look up while the GUI thread reads counts. The lock is held for SQL only; fuzzy scoring runs
outside it. A second process (the CLI) may use the same file; SQLite's WAL locking and the busy timeout
keep the two consistent.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rapidfuzz import fuzz, process

from app.core.paths import app_paths
from app.core.sqlite_files import transaction
from app.core.translation.memory_entries import (
    BY_KEY,
    COLUMNS,
    RANK,
    MemoryEntry,
    MemoryMatch,
    Origin,
    key_params,
    key_parts,
    match_from_row,
    upsert,
)
from app.core.translation.memory_errors import (
    DamagedMemoryError,
    MemoryDiskFullError,
    MemoryReadOnlyError,
    NewerMemoryError,
    TranslationMemoryError,
    storage_error,
)
from app.core.translation.memory_index import candidates, prepare_index, scan_candidates, unindex_entry
from app.core.translation.memory_schema import move_aside, open_connection
from app.core.translation.memory_text import display_language, language_key, length_window

__all__ = [
    "DamagedMemoryError",
    "MemoryDiskFullError",
    "MemoryEntry",
    "MemoryMatch",
    "MemoryReadOnlyError",
    "NewerMemoryError",
    "Origin",
    "TranslationMemory",
    "TranslationMemoryError",
    "default_memory_path",
]

_PAGE = 500
_SCORED = 100  # matches fetched in full and ordered; far more than anyone is shown


def default_memory_path() -> Path:
    return app_paths().data_dir / "translation-memory.sqlite"


class TranslationMemory:
    """Segment pairs of every language pair in one SQLite file; see the module docstring for the rules."""

    def __init__(self, path: Path) -> None:
        """Open or create the memory. Raises :class:`DamagedMemoryError` for a file that is not a usable
        database (left untouched; see :meth:`start_fresh`), :class:`NewerMemoryError`, and
        :class:`TranslationMemoryError` when the file or its folder cannot be used."""
        self.path = path
        conn = open_connection(path)
        try:
            self.indexed = prepare_index(conn)
            """Whether fuzzy candidates come from the FTS5 index (False: a scan of the pair)."""
        except sqlite3.Error as exc:
            conn.close()
            raise storage_error(exc, path) from exc
        self._conn: sqlite3.Connection | None = conn
        self._lock = threading.RLock()
        self._last_time = 0.0

    @classmethod
    def start_fresh(cls, path: Path) -> tuple[TranslationMemory, Path | None]:
        """Keep a damaged memory aside as ``<name>.damaged-<time>`` (never deleted) and open a new, empty
        one at ``path``; returns the memory and where the old file went (None when there was none)."""
        moved = move_aside(path) if path.exists() else None
        return cls(path), moved

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------------------

    def add(self, source_lang: str, target_lang: str, source: str, target: str, origin: Origin) -> bool:
        """Store a pair; False when an entry of a higher rank keeps its target (nothing changes then)."""
        entry = MemoryEntry(source_lang, target_lang, source, target, origin)
        with self._write() as conn:
            return upsert(conn, entry, self._now(), self.indexed)

    def add_many(self, entries: Iterable[MemoryEntry], *, batch: int = 500) -> int:
        """Store many pairs, ``batch`` per transaction (a big import never blocks other users for long);
        returns how many were stored. Pairs stored before an error stay stored."""
        stored = 0
        chunk: list[MemoryEntry] = []
        for entry in entries:
            chunk.append(entry)
            if len(chunk) >= batch:
                stored += self._add_chunk(chunk)
                chunk = []
        if chunk:
            stored += self._add_chunk(chunk)
        return stored

    def record_use(self, source_lang: str, target_lang: str, source: str) -> bool:
        """Count one more use of the entry for ``source`` (a match was applied); False when there is none."""
        src, tgt, norm = key_parts(source_lang, target_lang, source)
        with self._write() as conn:
            cursor = conn.execute(
                f"UPDATE entries SET uses = uses + 1 WHERE {BY_KEY}", key_params(src, tgt, norm)
            )
            return cursor.rowcount > 0

    def record_uses(self, source_lang: str, target_lang: str, sources: Iterable[str]) -> int:
        """``record_use`` for many sources in one transaction (a document's memory hits); how many
        entries were found."""
        keys = [key_parts(source_lang, target_lang, source) for source in sources]
        if not keys:
            return 0
        with self._write() as conn:
            return sum(
                conn.execute(
                    f"UPDATE entries SET uses = uses + 1 WHERE {BY_KEY}", key_params(src, tgt, norm)
                ).rowcount
                for src, tgt, norm in keys
            )

    def delete(self, source_lang: str, target_lang: str, source: str) -> bool:
        src, tgt, norm = key_parts(source_lang, target_lang, source)
        with self._write() as conn:
            row = conn.execute(
                f"SELECT id, norm FROM entries WHERE {BY_KEY}", key_params(src, tgt, norm)
            ).fetchone()
            if row is None:
                return False
            conn.execute("DELETE FROM entries WHERE id = ?", (row[0],))
            if self.indexed:
                unindex_entry(conn, int(row[0]), str(row[1]))
            return True

    # -- reading ------------------------------------------------------------------------------------

    def exact(self, source_lang: str, target_lang: str, source: str) -> MemoryMatch | None:
        src, tgt, norm = key_parts(source_lang, target_lang, source)
        if not norm:
            return None
        with self._read() as conn:
            row = conn.execute(
                f"SELECT {COLUMNS} FROM entries WHERE {BY_KEY}", key_params(src, tgt, norm)
            ).fetchone()
        return None if row is None else match_from_row(row, 100.0)

    def fuzzy(
        self, source_lang: str, target_lang: str, source: str, *, threshold: float = 75, limit: int = 5
    ) -> list[MemoryMatch]:
        """Entries whose source is at least ``threshold`` similar (the exact match left out), best score
        first, then human before import before machine, then the most recently updated."""
        src, tgt, norm = key_parts(source_lang, target_lang, source)
        if not norm or limit <= 0:
            return []
        lengths = length_window(len(norm), threshold)
        with self._read() as conn:
            if self.indexed:
                rows = candidates(conn, (src, tgt), norm, lengths)
            else:
                rows = scan_candidates(conn, (src, tgt), lengths)
        choices = {int(row[0]): str(row[1]) for row in rows if row[1] != norm}
        scored = process.extract(norm, choices, scorer=fuzz.ratio, score_cutoff=threshold, limit=_SCORED)
        if not scored:
            return []
        scores = {int(key): float(score) for _text, score, key in scored}
        marks = ", ".join("?" * len(scores))
        with self._read() as conn:
            details = conn.execute(f"SELECT {COLUMNS} FROM entries WHERE id IN ({marks})", list(scores))
            matches = [match_from_row(row, scores[int(row[0])]) for row in details.fetchall()]
        matches.sort(key=lambda m: (-m.score, -RANK[m.origin], -m.updated))
        return matches[:limit]

    def count(self, source_lang: str | None = None, target_lang: str | None = None) -> int:
        """Entries of one pair, of one source or target language, or (no arguments) all of them."""
        clauses, params = [], []
        for column, code in (("source_lang", source_lang), ("target_lang", target_lang)):
            if code is not None:
                clauses.append(f"{column} = ?")
                params.append(language_key(code))
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        with self._read() as conn:
            return int(conn.execute(f"SELECT count(*) FROM entries{where}", params).fetchone()[0])

    def language_pairs(self) -> list[tuple[str, str]]:
        """The pairs that have entries, codes spelled as usual (``pt-BR``)."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT DISTINCT source_lang, target_lang FROM entries ORDER BY 1, 2"
            ).fetchall()
        return [(display_language(row[0]), display_language(row[1])) for row in rows]

    def entries(self, source_lang: str, target_lang: str) -> Iterator[MemoryEntry]:
        """Every entry of a pair, oldest first; read a page at a time, so the lock is never held between
        pages and other threads keep working during a long export."""
        src, tgt = language_key(source_lang), language_key(target_lang)
        last = 0
        while True:
            with self._read() as conn:
                page = conn.execute(
                    f"SELECT {COLUMNS} FROM entries WHERE source_lang = ? AND target_lang = ? AND id > ? "
                    "ORDER BY id LIMIT ?",
                    (src, tgt, last, _PAGE),
                ).fetchall()
            if not page:
                return
            for row in page:
                yield MemoryEntry(src, tgt, row[1], row[3], row[4], row[5], row[6], row[7])
            last = int(page[-1][0])

    # -- plumbing -----------------------------------------------------------------------------------

    def _add_chunk(self, chunk: list[MemoryEntry]) -> int:
        with self._write() as conn:
            return sum(upsert(conn, entry, self._now(), self.indexed) for entry in chunk)

    def _now(self) -> float:
        """Wall-clock time, nudged forward on a coarse clock so "most recently updated" stays in order."""
        now = max(time.time(), self._last_time + 1e-6)
        self._last_time = now
        return now

    def _require_open(self) -> sqlite3.Connection:
        if self._conn is None:
            raise TranslationMemoryError(f"The translation memory {self.path} is closed.", self.path)
        return self._conn

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._require_open()
            try:
                yield conn
            except sqlite3.Error as exc:
                raise storage_error(exc, self.path) from exc

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all of a change is saved, or (on any error) none of it."""
        with self._lock:
            conn = self._require_open()
            try:
                with transaction(conn):
                    yield conn
            except sqlite3.Error as exc:
                raise storage_error(exc, self.path) from exc
