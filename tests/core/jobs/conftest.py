"""Fixtures for the job tests: a fresh translation memory in the test's folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.translation.memory import TranslationMemory


@pytest.fixture
def memory(tmp_path: Path) -> Iterator[TranslationMemory]:
    opened = TranslationMemory(tmp_path / "memory.sqlite")
    yield opened
    opened.close()
