"""Translation memory files that go wrong (damaged, newer, read-only, full) and a SQLite without FTS5."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from app.core.translation import memory_index, memory_schema
from app.core.translation.memory import (
    DamagedMemoryError,
    MemoryDiskFullError,
    MemoryEntry,
    MemoryReadOnlyError,
    NewerMemoryError,
    TranslationMemory,
    TranslationMemoryError,
)
from tests.core.translation.memory_samples import ONE_WORD_CHANGED, SENTENCE, UNRELATED


def _raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


# -- files that go wrong ------------------------------------------------------------------------------


def test_a_file_that_is_not_a_database_is_refused_untouched_and_can_be_set_aside(path: Path) -> None:
    path.parent.mkdir(parents=True)
    garbage = b"\x00\xffthis is not a database" * 300
    path.write_bytes(garbage)
    path.with_name(path.name + "-wal").write_bytes(b"wal bytes")
    with pytest.raises(DamagedMemoryError, match="damaged") as caught:
        TranslationMemory(path)
    assert str(path) in str(caught.value)
    assert caught.value.path == path
    assert path.read_bytes() == garbage
    memory, moved = TranslationMemory.start_fresh(path)
    with memory:
        assert moved is not None and moved.name.startswith("tm.sqlite.damaged-")
        assert moved.read_bytes() == garbage
        assert moved.with_name(moved.name + "-wal").read_bytes() == b"wal bytes"
        assert memory.count() == 0
        memory.add("en", "de", "Fresh", "Frisch", "human")
        assert memory.exact("en", "de", "Fresh") is not None


def test_damaged_pages_are_caught_when_opening(path: Path) -> None:
    with TranslationMemory(path) as memory:
        memory.add_many(
            MemoryEntry("en", "de", f"Entry {n} " + "words " * 200, f"Eintrag {n}", "machine")
            for n in range(60)
        )
    data = bytearray(path.read_bytes())
    data[8192 : 8192 + 8192] = b"\x55" * 8192
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedMemoryError, match=str(path)):
        TranslationMemory(path)
    assert path.read_bytes() == bytes(data)


def test_a_memory_from_a_newer_copydesk_is_refused_and_left_as_it_is(path: Path) -> None:
    with TranslationMemory(path) as memory:
        memory.add("en", "de", "Future", "Zukunft", "human")
    conn = _raw(path)
    conn.execute(f"PRAGMA user_version = {memory_schema.SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerMemoryError, match="newer Copydesk"):
        TranslationMemory(path)
    assert path.read_bytes() == before


def test_migrations_run_one_step_at_a_time_and_keep_the_entries(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with TranslationMemory(path) as memory:
        memory.add("en", "de", "Kept", "Behalten", "human")

    def add_reviewer(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE entries ADD COLUMN reviewer TEXT")

    monkeypatch.setitem(memory_schema.MIGRATIONS, 1, add_reviewer)
    conn = memory_schema.open_connection(path, latest=2)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        assert conn.execute("SELECT source, reviewer FROM entries").fetchall() == [("Kept", None)]
    finally:
        conn.close()


def test_a_folder_that_cannot_be_created_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(TranslationMemoryError, match="cannot be created"):
        TranslationMemory(blocker / "tm.sqlite")


def test_a_read_only_memory_says_so_and_keeps_what_it_has(memory: TranslationMemory) -> None:
    memory.add("en", "de", "Stored before", "Vorher gespeichert", "human")
    conn = memory._conn
    assert conn is not None
    conn.execute("PRAGMA query_only = ON")  # as if the file had become read-only
    with pytest.raises(MemoryReadOnlyError, match="cannot be written"):
        memory.add("en", "de", "New", "Neu", "human")
    assert memory.exact("en", "de", "Stored before") is not None
    assert memory.count() == 1


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions and a non-root user"
)
def test_a_read_only_folder_is_named_in_the_error(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(MemoryReadOnlyError, match="read-only"):
            TranslationMemory(folder / "tm.sqlite")
    finally:
        folder.chmod(0o700)


def test_a_full_disk_rolls_back_and_keeps_earlier_entries(memory: TranslationMemory) -> None:
    memory.add("en", "de", "Saved before", "Vorher", "human")
    conn = memory._conn
    assert conn is not None
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # the file can barely grow: a full disk
    huge = "word " * 200_000
    with pytest.raises(MemoryDiskFullError, match="is full") as caught:
        memory.add("en", "de", huge, "riesig", "human")
    assert str(memory.path) in str(caught.value)
    assert memory.exact("en", "de", huge) is None
    assert memory.exact("en", "de", "Saved before") is not None
    memory.add("en", "de", "Small", "Klein", "human")
    assert memory.count() == 2


# -- without FTS5 -------------------------------------------------------------------------------------


def test_without_fts5_lookups_scan_and_the_index_is_rebuilt_later(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with TranslationMemory(path) as memory:
        memory.add("en", "de", UNRELATED, "vorher", "human")
    monkeypatch.setattr(memory_index, "fts5_available", lambda conn: False)
    with TranslationMemory(path) as memory:
        assert not memory.indexed
        memory.add("en", "de", SENTENCE, "ohne Index", "human")
        assert [m.target for m in memory.fuzzy("en", "de", ONE_WORD_CHANGED)] == ["ohne Index"]
        assert memory.delete("en", "de", UNRELATED)
    monkeypatch.undo()
    with TranslationMemory(path) as memory:
        assert memory.indexed
        assert [m.target for m in memory.fuzzy("en", "de", ONE_WORD_CHANGED)] == ["ohne Index"]
        assert (
            memory.fuzzy("en", "de", "Our office in Lisbon is closed on public holidays and in August.") == []
        )
    conn = _raw(path)
    assert conn.execute("SELECT count(*) FROM meta WHERE name = 'index_stale'").fetchone()[0] == 0
    conn.close()
