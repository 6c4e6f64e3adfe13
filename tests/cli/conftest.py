"""Fixtures for the command-line tests: the session's engine lent to the command."""

from __future__ import annotations

import pytest

from app.core.engine.llama_engine import LlamaEngine
from tests.cli.translate_helpers import lend
from tests.core.tasks.helpers import LentEngine


@pytest.fixture
def session_engine(engine: LlamaEngine, monkeypatch: pytest.MonkeyPatch) -> LlamaEngine:
    """The command runs on the session's engine (lent, so the command's end does not close it)."""
    lend(monkeypatch, LentEngine(engine))
    return engine
