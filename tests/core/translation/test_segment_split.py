"""Splitting to a token budget never raises, never loses a character and never cuts a placeholder."""

from __future__ import annotations

import random

import pytest

from app.core.engine.llama_engine import LlamaEngine
from app.core.tasks.splitting import split_to_budget
from app.core.translation.protect import PLACEHOLDER_PATTERN, protect
from app.core.translation.segment_split import split_for_budget


def words(text: str) -> int:
    """A cheap stand-in tokenizer: one token per word or punctuation run."""
    return len(text.split())


def joined(pieces: list[tuple[str, str]]) -> str:
    return "".join(piece + separator for piece, separator in pieces)


SENTENCES = (
    "The quick brown fox jumps over the lazy dog.",
    "Copydesk keeps your files, your notes, and your drafts; nothing is lost.",
    "Is it raining?",
    "Wow!",
    "A sentence with a very long clause that goes on, and on, and on – and then — stops: here.",
    "Ein Satz mit Umlauten und Akzenten: café, naïve, Zürich.",
    "日本語の文です。中国語も、ここに。",
)


def random_text(rng: random.Random, sentences: int) -> str:
    parts: list[str] = []
    for _ in range(sentences):
        parts.append(rng.choice(SENTENCES))
        parts.append(rng.choice((" ", " ", "  ", "\n", "\n\n", "\n \n\n", "\t")))
    return rng.choice(("", "\n\n", "  ")) + "".join(parts)


@pytest.mark.parametrize("seed", range(4))
def test_random_texts_come_back_whole_and_each_piece_fits(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(60):
        text = random_text(rng, rng.randint(0, 30))
        budget = rng.choice((1, 3, 8, 20, 200))
        pieces = split_for_budget(text, budget, len)
        assert joined(pieces) == text
        assert all(len(piece) <= budget or len(piece) == 1 for piece, _ in pieces)
        assert all(not separator.strip() for _, separator in pieces)
        assert all(piece.strip() for piece, _ in pieces[1:]), "no blank piece to send to the model"


def test_text_that_fits_is_one_piece() -> None:
    assert split_for_budget("Short. Text.", 100, words) == [("Short. Text.", "")]
    assert split_for_budget("", 10, words) == [("", "")]


def test_ordinary_text_is_grouped_like_split_to_budget() -> None:
    """The same groups; only trailing whitespace may sit in the separator rather than in the piece."""
    rng = random.Random(7)
    for _ in range(50):
        text = random_text(rng, 12).lstrip()
        for budget in (25, 40, 80):
            ours = split_for_budget(text, budget, words)
            theirs = split_to_budget(text, budget, words)
            assert [piece.rstrip() for piece, _ in ours] == [piece.rstrip() for piece, _ in theirs]


def test_leading_blank_lines_are_kept() -> None:
    pieces = split_for_budget("\n\nFirst paragraph here.\n\nSecond one.", 3, words)
    assert joined(pieces) == "\n\nFirst paragraph here.\n\nSecond one."


def test_an_overlong_sentence_is_split_at_clause_punctuation_first() -> None:
    sentence = "one two three, four five six; seven eight nine: ten eleven – twelve thirteen"
    assert split_for_budget(sentence, 3, words) == [
        ("one two three,", " "),
        ("four five six;", " "),
        ("seven eight nine:", " "),
        ("ten eleven –", " "),
        ("twelve thirteen", ""),
    ]


def test_a_clause_without_punctuation_is_split_between_words() -> None:
    pieces = split_for_budget("a b c d e f g", 3, words)
    assert pieces == [("a b c", " "), ("d e f", " "), ("g", "")]


def test_cjk_text_is_split_after_its_clause_punctuation() -> None:
    pieces = split_for_budget("中国語も、ここに、そこに。", 5, len)
    assert pieces == [("中国語も、", ""), ("ここに、", ""), ("そこに。", "")]


def test_one_enormous_word_is_split_between_characters() -> None:
    word = "x" * 5000
    pieces = split_for_budget(f"Start. {word} end.", 100, len)
    assert joined(pieces) == f"Start. {word} end."
    assert max(len(piece) for piece, _ in pieces) == 100


def test_placeholders_and_combining_marks_are_never_cut() -> None:
    masked = protect("a%sb{x}c<b>d" * 30, None).masked.replace(" ", "")
    text = masked + "e\u0301" * 40
    for budget in range(1, 12):
        pieces = split_for_budget(text, budget, len)
        assert joined(pieces) == text
        for piece, _ in pieces:
            assert not piece.startswith("\u0301")
            rest = "".join(PLACEHOLDER_PATTERN.split(piece))
            assert "[" not in rest and "]" not in rest, piece


def test_a_zero_budget_does_not_loop_forever() -> None:
    assert joined(split_for_budget("ab cd", 0, len)) == "ab cd"


@pytest.mark.model
def test_the_real_tokenizer_budget_holds_for_long_text_and_a_huge_word(engine: LlamaEngine) -> None:
    def count(text: str) -> int:
        return len(engine.tokenize(text, add_special=False))

    rng = random.Random(11)
    endless = " ".join(rng.choice(("and then", "or else,", "but", "so")) for _ in range(300))
    huge_word = "Supercalifragilistic" * 250  # 5,000 characters
    text = f"{random_text(rng, 300)}\n\n{endless}.\n\n{huge_word} done."
    budget = 120
    pieces = split_for_budget(text, budget, count)
    assert joined(pieces) == text
    assert all(count(piece) <= budget for piece, _ in pieces)
    assert sum(1 for piece, _ in pieces if piece.strip() and piece in huge_word) >= 5
    # The greedy packing keeps pieces reasonably full: a paragraph-aware split, not word soup.
    assert len(pieces) < 2 * sum(count(piece) for piece, _ in pieces) / budget + 10
