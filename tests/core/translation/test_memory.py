"""The translation memory: upsert rules, exact and fuzzy lookups, threads, and files that go wrong."""

from __future__ import annotations

import os
import sqlite3
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from app.core.translation import memory_index, memory_schema, memory_text
from app.core.translation.memory import (
    DamagedMemoryError,
    MemoryDiskFullError,
    MemoryEntry,
    MemoryReadOnlyError,
    NewerMemoryError,
    TranslationMemory,
    TranslationMemoryError,
    default_memory_path,
)

SENTENCE = "Please restart the application after installing the latest security update today."
ONE_WORD_CHANGED = "Please restart the application after installing the latest software update today."
UNRELATED = "Our office in Lisbon is closed on public holidays and during August."


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "memory" / "tm.sqlite"


@pytest.fixture
def memory(path: Path) -> Iterator[TranslationMemory]:
    with TranslationMemory(path) as opened:
        yield opened


def _raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


# -- storing and exact lookups ------------------------------------------------------------------------


def test_a_stored_pair_comes_back_exactly(memory: TranslationMemory) -> None:
    assert memory.add("en", "de", "Hello world.", "Hallo Welt.", "human")
    match = memory.exact("en", "de", "Hello world.")
    assert match is not None
    assert (match.source, match.target, match.score, match.origin) == (
        "Hello world.",
        "Hallo Welt.",
        100,
        "human",
    )
    assert memory.exact("en", "de", "Goodbye world.") is None
    assert memory.exact("de", "en", "Hello world.") is None  # the other direction is another pair


def test_exact_forgives_spacing_and_unicode_composition_but_not_case(memory: TranslationMemory) -> None:
    memory.add("en", "fr", "The  café is\topen.", "Le café est ouvert.", "human")
    for variant in (
        "The café is open.",
        "  The café\n is open. ",
        unicodedata.normalize("NFD", "The café is open."),
    ):
        match = memory.exact("en", "fr", variant)
        assert match is not None and match.target == "Le café est ouvert.", variant
    assert memory.exact("en", "fr", "the café is open.") is None
    assert memory.count() == 1


def test_language_codes_compare_without_case_and_with_either_separator(memory: TranslationMemory) -> None:
    memory.add("en_US", "pt_BR", "Good morning", "Bom dia", "human")
    assert memory.exact("EN-us", "pt-br", "Good morning") is not None
    assert memory.exact("en-US", "PT_BR", "Good morning") is not None
    assert memory.exact("en-US", "pt", "Good morning") is None  # European Portuguese is another pair
    assert memory.language_pairs() == [("en-US", "pt-BR")]
    with pytest.raises(ValueError, match="not a language code"):
        memory.add("english!", "de", "a", "b", "human")


def test_a_human_translation_replaces_anything_and_a_machine_one_never_replaces_it(
    memory: TranslationMemory,
) -> None:
    assert memory.add("en", "de", SENTENCE, "machine one", "machine")
    assert memory.add("en", "de", SENTENCE, "machine two", "machine")  # same rank: the newer wins
    assert _target(memory) == ("machine two", "machine")
    assert memory.add("en", "de", SENTENCE, "from a file", "import")
    assert not memory.add("en", "de", SENTENCE, "machine three", "machine")  # import outranks machine
    assert _target(memory) == ("from a file", "import")
    assert memory.add("en", "de", SENTENCE, "checked by a person", "human")
    assert not memory.add("en", "de", SENTENCE, "machine four", "machine")
    assert not memory.add("en", "de", SENTENCE, "another file", "import")
    assert _target(memory) == ("checked by a person", "human")
    assert memory.add("en", "de", "  " + SENTENCE, "corrected again", "human")
    assert _target(memory) == ("corrected again", "human")
    assert memory.count("en", "de") == 1


def test_an_older_dated_entry_does_not_replace_a_newer_one_of_the_same_rank(
    memory: TranslationMemory,
) -> None:
    newer = MemoryEntry("en", "de", SENTENCE, "from the 2024 file", "import", updated=1.7e9)
    older = MemoryEntry("en", "de", SENTENCE, "from the 2019 file", "import", updated=1.55e9)
    assert memory.add_many([newer, older]) == 1
    assert _target(memory) == ("from the 2024 file", "import")
    assert (
        memory.add_many([MemoryEntry("en", "de", SENTENCE, "from the 2025 file", "import", updated=1.75e9)])
        == 1
    )
    assert _target(memory) == ("from the 2025 file", "import")


def _target(memory: TranslationMemory) -> tuple[str, str]:
    match = memory.exact("en", "de", SENTENCE)
    assert match is not None
    return match.target, match.origin


def test_replacing_bumps_the_update_time_and_keeps_the_use_count(memory: TranslationMemory) -> None:
    memory.add("en", "de", SENTENCE, "first", "machine")
    first = memory.exact("en", "de", SENTENCE)
    assert memory.record_use("en", "de", SENTENCE)
    memory.add("en", "de", SENTENCE, "second", "human")
    second = memory.exact("en", "de", SENTENCE)
    assert first is not None and second is not None
    assert second.updated > first.updated
    assert second.uses == 1
    assert not memory.record_use("en", "de", "Never stored.")


def test_bad_entries_are_refused(memory: TranslationMemory) -> None:
    with pytest.raises(ValueError, match="both a source and a target"):
        memory.add("en", "de", "   ", "leer", "human")
    with pytest.raises(ValueError, match="both a source and a target"):
        memory.add("en", "de", "Empty", " \n", "human")
    with pytest.raises(ValueError, match="unknown origin"):
        memory.add("en", "de", "Text", "Text", "robot")  # type: ignore[arg-type]
    assert memory.count() == 0


# -- fuzzy lookups ------------------------------------------------------------------------------------


def test_a_one_word_change_in_a_ten_word_sentence_is_offered(memory: TranslationMemory) -> None:
    memory.add("en", "de", SENTENCE, "Bitte starten Sie die Anwendung neu.", "human")
    memory.add("en", "de", UNRELATED, "Unser Büro in Lissabon ist geschlossen.", "human")
    [match] = memory.fuzzy("en", "de", ONE_WORD_CHANGED)
    assert match.source == SENTENCE
    assert match.score == pytest.approx(fuzz.ratio(ONE_WORD_CHANGED, SENTENCE))
    assert 75 <= match.score < 100
    unrelated_query = "Our team answers every support request within one working day."
    assert max(fuzz.ratio(unrelated_query, SENTENCE), fuzz.ratio(unrelated_query, UNRELATED)) < 75
    assert memory.fuzzy("en", "de", unrelated_query) == []
    assert memory.fuzzy("en", "de", "The weather was lovely at the seaside yesterday afternoon.") == []


def test_fuzzy_leaves_out_the_exact_match_and_respects_threshold_and_limit(memory: TranslationMemory) -> None:
    memory.add("en", "de", SENTENCE, "exakt", "human")
    memory.add("en", "de", ONE_WORD_CHANGED, "fast", "human")
    assert [m.target for m in memory.fuzzy("en", "de", SENTENCE)] == ["fast"]
    score = fuzz.ratio(SENTENCE, ONE_WORD_CHANGED)
    assert memory.fuzzy("en", "de", SENTENCE, threshold=score + 0.5) == []
    assert len(memory.fuzzy("en", "de", SENTENCE, threshold=score)) == 1
    for number in range(8):
        memory.add("en", "de", SENTENCE.replace("today", f"day {number}"), f"variant {number}", "machine")
    assert len(memory.fuzzy("en", "de", SENTENCE)) == 5
    assert len(memory.fuzzy("en", "de", SENTENCE, limit=3)) == 3
    assert memory.fuzzy("en", "de", SENTENCE, limit=0) == []
    assert memory.fuzzy("en", "de", "   ") == []


def test_fuzzy_orders_by_score_then_human_first(memory: TranslationMemory) -> None:
    query = "Open the file menu and choose option A to export the report."
    machine_close = "Open the file menu and choose option B to export the report."
    human_close = "Open the file menu and choose option C to export the report."
    human_further = "Open the edit menu and choose option D to print the report."
    memory.add("en", "de", machine_close, "machine, close", "machine")
    memory.add("en", "de", human_close, "human, close", "human")
    memory.add("en", "de", human_further, "human, further", "human")
    assert (
        fuzz.ratio(query, machine_close) == fuzz.ratio(query, human_close) > fuzz.ratio(query, human_further)
    )
    matches = memory.fuzzy("en", "de", query, threshold=60)
    assert [m.target for m in matches] == ["human, close", "machine, close", "human, further"]


def test_fuzzy_stays_inside_its_language_pair(memory: TranslationMemory) -> None:
    memory.add("en", "fr", SENTENCE, "français", "human")
    assert memory.fuzzy("en", "de", ONE_WORD_CHANGED) == []
    assert [m.target for m in memory.fuzzy("en", "fr", ONE_WORD_CHANGED)] == ["français"]


def test_fuzzy_works_for_scripts_without_spaces_and_with_combining_marks(memory: TranslationMemory) -> None:
    memory.add("ja", "en", "東京都の天気は明日晴れるでしょう。", "Tokyo will be sunny tomorrow.", "human")
    memory.add(
        "hi", "en", "कृपया अपना पासवर्ड बदलें और फिर से लॉग इन करें।", "Please change your password.", "human"
    )
    memory.add(
        "de", "en", "Die Straße ist heute wegen Bauarbeiten gesperrt.", "The street is closed.", "human"
    )
    [japanese] = memory.fuzzy("ja", "en", "東京都の天気は明後日晴れるでしょう。")
    assert japanese.target == "Tokyo will be sunny tomorrow."
    [hindi] = memory.fuzzy("hi", "en", "कृपया अपना पासवर्ड बदलें और फिर लॉग इन करें।")
    assert hindi.target == "Please change your password."
    [german] = memory.fuzzy("de", "en", "Die Straße ist morgen wegen Bauarbeiten gesperrt.")
    assert german.target == "The street is closed."


def test_a_sentence_of_common_words_still_finds_its_neighbour(
    memory: TranslationMemory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a tiny budget every word is too common, so the two-of-three-rarest query is used."""
    queries: list[str | None] = []

    def spy(terms: list[str], doc_counts: dict[str, int]) -> str | None:
        queries.append(memory_text.candidate_query(terms, doc_counts, budget=2))
        return queries[-1]

    monkeypatch.setattr(memory_index, "candidate_query", spy)
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]
    orders = [words[n:] + words[:n] for n in range(6)]
    for number, order in enumerate(orders):
        memory.add("en", "de", " ".join(order) + ".", f"order {number}", "machine")
    query = " ".join(orders[3]).replace("bravo", "omega") + "."
    matches = memory.fuzzy("en", "de", query)
    assert queries and queries[-1] is not None and " AND " in queries[-1]
    assert matches and matches[0].target == "order 3"


def test_candidate_query_picks_the_rarest_words_within_the_budget() -> None:
    counts = {"the": 900, "update": 40, "security": 30, "restart": 5, "zebra": 0}
    terms = ["the", "update", "security", "restart", "zebra", "unknown"]
    two_of_three = '("restart" AND "security") OR ("restart" AND "update") OR ("security" AND "update")'
    assert memory_text.candidate_query(terms, counts, budget=100) == '"restart" OR "security" OR "update"'
    assert memory_text.candidate_query(terms, counts, budget=40) == '"restart" OR "security"'
    assert memory_text.candidate_query(terms, counts, budget=10) == two_of_three  # one word is never enough
    assert memory_text.candidate_query(terms, counts, budget=3) == two_of_three
    assert memory_text.candidate_query(["the", "update"], counts, budget=3) == '"update" OR "the"'
    assert memory_text.candidate_query(["the", "zebra"], counts, budget=3) == '"the"'
    assert memory_text.candidate_query(["zebra", "unknown"], counts) is None
    assert memory_text.candidate_query(['say "hi"'], {'say "hi"': 1}) == '"say ""hi"""'


def test_length_window_never_excludes_a_candidate_that_could_reach_the_threshold() -> None:
    for length in (1, 7, 40, 333):
        low, high = memory_text.length_window(length, 75)
        for other in range(1, 4 * length + 4):
            best_possible = 200 * min(length, other) / (length + other)
            if best_possible >= 75:
                assert low <= other <= high, (length, other)


# -- other operations ---------------------------------------------------------------------------------


def test_delete_removes_an_entry_from_every_lookup(memory: TranslationMemory) -> None:
    memory.add("en", "de", SENTENCE, "weg", "human")
    assert memory.delete("en", "de", "  " + SENTENCE)
    assert not memory.delete("en", "de", SENTENCE)
    assert memory.exact("en", "de", SENTENCE) is None
    assert memory.fuzzy("en", "de", ONE_WORD_CHANGED) == []
    assert memory.count() == 0
    memory.add("en", "de", SENTENCE, "wieder da", "human")  # the index has no stale leftovers
    assert [m.target for m in memory.fuzzy("en", "de", ONE_WORD_CHANGED)] == ["wieder da"]


def test_entries_pages_through_a_pair_in_order(memory: TranslationMemory) -> None:
    stored = memory.add_many(
        MemoryEntry(
            "en", "de", f"Sentence number {n}.", f"Satz Nummer {n}.", "import", 1000.0 + n, 2000.0 + n, n
        )
        for n in range(1234)
    )
    memory.add("en", "fr", "Sentence number 1.", "Phrase numéro 1.", "human")
    assert stored == 1234
    entries = list(memory.entries("en", "de"))
    assert [e.source for e in entries] == [f"Sentence number {n}." for n in range(1234)]
    assert entries[7] == MemoryEntry(
        "en", "de", "Sentence number 7.", "Satz Nummer 7.", "import", 1007.0, 2007.0, 7
    )
    assert memory.count("en", "de") == 1234
    assert memory.count("en") == 1235
    assert memory.count(target_lang="fr") == 1
    assert memory.count() == 1235


def test_use_after_close_is_a_clear_error(path: Path) -> None:
    memory = TranslationMemory(path)
    memory.close()
    memory.close()  # harmless
    with pytest.raises(TranslationMemoryError, match="closed"):
        memory.exact("en", "de", "x")


def test_the_default_location_is_in_the_data_folder(isolated_home: Path) -> None:
    assert default_memory_path().name == "translation-memory.sqlite"
    assert isolated_home in default_memory_path().parents


def test_two_threads_add_and_read_while_a_third_counts(memory: TranslationMemory) -> None:
    errors: list[BaseException] = []
    stop = threading.Event()

    def writer(name: str) -> None:
        try:
            for number in range(100):
                source = f"Thread {name} stores sentence {number} about the weather."
                memory.add("en", "de", source, f"{name} {number}", "machine")
                match = memory.exact("en", "de", source)
                assert match is not None and match.target == f"{name} {number}"
                memory.fuzzy("en", "de", f"Thread {name} stores sentence {number} about the climate.")
        except BaseException as exc:
            errors.append(exc)

    def counter() -> None:
        try:
            while not stop.is_set():
                memory.count("en", "de")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(name,)) for name in "ab"]
    reader = threading.Thread(target=counter)
    for thread in [*threads, reader]:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    reader.join()
    assert errors == []
    assert memory.count("en", "de") == 200


def test_two_connections_to_one_file_see_each_others_entries(path: Path) -> None:
    with TranslationMemory(path) as window, TranslationMemory(path) as cli:
        cli.add("en", "de", SENTENCE, "aus der Kommandozeile", "machine")
        assert [m.target for m in window.fuzzy("en", "de", ONE_WORD_CHANGED)] == ["aus der Kommandozeile"]
        window.add("en", "de", SENTENCE, "korrigiert", "human")
        match = cli.exact("en", "de", SENTENCE)
        assert match is not None and match.target == "korrigiert"


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


def test_record_uses_counts_many_in_one_call(tmp_path: Path) -> None:
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "de", "Hello world", "Hallo Welt", "human")
        memory.add("en", "de", "Good morning", "Guten Morgen", "machine")
        found = memory.record_uses("en", "de", ["Hello  world", "Good morning", "Not stored", "Hello world"])
        assert found == 3
        uses = {entry.source: entry.uses for entry in memory.entries("en", "de")}
        assert uses == {"Hello world": 2, "Good morning": 1}
        assert memory.record_uses("en", "de", []) == 0
