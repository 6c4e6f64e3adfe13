"""The streaming JSON string extractor agrees with ``json.loads`` however the text is split."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from app.core.tasks.json_stream import JsonTextStream

ALPHABET = (
    "abcxyz ABC 0123 .,:;{}[]\"\\/'\n\t\r\b\f"  # JSON syntax characters inside strings, escapes
    "éüßñ€ 日本語 ¿¡ \u00a0\u2028 "  # non-ASCII, a line separator
    "😀🚀𝄞🇩🇪"  # astral characters: surrogate pairs when escaped
    "\x00\x1f\x7f"  # control characters that must be escaped
)


def strings_by_path(value: Any, path: str = "") -> dict[str, str]:
    """Every non-empty string value of a parsed document by the extractor's path (``a.0.b``)."""
    found: dict[str, str] = {}
    if isinstance(value, str):
        if value:
            found[path] = value
    elif isinstance(value, dict):
        for key, item in value.items():
            found |= strings_by_path(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found |= strings_by_path(item, f"{path}.{index}" if path else str(index))
    return found


def random_text(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))


def random_value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.choice(["str", "str", "str", "num", "lit", "list", "dict"] if depth < 3 else ["str", "num"])
    if kind == "str":
        return random_text(rng)
    if kind == "num":
        return rng.choice([0, -3, 2.5e10, 17])
    if kind == "lit":
        return rng.choice([True, False, None])
    if kind == "list":
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    keys = {
        "".join(rng.choice("abkey_-") for _ in range(rng.randint(1, 6))) for _ in range(rng.randint(0, 4))
    }
    return {key: random_value(rng, depth + 1) for key in sorted(keys)}


def random_document(rng: random.Random) -> str:
    value = {"title": random_text(rng), "items": random_value(rng), "nested": random_value(rng)}
    return json.dumps(value, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 0, 2]))


def feed_in_pieces(document: str, sizes: list[int]) -> dict[str, str]:
    stream = JsonTextStream()
    collected: dict[str, str] = {}
    position = 0
    for size in sizes:
        for path, delta in stream.feed(document[position : position + size]):
            assert delta, "an empty delta is noise for the UI"
            collected[path] = collected.get(path, "") + delta
        position += size
    assert position >= len(document)
    return collected


def random_splits(rng: random.Random, length: int) -> list[int]:
    sizes: list[int] = []
    while sum(sizes) < length:
        sizes.append(rng.choice([1, 1, 2, 3, 5, 8, 40]))
    return sizes


def test_a_product_answer_fed_one_character_at_a_time() -> None:
    document = json.dumps(
        {
            "title": 'Trailhead "Pro" bottle \\ 750 ml',
            "bullets": ["Cold for 24 h\nHot for 12 h", "Steel 🚀 lid", "Ünïcödé"],
            "description": "Line one.\tTabbed. \u00e9 \ud83d\ude00",
        }
    )
    assert "\\ud83d\\ude00" in document  # ensure_ascii writes the emoji as a surrogate pair
    collected = feed_in_pieces(document, [1] * len(document))
    assert collected == strings_by_path(json.loads(document))
    assert collected["bullets.1"] == "Steel 🚀 lid"


def test_paths_inside_arrays_of_objects() -> None:
    document = (
        '{"title": "T", "sections": '
        '[{"heading": "A", "points": ["a1", "a2"]}, {"heading": "B", "points": []}]}'
    )
    collected = feed_in_pieces(document, [len(document)])
    assert collected == {
        "title": "T",
        "sections.0.heading": "A",
        "sections.0.points.0": "a1",
        "sections.0.points.1": "a2",
        "sections.1.heading": "B",
    }


@pytest.mark.parametrize("seed", range(40))
def test_random_documents_in_random_pieces_match_json_loads(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(10):
        document = random_document(rng)
        expected = strings_by_path(json.loads(document))
        assert feed_in_pieces(document, [1] * len(document)) == expected, document
        assert feed_in_pieces(document, random_splits(rng, len(document))) == expected, document
        assert feed_in_pieces(document, [len(document)]) == expected, document
