"""The translation memory's fuzzy lookups: scores, thresholds, order, scripts, and the candidate query."""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from app.core.translation import memory_index, memory_text
from app.core.translation.memory import TranslationMemory
from tests.core.translation.memory_samples import ONE_WORD_CHANGED, SENTENCE, UNRELATED

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
