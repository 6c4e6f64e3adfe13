"""Character limits: a cut never passes the limit and lands where a reader would not notice."""

from __future__ import annotations

import random
import unicodedata

import pytest

from app.core.tasks.limits import char_count, cut_at_sentence, keyword_present, missing_keywords
from app.core.tasks.splitting import PieceTooLongError, split_to_budget

WORDS = ["bottle", "steel", "Wasser", "flasche", "ÜBER", "café", "日本語の", "水筒", "e\u0301te\u0301", "x"]
PUNCTUATION = [". ", "! ", "? ", ", ", "; ", " (", ") ", " - ", "… ", "。", "！", '." ', "\n", " "]


def random_text(rng: random.Random) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(0, 40)):
        parts.append(rng.choice(WORDS))
        parts.append(rng.choice(PUNCTUATION))
    return "".join(parts)


@pytest.mark.parametrize("seed", range(30))
def test_a_cut_never_passes_the_limit(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(50):
        text = random_text(rng)
        if rng.random() < 0.2:
            text = text.replace(" ", "").replace("\n", "")  # no word boundaries at all
        limit = rng.randint(0, 120)
        cut = cut_at_sentence(text, limit)
        assert char_count(cut) <= limit, (text, limit, cut)
        normalized = unicodedata.normalize("NFC", text).strip()
        assert normalized.startswith(cut), (text, limit, cut)
        if char_count(text) <= limit:
            assert cut == normalized
        elif limit >= 3:
            assert cut, (text, limit)
            assert cut == cut.strip()


def test_counting_is_in_composed_characters() -> None:
    assert char_count("e\u0301") == 1
    assert char_count("🇩🇪") == 2
    assert cut_at_sentence("caf" + "e\u0301" * 3, 4) == "café"


def test_a_cut_prefers_the_last_sentence_end() -> None:
    text = "Keeps drinks cold all day. Fits every cup holder! Made from recycled steel and bamboo."
    assert cut_at_sentence(text, 60) == "Keeps drinks cold all day. Fits every cup holder!"
    assert cut_at_sentence(text, 49) == "Keeps drinks cold all day. Fits every cup holder!"
    assert cut_at_sentence(text, 48) == "Keeps drinks cold all day."
    assert cut_at_sentence('He said "Go." Then left for good.', 20) == 'He said "Go."'


def test_a_sentence_end_too_early_loses_to_a_word_end() -> None:
    text = "Yes. This bottle keeps drinks cold for twenty four hours"
    assert cut_at_sentence(text, 40) == "Yes. This bottle keeps drinks cold for"


def test_a_cut_falls_back_to_a_word_end_without_dangling_punctuation() -> None:
    assert (
        cut_at_sentence("Cold for 24 hours, hot for 12 (with the lid)", 30) == "Cold for 24 hours, hot for 12"
    )
    assert cut_at_sentence("Cold for 24 hours, hot for 12 hours", 19) == "Cold for 24 hours"
    assert cut_at_sentence("Steel bottle\nfor hiking trips", 15) == "Steel bottle"  # a line break ends a word


def test_a_decimal_point_is_not_a_sentence_end() -> None:
    assert cut_at_sentence("Weighs 1.5 kg and holds 750 ml", 9) == "Weighs"
    assert cut_at_sentence("Version 2.0 is out now for everyone", 10) == "Version"


def test_japanese_is_cut_after_a_full_stop() -> None:
    text = "この水筒は軽いです。冷たさが二十四時間続きます。"
    assert cut_at_sentence(text, 15) == "この水筒は軽いです。"


def test_text_without_spaces_is_cut_hard() -> None:
    assert cut_at_sentence("Donaudampfschifffahrtsgesellschaft", 10) == "Donaudampf"
    assert cut_at_sentence("anything", 0) == ""


@pytest.mark.parametrize(
    ("keyword", "text", "present"),
    [
        ("Water Bottle", "The best WATER BOTTLE around", True),
        ("water bottle", "two water bottles", True),
        ("water bottle", "water-bottle with lid", True),
        ("water bottle", "water\nbottle", True),
        ("box", "three boxes", True),
        ("bottle", "bottleneck", False),
        ("steel", "stainless-steel", True),
        ("cap", "capital", False),
        ("water bottle", "water and a bottle", False),
        ("BPA-free", "bpa-free plastic", True),
        ("straße", "STRASSE", True),
        ("", "anything", True),
    ],
)
def test_keyword_present(keyword: str, text: str, present: bool) -> None:
    assert keyword_present(keyword, text) is present


def test_missing_keywords_looks_through_every_part() -> None:
    texts = ["Trail bottle", "Keeps drinks cold", "Insulated steel bottles for hikers"]
    assert missing_keywords(["Bottle", "hiker", "insulated", "zorbquax", "drink"], texts) == ["zorbquax"]


def test_split_keeps_every_separator() -> None:
    text = "One. Two!\n\nThree three three.  Four?\n \nFive"
    count = len  # one "token" per character
    for budget in (18, 25, 100):
        pieces = split_to_budget(text, budget, count)
        assert "".join(piece + separator for piece, separator in pieces) == text
        assert all(count(piece) <= budget for piece, _ in pieces)
    assert [piece for piece, _ in split_to_budget(text, 18, count)] == [
        "One. Two!",
        "Three three three.",
        "Four?\n \nFive",
    ]


def test_a_sentence_over_the_budget_is_refused_with_its_size() -> None:
    with pytest.raises(PieceTooLongError) as caught:
        split_to_budget("Short. " + "x" * 50 + ". End.", 20, len)
    assert (caught.value.tokens, caught.value.budget) == (51, 20)
    assert "51 tokens" in str(caught.value)


@pytest.mark.parametrize("text", ["\n\nabc", "\n\n", "abc\n\n", "\n\nabc\n\ndef\n\n"])
def test_split_keeps_leading_and_trailing_blank_lines(text: str) -> None:
    pieces = split_to_budget(text, 1, lambda piece: len(piece.split()))
    assert "".join(piece + separator for piece, separator in pieces) == text
