"""Fixtures for the translation tests: a fresh translation memory file in the test's folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.translation.memory import TranslationMemory


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "memory" / "tm.sqlite"


@pytest.fixture
def memory(path: Path) -> Iterator[TranslationMemory]:
    with TranslationMemory(path) as opened:
        yield opened
