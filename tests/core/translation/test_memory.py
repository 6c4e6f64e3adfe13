"""The translation memory: upsert rules, exact lookups, deleting, paging, counting uses, and threads."""

from __future__ import annotations

import threading
import unicodedata
from pathlib import Path

import pytest

from app.core.translation.memory import (
    MemoryEntry,
    TranslationMemory,
    TranslationMemoryError,
    default_memory_path,
)
from tests.core.translation.memory_samples import ONE_WORD_CHANGED, SENTENCE

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


def test_record_uses_counts_many_in_one_call(tmp_path: Path) -> None:
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.add("en", "de", "Hello world", "Hallo Welt", "human")
        memory.add("en", "de", "Good morning", "Guten Morgen", "machine")
        found = memory.record_uses("en", "de", ["Hello  world", "Good morning", "Not stored", "Hello world"])
        assert found == 3
        uses = {entry.source: entry.uses for entry in memory.entries("en", "de")}
        assert uses == {"Hello world": 2, "Good morning": 1}
        assert memory.record_uses("en", "de", []) == 0
