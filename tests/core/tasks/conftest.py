"""Fixtures for the task tests: the built-in tasks and a small-context engine for overflow paths."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.engine.llama_engine import LlamaEngine, LoadOptions
from app.core.tasks.definitions import TaskDefinition
from app.core.tasks.library import load_builtin_tasks

SMALL_CONTEXT = 512


@pytest.fixture(scope="session")
def builtin() -> dict[str, TaskDefinition]:
    return {task.id: task for task in load_builtin_tasks()}


@pytest.fixture(scope="session")
def small_engine(starter_model_path: Path) -> Iterator[LlamaEngine]:
    """The real model with a 512-token context: long inputs overflow it after a few sentences."""
    loaded = LlamaEngine.load(starter_model_path, LoadOptions(context_size=SMALL_CONTEXT))
    yield loaded
    loaded.close()
