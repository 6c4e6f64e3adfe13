"""Deterministic stand-ins for a translator, for the structure tests of the text-like formats.

They stand in for the model only where the model's output is not what is tested: these tests check what a
format does with whatever text comes back (the real model's part is tested in the translation tests).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.formats.document import TranslatableDocument, Translation

Fake = Callable[[str], str]
TranslateAll = Callable[[TranslatableDocument, Fake], dict[str, Translation]]

# What the translation step protects: code, tags, link targets, URLs, e-mail addresses, numbers.
_PROTECTED = re.compile(r"`[^`]*`|<[^>]+>|\]\([^)]*\)|\]\[[^\]]*\]|https?://[^\s)>\]]+|[\w.-]+@[\w.-]+|\d+")


def shout_text(text: str) -> str:
    """Upper case, marked at both ends: every change stays visible, nothing is protected."""
    return f"«{text.upper()}»"


def keep_markup_text(text: str) -> str:
    """Upper case outside the protected spans, as a good translation keeps markup, URLs and numbers."""
    pieces: list[str] = []
    cursor = 0
    for match in _PROTECTED.finditer(text):
        pieces.append(text[cursor : match.start()].upper())
        pieces.append(match.group())
        cursor = match.end()
    pieces.append(text[cursor:].upper())
    return f"«{''.join(pieces)}»"


@pytest.fixture
def samples() -> Path:
    return Path(__file__).parent / "samples"


@pytest.fixture
def translate_all() -> TranslateAll:
    def run(document: TranslatableDocument, fake: Fake) -> dict[str, Translation]:
        return {segment.key: Translation(fake(segment.text)) for segment in document.segments}

    return run


@pytest.fixture
def shout() -> Fake:
    return shout_text


@pytest.fixture
def keep_markup() -> Fake:
    return keep_markup_text
